/* cutout-usage-format.h — the usage figures as text, shared by the chart and the Usage page
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-usage.h"

G_BEGIN_DECLS

/* Everything is in the user's locale. Billing periods are shown in UTC,
 * the clock the service counts them by; the figures' age in local time. */

/* A count with the locale's digit grouping ("18,500" in en_US, "18500"
 * in C). */
char       *cutout_format_count             (gint64              count) G_GNUC_WARN_UNUSED_RESULT;
/* "1 Oct – 31 Oct 2026" */
char       *cutout_format_period            (gint64              start_unix,
                                             gint64              end_unix) G_GNUC_WARN_UNUSED_RESULT;
/* "1,000 used (web app 120, API 880)" */
char       *cutout_format_split             (gint64              app_usage,
                                             gint64              api_usage) G_GNUC_WARN_UNUSED_RESULT;
/* The same for a cycle. */
char       *cutout_format_cycle_usage       (CutoutBillingCycle *cycle) G_GNUC_WARN_UNUSED_RESULT;
/* "1 Oct – 31 Oct 2026 · 1,000 used (web app 120, API 880)" */
char       *cutout_format_cycle             (CutoutBillingCycle *cycle) G_GNUC_WARN_UNUSED_RESULT;
/* "Updated 3 hours ago", or with @offline "Offline — showing figures
 * from 25 Nov, 14:00". Times in µs (g_get_real_time()). */
char       *cutout_format_usage_age         (gint64              updated_usec,
                                             gint64              now_usec,
                                             gboolean            offline) G_GNUC_WARN_UNUSED_RESULT;

/* A refresh that failed because the key was refused (401, or both a key
 * and a token). */
gboolean    cutout_usage_error_is_key_problem     (const GError *error);
/* A refresh that failed because the service could not be reached. */
gboolean    cutout_usage_error_is_network_problem (const GError *error);
/* What the user reads about a failure: the two common cases in plain
 * words, anything else in the service's own wording. */
const char *cutout_usage_error_describe          (const GError *error);

G_END_DECLS
