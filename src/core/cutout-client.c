/* cutout-client.c — the Rembg API client: the object, its request helpers and POST /rmbg
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
#include "cutout-config.h"
#include "cutout-multipart-stream.h"

/* The answer of /rmbg is streamed to disk in pieces of up to this size;
 * each piece is one hop to GIO's worker threads and back, so larger
 * pieces cost less CPU when the answer arrives faster than it is written. */
#define DOWNLOAD_CHUNK_SIZE (256 * 1024)

/* Idle keep-alive connections are dropped after this many seconds. A
 * batch sends its next request within milliseconds of the last answer,
 * so a short idle time costs almost nothing; but a connection kept longer
 * than the server keeps it (uvicorn, common for Python services, closes
 * idle ones after 5 s) may be closed by the server just as we send on it,
 * and libsoup does not resend a POST (it is not idempotent), so the job
 * would fail with a network error for nothing. */
#define IDLE_TIMEOUT_SECONDS 4

#define DEFAULT_MAX_CONNECTIONS 6
/* The timeout is the time without any I/O on a socket: it must be longer
 * than the service takes to process a large image after the upload and
 * before the first byte of the answer, yet short enough that a dead
 * connection fails the job in a reasonable time. */
#define DEFAULT_TIMEOUT_SECONDS 60

static void cutout_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutClient, cutout_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      cutout_client_initable_iface_init))

enum
{
  PROP_0,
  PROP_API_URL,
  PROP_ACCOUNT_URL,
  PROP_API_KEY,
  PROP_MAX_CONNECTIONS,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers ----------------------------------------------------------------- */

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

SoupSession *
cutout_client_get_session (CutoutClient *self)
{
  if (self->session == NULL)
    {
      g_autofree char *user_agent = g_strdup_printf ("Cutout/%s", PACKAGE_VERSION);

      /* Up to max-connections uploads to the API host at once; the total
       * leaves room for the account host, so that a usage refresh never
       * waits behind a batch. */
      self->session = g_object_new (SOUP_TYPE_SESSION,
                                    "max-conns", self->max_connections + 2,
                                    "max-conns-per-host", self->max_connections,
                                    "timeout", self->timeout,
                                    "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                    "user-agent", user_agent,
                                    NULL);
      /* No Accept-Encoding: the answer's Content-Length must be the
       * length of the image we write, so that a cut-off answer shows. */
      soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
      /* The service authenticates with x-api-key; an HTTP auth challenge
       * would restart the message, which a streamed body cannot do. */
      soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
      /* No SoupLogger is ever attached: it would print the x-api-key. */
    }
  return self->session;
}

SoupMessage *
cutout_client_new_message (CutoutClient *self,
                           const char   *method,
                           const char   *base_url,
                           const char   *path,
                           const char   *query)
{
  g_autofree char *url = g_strconcat (base_url, path, query != NULL ? "?" : NULL, query, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  g_return_val_if_fail (msg != NULL, NULL);

  headers = soup_message_get_request_headers (msg);
  if (self->api_key != NULL)
    soup_message_headers_replace (headers, "x-api-key", self->api_key);
  /* A redirect is never followed: libsoup would send the x-api-key to
   * whatever host it points at, and a streamed body cannot be resent. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  return msg;
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A failure to talk to the service (connect, TLS, timeout, a connection
 * dropped) keeps its cause for the details; @sent_or_answered says
 * whether the service had the request already, which changes what the
 * user is told. A cancellation is passed on unchanged. */
GError *
cutout_client_network_error_new (const GError *cause,
                                 gboolean      sent_or_answered)
{
  g_autofree char *message = NULL;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);

  if (sent_or_answered)
    message = g_strdup_printf (_("The connection to the service was lost: %s"), cause->message);
  else
    message = g_strdup_printf (_("Could not reach the service: %s"), cause->message);
  return cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, message);
}

GError *
cutout_client_error_from_answer (SoupMessage *msg,
                                 GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  return cutout_api_error_from_response (soup_message_get_status (msg),
                                         soup_message_headers_get_content_type (headers, NULL),
                                         data, len,
                                         soup_message_headers_get_one (headers, "Retry-After"),
                                         now_unix ());
}

/* Closes an answer's stream without waiting. libsoup does not read the
 * rest of an unfinished body on close: it gives the connection up. */
void
cutout_client_close_response (GInputStream *response)
{
  if (response == NULL || g_input_stream_is_closed (response) || g_input_stream_has_pending (response))
    return;

  g_input_stream_close_async (response, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

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

/* GObject ----------------------------------------------------------------- */

static gboolean
cutout_client_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  CutoutClient *self = CUTOUT_CLIENT (initable);
  const char *api_url = self->api_url != NULL ? self->api_url : CUTOUT_DEFAULT_API_URL;
  const char *account_url = self->account_url != NULL ? self->account_url : CUTOUT_DEFAULT_ACCOUNT_URL;

  if (!cutout_config_check_base_url (api_url, error) ||
      !cutout_config_check_base_url (account_url, error))
    return FALSE;

  api_url = strip_trailing_slashes (api_url);
  account_url = strip_trailing_slashes (account_url);
  g_free (self->api_url);
  self->api_url = (char *) api_url;
  g_free (self->account_url);
  self->account_url = (char *) account_url;
  return TRUE;
}

static void
cutout_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = cutout_client_initable_init;
}

static void
cutout_client_dispose (GObject *object)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cutout_client_parent_class)->dispose (object);
}

static void
cutout_client_finalize (GObject *object)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->account_url, g_free);
  clear_secret (&self->api_key);

  G_OBJECT_CLASS (cutout_client_parent_class)->finalize (object);
}

static void
cutout_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;
    case PROP_ACCOUNT_URL:
      g_value_set_string (value, self->account_url);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      set_str (&self->api_url, g_value_get_string (value));
      break;
    case PROP_ACCOUNT_URL:
      set_str (&self->account_url, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      cutout_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_MAX_CONNECTIONS:
      cutout_client_set_max_connections (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      cutout_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_client_class_init (CutoutClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cutout_client_dispose;
  object_class->finalize = cutout_client_finalize;
  object_class->get_property = cutout_client_get_property;
  object_class->set_property = cutout_client_set_property;

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_URL] =
    g_param_spec_string ("account-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only, so that no property dump or binding can show it. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, 64, DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_client_init (CutoutClient *self)
{
  self->max_connections = DEFAULT_MAX_CONNECTIONS;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
}

/* Public API -------------------------------------------------------------- */

CutoutClient *
cutout_client_new (const char  *api_url,
                   const char  *account_url,
                   GError     **error)
{
  return g_initable_new (CUTOUT_TYPE_CLIENT, NULL, error,
                         "api-url", api_url,
                         "account-url", account_url,
                         NULL);
}

const char *
cutout_client_get_api_url (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);

  return self->api_url;
}

const char *
cutout_client_get_account_url (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);

  return self->account_url;
}

void
cutout_client_set_api_key (CutoutClient *self,
                           const char   *api_key)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));

  clear_secret (&self->api_key);
  if (api_key != NULL && api_key[0] != '\0')
    self->api_key = g_strdup (api_key);
}

gboolean
cutout_client_has_api_key (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), FALSE);

  return self->api_key != NULL;
}

guint
cutout_client_get_max_connections (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), 0);

  return self->max_connections;
}

void
cutout_client_set_max_connections (CutoutClient *self,
                                   guint         max_connections)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));
  g_return_if_fail (max_connections >= 1);

  if (self->max_connections == max_connections)
    return;

  self->max_connections = max_connections;
  /* SoupSession's limits are fixed at construction: the next request
   * gets a new session. Requests in flight keep the old one alive until
   * they end. */
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONNECTIONS]);
}

guint
cutout_client_get_timeout (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), 0);

  return self->timeout;
}

void
cutout_client_set_timeout (CutoutClient *self,
                           guint         seconds)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
