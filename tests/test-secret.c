/* test-secret.c — the API key against a real, private secret service
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <libsecret/secret.h>

#include "cutout-config.h"
#include "cutout-secret.h"
#include "cutout-test-util.h"
#include "test-secret-keyring.h"

/* The tests run against their own session bus and gnome-keyring-daemon,
 * never the user's keyring: see test-secret-keyring.c. */

#define OPERATION_TIMEOUT_MS 20000

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
