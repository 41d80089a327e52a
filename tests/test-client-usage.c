/* test-client-usage.c — tests of the client's membership-usage requests against the fake server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-client-util.h"

typedef struct
{
  gboolean          finished;
  CutoutMembership *membership;
  GListStore       *cycles;
  GError           *error;
} UsageCall;

static void
usage_call_clear (UsageCall *call)
{
  g_clear_object (&call->membership);
  g_clear_object (&call->cycles);
  g_clear_error (&call->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UsageCall, usage_call_clear)

static void
usage_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UsageCall *call = user_data;

  call->membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &call->error);
  call->finished = TRUE;
}

static void
cycles_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UsageCall *call = user_data;

  call->cycles = cutout_client_list_billing_cycles_finish (CUTOUT_CLIENT (object), result, &call->error);
  call->finished = TRUE;
}

static void
run_usage (Fixture          *fixture,
           CutoutUsageQuery *query,
           UsageCall        *call)
{
  if (query != NULL)
    cutout_client_get_usage_async (fixture->client, query, NULL, usage_cb, call);
  else
    cutout_client_list_billing_cycles_async (fixture->client, NULL, cycles_cb, call);
  cutout_test_wait_for (&call->finished, 30000);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start = now - 10 * 86400;
  gint64 end = now + 20 * 86400;
  gint64 past1 = start - 30 * 86400;
  gint64 past2 = past1 - 31 * 86400;
  g_autofree char *period_query = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT "&expand=billing_cycle", start);
  CutoutFakeRequest *request;

  cutout_fake_server_set_plan (fixture->server, "Premium-20000", 18500, 2000);
  cutout_fake_server_set_period (fixture->server, start, end, TRUE);
  cutout_fake_server_set_usage (fixture->server, 4200, 5100);
  cutout_fake_server_add_past_cycle (fixture->server, past2, past1 - 1, 300, 700);
  cutout_fake_server_add_past_cycle (fixture->server, past1, start - 1, 120, 880);

  /* Plain: the plan and credits, no billing cycle. */
  {
    CutoutUsageQuery query = { 0 };
    g_auto(UsageCall) call = { 0 };

    run_usage (fixture, &query, &call);
    g_assert_no_error (call.error);
    g_assert_cmpstr (cutout_membership_get_membership (call.membership), ==, "Premium-20000");
    g_assert_cmpint (cutout_membership_get_credits (call.membership), ==, 18500);
    g_assert_cmpint (cutout_membership_get_prepaid_credits (call.membership), ==, 2000);
    g_assert_null (cutout_membership_get_billing_cycle (call.membership));
    request = last_request (fixture);
    g_assert_cmpstr (request->method, ==, "GET");
    g_assert_cmpstr (request->path, ==, "/api/membership-usage");
    g_assert_true (request->query == NULL || request->query[0] == '\0');
    g_assert_true (request->had_api_key);
  }

  /* With the billing cycle. */
  {
    CutoutUsageQuery query = { .billing_cycle = TRUE };
    g_auto(UsageCall) call = { 0 };
    CutoutBillingCycle *cycle;

    run_usage (fixture, &query, &call);
    g_assert_no_error (call.error);
    g_assert_cmpstr (last_request (fixture)->query, ==, "expand=billing_cycle");
    cycle = cutout_membership_get_billing_cycle (call.membership);
    g_assert_nonnull (cycle);
    g_assert_cmpint (cutout_billing_cycle_get_period_start (cycle), ==, start);
    g_assert_cmpint (cutout_billing_cycle_get_period_end (cycle), ==, end);
    g_assert_cmpint (cutout_billing_cycle_get_app_usage (cycle), ==, 4200);
    g_assert_cmpint (cutout_billing_cycle_get_api_usage (cycle), ==, 5100);
    g_assert_cmpint (cutout_billing_cycle_get_included_credits (cycle), ==, 18500);
    g_assert_cmpint (cutout_billing_cycle_get_prepaid_credits (cycle), ==, 2000);
    g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (cycle), ==, 9300);
    g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 9200);
    g_assert_true (cutout_billing_cycle_get_stripe_billing_synced (cycle));
    g_assert_cmpint (cutout_membership_get_total_available (call.membership), ==, 11200);
    g_assert_false (cutout_membership_is_calendar_fallback (call.membership));
  }

  /* One removal later, the API usage of the period has grown by one. */
  {
    g_autofree char *path = cutout_test_write_image (fixture->dir, "a.png", 40, 30, "png");
    CutoutUsageQuery query = { .period_start = start, .billing_cycle = TRUE };
    g_auto(Call) remove_call = { 0 };
    g_auto(UsageCall) call = { 0 };

    run_remove (fixture, path, NULL, NULL, &remove_call);
    g_assert_no_error (remove_call.error);
    run_usage (fixture, &query, &call);
    g_assert_no_error (call.error);
    g_assert_cmpstr (last_request (fixture)->query, ==, period_query);
    g_assert_cmpint (cutout_membership_get_app_usage (call.membership), ==, 4200);
    g_assert_cmpint (cutout_membership_get_api_usage (call.membership), ==, 5101);
    g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cutout_membership_get_billing_cycle (call.membership)), ==, 9199);
  }

  /* A calendar month. */
  {
    CutoutUsageQuery query = { .year = 2026, .month = 3 };
    g_auto(UsageCall) call = { 0 };

    run_usage (fixture, &query, &call);
    g_assert_no_error (call.error);
    g_assert_cmpstr (last_request (fixture)->query, ==, "year=2026&month=3");
    g_assert_cmpstr (cutout_membership_get_membership (call.membership), ==, "Premium-20000");
  }

  /* A period with a calendar month: refused here, nothing sent. */
  {
    CutoutUsageQuery query = { .year = 2026, .period_start = start };
    guint before = cutout_fake_server_count_requests (fixture->server, "/api/membership-usage");
    g_auto(UsageCall) call = { 0 };

    run_usage (fixture, &query, &call);
    g_assert_error (call.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR);
    g_assert_null (call.membership);
    g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/api/membership-usage"), ==, before);
  }

  /* The list of cycles, newest first. */
  {
    g_auto(UsageCall) call = { 0 };
    g_autoptr(CutoutBillingCycle) newest = NULL;
    g_autoptr(CutoutBillingCycle) oldest = NULL;
    guint n;

    run_usage (fixture, NULL, &call);
    g_assert_no_error (call.error);
    g_assert_cmpstr (last_request (fixture)->query, ==, "listBillingCycles=1");
    n = g_list_model_get_n_items (G_LIST_MODEL (call.cycles));
    g_assert_cmpuint (n, ==, 3);
    g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (call.cycles)) == CUTOUT_TYPE_BILLING_CYCLE);
    newest = g_list_model_get_item (G_LIST_MODEL (call.cycles), 0);
    oldest = g_list_model_get_item (G_LIST_MODEL (call.cycles), n - 1);
    g_assert_cmpint (cutout_billing_cycle_get_period_start (newest), ==, start);
    g_assert_cmpint (cutout_billing_cycle_get_period_start (oldest), ==, past2);
    g_assert_cmpint (cutout_billing_cycle_get_app_usage (oldest), ==, 300);
    g_assert_cmpint (cutout_billing_cycle_get_api_usage (oldest), ==, 700);
  }

  /* Billing not synced: the figures follow the calendar month, and the
   * model says so. */
  cutout_fake_server_set_period (fixture->server, start, end, FALSE);
  {
    CutoutUsageQuery query = { .billing_cycle = TRUE };
    g_auto(UsageCall) call = { 0 };
    CutoutBillingCycle *cycle;

    run_usage (fixture, &query, &call);
    g_assert_no_error (call.error);
    cycle = cutout_membership_get_billing_cycle (call.membership);
    g_assert_nonnull (cycle);
    g_assert_false (cutout_billing_cycle_get_stripe_billing_synced (cycle));
    g_assert_true (cutout_membership_is_calendar_fallback (call.membership));
  }
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  CutoutUsageQuery query = { .billing_cycle = TRUE };

  cutout_client_set_api_key (fixture->client, "no-such-key");
  {
    g_auto(UsageCall) call = { 0 };

    run_usage (fixture, &query, &call);
    g_assert_error (call.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY);
    g_assert_cmpstr (call.error->message, ==, "invalid api key");
    g_assert_cmpuint (cutout_api_error_get_http_status (call.error), ==, 401);
  }

  cutout_fake_server_stop (fixture->server);
  {
    g_auto(UsageCall) call = { 0 };

    run_usage (fixture, NULL, &call);
    g_assert_error (call.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK);
    g_assert_true (g_str_has_prefix (call.error->message, "Could not reach the service: "));
    g_assert_null (call.cycles);
  }
}

void
client_add_usage_tests (void)
{
  CLIENT_ADD ("usage", test_usage);
  CLIENT_ADD ("usage-errors", test_usage_errors);
}
