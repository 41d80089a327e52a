/* test-queue-drops.c — the queue when connections are cut mid-upload, and when thousands of files are dropped on it
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>
#include <string.h>

#include "test-queue-util.h"

/* 6 MiB more per image. The server hangs up after 64 KiB; the client's
 * kernel takes up to 4 MiB more (tcp_wmem's default maximum) and the
 * server's new connection little, so the client is still writing at the
 * cut and knows the body did not get through. With a body that fits in
 * those buffers, the client has written everything before the cut and
 * rightly counts the attempt as possibly charged. */
#define PADDING (6 * 1024 * 1024)

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

/* Ten uploads, about three in ten cut mid-upload: each cut is a transient
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

/* ---- Thousands of files at once: the store written in a thread ---------- */

/* @n files in in/ named @prefix + number, all copies of one small PNG
 * (what matters here is their names and order; a copy is as good an
 * image as the original). */
static GList *
make_copies (Fixture    *f,
             guint       n,
             const char *prefix)
{
  g_autofree char *original = cutout_test_write_image (f->in, "original.png", 48, 40, "png");
  g_autofree char *bytes = NULL;
  gsize len = 0;
  GList *files = NULL;

  g_assert_true (g_file_get_contents (original, &bytes, &len, NULL));
  for (guint i = n; i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("%s%05u.png", prefix, i - 1);
      g_autofree char *path = g_build_filename (f->in, name, NULL);

      g_assert_true (g_file_set_contents (path, bytes, len, NULL));
      files = g_list_prepend (files, g_file_new_for_path (path));
    }
  return files;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AddResult;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddResult *add = user_data;

  add->ok = cutout_queue_add_files_finish (CUTOUT_QUEUE (source), result, &add->error);
  add->done = TRUE;
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

static gboolean
not_storing (gpointer data)
{
  return !cutout_queue_is_storing (data);
}

/* The store's live queue, in its order. */
static GPtrArray *
load_live_queue (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = cutout_store_queue_load (f->store, &error);

  g_assert_no_error (error);
  return records;
}

/* 2,000 files: the model has them at once (one items-changed) while the
 * rows are written in a thread; then every job has its id, in order, and
 * the live queue holds them in the order they were added. Files added
 * the synchronous way meanwhile are written after them. */
static void
test_add_async_order (Fixture       *f,
                      gconstpointer  data)
{
  GList *files = make_copies (f, 2000, "drop");
  GList *more = make_copies (f, 2, "late");
  g_autoptr(GPtrArray) live = NULL;
  AddResult add = { 0, };
  guint n_changes = 0;
  guint n_main_writes = 0;
  gint64 last_id = 0;

  g_signal_connect (f->queue, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);
  cutout_queue_add_files_async (f->queue, files, NULL, added_cb, &add);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 2000);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_QUEUED), ==, 2000);
  g_assert_true (cutout_queue_is_storing (f->queue));
  g_assert_false (add.done);
  g_assert_cmpint (cutout_job_get_id (get_job (f->queue, 1999)), ==, 0);

  /* Synchronous adds queue up behind the write, to keep the order. */
  cutout_queue_add_files (f->queue, more, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 2002);
  g_assert_cmpint (cutout_job_get_id (get_job (f->queue, 2001)), ==, 0);

  /* The main connection can write meanwhile: the thread holds the
   * write lock for one chunk at a time. */
  while (!add.done)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cutout_store_set_setting (f->store, "test-drops", "meanwhile", &error));
      g_assert_no_error (error);
      n_main_writes++;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (add.ok);
  g_assert_no_error (add.error);
  g_assert_cmpuint (n_main_writes, >, 0);
  wait_until (not_storing, f->queue, 30000);

  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 2002);
  for (guint i = 0; i < 2002; i++)
    {
      CutoutJob *job = get_job (f->queue, i);
      const CutoutJobRecord *record = g_ptr_array_index (live, i);
      g_autofree char *path = g_file_get_path (cutout_job_get_input (job));

      g_assert_cmpint (cutout_job_get_id (job), >, last_id);
      g_assert_cmpint (record->id, ==, cutout_job_get_id (job));
      g_assert_cmpstr (record->input_path, ==, path);
      g_assert_cmpint (record->state, ==, CUTOUT_JOB_STATE_QUEUED);
      last_id = record->id;
    }
  g_assert_true (g_str_has_suffix (((CutoutJobRecord *) g_ptr_array_index (live, 1999))->input_path,
                                   "drop01999.png"));
  g_assert_true (g_str_has_suffix (((CutoutJobRecord *) g_ptr_array_index (live, 2000))->input_path,
                                   "late00000.png"));

  g_signal_handlers_disconnect_by_func (f->queue, count_changes_cb, &n_changes);
  g_list_free_full (files, g_object_unref);
  g_list_free_full (more, g_object_unref);
}

/* A few files are written at once, as cutout_queue_add_files () does. */
static void
test_add_async_small (Fixture       *f,
                      gconstpointer  data)
{
  GList *files = make_copies (f, 3, "few");
  g_autoptr(GPtrArray) live = NULL;
  AddResult add = { 0, };

  cutout_queue_add_files_async (f->queue, files, NULL, added_cb, &add);
  g_assert_false (cutout_queue_is_storing (f->queue));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (cutout_job_get_id (get_job (f->queue, i)), >, 0);
  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 3);

  cutout_test_wait_for (&add.done, 5000);
  g_assert_true (add.ok);
  g_list_free_full (files, g_object_unref);
}

static void
job_state_cb (CutoutJob  *job,
              GParamSpec *pspec,
              Fixture    *f)
{
  g_autoptr(CutoutJobRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!cutout_job_state_is_active (cutout_job_get_state (job)))
    return;

  /* Sent only once the store has it: a crash now would bring it back. */
  g_assert_cmpint (cutout_job_get_id (job), >, 0);
  record = cutout_store_get_job (f->store, cutout_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
}

static gboolean
first_job_started (gpointer data)
{
  return cutout_job_get_state (get_job (data, 0)) != CUTOUT_JOB_STATE_QUEUED;
}


/* Started at once after the drop, the queue waits for each job's row
 * before it sends it; the jobs cancelled while they were being written
 * are stored as cancelled. */
static void
test_add_async_start_waits (Fixture       *f,
                            gconstpointer  data)
{
  GList *files = make_copies (f, 2000, "start");
  g_autoptr(GPtrArray) live = NULL;
  guint n_cancelled = 0;

  use_png (f->queue);
  cutout_queue_add_files_async (f->queue, files, NULL, NULL, NULL);
  for (guint i = 0; i < 2000; i++)
    g_signal_connect (get_job (f->queue, i), "notify::state", G_CALLBACK (job_state_cb), f);
  cutout_queue_start (f->queue);

  /* Nothing is stored yet, so nothing has started. */
  g_assert_true (cutout_queue_is_storing (f->queue));
  g_assert_cmpuint (cutout_queue_count_state (f->queue, CUTOUT_JOB_STATE_QUEUED), ==, 2000);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 0);

  wait_until (first_job_started, f->queue, 30000);
  g_assert_cmpint (cutout_job_get_id (get_job (f->queue, 0)), >, 0);

  /* Stop the batch: the jobs still waiting for their row are cancelled
   * now and written as cancelled once stored. */
  cutout_queue_cancel_all (f->queue);
  wait_finished (f, 30000);
  wait_until (not_storing, f->queue, 30000);
  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 2000);
  for (guint i = 0; i < live->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (live, i);
      CutoutJob *job = get_job (f->queue, i);

      g_assert_cmpint (record->id, ==, cutout_job_get_id (job));
      g_assert_cmpint (record->state, ==, cutout_job_get_state (job));
      if (record->state == CUTOUT_JOB_STATE_CANCELLED)
        n_cancelled++;
    }
  g_assert_cmpuint (n_cancelled, >, 1900);

  for (guint i = 0; i < 2000; i++)
    g_signal_handlers_disconnect_by_func (get_job (f->queue, i), job_state_cb, f);
  g_list_free_full (files, g_object_unref);
}

/* Jobs removed while they are written leave the live queue again once
 * stored; the others keep their order. */
static void
test_add_async_remove_meanwhile (Fixture       *f,
                                 gconstpointer  data)
{
  GList *files = make_copies (f, 600, "gone");
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;
  AddResult add = { 0, };

  cutout_queue_add_files_async (f->queue, files, NULL, added_cb, &add);
  g_assert_true (cutout_queue_remove (f->queue, get_job (f->queue, 599), &error));
  g_assert_no_error (error);
  g_assert_true (cutout_queue_remove (f->queue, get_job (f->queue, 5), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 598);

  cutout_test_wait_for (&add.done, 30000);
  g_assert_true (add.ok);
  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 598);
  for (guint i = 0; i < live->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (live, i);
      g_autofree char *name = g_strdup_printf ("gone%05u.png", i < 5 ? i : i + 1);

      g_assert_true (g_str_has_suffix (record->input_path, name));
      g_assert_cmpint (record->id, ==, cutout_job_get_id (get_job (f->queue, i)));
    }
  g_list_free_full (files, g_object_unref);
}

typedef struct
{
  Fixture *f;
  guint    n;
} LiveCount;

static gboolean
live_queue_has (gpointer data)
{
  LiveCount *count = data;
  g_autoptr(GPtrArray) live = NULL;

  /* The thread holds the write lock at times: a read still works (WAL). */
  live = load_live_queue (count->f);
  if (live->len < count->n)
    {
      g_usleep (5000);
      return FALSE;
    }
  return TRUE;
}

/* The queue goes away while its jobs are written: nothing crashes, and
 * the write ends, so every job is in the live queue for the next start. */
static void
test_add_async_finalize_mid_write (Fixture       *f,
                                   gconstpointer  data)
{
  GList *files = make_copies (f, 2000, "orphan");
  CutoutQueue *queue = fixture_new_queue (f);
  g_autoptr(GPtrArray) live = NULL;
  LiveCount count = { f, 2000 };

  cutout_queue_add_files_async (queue, files, NULL, NULL, NULL);
  g_assert_true (cutout_queue_is_storing (queue));
  g_assert_finalize_object (queue);

  wait_until (live_queue_has, &count, 30000);
  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 2000);
  for (guint i = 0; i < live->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (live, i);
      g_autofree char *name = g_strdup_printf ("orphan%05u.png", i);

      g_assert_true (g_str_has_suffix (record->input_path, name));
      g_assert_cmpint (record->state, ==, CUTOUT_JOB_STATE_QUEUED);
    }
  /* The writer's thread lets go of the database before the folder goes. */
  spin (200);
  g_list_free_full (files, g_object_unref);
}

/* The store's warning is expected in one test. g_test_expect_message ()
 * does not see structured logging: a writer that passes every other
 * message on (fatal warnings stay fatal) counts the expected one. */
static gint expecting_store_warning;
static gint store_warnings;

static GLogWriterOutput
expecting_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  if (g_atomic_int_get (&expecting_store_warning) && (log_level & G_LOG_LEVEL_WARNING))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
            g_str_has_prefix (fields[i].value, "Could not add jobs in the history: ") &&
            strstr (fields[i].value, "refused by the test") != NULL)
          {
            g_atomic_int_inc (&store_warnings);
            return G_LOG_WRITER_HANDLED;
          }
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* A write that fails is warned about as before; its jobs stay in the
 * queue, without an id, and are not held back: they run, without
 * history. */
static void
test_add_async_store_failure (Fixture       *f,
                              gconstpointer  data)
{
  GList *files = make_copies (f, 300, "refused");
  g_autofree char *db = g_build_filename (f->dir, "cutout.db", NULL);
  g_autoptr(GPtrArray) live = NULL;
  AddResult add = { 0, };
  sqlite3 *other = NULL;
  static gsize writer_set = 0;

  /* Another program's trigger refuses the first chunk's rows. */
  g_assert_cmpint (sqlite3_open (db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other,
                                 "CREATE TRIGGER test_refuse BEFORE INSERT ON jobs"
                                 " WHEN new.input_path LIKE '%refused00010.png'"
                                 " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  use_png (f->queue);
  if (g_once_init_enter (&writer_set))
    {
      g_log_set_writer_func (expecting_writer, NULL, NULL);
      g_once_init_leave (&writer_set, 1);
    }
  g_atomic_int_set (&expecting_store_warning, TRUE);
  cutout_queue_add_files_async (f->queue, files, NULL, added_cb, &add);
  cutout_queue_start (f->queue);
  cutout_test_wait_for (&add.done, 30000);
  g_atomic_int_set (&expecting_store_warning, FALSE);
  g_assert_cmpint (g_atomic_int_get (&store_warnings), ==, 1);

  g_assert_false (add.ok);
  g_assert_error (add.error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_FAILED);
  g_assert_false (cutout_queue_is_storing (f->queue));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 300);
  for (guint i = 0; i < 300; i++)
    g_assert_cmpint (cutout_job_get_id (get_job (f->queue, i)), ==, 0);
  live = load_live_queue (f);
  g_assert_cmpuint (live->len, ==, 0);

  /* Not held back: the first one runs. */
  wait_until (first_job_started, f->queue, 30000);
  cutout_queue_cancel_all (f->queue);
  wait_finished (f, 30000);
  g_clear_error (&add.error);
  g_list_free_full (files, g_object_unref);
}

void
queue_add_drop_tests (void)
{
  QUEUE_ADD ("upload-drops", test_upload_drops);
  QUEUE_ADD ("add-async/order", test_add_async_order);
  QUEUE_ADD ("add-async/small", test_add_async_small);
  QUEUE_ADD ("add-async/start-waits", test_add_async_start_waits);
  QUEUE_ADD ("add-async/remove-meanwhile", test_add_async_remove_meanwhile);
  QUEUE_ADD ("add-async/finalize-mid-write", test_add_async_finalize_mid_write);
  QUEUE_ADD ("add-async/store-failure", test_add_async_store_failure);
}
