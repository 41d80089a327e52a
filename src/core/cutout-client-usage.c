/* cutout-client-usage.c — CutoutClient's membership-usage requests, and small answers read whole
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-api-error.h"
#include "cutout-client-private.h"

/* Usage JSON is small, if larger than an error answer; a bigger body is
 * not what the contract describes, and reading it whole would let a
 * broken proxy fill our memory. */
#define USAGE_BODY_CAP (1024 * 1024)

/* Reading a small body whole, with a cap -------------------------------- */

/* Usage answers are read this way, and so are the error answers of every
 * request (see cutout-client.c). */

typedef struct
{
  GInputStream *stream;
  GByteArray   *bytes;
  gsize         cap;
  gboolean      complete;
  GError       *error;
  guint8        buffer[16 * 1024];
} CappedRead;

static void
capped_read_free (CappedRead *read)
{
  g_clear_object (&read->stream);
  g_clear_pointer (&read->bytes, g_byte_array_unref);
  g_clear_error (&read->error);
  g_free (read);
}

static void capped_read_next (GTask *task);

static void
capped_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CappedRead *read = g_task_get_task_data (task);
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &read->error);
  if (n < 0)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (n == 0)
    {
      read->complete = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_byte_array_append (read->bytes, read->buffer, n);
  capped_read_next (g_steal_pointer (&task));
}

static void
capped_read_next (GTask *task)
{
  CappedRead *read = g_task_get_task_data (task);
  gsize want = MIN (sizeof read->buffer, read->cap - read->bytes->len);

  if (want == 0)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  g_input_stream_read_async (read->stream, read->buffer, want, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), capped_read_cb, task);
}

/* Reads @stream up to @cap bytes. The result (always) holds what was read;
 * complete is TRUE when the end of the body was reached, and error says
 * why not when a read failed. */
static void
cutout_client_capped_read_async (GInputStream        *stream,
                                 gsize                cap,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  CappedRead *read = g_new0 (CappedRead, 1);

  g_task_set_source_tag (task, cutout_client_capped_read_async);
  read->stream = g_object_ref (stream);
  read->bytes = g_byte_array_new ();
  read->cap = cap;
  g_task_set_task_data (task, read, (GDestroyNotify) capped_read_free);
  capped_read_next (task);
}

static GBytes *
cutout_client_capped_read_finish (GAsyncResult  *result,
                                  gboolean      *complete,
                                  GError       **error)
{
  CappedRead *read = g_task_get_task_data (G_TASK (result));

  *complete = read->complete;
  if (read->error != NULL && error != NULL)
    *error = g_error_copy (read->error);
  return g_byte_array_free_to_bytes (g_steal_pointer (&read->bytes));
}

/* GET /api/membership-usage ---------------------------------------------- */

typedef struct
{
  SoupMessage  *msg;
  GInputStream *response;
  gboolean      list;
} UsageData;

static void
usage_data_free (UsageData *data)
{
  cutout_client_close_response (data->response);
  g_clear_object (&data->response);
  g_clear_object (&data->msg);
  g_free (data);
}

static void
usage_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UsageData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gboolean complete = FALSE;
  gsize len;
  const char *text;
  JsonNode *root;

  body = cutout_client_capped_read_finish (result, &complete, &error);
  cutout_client_close_response (data->response);
  g_clear_object (&data->response);

  if (soup_message_get_status (data->msg) != SOUP_STATUS_OK)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, cutout_client_error_from_answer (data->msg, body));
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, cutout_client_network_error_new (error, TRUE));
      return;
    }
  if (!complete)
    {
      g_task_return_error (task, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, SOUP_STATUS_OK,
                                                       _("The service's answer is too large.")));
      return;
    }

  text = g_bytes_get_data (body, &len);
  parser = cutout_json_parse (text, len, SOUP_STATUS_OK, &error);
  if (parser == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = json_parser_get_root (parser);

  if (data->list)
    {
      GListStore *cycles = cutout_billing_cycles_new_from_json (root, &error);

      if (cycles == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, cycles, g_object_unref);
    }
  else
    {
      CutoutMembership *membership = cutout_membership_new_from_json (root, &error);

      if (membership == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, membership, g_object_unref);
    }
}

static void
usage_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UsageData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  data->response = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->response == NULL)
    {
      g_task_return_error (task, cutout_client_network_error_new (error, FALSE));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  cutout_client_capped_read_async (data->response,
                                   soup_message_get_status (data->msg) == SOUP_STATUS_OK
                                   ? USAGE_BODY_CAP : CUTOUT_CLIENT_ERROR_BODY_CAP,
                                   cancellable, usage_body_cb, g_steal_pointer (&task));
}

static void
send_usage_request (CutoutClient        *self,
                    GTask               *task,
                    const char          *query,
                    gboolean             list)
{
  UsageData *data = g_new0 (UsageData, 1);

  data->list = list;
  data->msg = cutout_client_new_message (self, SOUP_METHOD_GET, self->account_url, "/api/membership-usage", query);
  soup_message_headers_replace (soup_message_get_request_headers (data->msg), "Accept", "application/json");
  g_task_set_task_data (task, data, (GDestroyNotify) usage_data_free);

  soup_session_send_async (cutout_client_get_session (self), data->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), usage_send_cb, g_object_ref (task));
}

void
cutout_client_get_usage_async (CutoutClient           *self,
                               const CutoutUsageQuery *query,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) params = g_string_new (NULL);

  g_return_if_fail (CUTOUT_IS_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_client_get_usage_async);
  g_task_set_check_cancellable (task, TRUE);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The service answers this combination with a 400; say so without
   * asking it. */
  if (query->period_start != 0 && (query->year != 0 || query->month != 0))
    {
      g_task_return_error (task,
                           cutout_api_error_new (CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR, 0,
                                                 _("A billing period (periodStartUnix) cannot be combined with a calendar year or month.")));
      return;
    }

  if (query->year != 0)
    g_string_append_printf (params, "&year=%d", query->year);
  if (query->month != 0)
    g_string_append_printf (params, "&month=%d", query->month);
  if (query->period_start != 0)
    g_string_append_printf (params, "&periodStartUnix=%" G_GINT64_FORMAT, query->period_start);
  if (query->billing_cycle)
    g_string_append (params, "&expand=billing_cycle");

  send_usage_request (self, task, params->len > 0 ? params->str + 1 : NULL, FALSE);
}

CutoutMembership *
cutout_client_get_usage_finish (CutoutClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_client_get_usage_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cutout_client_list_billing_cycles_async (CutoutClient        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CUTOUT_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_client_list_billing_cycles_async);
  g_task_set_check_cancellable (task, TRUE);

  if (g_task_return_error_if_cancelled (task))
    return;

  send_usage_request (self, task, "listBillingCycles=1", TRUE);
}

GListStore *
cutout_client_list_billing_cycles_finish (CutoutClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_client_list_billing_cycles_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
