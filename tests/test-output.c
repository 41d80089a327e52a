/* test-output.c — tests for collisions, atomic writes and crash recovery
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "cutout-output.h"
#include "cutout-test-util.h"
#include "test-output-names.h"

/* ---- helpers ---------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The folder's entries, sorted and joined by "|", for exact assertions. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("|", (char **) names->pdata);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = cutout_test_write_bytes (dir, name, contents, strlen (contents));
}

static char *
read_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* ---- collisions ------------------------------------------------------- */

static GFile *
resolve (GFile                    *folder,
         const char               *name,
         CutoutCollisionPolicy     policy,
         GFile                    *input,
         CutoutOutputReservations *reservations,
         GError                  **error)
{
  return cutout_output_resolve_target (folder, name, policy, input, reservations, error);
}

static void
assert_resolves_to (GFile                    *folder,
                    const char               *name,
                    CutoutCollisionPolicy     policy,
                    GFile                    *input,
                    CutoutOutputReservations *reservations,
                    const char               *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = resolve (folder, name, policy, input, reservations, &error);
  g_autofree char *basename = NULL;
  g_autoptr(GFile) parent = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (file);
  basename = g_file_get_basename (file);
  g_assert_cmpstr (basename, ==, expected);
  parent = g_file_get_parent (file);
  g_assert_true (g_file_equal (parent, folder));
}

static void
test_collisions (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(CutoutOutputReservations) reservations = cutout_output_reservations_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) reserved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *listing = NULL;

  write_file (dir, "a.png", "old");

  /* Free names are used as they are. */
  assert_resolves_to (folder, "new.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "new.png");
  assert_resolves_to (folder, "new.png", CUTOUT_COLLISION_SKIP, NULL, NULL, "new.png");
  assert_resolves_to (folder, "new.png", CUTOUT_COLLISION_OVERWRITE, NULL, NULL, "new.png");

  /* Add a number, GNOME style, continuing an existing number. */
  assert_resolves_to (folder, "a.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "a (2).png");
  write_file (dir, "a (2).png", "old");
  assert_resolves_to (folder, "a.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "a (3).png");
  assert_resolves_to (folder, "a (2).png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "a (3).png");
  write_file (dir, "noext", "old");
  assert_resolves_to (folder, "noext", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "noext (2)");
  /* A dangling symlink is taken too. */
  {
    g_autofree char *dangling = g_build_filename (dir, "dangling.png", NULL);

    g_assert_cmpint (symlink ("/nonexistent/cutout", dangling), ==, 0);
  }
  assert_resolves_to (folder, "dangling.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, "dangling (2).png");

  /* Skip: an error that says so, naming the file. */
  file = resolve (folder, "a.png", CUTOUT_COLLISION_SKIP, NULL, NULL, &error);
  g_assert_null (file);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS);
  expected = g_strdup_printf ("Skipped: “%s/a.png” already exists", dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Overwrite: the existing name. */
  assert_resolves_to (folder, "a.png", CUTOUT_COLLISION_OVERWRITE, NULL, NULL, "a.png");

  /* Names reserved in the batch are never handed out twice, whatever the
   * policy; releasing makes them free again. */
  assert_resolves_to (folder, "b.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, reservations, "b.png");
  assert_resolves_to (folder, "b.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, reservations, "b (2).png");
  assert_resolves_to (folder, "b.png", CUTOUT_COLLISION_OVERWRITE, NULL, reservations, "b (3).png");
  file = resolve (folder, "b.png", CUTOUT_COLLISION_SKIP, NULL, reservations, &error);
  g_assert_null (file);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS);
  g_clear_error (&error);
  reserved = g_file_get_child (folder, "b (2).png");
  g_assert_true (cutout_output_reservations_contains (reservations, reserved));
  g_assert_false (cutout_output_reservations_reserve (reservations, reserved));
  cutout_output_reservations_release (reservations, reserved);
  g_assert_false (cutout_output_reservations_contains (reservations, reserved));
  assert_resolves_to (folder, "b.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, reservations, "b (2).png");

  /* Resolving alone writes nothing. */
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "a (2).png|a.png|dangling.png|noext");

  cutout_test_rm_rf (dir);
}

static void
assert_refused_as_input (GFile                    *folder,
                         const char               *name,
                         GFile                    *input,
                         CutoutOutputReservations *reservations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = resolve (folder, name, CUTOUT_COLLISION_OVERWRITE, input, reservations, &error);
  g_autoptr(GFile) target = g_file_get_child (folder, name);
  g_autofree char *shown = g_file_get_parse_name (target);
  g_autofree char *expected = g_strdup_printf ("“%s” is an original image and is never overwritten", shown);

  g_assert_null (file);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_IS_INPUT);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_never_overwrite_input (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *other_dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) respelled = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) final = NULL;
  g_autoptr(CutoutOutputTemp) temp = NULL;
  g_autoptr(CutoutOutputReservations) reservations = cutout_output_reservations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *hard_path = NULL;
  g_autofree char *odd_spelling = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;

  input_path = cutout_test_write_bytes (dir, "x.png", "original", 8);
  input = g_file_new_for_path (input_path);
  link_path = g_build_filename (dir, "link.png", NULL);
  g_assert_cmpint (symlink (input_path, link_path), ==, 0);
  hard_path = g_build_filename (dir, "hard.png", NULL);
  g_assert_cmpint (link (input_path, hard_path), ==, 0);

  /* Same path, a symlink to it, a hard link to it: all refused. */
  assert_refused_as_input (folder, "x.png", input, NULL);
  assert_refused_as_input (folder, "link.png", input, NULL);
  assert_refused_as_input (folder, "hard.png", input, NULL);

  /* A different spelling of the same file is the same file. */
  odd_spelling = g_strdup_printf ("%s/./x.png", dir);
  respelled = g_file_new_for_path (odd_spelling);
  g_assert_true (cutout_output_is_same_file (respelled, input));
  {
    g_autoptr(GFile) link_file = g_file_new_for_path (link_path);

    g_assert_true (cutout_output_is_same_file (link_file, input));
  }
  g_assert_false (cutout_output_is_same_file (folder, input));

  /* The batch's other inputs are protected too. */
  cutout_output_reservations_protect (reservations, input);
  g_assert_true (cutout_output_reservations_is_protected (reservations, input));
  assert_refused_as_input (folder, "hard.png", NULL, reservations);
  assert_refused_as_input (folder, "link.png", NULL, reservations);

  /* Adding a number steps over the input; skipping says it exists. */
  assert_resolves_to (folder, "x.png", CUTOUT_COLLISION_ADD_NUMBER, input, NULL, "x (2).png");
  g_assert_null (resolve (folder, "x.png", CUTOUT_COLLISION_SKIP, input, NULL, &error));
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS);
  g_clear_error (&error);

  /* Commit checks again, even for a target that did not come from
   * resolving, and the original stays untouched. */
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (cutout_output_temp_get_stream (temp), "result", 6, NULL, NULL, &error));
  g_assert_no_error (error);
  target = g_file_new_for_path (hard_path);
  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_OVERWRITE, input, NULL, NULL, &error);
  g_assert_null (final);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_IS_INPUT);
  g_clear_error (&error);
  contents = read_file (input);
  g_assert_cmpstr (contents, ==, "original");

  /* After the refusal the temp can still go elsewhere. */
  g_clear_object (&target);
  target = g_file_get_child (folder, "x.png");
  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_ADD_NUMBER, input, NULL, NULL, &error);
  g_assert_no_error (error);
  basename = g_file_get_basename (final);
  g_assert_cmpstr (basename, ==, "x (2).png");
  g_clear_pointer (&contents, g_free);
  contents = read_file (input);
  g_assert_cmpstr (contents, ==, "original");

  cutout_test_rm_rf (dir);
  cutout_test_rm_rf (other_dir);
}

/* ---- atomic write ----------------------------------------------------- */

static void
test_atomic_commit (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "nested", "deeper", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (sub);
  g_autoptr(CutoutOutputTemp) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) final = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *target_path = NULL;
  GStatBuf buf;
  mode_t old_mask;

  old_mask = umask (022);

  /* The folder is created; the temp file is hidden and ours alone. */
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (cutout_output_temp_get_folder (temp), folder));
  temp_name = g_file_get_basename (cutout_output_temp_get_file (temp));
  g_assert_true (g_str_has_prefix (temp_name, CUTOUT_OUTPUT_TEMP_PREFIX));
  {
    /* The writer's process id, then 6 random characters. */
    g_autofree char *pid_part = g_strdup_printf ("%d-", (int) getpid ());

    g_assert_true (g_str_has_prefix (temp_name + strlen (CUTOUT_OUTPUT_TEMP_PREFIX), pid_part));
    g_assert_cmpuint (strlen (temp_name), ==, strlen (CUTOUT_OUTPUT_TEMP_PREFIX) + strlen (pid_part) + 6);
  }
  g_assert_null (cutout_output_temp_get_final (temp));

  target = cutout_output_resolve_target (folder, "photo-cutout.png", CUTOUT_COLLISION_ADD_NUMBER,
                                         NULL, NULL, &error);
  g_assert_no_error (error);
  target_path = g_file_get_path (target);

  /* While it is written, the final name does not exist. */
  g_assert_true (g_output_stream_write_all (cutout_output_temp_get_stream (temp), "half", 4, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (target_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_output_stream_write_all (cutout_output_temp_get_stream (temp), "-and-rest", 9, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (target_path, G_FILE_TEST_EXISTS));

  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (final, target));
  g_assert_true (g_file_equal (cutout_output_temp_get_final (temp), target));
  contents = read_file (final);
  g_assert_cmpstr (contents, ==, "half-and-rest");
  listing = list_dir (sub);
  g_assert_cmpstr (listing, ==, "photo-cutout.png");

  /* 0644 through a 022 umask. */
  g_assert_cmpint (g_stat (target_path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0644);

  /* Aborting (or dropping) after a commit leaves the result alone. */
  cutout_output_temp_abort (temp);
  g_clear_object (&temp);
  g_assert_true (g_file_test (target_path, G_FILE_TEST_EXISTS));

  /* A stricter umask is honoured. */
  umask (077);
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = g_file_get_path (cutout_output_temp_get_file (temp));

    g_assert_cmpint (g_stat (path, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  }
  umask (old_mask);

  /* Abort: nothing remains. */
  cutout_output_temp_abort (temp);
  g_clear_object (&temp);
  g_clear_pointer (&listing, g_free);
  listing = list_dir (sub);
  g_assert_cmpstr (listing, ==, "photo-cutout.png");

  /* Dropping the last reference without committing aborts too. */
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  g_clear_object (&temp);
  g_clear_pointer (&listing, g_free);
  listing = list_dir (sub);
  g_assert_cmpstr (listing, ==, "photo-cutout.png");

  cutout_test_rm_rf (dir);
}

static void
test_commit_policies (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(CutoutOutputReservations) reservations = cutout_output_reservations_new ();
  g_autoptr(CutoutOutputTemp) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) final = NULL;
  g_autoptr(GFile) old_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *temp_path = NULL;

  /* Overwrite: an existing result is replaced in one step, by a client
   * that replaces the temp file by path. */
  write_file (dir, "r.png", "old result");
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (cutout_output_temp_get_file (temp), "new result", 10,
                                          NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                          NULL, NULL, &error));
  g_assert_no_error (error);
  target = cutout_output_resolve_target (folder, "r.png", CUTOUT_COLLISION_OVERWRITE, NULL, NULL, &error);
  g_assert_no_error (error);
  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  contents = read_file (final);
  g_assert_cmpstr (contents, ==, "new result");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "r.png");
  g_clear_object (&temp);
  g_clear_object (&target);
  g_clear_object (&final);

  /* Skip: the target appeared between resolving and committing; nothing
   * is replaced and the temp file waits for an abort. */
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  temp_path = g_file_get_path (cutout_output_temp_get_file (temp));
  target = cutout_output_resolve_target (folder, "s.png", CUTOUT_COLLISION_SKIP, NULL, NULL, &error);
  g_assert_no_error (error);
  write_file (dir, "s.png", "someone else");
  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_SKIP, NULL, NULL, NULL, &error);
  g_assert_null (final);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  contents = read_file (target);
  g_assert_cmpstr (contents, ==, "someone else");
  g_assert_true (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  cutout_output_temp_abort (temp);
  g_assert_false (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  g_clear_object (&temp);
  g_clear_object (&target);

  /* Add a number: the same race takes the next number and moves the
   * reservation along. */
  temp = cutout_output_temp_new (folder, &error);
  g_assert_no_error (error);
  target = cutout_output_resolve_target (folder, "t.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, reservations, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_output_reservations_contains (reservations, target));
  write_file (dir, "t.png", "someone else");
  final = cutout_output_temp_commit (temp, target, CUTOUT_COLLISION_ADD_NUMBER, NULL, reservations, NULL, &error);
  g_assert_no_error (error);
  basename = g_file_get_basename (final);
  g_assert_cmpstr (basename, ==, "t (2).png");
  g_assert_true (cutout_output_reservations_contains (reservations, final));
  old_name = g_file_get_child (folder, "t.png");
  g_assert_false (cutout_output_reservations_contains (reservations, old_name));
  g_clear_pointer (&contents, g_free);
  contents = read_file (old_name);
  g_assert_cmpstr (contents, ==, "someone else");
  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "r.png|s.png|t (2).png|t.png");

  cutout_test_rm_rf (dir);
}

static void
commit_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GFile **final = user_data;
  g_autoptr(GError) error = NULL;

  *final = cutout_output_temp_commit_finish (CUTOUT_OUTPUT_TEMP (object), result, &error);
  g_assert_no_error (error);
}

static void
object_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CutoutOutputTemp) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) final = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  write_file (dir, "async.png", "old");

  cutout_output_temp_new_async (folder, NULL, object_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  temp = cutout_output_temp_new_finish (result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_output_stream_write_all (cutout_output_temp_get_stream (temp), "async", 5, NULL, NULL, &error));

  cutout_output_resolve_target_async (folder, "async.png", CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL,
                                      NULL, object_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  target = cutout_output_resolve_target_finish (result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  cutout_output_temp_commit_async (temp, target, CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL, NULL,
                                   commit_ready_cb, &final);
  while (final == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_equal (final, target));
  contents = read_file (final);
  g_assert_cmpstr (contents, ==, "async");

  /* Cleaning up asynchronously: nothing stale here. */
  cutout_output_cleanup_stale_async (folder, 0, NULL, object_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cutout_output_cleanup_stale_finish (result, &error), ==, 0);
  g_assert_no_error (error);

  cutout_test_rm_rf (dir);
}

/* ---- crash recovery --------------------------------------------------- */

static void
backdate (const char *path,
          gint64      seconds)
{
  struct utimbuf times;

  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - seconds);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static char *
crash_dir_for (pid_t pid)
{
  g_autofree char *name = g_strdup_printf ("cutout-test-crash-%d", (int) pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
test_crash_cleanup (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *wrong_length = NULL;
  g_autofree char *symlink_path = NULL;
  g_autofree char *subdir = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  if (g_test_subprocess ())
    {
      /* The "crashing" writer: a temp file half written, then the
       * process dies without any cleanup. */
      g_autoptr(CutoutOutputTemp) temp = NULL;

      dir = crash_dir_for (getppid ());
      folder = g_file_new_for_path (dir);
      temp = cutout_output_temp_new (folder, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (cutout_output_temp_get_stream (temp), "half a result", 13, NULL, NULL, NULL);
      _exit (3);
    }

  /* A folder the child can find without being told (setenv() is not
   * safe once threads exist). */
  dir = crash_dir_for (getpid ());
  cutout_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  folder = g_file_new_for_path (dir);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  /* The crash left exactly one temp file of ours. */
  gdir = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_assert_null (stale);
      g_assert_true (g_str_has_prefix (name, CUTOUT_OUTPUT_TEMP_PREFIX));
      stale = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (stale);
  backdate (stale, 2 * 3600);

  /* Things that are not ours, or not stale. */
  photo = cutout_test_write_bytes (dir, "photo.png", "keep", 4);
  backdate (photo, 2 * 3600);
  wrong_length = cutout_test_write_bytes (dir, CUTOUT_OUTPUT_TEMP_PREFIX "abc", "keep", 4);
  backdate (wrong_length, 2 * 3600);
  g_free (cutout_test_write_bytes (dir, CUTOUT_OUTPUT_TEMP_PREFIX "Xy12Z9", "recent", 6));
  symlink_path = g_build_filename (dir, CUTOUT_OUTPUT_TEMP_PREFIX "SymLnk", NULL);
  g_assert_cmpint (symlink (photo, symlink_path), ==, 0);
  subdir = g_build_filename (dir, CUTOUT_OUTPUT_TEMP_PREFIX "Dir123", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0755), ==, 0);
  backdate (subdir, 2 * 3600);

  /* Recent, but its writer is gone (no such process): stale at once.
   * Recent with a live writer (init): kept until it is old. */
  g_free (cutout_test_write_bytes (dir, CUTOUT_OUTPUT_TEMP_PREFIX "999999999-Dead12", "dead", 4));
  g_free (cutout_test_write_bytes (dir, CUTOUT_OUTPUT_TEMP_PREFIX "1-Live12", "live", 4));

  /* Older than an hour, or of a dead writer: the crashed temp file (its
   * writer is gone too) and the dead one. */
  g_assert_cmpint (cutout_output_cleanup_stale (folder, G_TIME_SPAN_HOUR, NULL, &error), ==, 2);
  g_assert_no_error (error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==,
                   CUTOUT_OUTPUT_TEMP_PREFIX "1-Live12|"
                   CUTOUT_OUTPUT_TEMP_PREFIX "Dir123|" CUTOUT_OUTPUT_TEMP_PREFIX "SymLnk|"
                   CUTOUT_OUTPUT_TEMP_PREFIX "Xy12Z9|" CUTOUT_OUTPUT_TEMP_PREFIX "abc|photo.png");

  /* Any age: the recent ones too, still never the symlink, the folder,
   * the wrong name or the photo. */
  g_assert_cmpint (cutout_output_cleanup_stale (folder, 0, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==,
                   CUTOUT_OUTPUT_TEMP_PREFIX "Dir123|" CUTOUT_OUTPUT_TEMP_PREFIX "SymLnk|"
                   CUTOUT_OUTPUT_TEMP_PREFIX "abc|photo.png");
  g_assert_true (g_file_test (photo, G_FILE_TEST_EXISTS));

  /* A folder that cannot be listed is an error, not a crash. */
  {
    g_autofree char *missing_path = g_build_filename (dir, "missing", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

    g_assert_cmpint (cutout_output_cleanup_stale (missing, 0, NULL, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }

  cutout_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  output_add_names_tests ();
  g_test_add_func ("/output/collisions", test_collisions);
  g_test_add_func ("/output/never-overwrite-input", test_never_overwrite_input);
  g_test_add_func ("/output/atomic-commit", test_atomic_commit);
  g_test_add_func ("/output/commit-policies", test_commit_policies);
  g_test_add_func ("/output/async", test_async);
  g_test_add_func ("/output/crash-cleanup", test_crash_cleanup);

  return g_test_run ();
}
