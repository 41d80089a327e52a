/* fuzz-usage.c — libFuzzer target for the membership-usage answers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"

#include "cutout-api-error.h"
#include "cutout-usage.h"

/* 2026-03-23 12:23:32 UTC: a fixed "now" keeps runs reproducible. */
#define FUZZ_NOW_UNIX G_GINT64_CONSTANT (1774268612)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static void
check_parse_error (const GError *error)
{
  FUZZ_CHECK (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE));
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
}

static void
check_cycle (CutoutBillingCycle *cycle)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  FUZZ_CHECK (cutout_billing_cycle_get_period_start (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_period_end (cycle) >= cutout_billing_cycle_get_period_start (cycle));
  FUZZ_CHECK (cutout_billing_cycle_get_app_usage (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_api_usage (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_included_credits (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_prepaid_credits (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_used_included_credits (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_remaining_included_credits (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_total_available (cycle) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_days_to_renewal (cycle, 0) >= 0);
  FUZZ_CHECK (cutout_billing_cycle_get_days_to_renewal (cycle, FUZZ_NOW_UNIX) >= 0);

  node = cutout_billing_cycle_to_json (cycle, FUZZ_NOW_UNIX);
  FUZZ_CHECK (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  text = json_to_string (node, FALSE);
  FUZZ_CHECK (text != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GListStore) cycles = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;

  /* Exactly what the client does with a 200 answer of
   * GET /api/membership-usage (usage_body_cb() in cutout-client-usage.c):
   * cutout_json_parse(), which checks the nesting depth before json-glib
   * sees the body, then the parse functions. A body it refuses must be
   * refused with a clear error, never crash. */
  text = g_memdup2 (data, size);
  parser = cutout_json_parse (text, size, 200, &error);
  if (parser == NULL)
    {
      check_parse_error (error);
      FUZZ_CHECK (cutout_api_error_get_http_status (error) == 200);
      return 0;
    }
  root = json_parser_get_root (parser);

  membership = cutout_membership_new_from_json (root, &error);
  if (membership != NULL)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;
      CutoutBillingCycle *cycle = cutout_membership_get_billing_cycle (membership);

      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (g_utf8_validate (cutout_membership_get_membership (membership), -1, NULL));
      FUZZ_CHECK (cutout_membership_get_credits (membership) >= 0);
      FUZZ_CHECK (cutout_membership_get_prepaid_credits (membership) >= 0);
      FUZZ_CHECK (cutout_membership_get_app_usage (membership) >= 0);
      FUZZ_CHECK (cutout_membership_get_api_usage (membership) >= 0);
      FUZZ_CHECK (cutout_membership_get_total_available (membership) >= 0);
      (void) cutout_membership_is_calendar_fallback (membership);
      if (cycle != NULL)
        check_cycle (cycle);

      node = cutout_membership_to_json (membership, FUZZ_NOW_UNIX);
      FUZZ_CHECK (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
      json = json_to_string (node, FALSE);
      FUZZ_CHECK (json != NULL);
    }
  else
    {
      check_parse_error (error);
    }

  /* The same answer read as a listBillingCycles answer. */
  g_clear_error (&error);
  cycles = cutout_billing_cycles_new_from_json (root, &error);
  if (cycles != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (cycles));
      gint64 previous_start = G_MAXINT64;

      FUZZ_CHECK (error == NULL);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (G_LIST_MODEL (cycles), i);

          check_cycle (cycle);
          /* Newest first. */
          FUZZ_CHECK (cutout_billing_cycle_get_period_start (cycle) <= previous_start);
          previous_start = cutout_billing_cycle_get_period_start (cycle);
        }
    }
  else
    {
      check_parse_error (error);
    }

  /* And as a bare billingCycle object. */
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(CutoutBillingCycle) cycle = NULL;

      g_clear_error (&error);
      cycle = cutout_billing_cycle_new_from_json (json_node_get_object (root), &error);
      if (cycle != NULL)
        check_cycle (cycle);
      else
        check_parse_error (error);
    }

  return 0;
}
