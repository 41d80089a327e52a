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
#include "cutout-job.h"
#include "cutout-options.h"
#include "cutout-preflight.h"
#include "cutout-queue.h"
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
/* The account's figures now (blocking in a nested main loop), or NULL. */
CutoutMembership *cutout_cli_get_membership (CutoutClient *client,
                                             GError      **error);

/* cutout-cli-report.c */
const char   *cutout_cli_job_status     (CutoutJob    *job);
void          cutout_cli_report_job     (CutoutJob    *job,
                                         gboolean      json);
void          cutout_cli_report_json    (const char   *input_path,
                                         const char   *output_path,
                                         const char   *status,
                                         const char   *error_message,
                                         guint         http_status,
                                         goffset       bytes_in,
                                         goffset       bytes_out);
void          cutout_cli_report_unfinished (CutoutJob    *job,
                                            const GError *reason,
                                            gboolean      json);
const char   *cutout_cli_stop_advice    (const GError *error);
void          cutout_cli_show_progress  (CutoutQueue  *queue,
                                         gint64       *last_us);
void          cutout_cli_clear_progress (void);

G_END_DECLS
