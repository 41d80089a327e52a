/* test-multipart-stream.c — tests of the streamed multipart/form-data body
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cutout-multipart-stream.h"
#include "cutout-test-util.h"

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = cutout_test_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->file);
  g_clear_pointer (&fixture->path, g_free);
  cutout_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Writes @len bytes of a fixed pseudo-random pattern (every byte value
 * occurs, including CR, LF, '-' and NUL). */
static GBytes *
write_pattern (Fixture    *fixture,
               const char *name,
               gsize       len)
{
  guint8 *data = g_malloc (len);
  guint32 state = 0x12345678;

  for (gsize i = 0; i < len; i++)
    {
      state = state * 1103515245 + 12345;
      data[i] = state >> 16;
    }
  g_clear_pointer (&fixture->path, g_free);
  g_clear_object (&fixture->file);
  fixture->path = cutout_test_write_bytes (fixture->dir, name, data, len);
  fixture->file = g_file_new_for_path (fixture->path);
  return g_bytes_new_take (data, len);
}

/* The largest read of the tests: more than one read-ahead chunk. */
#define MAX_READ (300 * 1024)

static GByteArray *
read_sync_in_chunks (GInputStream *stream,
                     const gsize  *sizes,
                     gsize         n_sizes,
                     GError      **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (MAX_READ);

  for (gsize i = 0;; i++)
    {
      gsize want = sizes[i % n_sizes];
      gssize n;

      g_assert_cmpuint (want, <=, MAX_READ);
      n = g_input_stream_read (stream, buffer, want, NULL, error);

      if (n < 0)
        return NULL;
      g_assert_cmpint (n, <=, want);
      if (n == 0)
        break;
      g_byte_array_append (out, buffer, n);
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  GInputStream *stream;
  GByteArray   *out;
  const gsize  *sizes;
  gsize         n_sizes;
  gsize         n_reads;
  guint8        buffer[MAX_READ];
  GError       *error;
  gboolean      done;
} AsyncRead;

static void async_read_next (AsyncRead *op);

static void
async_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRead *op = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &op->error);

  if (n <= 0)
    {
      op->done = TRUE;
      return;
    }
  g_byte_array_append (op->out, op->buffer, n);
  async_read_next (op);
}

static void
async_read_next (AsyncRead *op)
{
  gsize want = op->sizes[op->n_reads++ % op->n_sizes];

  g_assert_cmpuint (want, <=, MAX_READ);
  g_input_stream_read_async (op->stream, op->buffer, want, G_PRIORITY_DEFAULT, NULL,
                             async_read_cb, op);
}

static GByteArray *
read_async_in_chunks (GInputStream *stream,
                      const gsize  *sizes,
                      gsize         n_sizes,
                      GError      **error)
{
  g_autofree AsyncRead *op = g_new0 (AsyncRead, 1);

  op->stream = stream;
  op->out = g_byte_array_new ();
  op->sizes = sizes;
  op->n_sizes = n_sizes;
  async_read_next (op);
  cutout_test_wait_for (&op->done, 30000);

  if (op->error != NULL)
    {
      g_propagate_error (error, op->error);
      g_byte_array_unref (op->out);
      return NULL;
    }
  return op->out;
}

static GBytes *
expected_body (CutoutMultipartStream *stream,
               const char * const    *fields,
               const char            *escaped_filename,
               const char            *content_type,
               GBytes                *file_bytes)
{
  const char *boundary = cutout_multipart_stream_get_boundary (stream);
  GString *body = g_string_new (NULL);
  gsize len;
  const char *data = g_bytes_get_data (file_bytes, &len);

  for (guint i = 0; fields[i] != NULL; i += 2)
    g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                            boundary, fields[i], fields[i + 1]);
  g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"image\"; filename=\"%s\"\r\n"
                          "Content-Type: %s\r\n\r\n", boundary, escaped_filename, content_type);
  g_string_append_len (body, data, len);
  g_string_append_printf (body, "\r\n--%s--\r\n", boundary);
  return g_string_free_to_bytes (body);
}

static void
assert_bytes_equal (GByteArray *actual,
                    GBytes     *expected)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (expected, &len);

  g_assert_nonnull (actual);
  g_assert_cmpmem (actual->data, actual->len, data, len);
}

static void
test_exact_bytes (Fixture       *fixture,
                  gconstpointer  data)
{
  static const guint8 image[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0xff, '-', '-' };
  const char *fields[] = { "format", "png", "w", "640", NULL };
  const gsize whole[] = { 1 << 16 };
  g_autoptr(GBytes) file_bytes = NULL;
  g_autoptr(CutoutMultipartStream) stream = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GByteArray) actual = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  const char *boundary;

  fixture->path = cutout_test_write_bytes (fixture->dir, "photo.png", image, sizeof image);
  fixture->file = g_file_new_for_path (fixture->path);
  file_bytes = g_bytes_new_static (image, sizeof image);

  stream = cutout_multipart_stream_new (fields, fixture->file, sizeof image, "photo.png", "image/png");
  boundary = cutout_multipart_stream_get_boundary (stream);
  g_assert_cmpuint (strlen (boundary), <=, 70);
  content_type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
  g_assert_cmpstr (cutout_multipart_stream_get_content_type (stream), ==, content_type);

  expected = expected_body (stream, fields, "photo.png", "image/png", file_bytes);
  g_assert_cmpint (cutout_multipart_stream_get_length (stream), ==, g_bytes_get_size (expected));
  g_assert_cmpint (cutout_multipart_stream_get_bytes_read (stream), ==, 0);

  actual = read_sync_in_chunks (G_INPUT_STREAM (stream), whole, 1, &error);
  g_assert_no_error (error);
  assert_bytes_equal (actual, expected);
  g_assert_cmpint (actual->len, ==, cutout_multipart_stream_get_length (stream));
  g_assert_cmpint (cutout_multipart_stream_get_bytes_read (stream), ==, actual->len);
  g_assert_null (cutout_multipart_stream_get_file_error (stream));

  g_assert_true (g_input_stream_close (G_INPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
}

/* The same body, whichever way and in whatever pieces it is read: 1 byte,
 * odd sizes that straddle every segment and chunk border, large reads;
 * synchronously and asynchronously. */
static void
test_chunk_sizes (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *fields[] = { "format", "webp", "bg_color", "#ff000080", "angle", "12.5", NULL };
  static const gsize one[] = { 1 };
  static const gsize odd[] = { 7, 8191, 3, 65537, 13, 1, 262143, 262145 };
  static const gsize big[] = { 262144 };
  static const gsize soup_like[] = { 8192 };
  struct { const gsize *sizes; gsize n; } patterns[] = {
    { one, G_N_ELEMENTS (one) },
    { odd, G_N_ELEMENTS (odd) },
    { big, G_N_ELEMENTS (big) },
    { soup_like, G_N_ELEMENTS (soup_like) },
  };
  /* Past the end of the second 256 KiB read-ahead chunk, and then some. */
  g_autoptr(GBytes) file_bytes = write_pattern (fixture, "big.webp", 600 * 1024 + 17);
  g_autoptr(GBytes) expected = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    for (guint async = 0; async < 2; async++)
      {
        g_autoptr(CutoutMultipartStream) stream = NULL;
        g_autoptr(GByteArray) actual = NULL;
        g_autoptr(GError) error = NULL;

        stream = cutout_multipart_stream_new (fields, fixture->file, g_bytes_get_size (file_bytes),
                                              "big.webp", "image/webp");
        g_clear_pointer (&expected, g_bytes_unref);
        expected = expected_body (stream, fields, "big.webp", "image/webp", file_bytes);

        if (async)
          actual = read_async_in_chunks (G_INPUT_STREAM (stream), patterns[i].sizes, patterns[i].n, &error);
        else
          actual = read_sync_in_chunks (G_INPUT_STREAM (stream), patterns[i].sizes, patterns[i].n, &error);
        g_assert_no_error (error);
        assert_bytes_equal (actual, expected);
        g_assert_cmpint (cutout_multipart_stream_get_length (stream), ==, actual->len);
        g_assert_cmpint (cutout_multipart_stream_get_bytes_read (stream), ==, actual->len);
      }
}

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error), >, 0);
  g_assert_no_error (error);
  *done = TRUE;
}

/* libsoup sends a body with g_output_stream_splice_async(); that path
 * must give the same bytes and close the stream (and the file). */
static void
test_splice (Fixture       *fixture,
             gconstpointer  data)
{
  const char *fields[] = { "format", "png", NULL };
  g_autoptr(GBytes) file_bytes = write_pattern (fixture, "a.png", 150 * 1024);
  g_autoptr(CutoutMultipartStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) actual = NULL;
  gboolean done = FALSE;

  stream = cutout_multipart_stream_new (fields, fixture->file, g_bytes_get_size (file_bytes),
                                        "a.png", "image/png");
  expected = expected_body (stream, fields, "a.png", "image/png", file_bytes);
  g_output_stream_splice_async (out, G_INPUT_STREAM (stream),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, splice_cb, &done);
  cutout_test_wait_for (&done, 30000);

  g_assert_true (g_input_stream_is_closed (G_INPUT_STREAM (stream)));
  actual = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (actual, expected));
}

static void
test_escape_param (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "photo.png", "photo.png" },
    { "say \"cheese\".png", "say \\\"cheese\\\".png" },
    { "back\\slash.png", "back\\\\slash.png" },
    { "line\r\nbreak.png", "line%0D%0Abreak.png" },
    { "tab\there\x7f.png", "tab%09here%7F.png" },
    { "naïve 写真.png", "naïve 写真.png" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = cutout_multipart_escape_param (cases[i].in);
      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
}

/* Odd file names cannot break out of the quoted string or the part's
 * headers, and a real multipart parser (libsoup's) reads them back. */
static void
test_odd_filenames (Fixture       *fixture,
                    gconstpointer  data)
{
  struct { const char *name; const char *escaped; const char *parsed; } cases[] = {
    { "say \"cheese\".png", "say \\\"cheese\\\".png", "say \"cheese\".png" },
    { "back\\slash.png", "back\\\\slash.png", "back\\slash.png" },
    { "evil\r\nX-Injected: yes\r\n\r\n.png",
      "evil%0D%0AX-Injected: yes%0D%0A%0D%0A.png",
      "evil%0D%0AX-Injected: yes%0D%0A%0D%0A.png" },
    { "\"; name=\"w.png", "\\\"; name=\\\"w.png", "\"; name=\"w.png" },
  };
  static const guint8 image[] = { 'B', 'M', 1, 2, 3 };
  const char *fields[] = { "format", "png", NULL };
  const gsize whole[] = { 1 << 16 };
  g_autoptr(GBytes) file_bytes = g_bytes_new_static (image, sizeof image);

  fixture->path = cutout_test_write_bytes (fixture->dir, "x.bmp", image, sizeof image);
  fixture->file = g_file_new_for_path (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CutoutMultipartStream) stream = NULL;
      g_autoptr(GByteArray) actual = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
      g_autoptr(SoupMultipart) multipart = NULL;
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *disposition = NULL;
      g_autoptr(GError) error = NULL;
      SoupMessageHeaders *part_headers;
      GBytes *part_body;

      stream = cutout_multipart_stream_new (fields, fixture->file, sizeof image, cases[i].name, "image/bmp");
      expected = expected_body (stream, fields, cases[i].escaped, "image/bmp", file_bytes);
      actual = read_sync_in_chunks (G_INPUT_STREAM (stream), whole, 1, &error);
      g_assert_no_error (error);
      assert_bytes_equal (actual, expected);

      body = g_byte_array_free_to_bytes (g_steal_pointer (&actual));
      soup_message_headers_replace (headers, "Content-Type",
                                    cutout_multipart_stream_get_content_type (stream));
      multipart = soup_multipart_new_from_message (headers, body);
      g_assert_nonnull (multipart);
      g_assert_cmpint (soup_multipart_get_length (multipart), ==, 2);
      g_assert_true (soup_multipart_get_part (multipart, 1, &part_headers, &part_body));
      g_assert_true (soup_message_headers_get_content_disposition (part_headers, &disposition, &params));
      g_assert_cmpstr (disposition, ==, "form-data");
      g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "image");
      g_assert_cmpstr (g_hash_table_lookup (params, "filename"), ==, cases[i].parsed);
      g_assert_cmpstr (soup_message_headers_get_content_type (part_headers, NULL), ==, "image/bmp");
      g_assert_true (g_bytes_equal (part_body, file_bytes));
    }
}

/* The boundary is random, and never occurs in a field value. */
static void
test_boundary (Fixture       *fixture,
               gconstpointer  data)
{
  static const guint8 image[] = { 'B', 'M', 0 };
  const char *fields[] = { "bg_color", "--cutout-", "angle", "\r\n--", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fixture->path = cutout_test_write_bytes (fixture->dir, "x.bmp", image, sizeof image);
  fixture->file = g_file_new_for_path (fixture->path);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(CutoutMultipartStream) stream =
        cutout_multipart_stream_new (fields, fixture->file, sizeof image, "x.bmp", "image/bmp");
      const char *boundary = cutout_multipart_stream_get_boundary (stream);

      for (guint k = 0; fields[k] != NULL; k++)
        g_assert_null (strstr (fields[k], boundary));
      for (const char *p = boundary; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-');
      g_assert_true (g_hash_table_add (seen, g_strdup (boundary)));
    }
}

typedef enum
{
  CHANGE_SHRINK,
  CHANGE_GROW,
  CHANGE_VANISH,
} Change;

static void
apply_change (Fixture *fixture,
              Change   change)
{
  g_autoptr(GError) error = NULL;

  switch (change)
    {
    case CHANGE_SHRINK:
      g_assert_cmpint (truncate (fixture->path, 10000), ==, 0);
      break;
    case CHANGE_GROW:
      {
        g_autoptr(GFileOutputStream) out = g_file_append_to (fixture->file, G_FILE_CREATE_NONE, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), "more", 4, NULL, NULL, &error));
        g_assert_no_error (error);
      }
      break;
    case CHANGE_VANISH:
      g_assert_cmpint (g_unlink (fixture->path), ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A file that shrinks, grows or vanishes while the body is read makes the
 * read fail: a body of the wrong length is never delivered as complete. */
static void
test_file_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *fields[] = { "format", "png", NULL };
  static const gsize sizes[] = { 8192 };
  struct { Change change; GIOErrorEnum code; const char *message; } cases[] = {
    { CHANGE_SHRINK, G_IO_ERROR_PARTIAL_INPUT, "The file “c.png” became shorter while it was being sent" },
    { CHANGE_GROW, G_IO_ERROR_FAILED, "The file “c.png” grew while it was being sent" },
    { CHANGE_VANISH, G_IO_ERROR_NOT_FOUND, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint async = 0; async < 2; async++)
      {
        g_autoptr(GBytes) file_bytes = write_pattern (fixture, "c.png", 300 * 1024);
        g_autoptr(CutoutMultipartStream) stream = NULL;
        g_autoptr(GByteArray) head = g_byte_array_new ();
        g_autoptr(GByteArray) rest = NULL;
        g_autoptr(GError) error = NULL;
        guint8 buffer[8192];

        stream = cutout_multipart_stream_new (fields, fixture->file, g_bytes_get_size (file_bytes),
                                              "c.png", "image/png");
        /* Read 100 KiB (for vanish: only the text part) before the change. */
        while (head->len < (cases[i].change == CHANGE_VANISH ? 1 : 100 * 1024))
          {
            gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer,
                                            cases[i].change == CHANGE_VANISH ? 10 : sizeof buffer,
                                            NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpint (n, >, 0);
            g_byte_array_append (head, buffer, n);
          }

        apply_change (fixture, cases[i].change);

        if (async)
          rest = read_async_in_chunks (G_INPUT_STREAM (stream), sizes, 1, &error);
        else
          rest = read_sync_in_chunks (G_INPUT_STREAM (stream), sizes, 1, &error);
        g_assert_null (rest);
        g_assert_error (error, G_IO_ERROR, cases[i].code);
        if (cases[i].message != NULL)
          g_assert_cmpstr (error->message, ==, cases[i].message);
        g_assert_nonnull (cutout_multipart_stream_get_file_error (stream));
        g_assert_error ((GError *) cutout_multipart_stream_get_file_error (stream), G_IO_ERROR, cases[i].code);
        g_assert_cmpint (cutout_multipart_stream_get_bytes_read (stream), <, cutout_multipart_stream_get_length (stream));
      }
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  const char *fields[] = { "format", "png", NULL };
  static const gsize sizes[] = { 8192 };
  g_autoptr(GBytes) file_bytes = write_pattern (fixture, "d.png", 100 * 1024);
  g_autoptr(CutoutMultipartStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[512];

  stream = cutout_multipart_stream_new (fields, fixture->file, g_bytes_get_size (file_bytes),
                                        "d.png", "image/png");
  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, &error), >, 0);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, cancellable, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* A cancellation is not a problem of the file. */
  g_assert_null (cutout_multipart_stream_get_file_error (stream));

  /* Reading on afterwards still gives the rest of a whole body. */
  {
    g_autoptr(GByteArray) rest = read_async_in_chunks (G_INPUT_STREAM (stream), sizes, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cutout_multipart_stream_get_bytes_read (stream), ==, cutout_multipart_stream_get_length (stream));
  }
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_input_stream_close_finish (G_INPUT_STREAM (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_close (Fixture       *fixture,
            gconstpointer  data)
{
  const char *fields[] = { "format", "png", NULL };
  g_autoptr(GBytes) file_bytes = write_pattern (fixture, "e.png", 100 * 1024);
  g_autoptr(CutoutMultipartStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gboolean done = FALSE;
  goffset read = 0;

  stream = cutout_multipart_stream_new (fields, fixture->file, g_bytes_get_size (file_bytes),
                                        "e.png", "image/png");
  /* Into the file part, so the file is open when the stream is closed. */
  while (read < 10000)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      read += n;
    }
  g_input_stream_close_async (G_INPUT_STREAM (stream), G_PRIORITY_DEFAULT, NULL, close_cb, &done);
  cutout_test_wait_for (&done, 10000);
  g_assert_true (g_input_stream_is_closed (G_INPUT_STREAM (stream)));

  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/multipart-stream/exact-bytes", test_exact_bytes);
  ADD ("/multipart-stream/chunk-sizes", test_chunk_sizes);
  ADD ("/multipart-stream/splice", test_splice);
  g_test_add_func ("/multipart-stream/escape-param", test_escape_param);
  ADD ("/multipart-stream/odd-filenames", test_odd_filenames);
  ADD ("/multipart-stream/boundary", test_boundary);
  ADD ("/multipart-stream/file-changes", test_file_changes);
  ADD ("/multipart-stream/cancelled", test_cancelled);
  ADD ("/multipart-stream/close", test_close);

#undef ADD

  return g_test_run ();
}
