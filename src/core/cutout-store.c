/* cutout-store.c — the SQLite store: opening, migrations, transactions and shared internals
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cutout-store-private.h"

/* How long a write waits for another connection (say, cutout-cli running
 * beside the app) before giving up with CUTOUT_STORE_ERROR_BUSY. */
#define BUSY_TIMEOUT_MS 5000

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutStore, cutout_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (cutout-store-error-quark, cutout_store_error)

/* Schema. Each step runs in its own transaction and ends by setting
 * user_version, so a crash mid-migration leaves the previous version
 * intact. Never edit a released step: append a new one.
 *
 * Version 1: the history, the live queue, cached usage, settings. */
static const char schema_v1[] =
  "CREATE TABLE jobs ("
  "  id INTEGER PRIMARY KEY,"
  "  input_path TEXT NOT NULL,"
  "  content_hash TEXT,"
  "  input_size INTEGER NOT NULL DEFAULT 0,"
  "  width INTEGER NOT NULL DEFAULT 0,"
  "  height INTEGER NOT NULL DEFAULT 0,"
  "  options TEXT NOT NULL DEFAULT '',"
  "  options_override INTEGER NOT NULL DEFAULT 0,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  error_domain TEXT,"
  "  error_code INTEGER NOT NULL DEFAULT 0,"
  "  error_message TEXT,"
  "  http_status INTEGER NOT NULL DEFAULT 0,"
  "  output_path TEXT,"
  "  output_size INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  created_us INTEGER NOT NULL,"
  "  started_us INTEGER NOT NULL DEFAULT 0,"
  "  finished_us INTEGER NOT NULL DEFAULT 0,"
  "  batch_id TEXT"
  ");"
  /* The rowid is the index's last key, so this orders by (created, id). */
  "CREATE INDEX jobs_created ON jobs (created_us);"
  "CREATE INDEX jobs_hash ON jobs (content_hash);"
  "CREATE TABLE queue ("
  "  job_id INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL"
  ");"
  "CREATE INDEX queue_position ON queue (position);"
  "CREATE TABLE usage_cache ("
  "  account_url TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  json TEXT NOT NULL,"
  "  fetched_us INTEGER NOT NULL,"
  "  PRIMARY KEY (account_url, kind)"
  ");"
  "CREATE TABLE settings ("
  "  name TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "PRAGMA user_version = 1;";

/* Version 2: per-request attempts, the possibly-charged counter, an index
 * for state filters and a trigram index over the folded file names (the
 * name_folded column, filled from input_path by fill_name_folded() between
 * the two halves). */
static const char schema_v2_a[] =
  "ALTER TABLE jobs ADD COLUMN possibly_charged INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE jobs ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE attempts ("
  "  job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,"
  "  number INTEGER NOT NULL,"
  "  started_us INTEGER NOT NULL DEFAULT 0,"
  "  finished_us INTEGER NOT NULL DEFAULT 0,"
  "  http_status INTEGER NOT NULL DEFAULT 0,"
  "  error_message TEXT,"
  "  possibly_charged INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (job_id, number)"
  ") WITHOUT ROWID;"
  "CREATE INDEX jobs_state_created ON jobs (state, created_us);";

static const char schema_v2_b[] =
  /* An external-content FTS5 table: the text lives only in jobs.name_folded.
   * New rows are indexed by cutout_store_index_names_from(), not by a
   * trigger: FTS5 flushes its pending terms at the end of every statement
   * that writes to it inside a transaction, so a trigger would write one
   * index segment per row (seconds for 100,000 rows, instead of one).
   * The names are folded by us, so the tokenizer compares them as they are. */
  /* jobs_created also holds the names, for scans of short search text. */
  "DROP INDEX jobs_created;"
  "CREATE INDEX jobs_created ON jobs (created_us, id, name_folded);"
  "CREATE VIRTUAL TABLE jobs_name USING fts5 ("
  "  name_folded, content='jobs', content_rowid='id',"
  "  tokenize='trigram case_sensitive 1');"
  "CREATE TRIGGER jobs_name_delete AFTER DELETE ON jobs BEGIN"
  "  INSERT INTO jobs_name (jobs_name, rowid, name_folded)"
  "    VALUES ('delete', old.id, old.name_folded);"
  "END;"
  "CREATE TRIGGER jobs_name_update AFTER UPDATE OF name_folded ON jobs"
  "  WHEN old.name_folded IS NOT new.name_folded BEGIN"
  "  INSERT INTO jobs_name (jobs_name, rowid, name_folded)"
  "    VALUES ('delete', old.id, old.name_folded);"
  "  INSERT INTO jobs_name (rowid, name_folded) VALUES (new.id, new.name_folded);"
  "END;"
  "INSERT INTO jobs_name (jobs_name) VALUES ('rebuild');"
  "PRAGMA user_version = 2;";

/* Version 3: the folder a file was found in (NULL = picked one by one),
 * so that a restored job keeps that folder's structure below the output
 * folder. Existing rows get NULL. */
static const char schema_v3[] =
  "ALTER TABLE jobs ADD COLUMN source_root TEXT;"
  "PRAGMA user_version = 3;";

/* Version 4: jobs_created also holds the state, so that a search for a
 * common word with a state filter is answered from the index alone
 * (see cutout-store-history.c). */
static const char schema_v4[] =
  "DROP INDEX jobs_created;"
  "CREATE INDEX jobs_created ON jobs (created_us, id, state, name_folded);"
  "PRAGMA user_version = 4;";

/* Internals shared with the other cutout-store-*.c files */

void
cutout_store_stmt_release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
cutout_store_set_db_error (CutoutStore *self,
                           int          rc,
                           GError     **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_BUSY,
                   _("The history database is in use by another program: %s"),
                   detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CORRUPT,
                   _("The history database “%s” is damaged or not a database: %s"),
                   self->path, detail);
      break;

    default:
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error_literal (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND,
                             _("The job is not in the history"));
      else
        g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_FAILED,
                     _("History database error: %s"), detail);
      break;
    }
}

sqlite3_stmt *
cutout_store_get_stmt (CutoutStore       *self,
                       CutoutStoreStmtId  id,
                       const char        *sql,
                       GError           **error)
{
  int rc;

  g_assert (id < CUTOUT_STORE_N_STMTS);

  if (self->db == NULL)
    {
      g_set_error_literal (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CLOSED,
                           _("The history database is closed"));
      return NULL;
    }

  if (self->stmts[id] != NULL)
    return self->stmts[id];

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                           &self->stmts[id], NULL);
  if (rc != SQLITE_OK)
    {
      cutout_store_set_db_error (self, rc, error);
      return NULL;
    }

  return self->stmts[id];
}

void
cutout_store_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
cutout_store_column_dup_text (sqlite3_stmt *stmt,
                              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

char *
cutout_store_fold_text (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;
  char *result;

  /* NFKC, case-fold, NFKC again (folding can leave decomposed letters):
   * "Č", "č" and "C" + combining caron all become the same "č". */
  if (text == NULL ||
      (normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE)) == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (normalized, -1);
  result = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);

  return result != NULL ? result : g_strdup ("");
}

char *
cutout_store_fold_name (const char *path)
{
  g_autofree char *display = NULL;

  if (path == NULL || *path == '\0')
    return g_strdup ("");

  /* Display form: file names need not be UTF-8, the folded name must be. */
  display = g_filename_display_basename (path);

  return cutout_store_fold_text (display);
}

/* Helpers */

gboolean
cutout_store_step_done (CutoutStore  *self,
                        sqlite3_stmt *stmt,
                        GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      cutout_store_set_db_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
cutout_store_run_cached (CutoutStore       *self,
            CutoutStoreStmtId  id,
            const char        *sql,
            GError           **error)
{
  g_auto(CutoutStoreStmt) stmt = cutout_store_get_stmt (self, id, sql, error);

  return stmt != NULL && cutout_store_step_done (self, stmt, error);
}

/* Runs the cached statement @sql once per id, bound to ?1. */
gboolean
cutout_store_run_for_id (CutoutStore       *self,
                         CutoutStoreStmtId  slot,
                         const char        *sql,
                         gint64             id,
                         GError           **error)
{
  g_auto(CutoutStoreStmt) stmt = cutout_store_get_stmt (self, slot, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return cutout_store_step_done (self, stmt, error);
}

/* The same for every id, in one transaction. */
gboolean
cutout_store_run_for_ids (CutoutStore       *self,
                          CutoutStoreStmtId  slot,
                          const char        *sql,
                          const gint64      *ids,
                          guint              n_ids,
                          GError           **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (!cutout_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < n_ids; i++)
    ok = cutout_store_run_for_id (self, slot, sql, ids[i], error);

  return cutout_store_finish_tx (self, ok, error);
}

/* For the one-off statements of opening and migrating. */
static gboolean
exec_script (CutoutStore *self,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      cutout_store_set_db_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_user_version (CutoutStore *self,
                   int         *version_out,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      cutout_store_set_db_error (self, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *version_out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

static void
set_too_new_error (CutoutStore *self,
                   int          version,
                   GError     **error)
{
  g_set_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_TOO_NEW,
               _("This history database was written by a newer version of Cutout "
                 "(schema %d; this version knows up to %d). Update Cutout, or move "
                 "“%s” away to start a new history."),
               version, CUTOUT_STORE_SCHEMA_VERSION, self->path);
}

/* Migrations */

static gboolean
fill_name_folded (CutoutStore *self,
                  GError     **error)
{
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, input_path FROM jobs", -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "UPDATE jobs SET name_folded = ?1 WHERE id = ?2",
                             -1, &update, NULL);
  if (rc != SQLITE_OK)
    goto out;

  /* Updating a column that is not in the select's index is safe while
   * stepping through it. */
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *key = cutout_store_fold_name ((const char *) sqlite3_column_text (select, 1));

      sqlite3_bind_text (update, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (select, 0));
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      if (rc != SQLITE_DONE)
        goto out;
    }

  ok = rc == SQLITE_DONE;

out:
  if (!ok)
    cutout_store_set_db_error (self, rc, error);
  sqlite3_finalize (select);
  sqlite3_finalize (update);

  return ok;
}

static gboolean
migrate_to (CutoutStore *self,
            int          version,
            GError     **error)
{
  switch (version)
    {
    case 1:
      return exec_script (self, schema_v1, error);

    case 2:
      return exec_script (self, schema_v2_a, error) &&
             fill_name_folded (self, error) &&
             exec_script (self, schema_v2_b, error);

    case 3:
      return exec_script (self, schema_v3, error);

    case 4:
      return exec_script (self, schema_v4, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
migrate (CutoutStore *self,
         GError     **error)
{
  for (;;)
    {
      int version;

      if (!exec_script (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Read again under the write lock: another Cutout may have
       * migrated the file since we looked. */
      if (!read_user_version (self, &version, error))
        goto fail;

      if (version > CUTOUT_STORE_SCHEMA_VERSION)
        {
          set_too_new_error (self, version, error);
          goto fail;
        }

      if (version == CUTOUT_STORE_SCHEMA_VERSION)
        return exec_script (self, "COMMIT", error);

      g_debug ("Migrating %s from schema %d to %d", self->path, version, version + 1);

      if (!migrate_to (self, version + 1, error) ||
          !exec_script (self, "COMMIT", error))
        goto fail;
    }

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
cutout_store_open (CutoutStore *self,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int version;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    goto fail;

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Nothing above wrote anything. Refuse a newer schema before the first
   * write (journal_mode=WAL is one), so a newer Cutout's file is never
   * touched. */
  if (!read_user_version (self, &version, error))
    goto fail_set;

  if (version > CUTOUT_STORE_SCHEMA_VERSION)
    {
      set_too_new_error (self, version, error);
      goto fail_set;
    }

  if (!exec_script (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_script (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_script (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec_script (self, "PRAGMA temp_store = MEMORY", error) ||
      !exec_script (self, "PRAGMA cache_size = -16384", error) ||
      !migrate (self, error))
    goto fail_set;

  return TRUE;

fail:
  cutout_store_set_db_error (self, rc, error);
fail_set:
  g_clear_pointer (&self->db, sqlite3_close_v2);
  return FALSE;
}

/* Object */

static void
cutout_store_finalize (GObject *object)
{
  CutoutStore *self = (CutoutStore *) object;

  cutout_store_close (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cutout_store_parent_class)->finalize (object);
}

static void
cutout_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CutoutStore *self = CUTOUT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_store_class_init (CutoutStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cutout_store_finalize;
  object_class->get_property = cutout_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_store_init (CutoutStore *self)
{
}

char *
cutout_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "cutout", "cutout.db", NULL);
}

CutoutStore *
cutout_store_new (const char  *path,
                  GError     **error)
{
  g_autoptr(CutoutStore) self = g_object_new (CUTOUT_TYPE_STORE, NULL);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->path = path != NULL ? g_strdup (path) : cutout_store_get_default_path ();

  if (!cutout_store_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
cutout_store_get_path (CutoutStore *self)
{
  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  return self->path;
}

void
cutout_store_close (CutoutStore *self)
{
  g_return_if_fail (CUTOUT_IS_STORE (self));

  if (self->db == NULL)
    return;

  for (guint i = 0; i < CUTOUT_STORE_N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);

  if (self->tx_depth > 0)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->tx_depth = 0;
    }

  /* Keeps the planner's statistics fresh; cheap when nothing changed. */
  sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

/* Transactions */

gboolean
cutout_store_begin (CutoutStore  *self,
                    GError      **error)
{
  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);

  /* IMMEDIATE takes the write lock at once, so a second program waits
   * in the busy handler instead of failing half-way. */
  if (self->tx_depth == 0
      ? !cutout_store_run_cached (self, CUTOUT_STORE_STMT_BEGIN, "BEGIN IMMEDIATE", error)
      : !cutout_store_run_cached (self, CUTOUT_STORE_STMT_SAVEPOINT, "SAVEPOINT cutout_nested", error))
    return FALSE;

  self->tx_depth++;
  return TRUE;
}

gboolean
cutout_store_commit (CutoutStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (self->tx_depth == 1
      ? !cutout_store_run_cached (self, CUTOUT_STORE_STMT_COMMIT, "COMMIT", error)
      : !cutout_store_run_cached (self, CUTOUT_STORE_STMT_RELEASE, "RELEASE cutout_nested", error))
    return FALSE;

  self->tx_depth--;
  return TRUE;
}

void
cutout_store_rollback (CutoutStore *self)
{
  g_return_if_fail (CUTOUT_IS_STORE (self));
  g_return_if_fail (self->tx_depth > 0);

  if (self->tx_depth == 1)
    {
      cutout_store_run_cached (self, CUTOUT_STORE_STMT_ROLLBACK, "ROLLBACK", NULL);
    }
  else
    {
      cutout_store_run_cached (self, CUTOUT_STORE_STMT_ROLLBACK_TO, "ROLLBACK TO cutout_nested", NULL);
      cutout_store_run_cached (self, CUTOUT_STORE_STMT_RELEASE, "RELEASE cutout_nested", NULL);
    }

  self->tx_depth--;
}

gboolean
cutout_store_finish_tx (CutoutStore *self,
                        gboolean     ok,
                        GError     **error)
{
  if (ok && cutout_store_commit (self, error))
    return TRUE;

  cutout_store_rollback (self);
  return FALSE;
}
