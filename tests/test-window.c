/* test-window.c — the main window, built for real under Xvfb
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "cutout-application.h"
#include "cutout-window.h"

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

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_window_empty_state (void)
{
  g_autoptr(CutoutApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwStatusPage *page;

  g_assert_true (CUTOUT_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  iterate ();

  page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                         CUTOUT_TYPE_WINDOW,
                                                         "empty_page"));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Remove Image Backgrounds");

  /* The application's actions are there and the window is the only one. */
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "about"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "quit"));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  gtk_window_destroy (window);
  iterate ();
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
  gtk_window_close (window);
  iterate ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window starts at the stored size. */
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);
  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
