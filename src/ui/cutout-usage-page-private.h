/* cutout-usage-page-private.h — what the Usage page's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-chart.h"
#include "cutout-credits-bar.h"
#include "cutout-usage-page.h"

G_BEGIN_DECLS

struct _CutoutUsagePage
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkWidget      *status_spinner;
  GtkWidget      *status_key_button;
  GtkWidget      *status_retry_button;
  GtkInfoBar     *error_bar;
  GtkLabel       *error_label;
  GtkWidget      *error_key_button;
  GtkWidget      *error_retry_button;
  GtkLabel       *plan_label;
  GtkSpinner     *spinner;
  GtkWidget      *refresh_button;
  GtkLabel       *period_label;
  GtkLabel       *renews_label;
  GtkLabel       *updated_label;
  GtkWidget      *fallback_label;
  CutoutCreditsBar *credits_bar;
  GtkFlowBox     *credits_legend;
  GtkLabel       *remaining_label;
  GtkLabel       *prepaid_label;
  GtkLabel       *total_label;
  GtkLabel       *used_label;
  GtkLabel       *app_label;
  GtkLabel       *api_label;
  GtkLabel       *included_label;
  GtkWidget      *no_cycles_label;
  CutoutChart    *chart;
  GtkFlowBox     *chart_legend;
  GtkLabel       *highlight_label;
  GtkWidget      *detail_box;
  GtkLabel       *detail_title;
  GtkSpinner     *detail_spinner;
  GtkLabel       *detail_error;
  GtkLabel       *detail_used_label;
  GtkLabel       *detail_app_label;
  GtkLabel       *detail_api_label;
  GtkWidget      *detail_included_row;
  GtkLabel       *detail_included_label;
  GtkWidget      *detail_remaining_row;
  GtkLabel       *detail_remaining_label;
  GtkListBox     *cycles_list;
  GtkLabel       *month_title;
  GtkWidget      *month_previous_button;
  GtkWidget      *month_next_button;
  GtkSpinner     *month_spinner;
  GtkWidget      *month_figures;
  CutoutCreditsBar *month_bar;
  GtkFlowBox     *month_legend;
  GtkLabel       *month_app_label;
  GtkLabel       *month_api_label;
  GtkLabel       *month_total_label;
  GtkLabel       *month_note;
  GtkWidget      *month_error_box;
  GtkLabel       *month_error_label;
  GtkWidget      *month_error_key_button;
  GtkWidget      *month_error_retry_button;

  GtkLabel       *reference_legend_label;

  /* Borrowed */
  GListModel     *cycles;

  /* Owned */
  CutoutContext  *context;
  GCancellable   *period_cancellable;
  gint64          opened_start;     /* the opened cycle's start, or -1 */
  guint           age_source;
  gint64          last_auto_refresh;

  /* The calendar month shown (UTC) and its figures: the context's
   * membership for the current month, else an answer of load_month or
   * the stored one (month_fetched > 0 says when it was fetched). */
  int               month_year;
  int               month_month;
  GCancellable     *month_cancellable;
  CutoutMembership *month_shown;
  gint64            month_fetched;
  GError           *month_error;
};


/* cutout-usage-page.c */
void       cutout_usage_page_set_count          (GtkLabel         *label,
                                                 gint64            count);
/* Adds a swatch of the legend style class @css_class ("app", "api",
 * "remaining", "prepaid", "reference") with @text to @box. */
void       cutout_usage_page_add_legend_item    (GtkFlowBox       *box,
                                                 const char       *css_class,
                                                 const char       *text,
                                                 GtkLabel        **label_out);

/* cutout-usage-page-month.c: the calendar month group. */
void       cutout_usage_page_class_init_month   (GtkWidgetClass   *widget_class);
void       cutout_usage_page_init_month         (CutoutUsagePage  *self);
/* Follows the context's figures (the current month comes with them). */
void       cutout_usage_page_update_month       (CutoutUsagePage  *self);
void       cutout_usage_page_dispose_month      (CutoutUsagePage  *self);

G_END_DECLS
