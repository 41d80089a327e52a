/* cutout-usage-format.c — the usage figures as text, shared by the chart and the Usage page
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <locale.h>

#include "cutout-api-error.h"
#include "cutout-usage-format.h"

char *
cutout_format_count (gint64 count)
{
  /* printf's ' flag is not portable, so the locale's grouping is applied
   * here, from localeconv(). */
  const struct lconv *conv = localeconv ();
  const char *separator = conv->thousands_sep;
  const char *grouping = conv->grouping;
  gboolean negative = count < 0;
  guint64 magnitude = negative ? 0 - (guint64) count : (guint64) count;
  char digits[32];
  gboolean separator_before[32] = { FALSE, };
  GString *out;
  int len, pos;

  len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);

  if (separator != NULL && *separator != '\0' && grouping != NULL &&
      grouping[0] > 0 && grouping[0] != CHAR_MAX)
    {
      int group = grouping[0];

      pos = len;
      while (pos - group > 0)
        {
          pos -= group;
          separator_before[pos] = TRUE;
          /* A 0 repeats the last group size, CHAR_MAX stops grouping. */
          if (grouping[1] != 0)
            grouping++;
          if (grouping[0] <= 0 || grouping[0] == CHAR_MAX)
            break;
          group = grouping[0];
        }
    }

  out = g_string_new (negative ? "-" : NULL);
  for (pos = 0; pos < len; pos++)
    {
      if (separator_before[pos])
        g_string_append (out, separator);
      g_string_append_c (out, digits[pos]);
    }
  return g_string_free (out, FALSE);
}

char *
cutout_format_period (gint64 start_unix,
                            gint64 end_unix)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (start_unix);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (end_unix);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  if (start == NULL || end == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (start) == g_date_time_get_year (end))
    /* Translators: the first day of a billing period when the period ends
     * in the same year (strftime format, see g_date_time_format()). */
    start_text = g_date_time_format (start, _("%-d %b"));
  else
    /* Translators: the first day of a billing period that ends in another year. */
    start_text = g_date_time_format (start, _("%-d %b %Y"));
  /* Translators: the last day of a billing period. */
  end_text = g_date_time_format (end, _("%-d %b %Y"));

  /* Translators: a billing period, "1 Oct – 31 Oct 2026". */
  return g_strdup_printf (_("%s – %s"), start_text, end_text);
}

char *
cutout_format_split (gint64 app_usage,
                     gint64 api_usage)
{
  g_autofree char *used = cutout_format_count (app_usage + api_usage);
  g_autofree char *app_text = cutout_format_count (app_usage);
  g_autofree char *api_text = cutout_format_count (api_usage);

  /* Translators: the credits a billing cycle used, in total and by the
   * web app and by API keys: "1,000 used (web app 120, API 880)". */
  return g_strdup_printf (_("%s used (web app %s, API %s)"), used, app_text, api_text);
}

char *
cutout_format_cycle_usage (CutoutBillingCycle *cycle)
{
  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (cycle), NULL);

  return cutout_format_split (cutout_billing_cycle_get_app_usage (cycle),
                              cutout_billing_cycle_get_api_usage (cycle));
}

char *
cutout_format_cycle (CutoutBillingCycle *cycle)
{
  g_autofree char *period = NULL;
  g_autofree char *usage = NULL;

  g_return_val_if_fail (CUTOUT_IS_BILLING_CYCLE (cycle), NULL);

  period = cutout_format_period (cutout_billing_cycle_get_period_start (cycle),
                                       cutout_billing_cycle_get_period_end (cycle));
  usage = cutout_format_cycle_usage (cycle);

  /* Translators: a billing period and what it used. */
  return g_strdup_printf (_("%s · %s"), period, usage);
}

char *
cutout_format_usage_age (gint64   updated_usec,
                         gint64   now_usec,
                         gboolean offline)
{
  gint64 minutes;

  if (offline)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (updated_usec / G_USEC_PER_SEC);
      g_autofree char *date = NULL;

      if (when == NULL)
        return g_strdup ("");
      /* Translators: when the stored figures were fetched (strftime
       * format, see g_date_time_format()). */
      date = g_date_time_format (when, _("%-d %b, %H:%M"));
      return g_strdup_printf (_("Offline — showing figures from %s"), date);
    }

  minutes = MAX (now_usec - updated_usec, 0) / (60 * G_USEC_PER_SEC);
  if (minutes < 1)
    return g_strdup (_("Updated just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Updated %d minute ago", "Updated %d minutes ago", minutes),
                            (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (ngettext ("Updated %d hour ago", "Updated %d hours ago", minutes / 60),
                            (int) (minutes / 60));
  return g_strdup_printf (ngettext ("Updated %d day ago", "Updated %d days ago", minutes / (24 * 60)),
                          (int) MIN (minutes / (24 * 60), G_MAXINT));
}

gboolean
cutout_usage_error_is_key_problem (const GError *error)
{
  return g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY) ||
         g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_KEY_AND_TOKEN);
}

gboolean
cutout_usage_error_is_network_problem (const GError *error)
{
  return g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK) ||
         (error != NULL && (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR));
}

const char *
cutout_usage_error_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (cutout_usage_error_is_key_problem (error))
    return _("The API key was refused");
  if (cutout_usage_error_is_network_problem (error))
    return _("Could not reach the service");
  return error->message;
}
