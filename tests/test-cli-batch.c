/* test-cli-batch.c — cutout-cli on the batch engine: resume, history, names, watch, dry runs
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "cutout-options.h"
#include "cutout-output.h"
#include "cutout-store.h"
#include "test-cli-util.h"

#define N_KILL_IMAGES 12

static guint
count_outputs (const char *dir,
               const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
sleep_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Killed with SIGKILL in the middle of a batch (no chance to clean up),
 * then started again with --resume: every image ends with exactly one
 * result, no temporary file is left, and the service charged at most
 * the images plus the requests that were in flight at the kill. */
static void
test_cli_kill_and_resume (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *out_photos = g_build_filename (out, "photos", NULL);
  const char *args[] = { "--jobs", "2", "-o", "out", "photos", NULL };
  const char *resume[] = { "--resume", "--json", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_auto(CliResult) result = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  guint charged, before_kill;

  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  for (guint i = 0; i < N_KILL_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%02u.png", i);
      /* Each image different, or the history would make them duplicates. */
      g_autofree char *path = cutout_test_write_image (photos, name, 300 + i, 200, "png");
    }

  proc = spawn_cli (fixture, "test-key-valid", args);
  /* Wait until a few results exist, then kill it mid-batch. */
  for (guint waited = 0; count_outputs (out_photos, ".webp") < 3 && waited < 20000; waited += 20)
    sleep_ms (20);
  before_kill = count_outputs (out_photos, ".webp");
  g_assert_cmpuint (before_kill, >=, 3);
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_test_message ("killed with %u of %u results written", before_kill, N_KILL_IMAGES);

  run_cli (fixture, "test-key-valid", resume, &result);
  g_assert_cmpint (result.status, ==, 0);

  /* Exactly one result per image, under its own name. */
  g_assert_cmpuint (count_outputs (out_photos, ".webp"), ==, N_KILL_IMAGES);
  for (guint i = 0; i < N_KILL_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%02u-cutout.webp", i);
      g_autofree char *path = g_build_filename (out_photos, name, NULL);
      assert_cutout (path, 300 + i, 200);
    }
  assert_no_temp_files (fixture->dir);

  /* The resumed run did only what was left. */
  jobs = parse_json_lines (result.out);
  g_assert_cmpuint (jobs->len, <=, N_KILL_IMAGES - before_kill + 2);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (jobs, i), "status"), ==, "done");

  charged = count_charged (fixture);
  g_test_message ("%u credits charged for %u images", charged, N_KILL_IMAGES);
  g_assert_cmpuint (charged, >=, N_KILL_IMAGES);
  g_assert_cmpuint (charged, <=, N_KILL_IMAGES + 2);
}

/* The history makes a second run of the same images free: each is
 * completed from the earlier result without a request. */
static void
test_cli_duplicates_cost_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *a = cutout_test_write_image (fixture->dir, "a.png", 64, 48, "png");
  g_autofree char *b = cutout_test_write_image (fixture->dir, "b.png", 48, 64, "png");
  const char *args[] = { "--json", "-o", "first", "a.png", "b.png", NULL };
  const char *again[] = { "--json", "-o", "second", "a.png", "b.png", NULL };
  const char *no_history[] = { "--json", "--no-history", "-o", "third", "a.png", NULL };
  g_autofree char *copy = g_build_filename (fixture->dir, "second", "a-cutout.webp", NULL);

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", args, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 2);

  {
    g_auto(CliResult) result = { 0 };
    g_autoptr(GPtrArray) jobs = NULL;

    run_cli (fixture, "test-key-valid", again, &result);
    g_assert_cmpint (result.status, ==, 0);
    jobs = parse_json_lines (result.out);
    g_assert_cmpuint (jobs->len, ==, 2);
    g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "a.png"), "status"), ==, "done");
  }
  /* No new request, and the result is in the new folder all the same. */
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 2);
  assert_cutout (copy, 64, 48);

  /* Without the history there is nothing to compare with. */
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", no_history, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 3);
}

static void
test_cli_names_and_collisions (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "shot.png", 80, 40, "png");
  const char *named[] = { "--no-history", "--format", "png", "--name", "{n}_{name}_{w}x{h}.{ext}", "shot.png", NULL };
  const char *bad_name[] = { "--name", "{name}-{nope}.{ext}", "shot.png", NULL };
  const char *skip[] = { "--no-history", "--json", "--skip-existing", "shot.png", NULL };
  const char *first[] = { "--no-history", "shot.png", NULL };
  const char *overwrite[] = { "--no-history", "--overwrite", "shot.png", NULL };
  const char *escape[] = { "--no-history", "--json", "--name", "../../{name}.{ext}", "shot.png", NULL };
  g_autofree char *named_out = g_build_filename (fixture->dir, "0001_shot_80x40.png", NULL);
  g_autofree char *default_out = g_build_filename (fixture->dir, "shot-cutout.webp", NULL);
  g_autofree char *outside = NULL;
  GStatBuf before, after;

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", named, &result);
    g_assert_cmpint (result.status, ==, 0);
    assert_cutout (named_out, 80, 40);
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", bad_name, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "{nope}"));
  }

  /* Skip: an existing result is kept and costs nothing. */
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", first, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  g_assert_cmpint (g_stat (default_out, &before), ==, 0);
  {
    g_auto(CliResult) result = { 0 };
    g_autoptr(GPtrArray) jobs = NULL;
    guint requests = count_requests (fixture, "/rmbg");

    run_cli (fixture, "test-key-valid", skip, &result);
    g_assert_cmpint (result.status, ==, 0);
    jobs = parse_json_lines (result.out);
    g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "shot.png"), "status"), ==, "skipped");
    g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, requests);
  }

  /* Overwrite: the result is replaced (atomically), no " (2)". */
  sleep_ms (20);
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", overwrite, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  g_assert_cmpint (g_stat (default_out, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  g_assert_cmpuint (count_outputs (fixture->dir, ".webp"), ==, 1);

  /* A template cannot write outside the output folder: the result is a
   * plain file name inside it. */
  {
    g_auto(CliResult) result = { 0 };
    g_autoptr(GPtrArray) jobs = NULL;
    const char *output;
    g_autofree char *parent = NULL;

    run_cli (fixture, "test-key-valid", escape, &result);
    g_assert_cmpint (result.status, ==, 0);
    jobs = parse_json_lines (result.out);
    output = json_object_get_string_member (find_job (jobs, "shot.png"), "output");
    parent = g_path_get_dirname (output);
    g_assert_cmpstr (parent, ==, fixture->dir);
    assert_cutout (output, 80, 40);
    outside = g_build_filename (fixture->dir, "..", "..", "shot.webp", NULL);
    g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  }
  assert_no_temp_files (fixture->dir);
}

static void
test_cli_trim (Fixture       *fixture,
               gconstpointer  data)
{
  /* A red disc of radius 25 in the middle of a 200 × 100 image. */
  g_autofree char *input = cutout_test_write_image (fixture->dir, "disc.png", 200, 100, "png");
  g_autofree char *output = g_build_filename (fixture->dir, "disc-cutout.png", NULL);
  const char *args[] = { "--no-history", "--format", "png", "--trim=5", "disc.png", NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);

  pixbuf = cutout_test_load_pixbuf (output);
  /* 50 px of subject plus 5 px each side, give or take the edge's
   * anti-aliasing. */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 58);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), <=, 62);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >=, 58);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), <=, 62);
}

/* --editable asks the service only for the cut-out and applies the
 * rest locally; a second look with another color costs nothing. */
static void
test_cli_editable (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "item.png", 90, 60, "png");
  g_autofree char *red_out = g_build_filename (fixture->dir, "red", "item-cutout.png", NULL);
  g_autofree char *blue_out = g_build_filename (fixture->dir, "blue", "item-cutout.png", NULL);
  const char *red[] = { "--editable", "--format", "png", "--bg-color", "red", "-o", "red", "item.png", NULL };
  const char *blue[] = { "--editable", "--format", "png", "--bg-color", "#0000ff", "-o", "blue", "item.png", NULL };
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *fields;
  const guint8 *pixels;

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", red, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  requests = read_server_log (fixture);
  g_assert_cmpuint (requests->len, ==, 1);
  fields = json_object_get_object_member (g_ptr_array_index (requests, 0), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (fields, "format"), ==, "png");

  pixbuf = cutout_test_load_pixbuf (red_out);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_assert_cmpuint (pixels[0], ==, 255);
  g_assert_cmpuint (pixels[1], ==, 0);
  g_assert_cmpuint (pixels[2], ==, 0);
  g_clear_object (&pixbuf);

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", blue, &result);
    g_assert_cmpint (result.status, ==, 0);
  }
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 1);
  pixbuf = cutout_test_load_pixbuf (blue_out);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_assert_cmpuint (pixels[0], ==, 0);
  g_assert_cmpuint (pixels[1], ==, 0);
  g_assert_cmpuint (pixels[2], ==, 255);
}

/* --watch keeps running: an image copied into the folder is processed
 * once it has settled, its result (written into the same folder) is not
 * picked up again, and Ctrl+C ends it. */
static void
test_cli_watch (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *inbox = g_build_filename (fixture->dir, "inbox", NULL);
  g_autofree char *result_path = g_build_filename (inbox, "new-cutout.webp", NULL);
  const char *args[] = { "--watch", "inbox", "--settle-ms", "200", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *image = NULL;
  guint waited;

  g_assert_cmpint (g_mkdir_with_parents (inbox, 0755), ==, 0);
  proc = spawn_cli (fixture, "test-key-valid", args);
  sleep_ms (500);

  image = cutout_test_write_image (inbox, "new.png", 60, 60, "png");
  for (waited = 0; !g_file_test (result_path, G_FILE_TEST_EXISTS) && waited < 15000; waited += 50)
    sleep_ms (50);
  g_assert_true (g_file_test (result_path, G_FILE_TEST_EXISTS));

  /* Long enough for the result to have been noticed if it were taken. */
  sleep_ms (800);
  g_subprocess_send_signal (proc, SIGINT);
  g_subprocess_wait (proc, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);

  assert_cutout (result_path, 60, 60);
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 1);
  g_assert_cmpuint (count_outputs (inbox, ".webp"), ==, 1);
}

/* Stores a finished job for @input as an earlier version would have: its
 * hash made by GLib's GChecksum, its result in @output. */
static void
store_earlier_result (Fixture    *fixture,
                      const char *input,
                      const char *output)
{
  g_autofree char *db = g_build_filename (fixture->dir, "cutout", "cutout.db", NULL);
  g_autoptr(CutoutStore) store = NULL;
  g_autoptr(CutoutJobRecord) record = cutout_job_record_new ();
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (input, &contents, &len, NULL));
  store = cutout_store_new (db, &error);
  g_assert_no_error (error);
  record->input_path = g_strdup (input);
  record->content_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  record->input_size = len;
  record->options = cutout_options_to_string (options);
  record->state = CUTOUT_JOB_STATE_DONE;
  record->output_path = g_strdup (output);
  record->finished_us = g_get_real_time ();
  g_assert_cmpint (cutout_store_insert_job (store, record, &error), >, 0);
  g_assert_no_error (error);
  cutout_store_close (store);
}

/* --dry-run over a folder: every image is checked and listed once, in
 * name order and the folder's own files before its subfolders; a file that
 * is no image is passed over; and the forecast leaves out an image queued
 * twice and one whose result the history holds, even when that was
 * hashed by an older version (GChecksum) and the file is larger than one
 * read of the hashing. Nothing is sent. */
static void
test_cli_dry_run_folder (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);
  g_autofree char *sub = g_build_filename (photos, "sub", NULL);
  g_autofree char *earlier = g_build_filename (fixture->dir, "earlier", NULL);
  const char *args[] = { "--dry-run", "photos", NULL };
  static const char *expected[] = {
    "/photos/notes.txt: skipped: File type '.txt' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg",
    "This batch will use 3 credits.",
    "/photos/a.png: ready (64 × 48)",
    "/photos/b-big.bmp: ready (400 × 300)",
    "/photos/c.jpeg: ready (50 × 40)",
    "/photos/d-copy.png: ready (64 × 48)",
    "/photos/sub/e.webp: ready (30 × 30)",
    "3 images would use 3 credits.",
  };
  g_auto(CliResult) result = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *a = NULL;
  g_autofree char *a_bytes = NULL;
  g_autofree char *big = NULL;
  g_autofree char *old_result = NULL;
  g_autofree char *tmp = NULL;
  guint n = 0;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (earlier, 0755), ==, 0);
  /* Written out of order: the listing must not follow the disk's. */
  tmp = cutout_test_write_image (sub, "e.webp", 30, 30, "webp");
  g_clear_pointer (&tmp, g_free);
  tmp = cutout_test_write_image (photos, "c.jpeg", 50, 40, "jpeg");
  g_clear_pointer (&tmp, g_free);
  a = cutout_test_write_image (photos, "a.png", 64, 48, "png");
  g_assert_true (g_file_get_contents (a, &a_bytes, &len, NULL));
  tmp = cutout_test_write_bytes (photos, "d-copy.png", a_bytes, len);
  g_clear_pointer (&tmp, g_free);
  tmp = cutout_test_write_bytes (photos, "notes.txt", "not an image\n", 13);
  g_clear_pointer (&tmp, g_free);
  /* 400 × 300 × 3 bytes uncompressed: several reads of 256 KiB. */
  big = cutout_test_write_image (photos, "b-big.bmp", 400, 300, "bmp");
  g_clear_pointer (&tmp, g_free);
  g_assert_true (g_file_get_contents (big, &tmp, &len, NULL));
  g_assert_cmpuint (len, >, 256 * 1024);
  old_result = cutout_test_write_image (earlier, "b-big-cutout.webp", 40, 30, "webp");
  store_earlier_result (fixture, big, old_result);

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);

  lines = g_strsplit (result.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* The account's credits come from the fake server: not checked here. */
      if (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "The account has"))
        continue;
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      if (expected[n][0] == '/')
        {
          g_autofree char *path = g_strconcat (fixture->dir, expected[n], NULL);
          g_assert_cmpstr (lines[i], ==, path);
        }
      else
        g_assert_cmpstr (lines[i], ==, expected[n]);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 0);
}

/* Slow enough that a kill lands in the middle of the batch. */
static const char *slow_server[] = { "--latency", "150", NULL };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add ("/cli-batch/kill-and-resume", Fixture, slow_server,
              fixture_set_up, test_cli_kill_and_resume, fixture_tear_down);
  ADD ("/cli-batch/duplicates-cost-nothing", test_cli_duplicates_cost_nothing);
  ADD ("/cli-batch/names-and-collisions", test_cli_names_and_collisions);
  ADD ("/cli-batch/trim", test_cli_trim);
  ADD ("/cli-batch/editable", test_cli_editable);
  ADD ("/cli-batch/watch", test_cli_watch);
  ADD ("/cli-batch/dry-run-folder", test_cli_dry_run_folder);

#undef ADD

  return g_test_run ();
}
