/* test-queue-page.c — the Queue page: adding images, rows, controls, feedback
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-queue-page-util.h"

/* Tests ------------------------------------------------------------------------ */

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *empty = get_by_name (GTK_WIDGET (fixture->page), "empty-page");
  GtkWidget *open = get_by_name (GTK_WIDGET (fixture->page), "empty-open");
  GtkWidget *list = get_by_name (GTK_WIDGET (fixture->page), "queue-list");

  g_assert_true (gtk_widget_get_mapped (empty));
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, "Drop Images Here");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open)), ==, "_Open Images…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "queue.open");
  g_assert_true (gtk_widget_get_sensitive (open));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 0);

  /* Nothing to start. */
  g_assert_false (gtk_widget_get_sensitive (get_by_name (GTK_WIDGET (fixture->page), "start-button")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (get_by_name (GTK_WIDGET (fixture->page), "start-button")),
                   ==, "Add images first");

  cutout_test_ui_screenshot (fixture->window, "queue-empty-light");
}

static void
test_add_files (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "one.png", "two.jpg", "three.webp", "album", NULL };
  g_autofree char *album = g_build_filename (fixture->dir, "album", NULL);
  g_autofree char *nested = g_build_filename (album, "nested", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) root = NULL;
  GListModel *model;
  GtkWidget *row;

  g_free (cutout_test_write_image (fixture->dir, "one.png", 120, 80, "png"));
  g_free (cutout_test_write_image (fixture->dir, "two.jpg", 64, 48, "jpeg"));
  g_free (cutout_test_write_image (fixture->dir, "three.webp", 50, 50, "webp"));
  g_mkdir_with_parents (nested, 0755);
  g_free (cutout_test_write_image (nested, "deep.png", 40, 30, "png"));
  g_free (cutout_test_write_image (album, ".hidden.png", 40, 30, "png"));
  g_free (cutout_test_write_bytes (album, "notes.txt", "just words\n", 11));

  add_images (fixture, names, 4);

  /* The list shows, the .txt and the hidden file were left out. */
  g_assert_true (gtk_widget_get_mapped (get_by_name (GTK_WIDGET (fixture->page), "queue-list")));
  model = list_model (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  {
    g_autoptr(CutoutJob) first = g_list_model_get_item (model, 0);
    g_autoptr(CutoutJob) last = g_list_model_get_item (model, 3);

    g_assert_cmpstr (cutout_job_get_display_name (first), ==, "one.png");
    g_assert_null (cutout_job_get_source_root (first));
    g_assert_cmpstr (cutout_job_get_display_name (last), ==, "deep.png");
    /* A folder keeps its structure: rooted at its parent, like the CLI. */
    root = g_file_new_for_path (fixture->dir);
    g_assert_true (g_file_equal (cutout_job_get_source_root (last), root));
  }

  wait_until (fixture, has_label, "1 file skipped: not an image", 5000, "the toast");

  row = find_row (fixture, "two.jpg");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_label (row, "state-label"), ==, "Queued");

  /* Preflight fills in the size; thumbnails load by themselves. */
  wait_until (fixture, queue_not_preparing, NULL, 10000, "preflight");
  cutout_test_ui_iterate (50);
  g_assert_nonnull (strstr (row_label (row, "details-label"), "64 × 48"));
  wait_until (fixture, thumbnail_loaded, "one.png", 5000, "a thumbnail");

  /* The summary counts them. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_by_name (GTK_WIDGET (fixture->page), "counts"))),
                   ==, "4 queued");
  path = g_strdup (gtk_label_get_text (GTK_LABEL (get_by_name (GTK_WIDGET (fixture->page), "forecast"))));
  g_assert_true (g_str_has_prefix (path, "4 images will use 4 credits"));
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *a = cutout_test_write_image (fixture->dir, "a.png", 32, 32, "png");
  g_autofree char *b = cutout_test_write_image (fixture->dir, "b.png", 32, 32, "png");
  g_autoptr(GFile) file_a = g_file_new_for_path (a);
  g_autoptr(GFile) file_b = g_file_new_for_path (b);
  GFile *files[] = { file_a, file_b };
  GdkFileList *list = gdk_file_list_new_from_array (files, 2);
  GValue value = G_VALUE_INIT;
  GtkEventController *target = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = controller;
    }
  g_assert_nonnull (target);

  /* The drop highlight follows the pointer. */
  {
    GdkDragAction action = 0;

    g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
    g_assert_cmpint (action, ==, GDK_ACTION_COPY);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->page), "cutout-drop-active"));
    g_signal_emit_by_name (target, "leave");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture->page), "cutout-drop-active"));
  }

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  wait_until (fixture, has_n_items, GUINT_TO_POINTER (2), 10000, "the dropped rows");
  cutout_test_ui_iterate (50);
  g_assert_nonnull (find_row (fixture, "a.png"));
  g_assert_nonnull (find_row (fixture, "b.png"));
}

static void
test_start_sensitivity (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const names[] = { "photo.png", NULL };
  GtkWidget *start = get_by_name (GTK_WIDGET (fixture->page), "start-button");
  g_autoptr(CutoutOptions) options = cutout_options_copy (cutout_queue_get_options (fixture->queue));
  g_autoptr(CutoutOptions) valid = cutout_options_copy (options);

  g_free (cutout_test_write_image (fixture->dir, "photo.png", 60, 40, "png"));
  add_images (fixture, names, 1);

  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_true (gtk_widget_get_visible (start));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (start), ==, "Remove the backgrounds (Ctrl+Return)");

  /* mask + bg_color is what the service refuses: Start says why. */
  options->mask = TRUE;
  cutout_options_set_bg_color (options, "white");
  cutout_queue_set_options (fixture->queue, options);
  cutout_test_ui_iterate (20);
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (start), ==,
                   "Fix the options first: Cannot use 'mask=true' together with 'bg_color'. "
                   "Choose one or the other.");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL);
  cutout_test_ui_iterate (20);
  g_assert_cmpint (cutout_queue_get_state (fixture->queue), ==, CUTOUT_QUEUE_STATE_IDLE);

  cutout_queue_set_options (fixture->queue, valid);
  cutout_test_ui_iterate (20);
  g_assert_true (gtk_widget_get_sensitive (start));

  /* Pause and resume swap with Start. */
  cutout_fake_server_set_latency (fixture->server, 2000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  cutout_test_ui_iterate (20);
  g_assert_false (gtk_widget_get_visible (start));
  g_assert_true (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "pause-button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.toggle-pause", NULL));
  cutout_test_ui_iterate (20);
  g_assert_cmpint (cutout_queue_get_state (fixture->queue), ==, CUTOUT_QUEUE_STATE_PAUSED);
  g_assert_true (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "resume-button")));
  g_assert_false (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "pause-button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel-all", NULL));
  cutout_test_ui_iterate (50);
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const names[] = { "cat.png", "dog.jpg", NULL };
  GtkWidget *row;

  g_free (cutout_test_write_image (fixture->dir, "cat.png", 80, 60, "png"));
  g_free (cutout_test_write_image (fixture->dir, "dog.jpg", 70, 50, "jpeg"));
  add_images (fixture, names, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_FINISHED), 30000, "the batch");
  cutout_test_ui_iterate (200);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *stem = g_strndup (names[i], strchr (names[i], '.') - names[i]);
      g_autofree char *output_name = g_strdup_printf ("%s-cutout.webp", stem);
      g_autofree char *output = g_build_filename (fixture->dir, output_name, NULL);
      g_autoptr(GdkPixbuf) pixbuf = cutout_test_load_pixbuf (output);
      g_autofree char *arrow = g_strdup_printf ("→ %s", output_name);

      g_assert_nonnull (pixbuf);
      g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));

      row = find_row (fixture, names[i]);
      g_assert_nonnull (row);
      g_assert_cmpstr (row_label (row, "state-label"), ==, "Done");
      g_assert_nonnull (strstr (row_label (row, "details-label"), arrow));
      g_assert_false (row_shows (row, "progress"));
      g_assert_false (row_shows (row, "error-label"));
    }

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_by_name (GTK_WIDGET (fixture->page), "counts"))),
                   ==, "2 done");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (get_by_name (GTK_WIDGET (fixture->page),
                                                                                  "overall-progress"))),
                     ==, 1.0);
  g_assert_cmpuint (cutout_fake_server_count_charged (fixture->server), ==, 2);

  /* A done row copies its result as a file. */
  row = find_row (fixture, "cat.png");
  g_assert_true (gtk_widget_activate_action (row, "row.copy", NULL));
  {
    GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (row));
    GValue value = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_build_filename (fixture->dir, "cat-cutout.webp", NULL);
    GSList *files;

    g_assert_nonnull (content);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_assert_true (gdk_content_provider_get_value (content, &value, &error));
    g_assert_no_error (error);
    files = gdk_file_list_get_files (g_value_get_boxed (&value));
    g_assert_cmpuint (g_slist_length (files), ==, 1);
    g_assert_cmpstr (g_file_peek_path (files->data), ==, expected);
    g_slist_free (files);
    g_value_unset (&value);
  }
  wait_until (fixture, has_label, "Result copied", 5000, "the copy toast");

  /* Clear Finished empties the list again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.clear-finished", NULL));
  cutout_test_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 0);
  g_assert_true (gtk_widget_get_mapped (get_by_name (GTK_WIDGET (fixture->page), "empty-page")));
}

static void
test_stop_invalid_key (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const names[] = { "key.png", NULL };
  GtkWidget *bar = get_by_name (GTK_WIDGET (fixture->page), "stop-bar");
  GtkWidget *fix = get_by_name (GTK_WIDGET (fixture->page), "stop-fix");

  g_free (cutout_test_write_image (fixture->dir, "key.png", 40, 40, "png"));
  add_images (fixture, names, 1);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_STOPPED), 30000, "the stop");
  cutout_test_ui_iterate (50);

  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
  g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (bar)), ==, GTK_MESSAGE_ERROR);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_by_name (bar, "stop-title"))), ==,
                   "The service did not accept the API key");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_by_name (bar, "stop-message"))), ==,
                   "The service said: “invalid api key”. Every image is kept in the queue.");
  g_assert_true (gtk_widget_get_visible (fix));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fix)), ==, "_Enter Key…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (fix)), ==, "app.set-key");
  g_assert_true (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "resume-button")));
  cutout_test_ui_screenshot (fixture->window, "queue-stopped-light");

  /* The key was refused: the job stays in the queue. */
  g_assert_cmpuint (cutout_queue_count_state (fixture->queue, CUTOUT_JOB_STATE_QUEUED), ==, 1);

  /* Resume clears the stop; the key is still wrong, so it stops again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.resume", NULL));
  cutout_test_ui_iterate (10);
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_STOPPED), 30000, "the second stop");
  cutout_test_ui_iterate (20);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
}

static void
test_no_key_hint (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const names[] = { "free.png", NULL };
  GtkWidget *hint = get_by_name (GTK_WIDGET (fixture->page), "key-hint");
  GtkWidget *button = get_by_name (hint, "key-hint-button");

  g_free (cutout_test_write_image (fixture->dir, "free.png", 40, 40, "png"));
  add_images (fixture, names, 1);

  /* Anonymous use is allowed: Start works, the hint offers a key. */
  g_assert_false (cutout_context_has_key (fixture->context));
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.set-key");
  g_assert_true (gtk_widget_get_sensitive (get_by_name (GTK_WIDGET (fixture->page), "start-button")));
}

static void
test_forecast (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const names[] = { "f1.png", "f2.png", NULL };
  GtkWidget *forecast = get_by_name (GTK_WIDGET (fixture->page), "forecast");

  g_assert_false (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "key-hint")));

  cutout_fake_server_set_plan (fixture->server, "Premium-20000", 20000, 2000);
  cutout_fake_server_set_usage (fixture->server, 1500, 3500);
  cutout_context_refresh_usage (fixture->context);
  for (guint i = 0; i < 500 && cutout_context_get_usage_loading (fixture->context); i++)
    cutout_test_ui_iterate (10);
  g_assert_nonnull (cutout_context_get_membership (fixture->context));

  g_free (cutout_test_write_image (fixture->dir, "f1.png", 40, 40, "png"));
  g_free (cutout_test_write_image (fixture->dir, "f2.png", 50, 40, "png"));
  add_images (fixture, names, 2);
  wait_until (fixture, queue_not_preparing, NULL, 10000, "preflight");
  cutout_test_ui_iterate (200);

  /* 20000 − 5000 remaining included + 2000 prepaid; C.UTF-8 has no
   * thousands separator. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (forecast)), ==,
                   "2 images will use 2 credits · 17000 available");
  g_assert_false (gtk_widget_has_css_class (forecast, "warning"));

  /* An account that cannot pay for the batch is warned. */
  cutout_fake_server_set_plan (fixture->server, "Basic-100", 100, 0);
  cutout_fake_server_set_usage (fixture->server, 60, 39);
  cutout_context_refresh_usage (fixture->context);
  for (guint i = 0; i < 500 && cutout_context_get_usage_loading (fixture->context); i++)
    cutout_test_ui_iterate (10);
  cutout_test_ui_iterate (200);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (forecast)), ==,
                   "2 images will use 2 credits · 1 available · 1 credit short");
  g_assert_true (gtk_widget_has_css_class (forecast, "warning"));
}

static void
test_error_row (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "broken.png", "empty.png", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *row;

  g_free (cutout_test_write_bytes (fixture->dir, "broken.png", "this is not a picture", 21));
  g_free (cutout_test_write_bytes (fixture->dir, "empty.png", "", 0));
  add_images (fixture, names, 2);
  wait_until (fixture, queue_not_preparing, NULL, 10000, "preflight");
  cutout_test_ui_iterate (50);

  /* Refused before any upload, in the service's own words. */
  row = find_row (fixture, "broken.png");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_label (row, "state-label"), ==, "Failed");
  g_assert_true (gtk_widget_get_visible (get_by_name (row, "error-label")));
  g_assert_cmpstr (row_label (row, "error-label"), ==,
                   "File does not appear to be a valid image (invalid file signature)");
  /* The error sits below the state line, the Retry button right after
   * the text (the row makes both when first needed). */
  {
    GtkWidget *state_line = gtk_widget_get_parent (get_by_name (row, "state-label"));

    g_assert_true (gtk_widget_get_prev_sibling (get_by_name (row, "error-label")) == state_line);
    g_assert_true (gtk_widget_get_visible (get_by_name (row, "retry-button")));
    g_assert_true (gtk_widget_get_prev_sibling (get_by_name (row, "retry-button")) ==
                   gtk_widget_get_parent (state_line));
    g_assert_false (row_shows (row, "open-button"));
  }

  /* The actions menu is made when first opened; it offers what fits a
   * failed job, and leaves out what needs a result. */
  {
    GtkMenuButton *menu_button = GTK_MENU_BUTTON (get_by_name (row, "menu-button"));
    GtkWidget *popover;

    g_assert_null (gtk_menu_button_get_popover (menu_button));
    gtk_menu_button_popup (menu_button);
    cutout_test_ui_iterate (100);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    g_assert_true (gtk_widget_is_visible (find_label_with_text (popover, "Retry")));
    g_assert_true (gtk_widget_is_visible (find_label_with_text (popover, "Remove from Queue")));
    /* Items whose action is disabled are left out of the menu. */
    g_assert_null (find_label_with_text (popover, "Open Result"));
    g_assert_null (find_label_with_text (popover, "Cancel"));
    gtk_menu_button_popdown (menu_button);
    cutout_test_ui_iterate (50);
  }

  row = find_row (fixture, "empty.png");
  g_assert_cmpstr (row_label (row, "error-label"), ==, "Uploaded file is empty (0 bytes).");
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/rmbg"), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_by_name (GTK_WIDGET (fixture->page), "counts"))),
                   ==, "2 failed");

  /* Several details are shown one per line. */
  error = cutout_api_error_new (CUTOUT_API_ERROR_MULTIPLE_ERRORS, 400, "Multiple validation errors");
  cutout_api_error_add_detail (error, "w", "'w' must be an integer, got: 'abc'", CUTOUT_API_ERROR_NOT_AN_INTEGER);
  cutout_api_error_add_detail (error, "angle", "'angle' must be between -360 and 360 degrees, got: 500.0",
                               CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE);
  text = cutout_queue_row_format_error (error);
  g_assert_cmpstr (text, ==,
                   "Multiple validation errors\n"
                   "'w' must be an integer, got: 'abc'\n"
                   "'angle' must be between -360 and 360 degrees, got: 500.0");
}

static void
test_waiting (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const names[] = { "slow.png", NULL };
  GtkWidget *bar = get_by_name (GTK_WIDGET (fixture->page), "wait-bar");
  const char *text;

  g_free (cutout_test_write_image (fixture->dir, "slow.png", 40, 40, "png"));
  add_images (fixture, names, 1);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));

  /* A 429 "too quickly" with Retry-After: the queue waits by itself. */
  cutout_fake_server_fail_next (fixture->server, 1, 429, FALSE, 60);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_WAITING), 30000, "the wait");
  cutout_test_ui_iterate (50);

  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
  g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (bar)), ==, GTK_MESSAGE_INFO);
  text = gtk_label_get_text (GTK_LABEL (get_by_name (bar, "wait-message")));
  g_assert_true (g_str_has_prefix (text, "The service asks to slow down, so the queue waits a moment. Next try at "));
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (get_by_name (GTK_WIDGET (fixture->page), "stop-bar"))));
  g_assert_true (gtk_widget_get_visible (get_by_name (GTK_WIDGET (fixture->page), "pause-button")));
  cutout_test_ui_screenshot (fixture->window, "queue-waiting-light");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel-all", NULL));
  cutout_test_ui_iterate (50);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)));
}

static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "copied.png", 30, 20, "png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->page));
  GdkFileList *list = gdk_file_list_new_from_array (&file, 1);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(CutoutJob) job = NULL;
  g_autoptr(GdkPixbuf) pasted = NULL;
  g_autofree char *cache = NULL;

  /* Copied files. */
  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.paste", NULL));
  wait_until (fixture, has_n_items, GUINT_TO_POINTER (1), 10000, "the pasted file");
  cutout_test_ui_iterate (50);
  g_assert_nonnull (find_row (fixture, "copied.png"));

  /* Copied image data becomes a PNG in the cache folder. */
  pixbuf = cutout_test_load_pixbuf (path);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gdk_clipboard_set_texture (clipboard, texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.paste", NULL));
  wait_until (fixture, has_n_items, GUINT_TO_POINTER (2), 10000, "the pasted image");

  job = g_list_model_get_item (G_LIST_MODEL (fixture->queue), 1);
  cache = g_build_filename (g_get_user_cache_dir (), "cutout", "pasted", NULL);
  g_assert_true (g_str_has_prefix (g_file_peek_path (cutout_job_get_input (job)), cache));
  g_assert_true (g_str_has_prefix (cutout_job_get_display_name (job), "pasted-"));
  g_assert_true (g_str_has_suffix (cutout_job_get_display_name (job), ".png"));
  pasted = cutout_test_load_pixbuf (g_file_peek_path (cutout_job_get_input (job)));
  g_assert_cmpint (gdk_pixbuf_get_width (pasted), ==, 30);
  g_assert_cmpint (gdk_pixbuf_get_height (pasted), ==, 20);
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Stall;

static gboolean
stall_tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  stall->longest = MAX (stall->longest, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

/* Rows already in the list before the drop in test_many_files. */
#define N_WARM 20

/* A drop of 10,000 files: the rows appear within a second and the main
 * loop keeps turning (the folder is walked in a thread, the list makes
 * its rows over several frames, thumbnails load only for the rows the
 * list has). */
static void
test_many_files (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "shoot", NULL);
  g_autofree char *image = cutout_test_write_image (fixture->dir, "seed.png", 40, 30, "png");
  g_autofree char *bytes = NULL;
  g_autoptr(GFile) file = NULL;
  Stall stall = { g_get_monotonic_time (), 0 };
  gint64 start;
  gsize len;
  guint tick;

  g_assert_true (g_file_get_contents (image, &bytes, &len, NULL));
  g_mkdir_with_parents (folder, 0755);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%05u.png", i);

      g_free (cutout_test_write_bytes (folder, name, bytes, len));
    }

  /* Under Xvfb the GL renderer is llvmpipe, which compiles its shaders
   * the first time a kind of drawing is shown: a list that already
   * scrolls, with thumbnails, keeps that out of what is measured. */
  {
    g_autofree char *warm = g_build_filename (fixture->dir, "warm", NULL);
    g_autoptr(GFile) warm_file = g_file_new_for_path (warm);

    g_mkdir_with_parents (warm, 0755);
    for (guint i = 0; i < N_WARM; i++)
      {
        g_autofree char *name = g_strdup_printf ("warm-%02u.png", i);

        g_free (cutout_test_write_bytes (warm, name, bytes, len));
      }
    cutout_queue_page_add_files (fixture->page, &warm_file, 1);
    wait_until (fixture, has_n_items, GUINT_TO_POINTER (N_WARM), 10000, "the first rows");
    wait_until (fixture, thumbnail_loaded, "warm-00.png", 5000, "a thumbnail");
    cutout_test_ui_iterate (300);
  }

  file = g_file_new_for_path (folder);
  tick = g_timeout_add (5, stall_tick_cb, &stall);
  start = g_get_monotonic_time ();
  stall.last = start;
  cutout_queue_page_add_files (fixture->page, &file, 1);
  wait_until (fixture, has_n_items, GUINT_TO_POINTER (N_WARM + 10000), 60000, "10,000 more rows");
  g_test_message ("10,000 files: rows after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  cutout_test_ui_iterate (500);
  g_source_remove (tick);
  g_test_message ("Longest main loop stall: %.0f ms", stall.longest / 1000.0);

  g_assert_nonnull (find_row (fixture, "warm-00.png"));
  /* Only the visible rows exist: the list view recycles them. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_rows (GTK_WIDGET (fixture->page), rows);
    g_assert_cmpuint (rows->len, <, 400);
  }
  /* The rows appear over a few frames, so the main loop never waits
   * long (here some 100 ms in a debug build with malloc checks); this
   * bound is loose for a loaded machine (tests/bench/bench-drop.sh
   * measures the real figure, in a release build). */
  g_assert_cmpint (stall.longest, <, 500 * 1000);

  /* The list shows the queue in its order, to the last job. */
  {
    g_autoptr(CutoutJob) listed = g_list_model_get_item (list_model (fixture), N_WARM + 9999);
    g_autoptr(CutoutJob) queued = g_list_model_get_item (G_LIST_MODEL (fixture->queue), N_WARM + 9999);

    g_assert_true (listed == queued);
    g_assert_cmpstr (cutout_job_get_display_name (listed), ==, "IMG_09999.png");
  }

  /* Scrolling to a far row binds it. */
  g_assert_null (find_row (fixture, "IMG_09998.png"));
  g_assert_true (gtk_widget_activate_action (get_by_name (GTK_WIDGET (fixture->page), "queue-list"),
                                             "list.scroll-to-item", "u", N_WARM + 9998));
  cutout_test_ui_iterate (200);
  g_assert_nonnull (find_row (fixture, "IMG_09998.png"));

  /* Selecting the last one makes it the selected job; Delete removes it
   * from the queue and the list. */
  {
    g_autoptr(CutoutJob) last = g_list_model_get_item (G_LIST_MODEL (fixture->queue), N_WARM + 9999);
    g_autoptr(CutoutJob) selected = NULL;

    g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture)), N_WARM + 9999, TRUE));
    cutout_test_ui_iterate (50);
    g_object_get (fixture->page, "selected-job", &selected, NULL);
    g_assert_true (selected == last);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.remove-selected", NULL));
    cutout_test_ui_iterate (50);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, N_WARM + 9999);
    g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, N_WARM + 9999);
    g_clear_object (&selected);
    selected = g_list_model_get_item (G_LIST_MODEL (fixture->queue), N_WARM + 9998);
    g_assert_cmpstr (cutout_job_get_display_name (selected), ==, "IMG_09998.png");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel-all", NULL));
}

/* Ctrl+A while the rows of a large add are still appearing selects
 * every job, not only the rows shown so far; Ctrl+A goes to the page's
 * action before the list view's own. */
static void
test_select_all_while_growing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *list = get_by_name (GTK_WIDGET (fixture->page), "queue-list");
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GListModel) controllers = NULL;
  gboolean bound = FALSE;
  GList *list_of_files = NULL;

  cutout_test_ui_iterate (100);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/IMG_%03u.png", fixture->dir, i);

      list_of_files = g_list_prepend (list_of_files, g_file_new_for_path (path));
    }
  list_of_files = g_list_reverse (list_of_files);
  cutout_queue_add_files (fixture->queue, list_of_files, NULL);
  g_list_free_full (list_of_files, g_object_unref);

  /* The list shows a few rows first. */
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), <, 300);
  g_assert_true (gtk_widget_activate_action (list, "queue.select-all", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture)), ==, 300);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (list_model (fixture)));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 300);
  cutout_test_ui_iterate (100);
  g_clear_pointer (&selected, gtk_bitset_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (list_model (fixture)));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 300);

  /* Delete then empties the queue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.remove-selected", NULL));
  cutout_test_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, 0);

  /* Ctrl+A on the list is the page's, in the capture phase. */
  controllers = gtk_widget_observe_controllers (list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !bound; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (g_strcmp0 (trigger, "<Control>a") == 0 && g_strcmp0 (action, "action(queue.select-all)") == 0)
            bound = TRUE;
        }
    }
  g_assert_true (bound);
}

/* Screenshots of a batch with rows in several states. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const first[] = { "beach.png", "portrait.jpg", NULL };
  static const char * const second[] = { "beach.png", "portrait.jpg", "not-a-photo.png",
                                         "a-rather-long-file-name-from-a-camera-IMG_20260114_093512.jpg",
                                         "mountain.png", NULL };

  g_object_set (fixture->queue, "max-in-flight", 1, NULL);
  g_free (cutout_test_write_image (fixture->dir, "beach.png", 800, 600, "png"));
  g_free (cutout_test_write_image (fixture->dir, "portrait.jpg", 600, 800, "jpeg"));
  g_free (cutout_test_write_bytes (fixture->dir, "not-a-photo.png", "plain text", 10));
  g_free (cutout_test_write_image (fixture->dir, "a-rather-long-file-name-from-a-camera-IMG_20260114_093512.jpg",
                                   1600, 1200, "jpeg"));
  g_free (cutout_test_write_image (fixture->dir, "mountain.png", 1024, 768, "png"));

  cutout_context_refresh_usage (fixture->context);
  add_images (fixture, first, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, queue_in_state, GINT_TO_POINTER (CUTOUT_QUEUE_STATE_FINISHED), 30000, "the first batch");

  /* The rest downloads slowly, so that a row is caught mid-way. */
  cutout_fake_server_set_trickle (fixture->server, 5000);
  {
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 2; second[i] != NULL; i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, second[i], NULL);

        g_ptr_array_add (files, g_file_new_for_path (path));
      }
    cutout_queue_page_add_files (fixture->page, (GFile **) files->pdata, files->len);
  }
  wait_until (fixture, has_n_items, GUINT_TO_POINTER (5), 10000, "the second rows");
  wait_until (fixture, queue_not_preparing, NULL, 10000, "preflight");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.start", NULL));
  wait_until (fixture, job_downloading, NULL, 60000, "a download");
  wait_until (fixture, thumbnail_loaded, "mountain.png", 5000, "a thumbnail");

  cutout_test_ui_screenshot (fixture->window, "queue-running-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (fixture->window, "queue-running-dark");
  cutout_test_ui_set_dark (FALSE);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  cutout_test_ui_iterate (200);
  cutout_test_ui_screenshot (fixture->window, "queue-narrow-light");

  /* Whatever the screenshots showed, the rows tell the states. */
  g_assert_cmpstr (row_label (find_row (fixture, "beach.png"), "state-label"), ==, "Done");
  g_assert_cmpstr (row_label (find_row (fixture, "not-a-photo.png"), "state-label"), ==, "Failed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel-all", NULL));
  cutout_test_ui_iterate (100);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = cutout_test_make_tmpdir ();
  int status;

  /* Pasted images are written below the user's cache folder. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cutout_test_ui_set_dark (FALSE);

#define ADD(name, func, key) \
  g_test_add ("/queue-page/" name, Fixture, key, fixture_set_up, func, fixture_tear_down)

  ADD ("empty-state", test_empty_state, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("add-files", test_add_files, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("drop", test_drop, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("start-sensitivity", test_start_sensitivity, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("batch", test_batch, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("stop-invalid-key", test_stop_invalid_key, "wrong");
  ADD ("no-key-hint", test_no_key_hint, NULL);
  ADD ("forecast", test_forecast, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("error-row", test_error_row, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("waiting", test_waiting, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("paste", test_paste, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("many-files", test_many_files, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("select-all-while-growing", test_select_all_while_growing, CUTOUT_FAKE_SERVER_VALID_KEY);
  ADD ("screenshots", test_screenshots, CUTOUT_FAKE_SERVER_VALID_KEY);
#undef ADD
  add_watch_tests ();

  status = g_test_run ();
  cutout_test_rm_rf (cache);
  return status;
}
