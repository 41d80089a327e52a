/* test-store-queue.c — tests of the store's live queue, its restore after a crash, and duplicates
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "test-store-util.h"

/* Queue */

static void
test_queue_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autoptr(GPtrArray) bulk = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autoptr(GArray) ids = NULL;
  gint64 id[5];
  gint64 t0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *path = g_strdup_printf ("/q/%u.png", i);
      g_ptr_array_add (records, make_record (path, CUTOUT_JOB_STATE_QUEUED));
    }
  cutout_store_insert_jobs (f->store, records, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    id[i] = ((CutoutJobRecord *) records->pdata[i])->id;

  {
    const gint64 order[] = { id[3], id[1], id[4], id[0] };
    cutout_store_queue_set (f->store, order, G_N_ELEMENTS (order), &error);
    g_assert_no_error (error);
    assert_queue (f->store, order, G_N_ELEMENTS (order));
  }
  {
    /* Appending an id already queued moves it to the end. */
    const gint64 add[] = { id[2], id[3] };
    const gint64 order[] = { id[1], id[4], id[0], id[2], id[3] };
    cutout_store_queue_append (f->store, add, G_N_ELEMENTS (add), &error);
    g_assert_no_error (error);
    assert_queue (f->store, order, G_N_ELEMENTS (order));
  }
  {
    const gint64 remove[] = { id[4], id[0] };
    const gint64 order[] = { id[1], id[2], id[3] };
    cutout_store_queue_remove (f->store, remove, G_N_ELEMENTS (remove), &error);
    g_assert_no_error (error);
    assert_queue (f->store, order, G_N_ELEMENTS (order));
  }
  {
    /* Deleting a job takes it out of the queue. */
    const gint64 order[] = { id[1], id[3] };
    cutout_store_delete_jobs (f->store, &id[2], 1, &error);
    g_assert_no_error (error);
    assert_queue (f->store, order, G_N_ELEMENTS (order));
  }
  {
    /* A queue naming a job that does not exist is refused as a whole. */
    const gint64 bad[] = { id[0], 123456 };
    const gint64 order[] = { id[1], id[3] };
    g_assert_false (cutout_store_queue_set (f->store, bad, G_N_ELEMENTS (bad), &error));
    g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    assert_queue (f->store, order, G_N_ELEMENTS (order));
  }

  /* Queueing 10,000 files is one transaction. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bulk/IMG_%05u.jpg", i);
      g_ptr_array_add (bulk, make_record (path, CUTOUT_JOB_STATE_QUEUED));
    }
  t0 = g_get_monotonic_time ();
  cutout_store_insert_jobs (f->store, bulk, TRUE, &error);
  g_assert_no_error (error);
  g_test_message ("insert + enqueue 10,000 jobs: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);

  ids = queue_ids (f->store);
  g_assert_cmpuint (ids->len, ==, 10002);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id[1]);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, id[3]);
  for (guint i = 0; i < 10000; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i + 2), ==, ((CutoutJobRecord *) bulk->pdata[i])->id);
}

static gint64
insert_in_state (CutoutStore    *store,
                 const char     *path,
                 CutoutJobState  state,
                 const char     *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record (path, state);

  r->output_path = g_strdup (output);
  cutout_store_insert_job (store, r, &error);
  g_assert_no_error (error);
  return r->id;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = cutout_test_write_bytes (f->dir, "kept.png", "png", 3);
  g_autofree char *gone = g_build_filename (f->dir, "gone.png", NULL);
  const CutoutJobState before[] = {
    CUTOUT_JOB_STATE_UPLOADING, CUTOUT_JOB_STATE_PROCESSING, CUTOUT_JOB_STATE_DOWNLOADING,
    CUTOUT_JOB_STATE_WAITING_RETRY, CUTOUT_JOB_STATE_PAUSED, CUTOUT_JOB_STATE_QUEUED,
    CUTOUT_JOB_STATE_DONE, CUTOUT_JOB_STATE_DONE, CUTOUT_JOB_STATE_FAILED,
    CUTOUT_JOB_STATE_CANCELLED,
  };
  const CutoutJobState after[] = {
    CUTOUT_JOB_STATE_QUEUED, CUTOUT_JOB_STATE_QUEUED, CUTOUT_JOB_STATE_QUEUED,
    CUTOUT_JOB_STATE_QUEUED, CUTOUT_JOB_STATE_PAUSED, CUTOUT_JOB_STATE_QUEUED,
    CUTOUT_JOB_STATE_DONE, CUTOUT_JOB_STATE_FAILED, CUTOUT_JOB_STATE_FAILED,
    CUTOUT_JOB_STATE_CANCELLED,
  };
  gint64 ids[G_N_ELEMENTS (before)];
  gint64 outside;
  guint n_requeued = 0, n_missing = 0;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(CutoutJobRecord) orphan = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    {
      g_autofree char *path = g_strdup_printf ("/r/%u.png", i);
      ids[i] = insert_in_state (f->store, path, before[i], i == 6 ? kept : i == 7 ? gone : NULL);
    }
  /* Interrupted, but no longer in the live queue. */
  outside = insert_in_state (f->store, "/r/outside.png", CUTOUT_JOB_STATE_DOWNLOADING, NULL);
  cutout_store_queue_set (f->store, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);

  /* Start again, as after a crash. */
  g_assert_finalize_object (f->store);
  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);

  g_assert_true (cutout_store_restore_queue (f->store, &n_requeued, &n_missing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_requeued, ==, 5);
  g_assert_cmpuint (n_missing, ==, 1);

  queue = cutout_store_queue_load (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < queue->len; i++)
    {
      CutoutJobRecord *r = queue->pdata[i];

      g_assert_cmpint (r->id, ==, ids[i]);
      g_assert_cmpint (r->state, ==, after[i]);
    }

  /* The done job whose result vanished, and only it, says why. */
  {
    CutoutJobRecord *r = queue->pdata[7];
    CutoutJobRecord *done = queue->pdata[6];

    g_assert_cmpstr (r->error_domain, ==, "cutout-store-error-quark");
    g_assert_cmpint (r->error_code, ==, CUTOUT_STORE_ERROR_OUTPUT_MISSING);
    g_assert_cmpstr (r->error_message, ==, "The result file is gone");
    g_assert_null (done->error_message);
    g_assert_null (((CutoutJobRecord *) queue->pdata[8])->error_message);
  }

  orphan = cutout_store_get_job (f->store, outside, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orphan->state, ==, CUTOUT_JOB_STATE_QUEUED);

  /* A second restore has nothing left to do. */
  cutout_store_restore_queue (f->store, &n_requeued, &n_missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_requeued, ==, 0);
  g_assert_cmpuint (n_missing, ==, 0);
}

/* A process that dies mid-batch without closing anything: every write it
 * committed is still there (WAL, synchronous=NORMAL). */
static void
test_restore_after_crash (void)
{
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      CutoutStore *store = cutout_store_new (g_getenv ("CUTOUT_TEST_STORE"), &error);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);

      g_assert_no_error (error);
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *path = g_strdup_printf ("/crash/%02u.jpg", i);
          g_ptr_array_add (records, make_record (path, CUTOUT_JOB_STATE_QUEUED));
        }
      cutout_store_insert_jobs (store, records, TRUE, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 3; i++)
        cutout_store_set_job_state (store, ((CutoutJobRecord *) records->pdata[i])->id,
                                    CUTOUT_JOB_STATE_UPLOADING, &error);
      g_assert_no_error (error);
      /* No unref, no close, no atexit handlers. */
      _exit (0);
    }
  else
    {
      g_autofree char *dir = cutout_test_make_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "crash.db", NULL);
      g_autoptr(CutoutStore) store = NULL;
      g_autoptr(GPtrArray) queue = NULL;
      guint n_requeued = 0;

      g_setenv ("CUTOUT_TEST_STORE", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();

      store = cutout_store_new (path, &error);
      g_assert_no_error (error);
      cutout_store_restore_queue (store, &n_requeued, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_requeued, ==, 3);

      queue = cutout_store_queue_load (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (queue->len, ==, 20);
      for (guint i = 0; i < queue->len; i++)
        {
          CutoutJobRecord *r = queue->pdata[i];
          g_autofree char *expected = g_strdup_printf ("/crash/%02u.jpg", i);

          g_assert_cmpstr (r->input_path, ==, expected);
          g_assert_cmpint (r->state, ==, CUTOUT_JOB_STATE_QUEUED);
        }

      g_clear_object (&store);
      cutout_test_rm_rf (dir);
    }
}

/* The intent record: a crash between a result's rename and "done" */

static gint64
insert_intent (CutoutStore    *store,
               const char     *input,
               CutoutJobState  state,
               const char     *output,
               gint64          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record (input, state);

  r->started_us = g_get_real_time () - 10 * G_USEC_PER_SEC;
  r->error_message = g_strdup ("Temporary failure");
  r->error_domain = g_strdup ("cutout-api-error-quark");
  cutout_store_insert_job (store, r, &error);
  g_assert_no_error (error);
  /* Recorded as the pipeline does, just before the rename. */
  g_assert_true (cutout_store_set_job_output (store, r->id, output, size, &error));
  g_assert_no_error (error);
  return r->id;
}

static CutoutJobRecord *
get_record (CutoutStore *store,
            gint64       id)
{
  g_autoptr(GError) error = NULL;
  CutoutJobRecord *r = cutout_store_get_job (store, id, &error);

  g_assert_no_error (error);
  return r;
}

static void
assert_requeued_cleared (CutoutStore *store,
                         gint64       id)
{
  g_autoptr(CutoutJobRecord) r = get_record (store, id);

  g_assert_cmpint (r->state, ==, CUTOUT_JOB_STATE_QUEUED);
  g_assert_null (r->output_path);
  g_assert_cmpint (r->output_size, ==, 0);
}

static void
test_restore_intent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *present = cutout_test_write_bytes (f->dir, "present.webp", "RIFF-result", 11);
  g_autofree char *absent = g_build_filename (f->dir, "absent.webp", NULL);
  g_autofree char *other = cutout_test_write_bytes (f->dir, "other.webp", "someone else's", 14);
  g_autofree char *old = cutout_test_write_bytes (f->dir, "old.webp", "old result!", 11);
  g_autofree char *link = g_build_filename (f->dir, "link.webp", NULL);
  g_autoptr(CutoutJobRecord) done = NULL;
  g_autoptr(CutoutJobRecord) before = NULL;
  struct utimbuf long_ago;
  guint n_requeued = 0, n_missing = 0;
  gint64 ids[5], t0;

  /* A file that was there long before the job started (OVERWRITE), and a
   * symlink to the right bytes: neither is this job's result. */
  long_ago.actime = long_ago.modtime = time (NULL) - 3600;
  g_assert_cmpint (g_utime (old, &long_ago), ==, 0);
  g_assert_cmpint (symlink (present, link), ==, 0);

  ids[0] = insert_intent (f->store, "/i/0.png", CUTOUT_JOB_STATE_DOWNLOADING, present, 11);
  ids[1] = insert_intent (f->store, "/i/1.png", CUTOUT_JOB_STATE_PROCESSING, absent, 11);
  ids[2] = insert_intent (f->store, "/i/2.png", CUTOUT_JOB_STATE_DOWNLOADING, other, 11);
  ids[3] = insert_intent (f->store, "/i/3.png", CUTOUT_JOB_STATE_UPLOADING, old, 11);
  ids[4] = insert_intent (f->store, "/i/4.png", CUTOUT_JOB_STATE_WAITING_RETRY, link, 11);
  cutout_store_queue_set (f->store, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);

  /* The intent changes the output and nothing else. */
  before = get_record (f->store, ids[0]);
  g_assert_cmpint (before->state, ==, CUTOUT_JOB_STATE_DOWNLOADING);
  g_assert_cmpstr (before->output_path, ==, present);
  g_assert_cmpint (before->output_size, ==, 11);
  g_assert_cmpint (before->finished_us, ==, 0);
  g_assert_false (cutout_store_set_job_output (f->store, 424242, present, 1, &error));
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_finalize_object (f->store);
  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);
  t0 = g_get_real_time ();
  g_assert_true (cutout_store_restore_queue (f->store, &n_requeued, &n_missing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_requeued, ==, 4);
  g_assert_cmpuint (n_missing, ==, 0);

  /* The rename happened: done with that file, not sent again. */
  done = get_record (f->store, ids[0]);
  g_assert_cmpint (done->state, ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpstr (done->output_path, ==, present);
  g_assert_cmpint (done->output_size, ==, 11);
  g_assert_cmpint (done->finished_us, >=, t0);
  g_assert_cmpint (done->finished_us, <=, g_get_real_time ());
  g_assert_null (done->error_message);
  g_assert_null (done->error_domain);

  /* Not there, not the size, not new, not a regular file: sent again,
   * and the path forgotten; the files themselves are left alone. */
  for (guint i = 1; i < G_N_ELEMENTS (ids); i++)
    assert_requeued_cleared (f->store, ids[i]);
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (old, G_FILE_TEST_IS_REGULAR));

  /* A file of that size appearing later no longer counts. */
  g_assert_true (g_file_set_contents (absent, "RIFF-result", 11, NULL));
  cutout_store_set_job_state (f->store, ids[1], CUTOUT_JOB_STATE_DOWNLOADING, &error);
  g_assert_no_error (error);
  cutout_store_restore_queue (f->store, &n_requeued, &n_missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_requeued, ==, 1);
  assert_requeued_cleared (f->store, ids[1]);
  g_clear_pointer (&done, cutout_job_record_free);
  done = get_record (f->store, ids[0]);
  g_assert_cmpint (done->state, ==, CUTOUT_JOB_STATE_DONE);
}

/* The same after a real crash: the intent is written, the file renamed
 * into place, and the process dies before it can store "done". */
static void
test_restore_intent_after_crash (void)
{
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      CutoutStore *store = cutout_store_new (g_getenv ("CUTOUT_TEST_STORE"), &error);
      const char *result = g_getenv ("CUTOUT_TEST_RESULT");
      g_autofree char *temp = g_strconcat (result, ".part", NULL);
      CutoutJobRecord *r = make_record ("/crash/photo.jpg", CUTOUT_JOB_STATE_QUEUED);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);

      g_assert_no_error (error);
      r->source_root = g_strdup ("/crash");
      g_ptr_array_add (records, r);
      cutout_store_insert_jobs (store, records, TRUE, &error);
      g_assert_no_error (error);
      cutout_store_set_job_state (store, r->id, CUTOUT_JOB_STATE_DOWNLOADING, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (temp, "the cut-out", 11, NULL));
      cutout_store_set_job_output (store, r->id, result, 11, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_rename (temp, result), ==, 0);
      _exit (0);
    }
  else
    {
      g_autofree char *dir = cutout_test_make_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "crash.db", NULL);
      g_autofree char *result = g_build_filename (dir, "photo.webp", NULL);
      g_autoptr(CutoutStore) store = NULL;
      g_autoptr(GPtrArray) queue = NULL;
      CutoutJobRecord *r;
      guint n_requeued = 1;

      g_setenv ("CUTOUT_TEST_STORE", path, TRUE);
      g_setenv ("CUTOUT_TEST_RESULT", result, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();

      store = cutout_store_new (path, &error);
      g_assert_no_error (error);
      cutout_store_restore_queue (store, &n_requeued, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_requeued, ==, 0);

      queue = cutout_store_queue_load (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (queue->len, ==, 1);
      r = queue->pdata[0];
      g_assert_cmpint (r->state, ==, CUTOUT_JOB_STATE_DONE);
      g_assert_cmpstr (r->output_path, ==, result);
      g_assert_cmpstr (r->source_root, ==, "/crash");

      g_clear_object (&store);
      cutout_test_rm_rf (dir);
    }
}

/* Duplicates */

static gint64
insert_done (CutoutStore *store,
             const char  *hash,
             const char  *options,
             const char  *output,
             gint64       created_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record ("/in/photo.jpg", CUTOUT_JOB_STATE_DONE);

  r->content_hash = g_strdup (hash);
  g_free (r->options);
  r->options = g_strdup (options);
  r->output_path = g_strdup (output);
  r->created_us = created_us;
  cutout_store_insert_job (store, r, &error);
  g_assert_no_error (error);
  return r->id;
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out1 = cutout_test_write_bytes (f->dir, "out1.png", "1", 1);
  g_autofree char *out2 = g_build_filename (f->dir, "out2.png", NULL);
  CutoutJobRecord *found;
  gint64 older, newer;

  older = insert_done (f->store, HASH_A, "format=png&w=2000", out1, 1000);
  /* Newer, but its result is gone. */
  newer = insert_done (f->store, HASH_A, "format=png&w=2000", out2, 2000);
  g_assert_cmpint (newer, >, older);
  /* Same file, other options; and a failed job with the same key. */
  insert_done (f->store, HASH_A, "format=webp", out1, 3000);
  {
    g_autoptr(CutoutJobRecord) failed = make_record ("/in/photo.jpg", CUTOUT_JOB_STATE_FAILED);
    failed->content_hash = g_strdup (HASH_B);
    failed->output_path = g_strdup (out1);
    cutout_store_insert_job (f->store, failed, &error);
    g_assert_no_error (error);
  }

  found = cutout_store_find_duplicate (f->store, HASH_A, "format=png&w=2000", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, older);
  g_assert_cmpstr (found->output_path, ==, out1);
  cutout_job_record_free (found);

  /* When the newer result exists, it wins. */
  g_assert_true (g_file_set_contents (out2, "2", 1, NULL));
  found = cutout_store_find_duplicate (f->store, HASH_A, "format=png&w=2000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, newer);
  cutout_job_record_free (found);

  /* Other options, only failed jobs, unknown content: nothing. */
  g_assert_null (cutout_store_find_duplicate (f->store, HASH_A, "format=png&w=2001", &error));
  g_assert_no_error (error);
  g_assert_null (cutout_store_find_duplicate (f->store, HASH_B, "format=webp", &error));
  g_assert_no_error (error);
  g_assert_null (cutout_store_find_duplicate (f->store, "00", "format=png&w=2000", &error));
  g_assert_no_error (error);

  /* Results deleted: no duplicate any more. */
  g_assert_cmpint (g_unlink (out1), ==, 0);
  g_assert_cmpint (g_unlink (out2), ==, 0);
  g_assert_null (cutout_store_find_duplicate (f->store, HASH_A, "format=png&w=2000", &error));
  g_assert_no_error (error);
}

void
store_add_queue_tests (void)
{
  STORE_ADD ("queue/order", test_queue_order);
  STORE_ADD ("queue/restore", test_restore);
  g_test_add_func ("/store/queue/restore-after-crash", test_restore_after_crash);
  STORE_ADD ("queue/restore-intent", test_restore_intent);
  g_test_add_func ("/store/queue/restore-intent-after-crash", test_restore_intent_after_crash);
  STORE_ADD ("duplicates", test_duplicates);
}
