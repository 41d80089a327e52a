/* test-client-raw.c — client tests against a loopback server giving answers the fake server cannot
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "test-client-util.h"

/* A loopback server that reads one whole request, remembers it, and
 * answers with canned bytes: for answers the fake server cannot give (an
 * HTML page with 200, a body shorter than its Content-Length, a
 * redirect, a 400 with details). It runs in GIO's worker threads. */
typedef struct
{
  GSocketService *service;
  char           *url;
  GMutex          lock;
  const char     *answer;
  gsize           answer_len;
  GString        *last_head;
  gsize           last_body_len;
  guint           n_requests;
} RawServer;

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source,
            gpointer                user_data)
{
  RawServer *raw = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *lower = NULL;
  const char *length_header;
  gsize body_len = 0, body_read = 0;
  char c;

  /* The head, byte by byte (it is small), then exactly the body. */
  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        return TRUE;
      g_string_append_c (head, c);
    }
  lower = g_ascii_strdown (head->str, -1);
  length_header = strstr (lower, "\r\ncontent-length: ");
  if (length_header != NULL)
    body_len = g_ascii_strtoull (length_header + strlen ("\r\ncontent-length: "), NULL, 10);
  while (body_read < body_len)
    {
      char buffer[65536];
      gssize n = g_input_stream_read (in, buffer, MIN (sizeof buffer, body_len - body_read), NULL, NULL);

      if (n <= 0)
        return TRUE;
      body_read += n;
    }

  g_mutex_lock (&raw->lock);
  g_string_assign (raw->last_head, head->str);
  raw->last_body_len = body_read;
  raw->n_requests++;
  g_mutex_unlock (&raw->lock);

  g_output_stream_write_all (out, raw->answer, raw->answer_len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static RawServer *
raw_server_new (void)
{
  RawServer *raw = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&raw->lock);
  raw->last_head = g_string_new (NULL);
  raw->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  raw->url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (raw->service, "run", G_CALLBACK (raw_run_cb), raw);
  g_socket_service_start (raw->service);
  return raw;
}

static void
raw_server_free (RawServer *raw)
{
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_clear_object (&raw->service);
  g_string_free (raw->last_head, TRUE);
  g_mutex_clear (&raw->lock);
  g_free (raw->url);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char html_200[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 27\r\n\r\n<html>Please log in</html>\n";
  static const char untyped_200[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nRIFF";
  static const char short_200[] =
    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\n\x89PNG\r\n\x1a\n";
  static const char plain_500[] =
    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\noops\n";
  static const char redirect[] =
    "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/rmbg\r\nContent-Length: 0\r\n\r\n";
  static const char details_400[] =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 223\r\n\r\n"
    "{\"error\": \"Multiple validation errors\", \"details\": ["
    "{\"field\": \"w\", \"message\": \"'w' must be an integer, got: 'abc'\"}, "
    "{\"field\": \"angle\", \"message\": \"'angle' must be between -360 and 360 degrees, got: 500.0\"}], "
    "\"status\": 400}";
  struct
  {
    const char     *answer;
    gsize           len;
    CutoutApiError  code;
    guint           status;
    const char     *message;
  } cases[] = {
    { html_200, sizeof html_200 - 1, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, 200,
      "The service answered with “text/html” instead of an image." },
    { untyped_200, sizeof untyped_200 - 1, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, 200,
      "The service answered without a content type instead of with an image." },
    { short_200, sizeof short_200 - 1, CUTOUT_API_ERROR_NETWORK, 0, NULL },
    { plain_500, sizeof plain_500 - 1, CUTOUT_API_ERROR_SERVER_ERROR, 500,
      "The service answered with an error (HTTP 500 Internal Server Error) and no readable explanation." },
    { redirect, sizeof redirect - 1, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, 307, NULL },
    { details_400, sizeof details_400 - 1, CUTOUT_API_ERROR_MULTIPLE_ERRORS, 400, "Multiple validation errors" },
  };
  g_autofree char *path = cutout_test_write_image (fixture->dir, "a.png", 40, 30, "png");
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->client);
  fixture->client = cutout_client_new (raw->url, raw->url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (fixture->client, CUTOUT_FAKE_SERVER_VALID_KEY);

  /* The details body above must be exactly as long as it says. */
  g_assert_cmpuint (strlen (strstr (details_400, "\r\n\r\n") + 4), ==, 223);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Call) call = { 0 };

      raw->answer = cases[i].answer;
      raw->answer_len = cases[i].len;
      run_remove (fixture, path, NULL, NULL, &call);
      g_test_message ("answer %u: %s", i, call.error != NULL ? call.error->message : "(none)");
      assert_failed (fixture, &call, cases[i].code, cases[i].status, cases[i].message);
      g_assert_true (cutout_api_error_get_body_sent (call.error));
      g_assert_cmpuint (raw->n_requests, ==, i + 1);
    }

  /* The cut-off answer says how far it came. */
  {
    g_auto(Call) call = { 0 };

    raw->answer = short_200;
    raw->answer_len = sizeof short_200 - 1;
    run_remove (fixture, path, NULL, NULL, &call);
    g_assert_true (g_str_has_prefix (call.error->message, "The answer was cut off after 8 of 1000 bytes: "));
    g_assert_true (cutout_api_error_is_transient (call.error));
  }

  /* The details of a 400 keep their fields. */
  {
    g_auto(Call) call = { 0 };
    GPtrArray *details;
    CutoutFieldError *second;

    raw->answer = details_400;
    raw->answer_len = sizeof details_400 - 1;
    run_remove (fixture, path, NULL, NULL, &call);
    details = cutout_api_error_get_details (call.error);
    g_assert_nonnull (details);
    g_assert_cmpuint (details->len, ==, 2);
    g_assert_cmpstr (((CutoutFieldError *) g_ptr_array_index (details, 0))->field, ==, "w");
    second = g_ptr_array_index (details, 1);
    g_assert_cmpstr (second->field, ==, "angle");
    g_assert_cmpstr (second->message, ==, "'angle' must be between -360 and 360 degrees, got: 500.0");
    g_assert_cmpint (second->code, ==, CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE);
  }

  /* What went over the wire: the agent, the key, an exact length, and
   * nothing that would let the answer be compressed. */
  {
    g_autofree char *lower = g_ascii_strdown (raw->last_head->str, -1);
    g_autofree char *length = g_strdup_printf ("\r\ncontent-length: %" G_GSIZE_FORMAT "\r\n", raw->last_body_len);

    g_assert_true (g_str_has_prefix (raw->last_head->str, "POST /rmbg HTTP/1.1\r\n"));
    g_assert_nonnull (strstr (lower, "\r\nuser-agent: cutout/"));
    g_assert_nonnull (strstr (raw->last_head->str, "\r\nx-api-key: " CUTOUT_FAKE_SERVER_VALID_KEY "\r\n"));
    g_assert_nonnull (strstr (lower, length));
    g_assert_nonnull (strstr (lower, "\r\ncontent-type: multipart/form-data; boundary="));
    g_assert_null (strstr (lower, "accept-encoding"));
  }
}

void
client_add_raw_tests (void)
{
  CLIENT_ADD ("bad-answers", test_bad_answers);
}
