/* cutout-store-queue.c — CutoutStore's live queue, its restore after a crash, and duplicates
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "cutout-store-private.h"

/* The live queue */

gboolean
cutout_store_queue_set (CutoutStore   *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (!cutout_store_begin (self, error))
    return FALSE;

  ok = cutout_store_run_cached (self, CUTOUT_STORE_STMT_QUEUE_CLEAR, "DELETE FROM queue", error);

  for (guint i = 0; ok && i < n_ids; i++)
    {
      g_auto(CutoutStoreStmt) stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_QUEUE_INSERT,
                                                            "INSERT INTO queue (job_id, position)"
                                                            " VALUES (?1, ?2)"
                                                            " ON CONFLICT (job_id) DO UPDATE"
                                                            " SET position = excluded.position",
                                                            error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, ids[i]);
          sqlite3_bind_int64 (stmt, 2, i);
          ok = cutout_store_step_done (self, stmt, error);
        }
    }

  return cutout_store_finish_tx (self, ok, error);
}

gboolean
cutout_store_queue_append (CutoutStore   *self,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  return cutout_store_run_for_ids (self, CUTOUT_STORE_STMT_QUEUE_APPEND,
                                   CUTOUT_STORE_QUEUE_APPEND_SQL, ids, n_ids, error);
}

gboolean
cutout_store_queue_remove (CutoutStore   *self,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  return cutout_store_run_for_ids (self, CUTOUT_STORE_STMT_QUEUE_REMOVE,
                                   "DELETE FROM queue WHERE job_id = ?1", ids, n_ids, error);
}

GPtrArray *
cutout_store_queue_load (CutoutStore  *self,
                         GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_QUEUE_LOAD,
                                "SELECT " CUTOUT_STORE_JOB_COLUMNS
                                " FROM queue JOIN jobs ON jobs.id = queue.job_id"
                                " ORDER BY queue.position",
                                error);
  if (stmt == NULL)
    return NULL;

  return cutout_store_collect_jobs (self, stmt, error);
}

/* How much older than the job's start a result may look: file systems
 * keep times coarsely (FAT to 2 s), and the kernel's clock for them lags
 * g_get_real_time() by a tick. */
#define RESULT_MTIME_SLACK_US (2 * G_USEC_PER_SEC)

/* Whether the intent of an interrupted job came true: @path is a regular
 * file (not a symlink, which would be someone else's) of exactly @size
 * bytes, written after the job started. The temp file is renamed with the
 * bytes it has, so the size is the result's; the time rules out a file
 * that was already there (OVERWRITE) and happens to have that size. */
static gboolean
intent_committed (const char *path,
                  gint64      size,
                  gint64      started_us)
{
  GStatBuf st;
  gint64 mtime_us;

  if (path == NULL || size <= 0 || g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) ||
      (gint64) st.st_size != size)
    return FALSE;

  mtime_us = (gint64) st.st_mtime * G_USEC_PER_SEC;
  return started_us == 0 || mtime_us >= started_us - RESULT_MTIME_SLACK_US;
}

/* The interrupted jobs whose result reached its place before the crash
 * become done (see cutout_store_set_job_output()). */
static gboolean
restore_committed (CutoutStore *self,
                   GError     **error)
{
  g_auto(CutoutStoreStmt) select = NULL;
  g_autoptr(GArray) committed = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  select = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_RESTORE_INTENTS,
                                  "SELECT id, output_path, output_size, started_us FROM jobs"
                                  " WHERE state IN (?1, ?2, ?3, ?4) AND output_path IS NOT NULL",
                                  error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int (select, 1, CUTOUT_JOB_STATE_UPLOADING);
  sqlite3_bind_int (select, 2, CUTOUT_JOB_STATE_PROCESSING);
  sqlite3_bind_int (select, 3, CUTOUT_JOB_STATE_DOWNLOADING);
  sqlite3_bind_int (select, 4, CUTOUT_JOB_STATE_WAITING_RETRY);

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      if (intent_committed ((const char *) sqlite3_column_text (select, 1),
                            sqlite3_column_int64 (select, 2),
                            sqlite3_column_int64 (select, 3)))
        {
          gint64 id = sqlite3_column_int64 (select, 0);
          g_array_append_val (committed, id);
        }
    }

  if (rc != SQLITE_DONE)
    {
      cutout_store_set_db_error (self, rc, error);
      return FALSE;
    }

  for (guint i = 0; i < committed->len; i++)
    {
      g_auto(CutoutStoreStmt) update = NULL;

      update = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_RESTORE_RECOVER,
                                      "UPDATE jobs SET state = ?1,"
                                      " finished_us = CASE finished_us WHEN 0 THEN ?2"
                                      "   ELSE finished_us END,"
                                      " error_domain = NULL, error_code = 0, error_message = NULL"
                                      " WHERE id = ?3",
                                      error);
      if (update == NULL)
        return FALSE;

      sqlite3_bind_int (update, 1, CUTOUT_JOB_STATE_DONE);
      sqlite3_bind_int64 (update, 2, g_get_real_time ());
      sqlite3_bind_int64 (update, 3, g_array_index (committed, gint64, i));
      if (!cutout_store_step_done (self, update, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
restore_requeue (CutoutStore *self,
                 guint       *n_requeued_out,
                 GError     **error)
{
  /* The intent is cleared: whatever is at that path now is not this
   * job's result, and a later restore must not take it for one. */
  g_auto(CutoutStoreStmt) stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_RESTORE_REQUEUE,
                                                        "UPDATE jobs SET state = ?1,"
                                                        " output_path = NULL, output_size = 0"
                                                        " WHERE state IN (?2, ?3, ?4, ?5)",
                                                        error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, CUTOUT_JOB_STATE_QUEUED);
  sqlite3_bind_int (stmt, 2, CUTOUT_JOB_STATE_UPLOADING);
  sqlite3_bind_int (stmt, 3, CUTOUT_JOB_STATE_PROCESSING);
  sqlite3_bind_int (stmt, 4, CUTOUT_JOB_STATE_DOWNLOADING);
  sqlite3_bind_int (stmt, 5, CUTOUT_JOB_STATE_WAITING_RETRY);

  if (!cutout_store_step_done (self, stmt, error))
    return FALSE;

  *n_requeued_out = sqlite3_changes (self->db);
  return TRUE;
}

/* The ids of the live queue's done jobs whose output is gone. */
static GArray *
find_missing_outputs (CutoutStore *self,
                      GError     **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_RESTORE_DONE,
                                "SELECT jobs.id, jobs.output_path"
                                " FROM queue JOIN jobs ON jobs.id = queue.job_id"
                                " WHERE jobs.state = ?1",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, CUTOUT_JOB_STATE_DONE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *output = (const char *) sqlite3_column_text (stmt, 1);

      if (output == NULL || !g_file_test (output, G_FILE_TEST_EXISTS))
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (missing, id);
        }
    }

  if (rc != SQLITE_DONE)
    {
      cutout_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&missing);
}

static gboolean
mark_output_missing (CutoutStore *self,
                     gint64       id,
                     GError     **error)
{
  g_auto(CutoutStoreStmt) stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_MARK_MISSING,
                                                        "UPDATE jobs SET state = ?1,"
                                                        " error_domain = ?2, error_code = ?3,"
                                                        " error_message = ?4, http_status = 0"
                                                        " WHERE id = ?5",
                                                        error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, CUTOUT_JOB_STATE_FAILED);
  cutout_store_bind_text (stmt, 2, g_quark_to_string (CUTOUT_STORE_ERROR));
  sqlite3_bind_int (stmt, 3, CUTOUT_STORE_ERROR_OUTPUT_MISSING);
  cutout_store_bind_text (stmt, 4, _("The result file is gone"));
  sqlite3_bind_int64 (stmt, 5, id);

  return cutout_store_step_done (self, stmt, error);
}

gboolean
cutout_store_restore_queue (CutoutStore  *self,
                            guint        *n_requeued_out,
                            guint        *n_missing_out,
                            GError      **error)
{
  g_autoptr(GArray) missing = NULL;
  guint n_requeued = 0;
  gboolean ok;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);

  if (!cutout_store_begin (self, error))
    return FALSE;

  ok = restore_committed (self, error) &&
       restore_requeue (self, &n_requeued, error) &&
       (missing = find_missing_outputs (self, error)) != NULL;

  for (guint i = 0; ok && i < missing->len; i++)
    ok = mark_output_missing (self, g_array_index (missing, gint64, i), error);

  if (!cutout_store_finish_tx (self, ok, error))
    return FALSE;

  if (n_requeued_out != NULL)
    *n_requeued_out = n_requeued;
  if (n_missing_out != NULL)
    *n_missing_out = missing->len;

  return TRUE;
}

/* Duplicates */

CutoutJobRecord *
cutout_store_find_duplicate (CutoutStore  *self,
                             const char   *content_hash,
                             const char   *options,
                             GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);
  g_return_val_if_fail (content_hash != NULL, NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_FIND_DUPLICATE,
                                "SELECT " CUTOUT_STORE_JOB_COLUMNS " FROM jobs"
                                " WHERE content_hash = ?1 AND options = ?2 AND state = ?3"
                                " ORDER BY created_us DESC, id DESC",
                                error);
  if (stmt == NULL)
    return NULL;

  cutout_store_bind_text (stmt, 1, content_hash);
  sqlite3_bind_text (stmt, 2, options != NULL ? options : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, CUTOUT_JOB_STATE_DONE);

  /* A result the user deleted or moved does not count: the job would
   * have to be sent again anyway. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *output = (const char *) sqlite3_column_text (stmt, 13);

      if (output != NULL && g_file_test (output, G_FILE_TEST_IS_REGULAR))
        return cutout_store_read_job (stmt);
    }

  if (rc != SQLITE_DONE)
    cutout_store_set_db_error (self, rc, error);

  return NULL;
}
