/* test-queue-faults.c — the queue under failures: of the server, the network, and the app (quit, crash)
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "test-queue-util.h"

/* 500, 502 and 503, with JSON and with HTML bodies, are retried. */
static void
test_retry_server_errors (Fixture       *f,
                          gconstpointer  data)
{
  static const guint statuses[] = { 500, 502, 503 };
  guint expected_requests = 0;

  use_png (f->queue);
  for (guint i = 0; i < G_N_ELEMENTS (statuses) * 2; i++)
    {
      g_autoptr(GList) files = make_images (f, 1, "retry", i);
      CutoutJob *job;
      g_autoptr(GPtrArray) attempts = NULL;

      cutout_fake_server_fail_next (f->server, 2, statuses[i % 3], i >= 3, -1);
      cutout_queue_add_files (f->queue, files, NULL);
      g_list_free_full (g_steal_pointer (&files), g_object_unref);
      cutout_queue_start (f->queue);
      wait_finished (f, 20000);

      job = get_job (f->queue, i);
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpuint (cutout_job_get_attempts (job), ==, 3);
      g_assert_cmpuint (cutout_job_get_possibly_charged (job), ==, 0);
      assert_cutout (cutout_job_get_output (job), 40 + i, 40);
      expected_requests += 3;
      g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, expected_requests);

      attempts = list_attempts (f, job);
      g_assert_cmpuint (attempts->len, ==, 3);
      g_assert_cmpint (((CutoutAttemptRecord *) g_ptr_array_index (attempts, 0))->http_status, ==, statuses[i % 3]);
      g_assert_nonnull (((CutoutAttemptRecord *) g_ptr_array_index (attempts, 0))->error_message);
      g_assert_cmpint (((CutoutAttemptRecord *) g_ptr_array_index (attempts, 1))->http_status, ==, statuses[i % 3]);
      g_assert_cmpint (((CutoutAttemptRecord *) g_ptr_array_index (attempts, 2))->http_status, ==, 200);
    }
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 6);

  /* Attempts are capped: 3 failures with max-attempts 3 fail the job
   * with the server's error, having sent exactly 3 requests. */
  {
    g_autoptr(GList) files = make_images (f, 1, "capped", 10);
    CutoutJob *job;

    g_object_set (f->queue, "max-attempts", 3, NULL);
    cutout_fake_server_fail_next (f->server, 5, 503, FALSE, -1);
    cutout_queue_add_files (f->queue, files, NULL);
    g_list_free_full (g_steal_pointer (&files), g_object_unref);
    cutout_queue_start (f->queue);
    wait_finished (f, 20000);

    job = get_job (f->queue, 6);
    g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
    g_assert_error (cutout_job_get_error (job), CUTOUT_API_ERROR, CUTOUT_API_ERROR_SERVER_ERROR);
    g_assert_cmpuint (cutout_api_error_get_http_status (cutout_job_get_error (job)), ==, 503);
    g_assert_cmpuint (cutout_job_get_attempts (job), ==, 3);
    g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, expected_requests + 3);
    g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 6);
    g_assert_null (cutout_job_get_output (job));
  }
  assert_no_temp_files (f->out);
}

static void
stop_dropping_cb (CutoutJob   *job,
                  GParamSpec  *pspec,
                  Fixture     *f)
{
  if (cutout_job_get_possibly_charged (job) == 1)
    cutout_fake_server_set_drop_rate (f->server, 0.0);
}

static gboolean
server_logged_2 (gpointer data)
{
  return cutout_fake_server_count_requests (data, "/rmbg") >= 2;
}

/* An answer lost after the image was sent may have cost a credit: it is
 * sent again once, and recorded as possibly charged. */
static void
test_dropped_retried_once (Fixture       *f,
                           gconstpointer  data)
{
  CutoutJob *job;
  g_autoptr(GPtrArray) attempts = NULL;
  GPtrArray *requests;
  CutoutAttemptRecord *first;

  use_png (f->queue);
  add_images (f, 1, "drop");
  job = get_job (f->queue, 0);
  g_signal_connect (job, "notify::possibly-charged", G_CALLBACK (stop_dropping_cb), f);
  cutout_fake_server_set_drop_rate (f->server, 1.0);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpuint (cutout_job_get_attempts (job), ==, 2);
  g_assert_cmpuint (cutout_job_get_possibly_charged (job), ==, 1);
  assert_cutout (cutout_job_get_output (job), 40, 40);

  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
  g_assert_true (((CutoutFakeRequest *) g_ptr_array_index (requests, 0))->dropped);
  g_assert_false (((CutoutFakeRequest *) g_ptr_array_index (requests, 1))->dropped);
  /* Every charge is a result or a recorded possibly-charged attempt. */
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==,
                    cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE) + total_possibly_charged (f->queue));

  attempts = list_attempts (f, job);
  g_assert_cmpuint (attempts->len, ==, 2);
  first = g_ptr_array_index (attempts, 0);
  g_assert_true (first->possibly_charged);
  g_assert_nonnull (first->error_message);
  g_assert_false (((CutoutAttemptRecord *) g_ptr_array_index (attempts, 1))->possibly_charged);
  assert_no_temp_files (f->out);

  /* Lost twice: not sent a third time. */
  {
    CutoutJob *second;

    g_signal_handlers_disconnect_by_func (job, stop_dropping_cb, f);
    GList *files = make_images (f, 1, "drop-again", 5);

    cutout_fake_server_set_drop_rate (f->server, 1.0);
    cutout_queue_add_files (f->queue, files, NULL);
    g_list_free_full (files, g_object_unref);
    second = get_job (f->queue, 1);
    cutout_queue_start (f->queue);
    wait_finished (f, 20000);

    g_assert_cmpint (cutout_job_get_state (second), ==, CUTOUT_JOB_STATE_FAILED);
    g_assert_error (cutout_job_get_error (second), CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_POSSIBLY_CHARGED);
    g_assert_cmpuint (cutout_job_get_attempts (second), ==, 2);
    g_assert_cmpuint (cutout_job_get_possibly_charged (second), ==, 2);
    g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 4);
    g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==,
                      1 + total_possibly_charged (f->queue));
  }
  assert_no_temp_files (f->out);
}

static void
test_dropped_no_retry (Fixture       *f,
                       gconstpointer  data)
{
  CutoutJob *job;
  const GError *error;

  g_object_set (f->queue, "retry-possibly-charged", FALSE, NULL);
  use_png (f->queue);
  add_images (f, 1, "drop");
  job = get_job (f->queue, 0);
  cutout_fake_server_set_drop_rate (f->server, 1.0);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
  error = cutout_job_get_error (job);
  g_assert_error (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_POSSIBLY_CHARGED);
  g_assert_nonnull (strstr (error->message, "may have charged a credit"));
  g_assert_nonnull (strstr (error->message, "not sent again automatically"));
  g_assert_cmpuint (cutout_job_get_attempts (job), ==, 1);
  g_assert_cmpuint (cutout_job_get_possibly_charged (job), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
  g_assert_null (cutout_job_get_output (job));
  assert_no_temp_files (f->out);

  /* The user may ask for it again; then it is sent once more. */
  cutout_fake_server_set_drop_rate (f->server, 0.0);
  g_assert_true (cutout_queue_retry (f->queue, job));
  g_assert_null (cutout_job_get_error (job));
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
}

/* 429 "too quickly" with Retry-After: 1: the whole queue waits a second. */
static void
test_too_fast_retry_after (Fixture       *f,
                           gconstpointer  data)
{
  gint64 limited_at = 0;
  guint n_after = 0;
  guint n_attempts = 0;

  g_object_set (f->queue, "max-in-flight", 1, NULL);
  use_png (f->queue);
  add_images (f, 4, "fast");
  cutout_fake_server_fail_next (f->server, 1, 429, FALSE, 1);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_true (f->saw_waiting);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 4);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 5);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 4);

  /* Find when the 429 came, then check that no request of any job started
   * within the next second. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GPtrArray) attempts = list_attempts (f, get_job (f->queue, i));

      for (guint j = 0; j < attempts->len; j++)
        {
          CutoutAttemptRecord *attempt = g_ptr_array_index (attempts, j);

          if (attempt->http_status == 429)
            {
              g_assert_cmpint (limited_at, ==, 0);
              limited_at = attempt->finished_us;
            }
        }
    }
  g_assert_cmpint (limited_at, >, 0);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GPtrArray) attempts = list_attempts (f, get_job (f->queue, i));

      for (guint j = 0; j < attempts->len; j++)
        {
          CutoutAttemptRecord *attempt = g_ptr_array_index (attempts, j);

          n_attempts++;
          if (attempt->http_status == 429)
            continue;
          if (attempt->started_us > limited_at - 1000)
            {
              g_assert_cmpint (attempt->started_us - limited_at, >=, G_USEC_PER_SEC);
              n_after++;
            }
        }
    }
  /* The limited job and every job after it waited. */
  g_assert_cmpuint (n_after, >=, 4);
  g_assert_cmpuint (n_attempts, ==, 5);
  g_assert_cmpuint (total_attempts (f->queue), ==, 5);
  g_assert_null (cutout_queue_get_wait_error (f->queue));
}

static void
test_too_fast_backoff (Fixture       *f,
                       gconstpointer  data)
{
  CutoutJob *job;

  use_png (f->queue);
  add_images (f, 2, "fast");
  cutout_fake_server_fail_next (f->server, 3, 429, FALSE, -1);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_true (f->saw_waiting);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 2);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 5);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 2);
  job = get_job (f->queue, 0);
  g_assert_null (cutout_job_get_error (job));
  assert_cutout (cutout_job_get_output (job), 40, 40);
}

static void
watchdog_tripped_cb (CutoutJob  *job,
                     GParamSpec *pspec,
                     Fixture    *f)
{
  if (cutout_job_get_possibly_charged (job) != 1)
    return;
  /* The next request is served normally. */
  cutout_fake_server_set_trickle (f->server, 0);
  cutout_fake_server_set_latency (f->server, 0);
  g_object_set (f->queue, "watchdog-seconds", 30.0, NULL);
}

/* A trickled answer (a slice every 100 ms) trips a 50 ms watchdog. */
static void
test_watchdog_trickle (Fixture       *f,
                       gconstpointer  data)
{
  CutoutJob *job;
  g_autoptr(GPtrArray) attempts = NULL;
  CutoutAttemptRecord *tripped;

  use_png (f->queue);
  g_object_set (f->queue, "watchdog-seconds", 0.05, NULL);
  add_images (f, 1, "slow");
  job = get_job (f->queue, 0);
  g_signal_connect (job, "notify::possibly-charged", G_CALLBACK (watchdog_tripped_cb), f);
  cutout_fake_server_set_trickle (f->server, 1);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  assert_cutout (cutout_job_get_output (job), 40, 40);

  /* The tripped request (normally the first; on a very busy machine the
   * 50 ms may also run out before the upload ends, which is retried
   * like any transient failure) was given up after the image was sent. */
  attempts = list_attempts (f, job);
  g_assert_cmpuint (attempts->len, >=, 2);
  g_assert_cmpuint (attempts->len, ==, cutout_job_get_attempts (job));
  tripped = g_ptr_array_index (attempts, attempts->len - 2);
  g_assert_nonnull (strstr (tripped->error_message, "Nothing was sent or received for 0.05 seconds"));
  g_assert_true (tripped->possibly_charged);
  g_assert_cmpuint (cutout_job_get_possibly_charged (job), ==, 1);

  /* The server charges a request whose client went away. */
  wait_until (server_logged_2, f->server, 10000);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1 + total_possibly_charged (f->queue));
  assert_no_temp_files (f->out);
}

/* No byte moves while the service "works" for 3 s: a 0.3 s watchdog
 * gives the request up, and the retry succeeds. */
static void
test_watchdog_stall (Fixture       *f,
                     gconstpointer  data)
{
  CutoutJob *job;
  gint64 started = g_get_monotonic_time ();

  use_png (f->queue);
  g_object_set (f->queue, "watchdog-seconds", 0.3, NULL);
  add_images (f, 1, "stall");
  job = get_job (f->queue, 0);
  g_signal_connect (job, "notify::possibly-charged", G_CALLBACK (watchdog_tripped_cb), f);
  cutout_fake_server_set_latency (f->server, 3000);

  cutout_queue_start (f->queue);
  wait_finished (f, 20000);

  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpuint (cutout_job_get_attempts (job), ==, 2);
  /* Given up long before the server would have answered. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  assert_no_temp_files (f->out);
}

/* The server goes away and comes back on the same port: nothing is lost. */
static void
test_server_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  guint charged_before;
  guint port;

  uri = g_uri_parse (cutout_fake_server_get_url (f->server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  port = g_uri_get_port (uri);

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 2, NULL);
  cutout_fake_server_set_latency (f->server, 30);
  add_images (f, 8, "net");
  cutout_queue_start (f->queue);
  wait_until (first_done, f->queue, 20000);

  cutout_fake_server_stop (f->server);
  spin (400);
  g_assert_true (f->saw_waiting);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_FAILED), ==, 0);
  charged_before = cutout_fake_server_count_charged (f->server);

  cutout_fake_server_start (f->server, port, &error);
  g_assert_no_error (error);
  wait_finished (f, 30000);

  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 8);
  for (guint i = 0; i < 8; i++)
    assert_cutout (cutout_job_get_output (get_job (f->queue, i)), 40 + i, 40);
  g_assert_cmpuint (count_files (f->out), ==, 8);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), >=, 8);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), <=, 8 + total_possibly_charged (f->queue));
  g_assert_cmpuint (charged_before, <=, 8);
  assert_no_temp_files (f->out);
}

typedef struct
{
  const char    *key;          /* NULL = anonymous */
  guint          daily_limit;
  gint64         credits;      /* -1 = the default plan */
  guint          n_jobs;
  guint          n_done;       /* done before the stop */
  CutoutApiError code;
} StopCase;

static const StopCase stop_401 = { "test-key-wrong", 0, -1, 3, 0, CUTOUT_API_ERROR_INVALID_KEY };
static const StopCase stop_403 = { CUTOUT_FAKE_SERVER_UNVERIFIED_KEY, 0, -1, 3, 0, CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED };
static const StopCase stop_daily = { NULL, 1, -1, 3, 1, CUTOUT_API_ERROR_DAILY_LIMIT };
static const StopCase stop_monthly = { CUTOUT_FAKE_SERVER_VALID_KEY, 0, 2, 4, 2, CUTOUT_API_ERROR_MONTHLY_LIMIT };

static gboolean
nothing_in_flight (gpointer data)
{
  CutoutQueue *queue = data;

  return cutout_queue_get_state (queue) == CUTOUT_QUEUE_STATE_STOPPED &&
         cutout_queue_count_state (queue, CUTOUT_JOB_STATE_UPLOADING) == 0 &&
         cutout_queue_count_state (queue, CUTOUT_JOB_STATE_PROCESSING) == 0 &&
         cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DOWNLOADING) == 0;
}

/* Final errors stop the queue, keep every job, and say what to do. */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  const StopCase *c = data;
  const GError *stop;
  guint requests;

  cutout_client_set_api_key (f->client, c->key);
  if (c->daily_limit > 0)
    cutout_fake_server_set_anonymous_daily_limit (f->server, c->daily_limit);
  if (c->credits >= 0)
    {
      cutout_fake_server_set_plan (f->server, "Test", c->credits, 0);
      cutout_fake_server_set_usage (f->server, 0, 0);
    }

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 1, NULL);
  add_images (f, c->n_jobs, "stop");
  cutout_queue_start (f->queue);
  wait_until (nothing_in_flight, f->queue, 20000);
  spin (100);

  g_assert_false (f->finished);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_STOPPED);
  stop = cutout_queue_get_stop_error (f->queue);
  g_assert_error (stop, CUTOUT_API_ERROR, c->code);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, c->n_done);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_QUEUED), ==, c->n_jobs - c->n_done);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_FAILED), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, c->n_jobs);
  /* The job that met the error shows it. */
  g_assert_error (cutout_job_get_error (get_job (f->queue, c->n_done)), CUTOUT_API_ERROR, c->code);
  requests = cutout_fake_server_count_requests (f->server, "/rmbg");
  g_assert_cmpuint (requests, ==, c->n_done + 1);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, c->n_done);
  assert_no_temp_files (f->out);

  /* Nothing more is sent while it is stopped. */
  spin (200);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, requests);

  /* Fixed (a valid key, credits bought), resume finishes the batch. */
  cutout_client_set_api_key (f->client, CUTOUT_FAKE_SERVER_VALID_KEY);
  cutout_fake_server_set_plan (f->server, "Test", 1000, 0);
  cutout_fake_server_set_usage (f->server, 0, 0);
  cutout_queue_resume (f->queue);
  g_assert_null (cutout_queue_get_stop_error (f->queue));
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, c->n_jobs);
  g_assert_null (cutout_job_get_error (get_job (f->queue, c->n_done)));
}

/* 100 jobs, one request in ten failing with 500/502/503. */
static void
test_hundred_with_faults (Fixture       *f,
                          gconstpointer  data)
{
  guint requests;

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 4, "max-attempts", 10, NULL);
  cutout_fake_server_set_seed (f->server, 4242);
  cutout_fake_server_set_error_rate (f->server, 0.1, TRUE);
  add_images (f, 100, "shoot");

  cutout_queue_start (f->queue);
  wait_finished (f, 90000);

  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      CutoutJob *job = get_job (f->queue, i);

      assert_cutout (cutout_job_get_output (job), 40 + i % 50, 40 + i / 50);
    }
  g_assert_cmpuint (count_files (f->out), ==, 100);
  assert_no_temp_files (f->out);

  requests = cutout_fake_server_count_requests (f->server, "/rmbg");
  g_assert_cmpuint (requests, >, 100);
  g_assert_cmpuint (requests, ==, total_attempts (f->queue));
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 100);
  g_assert_cmpuint (total_possibly_charged (f->queue), ==, 0);
}

/* Offline, nothing is sent; back online, it goes on. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  use_png (f->queue);
  test_monitor_set_available (f->monitor, FALSE);
  add_images (f, 2, "offline");
  cutout_queue_start (f->queue);
  spin (50);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_WAITING);
  spin (300);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 0);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_QUEUED), ==, 2);

  test_monitor_set_available (f->monitor, TRUE);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 2);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (cutout_job_get_attempts (get_job (f->queue, i)), ==, 1);
}

/* A crash left a job uploading: it comes back queued and is sent once. */
static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autofree char *uploading = cutout_test_write_image (f->in, "uploading.png", 50, 40, "png");
  g_autofree char *queued = cutout_test_write_image (f->in, "queued.png", 51, 40, "png");
  g_autofree char *done_input = cutout_test_write_image (f->in, "done.png", 52, 40, "png");
  g_autofree char *done_output = NULL;
  g_autoptr(CutoutQueue) queue = NULL;
  CutoutJobRecord *record;
  CutoutJob *job;

  g_mkdir (f->out, 0755);
  done_output = cutout_test_write_image (f->out, "done-cutout.png", 52, 40, "png");

  record = cutout_job_record_new ();
  record->input_path = g_strdup (uploading);
  record->options = g_strdup ("format=png");
  record->state = CUTOUT_JOB_STATE_UPLOADING;
  record->attempts = 0;
  g_ptr_array_add (records, record);
  record = cutout_job_record_new ();
  record->input_path = g_strdup (done_input);
  record->options = g_strdup ("format=png");
  record->state = CUTOUT_JOB_STATE_DONE;
  record->output_path = g_strdup (done_output);
  g_ptr_array_add (records, record);
  record = cutout_job_record_new ();
  record->input_path = g_strdup (queued);
  record->options = g_strdup ("format=png&w=20");
  record->options_override = TRUE;
  record->state = CUTOUT_JOB_STATE_QUEUED;
  g_ptr_array_add (records, record);
  cutout_store_insert_jobs (f->store, records, TRUE, &error);
  g_assert_no_error (error);

  /* The app starts again. */
  queue = fixture_new_queue (f);
  use_png (queue);
  g_assert_true (cutout_queue_restore (queue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 3);
  g_assert_cmpint (cutout_job_get_state (get_job (queue, 0)), ==, CUTOUT_JOB_STATE_QUEUED);
  g_assert_cmpint (cutout_job_get_state (get_job (queue, 1)), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpint (cutout_job_get_state (get_job (queue, 2)), ==, CUTOUT_JOB_STATE_QUEUED);
  g_assert_cmpint (cutout_job_get_options_override (get_job (queue, 2))->width, ==, 20);

  cutout_queue_start (queue);
  wait_finished (f, 20000);

  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
  job = get_job (queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpuint (cutout_job_get_attempts (job), ==, 1);
  assert_cutout (cutout_job_get_output (job), 50, 40);
  job = get_job (queue, 1);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (job)), ==, done_output);
  /* The override survived the restart: 20 px wide. */
  job = get_job (queue, 2);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  {
    g_autofree char *path = g_file_get_path (cutout_job_get_output (job));
    g_autoptr(GdkPixbuf) pixbuf = cutout_test_load_pixbuf (path);

    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 20);
  }
  {
    g_autoptr(CutoutJobRecord) stored = cutout_store_get_job (f->store, cutout_job_get_id (get_job (queue, 0)), &error);

    g_assert_no_error (error);
    g_assert_cmpint (stored->state, ==, CUTOUT_JOB_STATE_DONE);
  }
  assert_no_temp_files (f->out);
}

static gboolean
nothing_active (gpointer data)
{
  CutoutQueue *queue = data;
  guint n_active;

  g_object_get (queue, "n-active", &n_active, NULL);
  return n_active == 0;
}

/* Quit in the middle of a batch: the jobs in flight go back to the queue
 * (nothing half-written is left), and the next start finishes them. */
static void
test_shutdown (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutQueue) queue = NULL;

  use_png (f->queue);
  cutout_fake_server_set_latency (f->server, 400);
  add_images (f, 4, "quit");
  cutout_queue_start (f->queue);
  wait_until (job_is_processing, get_job (f->queue, 0), 10000);
  cutout_queue_shutdown (f->queue);
  wait_until (nothing_active, f->queue, 10000);
  spin (50);

  g_assert_false (f->finished);
  g_assert_cmpint (cutout_queue_get_state (f->queue), ==, CUTOUT_QUEUE_STATE_IDLE);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_QUEUED), ==, 4);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_CANCELLED), ==, 0);
  assert_no_temp_files (f->out);
  g_assert_cmpuint (count_files (f->out), ==, 0);
  g_clear_object (&f->queue);

  /* The next start. */
  cutout_fake_server_set_latency (f->server, 0);
  queue = fixture_new_queue (f);
  f->queue = g_object_ref (queue);
  use_png (queue);
  g_assert_true (cutout_queue_restore (queue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 4);
  cutout_queue_start (queue);
  wait_finished (f, 20000);
  g_assert_cmpuint (cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DONE), ==, 4);
  for (guint i = 0; i < 4; i++)
    assert_cutout (cutout_job_get_output (get_job (queue, i)), 40 + i, 40);
  assert_no_temp_files (f->out);
}

static CutoutFakeRequest *
find_request (Fixture    *f,
              const char *filename)
{
  GPtrArray *requests = cutout_fake_server_get_requests (f->server);

  for (guint i = 0; i < requests->len; i++)
    {
      CutoutFakeRequest *request = g_ptr_array_index (requests, i);

      if (g_strcmp0 (request->image_filename, filename) == 0)
        return request;
    }
  g_error ("No request for %s", filename);
  return NULL;
}

static CutoutJobRecord *
queue_record (Fixture        *f,
              const char     *input,
              const char     *source_root,
              const char     *options,
              CutoutJobState  state)
{
  CutoutJobRecord *record = cutout_job_record_new ();

  record->input_path = g_strdup (input);
  record->source_root = g_strdup (source_root);
  record->options = g_strdup (options);
  record->state = state;
  return record;
}

/* After a restart, a job keeps the folder it was found in (its result
 * goes to out/<folder>/) and the options it was queued with, whatever
 * the batch's are now; options that cannot be read are never replaced
 * by others. */
static void
test_restore_folder_options (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autofree char *sub = g_build_filename (f->in, "day1", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *loose = cutout_test_write_image (f->in, "loose.png", 51, 40, "png");
  g_autofree char *bad = cutout_test_write_image (f->in, "bad.png", 52, 40, "png");
  g_autofree char *expected_kept = g_build_filename (f->out, "day1", "kept-cutout.png", NULL);
  g_autofree char *expected_loose = g_build_filename (f->out, "loose-cutout.webp", NULL);
  g_autoptr(CutoutQueue) queue = NULL;
  g_autoptr(CutoutJobRecord) stored = NULL;
  CutoutJob *job;

  g_mkdir (sub, 0755);
  kept = cutout_test_write_image (sub, "kept.png", 50, 40, "png");
  /* Queued under a batch whose format was PNG, interrupted. */
  g_ptr_array_add (records, queue_record (f, kept, f->in, "format=png", CUTOUT_JOB_STATE_UPLOADING));
  g_ptr_array_add (records, queue_record (f, loose, NULL, "format=webp", CUTOUT_JOB_STATE_QUEUED));
  g_ptr_array_add (records, queue_record (f, bad, NULL, "format=gif", CUTOUT_JOB_STATE_QUEUED));
  cutout_store_insert_jobs (f->store, records, TRUE, &error);
  g_assert_no_error (error);

  /* The app starts again with the default options (WebP). */
  queue = fixture_new_queue (f);
  g_assert_true (cutout_queue_restore (queue, &error));
  g_assert_no_error (error);
  job = get_job (queue, 0);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_source_root (job)), ==, f->in);
  g_assert_nonnull (cutout_job_get_options_override (job));
  g_assert_cmpint (cutout_job_get_options_override (job)->format, ==, CUTOUT_FORMAT_PNG);
  /* The same as the batch's: it follows the batch, as before. */
  g_assert_null (cutout_job_get_source_root (get_job (queue, 1)));
  g_assert_null (cutout_job_get_options_override (get_job (queue, 1)));
  job = get_job (queue, 2);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
  g_assert_error (cutout_job_get_error (job), CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (cutout_job_get_error (job)->message,
                                   "The options this image was queued with (“format=gif”) cannot be used: "));
  stored = cutout_store_get_job (f->store, cutout_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, CUTOUT_JOB_STATE_FAILED);
  g_assert_cmpstr (stored->options, ==, "format=gif");
  g_assert_cmpstr (stored->error_message, ==, cutout_job_get_error (job)->message);

  cutout_queue_start (queue);
  wait_finished (f, 20000);

  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (find_request (f, "kept.png")->fields, "format"), ==, "png");
  g_assert_cmpstr (g_hash_table_lookup (find_request (f, "loose.png")->fields, "format"), ==, "webp");
  job = get_job (queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (job)), ==, expected_kept);
  assert_cutout (cutout_job_get_output (job), 50, 40);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (get_job (queue, 1))), ==, expected_loose);
  g_assert_cmpuint (count_files (f->out), ==, 2);

  /* What the store keeps for the next restart. */
  g_clear_pointer (&stored, cutout_job_record_free);
  stored = cutout_store_get_job (f->store, cutout_job_get_id (get_job (queue, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->source_root, ==, f->in);
  g_assert_cmpstr (stored->options, ==, "format=png");
  g_assert_cmpstr (stored->output_path, ==, expected_kept);
  assert_no_temp_files (f->out);
}

typedef struct
{
  CutoutStore     *store;
  CutoutJobRecord *record;
} Snapshot;

/* The job has just become done, before the store is told: what a crash
 * at this moment would leave in the store. */
static void
snapshot_cb (CutoutJob  *job,
             GParamSpec *pspec,
             Snapshot   *snapshot)
{
  g_autoptr(GError) error = NULL;

  if (cutout_job_get_state (job) != CUTOUT_JOB_STATE_DONE || snapshot->record != NULL)
    return;
  snapshot->record = cutout_store_get_job (snapshot->store, cutout_job_get_id (job), &error);
  g_assert_no_error (error);
}

/* A crash between the rename of a result and the store's "done": the
 * intent recorded before the rename makes the restored job done, with no
 * second request (and no second credit, no "name (2)" copy). */
static void
test_restore_intent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autofree char *other = cutout_test_write_image (f->in, "other.png", 44, 40, "png");
  g_autofree char *result = NULL;
  g_autofree char *other_result = g_build_filename (f->out, "other-cutout.png", NULL);
  g_autoptr(CutoutQueue) queue = NULL;
  g_autoptr(GFileInfo) info = NULL;
  Snapshot snapshot = { f->store, NULL };
  CutoutJobRecord *record;
  CutoutJob *job;

  use_png (f->queue);
  add_images (f, 1, "crash");
  g_signal_connect (get_job (f->queue, 0), "notify::state", G_CALLBACK (snapshot_cb), &snapshot);
  cutout_queue_start (f->queue);
  wait_finished (f, 20000);
  g_signal_handlers_disconnect_by_func (get_job (f->queue, 0), snapshot_cb, &snapshot);

  /* At that moment the store still had the job downloading, with where
   * its result went and its size. */
  result = g_file_get_path (cutout_job_get_output (get_job (f->queue, 0)));
  info = g_file_query_info (cutout_job_get_output (get_job (f->queue, 0)), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot.record);
  g_assert_cmpint (snapshot.record->state, ==, CUTOUT_JOB_STATE_DOWNLOADING);
  g_assert_cmpstr (snapshot.record->output_path, ==, result);
  g_assert_cmpint (snapshot.record->output_size, ==, g_file_info_get_size (info));

  /* The crash: the store is as it was then. A second job's intent names
   * a file that never came (the crash was before its rename). */
  cutout_store_update_job (f->store, snapshot.record, &error);
  g_assert_no_error (error);
  record = queue_record (f, other, NULL, "format=png", CUTOUT_JOB_STATE_DOWNLOADING);
  g_ptr_array_add (records, record);
  cutout_store_insert_jobs (f->store, records, TRUE, &error);
  g_assert_no_error (error);
  cutout_store_set_job_output (f->store, record->id, other_result, 1234, &error);
  g_assert_no_error (error);
  cutout_fake_server_clear_requests (f->server);

  queue = fixture_new_queue (f);
  use_png (queue);
  g_assert_true (cutout_queue_restore (queue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 2);
  job = get_job (queue, 0);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (job)), ==, result);
  g_assert_cmpint (cutout_job_get_state (get_job (queue, 1)), ==, CUTOUT_JOB_STATE_QUEUED);

  cutout_queue_start (queue);
  wait_finished (f, 20000);

  /* Only the job whose result never arrived was sent. */
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 1);
  g_assert_nonnull (find_request (f, "other.png"));
  g_assert_cmpstr (g_file_peek_path (cutout_job_get_output (get_job (queue, 1))), ==, other_result);
  assert_cutout (cutout_job_get_output (get_job (queue, 1)), 44, 40);
  g_assert_cmpuint (count_files (f->out), ==, 2);
  assert_no_temp_files (f->out);
  cutout_job_record_free (snapshot.record);
}

void
queue_add_fault_tests (void)
{
  QUEUE_ADD ("retry-server-errors", test_retry_server_errors);
  QUEUE_ADD ("dropped/retried-once", test_dropped_retried_once);
  QUEUE_ADD ("dropped/no-retry", test_dropped_no_retry);
  QUEUE_ADD ("too-fast/retry-after", test_too_fast_retry_after);
  QUEUE_ADD ("too-fast/backoff", test_too_fast_backoff);
  QUEUE_ADD ("watchdog/trickle", test_watchdog_trickle);
  QUEUE_ADD ("watchdog/stall", test_watchdog_stall);
  QUEUE_ADD ("server-restart", test_server_restart);
  QUEUE_ADD_CASE ("stop/401", test_stop, &stop_401);
  QUEUE_ADD_CASE ("stop/403", test_stop, &stop_403);
  QUEUE_ADD_CASE ("stop/daily-limit", test_stop, &stop_daily);
  QUEUE_ADD_CASE ("stop/monthly-limit", test_stop, &stop_monthly);
  QUEUE_ADD ("hundred-with-faults", test_hundred_with_faults);
  QUEUE_ADD ("offline", test_offline);
  QUEUE_ADD ("restore", test_restore);
  QUEUE_ADD ("restore/folder-options", test_restore_folder_options);
  QUEUE_ADD ("restore/intent", test_restore_intent);
  QUEUE_ADD ("shutdown", test_shutdown);
}
