/* cutout-chart-layer.h — one drawing layer of CutoutChart
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a layer draws. The chart stacks them in this order, so the
 * selection is behind the bars and the reference line above them. */
typedef enum
{
  CUTOUT_CHART_LAYER_SELECTION, /* the selected and highlighted columns, the focus ring */
  CUTOUT_CHART_LAYER_APP,       /* the web app's part of each bar */
  CUTOUT_CHART_LAYER_API,       /* the API keys' part, stacked on the app's */
  CUTOUT_CHART_LAYER_REFERENCE, /* the included credits as a dashed line */
  CUTOUT_CHART_LAYER_AXIS,      /* the baseline and the month under each bar */
} CutoutChartLayerKind;

#define CUTOUT_TYPE_CHART_LAYER (cutout_chart_layer_get_type ())
G_DECLARE_FINAL_TYPE (CutoutChartLayer, cutout_chart_layer, CUTOUT, CHART_LAYER, GtkWidget)

/* A layer is a child widget of a CutoutChart that covers the whole chart
 * and draws one thing in snapshot(), with the geometry its chart computes
 * and the color of its own CSS node ("layer" with the style class "app",
 * "api", "reference", "axis" or "selection"), so themes and the dark
 * style decide the colors. Layers take no input: the chart does. */
GtkWidget            *cutout_chart_layer_new        (CutoutChartLayerKind  kind);
CutoutChartLayerKind  cutout_chart_layer_get_kind   (CutoutChartLayer     *self);
/* The CSS color of the layer. */
void                  cutout_chart_layer_get_color  (CutoutChartLayer     *self,
                                                     GdkRGBA              *color);

G_END_DECLS
