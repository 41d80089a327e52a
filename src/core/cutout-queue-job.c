/* cutout-queue-job.c — the queue's per-job pipeline, one async step after another
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-finish.h"
#include "cutout-queue-private.h"

/* The steps of one job, each async, in this order:
 *
 *   prepare (thread: preflight, whether a local conversion can help,
 *   SHA-256) → options → duplicate check → target name (before the
 *   request when the template has no {w}/{h}, so that SKIP costs nothing)
 *   → temp file in the target folder → conversion (thread) → request
 *   into the temp file → finish (thread: trim/orient, or reading the
 *   size for {w}/{h}) → name with {w}/{h} → commit (thread, atomic) → done.
 *
 * A duplicate (same bytes, same options, an earlier result still on
 * disk) skips the request: the earlier result is copied into the temp
 * file and committed like a download, or simply reused when it already
 * is the file this job would write.
 *
 * Every way out goes through pipeline_end (): the temp file is aborted
 * and a converted upload deleted (in a thread), and the target's
 * reservation released, before the job's new state is set. So when a job
 * is failed, cancelled or queued again, no file of it is left behind.
 *
 * The blocking work of the steps is in cutout-queue-io.c. */

struct _CutoutPipeline
{
  CutoutQueue          *queue;
  CutoutJob            *job;
  CutoutJobRun         *run;
  GCancellable         *cancellable;

  /* Settings, as they were when the job started. */
  CutoutOptions        *options;
  char                 *options_text;
  char                 *name_template;
  CutoutCollisionPolicy policy;
  CutoutFinishSettings  finish;
  GFile                *output_folder;
  GDateTime            *date;
  /* keep-editable: the request asks for the bare cut-out (format=png),
   * and @cached says it is in the cache already (no request at all). */
  gboolean              editable;
  gboolean              cached;
  CutoutOptions        *request_options;

  GFile                *folder;
  char                 *name;         /* expanded before the request, or NULL */
  GFile                *target;       /* reserved */
  CutoutOutputTemp     *temp;
  GFile                *dup_source;   /* an earlier result to reuse */
  GFile                *converted;    /* a converted upload to delete */
  CutoutPreflightInfo  *converted_info;
  int                   width;        /* of the result */
  int                   height;
  goffset               bytes_out;

  /* The request */
  guint                 attempt;
  gint64                attempt_started;
  gboolean              connected;
  gboolean              body_sent;
  gint64                last_activity;
  CutoutTransferPhase   shown_phase;  /* the last progress given to the job */
  goffset               shown_done;
  gint64                shown_us;
  guint                 watchdog_source;
  gboolean              watchdog_fired;
};

static void
pipeline_free (CutoutPipeline *p)
{
  g_clear_handle_id (&p->watchdog_source, g_source_remove);
  g_clear_object (&p->cancellable);
  g_clear_pointer (&p->options, cutout_options_free);
  g_clear_pointer (&p->options_text, g_free);
  g_clear_pointer (&p->request_options, cutout_options_free);
  g_clear_pointer (&p->name_template, g_free);
  g_clear_object (&p->output_folder);
  g_clear_pointer (&p->date, g_date_time_unref);
  g_clear_object (&p->folder);
  g_clear_pointer (&p->name, g_free);
  g_clear_object (&p->target);
  g_clear_object (&p->temp);
  g_clear_object (&p->dup_source);
  g_clear_object (&p->converted);
  g_clear_pointer (&p->converted_info, cutout_preflight_info_free);
  g_clear_object (&p->job);
  g_clear_object (&p->queue);
  g_free (p);
}


/* ---- Ending ------------------------------------------------------------- */

typedef struct
{
  CutoutPipeline   *p;
  CutoutOutputTemp *temp;
  GFile            *converted;
  GError           *error;            /* NULL: the job is done */
  gboolean          possibly_charged;
} EndData;

static void
end_data_free (EndData *data)
{
  g_clear_object (&data->temp);
  g_clear_object (&data->converted);
  g_clear_error (&data->error);
  g_free (data);
}

static void
end_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  EndData *data = task_data;

  /* Does nothing after a successful commit. */
  if (data->temp != NULL)
    cutout_output_temp_abort (data->temp);
  if (data->converted != NULL)
    g_file_delete (data->converted, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
pipeline_release (CutoutPipeline *p)
{
  CutoutQueue *queue = g_object_ref (p->queue);
  CutoutJob *job = g_object_ref (p->job);

  /* The target stays reserved after a success, so that no later job of
   * the batch replaces the result; otherwise the name is free again. */
  if (p->target != NULL && cutout_job_get_state (job) != CUTOUT_JOB_STATE_DONE)
    cutout_output_reservations_release (queue->reservations, p->target);

  p->run->pipeline = NULL;
  pipeline_free (p);
  cutout_queue_pipeline_ended (queue, job);
  g_object_unref (job);
  g_object_unref (queue);
}

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  EndData *data = g_task_get_task_data (G_TASK (result));
  CutoutPipeline *p = data->p;
  CutoutJob *job = p->job;

  if (data->error != NULL)
    cutout_queue_job_failed (p->queue, job, data->error, data->possibly_charged, p->connected);
  else
    {
      GFile *output = cutout_job_get_output (job);

      cutout_job_set_error (job, NULL);
      cutout_job_set_progress (job, 1.0, 1.0);
      cutout_job_set_finished (job, g_get_real_time ());
      cutout_queue_set_job_state (p->queue, job, CUTOUT_JOB_STATE_DONE);
      /* A later job with the same bytes and options reuses it. */
      if (p->run->running_key != NULL && output != NULL)
        g_hash_table_replace (p->queue->done_outputs, g_strdup (p->run->running_key),
                              g_object_ref (output));
    }

  cutout_queue_store_job (p->queue, job);
  pipeline_release (p);
}

/* Every way out of the pipeline: removes its files (not cancellable: a
 * cancelled job must leave nothing behind), then sets the job's state.
 * Takes @error (NULL = done). */
static void
pipeline_end (CutoutPipeline *p,
              GError         *error,
              gboolean        possibly_charged)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, end_cb, NULL);
  EndData *data = g_new0 (EndData, 1);

  g_clear_handle_id (&p->watchdog_source, g_source_remove);

  /* A user's cancel wins over whatever the step reported. */
  if (error != NULL && p->run->user_cancelled && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
    }

  data->p = p;
  data->temp = g_steal_pointer (&p->temp);
  data->converted = g_steal_pointer (&p->converted);
  data->error = error;
  data->possibly_charged = possibly_charged;
  g_task_set_task_data (task, data, (GDestroyNotify) end_data_free);
  g_task_run_in_thread (task, end_thread);
}

/* ---- Commit ------------------------------------------------------------- */

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  g_autoptr(GFile) final = NULL;
  GError *error = NULL;

  final = cutout_output_temp_commit_finish (CUTOUT_OUTPUT_TEMP (object), result, &error);
  if (final == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  /* With ADD_NUMBER the commit may have moved to the next free name
   * (and its reservation with it): the intent follows at once, so that
   * even the window before "done" is stored names the right file. */
  if (!g_file_equal (final, p->target))
    cutout_queue_store_intent (p->queue, p->job, final, p->bytes_out);
  g_set_object (&p->target, final);
  cutout_job_set_output (p->job, final);
  cutout_job_set_bytes_out (p->job, p->bytes_out);
  pipeline_end (p, NULL, FALSE);
}

static void
commit (CutoutPipeline *p)
{
  /* A crash after the rename but before "done" is stored must not send
   * the job again: the store learns where the result goes, and its size,
   * first (see cutout_store_restore_queue()). */
  cutout_queue_store_intent (p->queue, p->job, p->target, p->bytes_out);
  cutout_output_temp_commit_async (p->temp, p->target, p->policy, cutout_job_get_input (p->job),
                                   p->queue->reservations, p->cancellable, commit_cb, p);
}

/* The earlier result already is the file this job would write. */
static void
reuse_duplicate (CutoutPipeline *p)
{
  g_autoptr(GFileInfo) info = NULL;

  cutout_job_set_output (p->job, p->dup_source);
  info = g_file_query_info (p->dup_source, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL)
    cutout_job_set_bytes_out (p->job, g_file_info_get_size (info));
  cutout_job_set_note (p->job, _("Same image and options as an earlier result: reused it, no credit used"));
  pipeline_end (p, NULL, FALSE);
}

static void
target_resolved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data);
static void send_or_convert (CutoutPipeline *p);

/* The template expanded for this job; {w}/{h} are the result's size once
 * known (0 before). */
static char *
expand_name (CutoutPipeline  *p,
             GError         **error)
{
  g_autofree char *basename = g_file_get_basename (cutout_job_get_input (p->job));

  return cutout_output_expand_template (p->name_template, basename, p->options->format,
                                        p->width, p->height, p->date, p->run->number, error);
}

/* ---- After the download: finish, name with {w}/{h}, commit -------------- */

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  g_autofree char *name = NULL;
  GError *error = NULL;
  int width = 0, height = 0;

  if (!cutout_queue_post_finish (result, &width, &height, &p->bytes_out, &error))
    {
      /* Evicted between the check and the render: ask the service. */
      if (p->cached && g_error_matches (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_NOT_CACHED))
        {
          g_clear_error (&error);
          p->cached = FALSE;
          send_or_convert (p);
          return;
        }
      pipeline_end (p, error, FALSE);
      return;
    }
  if (p->cached)
    cutout_job_set_note (p->job, _("Made on this computer from the kept cut-out: no credit used"));

  if (width > 0)
    {
      p->width = width;
      p->height = height;
    }

  if (p->target != NULL)
    {
      commit (p);
      return;
    }

  /* The template needs the result's size: only now is the name known. */
  name = expand_name (p, &error);
  if (name == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }
  if (p->dup_source != NULL)
    {
      g_autoptr(GFile) candidate = g_file_get_child (p->folder, name);

      if (cutout_queue_is_same_file (candidate, p->dup_source))
        {
          reuse_duplicate (p);
          return;
        }
    }
  cutout_output_resolve_target_async (p->folder, name, p->policy, cutout_job_get_input (p->job),
                                      p->queue->reservations, p->cancellable, target_resolved_cb, p);
}

static void
post_process (CutoutPipeline *p)
{
  CutoutFinishSettings finish = p->finish;
  CutoutQueueEditable editable = { NULL, };

  /* An earlier result was oriented already (or not, as that batch chose):
   * turning it again would be wrong. Trimming again changes nothing. */
  if (p->dup_source != NULL)
    finish.orient = FALSE;
  if (p->editable)
    {
      editable.cache = cutout_queue_get_cutout_cache (p->queue);
      editable.hash = p->run->hash;
      editable.options = p->options;
      editable.store = !p->cached;
    }
  cutout_queue_post_async (cutout_job_get_input (p->job), cutout_output_temp_get_file (p->temp),
                           &finish, p->editable ? &editable : NULL, p->target == NULL,
                           p->cancellable, post_cb, p);
}

/* ---- The request -------------------------------------------------------- */

#define PROGRESS_STEPS 100                 /* 1 % of the body… */
#define PROGRESS_INTERVAL_US (100 * 1000)  /* …or 100 ms, whichever comes first */

/* Whether this report can be left out: libsoup reports every 8 KiB, and
 * each report given to the job notifies two properties and their
 * handlers, a few percent of a batch's CPU time. The first and the last
 * report of each phase are always given. */
static gboolean
progress_is_minor (CutoutPipeline      *p,
                   CutoutTransferPhase  phase,
                   goffset              done,
                   goffset              total,
                   gint64               now)
{
  if (phase != p->shown_phase || total <= 0 || done <= p->shown_done || done >= total ||
      done - p->shown_done >= total / PROGRESS_STEPS || now - p->shown_us >= PROGRESS_INTERVAL_US)
    {
      p->shown_phase = phase;
      p->shown_done = done;
      p->shown_us = now;
      return FALSE;
    }
  return TRUE;
}

static void
progress_cb (CutoutTransferPhase phase,
             goffset             done,
             goffset             total,
             gpointer            user_data)
{
  CutoutPipeline *p = user_data;
  CutoutJob *job = p->job;

  /* Every byte counts as activity for the watchdog. */
  p->last_activity = g_get_monotonic_time ();
  p->connected = TRUE;
  if (progress_is_minor (p, phase, done, total, p->last_activity))
    return;

  if (phase == CUTOUT_TRANSFER_UPLOAD)
    {
      double fraction = total > 0 ? (double) done / (double) total : 0.0;

      cutout_job_set_progress (job, fraction, 0.0);
      if (total > 0 && done >= total)
        {
          /* The service has it all; it is working on it now. */
          p->body_sent = TRUE;
          if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_UPLOADING)
            cutout_queue_set_job_state (p->queue, job, CUTOUT_JOB_STATE_PROCESSING);
        }
    }
  else
    {
      p->body_sent = TRUE;
      cutout_job_set_progress (job, 1.0, total > 0 ? (double) done / (double) total : -1.0);
      if (cutout_job_get_state (job) != CUTOUT_JOB_STATE_DOWNLOADING)
        cutout_queue_set_job_state (p->queue, job, CUTOUT_JOB_STATE_DOWNLOADING);
    }
}

/* The watchdog: libsoup requests can hang without an error (a proxy that
 * holds the connection, a server that stops sending). When no byte has
 * moved for watchdog-seconds, the request is cancelled and retried as a
 * transient failure. "No byte moved" includes the time between the end of
 * the upload and the answer's headers, when the service legitimately
 * works on the image: watchdog-seconds must stay above the longest
 * processing time expected (the default of 60 s is far above it). */
static gboolean
watchdog_cb (gpointer user_data)
{
  CutoutPipeline *p = user_data;
  gint64 limit = (gint64) (p->queue->watchdog_seconds * G_USEC_PER_SEC);

  if (limit <= 0 || g_get_monotonic_time () - p->last_activity < limit)
    return G_SOURCE_CONTINUE;

  p->watchdog_source = 0;
  p->watchdog_fired = TRUE;
  g_cancellable_cancel (p->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
is_possibly_charged (const GError *error)
{
  guint status;

  if (!cutout_api_error_get_body_sent (error) ||
      (!g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK) &&
       !g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE)))
    return FALSE;

  /* An error answer (5xx) is an answer: the service charges only for a
   * result. A lost or cut-off result may have been paid for. */
  status = cutout_api_error_get_http_status (error);
  return status == 0 || status == 200;
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  g_autoptr(CutoutRemoveResult) answer = NULL;
  GError *error = NULL;
  gboolean possibly_charged = FALSE;
  guint status;

  g_clear_handle_id (&p->watchdog_source, g_source_remove);

  answer = cutout_client_remove_background_finish (CUTOUT_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (p->watchdog_fired && !p->run->user_cancelled &&
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          char seconds[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *message = NULL;

          g_ascii_formatd (seconds, sizeof seconds, "%g", p->queue->watchdog_seconds);
          message = g_strdup_printf (_("Nothing was sent or received for %s seconds; the "
                                       "request was given up."), seconds);
          g_clear_error (&error);
          error = cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, message);
          cutout_api_error_set_body_sent (error, p->body_sent);
        }

      possibly_charged = is_possibly_charged (error);
      status = cutout_api_error_get_http_status (error);
      p->run->http_status = status;
      /* A request cancelled by the user after its body was sent may have
       * been charged too (the job is cancelled all the same). */
      if (possibly_charged ||
          (p->body_sent && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        {
          cutout_job_set_possibly_charged (p->job, cutout_job_get_possibly_charged (p->job) + 1);
          cutout_queue_charged (p->queue);
          cutout_queue_record_attempt (p->queue, p->job, p->attempt, p->attempt_started,
                                       g_get_real_time (), status, error, TRUE);
        }
      else
        cutout_queue_record_attempt (p->queue, p->job, p->attempt, p->attempt_started,
                                     g_get_real_time (), status, error, FALSE);
      pipeline_end (p, error, possibly_charged);
      return;
    }

  p->run->http_status = answer->http_status;
  cutout_queue_record_attempt (p->queue, p->job, p->attempt, p->attempt_started,
                               g_get_real_time (), answer->http_status, NULL, FALSE);
  cutout_queue_charged (p->queue);
  /* The service answered: whatever made the queue wait is over. */
  cutout_queue_reset_waits (p->queue);

  post_process (p);
}

static void
send_request (CutoutPipeline *p)
{
  CutoutJob *job = p->job;
  const CutoutPreflightInfo *info = p->converted_info != NULL ? p->converted_info : p->run->info;
  GFile *upload = p->converted != NULL ? p->converted : cutout_job_get_input (job);
  guint interval;

  p->attempt = cutout_job_get_attempts (job) + 1;
  p->attempt_started = g_get_real_time ();
  p->last_activity = g_get_monotonic_time ();
  p->shown_phase = CUTOUT_TRANSFER_UPLOAD;
  p->shown_done = 0;
  cutout_job_set_attempts (job, p->attempt);
  cutout_queue_record_attempt (p->queue, job, p->attempt, p->attempt_started, 0, 0, NULL, FALSE);

  if (p->queue->watchdog_seconds > 0)
    {
      interval = CLAMP ((guint) (p->queue->watchdog_seconds * 1000 / 4), 10, 1000);
      p->watchdog_source = g_timeout_add (interval, watchdog_cb, p);
    }

  cutout_client_remove_background_async (p->queue->client, upload, info,
                                         p->editable ? p->request_options : p->options,
                                         cutout_output_temp_get_file (p->temp),
                                         progress_cb, p, NULL,
                                         p->cancellable, request_cb, p);
}

/* ---- Conversion --------------------------------------------------------- */

static void
convert_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  g_autoptr(CutoutConvertResult) converted = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;
  GError *error = NULL;

  if (!cutout_queue_convert_finish (result, &converted, &info, &error))
    {
      /* Say why the service would refuse the file, and why the
       * conversion could not help. */
      if (p->run->preflight_error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *both = g_error_copy (p->run->preflight_error);

          g_free (both->message);
          both->message = g_strdup_printf ("%s (%s)", p->run->preflight_error->message, error->message);
          g_clear_error (&error);
          error = both;
        }
      pipeline_end (p, error, FALSE);
      return;
    }

  if (converted->output != NULL)
    {
      g_autofree char *basename = g_file_get_basename (cutout_job_get_input (p->job));
      char *dot = strrchr (basename, '.');

      p->converted = g_object_ref (converted->output);
      p->converted_info = g_steal_pointer (&info);
      /* The service sees the original's name with the new type. */
      if (dot != NULL && dot != basename)
        *dot = '\0';
      g_free (p->converted_info->upload_name);
      p->converted_info->upload_name = g_strconcat (basename, ".png", NULL);
      cutout_job_set_note (p->job, converted->description);
    }
  else
    p->converted_info = g_steal_pointer (&info);

  send_request (p);
}

/* ---- Temp file, then the result ------------------------------------------ */

static void
copy_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  GError *error = NULL;

  if (!cutout_queue_copy_finish (result, &error))
    {
      pipeline_end (p, error, FALSE);
      return;
    }
  cutout_job_set_note (p->job, _("Same image and options as an earlier result: copied it, no credit used"));
  post_process (p);
}

static void
temp_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  GError *error = NULL;

  p->temp = cutout_output_temp_new_finish (result, &error);
  if (p->temp == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  if (p->dup_source != NULL)
    {
      cutout_queue_copy_async (p->dup_source, cutout_output_temp_get_file (p->temp),
                               p->cancellable, copy_cb, p);
      return;
    }

  /* The cut-out is kept: the output is rendered from it, for free. */
  if (p->cached)
    {
      post_process (p);
      return;
    }

  send_or_convert (p);
}

/* The request, after a local conversion when the file needs one. */
static void
send_or_convert (CutoutPipeline *p)
{
  GError *error = NULL;

  if (p->run->convert != CUTOUT_CONVERT_NONE)
    {
      g_autoptr(GFile) folder = NULL;

      /* Converted uploads go to a private folder, deleted with the queue. */
      if (p->queue->convert_dir == NULL)
        {
          p->queue->convert_dir = g_dir_make_tmp ("cutout-convert-XXXXXX", &error);
          if (p->queue->convert_dir == NULL)
            {
              pipeline_end (p, error, FALSE);
              return;
            }
        }

      folder = g_file_new_for_path (p->queue->convert_dir);
      cutout_queue_convert_async (cutout_job_get_input (p->job), folder, p->cancellable, convert_cb, p);
      return;
    }

  send_request (p);
}

static void
target_resolved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  GError *error = NULL;

  p->target = cutout_output_resolve_target_finish (result, &error);
  if (p->target == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  if (p->temp != NULL)
    commit (p);
  else
    cutout_output_temp_new_async (p->folder, p->cancellable, temp_cb, p);
}

/* Resolved before the request: with SKIP an existing result costs
 * nothing, and the name is reserved against the batch's other jobs. */
static void
resolve_target (CutoutPipeline *p)
{
  cutout_output_resolve_target_async (p->folder, p->name, p->policy, cutout_job_get_input (p->job),
                                      p->queue->reservations, p->cancellable, target_resolved_cb, p);
}

static void
reuse_check_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  GError *error = NULL;

  if (cutout_queue_same_result_finish (result, &error))
    {
      g_autoptr(GFile) candidate = g_file_get_child (p->folder, p->name);

      g_set_object (&p->dup_source, candidate);
      reuse_duplicate (p);
    }
  else if (error != NULL)
    pipeline_end (p, error, FALSE);
  else
    resolve_target (p);
}

/* ---- Start -------------------------------------------------------------- */

/* An earlier result for the same bytes and options: one of this queue's,
 * or one in the store's history (only when its file still exists). */
static GFile *
find_duplicate (CutoutPipeline *p)
{
  GFile *known = g_hash_table_lookup (p->queue->done_outputs, p->run->running_key);

  if (known != NULL && g_file_query_exists (known, NULL))
    return g_object_ref (known);

  if (p->queue->store != NULL)
    {
      g_autoptr(CutoutJobRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = cutout_store_find_duplicate (p->queue->store, p->run->hash, p->options_text, &error);
      if (error != NULL)
        g_warning ("Could not look for an earlier result: %s", error->message);
      if (record != NULL && record->output_path != NULL && record->id != cutout_job_get_id (p->job))
        return g_file_new_for_path (record->output_path);
    }
  return NULL;
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CutoutPipeline *p = user_data;
  CutoutQueue *queue = p->queue;
  CutoutJob *job = p->job;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  if (!cutout_queue_prepare_job_finish (queue, result, &error))
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  if (!cutout_options_validate (p->options, &error))
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  /* In editable mode the request, and so the duplicate, depends on the
   * bytes only: a cached cut-out is this mode's earlier result. */
  key = cutout_queue_make_key (p->run->hash, p->editable ? CUTOUT_QUEUE_EDITABLE_KEY : p->options_text);
  if (g_hash_table_contains (queue->running_keys, key))
    {
      /* The same image with the same options is on its way already:
       * this one waits and then reuses that result instead of paying
       * for it twice. The scheduler skips it meanwhile. */
      cutout_queue_set_job_state (queue, job, CUTOUT_JOB_STATE_QUEUED);
      pipeline_release (p);
      return;
    }
  p->run->running_key = g_steal_pointer (&key);
  g_hash_table_insert (queue->running_keys, g_strdup (p->run->running_key), GUINT_TO_POINTER (1));
  cutout_queue_store_job (queue, job);

  if (p->editable)
    p->cached = cutout_cutout_cache_contains (cutout_queue_get_cutout_cache (queue), p->run->hash);
  else
    p->dup_source = find_duplicate (p);

  p->folder = cutout_output_get_target_folder (cutout_job_get_input (job),
                                               cutout_job_get_source_root (job),
                                               p->output_folder, &error);
  if (p->folder == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  if (cutout_output_template_uses_size (p->name_template))
    {
      /* The name needs the result's size: it is chosen after the download. */
      cutout_output_temp_new_async (p->folder, p->cancellable, temp_cb, p);
      return;
    }

  name = expand_name (p, &error);
  if (name == NULL)
    {
      pipeline_end (p, error, FALSE);
      return;
    }

  p->name = g_steal_pointer (&name);
  if (p->dup_source != NULL)
    {
      g_autoptr(GFile) candidate = g_file_get_child (p->folder, p->name);

      cutout_queue_same_result_async (candidate, p->dup_source, p->cancellable, reuse_check_cb, p);
      return;
    }

  resolve_target (p);
}

void
cutout_queue_run_job (CutoutQueue *self,
                      CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  CutoutPipeline *p;

  g_assert (run->pipeline == NULL);

  p = g_new0 (CutoutPipeline, 1);
  p->queue = g_object_ref (self);
  p->job = g_object_ref (job);
  p->run = run;
  p->cancellable = g_cancellable_new ();
  p->options = cutout_options_copy (cutout_queue_get_effective_options (self, job));
  p->options_text = cutout_options_to_string (p->options);
  p->name_template = g_strdup (self->name_template);
  p->policy = self->collision;
  p->finish.trim = self->trim;
  p->finish.trim_margin = self->trim_margin;
  p->finish.orient = self->orient;
  p->output_folder = self->output_folder != NULL ? g_object_ref (self->output_folder) : NULL;
  p->date = g_date_time_new_now_local ();
  p->editable = self->keep_editable;
  if (p->editable)
    {
      /* The bare cut-out, full size and transparent: all the rest is
       * done locally and can be redone without a credit. */
      p->request_options = cutout_options_new ();
      p->request_options->format = CUTOUT_FORMAT_PNG;
    }

  run->pipeline = p;
  run->user_cancelled = FALSE;
  self->n_in_flight++;

  if (cutout_job_get_started (job) == 0)
    cutout_job_set_started (job, g_get_real_time ());
  cutout_job_set_progress (job, 0.0, 0.0);
  cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_UPLOADING);

  cutout_queue_prepare_job_async (self, job, p->cancellable, prepared_cb, p);
}

void
cutout_queue_cancel_pipeline (CutoutPipeline *pipeline)
{
  g_cancellable_cancel (pipeline->cancellable);
}
