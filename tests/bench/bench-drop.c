/* bench-drop.c — times a drop of 10,000 images on the real window: rows listed, longest main-loop stall
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Built and run by tests/bench/bench-drop.sh against a release build with
 * the UI (libcutout-ui.a, libcutout-core.a and the compiled resources),
 * under Xvfb and a private session bus.
 *
 *   bench-drop [N [ROUNDS]] [--json]
 *
 * makes N small PNG files once (in $BENCH_DROP_DIR, default
 * $TMPDIR/cutout-bench-drop-N), then runs ROUNDS rounds of three cases,
 * each round in a child process of its own so that every round starts
 * with a fresh window and an empty history:
 *
 *  - app:     the real CutoutWindow with its history database; the files
 *             are dropped on the queue page as a GdkFileList, through the
 *             page's own GtkDropTarget;
 *  - nostore: the same without a history database (it cannot be opened),
 *             so nothing is written to SQLite;
 *  - plain:   the baseline, a GtkListView over a GListStore of the same
 *             GFiles, rows of a thumbnail and a label, thumbnails loaded in
 *             threads as the app does.
 *
 * Figures per round: rows = from the drop until the list has every row
 * and a frame has been painted after that; stall = the longest gap seen by
 * a 1 ms probe (a high-priority timeout) from the drop until the visible
 * thumbnails are loaded and every job is in the history; stall3s = the
 * same over the first three seconds after the drop whatever happens
 * (the background checks of the new files run meanwhile); thumbs = until
 * the visible thumbnails are loaded; stored = until every job has its
 * history row. A fourth case, core, measures the store's share alone
 * (no window): cutout_queue_add_files () against
 * cutout_queue_add_files_async () on a queue with a history database.
 * Medians are printed as tables (and a JSON line). */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cutout-application.h"
#include "cutout-context.h"
#include "cutout-queue-page.h"
#include "cutout-queue-row.h"
#include "cutout-window.h"

#define ROUND_TIMEOUT_US (120 * G_USEC_PER_SEC)
#define THUMB_SIZE 96

typedef enum
{
  MODE_APP,
  MODE_NOSTORE,
  MODE_PLAIN,
  N_MODES
} Mode;

static const char *mode_names[N_MODES] = { "app", "nostore", "plain" };

enum { FIG_ROWS, FIG_STALL, FIG_STALL3, FIG_THUMBS, FIG_STORED, N_FIGS };

static const char *fig_names[N_FIGS] = { "rows_ms", "stall_ms", "stall3s_ms", "thumbs_ms", "stored_ms" };

/* ---- One round, in a child process ---------------------------------------- */

typedef struct
{
  Mode         mode;
  guint        n;
  GtkWidget   *list_view;
  GListModel  *model;       /* what the list view shows */
  CutoutQueue *queue;       /* NULL in the plain case */
  gint64       t0;          /* the drop; 0 before */
  gint64       last_tick;
  gint64       max_gap;
  gint64       max_gap_3s;
  gint64       t_model;     /* the model has every row */
  gint64       t_rows;      /* a frame painted after that */
  gint64       t_thumbs;
  gint64       t_stored;
  gboolean     done;
} Round;

static Round round_state;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @widget shows some of its height inside the list view. */
static gboolean
is_in_view (GtkWidget *widget,
            GtkWidget *list_view)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, list_view, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (list_view);
}

static gboolean
image_has_texture (GtkImage *image)
{
  return gtk_image_get_storage_type (image) == GTK_IMAGE_PAINTABLE &&
         GDK_IS_TEXTURE (gtk_image_get_paintable (image));
}

/* Every row in view has its thumbnail (and there is at least one row). */
static gboolean
visible_thumbnails_loaded (Round *r)
{
  guint n_visible = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (r->list_view); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkImage *image = NULL;

      if (!is_in_view (item, r->list_view))
        continue;
      if (r->mode == MODE_PLAIN)
        image = GTK_IMAGE (find_widget (item, GTK_TYPE_IMAGE));
      else
        {
          GtkWidget *row = find_widget (item, CUTOUT_TYPE_QUEUE_ROW);

          if (row == NULL || cutout_queue_row_get_job (CUTOUT_QUEUE_ROW (row)) == NULL)
            continue;
          image = GTK_IMAGE (gtk_widget_get_template_child (row, CUTOUT_TYPE_QUEUE_ROW, "thumbnail"));
        }
      if (image == NULL || !image_has_texture (image))
        return FALSE;
      n_visible++;
    }
  return n_visible > 0;
}

/* Every job of the queue has its history row (there is nothing to wait
 * for without a store). */
static gboolean
all_stored (Round *r)
{
  guint n;

  if (r->queue == NULL || cutout_queue_get_store (r->queue) == NULL)
    return TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (r->queue));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (r->queue), i - 1);

      if (cutout_job_get_id (job) == 0)
        return FALSE;
    }
  return n >= r->n;
}

static gboolean
probe_cb (gpointer user_data)
{
  Round *r = user_data;
  gint64 now = g_get_monotonic_time ();

  if (r->t0 != 0)
    {
      gint64 gap = now - r->last_tick;

      if (!r->done)
        r->max_gap = MAX (r->max_gap, gap);
      if (gap > 20000 && g_getenv ("BENCH_DROP_VERBOSE") != NULL)
        fprintf (stderr, "[bench-drop] %.1f ms stall at %.1f ms\n", gap / 1000.0, (r->last_tick - r->t0) / 1000.0);
      if (r->last_tick - r->t0 < 3 * G_USEC_PER_SEC)
        r->max_gap_3s = MAX (r->max_gap_3s, gap);

      if (r->t_model == 0 && g_list_model_get_n_items (r->model) >= r->n)
        r->t_model = now;
      if (r->t_rows != 0 && r->t_thumbs == 0 && visible_thumbnails_loaded (r))
        r->t_thumbs = g_get_monotonic_time ();
      if (r->t_model != 0 && r->t_stored == 0 && all_stored (r))
        r->t_stored = g_get_monotonic_time ();
      if (r->t_rows != 0 && r->t_thumbs != 0 && r->t_stored != 0)
        r->done = TRUE;
    }
  /* The probe's own work is not a stall. */
  r->last_tick = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock G_GNUC_UNUSED,
                Round         *r)
{
  if (r->t_model != 0 && r->t_rows == 0)
    r->t_rows = g_get_monotonic_time ();
}

static GSList *
make_file_list (const char *dir,
                guint       n)
{
  GSList *files = NULL;

  for (guint i = n; i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("img-%05u.png", i - 1);

      files = g_slist_prepend (files, g_file_new_for_path (g_build_filename (dir, name, NULL)));
    }
  return files;
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* The plain baseline's rows: a thumbnail loaded in a thread, and the name. */

typedef struct
{
  GtkImage *image;
  GFile    *file;
} PlainLoad;

static void
plain_load_free (PlainLoad *load)
{
  g_object_unref (load->image);
  g_object_unref (load->file);
  g_free (load);
}

static void
plain_thumb_thread (GTask        *task,
                    gpointer      source G_GNUC_UNUSED,
                    gpointer      task_data,
                    GCancellable *cancellable G_GNUC_UNUSED)
{
  PlainLoad *load = task_data;
  g_autofree char *path = g_file_get_path (load->file);
  GdkPixbuf *pixbuf;

  if (g_task_return_error_if_cancelled (task))
    return;
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, THUMB_SIZE, THUMB_SIZE, TRUE, NULL);
  if (pixbuf != NULL)
    g_task_return_pointer (task, pixbuf, g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "no thumbnail");
}

static void
plain_thumb_done_cb (GObject      *source G_GNUC_UNUSED,
                     GAsyncResult *result,
                     gpointer      user_data G_GNUC_UNUSED)
{
  PlainLoad *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), NULL);
  GFile *bound = g_object_get_data (G_OBJECT (load->image), "bench-file");

  if (pixbuf != NULL && bound == load->file)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      gtk_image_set_from_paintable (load->image, GDK_PAINTABLE (texture));
    }
}

static void
plain_setup_cb (GtkSignalListItemFactory *factory G_GNUC_UNUSED,
                GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
plain_bind_cb (GtkSignalListItemFactory *factory G_GNUC_UNUSED,
               GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkImage *image = GTK_IMAGE (gtk_widget_get_first_child (box));
  GFile *file = gtk_list_item_get_item (item);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  PlainLoad *load = g_new0 (PlainLoad, 1);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), name);
  gtk_image_set_from_icon_name (image, "image-x-generic-symbolic");
  g_object_set_data (G_OBJECT (image), "bench-file", file);
  g_object_set_data_full (G_OBJECT (item), "bench-cancellable", g_object_ref (cancellable), g_object_unref);

  load->image = g_object_ref (image);
  load->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, plain_thumb_done_cb, NULL);
  g_task_set_task_data (task, load, (GDestroyNotify) plain_load_free);
  g_task_run_in_thread (task, plain_thumb_thread);
}

static void
plain_unbind_cb (GtkSignalListItemFactory *factory G_GNUC_UNUSED,
                 GtkListItem              *item)
{
  GCancellable *cancellable = g_object_get_data (G_OBJECT (item), "bench-cancellable");
  GtkWidget *box = gtk_list_item_get_child (item);

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_object_set_data (G_OBJECT (gtk_widget_get_first_child (box)), "bench-file", NULL);
}

static GtkWindow *
plain_window (Round      *r,
              GListStore *store)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (plain_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (plain_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (plain_unbind_cb), NULL);
  r->model = G_LIST_MODEL (store);
  r->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))),
                                    factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), r->list_view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  return GTK_WINDOW (window);
}

/* Sets up the environment of a round before GTK starts: a fresh data
 * folder (or, for nostore, one the database cannot be created in), no
 * real service, settings in memory. */
static char *
round_environment (Mode mode)
{
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp ("cutout-bench-drop-round-XXXXXX", &error);
  g_autofree char *data = NULL;
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);

  g_assert_no_error (error);
  if (mode == MODE_NOSTORE)
    {
      g_autofree char *blocker = g_build_filename (home, "not-a-folder", NULL);

      /* The database's folder would be below a regular file. */
      g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
      data = g_build_filename (blocker, "data", NULL);
    }
  else
    data = g_build_filename (home, "data", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("CUTOUT_API_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", "http://127.0.0.1:9", TRUE);
  /* Not a real key: it only keeps the welcome page away. */
  g_setenv ("CUTOUT_API_KEY", "bench-drop-no-key", TRUE);
  return home;
}

static int
run_round (Mode        mode,
           const char *dir,
           guint       n)
{
  Round *r = &round_state;
  g_autofree char *home = round_environment (mode);
  g_autoptr(CutoutApplication) app = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GSList *files = make_file_list (dir, n);
  GtkWindow *window;
  GtkWidget *page = NULL;
  GdkFrameClock *clock;
  gint64 deadline;

  gtk_init ();
  adw_init ();
  r->mode = mode;
  r->n = n;

  if (mode == MODE_PLAIN)
    {
      store = g_list_store_new (G_TYPE_FILE);
      window = plain_window (r, store);
      gtk_window_set_default_size (window, 1000, 800);
      gtk_window_present (window);
    }
  else
    {
      app = cutout_application_new ();
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
      if (!g_application_register (G_APPLICATION (app), NULL, &error))
        g_error ("Cannot register the application: %s", error->message);
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
      g_assert (CUTOUT_IS_WINDOW (window));
      gtk_window_set_default_size (window, 1000, 800);
      page = find_widget (GTK_WIDGET (window), CUTOUT_TYPE_QUEUE_PAGE);
      g_assert (page != NULL);
      r->list_view = GTK_WIDGET (gtk_widget_get_template_child (page, CUTOUT_TYPE_QUEUE_PAGE, "list_view"));
      r->model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (r->list_view)));
      r->queue = cutout_context_get_queue (cutout_application_get_context (app));
      if ((mode == MODE_NOSTORE) != (cutout_queue_get_store (r->queue) == NULL))
        g_error ("The history database is %s", mode == MODE_NOSTORE ? "there" : "missing");
    }

  /* Let the window settle: mapped, laid out, first frames painted. */
  iterate_for (1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), r);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_cb, r, NULL);
  iterate_for (100);

  r->t0 = g_get_monotonic_time ();
  r->last_tick = r->t0;
  if (mode == MODE_PLAIN)
    {
      g_autoptr(GPtrArray) array = g_ptr_array_new ();

      for (GSList *l = files; l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
      g_list_store_splice (store, 0, 0, array->pdata, array->len);
    }
  else
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);
      GtkDropTarget *target = NULL;
      GValue value = G_VALUE_INIT;
      gboolean accepted = FALSE;

      for (guint i = 0; target == NULL && i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_DROP_TARGET (controller))
            target = GTK_DROP_TARGET (controller);
        }
      g_assert (target != NULL);
      g_value_init (&value, GDK_TYPE_FILE_LIST);
      g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
      g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &accepted);
      g_value_unset (&value);
      g_assert (accepted);
    }

  deadline = r->t0 + ROUND_TIMEOUT_US;
  while ((!r->done || g_get_monotonic_time () - r->t0 < 3 * G_USEC_PER_SEC) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

#define MS(t) ((t) != 0 ? ((t) - r->t0) / 1000.0 : -1.0)
  printf ("RESULT %.1f %.1f %.1f %.1f %.1f\n",
          MS (r->t_rows), r->max_gap / 1000.0, r->max_gap_3s / 1000.0, MS (r->t_thumbs),
          MS (r->t_stored));
#undef MS
  fflush (stdout);
  /* Tearing down 10,000 rows and jobs is not what is measured. */
  _exit (r->done ? 0 : 1);
}

/* ---- The core alone: the store write without a window ---------------------- */

static gboolean
core_probe_cb (gpointer user_data)
{
  Round *r = user_data;
  gint64 now = g_get_monotonic_time ();

  if (r->t0 != 0 && !r->done)
    r->max_gap = MAX (r->max_gap, now - r->last_tick);
  r->last_tick = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static CutoutQueue *
core_queue (const char *home,
            const char *name)
{
  g_autofree char *path = g_build_filename (home, name, NULL);
  g_autoptr(CutoutClient) client = cutout_client_new ("http://127.0.0.1:9", "http://127.0.0.1:9", NULL);
  g_autoptr(CutoutStore) store = cutout_store_new (path, NULL);

  g_assert (client != NULL && store != NULL);
  return cutout_queue_new (client, store);
}

/* The same files given to a queue with a history database, as
 * cutout_queue_add_files () writes them (on the main thread: the call is
 * the stall) and as cutout_queue_add_files_async () does (the longest
 * gap the probe sees until every job is stored). No window, no rows: the
 * store's share alone. */
static int
run_core_round (const char *dir,
                guint       n)
{
  Round *r = &round_state;
  g_autofree char *home = round_environment (MODE_APP);
  g_autoptr(CutoutQueue) sync_queue = core_queue (home, "sync.db");
  g_autoptr(CutoutQueue) async_queue = core_queue (home, "async.db");
  GSList *files = make_file_list (dir, n);
  GList *list = NULL;
  gint64 start, sync_us, call_us;

  for (GSList *l = files; l != NULL; l = l->next)
    list = g_list_prepend (list, l->data);
  list = g_list_reverse (list);

  start = g_get_monotonic_time ();
  cutout_queue_add_files (sync_queue, list, NULL);
  sync_us = g_get_monotonic_time () - start;

  g_timeout_add_full (G_PRIORITY_HIGH, 1, core_probe_cb, r, NULL);
  iterate_for (100);
  r->t0 = r->last_tick = g_get_monotonic_time ();
  cutout_queue_add_files_async (async_queue, list, NULL, NULL, NULL);
  call_us = g_get_monotonic_time () - r->t0;
  r->max_gap = MAX (r->max_gap, call_us);
  while (cutout_queue_is_storing (async_queue) && g_get_monotonic_time () - r->t0 < ROUND_TIMEOUT_US)
    g_main_context_iteration (NULL, TRUE);
  r->t_stored = g_get_monotonic_time ();
  r->done = TRUE;

  printf ("CORE %.1f %.1f %.1f %.1f\n", sync_us / 1000.0, call_us / 1000.0, r->max_gap / 1000.0,
          (r->t_stored - r->t0) / 1000.0);
  fflush (stdout);
  _exit (0);
}

/* ---- The parent: images, rounds, medians ----------------------------------- */

static char *
make_images (guint n)
{
  const char *env = g_getenv ("BENCH_DROP_DIR");
  g_autofree char *name = g_strdup_printf ("cutout-bench-drop-%u", n);
  char *dir = env != NULL ? g_strdup (env) : g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *stamp = g_build_filename (dir, ".complete", NULL);

  if (g_file_test (stamp, G_FILE_TEST_EXISTS))
    return dir;

  g_mkdir_with_parents (dir, 0700);
  fprintf (stderr, "[bench-drop] making %u images in %s\n", n, dir);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
      g_autofree char *file = g_strdup_printf ("img-%05u.png", i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GError) error = NULL;

      gdk_pixbuf_fill (pixbuf, (guint32) (0x204060ff + i * 0x01030500u));
      if (!gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
        g_error ("Cannot write %s: %s", path, error->message);
    }
  g_file_set_contents (stamp, "", 0, NULL);
  return dir;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

/* One core round: sync call, async call, async stall, async stored (ms). */
static gboolean
run_core_child (const char *self_path,
                const char *dir,
                guint       n,
                double      figs[4])
{
  g_autofree char *n_text = g_strdup_printf ("%u", n);
  const char *argv[] = { self_path, "--round", "core", dir, n_text, NULL };
  g_autofree char *out = NULL;
  const char *line;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL))
    return FALSE;
  line = out != NULL ? strstr (out, "CORE ") : NULL;
  return line != NULL && sscanf (line, "CORE %lf %lf %lf %lf", &figs[0], &figs[1], &figs[2], &figs[3]) == 4;
}

static gboolean
run_child (const char *self_path,
           Mode        mode,
           const char *dir,
           guint       n,
           double      figs[N_FIGS])
{
  g_autofree char *n_text = g_strdup_printf ("%u", n);
  const char *argv[] = { self_path, "--round", mode_names[mode], dir, n_text, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    g_error ("Cannot run a round: %s", error->message);
  line = out != NULL ? strstr (out, "RESULT ") : NULL;
  if (line == NULL ||
      sscanf (line, "RESULT %lf %lf %lf %lf %lf", &figs[0], &figs[1], &figs[2], &figs[3], &figs[4]) != N_FIGS)
    {
      fprintf (stderr, "[bench-drop] %s round gave no result\n", mode_names[mode]);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    fprintf (stderr, "[bench-drop] %s round did not finish in time\n", mode_names[mode]);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *self_path = NULL;
  double medians[N_MODES][N_FIGS];
  double core_medians[4];
  gboolean json = FALSE;
  guint n = 10000, rounds = 3;
  int positional = 0;

  if (argc == 5 && g_str_equal (argv[1], "--round"))
    {
      if (g_str_equal (argv[2], "core"))
        return run_core_round (argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));
      for (Mode mode = 0; mode < N_MODES; mode++)
        if (g_str_equal (argv[2], mode_names[mode]))
          return run_round (mode, argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));
      g_error ("Unknown case %s", argv[2]);
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (positional++ == 0)
        n = (guint) g_ascii_strtoull (argv[i], NULL, 10);
      else
        rounds = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  dir = make_images (n);

  for (Mode mode = 0; mode < N_MODES; mode++)
    {
      GArray *values[N_FIGS];

      for (guint f = 0; f < N_FIGS; f++)
        values[f] = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < rounds; i++)
        {
          double figs[N_FIGS];

          if (!run_child (self_path, mode, dir, n, figs))
            continue;
          fprintf (stderr, "[bench-drop] %s round %u: rows %.0f ms, stall %.1f ms, stall3s %.1f ms, "
                   "thumbs %.0f ms, stored %.0f ms\n",
                   mode_names[mode], i + 1, figs[0], figs[1], figs[2], figs[3], figs[4]);
          for (guint f = 0; f < N_FIGS; f++)
            g_array_append_val (values[f], figs[f]);
        }
      for (guint f = 0; f < N_FIGS; f++)
        {
          medians[mode][f] = median (values[f]);
          g_array_unref (values[f]);
        }
    }

  {
    GArray *values[4];

    for (guint f = 0; f < 4; f++)
      values[f] = g_array_new (FALSE, FALSE, sizeof (double));
    for (guint i = 0; i < rounds; i++)
      {
        double figs[4];

        if (!run_core_child (self_path, dir, n, figs))
          continue;
        fprintf (stderr, "[bench-drop] core round %u: add_files %.0f ms; add_files_async: call %.1f ms, "
                 "stall %.1f ms, stored %.0f ms\n", i + 1, figs[0], figs[1], figs[2], figs[3]);
        for (guint f = 0; f < 4; f++)
          g_array_append_val (values[f], figs[f]);
      }
    for (guint f = 0; f < 4; f++)
      {
        core_medians[f] = median (values[f]);
        g_array_unref (values[f]);
      }
  }

  printf ("Drop of %u PNG files, %u rounds, medians (GSK_RENDERER=%s)\n\n", n, rounds,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
  printf ("| case    | rows listed (ms) | longest stall (ms) | longest stall, first 3 s (ms) | visible thumbnails (ms) | all in history (ms) |\n");
  printf ("|---------|-----------------:|-------------------:|------------------------------:|------------------------:|--------------------:|\n");
  for (Mode mode = 0; mode < N_MODES; mode++)
    printf ("| %-7s | %16.0f | %18.1f | %29.1f | %23.0f | %19.0f |\n", mode_names[mode],
            medians[mode][FIG_ROWS], medians[mode][FIG_STALL], medians[mode][FIG_STALL3],
            medians[mode][FIG_THUMBS], medians[mode][FIG_STORED]);
  if (medians[MODE_PLAIN][FIG_STALL] > 0)
    printf ("\nLongest stall, app ÷ plain GtkListView: %.2f; rows listed, app ÷ plain: %.2f\n",
            medians[MODE_APP][FIG_STALL] / medians[MODE_PLAIN][FIG_STALL],
            medians[MODE_PLAIN][FIG_ROWS] > 0 ? medians[MODE_APP][FIG_ROWS] / medians[MODE_PLAIN][FIG_ROWS] : -1);

  printf ("\nThe store's share alone (a queue with a history database, no window):\n\n");
  printf ("| call             | main thread blocked (ms) | all in history (ms) |\n");
  printf ("|------------------|-------------------------:|--------------------:|\n");
  printf ("| add_files (sync) | %24.1f | %19.1f |\n", core_medians[0], core_medians[0]);
  printf ("| add_files_async  | %24.1f | %19.1f |\n", core_medians[2], core_medians[3]);
  printf ("\n(add_files_async's call itself: %.1f ms)\n", core_medians[1]);

  if (json)
    {
      printf ("{\"n\": %u, \"rounds\": %u", n, rounds);
      printf (", \"core\": {\"sync_ms\": %.1f, \"async_call_ms\": %.1f, \"async_stall_ms\": %.1f, "
              "\"async_stored_ms\": %.1f}", core_medians[0], core_medians[1], core_medians[2], core_medians[3]);
      for (Mode mode = 0; mode < N_MODES; mode++)
        {
          printf (", \"%s\": {", mode_names[mode]);
          for (guint f = 0; f < N_FIGS; f++)
            printf ("%s\"%s\": %.1f", f > 0 ? ", " : "", fig_names[f], medians[mode][f]);
          printf ("}");
        }
      printf ("}\n");
    }
  return 0;
}
