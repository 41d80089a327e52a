/* cutout-store-private.h — internals shared by the cutout-store*.c files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cutout-store.h"

G_BEGIN_DECLS

/* The slots of the prepared-statement cache. Each statement is prepared
 * once (SQLITE_PREPARE_PERSISTENT) on first use and kept until close. */
typedef enum
{
  CUTOUT_STORE_STMT_BEGIN,
  CUTOUT_STORE_STMT_COMMIT,
  CUTOUT_STORE_STMT_ROLLBACK,
  CUTOUT_STORE_STMT_SAVEPOINT,
  CUTOUT_STORE_STMT_RELEASE,
  CUTOUT_STORE_STMT_ROLLBACK_TO,
  CUTOUT_STORE_STMT_INSERT_JOB,
  CUTOUT_STORE_STMT_INDEX_NAMES,
  CUTOUT_STORE_STMT_UPDATE_JOB,
  CUTOUT_STORE_STMT_SET_STATE,
  CUTOUT_STORE_STMT_SET_OUTPUT,
  CUTOUT_STORE_STMT_GET_JOB,
  CUTOUT_STORE_STMT_DELETE_JOB,
  CUTOUT_STORE_STMT_CLEAR_HISTORY,
  CUTOUT_STORE_STMT_UPSERT_ATTEMPT,
  CUTOUT_STORE_STMT_COUNT_ATTEMPTS,
  CUTOUT_STORE_STMT_LIST_ATTEMPTS,
  CUTOUT_STORE_STMT_QUEUE_CLEAR,
  CUTOUT_STORE_STMT_QUEUE_INSERT,
  CUTOUT_STORE_STMT_QUEUE_APPEND,
  CUTOUT_STORE_STMT_QUEUE_REMOVE,
  CUTOUT_STORE_STMT_QUEUE_LOAD,
  CUTOUT_STORE_STMT_RESTORE_INTENTS,
  CUTOUT_STORE_STMT_RESTORE_RECOVER,
  CUTOUT_STORE_STMT_RESTORE_REQUEUE,
  CUTOUT_STORE_STMT_RESTORE_DONE,
  CUTOUT_STORE_STMT_MARK_MISSING,
  CUTOUT_STORE_STMT_FIND_DUPLICATE,
  CUTOUT_STORE_STMT_SAVE_USAGE,
  CUTOUT_STORE_STMT_LOAD_USAGE,
  CUTOUT_STORE_STMT_SET_SETTING,
  CUTOUT_STORE_STMT_DELETE_SETTING,
  CUTOUT_STORE_STMT_GET_SETTING,
  /* How common a search text is, the count of its matches, and of all
   * jobs (see cutout-store-history.c). */
  CUTOUT_STORE_STMT_HISTORY_PROBE,
  CUTOUT_STORE_STMT_HISTORY_COUNT_MATCHES,
  CUTOUT_STORE_STMT_HISTORY_COUNT_ALL,
  /* History pages and counts: one statement per combination of the
   * filter's parts (see cutout-store-history.c). */
  CUTOUT_STORE_STMT_HISTORY_PAGE,
  CUTOUT_STORE_STMT_HISTORY_COUNT = CUTOUT_STORE_STMT_HISTORY_PAGE + 9,
  CUTOUT_STORE_N_STMTS = CUTOUT_STORE_STMT_HISTORY_COUNT + 9,
} CutoutStoreStmtId;

struct _CutoutStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  /* Open cutout_store_begin() levels: 1 = BEGIN IMMEDIATE, more = savepoints. */
  guint         tx_depth;
  sqlite3_stmt *stmts[CUTOUT_STORE_N_STMTS];
};

/* The columns cutout_store_read_job() expects, in this order. */
#define CUTOUT_STORE_JOB_COLUMNS \
  "id, input_path, content_hash, input_size, width, height, options, " \
  "options_override, state, error_domain, error_code, error_message, " \
  "http_status, output_path, output_size, attempts, possibly_charged, " \
  "created_us, started_us, finished_us, batch_id, source_root"

/* Appends ?1 to the live queue, or moves it to the end if it is there. */
#define CUTOUT_STORE_QUEUE_APPEND_SQL \
  "INSERT INTO queue (job_id, position)" \
  " VALUES (?1, (SELECT coalesce (max (position), -1) + 1 FROM queue))" \
  " ON CONFLICT (job_id) DO UPDATE SET position = excluded.position"

/* A borrowed cached statement that is reset (and its bindings cleared)
 * when it goes out of scope: g_auto(CutoutStoreStmt) stmt = …; */
typedef sqlite3_stmt *CutoutStoreStmt;

void             cutout_store_stmt_release  (sqlite3_stmt  *stmt);

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (CutoutStoreStmt, cutout_store_stmt_release, NULL)

/* The cached statement for @id, prepared from @sql on first use; NULL
 * with an error if the store is closed or @sql does not compile. */
sqlite3_stmt    *cutout_store_get_stmt      (CutoutStore       *self,
                                             CutoutStoreStmtId  id,
                                             const char        *sql,
                                             GError           **error);
/* Sets @error from SQLite's result code @rc and the connection's message. */
void             cutout_store_set_db_error  (CutoutStore       *self,
                                             int                rc,
                                             GError           **error);
void             cutout_store_bind_text     (sqlite3_stmt      *stmt,
                                             int                index,
                                             const char        *text);
/* NULL for an SQL NULL. */
char            *cutout_store_column_dup_text (sqlite3_stmt    *stmt,
                                               int              column);
/* Steps a statement that returns no rows (or whose rows do not matter). */
gboolean         cutout_store_step_done     (CutoutStore       *self,
                                             sqlite3_stmt      *stmt,
                                             GError           **error);
/* Runs a cached statement that has no parameters. */
gboolean         cutout_store_run_cached    (CutoutStore       *self,
                                             CutoutStoreStmtId  id,
                                             const char        *sql,
                                             GError           **error);
/* Runs the cached statement @sql with ?1 bound to @id. */
gboolean         cutout_store_run_for_id    (CutoutStore       *self,
                                             CutoutStoreStmtId  slot,
                                             const char        *sql,
                                             gint64             id,
                                             GError           **error);
/* The same once per id of @ids, in one transaction. */
gboolean         cutout_store_run_for_ids   (CutoutStore       *self,
                                             CutoutStoreStmtId  slot,
                                             const char        *sql,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             GError           **error);
/* Commits the transaction of cutout_store_begin(), or rolls it back when
 * @ok is FALSE or the commit fails. Returns whether it committed. */
gboolean         cutout_store_finish_tx     (CutoutStore       *self,
                                             gboolean           ok,
                                             GError           **error);
/* NOT_FOUND unless the last statement changed a row. */
gboolean         cutout_store_check_changed (CutoutStore       *self,
                                             gint64             id,
                                             GError           **error);
/* Inserts the row of @record (setting its id, and created_us if 0)
 * without indexing its name; returns the id, 0 on error. */
gint64           cutout_store_insert_row    (CutoutStore       *self,
                                             CutoutJobRecord   *record,
                                             GError           **error);
/* Adds the names of the rows with ids >= @first_id (those just inserted:
 * new ids are always above the old ones) to the name index, in one
 * statement. */
gboolean         cutout_store_index_names_from (CutoutStore    *self,
                                                gint64          first_id,
                                                GError        **error);
/* Binds ?1…?21 of the insert and update statements: every column of
 * @record but id and created_us. */
void             cutout_store_bind_job      (sqlite3_stmt          *stmt,
                                             const CutoutJobRecord *record);
/* Reads a row selected with CUTOUT_STORE_JOB_COLUMNS. */
CutoutJobRecord *cutout_store_read_job      (sqlite3_stmt      *stmt);
/* Steps @stmt to its end, collecting its rows as job records. */
GPtrArray       *cutout_store_collect_jobs  (CutoutStore       *self,
                                             sqlite3_stmt      *stmt,
                                             GError           **error);
/* The form in which file names are searched: NFKC, case-folded, NFKC
 * again, so that "Ä", "ä" and "A" + combining diaeresis match alike. */
char            *cutout_store_fold_text     (const char        *text);
/* cutout_store_fold_text() of the display form of @path's basename. */
char            *cutout_store_fold_name     (const char        *path);

/* For tests: EXPLAIN QUERY PLAN of the history page (or count) statement
 * that @filter selects, its "detail" lines joined by newlines. */
char            *cutout_store_explain_history (CutoutStore               *self,
                                               const CutoutHistoryFilter *filter,
                                               gboolean                   count,
                                               GError                   **error);

G_END_DECLS
