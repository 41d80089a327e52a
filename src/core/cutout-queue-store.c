/* cutout-queue-store.c — the queue's jobs coming and going: the history, adding, restoring, removing, re-rendering
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

/* ---- Store -------------------------------------------------------------- */

/* A file as the store keeps it: its path, or its URI when it has none. */
static char *
file_to_text (GFile *file)
{
  char *path;

  if (file == NULL)
    return NULL;
  path = g_file_get_path (file);
  return path != NULL ? path : g_file_get_uri (file);
}

static GFile *
file_from_text (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_path_is_absolute (text))
    return g_file_new_for_path (text);
  return g_file_new_for_uri (text);
}

CutoutJobRecord *
cutout_queue_record_from_job (CutoutQueue *self,
                              CutoutJob   *job,
                              const char  *batch_text)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  CutoutJobRecord *record = cutout_job_record_new ();
  GFile *output = cutout_job_get_output (job);

  record->id = cutout_job_get_id (job);
  record->input_path = file_to_text (cutout_job_get_input (job));
  record->source_root = file_to_text (cutout_job_get_source_root (job));
  record->content_hash = g_strdup (run->hash);
  record->input_size = cutout_job_get_bytes_in (job);
  record->width = cutout_job_get_width (job);
  record->height = cutout_job_get_height (job);
  if (batch_text != NULL && cutout_job_get_options_override (job) == NULL)
    record->options = g_strdup (batch_text);
  else
    record->options = cutout_options_to_string (cutout_queue_get_effective_options (self, job));
  record->options_override = cutout_job_get_options_override (job) != NULL;
  record->state = cutout_job_get_state (job);
  cutout_job_record_set_error (record, cutout_job_get_error (job));
  record->http_status = run->http_status;
  record->output_path = output != NULL ? g_file_get_path (output) : NULL;
  record->output_size = cutout_job_get_bytes_out (job);
  record->attempts = cutout_job_get_attempts (job);
  record->possibly_charged = cutout_job_get_possibly_charged (job);
  record->created_us = cutout_job_get_created (job);
  record->started_us = cutout_job_get_started (job);
  record->finished_us = cutout_job_get_finished (job);
  record->batch_id = g_strdup (run->batch_id);
  return record;
}

/* A store that fails is worth a warning: the history (and the crash
 * recovery) would silently miss this job otherwise. */
void
cutout_queue_warn_store (const char   *what,
            const GError *error)
{
  g_warning ("Could not %s in the history: %s", what, error->message);
}

void
cutout_queue_store_job (CutoutQueue *self,
                        CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  g_autoptr(CutoutJobRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  /* Still being written in the background: saved once it is stored. */
  if (run->storing != NULL)
    {
      run->store_dirty = TRUE;
      return;
    }
  if (cutout_job_get_id (job) == 0)
    return;

  record = cutout_queue_record_from_job (self, job, NULL);
  if (!cutout_store_update_job (self->store, record, &error))
    cutout_queue_warn_store ("save a job", error);
}

void
cutout_queue_store_intent (CutoutQueue *self,
                           CutoutJob   *job,
                           GFile       *target,
                           goffset      size)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || cutout_job_get_id (job) == 0)
    return;

  path = g_file_get_path (target);
  if (!cutout_store_set_job_output (self->store, cutout_job_get_id (job), path, size, &error))
    cutout_queue_warn_store ("record where a result goes", error);
}

void
cutout_queue_record_attempt (CutoutQueue  *self,
                             CutoutJob    *job,
                             guint         number,
                             gint64        started_us,
                             gint64        finished_us,
                             guint         http_status,
                             const GError *error,
                             gboolean      possibly_charged)
{
  CutoutAttemptRecord attempt = { 0, };
  g_autoptr(GError) store_error = NULL;

  if (self->store == NULL || cutout_job_get_id (job) == 0)
    return;

  attempt.job_id = cutout_job_get_id (job);
  attempt.number = number;
  attempt.started_us = started_us;
  attempt.finished_us = finished_us;
  attempt.http_status = http_status;
  attempt.error_message = error != NULL ? error->message : NULL;
  attempt.possibly_charged = possibly_charged;
  if (!cutout_store_record_attempt (self->store, &attempt, &store_error))
    cutout_queue_warn_store ("record an attempt", store_error);
}

/* ---- Adding, restoring and removing jobs ------------------------------- */

static void
take_job (CutoutQueue *self,
          CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);

  if (self->batch_id == NULL)
    self->batch_id = g_uuid_string_random ();

  run->queue = self;
  run->number = ++self->next_number;
  if (run->batch_id == NULL)
    run->batch_id = g_strdup (self->batch_id);
  if (cutout_job_get_created (job) == 0)
    cutout_job_set_created (job, g_get_real_time ());
  g_ptr_array_add (self->jobs, g_object_ref (job));
  cutout_queue_count_job (self, job, +1);
}

static void
jobs_added (CutoutQueue *self,
            guint        position,
            guint        n_added)
{
  if (n_added == 0)
    return;

  /* New work after a finished batch waits for Start. */
  if (!self->started && self->finished)
    {
      self->finished = FALSE;
      cutout_queue_update_state (self);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_added);
  cutout_queue_queue_forecast (self);
  cutout_queue_schedule (self);
}

/* Below this many jobs, cutout_queue_add_files_async () writes them at
 * once like cutout_queue_add_files (): a few milliseconds, and the jobs
 * can start straight away. */
#define BACKGROUND_MIN_JOBS 64

/* Stores the jobs from @position on: in one transaction on the main
 * connection, or (@background, or when an earlier background write still
 * runs: the live queue keeps the order) in a thread. Returns whether the
 * write went to the background; @task then returns when it is done. */
static gboolean
store_new_jobs (CutoutQueue *self,
                guint        position,
                gboolean     background,
                GTask       *task)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_text = NULL;

  if (self->store == NULL || position >= self->jobs->len)
    return FALSE;

  /* The batch's options as text once, not once per job. */
  batch_text = self->options != NULL ? cutout_options_to_string (self->options) : NULL;
  records = g_ptr_array_new_full (self->jobs->len - position, (GDestroyNotify) cutout_job_record_free);
  for (guint i = position; i < self->jobs->len; i++)
    g_ptr_array_add (records, cutout_queue_record_from_job (self, g_ptr_array_index (self->jobs, i), batch_text));

  if (background || cutout_queue_writer_busy (self))
    {
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_full (records->len, NULL);

      for (guint i = position; i < self->jobs->len; i++)
        g_ptr_array_add (jobs, g_ptr_array_index (self->jobs, i));
      if (cutout_queue_write_in_background (self, jobs, records, task))
        return TRUE;
    }

  /* One transaction for the lot: a folder of 500 photos is one write. */
  if (!cutout_store_insert_jobs (self->store, records, TRUE, &error))
    {
      cutout_queue_warn_store ("add jobs", error);
      if (task != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return FALSE;
    }
  for (guint i = 0; i < records->len; i++)
    {
      CutoutJobRecord *record = g_ptr_array_index (records, i);

      cutout_job_set_id (g_ptr_array_index (self->jobs, position + i), record->id);
    }
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
  return FALSE;
}

/* Appends a job per file; returns the position of the first. */
static guint
take_files (CutoutQueue *self,
            GList       *files,
            GFile       *source_root)
{
  guint position = self->jobs->len;

  /* Every job changes the counts: their notifications go out once, after
   * the lot, not 10,000 times. */
  g_object_freeze_notify (G_OBJECT (self));
  for (GList *l = files; l != NULL; l = l->next)
    {
      g_autoptr(CutoutJob) job = NULL;

      if (!G_IS_FILE (l->data))
        {
          g_critical ("%s: not a GFile in the list", G_STRFUNC);
          continue;
        }
      job = cutout_job_new (l->data, source_root);
      take_job (self, job);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return position;
}

void
cutout_queue_add_files (CutoutQueue *self,
                        GList       *files,
                        GFile       *source_root)
{
  guint position;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (source_root == NULL || G_IS_FILE (source_root));

  position = take_files (self, files, source_root);
  store_new_jobs (self, position, FALSE, NULL);
  jobs_added (self, position, self->jobs->len - position);
}

void
cutout_queue_add_files_async (CutoutQueue         *self,
                              GList               *files,
                              GFile               *source_root,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint position;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (source_root == NULL || G_IS_FILE (source_root));

  /* Without a callback nothing holds the queue: it may go away while
   * the write runs (which then still ends). */
  if (callback != NULL)
    {
      task = g_task_new (self, NULL, callback, user_data);
      g_task_set_source_tag (task, cutout_queue_add_files_async);
    }

  position = take_files (self, files, source_root);
  if (self->store == NULL || position == self->jobs->len)
    {
      if (task != NULL)
        g_task_return_boolean (task, TRUE);
    }
  else
    store_new_jobs (self, position, self->jobs->len - position >= BACKGROUND_MIN_JOBS, task);
  jobs_added (self, position, self->jobs->len - position);
}

gboolean
cutout_queue_add_files_finish (CutoutQueue   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cutout_queue_append_job (CutoutQueue *self,
                         CutoutJob   *job)
{
  guint position;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_JOB (job));
  g_return_if_fail (cutout_job_get_state (job) == CUTOUT_JOB_STATE_QUEUED);
  g_return_if_fail (cutout_job_get_id (job) == 0);
  g_return_if_fail (cutout_queue_get_run (job)->queue == NULL);

  position = self->jobs->len;
  take_job (self, job);
  store_new_jobs (self, position, FALSE, NULL);
  jobs_added (self, position, 1);
}

/* A restored job is sent with the options it was queued with. The
 * record's text is the job's effective options then: when it is not what
 * the batch would send now (the options were changed, or the app was
 * started with other ones), the job gets it back as its own override. */
static void
restore_options (CutoutJob             *job,
                 const CutoutJobRecord *record,
                 const char            *batch_text)
{
  g_autoptr(CutoutOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  /* A record without options text (the column's default) says nothing
   * about them: the job follows the batch. */
  if (record->options == NULL || record->options[0] == '\0')
    return;
  if (!record->options_override && g_str_equal (record->options, batch_text))
    return;

  options = cutout_options_new_from_string (record->options, &error);
  if (options != NULL)
    {
      cutout_job_set_options_override (job, options);
      return;
    }

  /* Never send it with other options than the user chose: a job still to
   * do fails with the reason, and can be retried with the batch's. */
  if (!cutout_job_state_is_final (cutout_job_get_state (job)))
    {
      g_autoptr(GError) invalid = g_error_new (CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_INVALID,
                                               _("The options this image was queued with (“%s”) "
                                                 "cannot be used: %s"),
                                               record->options, error->message);

      cutout_job_set_error (job, invalid);
      cutout_job_set_state (job, CUTOUT_JOB_STATE_FAILED);
      cutout_job_set_finished (job, g_get_real_time ());
    }
}

static CutoutJob *
job_from_record (const CutoutJobRecord *record,
                 const char            *batch_text)
{
  g_autoptr(GFile) input = file_from_text (record->input_path);
  g_autoptr(GFile) source_root = file_from_text (record->source_root);
  CutoutJob *job;
  CutoutJobRun *run;

  job = cutout_job_new (input, source_root);
  run = cutout_queue_get_run (job);
  cutout_job_set_id (job, record->id);
  cutout_job_set_state (job, record->state);
  cutout_job_set_input_info (job, record->width, record->height, record->input_size);
  cutout_job_set_bytes_out (job, record->output_size);
  cutout_job_set_attempts (job, record->attempts);
  cutout_job_set_possibly_charged (job, record->possibly_charged);
  cutout_job_set_created (job, record->created_us);
  cutout_job_set_started (job, record->started_us);
  cutout_job_set_finished (job, record->state == CUTOUT_JOB_STATE_QUEUED ? 0 : record->finished_us);
  if (record->output_path != NULL && record->state == CUTOUT_JOB_STATE_DONE)
    {
      g_autoptr(GFile) output = g_file_new_for_path (record->output_path);

      cutout_job_set_output (job, output);
    }
  if (record->error_message != NULL && record->error_domain != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (g_quark_from_string (record->error_domain),
                                                     record->error_code, record->error_message);

      cutout_job_set_error (job, error);
    }
  restore_options (job, record, batch_text);
  run->http_status = record->http_status;
  run->batch_id = g_strdup (record->batch_id);
  return job;
}

/* A job whose options could not be restored failed just now: the store
 * says so too, and keeps the options text it was queued with. */
static void
store_restore_failure (CutoutQueue           *self,
                       CutoutJob             *job,
                       const CutoutJobRecord *record)
{
  g_autoptr(CutoutJobRecord) failed = cutout_job_record_copy (record);
  g_autoptr(GError) error = NULL;

  failed->state = cutout_job_get_state (job);
  failed->finished_us = cutout_job_get_finished (job);
  cutout_job_record_set_error (failed, cutout_job_get_error (job));
  if (!cutout_store_update_job (self->store, failed, &error))
    cutout_queue_warn_store ("save a job", error);
}

static void
cleanup_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  int removed = cutout_output_cleanup_stale_finish (result, &error);

  if (removed > 0)
    g_debug ("Removed %d temporary files left by an interrupted run", removed);
}

/* A run killed in the middle left its temporary files in the folders
 * its results were going to; remove those (their writer is gone) in the
 * background. Files of a process still writing are left alone. */
static void
cleanup_interrupted_temps (CutoutQueue *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      g_autoptr(GFile) folder = NULL;
      char *path;

      if (cutout_job_state_is_final (cutout_job_get_state (job)))
        continue;
      folder = cutout_output_get_target_folder (cutout_job_get_input (job),
                                                cutout_job_get_source_root (job),
                                                self->output_folder, NULL);
      path = folder != NULL ? g_file_get_path (folder) : NULL;
      if (path == NULL || g_hash_table_contains (seen, path))
        {
          g_free (path);
          continue;
        }
      g_hash_table_add (seen, path);
      cutout_output_cleanup_stale_async (folder, G_TIME_SPAN_DAY, NULL, cleanup_done_cb, NULL);
    }
}

gboolean
cutout_queue_restore (CutoutQueue  *self,
                      GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *batch_text = NULL;
  guint position;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (self->jobs->len == 0, FALSE);

  if (self->store == NULL)
    return TRUE;

  if (!cutout_store_restore_queue (self->store, NULL, NULL, error))
    return FALSE;
  records = cutout_store_queue_load (self->store, error);
  if (records == NULL)
    return FALSE;

  batch_text = self->options != NULL ? cutout_options_to_string (self->options) : NULL;
  position = self->jobs->len;
  for (guint i = 0; i < records->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (records, i);
      g_autoptr(CutoutJob) job = job_from_record (record, batch_text);

      if (self->batch_id == NULL && record->batch_id != NULL)
        self->batch_id = g_strdup (record->batch_id);
      take_job (self, job);
      /* A restored result keeps its name reserved, like one of this run. */
      if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE && cutout_job_get_output (job) != NULL)
        {
          cutout_output_reservations_reserve (self->reservations, cutout_job_get_output (job));
          if (record->content_hash != NULL && record->options != NULL)
            g_hash_table_replace (self->done_outputs,
                                  cutout_queue_make_key (record->content_hash, record->options),
                                  g_object_ref (cutout_job_get_output (job)));
        }
      if (cutout_job_get_state (job) != record->state)
        store_restore_failure (self, job, record);
    }

  if (self->jobs->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->jobs->len - position);
  cleanup_interrupted_temps (self);
  cutout_queue_queue_forecast (self);
  return TRUE;
}

static void
forget_job (CutoutQueue *self,
            CutoutJob   *job)
{
  CutoutJobRun *run = cutout_queue_get_run (job);

  g_clear_handle_id (&run->retry_source, g_source_remove);
  run->queue = NULL;
  cutout_queue_count_job (self, job, -1);
  if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE && cutout_job_get_output (job) != NULL)
    cutout_output_reservations_release (self->reservations, cutout_job_get_output (job));
}

static void
store_dequeue (CutoutQueue  *self,
               GArray       *ids)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || ids->len == 0)
    return;
  if (!cutout_store_queue_remove (self->store, (const gint64 *) ids->data, ids->len, &error))
    cutout_queue_warn_store ("update the queue", error);
}

gboolean
cutout_queue_remove (CutoutQueue  *self,
                     CutoutJob    *job,
                     GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint position;
  gint64 id;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), FALSE);

  if (!g_ptr_array_find (self->jobs, job, &position))
    return TRUE;

  if (cutout_queue_get_run (job)->pipeline != NULL)
    {
      g_set_error (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_BUSY,
                   _("“%s” is being processed; cancel it first"), cutout_job_get_display_name (job));
      return FALSE;
    }

  forget_job (self, job);
  id = cutout_job_get_id (job);
  if (id != 0)
    g_array_append_val (ids, id);
  g_ptr_array_remove_index (self->jobs, position);
  store_dequeue (self, ids);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  cutout_queue_queue_forecast (self);
  cutout_queue_schedule (self);
  return TRUE;
}

guint
cutout_queue_clear_finished (CutoutQueue *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint removed = 0;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);

  /* From the end, one items-changed per removed row, so that a view
   * keeps its other rows (and their widgets). */
  for (guint i = self->jobs->len; i > 0; i--)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i - 1);
      gint64 id = cutout_job_get_id (job);

      if (!cutout_job_state_is_final (cutout_job_get_state (job)))
        continue;

      forget_job (self, job);
      if (id != 0)
        g_array_append_val (ids, id);
      g_ptr_array_remove_index (self->jobs, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
      removed++;
    }
  store_dequeue (self, ids);
  cutout_queue_queue_forecast (self);
  return removed;
}

/* ---- Re-rendering a done job ------------------------------------------- */

/* The queue's settings as they were when the re-render was asked for, so
 * that the work can run in a thread without touching the queue. */
typedef struct
{
  CutoutJob                *job;
  GFile                    *input;
  GFile                    *source_root;
  GFile                    *output_folder;
  GFile                    *old_output;
  char                     *name_template;
  CutoutCollisionPolicy     policy;
  CutoutFinishSettings      finish;
  CutoutOptions            *options;
  char                     *hash;
  guint                     number;
  CutoutCutoutCache        *cache;
  CutoutOutputReservations *reservations;
  /* Results */
  GFile                    *final;
  goffset                   size;
} RerenderData;

static void
rerender_data_free (RerenderData *data)
{
  g_clear_object (&data->job);
  g_clear_object (&data->input);
  g_clear_object (&data->source_root);
  g_clear_object (&data->output_folder);
  g_clear_object (&data->old_output);
  g_clear_pointer (&data->name_template, g_free);
  g_clear_pointer (&data->options, cutout_options_free);
  g_clear_pointer (&data->hash, g_free);
  g_clear_object (&data->cache);
  g_clear_object (&data->reservations);
  g_clear_object (&data->final);
  g_free (data);
}

static RerenderData *
rerender_data_new (CutoutQueue          *self,
                   CutoutJob            *job,
                   const CutoutOptions  *options,
                   GError              **error)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  RerenderData *data;

  if (run->queue != self || cutout_job_get_state (job) != CUTOUT_JOB_STATE_DONE)
    {
      g_set_error_literal (error, CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_INVALID,
                           _("Only a finished image of this queue can be changed without "
                             "processing it again."));
      return NULL;
    }
  if (!cutout_options_validate (options, error))
    return NULL;
  if (run->hash == NULL || !cutout_cutout_cache_contains (cutout_queue_get_cutout_cache (self), run->hash))
    {
      g_propagate_error (error, cutout_queue_not_cached_error (cutout_job_get_input (job)));
      return NULL;
    }

  data = g_new0 (RerenderData, 1);
  data->job = g_object_ref (job);
  data->input = g_object_ref (cutout_job_get_input (job));
  g_set_object (&data->source_root, cutout_job_get_source_root (job));
  g_set_object (&data->output_folder, self->output_folder);
  g_set_object (&data->old_output, cutout_job_get_output (job));
  data->name_template = g_strdup (self->name_template);
  data->policy = self->collision;
  data->finish.trim = self->trim;
  data->finish.trim_margin = self->trim_margin;
  data->finish.orient = self->orient;
  data->options = cutout_options_copy (options);
  data->hash = g_strdup (run->hash);
  data->number = run->number;
  data->cache = g_object_ref (cutout_queue_get_cutout_cache (self));
  data->reservations = g_object_ref (self->reservations);
  return data;
}

/* Blocking: render into a temp file beside the target, then commit it
 * under the template's name with the queue's collision policy. */
static gboolean
rerender_run (RerenderData  *data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GdkPixbuf) cutout = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(CutoutOutputTemp) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_now_local ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  gboolean released = FALSE;
  int width = 0, height = 0;

  cutout = cutout_cutout_cache_load (data->cache, data->hash, cancellable, &local_error);
  if (cutout == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, cutout_queue_not_cached_error (data->input));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  folder = cutout_output_get_target_folder (data->input, data->source_root, data->output_folder, error);
  if (folder == NULL)
    return FALSE;
  temp = cutout_output_temp_new (folder, error);
  if (temp == NULL)
    return FALSE;
  path = g_file_get_path (cutout_output_temp_get_file (temp));
  if (!cutout_queue_render_editable (data->input, cutout, data->options, &data->finish, path,
                                     &width, &height, cancellable, error))
    return FALSE;

  basename = g_file_get_basename (data->input);
  name = cutout_output_expand_template (data->name_template, basename, data->options->format,
                                        width, height, date, data->number, error);
  if (name == NULL)
    return FALSE;

  /* The job's own earlier result is reserved against the batch; with
   * OVERWRITE the user asked for it to be replaced by its new version. */
  if (data->policy == CUTOUT_COLLISION_OVERWRITE && data->old_output != NULL)
    {
      g_autoptr(GFile) candidate = g_file_get_child (folder, name);

      if (g_file_equal (candidate, data->old_output))
        {
          cutout_output_reservations_release (data->reservations, data->old_output);
          released = TRUE;
        }
    }

  target = cutout_output_resolve_target (folder, name, data->policy, data->input,
                                         data->reservations, error);
  if (target != NULL)
    data->final = cutout_output_temp_commit (temp, target, data->policy, data->input,
                                             data->reservations, cancellable, error);
  if (data->final == NULL)
    {
      if (released)
        cutout_output_reservations_reserve (data->reservations, data->old_output);
      return FALSE;
    }

  info = g_file_query_info (data->final, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  data->size = info != NULL ? g_file_info_get_size (info) : 0;
  return TRUE;
}

/* On the main thread: the job now has the new output and options. */
static GFile *
rerender_apply (CutoutQueue  *self,
                RerenderData *data)
{
  CutoutJob *job = data->job;

  cutout_job_set_output (job, data->final);
  cutout_job_set_bytes_out (job, data->size);
  cutout_job_set_options_override (job, data->options);
  cutout_job_set_note (job, _("Changed on this computer from the kept cut-out: no credit used"));
  cutout_queue_store_job (self, job);
  cutout_queue_queue_forecast (self);
  return g_object_ref (data->final);
}

GFile *
cutout_queue_rerender (CutoutQueue         *self,
                       CutoutJob           *job,
                       const CutoutOptions *options,
                       GCancellable        *cancellable,
                       GError             **error)
{
  RerenderData *data;
  GFile *final = NULL;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = rerender_data_new (self, job, options, error);
  if (data == NULL)
    return NULL;
  if (rerender_run (data, cancellable, error))
    final = rerender_apply (self, data);
  rerender_data_free (data);
  return final;
}

static void
rerender_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (rerender_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cutout_queue_rerender_async (CutoutQueue         *self,
                             CutoutJob           *job,
                             const CutoutOptions *options,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  RerenderData *data;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_JOB (job));
  g_return_if_fail (options != NULL);

  /* The queue is the source object: _finish updates the job through it,
   * so it must live until then. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_queue_rerender_async);
  data = rerender_data_new (self, job, options, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) rerender_data_free);
  g_task_run_in_thread (task, rerender_thread);
}

GFile *
cutout_queue_rerender_finish (CutoutQueue   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return rerender_apply (self, g_task_get_task_data (G_TASK (result)));
}
