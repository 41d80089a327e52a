/* bench-history.c — times the history page's queries on a store of 100,000 jobs
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Built by tests/bench/run.sh against the release build's libcutout-core.a;
 * not part of `meson test`. Prints one JSON object on stdout.
 *
 * "Ours" is the store's API as the history page calls it (open, count,
 * first page of 100 newest first; the same with a name search). The
 * baseline is the naive query on the same file through plain SQLite: an
 * ORDER BY over the whole table and a LIKE '%text%' scan of the paths. */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "cutout-store.h"

#define PAGE 100

static const char *const words[] = {
  "beach", "portrait", "product", "holiday", "garden", "studio", "wedding",
  "street", "mountain", "kitchen", "office", "catalogue", "sunset", "forest",
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median and the 95th percentile of @n samples in ms (sorts them). */
static void
summarise (double *samples,
           int     n,
           double *p50_out,
           double *p95_out)
{
  qsort (samples, n, sizeof *samples, compare_double);
  *p50_out = samples[n / 2];
  *p95_out = samples[MIN (n - 1, (int) (n * 0.95))];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
fill (const char *path,
      int         n_jobs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutStore) store = cutout_store_new (path, &error);
  gint64 base = g_get_real_time () - (gint64) n_jobs * G_USEC_PER_SEC;

  g_assert_no_error (error);
  /* Batches of 5,000: one transaction each, as a big drop would be. */
  for (int start = 0; start < n_jobs; start += 5000)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);

      for (int i = start; i < MIN (n_jobs, start + 5000); i++)
        {
          CutoutJobRecord *r = cutout_job_record_new ();

          r->input_path = g_strdup_printf ("/home/user/Pictures/batch-%03d/%s-%s-%06d.jpg",
                                           i / 1000, words[i % G_N_ELEMENTS (words)],
                                           words[(i / 7) % G_N_ELEMENTS (words)], i);
          r->source_root = g_strdup ("/home/user/Pictures");
          r->content_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) r->input_path,
                                                         strlen (r->input_path));
          r->input_size = 5000000 + i;
          r->width = 4000;
          r->height = 3000;
          r->options = g_strdup ("format=webp");
          r->state = (i % 10 == 0) ? CUTOUT_JOB_STATE_FAILED : CUTOUT_JOB_STATE_DONE;
          r->output_path = g_strdup_printf ("/home/user/Cutouts/%06d-cutout.webp", i);
          r->output_size = 300000;
          r->attempts = 1;
          r->created_us = base + (gint64) i * G_USEC_PER_SEC;
          r->started_us = r->created_us + 1000;
          r->finished_us = r->created_us + 900000;
          r->batch_id = g_strdup_printf ("batch-%03d", i / 1000);
          g_ptr_array_add (records, r);
        }
      cutout_store_insert_jobs (store, records, FALSE, &error);
      g_assert_no_error (error);
    }
}

/* Ours: what the history page does to show a first page. */
static double
time_ours (const char *path,
           const char *text,
           gboolean    reopen,
           CutoutStore **store_inout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  CutoutHistoryFilter filter = { 0 };
  double start = now_ms ();
  gint64 count;

  if (reopen)
    {
      g_clear_object (store_inout);
      *store_inout = cutout_store_new (path, &error);
      g_assert_no_error (error);
    }
  filter.text = text;
  count = cutout_store_count_history (*store_inout, &filter, &error);
  g_assert_no_error (error);
  page = cutout_store_query_history (*store_inout, &filter, NULL, PAGE, &error);
  g_assert_no_error (error);
  g_assert_true (count >= (gint64) page->len);
  return now_ms () - start;
}

/* The baseline: the obvious SQL on the same file. */
static double
time_naive (sqlite3    *db,
            const char *text)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", text != NULL ? text : "");
  double start = now_ms ();
  int rows = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM jobs WHERE input_path LIKE ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT * FROM jobs WHERE input_path LIKE ?1 "
                                       "ORDER BY created_us DESC, id DESC LIMIT 100", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  g_assert_cmpint (rows, <=, PAGE);
  return now_ms () - start;
}

int
main (int    argc,
      char **argv)
{
  int n_jobs = argc > 1 ? atoi (argv[1]) : 100000;
  int rounds = argc > 2 ? atoi (argv[2]) : 30;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cutout.db", NULL);
  g_autoptr(CutoutStore) store = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *name; const char *text; gboolean reopen; } cases[] = {
    { "page_open", NULL, TRUE },        /* open the store, count, first page */
    { "first_page", NULL, FALSE },      /* count + first page, store open */
    { "search_trigram", "sunset", FALSE },
    { "search_short", "ki", FALSE },
    { "search_rare", "012345", FALSE },
  };
  g_autofree double *ours = g_new (double, rounds);
  g_autofree double *naive = g_new (double, rounds);
  double fill_start;
  sqlite3 *db = NULL;

  fill_start = now_ms ();
  fill (path, n_jobs);
  printf ("{\"jobs\": %d, \"rounds\": %d, \"fill_ms\": %.1f, \"cases\": [", n_jobs, rounds, now_ms () - fill_start);

  store = cutout_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double o50, o95, n50, n95;

      for (int r = 0; r < rounds; r++)
        {
          ours[r] = time_ours (path, cases[c].text, cases[c].reopen, &store);
          naive[r] = time_naive (db, cases[c].text);
        }
      summarise (ours, rounds, &o50, &o95);
      summarise (naive, rounds, &n50, &n95);
      printf ("%s{\"name\": \"%s\", \"text\": \"%s\", \"ours_p50_ms\": %.3f, \"ours_p95_ms\": %.3f, "
              "\"naive_p50_ms\": %.3f, \"naive_p95_ms\": %.3f}",
              c ? ", " : "", cases[c].name, cases[c].text ? cases[c].text : "",
              o50, o95, n50, n95);
    }
  printf ("]}\n");

  sqlite3_close (db);
  g_clear_object (&store);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return 0;
}
