/* cutout-config.h — where the service is and which key to use
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_DEFAULT_API_URL     "https://api.rembg.com"
#define CUTOUT_DEFAULT_ACCOUNT_URL "https://www.rembg.com"

#define CUTOUT_ENV_API_URL     "CUTOUT_API_URL"
#define CUTOUT_ENV_ACCOUNT_URL "CUTOUT_ACCOUNT_URL"
#define CUTOUT_ENV_API_KEY     "CUTOUT_API_KEY"

/* The base URL to use, by precedence: @explicit_value (a command-line
 * option; NULL or "" = none), then the environment variable, then the
 * GSettings key of the app's schema (@settings may be NULL), then the
 * default. An empty value at any level counts as unset. */
char     *cutout_config_get_api_url         (const char *explicit_value,
                                             GSettings  *settings) G_GNUC_WARN_UNUSED_RESULT;
char     *cutout_config_get_account_url     (const char *explicit_value,
                                             GSettings  *settings) G_GNUC_WARN_UNUSED_RESULT;

/* Checks a base URL: absolute http(s) with a host; plain http:// only
 * for loopback hosts (127.0.0.0/8, ::1, localhost). Fails with
 * CUTOUT_API_ERROR_INSECURE_URL and a message that names the URL. */
gboolean  cutout_config_check_base_url      (const char *url,
                                             GError    **error);

/* The key from CUTOUT_API_KEY, or NULL when unset or empty. The caller
 * must not print or log it. */
char     *cutout_config_get_env_api_key     (void) G_GNUC_WARN_UNUSED_RESULT;

/* The GSettings of the app, or NULL when the schema is not installed
 * (e.g. the CLI run from a build tree without GSETTINGS_SCHEMA_DIR). */
GSettings *cutout_config_new_settings       (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
