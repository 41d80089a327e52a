/* test-faults.c — the fault matrix: 100-job batches against each server fault
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-image.h"
#include "test-queue-util.h"

#define N_JOBS 100
/* Uploads this much larger are still being written when the server hangs
 * up mid-upload, so a cut upload is known not to have been received (see
 * test-queue-drops.c). */
#define PADDING (6 * 1024 * 1024)

typedef enum
{
  FAULT_UPLOAD_DROP,
  FAULT_DOWNLOAD_DROP,
  FAULT_5XX_HTML,
  FAULT_429_RETRY_AFTER,
  FAULT_429,
  FAULT_TRICKLE,
  FAULT_RESTART,
} FaultKind;

typedef struct
{
  const char *name;
  FaultKind   kind;
} FaultCase;

typedef struct
{
  Fixture         *f;
  const FaultCase *c;
  gboolean         armed;
  guint            next_arm;   /* n-done at which the fault is armed again */
  guint            n_arms;
  guint            restore_id;
} FaultRun;

static GString *matrix;

/* ---- Test images ---------------------------------------------------------- */

static guint32
png_crc (const guint8 *data,
         gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

/* A private ancillary chunk before IEND, which decoders skip. */
static void
pad_png (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *chunk = g_malloc0 (4 + PADDING);
  guint32 be;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents + len - 8, 4, "IEND", 4);
  memcpy (chunk, "pdDg", 4);
  for (gsize i = 0; i < PADDING; i++)
    chunk[4 + i] = (guint8) (i * 13 + 5);
  g_byte_array_append (out, (const guint8 *) contents, len - 12);
  be = GUINT32_TO_BE ((guint32) PADDING);
  g_byte_array_append (out, (const guint8 *) &be, 4);
  g_byte_array_append (out, chunk, 4 + PADDING);
  be = GUINT32_TO_BE (png_crc (chunk, 4 + PADDING));
  g_byte_array_append (out, (const guint8 *) &be, 4);
  g_byte_array_append (out, (const guint8 *) contents + len - 12, 12);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, &error));
  g_assert_no_error (error);
}

/* 100 distinct images in in/: img000.png is 40 px wide, img099.png 139. */
static GList *
make_distinct_images (Fixture  *f,
                      gboolean  padded)
{
  GList *files = NULL;

  for (guint i = 0; i < N_JOBS; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%03u.png", i);
      g_autofree char *path = cutout_test_write_image (f->in, name, 40 + i, 40 + i % 7, "png");

      if (padded)
        pad_png (path);
      files = g_list_append (files, g_file_new_for_path (path));
    }
  return files;
}

static guint8
alpha_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  return gdk_pixbuf_read_pixels (pixbuf)[y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4 + 3];
}

/* The output decodes to what the fake server makes of that input: the
 * same size, and the same alpha at a corner and at the centre. */
static void
assert_output_matches (GFile *input,
                       GFile *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) in_bytes = g_file_load_bytes (input, NULL, NULL, &error);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GdkPixbuf) want = NULL;
  g_autoptr(GdkPixbuf) got = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *path = g_file_get_path (output);
  FakeImageOptions options = { 0 };
  int w, h;

  g_assert_no_error (error);
  options.format = FAKE_IMAGE_PNG;
  options.expand = TRUE;
  expected = fake_image_process (in_bytes, &options, &error);
  g_assert_no_error (error);
  stream = g_memory_input_stream_new_from_bytes (expected);
  want = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  got = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);

  w = gdk_pixbuf_get_width (want);
  h = gdk_pixbuf_get_height (want);
  g_assert_cmpint (gdk_pixbuf_get_width (got), ==, w);
  g_assert_cmpint (gdk_pixbuf_get_height (got), ==, h);
  g_assert_cmpuint (alpha_at (got, 0, 0), ==, alpha_at (want, 0, 0));
  g_assert_cmpuint (alpha_at (got, w - 1, h - 1), ==, alpha_at (want, w - 1, h - 1));
  g_assert_cmpuint (alpha_at (got, w / 2, h / 2), ==, alpha_at (want, w / 2, h / 2));
  /* A real cut-out: background gone, subject kept. */
  g_assert_cmpuint (alpha_at (got, 0, 0), ==, 0);
  g_assert_cmpuint (alpha_at (got, w / 2, h / 2), ==, 255);
}

/* ---- Arming the faults ------------------------------------------------------ */

static void
arm (FaultRun *run)
{
  CutoutFakeServer *server = run->f->server;

  run->armed = TRUE;
  run->n_arms++;
  switch (run->c->kind)
    {
    case FAULT_DOWNLOAD_DROP:
      cutout_fake_server_set_drop_rate (server, 1.0);
      break;
    case FAULT_TRICKLE:
      /* A byte every 100 ms (the server's tick) against a 50 ms watchdog. */
      g_object_set (run->f->queue, "watchdog-seconds", 0.05, NULL);
      cutout_fake_server_set_trickle (server, 1);
      break;
    case FAULT_429_RETRY_AFTER:
      cutout_fake_server_fail_next (server, 2, 429, FALSE, 1);
      run->armed = FALSE;
      break;
    case FAULT_UPLOAD_DROP:
    case FAULT_5XX_HTML:
    case FAULT_429:
    case FAULT_RESTART:
    default:
      run->armed = FALSE;
      break;
    }
}

static gboolean
restore_watchdog_cb (gpointer data)
{
  FaultRun *run = data;

  run->restore_id = 0;
  if (!run->armed)
    g_object_set (run->f->queue, "watchdog-seconds", 30.0, NULL);
  return G_SOURCE_REMOVE;
}

/* A dropped answer or a tripped watchdog is noted on its job: the fault
 * is switched off at once, so that the retry of that job (which would not
 * be retried a second time) goes through. */
static void
possibly_charged_cb (CutoutJob  *job,
                     GParamSpec *pspec,
                     FaultRun   *run)
{
  if (!run->armed)
    return;
  run->armed = FALSE;
  if (run->c->kind == FAULT_DOWNLOAD_DROP)
    cutout_fake_server_set_drop_rate (run->f->server, 0.0);
  else if (run->c->kind == FAULT_TRICKLE)
    {
      cutout_fake_server_set_trickle (run->f->server, 0);
      /* The answers already trickling go on a byte a tick: the short
       * watchdog stays until each of them has tripped too. */
      g_clear_handle_id (&run->restore_id, g_source_remove);
      run->restore_id = g_timeout_add (300, restore_watchdog_cb, run);
    }
}

/* Arms the fault again every 20 done jobs (once at 50 for Retry-After). */
static void
n_done_cb (CutoutQueue *queue,
           GParamSpec  *pspec,
           FaultRun    *run)
{
  guint done = cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DONE);

  if (done < run->next_arm || run->armed)
    return;
  if (run->c->kind == FAULT_429_RETRY_AFTER)
    run->next_arm = G_MAXUINT;
  else
    run->next_arm = done + 20;
  if (done < N_JOBS - 5)
    arm (run);
}

static gboolean
server_logged_all (gpointer data)
{
  Fixture *f = data;

  return cutout_fake_server_count_requests (f->server, "/rmbg") >= total_attempts (f->queue);
}

static gboolean
done_count_reached (gpointer data)
{
  Fixture *f = data;

  return cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE) >= 20;
}

static guint
count_status (CutoutFakeServer *server,
              guint             status)
{
  GPtrArray *requests = cutout_fake_server_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (((CutoutFakeRequest *) g_ptr_array_index (requests, i))->status == status)
      n++;
  return n;
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const FaultCase *c = data;
  FaultRun run = { f, c, FALSE, 0, 0, 0 };
  GList *files = make_distinct_images (f, c->kind == FAULT_UPLOAD_DROP);
  gint64 started;
  double seconds;
  guint requests, charged, possibly, done;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 4, "max-attempts", 20, NULL);
  cutout_fake_server_set_seed (f->server, 20260 + c->kind);

  switch (c->kind)
    {
    case FAULT_UPLOAD_DROP:
      cutout_fake_server_set_upload_drop_rate (f->server, 0.1);
      break;
    case FAULT_5XX_HTML:
      cutout_fake_server_set_error_rate (f->server, 0.15, TRUE);
      break;
    case FAULT_429:
      /* A burst of four at most per 100 ms, no Retry-After: the queue
       * backs off by itself. */
      cutout_fake_server_set_rate_limit (f->server, 4, cutout_test_timeout_ms (100), -1);
      break;
    case FAULT_DOWNLOAD_DROP:
    case FAULT_429_RETRY_AFTER:
    case FAULT_RESTART:
    default:
      break;
    }

  cutout_queue_add_files (f->queue, files, NULL);
  for (guint i = 0; i < N_JOBS; i++)
    g_signal_connect (get_job (f->queue, i), "notify::possibly-charged", G_CALLBACK (possibly_charged_cb), &run);
  g_signal_connect (f->queue, "notify::n-done", G_CALLBACK (n_done_cb), &run);
  run.next_arm = c->kind == FAULT_429_RETRY_AFTER ? 50 : 20;
  arm (&run);

  started = g_get_monotonic_time ();
  cutout_queue_start (f->queue);

  if (c->kind == FAULT_RESTART)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = g_uri_parse (cutout_fake_server_get_url (f->server), G_URI_FLAGS_NONE, &error);

      g_assert_no_error (error);
      wait_until (done_count_reached, f, 60000);
      cutout_fake_server_stop (f->server);
      spin (2500);
      g_assert_true (f->saw_waiting);
      g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_FAILED), ==, 0);
      cutout_fake_server_start (f->server, g_uri_get_port (uri), &error);
      g_assert_no_error (error);
    }

  for (guint waited = 0; !f->finished && waited < 90000; waited += 50)
    spin (50);
  f->finished = FALSE;
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_signal_handlers_disconnect_by_data (f->queue, &run);
  g_clear_handle_id (&run.restore_id, g_source_remove);
  for (guint i = 0; i < N_JOBS; i++)
    g_signal_handlers_disconnect_by_data (get_job (f->queue, i), &run);

  /* Every job done, each with one output of the expected name that is
   * the fake server's cut-out of its own input. */
  done = cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE);
  for (guint i = 0; i < N_JOBS; i++)
    {
      CutoutJob *job = get_job (f->queue, i);

      if (cutout_job_get_state (job) != CUTOUT_JOB_STATE_DONE)
        g_test_message ("%s: job %u %s after %u attempts (%u possibly charged): %s", c->name, i,
                        cutout_job_state_to_string (cutout_job_get_state (job)),
                        cutout_job_get_attempts (job), cutout_job_get_possibly_charged (job),
                        cutout_job_get_error (job) != NULL ? cutout_job_get_error (job)->message : "-");
    }
  g_assert_cmpuint (done, ==, N_JOBS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, N_JOBS);
  for (guint i = 0; i < N_JOBS; i++)
    {
      CutoutJob *job = get_job (f->queue, i);
      g_autofree char *want = g_strdup_printf ("img%03u-cutout.png", i);
      g_autofree char *base = g_file_get_basename (cutout_job_get_output (job));
      g_autofree char *in_base = g_file_get_basename (cutout_job_get_input (job));
      g_autofree char *want_in = g_strdup_printf ("img%03u.png", i);
      g_autoptr(GFile) parent = g_file_get_parent (cutout_job_get_output (job));

      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpstr (in_base, ==, want_in);
      g_assert_cmpstr (base, ==, want);
      g_assert_cmpstr (g_file_peek_path (parent), ==, f->out);
      assert_output_matches (cutout_job_get_input (job), cutout_job_get_output (job));
      g_hash_table_add (expected, g_steal_pointer (&want));
    }
  dir = g_dir_open (f->out, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_hash_table_contains (expected, name));
  g_assert_cmpuint (count_files (f->out), ==, N_JOBS);
  assert_no_temp_files (f->out);
  assert_no_temp_files (f->in);

  /* The server answers a request whose client went away later: wait
   * until it has logged every attempt before counting its charges. */
  for (guint waited = 0; c->kind != FAULT_RESTART && !server_logged_all (f) && waited < 15000; waited += 50)
    spin (50);
  if (c->kind != FAULT_RESTART && !server_logged_all (f))
    g_test_message ("%s: the server logged %u requests, the jobs made %u attempts", c->name,
                    cutout_fake_server_count_requests (f->server, "/rmbg"), total_attempts (f->queue));
  requests = cutout_fake_server_count_requests (f->server, "/rmbg");
  charged = cutout_fake_server_count_charged (f->server);
  possibly = total_possibly_charged (f->queue);

  g_string_append_printf (matrix, "%-18s %5u/%-3u %8u %8u %9u %8.2f\n",
                          c->name, done, N_JOBS, requests, charged, possibly, seconds);
  g_test_message ("%s: %u done, %u requests, %u charged, %u possibly charged, %.2f s",
                  c->name, done, requests, charged, possibly, seconds);

  if (c->kind == FAULT_RESTART)
    {
      /* Attempts while the port was closed never reached a server. */
      g_assert_cmpuint (requests, >=, N_JOBS);
      g_assert_cmpuint (requests, <, total_attempts (f->queue));
      /* A request the stopped server had read but not answered may or
       * may not have been charged; the client counted it as possibly. */
      g_assert_cmpuint (charged, >=, N_JOBS);
      g_assert_cmpuint (charged, <=, N_JOBS + possibly);
    }
  else
    {
      g_assert_cmpuint (requests, ==, total_attempts (f->queue));
      g_assert_cmpuint (requests, >, N_JOBS);
      g_assert_cmpuint (charged, ==, N_JOBS + possibly);
    }

  switch (c->kind)
    {
    case FAULT_UPLOAD_DROP:
    case FAULT_5XX_HTML:
    case FAULT_429:
    case FAULT_429_RETRY_AFTER:
      g_assert_cmpuint (possibly, ==, 0);
      break;
    case FAULT_DOWNLOAD_DROP:
    case FAULT_TRICKLE:
      g_assert_cmpuint (possibly, >=, run.n_arms);
      break;
    case FAULT_RESTART:
    default:
      break;
    }
  if (c->kind == FAULT_5XX_HTML)
    {
      g_assert_cmpuint (count_status (f->server, 500), >, 0);
      g_assert_cmpuint (count_status (f->server, 502), >, 0);
      g_assert_cmpuint (count_status (f->server, 503), >, 0);
    }
  if (c->kind == FAULT_429 || c->kind == FAULT_429_RETRY_AFTER)
    g_assert_cmpuint (count_status (f->server, 429), >, 0);
  if (c->kind == FAULT_429_RETRY_AFTER)
    {
      g_assert_cmpuint (count_status (f->server, 429), ==, 4);
      /* The queue waited the second it was told, twice. */
      g_assert_cmpfloat (seconds, >=, 2.0);
    }
  g_list_free_full (files, g_object_unref);
}

static void
test_matrix (void)
{
  g_test_message ("%-18s %9s %8s %8s %9s %8s\n%s", "fault", "done", "requests", "charges",
                  "possibly", "seconds", matrix->str);
  g_assert_cmpuint (matrix->len, >, 0);
}

static const FaultCase cases[] = {
  { "upload-drop", FAULT_UPLOAD_DROP },
  { "download-drop", FAULT_DOWNLOAD_DROP },
  { "5xx-html", FAULT_5XX_HTML },
  { "429-retry-after", FAULT_429_RETRY_AFTER },
  { "429", FAULT_429 },
  { "trickle-watchdog", FAULT_TRICKLE },
  { "server-restart", FAULT_RESTART },
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  matrix = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/faults/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_fault, fixture_tear_down);
    }
  g_test_add_func ("/faults/matrix", test_matrix);
  status = g_test_run ();
  g_string_free (matrix, TRUE);
  return status;
}
