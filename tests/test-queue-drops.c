/* test-queue-drops.c — the queue when connections are cut mid-upload
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "test-queue-util.h"

/* 4 MiB more per image: far more than loopback's socket buffers hold
 * when the server hangs up at half, so the client is still writing. With
 * bodies of a few hundred bytes the client has written everything before
 * the cut and rightly counts the attempt as possibly charged. */
#define PADDING (4 * 1024 * 1024)

/* The CRC of PNG chunks (ISO 3309), over the type and the data. */
static guint32
png_crc (const guint8 *data,
         gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

/* Makes the PNG at @path @padding bytes larger with a private ancillary
 * chunk before IEND, which decoders skip: a real image whose upload is
 * long enough to be cut while the client still writes it (a body that
 * fits in the socket buffers is all written before the server hangs up,
 * and then the client cannot know that it was not received). */
static void
pad_png (const char *path,
         gsize       padding)
{
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *chunk = g_malloc0 (4 + padding);
  guint32 be;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  /* IEND is the last 12 bytes: length, type, CRC. */
  g_assert_cmpuint (len, >, 12);
  g_assert_cmpmem (contents + len - 8, 4, "IEND", 4);

  memcpy (chunk, "pdDg", 4);
  for (gsize i = 0; i < padding; i++)
    chunk[4 + i] = (guint8) (i * 7 + 3);

  g_byte_array_append (out, (const guint8 *) contents, len - 12);
  be = GUINT32_TO_BE ((guint32) padding);
  g_byte_array_append (out, (const guint8 *) &be, 4);
  g_byte_array_append (out, chunk, 4 + padding);
  be = GUINT32_TO_BE (png_crc (chunk, 4 + padding));
  g_byte_array_append (out, (const guint8 *) &be, 4);
  g_byte_array_append (out, (const guint8 *) contents + len - 12, 12);

  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, &error));
  g_assert_no_error (error);
}

/* Ten uploads, about three in ten cut halfway: each cut is a transient
 * failure that is retried, and none counts as possibly charged, since the
 * body never got through. */
static void
test_upload_drops (Fixture       *f,
                   gconstpointer  data)
{
  GList *files = make_images (f, 10, "cut", 0);
  GPtrArray *requests;
  guint cut = 0;

  for (GList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      pad_png (path, PADDING);
    }

  use_png (f->queue);
  g_object_set (f->queue, "max-in-flight", 3, "max-attempts", 10, NULL);
  cutout_fake_server_set_seed (f->server, 7);
  cutout_fake_server_set_upload_drop_rate (f->server, 0.3);
  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);

  cutout_queue_start (f->queue);
  wait_finished (f, 60000);

  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_DONE), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      CutoutJob *job = get_job (f->queue, i);

      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpuint (cutout_job_get_possibly_charged (job), ==, 0);
      assert_cutout (cutout_job_get_output (job), 40 + i % 50, 40 + i / 50);
    }
  g_assert_cmpuint (count_files (f->out), ==, 10);
  assert_no_temp_files (f->out);

  requests = cutout_fake_server_get_requests (f->server);
  for (guint i = 0; i < requests->len; i++)
    {
      CutoutFakeRequest *request = g_ptr_array_index (requests, i);

      if (request->upload_dropped)
        {
          cut++;
          g_assert_cmpuint (request->status, ==, 0);
          g_assert_false (request->charged);
        }
    }
  g_test_message ("%u uploads of %u were cut", cut, cutout_fake_server_count_requests (f->server, "/rmbg"));
  g_assert_cmpuint (cut, >, 0);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 10 + cut);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, total_attempts (f->queue));
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 10);
  g_assert_cmpuint (total_possibly_charged (f->queue), ==, 0);
}

void
queue_add_drop_tests (void)
{
  QUEUE_ADD ("upload-drops", test_upload_drops);
}
