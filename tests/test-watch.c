/* test-watch.c — the watched folder: settle, once only, ignored outputs
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cutout-watch.h"
#include "cutout-test-util.h"

#define SETTLE_MS 300
#define POLL_MS 50

typedef struct
{
  char        *dir;
  CutoutWatch *watch;
  GPtrArray   *ready;    /* paths, in announcement order */
  GArray      *ready_at; /* monotonic µs of each announcement */
} Fixture;

static void
file_ready_cb (CutoutWatch *watch,
               GFile       *file,
               Fixture     *fixture)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (fixture->ready, g_file_get_path (file));
  g_array_append_val (fixture->ready_at, now);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;

  fixture->dir = cutout_test_make_tmpdir ();
  /* There before the watch starts: never announced. */
  old = cutout_test_write_bytes (fixture->dir, "old.png", "x", 1);

  /* The same cases with the monitor alone and with polling alone. */
  folder = g_file_new_for_path (fixture->dir);
  fixture->watch = cutout_watch_new_full (folder, GPOINTER_TO_INT (data), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cutout_watch_get_polled (fixture->watch), ==, GPOINTER_TO_INT (data) == CUTOUT_WATCH_POLL);
  cutout_watch_set_settle_ms (fixture->watch, SETTLE_MS);
  cutout_watch_set_poll_ms (fixture->watch, POLL_MS);
  fixture->ready = g_ptr_array_new_with_free_func (g_free);
  fixture->ready_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (fixture->watch, "file-ready", G_CALLBACK (file_ready_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->watch);
  cutout_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_ptr_array_unref (fixture->ready);
  g_array_unref (fixture->ready_at);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_watch_settles_growing_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.jpg", NULL);
  FILE *f = g_fopen (path, "wb");
  gint64 last_write;

  /* The file grows in three steps, each well within the settle time. */
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpuint (fwrite ("0123456789", 1, 10, f), ==, 10);
      fflush (f);
      spin (SETTLE_MS / 3);
      g_assert_cmpuint (fixture->ready->len, ==, 0);
    }
  fclose (f);
  last_write = g_get_monotonic_time ();

  spin (SETTLE_MS * 4);
  g_assert_cmpuint (fixture->ready->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->ready, 0), ==, path);
  /* Announced only once it stayed quiet for the settle time. */
  g_assert_cmpint (g_array_index (fixture->ready_at, gint64, 0) - last_write, >=,
                   (SETTLE_MS - 50) * G_TIME_SPAN_MILLISECOND);

  /* Touching it again does not announce it twice. */
  g_assert_true (g_file_set_contents (path, "changed", -1, NULL));
  spin (SETTLE_MS * 3);
  g_assert_cmpuint (fixture->ready->len, ==, 1);
}

static void
test_watch_ignores (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "a-cutout.webp", NULL);
  g_autoptr(GFile) output_file = g_file_new_for_path (output);
  g_autofree char *old = g_build_filename (fixture->dir, "old.png", NULL);
  g_autofree char *hidden = NULL, *nested = NULL, *image = NULL;

  /* A result the queue writes into the watched folder. */
  cutout_watch_ignore (fixture->watch, output_file);
  g_assert_true (g_file_set_contents (output, "result", -1, NULL));
  /* Hidden files (our temporary files are hidden) and subfolders. */
  hidden = cutout_test_write_bytes (fixture->dir, ".cutout-tmp-abc123", "tmp", 3);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  nested = cutout_test_write_bytes (sub, "deep.png", "x", 1);
  /* A file that was there before changes. */
  g_assert_true (g_file_set_contents (old, "changed", -1, NULL));
  /* And one real new image. */
  image = cutout_test_write_image (fixture->dir, "b.png", 16, 16, "png");

  spin (SETTLE_MS * 4);
  g_assert_cmpuint (fixture->ready->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->ready, 0), ==, image);
}

static void
test_watch_rename_in_place (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *part = cutout_test_write_bytes (fixture->dir, ".photo.jpg.part", "data", 4);
  g_autofree char *final = g_build_filename (fixture->dir, "photo.jpg", NULL);

  spin (SETTLE_MS / 2);
  /* A browser or camera import finishing a download by renaming. */
  g_assert_cmpint (g_rename (part, final), ==, 0);
  spin (SETTLE_MS * 4);

  g_assert_cmpuint (fixture->ready->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->ready, 0), ==, final);
}

static void
test_watch_deleted_before_settling (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_bytes (fixture->dir, "brief.png", "x", 1);

  spin (SETTLE_MS / 3);
  g_assert_cmpint (g_unlink (path), ==, 0);
  spin (SETTLE_MS * 3);
  g_assert_cmpuint (fixture->ready->len, ==, 0);
}

static void
test_watch_missing_folder (void)
{
  g_autoptr(GFile) folder = g_file_new_for_path ("/nonexistent/cutout-watch");
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutWatch) watch = cutout_watch_new (folder, &error);

  g_assert_null (watch);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Where a file monitor may miss files the folder is polled too: the
 * document portal's folders, remote and FUSE file systems. */
static void
test_watch_needs_polling (void)
{
  g_autofree char *portal = g_build_filename (g_get_user_runtime_dir (), "doc", "0c1a7e", "Shoot", NULL);
  g_autofree char *local = cutout_test_make_tmpdir ();
  g_autoptr(GFile) portal_folder = g_file_new_for_path (portal);
  g_autoptr(GFile) local_folder = g_file_new_for_path (local);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(CutoutWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  const char *type;
  gboolean remote;

  g_assert_cmpint (g_mkdir_with_parents (portal, 0700), ==, 0);
  g_assert_true (cutout_watch_folder_needs_polling (portal_folder));
  watch = cutout_watch_new (portal_folder, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_watch_get_polled (watch));
  g_assert_cmpuint (cutout_watch_get_poll_ms (watch), ==, CUTOUT_WATCH_POLL_MS);
  g_clear_object (&watch);

  /* A folder that only looks like one is not. */
  {
    g_autofree char *near = g_build_filename (g_get_user_runtime_dir (), "docs", NULL);
    g_autoptr(GFile) near_folder = g_file_new_for_path (near);

    g_assert_cmpint (g_mkdir_with_parents (near, 0700), ==, 0);
    info = g_file_query_filesystem_info (near_folder, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE ","
                                         G_FILE_ATTRIBUTE_FILESYSTEM_TYPE, NULL, &error);
    g_assert_no_error (error);
    type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE);
    remote = g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE);
    g_assert_cmpint (cutout_watch_folder_needs_polling (near_folder), ==,
                     remote || (type != NULL && g_str_has_prefix (type, "fuse")));
    g_clear_object (&info);
  }

  /* A local folder is polled only on a remote or FUSE file system. */
  info = g_file_query_filesystem_info (local_folder, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_TYPE, NULL, &error);
  g_assert_no_error (error);
  type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE);
  remote = g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE);
  g_test_message ("%s: file system %s%s", local, type, remote ? " (remote)" : "");
  watch = cutout_watch_new (local_folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cutout_watch_get_polled (watch), ==, remote || (type != NULL && g_str_has_prefix (type, "fuse")));
  g_clear_object (&watch);

  cutout_test_rm_rf (local);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime = NULL;

  /* The document portal's folder is under the runtime folder: this
   * test's own, before GLib reads it. */
  runtime = g_dir_make_tmp ("cutout-watch-runtime-XXXXXX", NULL);
  g_assert_nonnull (runtime);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD_BOTH(name, func) \
  g_test_add ("/watch/" name, Fixture, GINT_TO_POINTER (CUTOUT_WATCH_MONITOR), fixture_set_up, func, fixture_tear_down); \
  g_test_add ("/watch/polled/" name, Fixture, GINT_TO_POINTER (CUTOUT_WATCH_POLL), fixture_set_up, func, fixture_tear_down)

  ADD_BOTH ("settles-growing-file", test_watch_settles_growing_file);
  ADD_BOTH ("ignores", test_watch_ignores);
  ADD_BOTH ("rename-in-place", test_watch_rename_in_place);
  ADD_BOTH ("deleted-before-settling", test_watch_deleted_before_settling);
  g_test_add_func ("/watch/missing-folder", test_watch_missing_folder);
  g_test_add_func ("/watch/needs-polling", test_watch_needs_polling);

  {
    int status = g_test_run ();

    cutout_test_rm_rf (runtime);
    return status;
  }
}
