/* test-secret.c — the API key against a real, private secret service
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <libsecret/secret.h>

#include "cutout-config.h"
#include "cutout-secret.h"
#include "cutout-test-util.h"

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
#define OPERATION_TIMEOUT_MS    20000
#define STOP_TIMEOUT_MS         5000

#define ACCOUNT_A "https://www.rembg.com"
#define ACCOUNT_B "http://127.0.0.1:8080"

/* Never printed: these are test values, but the tests treat them like
 * real keys. */
#define KEY_A  "key-a-0123456789"
#define KEY_A2 "key-a-replaced"
#define KEY_B  "key-b-9876543210"

#define NO_KEYRING_MESSAGE "No keyring is available, so the API key can be kept for this session only."

/* The schema as cutout-secret.c defines it, to look at the stored items
 * from the outside. */
static const SecretSchema expected_schema = {
  "io.github.cutoutapp.Cutout.ApiKey",
  SECRET_SCHEMA_NONE,
  {
    { "account-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

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

typedef struct
{
  GSubprocess *process;
  const char  *name;
  gboolean     exited;
} Daemon;

typedef struct
{
  gboolean  tried;
  char     *failure;
  char     *tmpdir;
  char     *bus_address;
  /* Filled by an async read that may finish after bus_start() gave up,
   * so it lives here rather than on the stack. */
  char     *bus_line;
  Daemon    bus;
  Daemon    keyring;
} Keyring;

static Keyring keyring;

/* Waiting with a deadline: a hung daemon fails the test with a reason
 * instead of hanging until meson's timeout. */

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
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

static gboolean
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

static void
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
static gboolean
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

/* Synchronous wrappers over the async API, each with a deadline. */

typedef struct
{
  gboolean  done;
  char     *key;
  gboolean  ok;
  GError   *error;
} Result;

static void
result_clear (Result *r)
{
  if (r->key != NULL)
    {
      /* Wipe the key before freeing it, as the app would. */
      memset (r->key, 0, strlen (r->key));
      g_free (r->key);
    }
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  g_assert_null (source);
  r->key = cutout_secret_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = cutout_secret_store_finish (result, &r->error);
  r->done = TRUE;
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = cutout_secret_clear_finish (result, &r->error);
  r->done = TRUE;
}

static void
wait_result (Result     *r,
             const char *what)
{
  if (!iterate_until (&r->done, OPERATION_TIMEOUT_MS))
    g_error ("The secret service did not answer a %s within %d s", what, OPERATION_TIMEOUT_MS / 1000);
}

static void
do_lookup (const char   *account_url,
           GCancellable *cancellable,
           Result       *r)
{
  cutout_secret_lookup_async (account_url, cancellable, lookup_cb, r);
  wait_result (r, "lookup");
  g_assert_true ((r->key == NULL) || (r->error == NULL));
}

static void
do_store (const char *account_url,
          const char *key,
          Result     *r)
{
  cutout_secret_store_async (account_url, key, NULL, store_cb, r);
  wait_result (r, "store");
  g_assert_true (r->ok == (r->error == NULL));
}

static void
do_clear (const char *account_url,
          Result     *r)
{
  cutout_secret_clear_async (account_url, NULL, clear_cb, r);
  wait_result (r, "clear");
  g_assert_true (r->ok == (r->error == NULL));
}

/* Asserts what a lookup answers, without ever printing a key: a mismatch
 * says which account and whether a key was there at all. */
static void
assert_lookup (const char *account_url,
               const char *expected_key)
{
  g_auto(Result) r = { 0 };

  do_lookup (account_url, NULL, &r);
  g_assert_no_error (r.error);

  if (expected_key == NULL && r.key != NULL)
    g_error ("A key was found for %s where none should be", account_url);
  if (expected_key != NULL && r.key == NULL)
    g_error ("No key was found for %s", account_url);
  if (expected_key != NULL && strcmp (expected_key, r.key) != 0)
    g_error ("The key found for %s is not the one stored", account_url);
}

static void
assert_store (const char *account_url,
              const char *key)
{
  g_auto(Result) r = { 0 };

  do_store (account_url, key, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
assert_clear (const char *account_url)
{
  g_auto(Result) r = { 0 };

  do_clear (account_url, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
test_round_trip (void)
{
  if (!keyring_ensure ())
    return;

  assert_lookup (ACCOUNT_A, NULL);

  assert_store (ACCOUNT_A, KEY_A);
  assert_lookup (ACCOUNT_A, KEY_A);

  /* Storing again replaces the key instead of adding a second item. */
  assert_store (ACCOUNT_A, KEY_A2);
  assert_lookup (ACCOUNT_A, KEY_A2);

  assert_clear (ACCOUNT_A);
  assert_lookup (ACCOUNT_A, NULL);
}

static void
test_accounts_do_not_mix (void)
{
  if (!keyring_ensure ())
    return;

  assert_store (ACCOUNT_A, KEY_A);
  assert_store (ACCOUNT_B, KEY_B);
  assert_lookup (ACCOUNT_A, KEY_A);
  assert_lookup (ACCOUNT_B, KEY_B);
  assert_lookup ("https://other.example", NULL);
  /* A trailing slash names the same account. */
  assert_lookup (ACCOUNT_A "/", KEY_A);

  assert_clear (ACCOUNT_A);
  assert_lookup (ACCOUNT_A, NULL);
  assert_lookup (ACCOUNT_B, KEY_B);

  assert_clear (ACCOUNT_B);
  assert_lookup (ACCOUNT_B, NULL);

  /* Clearing what is not there is not an error. */
  assert_clear (ACCOUNT_B);
}

static void
test_stored_item (void)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GHashTable) item_attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autofree char *label = NULL;
  SecretItem *item;

  if (!keyring_ensure ())
    return;

  assert_store (ACCOUNT_B, KEY_B);

  /* Look from the outside, as a keyring manager would. */
  attributes = secret_attributes_build (&expected_schema, "account-url", ACCOUNT_B, NULL);
  items = secret_service_search_sync (NULL, &expected_schema, attributes,
                                      SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_item_get_label (item);
  g_assert_cmpstr (label, ==, "Cutout API key for " ACCOUNT_B);
  item_attributes = secret_item_get_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (item_attributes, "xdg:schema"), ==,
                   "io.github.cutoutapp.Cutout.ApiKey");
  g_assert_cmpstr (g_hash_table_lookup (item_attributes, "account-url"), ==, ACCOUNT_B);

  assert_clear (ACCOUNT_B);
}

static void
test_env_override (void)
{
  if (!keyring_ensure ())
    return;

  assert_store (ACCOUNT_A, KEY_A);

  g_setenv (CUTOUT_ENV_API_KEY, "key-from-environment", TRUE);
  assert_lookup (ACCOUNT_A, "key-from-environment");
  assert_lookup (ACCOUNT_B, "key-from-environment");

  /* Empty counts as unset: the keyring answers again. */
  g_setenv (CUTOUT_ENV_API_KEY, "", TRUE);
  assert_lookup (ACCOUNT_A, KEY_A);

  assert_clear (ACCOUNT_A);
}

static void
test_env_override_without_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = cutout_test_make_tmpdir ();
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus", dir);

      /* With a bus that cannot even be reached, the environment still
       * answers: the keyring is not asked at all. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      g_setenv (CUTOUT_ENV_API_KEY, "key-from-environment", TRUE);
      assert_lookup (ACCOUNT_A, "key-from-environment");
      cutout_test_rm_rf (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
assert_all_not_supported (void)
{
  g_auto(Result) lookup = { 0 };
  g_auto(Result) store = { 0 };
  g_auto(Result) clear = { 0 };

  do_lookup (ACCOUNT_A, NULL, &lookup);
  g_assert_null (lookup.key);
  g_assert_error (lookup.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (lookup.error->message, ==, NO_KEYRING_MESSAGE);

  do_store (ACCOUNT_A, KEY_A, &store);
  g_assert_false (store.ok);
  g_assert_error (store.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (store.error->message, ==, NO_KEYRING_MESSAGE);

  do_clear (ACCOUNT_A, &clear);
  g_assert_false (clear.ok);
  g_assert_error (clear.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (clear.error->message, ==, NO_KEYRING_MESSAGE);
}

/* A session bus on which nothing offers org.freedesktop.secrets and no
 * .service file can start it. */
static void
test_bus_without_service (void)
{
  if (g_test_subprocess ())
    {
      Keyring bus_only = { 0 };
      g_autofree char *runtime = NULL;

      bus_only.tmpdir = cutout_test_make_tmpdir ();
      runtime = g_build_filename (bus_only.tmpdir, "runtime", NULL);
      g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);
      if (!bus_start (&bus_only))
        g_error ("%s", bus_only.failure);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus_only.bus_address, TRUE);
      assert_all_not_supported ();

      keyring_stop (&bus_only);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No session bus at all: an address whose socket does not exist. */
static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = cutout_test_make_tmpdir ();
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus", dir);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_all_not_supported ();

      /* A socket left behind by a bus that died: nothing listens. */
      {
        g_autofree char *path = g_build_filename (dir, "dead-bus", NULL);
        g_autofree char *dead_address = g_strdup_printf ("unix:path=%s", path);
        g_autoptr(GSocket) socket = NULL;
        g_autoptr(GSocketAddress) socket_address = NULL;
        g_autoptr(GError) error = NULL;

        socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_DEFAULT, &error);
        g_assert_no_error (error);
        socket_address = g_unix_socket_address_new (path);
        g_socket_bind (socket, socket_address, FALSE, &error);
        g_assert_no_error (error);

        g_setenv ("DBUS_SESSION_BUS_ADDRESS", dead_address, TRUE);
        assert_all_not_supported ();
      }

      /* An address that is not one at all, as a broken login script may
       * leave behind. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "not-an-address", TRUE);
      assert_all_not_supported ();

      cutout_test_rm_rf (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No address, no X11 display to autolaunch a bus, no user bus socket:
 * a headless machine or a build chroot. */
static void
test_no_bus_address (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = cutout_test_make_tmpdir ();

      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      g_setenv ("XDG_RUNTIME_DIR", dir, TRUE);
      assert_all_not_supported ();
      cutout_test_rm_rf (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Result) r = { 0 };

  if (!keyring_ensure ())
    return;

  /* Cancelling is not "no keyring": the caller drops it silently. */
  g_cancellable_cancel (cancellable);
  do_lookup (ACCOUNT_A, cancellable, &r);
  g_assert_null (r.key);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* The meson environment sets it empty; a developer's shell may not. */
  g_setenv (CUTOUT_ENV_API_KEY, "", TRUE);

  g_test_add_func ("/secret/keyring/round-trip", test_round_trip);
  g_test_add_func ("/secret/keyring/accounts-do-not-mix", test_accounts_do_not_mix);
  g_test_add_func ("/secret/keyring/stored-item", test_stored_item);
  g_test_add_func ("/secret/keyring/env-override", test_env_override);
  g_test_add_func ("/secret/keyring/cancelled", test_cancelled);
  g_test_add_func ("/secret/env-override-without-bus", test_env_override_without_bus);
  g_test_add_func ("/secret/no-keyring/bus-without-service", test_bus_without_service);
  g_test_add_func ("/secret/no-keyring/no-bus", test_no_bus);
  g_test_add_func ("/secret/no-keyring/no-bus-address", test_no_bus_address);

  ret = g_test_run ();

  if (keyring.tried)
    keyring_stop (&keyring);
  if (keyring.failure != NULL)
    g_printerr ("# The keyring could not be started: %s\n", keyring.failure);
  g_clear_pointer (&keyring.failure, g_free);

  return ret;
}
