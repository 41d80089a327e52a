/* cutout-secret.c — the API key in the desktop keyring
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cutout-config.h"
#include "cutout-secret.h"

/* A static schema: the keyring stores "xdg:schema" with the item, so
 * lookups only ever match Cutout's own keys, and the account URL keeps a
 * test server's key apart from the real service's. */
static const SecretSchema cutout_api_key_schema = {
  "io.github.cutoutapp.Cutout.ApiKey",
  SECRET_SCHEMA_NONE,
  {
    { "account-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  /* Reserved members of SecretSchema. */
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* "https://www.rembg.com/" and "https://www.rembg.com" are the same
 * account, so they must find the same key. */
static char *
normalize_account_url (const char *account_url)
{
  gsize len = strlen (account_url);

  while (len > 1 && account_url[len - 1] == '/')
    len--;

  return g_strndup (account_url, len);
}

/* Whether @error says that there is no secret service to talk to, rather
 * than that the service refused or failed the request. libsecret passes
 * on what GDBus reports; measured with libsecret 0.20.5 and GLib 2.74
 * (see tests/test-secret.c):
 *  - a bus on which nothing owns or can activate org.freedesktop.secrets:
 *    G_DBUS_ERROR_SERVICE_UNKNOWN;
 *  - an address whose socket is missing: G_IO_ERROR_NOT_FOUND; a socket
 *    nobody listens on: G_IO_ERROR_CONNECTION_REFUSED; an address that is
 *    not one: G_IO_ERROR_INVALID_ARGUMENT;
 *  - no address and no X11 display to autolaunch a bus: G_IO_ERROR_FAILED.
 * The other codes below are the same situations seen from other angles
 * (the bus or the service going away mid-call, activation failing, a
 * service that does not speak the Secret Service API). Cancellation and
 * the service's own refusals (a locked collection, a dismissed prompt)
 * are passed on unchanged. */
static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_NOT_SUPPORTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_UNKNOWN_METHOD:
        case G_DBUS_ERROR_UNKNOWN_OBJECT:
        case G_DBUS_ERROR_UNKNOWN_INTERFACE:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_FAILED:
        case G_IO_ERROR_NOT_FOUND:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_NOT_SUPPORTED:
        case G_IO_ERROR_CLOSED:
        case G_IO_ERROR_BROKEN_PIPE:
        case G_IO_ERROR_NOT_CONNECTED:
        case G_IO_ERROR_INVALID_ARGUMENT:
        case G_IO_ERROR_PERMISSION_DENIED:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

static void
return_error (GTask  *task,
              GError *error)
{
  if (is_no_service_error (error))
    {
      /* GDBus's own wording ("The name org.freedesktop.secrets was not
       * provided by any .service files") helps when debugging, and it
       * never contains the key. */
      g_debug ("No secret service (%s %d): %s",
               g_quark_to_string (error->domain), error->code, error->message);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "%s",
                               _("No keyring is available, so the API key can be kept for this session only."));
      g_error_free (error);
      return;
    }

  g_task_return_error (task, error);
}

/* Lookup */

static void
lookup_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (password == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* libsecret's copy lives in non-pageable memory and must be wiped by
   * secret_password_free(); hand the caller a plain string instead. */
  g_task_return_pointer (task, g_strdup (password), g_free);
  secret_password_free (password);
}

void
cutout_secret_lookup_async (const char          *account_url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *env_key = NULL;

  g_return_if_fail (account_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_secret_lookup_async);

  /* The CLI and the tests give the key in the environment; then the
   * keyring is not asked at all, so no unlock prompt can appear. */
  env_key = cutout_config_get_env_api_key ();
  if (env_key != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&env_key), g_free);
      return;
    }

  url = normalize_account_url (account_url);
  secret_password_lookup (&cutout_api_key_schema, cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "account-url", url,
                          NULL);
}

char *
cutout_secret_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_secret_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Store */

static void
store_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cutout_secret_store_async (const char          *account_url,
                           const char          *api_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (account_url != NULL);
  g_return_if_fail (api_key != NULL && api_key[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_secret_store_async);

  url = normalize_account_url (account_url);
  /* The label is what keyring managers such as Passwords and Keys show. */
  label = g_strdup_printf (_("Cutout API key for %s"), url);

  secret_password_store (&cutout_api_key_schema, SECRET_COLLECTION_DEFAULT,
                         label, api_key, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "account-url", url,
                         NULL);
}

gboolean
cutout_secret_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_secret_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Clear */

static void
clear_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means that no key was stored, which is
   * what the caller wanted anyway. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cutout_secret_clear_async (const char          *account_url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (account_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_secret_clear_async);

  url = normalize_account_url (account_url);
  secret_password_clear (&cutout_api_key_schema, cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "account-url", url,
                         NULL);
}

gboolean
cutout_secret_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_secret_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
