/* test-faults-kill.c — cutout-cli killed with SIGKILL again and again
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include "test-cli-util.h"

#define N_IMAGES 30
#define N_KILLS  20
#define JOBS     3

static guint
count_files_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A batch run with --jobs 3 against a server with some latency, killed
 * with SIGKILL at 20 random (seeded) moments, each time started again
 * with --resume, until one run finishes: every image has exactly one
 * result, no temporary file is left, and the service charged at most the
 * images plus the requests that can have been in flight at each kill. */
static void
test_kill_resume (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);
  g_autofree char *out_photos = g_build_filename (fixture->dir, "out", "photos", NULL);
  const char *first[] = { "--jobs", "3", "-o", "out", "photos", NULL };
  const char *resume[] = { "--resume", NULL };
  g_auto(CliResult) result = { 0 };
  gint64 started = g_get_monotonic_time ();
  guint kills = 0, finished_early = 0, charged;
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  for (guint i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *file = g_strdup_printf ("img%02u.png", i);
      g_autofree char *path = cutout_test_write_image (photos, file, 60 + i, 50, "png");
    }

  for (guint run = 0; run < N_KILLS; run++)
    {
      g_autoptr(GSubprocess) proc = spawn_cli (fixture, "test-key-valid", run == 0 ? first : resume);
      guint wait_ms = g_test_rand_int_range (200, 1600);

      g_usleep (wait_ms * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);
      if (g_subprocess_get_if_signaled (proc))
        {
          g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
          kills++;
        }
      else
        {
          /* It finished before the kill; later runs find nothing left. */
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
          finished_early++;
        }
    }

  run_cli (fixture, "test-key-valid", resume, &result);
  g_assert_cmpint (result.status, ==, 0);

  /* Exactly one result per image, under its own name, and nothing else. */
  g_assert_cmpuint (count_files_in (out_photos), ==, N_IMAGES);
  for (guint i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *file = g_strdup_printf ("img%02u-cutout.webp", i);
      g_autofree char *path = g_build_filename (out_photos, file, NULL);

      assert_cutout (path, 60 + i, 50);
    }
  d = g_dir_open (out_photos, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_true (g_str_has_prefix (name, "img") && g_str_has_suffix (name, "-cutout.webp"));
  assert_no_temp_files (fixture->dir);

  charged = count_charged (fixture);
  g_test_message ("%u kills (%u runs ended before their kill), %u /rmbg requests, %u charged for %u images, %.1f s",
                  kills, finished_early, count_requests (fixture, "/rmbg"), charged, N_IMAGES,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (kills, >, 0);
  g_assert_cmpuint (charged, >=, N_IMAGES);
  g_assert_cmpuint (charged, <=, N_IMAGES + kills * JOBS);
}

static const char *slow_server[] = { "--latency", "1000", NULL };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/faults/kill-resume", Fixture, slow_server, fixture_set_up, test_kill_resume, fixture_tear_down);
  return g_test_run ();
}
