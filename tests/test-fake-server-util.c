/* test-fake-server-util.c — the fixture and HTTP helpers shared by the fake server tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server and a plain SoupSession share this thread's default
 * main context (see test-fake-server.c): every request here is sent
 * asynchronously and the context is iterated until its answer is complete.
 */

#include <string.h>

#include "test-fake-server-util.h"

void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  memset (reply, 0, sizeof *reply);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = cutout_fake_server_new ();
  cutout_fake_server_start (f->server, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cutout_fake_server_get_url (f->server), "http://127.0.0.1:"));
  f->session = soup_session_new ();
  f->dir = cutout_test_make_tmpdir ();
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  cutout_fake_server_stop (f->server);
  /* Every exchange has ended and released the server. */
  g_assert_finalize_object (g_steal_pointer (&f->server));
  cutout_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Sending. */

typedef struct
{
  Reply       *reply;
  SoupMessage *msg;
  gint64       start;
} SendData;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;
  Reply *reply = data->reply;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->status = soup_message_get_status (data->msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (data->msg));
  reply->elapsed_us = g_get_monotonic_time () - data->start;
  reply->done = TRUE;
}

void
send_message (Fixture     *f,
              SoupMessage *msg,
              Reply       *reply)
{
  SendData data = { reply, msg, g_get_monotonic_time () };

  reply_clear (reply);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &data);
  cutout_test_wait_for (&reply->done, 60000);
}

/* POST /rmbg with @key (NULL: none), an image part named @filename (no
 * part when @image is NULL) and @fields as name/value pairs. */
void
post_rmbg (Fixture            *f,
           const char         *key,
           const char         *filename,
           GBytes             *image,
           const char * const *fields,
           Reply              *reply)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autofree char *url = g_strconcat (cutout_fake_server_get_url (f->server), "/rmbg", NULL);
  g_autoptr(SoupMessage) msg = NULL;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i += 2)
    soup_multipart_append_form_string (multipart, fields[i], fields[i + 1]);
  if (image != NULL)
    soup_multipart_append_form_file (multipart, "image", filename, "application/octet-stream", image);

  msg = soup_message_new_from_multipart (url, multipart);
  if (key != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", key);
  send_message (f, msg, reply);
}

void
get_usage (Fixture    *f,
           const char *key,
           const char *query,
           Reply      *reply)
{
  g_autofree char *url = g_strdup_printf ("%s/api/membership-usage%s%s",
                                          cutout_fake_server_get_url (f->server),
                                          query != NULL ? "?" : "", query != NULL ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (key != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", key);
  send_message (f, msg, reply);
}

/* Answers. */

JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonObject *
assert_json (Reply *reply,
             guint  status)
{
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");
  return parse_object (reply->body);
}

void
assert_error (Reply      *reply,
              guint       status,
              const char *message)
{
  g_autoptr(JsonObject) object = assert_json (reply, status);

  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, message);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, status);
  g_assert_false (json_object_has_member (object, "details"));
}

GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* Checks a 200 with an image of @content_type and returns it decoded. */
GdkPixbuf *
assert_image (Reply      *reply,
              const char *content_type,
              int         width,
              int         height)
{
  GdkPixbuf *pixbuf;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, content_type);
  g_assert_cmpint (soup_message_headers_get_content_length (reply->headers), ==,
                   g_bytes_get_size (reply->body));
  pixbuf = decode (reply->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  return pixbuf;
}

void
get_pixel (GdkPixbuf *pixbuf,
           int        x,
           int        y,
           guint8     rgba[4])
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) +
                    (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  rgba[0] = p[0];
  rgba[1] = p[1];
  rgba[2] = p[2];
  rgba[3] = gdk_pixbuf_get_has_alpha (pixbuf) ? p[3] : 255;
}

guint8
alpha_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  guint8 rgba[4];

  get_pixel (pixbuf, x, y, rgba);
  return rgba[3];
}

/* The four corners are removed background, the centre is the red disc. */
void
assert_cutout (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  guint8 centre[4];

  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  g_assert_cmpuint (alpha_at (pixbuf, 0, 0), ==, 0);
  g_assert_cmpuint (alpha_at (pixbuf, w - 1, 0), ==, 0);
  g_assert_cmpuint (alpha_at (pixbuf, 0, h - 1), ==, 0);
  g_assert_cmpuint (alpha_at (pixbuf, w - 1, h - 1), ==, 0);
  get_pixel (pixbuf, w / 2, h / 2, centre);
  g_assert_cmpuint (centre[3], ==, 255);
  g_assert_cmpint (ABS (centre[0] - 200), <=, 12);
  g_assert_cmpint (centre[1], <=, 45);
  g_assert_cmpint (centre[2], <=, 45);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* The red-disc test image of the shared helpers, encoded as @format. */
GBytes *
disc_image (Fixture    *f,
            int         width,
            int         height,
            const char *format)
{
  g_autofree char *name = g_strdup_printf ("disc-%dx%d.%s", width, height, format);
  g_autofree char *path = cutout_test_write_image (f->dir, name, width, height, format);

  return read_bytes (path);
}

GBytes *
fake_png (Fixture *f,
          int      width,
          int      height,
          goffset  size)
{
  g_autofree char *path = cutout_test_write_fake_png (f->dir, "fake.png", width, height, size);

  return read_bytes (path);
}

const CutoutFakeRequest *
last_request (Fixture *f)
{
  GPtrArray *requests = cutout_fake_server_get_requests (f->server);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

gint64
member_int (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

JsonObject *
usage_ok (Fixture    *f,
          const char *query)
{
  g_auto(Reply) reply = { 0 };

  get_usage (f, KEY, query, &reply);
  return assert_json (&reply, 200);
}

void
get_path (Fixture    *f,
          const char *base,
          const char *path,
          const char *key,
          Reply      *reply)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (key != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", key);
  send_message (f, msg, reply);
}
