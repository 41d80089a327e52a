/* test-window-hr.c — the real window in Croatian, with a small batch, light and dark
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "cutout-application.h"
#include "cutout-fake-server.h"
#include "cutout-history-page.h"
#include "cutout-queue-page.h"
#include "cutout-usage-page.h"
#include "cutout-window.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

/* The app, its window and the fake service live for the whole program,
 * as a user's session would: the places are visited one after another. */
static CutoutApplication *the_app;
static CutoutFakeServer *the_server;
static char *the_dir;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* TRUE when a label showing exactly @text is mapped below @root: what
 * a user sees, not what a template says. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static CutoutWindow *
the_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (the_app));

  g_assert_true (CUTOUT_IS_WINDOW (window));
  return CUTOUT_WINDOW (window);
}

static void
screenshots (const char *name)
{
  g_autofree char *light = g_strdup_printf ("%s-hr-light", name);
  g_autofree char *dark = g_strdup_printf ("%s-hr-dark", name);

  cutout_test_ui_screenshot (GTK_WIDGET (the_window ()), light);
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_iterate (100);
  cutout_test_ui_screenshot (GTK_WIDGET (the_window ()), dark);
  cutout_test_ui_set_dark (FALSE);
  cutout_test_ui_iterate (50);
}

/* The catalogue is found and used: the three places and the empty
 * queue speak Croatian. */
static void
test_places (void)
{
  CutoutWindow *window = the_window ();
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  const struct { const char *name, *title; } places[] = {
    { "queue", "Red čekanja" },
    { "history", "Povijest" },
    { "usage", "Potrošnja" },
  };

  g_assert_nonnull (stack);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, places[i].name);

      g_assert_nonnull (child);
      g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child)), ==, places[i].title);
      /* The view switcher in the header bar shows it too. */
      g_assert_true (shows_label (GTK_WIDGET (window), places[i].title));
    }

  cutout_window_show_page (window, "queue");
  cutout_test_ui_iterate (200);
  g_assert_true (shows_label (GTK_WIDGET (window), "Ispustite slike ovdje"));
  screenshots ("window");
}

/* A small batch against the fake service, then each place with content. */
static void
test_batch_pages (void)
{
  CutoutWindow *window = the_window ();
  CutoutQueuePage *queue_page = CUTOUT_QUEUE_PAGE (find_widget (GTK_WIDGET (window), CUTOUT_TYPE_QUEUE_PAGE));
  CutoutContext *context = cutout_application_get_context (the_app);
  CutoutQueue *queue = cutout_context_get_queue (context);
  const char *names[] = { "portret.png", "proizvod.jpg", "krajolik.png" };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *out = g_build_filename (the_dir, "izlaz", NULL);
  guint done = 0;

  g_assert_nonnull (queue_page);
  g_settings_set_string (cutout_context_get_settings (context), "output-folder", out);
  /* No notification server on the test bus: GLib would warn (fatally
   * here) when the batch ends while the window is not focused. */
  g_settings_set_boolean (cutout_context_get_settings (context), "notify-on-finish", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = cutout_test_write_image (the_dir, names[i], 640 - 80 * i, 480,
                                                       g_str_has_suffix (names[i], ".jpg") ? "jpeg" : "png");

      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  cutout_window_add_files (window, (GFile **) files->pdata, files->len);
  for (guint i = 0; i < 300 && g_list_model_get_n_items (G_LIST_MODEL (queue)) < files->len; i++)
    cutout_test_ui_iterate (10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, files->len);

  /* "Start" is a Croatian button now. */
  g_assert_true (shows_label (GTK_WIDGET (window), "Pokreni"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue_page), "queue.start", NULL));
  for (guint i = 0; i < 1000 && done < files->len; i++)
    {
      cutout_test_ui_iterate (10);
      done = 0;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (queue)); j++)
        {
          g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), j);

          done += cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE;
        }
    }
  g_assert_cmpuint (done, ==, files->len);
  g_assert_cmpuint (cutout_fake_server_count_charged (the_server), ==, files->len);
  cutout_test_ui_iterate (300);
  screenshots ("queue");

  cutout_window_show_page (window, "history");
  cutout_test_ui_iterate (500);
  g_assert_true (shows_label (GTK_WIDGET (window), "portret.png"));
  screenshots ("history");

  cutout_window_show_page (window, "usage");
  cutout_test_ui_iterate (800);
  screenshots ("usage");
  cutout_window_show_page (window, "queue");
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("CUTOUT_TEST_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int status;

  /* A history and queue of this run only (set before GLib reads them). */
  the_dir = cutout_test_make_tmpdir ();
  {
    g_autofree char *data = g_build_filename (the_dir, "data", NULL);
    g_autofree char *cache = g_build_filename (the_dir, "cache", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }

  /* What src/main.c does, with the build's compiled catalogues. */
  g_setenv ("LANGUAGE", "hr", TRUE);
  if (locale_dir == NULL)
    g_error ("CUTOUT_TEST_LOCALEDIR must name the build's compiled catalogues");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() keeps the "C" locale, where glibc ignores LANGUAGE;
   * C.UTF-8 (always present) lets it pick the catalogue. */
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  the_server = cutout_fake_server_new ();
  g_assert_true (cutout_fake_server_start (the_server, 0, &error));
  g_assert_no_error (error);
  g_setenv ("CUTOUT_API_URL", cutout_fake_server_get_url (the_server), TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", cutout_fake_server_get_url (the_server), TRUE);
  g_setenv ("CUTOUT_API_KEY", CUTOUT_FAKE_SERVER_VALID_KEY, TRUE);

  the_app = cutout_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (the_app));
  cutout_test_ui_iterate (300);

  g_test_add_func ("/i18n/window-hr/places", test_places);
  g_test_add_func ("/i18n/window-hr/batch-pages", test_batch_pages);
  status = g_test_run ();

  cutout_queue_cancel_all (cutout_context_get_queue (cutout_application_get_context (the_app)));
  gtk_window_destroy (GTK_WINDOW (the_window ()));
  cutout_test_ui_iterate (0);
  g_clear_object (&the_app);
  cutout_fake_server_stop (the_server);
  g_clear_object (&the_server);
  cutout_test_rm_rf (the_dir);
  g_free (the_dir);
  return status;
}
