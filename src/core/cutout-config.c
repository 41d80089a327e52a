/* cutout-config.c — where the service is and which key to use
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-api-error.h"
#include "cutout-config.h"

/* Returns a copy of @url without trailing slashes, so that the client can
 * append "/rmbg" or "/api/membership-usage" without doubling them. A URL
 * made only of slashes is kept as it is, for the check to refuse. */
static char *
strip_trailing_slashes (const char *url)
{
  gsize len = strlen (url);

  while (len > 1 && url[len - 1] == '/')
    len--;

  return g_strndup (url, len);
}

/* Reads a string key of the app's schema. @settings may belong to
 * another schema (a test's, say); then the key is simply not there. */
static char *
get_settings_string (GSettings  *settings,
                     const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;

  return g_settings_get_string (settings, key);
}

static char *
get_url (const char *explicit_value,
         const char *env_name,
         GSettings  *settings,
         const char *key,
         const char *default_value)
{
  g_autofree char *from_settings = NULL;
  const char *from_env;

  if (explicit_value != NULL && explicit_value[0] != '\0')
    return strip_trailing_slashes (explicit_value);

  from_env = g_getenv (env_name);
  if (from_env != NULL && from_env[0] != '\0')
    return strip_trailing_slashes (from_env);

  from_settings = get_settings_string (settings, key);
  if (from_settings != NULL && from_settings[0] != '\0')
    return strip_trailing_slashes (from_settings);

  return g_strdup (default_value);
}

char *
cutout_config_get_api_url (const char *explicit_value,
                           GSettings  *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return get_url (explicit_value, CUTOUT_ENV_API_URL,
                  settings, "api-url", CUTOUT_DEFAULT_API_URL);
}

char *
cutout_config_get_account_url (const char *explicit_value,
                               GSettings  *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return get_url (explicit_value, CUTOUT_ENV_ACCOUNT_URL,
                  settings, "account-url", CUTOUT_DEFAULT_ACCOUNT_URL);
}

/* Plain HTTP would send the API key in clear text, so it is only
 * allowed where the traffic never leaves this computer: the fake server
 * of the tests and demos, or a self-hosted service behind a local
 * tunnel. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len = strlen (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri gives IPv6 literals without brackets, but accept them with
   * brackets too rather than rely on that. */
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);

  /* This covers all of 127.0.0.0/8 and ::1. */
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* GUri accepts almost any bytes in a host; a server's name is an IP
 * address or letters, digits, '-' and '.' (after IDNA for non-ASCII
 * names). */
static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || ascii[0] == '\0')
    return FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

static gboolean
fail_not_usable (const char  *url,
                 GError     **error)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("“%s” is not a web address Cutout can use. Enter an address that starts with https:// and names a server."),
                             url);
  g_propagate_error (error,
                     cutout_api_error_new (CUTOUT_API_ERROR_INSECURE_URL, 0, message));

  return FALSE;
}

gboolean
cutout_config_check_base_url (const char  *url,
                              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL)
    url = "";

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return fail_not_usable (url, error);

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (host == NULL || host[0] == '\0' || !host_is_valid (host))
    return fail_not_usable (url, error);

  /* A base URL gets paths appended; a query or fragment would end up in
   * the middle of the request's URL. */
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return fail_not_usable (url, error);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return fail_not_usable (url, error);

  if (!host_is_loopback (host))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Cutout only talks to “%s” over HTTPS. Plain HTTP is allowed for this computer (localhost) only."),
                                 url);
      g_propagate_error (error,
                         cutout_api_error_new (CUTOUT_API_ERROR_INSECURE_URL, 0, message));
      return FALSE;
    }

  return TRUE;
}

char *
cutout_config_get_env_api_key (void)
{
  const char *key = g_getenv (CUTOUT_ENV_API_KEY);

  if (key == NULL || key[0] == '\0')
    return NULL;

  return g_strdup (key);
}

GSettings *
cutout_config_new_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

  /* g_settings_new() aborts when the schema is missing; the CLI run from
   * a build tree must keep working with the defaults instead. */
  source = g_settings_schema_source_get_default ();
  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}
