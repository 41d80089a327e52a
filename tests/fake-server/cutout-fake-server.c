/* cutout-fake-server.c — a test double of the Rembg service: the server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file holds the object, its knobs, the request log, routing and the
 * ways of answering (at once, after a latency, trickled, cut off). The
 * endpoints are in fake-server-rmbg.c and fake-server-usage.c, the image
 * work in fake-image.c.
 *
 * Threading: the server lives in the thread-default main context of the
 * thread that calls cutout_fake_server_start(); every callback and every
 * piece of state is used there. Only the image processing runs in a GTask
 * worker thread, and it touches nothing but its own input and options.
 */

#include "fake-server-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (CutoutFakeServer, cutout_fake_server, G_TYPE_OBJECT)

#define DEFAULT_SEED 20260101

/* A log entry with its arrival number, so answers that finish out of
 * order are still listed in arrival order. */
typedef struct
{
  CutoutFakeRequest request;
  guint64           sequence;
} FakeRequestEntry;

void
cutout_fake_request_free (CutoutFakeRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->fields, g_hash_table_unref);
  g_free (request->image_filename);
  g_free (request->image_content_type);
  g_free (request->error);
  /* Entries are allocated as FakeRequestEntry, whose first member this is. */
  g_free (request);
}

/* Keys. */

FakeKeyState
fake_server_check_key (CutoutFakeServer  *self,
                       SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "x-api-key");
  gpointer verified;

  if (key == NULL)
    return FAKE_KEY_NONE;
  if (!g_hash_table_lookup_extended (self->keys, key, NULL, &verified))
    return FAKE_KEY_UNKNOWN;
  return GPOINTER_TO_INT (verified) ? FAKE_KEY_VALID : FAKE_KEY_UNVERIFIED;
}

/* The request log. */

static void
write_log_line (CutoutFakeServer        *self,
                const CutoutFakeRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GError) error = NULL;

  if (self->log_stream == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, request->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, request->path);
  json_builder_set_member_name (builder, "query");
  if (request->query != NULL)
    json_builder_add_string_value (builder, request->query);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  names = g_list_sort (g_hash_table_get_keys (request->fields), (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (request->fields, l->data));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "image_filename");
  if (request->image_filename != NULL)
    json_builder_add_string_value (builder, request->image_filename);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "image_size");
  json_builder_add_int_value (builder, request->image_size);
  json_builder_set_member_name (builder, "had_api_key");
  json_builder_add_boolean_value (builder, request->had_api_key);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, request->status);
  json_builder_set_member_name (builder, "charged");
  json_builder_add_boolean_value (builder, request->charged);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_boolean_value (builder, request->dropped);
  json_builder_set_member_name (builder, "upload_dropped");
  json_builder_add_boolean_value (builder, request->upload_dropped);
  json_builder_set_member_name (builder, "error");
  if (request->error != NULL)
    json_builder_add_string_value (builder, request->error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  /* One unbuffered write per line, so a reader never sees half a line. */
  {
    g_autofree char *with_newline = g_strconcat (line, "\n", NULL);

    if (!g_output_stream_write_all (self->log_stream, with_newline, strlen (with_newline),
                                    NULL, NULL, &error) ||
        !g_output_stream_flush (self->log_stream, NULL, &error))
      g_message ("Could not write the request log: %s", error->message);
  }
}

gboolean
cutout_fake_server_set_log_file (CutoutFakeServer  *self,
                                 const char        *path,
                                 GError           **error)
{
  g_autoptr(GFile) file = NULL;
  GFileOutputStream *stream;

  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), FALSE);

  if (self->log_stream != NULL)
    g_output_stream_close (self->log_stream, NULL, NULL);
  g_clear_object (&self->log_stream);

  if (path == NULL)
    return TRUE;

  file = g_file_new_for_path (path);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  self->log_stream = G_OUTPUT_STREAM (stream);
  return TRUE;
}

/* Exchanges. */

static void
exchange_gone_cb (SoupServerMessage *msg,
                  FakeExchange      *ex)
{
  ex->gone = TRUE;
}

FakeExchange *
fake_exchange_new (CutoutFakeServer  *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query)
{
  FakeExchange *ex = g_new0 (FakeExchange, 1);
  FakeRequestEntry *entry = g_new0 (FakeRequestEntry, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  ex->self = g_object_ref (self);
  ex->msg = g_object_ref (msg);
  ex->query = query != NULL ? g_hash_table_ref (query) : NULL;
  ex->sequence = self->next_sequence++;

  entry->sequence = ex->sequence;
  ex->record = &entry->request;
  ex->record->method = g_strdup (soup_server_message_get_method (msg));
  ex->record->path = g_strdup (path);
  ex->record->query = g_strdup (uri != NULL ? g_uri_get_query (uri) : NULL);
  ex->record->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Only whether a key came: the key itself is a secret. */
  ex->record->had_api_key = soup_message_headers_get_one (headers, "x-api-key") != NULL;

  ex->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (exchange_gone_cb), ex);
  ex->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (exchange_gone_cb), ex);

  return ex;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const FakeRequestEntry *ea = *(FakeRequestEntry * const *) a;
  const FakeRequestEntry *eb = *(FakeRequestEntry * const *) b;

  return ea->sequence < eb->sequence ? -1 : ea->sequence > eb->sequence;
}

/* Records the answer, hands the message back to libsoup and frees @ex. */
void
fake_exchange_complete (FakeExchange *ex,
                        guint         status,
                        const char   *error_message,
                        gboolean      charged,
                        gboolean      dropped)
{
  CutoutFakeServer *self = ex->self;
  CutoutFakeRequest *record = g_steal_pointer (&ex->record);

  record->status = status;
  record->charged = charged;
  record->dropped = dropped;
  record->error = g_strdup (error_message);
  write_log_line (self, record);

  g_ptr_array_add (self->requests, record);
  if (self->requests->len > 1 &&
      ((FakeRequestEntry *) record)->sequence <
      ((FakeRequestEntry *) g_ptr_array_index (self->requests, self->requests->len - 2))->sequence)
    g_ptr_array_sort (self->requests, compare_entries);

  if (ex->paused && !ex->gone && !dropped)
    soup_server_message_unpause (ex->msg);

  g_clear_handle_id (&ex->source_id, g_source_remove);
  g_clear_signal_handler (&ex->finished_id, ex->msg);
  g_clear_signal_handler (&ex->disconnected_id, ex->msg);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_clear_pointer (&ex->query, g_hash_table_unref);
  g_clear_object (&ex->msg);
  g_clear_object (&ex->self);
  g_free (ex);
}

void
fake_exchange_pause (FakeExchange *ex)
{
  if (!ex->paused)
    {
      soup_server_message_pause (ex->msg);
      ex->paused = TRUE;
    }
}

static void
set_retry_after (SoupServerMessage *msg,
                 int                retry_after)
{
  g_autofree char *value = NULL;

  if (retry_after < 0)
    return;
  value = g_strdup_printf ("%d", retry_after);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", value);
}

void
fake_exchange_respond_json (FakeExchange *ex,
                            guint         status,
                            JsonNode     *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len = 0;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  soup_server_message_set_status (ex->msg, status, NULL);
  soup_server_message_set_response (ex->msg, "application/json", SOUP_MEMORY_COPY, text, len);
  fake_exchange_complete (ex, status, NULL, FALSE, FALSE);
}

void
fake_exchange_respond_error (FakeExchange *ex,
                             guint         status,
                             const char   *message,
                             JsonNode     *details,
                             int           retry_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  if (details != NULL)
    {
      json_builder_set_member_name (builder, "details");
      json_builder_add_value (builder, json_node_ref (details));
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  soup_server_message_set_status (ex->msg, status, NULL);
  set_retry_after (ex->msg, retry_after);
  soup_server_message_set_response (ex->msg, "application/json", SOUP_MEMORY_COPY, text, len);
  fake_exchange_complete (ex, status, message, FALSE, FALSE);
}

/* What a proxy or load balancer in front of the service answers. */
void
fake_exchange_respond_html (FakeExchange *ex,
                            guint         status,
                            int           retry_after)
{
  const char *phrase = soup_status_get_phrase (status);
  g_autofree char *text = NULL;
  g_autofree char *error_message = NULL;

  text = g_strdup_printf ("<html>\r\n<head><title>%u %s</title></head>\r\n"
                          "<body>\r\n<center><h1>%u %s</h1></center>\r\n"
                          "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                          status, phrase, status, phrase);
  error_message = g_strdup_printf ("%u %s (HTML)", status, phrase);

  soup_server_message_set_status (ex->msg, status, NULL);
  set_retry_after (ex->msg, retry_after);
  soup_server_message_set_response (ex->msg, "text/html", SOUP_MEMORY_COPY, text, strlen (text));
  fake_exchange_complete (ex, status, error_message, FALSE, FALSE);
}

/* Dropped answers: the connection is taken away from libsoup, the status
 * line, the headers (with the full Content-Length) and about half the
 * body are written by hand, and the socket is closed. */
typedef struct
{
  GIOStream *stream;
  GBytes    *partial;
} DropData;

static void
drop_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DropData *data = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_object_unref (data->stream);
  g_bytes_unref (data->partial);
  g_free (data);
}

static void
drop_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DropData *data = user_data;

  /* The peer may be gone already; either way the connection ends here. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, drop_closed_cb, data);
}

static gboolean
drop_connection_cb (gpointer user_data)
{
  FakeExchange *ex = user_data;
  GBytes *image = ex->body;
  gsize total = g_bytes_get_size (image);
  g_autoptr(GString) head = g_string_new (NULL);
  GIOStream *stream;
  DropData *data;

  ex->source_id = 0;

  g_string_append_printf (head,
                          "HTTP/1.1 200 OK\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n",
                          ex->content_type,
                          total);
  g_string_append_len (head, g_bytes_get_data (image, NULL), total / 2);

  stream = ex->gone ? NULL : soup_server_message_steal_connection (ex->msg);
  if (stream != NULL)
    {
      data = g_new0 (DropData, 1);
      data->stream = stream;
      data->partial = g_string_free_to_bytes (g_steal_pointer (&head));
      g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                       g_bytes_get_data (data->partial, NULL),
                                       g_bytes_get_size (data->partial),
                                       G_PRIORITY_DEFAULT, NULL, drop_written_cb, data);
    }

  fake_exchange_complete (ex, SOUP_STATUS_OK, NULL, TRUE, TRUE);
  return G_SOURCE_REMOVE;
}

/* Trickled answers: the body is appended a slice at a time, ten times a
 * second, and libsoup sends each slice as it comes. */
#define TRICKLE_TICKS_PER_SECOND 10

static gboolean
trickle_cb (gpointer user_data)
{
  FakeExchange *ex = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (ex->msg);
  gsize total = g_bytes_get_size (ex->body);
  gsize slice = MAX (1, ex->self->trickle_bps / TRICKLE_TICKS_PER_SECOND);
  gsize n = MIN (slice, total - ex->body_sent);

  if (ex->gone)
    {
      /* The client went away: the credit was used all the same. */
      ex->source_id = 0;
      ex->paused = FALSE;
      fake_exchange_complete (ex, SOUP_STATUS_OK, NULL, TRUE, FALSE);
      return G_SOURCE_REMOVE;
    }

  if (n > 0)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (ex->body, ex->body_sent, n);

      soup_message_body_append_bytes (body, piece);
      ex->body_sent += n;
    }

  if (ex->body_sent < total)
    {
      soup_server_message_unpause (ex->msg);
      return G_SOURCE_CONTINUE;
    }

  soup_message_body_complete (body);
  ex->source_id = 0;
  fake_exchange_complete (ex, SOUP_STATUS_OK, NULL, TRUE, FALSE);
  return G_SOURCE_REMOVE;
}

void
fake_exchange_respond_image (FakeExchange *ex,
                             GBytes       *image,
                             const char   *content_type)
{
  CutoutFakeServer *self = ex->self;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ex->msg);
  gboolean drop = self->drop_rate > 0 && g_rand_double (self->rand) < self->drop_rate;

  soup_server_message_set_status (ex->msg, SOUP_STATUS_OK, NULL);

  if (drop && !ex->gone)
    {
      /* Stealing the connection from inside libsoup's own callback is not
       * safe, so it happens from an idle callback with the message paused. */
      fake_exchange_pause (ex);
      ex->body = g_bytes_ref (image);
      ex->content_type = content_type;
      ex->source_id = g_idle_add (drop_connection_cb, ex);
      return;
    }

  soup_message_headers_replace (headers, "Content-Type", content_type);

  if (self->trickle_bps > 0 && !ex->gone)
    {
      fake_exchange_pause (ex);
      soup_message_headers_set_content_length (headers, g_bytes_get_size (image));
      ex->body = g_bytes_ref (image);
      ex->body_sent = 0;
      ex->source_id = g_timeout_add (1000 / TRICKLE_TICKS_PER_SECOND, trickle_cb, ex);
      /* The headers go out at once; the body follows slice by slice. */
      soup_server_message_unpause (ex->msg);
      return;
    }

  soup_message_body_append_bytes (soup_server_message_get_response_body (ex->msg), image);
  fake_exchange_complete (ex, SOUP_STATUS_OK, NULL, TRUE, FALSE);
}

/* Routing. */

static void
respond_openapi (FakeExchange *ex)
{
  static const char spec[] =
    "{\"openapi\":\"3.0.3\","
    "\"info\":{\"title\":\"Rembg API (fake server)\",\"version\":\"1.0\","
    "\"description\":\"A local test double of the Rembg service for Cutout's tests and demos. "
    "It is not the Rembg service; its background removal is a flood fill from the border.\"},"
    "\"paths\":{"
    "\"/rmbg\":{\"post\":{\"summary\":\"Remove the background of one image\","
    "\"parameters\":[{\"name\":\"x-api-key\",\"in\":\"header\",\"required\":false,\"schema\":{\"type\":\"string\"}}],"
    "\"requestBody\":{\"content\":{\"multipart/form-data\":{\"schema\":{\"type\":\"object\",\"required\":[\"image\"],"
    "\"properties\":{\"image\":{\"type\":\"string\",\"format\":\"binary\"},"
    "\"format\":{\"type\":\"string\",\"enum\":[\"webp\",\"png\"],\"default\":\"webp\"},"
    "\"w\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10000},"
    "\"h\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10000},"
    "\"exact_resize\":{\"type\":\"boolean\",\"default\":false},"
    "\"mask\":{\"type\":\"boolean\",\"default\":false},"
    "\"bg_color\":{\"type\":\"string\"},"
    "\"angle\":{\"type\":\"number\",\"minimum\":-360,\"maximum\":360,\"default\":0},"
    "\"expand\":{\"type\":\"boolean\",\"default\":true}}}}}},"
    "\"responses\":{\"200\":{\"description\":\"The image\"},\"400\":{\"description\":\"Invalid request\"},"
    "\"401\":{\"description\":\"invalid api key\"},\"403\":{\"description\":\"Email address not verified\"},"
    "\"429\":{\"description\":\"Rate, daily or monthly limit\"}}}},"
    "\"/api/membership-usage\":{\"get\":{\"summary\":\"Plan, credits, usage and billing cycles\","
    "\"parameters\":["
    "{\"name\":\"year\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9999}},"
    "{\"name\":\"month\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":12}},"
    "{\"name\":\"periodStartUnix\",\"in\":\"query\",\"schema\":{\"type\":\"integer\"}},"
    "{\"name\":\"expand\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},"
    "{\"name\":\"includeBillingCycle\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},"
    "{\"name\":\"listBillingCycles\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}],"
    "\"responses\":{\"200\":{\"description\":\"Membership and usage\"},\"400\":{\"description\":\"Invalid parameters\"},"
    "\"401\":{\"description\":\"invalid api key\"}}}}}}";
  g_autoptr(JsonNode) root = json_from_string (spec, NULL);

  fake_exchange_respond_json (ex, SOUP_STATUS_OK, root);
}

static void
dispatch (FakeExchange *ex)
{
  const char *path = ex->record->path;

  if (g_str_equal (path, "/rmbg"))
    fake_server_handle_rmbg (ex);
  else if (g_str_equal (path, "/api/membership-usage"))
    fake_server_handle_usage (ex);
  else if (g_str_equal (path, "/api/openapi"))
    respond_openapi (ex);
  else
    fake_exchange_respond_error (ex, SOUP_STATUS_NOT_FOUND, "Not found", NULL, -1);
}

static gboolean
latency_done_cb (gpointer user_data)
{
  FakeExchange *ex = user_data;

  ex->source_id = 0;
  dispatch (ex);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CutoutFakeServer *self = user_data;
  FakeExchange *ex;

  /* The whole body came in the chunk that crossed the half: the request
   * was cut and logged already, and its connection is shut down. */
  if (fake_server_upload_was_cut (msg))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  ex = fake_exchange_new (self, msg, path, query);

  if (self->latency_ms > 0)
    {
      fake_exchange_pause (ex);
      ex->source_id = g_timeout_add (self->latency_ms, latency_done_cb, ex);
      return;
    }

  dispatch (ex);
}

/* The object. */

static void
cutout_fake_server_finalize (GObject *object)
{
  CutoutFakeServer *self = CUTOUT_FAKE_SERVER (object);

  cutout_fake_server_stop (self);
  cutout_fake_server_set_log_file (self, NULL, NULL);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->membership, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->past_cycles, g_array_unref);
  g_clear_pointer (&self->months, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_queue_clear_full (&self->rate_times, g_free);

  G_OBJECT_CLASS (cutout_fake_server_parent_class)->finalize (object);
}

static void
cutout_fake_server_class_init (CutoutFakeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cutout_fake_server_finalize;
}

static void
cutout_fake_server_init (CutoutFakeServer *self)
{
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_fake_request_free);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->keys, g_strdup (CUTOUT_FAKE_SERVER_VALID_KEY), GINT_TO_POINTER (TRUE));
  g_hash_table_insert (self->keys, g_strdup (CUTOUT_FAKE_SERVER_UNVERIFIED_KEY), GINT_TO_POINTER (FALSE));

  self->membership = g_strdup ("Premium-20000");
  self->included_credits = 20000;
  self->prepaid_credits = 2000;
  self->synced = TRUE;
  self->past_cycles = g_array_new (FALSE, FALSE, sizeof (FakeCycle));
  self->months = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->anonymous_limit = 3;
  self->anonymous_day = -1;
  fake_server_set_default_period (self);
  cutout_fake_server_set_usage (self, 1500, 3500);

  self->rand = g_rand_new_with_seed (DEFAULT_SEED);
  self->rate_retry_after = -1;
  self->fail_retry_after = -1;
  self->processing = TRUE;
  g_queue_init (&self->rate_times);
}

CutoutFakeServer *
cutout_fake_server_new (void)
{
  return g_object_new (CUTOUT_TYPE_FAKE_SERVER, NULL);
}

gboolean
cutout_fake_server_start (CutoutFakeServer  *self,
                          guint              port,
                          GError           **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  server = soup_server_new ("server-header", "cutout-fake-server ", NULL);
  soup_server_add_handler (server, NULL, server_cb, self, NULL);
  /* The same (default) path: libsoup runs only the most specific handler
   * of a path, so an early handler for "/rmbg" alone would hide server_cb. */
  soup_server_add_early_handler (server, NULL, fake_server_rmbg_early_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  g_free (self->url);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->server = g_steal_pointer (&server);
  return TRUE;
}

void
cutout_fake_server_stop (CutoutFakeServer *self)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  if (self->server == NULL)
    return;

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

const char *
cutout_fake_server_get_url (CutoutFakeServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), NULL);

  return self->url;
}

GPtrArray *
cutout_fake_server_get_requests (CutoutFakeServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), NULL);

  return self->requests;
}

guint
cutout_fake_server_count_requests (CutoutFakeServer *self,
                                   const char       *path)
{
  guint n = 0;

  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      CutoutFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (path == NULL || g_strcmp0 (request->path, path) == 0)
        n++;
    }
  return n;
}

guint
cutout_fake_server_count_charged (CutoutFakeServer *self)
{
  guint n = 0;

  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    if (((CutoutFakeRequest *) g_ptr_array_index (self->requests, i))->charged)
      n++;
  return n;
}

void
cutout_fake_server_clear_requests (CutoutFakeServer *self)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  g_ptr_array_set_size (self->requests, 0);
}

/* Fault knobs. */

void
cutout_fake_server_set_seed (CutoutFakeServer *self,
                             guint32           seed)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  g_rand_set_seed (self->rand, seed);
}

void
cutout_fake_server_set_latency (CutoutFakeServer *self,
                                guint             milliseconds)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->latency_ms = milliseconds;
}

void
cutout_fake_server_set_error_rate (CutoutFakeServer *self,
                                   double            rate,
                                   gboolean          html_bodies)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->error_rate = CLAMP (rate, 0.0, 1.0);
  self->html_errors = html_bodies;
}

void
cutout_fake_server_set_drop_rate (CutoutFakeServer *self,
                                  double            rate)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->drop_rate = CLAMP (rate, 0.0, 1.0);
}

void
cutout_fake_server_set_upload_drop_rate (CutoutFakeServer *self,
                                         double            rate)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->upload_drop_rate = CLAMP (rate, 0.0, 1.0);
}

void
cutout_fake_server_set_trickle (CutoutFakeServer *self,
                                guint             bytes_per_second)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->trickle_bps = bytes_per_second;
}

void
cutout_fake_server_set_rate_limit (CutoutFakeServer *self,
                                   guint             requests,
                                   guint             window_ms,
                                   int               retry_after)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->rate_requests = requests;
  self->rate_window_ms = window_ms;
  self->rate_retry_after = retry_after;
  g_queue_clear_full (&self->rate_times, g_free);
}

void
cutout_fake_server_fail_next (CutoutFakeServer *self,
                              guint             count,
                              guint             status,
                              gboolean          html,
                              int               retry_after)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->fail_count = count;
  self->fail_status = status;
  self->fail_html = html;
  self->fail_retry_after = retry_after;
}

void
cutout_fake_server_set_processing (CutoutFakeServer *self,
                                   gboolean          enabled)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->processing = enabled;
}

