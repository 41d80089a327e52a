/* cutout-usage.h — plan, credits and billing cycles
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_BILLING_CYCLE (cutout_billing_cycle_get_type ())
G_DECLARE_FINAL_TYPE (CutoutBillingCycle, cutout_billing_cycle, CUTOUT, BILLING_CYCLE, GObject)

#define CUTOUT_TYPE_MEMBERSHIP (cutout_membership_get_type ())
G_DECLARE_FINAL_TYPE (CutoutMembership, cutout_membership, CUTOUT, MEMBERSHIP, GObject)

/* A billing cycle, either a full `billingCycle` object or one entry of
 * `listBillingCycles` (which has only the period and the usage; then
 * has-details is FALSE and the credit figures are 0).
 * Properties (read-only, EXPLICIT_NOTIFY): period-start, period-end (unix
 * seconds), app-usage, api-usage, included-credits, prepaid-credits,
 * used-included-credits, remaining-included-credits,
 * stripe-billing-synced, has-details.
 *
 * Parsing is strict about types and tolerant of missing optional members:
 * required are periodStartUnix, periodEndUnix, appUsage, apiUsage (and at
 * the top level membership, credits, app_usage, api_usage); integral
 * doubles such as 18500.0 are accepted; null reads as absent. Any other
 * shape fails with CUTOUT_API_ERROR_UNEXPECTED_RESPONSE and a message
 * naming the member ("billingCycle.appUsage"). has-details is TRUE when
 * includedCredits was sent. stripe-billing-synced is TRUE when the member
 * was not sent (only an explicit false means a calendar fallback). */
gint64              cutout_billing_cycle_get_period_start            (CutoutBillingCycle *self);
gint64              cutout_billing_cycle_get_period_end              (CutoutBillingCycle *self);
gint64              cutout_billing_cycle_get_app_usage               (CutoutBillingCycle *self);
gint64              cutout_billing_cycle_get_api_usage               (CutoutBillingCycle *self);
gint64              cutout_billing_cycle_get_included_credits        (CutoutBillingCycle *self);
gint64              cutout_billing_cycle_get_prepaid_credits         (CutoutBillingCycle *self);
/* appUsage + apiUsage when the service did not say */
gint64              cutout_billing_cycle_get_used_included_credits   (CutoutBillingCycle *self);
/* max (0, included − used) when the service did not say */
gint64              cutout_billing_cycle_get_remaining_included_credits (CutoutBillingCycle *self);
gboolean            cutout_billing_cycle_get_stripe_billing_synced   (CutoutBillingCycle *self);
gboolean            cutout_billing_cycle_get_has_details             (CutoutBillingCycle *self);
/* remaining included + prepaid */
gint64              cutout_billing_cycle_get_total_available         (CutoutBillingCycle *self);
/* Whole days from @now_unix until the renewal (period end + 1 s), rounded
 * up, never below 0. */
gint64              cutout_billing_cycle_get_days_to_renewal         (CutoutBillingCycle *self,
                                                                      gint64              now_unix);

/* Parses a `billingCycle` object or a `billingCycles` entry. */
CutoutBillingCycle *cutout_billing_cycle_new_from_json               (JsonObject         *object,
                                                                      GError            **error);
/* Parses `{ "billingCycles": [...] }` into a list, newest first. */
GListStore         *cutout_billing_cycles_new_from_json              (JsonNode           *root,
                                                                      GError            **error);

/* The answer of GET /api/membership-usage without listBillingCycles.
 * Properties (read-only): membership, credits, prepaid-credits,
 * app-usage, api-usage, billing-cycle (nullable). */
const char         *cutout_membership_get_membership                 (CutoutMembership   *self);
gint64              cutout_membership_get_credits                    (CutoutMembership   *self);
gint64              cutout_membership_get_prepaid_credits            (CutoutMembership   *self);
gint64              cutout_membership_get_app_usage                  (CutoutMembership   *self);
gint64              cutout_membership_get_api_usage                  (CutoutMembership   *self);
CutoutBillingCycle *cutout_membership_get_billing_cycle              (CutoutMembership   *self);
/* From the billing cycle when present; else max (0, credits − app − api)
 * + prepaid, from the top-level figures. */
gint64              cutout_membership_get_total_available            (CutoutMembership   *self);
/* Whether the figures follow the calendar month because billing is not
 * synced (stripeBillingSynced false). FALSE when unknown. */
gboolean            cutout_membership_is_calendar_fallback           (CutoutMembership   *self);

CutoutMembership   *cutout_membership_new_from_json                  (JsonNode           *root,
                                                                      GError            **error);
/* The service's figures under API.md's field names plus the derived ones
 * ("usedIncludedCredits", "remainingIncludedCredits", "totalAvailable",
 * "daysToRenewal", "calendarFallback"). Without a billing cycle,
 * "daysToRenewal" is null and there is no "billingCycle" member; a
 * listBillingCycles entry has no credit members (only
 * "usedIncludedCredits" and "daysToRenewal" are added). */
JsonNode           *cutout_membership_to_json                        (CutoutMembership   *self,
                                                                      gint64              now_unix);
JsonNode           *cutout_billing_cycle_to_json                     (CutoutBillingCycle *self,
                                                                      gint64              now_unix);

G_END_DECLS
