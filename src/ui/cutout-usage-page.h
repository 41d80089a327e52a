/* cutout-usage-page.h — the Usage page: plan, credits and billing cycles
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_USAGE_PAGE (cutout_usage_page_get_type ())
G_DECLARE_FINAL_TYPE (CutoutUsagePage, cutout_usage_page, CUTOUT, USAGE_PAGE, AdwBin)

/* The account's figures from @context (construct-only "context"
 * property): plan, current period, credits, one calendar month (UTC) at a
 * time, a chart and a list of the billing cycles, each of which can be
 * opened. It refreshes the figures when it is shown and they are older
 * than five minutes, and has a refresh button (action "usage.refresh",
 * Ctrl+R, F5). The calendar month starts at the current one and steps
 * with "usage.previous-month" / "usage.next-month" (Alt+Page Up/Down; no
 * month after the current one); "usage.reload-month" asks again after an
 * error. Key problems offer the application's "app.set-key" action. */
GtkWidget     *cutout_usage_page_new          (CutoutContext   *context);

CutoutContext *cutout_usage_page_get_context  (CutoutUsagePage *self);

G_END_DECLS
