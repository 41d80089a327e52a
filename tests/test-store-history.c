/* test-store-history.c — tests of the store's history on 100,000 rows, cached usage and settings
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cutout-store-private.h"
#include "test-store-util.h"

/* History */

#define N_ROWS 100000
#define BASE_US G_GINT64_CONSTANT (1700000000000000)

typedef struct
{
  gint64          id;
  gint64          created_us;
  CutoutJobState  state;
  char           *folded;
} Row;

/* Names, states and times of generated row @i: mostly IMG_nnnnnn.JPG,
 * 1 % "Sunset-…", 0.1 % "Čaša-…"; 10 % failed, 10 % cancelled; times
 * shuffled and shared by pairs, so ordering needs both keys. */
static char *
row_name (guint i)
{
  if (i % 1000 == 3)
    return g_strdup_printf ("Čaša-%06u.png", i);
  if (i % 100 == 7)
    return g_strdup_printf ("Sunset-%06u.jpg", i);
  return g_strdup_printf ("IMG_%06u.JPG", i);
}

static CutoutJobState
row_state (guint i)
{
  switch (i % 10)
    {
    case 0: return CUTOUT_JOB_STATE_FAILED;
    case 1: return CUTOUT_JOB_STATE_CANCELLED;
    default: return CUTOUT_JOB_STATE_DONE;
    }
}

/* The test's own folding, written from the documented rule (NFKC,
 * case-folded, NFKC), not taken from the store. */
static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (normalized, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);
}

static int
row_newest_first (gconstpointer a,
                  gconstpointer b)
{
  const Row *ra = a, *rb = b;

  if (ra->created_us != rb->created_us)
    return ra->created_us < rb->created_us ? 1 : -1;
  return ra->id < rb->id ? 1 : (ra->id > rb->id ? -1 : 0);
}

/* The ids @filter must give, newest first, found by brute force. */
static GArray *
expected_ids (GArray                    *rows,
              const CutoutHistoryFilter *filter)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = filter->text != NULL ? fold (filter->text) : NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (filter->states != 0 && !(filter->states & CUTOUT_STORE_STATE_BIT (row->state)))
        continue;
      if (filter->from_us != 0 && row->created_us < filter->from_us)
        continue;
      if (filter->to_us != 0 && row->created_us >= filter->to_us)
        continue;
      if (text != NULL && strstr (row->folded, text) == NULL)
        continue;
      g_array_append_val (ids, row->id);
    }

  return ids;
}

static void
assert_page (GPtrArray *page,
             GArray    *expected,
             guint      start)
{
  g_assert_cmpuint (page->len, <=, expected->len - start);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpint (((CutoutJobRecord *) page->pdata[i])->id, ==, g_array_index (expected, gint64, start + i));
}

/* Every row of @filter through keyset pages of @page_size. */
static void
assert_all_pages (CutoutStore               *store,
                  const CutoutHistoryFilter *filter,
                  GArray                    *expected,
                  guint                      page_size)
{
  CutoutHistoryCursor cursor;
  gboolean first = TRUE;
  guint seen = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = cutout_store_query_history (store, filter, first ? NULL : &cursor,
                                                              page_size, &error);
      CutoutJobRecord *last;

      g_assert_no_error (error);
      assert_page (page, expected, seen);
      seen += page->len;
      if (page->len < page_size)
        break;
      last = page->pdata[page->len - 1];
      cursor.created_us = last->created_us;
      cursor.id = last->id;
      first = FALSE;
    }

  g_assert_cmpuint (seen, ==, expected->len);
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* The plan must find rows through an index: no line may be a plain
 * "SCAN jobs" (a full table scan). */
static char *
assert_plan (CutoutStore               *store,
             const CutoutHistoryFilter *filter,
             gboolean                   count,
             const char                *must_contain)
{
  g_autoptr(GError) error = NULL;
  char *plan = cutout_store_explain_history (store, filter, count, &error);
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  lines = g_strsplit (plan, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], "SCAN jobs"))
      g_error ("Full scan in plan:\n%s", plan);
  if (strstr (plan, must_contain) == NULL)
    g_error ("Plan without “%s”:\n%s", must_contain, plan);

  return plan;
}

static void
test_history_100k (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), N_ROWS);
  CutoutHistoryFilter filter = { 0, };
  gint64 t0;
  double t_insert, t_first, t_search, t_count, t_count_search, t_count_state, t_deep, t_offset, t_short;
  double t_done, t_broad, t_count_broad, t_count_broad_done;

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *name = row_name (i);
      CutoutJobRecord *r = cutout_job_record_new ();

      r->input_path = g_strdup_printf ("/shoot/day-%u/%s", i % 7, name);
      r->content_hash = g_strdup (HASH_A);
      r->input_size = 1000 + i;
      r->options = g_strdup ("format=png&w=2000");
      r->state = row_state (i);
      /* 7919 is prime to 50,000: every time is used by exactly two rows. */
      r->created_us = BASE_US + (gint64) ((i * 7919u) % (N_ROWS / 2)) * G_USEC_PER_SEC;
      g_ptr_array_add (records, r);
    }

  t0 = g_get_monotonic_time ();
  cutout_store_insert_jobs (f->store, records, FALSE, &error);
  t_insert = ms_since (t0);
  g_assert_no_error (error);

  for (guint i = 0; i < N_ROWS; i++)
    {
      CutoutJobRecord *r = records->pdata[i];
      g_autofree char *name = row_name (i);
      Row row = { r->id, r->created_us, r->state, fold (name) };

      g_array_append_val (rows, row);
    }
  g_array_sort (rows, row_newest_first);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* No filter: the first page, a deep keyset page, a page by offset. */
  {
    g_autoptr(GArray) all = expected_ids (rows, &filter);
    g_autoptr(GPtrArray) page = NULL;
    CutoutHistoryCursor cursor;

    t0 = g_get_monotonic_time ();
    page = cutout_store_query_history (f->store, NULL, NULL, 50, &error);
    t_first = ms_since (t0);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    assert_page (page, all, 0);
    g_clear_pointer (&page, g_ptr_array_unref);

    cursor.created_us = g_array_index (rows, Row, 90000).created_us;
    cursor.id = g_array_index (rows, Row, 90000).id;
    t0 = g_get_monotonic_time ();
    page = cutout_store_query_history (f->store, NULL, &cursor, 50, &error);
    t_deep = ms_since (t0);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    assert_page (page, all, 90001);
    g_clear_pointer (&page, g_ptr_array_unref);

    t0 = g_get_monotonic_time ();
    page = cutout_store_query_history_at (f->store, NULL, N_ROWS - 50, 100, &error);
    t_offset = ms_since (t0);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    assert_page (page, all, N_ROWS - 50);
    g_clear_pointer (&page, g_ptr_array_unref);

    t0 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, NULL, &error), ==, N_ROWS);
    t_count = ms_since (t0);
    g_assert_no_error (error);
  }

  /* States: every failed row through keyset pages; two states at once. */
  {
    g_autoptr(GArray) expected = NULL;

    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, N_ROWS / 10);
    assert_all_pages (f->store, &filter, expected, 1000);
    t0 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
    t_count_state = ms_since (t0);
    g_clear_pointer (&expected, g_array_unref);

    /* The most common state: its first page comes straight from the index. */
    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_DONE);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, N_ROWS * 8 / 10);
    {
      g_autoptr(GPtrArray) page = NULL;

      t0 = g_get_monotonic_time ();
      page = cutout_store_query_history (f->store, &filter, NULL, 50, &error);
      t_done = ms_since (t0);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, 50);
      assert_page (page, expected, 0);
    }
    g_clear_pointer (&expected, g_array_unref);

    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED) |
                    CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_CANCELLED);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, N_ROWS / 5);
    {
      g_autoptr(GPtrArray) page = cutout_store_query_history (f->store, &filter, NULL, 100, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, 100);
      assert_page (page, expected, 0);
    }
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
    filter.states = 0;
  }

  /* Text: by trigram index (3+ characters), by scan (fewer), any case,
   * any Unicode form, combined with a state. */
  {
    g_autoptr(GArray) expected = NULL;
    g_autoptr(GPtrArray) page = NULL;

    filter.text = "sUnSeT";
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 1000);
    t0 = g_get_monotonic_time ();
    page = cutout_store_query_history (f->store, &filter, NULL, 50, &error);
    t_search = ms_since (t0);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    assert_page (page, expected, 0);
    t0 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1000);
    t_count_search = ms_since (t0);
    assert_all_pages (f->store, &filter, expected, 128);
    g_clear_pointer (&expected, g_array_unref);

    /* A word in almost every name. */
    filter.text = "IMG";
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, N_ROWS - 1000 - 100);
    g_clear_pointer (&page, g_ptr_array_unref);
    t0 = g_get_monotonic_time ();
    page = cutout_store_query_history (f->store, &filter, NULL, 50, &error);
    t_broad = ms_since (t0);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    assert_page (page, expected, 0);
    g_clear_pointer (&page, g_ptr_array_unref);

    /* A common word is read along jobs_created, not through the trigram
     * index: the same rows, newest first, and the exact count. */
    t0 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
    t_count_broad = ms_since (t0);
    g_assert_no_error (error);
    page = cutout_store_query_history_at (f->store, &filter, expected->len - 30, 100, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 30);
    assert_page (page, expected, expected->len - 30);
    g_clear_pointer (&page, g_ptr_array_unref);
    g_clear_pointer (&expected, g_array_unref);

    /* With the commonest state, every page; with a date range too. */
    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_DONE);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, >, 70000);
    t0 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
    t_count_broad_done = ms_since (t0);
    assert_all_pages (f->store, &filter, expected, 5000);
    g_clear_pointer (&expected, g_array_unref);

    filter.from_us = BASE_US + (gint64) 10000 * G_USEC_PER_SEC;
    filter.to_us = BASE_US + (gint64) 12000 * G_USEC_PER_SEC;
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, >, 3000);
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
    assert_all_pages (f->store, &filter, expected, 1000);
    g_clear_pointer (&expected, g_array_unref);
    filter.from_us = filter.to_us = 0;
    filter.states = 0;

    /* Texts on either side of what counts as rare (2,000 names): 1,000
     * and 37 names, about 9,900 twice, all but 100, and two letters.
     * Whichever way they are found, the rows and the count are exact. */
    {
      static const char * const texts[] = { "unset-0", "0424", "g_00", "mg_01", ".jpg", "_0" };

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          filter.text = texts[i];
          expected = expected_ids (rows, &filter);
          g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, expected->len);
          g_assert_no_error (error);
          page = cutout_store_query_history (f->store, &filter, NULL, 100, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (page->len, ==, MIN (100, expected->len));
          assert_page (page, expected, 0);
          g_clear_pointer (&page, g_ptr_array_unref);
          g_clear_pointer (&expected, g_array_unref);
        }
    }

    /* "ČAŠA" with decomposed letters (C + combining caron …). */
    filter.text = "C\xcc\x8c" "AS\xcc\x8c" "A-0";
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 100);
    assert_all_pages (f->store, &filter, expected, 30);
    g_clear_pointer (&expected, g_array_unref);

    filter.text = "ČA";
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 100);
    t0 = g_get_monotonic_time ();
    assert_all_pages (f->store, &filter, expected, 64);
    t_short = ms_since (t0);
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 100);
    g_clear_pointer (&expected, g_array_unref);

    filter.text = "img_0001";
    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 10);
    assert_all_pages (f->store, &filter, expected, 7);
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 10);
    g_clear_pointer (&expected, g_array_unref);

    /* Quotes are text, not FTS5 syntax. */
    filter.text = "\"sunset\" OR img";
    filter.states = 0;
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 0);
    g_assert_no_error (error);
    filter.text = NULL;
  }

  /* A date range, alone and with a state. */
  {
    g_autoptr(GArray) expected = NULL;

    filter.from_us = BASE_US + 1000 * G_USEC_PER_SEC;
    filter.to_us = BASE_US + 2000 * G_USEC_PER_SEC;
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 2000);
    assert_all_pages (f->store, &filter, expected, 300);
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 2000);
    g_clear_pointer (&expected, g_array_unref);

    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_CANCELLED);
    expected = expected_ids (rows, &filter);
    g_assert_cmpuint (expected->len, ==, 200);
    assert_all_pages (f->store, &filter, expected, 300);
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 200);
    memset (&filter, 0, sizeof filter);
  }

  /* The plans: indexes, never a full scan of jobs. */
  {
    g_autofree char *first = assert_plan (f->store, NULL, FALSE, "SEARCH jobs USING INDEX jobs_created");
    g_autofree char *state = NULL;
    g_autofree char *search = NULL;
    g_autofree char *count = NULL;
    g_autofree char *common = NULL;
    g_autofree char *common_count = NULL;

    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED);
    state = assert_plan (f->store, &filter, FALSE, "SEARCH jobs USING INDEX jobs_state_created");
    /* One state: the index gives the order too, nothing to sort. */
    g_assert_null (strstr (state, "TEMP B-TREE"));
    count = assert_plan (f->store, &filter, TRUE, "jobs_state_created");
    filter.states = 0;
    filter.text = "sunset";
    search = assert_plan (f->store, &filter, FALSE, "jobs_name VIRTUAL TABLE INDEX");
    /* A common word: along jobs_created, newest first, nothing sorted;
     * with a state, counted from that index alone. */
    filter.text = "img";
    common = assert_plan (f->store, &filter, FALSE, "SEARCH jobs USING INDEX jobs_created");
    g_assert_null (strstr (common, "TEMP B-TREE"));
    filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_DONE);
    common_count = assert_plan (f->store, &filter, TRUE, "SEARCH jobs USING COVERING INDEX jobs_created");
    filter.states = 0;

    g_test_message ("plan, first page:\n%s", first);
    g_test_message ("plan, state filter:\n%s", state);
    g_test_message ("plan, state count:\n%s", count);
    g_test_message ("plan, name search:\n%s", search);
    g_test_message ("plan, common word:\n%s", common);
    g_test_message ("plan, common word and state, count:\n%s", common_count);
  }

  g_test_message ("100,000 rows: insert (one transaction) %.0f ms; first page of 50 %.2f ms; "
                  "keyset page at row 90,000 %.2f ms; offset page at 99,950 %.2f ms; "
                  "count all %.2f ms; count failed %.2f ms; "
                  "first page of state done (80 %%) %.2f ms; "
                  "search \"sunset\" first page %.2f ms, its count %.2f ms; "
                  "search \"IMG\" (99 %% match) first page %.2f ms, its count %.2f ms, "
                  "with state done %.2f ms; "
                  "2-letter scan search, all pages %.2f ms",
                  t_insert, t_first, t_deep, t_offset, t_count, t_count_state,
                  t_done, t_search, t_count_search, t_broad, t_count_broad, t_count_broad_done,
                  t_short);

  for (guint i = 0; i < rows->len; i++)
    g_free (g_array_index (rows, Row, i).folded);
}

static void
test_history_delete_clear (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CutoutHistoryFilter filter = { 0, };
  gint64 old_us = g_get_real_time () - 40 * G_TIME_SPAN_DAY;
  gint64 ids[6];
  guint n_deleted = 0;
  const gint64 unknown[] = { 424242 };

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("/h/%s-%u.png", i < 3 ? "old" : "new", i);
      g_autoptr(CutoutJobRecord) r = make_record (path, CUTOUT_JOB_STATE_DONE);

      r->created_us = i < 3 ? old_us + i : 0;
      cutout_store_insert_job (f->store, r, &error);
      g_assert_no_error (error);
      ids[i] = r->id;
    }
  /* An old job still in the live queue is not history yet. */
  cutout_store_queue_set (f->store, &ids[0], 1, &error);
  g_assert_no_error (error);

  g_assert_true (cutout_store_clear_history (f->store, 30, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 2);
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, &error), ==, 4);

  /* The name index forgot them. */
  filter.text = "old-";
  g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1);
  filter.text = "ol";
  g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1);

  /* Renaming through an update moves it in the index. */
  {
    g_autoptr(CutoutJobRecord) r = cutout_store_get_job (f->store, ids[3], &error);

    g_free (r->input_path);
    r->input_path = g_strdup ("/h/Renamed.png");
    cutout_store_update_job (f->store, r, &error);
    g_assert_no_error (error);
    filter.text = "renamed";
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1);
    filter.text = "new-3";
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 0);
  }

  cutout_store_delete_jobs (f->store, &ids[4], 1, &error);
  g_assert_no_error (error);
  cutout_store_delete_jobs (f->store, unknown, 1, &error);
  g_assert_no_error (error);
  filter.text = "new-";
  g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1);

  /* 0 days: everything that is not queued. */
  g_assert_true (cutout_store_clear_history (f->store, 0, &n_deleted, &error));
  g_assert_cmpuint (n_deleted, ==, 2);
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, &error), ==, 1);
  assert_queue (f->store, &ids[0], 1);
  g_assert_no_error (error);
}

/* Migrations: a database as version 3 left it, with 6,000 jobs: every
 * second one a "sunset", every fourth failed. Version 3 differs from 4
 * only in jobs_created, so this one is made by this code and given
 * version 3's index back. Version 4 only rebuilds jobs_created
 * with the state in it; the rows, the name index and the searches are
 * as they were, and a common word with a state filter is answered from
 * that index alone. */
static void
test_migrate_from_v3 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(CutoutJobRecord) job = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *columns = NULL;
  CutoutHistoryFilter filter = { 0, };
  sqlite3 *db = NULL;

  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);

  db = raw_open (f->path);
  raw_exec (db, "BEGIN");
  raw_exec (db, "DROP INDEX jobs_created;"
                "CREATE INDEX jobs_created ON jobs (created_us, id, name_folded);"
                "PRAGMA user_version = 3;");
  raw_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
                " INSERT INTO jobs (id, input_path, name_folded, options, state, created_us, source_root)"
                " SELECT i,"
                "  CASE WHEN i % 2 = 0 THEN '/p/Sunset-' ELSE '/p/IMG_' END || i || '.jpg',"
                "  CASE WHEN i % 2 = 0 THEN 'sunset-' ELSE 'img_' END || i || '.jpg',"
                "  'format=png', CASE WHEN i % 4 = 0 THEN 7 ELSE 6 END, i * 1000000,"
                "  CASE WHEN i = 7 THEN '/p' END"
                " FROM n");
  raw_exec (db, "INSERT INTO jobs_name (jobs_name) VALUES ('rebuild')");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);

  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 4);
  columns = raw_text (db, "SELECT group_concat (name, ',') FROM"
                          " (SELECT name FROM pragma_index_info ('jobs_created') ORDER BY seqno)");
  g_assert_cmpstr (columns, ==, "created_us,id,state,name_folded");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM jobs"), ==, 6000);
  {
    g_autofree char *check = raw_text (db, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }
  sqlite3_close (db);

  job = cutout_store_get_job (f->store, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->input_path, ==, "/p/IMG_7.jpg");
  g_assert_cmpstr (job->source_root, ==, "/p");

  /* 3,000 sunsets: common, so read along jobs_created. */
  filter.text = "SUNSET";
  g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 3000);
  g_assert_no_error (error);
  filter.states = CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED);
  /* Multiples of 4 up to 6,000. */
  g_assert_cmpint (cutout_store_count_history (f->store, &filter, &error), ==, 1500);
  page = cutout_store_query_history (f->store, &filter, NULL, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpint (((CutoutJobRecord *) page->pdata[0])->id, ==, 6000);
  g_assert_cmpint (((CutoutJobRecord *) page->pdata[1])->id, ==, 5996);
  g_assert_cmpint (((CutoutJobRecord *) page->pdata[2])->id, ==, 5992);
  plan = cutout_store_explain_history (f->store, &filter, TRUE, &error);
  g_assert_no_error (error);
  if (strstr (plan, "COVERING INDEX jobs_created") == NULL)
    g_error ("The count does not read the index alone:\n%s", plan);
}

/* Usage cache and settings */

static void
test_usage_cache (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"membership\":\"Pro\",\"credits\":1200,\"note\":\"Čć \\\"q\\\"\"}";
  char *loaded;
  gint64 fetched = 0;

  cutout_store_save_usage (f->store, "https://account.example", "membership", json, 1234567, &error);
  g_assert_no_error (error);
  loaded = cutout_store_load_usage (f->store, "https://account.example", "membership", &fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, json);
  g_assert_cmpint (fetched, ==, 1234567);
  g_free (loaded);

  /* Saving again replaces. */
  cutout_store_save_usage (f->store, "https://account.example", "membership", "{}", 99, &error);
  g_assert_no_error (error);
  loaded = cutout_store_load_usage (f->store, "https://account.example", "membership", &fetched, &error);
  g_assert_cmpstr (loaded, ==, "{}");
  g_assert_cmpint (fetched, ==, 99);
  g_free (loaded);

  /* Per account and per kind. */
  g_assert_null (cutout_store_load_usage (f->store, "https://other.example", "membership", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (cutout_store_load_usage (f->store, "https://account.example", "cycles", NULL, &error));
  g_assert_no_error (error);

  /* Survives reopening. */
  g_assert_finalize_object (f->store);
  f->store = cutout_store_new (f->path, &error);
  g_assert_no_error (error);
  loaded = cutout_store_load_usage (f->store, "https://account.example", "membership", NULL, &error);
  g_assert_cmpstr (loaded, ==, "{}");
  g_free (loaded);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *value;

  g_assert_null (cutout_store_get_setting (f->store, "current-batch", &error));
  g_assert_no_error (error);
  cutout_store_set_setting (f->store, "current-batch", "b-1", &error);
  g_assert_no_error (error);
  cutout_store_set_setting (f->store, "current-batch", "b-2", &error);
  g_assert_no_error (error);
  value = cutout_store_get_setting (f->store, "current-batch", &error);
  g_assert_cmpstr (value, ==, "b-2");
  g_free (value);
  cutout_store_set_setting (f->store, "current-batch", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cutout_store_get_setting (f->store, "current-batch", &error));
  g_assert_no_error (error);
}

void
store_add_history_tests (void)
{
  STORE_ADD ("history/100k", test_history_100k);
  STORE_ADD ("history/delete-and-clear", test_history_delete_clear);
  STORE_ADD_UNOPENED ("migrate/from-v3", test_migrate_from_v3);
  STORE_ADD ("usage-cache", test_usage_cache);
  STORE_ADD ("settings", test_settings);
}
