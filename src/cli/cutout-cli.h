/* cutout-cli.h — shared parts of cutout-cli
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <json-glib/json-glib.h>

#include "cutout-api-error.h"
#include "cutout-client.h"
#include "cutout-config.h"
#include "cutout-options.h"
#include "cutout-preflight.h"
#include "cutout-secret.h"
#include "cutout-usage.h"

G_BEGIN_DECLS

enum
{
  CUTOUT_CLI_EXIT_OK = 0,
  CUTOUT_CLI_EXIT_FAILED = 1,
  CUTOUT_CLI_EXIT_USAGE = 2,
  CUTOUT_CLI_EXIT_INTERRUPTED = 130,
};

int           cutout_cli_process_main  (int            argc,
                                        char         **argv);
int           cutout_cli_usage_main    (int            argc,
                                        char         **argv);

int           cutout_cli_fail_usage    (GOptionContext *context,
                                        const char     *message);
CutoutClient *cutout_cli_make_client   (const char   *api_url_option,
                                        const char   *account_url_option,
                                        int           max_connections,
                                        GError      **error);
char         *cutout_cli_lookup_secret (const char   *account_url,
                                        GError      **error);
void          cutout_cli_print_error   (const char   *prefix,
                                        const GError *error);
void          cutout_cli_print_json    (JsonNode     *node);

G_END_DECLS
