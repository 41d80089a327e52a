/* cutout-usage-page.c — the Usage page: plan, credits and billing cycles (its calendar month: -month.c)
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-chart.h"
#include "cutout-credits-bar.h"
#include "cutout-usage-format.h"
#include "cutout-usage-page-private.h"

/* Figures older than this are refreshed when the page is shown. */
#define STALE_AFTER_USEC     (5 * 60 * G_USEC_PER_SEC)
/* Showing the page again right after a failed refresh does not retry. */
#define AUTO_RETRY_USEC      (60 * G_USEC_PER_SEC)
/* How often "Updated 3 minutes ago" is rewritten while the page is shown. */
#define AGE_TICK_SECONDS     30

G_DEFINE_FINAL_TYPE (CutoutUsagePage, cutout_usage_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The legend swatches share the chart layers' colors (see cutout-chart.c). */
static const char page_css[] =
  ".usage-swatch { min-width: 12px; min-height: 12px; border-radius: 3px; background-color: currentColor; }\n"
  ".usage-swatch.app { color: @warning_color; }\n"
  ".usage-swatch.api { color: @accent_color; }\n"
  ".usage-swatch.remaining { color: alpha(@window_fg_color, 0.15); }\n"
  ".usage-swatch.prepaid { color: @success_color; }\n"
  ".usage-swatch.reference { min-height: 0; min-width: 16px; border-radius: 0; background: none;"
  " border-top: 2px dashed currentColor; color: alpha(@window_fg_color, 0.75); }\n";

static void
ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "cutout-usage-page-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, page_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "cutout-usage-page-css",
                          g_steal_pointer (&provider), g_object_unref);
}

/* Helpers */

void
cutout_usage_page_set_count (GtkLabel *label,
                             gint64    count)
{
  g_autofree char *text = cutout_format_count (count);

  gtk_label_set_text (label, text);
}

void
cutout_usage_page_add_legend_item (GtkFlowBox *box,
                                   const char *css_class,
                                   const char *text,
                                   GtkLabel  **label_out)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (swatch, "usage-swatch");
  gtk_widget_add_css_class (swatch, css_class);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), row);
  /* The legend is read, not operated. */
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_append (box, child);

  if (label_out != NULL)
    *label_out = GTK_LABEL (label);
}

/* Header and credits */

static void
update_age (CutoutUsagePage *self)
{
  gint64 updated = cutout_context_get_usage_updated (self->context);
  const GError *error = cutout_context_get_usage_error (self->context);
  g_autofree char *text = NULL;

  if (updated > 0)
    text = cutout_format_usage_age (updated, g_get_real_time (),
                                    cutout_usage_error_is_network_problem (error));
  gtk_label_set_text (self->updated_label, text != NULL ? text : "");
}

static void
update_error (CutoutUsagePage *self)
{
  const GError *error = cutout_context_get_usage_error (self->context);

  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), error != NULL);
  if (error == NULL)
    return;

  gtk_label_set_text (self->error_label, cutout_usage_error_describe (error));
  gtk_info_bar_set_message_type (self->error_bar,
                                 cutout_usage_error_is_key_problem (error) ? GTK_MESSAGE_ERROR : GTK_MESSAGE_WARNING);
  gtk_widget_set_visible (self->error_key_button, cutout_usage_error_is_key_problem (error));
  gtk_widget_set_visible (self->error_retry_button, !cutout_usage_error_is_key_problem (error));
}

static void
update_header (CutoutUsagePage  *self,
               CutoutMembership *membership)
{
  CutoutBillingCycle *cycle = cutout_membership_get_billing_cycle (membership);

  gtk_label_set_text (self->plan_label, cutout_membership_get_membership (membership));
  gtk_widget_set_visible (self->fallback_label, cutout_membership_is_calendar_fallback (membership));

  gtk_widget_set_visible (GTK_WIDGET (self->period_label), cycle != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->renews_label), cycle != NULL);
  if (cycle != NULL)
    {
      g_autofree char *period = cutout_format_period (cutout_billing_cycle_get_period_start (cycle),
                                                            cutout_billing_cycle_get_period_end (cycle));
      gint64 days = cutout_billing_cycle_get_days_to_renewal (cycle, g_get_real_time () / G_USEC_PER_SEC);
      g_autofree char *renews = NULL;

      if (days == 0)
        renews = g_strdup (_("Renews today"));
      else
        renews = g_strdup_printf (ngettext ("Renews in %d day", "Renews in %d days", days), (int) days);
      gtk_label_set_text (self->period_label, period);
      gtk_label_set_text (self->renews_label, renews);
    }
}

static void
update_credits (CutoutUsagePage  *self,
                CutoutMembership *membership)
{
  CutoutBillingCycle *cycle = cutout_membership_get_billing_cycle (membership);
  gint64 included, remaining, app, api;
  g_autofree char *reference = NULL;
  g_autofree char *summary = NULL;

  /* Without a billing cycle in the answer, the top-level (calendar
   * month) figures are the best there is. */
  if (cycle != NULL)
    {
      included = cutout_billing_cycle_get_has_details (cycle) ? cutout_billing_cycle_get_included_credits (cycle)
                                                              : cutout_membership_get_credits (membership);
      remaining = cutout_billing_cycle_get_remaining_included_credits (cycle);
      app = cutout_billing_cycle_get_app_usage (cycle);
      api = cutout_billing_cycle_get_api_usage (cycle);
    }
  else
    {
      included = cutout_membership_get_credits (membership);
      app = cutout_membership_get_app_usage (membership);
      api = cutout_membership_get_api_usage (membership);
      remaining = MAX (included - app - api, 0);
    }

  cutout_usage_page_set_count (self->included_label, included);
  cutout_usage_page_set_count (self->remaining_label, remaining);
  cutout_usage_page_set_count (self->prepaid_label, cutout_membership_get_prepaid_credits (membership));
  cutout_usage_page_set_count (self->total_label, cutout_membership_get_total_available (membership));
  cutout_usage_page_set_count (self->used_label, app + api);
  cutout_usage_page_set_count (self->app_label, app);
  cutout_usage_page_set_count (self->api_label, api);

  cutout_credits_bar_set_figures (self->credits_bar, app, api, remaining,
                                  cutout_membership_get_prepaid_credits (membership));

  cutout_chart_set_included_credits (self->chart, included);
  reference = cutout_format_count (included);
  /* Translators: the legend of the chart's dashed line. */
  summary = g_strdup_printf (_("Included credits (%s)"), reference);
  gtk_label_set_text (self->reference_legend_label, summary);
}

static void
update_status (CutoutUsagePage *self)
{
  const GError *error = cutout_context_get_usage_error (self->context);
  gboolean loading = cutout_context_get_usage_loading (self->context);
  const char *title;
  const char *description = NULL;
  const char *icon = NULL;
  gboolean key_button = FALSE;
  gboolean retry_button = FALSE;

  if (loading)
    title = _("Loading Credits…");
  else if (error != NULL)
    {
      title = cutout_usage_error_describe (error);
      key_button = cutout_usage_error_is_key_problem (error);
      retry_button = !key_button;
      if (key_button)
        {
          icon = "dialog-password-symbolic";
          description = _("Enter a valid API key from your Rembg account to see your credits.");
        }
      else if (cutout_usage_error_is_network_problem (error))
        {
          icon = "network-offline-symbolic";
          description = _("There are no stored figures to show. Check the connection and try again.");
        }
      else
        icon = "dialog-warning-symbolic";
    }
  else if (!cutout_context_has_key (self->context))
    {
      title = _("Add an API key to see your credits");
      description = _("Plan, credits and billing cycles come from your Rembg account.");
      icon = "dialog-password-symbolic";
      key_button = TRUE;
    }
  else
    {
      title = _("No Figures Yet");
      description = _("The account’s figures have not been fetched yet.");
      icon = "view-refresh-symbolic";
      retry_button = TRUE;
    }

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  adw_status_page_set_icon_name (self->status_page, icon);
  gtk_widget_set_visible (self->status_spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), loading);
  gtk_widget_set_visible (self->status_key_button, key_button);
  gtk_widget_set_visible (self->status_retry_button, retry_button);
}

static void
update_all (CutoutUsagePage *self)
{
  CutoutMembership *membership = cutout_context_get_membership (self->context);
  gboolean loading = cutout_context_get_usage_loading (self->context);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.refresh", !loading);
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);

  /* Never an empty page without a word: with no figures at all, the
   * status page says why and what to do. */
  if (membership == NULL)
    {
      update_status (self);
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }

  update_header (self, membership);
  update_credits (self, membership);
  update_error (self);
  update_age (self);
  cutout_usage_page_update_month (self);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

/* Billing cycles */

static GtkWidget *
create_cycle_row_cb (gpointer item,
                     gpointer user_data)
{
  CutoutBillingCycle *cycle = CUTOUT_BILLING_CYCLE (item);
  g_autofree char *period = cutout_format_period (cutout_billing_cycle_get_period_start (cycle),
                                                        cutout_billing_cycle_get_period_end (cycle));
  g_autofree char *usage = cutout_format_cycle_usage (cycle);
  g_autofree char *whole = cutout_format_cycle (cycle);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), period);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), usage);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open this billing cycle"));
  /* One sentence for screen readers: "1 Oct – 31 Oct 2026 · 1,000 used …". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, whole,
                                  -1);
  return row;
}

static guint
find_cycle (CutoutUsagePage *self,
            gint64           period_start)
{
  guint n = g_list_model_get_n_items (self->cycles);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (self->cycles, i);

      if (cutout_billing_cycle_get_period_start (cycle) == period_start)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Marks the opened cycle in the chart and the list. */
static void
sync_selection (CutoutUsagePage *self)
{
  guint position = self->opened_start >= 0 ? find_cycle (self, self->opened_start)
                                           : GTK_INVALID_LIST_POSITION;
  GtkListBoxRow *row = position != GTK_INVALID_LIST_POSITION
                       ? gtk_list_box_get_row_at_index (self->cycles_list, position) : NULL;

  cutout_chart_set_selected (self->chart, position);
  if (row != NULL)
    gtk_list_box_select_row (self->cycles_list, row);
  else
    gtk_list_box_unselect_all (self->cycles_list);
}

static void
update_highlight (CutoutUsagePage *self)
{
  guint position = cutout_chart_get_highlighted (self->chart);
  g_autoptr(CutoutBillingCycle) cycle = NULL;
  g_autofree char *text = NULL;

  if (position < g_list_model_get_n_items (self->cycles))
    cycle = g_list_model_get_item (self->cycles, position);

  if (cycle != NULL)
    text = cutout_format_cycle (cycle);
  else
    text = g_strdup (_("Point at a bar, or choose a cycle below, to see its figures."));
  gtk_label_set_text (self->highlight_label, text);
}

static void
update_cycles_visibility (CutoutUsagePage *self)
{
  gboolean empty = g_list_model_get_n_items (self->cycles) == 0;

  /* No empty chart without an explanation. */
  gtk_widget_set_visible (self->no_cycles_label, empty);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_legend), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->highlight_label), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->cycles_list), !empty);
}

static void
show_period_figures (CutoutUsagePage    *self,
                     CutoutBillingCycle *cycle)
{
  gboolean details = cutout_billing_cycle_get_has_details (cycle);

  cutout_usage_page_set_count (self->detail_used_label,
             cutout_billing_cycle_get_app_usage (cycle) + cutout_billing_cycle_get_api_usage (cycle));
  cutout_usage_page_set_count (self->detail_app_label, cutout_billing_cycle_get_app_usage (cycle));
  cutout_usage_page_set_count (self->detail_api_label, cutout_billing_cycle_get_api_usage (cycle));
  gtk_widget_set_visible (self->detail_included_row, details);
  gtk_widget_set_visible (self->detail_remaining_row, details);
  if (details)
    {
      cutout_usage_page_set_count (self->detail_included_label, cutout_billing_cycle_get_included_credits (cycle));
      cutout_usage_page_set_count (self->detail_remaining_label, cutout_billing_cycle_get_remaining_included_credits (cycle));
    }
}

static void
load_period_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CutoutUsagePage) self = CUTOUT_USAGE_PAGE (user_data);
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GError) error = NULL;
  CutoutBillingCycle *cycle;

  membership = cutout_context_load_period_finish (CUTOUT_CONTEXT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->detail_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_spinner), FALSE);

  cycle = membership != NULL ? cutout_membership_get_billing_cycle (membership) : NULL;
  if (cycle == NULL)
    {
      g_autofree char *text = NULL;

      /* The figures from the list of cycles stay shown. */
      if (error != NULL)
        /* Translators: %s says why, e.g. "Could not reach the service". */
        text = g_strdup_printf (_("Could not load this billing cycle: %s"), cutout_usage_error_describe (error));
      else
        text = g_strdup (_("The service sent no figures for this billing cycle."));
      gtk_label_set_text (self->detail_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_error), TRUE);
      return;
    }

  show_period_figures (self, cycle);
}

static void
open_cycle (CutoutUsagePage *self,
            guint            position)
{
  g_autoptr(CutoutBillingCycle) cycle = NULL;
  g_autofree char *title = NULL;

  if (position >= g_list_model_get_n_items (self->cycles))
    return;

  cycle = g_list_model_get_item (self->cycles, position);
  self->opened_start = cutout_billing_cycle_get_period_start (cycle);
  sync_selection (self);

  /* The list's figures are shown at once; the full period (with its
   * credits) replaces them when it arrives. */
  title = cutout_format_period (cutout_billing_cycle_get_period_start (cycle),
                                      cutout_billing_cycle_get_period_end (cycle));
  gtk_label_set_text (self->detail_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_error), FALSE);
  show_period_figures (self, cycle);
  gtk_widget_set_visible (self->detail_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_spinner), TRUE);
  gtk_spinner_set_spinning (self->detail_spinner, TRUE);

  g_cancellable_cancel (self->period_cancellable);
  g_clear_object (&self->period_cancellable);
  self->period_cancellable = g_cancellable_new ();
  cutout_context_load_period_async (self->context,
                                    cutout_billing_cycle_get_period_start (cycle),
                                    self->period_cancellable,
                                    load_period_cb,
                                    g_object_ref (self));
}

static void
cycles_changed_cb (GListModel      *model,
                   guint            position,
                   guint            removed,
                   guint            added,
                   CutoutUsagePage *self)
{
  update_cycles_visibility (self);
  sync_selection (self);
  update_highlight (self);
}

static void
bind_cycles (CutoutUsagePage *self)
{
  GListModel *cycles = cutout_context_get_cycles (self->context);

  if (self->cycles == cycles)
    return;

  if (self->cycles != NULL)
    g_signal_handlers_disconnect_by_func (self->cycles, cycles_changed_cb, self);
  self->cycles = cycles;

  /* The list box rebuilds its rows on items-changed before this page's
   * handler runs, so the selection can be put back on the new rows. */
  gtk_list_box_bind_model (self->cycles_list, cycles, create_cycle_row_cb, self, NULL);
  cutout_chart_set_model (self->chart, cycles);
  g_signal_connect_object (cycles, "items-changed", G_CALLBACK (cycles_changed_cb), self, 0);
  cycles_changed_cb (cycles, 0, 0, 0, self);
}

/* Refreshing */

static void
maybe_refresh (CutoutUsagePage *self)
{
  gint64 now = g_get_real_time ();
  gint64 updated = cutout_context_get_usage_updated (self->context);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      !cutout_context_has_key (self->context) ||
      cutout_context_get_usage_loading (self->context))
    return;
  if (updated > 0 && now - updated < STALE_AFTER_USEC)
    return;
  if (self->last_auto_refresh > 0 && now - self->last_auto_refresh < AUTO_RETRY_USEC)
    return;

  self->last_auto_refresh = now;
  cutout_context_refresh_usage (self->context);
}

static gboolean
age_tick_cb (gpointer user_data)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (user_data);

  update_age (self);
  maybe_refresh (self);
  return G_SOURCE_CONTINUE;
}

/* Callbacks */

static void
context_changed_cb (CutoutUsagePage *self)
{
  update_all (self);
}

static void
cycles_notify_cb (CutoutUsagePage *self)
{
  bind_cycles (self);
}

static void
key_source_changed_cb (CutoutUsagePage *self)
{
  update_all (self);
  maybe_refresh (self);
}

static void
row_activated_cb (GtkListBox      *box,
                  GtkListBoxRow   *row,
                  CutoutUsagePage *self)
{
  open_cycle (self, gtk_list_box_row_get_index (row));
}

static void
bar_activated_cb (CutoutChart     *chart,
                  guint            position,
                  CutoutUsagePage *self)
{
  open_cycle (self, position);
}

static void
highlighted_cb (CutoutUsagePage *self)
{
  update_highlight (self);
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (widget);

  cutout_context_refresh_usage (self->context);
}

/* GtkWidget */

static void
cutout_usage_page_map (GtkWidget *widget)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (widget);

  GTK_WIDGET_CLASS (cutout_usage_page_parent_class)->map (widget);

  update_age (self);
  if (self->age_source == 0)
    self->age_source = g_timeout_add_seconds (AGE_TICK_SECONDS, age_tick_cb, self);
  maybe_refresh (self);
}

static void
cutout_usage_page_unmap (GtkWidget *widget)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (widget);

  g_clear_handle_id (&self->age_source, g_source_remove);

  GTK_WIDGET_CLASS (cutout_usage_page_parent_class)->unmap (widget);
}

/* GObject */

static void
cutout_usage_page_constructed (GObject *object)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (object);

  G_OBJECT_CLASS (cutout_usage_page_parent_class)->constructed (object);

  g_return_if_fail (CUTOUT_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context, "notify::membership",
                           G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::usage-error",
                           G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::usage-updated",
                           G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::usage-loading",
                           G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::key-source",
                           G_CALLBACK (key_source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::cycles",
                           G_CALLBACK (cycles_notify_cb), self, G_CONNECT_SWAPPED);

  bind_cycles (self);
  update_all (self);
}

static void
cutout_usage_page_dispose (GObject *object)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (object);

  g_cancellable_cancel (self->period_cancellable);
  g_clear_object (&self->period_cancellable);
  cutout_usage_page_dispose_month (self);
  g_clear_handle_id (&self->age_source, g_source_remove);
  if (self->cycles != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->cycles, cycles_changed_cb, self);
      self->cycles = NULL;
    }

  /* AdwBin unparents the template's child itself; disposing the template
   * here as well would unparent it twice. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cutout_usage_page_parent_class)->dispose (object);
}

static void
cutout_usage_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_usage_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_usage_page_class_init (CutoutUsagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_usage_page_constructed;
  object_class->dispose = cutout_usage_page_dispose;
  object_class->get_property = cutout_usage_page_get_property;
  object_class->set_property = cutout_usage_page_set_property;

  widget_class->map = cutout_usage_page_map;
  widget_class->unmap = cutout_usage_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-usage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, status_key_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, status_retry_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, error_key_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, error_retry_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, plan_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, period_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, renews_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, credits_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, credits_legend);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, prepaid_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, used_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, app_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, api_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, included_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, no_cycles_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, chart);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, chart_legend);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, highlight_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_error);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_used_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_app_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_api_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_included_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_included_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_remaining_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, detail_remaining_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, cycles_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bar_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, highlighted_cb);

  gtk_widget_class_install_action (widget_class, "usage.refresh", NULL, refresh_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "usage.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "usage.refresh", NULL);

  cutout_usage_page_class_init_month (widget_class);

  g_type_ensure (CUTOUT_TYPE_CHART);
  g_type_ensure (CUTOUT_TYPE_CREDITS_BAR);
}

static void
cutout_usage_page_init (CutoutUsagePage *self)
{
  GtkLabel *label;

  self->opened_start = -1;

  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_widget_init_template (GTK_WIDGET (self));

  cutout_usage_page_add_legend_item (self->credits_legend, "app", _("Web app"), NULL);
  cutout_usage_page_add_legend_item (self->credits_legend, "api", _("API"), NULL);
  cutout_usage_page_add_legend_item (self->credits_legend, "remaining", _("Remaining"), NULL);
  cutout_usage_page_add_legend_item (self->credits_legend, "prepaid", _("Prepaid"), NULL);
  cutout_usage_page_add_legend_item (self->chart_legend, "app", _("Web app"), NULL);
  cutout_usage_page_add_legend_item (self->chart_legend, "api", _("API"), NULL);
  cutout_usage_page_add_legend_item (self->chart_legend, "reference", _("Included credits"), &label);
  self->reference_legend_label = label;

  cutout_usage_page_init_month (self);
}

/* Public API */

GtkWidget *
cutout_usage_page_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_USAGE_PAGE,
                       "context", context,
                       NULL);
}

CutoutContext *
cutout_usage_page_get_context (CutoutUsagePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_USAGE_PAGE (self), NULL);

  return self->context;
}
