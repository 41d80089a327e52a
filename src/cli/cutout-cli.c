/* cutout-cli.c — the command-line twin of Cutout: entry point and options
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "cutout-cli.h"

/* Exit codes, as documented in --help. */
int
cutout_cli_fail_usage (GOptionContext *context,
                       const char     *message)
{
  g_printerr ("cutout-cli: %s\n", message);
  if (context != NULL)
    g_printerr (_("Try “cutout-cli --help” for more information.\n"));
  return CUTOUT_CLI_EXIT_USAGE;
}

/* Resolves the base URLs (option > environment > GSettings > default)
 * and the API key (environment > keyring), and builds the client. The key
 * never comes from the command line, where other users could read it. */
CutoutClient *
cutout_cli_make_client (const char *api_url_option,
                        const char *account_url_option,
                        int         max_connections,
                        GError    **error)
{
  g_autoptr(GSettings) settings = cutout_config_new_settings ();
  g_autofree char *api_url = cutout_config_get_api_url (api_url_option, settings);
  g_autofree char *account_url = cutout_config_get_account_url (account_url_option, settings);
  g_autofree char *key = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(GError) secret_error = NULL;

  client = cutout_client_new (api_url, account_url, error);
  if (client == NULL)
    return NULL;
  g_object_set (client, "max-connections", MAX (1, max_connections), NULL);

  key = cutout_config_get_env_api_key ();
  if (key == NULL)
    {
      key = cutout_cli_lookup_secret (cutout_client_get_account_url (client), &secret_error);
      if (secret_error != NULL)
        g_debug ("No API key from the keyring: %s", secret_error->message);
    }
  cutout_client_set_api_key (client, key);
  if (key != NULL)
    memset (key, 0, strlen (key));

  return g_steal_pointer (&client);
}

typedef struct
{
  GMainLoop *loop;
  char      *key;
  GError    *error;
} SecretLookup;

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretLookup *lookup = user_data;

  lookup->key = cutout_secret_lookup_finish (result, &lookup->error);
  g_main_loop_quit (lookup->loop);
}

char *
cutout_cli_lookup_secret (const char *account_url,
                          GError    **error)
{
  SecretLookup lookup = { 0 };

  /* A command-line tool may block on the keyring; the wait is short and
   * there is nothing else to do yet. */
  lookup.loop = g_main_loop_new (NULL, FALSE);
  cutout_secret_lookup_async (account_url, NULL, secret_lookup_cb, &lookup);
  g_main_loop_run (lookup.loop);
  g_main_loop_unref (lookup.loop);

  if (lookup.error != NULL)
    {
      g_propagate_error (error, lookup.error);
      return NULL;
    }
  return lookup.key;
}

/* Prints an error for a person: the message, and each field's problem
 * when the service (or our validation) gave details. */
void
cutout_cli_print_error (const char   *prefix,
                        const GError *error)
{
  GPtrArray *details = cutout_api_error_get_details (error);

  if (prefix != NULL)
    g_printerr ("%s: %s\n", prefix, error->message);
  else
    g_printerr ("%s\n", error->message);

  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);
      g_printerr ("  %s\n", detail->message);
    }
}

void
cutout_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && g_strcmp0 (argv[1], "usage") == 0)
    return cutout_cli_usage_main (argc - 1, argv + 1);

  return cutout_cli_process_main (argc, argv);
}
