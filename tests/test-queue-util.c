/* test-queue-util.c — the fixture and helpers shared by the queue tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cutout-output.h"
#include "test-queue-util.h"

/* ---- A network monitor the test controls ------------------------------- */

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void test_monitor_initable_iface_init (GInitableIface *iface);
static void test_monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

enum { MON_PROP_0, MON_PROP_AVAILABLE, MON_PROP_METERED, MON_PROP_CONNECTIVITY };

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

static gboolean
test_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  if (TEST_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Network unreachable");
  return FALSE;
}

static void
test_monitor_can_reach_async (GNetworkMonitor     *monitor,
                              GSocketConnectable  *connectable,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (monitor, cancellable, callback, user_data);
  GError *error = NULL;

  if (test_monitor_can_reach (monitor, connectable, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
test_monitor_can_reach_finish (GNetworkMonitor  *monitor,
                               GAsyncResult     *result,
                               GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
  iface->can_reach_async = test_monitor_can_reach_async;
  iface->can_reach_finish = test_monitor_can_reach_finish;
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MON_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MON_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MON_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MON_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MON_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MON_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* ---- Fixture ----------------------------------------------------------- */

static void
finished_cb (CutoutQueue *queue,
             Fixture     *f)
{
  f->finished = TRUE;
  f->n_finished++;
}

static void
state_cb (CutoutQueue *queue,
          GParamSpec  *pspec,
          Fixture     *f)
{
  if (cutout_queue_get_state (queue) == CUTOUT_QUEUE_STATE_WAITING)
    f->saw_waiting = TRUE;
  if (cutout_queue_get_state (queue) == CUTOUT_QUEUE_STATE_STOPPED)
    f->saw_stopped = TRUE;
}

CutoutQueue *
fixture_new_queue (Fixture *f)
{
  g_autoptr(GFile) out = g_file_new_for_path (f->out);
  CutoutQueue *queue;

  queue = g_object_new (CUTOUT_TYPE_QUEUE,
                        "client", f->client,
                        "store", f->store,
                        "network-monitor", f->monitor,
                        "output-folder", out,
                        "backoff-base-ms", 10,
                        "backoff-cap-ms", 50,
                        NULL);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), f);
  g_signal_connect (queue, "notify::state", G_CALLBACK (state_cb), f);
  return queue;
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  const char *url;

  f->dir = cutout_test_make_tmpdir ();
  f->in = g_build_filename (f->dir, "in", NULL);
  f->out = g_build_filename (f->dir, "out", NULL);
  g_mkdir (f->in, 0755);

  f->server = cutout_fake_server_new ();
  cutout_fake_server_start (f->server, 0, &error);
  g_assert_no_error (error);
  url = cutout_fake_server_get_url (f->server);

  f->client = cutout_client_new (url, url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (f->client, CUTOUT_FAKE_SERVER_VALID_KEY);

  db = g_build_filename (f->dir, "cutout.db", NULL);
  f->store = cutout_store_new (db, &error);
  g_assert_no_error (error);

  f->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  f->queue = fixture_new_queue (f);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->queue);
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->monitor);
  cutout_fake_server_stop (f->server);
  g_clear_object (&f->server);
  cutout_test_rm_rf (f->dir);
  g_free (f->in);
  g_free (f->out);
  g_free (f->dir);
}

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for a condition");
  return G_SOURCE_REMOVE;
}

void
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  guint id = g_timeout_add (timeout_ms, timeout_cb, NULL);

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static gboolean
time_passed_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, time_passed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
wait_finished (Fixture *f,
               guint    timeout_ms)
{
  cutout_test_wait_for (&f->finished, timeout_ms);
  f->finished = FALSE;
}

/* Distinct small images: the size differs, so the bytes (and the hash) do. */
GList *
make_images (Fixture    *f,
             guint       n,
             const char *prefix,
             guint       first)
{
  GList *files = NULL;

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%03u.png", prefix, i);
      g_autofree char *path = cutout_test_write_image (f->in, name, 40 + i % 50, 40 + i / 50, "png");

      files = g_list_append (files, g_file_new_for_path (path));
    }
  return files;
}

void
add_images_from (Fixture    *f,
                 guint       n,
                 const char *prefix,
                 guint       first)
{
  GList *files = make_images (f, n, prefix, first);

  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);
}

void
add_images (Fixture    *f,
            guint       n,
            const char *prefix)
{
  GList *files = make_images (f, n, prefix, 0);

  cutout_queue_add_files (f->queue, files, NULL);
  g_list_free_full (files, g_object_unref);
}

CutoutJob *
get_job (CutoutQueue *queue,
         guint        i)
{
  CutoutJob *job = g_list_model_get_item (G_LIST_MODEL (queue), i);

  g_object_unref (job);
  return job;
}

/* A result is a real cut-out: the input's size, transparent where the
 * white background was, the red subject kept. */
void
assert_cutout (GFile *output,
               int    width,
               int    height)
{
  g_autofree char *path = g_file_get_path (output);
  g_autoptr(GdkPixbuf) pixbuf = cutout_test_load_pixbuf (path);
  const guint8 *pixels;
  int stride;
  const guint8 *corner;
  const guint8 *center;

  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  corner = pixels;
  center = pixels + (height / 2) * stride + (width / 2) * 4;
  g_assert_cmpuint (corner[3], ==, 0);
  g_assert_cmpuint (center[3], ==, 255);
  g_assert_cmpuint (center[0], >=, 190);
  g_assert_cmpuint (center[1], <, 60);
}

static void
collect_leftovers (const char *dir,
                   GPtrArray  *found)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_leftovers (path, found);
      else if (g_str_has_prefix (name, CUTOUT_OUTPUT_TEMP_PREFIX) ||
               g_str_has_prefix (name, ".goutputstream") || name[0] == '.')
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

/* No partial or temporary file anywhere below @dir. */
void
assert_no_temp_files (const char *dir)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  collect_leftovers (dir, found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("Left behind: %s", (char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
}

guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

guint
total_possibly_charged (CutoutQueue *queue)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    n += cutout_job_get_possibly_charged (get_job (queue, i));
  return n;
}

guint
total_attempts (CutoutQueue *queue)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    n += cutout_job_get_attempts (get_job (queue, i));
  return n;
}

GPtrArray *
list_attempts (Fixture   *f,
               CutoutJob *job)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *attempts = cutout_store_list_attempts (f->store, cutout_job_get_id (job), &error);

  g_assert_no_error (error);
  return attempts;
}

void
use_png (CutoutQueue *queue)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();

  options->format = CUTOUT_FORMAT_PNG;
  cutout_queue_set_options (queue, options);
}

/* ---- Conditions for wait_until () --------------------------------------- */

gboolean
first_done (gpointer data)
{
  return cutout_queue_count_state (data, CUTOUT_JOB_STATE_DONE) >= 1;
}

gboolean
job_is_active (gpointer data)
{
  return cutout_job_state_is_active (cutout_job_get_state (data));
}

gboolean
job_is_processing (gpointer data)
{
  return cutout_job_get_state (data) == CUTOUT_JOB_STATE_PROCESSING;
}
