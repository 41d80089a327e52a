/* cutout-client-remove.c — the Rembg API client's POST /rmbg: upload streamed from disk, answer streamed to a file
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "cutout-api-error.h"
#include "cutout-client-private.h"
#include "cutout-multipart-stream.h"

/* The answer of /rmbg is streamed to disk in pieces of up to this size;
 * each piece is one hop to GIO's worker threads and back, so larger
 * pieces cost less CPU when the answer arrives faster than it is written. */
#define DOWNLOAD_CHUNK_SIZE (256 * 1024)

/* POST /rmbg -------------------------------------------------------------- */

typedef struct
{
  SoupMessage           *msg;
  CutoutMultipartStream *body;
  GFile                 *destination;
  GFileOutputStream     *output;
  GInputStream          *response;
  CutoutProgressFunc     progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
  goffset                upload_total;
  goffset                uploaded;
  gboolean               body_sent;
  goffset                download_total;
  goffset                received;
  char                  *content_type;
  GError                *error;
  guint8                *buffer;
  /* The answer's first bytes, to check at its end that it is an image. */
  guint8                 head[16];
  gsize                  head_len;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  if (data->msg != NULL)
    g_signal_handlers_disconnect_by_data (data->msg, data);
  cutout_client_close_response (data->response);
  g_clear_object (&data->response);
  g_clear_object (&data->msg);
  g_clear_object (&data->body);
  g_clear_object (&data->destination);
  g_clear_object (&data->output);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_clear_pointer (&data->content_type, g_free);
  g_clear_error (&data->error);
  g_clear_pointer (&data->buffer, g_free);
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

static void
report (RemoveData          *data,
        CutoutTransferPhase  phase,
        goffset              done,
        goffset              total)
{
  if (data->progress != NULL)
    data->progress (phase, done, total, data->progress_data);
}

static void
wrote_headers_cb (SoupMessage *msg,
                  RemoveData  *data)
{
  report (data, CUTOUT_TRANSFER_UPLOAD, 0, data->upload_total);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    RemoveData  *data)
{
  data->uploaded = MIN (data->uploaded + chunk_size, data->upload_total);
  report (data, CUTOUT_TRANSFER_UPLOAD, data->uploaded, data->upload_total);
}

static void
wrote_body_cb (SoupMessage *msg,
               RemoveData  *data)
{
  /* From here on the service has the whole request and may charge it. */
  data->body_sent = TRUE;
}

static void
delete_destination_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Could not delete the unfinished download: %s", error->message);

  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
close_output_after_error_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  g_file_delete_async (data->destination, G_PRIORITY_DEFAULT, NULL,
                       delete_destination_cb, g_steal_pointer (&task));
}

/* Ends the request with @error: drops the connection if the answer was
 * not read, closes and deletes the destination, then returns the error.
 * The clean-up is not cancellable, so that a cancelled job leaves no
 * half-written file behind. */
static void
remove_fail (GTask  *task,
             GError *error)
{
  RemoveData *data = g_task_get_task_data (task);

  if (error->domain == CUTOUT_API_ERROR)
    cutout_api_error_set_body_sent (error, data->body_sent);
  g_clear_error (&data->error);
  data->error = error;

  cutout_client_close_response (data->response);
  g_clear_object (&data->response);

  if (data->output != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (data->output)))
    g_output_stream_close_async (G_OUTPUT_STREAM (data->output), G_PRIORITY_DEFAULT, NULL,
                                 close_output_after_error_cb, task);
  else
    g_file_delete_async (data->destination, G_PRIORITY_DEFAULT, NULL,
                         delete_destination_cb, task);
}

static void remove_read_next (GTask *task);

static void
close_output_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  CutoutRemoveResult *answer;
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      remove_fail (task, error);
      return;
    }

  cutout_client_close_response (data->response);

  answer = g_new0 (CutoutRemoveResult, 1);
  answer->output = g_object_ref (data->destination);
  answer->content_type = g_strdup (data->content_type);
  answer->bytes_sent = data->upload_total;
  answer->bytes_received = data->received;
  answer->http_status = soup_message_get_status (data->msg);
  g_task_return_pointer (task, answer, (GDestroyNotify) cutout_remove_result_free);
  g_object_unref (task);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  /* A local problem (disk full, …) is passed on as it is. */
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      remove_fail (task, error);
      return;
    }
  data->received += written;
  report (data, CUTOUT_TRANSFER_DOWNLOAD, data->received, data->download_total);
  remove_read_next (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0 && data->download_total >= 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Still a network error, so that the job is retried; the message
       * says how far the answer came. */
      g_autofree char *received = g_strdup_printf ("%" G_GOFFSET_FORMAT, data->received);
      g_autofree char *total = g_strdup_printf ("%" G_GOFFSET_FORMAT, data->download_total);
      g_autofree char *message =
        g_strdup_printf (_("The answer was cut off after %s of %s bytes: %s"), received, total, error->message);

      remove_fail (task, cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, message));
      return;
    }
  if (n < 0)
    {
      remove_fail (task, cutout_client_network_error_new (error, TRUE));
      return;
    }

  if (n == 0)
    {
      if (data->download_total >= 0 && data->received != data->download_total)
        {
          g_autofree char *received = g_strdup_printf ("%" G_GOFFSET_FORMAT, data->received);
          g_autofree char *total = g_strdup_printf ("%" G_GOFFSET_FORMAT, data->download_total);
          g_autofree char *message =
            g_strdup_printf (_("The answer was cut off after %s of %s bytes."), received, total);
          remove_fail (task, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                                   soup_message_get_status (data->msg), message));
          return;
        }
      /* An empty answer or bytes that are no image (whatever the
       * Content-Type said) are never taken for a result. */
      if (!cutout_image_type_is_accepted (cutout_image_type_sniff (data->head, data->head_len)))
        {
          remove_fail (task, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                                   soup_message_get_status (data->msg),
                                                   _("The result is not an image that can be read.")));
          return;
        }
      g_output_stream_close_async (G_OUTPUT_STREAM (data->output), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), close_output_cb, task);
      return;
    }

  if (data->head_len < sizeof data->head)
    {
      gsize take = MIN ((gsize) n, sizeof data->head - data->head_len);

      memcpy (data->head + data->head_len, data->buffer, take);
      data->head_len += take;
    }

  if (data->download_total >= 0 && data->received + n > data->download_total)
    {
      remove_fail (task, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                               soup_message_get_status (data->msg),
                                               _("The answer was longer than it said it would be.")));
      return;
    }

  g_output_stream_write_all_async (G_OUTPUT_STREAM (data->output), data->buffer, n,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   write_cb, task);
}

static void
remove_read_next (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);

  g_input_stream_read_async (data->response, data->buffer, DOWNLOAD_CHUNK_SIZE,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                             read_cb, task);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->output = g_file_replace_finish (G_FILE (object), result, &error);
  if (data->output == NULL)
    {
      remove_fail (task, error);
      return;
    }

  data->buffer = g_malloc (DOWNLOAD_CHUNK_SIZE);
  report (data, CUTOUT_TRANSFER_DOWNLOAD, 0, data->download_total);
  remove_read_next (task);
}

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) read_error = NULL;
  gboolean complete = FALSE;

  body = cutout_client_capped_read_finish (result, &complete, &read_error);
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      remove_fail (task, g_steal_pointer (&read_error));
      return;
    }
  /* A body cut off by a dropped connection or the cap still says what it
   * can; cutout_api_error_from_response copes with a truncated one. */
  cutout_client_close_response (data->response);
  g_clear_object (&data->response);
  remove_fail (task, cutout_client_error_from_answer (data->msg, body));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;

  data->response = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->response == NULL)
    {
      const GError *file_error = cutout_multipart_stream_get_file_error (data->body);

      /* The input file failing under libsoup is a local problem, not a
       * network one: say what happened to the file. */
      if (file_error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        remove_fail (task, g_error_copy (file_error));
      else
        remove_fail (task, cutout_client_network_error_new (error, data->body_sent));
      return;
    }

  if (data->uploaded >= data->upload_total)
    data->body_sent = TRUE;

  if (soup_message_get_status (data->msg) != SOUP_STATUS_OK)
    {
      cutout_client_capped_read_async (data->response, CUTOUT_CLIENT_ERROR_BODY_CAP,
                                       g_task_get_cancellable (task), error_body_cb, task);
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
      remove_fail (task, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
                                               SOUP_STATUS_OK, message));
      return;
    }
  data->content_type = g_strdup (content_type);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    data->download_total = soup_message_headers_get_content_length (headers);
  else
    data->download_total = -1;

  /* Written straight to the destination; the caller renames it into
   * place once the job is done, and it is deleted on any failure. */
  g_file_replace_async (data->destination, NULL, FALSE, G_FILE_CREATE_NONE,
                        G_PRIORITY_DEFAULT, g_task_get_cancellable (task), replace_cb, task);
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
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->download_total = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);

  /* The caller should have validated; a request that the service would
   * refuse is still never sent. Like any failure, these delete the
   * destination (the caller may have created it as a temporary file). */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !cutout_options_validate (options, &error))
    {
      remove_fail (g_steal_pointer (&task), error);
      return;
    }

  fields = cutout_options_to_fields (options);
  data->body = cutout_multipart_stream_new ((const char * const *) fields, input, info->size,
                                            info->upload_name, info->mime_type);
  data->upload_total = cutout_multipart_stream_get_length (data->body);

  data->msg = cutout_client_new_message (self, SOUP_METHOD_POST, self->api_url, "/rmbg", NULL);
  soup_message_set_request_body (data->msg,
                                 cutout_multipart_stream_get_content_type (data->body),
                                 G_INPUT_STREAM (data->body),
                                 data->upload_total);
  g_signal_connect (data->msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), data);
  g_signal_connect (data->msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), data);
  g_signal_connect (data->msg, "wrote-body", G_CALLBACK (wrote_body_cb), data);

  soup_session_send_async (cutout_client_get_session (self), data->msg, G_PRIORITY_DEFAULT,
                           cancellable, send_cb, g_steal_pointer (&task));
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
