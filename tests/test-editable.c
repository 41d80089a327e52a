/* test-editable.c — tests of keep-editable: the cut-out cache, local rendering and re-rendering
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "cutout-cutout-cache.h"
#include "cutout-render.h"
#include "test-queue-util.h"

/* The fixture's queue with keep-editable on and a cache in the test's
 * folder (never the user's). */
static CutoutCutoutCache *
use_editable (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "cache", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(CutoutCutoutCache) cache = cutout_cutout_cache_new (folder);

  g_object_set (f->queue, "keep-editable", TRUE, "cutout-cache", cache, NULL);
  g_assert_true (cutout_queue_get_cutout_cache (f->queue) == cache);
  return cache;
}

static void
set_options (CutoutQueue  *queue,
             CutoutFormat  format,
             gint64        width,
             const char   *bg_color,
             double        angle)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();

  options->format = format;
  options->width = width;
  options->angle = angle;
  cutout_options_set_bg_color (options, bg_color);
  cutout_queue_set_options (queue, options);
}

/* Adds @paths (NULL-terminated) and runs the batch to its end. */
static void
run_files (Fixture    *f,
           const char *first,
           ...)
{
  GList *files = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *path = first; path != NULL; path = va_arg (ap, const char *))
    files = g_list_append (files, g_file_new_for_path (path));
  va_end (ap);

  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
}

static void
add_file (Fixture    *f,
          const char *path)
{
  GList *files = g_list_append (NULL, g_file_new_for_path (path));

  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);
}

static gboolean
not_preparing (gpointer data)
{
  gboolean preparing = TRUE;

  g_object_get (data, "preparing", &preparing, NULL);
  return !preparing;
}

/* The exact forecast, once every job has been checked and hashed. */
static guint
checked_forecast (Fixture *f)
{
  guint unchecked = 1, forecast;

  cutout_queue_prepare (f->queue);
  wait_until (not_preparing, f->queue, 10000);
  forecast = cutout_queue_forecast (f->queue, &unchecked);
  g_assert_cmpuint (unchecked, ==, 0);
  return forecast;
}

static char *
hash_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The request's form fields, exactly. */
static void
assert_fields (CutoutFakeRequest *request,
               const char        *first_name,
               ...)
{
  va_list ap;
  guint n = 0;

  va_start (ap, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      g_assert_cmpstr (g_hash_table_lookup (request->fields, name), ==, value);
      n++;
    }
  va_end (ap);
  g_assert_cmpuint (g_hash_table_size (request->fields), ==, n);
}

/* @path decodes as @type (a gdk-pixbuf format name), @width × @height,
 * and its four corners are opaque and close to @r/@g/@b (WebP is lossy). */
static void
assert_output (const char *path,
               const char *type,
               int         width,
               int         height,
               guint8      r,
               guint8      g,
               guint8      b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *format_name = NULL;
  GdkPixbufFormat *format;
  int w = 0, h = 0;
  const int xs[] = { 0, width - 1 };
  const int ys[] = { 0, height - 1 };

  format = gdk_pixbuf_get_file_info (path, &w, &h);
  g_assert_nonnull (format);
  format_name = gdk_pixbuf_format_get_name (format);
  g_assert_cmpstr (format_name, ==, type);
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        const guint8 *px = gdk_pixbuf_read_pixels (pixbuf) + ys[j] * gdk_pixbuf_get_rowstride (pixbuf) +
                           xs[i] * gdk_pixbuf_get_n_channels (pixbuf);

        if (gdk_pixbuf_get_has_alpha (pixbuf))
          g_assert_cmpuint (px[3], ==, 255);
        g_assert_cmpint (ABS (px[0] - r), <=, 12);
        g_assert_cmpint (ABS (px[1] - g), <=, 12);
        g_assert_cmpint (ABS (px[2] - b), <=, 12);
      }
}

static gboolean
bytes_equal_file (GBytes     *bytes,
                  const char *path)
{
  g_autoptr(GBytes) now = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  now = g_file_load_bytes (file, NULL, NULL, NULL);
  return now != NULL && g_bytes_equal (bytes, now);
}

/* 1 and 2: the service gets format=png only; the options are applied
 * here; the same image again costs nothing, whatever its options. */
static void
test_editable_request (Fixture       *f,
                       gconstpointer  data)
{
  CutoutCutoutCache *cache = use_editable (f);
  g_autofree char *input = cutout_test_write_image (f->in, "wide.png", 80, 40, "png");
  g_autofree char *copy = cutout_test_write_image (f->in, "again.png", 80, 40, "png");
  g_autofree char *hash = hash_of (input);
  g_autofree char *expected = g_build_filename (f->out, "wide-cutout.webp", NULL);
  g_autofree char *expected2 = g_build_filename (f->out, "again-cutout.png", NULL);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GFile) cached = NULL;
  g_autoptr(GdkPixbuf) cutout = NULL;
  g_autoptr(GError) error = NULL;
  CutoutRenderGeometry geometry;
  CutoutFakeRequest *request;
  GPtrArray *requests;
  g_autofree char *hash_copy = hash_of (copy);

  g_assert_cmpstr (hash, ==, hash_copy);
  set_options (f->queue, CUTOUT_FORMAT_WEBP, 100, "red", 90);
  options->width = 100;
  options->angle = 90;
  cutout_render_get_geometry (80, 40, options, &geometry);
  /* 80 × 40 resized to w=100 is 100 × 50; 90° with expand swaps them. */
  g_assert_cmpint (geometry.width, ==, 50);
  g_assert_cmpint (geometry.height, ==, 100);

  run_files (f, input, NULL);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 1);

  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
  request = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (request->path, ==, "/rmbg");
  assert_fields (request, "format", "png", NULL);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);

  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (get_job (f->queue, 0))), ==, expected);
  assert_output (expected, "webp", 50, 100, 255, 0, 0);

  /* The cache holds the bare cut-out: full size, transparent corners. */
  g_assert_true (cutout_cutout_cache_contains (cache, hash));
  cached = cutout_cutout_cache_lookup (cache, hash);
  g_assert_nonnull (cached);
  assert_cutout (cached, 80, 40);
  cutout = cutout_cutout_cache_load (cache, hash, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (cutout), ==, 80);
  g_assert_cmpuint (cutout_cutout_cache_get_size (cache), >, 0);

  /* 2: the same bytes under another name, other options: no request. */
  set_options (f->queue, CUTOUT_FORMAT_PNG, 0, "blue", 0);
  add_file (f, copy);
  g_assert_cmpuint (checked_forecast (f), ==, 0);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
  g_assert_cmpint (cutout_job_get_state (get_job (f->queue, 1)), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (get_job (f->queue, 1))), ==, expected2);
  assert_output (expected2, "png", 80, 40, 0, 0, 255);
  g_assert_cmpuint (cutout_job_get_attempts (get_job (f->queue, 1)), ==, 0);
  assert_no_temp_files (f->dir);
}

static void
rerender_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cutout_queue_rerender_finish (CUTOUT_QUEUE (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
file_is_set (gpointer data)
{
  return *(GFile **) data != NULL;
}

/* 3: a done job re-rendered with a new color: no request, a new file
 * beside the old one (ADD_NUMBER), the old one untouched; NOT_CACHED once
 * the cache is cleared. */
static void
test_rerender (Fixture       *f,
               gconstpointer  data)
{
  CutoutCutoutCache *cache = use_editable (f);
  g_autofree char *input = cutout_test_write_image (f->in, "wide.png", 80, 40, "png");
  g_autofree char *old_path = g_build_filename (f->out, "wide-cutout.webp", NULL);
  g_autofree char *new_path = g_build_filename (f->out, "wide-cutout (2).webp", NULL);
  g_autofree char *png_path = g_build_filename (f->out, "wide-cutout.png", NULL);
  g_autoptr(CutoutOptions) options = NULL;
  g_autoptr(GBytes) old_bytes = NULL;
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(GFile) result = NULL;
  g_autoptr(GFile) result2 = NULL;
  g_autoptr(GFile) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) record = NULL;
  CutoutJob *job;

  set_options (f->queue, CUTOUT_FORMAT_WEBP, 100, "red", 90);
  run_files (f, input, NULL);
  job = get_job (f->queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  old_bytes = g_file_load_bytes (old_file, NULL, NULL, NULL);
  g_assert_nonnull (old_bytes);

  options = cutout_options_copy (cutout_queue_get_options (f->queue));
  cutout_options_set_bg_color (options, "#0000ff");
  cutout_queue_rerender_async (f->queue, job, options, NULL, rerender_cb, &result);
  wait_until (file_is_set, &result, 10000);

  g_assert_cmpstr (g_file_peek_path (result), ==, new_path);
  assert_output (new_path, "webp", 50, 100, 0, 0, 255);
  g_assert_true (bytes_equal_file (old_bytes, old_path));
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 1);
  g_assert_true (g_file_equal (cutout_job_get_output (job), result));
  g_assert_true (cutout_options_equal (cutout_job_get_options_override (job), options));
  record = cutout_store_get_job (f->store, cutout_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->output_path, ==, new_path);

  /* The blocking variant, to another format. */
  options->format = CUTOUT_FORMAT_PNG;
  options->angle = 0;
  result2 = cutout_queue_rerender (f->queue, job, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_file_peek_path (result2), ==, png_path);
  assert_output (png_path, "png", 100, 50, 0, 0, 255);

  cutout_cutout_cache_clear (cache);
  g_assert_cmpuint (cutout_cutout_cache_get_size (cache), ==, 0);
  none = cutout_queue_rerender (f->queue, job, options, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_NOT_CACHED);
  g_assert_cmpstr (error->message, ==, "The cut-out of “wide.png” is no longer kept on this "
                                       "computer: changing it means processing it again, for one credit.");
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 1);
  g_assert_cmpuint (count_files (f->out), ==, 3);
  assert_no_temp_files (f->dir);
}

/* 4: with room for one cut-out only, the older one goes. */
static void
test_eviction (Fixture       *f,
               gconstpointer  data)
{
  CutoutCutoutCache *cache = use_editable (f);
  g_autofree char *a = cutout_test_write_image (f->in, "a.png", 60, 60, "png");
  g_autofree char *b = cutout_test_write_image (f->in, "b.png", 64, 60, "png");
  g_autofree char *hash_a = hash_of (a);
  g_autofree char *hash_b = hash_of (b);
  guint64 size_a;

  use_png (f->queue);
  run_files (f, a, NULL);
  g_assert_true (cutout_cutout_cache_contains (cache, hash_a));
  size_a = cutout_cutout_cache_get_size (cache);
  g_assert_cmpuint (size_a, >, 0);

  /* Less than two cut-outs of about that size. */
  cutout_cutout_cache_set_limit (cache, size_a * 3 / 2);
  run_files (f, b, NULL);
  g_assert_false (cutout_cutout_cache_contains (cache, hash_a));
  g_assert_true (cutout_cutout_cache_contains (cache, hash_b));
  g_assert_cmpuint (cutout_cutout_cache_get_size (cache), <=, size_a * 3 / 2);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);

  /* a was evicted: the forecast counts it again, and a new job of it is
   * sent (and cached) again. */
  add_file (f, a);
  g_assert_cmpuint (checked_forecast (f), ==, 1);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 3);
  g_assert_true (cutout_cutout_cache_contains (cache, hash_a));
  g_assert_false (cutout_cutout_cache_contains (cache, hash_b));
}

/* The least recently *used* goes first: a lookup counts as a use. */
static void
test_cache_lru (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *cache_dir = g_build_filename (dir, "c", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (cache_dir);
  g_autoptr(CutoutCutoutCache) cache = cutout_cutout_cache_new (folder);
  g_autoptr(GError) error = NULL;
  char *hashes[3];
  GFile *sources[3];
  g_autoptr(GFile) used = NULL;
  g_autofree char *stray = g_build_filename (cache_dir, "notes.txt", NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("s%u.png", i);
      g_autofree char *path = cutout_test_write_image (dir, name, 50 + i, 50, "png");

      sources[i] = g_file_new_for_path (path);
      hashes[i] = hash_of (path);
    }

  g_assert_false (cutout_cutout_cache_store (cache, "../../etc/passwd", sources[0], NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint i = 0; i < 2; i++)
    {
      cutout_cutout_cache_store (cache, hashes[i], sources[i], NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (g_file_set_contents (stray, "not a cut-out", -1, NULL));
  /* Room for two: using 0 makes 1 the oldest. */
  cutout_cutout_cache_set_limit (cache, cutout_cutout_cache_get_size (cache) * 4 / 3);
  used = cutout_cutout_cache_lookup (cache, hashes[0]);
  g_assert_nonnull (used);
  cutout_cutout_cache_store (cache, hashes[2], sources[2], NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_cutout_cache_contains (cache, hashes[0]));
  g_assert_false (cutout_cutout_cache_contains (cache, hashes[1]));
  g_assert_true (cutout_cutout_cache_contains (cache, hashes[2]));
  g_assert_true (g_file_test (stray, G_FILE_TEST_EXISTS));

  /* Lowering the limit evicts at once; the last stored is kept even when
   * alone it is over the limit. */
  cutout_cutout_cache_set_limit (cache, 1);
  g_assert_cmpuint (cutout_cutout_cache_get_size (cache), ==, 0);
  cutout_cutout_cache_store (cache, hashes[1], sources[1], NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_cutout_cache_contains (cache, hashes[1]));
  g_assert_null (cutout_cutout_cache_load (cache, hashes[0], NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  for (guint i = 0; i < 3; i++)
    {
      g_free (hashes[i]);
      g_object_unref (sources[i]);
    }
  cutout_test_rm_rf (dir);
}

/* 5: keep-editable off sends every option, as before, and keeps nothing. */
static void
test_not_editable (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cache_dir = g_build_filename (f->dir, "cache", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (cache_dir);
  g_autoptr(CutoutCutoutCache) cache = cutout_cutout_cache_new (folder);
  g_autofree char *input = cutout_test_write_image (f->in, "wide.png", 80, 40, "png");
  g_autofree char *expected = g_build_filename (f->out, "wide-cutout.webp", NULL);
  g_autoptr(GFile) none = NULL;
  g_autoptr(GError) error = NULL;
  gboolean keep = TRUE;
  GPtrArray *requests;

  g_object_get (f->queue, "keep-editable", &keep, NULL);
  g_assert_false (keep);
  g_object_set (f->queue, "cutout-cache", cache, NULL);
  set_options (f->queue, CUTOUT_FORMAT_WEBP, 100, "red", 90);
  run_files (f, input, NULL);

  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
  assert_fields (g_ptr_array_index (requests, 0),
                 "format", "webp", "w", "100", "bg_color", "red", "angle", "90", NULL);
  /* The service's rendering gives what the local one gives (test 1). */
  assert_output (expected, "webp", 50, 100, 255, 0, 0);
  g_assert_false (g_file_test (cache_dir, G_FILE_TEST_EXISTS));

  /* Nothing was kept, so nothing can be changed for free. */
  none = cutout_queue_rerender (f->queue, get_job (f->queue, 0),
                                cutout_queue_get_options (f->queue), NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_NOT_CACHED);
}

/* The cache's key is the SHA-256 hex of the input's bytes, as GLib
 * computes it (the store keeps hashes made with GChecksum by older
 * versions): checked on files across the read size, and empty. */
static void
test_cache_hash_file (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  const gsize sizes[] = { 0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700 * 1024 + 13 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *bytes = g_malloc (MAX (sizes[i], 1));
      g_autofree char *name = g_strdup_printf ("input-%u.bin", i);
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *hash = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize j = 0; j < sizes[i]; j++)
        bytes[j] = (guint8) (j * 31 + i);
      path = cutout_test_write_bytes (dir, name, (const char *) bytes, sizes[i]);
      file = g_file_new_for_path (path);
      expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, sizes[i]);
      hash = cutout_cutout_cache_hash_file (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hash, ==, expected);
    }

  {
    g_autoptr(GFile) missing = g_file_new_build_filename (dir, "missing.png", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *hash = cutout_cutout_cache_hash_file (missing, NULL, &error);

    g_assert_null (hash);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  cutout_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  QUEUE_ADD ("editable/request", test_editable_request);
  QUEUE_ADD ("editable/rerender", test_rerender);
  QUEUE_ADD ("editable/eviction", test_eviction);
  g_test_add_func ("/queue/editable/cache-lru", test_cache_lru);
  g_test_add_func ("/queue/editable/cache-hash-file", test_cache_hash_file);
  QUEUE_ADD ("editable/off", test_not_editable);

  return g_test_run ();
}
