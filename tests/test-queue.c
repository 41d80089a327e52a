/* test-queue.c — tests of the batch scheduler against the in-process fake server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cutout-output.h"
#include "test-queue-util.h"

/* ---- Tests --------------------------------------------------------------- */

typedef struct
{
  guint n_download_updates;
  guint n_states;
  CutoutJobState states[16];
} Progress;

/* The download only starts once the upload is complete. */
static void
download_progress_cb (CutoutJob  *job,
                      GParamSpec *pspec,
                      Progress   *progress)
{
  if (cutout_job_get_download_fraction (job) > 0.0)
    {
      g_assert_cmpfloat (cutout_job_get_upload_fraction (job), ==, 1.0);
      progress->n_download_updates++;
    }
}

static void
job_state_cb (CutoutJob  *job,
              GParamSpec *pspec,
              Progress   *progress)
{
  if (progress->n_states < G_N_ELEMENTS (progress->states))
    progress->states[progress->n_states++] = cutout_job_get_state (job);
}

static void
test_small_batch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, };
  guint n_done = 0, n_queued = 0;

  add_images (f, 3, "photo");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 3);
  g_signal_connect (get_job (f->queue, 0), "notify::download-fraction",
                    G_CALLBACK (download_progress_cb), &progress);
  g_signal_connect (get_job (f->queue, 0), "notify::state", G_CALLBACK (job_state_cb), &progress);
  g_object_get (f->queue, "n-queued", &n_queued, NULL);
  g_assert_cmpuint (n_queued, ==, 3);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_IDLE);

  cutout_queue_start (f->queue);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_RUNNING);
  wait_finished (f, 20000);

  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_FINISHED);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 3);
  g_object_get (f->queue, "n-done", &n_done, "n-queued", &n_queued, NULL);
  g_assert_cmpuint (n_done, ==, 3);
  g_assert_cmpuint (n_queued, ==, 0);
  g_signal_handlers_disconnect_by_data (get_job (f->queue, 0), &progress);

  /* Uploading, then processing (the service has it all), then downloading, then done. */
  g_assert_cmpuint (progress.n_download_updates, >=, 1);
  g_assert_cmpuint (progress.n_states, ==, 4);
  g_assert_cmpint (progress.states[0], ==, CUTOUT_JOB_STATE_UPLOADING);
  g_assert_cmpint (progress.states[1], ==, CUTOUT_JOB_STATE_PROCESSING);
  g_assert_cmpint (progress.states[2], ==, CUTOUT_JOB_STATE_DOWNLOADING);
  g_assert_cmpint (progress.states[3], ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 3);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      CutoutJob *job = get_job (f->queue, i);
      g_autofree char *expected = g_strdup_printf ("%s/photo%03u-cutout.webp", f->out, i);
      g_autofree char *path = g_file_get_path (cutout_job_get_output (job));
      g_autoptr(CutoutJobRecord) record = NULL;
      g_autoptr(GPtrArray) attempts = NULL;
      CutoutAttemptRecord *attempt;

      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpstr (path, ==, expected);
      assert_cutout (cutout_job_get_output (job), 40 + i, 40);
      g_assert_cmpuint (cutout_job_get_attempts (job), ==, 1);
      g_assert_null (cutout_job_get_error (job));
      g_assert_cmpint (cutout_job_get_width (job), ==, 40 + i);
      g_assert_cmpint (cutout_job_get_bytes_in (job), >, 0);
      g_assert_cmpint (cutout_job_get_bytes_out (job), >, 0);
      g_assert_cmpint (cutout_job_get_created (job), >, 0);
      g_assert_cmpint (cutout_job_get_started (job), >=, cutout_job_get_created (job));
      g_assert_cmpint (cutout_job_get_finished (job), >=, cutout_job_get_started (job));
      g_assert_cmpfloat (cutout_job_get_upload_fraction (job), ==, 1.0);

      /* The history has it, with its one attempt. */
      record = cutout_store_get_job (f->store, cutout_job_get_id (job), &error);
      g_assert_no_error (error);
      g_assert_cmpint (record->state, ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpstr (record->output_path, ==, expected);
      g_assert_cmpint (record->http_status, ==, 200);
      g_assert_cmpint (record->attempts, ==, 1);
      g_assert_cmpuint (strlen (record->content_hash), ==, 64);
      g_assert_cmpstr (record->options, ==, "format=webp");
      g_assert_cmpint (record->finished_us, >, 0);
      attempts = list_attempts (f, job);
      g_assert_cmpuint (attempts->len, ==, 1);
      attempt = g_ptr_array_index (attempts, 0);
      g_assert_cmpint (attempt->http_status, ==, 200);
      g_assert_null (attempt->error_message);
      g_assert_false (attempt->possibly_charged);
      g_assert_cmpint (attempt->finished_us, >=, attempt->started_us);
    }

  g_assert_cmpuint (count_files (f->out), ==, 3);
  assert_no_temp_files (f->out);
  g_assert_cmpuint (f->n_finished, ==, 1);
}

/* The same bytes with the same options cost one request, ever. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *a = cutout_test_write_image (f->in, "a.png", 48, 48, "png");
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GFile) file_a = g_file_new_for_path (a);
  g_autoptr(GFile) file_copy = NULL;
  GList *files = NULL;
  CutoutJob *first, *second, *third;
  g_autofree char *path = NULL;

  g_assert_true (g_file_get_contents (a, &contents, &len, NULL));
  copy = cutout_test_write_bytes (f->in, "b.png", contents, len);
  file_copy = g_file_new_for_path (copy);

  use_png (f->queue);
  files = g_list_append (files, file_a);
  files = g_list_append (files, file_a);
  files = g_list_append (files, file_copy);
  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free (files);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  first = get_job (f->queue, 0);
  second = get_job (f->queue, 1);
  third = get_job (f->queue, 2);
  g_assert_cmpint (cutout_job_get_state (first), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpint (cutout_job_get_state (second), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpint (cutout_job_get_state (third), ==, CUTOUT_JOB_STATE_DONE);
  /* Whichever of the three got there first paid; the others did not. */
  g_assert_cmpuint (cutout_job_get_attempts (first) + cutout_job_get_attempts (second) +
                    cutout_job_get_attempts (third), ==, 1);
  for (guint i = 0; i < 3; i++)
    if (cutout_job_get_attempts (get_job (f->queue, i)) == 0)
      g_assert_nonnull (strstr (cutout_job_get_note (get_job (f->queue, i)), "no credit used"));
  /* The same input again: its result is where it would go, reused. */
  g_assert_true (g_file_equal (cutout_job_get_output (first), cutout_job_get_output (second)));
  /* A copy under another name: the result copied to its own name. */
  path = g_file_get_path (cutout_job_get_output (third));
  g_assert_true (g_str_has_suffix (path, "/b-cutout.png"));
  assert_cutout (cutout_job_get_output (third), 48, 48);
  g_assert_cmpuint (count_files (f->out), ==, 2);

  /* A second batch (a new queue on the same store) finds it in the history. */
  {
    g_autoptr(CutoutQueue) queue = fixture_new_queue (f);
    GList *again = g_list_append (NULL, file_a);
    CutoutJob *job;

    use_png (queue);
    cutout_queue_add_files (queue, again, NULL);
    g_list_free (again);
    cutout_queue_start (queue);
    wait_finished (f, 20000);
    job = get_job (queue, 0);
    g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
    g_assert_true (g_file_equal (cutout_job_get_output (job), cutout_job_get_output (first)));
    g_assert_cmpuint (cutout_job_get_attempts (job), ==, 0);
    g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  }
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
  assert_no_temp_files (f->out);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_removed)
{
  *n_removed += removed;
}

static void
test_controls (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CutoutJob *job0, *job1, *job2, *job3, *job4;
  guint n_removed = 0;

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 1, NULL);
  cutout_fake_server_set_latency (f->server, 300);
  add_images (f, 5, "ctl");
  job0 = get_job (f->queue, 0);
  job1 = get_job (f->queue, 1);
  job2 = get_job (f->queue, 2);
  job3 = get_job (f->queue, 3);
  job4 = get_job (f->queue, 4);
  g_signal_connect (f->queue, "items-changed", G_CALLBACK (items_changed_cb), &n_removed);

  /* Pause: the request in flight finishes, nothing new starts. */
  cutout_queue_start (f->queue);
  wait_until (job_is_active, job0, 10000);
  cutout_queue_pause (f->queue);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_PAUSED);
  spin (800);
  g_assert_cmpint (cutout_job_get_state (job0), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpint (cutout_job_get_state (job1), ==, CUTOUT_JOB_STATE_QUEUED);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  g_assert_false (f->finished);

  /* Cancel a queued job: at once. */
  cutout_queue_cancel (f->queue, job2);
  g_assert_cmpint (cutout_job_get_state (job2), ==, CUTOUT_JOB_STATE_CANCELLED);

  /* Remove a queued job. */
  g_assert_true (cutout_queue_remove (f->queue, job3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 4);

  /* Resume; cancel the job in flight while the service works on it. */
  cutout_queue_resume (f->queue);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_RUNNING);
  wait_until (job_is_processing, job1, 10000);
  g_assert_false (cutout_queue_remove (f->queue, job1, &error));
  g_assert_error (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_BUSY);
  g_clear_error (&error);
  cutout_queue_cancel (f->queue, job1);
  wait_finished (f, 10000);

  g_assert_cmpint (cutout_job_get_state (job1), ==, CUTOUT_JOB_STATE_CANCELLED);
  g_assert_null (cutout_job_get_output (job1));
  g_assert_cmpint (cutout_job_get_state (job4), ==, CUTOUT_JOB_STATE_DONE);
  assert_no_temp_files (f->out);
  g_assert_cmpuint (count_files (f->out), ==, 2);

  /* Retry the cancelled ones: they go again and finish. */
  g_assert_true (cutout_queue_retry (f->queue, job1));
  g_assert_true (cutout_queue_retry (f->queue, job2));
  g_assert_false (cutout_queue_retry (f->queue, job0));
  cutout_queue_start (f->queue);
  wait_finished (f, 10000);
  g_assert_cmpint (cutout_job_get_state (job1), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpint (cutout_job_get_state (job2), ==, CUTOUT_JOB_STATE_DONE);
  assert_cutout (cutout_job_get_output (job2), 42, 40);

  /* A 400 the preflight could not foresee fails that job only; retry-failed brings it back. */
  cutout_fake_server_set_latency (f->server, 0);
  add_images_from (f, 2, "later", 10);
  cutout_fake_server_fail_next (f->server, 1, 400, FALSE, -1);
  cutout_queue_start (f->queue);
  wait_finished (f, 10000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_FAILED), ==, 1);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 5);
  g_assert_cmpuint (cutout_queue_retry_failed (f->queue), ==, 1);
  cutout_queue_start (f->queue);
  wait_finished (f, 10000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 6);

  /* Cancel everything while it runs. */
  cutout_fake_server_set_latency (f->server, 300);
  add_images_from (f, 3, "cancel-all", 20);
  cutout_queue_start (f->queue);
  wait_until (job_is_active, get_job (f->queue, 6), 10000);
  cutout_queue_cancel_all (f->queue);
  wait_finished (f, 10000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_CANCELLED), ==, 3);
  assert_no_temp_files (f->out);

  /* Clearing the finished rows empties the queue (and the live queue). */
  g_assert_cmpuint (cutout_queue_clear_finished (f->queue), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  {
    g_autoptr(GPtrArray) live = cutout_store_queue_load (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (live->len, ==, 0);
  }
}

static gboolean
not_preparing (gpointer data)
{
  gboolean preparing;

  g_object_get (data, "preparing", &preparing, NULL);
  return !preparing;
}

static CutoutMembership *
membership_with (gint64 remaining)
{
  g_autofree char *json = g_strdup_printf ("{\"membership\": \"Test\", \"credits\": %" G_GINT64_FORMAT ","
                                           " \"prepaidCredits\": 0, \"app_usage\": 0, \"api_usage\": 0}",
                                           remaining);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  CutoutMembership *membership;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  membership = cutout_membership_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return membership;
}

/* Valid, invalid and duplicate files: the forecast becomes exact. */
static void
test_forecast (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(CutoutMembership) enough = membership_with (3);
  g_autoptr(CutoutMembership) short_by_one = membership_with (2);
  GList *files;
  guint unchecked = 0;
  gint64 shortfall = -1;
  gsize len;

  use_png (f->queue);

  /* An earlier batch already made d's result. */
  files = make_images (f, 1, "d", 3);
  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_queue_clear_finished (f->queue), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);

  /* a, b, c distinct; a copy of a; a text file; an empty PNG; d again. */
  files = make_images (f, 3, "abc", 0);
  g_assert_true (g_file_get_contents (g_file_peek_path (files->data), &contents, &len, NULL));
  copy = cutout_test_write_bytes (f->in, "a-copy.png", contents, len);
  bad = cutout_test_write_bytes (f->in, "notes.txt", "hello", 5);
  empty = cutout_test_write_bytes (f->in, "empty.png", "", 0);
  files = g_list_append (files, g_file_new_for_path (copy));
  files = g_list_append (files, g_file_new_for_path (bad));
  files = g_list_append (files, g_file_new_for_path (empty));
  files = g_list_concat (files, make_images (f, 1, "d", 3));
  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);

  /* Nothing checked yet: each counts as one. */
  g_assert_cmpuint (cutout_queue_forecast (f->queue, &unchecked), ==, 7);
  g_assert_cmpuint (unchecked, ==, 7);

  cutout_queue_prepare (f->queue);
  wait_until (not_preparing, f->queue, 20000);
  spin (20);

  g_assert_cmpuint (cutout_queue_forecast (f->queue, &unchecked), ==, 3);
  g_assert_cmpuint (unchecked, ==, 0);
  {
    guint forecast, forecast_unchecked;

    g_object_get (f->queue, "forecast", &forecast, "forecast-unchecked", &forecast_unchecked, NULL);
    g_assert_cmpuint (forecast, ==, 3);
    g_assert_cmpuint (forecast_unchecked, ==, 0);
  }

  /* The invalid files are refused at once, in the service's words. */
  g_assert_cmpint (cutout_job_get_state (get_job (f->queue, 4)), ==, CUTOUT_JOB_STATE_FAILED);
  g_assert_cmpstr (cutout_job_get_error (get_job (f->queue, 4))->message, ==,
                   "File type '.txt' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  g_assert_error (cutout_job_get_error (get_job (f->queue, 5)), CUTOUT_API_ERROR, CUTOUT_API_ERROR_EMPTY_FILE);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);

  g_assert_true (cutout_queue_forecast_is_covered (f->queue, enough, &shortfall));
  g_assert_cmpint (shortfall, ==, 0);
  g_assert_false (cutout_queue_forecast_is_covered (f->queue, short_by_one, &shortfall));
  g_assert_cmpint (shortfall, ==, 1);

  /* And the forecast was right. */
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1 + 3);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 5);
  g_assert_cmpuint (cutout_queue_forecast (f->queue, NULL), ==, 0);
}

/* With 3 credits left and a threshold of 1, two jobs run, then it pauses. */
static void
test_low_credit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CutoutMembership) membership = membership_with (3);
  gboolean low = FALSE;

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 1, "low-credit-threshold", (gint64) 1, NULL);
  cutout_queue_set_membership (f->queue, membership);
  g_assert_cmpint (cutout_queue_get_credits_remaining (f->queue), ==, 3);
  add_images (f, 4, "credit");
  cutout_queue_start (f->queue);
  wait_until (first_done, f->queue, 20000);
  spin (300);

  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_PAUSED);
  g_object_get (f->queue, "low-credit-paused", &low, NULL);
  g_assert_true (low);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 2);
  g_assert_cmpint (cutout_queue_get_credits_remaining (f->queue), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);

  /* The user decides to go on anyway. */
  g_object_set (f->queue, "low-credit-threshold", (gint64) 0, NULL);
  cutout_queue_resume (f->queue);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 4);
}

/* A TIFF is converted locally; with conversion off it is refused. */
static void
test_convert (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *tiff = cutout_test_write_image (f->in, "scan.tiff", 60, 40, "tiff");
  g_autoptr(GFile) file = g_file_new_for_path (tiff);
  GList *files = g_list_append (NULL, file);
  GPtrArray *requests;
  CutoutJob *job;

  use_png (f->queue);
  cutout_queue_add_files (f->queue, files, NULL);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  job = get_job (f->queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_nonnull (strstr (cutout_job_get_note (job), "TIFF"));
  assert_cutout (cutout_job_get_output (job), 60, 40);
  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (((CutoutFakeRequest *) g_ptr_array_index (requests, 0))->image_filename, ==, "scan.png");

  g_object_set (f->queue, "allow-convert", FALSE, NULL);
  g_object_set (f->queue, "output-folder", NULL, NULL);
  cutout_queue_add_files (f->queue, files, NULL);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  job = get_job (f->queue, 1);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
  g_assert_error (cutout_job_get_error (job), CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNSUPPORTED_TYPE);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  g_list_free (files);
}

/* SKIP decides before the request: an existing result costs nothing. */
static void
test_skip_costs_nothing (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *existing = NULL;
  CutoutJob *job;

  use_png (f->queue);
  cutout_queue_set_collision_policy (f->queue, CUTOUT_COLLISION_SKIP);
  g_mkdir (f->out, 0755);
  existing = cutout_test_write_bytes (f->out, "skip000-cutout.png", "old", 3);
  add_images (f, 1, "skip");
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  job = get_job (f->queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
  g_assert_error (cutout_job_get_error (job), CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 0);
  assert_no_temp_files (f->out);
}

/* {w}/{h} in the template are the result's size, known after download;
 * the folder structure below the source root is kept. */
static void
test_size_template (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename (f->in, "day1", NULL);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (f->in);
  g_autoptr(GFile) file = NULL;
  GList *files;
  g_autoptr(CutoutOptions) options = cutout_options_new ();

  g_mkdir (sub, 0755);
  path = cutout_test_write_image (sub, "img.png", 64, 32, "png");
  file = g_file_new_for_path (path);
  options->format = CUTOUT_FORMAT_PNG;
  options->width = 32;
  cutout_queue_set_options (f->queue, options);
  g_assert_true (cutout_queue_set_name_template (f->queue, "{name}-{w}x{h}.{ext}", &error));
  g_assert_no_error (error);
  g_assert_false (cutout_queue_set_name_template (f->queue, "{bogus}", &error));
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE);

  files = g_list_append (NULL, file);
  cutout_queue_add_files (f->queue, files, root);
  g_list_free (files);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  expected = g_build_filename (f->out, "day1", "img-32x16.png", NULL);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  assert_cutout (cutout_job_get_output (get_job (f->queue, 0)), 32, 16);
  assert_no_temp_files (f->out);
}

/* Trim crops the result to the subject (the red disc) plus the margin. */
static void
test_trim (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GFileInfo) info = NULL;
  CutoutJob *job;

  use_png (f->queue);
  g_object_set (f->queue, "trim", TRUE, "trim-margin", 2, NULL);
  add_images_from (f, 1, "trim", 24);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  /* 64 × 40: a disc of radius 10 in the middle, 20 px across, + 2 × 2. */
  job = get_job (f->queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  path = g_file_get_path (cutout_job_get_output (job));
  pixbuf = cutout_test_load_pixbuf (path);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 22);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), <=, 26);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gdk_pixbuf_get_width (pixbuf));
  /* The byte count is the trimmed file's, not the download's. */
  info = g_file_query_info (cutout_job_get_output (job), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_nonnull (info);
  g_assert_cmpint (cutout_job_get_bytes_out (job), ==, g_file_info_get_size (info));
  assert_no_temp_files (f->out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  QUEUE_ADD ("small-batch", test_small_batch);
  queue_add_fault_tests ();
  queue_add_drop_tests ();
  QUEUE_ADD ("duplicates", test_duplicates);
  QUEUE_ADD ("controls", test_controls);
  QUEUE_ADD ("forecast", test_forecast);
  QUEUE_ADD ("low-credit", test_low_credit);
  QUEUE_ADD ("convert", test_convert);
  QUEUE_ADD ("skip-costs-nothing", test_skip_costs_nothing);
  QUEUE_ADD ("size-template", test_size_template);
  QUEUE_ADD ("trim", test_trim);

  return g_test_run ();
}
