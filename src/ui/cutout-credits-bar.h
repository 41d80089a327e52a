/* cutout-credits-bar.h — the period's credits as one segmented bar
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_CREDITS_BAR (cutout_credits_bar_get_type ())
G_DECLARE_FINAL_TYPE (CutoutCreditsBar, cutout_credits_bar, CUTOUT, CREDITS_BAR, GtkWidget)

/* The included credits as segments (used by the web app, used by API
 * keys, remaining) and the prepaid credits beside them after a gap, each
 * width proportional to its count. The segments are child nodes
 * "creditsbar > segment" with the style classes "app", "api",
 * "remaining" and "prepaid", so their colors come from CSS (the Usage
 * page's legend uses the same classes). For screen readers the bar
 * describes the same figures in words. */
GtkWidget *cutout_credits_bar_new          (void);
void       cutout_credits_bar_set_figures  (CutoutCreditsBar *self,
                                            gint64            app_used,
                                            gint64            api_used,
                                            gint64            remaining,
                                            gint64            prepaid);
/* The allocated segment of a style class ("app", "api", "remaining",
 * "prepaid") in the bar's coordinates; FALSE when it has no width. */
gboolean   cutout_credits_bar_get_segment  (CutoutCreditsBar *self,
                                            const char       *css_class,
                                            graphene_rect_t  *rect);

G_END_DECLS
