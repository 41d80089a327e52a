/* test-store.c — tests of the SQLite store: opening, migrations, jobs, secrets, closing
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>
#include <string.h>

#include "test-store-util.h"

/* The schema of version 1 exactly as that version wrote it: databases
 * in users' hands look like this, whatever the code does today. */
static const char v1_sql[] =
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

/* What version 2 ran on top of version 1, exactly (its name_folded column
 * is filled by the test, as that version's migration did in C). */
static const char v2_sql[] =
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
  "CREATE INDEX jobs_state_created ON jobs (state, created_us);"
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
  "PRAGMA user_version = 2;";

static CutoutJobRecord *
make_full_record (void)
{
  CutoutJobRecord *r = cutout_job_record_new ();

  r->input_path = g_strdup ("/home/ana/Slike/Čaša Ünïcode.JPG");
  r->source_root = g_strdup ("/home/ana/Slike");
  r->content_hash = g_strdup (HASH_A);
  r->input_size = 4823391;
  r->width = 6000;
  r->height = 4000;
  r->options = g_strdup ("format=png&w=2000&bg_color=white");
  r->options_override = TRUE;
  r->state = CUTOUT_JOB_STATE_FAILED;
  r->error_domain = g_strdup ("cutout-api-error-quark");
  r->error_code = 12;
  r->error_message = g_strdup ("Too many requests, please slow down");
  r->http_status = 429;
  r->output_path = g_strdup ("/home/ana/Out/Čaša Ünïcode-cutout.png");
  r->output_size = 912345;
  r->attempts = 3;
  r->possibly_charged = 1;
  r->created_us = G_GINT64_CONSTANT (1767225600000000);
  r->started_us = G_GINT64_CONSTANT (1767225601000001);
  r->finished_us = G_GINT64_CONSTANT (1767225609999999);
  r->batch_id = g_strdup ("2c1e7a40-batch");

  return r;
}

/* Compares every column of the row @r->id, read with plain SQL, with @r. */
static void
assert_row_equals (sqlite3               *db,
                   const CutoutJobRecord *r,
                   const char            *name_folded)
{
  sqlite3_stmt *stmt;

  /* If a column is added, this test must learn it. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('jobs')"), ==, 23);

  stmt = raw_prepare (db,
                      "SELECT id, input_path, name_folded, content_hash, input_size,"
                      " width, height, options, options_override, state, error_domain,"
                      " error_code, error_message, http_status, output_path,"
                      " output_size, attempts, possibly_charged, created_us,"
                      " started_us, finished_us, batch_id, source_root FROM jobs WHERE id = ?1");
  sqlite3_bind_int64 (stmt, 1, r->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, r->id);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, r->input_path);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, name_folded);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, r->content_hash);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, r->input_size);
  g_assert_cmpint (sqlite3_column_int (stmt, 5), ==, r->width);
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, r->height);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, r->options);
  g_assert_cmpint (sqlite3_column_int (stmt, 8), ==, r->options_override ? 1 : 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 9), ==, r->state);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 10), ==, r->error_domain);
  g_assert_cmpint (sqlite3_column_int (stmt, 11), ==, r->error_code);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 12), ==, r->error_message);
  g_assert_cmpint (sqlite3_column_int (stmt, 13), ==, r->http_status);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 14), ==, r->output_path);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 15), ==, r->output_size);
  g_assert_cmpint (sqlite3_column_int (stmt, 16), ==, r->attempts);
  g_assert_cmpint (sqlite3_column_int (stmt, 17), ==, r->possibly_charged);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 18), ==, r->created_us);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 19), ==, r->started_us);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 20), ==, r->finished_us);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 21), ==, r->batch_id);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 22), ==, r->source_root);

  sqlite3_finalize (stmt);
}

static void
assert_records_equal (const CutoutJobRecord *a,
                      const CutoutJobRecord *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpstr (a->input_path, ==, b->input_path);
  g_assert_cmpstr (a->content_hash, ==, b->content_hash);
  g_assert_cmpint (a->input_size, ==, b->input_size);
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  g_assert_cmpstr (a->options, ==, b->options);
  g_assert_cmpint (a->options_override, ==, b->options_override);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpstr (a->error_domain, ==, b->error_domain);
  g_assert_cmpint (a->error_code, ==, b->error_code);
  g_assert_cmpstr (a->error_message, ==, b->error_message);
  g_assert_cmpint (a->http_status, ==, b->http_status);
  g_assert_cmpstr (a->output_path, ==, b->output_path);
  g_assert_cmpint (a->output_size, ==, b->output_size);
  g_assert_cmpint (a->attempts, ==, b->attempts);
  g_assert_cmpint (a->possibly_charged, ==, b->possibly_charged);
  g_assert_cmpint (a->created_us, ==, b->created_us);
  g_assert_cmpint (a->started_us, ==, b->started_us);
  g_assert_cmpint (a->finished_us, ==, b->finished_us);
  g_assert_cmpstr (a->batch_id, ==, b->batch_id);
  g_assert_cmpstr (a->source_root, ==, b->source_root);
}

/* Opening */

static void
test_open_creates_wal (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "deeper", "folder", "cutout.db", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *prop_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutStore) store = NULL;
  sqlite3 *db;

  store = cutout_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (cutout_store_get_path (store), ==, path);
  g_object_get (store, "path", &prop_path, NULL);
  g_assert_cmpstr (prop_path, ==, path);

  /* A second connection sees WAL (a property of the file) and the latest
   * schema, while the store is still open. */
  db = raw_open (path);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUTOUT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                " ('jobs', 'attempts', 'queue', 'usage_cache', 'settings',"
                                "  'jobs_name', 'jobs_created', 'jobs_state_created')"), ==, 8);
  sqlite3_close (db);

  g_clear_object (&store);
  cutout_test_rm_rf (dir);
}

static void
test_open_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "cutout", "cutout.db", NULL);
  g_autofree char *path = cutout_store_get_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutStore) store = NULL;

  g_assert_cmpstr (path, ==, expected);

  /* G_TEST_OPTION_ISOLATE_DIRS makes the data dir a throw-away one. */
  store = cutout_store_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cutout_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

static void
test_migrate_empty_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));

  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUTOUT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM jobs"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attempts"), ==, 0);
  sqlite3_close (db);
}

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) job1 = NULL;
  g_autoptr(CutoutJobRecord) job2 = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *setting = NULL;
  CutoutHistoryFilter filter = { 0, };
  gint64 fetched = 0;
  const gint64 queued[] = { 2 };
  sqlite3 *db = NULL;

  /* A database as version 1 left it, with a finished and a queued job. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, v1_sql);
  raw_exec (db, "INSERT INTO jobs (id, input_path, content_hash, input_size, width, height,"
                " options, options_override, state, error_domain, error_code, error_message,"
                " http_status, output_path, output_size, attempts, created_us, started_us,"
                " finished_us, batch_id) VALUES"
                " (1, '/photos/Ærøskøbing HARBOUR.jpg', '" HASH_A "', 1000, 640, 480,"
                "  'format=png', 0, 6, NULL, 0, NULL, 200, '/out/a.png', 500, 1,"
                "  1000000, 2000000, 3000000, 'b1'),"
                " (2, '/photos/second.jpeg', '" HASH_B "', 2000, 800, 600,"
                "  'format=webp', 1, 0, NULL, 0, NULL, 0, NULL, 0, 0,"
                "  4000000, 0, 0, 'b1')");
  raw_exec (db, "INSERT INTO queue (job_id, position) VALUES (2, 0)");
  raw_exec (db, "INSERT INTO usage_cache VALUES ('http://acct', 'membership', '{\"credits\":5}', 77)");
  raw_exec (db, "INSERT INTO settings VALUES ('batch', 'b1')");
  sqlite3_close (db);

  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUTOUT_STORE_SCHEMA_VERSION);
  /* New columns have their defaults (or, for the search key, the folded name). */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM jobs WHERE possibly_charged = 0"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM jobs WHERE source_root IS NULL"), ==, 2);
  {
    g_autofree char *folded = raw_text (db, "SELECT name_folded FROM jobs WHERE id = 1");
    g_assert_cmpstr (folded, ==, "ærøskøbing harbour.jpg");
  }
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attempts"), ==, 0);
  sqlite3_close (db);

  /* The rows survive, every field. */
  job1 = cutout_store_get_job (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job1->input_path, ==, "/photos/Ærøskøbing HARBOUR.jpg");
  g_assert_cmpstr (job1->content_hash, ==, HASH_A);
  g_assert_cmpint (job1->input_size, ==, 1000);
  g_assert_cmpint (job1->width, ==, 640);
  g_assert_cmpint (job1->height, ==, 480);
  g_assert_cmpstr (job1->options, ==, "format=png");
  g_assert_false (job1->options_override);
  g_assert_cmpint (job1->state, ==, CUTOUT_JOB_STATE_DONE);
  g_assert_null (job1->error_domain);
  g_assert_null (job1->error_message);
  g_assert_cmpint (job1->http_status, ==, 200);
  g_assert_cmpstr (job1->output_path, ==, "/out/a.png");
  g_assert_cmpint (job1->output_size, ==, 500);
  g_assert_cmpint (job1->attempts, ==, 1);
  g_assert_cmpint (job1->possibly_charged, ==, 0);
  g_assert_cmpint (job1->created_us, ==, 1000000);
  g_assert_cmpint (job1->started_us, ==, 2000000);
  g_assert_cmpint (job1->finished_us, ==, 3000000);
  g_assert_cmpstr (job1->batch_id, ==, "b1");
  g_assert_null (job1->source_root);

  job2 = cutout_store_get_job (f->store, 2, &error);
  g_assert_no_error (error);
  g_assert_true (job2->options_override);
  g_assert_cmpstr (job2->content_hash, ==, HASH_B);

  /* The queue, the cache and the settings survive too. */
  assert_queue (f->store, queued, G_N_ELEMENTS (queued));
  usage = cutout_store_load_usage (f->store, "http://acct", "membership", &fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (usage, ==, "{\"credits\":5}");
  g_assert_cmpint (fetched, ==, 77);
  setting = cutout_store_get_setting (f->store, "batch", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (setting, ==, "b1");

  /* Old rows are in the new name index. */
  filter.text = "ÆRØSKØBING";
  found = cutout_store_query_history (f->store, &filter, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((CutoutJobRecord *) found->pdata[0])->id, ==, 1);
}

/* A database as version 2 left it: the history (with attempts and the
 * name index), a job interrupted while downloading in the live queue. */
static void
test_migrate_from_v2 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) job1 = NULL;
  g_autoptr(CutoutJobRecord) job2 = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  CutoutHistoryFilter filter = { 0, };
  const gint64 queued[] = { 2 };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, "BEGIN");
  raw_exec (db, v1_sql);
  raw_exec (db, v2_sql);
  raw_exec (db, "INSERT INTO jobs (id, input_path, name_folded, content_hash, input_size,"
                " width, height, options, options_override, state, error_domain, error_code,"
                " error_message, http_status, output_path, output_size, attempts,"
                " possibly_charged, created_us, started_us, finished_us, batch_id) VALUES"
                " (1, '/photos/Šibenik Dock.png', 'šibenik dock.png', '" HASH_A "', 10, 4, 3,"
                "  'format=png', 0, 6, NULL, 0, NULL, 200, '/out/Šibenik Dock.png', 7, 2, 1,"
                "  1000000, 2000000, 3000000, 'b2'),"
                " (2, '/photos/day2/late.jpg', 'late.jpg', '" HASH_B "', 20, 8, 6,"
                "  'format=webp', 0, 3, NULL, 0, NULL, 0, NULL, 0, 1, 0,"
                "  4000000, 5000000, 0, 'b2')");
  raw_exec (db, "INSERT INTO jobs_name (jobs_name) VALUES ('rebuild')");
  raw_exec (db, "INSERT INTO attempts VALUES (1, 1, 2000000, 2500000, 502, 'Bad gateway', 1),"
                " (1, 2, 2600000, 2900000, 200, NULL, 0), (2, 1, 5000000, 0, 0, NULL, 0)");
  raw_exec (db, "INSERT INTO queue (job_id, position) VALUES (2, 0)");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);

  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);

  /* The new column, NULL for the old rows; nothing else changed. */
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUTOUT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('jobs')"
                                " WHERE name = 'source_root' AND type = 'TEXT' AND \"notnull\" = 0"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM jobs WHERE source_root IS NULL"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attempts"), ==, 3);
  sqlite3_close (db);

  job1 = cutout_store_get_job (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job1->input_path, ==, "/photos/Šibenik Dock.png");
  g_assert_null (job1->source_root);
  g_assert_cmpint (job1->state, ==, CUTOUT_JOB_STATE_DONE);
  g_assert_cmpstr (job1->output_path, ==, "/out/Šibenik Dock.png");
  g_assert_cmpint (job1->output_size, ==, 7);
  g_assert_cmpint (job1->attempts, ==, 2);
  g_assert_cmpint (job1->possibly_charged, ==, 1);
  g_assert_cmpint (job1->finished_us, ==, 3000000);
  attempts = cutout_store_list_attempts (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 2);
  g_assert_cmpstr (((CutoutAttemptRecord *) attempts->pdata[0])->error_message, ==, "Bad gateway");

  /* The name index still finds the old rows. */
  filter.text = "ŠIBENIK";
  found = cutout_store_query_history (f->store, &filter, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((CutoutJobRecord *) found->pdata[0])->id, ==, 1);
  g_assert_null (((CutoutJobRecord *) found->pdata[0])->source_root);

  /* The interrupted job comes back queued, and can learn its folder. */
  assert_queue (f->store, queued, G_N_ELEMENTS (queued));
  cutout_store_restore_queue (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  job2 = cutout_store_get_job (f->store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job2->state, ==, CUTOUT_JOB_STATE_QUEUED);
  job2->source_root = g_strdup ("/photos");
  cutout_store_update_job (f->store, job2, &error);
  g_assert_no_error (error);
  queue = cutout_store_queue_load (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (((CutoutJobRecord *) queue->pdata[0])->source_root, ==, "/photos");
  g_assert_cmpstr (((CutoutJobRecord *) queue->pdata[0])->input_path, ==, "/photos/day2/late.jpg");
}

static void
assert_refused_untouched (const char *path,
                          int         code,
                          const char *message)
{
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutStore) store = NULL;

  store = cutout_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, CUTOUT_STORE_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  sqlite3 *db = NULL;

  /* What a future Cutout (schema 7) might have written, in WAL mode. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, "CREATE TABLE jobs (id INTEGER PRIMARY KEY, future TEXT);"
                "INSERT INTO jobs (future) VALUES ('from the future');"
                "PRAGMA user_version = 7;");
  sqlite3_close (db);

  message = g_strdup_printf ("This history database was written by a newer version of Cutout "
                             "(schema 7; this version knows up to 4). Update Cutout, or move "
                             "“%s” away to start a new history.", f->path);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_refused_untouched (f->path, CUTOUT_STORE_ERROR_TOO_NEW, message);
  /* Nothing left beside it either. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* Still exactly what the future version left. */
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 7);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  sqlite3_close (db);
}

static void
test_refuse_not_a_database (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *text = g_strnfill (4096, 'x');

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  assert_refused_untouched (f->path, CUTOUT_STORE_ERROR_CORRUPT, NULL);
}

/* Jobs */

static void
test_insert_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_full_record ();
  g_autoptr(CutoutJobRecord) read = NULL;
  g_autoptr(CutoutJobRecord) fresh = make_record ("/tmp/new.png", CUTOUT_JOB_STATE_QUEUED);
  g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such file");
  gint64 before, id;
  sqlite3 *db;

  id = cutout_store_insert_job (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (r->id, ==, id);

  db = raw_open (f->path);
  assert_row_equals (db, r, "čaša ünïcode.jpg");

  read = cutout_store_get_job (f->store, id, &error);
  g_assert_no_error (error);
  assert_records_equal (read, r);

  /* A whole-record update rewrites every column but created_us. */
  g_free (r->input_path);
  r->input_path = g_strdup ("/srv/RENAMED File.png");
  g_clear_pointer (&r->content_hash, g_free);
  r->input_size = 1;
  r->width = 2;
  r->height = 3;
  g_free (r->options);
  r->options = g_strdup ("format=webp&mask=true");
  r->options_override = FALSE;
  r->state = CUTOUT_JOB_STATE_DONE;
  cutout_job_record_set_error (r, cause);
  r->http_status = 200;
  g_clear_pointer (&r->output_path, g_free);
  r->output_size = 0;
  r->attempts = 4;
  r->possibly_charged = 2;
  r->started_us = 11;
  r->finished_us = 12;
  g_clear_pointer (&r->batch_id, g_free);
  g_clear_pointer (&r->source_root, g_free);
  cutout_store_update_job (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->error_domain, ==, "g-io-error-quark");
  g_assert_cmpint (r->error_code, ==, G_IO_ERROR_NOT_FOUND);
  assert_row_equals (db, r, "renamed file.png");

  /* created_us is fixed at insert. */
  r->created_us = 5;
  cutout_store_update_job (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (db, "SELECT created_us FROM jobs"), ==, G_GINT64_CONSTANT (1767225600000000));

  /* created_us 0 means now. */
  before = g_get_real_time ();
  cutout_store_insert_job (f->store, fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fresh->created_us, >=, before);
  g_assert_cmpint (fresh->created_us, <=, g_get_real_time ());
  assert_row_equals (db, fresh, "new.png");

  /* Unknown ids. */
  r->id = 999;
  g_assert_false (cutout_store_update_job (f->store, r, &error));
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cutout_store_get_job (f->store, 999, &error));
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sqlite3_close (db);
}

static void
test_set_state (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record ("/a/b.png", CUTOUT_JOB_STATE_QUEUED);
  gint64 t0, t1, started, finished;
  sqlite3 *db;

  cutout_store_insert_job (f->store, r, &error);
  g_assert_no_error (error);
  db = raw_open (f->path);

  t0 = g_get_real_time ();
  g_assert_true (cutout_store_set_job_state (f->store, r->id, CUTOUT_JOB_STATE_UPLOADING, &error));
  g_assert_no_error (error);
  t1 = g_get_real_time ();
  started = raw_int (db, "SELECT started_us FROM jobs");
  g_assert_cmpint (started, >=, t0);
  g_assert_cmpint (started, <=, t1);
  g_assert_cmpint (raw_int (db, "SELECT state FROM jobs"), ==, CUTOUT_JOB_STATE_UPLOADING);

  /* Later active states keep the first start. */
  g_usleep (2000);
  cutout_store_set_job_state (f->store, r->id, CUTOUT_JOB_STATE_PROCESSING, &error);
  g_assert_no_error (error);
  cutout_store_set_job_state (f->store, r->id, CUTOUT_JOB_STATE_DOWNLOADING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (db, "SELECT started_us FROM jobs"), ==, started);
  g_assert_cmpint (raw_int (db, "SELECT finished_us FROM jobs"), ==, 0);

  t0 = g_get_real_time ();
  cutout_store_set_job_state (f->store, r->id, CUTOUT_JOB_STATE_DONE, &error);
  g_assert_no_error (error);
  t1 = g_get_real_time ();
  finished = raw_int (db, "SELECT finished_us FROM jobs");
  g_assert_cmpint (finished, >=, t0);
  g_assert_cmpint (finished, <=, t1);
  g_assert_cmpint (raw_int (db, "SELECT state FROM jobs"), ==, CUTOUT_JOB_STATE_DONE);

  /* Queued again (a retry): no longer finished, started kept. */
  cutout_store_set_job_state (f->store, r->id, CUTOUT_JOB_STATE_QUEUED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (db, "SELECT finished_us FROM jobs"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT started_us FROM jobs"), ==, started);
  g_assert_cmpint (raw_int (db, "SELECT state FROM jobs"), ==, CUTOUT_JOB_STATE_QUEUED);

  g_assert_false (cutout_store_set_job_state (f->store, 4242, CUTOUT_JOB_STATE_DONE, &error));
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Job 4242 is not in the history");

  sqlite3_close (db);
}

static void
test_attempts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record ("/a/b.png", CUTOUT_JOB_STATE_UPLOADING);
  g_autoptr(CutoutJobRecord) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  CutoutAttemptRecord a = { 0, };
  CutoutAttemptRecord *got;
  sqlite3_stmt *stmt;
  sqlite3 *db;

  cutout_store_insert_job (f->store, r, &error);
  g_assert_no_error (error);

  /* Attempt 1: recorded when it starts, then again when it fails. */
  a.job_id = r->id;
  a.number = 1;
  a.started_us = 100;
  g_assert_true (cutout_store_record_attempt (f->store, &a, &error));
  g_assert_no_error (error);
  a.finished_us = 250;
  a.http_status = 502;
  a.error_message = (char *) "Bad gateway";
  a.possibly_charged = TRUE;
  cutout_store_record_attempt (f->store, &a, &error);
  g_assert_no_error (error);

  /* Attempt 2 succeeds. */
  a.number = 2;
  a.started_us = 300;
  a.finished_us = 400;
  a.http_status = 200;
  a.error_message = NULL;
  a.possibly_charged = FALSE;
  cutout_store_record_attempt (f->store, &a, &error);
  g_assert_no_error (error);

  db = raw_open (f->path);
  stmt = raw_prepare (db, "SELECT job_id, number, started_us, finished_us, http_status,"
                          " error_message, possibly_charged FROM attempts ORDER BY number");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, r->id);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 100);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 250);
  g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 502);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "Bad gateway");
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 1);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, r->id);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 2);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 300);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 400);
  g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 200);
  g_assert_cmpint (sqlite3_column_type (stmt, 5), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The job's counters follow. */
  g_assert_cmpint (raw_int (db, "SELECT attempts FROM jobs"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT possibly_charged FROM jobs"), ==, 1);
  read = cutout_store_get_job (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->attempts, ==, 2);
  g_assert_cmpint (read->possibly_charged, ==, 1);

  list = cutout_store_list_attempts (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  got = list->pdata[0];
  g_assert_cmpint (got->number, ==, 1);
  g_assert_cmpint (got->finished_us, ==, 250);
  g_assert_cmpstr (got->error_message, ==, "Bad gateway");
  g_assert_true (got->possibly_charged);
  got = list->pdata[1];
  g_assert_cmpint (got->number, ==, 2);
  g_assert_null (got->error_message);
  g_assert_false (got->possibly_charged);

  /* No attempt for a job that does not exist. */
  a.job_id = 777;
  g_assert_false (cutout_store_record_attempt (f->store, &a, &error));
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting the job deletes its attempts. */
  cutout_store_delete_jobs (f->store, &r->id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attempts"), ==, 0);

  sqlite3_close (db);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) a = make_record ("/a.png", CUTOUT_JOB_STATE_QUEUED);
  g_autoptr(CutoutJobRecord) b = make_record ("/b.png", CUTOUT_JOB_STATE_QUEUED);
  g_autoptr(CutoutJobRecord) c = make_record ("/c.png", CUTOUT_JOB_STATE_QUEUED);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);

  g_assert_true (cutout_store_begin (f->store, &error));
  cutout_store_insert_job (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_store_begin (f->store, &error));
  cutout_store_insert_job (f->store, b, &error);
  g_assert_no_error (error);
  cutout_store_rollback (f->store);
  /* A bulk call nests as a savepoint inside the outer transaction. */
  g_ptr_array_add (more, make_record ("/d.png", CUTOUT_JOB_STATE_QUEUED));
  cutout_store_insert_jobs (f->store, more, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_store_commit (f->store, &error));
  g_assert_no_error (error);

  /* b was rolled back (its id may be reused by d). */
  {
    g_autoptr(GPtrArray) rows = cutout_store_query_history (f->store, NULL, NULL, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (((CutoutJobRecord *) rows->pdata[0])->input_path, ==, "/d.png");
    g_assert_cmpstr (((CutoutJobRecord *) rows->pdata[1])->input_path, ==, "/a.png");
  }

  g_assert_true (cutout_store_begin (f->store, &error));
  cutout_store_insert_job (f->store, c, &error);
  g_assert_no_error (error);
  cutout_store_rollback (f->store);
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, &error), ==, 2);
  g_assert_no_error (error);
}

/* Secrets, closing */

/* The API key is never stored: no table has a column that could hold it. */
static void
test_no_key_column (Fixture       *f,
                    gconstpointer  data)
{
  const char * const forbidden[] = { "key", "secret", "token", "password", "auth", "api" };
  sqlite3 *db = raw_open (f->path);
  sqlite3_stmt *tables = raw_prepare (db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  sqlite3_stmt *columns = raw_prepare (db, "SELECT name FROM pragma_table_info (?1)");
  guint n_tables = 0, n_columns = 0;

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);

      n_tables++;
      sqlite3_bind_text (columns, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (columns) == SQLITE_ROW)
        {
          g_autofree char *column = g_ascii_strdown ((const char *) sqlite3_column_text (columns, 0), -1);

          n_columns++;
          for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
            if (strstr (column, forbidden[i]) != NULL)
              g_error ("Column %s.%s could hold a secret", table, column);
        }
      sqlite3_reset (columns);
    }
  sqlite3_finalize (columns);
  sqlite3_finalize (tables);
  sqlite3_close (db);

  /* jobs, attempts, queue, usage_cache, settings and FTS5's own tables. */
  g_assert_cmpuint (n_tables, >=, 5);
  g_assert_cmpuint (n_columns, >=, 23 + 7 + 2 + 4 + 2);
}

static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutJobRecord) r = make_record ("/x.png", CUTOUT_JOB_STATE_QUEUED);

  cutout_store_close (f->store);
  cutout_store_close (f->store);
  g_assert_cmpstr (cutout_store_get_path (f->store), ==, f->path);

  g_assert_cmpint (cutout_store_insert_job (f->store, r, &error), ==, 0);
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, &error), ==, -1);
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CLOSED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/open/creates-wal", test_open_creates_wal);
  g_test_add_func ("/store/open/default-path", test_open_default_path);
  STORE_ADD_UNOPENED ("migrate/empty-file", test_migrate_empty_file);
  STORE_ADD_UNOPENED ("migrate/from-v1", test_migrate_from_v1);
  STORE_ADD_UNOPENED ("migrate/from-v2", test_migrate_from_v2);
  STORE_ADD_UNOPENED ("open/refuse-newer", test_refuse_newer);
  STORE_ADD_UNOPENED ("open/refuse-not-a-database", test_refuse_not_a_database);
  STORE_ADD ("jobs/insert-update", test_insert_update);
  STORE_ADD ("jobs/set-state", test_set_state);
  STORE_ADD ("jobs/attempts", test_attempts);
  STORE_ADD ("jobs/transactions", test_transactions);
  store_add_queue_tests ();
  store_add_history_tests ();
  STORE_ADD ("no-key-column", test_no_key_column);
  STORE_ADD ("closed", test_closed);

  return g_test_run ();
}
