/* cutout-queue-io.c — the blocking file work of the queue's pipeline, each step in a GTask thread
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cutout-api-error.h"
#include "cutout-finish.h"
#include "cutout-queue-private.h"
#include "cutout-render.h"

/* None of these tasks has a source object: a worker thread may drop a
 * task's last reference after its callback ran, and nothing (the queue
 * least of all) must live on because of that. */

/* ---- Prepare (thread) ------------------------------------------------- */

typedef struct
{
  CutoutJob                *job;
  GFile                    *input;
  CutoutOutputReservations *reservations;
  gboolean                  allow_convert;
  /* What is known already; reused when the file has not changed. */
  gboolean                  cached;
  goffset                   cached_size;
  guint64                   cached_mtime;
  /* Results */
  gboolean                  reused;
  CutoutPreflightInfo      *info;
  GError                   *invalid;
  GError                   *preflight_error;
  CutoutConvertReasons      convert;
  char                     *hash;
  goffset                   size;
  guint64                   mtime;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->job);
  g_clear_object (&data->input);
  g_clear_object (&data->reservations);
  g_clear_pointer (&data->info, cutout_preflight_info_free);
  g_clear_error (&data->invalid);
  g_clear_error (&data->preflight_error);
  g_clear_pointer (&data->hash, g_free);
  g_free (data);
}

/* Preflight refusals that a local conversion may fix: a type the service
 * does not take but gdk-pixbuf reads, or a file too large or too wide. */
static gboolean
is_convertible (const GError *error)
{
  if (error == NULL || error->domain != CUTOUT_API_ERROR)
    return FALSE;

  switch ((CutoutApiError) error->code)
    {
    case CUTOUT_API_ERROR_UNSUPPORTED_TYPE:
    case CUTOUT_API_ERROR_INVALID_SIGNATURE:
    case CUTOUT_API_ERROR_FILE_TOO_LARGE:
    case CUTOUT_API_ERROR_TOO_WIDE:
    case CUTOUT_API_ERROR_TOO_TALL:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(GFileInfo) file_info = NULL;
  GError *error = NULL;

  file_info = g_file_query_info (data->input,
                                 G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                 G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (file_info != NULL)
    {
      data->size = g_file_info_get_size (file_info);
      data->mtime = g_file_info_get_attribute_uint64 (file_info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
    }

  /* No result of the batch may ever replace one of its inputs. */
  cutout_output_reservations_protect (data->reservations, data->input);

  if (data->cached && file_info != NULL &&
      data->size == data->cached_size && data->mtime == data->cached_mtime)
    {
      data->reused = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  data->info = cutout_preflight_check (data->input, cancellable, &error);
  if (data->info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }

      if (data->allow_convert && is_convertible (error))
        {
          g_autoptr(GError) convert_error = NULL;

          /* Shrinking is allowed: a 12000 px photo is better sent at
           * 10000 px than refused. */
          data->convert = cutout_convert_get_reasons (data->input, TRUE, cancellable, &convert_error);
          if (data->convert == CUTOUT_CONVERT_NONE)
            data->invalid = g_steal_pointer (&error);
          else
            data->preflight_error = g_steal_pointer (&error);
        }
      else
        data->invalid = g_steal_pointer (&error);
    }

  if (data->invalid == NULL)
    {
      data->hash = cutout_cutout_cache_hash_file (data->input, cancellable, &error);
      if (data->hash == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

void
cutout_queue_prepare_job_async (CutoutQueue        *self,
                                CutoutJob          *job,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  CutoutJobRun *run = cutout_queue_get_run (job);
  g_autoptr(GTask) task = NULL;
  PrepareData *data;

  /* No source object: a worker thread may drop the task's last
   * reference after the callback has run, and the queue must not live on
   * because of it. The callers hold the queue. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_queue_prepare_job_async);

  data = g_new0 (PrepareData, 1);
  data->job = g_object_ref (job);
  data->input = g_object_ref (cutout_job_get_input (job));
  data->reservations = g_object_ref (self->reservations);
  data->allow_convert = self->allow_convert;
  data->cached = run->prepared;
  data->cached_size = run->size;
  data->cached_mtime = run->mtime;
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);

  run->preparing = TRUE;
  g_task_run_in_thread (task, prepare_thread);
}

/* Copies what the thread found into the job (on the main thread). FALSE
 * with the reason when the input cannot be sent as it is or converted. */
gboolean
cutout_queue_prepare_job_finish (CutoutQueue   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  GTask *task = G_TASK (result);
  PrepareData *data;
  CutoutJobRun *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  data = g_task_get_task_data (task);
  run = cutout_queue_get_run (data->job);
  run->preparing = FALSE;

  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  if (!data->reused)
    {
      run->prepared = TRUE;
      run->size = data->size;
      run->mtime = data->mtime;
      run->convert = data->convert;
      g_clear_pointer (&run->info, cutout_preflight_info_free);
      run->info = g_steal_pointer (&data->info);
      g_clear_error (&run->invalid);
      run->invalid = g_steal_pointer (&data->invalid);
      g_clear_error (&run->preflight_error);
      run->preflight_error = g_steal_pointer (&data->preflight_error);
      g_free (run->hash);
      run->hash = g_steal_pointer (&data->hash);
      g_clear_pointer (&run->dup_options, g_free);

      if (run->info != NULL)
        cutout_job_set_input_info (data->job, run->info->width, run->info->height, run->info->size);
      else
        cutout_job_set_input_info (data->job, 0, 0, run->size);
    }

  if (run->invalid != NULL)
    {
      g_propagate_error (error, g_error_copy (run->invalid));
      return FALSE;
    }
  return TRUE;
}

/* ---- Conversion --------------------------------------------------------- */

typedef struct
{
  GFile               *input;
  GFile               *folder;
  CutoutConvertResult *result;
  CutoutPreflightInfo *info;
} ConvertData;

static void
convert_data_free (ConvertData *data)
{
  g_clear_object (&data->input);
  g_clear_object (&data->folder);
  g_clear_pointer (&data->result, cutout_convert_result_free);
  g_clear_pointer (&data->info, cutout_preflight_info_free);
  g_free (data);
}

static void
convert_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConvertData *data = task_data;
  GError *error = NULL;

  data->result = cutout_convert_file (data->input, data->folder, TRUE, cancellable, &error);
  if (data->result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->result->output == NULL)
    {
      /* The file changed since it was checked and needs nothing now. */
      data->info = cutout_preflight_check (data->input, cancellable, &error);
    }
  else
    data->info = cutout_preflight_check (data->result->output, cancellable, &error);

  if (data->info == NULL)
    {
      if (data->result->output != NULL)
        g_file_delete (data->result->output, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cutout_queue_convert_async (GFile              *input,
                            GFile              *folder,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ConvertData *data = g_new0 (ConvertData, 1);

  g_task_set_source_tag (task, cutout_queue_convert_async);
  data->input = g_object_ref (input);
  data->folder = g_object_ref (folder);
  g_task_set_task_data (task, data, (GDestroyNotify) convert_data_free);
  g_task_run_in_thread (task, convert_thread);
}

gboolean
cutout_queue_convert_finish (GAsyncResult         *result,
                             CutoutConvertResult **converted_out,
                             CutoutPreflightInfo **info_out,
                             GError              **error)
{
  ConvertData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *converted_out = g_steal_pointer (&data->result);
  *info_out = g_steal_pointer (&data->info);
  return TRUE;
}

/* ---- After the download ------------------------------------------------- */

typedef struct
{
  GFile               *original;
  GFile               *file;
  CutoutFinishSettings finish;
  gboolean             need_size;
  /* Editable: render the cut-out locally first. */
  CutoutCutoutCache   *cache;
  char                *hash;
  CutoutOptions       *options;
  gboolean             store;
  int                  width;
  int                  height;
  goffset              size;
} PostData;

static void
post_data_free (PostData *data)
{
  g_clear_object (&data->original);
  g_clear_object (&data->file);
  g_clear_object (&data->cache);
  g_clear_pointer (&data->hash, g_free);
  g_clear_pointer (&data->options, cutout_options_free);
  g_free (data);
}

GError *
cutout_queue_not_cached_error (GFile *original)
{
  g_autofree char *name = g_file_get_basename (original);

  return g_error_new (CUTOUT_QUEUE_ERROR, CUTOUT_QUEUE_ERROR_NOT_CACHED,
                      _("The cut-out of “%s” is no longer kept on this computer: changing it "
                        "means processing it again, for one credit."), name);
}

/* The service's rendering followed by the local finish, in that order
 * (see cutout-queue-private.h). */
gboolean
cutout_queue_render_editable (GFile                      *original,
                              GdkPixbuf                  *cutout,
                              const CutoutOptions        *options,
                              const CutoutFinishSettings *finish,
                              const char                 *path,
                              int                        *width_out,
                              int                        *height_out,
                              GCancellable               *cancellable,
                              GError                    **error)
{
  g_autoptr(GdkPixbuf) rendered = NULL;
  g_autoptr(GdkPixbuf) finished = NULL;
  const char *type = cutout_format_to_string (options->format);
  int orientation = 1;
  gboolean saved;

  rendered = cutout_render_pixbuf (cutout, options, CUTOUT_RENDER_FLAGS_NONE, cancellable, error);
  if (rendered == NULL)
    return FALSE;

  if (finish->orient && original != NULL)
    {
      /* As for a download: a paid result is never lost over an extra. */
      orientation = cutout_finish_read_orientation (original, cancellable, NULL);
      if (orientation == 0)
        orientation = 1;
    }
  finished = cutout_finish_pixbuf (rendered, orientation, finish);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* The finish step's encoder settings: WebP has no lossless mode in
   * gdk-pixbuf, 100 is the closest. */
  if (options->format == CUTOUT_FORMAT_WEBP)
    saved = gdk_pixbuf_save (finished, path, type, error, "quality", "100", NULL);
  else if (options->format == CUTOUT_FORMAT_JPEG)
    saved = gdk_pixbuf_save (finished, path, type, error, "quality", "95", NULL);
  else if (options->format == CUTOUT_FORMAT_BMP)
    /* gdk-pixbuf's BMP saver leaves the row padding uninitialised. */
    saved = cutout_finish_save_bmp (finished, path, error);
  else
    saved = gdk_pixbuf_save (finished, path, type, error, NULL);
  if (!saved)
    return FALSE;

  *width_out = gdk_pixbuf_get_width (finished);
  *height_out = gdk_pixbuf_get_height (finished);
  return TRUE;
}

/* The editable part of the post step: @data->file becomes the output. */
static gboolean
post_render (PostData      *data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GdkPixbuf) cutout = NULL;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GError) local_error = NULL;
  CutoutFinishSettings finish = data->finish;

  if (data->store)
    {
      /* Not keeping it costs the later edits only, not this result. */
      if (!cutout_cutout_cache_store (data->cache, data->hash, data->file, cancellable, &local_error))
        g_debug ("Could not keep the cut-out: %s", local_error->message);
      cutout = gdk_pixbuf_new_from_file (path, &local_error);
      if (cutout == NULL)
        {
          g_set_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                       _("The result is not an image that can be read."));
          return FALSE;
        }
    }
  else
    {
      cutout = cutout_cutout_cache_load (data->cache, data->hash, cancellable, &local_error);
      if (cutout == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_propagate_error (error, cutout_queue_not_cached_error (data->original));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!cutout_queue_render_editable (data->original, cutout, data->options, &finish, path,
                                                  &data->width, &data->height, cancellable, error))
    return FALSE;
  return TRUE;
}

static void
post_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PostData *data = task_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  if (data->options != NULL)
    {
      if (!post_render (data, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (data->finish.trim || data->finish.orient)
    {
      if (!cutout_finish_file (data->original, data->file, data->file, &data->finish,
                               &data->width, &data->height, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (data->need_size)
    {
      g_autofree char *path = g_file_get_path (data->file);

      if (path == NULL || gdk_pixbuf_get_file_info (path, &data->width, &data->height) == NULL)
        {
          g_task_return_new_error (task, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                   _("The result is not an image that can be read."));
          return;
        }
    }

  info = g_file_query_info (data->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->size = g_file_info_get_size (info);
  g_task_return_boolean (task, TRUE);
}

void
cutout_queue_post_async (GFile                      *original,
                         GFile                      *file,
                         const CutoutFinishSettings *finish,
                         const CutoutQueueEditable  *editable,
                         gboolean                    need_size,
                         GCancellable               *cancellable,
                         GAsyncReadyCallback         callback,
                         gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PostData *data = g_new0 (PostData, 1);

  g_task_set_source_tag (task, cutout_queue_post_async);
  data->original = g_object_ref (original);
  data->file = g_object_ref (file);
  data->finish = *finish;
  data->need_size = need_size;
  if (editable != NULL)
    {
      data->cache = g_object_ref (editable->cache);
      data->hash = g_strdup (editable->hash);
      data->options = cutout_options_copy (editable->options);
      data->store = editable->store;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) post_data_free);
  g_task_run_in_thread (task, post_thread);
}

gboolean
cutout_queue_post_finish (GAsyncResult  *result,
                          int           *width_out,
                          int           *height_out,
                          goffset       *size_out,
                          GError       **error)
{
  PostData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *width_out = data->width;
  *height_out = data->height;
  *size_out = data->size;
  return TRUE;
}

/* ---- Duplicates --------------------------------------------------------- */

typedef struct
{
  GFile *source;
  GFile *destination;
} CopyData;

static void
copy_data_free (CopyData *data)
{
  g_clear_object (&data->source);
  g_clear_object (&data->destination);
  g_free (data);
}

static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CopyData *data = task_data;
  GError *error = NULL;

  if (!g_file_copy (data->source, data->destination, G_FILE_COPY_OVERWRITE, cancellable,
                    NULL, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cutout_queue_copy_async (GFile              *source,
                         GFile              *destination,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CopyData *data = g_new0 (CopyData, 1);

  g_task_set_source_tag (task, cutout_queue_copy_async);
  data->source = g_object_ref (source);
  data->destination = g_object_ref (destination);
  g_task_set_task_data (task, data, (GDestroyNotify) copy_data_free);
  g_task_run_in_thread (task, copy_thread);
}

gboolean
cutout_queue_copy_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cutout_queue_is_same_file (GFile *a,
              GFile *b)
{
  return a != NULL && b != NULL && (g_file_equal (a, b) || cutout_output_is_same_file (a, b));
}

typedef struct
{
  GFile *candidate;
  GFile *source;
} ReuseData;

static void
reuse_data_free (ReuseData *data)
{
  g_clear_object (&data->candidate);
  g_clear_object (&data->source);
  g_free (data);
}

static gboolean
same_contents (GFile *a,
               GFile *b)
{
  g_autoptr(GBytes) bytes_a = g_file_load_bytes (a, NULL, NULL, NULL);
  g_autoptr(GBytes) bytes_b = NULL;

  if (bytes_a == NULL)
    return FALSE;
  bytes_b = g_file_load_bytes (b, NULL, NULL, NULL);
  return bytes_b != NULL && g_bytes_equal (bytes_a, bytes_b);
}

/* Whether the file this job would write already holds the earlier result:
 * the same file, or (the same image added again after a copy of it was
 * done under another name) a file with the same bytes. */
static void
reuse_check_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ReuseData *data = task_data;

  if (cutout_queue_is_same_file (data->candidate, data->source) ||
      same_contents (data->candidate, data->source))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_boolean (task, FALSE);
}

void
cutout_queue_same_result_async (GFile              *candidate,
                                GFile              *source,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReuseData *data = g_new0 (ReuseData, 1);

  g_task_set_source_tag (task, cutout_queue_same_result_async);
  data->candidate = g_object_ref (candidate);
  data->source = g_object_ref (source);
  g_task_set_task_data (task, data, (GDestroyNotify) reuse_data_free);
  g_task_run_in_thread (task, reuse_check_thread);
}

gboolean
cutout_queue_same_result_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
