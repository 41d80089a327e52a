/* cutout-queue-schedule.c — the queue's scheduler: job data, counts and state, waits, failures, starting jobs, the forecast
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-queue-private.h"

/* How the queue schedules (the per-job steps are in cutout-queue-job.c):
 *
 *  - cutout_queue_schedule () starts queued jobs, in list order, while
 *    fewer than max-in-flight are running and the queue is running (not
 *    paused, stopped, waiting or offline). A job whose bytes and options
 *    equal those of a job in flight waits for it, then reuses its result.
 *  - A transient failure of one job (5xx, a lost connection, a cut-off
 *    answer, the watchdog) makes that job wait (exponential backoff with
 *    full jitter, honouring Retry-After) and counts against max-attempts.
 *  - Failures that concern every job make the whole queue wait instead,
 *    without burning attempts: 429 "too quickly" (for Retry-After or a
 *    backoff), no connection at all (backoff, growing while it lasts),
 *    and the network monitor saying the network is gone (until it is
 *    back).
 *  - Final errors (401, 403, daily/monthly limit) stop it: nothing new
 *    starts, in-flight requests finish, every job is kept.
 *  - Every state change is written to the store, so a crash loses
 *    nothing: cutout_queue_restore () brings the live queue back. */

#define PREPARE_THREADS 2

/* ---- Per-job data ------------------------------------------------------- */

static void
job_run_free (CutoutJobRun *run)
{
  g_clear_handle_id (&run->retry_source, g_source_remove);
  g_clear_pointer (&run->info, cutout_preflight_info_free);
  g_clear_error (&run->invalid);
  g_clear_error (&run->preflight_error);
  g_clear_pointer (&run->hash, g_free);
  g_clear_pointer (&run->dup_options, g_free);
  g_clear_pointer (&run->running_key, g_free);
  g_clear_pointer (&run->batch_id, g_free);
  g_free (run);
}

CutoutJobRun *
cutout_queue_get_run (CutoutJob *job)
{
  static GQuark quark;
  CutoutJobRun *run;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cutout-queue-job-run");

  run = g_object_get_qdata (G_OBJECT (job), quark);
  if (run == NULL)
    {
      run = g_new0 (CutoutJobRun, 1);
      g_object_set_qdata_full (G_OBJECT (job), quark, run, (GDestroyNotify) job_run_free);
    }
  return run;
}

char *
cutout_queue_make_key (const char *hash,
                       const char *options_text)
{
  return g_strconcat (hash, "|", options_text, NULL);
}

/* ---- Counts and state --------------------------------------------------- */

guint
cutout_queue_count_queued (CutoutQueue *self)
{
  return self->counts[CUTOUT_JOB_STATE_QUEUED] + self->counts[CUTOUT_JOB_STATE_PAUSED] +
         self->counts[CUTOUT_JOB_STATE_WAITING_RETRY];
}

guint
cutout_queue_count_active (CutoutQueue *self)
{
  return self->counts[CUTOUT_JOB_STATE_UPLOADING] + self->counts[CUTOUT_JOB_STATE_PROCESSING] +
         self->counts[CUTOUT_JOB_STATE_DOWNLOADING];
}

void
cutout_queue_count_job (CutoutQueue *self,
           CutoutJob   *job,
           int          delta)
{
  CutoutJobState state = cutout_job_get_state (job);
  guint before[5] = {
    cutout_queue_count_queued (self), cutout_queue_count_active (self), self->counts[CUTOUT_JOB_STATE_DONE],
    self->counts[CUTOUT_JOB_STATE_FAILED], self->counts[CUTOUT_JOB_STATE_CANCELLED],
  };
  guint after[5];
  static const guint props[5] = { PROP_N_QUEUED, PROP_N_ACTIVE, PROP_N_DONE, PROP_N_FAILED, PROP_N_CANCELLED };

  self->counts[state] += delta;

  after[0] = cutout_queue_count_queued (self);
  after[1] = cutout_queue_count_active (self);
  after[2] = self->counts[CUTOUT_JOB_STATE_DONE];
  after[3] = self->counts[CUTOUT_JOB_STATE_FAILED];
  after[4] = self->counts[CUTOUT_JOB_STATE_CANCELLED];
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    if (before[i] != after[i])
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[props[i]]);
}

void
cutout_queue_set_job_state (CutoutQueue    *self,
                            CutoutJob      *job,
                            CutoutJobState  state)
{
  g_autoptr(GError) error = NULL;

  if (cutout_job_get_state (job) == state)
    return;

  cutout_queue_count_job (self, job, -1);
  cutout_job_set_state (job, state);
  cutout_queue_count_job (self, job, +1);

  if (self->store != NULL && cutout_job_get_id (job) != 0 &&
      !cutout_store_set_job_state (self->store, cutout_job_get_id (job), state, &error))
    cutout_queue_warn_store ("save a job's state", error);

  cutout_queue_queue_forecast (self);
}

static CutoutQueueState
compute_state (CutoutQueue *self)
{
  if (self->stop_error != NULL)
    return CUTOUT_QUEUE_STATE_STOPPED;
  if (!self->started)
    return self->finished ? CUTOUT_QUEUE_STATE_FINISHED : CUTOUT_QUEUE_STATE_IDLE;
  if (self->paused)
    return CUTOUT_QUEUE_STATE_PAUSED;
  if (self->offline || self->wait_source != 0)
    return CUTOUT_QUEUE_STATE_WAITING;
  return CUTOUT_QUEUE_STATE_RUNNING;
}

void
cutout_queue_update_state (CutoutQueue *self)
{
  CutoutQueueState state = compute_state (self);
  gint64 until = state == CUTOUT_QUEUE_STATE_WAITING && !self->offline ? self->wait_until_real : 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_STATE]);
    }
  if (self->waiting_until != until)
    {
      self->waiting_until = until;
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_WAITING_UNTIL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
cutout_queue_set_wait_error (CutoutQueue  *self,
                const GError *error)
{
  if (error == NULL && self->wait_error == NULL)
    return;
  g_clear_error (&self->wait_error);
  if (error != NULL)
    self->wait_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_WAIT_ERROR]);
}

void
cutout_queue_set_stop_error (CutoutQueue  *self,
                const GError *error)
{
  if (error == NULL && self->stop_error == NULL)
    return;
  g_clear_error (&self->stop_error);
  if (error != NULL)
    self->stop_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_STOP_ERROR]);
}

void
cutout_queue_set_low_credit_paused (CutoutQueue *self,
                       gboolean     paused)
{
  if (self->low_credit_paused == paused)
    return;
  self->low_credit_paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_LOW_CREDIT_PAUSED]);
}

void
cutout_queue_stop (CutoutQueue  *self,
                   const GError *error)
{
  cutout_queue_set_stop_error (self, error);
  cutout_queue_update_state (self);
}

static gboolean
wait_over_cb (gpointer user_data)
{
  CutoutQueue *self = user_data;

  self->wait_source = 0;
  self->wait_until_mono = 0;
  self->wait_until_real = 0;
  cutout_queue_set_wait_error (self, NULL);
  cutout_queue_update_state (self);
  cutout_queue_schedule (self);
  return G_SOURCE_REMOVE;
}

void
cutout_queue_wait (CutoutQueue  *self,
                   gint64        delay_ms,
                   const GError *error)
{
  gint64 now = g_get_monotonic_time ();
  gint64 until = now + (delay_ms + 1) * 1000;

  self->consecutive_waits++;
  cutout_queue_set_wait_error (self, error);

  /* Several requests in flight may each hit the limit: the longest wait wins. */
  if (until > self->wait_until_mono)
    {
      self->wait_until_mono = until;
      /* The property is in wall-clock time, for the UI to show. */
      self->wait_until_real = g_get_real_time () + (until - now);
      g_clear_handle_id (&self->wait_source, g_source_remove);
      self->wait_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (until - now + 999) / 1000,
                                              wait_over_cb, self, NULL);
    }
  cutout_queue_update_state (self);
}

void
cutout_queue_reset_waits (CutoutQueue *self)
{
  self->consecutive_waits = 0;
}

gint64
cutout_queue_backoff_ms (CutoutQueue *self,
                         guint        n)
{
  gint64 ceiling = self->backoff_base_ms;

  for (guint i = 1; i < n && ceiling < self->backoff_cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, (gint64) self->backoff_cap_ms);

  return (gint64) g_random_double_range (0, (double) ceiling + 1);
}

void
cutout_queue_charged (CutoutQueue *self)
{
  if (self->credits_remaining < 0)
    return;
  self->credits_remaining = MAX (0, self->credits_remaining - 1);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_CREDITS_REMAINING]);
}

gboolean
cutout_queue_is_offline (CutoutQueue *self)
{
  return self->offline;
}

/* ---- A job's failure ---------------------------------------------------- */

static gboolean
retry_timeout_cb (gpointer user_data)
{
  CutoutJob *job = user_data;
  CutoutJobRun *run = cutout_queue_get_run (job);

  run->retry_source = 0;
  if (run->queue != NULL && cutout_job_get_state (job) == CUTOUT_JOB_STATE_WAITING_RETRY)
    {
      cutout_queue_set_job_state (run->queue, job, CUTOUT_JOB_STATE_QUEUED);
      cutout_queue_schedule (run->queue);
    }
  return G_SOURCE_REMOVE;
}

void
cutout_queue_job_failed (CutoutQueue  *self,
                         CutoutJob    *job,
                         const GError *error,
                         gboolean      possibly_charged,
                         gboolean      connected)
{
  CutoutJobRun *run = cutout_queue_get_run (job);

  cutout_job_set_progress (job, 0.0, 0.0);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The user cancelled it; or the queue is going away, and the job
       * stays queued for the next start. */
      if (run->user_cancelled)
        cutout_job_set_finished (job, g_get_real_time ());
      cutout_queue_set_job_state (self, job, run->user_cancelled ? CUTOUT_JOB_STATE_CANCELLED
                                                                  : CUTOUT_JOB_STATE_QUEUED);
    }
  else if (cutout_api_error_stops_queue (error))
    {
      /* The key or the account: every job would fail alike. This one
       * waits in the queue with the reason shown on it. */
      cutout_job_set_error (job, error);
      cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_QUEUED);
      cutout_queue_stop (self, error);
    }
  else if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_TOO_FAST))
    {
      gint64 retry_after = cutout_api_error_get_retry_after (error);
      gint64 delay = cutout_queue_backoff_ms (self, self->consecutive_waits + 1);

      /* "Too quickly" is about the whole queue, not this job: everything
       * waits, and this job goes first when the wait is over. It is not
       * counted against max-attempts: the service asked us to slow down. */
      if (retry_after >= 0)
        delay = MAX (delay, retry_after * 1000);
      cutout_job_set_error (job, error);
      cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_QUEUED);
      cutout_queue_wait (self, delay, error);
    }
  else if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK) && !possibly_charged &&
           (cutout_queue_is_offline (self) || !connected))
    {
      /* No connection at all (the network or the service is down): that
       * is not this job's fault, so none of its attempts is burnt; the
       * whole queue waits and tries again with backoff (or, offline,
       * until the network monitor says it is back). */
      cutout_job_set_error (job, error);
      cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_QUEUED);
      if (!cutout_queue_is_offline (self))
        cutout_queue_wait (self, cutout_queue_backoff_ms (self, self->consecutive_waits + 1), error);
    }
  else if (cutout_api_error_is_transient (error))
    {
      g_autoptr(GError) final = NULL;
      gboolean give_up = FALSE;

      if (possibly_charged)
        {
          if (!self->retry_possibly_charged || run->charged_retries >= 1)
            {
              give_up = TRUE;
              final = g_error_new (CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_POSSIBLY_CHARGED,
                                   _("%s The image had been sent, so the service may have charged "
                                     "a credit for it. It was not sent again automatically, to avoid "
                                     "paying twice; retry it to get the result."),
                                   error->message);
            }
          else
            run->charged_retries++;
        }

      if (!give_up)
        {
          run->tries++;
          give_up = run->tries >= self->max_attempts;
        }

      if (give_up)
        {
          cutout_job_set_error (job, final != NULL ? final : error);
          cutout_job_set_finished (job, g_get_real_time ());
          cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_FAILED);
        }
      else
        {
          gint64 delay = cutout_queue_backoff_ms (self, run->tries);
          gint64 retry_after = cutout_api_error_get_retry_after (error);

          if (retry_after >= 0)
            delay = MAX (delay, retry_after * 1000);
          cutout_job_set_error (job, error);
          cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_WAITING_RETRY);
          g_clear_handle_id (&run->retry_source, g_source_remove);
          run->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, retry_timeout_cb,
                                                  g_object_ref (job), g_object_unref);
        }
    }
  else
    {
      cutout_job_set_error (job, error);
      cutout_job_set_finished (job, g_get_real_time ());
      cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_FAILED);
    }
}

/* ---- Scheduling --------------------------------------------------------- */

static const char *
batch_options_text (CutoutQueue *self)
{
  static GQuark quark;
  char *text;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cutout-queue-options-text");
  text = g_object_get_qdata (G_OBJECT (self), quark);
  if (text == NULL)
    {
      text = cutout_options_to_string (self->options);
      g_object_set_qdata_full (G_OBJECT (self), quark, text, g_free);
    }
  return text;
}

void
cutout_queue_forget_options_text (CutoutQueue *self)
{
  g_object_set_qdata (G_OBJECT (self), g_quark_from_static_string ("cutout-queue-options-text"), NULL);
}

/* The duplicate key of a prepared job under its current options, or NULL. */
static char *
job_key (CutoutQueue *self,
         CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  const CutoutOptions *override = cutout_job_get_options_override (job);
  g_autofree char *text = NULL;

  if (!run->prepared || run->hash == NULL)
    return NULL;
  if (override != NULL)
    {
      text = cutout_options_to_string (override);
      return cutout_queue_make_key (run->hash, text);
    }
  return cutout_queue_make_key (run->hash, batch_options_text (self));
}

static gboolean
is_running_state (CutoutQueue *self)
{
  return compute_state (self) == CUTOUT_QUEUE_STATE_RUNNING;
}

static gboolean
has_work_left (CutoutQueue *self)
{
  return self->n_in_flight > 0 || cutout_queue_count_queued (self) > 0 || cutout_queue_count_active (self) > 0;
}

static void
finish_batch (CutoutQueue *self)
{
  self->started = FALSE;
  self->paused = FALSE;
  self->finished = TRUE;
  g_clear_pointer (&self->batch_id, g_free);
  cutout_queue_set_stop_error (self, NULL);
  cutout_queue_set_low_credit_paused (self, FALSE);
  cutout_queue_update_state (self);
  g_signal_emit (self, cutout_queue_signals[SIGNAL_FINISHED], 0);
}

void
cutout_queue_schedule (CutoutQueue *self)
{
  if (self->scheduling)
    return;
  self->scheduling = TRUE;
  g_object_ref (self);

  cutout_queue_update_state (self);

  for (guint i = 0; i < self->jobs->len && is_running_state (self) &&
                    self->n_in_flight < self->max_in_flight; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      CutoutJobRun *run = cutout_queue_get_run (job);
      g_autofree char *key = NULL;

      if (cutout_job_get_state (job) != CUTOUT_JOB_STATE_QUEUED || run->pipeline != NULL)
        continue;
      /* Not in the store yet (a background write, see
       * cutout-queue-store-write.c): a crash would forget that it was
       * sent, and it could cost a second credit at the next start. */
      if (run->storing != NULL)
        continue;

      key = job_key (self, job);
      if (key != NULL && g_hash_table_contains (self->running_keys, key))
        continue;

      /* Stop before a request would take the account below the
       * threshold (counting those in flight as spent). */
      if (self->low_credit_threshold > 0 && self->credits_remaining >= 0 &&
          self->credits_remaining - (gint64) self->n_in_flight - 1 < self->low_credit_threshold)
        {
          self->paused = TRUE;
          cutout_queue_set_low_credit_paused (self, TRUE);
          cutout_queue_update_state (self);
          break;
        }

      cutout_queue_run_job (self, job);
    }

  if (self->started && !has_work_left (self))
    finish_batch (self);

  self->scheduling = FALSE;
  g_object_unref (self);
}

void
cutout_queue_pipeline_ended (CutoutQueue *self,
                             CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  if (run->running_key != NULL)
    {
      g_hash_table_remove (self->running_keys, run->running_key);
      g_clear_pointer (&run->running_key, g_free);
    }
  cutout_queue_schedule (self);
}

/* ---- Forecast and the prepare pass -------------------------------------- */

/* Whether the store holds an earlier result for this job's bytes and
 * options (cached per options text: the answer changes only when a job
 * completes, and those go into done_outputs). */
static gboolean
store_has_duplicate (CutoutQueue  *self,
                     CutoutJobRun *run,
                     const char   *options_text)
{
  g_autoptr(CutoutJobRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return FALSE;
  if (run->dup_options != NULL && g_str_equal (run->dup_options, options_text))
    return run->dup_found;

  record = cutout_store_find_duplicate (self->store, run->hash, options_text, &error);
  if (error != NULL)
    cutout_queue_warn_store ("look for an earlier result", error);
  g_free (run->dup_options);
  run->dup_options = g_strdup (options_text);
  run->dup_found = record != NULL;
  return run->dup_found;
}

guint
cutout_queue_forecast (CutoutQueue *self,
                       guint       *n_unchecked_out)
{
  g_autoptr(GHashTable) keys = NULL;
  guint credits = 0;
  guint unchecked = 0;
  const char *batch_text;
  gboolean batch_valid;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The batch's options are checked and written out once, not once per
   * job: with 10,000 jobs that was most of the pass. */
  batch_text = batch_options_text (self);
  batch_valid = cutout_options_validate (self->options, NULL);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      CutoutJobRun *run = cutout_queue_get_run (job);
      const CutoutOptions *override;
      g_autofree char *override_text = NULL;
      const char *options_text;
      char *key;

      if (cutout_job_state_is_final (cutout_job_get_state (job)))
        continue;

      if (!run->prepared)
        {
          unchecked++;
          credits++;
          continue;
        }
      if (run->invalid != NULL || run->hash == NULL)
        continue;

      override = cutout_job_get_options_override (job);
      if (override != NULL ? !cutout_options_validate (override, NULL) : !batch_valid)
        continue;
      if (self->keep_editable)
        {
          /* One credit per image not kept yet, whatever its options. */
          key = cutout_queue_make_key (run->hash, CUTOUT_QUEUE_EDITABLE_KEY);
          if (g_hash_table_add (keys, key) &&
              !cutout_cutout_cache_contains (cutout_queue_get_cutout_cache (self), run->hash))
            credits++;
          continue;
        }
      if (override != NULL)
        options_text = override_text = cutout_options_to_string (override);
      else
        options_text = batch_text;
      key = cutout_queue_make_key (run->hash, options_text);

      /* The same image with the same options again in the queue. */
      if (!g_hash_table_add (keys, key))
        continue;

      if (g_hash_table_contains (self->done_outputs, key) ||
          store_has_duplicate (self, run, options_text))
        continue;

      credits++;
    }

  if (n_unchecked_out != NULL)
    *n_unchecked_out = unchecked;
  return credits;
}

static gboolean
forecast_idle_cb (gpointer user_data)
{
  CutoutQueue *self = user_data;
  guint unchecked = 0;
  guint forecast;

  self->forecast_idle = 0;
  forecast = cutout_queue_forecast (self, &unchecked);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->forecast != forecast)
    {
      self->forecast = forecast;
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_FORECAST]);
    }
  if (self->forecast_unchecked != unchecked)
    {
      self->forecast_unchecked = unchecked;
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_FORECAST_UNCHECKED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* A forecast is a pass over every job: with this many, it is made at
 * most every FORECAST_INTERVAL_MS, since the checks of 10,000 dropped
 * files change it thousands of times a second. */
#define FORECAST_MANY_JOBS 1000
#define FORECAST_INTERVAL_MS 150

/* The forecast properties are recomputed once per main-loop turn (or
 * interval), not on every one of a batch's many state changes. */
void
cutout_queue_queue_forecast (CutoutQueue *self)
{
  if (self->forecast_idle != 0)
    return;
  if (self->jobs->len >= FORECAST_MANY_JOBS)
    self->forecast_idle = g_timeout_add_full (G_PRIORITY_LOW, FORECAST_INTERVAL_MS,
                                              forecast_idle_cb, self, NULL);
  else
    self->forecast_idle = g_idle_add_full (G_PRIORITY_LOW, forecast_idle_cb, self, NULL);
}

static void prepare_next (CutoutQueue *self);

/* One job of the prepare pass; holds the queue until it is over. */
typedef struct
{
  CutoutQueue *queue;
  CutoutJob   *job;
} PrepareCall;

static void
prepare_pass_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PrepareCall *call = user_data;
  CutoutQueue *self = call->queue;
  g_autoptr(CutoutJob) job = call->job;
  CutoutJobRun *run = cutout_queue_get_run (job);
  g_autoptr(GError) error = NULL;

  if (!cutout_queue_prepare_job_finish (self, result, &error) &&
      run->queue == self && run->pipeline == NULL &&
      cutout_job_get_state (job) == CUTOUT_JOB_STATE_QUEUED &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Refused at once, with the service's own wording: it would only
       * fail after an upload. */
      cutout_job_set_error (job, error);
      cutout_job_set_finished (job, g_get_real_time ());
      cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_FAILED);
      cutout_queue_store_job (self, job);
    }

  self->n_preparing--;
  prepare_next (self);
  cutout_queue_queue_forecast (self);
  cutout_queue_schedule (self);
  g_object_unref (self);
  g_free (call);
}

static void
prepare_next (CutoutQueue *self)
{
  while (self->n_preparing < PREPARE_THREADS && !g_queue_is_empty (&self->prepare_queue))
    {
      g_autoptr(CutoutJob) job = g_queue_pop_head (&self->prepare_queue);
      CutoutJobRun *run = cutout_queue_get_run (job);

      if (run->queue != self || run->prepared || run->preparing || run->pipeline != NULL ||
          cutout_job_state_is_final (cutout_job_get_state (job)))
        continue;

      PrepareCall *call = g_new0 (PrepareCall, 1);

      call->queue = g_object_ref (self);
      call->job = g_object_ref (job);
      self->n_preparing++;
      cutout_queue_prepare_job_async (self, job, NULL, prepare_pass_cb, call);
    }

  if ((self->n_preparing > 0) != self->preparing)
    {
      self->preparing = self->n_preparing > 0;
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_PREPARING]);
    }
}

void
cutout_queue_prepare (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      CutoutJobRun *run = cutout_queue_get_run (job);

      if (!run->prepared && !run->preparing && run->pipeline == NULL &&
          !cutout_job_state_is_final (cutout_job_get_state (job)))
        g_queue_push_tail (&self->prepare_queue, g_object_ref (job));
    }
  prepare_next (self);
}

gboolean
cutout_queue_forecast_is_covered (CutoutQueue      *self,
                                  CutoutMembership *membership,
                                  gint64           *shortfall_out)
{
  gint64 available;
  gint64 needed;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (membership), FALSE);

  available = cutout_membership_get_total_available (membership);
  needed = cutout_queue_forecast (self, NULL);
  if (shortfall_out != NULL)
    *shortfall_out = MAX (0, needed - available);
  return needed <= available;
}

void
cutout_queue_set_membership (CutoutQueue      *self,
                             CutoutMembership *membership)
{
  gint64 remaining;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (membership == NULL || CUTOUT_IS_MEMBERSHIP (membership));

  remaining = membership != NULL ? cutout_membership_get_total_available (membership) : -1;
  if (remaining == self->credits_remaining)
    return;
  self->credits_remaining = remaining;
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_CREDITS_REMAINING]);
}

gint64
cutout_queue_get_credits_remaining (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), -1);
  return self->credits_remaining;
}
