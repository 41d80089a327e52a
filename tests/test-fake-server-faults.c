/* test-fake-server-faults.c — the fake server's fault knobs, and the program as tests start it
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include "test-fake-server-util.h"

static void
test_fail_next (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_fail_next (f->server, 2, 503, FALSE, -1);
  for (int i = 0; i < 2; i++)
    {
      post_rmbg (f, KEY, "a.png", png, NULL, &reply);
      assert_error (&reply, 503, "Service Unavailable");
    }
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);

  /* A proxy's HTML page. */
  cutout_fake_server_fail_next (f->server, 1, 502, TRUE, 5);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 502);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "text/html");
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "5");
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body),
                                  "<h1>502 Bad Gateway</h1>"));

  cutout_fake_server_fail_next (f->server, 1, 429, FALSE, 2);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_TOO_QUICKLY);
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "2");

  /* Only /rmbg fails. */
  cutout_fake_server_fail_next (f->server, 1, 500, FALSE, -1);
  {
    g_autoptr(JsonObject) usage = usage_ok (f, NULL);
  }
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 500, "Internal Server Error");

  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
}

static void
test_error_rate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_auto(Reply) reply = { 0 };
  guint failed = 0;

  cutout_fake_server_set_processing (f->server, FALSE);
  cutout_fake_server_set_error_rate (f->server, 1.0, TRUE);
  for (int i = 0; i < 3; i++)
    {
      post_rmbg (f, KEY, "a.png", png, NULL, &reply);
      g_assert_true (reply.status == 500 || reply.status == 502 || reply.status == 503);
      g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "text/html");
    }

  cutout_fake_server_set_error_rate (f->server, 1.0, FALSE);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, reply.status, soup_status_get_phrase (reply.status));
  g_assert_cmpuint (reply.status / 100, ==, 5);

  /* About half, reproducibly from the seed. */
  cutout_fake_server_set_seed (f->server, 1);
  cutout_fake_server_set_error_rate (f->server, 0.5, FALSE);
  for (int i = 0; i < 40; i++)
    {
      post_rmbg (f, KEY, "a.png", png, NULL, &reply);
      if (reply.status != 200)
        failed++;
    }
  g_test_message ("error rate 0.5: %u of 40 failed", failed);
  g_assert_cmpuint (failed, >=, 8);
  g_assert_cmpuint (failed, <=, 32);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 40 - failed);
}

/* A raw HTTP exchange on a socket, to see exactly what the server sends
 * before it closes the connection. */
typedef struct
{
  GByteArray *received;
  gboolean    done;
  GError     *error;
} RawRead;

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawRead *raw = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &raw->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      raw->done = TRUE;
      return;
    }
  g_byte_array_append (raw->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 65536, G_PRIORITY_DEFAULT, NULL,
                                   raw_read_cb, raw);
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 160, "png");
  const char *fields[] = { "format", "bmp", NULL };
  const CutoutFakeRequest *request;
  g_auto(Reply) reply = { 0 };
  gint64 app, api_before, api_after;

  cutout_fake_server_get_usage (f->server, &app, &api_before);
  cutout_fake_server_set_drop_rate (f->server, 1.0);

  /* A client sees an error or a short body. */
  post_rmbg (f, KEY, "a.png", png, fields, &reply);
  if (reply.error == NULL)
    g_assert_cmpint (g_bytes_get_size (reply.body), <, soup_message_headers_get_content_length (reply.headers));
  else
    g_test_message ("dropped answer: %s", reply.error->message);

  /* The credit was used all the same. */
  request = last_request (f);
  g_assert_cmpuint (request->status, ==, 200);
  g_assert_true (request->charged);
  g_assert_true (request->dropped);
  cutout_fake_server_get_usage (f->server, &app, &api_after);
  g_assert_cmpint (api_after, ==, api_before + 1);

  /* On the wire: the headers with the full length, about half the body,
   * then the end of the connection. */
  {
    g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessageHeaders) part_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GString) head = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GByteArray) received = g_byte_array_new ();
    RawRead raw = { received, FALSE, NULL };
    GUri *uri = g_uri_parse (cutout_fake_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
    const char *text, *end_of_headers;
    gsize header_len, expected;

    soup_multipart_append_form_string (multipart, "format", "bmp");
    soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
    soup_multipart_to_message (multipart, part_headers, &body);
    g_string_append_printf (head, "POST /rmbg HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: %s\r\n"
                            "Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                            KEY, soup_message_headers_get_one (part_headers, "Content-Type"),
                            g_bytes_get_size (body));

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
    g_uri_unref (uri);
    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                               head->str, head->len, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                               g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, NULL, &error);
    g_assert_no_error (error);

    g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 65536,
                                     G_PRIORITY_DEFAULT, NULL, raw_read_cb, &raw);
    cutout_test_wait_for (&raw.done, 30000);
    g_clear_error (&raw.error);

    g_byte_array_append (received, (const guint8 *) "", 1);
    text = (const char *) received->data;
    g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 OK\r\n"));
    g_assert_nonnull (strstr (text, "Content-Type: image/bmp\r\n"));
    end_of_headers = strstr (text, "\r\n\r\n");
    g_assert_nonnull (end_of_headers);
    header_len = end_of_headers + 4 - text;
    expected = g_ascii_strtoull (strstr (text, "Content-Length: ") + 16, NULL, 10);
    /* 200 × 160 × 3 + 54 bytes of BMP. */
    g_assert_cmpuint (expected, ==, 96054);
    g_assert_cmpuint (received->len - 1 - header_len, ==, expected / 2);
  }

  /* Later requests get new connections and whole answers. */
  cutout_fake_server_set_drop_rate (f->server, 0);
  post_rmbg (f, KEY, "a.png", png, fields, &reply);
  g_object_unref (assert_image (&reply, "image/bmp", 200, 160));
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 3);
}

/* Uploads cut off mid-upload: a raw client that sends only 60 % of its body
 * sees the connection end without a byte of answer (a server waiting for
 * the whole body would never answer, and the wait would time out), and
 * nothing is charged. */
static void
test_upload_drop (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = fake_png (f, 40, 30, 256 * 1024);
  g_autoptr(GBytes) small = disc_image (f, 40, 30, "png");
  g_autofree char *log_path = g_build_filename (f->dir, "requests.log", NULL);
  g_autofree char *log_text = NULL;
  const CutoutFakeRequest *request;
  g_auto(Reply) reply = { 0 };
  gint64 app, api_before, api_after;
  g_autoptr(GError) error = NULL;

  cutout_fake_server_get_usage (f->server, &app, &api_before);
  g_assert_true (cutout_fake_server_set_log_file (f->server, log_path, &error));
  g_assert_no_error (error);
  cutout_fake_server_set_upload_drop_rate (f->server, 1.0);

  {
    g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessageHeaders) part_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GString) head = g_string_new (NULL);
    g_autoptr(GByteArray) received = g_byte_array_new ();
    RawRead raw = { received, FALSE, NULL };
    GUri *uri = g_uri_parse (cutout_fake_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
    GOutputStream *out;

    soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
    soup_multipart_to_message (multipart, part_headers, &body);
    g_string_append_printf (head, "POST /rmbg HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: %s\r\n"
                            "Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                            KEY, soup_message_headers_get_one (part_headers, "Content-Type"),
                            g_bytes_get_size (body));

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
    g_uri_unref (uri);
    g_assert_no_error (error);
    out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
    g_output_stream_write_all (out, head->str, head->len, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body) * 6 / 10,
                               NULL, NULL, &error);
    g_assert_no_error (error);

    g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 65536,
                                     G_PRIORITY_DEFAULT, NULL, raw_read_cb, &raw);
    cutout_test_wait_for (&raw.done, 30000);
    if (raw.error != NULL)
      g_test_message ("upload cut: %s", raw.error->message);
    g_clear_error (&raw.error);
    g_assert_cmpuint (received->len, ==, 0);
  }

  request = last_request (f);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 1);
  g_assert_cmpstr (request->path, ==, "/rmbg");
  g_assert_cmpuint (request->status, ==, 0);
  g_assert_false (request->charged);
  g_assert_true (request->upload_dropped);
  g_assert_false (request->dropped);
  g_assert_true (request->had_api_key);

  /* A libsoup client sending the whole body gets an error, not an answer;
   * even a body that comes in one piece is never handled. */
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_nonnull (reply.error);
  g_test_message ("libsoup client: %s", reply.error->message);
  post_rmbg (f, KEY, "a.png", small, NULL, &reply);
  g_assert_nonnull (reply.error);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 3);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 0);
  cutout_fake_server_get_usage (f->server, &app, &api_after);
  g_assert_cmpint (api_after, ==, api_before);

  /* Other endpoints are not cut, and later requests are answered whole.
   * While the knob is on, each answer ends its connection, so that every
   * upload starts on a connection with small windows. */
  {
    g_autoptr(JsonObject) usage = usage_ok (f, NULL);
  }
  get_usage (f, KEY, NULL, &reply);
  json_object_unref (assert_json (&reply, 200));
  g_assert_true (soup_message_headers_header_equals (reply.headers, "Connection", "close"));
  cutout_fake_server_set_upload_drop_rate (f->server, 0);
  post_rmbg (f, KEY, "a.png", small, NULL, &reply);
  g_object_unref (assert_image (&reply, "image/webp", 40, 30));
  g_assert_null (soup_message_headers_get_one (reply.headers, "Connection"));
  request = last_request (f);
  g_assert_false (request->upload_dropped);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);

  /* The JSON log says which requests were cut. */
  g_assert_true (cutout_fake_server_set_log_file (f->server, NULL, NULL));
  g_assert_true (g_file_get_contents (log_path, &log_text, NULL, &error));
  g_assert_no_error (error);
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (log_text), "\n", -1);
    guint cut = 0;

    g_assert_cmpuint (g_strv_length (lines), ==, 6);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autoptr(GBytes) line = g_bytes_new_static (lines[i], strlen (lines[i]));
        g_autoptr(JsonObject) entry = parse_object (line);

        if (json_object_get_boolean_member (entry, "upload_dropped"))
          {
            cut++;
            g_assert_cmpint (member_int (entry, "status"), ==, 0);
            g_assert_false (json_object_get_boolean_member (entry, "charged"));
          }
      }
    g_assert_cmpuint (cut, ==, 3);
  }
}

/* Reads a response body slice by slice, noting when each came. */
typedef struct
{
  GByteArray *data;
  guint       reads;
  gint64      first_us;
  gint64      last_us;
  gboolean    done;
  GError     *error;
} SlowRead;

static void
slow_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SlowRead *slow = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &slow->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      slow->done = TRUE;
      return;
    }
  slow->last_us = g_get_monotonic_time ();
  if (slow->reads++ == 0)
    slow->first_us = slow->last_us;
  g_byte_array_append (slow->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 65536, G_PRIORITY_DEFAULT, NULL,
                                   slow_read_cb, slow);
}

typedef struct
{
  GInputStream *stream;
  GError       *error;
  gboolean      done;
} Opened;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opened *opened = user_data;

  opened->stream = soup_session_send_finish (SOUP_SESSION (source), result, &opened->error);
  opened->done = TRUE;
}

static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autofree char *url = g_strconcat (cutout_fake_server_get_url (f->server), "/rmbg", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  SlowRead slow = { received, 0, 0, 0, FALSE, NULL };
  Opened opened = { NULL, NULL, FALSE };
  gint64 start;

  cutout_fake_server_set_trickle (f->server, 4000);
  soup_multipart_append_form_string (multipart, "format", "bmp");
  soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
  msg = soup_message_new_from_multipart (url, multipart);
  soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", KEY);

  start = g_get_monotonic_time ();
  soup_session_send_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, opened_cb, &opened);
  cutout_test_wait_for (&opened.done, 30000);
  g_assert_no_error (opened.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  /* 40 × 30 × 3 + 54 bytes of BMP, announced up front. */
  g_assert_cmpint (soup_message_headers_get_content_length (soup_message_get_response_headers (msg)), ==, 3654);

  g_input_stream_read_bytes_async (opened.stream, 65536, G_PRIORITY_DEFAULT, NULL, slow_read_cb, &slow);
  cutout_test_wait_for (&slow.done, 30000);
  g_assert_no_error (slow.error);
  g_clear_object (&opened.stream);

  g_test_message ("3654 bytes at 4000 B/s: %u reads over %.0f ms, %.0f ms in all",
                  slow.reads, (slow.last_us - slow.first_us) / 1000.0,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (received->len, ==, 3654);
  g_assert_cmpuint (slow.reads, >=, 4);
  g_assert_cmpint (slow.last_us - slow.first_us, >=, 500 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 700 * 1000);

  body = g_bytes_new (received->data, received->len);
  out = decode (body);
  g_assert_cmpint (gdk_pixbuf_get_width (out), ==, 40);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
}

static gboolean
poll_count_cb (gpointer user_data)
{
  Fixture *f = user_data;
  gboolean *flag = g_object_get_data (G_OBJECT (f->server), "test-flag");

  *flag = cutout_fake_server_count_requests (f->server, "/rmbg") == 1;
  return G_SOURCE_CONTINUE;
}

/* Clients that go away while their answer waits or trickles: the server
 * carries on, logs the request as charged, and stays healthy. */
static void
test_client_gone (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autofree char *url = g_strconcat (cutout_fake_server_get_url (f->server), "/rmbg", NULL);
  g_auto(Reply) reply = { 0 };
  gboolean logged = FALSE;
  guint poll_id;

  g_object_set_data (G_OBJECT (f->server), "test-flag", &logged);
  poll_id = g_timeout_add (20, poll_count_cb, f);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Opened opened = { NULL, NULL, FALSE };

      cutout_fake_server_clear_requests (f->server);
      logged = FALSE;
      /* Round 0: gone during the latency; round 1: during a trickle. */
      cutout_fake_server_set_latency (f->server, round == 0 ? 400 : 0);
      cutout_fake_server_set_trickle (f->server, round == 0 ? 0 : 200);

      soup_multipart_append_form_string (multipart, "format", "bmp");
      soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
      msg = soup_message_new_from_multipart (url, multipart);
      soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", KEY);
      soup_session_send_async (f->session, msg, G_PRIORITY_DEFAULT, cancellable, opened_cb, &opened);
      if (round == 0)
        {
          g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
          cutout_test_wait_for (&opened.done, 30000);
          g_assert_error (opened.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_clear_error (&opened.error);
        }
      else
        {
          cutout_test_wait_for (&opened.done, 30000);
          g_assert_no_error (opened.error);
          g_input_stream_close (opened.stream, NULL, NULL);
          g_clear_object (&opened.stream);
          soup_session_abort (f->session);
        }

      cutout_test_wait_for (&logged, 30000);
      {
        const CutoutFakeRequest *request = last_request (f);

        g_assert_cmpuint (request->status, ==, 200);
        g_assert_true (request->charged);
      }
    }

  g_source_remove (poll_id);
  g_object_set_data (G_OBJECT (f->server), "test-flag", NULL);

  cutout_fake_server_set_trickle (f->server, 0);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
}

static void
test_latency (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_set_latency (f->server, 300);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (reply.elapsed_us, >=, 300 * 1000);
  get_usage (f, KEY, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (reply.elapsed_us, >=, 300 * 1000);
  post_rmbg (f, "bad", "a.png", png, NULL, &reply);
  assert_error (&reply, 401, "invalid api key");
  g_assert_cmpint (reply.elapsed_us, >=, 300 * 1000);
}

static void
test_no_processing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 160, "png");
  g_autoptr(GBytes) wide = fake_png (f, 10000, 1, 4096);
  const char *as_png[] = { "format", "png", NULL };
  const char *sized[] = { "w", "64", "h", "48", "exact_resize", "true", NULL };
  const char *mask[] = { "mask", "true", "format", "png", "angle", "90", NULL };
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_set_processing (f->server, FALSE);

  /* Exactly 10000 px is allowed; nothing is decoded. */
  post_rmbg (f, KEY, "wide.png", wide, as_png, &reply);
  g_object_unref (assert_image (&reply, "image/png", 10000, 1));

  post_rmbg (f, KEY, "a.png", png, sized, &reply);
  g_object_unref (assert_image (&reply, "image/webp", 64, 48));

  post_rmbg (f, KEY, "a.png", png, mask, &reply);
  g_object_unref (assert_image (&reply, "image/png", 160, 200));
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (reply.body, NULL))[25], ==, 0);

  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 3);
}

/* The program, as tests and the demo start it. */
static void
test_executable (Fixture       *f,
                 gconstpointer  data)
{
  const char *args[] = { "--credits", "77", "--prepaid", "5", "--app-usage", "1", "--api-usage", "2", NULL };
  g_autoptr(GBytes) png = disc_image (f, 80, 60, "png");
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Reply) reply = { 0 };

  process = cutout_test_spawn_fake_server (args, &url);

  get_path (f, url, "/api/membership-usage?expand=billing_cycle", KEY, &reply);
  {
    g_autoptr(JsonObject) usage = assert_json (&reply, 200);
    JsonObject *cycle = json_object_get_object_member (usage, "billingCycle");

    g_assert_cmpint (member_int (usage, "credits"), ==, 77);
    g_assert_cmpint (member_int (usage, "prepaidCredits"), ==, 5);
    g_assert_cmpint (member_int (cycle, "usedIncludedCredits"), ==, 3);
    g_assert_cmpint (member_int (cycle, "remainingIncludedCredits"), ==, 74);
  }
  get_path (f, url, "/api/membership-usage?listBillingCycles=1", KEY, &reply);
  {
    g_autoptr(JsonObject) list = assert_json (&reply, 200);

    /* The current cycle and the demo's six past ones. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "billingCycles")), ==, 7);
  }

  {
    g_autofree char *rmbg = g_strconcat (url, "/rmbg", NULL);
    g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GdkPixbuf) out = NULL;

    soup_multipart_append_form_string (multipart, "format", "png");
    soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
    msg = soup_message_new_from_multipart (rmbg, multipart);
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", KEY);
    send_message (f, msg, &reply);
    out = assert_image (&reply, "image/png", 80, 60);
    assert_cutout (out);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

void
fake_server_add_fault_tests (void)
{
  FAKE_SERVER_ADD ("faults/fail-next", test_fail_next);
  FAKE_SERVER_ADD ("faults/error-rate", test_error_rate);
  FAKE_SERVER_ADD ("faults/drop", test_drop);
  FAKE_SERVER_ADD ("faults/upload-drop", test_upload_drop);
  FAKE_SERVER_ADD ("faults/trickle", test_trickle);
  FAKE_SERVER_ADD ("faults/latency", test_latency);
  FAKE_SERVER_ADD ("faults/client-gone", test_client_gone);
  FAKE_SERVER_ADD ("faults/no-processing", test_no_processing);
  FAKE_SERVER_ADD ("executable", test_executable);
}
