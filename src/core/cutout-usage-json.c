/* cutout-usage-json.c — reading the account service's figures from JSON, and writing them back
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cutout-api-error.h"
#include "cutout-usage-private.h"

/* Every figure of the account service is a count of credits or a unix
 * time. Anything outside 0..2^53 cannot be a real figure (and 2^53 is
 * where JSON numbers stop being exact), so such a value is refused as a
 * wrong answer. Keeping figures this small also means sums such as
 * appUsage + apiUsage can never overflow a gint64. */
#define MAX_FIGURE (G_GINT64_CONSTANT (9007199254740992))

/* Parsing helpers. Every failure names the member, with its path for
 * nested ones ("billingCycle.appUsage", "billingCycles[2]"), so a bug
 * report says exactly what the service sent wrong. */

typedef enum {
  BAD_MISSING,
  BAD_NOT_WHOLE_NUMBER,
  BAD_OUT_OF_RANGE,
  BAD_NOT_BOOLEAN,
  BAD_NOT_TEXT,
  BAD_NOT_OBJECT,
  BAD_NOT_LIST,
  BAD_END_BEFORE_START,
} BadKind;

static void
set_bad_figure (GError     **error,
                BadKind      kind,
                const char  *path)
{
  g_autofree char *message = NULL;

  switch (kind)
    {
    case BAD_MISSING:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is missing."), path);
      break;
    case BAD_NOT_WHOLE_NUMBER:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is not a whole number."), path);
      break;
    case BAD_OUT_OF_RANGE:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is out of range."), path);
      break;
    case BAD_NOT_BOOLEAN:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is not true or false."), path);
      break;
    case BAD_NOT_TEXT:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is not text."), path);
      break;
    case BAD_NOT_OBJECT:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is not an object."), path);
      break;
    case BAD_NOT_LIST:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is not a list."), path);
      break;
    case BAD_END_BEFORE_START:
      message = g_strdup_printf (_("The account service sent figures Cutout cannot read: '%s' is before the start of the period."), path);
      break;
    default:
      g_assert_not_reached ();
    }

  g_propagate_error (error,
                     cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, 0, message));
}

static void
set_not_an_object_answer (GError **error)
{
  g_propagate_error (error,
                     cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, 0,
                                           _("The account service sent figures Cutout cannot read: the answer is not a JSON object.")));
}

static char *
member_path (const char *prefix,
             const char *name)
{
  if (prefix == NULL)
    return g_strdup (name);

  return g_strdup_printf ("%s.%s", prefix, name);
}

/* Returns the member's node, or NULL when it is absent or null: null is
 * read as "not given", as JSON services commonly send it. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

typedef enum {
  FIGURE_OPTIONAL = 0,
  FIGURE_REQUIRED = 1 << 0,
  /* For remainingIncludedCredits: API.md defines it as max (0, …), so a
   * negative figure from an over-used plan is read as 0 rather than
   * refused. */
  FIGURE_CLAMP_NEGATIVE = 1 << 1,
} FigureFlags;

/* Reads a non-negative whole number. Integral doubles such as 18500.0 are
 * accepted, because some JSON encoders write every number that way. */
static gboolean
read_figure (JsonObject   *object,
             const char   *prefix,
             const char   *name,
             FigureFlags   flags,
             gboolean     *present_out,
             gint64       *value_out,
             GError      **error)
{
  JsonNode *node = get_member (object, name);
  g_autofree char *path = NULL;
  gint64 value;

  if (present_out != NULL)
    *present_out = FALSE;

  if (node == NULL && !(flags & FIGURE_REQUIRED))
    return TRUE;

  path = member_path (prefix, name);

  if (node == NULL)
    {
      set_bad_figure (error, BAD_MISSING, path);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      set_bad_figure (error, BAD_NOT_WHOLE_NUMBER, path);
      return FALSE;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (!isfinite (d) || d != floor (d))
          {
            set_bad_figure (error, BAD_NOT_WHOLE_NUMBER, path);
            return FALSE;
          }
        /* Compare as doubles first so that the cast below is defined. */
        if (d < -(double) MAX_FIGURE || d > (double) MAX_FIGURE)
          {
            set_bad_figure (error, BAD_OUT_OF_RANGE, path);
            return FALSE;
          }
        value = (gint64) d;
      }
      break;

    default:
      set_bad_figure (error, BAD_NOT_WHOLE_NUMBER, path);
      return FALSE;
    }

  if (value < 0 && (flags & FIGURE_CLAMP_NEGATIVE) && value >= -MAX_FIGURE)
    value = 0;

  if (value < 0 || value > MAX_FIGURE)
    {
      set_bad_figure (error, BAD_OUT_OF_RANGE, path);
      return FALSE;
    }

  if (present_out != NULL)
    *present_out = TRUE;
  *value_out = value;

  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *prefix,
              const char  *name,
              gboolean    *present_out,
              gboolean    *value_out,
              GError     **error)
{
  JsonNode *node = get_member (object, name);
  g_autofree char *path = NULL;

  *present_out = FALSE;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      path = member_path (prefix, name);
      set_bad_figure (error, BAD_NOT_BOOLEAN, path);
      return FALSE;
    }

  *present_out = TRUE;
  *value_out = json_node_get_boolean (node);

  return TRUE;
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static CutoutBillingCycle *
billing_cycle_parse (JsonObject  *object,
                     const char  *prefix,
                     GError     **error)
{
  g_autoptr(CutoutBillingCycle) self = NULL;
  g_autofree char *end_path = NULL;
  gboolean present = FALSE;
  gboolean used_present = FALSE;
  gboolean remaining_present = FALSE;
  gboolean synced = TRUE;

  self = g_object_new (CUTOUT_TYPE_BILLING_CYCLE, NULL);

  if (!read_figure (object, prefix, "periodStartUnix", FIGURE_REQUIRED, NULL, &self->period_start, error) ||
      !read_figure (object, prefix, "periodEndUnix", FIGURE_REQUIRED, NULL, &self->period_end, error) ||
      !read_figure (object, prefix, "appUsage", FIGURE_REQUIRED, NULL, &self->app_usage, error) ||
      !read_figure (object, prefix, "apiUsage", FIGURE_REQUIRED, NULL, &self->api_usage, error))
    return NULL;

  if (self->period_end < self->period_start)
    {
      end_path = member_path (prefix, "periodEndUnix");
      set_bad_figure (error, BAD_END_BEFORE_START, end_path);
      return NULL;
    }

  /* A full billingCycle object carries includedCredits; an entry of
   * listBillingCycles does not, and then the credit figures stay 0. */
  if (!read_figure (object, prefix, "includedCredits", FIGURE_OPTIONAL, &present, &self->included_credits, error))
    return NULL;
  self->has_details = present;

  if (!read_figure (object, prefix, "prepaidCredits", FIGURE_OPTIONAL, &present, &self->prepaid_credits, error))
    return NULL;
  self->prepaid_known = present;

  if (!read_figure (object, prefix, "usedIncludedCredits", FIGURE_OPTIONAL, &used_present,
                    &self->used_included_credits, error) ||
      !read_figure (object, prefix, "remainingIncludedCredits", FIGURE_CLAMP_NEGATIVE, &remaining_present,
                    &self->remaining_included_credits, error))
    return NULL;

  if (!read_boolean (object, prefix, "stripeBillingSynced", &present, &synced, error))
    return NULL;
  self->stripe_known = present;
  /* Without the member the figures are read as synced: only an explicit
   * false tells the dashboard to show the calendar-month fallback. */
  self->stripe_billing_synced = present ? synced : TRUE;

  /* API.md: usedIncludedCredits = appUsage + apiUsage, remaining =
   * max (0, included − used). Both operands are at most 2^53, so the
   * sum cannot overflow. */
  if (!used_present)
    self->used_included_credits = self->app_usage + self->api_usage;
  if (!remaining_present)
    self->remaining_included_credits = MAX (0, self->included_credits - self->used_included_credits);

  return g_steal_pointer (&self);
}

CutoutBillingCycle *
cutout_billing_cycle_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (object == NULL)
    {
      set_not_an_object_answer (error);
      return NULL;
    }

  return billing_cycle_parse (object, NULL, error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  CutoutBillingCycle *cycle_a = *(CutoutBillingCycle * const *) a;
  CutoutBillingCycle *cycle_b = *(CutoutBillingCycle * const *) b;

  if (cycle_a->period_start == cycle_b->period_start)
    return 0;

  return cycle_a->period_start > cycle_b->period_start ? -1 : 1;
}

GListStore *
cutout_billing_cycles_new_from_json (JsonNode  *root,
                                     GError   **error)
{
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(GListStore) store = NULL;
  JsonObject *object;
  JsonNode *list_node;
  JsonArray *list;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_not_an_object_answer (error);
      return NULL;
    }

  object = json_node_get_object (root);
  list_node = get_member (object, "billingCycles");
  if (list_node == NULL)
    {
      set_bad_figure (error, BAD_MISSING, "billingCycles");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (list_node))
    {
      set_bad_figure (error, BAD_NOT_LIST, "billingCycles");
      return NULL;
    }

  list = json_node_get_array (list_node);
  n = json_array_get_length (list);
  cycles = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *entry = json_array_get_element (list, i);
      g_autofree char *prefix = g_strdup_printf ("billingCycles[%u]", i);
      CutoutBillingCycle *cycle;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          set_bad_figure (error, BAD_NOT_OBJECT, prefix);
          return NULL;
        }

      cycle = billing_cycle_parse (json_node_get_object (entry), prefix, error);
      if (cycle == NULL)
        return NULL;

      g_ptr_array_add (cycles, cycle);
    }

  /* The service sends the list newest first; sorting again (a stable
   * sort) keeps that promise for the UI even if an answer does not. */
  g_ptr_array_sort (cycles, compare_newest_first);

  store = g_list_store_new (CUTOUT_TYPE_BILLING_CYCLE);
  g_list_store_splice (store, 0, 0, cycles->pdata, cycles->len);

  return g_steal_pointer (&store);
}

JsonNode *
cutout_billing_cycle_to_json (CutoutBillingCycle *self,
                              gint64              now_unix)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_int_member (builder, "periodStartUnix", self->period_start);
  add_int_member (builder, "periodEndUnix", self->period_end);
  add_int_member (builder, "appUsage", self->app_usage);
  add_int_member (builder, "apiUsage", self->api_usage);

  /* A listBillingCycles entry has no credit figures; writing zeros for
   * them would claim a plan of 0 credits. */
  if (self->has_details)
    {
      add_int_member (builder, "includedCredits", self->included_credits);
      add_int_member (builder, "prepaidCredits", self->prepaid_credits);
    }

  add_int_member (builder, "usedIncludedCredits", self->used_included_credits);

  if (self->has_details)
    {
      add_int_member (builder, "remainingIncludedCredits", self->remaining_included_credits);
      json_builder_set_member_name (builder, "stripeBillingSynced");
      json_builder_add_boolean_value (builder, self->stripe_billing_synced);
      add_int_member (builder, "totalAvailable", cutout_billing_cycle_get_total_available (self));
    }

  add_int_member (builder, "daysToRenewal", cutout_billing_cycle_get_days_to_renewal (self, now_unix));

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

CutoutMembership *
cutout_membership_new_from_json (JsonNode  *root,
                                 GError   **error)
{
  g_autoptr(CutoutMembership) self = NULL;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_not_an_object_answer (error);
      return NULL;
    }

  object = json_node_get_object (root);
  self = g_object_new (CUTOUT_TYPE_MEMBERSHIP, NULL);

  node = get_member (object, "membership");
  if (node == NULL)
    {
      set_bad_figure (error, BAD_MISSING, "membership");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_bad_figure (error, BAD_NOT_TEXT, "membership");
      return NULL;
    }
  /* The label is shown in the UI; refuse bytes that are not text rather
   * than pass invalid UTF-8 on to GTK. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      set_bad_figure (error, BAD_NOT_TEXT, "membership");
      return NULL;
    }
  self->membership = g_strdup (json_node_get_string (node));

  /* prepaidCredits is an add-on a plan may not have; the service's other
   * figures are always part of the answer. */
  if (!read_figure (object, NULL, "credits", FIGURE_REQUIRED, NULL, &self->credits, error) ||
      !read_figure (object, NULL, "prepaidCredits", FIGURE_OPTIONAL, NULL, &self->prepaid_credits, error) ||
      !read_figure (object, NULL, "app_usage", FIGURE_REQUIRED, NULL, &self->app_usage, error) ||
      !read_figure (object, NULL, "api_usage", FIGURE_REQUIRED, NULL, &self->api_usage, error))
    return NULL;

  node = get_member (object, "billingCycle");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_bad_figure (error, BAD_NOT_OBJECT, "billingCycle");
          return NULL;
        }

      self->billing_cycle = billing_cycle_parse (json_node_get_object (node), "billingCycle", error);
      if (self->billing_cycle == NULL)
        return NULL;

      /* Prepaid credits do not reset with the period, so the top-level
       * figure is the right one when the cycle does not repeat it. */
      if (self->billing_cycle->has_details && !self->billing_cycle->prepaid_known)
        self->billing_cycle->prepaid_credits = self->prepaid_credits;
    }

  return g_steal_pointer (&self);
}

JsonNode *
cutout_membership_to_json (CutoutMembership *self,
                           gint64            now_unix)
{
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 used;
  gint64 remaining;

  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "membership");
  json_builder_add_string_value (builder, self->membership);
  add_int_member (builder, "credits", self->credits);
  add_int_member (builder, "prepaidCredits", self->prepaid_credits);
  add_int_member (builder, "app_usage", self->app_usage);
  add_int_member (builder, "api_usage", self->api_usage);

  if (self->billing_cycle != NULL)
    {
      json_builder_set_member_name (builder, "billingCycle");
      json_builder_add_value (builder, cutout_billing_cycle_to_json (self->billing_cycle, now_unix));
    }

  /* The effective figures the UI shows: the billing cycle's when it has
   * them, else the top-level ones of the requested month. */
  if (self->billing_cycle != NULL && self->billing_cycle->has_details)
    {
      used = self->billing_cycle->used_included_credits;
      remaining = self->billing_cycle->remaining_included_credits;
    }
  else
    {
      used = self->app_usage + self->api_usage;
      remaining = MAX (0, self->credits - used);
    }

  add_int_member (builder, "usedIncludedCredits", used);
  add_int_member (builder, "remainingIncludedCredits", remaining);
  add_int_member (builder, "totalAvailable", cutout_membership_get_total_available (self));
  json_builder_set_member_name (builder, "calendarFallback");
  json_builder_add_boolean_value (builder, cutout_membership_is_calendar_fallback (self));

  /* Without a billing cycle the renewal date is unknown; null says so
   * instead of inventing a figure. */
  json_builder_set_member_name (builder, "daysToRenewal");
  if (self->billing_cycle != NULL)
    json_builder_add_int_value (builder,
                                cutout_billing_cycle_get_days_to_renewal (self->billing_cycle, now_unix));
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
