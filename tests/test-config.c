/* test-config.c — base URLs by precedence, the URL check and the env key
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-api-error.h"
#include "cutout-config.h"
#include "cutout-test-util.h"

typedef char *(*GetUrlFunc) (const char *explicit_value,
                             GSettings  *settings);

typedef struct
{
  GetUrlFunc  get_url;
  const char *env_name;
  const char *key;
  const char *default_url;
} UrlCase;

static const UrlCase api_case = {
  cutout_config_get_api_url, CUTOUT_ENV_API_URL, "api-url", CUTOUT_DEFAULT_API_URL,
};
static const UrlCase account_case = {
  cutout_config_get_account_url, CUTOUT_ENV_ACCOUNT_URL, "account-url", CUTOUT_DEFAULT_ACCOUNT_URL,
};

static void
assert_url (const UrlCase *c,
            const char    *explicit_value,
            GSettings     *settings,
            const char    *expected)
{
  g_autofree char *url = c->get_url (explicit_value, settings);

  g_assert_cmpstr (url, ==, expected);
}

static void
test_precedence (gconstpointer data)
{
  const UrlCase *c = data;
  g_autoptr(GSettings) settings = NULL;

  /* The test environment sets both URL variables; start from nothing. */
  g_unsetenv (c->env_name);

  settings = cutout_config_new_settings ();
  g_assert_nonnull (settings);
  /* The schema's default is the service itself. */
  g_settings_reset (settings, c->key);
  assert_url (c, NULL, settings, c->default_url);
  assert_url (c, NULL, NULL, c->default_url);

  /* GSettings over the default. */
  g_settings_set_string (settings, c->key, "https://settings.example");
  assert_url (c, NULL, settings, "https://settings.example");
  assert_url (c, "", settings, "https://settings.example");
  /* Without a GSettings object the level is skipped. */
  assert_url (c, NULL, NULL, c->default_url);

  /* The environment over GSettings. */
  g_setenv (c->env_name, "http://127.0.0.1:8080", TRUE);
  assert_url (c, NULL, settings, "http://127.0.0.1:8080");
  assert_url (c, NULL, NULL, "http://127.0.0.1:8080");

  /* An explicit value over everything. */
  assert_url (c, "https://explicit.example", settings, "https://explicit.example");

  /* An empty value at any level counts as unset. */
  g_setenv (c->env_name, "", TRUE);
  assert_url (c, "", settings, "https://settings.example");
  g_settings_set_string (settings, c->key, "");
  assert_url (c, "", settings, c->default_url);
  assert_url (c, NULL, settings, c->default_url);

  g_settings_reset (settings, c->key);
  g_unsetenv (c->env_name);
}

static void
test_trailing_slash (gconstpointer data)
{
  const UrlCase *c = data;
  g_autoptr(GSettings) settings = cutout_config_new_settings ();

  g_unsetenv (c->env_name);

  /* The client appends "/rmbg" or "/api/membership-usage". */
  assert_url (c, "https://explicit.example/", NULL, "https://explicit.example");
  assert_url (c, "https://explicit.example/base//", NULL, "https://explicit.example/base");

  g_setenv (c->env_name, "http://localhost:1234/", TRUE);
  assert_url (c, NULL, NULL, "http://localhost:1234");
  g_unsetenv (c->env_name);

  g_settings_set_string (settings, c->key, "https://settings.example/");
  assert_url (c, NULL, settings, "https://settings.example");
  g_settings_reset (settings, c->key);
}

static void
test_keys_are_separate (void)
{
  g_autoptr(GSettings) settings = cutout_config_new_settings ();
  g_autofree char *api = NULL;
  g_autofree char *account = NULL;

  g_unsetenv (CUTOUT_ENV_API_URL);
  g_setenv (CUTOUT_ENV_ACCOUNT_URL, "http://127.0.0.1:9000", TRUE);
  g_settings_set_string (settings, "api-url", "https://api.example");

  api = cutout_config_get_api_url (NULL, settings);
  account = cutout_config_get_account_url (NULL, settings);
  g_assert_cmpstr (api, ==, "https://api.example");
  g_assert_cmpstr (account, ==, "http://127.0.0.1:9000");

  g_settings_reset (settings, "api-url");
  g_unsetenv (CUTOUT_ENV_ACCOUNT_URL);
}

static void
test_url_accepted (void)
{
  const char *urls[] = {
    "https://api.rembg.com",
    "https://www.rembg.com/",
    "https://example.com:8443/base",
    "HTTPS://EXAMPLE.COM",
    "http://127.0.0.1:8080",
    "http://127.0.0.1",
    "http://127.255.3.4:9",
    "http://localhost",
    "http://LocalHost:1234/",
    "http://[::1]:5",
    "http://[::1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", urls[i]);
      g_assert_true (cutout_config_check_base_url (urls[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_url_refused (void)
{
  const struct {
    const char *url;
    const char *message;
  } cases[] = {
    { "http://example.com",
      "Cutout only talks to “http://example.com” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "http://10.0.0.1",
      "Cutout only talks to “http://10.0.0.1” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "http://192.168.1.20:8080/",
      "Cutout only talks to “http://192.168.1.20:8080/” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    /* A name that merely starts like a loopback address is a remote host. */
    { "http://127.0.0.1.example.com",
      "Cutout only talks to “http://127.0.0.1.example.com” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "http://localhost.example.com",
      "Cutout only talks to “http://localhost.example.com” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "http://[::2]:5",
      "Cutout only talks to “http://[::2]:5” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "http://0.0.0.0:8080",
      "Cutout only talks to “http://0.0.0.0:8080” over HTTPS. Plain HTTP is allowed for this computer (localhost) only." },
    { "ftp://x",
      "“ftp://x” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "nonsense",
      "“nonsense” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "",
      "“” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "https://",
      "“https://” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "https:///path",
      "“https:///path” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "file:///etc/passwd",
      "“file:///etc/passwd” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "https://example.com/?key=1",
      "“https://example.com/?key=1” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
    { "https://exa mple.com",
      "“https://exa mple.com” is not a web address Cutout can use. Enter an address that starts with https:// and names a server." },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("refused: %s", cases[i].url);
      g_assert_false (cutout_config_check_base_url (cases[i].url, &error));
      g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INSECURE_URL);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
    }

  /* NULL is refused like an empty address, and a NULL GError is fine. */
  g_assert_false (cutout_config_check_base_url (NULL, &error));
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INSECURE_URL);
  g_assert_false (cutout_config_check_base_url ("http://example.com", NULL));
}

static void
test_env_api_key (void)
{
  g_autofree char *unset = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *set = NULL;

  g_unsetenv (CUTOUT_ENV_API_KEY);
  unset = cutout_config_get_env_api_key ();
  g_assert_null (unset);

  g_setenv (CUTOUT_ENV_API_KEY, "", TRUE);
  empty = cutout_config_get_env_api_key ();
  g_assert_null (empty);

  g_setenv (CUTOUT_ENV_API_KEY, "test-key-not-secret", TRUE);
  set = cutout_config_get_env_api_key ();
  /* Compared without g_assert_cmpstr(), which would print the key. */
  g_assert_nonnull (set);
  g_assert_true (strcmp (set, "test-key-not-secret") == 0);

  g_setenv (CUTOUT_ENV_API_KEY, "", TRUE);
}

static void
test_settings_schema (void)
{
  g_autoptr(GSettings) settings = cutout_config_new_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_nonnull (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  g_assert_cmpstr (g_settings_schema_get_id (schema), ==, "io.github.cutoutapp.Cutout");
}

static void
test_settings_missing_schema (void)
{
  g_autofree char *empty_dir = NULL;
  g_autofree char *old_schema_dir = NULL;
  g_autofree char *old_data_dirs = NULL;
  g_autofree char *old_data_home = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = cutout_config_new_settings ();
      g_autofree char *url = NULL;

      /* No schema: no abort, and the defaults still work. */
      g_assert_null (settings);
      g_unsetenv (CUTOUT_ENV_API_URL);
      url = cutout_config_get_api_url (NULL, settings);
      g_assert_cmpstr (url, ==, CUTOUT_DEFAULT_API_URL);
      return;
    }

  /* The default schema source is made once per process, so the check
   * runs in a child whose every schema directory is empty. */
  empty_dir = cutout_test_make_tmpdir ();
  old_schema_dir = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));
  old_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  old_data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_setenv ("GSETTINGS_SCHEMA_DIR", empty_dir, TRUE);
  g_setenv ("XDG_DATA_DIRS", empty_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", empty_dir, TRUE);

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);

  if (old_schema_dir != NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", old_schema_dir, TRUE);
  else
    g_unsetenv ("GSETTINGS_SCHEMA_DIR");
  if (old_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", old_data_dirs, TRUE);
  else
    g_unsetenv ("XDG_DATA_DIRS");
  if (old_data_home != NULL)
    g_setenv ("XDG_DATA_HOME", old_data_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
  cutout_test_rm_rf (empty_dir);

  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The tests change settings; never let them reach the user's. */
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");

  g_test_add_data_func ("/config/api-url/precedence", &api_case, test_precedence);
  g_test_add_data_func ("/config/account-url/precedence", &account_case, test_precedence);
  g_test_add_data_func ("/config/api-url/trailing-slash", &api_case, test_trailing_slash);
  g_test_add_data_func ("/config/account-url/trailing-slash", &account_case, test_trailing_slash);
  g_test_add_func ("/config/urls/separate", test_keys_are_separate);
  g_test_add_func ("/config/check-url/accepted", test_url_accepted);
  g_test_add_func ("/config/check-url/refused", test_url_refused);
  g_test_add_func ("/config/env-api-key", test_env_api_key);
  g_test_add_func ("/config/settings/schema", test_settings_schema);
  g_test_add_func ("/config/settings/missing-schema", test_settings_missing_schema);

  return g_test_run ();
}
