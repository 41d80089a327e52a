/* test-usage.c — the membership and billing-cycle models and their parsing
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-api-error.h"
#include "cutout-usage.h"

/* The two examples of API.md, byte for byte. */
static const char membership_example[] =
  "{\n"
  "  \"membership\": \"Premium-20000\",\n"
  "  \"credits\": 18500,\n"
  "  \"prepaidCredits\": 2000,\n"
  "  \"app_usage\": 8500,\n"
  "  \"api_usage\": 10000,\n"
  "  \"billingCycle\": {\n"
  "    \"periodStartUnix\": 1740441600,\n"
  "    \"periodEndUnix\": 1743033599,\n"
  "    \"appUsage\": 4200,\n"
  "    \"apiUsage\": 5100,\n"
  "    \"includedCredits\": 18500,\n"
  "    \"prepaidCredits\": 2000,\n"
  "    \"usedIncludedCredits\": 9300,\n"
  "    \"remainingIncludedCredits\": 9200,\n"
  "    \"stripeBillingSynced\": true\n"
  "  }\n"
  "}\n";

static const char cycles_example[] =
  "{ \"billingCycles\": [\n"
  "  { \"periodStartUnix\": 1774268612, \"periodEndUnix\": 1776947012,\n"
  "    \"appUsage\": 120, \"apiUsage\": 880 }\n"
  "] }\n";

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static CutoutMembership *
parse_membership (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GError) error = NULL;
  CutoutMembership *membership;

  membership = cutout_membership_new_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (membership);

  return membership;
}

static CutoutBillingCycle *
parse_cycle (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GError) error = NULL;
  CutoutBillingCycle *cycle;

  cycle = cutout_billing_cycle_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cycle);

  return cycle;
}

/* Parses @text as a membership answer and checks that it is refused
 * with exactly @message. */
static void
assert_membership_refused (const char *text,
                           const char *message)
{
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutMembership) membership = NULL;

  membership = cutout_membership_new_from_json (root, &error);
  g_assert_null (membership);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_cycles_refused (const char *text,
                       const char *message)
{
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) cycles = NULL;

  cycles = cutout_billing_cycles_new_from_json (root, &error);
  g_assert_null (cycles);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_membership_example (void)
{
  g_autoptr(CutoutMembership) membership = parse_membership (membership_example);
  g_autoptr(CutoutBillingCycle) cycle_prop = NULL;
  g_autofree char *label = NULL;
  CutoutBillingCycle *cycle;
  gint64 credits, prepaid, app, api;
  gint64 start, end, included, used, remaining;
  gboolean synced, has_details;

  g_assert_cmpstr (cutout_membership_get_membership (membership), ==, "Premium-20000");
  g_assert_cmpint (cutout_membership_get_credits (membership), ==, 18500);
  g_assert_cmpint (cutout_membership_get_prepaid_credits (membership), ==, 2000);
  g_assert_cmpint (cutout_membership_get_app_usage (membership), ==, 8500);
  g_assert_cmpint (cutout_membership_get_api_usage (membership), ==, 10000);

  cycle = cutout_membership_get_billing_cycle (membership);
  g_assert_nonnull (cycle);
  g_assert_true (cutout_billing_cycle_get_has_details (cycle));
  g_assert_cmpint (cutout_billing_cycle_get_period_start (cycle), ==, 1740441600);
  g_assert_cmpint (cutout_billing_cycle_get_period_end (cycle), ==, 1743033599);
  g_assert_cmpint (cutout_billing_cycle_get_app_usage (cycle), ==, 4200);
  g_assert_cmpint (cutout_billing_cycle_get_api_usage (cycle), ==, 5100);
  g_assert_cmpint (cutout_billing_cycle_get_included_credits (cycle), ==, 18500);
  g_assert_cmpint (cutout_billing_cycle_get_prepaid_credits (cycle), ==, 2000);
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (cycle), ==, 9300);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 9200);
  g_assert_true (cutout_billing_cycle_get_stripe_billing_synced (cycle));

  /* Remaining included + prepaid. */
  g_assert_cmpint (cutout_billing_cycle_get_total_available (cycle), ==, 11200);
  g_assert_cmpint (cutout_membership_get_total_available (membership), ==, 11200);
  g_assert_false (cutout_membership_is_calendar_fallback (membership));

  /* The period is exactly 30 days: from its first second, the renewal
   * (periodEnd + 1 = 1743033600) is 30 days away. */
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, 1740441600), ==, 30);

  /* The same figures through the properties the UI binds to. */
  g_object_get (membership,
                "membership", &label,
                "credits", &credits,
                "prepaid-credits", &prepaid,
                "app-usage", &app,
                "api-usage", &api,
                "billing-cycle", &cycle_prop,
                NULL);
  g_assert_cmpstr (label, ==, "Premium-20000");
  g_assert_cmpint (credits, ==, 18500);
  g_assert_cmpint (prepaid, ==, 2000);
  g_assert_cmpint (app, ==, 8500);
  g_assert_cmpint (api, ==, 10000);
  g_assert_true (cycle_prop == cycle);

  g_object_get (cycle,
                "period-start", &start,
                "period-end", &end,
                "included-credits", &included,
                "used-included-credits", &used,
                "remaining-included-credits", &remaining,
                "stripe-billing-synced", &synced,
                "has-details", &has_details,
                NULL);
  g_assert_cmpint (start, ==, 1740441600);
  g_assert_cmpint (end, ==, 1743033599);
  g_assert_cmpint (included, ==, 18500);
  g_assert_cmpint (used, ==, 9300);
  g_assert_cmpint (remaining, ==, 9200);
  g_assert_true (synced);
  g_assert_true (has_details);
}

static void
test_cycles_example (void)
{
  g_autoptr(JsonNode) root = parse_json (cycles_example);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) cycles = NULL;
  g_autoptr(CutoutBillingCycle) cycle = NULL;

  cycles = cutout_billing_cycles_new_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cycles)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (cycles)) == CUTOUT_TYPE_BILLING_CYCLE);

  cycle = g_list_model_get_item (G_LIST_MODEL (cycles), 0);
  g_assert_false (cutout_billing_cycle_get_has_details (cycle));
  g_assert_cmpint (cutout_billing_cycle_get_period_start (cycle), ==, 1774268612);
  g_assert_cmpint (cutout_billing_cycle_get_period_end (cycle), ==, 1776947012);
  g_assert_cmpint (cutout_billing_cycle_get_app_usage (cycle), ==, 120);
  g_assert_cmpint (cutout_billing_cycle_get_api_usage (cycle), ==, 880);
  /* An entry of the list has no credit figures: they are 0. */
  g_assert_cmpint (cutout_billing_cycle_get_included_credits (cycle), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_prepaid_credits (cycle), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (cycle), ==, 0);
  /* The usage is still the sum of both counters. */
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (cycle), ==, 1000);
}

static void
test_cycles_order_and_empty (void)
{
  g_autoptr(JsonNode) empty = parse_json ("{\"billingCycles\": []}");
  g_autoptr(JsonNode) shuffled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) cycles = NULL;
  const gint64 expected[] = { 3000, 2000, 1000 };

  cycles = cutout_billing_cycles_new_from_json (empty, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cycles);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cycles)), ==, 0);
  g_clear_object (&cycles);

  /* The list is newest first even when the answer is not. */
  shuffled = parse_json ("{\"billingCycles\": ["
                         "{\"periodStartUnix\": 2000, \"periodEndUnix\": 2999, \"appUsage\": 2, \"apiUsage\": 0},"
                         "{\"periodStartUnix\": 1000, \"periodEndUnix\": 1999, \"appUsage\": 1, \"apiUsage\": 0},"
                         "{\"periodStartUnix\": 3000, \"periodEndUnix\": 3999, \"appUsage\": 3, \"apiUsage\": 0}"
                         "]}");
  cycles = cutout_billing_cycles_new_from_json (shuffled, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cycles)), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (G_LIST_MODEL (cycles), i);

      g_assert_cmpint (cutout_billing_cycle_get_period_start (cycle), ==, expected[i]);
      g_assert_cmpint (cutout_billing_cycle_get_app_usage (cycle), ==, expected[i] / 1000);
    }
}

static void
test_derived_figures (void)
{
  g_autoptr(CutoutBillingCycle) derived = NULL;
  g_autoptr(CutoutBillingCycle) zero_included = NULL;
  g_autoptr(CutoutBillingCycle) over_used = NULL;
  g_autoptr(CutoutBillingCycle) negative_remaining = NULL;

  /* usedIncludedCredits and remainingIncludedCredits left out: derived
   * as API.md defines them. */
  derived = parse_cycle ("{\"periodStartUnix\": 1740441600, \"periodEndUnix\": 1743033599,"
                         " \"appUsage\": 4200, \"apiUsage\": 5100,"
                         " \"includedCredits\": 18500, \"prepaidCredits\": 2000,"
                         " \"stripeBillingSynced\": true}");
  g_assert_true (cutout_billing_cycle_get_has_details (derived));
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (derived), ==, 9300);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (derived), ==, 9200);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (derived), ==, 11200);

  /* A plan without included credits lives on prepaid credits only. */
  zero_included = parse_cycle ("{\"periodStartUnix\": 0, \"periodEndUnix\": 86399,"
                               " \"appUsage\": 0, \"apiUsage\": 7,"
                               " \"includedCredits\": 0, \"prepaidCredits\": 500}");
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (zero_included), ==, 7);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (zero_included), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (zero_included), ==, 500);

  /* Over-used: 130 used of 100 leaves 0, never a negative figure. */
  over_used = parse_cycle ("{\"periodStartUnix\": 0, \"periodEndUnix\": 86399,"
                           " \"appUsage\": 80, \"apiUsage\": 50,"
                           " \"includedCredits\": 100, \"prepaidCredits\": 25}");
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (over_used), ==, 130);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (over_used), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (over_used), ==, 25);

  /* Even when the service itself says -30, the remaining figure is 0. */
  negative_remaining = parse_cycle ("{\"periodStartUnix\": 0, \"periodEndUnix\": 86399,"
                                    " \"appUsage\": 80, \"apiUsage\": 50,"
                                    " \"includedCredits\": 100, \"prepaidCredits\": 0,"
                                    " \"usedIncludedCredits\": 130,"
                                    " \"remainingIncludedCredits\": -30}");
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (negative_remaining), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (negative_remaining), ==, 0);
}

static void
test_service_figures_win (void)
{
  g_autoptr(CutoutBillingCycle) cycle = NULL;

  /* When the service says how much was used (it may count something this
   * client cannot see), its figures are kept rather than recomputed. */
  cycle = parse_cycle ("{\"periodStartUnix\": 0, \"periodEndUnix\": 86399,"
                       " \"appUsage\": 10, \"apiUsage\": 20,"
                       " \"includedCredits\": 100, \"prepaidCredits\": 5,"
                       " \"usedIncludedCredits\": 40, \"remainingIncludedCredits\": 60}");
  g_assert_cmpint (cutout_billing_cycle_get_used_included_credits (cycle), ==, 40);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 60);
  g_assert_cmpint (cutout_billing_cycle_get_total_available (cycle), ==, 65);
}

static void
test_membership_without_cycle (void)
{
  g_autoptr(CutoutMembership) plain = NULL;
  g_autoptr(CutoutMembership) with_null = NULL;
  g_autoptr(CutoutMembership) prepaid_only = NULL;
  g_autoptr(CutoutMembership) over_used = NULL;
  g_autoptr(CutoutMembership) no_prepaid = NULL;

  plain = parse_membership ("{\"membership\": \"Premium-20000\", \"credits\": 18500,"
                            " \"prepaidCredits\": 2000, \"app_usage\": 8000, \"api_usage\": 500}");
  g_assert_null (cutout_membership_get_billing_cycle (plain));
  /* max (0, 18500 − 8000 − 500) + 2000 */
  g_assert_cmpint (cutout_membership_get_total_available (plain), ==, 12000);
  g_assert_false (cutout_membership_is_calendar_fallback (plain));

  /* null reads as "not sent". */
  with_null = parse_membership ("{\"membership\": \"Free\", \"credits\": 50,"
                                " \"prepaidCredits\": 0, \"app_usage\": 0, \"api_usage\": 0,"
                                " \"billingCycle\": null}");
  g_assert_null (cutout_membership_get_billing_cycle (with_null));
  g_assert_cmpint (cutout_membership_get_total_available (with_null), ==, 50);

  prepaid_only = parse_membership ("{\"membership\": \"Pay as you go\", \"credits\": 0,"
                                   " \"prepaidCredits\": 750, \"app_usage\": 0, \"api_usage\": 0}");
  g_assert_cmpint (cutout_membership_get_total_available (prepaid_only), ==, 750);

  over_used = parse_membership ("{\"membership\": \"Basic\", \"credits\": 100,"
                                " \"prepaidCredits\": 3, \"app_usage\": 90, \"api_usage\": 60}");
  g_assert_cmpint (cutout_membership_get_total_available (over_used), ==, 3);

  /* prepaidCredits is optional: a plan without add-ons has none. */
  no_prepaid = parse_membership ("{\"membership\": \"Basic\", \"credits\": 100,"
                                 " \"app_usage\": 10, \"api_usage\": 20}");
  g_assert_cmpint (cutout_membership_get_prepaid_credits (no_prepaid), ==, 0);
  g_assert_cmpint (cutout_membership_get_total_available (no_prepaid), ==, 70);
}

static void
test_membership_cycle_prepaid_fallback (void)
{
  g_autoptr(CutoutMembership) membership = NULL;
  CutoutBillingCycle *cycle;

  /* A billingCycle without its own prepaidCredits takes the top-level
   * figure: prepaid credits do not belong to a period. */
  membership = parse_membership ("{\"membership\": \"Premium-20000\", \"credits\": 18500,"
                                 " \"prepaidCredits\": 2000, \"app_usage\": 1, \"api_usage\": 2,"
                                 " \"billingCycle\": {\"periodStartUnix\": 100, \"periodEndUnix\": 200,"
                                 " \"appUsage\": 100, \"apiUsage\": 400, \"includedCredits\": 1000}}");
  cycle = cutout_membership_get_billing_cycle (membership);
  g_assert_cmpint (cutout_billing_cycle_get_prepaid_credits (cycle), ==, 2000);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 500);
  g_assert_cmpint (cutout_membership_get_total_available (membership), ==, 2500);
}

static void
test_calendar_fallback (void)
{
  g_autoptr(CutoutMembership) unsynced = NULL;
  g_autoptr(CutoutMembership) unknown = NULL;
  CutoutBillingCycle *cycle;

  unsynced = parse_membership ("{\"membership\": \"Premium-20000\", \"credits\": 18500,"
                               " \"prepaidCredits\": 0, \"app_usage\": 0, \"api_usage\": 0,"
                               " \"billingCycle\": {\"periodStartUnix\": 1767225600,"
                               " \"periodEndUnix\": 1769903999, \"appUsage\": 0, \"apiUsage\": 0,"
                               " \"includedCredits\": 18500, \"prepaidCredits\": 0,"
                               " \"stripeBillingSynced\": false}}");
  cycle = cutout_membership_get_billing_cycle (unsynced);
  g_assert_false (cutout_billing_cycle_get_stripe_billing_synced (cycle));
  g_assert_true (cutout_membership_is_calendar_fallback (unsynced));
  g_assert_cmpint (cutout_membership_get_total_available (unsynced), ==, 18500);

  /* Without the member nothing says the figures are a fallback. */
  unknown = parse_membership ("{\"membership\": \"Premium-20000\", \"credits\": 18500,"
                              " \"prepaidCredits\": 0, \"app_usage\": 0, \"api_usage\": 0,"
                              " \"billingCycle\": {\"periodStartUnix\": 1767225600,"
                              " \"periodEndUnix\": 1769903999, \"appUsage\": 0, \"apiUsage\": 0,"
                              " \"includedCredits\": 18500}}");
  g_assert_false (cutout_membership_is_calendar_fallback (unknown));
}

static void
test_doubles (void)
{
  g_autoptr(CutoutMembership) membership = NULL;
  CutoutBillingCycle *cycle;

  /* Some encoders write every number as a double. */
  membership = parse_membership ("{\"membership\": \"Premium-20000\", \"credits\": 18500.0,"
                                 " \"prepaidCredits\": 2e3, \"app_usage\": 8500.0, \"api_usage\": 10000.0,"
                                 " \"billingCycle\": {\"periodStartUnix\": 1740441600.0,"
                                 " \"periodEndUnix\": 1743033599.0, \"appUsage\": 4200.0,"
                                 " \"apiUsage\": 5100.0, \"includedCredits\": 18500.0,"
                                 " \"prepaidCredits\": 2000.0, \"stripeBillingSynced\": true}}");
  g_assert_cmpint (cutout_membership_get_credits (membership), ==, 18500);
  g_assert_cmpint (cutout_membership_get_prepaid_credits (membership), ==, 2000);
  g_assert_cmpint (cutout_membership_get_app_usage (membership), ==, 8500);
  cycle = cutout_membership_get_billing_cycle (membership);
  g_assert_cmpint (cutout_billing_cycle_get_period_end (cycle), ==, 1743033599);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cycle), ==, 9200);
  g_assert_cmpint (cutout_membership_get_total_available (membership), ==, 11200);

  assert_membership_refused ("{\"membership\": \"P\", \"credits\": 18500.5,"
                             " \"app_usage\": 0, \"api_usage\": 0}",
                             "The account service sent figures Cutout cannot read: "
                             "'credits' is not a whole number.");
  assert_membership_refused ("{\"membership\": \"P\", \"credits\": 1e300,"
                             " \"app_usage\": 0, \"api_usage\": 0}",
                             "The account service sent figures Cutout cannot read: "
                             "'credits' is out of range.");
}

static void
test_wrong_shapes (void)
{
  const char *prefix = "The account service sent figures Cutout cannot read: ";
  const struct {
    const char *json;
    const char *reason;
  } cases[] = {
    { "[]", "the answer is not a JSON object." },
    { "\"Premium\"", "the answer is not a JSON object." },
    { "{\"credits\": 1, \"app_usage\": 0, \"api_usage\": 0}", "'membership' is missing." },
    { "{\"membership\": 7, \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0}", "'membership' is not text." },
    { "{\"membership\": \"P\", \"app_usage\": 0, \"api_usage\": 0}", "'credits' is missing." },
    { "{\"membership\": \"P\", \"credits\": \"18500\", \"app_usage\": 0, \"api_usage\": 0}", "'credits' is not a whole number." },
    { "{\"membership\": \"P\", \"credits\": true, \"app_usage\": 0, \"api_usage\": 0}", "'credits' is not a whole number." },
    { "{\"membership\": \"P\", \"credits\": [1], \"app_usage\": 0, \"api_usage\": 0}", "'credits' is not a whole number." },
    { "{\"membership\": \"P\", \"credits\": -1, \"app_usage\": 0, \"api_usage\": 0}", "'credits' is out of range." },
    { "{\"membership\": \"P\", \"credits\": 1, \"prepaidCredits\": {}, \"app_usage\": 0, \"api_usage\": 0}", "'prepaidCredits' is not a whole number." },
    { "{\"membership\": \"P\", \"credits\": 1, \"api_usage\": 0}", "'app_usage' is missing." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0}", "'api_usage' is missing." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\": []}", "'billingCycle' is not an object." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\": {}}", "'billingCycle.periodStartUnix' is missing." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\":"
      " {\"periodStartUnix\": 1, \"appUsage\": 0, \"apiUsage\": 0}}", "'billingCycle.periodEndUnix' is missing." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\":"
      " {\"periodStartUnix\": 10, \"periodEndUnix\": 9, \"appUsage\": 0, \"apiUsage\": 0}}",
      "'billingCycle.periodEndUnix' is before the start of the period." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\":"
      " {\"periodStartUnix\": 1, \"periodEndUnix\": 2, \"appUsage\": 0, \"apiUsage\": 0,"
      " \"includedCredits\": 5, \"stripeBillingSynced\": \"yes\"}}",
      "'billingCycle.stripeBillingSynced' is not true or false." },
    { "{\"membership\": \"P\", \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0, \"billingCycle\":"
      " {\"periodStartUnix\": 1, \"periodEndUnix\": 2, \"appUsage\": 0, \"apiUsage\": 0,"
      " \"includedCredits\": 5, \"usedIncludedCredits\": 0.5}}",
      "'billingCycle.usedIncludedCredits' is not a whole number." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = g_strconcat (prefix, cases[i].reason, NULL);

      g_test_message ("case %u: %s", i, cases[i].json);
      assert_membership_refused (cases[i].json, message);
    }
}

static void
test_cycles_wrong_shapes (void)
{
  const char *prefix = "The account service sent figures Cutout cannot read: ";
  const struct {
    const char *json;
    const char *reason;
  } cases[] = {
    { "[]", "the answer is not a JSON object." },
    { "{}", "'billingCycles' is missing." },
    { "{\"billingCycles\": {}}", "'billingCycles' is not a list." },
    { "{\"billingCycles\": [1]}", "'billingCycles[0]' is not an object." },
    { "{\"billingCycles\": [{\"periodStartUnix\": 1, \"periodEndUnix\": 2, \"appUsage\": 0, \"apiUsage\": 0},"
      " {\"periodStartUnix\": 1, \"periodEndUnix\": 2, \"appUsage\": \"many\", \"apiUsage\": 0}]}",
      "'billingCycles[1].appUsage' is not a whole number." },
    { "{\"billingCycles\": [{\"periodStartUnix\": 1, \"periodEndUnix\": 2, \"appUsage\": 0}]}",
      "'billingCycles[0].apiUsage' is missing." },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = g_strconcat (prefix, cases[i].reason, NULL);

      g_test_message ("case %u: %s", i, cases[i].json);
      assert_cycles_refused (cases[i].json, message);
    }

  /* NULL input is refused the same way instead of crashing. */
  g_assert_null (cutout_billing_cycles_new_from_json (NULL, &error));
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (cutout_membership_new_from_json (NULL, &error));
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
}

static void
test_days_to_renewal (void)
{
  g_autoptr(CutoutBillingCycle) cycle = NULL;
  const gint64 end = 1743033599;
  const gint64 renewal = end + 1;

  cycle = parse_cycle ("{\"periodStartUnix\": 1740441600, \"periodEndUnix\": 1743033599,"
                       " \"appUsage\": 0, \"apiUsage\": 0}");

  /* At the renewal and after it, nothing is left to wait. */
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal + 1), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal + 400 * 86400), ==, 0);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, G_MAXINT64), ==, 0);
  /* The last second of the period: one (partial) day left. */
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, end), ==, 1);
  /* Exactly one day, and one second more than that. */
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal - 86400), ==, 1);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal - 86401), ==, 2);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, renewal - 2 * 86400 + 1), ==, 2);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, 1740441600), ==, 30);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, 1740441599), ==, 31);
  /* A clock far in the past must not overflow. */
  /* The renewal is at midnight UTC: 1743033600 = 20174 × 86400. */
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, 0), ==, 20174);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, -1), ==, 20175);
  g_assert_cmpint (cutout_billing_cycle_get_days_to_renewal (cycle, G_MININT64), >, 0);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_get_object (node);
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, keys[i]));
}

static void
test_to_json (void)
{
  g_autoptr(CutoutMembership) membership = parse_membership (membership_example);
  g_autoptr(CutoutMembership) reparsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 now = 1743033600 - 10 * 86400;
  const char * const top_keys[] = {
    "membership", "credits", "prepaidCredits", "app_usage", "api_usage",
    "billingCycle", "usedIncludedCredits", "remainingIncludedCredits",
    "totalAvailable", "calendarFallback", "daysToRenewal", NULL
  };
  const char * const cycle_keys[] = {
    "periodStartUnix", "periodEndUnix", "appUsage", "apiUsage",
    "includedCredits", "prepaidCredits", "usedIncludedCredits",
    "remainingIncludedCredits", "stripeBillingSynced", "totalAvailable",
    "daysToRenewal", NULL
  };
  JsonObject *object;
  JsonObject *cycle;

  node = cutout_membership_to_json (membership, now);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  assert_keys (object, top_keys);

  g_assert_cmpstr (json_object_get_string_member (object, "membership"), ==, "Premium-20000");
  g_assert_cmpint (json_object_get_int_member (object, "credits"), ==, 18500);
  g_assert_cmpint (json_object_get_int_member (object, "prepaidCredits"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (object, "app_usage"), ==, 8500);
  g_assert_cmpint (json_object_get_int_member (object, "api_usage"), ==, 10000);
  g_assert_cmpint (json_object_get_int_member (object, "usedIncludedCredits"), ==, 9300);
  g_assert_cmpint (json_object_get_int_member (object, "remainingIncludedCredits"), ==, 9200);
  g_assert_cmpint (json_object_get_int_member (object, "totalAvailable"), ==, 11200);
  g_assert_false (json_object_get_boolean_member (object, "calendarFallback"));
  g_assert_cmpint (json_object_get_int_member (object, "daysToRenewal"), ==, 10);

  cycle = get_object_member (object, "billingCycle");
  assert_keys (cycle, cycle_keys);
  g_assert_cmpint (json_object_get_int_member (cycle, "periodStartUnix"), ==, 1740441600);
  g_assert_cmpint (json_object_get_int_member (cycle, "periodEndUnix"), ==, 1743033599);
  g_assert_cmpint (json_object_get_int_member (cycle, "appUsage"), ==, 4200);
  g_assert_cmpint (json_object_get_int_member (cycle, "apiUsage"), ==, 5100);
  g_assert_cmpint (json_object_get_int_member (cycle, "includedCredits"), ==, 18500);
  g_assert_cmpint (json_object_get_int_member (cycle, "prepaidCredits"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (cycle, "usedIncludedCredits"), ==, 9300);
  g_assert_cmpint (json_object_get_int_member (cycle, "remainingIncludedCredits"), ==, 9200);
  g_assert_true (json_object_get_boolean_member (cycle, "stripeBillingSynced"));
  g_assert_cmpint (json_object_get_int_member (cycle, "totalAvailable"), ==, 11200);
  g_assert_cmpint (json_object_get_int_member (cycle, "daysToRenewal"), ==, 10);

  /* What the CLI prints can be read back as an answer of the service. */
  reparsed = cutout_membership_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cutout_membership_get_total_available (reparsed), ==, 11200);
  g_assert_cmpint (cutout_billing_cycle_get_remaining_included_credits (cutout_membership_get_billing_cycle (reparsed)), ==, 9200);
}

static void
test_to_json_partial (void)
{
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) cycles_root = parse_json (cycles_example);
  g_autoptr(GListStore) cycles = NULL;
  g_autoptr(CutoutBillingCycle) entry = NULL;
  g_autoptr(JsonNode) entry_node = NULL;
  g_autoptr(GError) error = NULL;
  const char * const top_keys[] = {
    "membership", "credits", "prepaidCredits", "app_usage", "api_usage",
    "usedIncludedCredits", "remainingIncludedCredits", "totalAvailable",
    "calendarFallback", "daysToRenewal", NULL
  };
  const char * const entry_keys[] = {
    "periodStartUnix", "periodEndUnix", "appUsage", "apiUsage",
    "usedIncludedCredits", "daysToRenewal", NULL
  };
  JsonObject *object;

  /* Without a billing cycle the renewal is unknown: null, not a guess. */
  membership = parse_membership ("{\"membership\": \"Basic\", \"credits\": 100,"
                                 " \"prepaidCredits\": 5, \"app_usage\": 10, \"api_usage\": 20}");
  node = cutout_membership_to_json (membership, 0);
  object = json_node_get_object (node);
  assert_keys (object, top_keys);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "daysToRenewal")));
  g_assert_cmpint (json_object_get_int_member (object, "usedIncludedCredits"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (object, "remainingIncludedCredits"), ==, 70);
  g_assert_cmpint (json_object_get_int_member (object, "totalAvailable"), ==, 75);

  /* A list entry has no credit figures to write. */
  cycles = cutout_billing_cycles_new_from_json (cycles_root, &error);
  g_assert_no_error (error);
  entry = g_list_model_get_item (G_LIST_MODEL (cycles), 0);
  entry_node = cutout_billing_cycle_to_json (entry, 1776947013 - 86400 * 3);
  object = json_node_get_object (entry_node);
  assert_keys (object, entry_keys);
  g_assert_cmpint (json_object_get_int_member (object, "usedIncludedCredits"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (object, "daysToRenewal"), ==, 3);
}

static void
test_properties (void)
{
  const GType types[] = { CUTOUT_TYPE_MEMBERSHIP, CUTOUT_TYPE_BILLING_CYCLE };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[t]);
      g_autofree GParamSpec **pspecs = NULL;
      guint n_pspecs;

      pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n_pspecs);
      g_assert_cmpuint (n_pspecs, ==, types[t] == CUTOUT_TYPE_MEMBERSHIP ? 6 : 10);

      for (guint i = 0; i < n_pspecs; i++)
        {
          g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
          g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
          g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
          /* No nick or blurb: GLib then answers with the name and NULL. */
          g_assert_cmpstr (g_param_spec_get_nick (pspecs[i]), ==, g_param_spec_get_name (pspecs[i]));
          g_assert_null (g_param_spec_get_blurb (pspecs[i]));
        }
    }
}

/* Replaces every member of the example, at every depth, by values of
 * every JSON type: the parser must answer with an object or an error,
 * never crash, and an error is always UNEXPECTED_RESPONSE. */
static void
test_every_member_every_type (void)
{
  const char *replacements[] = {
    "null", "true", "false", "0", "-1", "1.5", "-0.0", "1e308", "-1e308",
    "9007199254740993", "9223372036854775807", "-9223372036854775808",
    "\"\"", "\"18500\"", "[]", "[1]", "{}", "{\"a\": 1}",
  };
  g_autoptr(JsonNode) pristine = parse_json (membership_example);
  JsonObject *top = json_node_get_object (pristine);
  JsonObject *cycle = get_object_member (top, "billingCycle");
  g_autoptr(GList) top_members = json_object_get_members (top);
  g_autoptr(GList) cycle_members = json_object_get_members (cycle);
  guint accepted = 0;
  guint refused = 0;

  for (guint level = 0; level < 2; level++)
    {
      for (GList *l = level == 0 ? top_members : cycle_members; l != NULL; l = l->next)
        {
          for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
            {
              /* A fresh tree each time: json_node_copy() would share the
               * objects with the pristine one. */
              g_autoptr(JsonNode) copy = parse_json (membership_example);
              g_autoptr(JsonNode) value = parse_json (replacements[r]);
              g_autoptr(CutoutMembership) membership = NULL;
              g_autoptr(GError) error = NULL;
              JsonObject *target = json_node_get_object (copy);

              if (level == 1)
                target = get_object_member (target, "billingCycle");

              json_object_set_member (target, l->data, g_steal_pointer (&value));

              membership = cutout_membership_new_from_json (copy, &error);
              if (membership != NULL)
                {
                  g_assert_no_error (error);
                  g_assert_cmpint (cutout_membership_get_total_available (membership), >=, 0);
                  accepted++;
                }
              else
                {
                  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
                  g_assert_true (g_str_has_prefix (error->message,
                                                   "The account service sent figures Cutout cannot read: "));
                  refused++;
                }
            }
        }
    }

  /* Both outcomes happen: optional members take null, required ones
   * refuse it. */
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (refused, >, accepted);
}

/* Random byte changes of the example: whatever still parses as JSON goes
 * through the model without crashing. */
static void
test_mutations (void)
{
  const gsize len = strlen (membership_example);
  const char noise[] = "{}[]\",:0123456789.-eEtruefalsn ";
  guint parsed = 0;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = g_strndup (membership_example, len);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      guint n_changes = g_test_rand_int_range (1, 4);

      for (guint c = 0; c < n_changes; c++)
        text[g_test_rand_int_range (0, len)] = noise[g_test_rand_int_range (0, sizeof noise - 1)];

      if (!json_parser_load_from_data (parser, text, -1, NULL))
        continue;

      parsed++;
      {
        g_autoptr(CutoutMembership) membership = cutout_membership_new_from_json (json_parser_get_root (parser), &error);
        g_autoptr(GListStore) cycles = NULL;
        g_autoptr(GError) cycles_error = NULL;

        g_assert_true ((membership != NULL) != (error != NULL));
        if (membership != NULL)
          {
            g_autoptr(JsonNode) out = cutout_membership_to_json (membership, 1740441600);

            g_assert_nonnull (out);
          }

        cycles = cutout_billing_cycles_new_from_json (json_parser_get_root (parser), &cycles_error);
        g_assert_true ((cycles != NULL) != (cycles_error != NULL));
      }
    }

  g_test_message ("%u of 5000 mutations were still JSON", parsed);
  g_assert_cmpuint (parsed, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usage/membership/api-example", test_membership_example);
  g_test_add_func ("/usage/cycles/api-example", test_cycles_example);
  g_test_add_func ("/usage/cycles/order-and-empty", test_cycles_order_and_empty);
  g_test_add_func ("/usage/cycle/derived", test_derived_figures);
  g_test_add_func ("/usage/cycle/service-figures-win", test_service_figures_win);
  g_test_add_func ("/usage/membership/without-cycle", test_membership_without_cycle);
  g_test_add_func ("/usage/membership/cycle-prepaid-fallback", test_membership_cycle_prepaid_fallback);
  g_test_add_func ("/usage/membership/calendar-fallback", test_calendar_fallback);
  g_test_add_func ("/usage/parse/doubles", test_doubles);
  g_test_add_func ("/usage/parse/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/usage/parse/cycles-wrong-shapes", test_cycles_wrong_shapes);
  g_test_add_func ("/usage/parse/every-member-every-type", test_every_member_every_type);
  g_test_add_func ("/usage/parse/mutations", test_mutations);
  g_test_add_func ("/usage/cycle/days-to-renewal", test_days_to_renewal);
  g_test_add_func ("/usage/to-json/full", test_to_json);
  g_test_add_func ("/usage/to-json/partial", test_to_json_partial);
  g_test_add_func ("/usage/properties", test_properties);

  return g_test_run ();
}
