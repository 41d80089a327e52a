/* test-queue-page-util.c — the Queue page tests' fixture and helpers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-queue-page-util.h"

/* Widgets ------------------------------------------------------------------ */

GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
get_by_name (GtkWidget  *root,
             const char *name)
{
  GtkWidget *widget = find_by_name (root, name);

  if (widget == NULL)
    g_error ("No widget named %s", name);
  return widget;
}

GtkWidget *
find_label_with_text (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  if (CUTOUT_IS_QUEUE_ROW (root) && cutout_queue_row_get_job (CUTOUT_QUEUE_ROW (root)) != NULL)
    g_ptr_array_add (rows, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The bound row showing the file called @name, or NULL. */
GtkWidget *
find_row (Fixture    *fixture,
          const char *name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (fixture->page), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *label = get_by_name (row, "name-label");

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0)
        return row;
    }

  return NULL;
}

/* Whether @row shows its part called @name: a row makes its rarely shown
 * parts (progress bar, error and note labels, override marker) only when
 * first needed, so a part it does not have is not shown either. */
gboolean
row_shows (GtkWidget  *row,
           const char *name)
{
  GtkWidget *part = find_by_name (row, name);

  return part != NULL && gtk_widget_get_visible (part);
}

const char *
row_label (GtkWidget  *row,
           const char *name)
{
  return gtk_label_get_text (GTK_LABEL (get_by_name (row, name)));
}

GListModel *
list_model (Fixture *fixture)
{
  GtkWidget *list = get_by_name (GTK_WIDGET (fixture->page), "queue-list");

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

/* Waiting ------------------------------------------------------------------ */

void
wait_until (Fixture       *fixture,
            Condition      condition,
            gconstpointer  data,
            guint          timeout_ms,
            const char    *what)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * (gint64) 1000;

  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > end)
        {
          /* What the queue was doing, to tell a slow machine from a bug. */
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)); i++)
            {
              g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (fixture->queue), i);
              const GError *error = cutout_job_get_error (job);

              g_printerr ("job %u: state %d, upload %.2f, download %.2f, error %s\n", i,
                          cutout_job_get_state (job), cutout_job_get_upload_fraction (job),
                          cutout_job_get_download_fraction (job), error != NULL ? error->message : "none");
            }
          g_error ("Timed out waiting for %s", what);
        }
      cutout_test_ui_iterate (10);
    }
}

gboolean
has_n_items (Fixture       *fixture,
             gconstpointer  data)
{
  return g_list_model_get_n_items (list_model (fixture)) == GPOINTER_TO_UINT (data) &&
         !cutout_queue_page_get_adding (fixture->page);
}

gboolean
has_label (Fixture       *fixture,
           gconstpointer  data)
{
  return find_label_with_text (fixture->window, data) != NULL;
}

gboolean
queue_in_state (Fixture       *fixture,
                gconstpointer  data)
{
  return cutout_queue_get_state (fixture->queue) == (CutoutQueueState) GPOINTER_TO_INT (data);
}

gboolean
queue_not_preparing (Fixture       *fixture,
                     gconstpointer  data)
{
  gboolean preparing;

  g_object_get (fixture->queue, "preparing", &preparing, NULL);
  return !preparing;
}

gboolean
job_downloading (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->queue);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (model, i);

      if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_DOWNLOADING &&
          cutout_job_get_download_fraction (job) > 0.2)
        return TRUE;
    }
  return FALSE;
}

gboolean
thumbnail_loaded (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *row = find_row (fixture, data);
  GtkImage *image;

  if (row == NULL)
    return FALSE;
  image = GTK_IMAGE (get_by_name (row, "thumbnail"));
  return gtk_image_get_storage_type (image) == GTK_IMAGE_PAINTABLE;
}

/* Fixture -------------------------------------------------------------------- */

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  fixture->server = cutout_fake_server_new ();
  cutout_fake_server_start (fixture->server, 0, &error);
  g_assert_no_error (error);

  g_setenv ("CUTOUT_API_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  g_setenv ("CUTOUT_API_KEY", data != NULL ? data : "", TRUE);

  fixture->settings = g_settings_new ("io.github.cutoutapp.Cutout");
  /* The memory backend lives as long as the process: no test inherits
   * another's watched folder. */
  g_settings_reset (fixture->settings, "watch-folder");
  g_settings_reset (fixture->settings, "watch-enabled");
  fixture->dir = cutout_test_make_tmpdir ();
  fixture->store_path = g_build_filename (fixture->dir, "cutout.db", NULL);
  fixture->context = cutout_context_new (fixture->settings, fixture->store_path);
  fixture->queue = cutout_context_get_queue (fixture->context);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 640);
  overlay = adw_toast_overlay_new ();
  fixture->page = cutout_queue_page_new (fixture->context);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cutout_test_ui_iterate (50);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cutout_queue_shutdown (fixture->queue);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  cutout_test_ui_iterate (50);
  g_clear_object (&fixture->context);
  cutout_test_ui_iterate (20);
  g_clear_object (&fixture->settings);
  cutout_fake_server_stop (fixture->server);
  g_clear_object (&fixture->server);
  cutout_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
  cutout_test_ui_set_dark (FALSE);
}

/* Adds images that exist in @fixture->dir and waits for their rows. */
void
add_images (Fixture            *fixture,
            const char * const *names,
            guint               expected_items)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  cutout_queue_page_add_files (fixture->page, (GFile **) files->pdata, files->len);
  wait_until (fixture, has_n_items, GUINT_TO_POINTER (expected_items), 10000, "the rows");
  cutout_test_ui_iterate (50);
}
