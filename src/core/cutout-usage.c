/* cutout-usage.c — plan, credits and billing cycles: the objects and the figures derived from them
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-usage-private.h"

#define SECONDS_PER_DAY 86400

#define READ_ONLY_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

G_DEFINE_FINAL_TYPE (CutoutBillingCycle, cutout_billing_cycle, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CutoutMembership, cutout_membership, G_TYPE_OBJECT)

enum {
  CYCLE_PROP_0,
  CYCLE_PROP_PERIOD_START,
  CYCLE_PROP_PERIOD_END,
  CYCLE_PROP_APP_USAGE,
  CYCLE_PROP_API_USAGE,
  CYCLE_PROP_INCLUDED_CREDITS,
  CYCLE_PROP_PREPAID_CREDITS,
  CYCLE_PROP_USED_INCLUDED_CREDITS,
  CYCLE_PROP_REMAINING_INCLUDED_CREDITS,
  CYCLE_PROP_STRIPE_BILLING_SYNCED,
  CYCLE_PROP_HAS_DETAILS,
  CYCLE_N_PROPS
};

enum {
  MEMBERSHIP_PROP_0,
  MEMBERSHIP_PROP_MEMBERSHIP,
  MEMBERSHIP_PROP_CREDITS,
  MEMBERSHIP_PROP_PREPAID_CREDITS,
  MEMBERSHIP_PROP_APP_USAGE,
  MEMBERSHIP_PROP_API_USAGE,
  MEMBERSHIP_PROP_BILLING_CYCLE,
  MEMBERSHIP_N_PROPS
};

static GParamSpec *cycle_properties[CYCLE_N_PROPS];
static GParamSpec *membership_properties[MEMBERSHIP_N_PROPS];

/* Billing cycle */

static void
cutout_billing_cycle_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CutoutBillingCycle *self = CUTOUT_BILLING_CYCLE (object);

  switch (prop_id)
    {
    case CYCLE_PROP_PERIOD_START:
      g_value_set_int64 (value, self->period_start);
      break;
    case CYCLE_PROP_PERIOD_END:
      g_value_set_int64 (value, self->period_end);
      break;
    case CYCLE_PROP_APP_USAGE:
      g_value_set_int64 (value, self->app_usage);
      break;
    case CYCLE_PROP_API_USAGE:
      g_value_set_int64 (value, self->api_usage);
      break;
    case CYCLE_PROP_INCLUDED_CREDITS:
      g_value_set_int64 (value, self->included_credits);
      break;
    case CYCLE_PROP_PREPAID_CREDITS:
      g_value_set_int64 (value, self->prepaid_credits);
      break;
    case CYCLE_PROP_USED_INCLUDED_CREDITS:
      g_value_set_int64 (value, self->used_included_credits);
      break;
    case CYCLE_PROP_REMAINING_INCLUDED_CREDITS:
      g_value_set_int64 (value, self->remaining_included_credits);
      break;
    case CYCLE_PROP_STRIPE_BILLING_SYNCED:
      g_value_set_boolean (value, self->stripe_billing_synced);
      break;
    case CYCLE_PROP_HAS_DETAILS:
      g_value_set_boolean (value, self->has_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
figure_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL,
                             0, G_MAXINT64, 0,
                             READ_ONLY_FLAGS);
}

static void
cutout_billing_cycle_class_init (CutoutBillingCycleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cutout_billing_cycle_get_property;

  cycle_properties[CYCLE_PROP_PERIOD_START] = figure_pspec ("period-start");
  cycle_properties[CYCLE_PROP_PERIOD_END] = figure_pspec ("period-end");
  cycle_properties[CYCLE_PROP_APP_USAGE] = figure_pspec ("app-usage");
  cycle_properties[CYCLE_PROP_API_USAGE] = figure_pspec ("api-usage");
  cycle_properties[CYCLE_PROP_INCLUDED_CREDITS] = figure_pspec ("included-credits");
  cycle_properties[CYCLE_PROP_PREPAID_CREDITS] = figure_pspec ("prepaid-credits");
  cycle_properties[CYCLE_PROP_USED_INCLUDED_CREDITS] = figure_pspec ("used-included-credits");
  cycle_properties[CYCLE_PROP_REMAINING_INCLUDED_CREDITS] = figure_pspec ("remaining-included-credits");
  cycle_properties[CYCLE_PROP_STRIPE_BILLING_SYNCED] =
    g_param_spec_boolean ("stripe-billing-synced", NULL, NULL,
                          TRUE,
                          READ_ONLY_FLAGS);
  cycle_properties[CYCLE_PROP_HAS_DETAILS] =
    g_param_spec_boolean ("has-details", NULL, NULL,
                          FALSE,
                          READ_ONLY_FLAGS);

  g_object_class_install_properties (object_class, CYCLE_N_PROPS, cycle_properties);
}

static void
cutout_billing_cycle_init (CutoutBillingCycle *self)
{
  self->stripe_billing_synced = TRUE;
}

gint64
cutout_billing_cycle_get_period_start (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->period_start;
}

gint64
cutout_billing_cycle_get_period_end (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->period_end;
}

gint64
cutout_billing_cycle_get_app_usage (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->app_usage;
}

gint64
cutout_billing_cycle_get_api_usage (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->api_usage;
}

gint64
cutout_billing_cycle_get_included_credits (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->included_credits;
}

gint64
cutout_billing_cycle_get_prepaid_credits (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->prepaid_credits;
}

gint64
cutout_billing_cycle_get_used_included_credits (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->used_included_credits;
}

gint64
cutout_billing_cycle_get_remaining_included_credits (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->remaining_included_credits;
}

gboolean
cutout_billing_cycle_get_stripe_billing_synced (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), FALSE);

  return self->stripe_billing_synced;
}

gboolean
cutout_billing_cycle_get_has_details (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), FALSE);

  return self->has_details;
}

gint64
cutout_billing_cycle_get_total_available (CutoutBillingCycle *self)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  return self->remaining_included_credits + self->prepaid_credits;
}

gint64
cutout_billing_cycle_get_days_to_renewal (CutoutBillingCycle *self,
                                          gint64              now_unix)
{
  gint64 renewal;
  guint64 seconds;

  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), 0);

  /* periodEndUnix is the last second of the period, so the plan renews
   * one second later. */
  renewal = self->period_end + 1;
  if (now_unix >= renewal)
    return 0;

  /* renewal > now, so the difference is positive and fits in 64 unsigned
   * bits even for a now_unix far in the past. */
  seconds = (guint64) renewal - (guint64) now_unix;

  return (gint64) (seconds / SECONDS_PER_DAY + (seconds % SECONDS_PER_DAY != 0 ? 1 : 0));
}

/* Membership */

static void
cutout_membership_finalize (GObject *object)
{
  CutoutMembership *self = CUTOUT_MEMBERSHIP (object);

  g_clear_pointer (&self->membership, g_free);

  G_OBJECT_CLASS (cutout_membership_parent_class)->finalize (object);
}

static void
cutout_membership_dispose (GObject *object)
{
  CutoutMembership *self = CUTOUT_MEMBERSHIP (object);

  g_clear_object (&self->billing_cycle);

  G_OBJECT_CLASS (cutout_membership_parent_class)->dispose (object);
}

static void
cutout_membership_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CutoutMembership *self = CUTOUT_MEMBERSHIP (object);

  switch (prop_id)
    {
    case MEMBERSHIP_PROP_MEMBERSHIP:
      g_value_set_string (value, self->membership);
      break;
    case MEMBERSHIP_PROP_CREDITS:
      g_value_set_int64 (value, self->credits);
      break;
    case MEMBERSHIP_PROP_PREPAID_CREDITS:
      g_value_set_int64 (value, self->prepaid_credits);
      break;
    case MEMBERSHIP_PROP_APP_USAGE:
      g_value_set_int64 (value, self->app_usage);
      break;
    case MEMBERSHIP_PROP_API_USAGE:
      g_value_set_int64 (value, self->api_usage);
      break;
    case MEMBERSHIP_PROP_BILLING_CYCLE:
      g_value_set_object (value, self->billing_cycle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_membership_class_init (CutoutMembershipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cutout_membership_dispose;
  object_class->finalize = cutout_membership_finalize;
  object_class->get_property = cutout_membership_get_property;

  membership_properties[MEMBERSHIP_PROP_MEMBERSHIP] =
    g_param_spec_string ("membership", NULL, NULL,
                         NULL,
                         READ_ONLY_FLAGS);
  membership_properties[MEMBERSHIP_PROP_CREDITS] = figure_pspec ("credits");
  membership_properties[MEMBERSHIP_PROP_PREPAID_CREDITS] = figure_pspec ("prepaid-credits");
  membership_properties[MEMBERSHIP_PROP_APP_USAGE] = figure_pspec ("app-usage");
  membership_properties[MEMBERSHIP_PROP_API_USAGE] = figure_pspec ("api-usage");
  membership_properties[MEMBERSHIP_PROP_BILLING_CYCLE] =
    g_param_spec_object ("billing-cycle", NULL, NULL,
                         CUTOUT_TYPE_BILLING_CYCLE,
                         READ_ONLY_FLAGS);

  g_object_class_install_properties (object_class, MEMBERSHIP_N_PROPS, membership_properties);
}

static void
cutout_membership_init (CutoutMembership *self)
{
}

const char *
cutout_membership_get_membership (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), NULL);

  return self->membership;
}

gint64
cutout_membership_get_credits (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), 0);

  return self->credits;
}

gint64
cutout_membership_get_prepaid_credits (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), 0);

  return self->prepaid_credits;
}

gint64
cutout_membership_get_app_usage (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), 0);

  return self->app_usage;
}

gint64
cutout_membership_get_api_usage (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), 0);

  return self->api_usage;
}

CutoutBillingCycle *
cutout_membership_get_billing_cycle (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), NULL);

  return self->billing_cycle;
}

gint64
cutout_membership_get_total_available (CutoutMembership *self)
{
  gint64 remaining;

  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), 0);

  if (self->billing_cycle != NULL && self->billing_cycle->has_details)
    return cutout_billing_cycle_get_total_available (self->billing_cycle);

  /* Every figure is at most 2^53, so this cannot overflow. */
  remaining = MAX (0, self->credits - self->app_usage - self->api_usage);

  return remaining + self->prepaid_credits;
}

gboolean
cutout_membership_is_calendar_fallback (CutoutMembership *self)
{
  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), FALSE);

  return self->billing_cycle != NULL &&
         self->billing_cycle->stripe_known &&
         !self->billing_cycle->stripe_billing_synced;
}
