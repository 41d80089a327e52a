/* test-cli-util.c — running cutout-cli against the fake server in tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "cutout-output.h"
#include "test-cli-util.h"

void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *extra = data;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *account[] = {
    "--membership", "Premium-20000",
    "--credits", "18500",
    "--prepaid", "2000",
    "--app-usage", "4200",
    "--api-usage", "5100",
  };

  fixture->dir = cutout_test_make_tmpdir ();
  fixture->log_path = g_build_filename (fixture->dir, "server-log.jsonl", NULL);

  g_ptr_array_add (args, (char *) "--log");
  g_ptr_array_add (args, fixture->log_path);
  for (guint i = 0; i < G_N_ELEMENTS (account); i++)
    g_ptr_array_add (args, (char *) account[i]);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (char *) extra[i]);
  g_ptr_array_add (args, NULL);

  fixture->server = cutout_test_spawn_fake_server ((const char * const *) args->pdata, &fixture->url);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  cutout_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->log_path);
}

/* Runs cutout-cli with @args against the fixture's server and @key as
 * CUTOUT_API_KEY (NULL: none). */
static GSubprocessLauncher *
make_launcher (Fixture    *fixture,
               const char *key)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "CUTOUT_API_URL", fixture->url, TRUE);
  g_subprocess_launcher_setenv (launcher, "CUTOUT_ACCOUNT_URL", fixture->url, TRUE);
  g_subprocess_launcher_setenv (launcher, "CUTOUT_API_KEY", key != NULL ? key : "", TRUE);
  /* No keyring for these runs: the key comes from the environment only. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
  /* The history database goes to the fixture's folder, never the user's. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", fixture->dir, TRUE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  return launcher;
}

static GSubprocess *
spawn_cli_env (Fixture            *fixture,
               const char         *key,
               const char * const *env,
               const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (fixture, key);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  for (guint i = 0; env != NULL && env[i] != NULL && env[i + 1] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

GSubprocess *
spawn_cli (Fixture            *fixture,
           const char         *key,
           const char * const *args)
{
  return spawn_cli_env (fixture, key, NULL, args);
}

void
run_cli_env (Fixture            *fixture,
             const char         *key,
             const char * const *env,
             const char * const *args,
             CliResult          *result)
{
  g_autoptr(GSubprocess) proc = spawn_cli_env (fixture, key, env, args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  result->status = g_subprocess_get_exit_status (proc);
  g_test_message ("cutout-cli exited %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

void
run_cli (Fixture            *fixture,
         const char         *key,
         const char * const *args,
         CliResult          *result)
{
  run_cli_env (fixture, key, NULL, args, result);
}

/* The fake server's request log, one JsonObject per request to @path
 * (the remove-background requests unless told otherwise). */
GPtrArray *
read_server_log_for (Fixture    *fixture,
                     const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (fixture->log_path, &contents, NULL, NULL))
    return requests;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      if (path == NULL ||
          g_strcmp0 (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "path"), path) == 0)
        g_ptr_array_add (requests, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return requests;
}

GPtrArray *
read_server_log (Fixture *fixture)
{
  return read_server_log_for (fixture, "/rmbg");
}

guint
count_requests (Fixture    *fixture,
                const char *path)
{
  g_autoptr(GPtrArray) requests = read_server_log_for (fixture, NULL);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (requests, i), "path"), path) == 0)
      n++;
  return n;
}

guint
count_charged (Fixture *fixture)
{
  g_autoptr(GPtrArray) requests = read_server_log (fixture);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (json_object_get_boolean_member (g_ptr_array_index (requests, i), "charged"))
      n++;
  return n;
}

/* Parses --json output: one object per line. */
GPtrArray *
parse_json_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return objects;
}

JsonObject *
find_job (GPtrArray  *jobs,
          const char *input_suffix)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      JsonObject *job = g_ptr_array_index (jobs, i);
      if (g_str_has_suffix (json_object_get_string_member (job, "input"), input_suffix))
        return job;
    }
  g_error ("No job for %s", input_suffix);
  return NULL;
}

void
assert_no_temp_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_false (g_str_has_prefix (name, CUTOUT_OUTPUT_TEMP_PREFIX));
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_temp_files (path);
    }
}

void
assert_cutout (const char *path,
               int         width,
               int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = cutout_test_load_pixbuf (path);
  const guint8 *pixels;
  int stride;

  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  /* The white border is gone, the red disc in the middle stays. */
  g_assert_cmpuint (pixels[3], ==, 0);
  g_assert_cmpuint (pixels[(height / 2) * stride + (width / 2) * 4 + 3], ==, 255);
}

