/* cutout-chart.h — a bar chart of usage per billing cycle, made of layers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-usage.h"

G_BEGIN_DECLS

/* The two stacked parts of a bar: the web app's usage at the bottom and
 * the API keys' usage on top of it. */
typedef enum
{
  CUTOUT_CHART_SERIES_APP,
  CUTOUT_CHART_SERIES_API,
} CutoutChartSeries;

#define CUTOUT_TYPE_CHART (cutout_chart_get_type ())
G_DECLARE_FINAL_TYPE (CutoutChart, cutout_chart, CUTOUT, CHART, GtkWidget)

/* A chart of a GListModel of CutoutBillingCycle given newest first (as
 * the context has them), drawn oldest on the left and newest on the
 * right. Each cycle is one bar: app usage at the bottom, API usage
 * stacked on top; the plan's included credits are a dashed reference
 * line. The drawing is done by layer children (CutoutChartLayer), each
 * of which asks the chart for the geometry below; the chart itself only
 * lays them out on top of each other and handles input.
 *
 * Positions are positions in the model (0 = newest = rightmost bar).
 *
 * Properties: model (GListModel, nullable), included-credits (gint64, 0 =
 * no reference line), selected (guint, GTK_INVALID_LIST_POSITION = none),
 * highlighted (guint, read-only: the bar under the pointer, or the bar
 * with the keyboard cursor while the chart has the focus).
 * Signal "bar-activated" (guint position): a bar was clicked, or Enter or
 * Space was pressed on it; it is then also the selected bar. */
GtkWidget          *cutout_chart_new                (void);

GListModel         *cutout_chart_get_model          (CutoutChart        *self);
void                cutout_chart_set_model          (CutoutChart        *self,
                                                     GListModel         *model);
gint64              cutout_chart_get_included_credits (CutoutChart      *self);
void                cutout_chart_set_included_credits (CutoutChart      *self,
                                                       gint64            included_credits);
guint               cutout_chart_get_selected       (CutoutChart        *self);
void                cutout_chart_set_selected       (CutoutChart        *self,
                                                     guint               position);
guint               cutout_chart_get_highlighted    (CutoutChart        *self);
/* The keyboard cursor (the bar Enter activates); follows the selection. */
guint               cutout_chart_get_cursor         (CutoutChart        *self);

/* Geometry, for a chart of @width × @height (in the widget's coordinates,
 * edges aligned to device pixels at the widget's scale factor). */
void                cutout_chart_get_plot_rect      (CutoutChart        *self,
                                                     double              width,
                                                     double              height,
                                                     graphene_rect_t    *rect);
/* The value at the top of the plot area: the largest of the cycles'
 * totals and the included credits (at least 1). */
gint64              cutout_chart_get_scale_max      (CutoutChart        *self);
/* The rectangle of one series of the bar at @position; FALSE when
 * @position is out of range. A series with no usage has a height of 0. */
gboolean            cutout_chart_get_bar_rect       (CutoutChart        *self,
                                                     guint               position,
                                                     CutoutChartSeries   series,
                                                     double              width,
                                                     double              height,
                                                     graphene_rect_t    *rect);
/* The whole column of a bar (its share of the width, full height), the
 * area that reacts to the pointer and shows the selection. */
gboolean            cutout_chart_get_slot_rect      (CutoutChart        *self,
                                                     guint               position,
                                                     double              width,
                                                     double              height,
                                                     graphene_rect_t    *rect);
/* The y of the included credits' level; FALSE when there is no line
 * (included-credits is 0 or there are no cycles). */
gboolean            cutout_chart_get_reference_y    (CutoutChart        *self,
                                                     double              width,
                                                     double              height,
                                                     double             *y);
/* The bar whose column contains @x, or GTK_INVALID_LIST_POSITION. */
guint               cutout_chart_get_position_at    (CutoutChart        *self,
                                                     double              x,
                                                     double              width,
                                                     double              height);
/* The color a series is drawn in, from the style (so dark style works). */
void                cutout_chart_get_series_color   (CutoutChart        *self,
                                                     CutoutChartSeries   series,
                                                     GdkRGBA            *color);

G_END_DECLS
