/* test-history-large.c — the History page over 100,000 jobs
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "cutout-context.h"
#include "cutout-history-model-private.h"
#include "cutout-history-page-private.h"
#include "cutout-queue.h"
#include "test-history-page.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

static gboolean
first_row_shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *list = history_child (f, "list_view");

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *name = history_find_named (c, "name");

      if (name != NULL && gtk_label_get_label (GTK_LABEL (name))[0] != '\0' &&
          gtk_widget_get_mapped (name))
        return TRUE;
    }

  return FALSE;
}

static guint
count_row_widgets (Fixture *f)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (history_child (f, "list_view")); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;

  return n;
}

/* Runs the main loop until the page's model offers every row. */
static void
wait_complete (Fixture *f)
{
  CutoutHistoryModel *model = CUTOUT_HISTORY_PAGE (f->page)->model;
  gint64 t0 = g_get_monotonic_time ();

  while (!cutout_history_model_is_complete (model) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cutout_history_model_is_complete (model));
}

static void
test_large_history (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autoptr(GError) error = NULL;
  gint64 t0, t_constructed, t_shown, t_search, t_found, t_deep;
  GtkWidget *window;
  GtkSelectionModel *model;
  g_autoptr(GObject) deep = NULL;
  g_autofree char *names = NULL;

  for (guint i = 0; i < 100000; i++)
    {
      CutoutJobRecord *record = cutout_job_record_new ();

      record->input_path = g_strdup_printf ("/photos/shoot/photo-%06u.jpg", i);
      record->options = g_strdup ("format=png&w=2000&bg_color=white");
      record->state = i % 10 == 3 ? CUTOUT_JOB_STATE_FAILED : CUTOUT_JOB_STATE_DONE;
      if (record->state == CUTOUT_JOB_STATE_FAILED)
        record->error_message = g_strdup ("You're making requests too quickly, Please Upgrade or slow down.");
      else
        {
          record->output_path = g_strdup_printf ("/photos/out/photo-%06u-cutout.png", i);
          record->output_size = 100000 + i;
        }
      record->attempts = 1;
      record->created_us = history_at_hour (0) + (gint64) i * G_USEC_PER_SEC;
      g_ptr_array_add (records, record);
    }
  t0 = g_get_monotonic_time ();
  g_assert_true (cutout_store_insert_jobs (f->store, records, FALSE, &error));
  g_assert_no_error (error);
  g_test_message ("Inserting 100,000 jobs in one transaction: %.1f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);

  /* A window shown once first, so that the renderer's start-up is not
   * counted as the page's. */
  {
    GtkWidget *warm = gtk_window_new ();

    gtk_window_present (GTK_WINDOW (warm));
    cutout_test_ui_iterate (100);
    gtk_window_destroy (GTK_WINDOW (warm));
  }

  t0 = g_get_monotonic_time ();
  window = gtk_window_new ();
  cutout_test_ui_env_watch (&f->env, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  f->page = cutout_history_page_new (f->env.context);
  cutout_test_ui_env_watch (&f->env, f->page);
  t_constructed = g_get_monotonic_time ();
  gtk_window_set_child (GTK_WINDOW (window), f->page);
  gtk_window_present (GTK_WINDOW (window));
  while (!first_row_shown (f) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  t_shown = g_get_monotonic_time ();
  g_assert_true (first_row_shown (f));
  {
    guint n_widgets = count_row_widgets (f);
    gint64 t_counted;

    /* The first rows come alone (GTK 4.8's list view would otherwise
     * build 200 row widgets first); the rest, and the count, in the
     * frames after. */
    g_assert_cmpuint (n_widgets, <=, 40);
    wait_complete (f);
    t_counted = g_get_monotonic_time ();
    g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "100000 jobs");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (history_child (f, "list_view")))),
                      ==, 100000);
    g_test_message ("History page with 100,000 jobs: built in %.1f ms, first rows shown after %.1f ms "
                    "(%u row widgets made by the list view by then; %u once all rows were offered, "
                    "%.1f ms after the start)",
                    (t_constructed - t0) / 1000.0, (t_shown - t0) / 1000.0, n_widgets,
                    count_row_widgets (f), (t_counted - t0) / 1000.0);
  }

  /* The search itself, without the entry's typing delay. */
  gtk_editable_set_text (GTK_EDITABLE (history_child (f, "search_entry")), "photo-04242");
  t_search = g_get_monotonic_time ();
  g_signal_emit_by_name (history_child (f, "search_entry"), "search-changed");
  t_found = g_get_monotonic_time ();
  cutout_test_ui_iterate (300);
  names = history_shown_names (f);
  g_assert_true (g_str_has_prefix (names, "photo-042429.jpg photo-042428.jpg"));
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "10 jobs");
  g_test_message ("Search \"photo-04242\" in 100,000 jobs: %.1f ms for the page to apply it (the list view dropping its rows included)",
                  (t_found - t_search) / 1000.0);

  /* Where that time goes: the store's count and first page. */
  {
    CutoutHistoryFilter filter = { 0, };
    g_autoptr(GPtrArray) page = NULL;
    gint64 t1, t2, t3;

    filter.text = "photo-04242";
    t1 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, NULL), ==, 10);
    t2 = g_get_monotonic_time ();
    page = cutout_store_query_history_at (f->store, &filter, 0, CUTOUT_HISTORY_PAGE_SIZE, NULL);
    t3 = g_get_monotonic_time ();
    g_assert_cmpuint (page->len, ==, 10);
    g_test_message ("  of which the store's count: %.1f ms, its first page: %.1f ms",
                    (t2 - t1) / 1000.0, (t3 - t2) / 1000.0);
    filter.text = "042429";
    t1 = g_get_monotonic_time ();
    g_assert_cmpint (cutout_store_count_history (f->store, &filter, NULL), ==, 1);
    g_test_message ("  the store's count for \"042429\" (rarer trigrams): %.1f ms",
                    (g_get_monotonic_time () - t1) / 1000.0);
  }

  /* A common word (10,000 names): read along the index of dates, the
   * newest first, its count exact once every row is offered. */
  {
    g_autofree char *common = NULL;
    g_autoptr(GObject) item = NULL;

    gtk_editable_set_text (GTK_EDITABLE (history_child (f, "search_entry")), "PHOTO-09");
    t0 = g_get_monotonic_time ();
    g_signal_emit_by_name (history_child (f, "search_entry"), "search-changed");
    g_test_message ("Search \"photo-09\" (10,000 names): %.1f ms for the page to apply it",
                    (g_get_monotonic_time () - t0) / 1000.0);
    wait_complete (f);
    g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "10000 jobs");
    common = history_shown_names (f);
    g_assert_true (g_str_has_prefix (common, "photo-099999.jpg photo-099998.jpg photo-099997.jpg"));
    /* Past the rows offered first. */
    item = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (history_child (f, "list_view"))), 9999);
    g_assert_cmpstr (cutout_history_item_get_record (CUTOUT_HISTORY_ITEM (item))->input_path, ==,
                     "/photos/shoot/photo-090000.jpg");
  }

  gtk_editable_set_text (GTK_EDITABLE (history_child (f, "search_entry")), "");
  t0 = g_get_monotonic_time ();
  g_signal_emit_by_name (history_child (f, "search_entry"), "search-changed");
  g_test_message ("Clearing the search: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  wait_complete (f);
  model = gtk_list_view_get_model (history_child (f, "list_view"));
  t0 = g_get_monotonic_time ();
  deep = g_list_model_get_item (G_LIST_MODEL (model), 99000);
  t_deep = g_get_monotonic_time ();
  g_assert_nonnull (deep);
  g_assert_cmpstr (cutout_history_item_get_record (CUTOUT_HISTORY_ITEM (deep))->input_path, ==,
                   "/photos/shoot/photo-000999.jpg");
  g_test_message ("Jump to row 99,000: %.1f ms", (t_deep - t0) / 1000.0);

  /* Scrolled far down, the queue's changes do not read the list again
   * under the reader (GTK 4.8 would walk the 50,000 rows above); back
   * at the top, it is read again. */
  {
    CutoutHistoryPage *page = CUTOUT_HISTORY_PAGE (f->page);
    GtkWidget *list = history_child (f, "list_view");
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/new-photo.jpg");
    GList *files = g_list_prepend (NULL, file);

    g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", 50000));
    cutout_test_ui_iterate (300);
    before = history_shown_names (f);
    g_assert_nonnull (strstr (before, "photo-049999.jpg"));

    cutout_queue_add_files (f->env.queue, files, NULL);
    g_list_free (files);
    cutout_test_ui_iterate (1200);
    g_assert_true (page->dirty);
    g_assert_cmpuint (page->refresh_id, ==, 0);
    after = history_shown_names (f);
    g_assert_cmpstr (after, ==, before);

    g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0));
    cutout_test_ui_iterate (1200);
    g_assert_false (page->dirty);
    g_clear_pointer (&after, g_free);
    after = history_shown_names (f);
    g_assert_nonnull (strstr (after, "photo-099999.jpg"));
    cutout_queue_cancel_all (f->env.queue);
    cutout_queue_clear_finished (f->env.queue);
  }
}

void
history_add_large_tests (void)
{
  g_test_add ("/history-page/large-history", Fixture, NULL,
              history_fixture_setup, test_large_history, history_fixture_teardown);
}
