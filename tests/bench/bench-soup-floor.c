/* bench-soup-floor.c — the CPU floor of sending a batch through libsoup, for the batch benchmark
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not Cutout: the least any client built on libsoup 3 can do for the
 * batch benchmark. Four threads take the files in turn and POST each to
 * URL/rmbg with libsoup's blocking API (its cheapest path), the body
 * being the same CutoutMultipartStream that cutout-cli sends (format=webp),
 * and write each answer to OUT/N.webp. Nothing else: no preflight, no
 * hash, no duplicate check, no progress, no retries, no durable rename.
 *
 * Its CPU time next to curl's says how much of cutout-cli's is libsoup's
 * own; bench.py reports it beside the other clients.
 *
 *   bench-soup-floor URL OUT FILE…   (API key from CUTOUT_API_KEY)
 */

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

#include "cutout-multipart-stream.h"

#define N_THREADS 4
#define CHUNK (256 * 1024)

static const char *base_url;
static const char *out_dir;
static const char *api_key;
static char **files;
static int n_files;
static int next_file;
static SoupSession *session;

static void
send_one (int     index,
          guint8 *buffer)
{
  static const char * const fields[] = { "format", "webp", NULL };
  g_autoptr(GFile) input = g_file_new_for_path (files[index]);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(CutoutMultipartStream) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) answer = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *url = g_strconcat (base_url, "/rmbg", NULL);
  g_autofree char *name = g_strdup_printf ("%s/%d.webp", out_dir, index);
  g_autoptr(GError) error = NULL;
  gssize n;

  info = g_file_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    g_error ("%s: %s", files[index], error->message);
  body = cutout_multipart_stream_new (fields, input, g_file_info_get_size (info), "photo.jpg", "image/jpeg");

  msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "x-api-key", api_key);
  soup_message_set_request_body (msg, cutout_multipart_stream_get_content_type (body), G_INPUT_STREAM (body),
                                 cutout_multipart_stream_get_length (body));

  answer = soup_session_send (session, msg, NULL, &error);
  if (answer == NULL)
    g_error ("%s: %s", files[index], error->message);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("%s: HTTP %u", files[index], soup_message_get_status (msg));

  output = g_file_new_for_path (name);
  out = g_file_create (output, G_FILE_CREATE_NONE, NULL, &error);
  if (out == NULL)
    g_error ("%s: %s", name, error->message);
  while ((n = g_input_stream_read (answer, buffer, CHUNK, NULL, &error)) > 0)
    if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n, NULL, NULL, &error))
      g_error ("%s: %s", name, error->message);
  if (n < 0)
    g_error ("%s: %s", files[index], error->message);
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error) ||
      !g_input_stream_close (answer, NULL, &error))
    g_error ("%s: %s", name, error->message);
}

static gpointer
worker (gpointer data)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK);
  int index;

  while ((index = g_atomic_int_add (&next_file, 1)) < n_files)
    send_one (index, buffer);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  GThread *threads[N_THREADS];

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s URL OUT FILE…\n", argv[0]);
      return 2;
    }
  base_url = argv[1];
  out_dir = argv[2];
  files = argv + 3;
  n_files = argc - 3;
  api_key = g_getenv ("CUTOUT_API_KEY");
  if (api_key == NULL)
    {
      fprintf (stderr, "%s: CUTOUT_API_KEY is not set\n", argv[0]);
      return 2;
    }

  /* As cutout-cli's session: no content decoder, no auth manager. */
  session = soup_session_new_with_options ("max-conns-per-host", N_THREADS, NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);

  for (int i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("send", worker, NULL);
  for (int i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  g_object_unref (session);
  return 0;
}
