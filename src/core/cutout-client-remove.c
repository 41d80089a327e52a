/* cutout-client-remove.c — the Rembg API client's POST /rmbg: upload streamed from disk, answer streamed to a file
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Each request runs, start to end, in a worker thread with libsoup's
 * blocking API (allowed from any thread since libsoup 3.2), while the
 * caller sees an ordinary asynchronous call on its own main context.
 *
 * Why not libsoup's asynchronous API: it moves a request body in 8 KiB
 * steps, and every step is a main-loop round for the read and another
 * for the write. In a thread, the same steps are plain reads and writes:
 * for the benchmark's batch of photographs, cutout-cli's CPU time went
 * from 0.59 s to 0.39 s (tests/bench/RESULTS.md §1).
 *
 * Threads and ownership:
 *  - Everything the worker touches (message, body stream, destination,
 *    answer stream) belongs to the request while it runs; the caller
 *    never sees it before the end.
 *  - Progress goes to the caller's context through an idle callback,
 *    at most once per percent of each phase.
 *  - The outcome is handed back the same way, and the task is returned
 *    and released there, so no object of the caller (the progress data,
 *    the client) is ever released in a worker thread.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "cutout-api-error.h"
#include "cutout-client-private.h"
#include "cutout-multipart-stream.h"

/* The answer of /rmbg is read and written in pieces of up to this size. */
#define DOWNLOAD_CHUNK_SIZE (256 * 1024)

/* POST /rmbg -------------------------------------------------------------- */

typedef struct
{
  SoupSession           *session;
  SoupMessage           *msg;
  CutoutMultipartStream *body;
  GFile                 *destination;
  GMainContext          *context;
  CutoutProgressFunc     progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
  goffset                upload_total;
  goffset                uploaded;
  gboolean               body_sent;
  /* The last progress handed to the caller, per phase, in percent. */
  int                    reported_phase;
  int                    reported_percent;
  /* The outcome, set by the worker before it hands the task back. */
  CutoutRemoveResult    *answer;
  GError                *error;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->session);
  g_clear_object (&data->body);
  g_clear_object (&data->destination);
  g_clear_pointer (&data->context, g_main_context_unref);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_clear_pointer (&data->answer, cutout_remove_result_free);
  g_clear_error (&data->error);
  g_free (data);
}

void
cutout_remove_result_free (CutoutRemoveResult *result)
{
  if (result == NULL)
    return;
  g_clear_object (&result->output);
  g_clear_pointer (&result->content_type, g_free);
  g_free (result);
}

/* Runs @func on @context, by the thread that iterates it. Not
 * g_main_context_invoke(): that runs @func at once in the calling worker
 * whenever no thread owns the context at that moment. */
static void
run_on_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[cutout] remove-background");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* Progress, from the worker to the caller's context. */

typedef struct
{
  GTask               *task;
  CutoutTransferPhase  phase;
  goffset              done;
  goffset              total;
} ProgressReport;

static gboolean
progress_report_cb (gpointer user_data)
{
  ProgressReport *report = user_data;
  RemoveData *data = g_task_get_task_data (report->task);

  data->progress (report->phase, report->done, report->total, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->task);
  g_free (report);
}

/* Called in the worker. Hands @done on when it starts a phase, ends it,
 * or reaches a new percent; the reports hold the task, so that the
 * progress data lives until the last one ran. */
static void
report (GTask               *task,
        CutoutTransferPhase  phase,
        goffset              done,
        goffset              total)
{
  RemoveData *data = g_task_get_task_data (task);
  ProgressReport *item;
  int percent;

  if (data->progress == NULL)
    return;

  /* Without a length, every mebibyte counts as a step. */
  percent = total > 0 ? (int) (done * 100 / total) : (int) (done >> 20);
  if (data->reported_phase == (int) phase && data->reported_percent == percent &&
      done != 0 && done != total)
    return;
  data->reported_phase = phase;
  data->reported_percent = percent;

  item = g_new (ProgressReport, 1);
  item->task = g_object_ref (task);
  item->phase = phase;
  item->done = done;
  item->total = total;
  run_on_context (data->context, progress_report_cb, item, (GDestroyNotify) progress_report_free);
}

static void
wrote_headers_cb (SoupMessage *msg,
                  GTask       *task)
{
  RemoveData *data = g_task_get_task_data (task);

  report (task, CUTOUT_TRANSFER_UPLOAD, 0, data->upload_total);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    GTask       *task)
{
  RemoveData *data = g_task_get_task_data (task);

  data->uploaded = MIN (data->uploaded + chunk_size, data->upload_total);
  report (task, CUTOUT_TRANSFER_UPLOAD, data->uploaded, data->upload_total);
}

static void
wrote_body_cb (SoupMessage *msg,
               GTask       *task)
{
  RemoveData *data = g_task_get_task_data (task);

  /* From here on the service has the whole request and may charge it. */
  data->body_sent = TRUE;
}

/* The outcome, from the worker to the caller's context. */

static gboolean
remove_return_cb (gpointer user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->answer),
                           (GDestroyNotify) cutout_remove_result_free);
  return G_SOURCE_REMOVE;
}

static void
remove_return (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);

  run_on_context (data->context, remove_return_cb, task, g_object_unref);
}

/* Worker-side failure: drops the connection if the answer was not read,
 * closes and deletes the destination. The clean-up is not cancellable,
 * so that a cancelled job leaves no half-written file behind. */
static void
remove_fail (GTask             *task,
             GInputStream      *response,
             GOutputStream     *output,
             GError            *error)
{
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) delete_error = NULL;

  if (error->domain == CUTOUT_API_ERROR)
    cutout_api_error_set_body_sent (error, data->body_sent);
  g_clear_error (&data->error);
  data->error = error;

  /* An answer not read to its end is not read on: libsoup closes its
   * connection instead of keeping it for another request. */
  if (response != NULL && !g_input_stream_is_closed (response))
    g_input_stream_close (response, NULL, NULL);
  if (output != NULL && !g_output_stream_is_closed (output))
    g_output_stream_close (output, NULL, NULL);
  if (!g_file_delete (data->destination, NULL, &delete_error) &&
      !g_error_matches (delete_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Could not delete the unfinished download: %s", delete_error->message);
}

/* A non-200 answer: reads up to the cap of its body, which may be cut
 * off; cutout_api_error_from_response copes with that. */
static GError *
read_error_answer (GTask        *task,
                   GInputStream *response,
                   GCancellable *cancellable)
{
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 buffer[8192];

  while (body->len < CUTOUT_CLIENT_ERROR_BODY_CAP)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (response, buffer,
                                      MIN (sizeof buffer, CUTOUT_CLIENT_ERROR_BODY_CAP - body->len),
                                      cancellable, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return g_steal_pointer (&error);
      if (n <= 0)
        break;
      g_byte_array_append (body, buffer, n);
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  return cutout_client_error_from_answer (data->msg, bytes);
}

/* Streams a 200's image into the destination. Returns the bytes written,
 * or -1 with @error set. */
static goffset
download (GTask             *task,
          GInputStream      *response,
          GOutputStream     *output,
          goffset            total,
          GCancellable      *cancellable,
          GError           **error)
{
  RemoveData *data = g_task_get_task_data (task);
  g_autofree guint8 *buffer = g_malloc (DOWNLOAD_CHUNK_SIZE);
  /* The answer's first bytes, to check at its end that it is an image. */
  guint8 head[16];
  gsize head_len = 0;
  goffset received = 0;

  report (task, CUTOUT_TRANSFER_DOWNLOAD, 0, total);
  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      gssize n = g_input_stream_read (response, buffer, DOWNLOAD_CHUNK_SIZE, cancellable, &read_error);

      if (n < 0 && total >= 0 && !g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Still a network error, so that the job is retried; the
           * message says how far the answer came. */
          g_autofree char *got = g_strdup_printf ("%" G_GOFFSET_FORMAT, received);
          g_autofree char *want = g_strdup_printf ("%" G_GOFFSET_FORMAT, total);
          g_autofree char *message =
            g_strdup_printf (_("The answer was cut off after %s of %s bytes: %s"), got, want, read_error->message);

          g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, message));
          return -1;
        }
      if (n < 0)
        {
          g_propagate_error (error, cutout_client_network_error_new (read_error, TRUE));
          return -1;
        }

      if (n == 0)
        break;

      if (head_len < sizeof head)
        {
          gsize take = MIN ((gsize) n, sizeof head - head_len);

          memcpy (head + head_len, buffer, take);
          head_len += take;
        }

      if (total >= 0 && received + n > total)
        {
          g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                                          soup_message_get_status (data->msg),
                                                          _("The answer was longer than it said it would be.")));
          return -1;
        }

      /* A local problem (disk full, …) is passed on as it is. */
      if (!g_output_stream_write_all (output, buffer, n, NULL, cancellable, error))
        return -1;
      received += n;
      report (task, CUTOUT_TRANSFER_DOWNLOAD, received, total);
    }

  if (total >= 0 && received != total)
    {
      g_autofree char *got = g_strdup_printf ("%" G_GOFFSET_FORMAT, received);
      g_autofree char *want = g_strdup_printf ("%" G_GOFFSET_FORMAT, total);
      g_autofree char *message =
        g_strdup_printf (_("The answer was cut off after %s of %s bytes."), got, want);

      g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                                      soup_message_get_status (data->msg), message));
      return -1;
    }
  /* An empty answer or bytes that are no image (whatever the
   * Content-Type said) are never taken for a result. */
  if (!cutout_image_type_is_accepted (cutout_image_type_sniff (head, head_len)))
    {
      g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                                      soup_message_get_status (data->msg),
                                                      _("The result is not an image that can be read.")));
      return -1;
    }
  return received;
}

/* Opens @file to be written from its start. The caller has usually
 * created it, empty, to hold its name; g_file_replace() would then write
 * a second temporary file and rename it over the first, copying owner
 * and mode and syncing it on the way: one more file and four more calls
 * per job, where curl writes one file. */
static GOutputStream *
open_destination (GFile         *file,
                  GIOStream    **io,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) create_error = NULL;
  g_autoptr(GFileIOStream) existing = NULL;
  GFileOutputStream *created;

  created = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &create_error);
  if (created != NULL)
    return G_OUTPUT_STREAM (created);
  if (!g_error_matches (create_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&create_error));
      return NULL;
    }

  existing = g_file_open_readwrite (file, cancellable, error);
  if (existing == NULL ||
      !g_seekable_truncate (G_SEEKABLE (existing), 0, cancellable, error))
    return NULL;
  *io = G_IO_STREAM (g_steal_pointer (&existing));
  return g_object_ref (g_io_stream_get_output_stream (*io));
}

static void
remove_run (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GInputStream) response = NULL;
  g_autoptr(GIOStream) io = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  goffset total, received;

  response = soup_session_send (data->session, data->msg, cancellable, &error);
  if (response == NULL)
    {
      const GError *file_error = cutout_multipart_stream_get_file_error (data->body);

      /* The input file failing under libsoup is a local problem, not a
       * network one: say what happened to the file. */
      if (file_error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        remove_fail (task, NULL, NULL, g_error_copy (file_error));
      else
        remove_fail (task, NULL, NULL, cutout_client_network_error_new (error, data->body_sent));
      return;
    }

  if (data->uploaded >= data->upload_total)
    data->body_sent = TRUE;

  if (soup_message_get_status (data->msg) != SOUP_STATUS_OK)
    {
      remove_fail (task, response, NULL, read_error_answer (task, response, cancellable));
      return;
    }

  headers = soup_message_get_response_headers (data->msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  /* A 200 that is not an image (a captive portal's or a proxy's HTML
   * page) is never taken for a result. */
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/"))
    {
      g_autofree char *message = NULL;

      if (content_type != NULL)
        message = g_strdup_printf (_("The service answered with “%s” instead of an image."), content_type);
      else
        message = g_strdup (_("The service answered without a content type instead of with an image."));
      remove_fail (task, response, NULL,
                   cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, SOUP_STATUS_OK, message));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    total = soup_message_headers_get_content_length (headers);
  else
    total = -1;

  /* Written straight to the destination; the caller renames it into
   * place once the job is done, and it is deleted on any failure. */
  output = open_destination (data->destination, &io, cancellable, &error);
  if (output == NULL)
    {
      remove_fail (task, response, NULL, g_steal_pointer (&error));
      return;
    }

  received = download (task, response, output, total, cancellable, &error);
  if (received < 0 ||
      !g_output_stream_close (output, cancellable, &error) ||
      (io != NULL && !g_io_stream_close (io, cancellable, &error)))
    {
      remove_fail (task, response, output, g_steal_pointer (&error));
      return;
    }
  g_input_stream_close (response, NULL, NULL);

  data->answer = g_new0 (CutoutRemoveResult, 1);
  data->answer->output = g_object_ref (data->destination);
  data->answer->content_type = g_strdup (content_type);
  data->answer->bytes_sent = data->upload_total;
  data->answer->bytes_received = received;
  data->answer->http_status = soup_message_get_status (data->msg);
}

/* A failure found before any request is sent: deletes the destination
 * (the caller may have created it as a temporary file) in the pool too,
 * so that every outcome arrives the same way. */
static void
refuse_thread_run (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);

  remove_fail (task, NULL, NULL, g_steal_pointer (&data->error));
}

/* The pool's function: runs one request and hands the task (and the
 * reference the pool was given) back to the caller's context. */
static void
remove_thread (gpointer task_data,
               gpointer pool_data)
{
  GTask *task = task_data;
  RemoveData *data = g_task_get_task_data (task);

  if (data->msg == NULL)
    refuse_thread_run (task);
  else
    {
      remove_run (task);
      g_signal_handlers_disconnect_by_data (data->msg, task);
    }
  remove_return (task);
}

/* One pool for every client. Its threads block on the network, so it
 * is not GIO's shared pool (that would hold up file operations), and it
 * grows with the requests in flight, which the session's connection
 * limits and the queue already bound. */
static GThreadPool *
remove_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *created = g_thread_pool_new (remove_thread, NULL, -1, FALSE, NULL);

      g_once_init_leave (&pool, created);
    }
  return pool;
}

void
cutout_client_remove_background_async (CutoutClient              *self,
                                       GFile                     *input,
                                       const CutoutPreflightInfo *info,
                                       const CutoutOptions       *options,
                                       GFile                     *destination,
                                       CutoutProgressFunc         progress,
                                       gpointer                   progress_data,
                                       GDestroyNotify             progress_destroy,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) fields = NULL;
  GError *error = NULL;
  RemoveData *data;

  g_return_if_fail (CUTOUT_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (input));
  g_return_if_fail (info != NULL && info->upload_name != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_client_remove_background_async);
  g_task_set_check_cancellable (task, TRUE);

  data = g_new0 (RemoveData, 1);
  data->destination = g_object_ref (destination);
  data->context = g_main_context_ref (g_task_get_context (task));
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->reported_phase = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);

  /* The caller should have validated; a request that the service would
   * refuse is still never sent. Like any failure, these delete the
   * destination. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !cutout_options_validate (options, &error))
    {
      data->error = error;
      g_thread_pool_push (remove_pool (), g_steal_pointer (&task), NULL);
      return;
    }

  fields = cutout_options_to_fields (options);
  data->body = cutout_multipart_stream_new ((const char * const *) fields, input, info->size,
                                            info->upload_name, info->mime_type);
  data->upload_total = cutout_multipart_stream_get_length (data->body);

  /* The session is made (and configured) here, in the caller's thread;
   * only sending happens in the worker. */
  data->session = g_object_ref (cutout_client_get_session (self));
  data->msg = cutout_client_new_message (self, SOUP_METHOD_POST, self->api_url, "/rmbg", NULL);
  soup_message_set_request_body (data->msg,
                                 cutout_multipart_stream_get_content_type (data->body),
                                 G_INPUT_STREAM (data->body),
                                 data->upload_total);
  /* The handlers run in the worker; the task outlives the message's use. */
  g_signal_connect (data->msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), task);
  g_signal_connect (data->msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), task);
  g_signal_connect (data->msg, "wrote-body", G_CALLBACK (wrote_body_cb), task);

  g_thread_pool_push (remove_pool (), g_steal_pointer (&task), NULL);
}

CutoutRemoveResult *
cutout_client_remove_background_finish (CutoutClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_client_remove_background_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
