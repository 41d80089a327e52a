/* cutout-test-ui.c — helpers for the UI test suites
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cutout-test-ui.h"

#include <string.h>

#include "cutout-config.h"
#include "cutout-test-util.h"

#define CUTOUT_TEST_UI_SCHEMA "io.github.cutoutapp.Cutout"
#define CUTOUT_TEST_UI_DEAD_URL "http://127.0.0.1:9"
/* How long objects may stay alive after tear-down, for threads that
 * finish their work (a cancelled decode, a request) and then let go. */
#define FINALIZE_TIMEOUT_MS 5000

static gboolean
done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
cutout_test_ui_iterate (guint ms)
{
  gboolean done = FALSE;

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  if (ms == 0)
    return;
  g_timeout_add (ms, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
cutout_test_ui_save_png (GtkWidget  *widget,
                         const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (native == NULL || width <= 0 || height <= 0)
    return FALSE;
  renderer = gtk_native_get_renderer (native);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

void
cutout_test_ui_screenshot (GtkWidget  *widget,
                           const char *name)
{
  const char *dir = g_getenv ("CUTOUT_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  cutout_test_ui_iterate (300);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  if (cutout_test_ui_save_png (widget, path))
    g_test_message ("Screenshot: %s", path);
  else
    g_test_message ("Could not take the screenshot %s", path);
}

void
cutout_test_ui_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  cutout_test_ui_iterate (100);
}

/* ---- The shared fixture ---------------------------------------------- */

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  /* The memory backend lives as long as the process: every test starts
   * from the defaults. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* Drops the one reference @objects holds on each of its objects, and
 * asserts that each is finalized then. An object goes as soon as that
 * reference is its last, in the order of @objects; those still held by
 * another (a page by the box it sits in) wait for it, and the main
 * context runs while none can go (threads finishing their work). */
static void
assert_all_finalized (GPtrArray *objects)
{
  gint64 end = g_get_monotonic_time () + FINALIZE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (objects->len > 0)
    {
      guint i;

      for (i = 0; i < objects->len; i++)
        if (g_atomic_int_get (&G_OBJECT (g_ptr_array_index (objects, i))->ref_count) == 1)
          break;

      if (i < objects->len)
        {
          gpointer object = g_ptr_array_remove_index (objects, i);

          g_assert_finalize_object (object);
          continue;
        }

      if (g_get_monotonic_time () > end)
        break;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  /* Say which objects, and go on: one run shows every leak. */
  for (guint i = 0; i < objects->len; i++)
    {
      GObject *object = g_ptr_array_index (objects, i);

      g_test_message ("%s %p is not finalized: %u references are left",
                      G_OBJECT_TYPE_NAME (object), object,
                      g_atomic_int_get (&object->ref_count) - 1);
      g_test_fail_printf ("%s %p is not finalized: %u references are left",
                          G_OBJECT_TYPE_NAME (object), object,
                          g_atomic_int_get (&object->ref_count) - 1);
      g_object_unref (object);
    }
  g_ptr_array_set_size (objects, 0);
}

void
cutout_test_ui_assert_finalized (gpointer object)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();

  g_assert_true (G_IS_OBJECT (object));

  g_ptr_array_add (objects, object);
  assert_all_finalized (objects);
}

void
cutout_test_ui_destroy_and_assert (GtkWindow *window)
{
  g_assert_true (GTK_IS_WINDOW (window));

  g_object_ref (window);
  gtk_window_destroy (window);
  cutout_test_ui_iterate (0);
  cutout_test_ui_assert_finalized (window);
}

void
cutout_test_ui_env_make_context (CutoutTestUiEnv *env,
                                 const char      *key)
{
  g_assert_null (env->context);

  /* The context reads these when it is made. */
  g_setenv (CUTOUT_ENV_API_KEY, key != NULL ? key : "", TRUE);
  env->context = cutout_context_new (env->settings, env->store_path);
  env->queue = cutout_context_get_queue (env->context);
}

void
cutout_test_ui_env_set_up (CutoutTestUiEnv      *env,
                           CutoutTestUiEnvFlags  flags,
                           const char           *key)
{
  memset (env, 0, sizeof *env);
  env->flags = flags;
  env->watched = g_ptr_array_new ();
  env->dir = cutout_test_make_tmpdir ();
  env->store_path = g_build_filename (env->dir, "cutout.db", NULL);
  env->settings = g_settings_new (CUTOUT_TEST_UI_SCHEMA);
  reset_settings (env->settings);

  if (flags & CUTOUT_TEST_UI_ENV_SERVER)
    {
      g_autoptr(GError) error = NULL;

      env->server = cutout_fake_server_new ();
      g_assert_true (cutout_fake_server_start (env->server, 0, &error));
      g_assert_no_error (error);
      g_setenv (CUTOUT_ENV_API_URL, cutout_fake_server_get_url (env->server), TRUE);
      g_setenv (CUTOUT_ENV_ACCOUNT_URL, cutout_fake_server_get_url (env->server), TRUE);
    }
  else
    {
      g_setenv (CUTOUT_ENV_API_URL, CUTOUT_TEST_UI_DEAD_URL, TRUE);
      g_setenv (CUTOUT_ENV_ACCOUNT_URL, CUTOUT_TEST_UI_DEAD_URL, TRUE);
    }

  if (!(flags & CUTOUT_TEST_UI_ENV_NO_CONTEXT))
    cutout_test_ui_env_make_context (env, key);
}

void
cutout_test_ui_env_watch (CutoutTestUiEnv *env,
                          gpointer         object)
{
  g_assert_true (G_IS_OBJECT (object));

  g_ptr_array_add (env->watched, g_object_ref (object));
}

GtkWindow *
cutout_test_ui_env_show (CutoutTestUiEnv *env,
                         GtkWidget       *content,
                         int              width,
                         int              height)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  cutout_test_ui_env_watch (env, window);
  if (content != NULL)
    {
      adw_window_set_content (ADW_WINDOW (window), content);
      cutout_test_ui_env_watch (env, content);
    }
  gtk_window_present (GTK_WINDOW (window));
  cutout_test_ui_iterate (50);

  env->window = GTK_WINDOW (window);
  return env->window;
}

void
cutout_test_ui_env_tear_down (CutoutTestUiEnv *env)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nothing new starts; what runs is cancelled. */
  if (env->queue != NULL)
    cutout_queue_shutdown (env->queue);

  /* Every window goes, dialogs left open by the test too, and each must
   * then be finalized: the windows first, newest first (a dialog must go
   * before the window it is transient for), then what the test watched.
   * The list of toplevels changes as windows go: copy it first. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    g_ptr_array_add (windows, g_list_model_get_item (toplevels, i - 1));
  for (guint i = 0; i < windows->len; i++)
    {
      gpointer window = g_ptr_array_index (windows, i);

      if (!g_ptr_array_find (env->watched, window, NULL))
        g_ptr_array_add (env->watched, g_object_ref (window));
      g_ptr_array_add (objects, window);
    }
  for (guint i = 0; i < env->watched->len; i++)
    if (!g_ptr_array_find (objects, g_ptr_array_index (env->watched, i), NULL))
      g_ptr_array_add (objects, g_ptr_array_index (env->watched, i));

  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
  g_ptr_array_set_size (windows, 0);
  env->window = NULL;
  cutout_test_ui_iterate (0);

  /* Each watched object has one reference from the list: hand it over.
   * The context and the settings go last: everything else used them. */
  g_ptr_array_set_size (env->watched, 0);
  g_clear_pointer (&env->watched, g_ptr_array_unref);
  env->queue = NULL;
  if (env->context != NULL)
    g_ptr_array_add (objects, g_steal_pointer (&env->context));
  assert_all_finalized (objects);

  /* Nothing listens to the settings now. */
  reset_settings (env->settings);
  cutout_test_ui_assert_finalized (g_steal_pointer (&env->settings));

  if (env->server != NULL)
    {
      cutout_fake_server_stop (env->server);
      g_clear_object (&env->server);
    }
  cutout_test_rm_rf (env->dir);
  g_clear_pointer (&env->dir, g_free);
  g_clear_pointer (&env->store_path, g_free);
}
