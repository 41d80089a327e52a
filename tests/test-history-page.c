/* test-history-page.c — the History page, built for real under Xvfb
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cutout-context.h"
#include "cutout-history-model.h"
#include "cutout-history-page-private.h"
#include "test-history-page.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

#define COLOR_ERROR "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA"


/* 2026-03-01 13:00 UTC and the hours before it. */
gint64
history_at_hour (int hour)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 1, hour, 0, 0);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

static gint64
insert_record (Fixture        *f,
               const char     *name,
               CutoutJobState  state,
               gint64          created_us,
               const char     *options,
               const char     *error_message,
               gboolean        with_output)
{
  g_autoptr(CutoutJobRecord) record = cutout_job_record_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *input = cutout_test_write_image (f->env.dir, name, 64, 48, "png");

  record->input_path = g_steal_pointer (&input);
  record->options = g_strdup (options);
  record->state = state;
  record->created_us = created_us;
  record->attempts = state == CUTOUT_JOB_STATE_CANCELLED ? 0 : 1;
  if (error_message != NULL)
    {
      record->error_message = g_strdup (error_message);
      record->attempts = 2;
      record->possibly_charged = 1;
    }
  if (with_output)
    {
      g_autofree char *base = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *out_name = g_strconcat (base, "-cutout.png", NULL);
      g_autofree char *output = cutout_test_write_image (f->env.dir, out_name, 96, 64, "png");
      GStatBuf st;

      g_assert_cmpint (g_stat (output, &st), ==, 0);
      record->output_path = g_steal_pointer (&output);
      record->output_size = st.st_size;
    }

  g_assert_cmpint (cutout_store_insert_job (f->store, record, &error), >, 0);
  g_assert_no_error (error);

  return record->id;
}

static void
insert_three (Fixture *f)
{
  f->ids[2] = insert_record (f, "beach.png", CUTOUT_JOB_STATE_CANCELLED, history_at_hour (11),
                             "format=webp&mask=true", NULL, FALSE);
  f->ids[0] = insert_record (f, "sunset.png", CUTOUT_JOB_STATE_DONE, history_at_hour (13),
                             "format=png&w=2000&bg_color=white", NULL, TRUE);
  f->ids[1] = insert_record (f, "portrait.png", CUTOUT_JOB_STATE_FAILED, history_at_hour (12),
                             "format=webp", COLOR_ERROR, FALSE);
  {
    g_autoptr(CutoutJobRecord) sunset = cutout_store_get_job (f->store, f->ids[0], NULL);

    f->sunset_size = sunset->output_size;
  }
}

void
history_open_page (Fixture *f,
                   int      width,
                   int      height)
{
  f->page = cutout_history_page_new (f->env.context);
  cutout_test_ui_env_show (&f->env, f->page, width, height);
}

void
history_fixture_setup (Fixture       *f,
                       gconstpointer  data)
{
  cutout_test_ui_env_set_up (&f->env, CUTOUT_TEST_UI_ENV_NONE, NULL);
  f->store = cutout_context_get_store (f->env.context);
  g_assert_nonnull (f->store);
}

/* Nothing may keep the page alive once its window is gone: not a
 * thumbnail being loaded, a removal's toast, a tick or a timeout. */
void
history_fixture_teardown (Fixture       *f,
                          gconstpointer  data)
{
  cutout_test_ui_env_tear_down (&f->env);
}

gpointer
history_child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (f->page, CUTOUT_TYPE_HISTORY_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

GtkWidget *
history_find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = history_find_named (c, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The rows on screen, in order: each a widget holding the labels. */
static GPtrArray *
shown_rows (Fixture *f)
{
  GtkWidget *list = history_child (f, "list_view");
  GPtrArray *rows = g_ptr_array_new ();

  cutout_test_ui_iterate (50);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (history_child (f, "content_stack")), "list") != 0)
    return rows;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *name = history_find_named (c, "name");

      if (name != NULL && gtk_widget_get_child_visible (c) &&
          gtk_label_get_label (GTK_LABEL (name))[0] != '\0')
        g_ptr_array_add (rows, c);
    }

  return rows;
}

static const char *
row_text (GtkWidget  *row,
          const char *name)
{
  GtkWidget *label = history_find_named (row, name);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static gboolean
row_shows (GtkWidget  *row,
           const char *name)
{
  GtkWidget *label = history_find_named (row, name);

  return label != NULL && gtk_widget_get_visible (label);
}

/* The file names shown, joined with spaces. */
char *
history_shown_names (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? " " : "", row_text (rows->pdata[i], "name"));

  return g_string_free (names, FALSE);
}

void
history_search (Fixture    *f,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (history_child (f, "search_entry")), text);
  /* The entry waits 150 ms after the last key before it searches. */
  cutout_test_ui_iterate (300);
}

static void
select_rows (Fixture     *f,
             const guint *positions,
             guint        n)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (history_child (f, "list_view"));

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < n; i++)
    gtk_selection_model_select_item (selection, positions[i], FALSE);
  cutout_test_ui_iterate (20);
}

static void
test_lists_newest_first (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *names = NULL;
  g_autofree char *size = NULL;

  insert_three (f);
  history_open_page (f, 800, 600);

  names = history_shown_names (f);
  g_assert_cmpstr (names, ==, "sunset.png portrait.png beach.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "3 jobs");

  rows = shown_rows (f);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (row_text (rows->pdata[0], "outcome"), ==, "Done");
  g_assert_cmpstr (row_text (rows->pdata[1], "outcome"), ==, "Failed");
  g_assert_cmpstr (row_text (rows->pdata[2], "outcome"), ==, "Cancelled");

  /* The failure says why, in the service's words; the others say nothing. */
  g_assert_true (row_shows (rows->pdata[1], "error"));
  g_assert_cmpstr (row_text (rows->pdata[1], "error"), ==, COLOR_ERROR);
  g_assert_false (row_shows (rows->pdata[0], "error"));
  g_assert_false (row_shows (rows->pdata[2], "error"));

  /* Options in short, and the result's size. */
  g_assert_cmpstr (row_text (rows->pdata[0], "options"), ==, "PNG · 2000 px wide · white");
  g_assert_cmpstr (row_text (rows->pdata[1], "options"), ==, "WebP");
  g_assert_cmpstr (row_text (rows->pdata[2], "options"), ==, "WebP · mask only");
  size = g_format_size (f->sunset_size);
  g_assert_cmpstr (row_text (rows->pdata[0], "size"), ==, size);
  g_assert_true (row_shows (rows->pdata[0], "size"));
  g_assert_false (row_shows (rows->pdata[1], "size"));

  /* Nothing selected: no action bar, and nothing to act on. */
  g_assert_false (gtk_action_bar_get_revealed (history_child (f, "action_bar")));
  gtk_widget_activate_action (f->page, "history.remove", NULL);
  g_clear_pointer (&names, g_free);
  names = history_shown_names (f);
  g_assert_cmpstr (names, ==, "sunset.png portrait.png beach.png");
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, NULL), ==, 3);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sun = NULL;
  g_autofree char *ea = NULL;
  g_autofree char *all = NULL;

  insert_three (f);
  history_open_page (f, 800, 600);

  history_search (f, "sun");
  sun = history_shown_names (f);
  g_assert_cmpstr (sun, ==, "sunset.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "1 job");

  /* Shorter than a trigram: the names are scanned, case-insensitively. */
  history_search (f, "EA");
  ea = history_shown_names (f);
  g_assert_cmpstr (ea, ==, "beach.png");

  history_search (f, "nothing-like-it");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (history_child (f, "content_stack")), ==, "no-results");
  g_assert_cmpstr (adw_status_page_get_title (history_child (f, "no_results_page")), ==, "No Results");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "0 jobs");

  history_search (f, "");
  all = history_shown_names (f);
  g_assert_cmpstr (all, ==, "sunset.png portrait.png beach.png");
}

static void
test_outcome_filter (Fixture       *f,
                     gconstpointer  data)
{
  GtkDropDown *outcome;
  g_autofree char *failed = NULL;
  g_autofree char *done = NULL;
  g_autofree char *cancelled = NULL;
  g_autofree char *failed_sun = NULL;

  insert_three (f);
  history_open_page (f, 800, 600);
  outcome = history_child (f, "outcome_dropdown");

  gtk_drop_down_set_selected (outcome, 2);
  failed = history_shown_names (f);
  g_assert_cmpstr (failed, ==, "portrait.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "1 job");

  gtk_drop_down_set_selected (outcome, 1);
  done = history_shown_names (f);
  g_assert_cmpstr (done, ==, "sunset.png");

  gtk_drop_down_set_selected (outcome, 3);
  cancelled = history_shown_names (f);
  g_assert_cmpstr (cancelled, ==, "beach.png");

  /* Filters combine with the search. */
  gtk_drop_down_set_selected (outcome, 2);
  history_search (f, "sun");
  failed_sun = history_shown_names (f);
  g_assert_cmpstr (failed_sun, ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (history_child (f, "content_stack")), ==, "no-results");

  gtk_drop_down_set_selected (outcome, 0);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "1 job");
}

static void
test_custom_range (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) first = g_date_time_new_local (2026, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new_local (2026, 3, 2, 0, 0, 0);
  g_autoptr(GDateTime) day1 = g_date_time_new_local (2026, 3, 1, 12, 0, 0);
  g_autoptr(GDateTime) day2 = g_date_time_new_local (2026, 3, 2, 23, 0, 0);
  g_autoptr(GDateTime) day3 = g_date_time_new_local (2026, 3, 3, 0, 30, 0);
  g_autofree char *names = NULL;

  insert_record (f, "first.png", CUTOUT_JOB_STATE_DONE, g_date_time_to_unix (day1) * G_USEC_PER_SEC,
                 "format=png", NULL, FALSE);
  insert_record (f, "second.png", CUTOUT_JOB_STATE_DONE, g_date_time_to_unix (day2) * G_USEC_PER_SEC,
                 "format=png", NULL, FALSE);
  insert_record (f, "third.png", CUTOUT_JOB_STATE_DONE, g_date_time_to_unix (day3) * G_USEC_PER_SEC,
                 "format=png", NULL, FALSE);
  history_open_page (f, 800, 600);

  /* The billing period is unknown without account figures. */
  g_assert_false (gtk_widget_get_sensitive (history_child (f, "range_period")));

  gtk_menu_button_popup (history_child (f, "date_button"));
  cutout_test_ui_iterate (50);
  gtk_check_button_set_active (history_child (f, "range_custom"), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (history_child (f, "date_stack")), ==, "custom");

  gtk_toggle_button_set_active (history_child (f, "start_toggle"), TRUE);
  gtk_calendar_select_day (history_child (f, "calendar"), first);
  g_signal_emit_by_name (history_child (f, "calendar"), "day-selected");
  gtk_toggle_button_set_active (history_child (f, "end_toggle"), TRUE);
  gtk_calendar_select_day (history_child (f, "calendar"), last);
  g_signal_emit_by_name (history_child (f, "calendar"), "day-selected");
  g_signal_emit_by_name (history_child (f, "apply_button"), "clicked");
  cutout_test_ui_iterate (50);

  names = history_shown_names (f);
  g_assert_cmpstr (names, ==, "second.png first.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "date_label")), ==, "Mar 1, 2026 – Mar 2, 2026");

  gtk_menu_button_popup (history_child (f, "date_button"));
  cutout_test_ui_iterate (50);
  gtk_check_button_set_active (history_child (f, "range_all"), TRUE);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "3 jobs");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "date_label")), ==, "All Time");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  history_open_page (f, 800, 600);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (history_child (f, "content_stack")), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (history_child (f, "empty_page")), ==, "No History Yet");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "0 jobs");
  g_assert_false (gtk_widget_get_sensitive (history_child (f, "export_button")));
}

static void
test_requeue (Fixture       *f,
              gconstpointer  data)
{
  CutoutQueue *queue = cutout_context_get_queue (f->env.context);
  g_autoptr(CutoutJob) same = NULL;
  g_autoptr(CutoutJob) current = NULL;
  g_autofree char *input = NULL;
  g_autofree char *text = NULL;
  const CutoutOptions *override;
  const guint first[] = { 0 };
  const guint second[] = { 1 };

  insert_three (f);
  history_open_page (f, 800, 600);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);

  select_rows (f, first, 1);
  g_assert_true (gtk_action_bar_get_revealed (history_child (f, "action_bar")));
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "selection_label")), ==, "1 selected");
  g_assert_true (gtk_widget_activate_action (f->page, "history.requeue-same", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);

  same = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  input = g_file_get_path (cutout_job_get_input (same));
  g_assert_true (g_str_has_suffix (input, "/sunset.png"));
  g_assert_cmpint (cutout_job_get_state (same), ==, CUTOUT_JOB_STATE_QUEUED);
  override = cutout_job_get_options_override (same);
  g_assert_nonnull (override);
  g_assert_cmpint (override->format, ==, CUTOUT_FORMAT_PNG);
  g_assert_cmpint (override->width, ==, 2000);
  g_assert_cmpint (override->height, ==, 0);
  g_assert_cmpstr (override->bg_color, ==, "white");
  text = cutout_options_to_string (override);
  g_assert_cmpstr (text, ==, "format=png&w=2000&bg_color=white");

  /* With the current options the job follows the batch's. */
  select_rows (f, second, 1);
  g_assert_true (gtk_widget_activate_action (f->page, "history.requeue-current", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 2);
  current = g_list_model_get_item (G_LIST_MODEL (queue), 1);
  g_assert_true (g_str_has_suffix (g_file_peek_path (cutout_job_get_input (current)), "/portrait.png"));
  g_assert_null (cutout_job_get_options_override (current));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label,
             const char *icon)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      ((label != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0) ||
       (icon != NULL && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0)))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label, icon);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_remove_undo (Fixture       *f,
                  gconstpointer  data)
{
  const guint both[] = { 0, 2 };
  const guint middle[] = { 1 };
  g_autofree char *hidden = NULL;
  g_autofree char *back = NULL;
  g_autofree char *gone = NULL;
  g_autoptr(CutoutJobRecord) deleted = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  insert_three (f);
  history_open_page (f, 800, 600);

  select_rows (f, both, 2);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "selection_label")), ==, "2 selected");
  g_assert_true (gtk_widget_activate_action (f->page, "history.remove", NULL));
  hidden = history_shown_names (f);
  g_assert_cmpstr (hidden, ==, "portrait.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "1 job");
  /* Not deleted yet: the toast can still undo it. */
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, NULL), ==, 3);

  cutout_test_ui_iterate (300);
  button = find_button (f->page, "_Undo", NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  cutout_test_ui_iterate (300);
  back = history_shown_names (f);
  g_assert_cmpstr (back, ==, "sunset.png portrait.png beach.png");
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, NULL), ==, 3);

  /* Dismissed without Undo: now it is deleted. */
  select_rows (f, middle, 1);
  g_assert_true (gtk_widget_activate_action (f->page, "history.remove", NULL));
  gone = history_shown_names (f);
  g_assert_cmpstr (gone, ==, "sunset.png beach.png");
  cutout_test_ui_iterate (300);
  button = find_button (f->page, NULL, "window-close-symbolic");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  cutout_test_ui_iterate (300);
  g_assert_cmpint (cutout_store_count_history (f->store, NULL, NULL), ==, 2);
  deleted = cutout_store_get_job (f->store, f->ids[1], &error);
  g_assert_null (deleted);
  g_assert_error (error, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_NOT_FOUND);
  g_clear_pointer (&gone, g_free);
  gone = history_shown_names (f);
  g_assert_cmpstr (gone, ==, "sunset.png beach.png");
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "2 jobs");
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The page's plain toasts go on its own overlay (that of its undo
 * toasts), as plain text, and last as long as the window's (5 s). */
static void
test_plain_toast (Fixture       *f,
                  gconstpointer  data)
{
  const char *title = "Copied “a&b <1>.png”";
  gint64 shown_at;

  insert_three (f);
  history_open_page (f, 800, 600);

  cutout_history_page_show_toast (CUTOUT_HISTORY_PAGE (f->page), title);
  cutout_test_ui_iterate (300);
  shown_at = g_get_monotonic_time ();
  g_assert_nonnull (find_label (f->page, title));
  cutout_test_ui_iterate (3500);
  g_assert_nonnull (find_label (f->page, title));
  while (find_label (f->page, title) != NULL && g_get_monotonic_time () - shown_at < 10 * G_USEC_PER_SEC)
    cutout_test_ui_iterate (100);
  g_assert_null (find_label (f->page, title));
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *n_rows = user_data;
  g_autoptr(GError) error = NULL;

  *n_rows = cutout_history_page_export_csv_finish (CUTOUT_HISTORY_PAGE (source), result, &error);
  g_assert_no_error (error);
}

static char *
export (Fixture *f,
        gint64  *n_rows_out)
{
  g_autofree char *path = g_build_filename (f->env.dir, "history.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gint64 n_rows = -2;

  cutout_history_page_export_csv_async (CUTOUT_HISTORY_PAGE (f->page), file, NULL, export_cb, &n_rows);
  while (n_rows == -2)
    g_main_context_iteration (NULL, TRUE);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  *n_rows_out = n_rows;

  return contents;
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *all = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_failed = NULL;
  gint64 n_rows = 0;

  insert_three (f);
  history_open_page (f, 800, 600);

  expected = g_strdup_printf ("created,input,state,error,output,output_size,options,attempts,possibly_charged\r\n"
                              "2026-03-01T13:00:00Z,%s/sunset.png,done,,%s/sunset-cutout.png,%" G_GINT64_FORMAT ",format=png&w=2000&bg_color=white,1,0\r\n"
                              "2026-03-01T12:00:00Z,%s/portrait.png,failed,\"" COLOR_ERROR "\",,0,format=webp,2,1\r\n"
                              "2026-03-01T11:00:00Z,%s/beach.png,cancelled,,,0,format=webp&mask=true,0,0\r\n",
                              f->env.dir, f->env.dir, f->sunset_size, f->env.dir, f->env.dir);
  all = export (f, &n_rows);
  g_assert_cmpstr (all, ==, expected);
  g_assert_cmpint (n_rows, ==, 3);

  /* Only what the filters show. */
  gtk_drop_down_set_selected (history_child (f, "outcome_dropdown"), 2);
  cutout_test_ui_iterate (20);
  expected_failed = g_strdup_printf ("created,input,state,error,output,output_size,options,attempts,possibly_charged\r\n"
                                     "2026-03-01T12:00:00Z,%s/portrait.png,failed,\"" COLOR_ERROR "\",,0,format=webp,2,1\r\n",
                                     f->env.dir);
  failed = export (f, &n_rows);
  g_assert_cmpstr (failed, ==, expected_failed);
  g_assert_cmpint (n_rows, ==, 1);
}

/* Twelve varied jobs for the screenshots. */
static void
insert_twelve (Fixture *f)
{
  static const struct
  {
    const char     *name;
    CutoutJobState  state;
    const char     *options;
    const char     *error;
  } jobs[] = {
    { "sunset-over-the-bay.jpg", CUTOUT_JOB_STATE_DONE, "format=png&w=2000&bg_color=white", NULL },
    { "product-shot-042.png", CUTOUT_JOB_STATE_DONE, "format=webp", NULL },
    { "portrait-anna.jpg", CUTOUT_JOB_STATE_FAILED, "format=png&bg_color=%2312345", COLOR_ERROR },
    { "sneaker-side.webp", CUTOUT_JOB_STATE_DONE, "format=png&w=800&h=800&exact_resize=true", NULL },
    { "cat.bmp", CUTOUT_JOB_STATE_CANCELLED, "format=webp&mask=true", NULL },
    { "wedding-group-very-long-file-name-from-the-camera-IMG_20260301_101112.jpg", CUTOUT_JOB_STATE_DONE, "format=png&angle=90", NULL },
    { "scan.png", CUTOUT_JOB_STATE_FAILED, "format=webp", "You've reached your monthly limit. Consider purchasing more credits." },
    { "chair.jpg", CUTOUT_JOB_STATE_DONE, "format=webp&h=1200&bg_color=black", NULL },
    { "lamp.jpg", CUTOUT_JOB_STATE_DONE, "format=png", NULL },
    { "logo.png", CUTOUT_JOB_STATE_CANCELLED, "format=png", NULL },
    { "mug.jpg", CUTOUT_JOB_STATE_DONE, "format=png&w=1000&bg_color=%23f6f5f4", NULL },
    { "plant.jpg", CUTOUT_JOB_STATE_DONE, "format=webp&w=600", NULL },
  };
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    insert_record (f, jobs[i].name, jobs[i].state, now - (gint64) i * 37 * 60 * G_USEC_PER_SEC,
                   jobs[i].options, jobs[i].error, jobs[i].state == CUTOUT_JOB_STATE_DONE);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  const guint second[] = { 1 };
  g_autoptr(GPtrArray) rows = NULL;

  insert_twelve (f);
  history_open_page (f, 900, 700);
  cutout_test_ui_iterate (500);
  rows = shown_rows (f);
  g_assert_cmpuint (rows->len, >=, 6);
  g_assert_cmpstr (gtk_label_get_label (history_child (f, "count_label")), ==, "12 jobs");

  select_rows (f, second, 1);
  cutout_test_ui_screenshot (GTK_WIDGET (f->env.window), "history-light");
  gtk_selection_model_unselect_all (gtk_list_view_get_model (history_child (f, "list_view")));

  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (GTK_WIDGET (f->env.window), "history-dark");
  cutout_test_ui_set_dark (FALSE);

  gtk_window_destroy (f->env.window);
  cutout_test_ui_iterate (50);
  history_open_page (f, 360, 700);
  cutout_test_ui_iterate (500);
  select_rows (f, second, 1);
  cutout_test_ui_screenshot (GTK_WIDGET (f->env.window), "history-narrow-light");
  /* Narrow, the labels still fit: the error wraps instead of being cut. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (f);
  g_assert_true (row_shows (rows->pdata[2], "error"));
  g_assert_cmpint (gtk_widget_get_width (f->page), <=, 360);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  history_add_row_tests ();
  history_add_large_tests ();
#define ADD(path, func) \
  g_test_add ("/history-page/" path, Fixture, NULL, history_fixture_setup, func, history_fixture_teardown)
  ADD ("lists-newest-first", test_lists_newest_first);
  ADD ("search", test_search);
  ADD ("outcome-filter", test_outcome_filter);
  ADD ("custom-range", test_custom_range);
  ADD ("empty", test_empty);
  ADD ("requeue", test_requeue);
  ADD ("remove-undo", test_remove_undo);
  ADD ("plain-toast", test_plain_toast);
  ADD ("export-csv", test_export_csv);
  ADD ("screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
