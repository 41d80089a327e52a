/* test-history-rows.c — what the History page shows of a job: options in short, CSV lines, rows kept across searches
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cutout-context.h"
#include "cutout-history-model-private.h"
#include "cutout-history-page-private.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"
#include "test-history-page.h"

static void
test_csv_quoting (void)
{
  g_autoptr(CutoutJobRecord) record = cutout_job_record_new ();
  g_autofree char *line = NULL;

  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 1, 13, 0, 0);

    record->created_us = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  }
  record->input_path = g_strdup ("/photos/say \"cheese\", please.png");
  record->state = CUTOUT_JOB_STATE_FAILED;
  record->error_message = g_strdup ("two\r\nlines");
  record->attempts = 3;
  line = cutout_history_csv_line (record);
  g_assert_cmpstr (line, ==,
                   "2026-03-01T13:00:00Z,\"/photos/say \"\"cheese\"\", please.png\",failed,\"two\r\nlines\",,0,,3,0\r\n");
}

static void
test_describe_options (void)
{
  static const struct
  {
    const char *text;
    const char *described;
  } cases[] = {
    { "format=png&w=2000&bg_color=white", "PNG · 2000 px wide · white" },
    { "format=webp&h=300", "WebP · 300 px tall" },
    { "format=png&w=800&h=600&exact_resize=true", "PNG · 800 × 600 px exactly" },
    { "format=png&w=800&h=600", "PNG · within 800 × 600 px" },
    { "format=png&bg_color=%23ff000080&angle=90&expand=false", "PNG · #ff000080 · rotated 90° · cropped" },
    { "format=gif", "format=gif" },
    { "format=png&bg_color=%2312345", "format=png&bg_color=#12345" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *described = cutout_history_describe_options (cases[i].text);

      g_assert_cmpstr (described, ==, cases[i].described);
    }
}

/* Rows kept across searches */

#define N_SHOTS 250


static const char *
outcome_text (CutoutJobState state)
{
  switch (state)
    {
    case CUTOUT_JOB_STATE_DONE:
      return "Done";
    case CUTOUT_JOB_STATE_FAILED:
      return "Failed";
    case CUTOUT_JOB_STATE_CANCELLED:
      return "Cancelled";
    default:
      g_assert_not_reached ();
    }
}

/* shot-000.jpg … shot-249.jpg, a second apart (the last the newest),
 * done, failed and cancelled in turn; the failed ones say why. */
static void
insert_shots (Fixture *f)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 3, 1, 8, 0, 0);

  for (guint i = 0; i < N_SHOTS; i++)
    {
      CutoutJobRecord *record = cutout_job_record_new ();
      static const CutoutJobState states[] = {
        CUTOUT_JOB_STATE_DONE, CUTOUT_JOB_STATE_FAILED, CUTOUT_JOB_STATE_CANCELLED,
      };

      record->input_path = g_strdup_printf ("/photos/shot-%03u.jpg", i);
      record->options = g_strdup ("format=webp");
      record->state = states[i % 3];
      if (record->state == CUTOUT_JOB_STATE_FAILED)
        record->error_message = g_strdup_printf ("Failure number %u", i);
      if (record->state == CUTOUT_JOB_STATE_DONE)
        {
          record->output_path = g_strdup_printf ("/photos/out/shot-%03u.png", i);
          record->output_size = 1000 + i;
        }
      record->attempts = 1;
      record->created_us = g_date_time_to_unix (start) * G_USEC_PER_SEC + (gint64) i * G_USEC_PER_SEC;
      g_ptr_array_add (records, record);
    }
  g_assert_true (cutout_store_insert_jobs (f->store, records, FALSE, &error));
  g_assert_no_error (error);
}

/* The store's rows for @text, newest first. */
static GPtrArray *
expected_rows (Fixture *f,
               const char  *text)
{
  CutoutHistoryFilter filter = { 0, };
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  filter.text = text;
  rows = cutout_store_query_history (f->store, &filter, NULL, 10000, &error);
  g_assert_no_error (error);

  return rows;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

static void
record_notified_cb (CutoutHistoryItem *item,
                    GParamSpec        *pspec,
                    GHashTable        *notified)
{
  g_hash_table_add (notified, item);
}

/* A new filter gives the items of the rows shown before the new rows'
 * records, in one items-changed; the first rows are told at once, the
 * others as the model reveals. */
static void
test_model_reuses_items (Fixture   *f,
                         gconstpointer  data)
{
  g_autoptr(CutoutHistoryModel) model = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) notified = g_hash_table_new (NULL, NULL);
  CutoutHistoryFilter filter = { 0, };
  guint n;

  insert_shots (f);
  model = cutout_history_model_new (f->store);
  while (cutout_history_model_reveal_more (model))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_SHOTS);
  for (guint i = 0; i < 200; i++)
    {
      CutoutHistoryItem *item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_signal_connect (item, "notify::record", G_CALLBACK (record_notified_cb), notified);
      g_ptr_array_add (before, item);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), changes);

  /* shot-100 … shot-199: 100 rows. */
  filter.text = "shot-1";
  cutout_history_model_set_filter (model, &filter);
  expected = expected_rows (f, "shot-1");
  g_assert_cmpuint (expected->len, ==, 100);

  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, N_SHOTS);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 100);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 100);
  g_assert_cmpint (cutout_history_model_get_total (model), ==, 100);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const CutoutJobRecord *record = cutout_history_item_get_record (item);
      const CutoutJobRecord *want = g_ptr_array_index (expected, i);

      /* The same item, with the new row's record from the start. */
      g_assert_true (item == g_ptr_array_index (before, i));
      g_assert_cmpint (record->id, ==, want->id);
      g_assert_cmpstr (record->input_path, ==, want->input_path);
      g_assert_cmpint (record->state, ==, want->state);
      /* The first rows are told now, the others later. */
      g_assert_cmpint (g_hash_table_contains (notified, item), ==, i < 30);
    }
  g_assert_false (cutout_history_model_is_complete (model));

  while (cutout_history_model_reveal_more (model))
    ;
  for (guint i = 0; i < n; i++)
    g_assert_true (g_hash_table_contains (notified, g_ptr_array_index (before, i)));
  /* Only the new rows' items were told. */
  g_assert_cmpuint (g_hash_table_size (notified), ==, 100);
  g_assert_cmpuint (changes->len, ==, 3);
}

/* Told which rows are in sight, a refresh tells those items at once and
 * the others later, and offers rows at least down to the last in sight. */
static void
test_model_tells_rows_in_sight (Fixture   *f,
                                gconstpointer  data)
{
  g_autoptr(CutoutHistoryModel) model = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) notified = g_hash_table_new (NULL, NULL);
  CutoutHistoryFilter filter = { 0, };

  insert_shots (f);
  model = cutout_history_model_new (f->store);
  while (cutout_history_model_reveal_more (model))
    ;
  for (guint i = 0; i < 200; i++)
    {
      CutoutHistoryItem *item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_signal_connect (item, "notify::record", G_CALLBACK (record_notified_cb), notified);
      g_ptr_array_add (before, item);
    }

  /* Rows 40 to 49 in sight: only they are told during the refresh. */
  cutout_history_model_set_rows_in_sight (model, 40, 10);
  filter.text = "shot-1";
  cutout_history_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (g_hash_table_contains (notified, g_ptr_array_index (before, i)), ==,
                     i >= 40 && i < 50);
  while (cutout_history_model_reveal_more (model))
    ;
  g_assert_cmpuint (g_hash_table_size (notified), ==, 100);

  /* A list scrolled down past the first 200 rows keeps its rows: the
   * refresh offers them, and tells those in sight. */
  g_hash_table_remove_all (notified);
  cutout_history_model_set_filter (model, NULL);
  while (cutout_history_model_reveal_more (model))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_SHOTS);
  cutout_history_model_set_rows_in_sight (model, 230, 12);
  g_hash_table_remove_all (notified);
  cutout_history_model_refresh (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 242);
  {
    g_autoptr(CutoutHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (model), 235);
    g_autofree char *want = g_strdup_printf ("/photos/shot-%03u.jpg", N_SHOTS - 1 - 235);

    g_assert_cmpstr (cutout_history_item_get_record (item)->input_path, ==, want);
  }
  /* Rows 0 to 199 were not in sight: none of them is told yet. */
  g_assert_cmpuint (g_hash_table_size (notified), ==, 0);

  /* Told nothing (n = 0): the first 30, as at the start. */
  cutout_history_model_set_rows_in_sight (model, 0, 0);
  filter.text = "shot-2";
  cutout_history_model_set_filter (model, &filter);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (g_hash_table_contains (notified, g_ptr_array_index (before, i)), ==, i < 30);
}

/* The list's row widgets, in the order of the rows. */
static GPtrArray *
row_widgets (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (history_child (f, "list_view")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (history_find_named (c, "name") != NULL)
      g_ptr_array_add (rows, c);

  return rows;
}

static GtkWidget *
first_row (Fixture *f)
{
  g_autoptr(GPtrArray) rows = row_widgets (f);

  g_assert_cmpuint (rows->len, >, 0);
  return rows->pdata[0];
}

static const char *
label_text (GtkWidget  *row,
            const char *name)
{
  GtkWidget *label = history_find_named (row, name);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* Every row widget from the first shows its row exactly: name, outcome,
 * error and size. Returns how many rows were checked. */
static guint
assert_rows_show (Fixture *f,
                  GPtrArray   *expected,
                  guint        n_at_least)
{
  g_autoptr(GPtrArray) rows = row_widgets (f);

  g_assert_cmpuint (rows->len, >=, MIN (n_at_least, expected->len));
  g_assert_cmpuint (rows->len, <=, expected->len);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const CutoutJobRecord *want = g_ptr_array_index (expected, i);
      g_autofree char *name = g_path_get_basename (want->input_path);
      g_autofree char *size = want->output_size > 0 ? g_format_size (want->output_size) : g_strdup ("");

      g_assert_cmpstr (label_text (row, "name"), ==, name);
      g_assert_cmpstr (label_text (row, "outcome"), ==, outcome_text (want->state));
      g_assert_cmpint (gtk_widget_get_visible (history_find_named (row, "error")), ==,
                       want->state == CUTOUT_JOB_STATE_FAILED);
      if (want->state == CUTOUT_JOB_STATE_FAILED)
        g_assert_cmpstr (label_text (row, "error"), ==, want->error_message);
      g_assert_cmpstr (label_text (row, "size"), ==, size);
    }

  return rows->len;
}

/* The name of the row at the top of what the list shows. */
static const char *
top_name (Fixture *f)
{
  GtkWidget *list = history_child (f, "list_view");
  GtkWidget *picked = gtk_widget_pick (list, gtk_widget_get_width (list) / 2.0, 4, GTK_PICK_DEFAULT);

  while (picked != NULL && gtk_widget_get_parent (picked) != list)
    picked = gtk_widget_get_parent (picked);
  g_assert_nonnull (picked);

  return label_text (picked, "name");
}

static void
open_rows_page (Fixture *f)
{
  history_open_page (f, 800, 600);
}

static void
wait_rows_complete (Fixture *f)
{
  CutoutHistoryModel *model = CUTOUT_HISTORY_PAGE (f->page)->model;
  gint64 t0 = g_get_monotonic_time ();

  while (!cutout_history_model_is_complete (model) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cutout_history_model_is_complete (model));
  cutout_test_ui_iterate (50);
}

/* Runs the search at once (not after the entry's typing delay) and
 * paints one frame. */
static void
search_now (Fixture *f,
            const char  *text)
{
  GtkWidget *entry = history_child (f, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  cutout_test_ui_iterate (20);
}

/* After a search the list keeps its row widgets, and each shows the new
 * row exactly, not what it showed before: the first rows at once, those
 * out of sight once the page is done; after a search that leaves one
 * row and after clearing it, too. */
static void
test_rows_follow_search (Fixture   *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shot1 = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) old_widgets = g_hash_table_new (NULL, NULL);
  guint kept = 0;

  insert_shots (f);
  all = expected_rows (f, NULL);
  shot1 = expected_rows (f, "shot-1");
  one = expected_rows (f, "shot-123");
  g_assert_cmpuint (one->len, ==, 1);

  open_rows_page (f);
  wait_rows_complete (f);
  g_assert_cmpuint (assert_rows_show (f, all, 200), >=, 200);
  g_assert_cmpstr (label_text (first_row (f), "name"), ==, "shot-249.jpg");

  before = row_widgets (f);
  for (guint i = 0; i < before->len; i++)
    g_hash_table_add (old_widgets, history_find_named (before->pdata[i], "name"));

  /* Scrolled down a little, as a user looking for a job would be. */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (history_child (f, "list_view")));

    gtk_adjustment_set_value (adjustment, 1000);
    cutout_test_ui_iterate (50);
    g_assert_cmpstr (top_name (f), !=, "shot-249.jpg");
  }

  search_now (f, "shot-1");
  /* A new search shows its newest match at the top. */
  g_assert_cmpstr (top_name (f), ==, "shot-199.jpg");
  /* The rows in sight are right at once (in the frame the search
   * paints), with the same widgets the list had. */
  after = row_widgets (f);
  g_assert_cmpuint (after->len, ==, 100);
  for (guint i = 0; i < 30; i++)
    {
      const CutoutJobRecord *want = g_ptr_array_index (shot1, i);
      g_autofree char *name = g_path_get_basename (want->input_path);

      g_assert_cmpstr (label_text (after->pdata[i], "name"), ==, name);
      g_assert_cmpstr (label_text (after->pdata[i], "outcome"), ==, outcome_text (want->state));
      if (g_hash_table_contains (old_widgets, history_find_named (after->pdata[i], "name")))
        kept++;
    }
  g_assert_cmpuint (kept, ==, 30);
  wait_rows_complete (f);
  g_assert_cmpuint (assert_rows_show (f, shot1, 100), ==, 100);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "100 jobs");

  /* One row left: it shows shot-123, nothing of before. */
  search_now (f, "shot-123");
  wait_rows_complete (f);
  g_assert_cmpuint (assert_rows_show (f, one, 1), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "1 job");

  /* And back: the rows made again from the kept widgets are right. */
  search_now (f, "");
  wait_rows_complete (f);
  g_assert_cmpuint (assert_rows_show (f, all, 200), >=, 200);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "250 jobs");

  /* A selection made after a search acts on the new rows. */
  search_now (f, "shot-24");
  wait_rows_complete (f);
  {
    GtkSelectionModel *selection = gtk_list_view_get_model (history_child (f, "list_view"));
    g_autoptr(CutoutHistoryItem) item = NULL;

    gtk_selection_model_select_item (selection, 1, TRUE);
    item = g_list_model_get_item (G_LIST_MODEL (selection), 1);
    g_assert_cmpstr (cutout_history_item_get_record (item)->input_path, ==, "/photos/shot-248.jpg");
    g_assert_cmpstr (gtk_label_get_label (history_child (f, "selection_label")), ==, "1 selected");
  }
}

/* The row widgets that the list shows, even partly, as laid out. */
static GPtrArray *
rows_in_sight (Fixture *f)
{
  GtkWidget *list = history_child (f, "list_view");
  g_autoptr(GPtrArray) rows = row_widgets (f);
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      /* The list hides the widgets of rows out of sight. */
      if (!gtk_widget_get_child_visible (rows->pdata[i]))
        continue;
      g_assert_true (gtk_widget_compute_bounds (rows->pdata[i], list, &bounds));
      if (bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (list))
        g_ptr_array_add (shown, rows->pdata[i]);
    }

  return shown;
}

/* Where the row named @name is in @rows. */
static guint
row_position (GPtrArray  *rows,
              const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (rows, i);
      g_autofree char *basename = g_path_get_basename (record->input_path);

      if (g_strcmp0 (basename, name) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* A refresh while the list is scrolled down (the store changed under
 * it) keeps the list's place, and the rows in sight show the new rows
 * exactly before the next frame; those out of sight follow in the
 * frames after. */
static void
test_refresh_rows_in_sight (Fixture   *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) old_rows = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) above = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adjustment;
  guint first_shown = G_MAXUINT;
  guint n_above = 0;
  double value;

  insert_shots (f);
  old_rows = expected_rows (f, NULL);
  open_rows_page (f);
  wait_rows_complete (f);

  /* Past the first 30 rows (what a refresh used to tell at once). */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (history_child (f, "list_view")));
  gtk_adjustment_set_value (adjustment, 3000);
  cutout_test_ui_iterate (50);
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 2500);

  /* The rows in sight, and their positions. */
  shown = rows_in_sight (f);
  g_assert_cmpuint (shown->len, >=, 5);
  g_assert_cmpuint (shown->len, <, 30);
  for (guint i = 0; i < shown->len; i++)
    {
      guint position = row_position (old_rows, label_text (shown->pdata[i], "name"));

      g_assert_cmpuint (position, >, 30);
      g_array_append_val (positions, position);
      first_shown = MIN (first_shown, position);
    }
  /* And rows well above them, of the widgets the list keeps. */
  rows = row_widgets (f);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *name = label_text (rows->pdata[i], "name");

      if (!gtk_widget_get_child_visible (rows->pdata[i]) &&
          row_position (old_rows, name) + 2 < first_shown)
        {
          g_ptr_array_add (above, g_strdup (name));
          n_above++;
        }
      else
        {
          g_ptr_array_add (above, NULL);
        }
    }
  g_assert_cmpuint (n_above, >, 0);

  /* A newer job: every row moves one place down. */
  {
    g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
    CutoutJobRecord *record = cutout_job_record_new ();

    record->input_path = g_strdup ("/photos/newest.jpg");
    record->options = g_strdup ("format=webp");
    record->state = CUTOUT_JOB_STATE_CANCELLED;
    record->attempts = 1;
    record->created_us = g_get_real_time ();
    g_ptr_array_add (records, record);
    g_assert_true (cutout_store_insert_jobs (f->store, records, FALSE, &error));
    g_assert_no_error (error);
  }
  all = expected_rows (f, NULL);

  cutout_history_page_refresh (CUTOUT_HISTORY_PAGE (f->page));
  /* Before any frame: the rows in sight show the rows now at their
   * places… */
  for (guint i = 0; i < shown->len; i++)
    {
      const CutoutJobRecord *want = g_ptr_array_index (all, g_array_index (positions, guint, i));
      g_autofree char *name = g_path_get_basename (want->input_path);

      g_assert_cmpstr (label_text (shown->pdata[i], "name"), ==, name);
    }
  /* …while those out of sight still show the rows they had. */
  for (guint i = 0; i < rows->len; i++)
    if (above->pdata[i] != NULL)
      g_assert_cmpstr (label_text (rows->pdata[i], "name"), ==, above->pdata[i]);

  /* The place is kept, and each row right once the page is done. */
  wait_rows_complete (f);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - value), <, 100);
  {
    g_autoptr(GPtrArray) now = rows_in_sight (f);
    guint first_now = G_MAXUINT;

    for (guint i = 0; i < now->len; i++)
      first_now = MIN (first_now, row_position (all, label_text (now->pdata[i], "name")));
    g_assert_cmpuint (first_now + 2, >=, first_shown);
    g_assert_cmpuint (first_now, <=, first_shown + 2);
  }
  for (guint i = 0; i < shown->len; i++)
    {
      const CutoutJobRecord *want = g_ptr_array_index (all, g_array_index (positions, guint, i));
      g_autofree char *name = g_path_get_basename (want->input_path);

      g_assert_cmpstr (label_text (shown->pdata[i], "name"), ==, name);
    }
}

/* Ctrl+A right after a search selects every row of the filter, not
 * only those the model offered so far. */
static void
test_select_all_after_search (Fixture   *f,
                              gconstpointer  data)
{
  GtkWidget *entry;
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;

  insert_shots (f);
  open_rows_page (f);
  wait_rows_complete (f);

  entry = history_child (f, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "shot-");
  g_signal_emit_by_name (entry, "search-changed");
  selection = gtk_list_view_get_model (history_child (f, "list_view"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), <, N_SHOTS);

  g_assert_true (gtk_widget_activate_action (history_child (f, "list_view"), "history.select-all", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, N_SHOTS);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, N_SHOTS);
  cutout_test_ui_iterate (50);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "selection_label")), ==, "250 selected");
}

/* A kept row widget that showed a result's thumbnail shows the icon of
 * a job without a result when it is given one, and the thumbnail again
 * after. */
static void
test_row_thumbnail_follows (Fixture   *f,
                            gconstpointer  data)
{
  g_autoptr(CutoutJobRecord) done = cutout_job_record_new ();
  g_autoptr(CutoutJobRecord) failed = cutout_job_record_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *thumbnail;
  GtkWidget *row;
  gint64 t0;

  done->input_path = cutout_test_write_image (f->env.dir, "kite.png", 64, 48, "png");
  done->output_path = cutout_test_write_image (f->env.dir, "kite-cutout.png", 96, 64, "png");
  done->output_size = 1234;
  done->state = CUTOUT_JOB_STATE_DONE;
  done->created_us = 2000 * G_USEC_PER_SEC;
  failed->input_path = cutout_test_write_image (f->env.dir, "lamp.png", 64, 48, "png");
  failed->state = CUTOUT_JOB_STATE_FAILED;
  failed->error_message = g_strdup ("Broken");
  failed->created_us = 1000 * G_USEC_PER_SEC;
  g_assert_cmpint (cutout_store_insert_job (f->store, done, &error), >, 0);
  g_assert_cmpint (cutout_store_insert_job (f->store, failed, &error), >, 0);
  g_assert_no_error (error);

  open_rows_page (f);
  wait_rows_complete (f);
  row = first_row (f);
  thumbnail = history_find_named (row, "thumbnail");
  t0 = g_get_monotonic_time ();
  while (gtk_image_get_storage_type (GTK_IMAGE (thumbnail)) != GTK_IMAGE_PAINTABLE &&
         g_get_monotonic_time () - t0 < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (thumbnail)), ==, GTK_IMAGE_PAINTABLE);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_image_get_paintable (GTK_IMAGE (thumbnail))), ==, 48);

  search_now (f, "lamp");
  wait_rows_complete (f);
  g_assert_true (first_row (f) == row);
  g_assert_cmpstr (label_text (row, "name"), ==, "lamp.png");
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (thumbnail)), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (thumbnail)), ==, "image-x-generic-symbolic");

  /* Back, from the page's cache of thumbnails. */
  search_now (f, "kite");
  wait_rows_complete (f);
  g_assert_cmpstr (label_text (row, "name"), ==, "kite.png");
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (thumbnail)), ==, GTK_IMAGE_PAINTABLE);
}

void
history_add_row_tests (void)
{
  g_test_add_func ("/history-page/csv-quoting", test_csv_quoting);
  g_test_add_func ("/history-page/describe-options", test_describe_options);
  g_test_add ("/history-page/model-reuses-items", Fixture, NULL,
              history_fixture_setup, test_model_reuses_items, history_fixture_teardown);
  g_test_add ("/history-page/model-tells-rows-in-sight", Fixture, NULL,
              history_fixture_setup, test_model_tells_rows_in_sight, history_fixture_teardown);
  g_test_add ("/history-page/refresh-rows-in-sight", Fixture, NULL,
              history_fixture_setup, test_refresh_rows_in_sight, history_fixture_teardown);
  g_test_add ("/history-page/select-all-after-search", Fixture, NULL,
              history_fixture_setup, test_select_all_after_search, history_fixture_teardown);
  g_test_add ("/history-page/rows-follow-search", Fixture, NULL,
              history_fixture_setup, test_rows_follow_search, history_fixture_teardown);
  g_test_add ("/history-page/row-thumbnail-follows", Fixture, NULL,
              history_fixture_setup, test_row_thumbnail_follows, history_fixture_teardown);
}
