/* main.c — cutout-fake-server, the fake Rembg server as a program
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It prints its URL as the first line on stdout (tests and tools/demo.sh
 * read it) and serves until SIGINT or SIGTERM. Without options it serves a
 * lively demo account: plan "Premium-20000" with 20000 included and 2000
 * prepaid credits, 3120 app and 6480 API calls in the current 30-day
 * period and six past billing cycles.
 */

#include "cutout-fake-server.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

/* The demo's past cycles, newest first: web app and API usage. */
static const gint64 demo_cycles[][2] = {
  { 2900, 9800 },
  { 4100, 12050 },
  { 3650, 8900 },
  { 5200, 13300 },
  { 2750, 7600 },
  { 3980, 10420 },
};

#define PERIOD_SECONDS (30 * 86400)

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_rate (const char  *name,
            double       rate,
            GError     **error)
{
  if (rate < 0.0 || rate > 1.0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s must be between 0 and 1", name);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CutoutFakeServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *membership = NULL;
  g_autofree char *log_path = NULL;
  gint64 credits = 20000, prepaid = 2000, app_usage = 3120, api_usage = 6480;
  gint64 now, period_start;
  int port = 0, anonymous_limit = 3, latency = 0, trickle = 0;
  int rate_limit = 0, rate_window = 1000, retry_after = -1;
  gint64 seed = -1;
  double error_rate = 0, drop_rate = 0, upload_drop_rate = 0;
  gboolean unsynced = FALSE, html_errors = FALSE, no_processing = FALSE;
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 = any free port)", "N" },
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &keys,
      "Accept another API key (repeatable; \"" CUTOUT_FAKE_SERVER_VALID_KEY "\" always works, \""
      CUTOUT_FAKE_SERVER_UNVERIFIED_KEY "\" answers 403)", "KEY" },
    { "membership", 0, 0, G_OPTION_ARG_STRING, &membership, "Plan name (Premium-20000)", "NAME" },
    { "credits", 0, 0, G_OPTION_ARG_INT64, &credits, "Included credits per period (20000)", "N" },
    { "prepaid", 0, 0, G_OPTION_ARG_INT64, &prepaid, "Prepaid credits (2000)", "N" },
    { "app-usage", 0, 0, G_OPTION_ARG_INT64, &app_usage, "Web app usage in the current period (3120)", "N" },
    { "api-usage", 0, 0, G_OPTION_ARG_INT64, &api_usage, "API usage in the current period (6480)", "N" },
    { "unsynced", 0, 0, G_OPTION_ARG_NONE, &unsynced,
      "No billing period yet: stripeBillingSynced false, the calendar month instead", NULL },
    { "anonymous-limit", 0, 0, G_OPTION_ARG_INT, &anonymous_limit,
      "Requests a day without a key (3)", "N" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Delay before each answer", "MS" },
    { "error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &error_rate,
      "Share of /rmbg requests answered 500/502/503 (0 to 1)", "R" },
    { "html-errors", 0, 0, G_OPTION_ARG_NONE, &html_errors,
      "Injected errors have an HTML body, like a proxy's", NULL },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate,
      "Share of answers cut off mid-body after the credit was used (0 to 1)", "R" },
    { "upload-drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &upload_drop_rate,
      "Share of /rmbg uploads cut off mid-upload, unanswered and not charged (0 to 1)", "R" },
    { "trickle", 0, 0, G_OPTION_ARG_INT, &trickle, "Send image bodies at this speed", "BYTES_PER_S" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
      "At most N /rmbg requests per window, then 429 \"too quickly\"", "N" },
    { "rate-window", 0, 0, G_OPTION_ARG_INT, &rate_window, "The rate limit's window (1000)", "MS" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after,
      "Retry-After header of the rate limit's 429 (none by default)", "S" },
    { "no-processing", 0, 0, G_OPTION_ARG_NONE, &no_processing,
      "Answer a small placeholder image at once (for benchmarks)", NULL },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Append every request as a JSON line", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the fault knobs' random draws", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "A local test double of the Rembg background-removal API, for\n"
                                "Cutout's tests, demos and benchmarks. This is NOT the Rembg\n"
                                "service: its \"model\" is a flood fill from the image border, and\n"
                                "its account, credits and billing cycles are made up.\n"
                                "\n"
                                "It prints its URL (http://127.0.0.1:PORT) as the first line and\n"
                                "serves POST /rmbg, GET /api/membership-usage and /api/openapi\n"
                                "until SIGINT or SIGTERM.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_rate ("error-rate", error_rate, &error) ||
      !check_rate ("drop-rate", drop_rate, &error) ||
      !check_rate ("upload-drop-rate", upload_drop_rate, &error))
    {
      g_printerr ("cutout-fake-server: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || anonymous_limit < 0 || latency < 0 || trickle < 0 ||
      rate_limit < 0 || rate_window <= 0 || credits < 0 || prepaid < 0 ||
      app_usage < 0 || api_usage < 0)
    {
      g_printerr ("cutout-fake-server: numbers must not be negative (see --help)\n");
      return 2;
    }

  server = cutout_fake_server_new ();
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    cutout_fake_server_add_key (server, keys[i]);
  cutout_fake_server_set_plan (server, membership != NULL ? membership : "Premium-20000",
                               credits, prepaid);

  /* The demo account: a period that started 12 days ago and six before. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  period_start = now / 86400 * 86400 - 12 * 86400;
  if (unsynced)
    cutout_fake_server_set_period (server, 0, 0, FALSE);
  else
    cutout_fake_server_set_period (server, period_start, period_start + PERIOD_SECONDS - 1, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (demo_cycles); i++)
    {
      gint64 start = period_start - (gint64) (i + 1) * PERIOD_SECONDS;

      cutout_fake_server_add_past_cycle (server, start, start + PERIOD_SECONDS - 1,
                                         demo_cycles[i][0], demo_cycles[i][1]);
    }
  cutout_fake_server_set_usage (server, app_usage, api_usage);
  cutout_fake_server_set_anonymous_daily_limit (server, anonymous_limit);

  cutout_fake_server_set_latency (server, latency);
  cutout_fake_server_set_error_rate (server, error_rate, html_errors);
  cutout_fake_server_set_drop_rate (server, drop_rate);
  cutout_fake_server_set_upload_drop_rate (server, upload_drop_rate);
  cutout_fake_server_set_trickle (server, trickle);
  if (rate_limit > 0)
    cutout_fake_server_set_rate_limit (server, rate_limit, rate_window, retry_after);
  cutout_fake_server_set_processing (server, !no_processing);
  if (seed >= 0)
    cutout_fake_server_set_seed (server, (guint32) seed);

  if (log_path != NULL && !cutout_fake_server_set_log_file (server, log_path, &error))
    {
      g_printerr ("cutout-fake-server: %s\n", error->message);
      return 1;
    }
  if (!cutout_fake_server_start (server, port, &error))
    {
      g_printerr ("cutout-fake-server: %s\n", error->message);
      return 1;
    }

  /* The URL first and alone on its line: whoever started us reads it. */
  printf ("%s\n", cutout_fake_server_get_url (server));
  fflush (stdout);
  g_printerr ("cutout-fake-server: a test double of the Rembg API (not the Rembg service) "
              "at %s; stop it with Ctrl+C\n", cutout_fake_server_get_url (server));

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  cutout_fake_server_stop (server);
  return 0;
}
