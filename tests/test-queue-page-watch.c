/* test-queue-page-watch.c — the Queue page: watched folder, error details, per-image override marker
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-error-toast.h"
#include "cutout-options-panel.h"
#include "test-queue-page-util.h"

/* How long a watched file must stay unchanged here (the app's is 2 s). */
#define SETTLE_MS 100

/* The service's answer for two bad fields, as API.md shows it. */
static const char details_body[] =
  "{\"error\": \"Multiple validation errors\", \"details\": ["
  "{\"field\": \"w\", \"message\": \"'w' must be an integer, got: 'abc'\"}, "
  "{\"field\": \"angle\", \"message\": \"'angle' must be between -360 and 360 degrees, got: 500.0\"}], "
  "\"status\": 400}";

static gboolean
watch_row_mapped (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *row = get_by_name (GTK_WIDGET (fixture->page), "watch-row");

  return gtk_widget_get_mapped (row) == GPOINTER_TO_INT (data);
}

static const char *
watch_subtitle (Fixture *fixture)
{
  GtkWidget *row = get_by_name (GTK_WIDGET (fixture->page), "watch-row");

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
row_exists (Fixture       *fixture,
            gconstpointer  data)
{
  return find_row (fixture, data) != NULL;
}

/* The watched folder ------------------------------------------------------------ */

static void
test_watch_folder (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *inbox = g_build_filename (fixture->dir, "inbox", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (inbox);
  g_autoptr(GFile) current = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *output = NULL;
  GtkWidget *watch_switch = get_by_name (GTK_WIDGET (fixture->page), "watch-switch");
  GtkWidget *empty_watch = get_by_name (GTK_WIDGET (fixture->page), "empty-watch");
  CutoutQueuePage *second;

  g_assert_cmpint (g_mkdir_with_parents (inbox, 0755), ==, 0);
  /* Already there when the watch starts: not new. */
  g_free (cutout_test_write_image (inbox, "old.png", 30, 20, "png"));
  cutout_queue_page_set_watch_settle_ms (fixture->page, SETTLE_MS);

  /* No folder yet: only the empty state's button offers one. */
  g_assert_false (gtk_widget_get_mapped (get_by_name (GTK_WIDGET (fixture->page), "watch-row")));
  g_assert_true (gtk_widget_get_mapped (empty_watch));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (empty_watch)), ==, "queue.choose-watch-folder");
  g_assert_false (cutout_queue_page_get_watching (fixture->page));

  /* What the folder dialog does on "Watch". */
  cutout_queue_page_set_watch_folder (fixture->page, folder);
  wait_until (fixture, watch_row_mapped, GINT_TO_POINTER (TRUE), 5000, "the watch row");
  g_assert_true (cutout_queue_page_get_watching (fixture->page));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (watch_switch)));
  g_assert_cmpstr (watch_subtitle (fixture), ==, "New images in “inbox” join the queue");
  stored = g_settings_get_string (fixture->settings, "watch-folder");
  g_assert_cmpstr (stored, ==, inbox);
  g_assert_true (g_settings_get_boolean (fixture->settings, "watch-enabled"));

  /* A text file is ignored, a PNG becomes a row. */
  g_free (cutout_test_write_bytes (inbox, "notes.txt", "just words\n", 11));
  g_free (cutout_test_write_image (inbox, "arrival.png", 64, 48, "png"));
  wait_until (fixture, row_exists, "arrival.png", 10000, "the new image's row");
  cutout_test_ui_iterate (10 * SETTLE_MS);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 1);
  g_assert_null (find_row (fixture, "notes.txt"));
  g_assert_null (find_row (fixture, "old.png"));
  wait_until (fixture, queue_not_preparing, NULL, 10000, "preflight");
  g_assert_cmpstr (row_label (find_row (fixture, "arrival.png"), "state-label"), ==, "Queued");
  g_assert_true (g_str_has_suffix (row_label (find_row (fixture, "arrival.png"), "details-label"), " · 64 × 48"));

  cutout_test_ui_screenshot (fixture->window, "queue-watch-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (fixture->window, "queue-watch-dark");
  cutout_test_ui_set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  cutout_test_ui_iterate (200);
  cutout_test_ui_screenshot (fixture->window, "queue-watch-narrow");

  /* Its result is written beside it, into the watched folder: that file
   * does not join the queue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_FINISHED), 30000, "the batch");
  output = g_build_filename (inbox, "arrival-cutout.webp", NULL);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  cutout_test_ui_iterate (10 * SETTLE_MS);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 1);

  /* Switched off: nothing joins. */
  gtk_switch_set_active (GTK_SWITCH (watch_switch), FALSE);
  cutout_test_ui_iterate (50);
  g_assert_false (cutout_queue_page_get_watching (fixture->page));
  g_assert_false (g_settings_get_boolean (fixture->settings, "watch-enabled"));
  g_assert_cmpstr (watch_subtitle (fixture), ==, "“inbox” is not watched");
  g_free (cutout_test_write_image (inbox, "late.png", 40, 30, "png"));
  cutout_test_ui_iterate (10 * SETTLE_MS);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 1);

  /* On again: from now on (late.png was there before). */
  gtk_switch_set_active (GTK_SWITCH (watch_switch), TRUE);
  cutout_test_ui_iterate (50);
  g_assert_true (cutout_queue_page_get_watching (fixture->page));
  g_free (cutout_test_write_image (inbox, "again.jpg", 40, 30, "jpeg"));
  wait_until (fixture, row_exists, "again.jpg", 10000, "the next image's row");
  g_assert_null (find_row (fixture, "late.png"));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 2);

  /* The choice is kept: a page made later (the next start) watches too. */
  second = g_object_ref_sink (cutout_queue_page_new (fixture->context));
  current = cutout_queue_page_dup_watch_folder (second);
  g_assert_nonnull (current);
  g_assert_true (g_file_equal (current, folder));
  g_assert_true (cutout_queue_page_get_watching (second));
  g_object_run_dispose (G_OBJECT (second));
  g_object_unref (second);

  /* Forgotten: the row goes away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.forget-watch-folder", NULL));
  wait_until (fixture, watch_row_mapped, GINT_TO_POINTER (FALSE), 5000, "the watch row to go");
  g_free (stored);
  stored = g_settings_get_string (fixture->settings, "watch-folder");
  g_assert_cmpstr (stored, ==, "");
  g_assert_false (cutout_queue_page_get_watching (fixture->page));
}

/* A folder that cannot be watched says so on the row. */
static void
test_watch_missing_folder (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (fixture->dir, "gone", NULL);

  g_settings_set_string (fixture->settings, "watch-folder", gone);
  g_settings_set_boolean (fixture->settings, "watch-enabled", TRUE);
  wait_until (fixture, watch_row_mapped, GINT_TO_POINTER (TRUE), 5000, "the watch row");
  g_assert_false (cutout_queue_page_get_watching (fixture->page));
  g_assert_cmpstr (watch_subtitle (fixture), ==, "“gone” cannot be watched: it does not exist");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get_by_name (GTK_WIDGET (fixture->page), "watch-switch"))));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  cutout_test_ui_iterate (200);
  cutout_test_ui_screenshot (fixture->window, "queue-watch-error-narrow");

  /* Once it exists, switching on again watches it. */
  g_assert_cmpint (g_mkdir_with_parents (gone, 0755), ==, 0);
  g_settings_set_boolean (fixture->settings, "watch-enabled", FALSE);
  g_settings_set_boolean (fixture->settings, "watch-enabled", TRUE);
  cutout_test_ui_iterate (50);
  g_assert_true (cutout_queue_page_get_watching (fixture->page));
  g_assert_cmpstr (watch_subtitle (fixture), ==, "New images in “gone” join the queue");
}

/* Error toasts ------------------------------------------------------------------ */

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (Fixture       *fixture,
              gconstpointer  data)
{
  return (find_dialog () != NULL) == GPOINTER_TO_INT (data);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_read (Fixture       *fixture,
           gconstpointer  data)
{
  return *(char * const *) data != NULL;
}

static void
test_error_details (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *dialog_widget;
  AdwMessageDialog *dialog;
  GtkWidget *details;
  GtkWidget *button;

  /* A 400 with details, as the client turns the service's answer into an error. */
  error = cutout_api_error_from_response (400, "application/json", details_body, strlen (details_body), NULL, 0);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS);
  text = cutout_error_details_text (error);
  g_assert_cmpstr (text, ==,
                   "Multiple validation errors\n"
                   "\n"
                   "w: 'w' must be an integer, got: 'abc'\n"
                   "angle: 'angle' must be between -360 and 360 degrees, got: 500.0\n"
                   "HTTP status: 400");

  /* The toast's title is plain text even with markup characters in it. */
  cutout_error_toast_show (GTK_WIDGET (fixture->page), "Could not process <b>photo</b> & co.png", error);
  cutout_test_ui_iterate (300);
  g_assert_nonnull (find_label_with_text (overlay, "Could not process <b>photo</b> & co.png"));
  cutout_test_ui_screenshot (fixture->window, "error-toast-light");

  /* "Details" opens a dialog over the window. */
  button = find_button_with_label (overlay, "_Details");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_until (fixture, dialog_shown, GINT_TO_POINTER (TRUE), 5000, "the details dialog");
  dialog = find_dialog ();
  dialog_widget = GTK_WIDGET (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could not process <b>photo</b> & co.png");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Multiple validation errors");
  details = get_by_name (dialog_widget, "error-details");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (details)), ==,
                   "w: 'w' must be an integer, got: 'abc'\n"
                   "angle: 'angle' must be between -360 and 360 degrees, got: 500.0\n"
                   "HTTP status: 400");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "copy"), ==, "_Copy");

  /* "Copy" puts the whole text on the clipboard and closes. */
  button = find_button_with_label (dialog_widget, "_Copy");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_until (fixture, dialog_shown, GINT_TO_POINTER (FALSE), 5000, "the dialog to close");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (fixture->window), NULL, read_text_cb, &copied);
  wait_until (fixture, text_read, &copied, 5000, "the clipboard");
  g_assert_cmpstr (copied, ==, text);

  /* For the screenshots, a title as the app words it. */
  dialog_widget = cutout_error_details_dialog_new (GTK_WINDOW (fixture->window), "Could not process beach.png", error);
  gtk_window_present (GTK_WINDOW (dialog_widget));
  cutout_test_ui_iterate (300);
  cutout_test_ui_screenshot (dialog_widget, "error-details-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (dialog_widget, "error-details-dark");
  cutout_test_ui_set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (dialog_widget));

  /* Another error: the message alone, no details part. */
  local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Permission denied");
  g_free (text);
  text = cutout_error_details_text (local);
  g_assert_cmpstr (text, ==, "Permission denied");
  dialog_widget = cutout_error_details_dialog_new (GTK_WINDOW (fixture->window), NULL, local);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog_widget)), ==, "Error Details");
  g_assert_null (find_by_name (dialog_widget, "error-details"));
  gtk_window_destroy (GTK_WINDOW (dialog_widget));
}

/* The per-image override -------------------------------------------------------- */

static void
test_override_marker (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const names[] = { "one.png", "two.png", NULL };
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  GtkWidget *panel_window = gtk_window_new ();
  GtkWidget *panel = cutout_options_panel_new (fixture->context);
  GtkWidget *row, *marker, *other;

  g_free (cutout_test_write_image (fixture->dir, "one.png", 80, 60, "png"));
  g_free (cutout_test_write_image (fixture->dir, "two.png", 80, 60, "png"));
  add_images (fixture, names, 2);

  /* The options panel edits the selected job, as in the window. */
  gtk_window_set_child (GTK_WINDOW (panel_window), panel);
  gtk_window_present (GTK_WINDOW (panel_window));
  g_object_bind_property (fixture->page, "selected-job", panel, "job", G_BINDING_SYNC_CREATE);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture)), 0, TRUE);
  cutout_test_ui_iterate (100);

  row = find_row (fixture, "one.png");
  other = find_row (fixture, "two.png");
  g_assert_false (row_shows (row, "override-marker"));

  g_assert_true (gtk_widget_activate_action (panel, "options.apply-to-image", NULL));
  cutout_test_ui_iterate (50);
  marker = get_by_name (row, "override-marker");
  g_assert_true (gtk_widget_get_visible (marker));
  g_assert_true (gtk_widget_get_mapped (marker));
  g_assert_cmpstr (row_label (row, "override-label"), ==, "Own options");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (marker), ==, "This image has its own options: WebP");
  g_assert_false (row_shows (other, "override-marker"));

  /* The tooltip follows what the override holds. */
  options->format = CUTOUT_FORMAT_PNG;
  options->width = 800;
  options->angle = 90;
  cutout_options_set_bg_color (options, "#ff0000");
  cutout_job_set_options_override (cutout_queue_row_get_job (CUTOUT_QUEUE_ROW (row)), options);
  cutout_test_ui_iterate (50);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (marker), ==,
                   "This image has its own options: PNG · 800 px wide · background #ff0000 · rotated 90°");
  cutout_test_ui_screenshot (fixture->window, "queue-override-light");

  g_assert_true (gtk_widget_activate_action (panel, "options.reset-to-batch", NULL));
  cutout_test_ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (marker));
  g_assert_null (cutout_job_get_options_override (cutout_queue_row_get_job (CUTOUT_QUEUE_ROW (row))));

  gtk_window_destroy (GTK_WINDOW (panel_window));
}

void
add_watch_tests (void)
{
#define ADD(name, func, key) \
  g_test_add ("/queue-page/" name, Fixture, key, fixture_set_up, func, fixture_tear_down)

  ADD ("watch-folder", test_watch_folder, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("watch-missing-folder", test_watch_missing_folder, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("error-details", test_error_details, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("override-marker", test_override_marker, CUTOUT_FAKE_SERVER_VALID_KEY);
#undef ADD
}
