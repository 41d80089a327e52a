/* cutout-chart.c — a bar chart of usage per billing cycle, made of layers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cutout-chart.h"
#include "cutout-chart-layer.h"
#include "cutout-usage-format.h"

/* Room around the plot: above it for the reference line when it is the
 * highest thing, below it for the month labels. Fixed rather than taken
 * from the font, so the geometry of a size is the same everywhere (tests
 * check it). */
#define PAD_TOP    12.0
#define PAD_BOTTOM 24.0
#define PAD_SIDE    4.0
/* A bar takes this share of its column, within these bounds. */
#define BAR_SHARE   0.62
#define BAR_MIN     2.0
#define BAR_MAX    56.0

struct _CutoutChart
{
  GtkWidget   parent_instance;

  /* Owned */
  GListModel *model;
  GPtrArray  *layers;     /* CutoutChartLayer, bottom to top */
  gint64      included_credits;
  gint64      scale_max;  /* cached: see cutout_chart_get_scale_max() */
  guint       selected;
  guint       cursor;
  guint       hover;
  guint       highlighted;
};

G_DEFINE_FINAL_TYPE (CutoutChart, cutout_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_INCLUDED_CREDITS,
  PROP_SELECTED,
  PROP_HIGHLIGHTED,
  N_PROPS
};

enum {
  SIGNAL_BAR_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The colors are the style's named colors, so they follow the dark style
 * and high contrast; API usage gets the accent color, the web app the
 * second one. */
static const char chart_css[] =
  "chart > layer.app { color: @warning_color; }\n"
  "chart > layer.api { color: @accent_color; }\n"
  "chart > layer.reference { color: alpha(@window_fg_color, 0.75); }\n"
  "chart > layer.axis { color: alpha(@window_fg_color, 0.6); font-size: smaller; }\n"
  "chart > layer.selection { color: alpha(@accent_color, 0.14); }\n";

static void
ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "cutout-chart-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, chart_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "cutout-chart-css",
                          g_steal_pointer (&provider), g_object_unref);
}

/* Helpers */

static guint
n_bars (CutoutChart *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static double
snap (CutoutChart *self,
      double       value)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return round (value * scale) / scale;
}

static void
redraw (CutoutChart *self)
{
  for (guint i = 0; i < self->layers->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (self->layers, i));
}

static void
update_scale_max (CutoutChart *self)
{
  gint64 max = MAX (self->included_credits, 1);
  guint n = n_bars (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (self->model, i);

      max = MAX (max, cutout_billing_cycle_get_app_usage (cycle) +
                      cutout_billing_cycle_get_api_usage (cycle));
    }
  self->scale_max = max;
}

static void
update_accessible_description (CutoutChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = n_bars (self);

  if (n == 0)
    g_string_append (text, _("No billing cycles yet."));
  else
    /* Translators: the start of the chart's description for screen
     * readers, followed by one entry per billing cycle. */
    g_string_append (text, _("From the oldest to the newest billing cycle:"));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (self->model, i - 1);
      g_autofree char *entry = cutout_format_cycle (cycle);

      g_string_append_printf (text, " %s.", entry);
    }

  if (self->included_credits > 0 && n > 0)
    {
      g_autofree char *count = cutout_format_count (self->included_credits);

      g_string_append_c (text, ' ');
      /* Translators: the dashed line of the usage chart. */
      g_string_append_printf (text, _("Included credits per cycle: %s."), count);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
update_highlighted (CutoutChart *self)
{
  guint highlighted = GTK_INVALID_LIST_POSITION;

  if (self->hover != GTK_INVALID_LIST_POSITION)
    highlighted = self->hover;
  else if (gtk_widget_is_focus (GTK_WIDGET (self)))
    highlighted = self->cursor;

  if (highlighted == self->highlighted)
    return;

  self->highlighted = highlighted;
  redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
}

static void
set_cursor (CutoutChart *self,
            guint        position)
{
  self->cursor = position;
  redraw (self);
  update_highlighted (self);
}

/* Keeps a position pointing at the same cycle across an items-changed. */
static guint
adjust_position (guint position,
                 guint changed_at,
                 guint removed,
                 guint added)
{
  if (position == GTK_INVALID_LIST_POSITION || position < changed_at)
    return position;
  if (position < changed_at + removed)
    return GTK_INVALID_LIST_POSITION;
  return position - removed + added;
}

static void
activate_bar (CutoutChart *self,
              guint        position)
{
  if (position >= n_bars (self))
    return;

  cutout_chart_set_selected (self, position);
  g_signal_emit (self, signals[SIGNAL_BAR_ACTIVATED], 0, position);
}

/* Callbacks */

static void
items_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  CutoutChart *self)
{
  guint selected = adjust_position (self->selected, position, removed, added);

  self->cursor = adjust_position (self->cursor, position, removed, added);
  self->hover = GTK_INVALID_LIST_POSITION;
  update_scale_max (self);
  update_accessible_description (self);
  if (selected != self->selected)
    {
      self->selected = selected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  update_highlighted (self);
  redraw (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CutoutChart              *self)
{
  guint position = cutout_chart_get_position_at (self, x,
                                                 gtk_widget_get_width (GTK_WIDGET (self)),
                                                 gtk_widget_get_height (GTK_WIDGET (self)));

  if (position == self->hover)
    return;
  self->hover = position;
  update_highlighted (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          CutoutChart              *self)
{
  self->hover = GTK_INVALID_LIST_POSITION;
  update_highlighted (self);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             CutoutChart     *self)
{
  guint position = cutout_chart_get_position_at (self, x,
                                                 gtk_widget_get_width (GTK_WIDGET (self)),
                                                 gtk_widget_get_height (GTK_WIDGET (self)));

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_cursor (self, position);
  activate_bar (self, position);
}

static void
focus_changed_cb (GtkEventControllerFocus *controller,
                  CutoutChart             *self)
{
  /* Entering with the keyboard starts on the selected bar, or the newest. */
  if (gtk_widget_is_focus (GTK_WIDGET (self)) &&
      self->cursor == GTK_INVALID_LIST_POSITION && n_bars (self) > 0)
    self->cursor = self->selected != GTK_INVALID_LIST_POSITION ? self->selected : 0;
  update_highlighted (self);
  redraw (self);
}

static gboolean
query_tooltip_cb (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip,
                  CutoutChart *self)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(CutoutBillingCycle) cycle = NULL;
  g_autofree char *text = NULL;
  graphene_rect_t slot;
  guint position;

  position = keyboard_mode ? self->cursor : cutout_chart_get_position_at (self, x, width, height);
  if (position >= n_bars (self))
    return FALSE;

  cycle = g_list_model_get_item (self->model, position);
  text = cutout_format_cycle (cycle);
  gtk_tooltip_set_text (tooltip, text);

  /* The tooltip is asked again when the pointer leaves this bar's column. */
  if (cutout_chart_get_slot_rect (self, position, width, height, &slot))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                                (int) floor (slot.origin.x), 0,
                                (int) ceil (slot.size.width), height });
  return TRUE;
}

/* Actions */

static void
move_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CutoutChart *self = CUTOUT_CHART (widget);
  guint n = n_bars (self);
  guint position = self->cursor;

  if (n == 0)
    return;

  /* Position 0 is the newest cycle, drawn rightmost. */
  if (g_str_equal (action_name, "chart.older"))
    position = position == GTK_INVALID_LIST_POSITION ? 0 : MIN (position + 1, n - 1);
  else if (g_str_equal (action_name, "chart.newer"))
    position = position == GTK_INVALID_LIST_POSITION || position == 0 ? 0 : position - 1;
  else if (g_str_equal (action_name, "chart.oldest"))
    position = n - 1;
  else
    position = 0;

  set_cursor (self, position);
}

static void
activate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CutoutChart *self = CUTOUT_CHART (widget);

  activate_bar (self, self->cursor);
}

/* GtkWidget */

static void
cutout_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = 140;
      *natural = 200;
    }
}

static void
cutout_chart_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  CutoutChart *self = CUTOUT_CHART (widget);

  /* Every layer covers the whole chart. */
  for (guint i = 0; i < self->layers->len; i++)
    gtk_widget_allocate (g_ptr_array_index (self->layers, i), width, height, baseline, NULL);
}

static void
cutout_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CutoutChart *self = CUTOUT_CHART (widget);

  for (guint i = 0; i < self->layers->len; i++)
    gtk_widget_snapshot_child (widget, g_ptr_array_index (self->layers, i), snapshot);
}

static void
cutout_chart_state_flags_changed (GtkWidget     *widget,
                                  GtkStateFlags  previous)
{
  /* The focus ring is drawn by a layer, which has to know about
   * :focus-visible changes of the chart. */
  redraw (CUTOUT_CHART (widget));

  GTK_WIDGET_CLASS (cutout_chart_parent_class)->state_flags_changed (widget, previous);
}

/* GObject */

static void
cutout_chart_dispose (GObject *object)
{
  CutoutChart *self = CUTOUT_CHART (object);

  cutout_chart_set_model (self, NULL);
  for (guint i = 0; i < self->layers->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->layers, i));
  g_ptr_array_set_size (self->layers, 0);

  G_OBJECT_CLASS (cutout_chart_parent_class)->dispose (object);
}

static void
cutout_chart_finalize (GObject *object)
{
  CutoutChart *self = CUTOUT_CHART (object);

  g_ptr_array_unref (self->layers);

  G_OBJECT_CLASS (cutout_chart_parent_class)->finalize (object);
}

static void
cutout_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CutoutChart *self = CUTOUT_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_INCLUDED_CREDITS:
      g_value_set_int64 (value, self->included_credits);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_HIGHLIGHTED:
      g_value_set_uint (value, self->highlighted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CutoutChart *self = CUTOUT_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      cutout_chart_set_model (self, g_value_get_object (value));
      break;
    case PROP_INCLUDED_CREDITS:
      cutout_chart_set_included_credits (self, g_value_get_int64 (value));
      break;
    case PROP_SELECTED:
      cutout_chart_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_chart_class_init (CutoutChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_chart_dispose;
  object_class->finalize = cutout_chart_finalize;
  object_class->get_property = cutout_chart_get_property;
  object_class->set_property = cutout_chart_set_property;

  widget_class->measure = cutout_chart_measure;
  widget_class->size_allocate = cutout_chart_size_allocate;
  widget_class->snapshot = cutout_chart_snapshot;
  widget_class->state_flags_changed = cutout_chart_state_flags_changed;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCLUDED_CREDITS] =
    g_param_spec_int64 ("included-credits", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHTED] =
    g_param_spec_uint ("highlighted", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_BAR_ACTIVATED] =
    g_signal_new ("bar-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "chart.older", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.newer", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.oldest", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.newest", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.activate-bar", NULL, activate_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.older", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "chart.older", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.newer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "chart.newer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.oldest", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.newest", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-bar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-bar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-bar", NULL);
}

static void
cutout_chart_init (CutoutChart *self)
{
  static const CutoutChartLayerKind kinds[] = {
    CUTOUT_CHART_LAYER_SELECTION,
    CUTOUT_CHART_LAYER_APP,
    CUTOUT_CHART_LAYER_API,
    CUTOUT_CHART_LAYER_REFERENCE,
    CUTOUT_CHART_LAYER_AXIS,
  };
  GtkEventController *controller;

  self->selected = GTK_INVALID_LIST_POSITION;
  self->cursor = GTK_INVALID_LIST_POSITION;
  self->hover = GTK_INVALID_LIST_POSITION;
  self->highlighted = GTK_INVALID_LIST_POSITION;
  self->scale_max = 1;
  self->layers = g_ptr_array_new ();

  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *layer = cutout_chart_layer_new (kinds[i]);

      gtk_widget_set_parent (layer, GTK_WIDGET (self));
      g_ptr_array_add (self->layers, layer);
    }

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Usage per billing cycle"),
                                  -1);
  update_accessible_description (self);
}

/* Public API */

GtkWidget *
cutout_chart_new (void)
{
  return g_object_new (CUTOUT_TYPE_CHART, NULL);
}

GListModel *
cutout_chart_get_model (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), NULL);

  return self->model;
}

void
cutout_chart_set_model (CutoutChart *self,
                        GListModel  *model)
{
  g_return_if_fail (CUTOUT_IS_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (items_changed_cb), self, 0);

  self->selected = GTK_INVALID_LIST_POSITION;
  self->cursor = GTK_INVALID_LIST_POSITION;
  self->hover = GTK_INVALID_LIST_POSITION;
  update_scale_max (self);
  update_accessible_description (self);
  update_highlighted (self);
  redraw (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

gint64
cutout_chart_get_included_credits (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), 0);

  return self->included_credits;
}

void
cutout_chart_set_included_credits (CutoutChart *self,
                                   gint64       included_credits)
{
  g_return_if_fail (CUTOUT_IS_CHART (self));

  included_credits = MAX (included_credits, 0);
  if (self->included_credits == included_credits)
    return;

  self->included_credits = included_credits;
  update_scale_max (self);
  update_accessible_description (self);
  redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDED_CREDITS]);
}

guint
cutout_chart_get_selected (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}

void
cutout_chart_set_selected (CutoutChart *self,
                           guint        position)
{
  g_return_if_fail (CUTOUT_IS_CHART (self));

  if (position >= n_bars (self))
    position = GTK_INVALID_LIST_POSITION;
  if (self->selected == position)
    return;

  self->selected = position;
  if (position != GTK_INVALID_LIST_POSITION)
    self->cursor = position;
  update_highlighted (self);
  redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
cutout_chart_get_highlighted (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), GTK_INVALID_LIST_POSITION);

  return self->highlighted;
}

guint
cutout_chart_get_cursor (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), GTK_INVALID_LIST_POSITION);

  return self->cursor;
}

void
cutout_chart_get_plot_rect (CutoutChart     *self,
                            double           width,
                            double           height,
                            graphene_rect_t *rect)
{
  double x0, y0, x1, y1;

  g_return_if_fail (CUTOUT_IS_CHART (self));
  g_return_if_fail (rect != NULL);

  x0 = snap (self, PAD_SIDE);
  y0 = snap (self, PAD_TOP);
  x1 = snap (self, MAX (width - PAD_SIDE, PAD_SIDE));
  y1 = snap (self, MAX (height - PAD_BOTTOM, PAD_TOP));
  graphene_rect_init (rect, x0, y0, x1 - x0, y1 - y0);
}

gint64
cutout_chart_get_scale_max (CutoutChart *self)
{
  g_return_val_if_fail (CUTOUT_IS_CHART (self), 1);

  return self->scale_max;
}

/* The unsnapped left edge and width of a bar's column. */
static gboolean
get_slot (CutoutChart           *self,
          guint                  position,
          const graphene_rect_t *plot,
          double                *x,
          double                *width)
{
  guint n = n_bars (self);

  if (position >= n)
    return FALSE;

  /* The newest cycle (position 0) takes the rightmost column. */
  *width = plot->size.width / n;
  *x = plot->origin.x + (n - 1 - position) * *width;
  return TRUE;
}

gboolean
cutout_chart_get_slot_rect (CutoutChart     *self,
                            guint            position,
                            double           width,
                            double           height,
                            graphene_rect_t *rect)
{
  graphene_rect_t plot;
  double x, w, x0, x1;

  g_return_val_if_fail (CUTOUT_IS_CHART (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  cutout_chart_get_plot_rect (self, width, height, &plot);
  if (!get_slot (self, position, &plot, &x, &w))
    return FALSE;

  x0 = snap (self, x);
  x1 = snap (self, x + w);
  graphene_rect_init (rect, x0, plot.origin.y, x1 - x0, plot.size.height);
  return TRUE;
}

gboolean
cutout_chart_get_bar_rect (CutoutChart       *self,
                           guint              position,
                           CutoutChartSeries  series,
                           double             width,
                           double             height,
                           graphene_rect_t   *rect)
{
  g_autoptr(CutoutBillingCycle) cycle = NULL;
  graphene_rect_t plot;
  double x, w, bar_w, bottom, app_top, api_top, x0, x1, y0, y1;

  g_return_val_if_fail (CUTOUT_IS_CHART (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  cutout_chart_get_plot_rect (self, width, height, &plot);
  if (!get_slot (self, position, &plot, &x, &w))
    return FALSE;

  cycle = g_list_model_get_item (self->model, position);
  bar_w = CLAMP (w * BAR_SHARE, MIN (BAR_MIN, w), BAR_MAX);
  x0 = snap (self, x + (w - bar_w) / 2);
  x1 = snap (self, x + (w + bar_w) / 2);

  /* The edges are computed before snapping and each is snapped once, so
   * the API part sits exactly on the app part without a gap or overlap. */
  bottom = plot.origin.y + plot.size.height;
  app_top = bottom - plot.size.height * cutout_billing_cycle_get_app_usage (cycle) / (double) self->scale_max;
  api_top = app_top - plot.size.height * cutout_billing_cycle_get_api_usage (cycle) / (double) self->scale_max;

  if (series == CUTOUT_CHART_SERIES_APP)
    {
      y0 = snap (self, app_top);
      y1 = snap (self, bottom);
    }
  else
    {
      y0 = snap (self, api_top);
      y1 = snap (self, app_top);
    }

  graphene_rect_init (rect, x0, y0, x1 - x0, y1 - y0);
  return TRUE;
}

gboolean
cutout_chart_get_reference_y (CutoutChart *self,
                              double       width,
                              double       height,
                              double      *y)
{
  graphene_rect_t plot;

  g_return_val_if_fail (CUTOUT_IS_CHART (self), FALSE);
  g_return_val_if_fail (y != NULL, FALSE);

  if (self->included_credits <= 0 || n_bars (self) == 0)
    return FALSE;

  cutout_chart_get_plot_rect (self, width, height, &plot);
  *y = snap (self, plot.origin.y + plot.size.height -
                   plot.size.height * self->included_credits / (double) self->scale_max);
  return TRUE;
}

guint
cutout_chart_get_position_at (CutoutChart *self,
                              double       x,
                              double       width,
                              double       height)
{
  graphene_rect_t plot;
  guint n, column;

  g_return_val_if_fail (CUTOUT_IS_CHART (self), GTK_INVALID_LIST_POSITION);

  n = n_bars (self);
  cutout_chart_get_plot_rect (self, width, height, &plot);
  if (n == 0 || plot.size.width <= 0 || x < plot.origin.x || x >= plot.origin.x + plot.size.width)
    return GTK_INVALID_LIST_POSITION;

  column = (guint) ((x - plot.origin.x) / (plot.size.width / n));
  column = MIN (column, n - 1);
  return n - 1 - column;
}

void
cutout_chart_get_series_color (CutoutChart       *self,
                               CutoutChartSeries  series,
                               GdkRGBA           *color)
{
  CutoutChartLayerKind kind = series == CUTOUT_CHART_SERIES_APP ? CUTOUT_CHART_LAYER_APP
                                                                : CUTOUT_CHART_LAYER_API;

  g_return_if_fail (CUTOUT_IS_CHART (self));
  g_return_if_fail (color != NULL);

  for (guint i = 0; i < self->layers->len; i++)
    {
      CutoutChartLayer *layer = g_ptr_array_index (self->layers, i);

      if (cutout_chart_layer_get_kind (layer) == kind)
        {
          cutout_chart_layer_get_color (layer, color);
          return;
        }
    }
  *color = (GdkRGBA) { 0, 0, 0, 1 };
}
