/* cutout-credits-bar.c — the period's credits as one segmented bar
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cutout-credits-bar.h"
#include "cutout-usage-format.h"

#define GAP     4
#define RADIUS  4.0
#define HEIGHT 14

enum { SEGMENT_APP, SEGMENT_API, SEGMENT_REMAINING, SEGMENT_PREPAID, N_SEGMENTS };

struct _CutoutCreditsBar
{
  GtkWidget  parent_instance;

  /* Owned */
  GtkWidget *segments[N_SEGMENTS];
  gint64     counts[N_SEGMENTS];
};

G_DEFINE_FINAL_TYPE (CutoutCreditsBar, cutout_credits_bar, GTK_TYPE_WIDGET)

static const char *const segment_classes[N_SEGMENTS] = { "app", "api", "remaining", "prepaid" };

static const char bar_css[] =
  "creditsbar > segment.app { background-color: @warning_color; }\n"
  "creditsbar > segment.api { background-color: @accent_color; }\n"
  "creditsbar > segment.remaining { background-color: alpha(@window_fg_color, 0.15); }\n"
  "creditsbar > segment.prepaid { background-color: @success_color; }\n";

static void
ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "cutout-credits-bar-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, bar_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "cutout-credits-bar-css",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
update_description (CutoutCreditsBar *self)
{
  g_autofree char *used = cutout_format_split (self->counts[SEGMENT_APP], self->counts[SEGMENT_API]);
  g_autofree char *remaining = cutout_format_count (self->counts[SEGMENT_REMAINING]);
  g_autofree char *prepaid = cutout_format_count (self->counts[SEGMENT_PREPAID]);
  /* Translators: what the credits bar shows, for screen readers. */
  g_autofree char *text = g_strdup_printf (_("This period: %s; %s included credits remaining; %s prepaid credits."),
                                           used, remaining, prepaid);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* GtkWidget */

static void
cutout_credits_bar_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 4 * GAP : HEIGHT;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : HEIGHT;
}

static void
cutout_credits_bar_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  CutoutCreditsBar *self = CUTOUT_CREDITS_BAR (widget);
  gint64 included = self->counts[SEGMENT_APP] + self->counts[SEGMENT_API] + self->counts[SEGMENT_REMAINING];
  gint64 total = included + self->counts[SEGMENT_PREPAID];
  int usable = included > 0 && self->counts[SEGMENT_PREPAID] > 0 ? width - GAP : width;
  gint64 before = 0;
  int x = 0;

  /* Edges on whole pixels: each is rounded from the running sum, so the
   * segments add up to the bar without gaps. */
  for (guint i = 0; i < N_SEGMENTS; i++)
    {
      int end;

      before += self->counts[i];
      end = total > 0 ? (int) round (usable * (double) before / total) : (i == SEGMENT_REMAINING ? width : 0);
      if (i == SEGMENT_PREPAID && included > 0 && self->counts[i] > 0)
        {
          x += GAP;
          end = width;
        }
      gtk_widget_set_child_visible (self->segments[i], end > x);
      if (end > x)
        gtk_widget_allocate (self->segments[i], end - x, height, -1,
                             gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, 0)));
      x = MAX (x, end);
    }
}

static void
snapshot_group (CutoutCreditsBar *self,
                GtkSnapshot      *snapshot,
                guint             first,
                guint             last)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean any = FALSE;
  GskRoundedRect clip;

  for (guint i = first; i <= last; i++)
    {
      graphene_rect_t rect;

      if (!cutout_credits_bar_get_segment (self, segment_classes[i], &rect))
        continue;
      if (any)
        graphene_rect_union (&bounds, &rect, &bounds);
      else
        bounds = rect;
      any = TRUE;
    }
  if (!any)
    return;

  /* One rounded shape per group, however many segments it has. */
  gsk_rounded_rect_init_from_rect (&clip, &bounds, MIN (RADIUS, bounds.size.height / 2));
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  for (guint i = first; i <= last; i++)
    gtk_widget_snapshot_child (GTK_WIDGET (self), self->segments[i], snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
cutout_credits_bar_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  CutoutCreditsBar *self = CUTOUT_CREDITS_BAR (widget);

  snapshot_group (self, snapshot, SEGMENT_APP, SEGMENT_REMAINING);
  snapshot_group (self, snapshot, SEGMENT_PREPAID, SEGMENT_PREPAID);
}

/* GObject */

static void
cutout_credits_bar_dispose (GObject *object)
{
  CutoutCreditsBar *self = CUTOUT_CREDITS_BAR (object);

  for (guint i = 0; i < N_SEGMENTS; i++)
    g_clear_pointer (&self->segments[i], gtk_widget_unparent);

  G_OBJECT_CLASS (cutout_credits_bar_parent_class)->dispose (object);
}

static void
cutout_credits_bar_class_init (CutoutCreditsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_credits_bar_dispose;

  widget_class->measure = cutout_credits_bar_measure;
  widget_class->size_allocate = cutout_credits_bar_size_allocate;
  widget_class->snapshot = cutout_credits_bar_snapshot;

  gtk_widget_class_set_css_name (widget_class, "creditsbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cutout_credits_bar_init (CutoutCreditsBar *self)
{
  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));

  for (guint i = 0; i < N_SEGMENTS; i++)
    {
      /* A plain box is the simplest widget that draws its CSS background. */
      self->segments[i] = g_object_new (GTK_TYPE_BOX,
                                        "css-name", "segment",
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                        NULL);
      gtk_widget_add_css_class (self->segments[i], segment_classes[i]);
      gtk_widget_set_parent (self->segments[i], GTK_WIDGET (self));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Credits this period"),
                                  -1);
  update_description (self);
}

/* Public API */

GtkWidget *
cutout_credits_bar_new (void)
{
  return g_object_new (CUTOUT_TYPE_CREDITS_BAR, NULL);
}

void
cutout_credits_bar_set_figures (CutoutCreditsBar *self,
                                gint64            app_used,
                                gint64            api_used,
                                gint64            remaining,
                                gint64            prepaid)
{
  g_return_if_fail (CUTOUT_IS_CREDITS_BAR (self));

  self->counts[SEGMENT_APP] = MAX (app_used, 0);
  self->counts[SEGMENT_API] = MAX (api_used, 0);
  self->counts[SEGMENT_REMAINING] = MAX (remaining, 0);
  self->counts[SEGMENT_PREPAID] = MAX (prepaid, 0);
  update_description (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

gboolean
cutout_credits_bar_get_segment (CutoutCreditsBar *self,
                                const char       *css_class,
                                graphene_rect_t  *rect)
{
  g_return_val_if_fail (CUTOUT_IS_CREDITS_BAR (self), FALSE);
  g_return_val_if_fail (css_class != NULL && rect != NULL, FALSE);

  for (guint i = 0; i < N_SEGMENTS; i++)
    if (g_str_equal (css_class, segment_classes[i]))
      return gtk_widget_get_child_visible (self->segments[i]) &&
             gtk_widget_get_width (self->segments[i]) > 0 &&
             gtk_widget_compute_bounds (self->segments[i], GTK_WIDGET (self), rect);
  return FALSE;
}
