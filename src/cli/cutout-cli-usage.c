/* cutout-cli-usage.c — cutout-cli usage: plan, credits and billing cycles
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-cli.h"

typedef struct
{
  GMainLoop        *loop;
  guint             pending;
  CutoutMembership *membership;
  GListStore       *cycles;
  GError           *error;
} UsageRun;

static void
usage_run_done (UsageRun *run,
                GError   *error)
{
  if (error != NULL && run->error == NULL)
    run->error = error;
  else if (error != NULL)
    g_error_free (error);

  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

static void
get_usage_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UsageRun *run = user_data;
  GError *error = NULL;

  run->membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &error);
  usage_run_done (run, error);
}

static void
list_cycles_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  UsageRun *run = user_data;
  GError *error = NULL;

  run->cycles = cutout_client_list_billing_cycles_finish (CUTOUT_CLIENT (object), result, &error);
  usage_run_done (run, error);
}

CutoutMembership *
cutout_cli_get_membership (CutoutClient *client,
                           GError      **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CutoutUsageQuery query = { .billing_cycle = TRUE };
  UsageRun run = { .loop = loop, .pending = 1 };

  cutout_client_get_usage_async (client, &query, NULL, get_usage_cb, &run);
  g_main_loop_run (loop);

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return NULL;
    }
  return run.membership;
}

/* Dates of billing periods are UTC on the service's side; print them so. */
static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("?");
  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
print_cycle_line (CutoutBillingCycle *cycle)
{
  g_autofree char *start = format_date (cutout_billing_cycle_get_period_start (cycle));
  g_autofree char *end = format_date (cutout_billing_cycle_get_period_end (cycle));
  gint64 app = cutout_billing_cycle_get_app_usage (cycle);
  gint64 api = cutout_billing_cycle_get_api_usage (cycle);

  /* Translators: one billing cycle: start – end, then credits used. */
  g_print (_("  %s – %s  %8lld used (web app %lld, API %lld)  [--period %lld]\n"),
           start, end, (long long) (app + api), (long long) app, (long long) api,
           (long long) cutout_billing_cycle_get_period_start (cycle));
}

#define CHART_WIDTH 40

/* The cycles as a text chart, newest first like the list: web app use
 * then API use as a bar, and the included credits as a '|' mark. */
static void
print_cycle_chart (GListModel *cycles,
                   gint64      included)
{
  guint n = g_list_model_get_n_items (cycles);
  gint64 scale = MAX (included, 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (cycles, i);
      scale = MAX (scale, cutout_billing_cycle_get_app_usage (cycle) + cutout_billing_cycle_get_api_usage (cycle));
    }

  /* Translators: the legend of the text chart of `cutout-cli usage
   * --cycles`; keep the three symbols as they are. */
  g_print (_("Chart: ▒ web app, █ API, | included credits\n"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (cycles, i);
      g_autofree char *start = format_date (cutout_billing_cycle_get_period_start (cycle));
      g_autoptr(GString) bar = g_string_new (NULL);
      gint64 app = cutout_billing_cycle_get_app_usage (cycle);
      gint64 api = cutout_billing_cycle_get_api_usage (cycle);
      int app_cells = (int) ((app * CHART_WIDTH + scale / 2) / scale);
      int used_cells = (int) (((app + api) * CHART_WIDTH + scale / 2) / scale);
      int mark = included > 0 ? (int) ((included * CHART_WIDTH + scale / 2) / scale) : -1;

      for (int cell = 0; cell <= CHART_WIDTH; cell++)
        {
          if (cell == mark)
            g_string_append (bar, "|");
          else if (cell < app_cells)
            g_string_append (bar, "▒");
          else if (cell < used_cells)
            g_string_append (bar, "█");
          else
            g_string_append_c (bar, ' ');
        }
      g_print ("  %s %s %lld\n", start, bar->str, (long long) (app + api));
    }
}

static void
print_membership (CutoutMembership *membership)
{
  CutoutBillingCycle *cycle = cutout_membership_get_billing_cycle (membership);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_print (_("Plan: %s\n"), cutout_membership_get_membership (membership));

  if (cycle != NULL)
    {
      g_autofree char *start = format_date (cutout_billing_cycle_get_period_start (cycle));
      g_autofree char *end = format_date (cutout_billing_cycle_get_period_end (cycle));
      gint64 days = cutout_billing_cycle_get_days_to_renewal (cycle, now);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Billing period: %s – %s (renews in %lld day)\n",
                            "Billing period: %s – %s (renews in %lld days)\n", days),
               start, end, (long long) days);
      if (!cutout_billing_cycle_get_stripe_billing_synced (cycle))
        g_print (_("Note: billing is not synced for this account yet; the figures follow the calendar month (UTC).\n"));
      g_print (_("Used this period: %lld (web app %lld, API %lld)\n"),
               (long long) cutout_billing_cycle_get_used_included_credits (cycle),
               (long long) cutout_billing_cycle_get_app_usage (cycle),
               (long long) cutout_billing_cycle_get_api_usage (cycle));
      g_print (_("Included credits left: %lld of %lld\n"),
               (long long) cutout_billing_cycle_get_remaining_included_credits (cycle),
               (long long) cutout_billing_cycle_get_included_credits (cycle));
    }
  else
    {
      g_print (_("Used in the month asked for: %lld (web app %lld, API %lld)\n"),
               (long long) (cutout_membership_get_app_usage (membership) + cutout_membership_get_api_usage (membership)),
               (long long) cutout_membership_get_app_usage (membership),
               (long long) cutout_membership_get_api_usage (membership));
      g_print (_("Included credits: %lld\n"), (long long) cutout_membership_get_credits (membership));
    }

  g_print (_("Prepaid credits: %lld\n"), (long long) cutout_membership_get_prepaid_credits (membership));
  g_print (_("Available in total: %lld\n"), (long long) cutout_membership_get_total_available (membership));
}

static JsonNode *
cycles_to_json (GListModel *cycles,
                gint64      now)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint n = g_list_model_get_n_items (cycles);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (cycles, i);
      json_array_add_element (array, cutout_billing_cycle_to_json (cycle, now));
    }
  json_node_set_array (node, array);
  return node;
}

int
cutout_cli_usage_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *account_url = NULL;
  gboolean cycles = FALSE, json = FALSE;
  gint64 period = 0;
  int year = 0, month = 0;
  UsageRun run = { 0 };
  CutoutUsageQuery query = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int status = CUTOUT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "cycles", 'c', 0, G_OPTION_ARG_NONE, &cycles, N_("Also list every billing cycle"), NULL },
    { "period", 0, 0, G_OPTION_ARG_INT64, &period, N_("Show the billing period that starts at this time (from --cycles)"), N_("UNIX") },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Show this calendar year's figures (UTC)"), N_("YEAR") },
    { "month", 0, 0, G_OPTION_ARG_INT, &month, N_("Show this calendar month's figures (1–12, UTC)"), N_("MONTH") },
    { "account-url", 0, 0, G_OPTION_ARG_STRING, &account_url, N_("Base URL of the account service (also CUTOUT_ACCOUNT_URL)"), N_("URL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— show the plan, credits and billing cycles"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cutout_cli_fail_usage (context, error->message);
  if (argc > 1)
    return cutout_cli_fail_usage (context, _("“usage” takes no file names."));
  if (year != 0 && (year < 1 || year > 9999))
    return cutout_cli_fail_usage (context, _("--year must be between 1 and 9999."));
  if (month != 0 && (month < 1 || month > 12))
    return cutout_cli_fail_usage (context, _("--month must be between 1 and 12."));
  if (period < 0)
    return cutout_cli_fail_usage (context, _("--period must be a time in seconds since 1970."));

  client = cutout_cli_make_client (NULL, account_url, 2, &error);
  if (client == NULL)
    {
      cutout_cli_print_error ("cutout-cli", error);
      return CUTOUT_CLI_EXIT_USAGE;
    }

  query.year = year;
  query.month = month;
  query.period_start = period;
  query.billing_cycle = TRUE;

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.pending = 1;
  cutout_client_get_usage_async (client, &query, NULL, get_usage_cb, &run);
  if (cycles)
    {
      run.pending++;
      cutout_client_list_billing_cycles_async (client, NULL, list_cycles_cb, &run);
    }
  g_main_loop_run (loop);

  if (run.error != NULL)
    {
      cutout_cli_print_error ("cutout-cli", run.error);
      status = g_error_matches (run.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR)
               ? CUTOUT_CLI_EXIT_USAGE : CUTOUT_CLI_EXIT_FAILED;
    }
  else if (json)
    {
      g_autoptr(JsonNode) root = cutout_membership_to_json (run.membership, now);

      if (run.cycles != NULL)
        json_object_set_member (json_node_get_object (root), "billingCycles",
                                cycles_to_json (G_LIST_MODEL (run.cycles), now));
      cutout_cli_print_json (root);
    }
  else
    {
      print_membership (run.membership);
      if (run.cycles != NULL)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (run.cycles));

          g_print (_("Billing cycles (newest first):\n"));
          for (guint i = 0; i < n; i++)
            {
              g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (G_LIST_MODEL (run.cycles), i);
              print_cycle_line (cycle);
            }
          print_cycle_chart (G_LIST_MODEL (run.cycles), cutout_membership_get_credits (run.membership));
        }
    }

  g_clear_error (&run.error);
  g_clear_object (&run.membership);
  g_clear_object (&run.cycles);
  return status;
}
