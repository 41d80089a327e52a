/* cutout-store-history.c — CutoutStore's history pages and counts, cached usage and settings
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-store-private.h"

/* A page is found through an index, whatever the filter:
 *  - no filter: jobs_created (created_us, id, state, name_folded) read
 *    backwards from the cursor, so any page reads just `limit` index
 *    entries;
 *  - one state: jobs_state_created (state, created_us), which also gives
 *    the order; several states: the same index, then sorted;
 *  - text of 3+ characters that few names contain (fewer than
 *    RARE_MATCHES, which a probe of the FTS5 trigram index jobs_name
 *    tells cheaply): the matching ids come from that index, and only
 *    their rows are read and sorted;
 *  - any other text (shorter than a trigram, or common): jobs_created is
 *    read backwards and the names it holds are compared, until the page
 *    is full. A common word fills a page within a few hundred entries,
 *    where the trigram index would have to hand over, look up and sort
 *    every match first.
 * Every value is bound; the variants below differ only in which
 * conditions they contain. Parameters: ?1 from, ?3/?4 the upper bound
 * (the cursor, or the end of the date range), ?5 text, ?6 limit,
 * ?7 offset, ?10…?18 the wanted states. */
#define WHERE_RANGE  " WHERE created_us >= ?1 AND created_us <= ?3 AND (created_us < ?3 OR id < ?4)"
#define WHERE_STATE  " AND state = ?10"
#define WHERE_STATES " AND state IN (?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
#define WHERE_FTS    " AND id IN (SELECT rowid FROM jobs_name WHERE jobs_name MATCH ?5)"
#define WHERE_SCAN   " AND instr (name_folded, ?5) > 0"
/* A scan compares the names that jobs_created holds: told to use another
 * index (jobs_state_created, for a state), SQLite would read the table
 * for every name, which for a common state is most of it. */
#define FROM_ANY     " FROM jobs"
#define FROM_CREATED " FROM jobs INDEXED BY jobs_created"
#define PAGE_HEAD(from)  "SELECT " CUTOUT_STORE_JOB_COLUMNS from WHERE_RANGE
#define PAGE_TAIL    " ORDER BY created_us DESC, id DESC LIMIT ?6 OFFSET ?7"
#define COUNT_HEAD(from) "SELECT count(*)" from WHERE_RANGE

/* Below this many matches a text counts as rare. Reading that many rows
 * by id and sorting them takes a few milliseconds at most; above it,
 * comparing names along jobs_created is quicker for a page. */
#define RARE_MATCHES 2000

/* At most ?2 matches of the phrase ?1: the probe stops there, so it
 * costs the same for a word in every name as for one in 2,000. */
#define PROBE_SQL \
  "SELECT count(*) FROM (SELECT rowid FROM jobs_name WHERE jobs_name MATCH ?1 LIMIT ?2)"
/* All matches, counted inside the trigram index without reading a row. */
#define COUNT_MATCHES_SQL "SELECT count(*) FROM jobs_name WHERE jobs_name MATCH ?1"
/* SQLite counts a table's entries without decoding them. */
#define COUNT_ALL_SQL "SELECT count(*) FROM jobs"

enum
{
  TEXT_NONE,
  TEXT_FTS,
  TEXT_SCAN,
  N_TEXT_MODES
};

enum
{
  STATES_ANY,
  STATES_ONE,
  STATES_SOME,
};

/* Indexed by states mode * N_TEXT_MODES + text mode. */
static const char * const page_sql[] = {
  PAGE_HEAD (FROM_ANY) PAGE_TAIL,
  PAGE_HEAD (FROM_ANY) WHERE_FTS PAGE_TAIL,
  PAGE_HEAD (FROM_CREATED) WHERE_SCAN PAGE_TAIL,
  PAGE_HEAD (FROM_ANY) WHERE_STATE PAGE_TAIL,
  PAGE_HEAD (FROM_ANY) WHERE_STATE WHERE_FTS PAGE_TAIL,
  PAGE_HEAD (FROM_CREATED) WHERE_STATE WHERE_SCAN PAGE_TAIL,
  PAGE_HEAD (FROM_ANY) WHERE_STATES PAGE_TAIL,
  PAGE_HEAD (FROM_ANY) WHERE_STATES WHERE_FTS PAGE_TAIL,
  PAGE_HEAD (FROM_CREATED) WHERE_STATES WHERE_SCAN PAGE_TAIL,
};

static const char * const count_sql[] = {
  COUNT_HEAD (FROM_ANY),
  COUNT_HEAD (FROM_ANY) WHERE_FTS,
  COUNT_HEAD (FROM_CREATED) WHERE_SCAN,
  COUNT_HEAD (FROM_ANY) WHERE_STATE,
  COUNT_HEAD (FROM_ANY) WHERE_STATE WHERE_FTS,
  COUNT_HEAD (FROM_CREATED) WHERE_STATE WHERE_SCAN,
  COUNT_HEAD (FROM_ANY) WHERE_STATES,
  COUNT_HEAD (FROM_ANY) WHERE_STATES WHERE_FTS,
  COUNT_HEAD (FROM_CREATED) WHERE_STATES WHERE_SCAN,
};

G_STATIC_ASSERT (G_N_ELEMENTS (page_sql) == CUTOUT_STORE_STMT_HISTORY_COUNT - CUTOUT_STORE_STMT_HISTORY_PAGE);
G_STATIC_ASSERT (G_N_ELEMENTS (count_sql) == CUTOUT_STORE_N_STMTS - CUTOUT_STORE_STMT_HISTORY_COUNT);

/* A filter turned into bindable values. */
typedef struct
{
  guint   variant;
  gint64  from_us;
  gint64  last_us;   /* the newest created_us wanted */
  guint   states;
  char   *phrase;    /* the FTS5 phrase of text of 3+ characters */
  char   *folded;    /* the folded text, for scans */
  gint64  n_matches; /* with TEXT_FTS: the names that contain the text */
} Query;

static void
query_clear (Query *query)
{
  g_clear_pointer (&query->phrase, g_free);
  g_clear_pointer (&query->folded, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

/* A phrase query matches the trigrams in sequence: a substring. Inside
 * the quotes a quote is written twice. */
static char *
make_fts_phrase (const char *folded)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');

  return g_string_free (phrase, FALSE);
}

/* The number of names containing @phrase, up to @limit (the probe), or
 * all of them (@limit 0); -1 on error. */
static gint64
count_matches (CutoutStore  *self,
               const char   *phrase,
               gint64        limit,
               GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int rc;

  if (limit > 0)
    stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_HISTORY_PROBE, PROBE_SQL, error);
  else
    stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_HISTORY_COUNT_MATCHES,
                                  COUNT_MATCHES_SQL, error);
  if (stmt == NULL)
    return -1;

  cutout_store_bind_text (stmt, 1, phrase);
  if (limit > 0)
    sqlite3_bind_int64 (stmt, 2, limit);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cutout_store_set_db_error (self, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
query_init (CutoutStore                *self,
            Query                      *query,
            const CutoutHistoryFilter  *filter,
            GError                    **error)
{
  guint text_mode = TEXT_NONE;
  guint states_mode = STATES_ANY;

  query->from_us = G_MININT64;
  query->last_us = G_MAXINT64;
  query->states = 0;
  query->phrase = NULL;
  query->folded = NULL;
  query->n_matches = -1;

  if (filter != NULL)
    {
      if (filter->from_us != 0)
        query->from_us = filter->from_us;
      if (filter->to_us != 0)
        query->last_us = filter->to_us - 1;
      /* Bits above the known states select nothing. */
      query->states = filter->states & ((1u << (CUTOUT_JOB_STATE_CANCELLED + 1)) - 1);
      if (filter->states != 0)
        states_mode = (query->states != 0 && (query->states & (query->states - 1)) == 0)
                      ? STATES_ONE : STATES_SOME;

      if (filter->text != NULL && filter->text[0] != '\0')
        query->folded = cutout_store_fold_text (filter->text);

      if (query->folded != NULL && g_utf8_strlen (query->folded, -1) >= 3)
        {
          gint64 n;

          query->phrase = make_fts_phrase (query->folded);
          n = count_matches (self, query->phrase, RARE_MATCHES, error);
          if (n < 0)
            return FALSE;
          if (n < RARE_MATCHES)
            {
              text_mode = TEXT_FTS;
              query->n_matches = n;
            }
          else
            {
              text_mode = TEXT_SCAN;
            }
        }
      else if (query->folded != NULL && query->folded[0] != '\0')
        {
          text_mode = TEXT_SCAN;
        }
    }

  query->variant = states_mode * N_TEXT_MODES + text_mode;
  return TRUE;
}

static gboolean
query_has_range (const Query *query)
{
  return query->from_us != G_MININT64 || query->last_us != G_MAXINT64;
}

static void
bind_query (sqlite3_stmt *stmt,
            const Query  *query)
{
  guint text_mode = query->variant % N_TEXT_MODES;

  sqlite3_bind_int64 (stmt, 1, query->from_us);
  sqlite3_bind_int64 (stmt, 3, query->last_us);
  sqlite3_bind_int64 (stmt, 4, G_MAXINT64);

  if (text_mode == TEXT_FTS)
    cutout_store_bind_text (stmt, 5, query->phrase);
  else if (text_mode == TEXT_SCAN)
    cutout_store_bind_text (stmt, 5, query->folded);

  /* Unused slots of the IN list stay NULL, which matches no state; with
   * no known state at all, ?10 stays NULL and nothing matches. */
  if (query->variant >= STATES_ONE * N_TEXT_MODES)
    {
      int slot = 10;

      for (int state = 0; state <= CUTOUT_JOB_STATE_CANCELLED; state++)
        if (query->states & CUTOUT_STORE_STATE_BIT (state))
          sqlite3_bind_int (stmt, slot++, state);
    }
}

static void
bind_page (sqlite3_stmt              *stmt,
           const Query               *query,
           const CutoutHistoryCursor *after,
           guint                      offset,
           guint                      limit)
{
  /* The cursor replaces the end of the range when it is earlier. */
  if (after != NULL && after->created_us <= query->last_us)
    {
      sqlite3_bind_int64 (stmt, 3, after->created_us);
      sqlite3_bind_int64 (stmt, 4, after->id);
    }

  sqlite3_bind_int64 (stmt, 6, limit);
  sqlite3_bind_int64 (stmt, 7, offset);
}

static GPtrArray *
query_page (CutoutStore               *self,
            const CutoutHistoryFilter *filter,
            const CutoutHistoryCursor *after,
            guint                      offset,
            guint                      limit,
            GError                   **error)
{
  g_auto(Query) query = { 0, };
  g_auto(CutoutStoreStmt) stmt = NULL;

  if (!query_init (self, &query, filter, error))
    return NULL;

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_HISTORY_PAGE + query.variant,
                                page_sql[query.variant], error);
  if (stmt == NULL)
    return NULL;

  bind_query (stmt, &query);
  bind_page (stmt, &query, after, offset, limit);

  return cutout_store_collect_jobs (self, stmt, error);
}

GPtrArray *
cutout_store_query_history (CutoutStore               *self,
                            const CutoutHistoryFilter *filter,
                            const CutoutHistoryCursor *after,
                            guint                      limit,
                            GError                   **error)
{
  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  return query_page (self, filter, after, 0, limit, error);
}

GPtrArray *
cutout_store_query_history_at (CutoutStore               *self,
                               const CutoutHistoryFilter *filter,
                               guint                      offset,
                               guint                      limit,
                               GError                   **error)
{
  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  return query_page (self, filter, NULL, offset, limit, error);
}

/* What a count of @query runs: nothing when the probe already knows
 * (NULL, the number in *@known_out), a statement otherwise. */
static const char *
choose_count (const Query       *query,
              CutoutStoreStmtId *slot_out,
              gint64            *known_out)
{
  guint text_mode = query->variant % N_TEXT_MODES;
  gboolean narrowed = query->variant >= STATES_ONE * N_TEXT_MODES || query_has_range (query);

  *known_out = -1;

  if (!narrowed && text_mode == TEXT_NONE)
    {
      *slot_out = CUTOUT_STORE_STMT_HISTORY_COUNT_ALL;
      return COUNT_ALL_SQL;
    }

  /* The probe read every match of a rare text. */
  if (!narrowed && text_mode == TEXT_FTS)
    {
      *known_out = query->n_matches;
      return NULL;
    }

  /* A common text of 3+ characters: the trigram index counts its
   * matches without reading a row; a scan would read every name. */
  if (!narrowed && text_mode == TEXT_SCAN && query->phrase != NULL)
    {
      *slot_out = CUTOUT_STORE_STMT_HISTORY_COUNT_MATCHES;
      return COUNT_MATCHES_SQL;
    }

  *slot_out = CUTOUT_STORE_STMT_HISTORY_COUNT + query->variant;
  return count_sql[query->variant];
}

gint64
cutout_store_count_history (CutoutStore               *self,
                            const CutoutHistoryFilter *filter,
                            GError                   **error)
{
  g_auto(Query) query = { 0, };
  g_auto(CutoutStoreStmt) stmt = NULL;
  CutoutStoreStmtId slot;
  const char *sql;
  gint64 known;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), -1);

  if (!query_init (self, &query, filter, error))
    return -1;

  sql = choose_count (&query, &slot, &known);
  if (sql == NULL)
    return known;
  if (slot == CUTOUT_STORE_STMT_HISTORY_COUNT_MATCHES)
    return count_matches (self, query.phrase, 0, error);

  stmt = cutout_store_get_stmt (self, slot, sql, error);
  if (stmt == NULL)
    return -1;

  if (slot != CUTOUT_STORE_STMT_HISTORY_COUNT_ALL)
    bind_query (stmt, &query);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cutout_store_set_db_error (self, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

char *
cutout_store_explain_history (CutoutStore               *self,
                              const CutoutHistoryFilter *filter,
                              gboolean                   count,
                              GError                   **error)
{
  g_auto(Query) query = { 0, };
  g_autofree char *sql = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  CutoutStoreStmtId slot = CUTOUT_STORE_STMT_HISTORY_PAGE;
  const char *chosen;
  gint64 known;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);

  if (self->db == NULL)
    {
      g_set_error_literal (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CLOSED,
                           _("The history database is closed"));
      return NULL;
    }

  if (!query_init (self, &query, filter, error))
    return NULL;

  if (count)
    {
      chosen = choose_count (&query, &slot, &known);
      /* Nothing runs: the probe's own plan is what was used. */
      if (chosen == NULL)
        {
          chosen = PROBE_SQL;
          slot = CUTOUT_STORE_STMT_HISTORY_PROBE;
        }
    }
  else
    {
      chosen = page_sql[query.variant];
    }
  sql = g_strconcat ("EXPLAIN QUERY PLAN ", chosen, NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      if (slot == CUTOUT_STORE_STMT_HISTORY_PROBE || slot == CUTOUT_STORE_STMT_HISTORY_COUNT_MATCHES)
        {
          cutout_store_bind_text (stmt, 1, query.phrase);
          sqlite3_bind_int64 (stmt, 2, RARE_MATCHES);
        }
      else if (slot != CUTOUT_STORE_STMT_HISTORY_COUNT_ALL)
        {
          bind_query (stmt, &query);
          if (!count)
            bind_page (stmt, &query, NULL, 0, 50);
        }

      /* Columns: id, parent, notused, detail. */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
    }

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      cutout_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* Usage cache and settings */

gboolean
cutout_store_save_usage (CutoutStore  *self,
                         const char   *account_url,
                         const char   *kind,
                         const char   *json,
                         gint64        fetched_us,
                         GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_url != NULL && kind != NULL && json != NULL, FALSE);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_SAVE_USAGE,
                                "INSERT INTO usage_cache (account_url, kind, json, fetched_us)"
                                " VALUES (?1, ?2, ?3, ?4)"
                                " ON CONFLICT (account_url, kind) DO UPDATE SET"
                                " json = excluded.json, fetched_us = excluded.fetched_us",
                                error);
  if (stmt == NULL)
    return FALSE;

  cutout_store_bind_text (stmt, 1, account_url);
  cutout_store_bind_text (stmt, 2, kind);
  cutout_store_bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, fetched_us);

  return cutout_store_step_done (self, stmt, error);
}

char *
cutout_store_load_usage (CutoutStore  *self,
                         const char   *account_url,
                         const char   *kind,
                         gint64       *fetched_us_out,
                         GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);
  g_return_val_if_fail (account_url != NULL && kind != NULL, NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_LOAD_USAGE,
                                "SELECT json, fetched_us FROM usage_cache"
                                " WHERE account_url = ?1 AND kind = ?2",
                                error);
  if (stmt == NULL)
    return NULL;

  cutout_store_bind_text (stmt, 1, account_url);
  cutout_store_bind_text (stmt, 2, kind);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (fetched_us_out != NULL)
        *fetched_us_out = sqlite3_column_int64 (stmt, 1);
      return cutout_store_column_dup_text (stmt, 0);
    }

  if (rc != SQLITE_DONE)
    cutout_store_set_db_error (self, rc, error);

  return NULL;
}

gboolean
cutout_store_set_setting (CutoutStore  *self,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_DELETE_SETTING,
                                  "DELETE FROM settings WHERE name = ?1", error);
  else
    stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_SET_SETTING,
                                  "INSERT INTO settings (name, value) VALUES (?1, ?2)"
                                  " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;

  cutout_store_bind_text (stmt, 1, key);
  if (value != NULL)
    cutout_store_bind_text (stmt, 2, value);

  return cutout_store_step_done (self, stmt, error);
}

char *
cutout_store_get_setting (CutoutStore  *self,
                          const char   *key,
                          GError      **error)
{
  g_auto(CutoutStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUTOUT_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = cutout_store_get_stmt (self, CUTOUT_STORE_STMT_GET_SETTING,
                                "SELECT value FROM settings WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;

  cutout_store_bind_text (stmt, 1, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return cutout_store_column_dup_text (stmt, 0);

  if (rc != SQLITE_DONE)
    cutout_store_set_db_error (self, rc, error);

  return NULL;
}
