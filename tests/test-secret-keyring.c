/* test-secret-keyring.c — a private session bus and gnome-keyring-daemon for the secret tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "cutout-test-util.h"
#include "test-secret-keyring.h"

/* The tests never touch the user's keyring: they start their own session
 * bus and a gnome-keyring-daemon on it, with a temporary HOME and XDG
 * folders. Both daemons are children of this process that get SIGTERM
 * from the kernel if it dies (PR_SET_PDEATHSIG), so a failed assertion
 * leaves nothing running.
 *
 * The bus is not a GTestDBus: g_test_dbus_down() insists that the session
 * bus connection is finalized, but libsecret 0.20 keeps one reference to
 * it after its second call even past secret_service_disconnect() (seen
 * with two plain secret_password_lookup() calls in a row), so that check
 * would always time out. */

#define DAEMON_START_TIMEOUT_MS 15000
#define STOP_TIMEOUT_MS         5000

/* A session bus with no .service files, so that nothing on it can be
 * activated (the system's session.conf would start the user's real
 * gnome-keyring). */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

Keyring keyring;

/* Waiting with a deadline: a hung daemon fails the test with a reason
 * instead of hanging until meson's timeout. */

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
iterate_until (gboolean *flag,
               guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, deadline_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);

  return *flag;
}

static void
sleep_ms (guint ms)
{
  gboolean tick = FALSE;

  g_timeout_add (ms, deadline_cb, &tick);
  iterate_until (&tick, ms + 1000);
}

static gboolean
program_exists (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
daemon_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Daemon *daemon = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  daemon->exited = TRUE;
}

/* Runs in the child between fork and exec: the kernel sends it SIGTERM
 * when this test process dies, however it dies. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
daemon_spawn (Daemon              *daemon,
              GSubprocessLauncher *launcher,
              const char * const  *argv,
              char               **failure)
{
  g_autoptr(GError) error = NULL;

  daemon->name = argv[0];
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  daemon->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (daemon->process == NULL)
    {
      *failure = g_strdup_printf ("Could not start %s: %s", argv[0], error->message);
      return FALSE;
    }

  g_subprocess_wait_async (daemon->process, NULL, daemon_exited_cb, daemon);

  return TRUE;
}

static void
daemon_stop (Daemon *daemon)
{
  if (daemon->process == NULL)
    return;

  if (!daemon->exited)
    {
      g_subprocess_send_signal (daemon->process, SIGTERM);
      if (!iterate_until (&daemon->exited, STOP_TIMEOUT_MS))
        {
          g_test_message ("%s ignored SIGTERM for %d s; killing it",
                          daemon->name, STOP_TIMEOUT_MS / 1000);
          g_subprocess_force_exit (daemon->process);
          iterate_until (&daemon->exited, STOP_TIMEOUT_MS);
        }
    }

  /* Reaped: no zombie and nothing running is left behind. */
  g_assert_true (daemon->exited);
  g_clear_object (&daemon->process);
}

static char *
read_log (const Keyring *k,
          const char    *name)
{
  g_autofree char *path = g_build_filename (k->tmpdir, name, NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || contents[0] == '\0')
    return g_strdup ("(nothing)");

  return g_steal_pointer (&contents);
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autofree char *text = NULL;

  text = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  *line = text != NULL ? g_steal_pointer (&text) : g_strdup ("");
}

gboolean
bus_start (Keyring *k)
{
  const char *argv[] = { "dbus-daemon", NULL, "--print-address=1", "--nofork", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *config_path = g_build_filename (k->tmpdir, "bus.conf", NULL);
  g_autofree char *socket_dir = g_build_filename (k->tmpdir, "runtime", NULL);
  g_autofree char *log_path = g_build_filename (k->tmpdir, "dbus-daemon.log", NULL);
  g_autofree char *config = NULL;
  g_autofree char *config_arg = NULL;
  gint64 deadline;

  config = g_markup_printf_escaped (bus_config, socket_dir);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));
  config_arg = g_strdup_printf ("--config-file=%s", config_path);
  argv[1] = config_arg;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  if (!daemon_spawn (&k->bus, launcher, argv, &k->failure))
    return FALSE;

  /* The address is the first line; read it without blocking so that a
   * daemon that never prints cannot hang the test. */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (k->bus.process));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, read_line_cb, &k->bus_line);
  deadline = g_get_monotonic_time () + DAEMON_START_TIMEOUT_MS * 1000;
  while (k->bus_line == NULL && !k->bus.exited && g_get_monotonic_time () < deadline)
    sleep_ms (20);

  if (k->bus_line == NULL || !g_str_has_prefix (k->bus_line, "unix:"))
    {
      g_autofree char *log = read_log (k, "dbus-daemon.log");

      k->failure = g_strdup_printf ("dbus-daemon did not print its address within %d s (%s). Its errors:\n%s",
                                    DAEMON_START_TIMEOUT_MS / 1000,
                                    k->bus.exited ? "it exited" : "it is still running",
                                    log);
      return FALSE;
    }

  k->bus_address = g_strdup (k->bus_line);

  return TRUE;
}

/* Ready means: the daemon owns org.freedesktop.secrets and has a default
 * collection (made by --unlock), so the first store does not race the
 * creation of the login keyring. */
static gboolean
keyring_is_ready (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;

  reply = g_dbus_connection_call_sync (connection,
                                       "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service",
                                       "ReadAlias",
                                       g_variant_new ("(s)", "default"),
                                       G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(&o)", &path);

  return g_strcmp0 (path, "/") != 0;
}

static gboolean
keyring_daemon_start (Keyring *k)
{
  const char *argv[] = {
    "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL
  };
  const char *dirs[][2] = {
    { "HOME", "home" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_RUNTIME_DIR", "runtime" },
  };
  const char *password = "cutout-test-password";
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = g_build_filename (k->tmpdir, "gnome-keyring.log", NULL);
  g_auto(GStrv) env = g_get_environ ();
  GOutputStream *input;
  gint64 deadline;
  gboolean ready = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (k->tmpdir, dirs[i][1], NULL);

      env = g_environ_setenv (env, dirs[i][0], dir, TRUE);
    }
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", k->bus_address, TRUE);
  /* No display, no user agent sockets, and none of the test's own
   * debugging switches (fatal-warnings would turn a harmless warning of
   * the daemon, e.g. that it cannot lock memory, into a crash). */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_unsetenv (env, "GNOME_KEYRING_CONTROL");
  env = g_environ_unsetenv (env, "SSH_AUTH_SOCK");
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_unsetenv (env, "G_MESSAGES_DEBUG");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, k->tmpdir);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  if (!daemon_spawn (&k->keyring, launcher, argv, &k->failure))
    return FALSE;

  /* --unlock reads the new login keyring's password from stdin up to
   * the end of the input. */
  input = g_subprocess_get_stdin_pipe (k->keyring.process);
  if (!g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error) ||
      !g_output_stream_close (input, NULL, &error))
    {
      g_autofree char *log = read_log (k, "gnome-keyring.log");

      k->failure = g_strdup_printf ("Could not give gnome-keyring-daemon its password: %s. Its output:\n%s",
                                    error->message, log);
      return FALSE;
    }

  /* A private connection, so that the process-wide session bus
   * singleton is only ever made by libsecret itself. */
  connection = g_dbus_connection_new_for_address_sync (k->bus_address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  if (connection == NULL)
    {
      k->failure = g_strdup_printf ("Could not connect to the test's own bus: %s", error->message);
      return FALSE;
    }

  deadline = g_get_monotonic_time () + DAEMON_START_TIMEOUT_MS * 1000;
  while (!k->keyring.exited && g_get_monotonic_time () < deadline)
    {
      if (keyring_is_ready (connection))
        {
          ready = TRUE;
          break;
        }
      sleep_ms (50);
    }

  g_dbus_connection_close_sync (connection, NULL, NULL);

  if (!ready)
    {
      g_autofree char *log = read_log (k, "gnome-keyring.log");

      k->failure = g_strdup_printf ("gnome-keyring-daemon %s within %d s. Its output:\n%s",
                                    k->keyring.exited ? "exited" : "offered no default collection",
                                    DAEMON_START_TIMEOUT_MS / 1000, log);
      return FALSE;
    }

  return TRUE;
}

static gboolean
keyring_start (Keyring *k)
{
  const char *dirs[] = { "home", "data", "config", "cache", "runtime" };

  if (!program_exists ("dbus-daemon"))
    {
      k->failure = g_strdup ("dbus-daemon is not installed (Debian package dbus)");
      return FALSE;
    }
  if (!program_exists ("gnome-keyring-daemon"))
    {
      k->failure = g_strdup ("gnome-keyring-daemon is not installed (Debian package gnome-keyring)");
      return FALSE;
    }

  k->tmpdir = cutout_test_make_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (k->tmpdir, dirs[i], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
    }

  if (!bus_start (k) || !keyring_daemon_start (k))
    return FALSE;

  /* libsecret in this process talks to the session bus. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", k->bus_address, TRUE);

  return TRUE;
}

void
keyring_stop (Keyring *k)
{
  g_autoptr(GDBusConnection) connection = NULL;

  secret_service_disconnect ();

  /* The session bus connection libsecret made must not take the process
   * down when the bus goes away (exit-on-close is on for it). */
  if (k->bus_address != NULL &&
      g_strcmp0 (g_getenv ("DBUS_SESSION_BUS_ADDRESS"), k->bus_address) == 0)
    {
      connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      if (connection != NULL)
        {
          g_dbus_connection_set_exit_on_close (connection, FALSE);
          g_dbus_connection_close_sync (connection, NULL, NULL);
        }
    }

  daemon_stop (&k->keyring);
  daemon_stop (&k->bus);

  /* Let the read of the bus address finish (it sees the end of the
   * output now) before its buffer goes away. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  if (k->tmpdir != NULL)
    cutout_test_rm_rf (k->tmpdir);
  g_clear_pointer (&k->tmpdir, g_free);
  g_clear_pointer (&k->bus_address, g_free);
  g_clear_pointer (&k->bus_line, g_free);
}

/* Starts the daemons once for all tests that need them; a failure to
 * start fails every such test loudly, with the reason. */
gboolean
keyring_ensure (void)
{
  if (!keyring.tried)
    {
      keyring.tried = TRUE;
      /* On failure, stop what did start right away: GTest may end the
       * run at the first failed test. */
      if (!keyring_start (&keyring))
        keyring_stop (&keyring);
    }

  if (keyring.failure != NULL)
    {
      g_test_fail_printf ("No private secret service for the test: %s", keyring.failure);
      return FALSE;
    }

  return TRUE;
}
