/* cutout-usage-private.h — the instance structs shared by the halves of cutout-usage
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-usage.h"

G_BEGIN_DECLS

struct _CutoutBillingCycle
{
  GObject parent_instance;

  gint64 period_start;
  gint64 period_end;
  gint64 app_usage;
  gint64 api_usage;
  gint64 included_credits;
  gint64 prepaid_credits;
  gint64 used_included_credits;
  gint64 remaining_included_credits;

  guint stripe_billing_synced : 1;
  /* Whether the service said anything about stripeBillingSynced; only an
   * explicit false makes the figures a calendar-month fallback. */
  guint stripe_known : 1;
  /* Whether the cycle came with its own prepaidCredits; if not, the
   * membership's top-level figure is the best one there is. */
  guint prepaid_known : 1;
  guint has_details : 1;
};

struct _CutoutMembership
{
  GObject parent_instance;

  char               *membership;
  gint64              credits;
  gint64              prepaid_credits;
  gint64              app_usage;
  gint64              api_usage;
  CutoutBillingCycle *billing_cycle;
};

G_END_DECLS
