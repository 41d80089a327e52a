/* cutout-chart-layer.c — one drawing layer of CutoutChart
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cutout-chart.h"
#include "cutout-chart-layer.h"

#define DASH_LENGTH  6.0
#define DASH_GAP     4.0
#define LABEL_GAP    6.0
#define SLOT_RADIUS  6.0
#define FOCUS_WIDTH  2.0

struct _CutoutChartLayer
{
  GtkWidget            parent_instance;

  CutoutChartLayerKind kind;
};

G_DEFINE_FINAL_TYPE (CutoutChartLayer, cutout_chart_layer, GTK_TYPE_WIDGET)

static const char *const kind_classes[] = {
  [CUTOUT_CHART_LAYER_SELECTION] = "selection",
  [CUTOUT_CHART_LAYER_APP] = "app",
  [CUTOUT_CHART_LAYER_API] = "api",
  [CUTOUT_CHART_LAYER_REFERENCE] = "reference",
  [CUTOUT_CHART_LAYER_AXIS] = "axis",
};

/* Helpers */

static CutoutChart *
get_chart (CutoutChartLayer *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return CUTOUT_IS_CHART (parent) ? CUTOUT_CHART (parent) : NULL;
}

static guint
count_bars (CutoutChart *chart)
{
  GListModel *model = cutout_chart_get_model (chart);

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

/* One device pixel is the thinnest crisp line; at scale 1 that is one
 * logical pixel, at scale 2 still one logical pixel (two device ones) so
 * lines keep their weight. */
static double
line_width (CutoutChartLayer *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return MAX (1.0, round (scale * 1.0)) / scale;
}

static void
append_slot (GtkSnapshot           *snapshot,
             const graphene_rect_t *slot,
             const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, slot, SLOT_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, slot);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_selection (CutoutChartLayer *self,
                    CutoutChart      *chart,
                    GtkSnapshot      *snapshot,
                    double            width,
                    double            height,
                    const GdkRGBA    *color)
{
  guint selected = cutout_chart_get_selected (chart);
  guint highlighted = cutout_chart_get_highlighted (chart);
  guint cursor = cutout_chart_get_cursor (chart);
  graphene_rect_t slot;

  if (cutout_chart_get_slot_rect (chart, selected, width, height, &slot))
    append_slot (snapshot, &slot, color);

  /* The bar under the pointer gets a lighter version of the selection. */
  if (highlighted != selected &&
      cutout_chart_get_slot_rect (chart, highlighted, width, height, &slot))
    {
      GdkRGBA light = *color;

      light.alpha *= 0.5f;
      append_slot (snapshot, &slot, &light);
    }

  if (gtk_widget_has_visible_focus (GTK_WIDGET (chart)) &&
      cutout_chart_get_slot_rect (chart, cursor, width, height, &slot))
    {
      GdkRGBA ring = *color;
      GskRoundedRect rounded;
      const float widths[4] = { FOCUS_WIDTH, FOCUS_WIDTH, FOCUS_WIDTH, FOCUS_WIDTH };
      GdkRGBA colors[4];

      /* The ring uses the selection's hue at full strength. */
      ring.alpha = 1.0f;
      for (guint i = 0; i < 4; i++)
        colors[i] = ring;
      gsk_rounded_rect_init_from_rect (&rounded, &slot, SLOT_RADIUS);
      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
}

static void
snapshot_bars (CutoutChartLayer  *self,
               CutoutChart       *chart,
               CutoutChartSeries  series,
               GtkSnapshot       *snapshot,
               double             width,
               double             height,
               const GdkRGBA     *color)
{
  guint n = count_bars (chart);

  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t bar;

      if (cutout_chart_get_bar_rect (chart, i, series, width, height, &bar) &&
          bar.size.height > 0 && bar.size.width > 0)
        gtk_snapshot_append_color (snapshot, color, &bar);
    }
}

static void
snapshot_reference (CutoutChartLayer *self,
                    CutoutChart      *chart,
                    GtkSnapshot      *snapshot,
                    double            width,
                    double            height,
                    const GdkRGBA    *color)
{
  graphene_rect_t plot;
  double y, thickness = line_width (self);

  if (!cutout_chart_get_reference_y (chart, width, height, &y))
    return;

  /* GTK 4.8 has no stroke nodes, so the dashes are small rectangles; on
   * whole pixels they stay crisp. The line lies just above the level, so
   * a bar that used exactly the included credits touches it. */
  cutout_chart_get_plot_rect (chart, width, height, &plot);
  for (double x = plot.origin.x; x < plot.origin.x + plot.size.width; x += DASH_LENGTH + DASH_GAP)
    {
      double end = MIN (x + DASH_LENGTH, plot.origin.x + plot.size.width);

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (x, y - thickness, end - x, thickness));
    }
}

static void
snapshot_axis (CutoutChartLayer *self,
               CutoutChart      *chart,
               GtkSnapshot      *snapshot,
               double            width,
               double            height,
               const GdkRGBA    *color)
{
  GListModel *model = cutout_chart_get_model (chart);
  guint n = count_bars (chart);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GPtrArray) layouts = NULL;
  graphene_rect_t plot;
  double slot_width, bottom;
  int widest = 0;
  guint step;

  cutout_chart_get_plot_rect (chart, width, height, &plot);
  bottom = plot.origin.y + plot.size.height;
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (plot.origin.x, bottom,
                                                  plot.size.width, line_width (self)));
  if (n == 0)
    return;

  /* The month each cycle started in, under its bar; when the columns are
   * too narrow, only every step-th label is drawn, always including the
   * newest. */
  layouts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (model, i);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (cutout_billing_cycle_get_period_start (cycle));
      g_autofree char *text = start != NULL ? g_date_time_format (start, "%b") : g_strdup ("");
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      int label_width;

      pango_layout_get_pixel_size (layout, &label_width, NULL);
      widest = MAX (widest, label_width);
      g_ptr_array_add (layouts, layout);
    }

  slot_width = plot.size.width / n;
  step = slot_width > 0 ? (guint) ceil ((widest + LABEL_GAP) / slot_width) : n;
  step = MAX (step, 1);

  for (guint i = 0; i < n; i += step)
    {
      PangoLayout *layout = g_ptr_array_index (layouts, i);
      graphene_rect_t slot;
      int label_width;
      double x;

      if (!cutout_chart_get_slot_rect (chart, i, width, height, &slot))
        continue;

      pango_layout_get_pixel_size (layout, &label_width, NULL);
      x = slot.origin.x + (slot.size.width - label_width) / 2;
      x = CLAMP (x, 0, MAX (width - label_width, 0));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (round (x * scale) / scale,
                                                    round ((bottom + 4) * scale) / scale));
      gtk_snapshot_append_layout (snapshot, layout, color);
      gtk_snapshot_restore (snapshot);
    }
}

/* GtkWidget */

static void
cutout_chart_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  CutoutChartLayer *self = CUTOUT_CHART_LAYER (widget);
  CutoutChart *chart = get_chart (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA color;

  if (chart == NULL || width <= 0 || height <= 0)
    return;

  cutout_chart_layer_get_color (self, &color);

  switch (self->kind)
    {
    case CUTOUT_CHART_LAYER_SELECTION:
      snapshot_selection (self, chart, snapshot, width, height, &color);
      break;
    case CUTOUT_CHART_LAYER_APP:
      snapshot_bars (self, chart, CUTOUT_CHART_SERIES_APP, snapshot, width, height, &color);
      break;
    case CUTOUT_CHART_LAYER_API:
      snapshot_bars (self, chart, CUTOUT_CHART_SERIES_API, snapshot, width, height, &color);
      break;
    case CUTOUT_CHART_LAYER_REFERENCE:
      snapshot_reference (self, chart, snapshot, width, height, &color);
      break;
    case CUTOUT_CHART_LAYER_AXIS:
      snapshot_axis (self, chart, snapshot, width, height, &color);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cutout_chart_layer_class_init (CutoutChartLayerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = cutout_chart_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "layer");
  /* The chart speaks for its layers. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
cutout_chart_layer_init (CutoutChartLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
}

/* Public API */

GtkWidget *
cutout_chart_layer_new (CutoutChartLayerKind kind)
{
  CutoutChartLayer *self;

  g_return_val_if_fail (kind <= CUTOUT_CHART_LAYER_AXIS, NULL);

  self = g_object_new (CUTOUT_TYPE_CHART_LAYER, NULL);
  self->kind = kind;
  gtk_widget_add_css_class (GTK_WIDGET (self), kind_classes[kind]);
  return GTK_WIDGET (self);
}

CutoutChartLayerKind
cutout_chart_layer_get_kind (CutoutChartLayer *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART_LAYER (self), CUTOUT_CHART_LAYER_SELECTION);

  return self->kind;
}

void
cutout_chart_layer_get_color (CutoutChartLayer *self,
                              GdkRGBA          *color)
{
  g_return_if_fail (CUTOUT_IS_CHART_LAYER (self));
  g_return_if_fail (color != NULL);

  /* gtk_widget_get_color() is GTK 4.10; on 4.8 the style context is the
   * way to read the CSS color. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
}
