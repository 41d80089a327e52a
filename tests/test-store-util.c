/* test-store-util.c — the fixture and helpers shared by the store tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-store-util.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cutout_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "cutout.db", NULL);

  if (data == NULL)
    {
      f->store = cutout_store_new (f->path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (f->store);
    }
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  cutout_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

CutoutJobRecord *
make_record (const char     *path,
             CutoutJobState  state)
{
  CutoutJobRecord *r = cutout_job_record_new ();

  r->input_path = g_strdup (path);
  r->options = g_strdup ("format=webp");
  r->state = state;
  return r;
}

GArray *
queue_ids (CutoutStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = cutout_store_queue_load (store, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < queue->len; i++)
    g_array_append_val (ids, ((CutoutJobRecord *) g_ptr_array_index (queue, i))->id);
  return ids;
}

void
assert_queue (CutoutStore  *store,
              const gint64 *expected,
              guint         n_expected)
{
  g_autoptr(GArray) ids = queue_ids (store);

  g_assert_cmpmem (ids->data, ids->len * sizeof (gint64), expected, n_expected * sizeof (gint64));
}

sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

sqlite3_stmt *
raw_prepare (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = raw_prepare (db, sql);
  gint64 value;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = raw_prepare (db, sql);
  char *value;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}
