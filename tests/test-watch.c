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

  folder = g_file_new_for_path (fixture->dir);
  fixture->watch = cutout_watch_new (folder, &error);
  g_assert_no_error (error);
  cutout_watch_set_settle_ms (fixture->watch, SETTLE_MS);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/watch/settles-growing-file", Fixture, NULL, fixture_set_up, test_watch_settles_growing_file, fixture_tear_down);
  g_test_add ("/watch/ignores", Fixture, NULL, fixture_set_up, test_watch_ignores, fixture_tear_down);
  g_test_add ("/watch/rename-in-place", Fixture, NULL, fixture_set_up, test_watch_rename_in_place, fixture_tear_down);
  g_test_add ("/watch/deleted-before-settling", Fixture, NULL, fixture_set_up, test_watch_deleted_before_settling, fixture_tear_down);
  g_test_add_func ("/watch/missing-folder", test_watch_missing_folder);

  return g_test_run ();
}
