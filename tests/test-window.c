/* test-window.c — the main window, built for real under Xvfb
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "cutout-application.h"
#include "cutout-history-page.h"
#include "cutout-options-panel.h"
#include "cutout-preferences-window.h"
#include "cutout-usage-page.h"
#include "cutout-window.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

/* One application for the whole test program: it is registered on the
 * (private) session bus once, as a running app would be. */
static CutoutApplication *the_app;

static CutoutApplication *
start_application (void)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      the_app = cutout_application_new ();
      g_application_set_flags (G_APPLICATION (the_app),
                               g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
    }
  g_application_activate (G_APPLICATION (the_app));

  return g_object_ref (the_app);
}

static GtkWidget *
template_child (GtkWindow  *window,
                const char *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), CUTOUT_TYPE_WINDOW, name));

  g_assert_nonnull (child);
  return child;
}

/* Destroys @window and proves that it and every page it built are
 * finalized: a reference on each is taken while the window is alive. */
static void
destroy_window (GtkWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (template_child (window, "view_stack"));
  AdwFlap *flap = ADW_FLAP (adw_view_stack_get_child_by_name (stack, "queue"));
  GtkWidget *panel = adw_flap_get_flap (flap);
  gpointer objects[] = {
    window,
    flap,
    adw_flap_get_content (flap),
    panel,
    gtk_widget_get_template_child (panel, CUTOUT_TYPE_OPTIONS_PANEL, "preview"),
    adw_view_stack_get_child_by_name (stack, "history"),
    adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "history"))),
    adw_view_stack_get_child_by_name (stack, "usage"),
    adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "usage"))),
    adw_bin_get_child (ADW_BIN (template_child (window, "welcome_slot"))),
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    if (objects[i] != NULL)
      g_object_ref (objects[i]);

  gtk_window_destroy (window);
  cutout_test_ui_iterate (0);

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    if (objects[i] != NULL)
      cutout_test_ui_assert_finalized (objects[i]);
}

/* The first toplevel of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
test_window_pages (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwViewStack *stack;
  GtkWidget *options_button;
  GtkStack *main_stack;

  g_assert_true (CUTOUT_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  cutout_test_ui_iterate (200);

  /* The key comes from the environment here: no welcome page. */
  main_stack = GTK_STACK (template_child (window, "main_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "main");

  /* Three places, the queue first. */
  stack = ADW_VIEW_STACK (template_child (window, "view_stack"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "queue"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "history"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "usage"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "queue");

  /* The options panel, History and Usage come in the frames after the
   * window's first. */
  {
    AdwFlap *flap = ADW_FLAP (adw_view_stack_get_child_by_name (stack, "queue"));

    g_assert_true (CUTOUT_IS_OPTIONS_PANEL (adw_flap_get_flap (flap)));
    g_assert_true (gtk_widget_get_mapped (adw_flap_get_flap (flap)));
    g_assert_true (CUTOUT_IS_HISTORY_PAGE (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "history")))));
    g_assert_true (CUTOUT_IS_USAGE_PAGE (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "usage")))));
  }

  /* The options belong to the queue page only. */
  options_button = template_child (window, "options_button");
  g_assert_true (gtk_widget_get_visible (options_button));
  cutout_test_ui_screenshot (GTK_WIDGET (window), "window-queue-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (GTK_WIDGET (window), "window-queue-dark");
  cutout_test_ui_set_dark (FALSE);

  cutout_window_show_page (CUTOUT_WINDOW (window), "history");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "history");
  g_assert_false (gtk_widget_get_visible (options_button));
  cutout_window_show_page (CUTOUT_WINDOW (window), "usage");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "usage");

  /* The application's actions are there and the window is the only one. */
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "about"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "quit"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "preferences"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "set-key"));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  destroy_window (window);
}

/* A page asked for before its frame came (a window not shown yet, a
 * switch right at the start) is made at once. */
static void
test_window_pages_on_demand (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  CutoutWindow *window = cutout_window_new (app);
  AdwViewStack *stack = ADW_VIEW_STACK (template_child (GTK_WINDOW (window), "view_stack"));
  AdwBin *history = ADW_BIN (adw_view_stack_get_child_by_name (stack, "history"));
  AdwBin *usage = ADW_BIN (adw_view_stack_get_child_by_name (stack, "usage"));

  g_assert_null (adw_bin_get_child (history));
  g_assert_null (adw_bin_get_child (usage));
  cutout_window_show_page (window, "usage");
  g_assert_true (CUTOUT_IS_USAGE_PAGE (adw_bin_get_child (usage)));
  g_assert_null (adw_bin_get_child (history));
  adw_view_stack_set_visible_child_name (stack, "history");
  g_assert_true (CUTOUT_IS_HISTORY_PAGE (adw_bin_get_child (history)));

  destroy_window (GTK_WINDOW (window));
}

/* The application's windows: Preferences and About open over the main
 * window, and each is gone for good once closed. */
static void
test_window_dialogs (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWindow *dialog;

  cutout_test_ui_iterate (50);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  cutout_test_ui_iterate (50);
  dialog = find_toplevel (CUTOUT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  cutout_test_ui_destroy_and_assert (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "set-key", NULL);
  cutout_test_ui_iterate (50);
  dialog = find_toplevel (CUTOUT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (dialog)), ==, "account");
  cutout_test_ui_destroy_and_assert (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  cutout_test_ui_iterate (50);
  dialog = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (dialog)), ==, "Cutout");
  cutout_test_ui_destroy_and_assert (dialog);

  /* The shortcuts window (Ctrl+?) is made when first asked for, and
   * closing it keeps it for the next time; it goes with the window. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
    const char *const expected[] = { "<Control>question", NULL };
    GtkWindow *shortcuts;

    g_assert_cmpstrv (accels, expected);
    g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
    cutout_test_ui_iterate (50);
    shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    g_assert_nonnull (shortcuts);
    g_assert_true (gtk_window_get_transient_for (shortcuts) == window);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
    cutout_test_ui_screenshot (GTK_WIDGET (shortcuts), "shortcuts-light");
    cutout_test_ui_set_dark (TRUE);
    cutout_test_ui_screenshot (GTK_WIDGET (shortcuts), "shortcuts-dark");
    cutout_test_ui_set_dark (FALSE);
    g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);

    gtk_window_close (shortcuts);
    cutout_test_ui_iterate (50);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
    cutout_test_ui_iterate (50);
    g_assert_true (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));

    destroy_window (window);
    g_assert_null (shortcuts);
  }
}

/* Files opened from the command line or the file manager land in the
 * queue, and the queue page shows them. */
static void
test_window_open_files (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  CutoutQueue *queue = cutout_context_get_queue (cutout_application_get_context (app));
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *a = cutout_test_write_image (dir, "a.png", 64, 48, "png");
  g_autofree char *b = cutout_test_write_image (dir, "b.jpg", 48, 64, "jpeg");
  GFile *files[2];
  guint before = g_list_model_get_n_items (G_LIST_MODEL (queue));

  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);
  cutout_window_show_page (CUTOUT_WINDOW (window), "usage");
  g_application_open (G_APPLICATION (app), files, 2, "");
  for (guint i = 0; i < 200 && g_list_model_get_n_items (G_LIST_MODEL (queue)) < before + 2; i++)
    cutout_test_ui_iterate (10);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, before + 2);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (template_child (window, "view_stack"))),
                   ==, "queue");

  g_object_unref (files[0]);
  g_object_unref (files[1]);
  cutout_queue_cancel_all (queue);
  cutout_queue_clear_finished (queue);
  destroy_window (window);
  cutout_test_rm_rf (dir);
}

static void
test_window_remembers_size (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  GSettings *settings = cutout_application_get_settings (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  int width, height;

  g_assert_nonnull (settings);
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "window-width"));
  g_assert_cmpint (height, ==, g_settings_get_int (settings, "window-height"));

  gtk_window_set_default_size (window, 700, 500);
  /* Closing destroys the window: it must be finalized too. */
  g_object_ref (window);
  gtk_window_close (window);
  cutout_test_ui_iterate (0);
  cutout_test_ui_assert_finalized (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window starts at the stored size; narrow, it still works. */
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 700);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 360);
  g_assert_cmpint (height, ==, 700);
  cutout_test_ui_iterate (300);
  cutout_test_ui_screenshot (GTK_WIDGET (window), "window-narrow-light");
  destroy_window (window);
}

static gboolean
quit_idle_cb (gpointer data)
{
  GtkWindow **window = data;
  GApplication *app = g_application_get_default ();

  /* The window g_application_run() activated; then Quit, as a user would. */
  *window = g_object_ref (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* The last test: quitting closes the window, shuts the application down,
 * and then the application, its window and its core are finalized. */
static void
test_window_application_finalized (void)
{
  CutoutApplication *app = start_application ();
  CutoutContext *context = g_object_ref (cutout_application_get_context (app));
  GtkWindow *window = NULL;

  destroy_window (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_idle_add (quit_idle_cb, &window);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_nonnull (window);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  cutout_test_ui_iterate (0);
  cutout_test_ui_assert_finalized (window);

  g_object_unref (app);
  cutout_test_ui_assert_finalized (g_steal_pointer (&the_app));
  cutout_test_ui_assert_finalized (context);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The app's core: a key from the environment, a dead service. */
  g_setenv ("CUTOUT_API_KEY", "test-key-valid", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/pages-on-demand", test_window_pages_on_demand);
  g_test_add_func ("/window/dialogs", test_window_dialogs);
  g_test_add_func ("/window/open-files", test_window_open_files);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/application-finalized", test_window_application_finalized);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
