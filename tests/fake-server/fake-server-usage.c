/* fake-server-usage.c — the fake Rembg server's account and GET /api/membership-usage
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account: a plan with included credits (per billing period) and
 * prepaid credits (which do not reset), usage counters of the current
 * period, of past periods and of calendar months (UTC).
 *
 * Where API.md is silent the fake server chooses, and says so here:
 *  - Every successful /rmbg call counts as API usage, also when it was paid
 *    with a prepaid credit. So usedIncludedCredits (= appUsage + apiUsage)
 *    can exceed includedCredits once prepaid credits are being spent;
 *    remainingIncludedCredits is then 0 and the spending shows as a lower
 *    prepaidCredits. "Available in total" stays remaining + prepaid.
 *  - periodStartUnix that is neither the current period's start nor a past
 *    cycle's answers zero usage; its billingCycle starts there and lasts as
 *    long as the current period.
 *  - A query parameter given with an empty value counts as not given.
 *  - year, month and periodStartUnix must be plain decimal integers;
 *    periodStartUnix between 0 and 253402300799 (the end of year 9999).
 *  - The usage endpoint needs a valid key: none or an unknown one is 401.
 *  - A synced period that has ended rolls over: it becomes a past cycle and
 *    a new one of the same length starts (for long-running demos).
 */

#include "fake-server-private.h"

#include <string.h>

/* 9999-12-31 23:59:59 UTC, the last second a `year` can name. */
#define MAX_UNIX_TIME G_GINT64_CONSTANT (253402300799)

/* Time and periods. */

gint64
fake_server_now (CutoutFakeServer *self)
{
  if (self->fixed_now != 0)
    return self->fixed_now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
fake_server_set_default_period (CutoutFakeServer *self)
{
  gint64 today = fake_server_now (self) / 86400 * 86400;

  self->period_start = today - 12 * 86400;
  self->period_end = self->period_start + 30 * 86400 - 1;
}

/* The current UTC calendar month's first and last second. */
static void
month_bounds (gint64  now,
              gint64 *start,
              gint64 *end)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (dt),
                                                    g_date_time_get_month (dt), 1, 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);

  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (next) - 1;
}

void
fake_server_current_period (CutoutFakeServer *self,
                            gint64           *start,
                            gint64           *end)
{
  if (!self->synced)
    {
      month_bounds (fake_server_now (self), start, end);
      return;
    }

  fake_server_roll_period (self);
  *start = self->period_start;
  *end = self->period_end;
}

/* A long-running demo server renews the plan like the service does: a
 * period that has ended becomes a past cycle and a new one of the same
 * length starts with zero usage. */
void
fake_server_roll_period (CutoutFakeServer *self)
{
  gint64 now = fake_server_now (self);

  while (self->synced && now > self->period_end && self->period_end >= self->period_start)
    {
      FakeCycle cycle = { self->period_start, self->period_end, self->period_app, self->period_api };
      gint64 length = self->period_end - self->period_start + 1;

      g_array_append_val (self->past_cycles, cycle);
      self->period_start = self->period_end + 1;
      self->period_end = self->period_start + length - 1;
      self->period_app = 0;
      self->period_api = 0;
    }
}

gint64 *
fake_server_month_counters (CutoutFakeServer *self,
                            int               year,
                            int               month,
                            gboolean          create)
{
  gpointer key = GINT_TO_POINTER (year * 12 + month - 1);
  gint64 *counters = g_hash_table_lookup (self->months, key);

  if (counters == NULL && create)
    {
      counters = g_new0 (gint64, 2);
      g_hash_table_insert (self->months, key, counters);
    }
  return counters;
}

gint64 *
fake_server_month_counters_at (CutoutFakeServer *self,
                   gint64            unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return fake_server_month_counters (self, g_date_time_get_year (dt),
                                     g_date_time_get_month (dt), TRUE);
}

/* Account and plan. */

void
cutout_fake_server_add_key (CutoutFakeServer *self,
                            const char       *key)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->keys, g_strdup (key), GINT_TO_POINTER (TRUE));
}

void
cutout_fake_server_set_plan (CutoutFakeServer *self,
                             const char       *membership,
                             gint64            included_credits,
                             gint64            prepaid_credits)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  g_free (self->membership);
  self->membership = g_strdup (membership != NULL ? membership : "");
  self->included_credits = MAX (0, included_credits);
  self->prepaid_credits = MAX (0, prepaid_credits);
}

void
cutout_fake_server_set_usage (CutoutFakeServer *self,
                              gint64            app_usage,
                              gint64            api_usage)
{
  gint64 *month;

  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  /* The difference also lands in this calendar month, so setting the
   * usage twice does not count it twice. */
  month = fake_server_month_counters_at (self, fake_server_now (self));
  month[0] += app_usage - self->period_app;
  month[1] += api_usage - self->period_api;
  self->period_app = app_usage;
  self->period_api = api_usage;
}

void
cutout_fake_server_set_period (CutoutFakeServer *self,
                               gint64            period_start_unix,
                               gint64            period_end_unix,
                               gboolean          stripe_billing_synced)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->period_start = period_start_unix;
  self->period_end = period_end_unix;
  self->synced = stripe_billing_synced;
  self->period_set = TRUE;
}

void
cutout_fake_server_add_past_cycle (CutoutFakeServer *self,
                                   gint64            period_start_unix,
                                   gint64            period_end_unix,
                                   gint64            app_usage,
                                   gint64            api_usage)
{
  FakeCycle cycle = { period_start_unix, period_end_unix, app_usage, api_usage };
  gint64 *month;

  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  g_array_append_val (self->past_cycles, cycle);
  month = fake_server_month_counters_at (self, period_start_unix);
  month[0] += app_usage;
  month[1] += api_usage;
}

void
cutout_fake_server_set_anonymous_daily_limit (CutoutFakeServer *self,
                                              guint             limit)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  self->anonymous_limit = limit;
}

void
cutout_fake_server_set_month_usage (CutoutFakeServer *self,
                                    int               year,
                                    int               month,
                                    gint64            app_usage,
                                    gint64            api_usage)
{
  gint64 *counters;

  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));
  g_return_if_fail (month >= 1 && month <= 12);

  counters = fake_server_month_counters (self, year, month, TRUE);
  counters[0] = app_usage;
  counters[1] = api_usage;
}

void
cutout_fake_server_set_time (CutoutFakeServer *self,
                             gint64            unix_now)
{
  gint64 app, api;

  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  /* Move the usage already counted to the new "now"'s month and period. */
  app = self->period_app;
  api = self->period_api;
  cutout_fake_server_set_usage (self, 0, 0);
  self->fixed_now = unix_now;
  if (!self->period_set)
    fake_server_set_default_period (self);
  cutout_fake_server_set_usage (self, app, api);
}

gint64
cutout_fake_server_get_prepaid_credits (CutoutFakeServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_FAKE_SERVER (self), 0);

  return self->prepaid_credits;
}

void
cutout_fake_server_get_usage (CutoutFakeServer *self,
                              gint64           *app_usage,
                              gint64           *api_usage)
{
  g_return_if_fail (CUTOUT_IS_FAKE_SERVER (self));

  fake_server_roll_period (self);
  if (app_usage != NULL)
    *app_usage = self->period_app;
  if (api_usage != NULL)
    *api_usage = self->period_api;
}

/* GET /api/membership-usage */

static const char *
query_value (FakeExchange *ex,
             const char   *name)
{
  const char *value = ex->query != NULL ? g_hash_table_lookup (ex->query, name) : NULL;

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static gboolean
query_flag (FakeExchange *ex,
            const char   *name)
{
  const char *value = query_value (ex, name);

  return value != NULL &&
         (g_str_equal (value, "1") || g_ascii_strcasecmp (value, "true") == 0);
}

/* Parses an integer parameter; NULL or the 400 message. */
static char *
parse_number (const char *name,
              const char *text,
              gint64      min,
              gint64      max,
              gint64     *value)
{
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, &error))
    {
      if (g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return g_strdup_printf ("'%s' must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                                ", got: %s", name, min, max, text);
      return g_strdup_printf ("'%s' must be an integer, got: '%s'", name, text);
    }
  if (*value < min || *value > max)
    return g_strdup_printf ("'%s' must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                            ", got: %" G_GINT64_FORMAT, name, min, max, *value);
  return NULL;
}

static int
compare_cycles_newest_first (gconstpointer a,
                             gconstpointer b)
{
  const FakeCycle *ca = a, *cb = b;

  return ca->start < cb->start ? 1 : ca->start > cb->start ? -1 : 0;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* The current period as a FakeCycle. */
static FakeCycle
current_cycle (CutoutFakeServer *self)
{
  FakeCycle cycle;

  fake_server_current_period (self, &cycle.start, &cycle.end);
  cycle.app_usage = self->period_app;
  cycle.api_usage = self->period_api;
  return cycle;
}

static void
respond_cycle_list (FakeExchange *ex)
{
  CutoutFakeServer *self = ex->self;
  g_autoptr(GArray) past = g_array_copy (self->past_cycles);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  FakeCycle current = current_cycle (self);

  g_array_sort (past, compare_cycles_newest_first);
  g_array_prepend_val (past, current);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "billingCycles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < past->len; i++)
    {
      const FakeCycle *cycle = &g_array_index (past, FakeCycle, i);

      json_builder_begin_object (builder);
      add_int (builder, "periodStartUnix", cycle->start);
      add_int (builder, "periodEndUnix", cycle->end);
      add_int (builder, "appUsage", cycle->app_usage);
      add_int (builder, "apiUsage", cycle->api_usage);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  fake_exchange_respond_json (ex, SOUP_STATUS_OK, root);
}

/* The period that starts at @start: the current one, a past one, or an
 * unknown one with zero usage. */
static FakeCycle
find_cycle (CutoutFakeServer *self,
            gint64            start)
{
  FakeCycle current = current_cycle (self);
  FakeCycle unknown = { start, start + (current.end - current.start), 0, 0 };

  if (current.start == start)
    return current;
  for (guint i = 0; i < self->past_cycles->len; i++)
    if (g_array_index (self->past_cycles, FakeCycle, i).start == start)
      return g_array_index (self->past_cycles, FakeCycle, i);
  return unknown;
}

static gboolean
wants_billing_cycle (FakeExchange *ex)
{
  const char *expand = query_value (ex, "expand");

  if (query_flag (ex, "includeBillingCycle"))
    return TRUE;
  if (expand != NULL)
    {
      g_auto(GStrv) items = g_strsplit (expand, ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        if (g_str_equal (g_strstrip (items[i]), "billing_cycle"))
          return TRUE;
    }
  return FALSE;
}

void
fake_server_handle_usage (FakeExchange *ex)
{
  CutoutFakeServer *self = ex->self;
  const char *year_text, *month_text, *period_text;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 year, month, period_start = 0;
  gint64 app = 0, api = 0;
  FakeCycle cycle;
  char *message = NULL;

  if (g_strcmp0 (soup_server_message_get_method (ex->msg), "GET") != 0)
    {
      fake_exchange_respond_error (ex, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed", NULL, -1);
      return;
    }

  switch (fake_server_check_key (self, ex->msg))
    {
    case FAKE_KEY_NONE:
    case FAKE_KEY_UNKNOWN:
      fake_exchange_respond_error (ex, 401, "invalid api key", NULL, -1);
      return;
    case FAKE_KEY_UNVERIFIED:
      fake_exchange_respond_error (ex, 403, "Email address not verified \u2013 please check your inbox",
                                   NULL, -1);
      return;
    case FAKE_KEY_VALID:
    default:
      break;
    }

  fake_server_roll_period (self);

  /* A separate mode: every other parameter is ignored. */
  if (query_flag (ex, "listBillingCycles"))
    {
      respond_cycle_list (ex);
      return;
    }

  year_text = query_value (ex, "year");
  month_text = query_value (ex, "month");
  period_text = query_value (ex, "periodStartUnix");
  if (period_text != NULL && (year_text != NULL || month_text != NULL))
    {
      fake_exchange_respond_error (ex, 400, "Cannot combine 'periodStartUnix' with 'year' or 'month'.",
                                   NULL, -1);
      return;
    }

  now = g_date_time_new_from_unix_utc (fake_server_now (self));
  year = g_date_time_get_year (now);
  month = g_date_time_get_month (now);
  if ((year_text != NULL && (message = parse_number ("year", year_text, 1, 9999, &year))) ||
      (month_text != NULL && (message = parse_number ("month", month_text, 1, 12, &month))) ||
      (period_text != NULL &&
       (message = parse_number ("periodStartUnix", period_text, 0, MAX_UNIX_TIME, &period_start))))
    {
      fake_exchange_respond_error (ex, 400, message, NULL, -1);
      g_free (message);
      return;
    }

  if (period_text != NULL)
    {
      cycle = find_cycle (self, period_start);
      app = cycle.app_usage;
      api = cycle.api_usage;
    }
  else
    {
      gint64 *counters = fake_server_month_counters (self, year, month, FALSE);

      cycle = current_cycle (self);
      if (counters != NULL)
        {
          app = counters[0];
          api = counters[1];
        }
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "membership");
  json_builder_add_string_value (builder, self->membership);
  add_int (builder, "credits", self->included_credits);
  add_int (builder, "prepaidCredits", self->prepaid_credits);
  add_int (builder, "app_usage", app);
  add_int (builder, "api_usage", api);

  if (wants_billing_cycle (ex))
    {
      gint64 used = cycle.app_usage + cycle.api_usage;

      json_builder_set_member_name (builder, "billingCycle");
      json_builder_begin_object (builder);
      add_int (builder, "periodStartUnix", cycle.start);
      add_int (builder, "periodEndUnix", cycle.end);
      add_int (builder, "appUsage", cycle.app_usage);
      add_int (builder, "apiUsage", cycle.api_usage);
      add_int (builder, "includedCredits", self->included_credits);
      add_int (builder, "prepaidCredits", self->prepaid_credits);
      add_int (builder, "usedIncludedCredits", used);
      add_int (builder, "remainingIncludedCredits", MAX (0, self->included_credits - used));
      json_builder_set_member_name (builder, "stripeBillingSynced");
      json_builder_add_boolean_value (builder, self->synced);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  fake_exchange_respond_json (ex, SOUP_STATUS_OK, root);
}
