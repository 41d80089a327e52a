/* cutout-store-jobs.c — CutoutStore's job records: insert, update, state, read, delete, attempts
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-store-private.h"

/* Record types */

G_DEFINE_BOXED_TYPE (CutoutJobRecord, cutout_job_record,
                     cutout_job_record_copy, cutout_job_record_free)

CutoutJobRecord *
cutout_job_record_new (void)
{
  return g_new0 (CutoutJobRecord, 1);
}

CutoutJobRecord *
cutout_job_record_copy (const CutoutJobRecord *self)
{
  CutoutJobRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->input_path = g_strdup (self->input_path);
  copy->source_root = g_strdup (self->source_root);
  copy->content_hash = g_strdup (self->content_hash);
  copy->options = g_strdup (self->options);
  copy->error_domain = g_strdup (self->error_domain);
  copy->error_message = g_strdup (self->error_message);
  copy->output_path = g_strdup (self->output_path);
  copy->batch_id = g_strdup (self->batch_id);

  return copy;
}

void
cutout_job_record_free (CutoutJobRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->input_path);
  g_free (self->source_root);
  g_free (self->content_hash);
  g_free (self->options);
  g_free (self->error_domain);
  g_free (self->error_message);
  g_free (self->output_path);
  g_free (self->batch_id);
  g_free (self);
}

void
cutout_job_record_set_error (CutoutJobRecord *self,
                             const GError    *error)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->error_domain, g_free);
  g_clear_pointer (&self->error_message, g_free);
  self->error_code = 0;

  if (error != NULL)
    {
      self->error_domain = g_strdup (g_quark_to_string (error->domain));
      self->error_code = error->code;
      self->error_message = g_strdup (error->message);
    }
}

void
cutout_attempt_record_free (CutoutAttemptRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->error_message);
  g_free (self);
}

/* Rows */

CutoutJobRecord *
cutout_store_read_job (sqlite3_stmt *stmt)
{
  CutoutJobRecord *record = cutout_job_record_new ();

  record->id = sqlite3_column_int64 (stmt, 0);
  record->input_path = cutout_store_column_dup_text (stmt, 1);
  record->content_hash = cutout_store_column_dup_text (stmt, 2);
  record->input_size = sqlite3_column_int64 (stmt, 3);
  record->width = sqlite3_column_int (stmt, 4);
  record->height = sqlite3_column_int (stmt, 5);
  record->options = cutout_store_column_dup_text (stmt, 6);
  record->options_override = sqlite3_column_int (stmt, 7) != 0;
  record->state = sqlite3_column_int (stmt, 8);
  record->error_domain = cutout_store_column_dup_text (stmt, 9);
  record->error_code = sqlite3_column_int (stmt, 10);
  record->error_message = cutout_store_column_dup_text (stmt, 11);
  record->http_status = sqlite3_column_int (stmt, 12);
  record->output_path = cutout_store_column_dup_text (stmt, 13);
  record->output_size = sqlite3_column_int64 (stmt, 14);
  record->attempts = sqlite3_column_int (stmt, 15);
  record->possibly_charged = sqlite3_column_int (stmt, 16);
  record->created_us = sqlite3_column_int64 (stmt, 17);
  record->started_us = sqlite3_column_int64 (stmt, 18);
  record->finished_us = sqlite3_column_int64 (stmt, 19);
  record->batch_id = cutout_store_column_dup_text (stmt, 20);
  record->source_root = cutout_store_column_dup_text (stmt, 21);

  return record;
}

GPtrArray *
cutout_store_collect_jobs (CutoutStore  *self,
                           sqlite3_stmt *stmt,
                           GError      **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, cutout_store_read_job (stmt));

  if (rc != SQLITE_DONE)
    {
      cutout_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Jobs */

void
cutout_store_bind_job (sqlite3_stmt          *stmt,
                       const CutoutJobRecord *record)
{
  g_autofree char *name_folded = cutout_store_fold_name (record->input_path);

  cutout_store_bind_text (stmt, 1, record->input_path);
  sqlite3_bind_text (stmt, 2, name_folded, -1, SQLITE_TRANSIENT);
  cutout_store_bind_text (stmt, 3, record->content_hash);
  sqlite3_bind_int64 (stmt, 4, record->input_size);
  sqlite3_bind_int (stmt, 5, record->width);
  sqlite3_bind_int (stmt, 6, record->height);
  sqlite3_bind_text (stmt, 7, record->options != NULL ? record->options : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, record->options_override ? 1 : 0);
  sqlite3_bind_int (stmt, 9, record->state);
  cutout_store_bind_text (stmt, 10, record->error_domain);
  sqlite3_bind_int (stmt, 11, record->error_code);
  cutout_store_bind_text (stmt, 12, record->error_message);
  sqlite3_bind_int (stmt, 13, record->http_status);
  cutout_store_bind_text (stmt, 14, record->output_path);
  sqlite3_bind_int64 (stmt, 15, record->output_size);
  sqlite3_bind_int (stmt, 16, record->attempts);
  sqlite3_bind_int (stmt, 17, record->possibly_charged);
  sqlite3_bind_int64 (stmt, 18, record->started_us);
  sqlite3_bind_int64 (stmt, 19, record->finished_us);
  cutout_store_bind_text (stmt, 20, record->batch_id);
  cutout_store_bind_text (stmt, 21, record->source_root);
}

gint64
cutout_store_insert_row (CutoutStore     *self,
                         CutoutJobRecord *record,
                         GError         **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  gint64 created_us;

  g_return_val_if_fail (record != NULL && record->input_path != NULL, 0);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_INSERT_JOB,
                                "INSERT INTO jobs (input_path, name_folded, content_hash,"
                                " input_size, width, height, options, options_override,"
                                " state, error_domain, error_code, error_message,"
                                " http_status, output_path, output_size, attempts,"
                                " possibly_charged, started_us, finished_us, batch_id,"
                                " source_root, created_us)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                                error);
  if (stmt == NULL)
    return 0;

  created_us = record->created_us != 0 ? record->created_us : g_get_real_time ();
  cutout_store_bind_job (stmt, record);
  sqlite3_bind_int64 (stmt, 22, created_us);

  if (!cutout_store_step_done (self, stmt, error))
    return 0;

  record->id = sqlite3_last_insert_rowid (self->db);
  record->created_us = created_us;

  return record->id;
}

gboolean
cutout_store_index_names_from (CutoutStore  *self,
                               gint64        first_id,
                               GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_INDEX_NAMES,
                                "INSERT INTO jobs_name (rowid, name_folded)"
                                " SELECT id, name_folded FROM jobs WHERE id >= ?1",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, first_id);
  return cutout_store_step_done (self, stmt, error);
}

gint64
cutout_store_insert_job (CutoutStore     *self,
                         CutoutJobRecord *record,
                         GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), 0);
  g_return_val_if_fail (record != NULL && record->input_path != NULL, 0);

  if (!cutout_store_begin (self, error))
    return 0;

  ok = cutout_store_insert_row (self, record, error) != 0 &&
       cutout_store_index_names_from (self, record->id, error);

  if (!cutout_store_finish_tx (self, ok, error))
    {
      record->id = 0;
      return 0;
    }

  return record->id;
}

gboolean
cutout_store_insert_jobs (CutoutStore  *self,
                          GPtrArray    *records,
                          gboolean      enqueue,
                          GError      **error)
{
  gint64 first_id = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  if (!cutout_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < records->len; i++)
    {
      CutoutJobRecord *record = g_ptr_array_index (records, i);

      ok = cutout_store_insert_row (self, record, error) != 0 &&
           (!enqueue || cutout_store_run_for_id (self, CUTOUT_STORE_STMT_QUEUE_APPEND,
                                                 CUTOUT_STORE_QUEUE_APPEND_SQL, record->id, error));
      if (i == 0)
        first_id = record->id;
    }

  /* All the names in one statement (see cutout_store_index_names_from()). */
  if (ok && records->len > 0)
    ok = cutout_store_index_names_from (self, first_id, error);

  if (!cutout_store_finish_tx (self, ok, error))
    {
      /* The rows are gone again: so are their ids. */
      for (guint i = 0; i < records->len; i++)
        ((CutoutJobRecord *) g_ptr_array_index (records, i))->id = 0;
      return FALSE;
    }

  return TRUE;
}

gboolean
cutout_store_check_changed (CutoutStore *self,
                            gint64       id,
                            GError     **error)
{
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND,
                   _("Job %lld is not in the history"), (long long) id);
      return FALSE;
    }

  return TRUE;
}

gboolean
cutout_store_update_job (CutoutStore           *self,
                         const CutoutJobRecord *record,
                         GError               **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->input_path != NULL, FALSE);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_UPDATE_JOB,
                                "UPDATE jobs SET input_path = ?1, name_folded = ?2,"
                                " content_hash = ?3, input_size = ?4, width = ?5,"
                                " height = ?6, options = ?7, options_override = ?8,"
                                " state = ?9, error_domain = ?10, error_code = ?11,"
                                " error_message = ?12, http_status = ?13,"
                                " output_path = ?14, output_size = ?15, attempts = ?16,"
                                " possibly_charged = ?17, started_us = ?18,"
                                " finished_us = ?19, batch_id = ?20, source_root = ?21"
                                " WHERE id = ?22",
                                error);
  if (stmt == NULL)
    return FALSE;

  cutout_store_bind_job (stmt, record);
  sqlite3_bind_int64 (stmt, 22, record->id);

  return cutout_store_step_done (self, stmt, error) && cutout_store_check_changed (self, record->id, error);
}

gboolean
cutout_store_set_job_state (CutoutStore     *self,
                            gint64           id,
                            CutoutJobState   state,
                            GError         **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int finished_mode = 0;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_SET_STATE,
                                "UPDATE jobs SET state = ?1,"
                                " started_us = CASE WHEN ?3 AND started_us = 0"
                                "   THEN ?2 ELSE started_us END,"
                                " finished_us = CASE ?4 WHEN 1 THEN ?2"
                                "   WHEN 2 THEN 0 ELSE finished_us END"
                                " WHERE id = ?5",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (cutout_job_state_is_final (state))
    finished_mode = 1;
  else if (state == CUTOUT_JOB_STATE_QUEUED)
    finished_mode = 2;

  sqlite3_bind_int (stmt, 1, state);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_int (stmt, 3, cutout_job_state_is_active (state) ? 1 : 0);
  sqlite3_bind_int (stmt, 4, finished_mode);
  sqlite3_bind_int64 (stmt, 5, id);

  return cutout_store_step_done (self, stmt, error) && cutout_store_check_changed (self, id, error);
}

/* Sets the connection's synchronous level. Only outside a transaction:
 * the level matters at the commit, and inside an open transaction the
 * commit is the caller's. */
static void
set_synchronous (CutoutStore *self,
                 const char  *sql)
{
  if (self->tx_depth == 0 && sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("%s failed: %s", sql, sqlite3_errmsg (self->db));
}

gboolean
cutout_store_set_job_output (CutoutStore  *self,
                             gint64        id,
                             const char   *output_path,
                             gint64        output_size,
                             GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_SET_OUTPUT,
                                "UPDATE jobs SET output_path = ?1, output_size = ?2"
                                " WHERE id = ?3",
                                error);
  if (stmt == NULL)
    return FALSE;

  cutout_store_bind_text (stmt, 1, output_path);
  sqlite3_bind_int64 (stmt, 2, output_size);
  sqlite3_bind_int64 (stmt, 3, id);

  /* With synchronous=NORMAL a commit in WAL mode survives a crash of the
   * program but not of the machine, while the rename that follows is
   * fsync()ed: this one record must be as durable as the file. */
  set_synchronous (self, "PRAGMA synchronous = FULL");
  ok = cutout_store_step_done (self, stmt, error) && cutout_store_check_changed (self, id, error);
  set_synchronous (self, "PRAGMA synchronous = NORMAL");

  return ok;
}

CutoutJobRecord *
cutout_store_get_job (CutoutStore  *self,
                      gint64        id,
                      GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_GET_JOB,
                                "SELECT " CUTOUT_STORE_JOB_COLUMNS " FROM jobs WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return cutout_store_read_job (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND,
                 _("Job %lld is not in the history"), (long long) id);
  else
    cutout_store_set_db_error (self, rc, error);

  return NULL;
}

gboolean
cutout_store_delete_jobs (CutoutStore   *self,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  /* Their attempts and queue entries go with them (ON DELETE CASCADE),
   * and the name index with its trigger. */
  return cutout_store_run_for_ids (self, CUTOUT_STORE_STMT_DELETE_JOB,
                                   "DELETE FROM jobs WHERE id = ?1", ids, n_ids, error);
}

gboolean
cutout_store_clear_history (CutoutStore  *self,
                            guint         days,
                            guint        *n_deleted_out,
                            GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  gint64 cutoff;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_CLEAR_HISTORY,
                                "DELETE FROM jobs WHERE created_us < ?1"
                                " AND id NOT IN (SELECT job_id FROM queue)",
                                error);
  if (stmt == NULL)
    return FALSE;

  cutoff = days == 0 ? G_MAXINT64 : g_get_real_time () - (gint64) days * G_TIME_SPAN_DAY;
  sqlite3_bind_int64 (stmt, 1, cutoff);

  if (!cutout_store_step_done (self, stmt, error))
    return FALSE;

  if (n_deleted_out != NULL)
    *n_deleted_out = sqlite3_changes (self->db);

  return TRUE;
}

/* Attempts */

gboolean
cutout_store_record_attempt (CutoutStore               *self,
                             const CutoutAttemptRecord *attempt,
                             GError                   **error)
{
  g_auto(CutoutStoreStmt) upsert = NULL;
  g_auto(CutoutStoreStmt) count = NULL;
  gboolean ok;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (attempt != NULL, FALSE);

  upsert = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_UPSERT_ATTEMPT,
                                  "INSERT INTO attempts (job_id, number, started_us,"
                                  " finished_us, http_status, error_message, possibly_charged)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                  " ON CONFLICT (job_id, number) DO UPDATE SET"
                                  " started_us = excluded.started_us,"
                                  " finished_us = excluded.finished_us,"
                                  " http_status = excluded.http_status,"
                                  " error_message = excluded.error_message,"
                                  " possibly_charged = excluded.possibly_charged",
                                  error);
  if (upsert == NULL)
    return FALSE;

  count = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_COUNT_ATTEMPTS,
                                 "UPDATE jobs SET"
                                 " attempts = (SELECT count(*) FROM attempts WHERE job_id = ?1),"
                                 " possibly_charged = (SELECT count(*) FROM attempts"
                                 "   WHERE job_id = ?1 AND possibly_charged != 0)"
                                 " WHERE id = ?1",
                                 error);
  if (count == NULL)
    return FALSE;

  if (!cutout_store_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (upsert, 1, attempt->job_id);
  sqlite3_bind_int (upsert, 2, attempt->number);
  sqlite3_bind_int64 (upsert, 3, attempt->started_us);
  sqlite3_bind_int64 (upsert, 4, attempt->finished_us);
  sqlite3_bind_int (upsert, 5, attempt->http_status);
  cutout_store_bind_text (upsert, 6, attempt->error_message);
  sqlite3_bind_int (upsert, 7, attempt->possibly_charged ? 1 : 0);
  sqlite3_bind_int64 (count, 1, attempt->job_id);

  ok = cutout_store_step_done (self, upsert, error) && cutout_store_step_done (self, count, error);

  return cutout_store_finish_tx (self, ok, error);
}

GPtrArray *
cutout_store_list_attempts (CutoutStore  *self,
                            gint64        job_id,
                            GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_LIST_ATTEMPTS,
                                "SELECT job_id, number, started_us, finished_us,"
                                " http_status, error_message, possibly_charged"
                                " FROM attempts WHERE job_id = ?1 ORDER BY number",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, job_id);
  attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_attempt_record_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CutoutAttemptRecord *attempt = g_new0 (CutoutAttemptRecord, 1);

      attempt->job_id = sqlite3_column_int64 (stmt, 0);
      attempt->number = sqlite3_column_int (stmt, 1);
      attempt->started_us = sqlite3_column_int64 (stmt, 2);
      attempt->finished_us = sqlite3_column_int64 (stmt, 3);
      attempt->http_status = sqlite3_column_int (stmt, 4);
      attempt->error_message = cutout_store_column_dup_text (stmt, 5);
      attempt->possibly_charged = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (attempts, attempt);
    }

  if (rc != SQLITE_DONE)
    {
      cutout_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&attempts);
}
