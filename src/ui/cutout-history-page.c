/* cutout-history-page.c — the History page: past jobs, searched, filtered and re-queued
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "cutout-error-toast.h"
#include "cutout-history-page-private.h"
#include "cutout-select-all.h"

G_DEFINE_FINAL_TYPE (CutoutHistoryPage, cutout_history_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* A count with the locale's thousands separator ("1,234"): printf's
 * ' flag is not portable. */
char *
cutout_history_format_count (guint64 n)
{
  const struct lconv *lc = localeconv ();
  const char *sep = lc->thousands_sep != NULL ? lc->thousands_sep : "";
  char digits[32];
  GString *out;
  gsize len;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  if (sep[0] == '\0')
    return g_strdup (digits);

  len = strlen (digits);
  out = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

void
cutout_history_page_show_toast (CutoutHistoryPage *self,
                                const char        *title)
{
  /* On the page's own overlay (the one of its undo toasts), as long as
   * the window's plain toasts. */
  cutout_toast_show (adw_toast_overlay_get_child (self->toast_overlay), title);
}

static GDateTime *
local_midnight (GDateTime *when)
{
  return g_date_time_new_local (g_date_time_get_year (when),
                                g_date_time_get_month (when),
                                g_date_time_get_day_of_month (when),
                                0, 0, 0);
}

static gint64
to_us (GDateTime *when)
{
  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

static gint64
billing_period_start (CutoutHistoryPage *self)
{
  CutoutMembership *membership = cutout_context_get_membership (self->context);
  CutoutBillingCycle *cycle;

  if (membership == NULL ||
      (cycle = cutout_membership_get_billing_cycle (membership)) == NULL)
    return 0;

  return cutout_billing_cycle_get_period_start (cycle);
}

static char *
format_day (GDateTime *day)
{
  /* Translators: a day in the custom date range, see g_date_time_format ().
   * xgettext:no-c-format */
  return g_date_time_format (day, _("%b %-d, %Y"));
}

/* Filters and the view */

static void
update_actions (CutoutHistoryPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n_selected = gtk_bitset_get_size (selected);
  gboolean has_output = FALSE;
  gboolean has_store = cutout_context_get_store (self->context) != NULL;

  if (n_selected > 0)
    {
      g_autoptr(CutoutHistoryItem) item =
        g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

      if (item != NULL)
        {
          const CutoutJobRecord *record = cutout_history_item_get_record (item);

          has_output = record->state == CUTOUT_JOB_STATE_DONE && record->output_path != NULL;
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open-result", has_output);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.show-in-folder", has_output);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.copy-result", has_output);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.requeue-same", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.requeue-current", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.remove", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export",
                                 has_store && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0);

  gtk_action_bar_set_revealed (self->action_bar, n_selected > 0);
  if (n_selected > 0)
    {
      g_autofree char *count = cutout_history_format_count (n_selected);
      g_autofree char *text = g_strdup_printf (ngettext ("%s selected", "%s selected", n_selected), count);

      gtk_label_set_label (self->selection_label, text);
    }
}

void
cutout_history_page_update_view (CutoutHistoryPage *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 total = cutout_history_model_get_total (self->model);
  const GError *store_error = cutout_context_get_store_error (self->context);
  const GError *error = cutout_history_model_get_error (self->model);

  /* The count comes a few frames after the first rows: until then the
   * label says nothing rather than the previous filter's number. */
  if (total >= 0)
    {
      g_autofree char *count = cutout_history_format_count (total);
      g_autofree char *text = g_strdup_printf (ngettext ("%s job", "%s jobs", total), count);

      gtk_label_set_label (self->count_label, text);
    }
  else
    {
      gtk_label_set_label (self->count_label, "");
    }

  if (cutout_context_get_store (self->context) == NULL || error != NULL)
    {
      if (store_error == NULL)
        store_error = error;
      adw_status_page_set_description (self->error_page, store_error != NULL ? store_error->message : NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
    }
  else if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack,
                                        cutout_history_model_count_all (self->model) == 0
                                        ? "empty" : "no-results");
    }

  update_actions (self);
}

/* Tells the model which rows its next refresh shows at once: those in
 * sight, or as many as fit from the top when the list goes there; with
 * a row more at each end, for a list scrolled a little meanwhile. */
static void
tell_rows_in_sight (CutoutHistoryPage *self,
                    gboolean           top)
{
  guint first, last, n_fit;

  if (!cutout_history_page_get_rows_in_sight (self, &first, &last, &n_fit))
    {
      cutout_history_model_set_rows_in_sight (self->model, 0, 0);
      return;
    }

  if (top)
    {
      last -= first;
      first = 0;
    }
  /* Rows as low as the lowest in sight may take the place of taller ones. */
  last = MAX (last, first + n_fit - 1);
  first = first > 0 ? first - 1 : 0;
  cutout_history_model_set_rows_in_sight (self->model, first, last - first + 2);
}

static void
apply_filter (CutoutHistoryPage *self)
{
  static const guint outcome_states[] = {
    0,
    CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_DONE),
    CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_FAILED),
    CUTOUT_STORE_STATE_BIT (CUTOUT_JOB_STATE_CANCELLED),
  };
  CutoutHistoryFilter filter = { 0, };
  guint outcome = gtk_drop_down_get_selected (self->outcome_dropdown);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = local_midnight (now);
  GtkAdjustment *adjustment;

  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (outcome < G_N_ELEMENTS (outcome_states))
    filter.states = outcome_states[outcome];

  switch (self->range)
    {
    case RANGE_TODAY:
      filter.from_us = to_us (today);
      break;
    case RANGE_WEEK:
      {
        /* Weeks start on Monday (ISO 8601). */
        g_autoptr(GDateTime) monday = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));

        filter.from_us = to_us (monday);
      }
      break;
    case RANGE_PERIOD:
      filter.from_us = billing_period_start (self) * G_USEC_PER_SEC;
      break;
    case RANGE_CUSTOM:
      if (self->custom_start != NULL && self->custom_end != NULL)
        {
          g_autoptr(GDateTime) after_end = g_date_time_add_days (self->custom_end, 1);

          filter.from_us = to_us (self->custom_start);
          filter.to_us = to_us (after_end);
        }
      break;
    case RANGE_ALL:
    default:
      break;
    }

  /* The list keeps its row widgets through a new filter (see
   * cutout_history_model_refresh()), and so its place: it goes to the
   * top first, where the new filter's first rows come. */
  tell_rows_in_sight (self, TRUE);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  if (adjustment != NULL && gtk_adjustment_get_value (adjustment) > 0)
    gtk_adjustment_set_value (adjustment, 0);

  cutout_history_model_set_filter (self->model, &filter);
  cutout_history_page_start_reveal (self);
}

static void
search_changed_cb (CutoutHistoryPage *self)
{
  apply_filter (self);
}

static void
outcome_changed_cb (CutoutHistoryPage *self)
{
  apply_filter (self);
}

static void
update_date_label (CutoutHistoryPage *self)
{
  g_autofree char *text = NULL;

  switch (self->range)
    {
    case RANGE_TODAY:
      text = g_strdup (_("Today"));
      break;
    case RANGE_WEEK:
      text = g_strdup (_("This Week"));
      break;
    case RANGE_PERIOD:
      text = g_strdup (_("This Billing Period"));
      break;
    case RANGE_CUSTOM:
      {
        g_autofree char *start = format_day (self->custom_start);
        g_autofree char *end = format_day (self->custom_end);

        /* Translators: a date range, first and last day. */
        text = g_strdup_printf (_("%s – %s"), start, end);
      }
      break;
    case RANGE_ALL:
    default:
      text = g_strdup (_("All Time"));
      break;
    }

  gtk_label_set_label (self->date_label, text);
}

static void
set_range (CutoutHistoryPage *self,
           DateRange          range)
{
  self->range = range;
  update_date_label (self);
  apply_filter (self);
}

static void
update_custom_labels (CutoutHistoryPage *self)
{
  g_autofree char *start = format_day (self->custom_start);
  g_autofree char *end = format_day (self->custom_end);

  gtk_label_set_label (self->start_label, start);
  gtk_label_set_label (self->end_label, end);
}

static void
range_toggled_cb (CutoutHistoryPage *self,
                  GtkCheckButton    *button)
{
  if (!gtk_check_button_get_active (button))
    return;

  if (button == self->range_custom)
    {
      /* The range applies with the Apply button. */
      gtk_toggle_button_set_active (self->start_toggle, TRUE);
      gtk_calendar_select_day (self->calendar, self->custom_start);
      update_custom_labels (self);
      gtk_stack_set_visible_child_name (self->date_stack, "custom");
      return;
    }

  gtk_popover_popdown (self->date_popover);
  if (button == self->range_today)
    set_range (self, RANGE_TODAY);
  else if (button == self->range_week)
    set_range (self, RANGE_WEEK);
  else if (button == self->range_period)
    set_range (self, RANGE_PERIOD);
  else
    set_range (self, RANGE_ALL);
}

static void
date_popover_show_cb (CutoutHistoryPage *self)
{
  gtk_stack_set_visible_child_name (self->date_stack, "ranges");
}

static void
custom_toggle_cb (CutoutHistoryPage *self,
                  GtkToggleButton   *toggle)
{
  if (!gtk_toggle_button_get_active (toggle))
    return;

  gtk_calendar_select_day (self->calendar,
                           toggle == self->start_toggle ? self->custom_start : self->custom_end);
}

static void
calendar_day_selected_cb (CutoutHistoryPage *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) day = local_midnight (date);

  /* The other end follows, so that the range never runs backwards. */
  if (gtk_toggle_button_get_active (self->start_toggle))
    {
      g_clear_pointer (&self->custom_start, g_date_time_unref);
      self->custom_start = g_date_time_ref (day);
      if (g_date_time_compare (self->custom_end, day) < 0)
        {
          g_clear_pointer (&self->custom_end, g_date_time_unref);
          self->custom_end = g_date_time_ref (day);
        }
    }
  else
    {
      g_clear_pointer (&self->custom_end, g_date_time_unref);
      self->custom_end = g_date_time_ref (day);
      if (g_date_time_compare (self->custom_start, day) > 0)
        {
          g_clear_pointer (&self->custom_start, g_date_time_unref);
          self->custom_start = g_date_time_ref (day);
        }
    }

  update_custom_labels (self);
}

static void
apply_custom_cb (CutoutHistoryPage *self)
{
  gtk_popover_popdown (self->date_popover);
  set_range (self, RANGE_CUSTOM);
}

static void
membership_changed_cb (CutoutHistoryPage *self)
{
  gboolean known = billing_period_start (self) > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->range_period), known);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->range_period),
                               known ? NULL : _("The billing period is not known yet"));
  if (!known && self->range == RANGE_PERIOD)
    gtk_check_button_set_active (self->range_all, TRUE);
  else if (self->range == RANGE_PERIOD)
    apply_filter (self);
}

/* Revealing the rows */

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);

  /* The first frame after a refresh paints the first rows as they are. */
  if (self->reveal_skip)
    {
      self->reveal_skip = FALSE;
      return G_SOURCE_CONTINUE;
    }

  if (cutout_history_model_reveal_more (self->model))
    return G_SOURCE_CONTINUE;

  self->reveal_tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
cutout_history_page_start_reveal (CutoutHistoryPage *self)
{
  if (cutout_history_model_is_complete (self->model))
    return;

  /* The tick runs once a frame while the page is shown: more rows come
   * in the frames after the first rows are painted, not before. */
  self->reveal_skip = TRUE;
  if (self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL, NULL);
}

/* Following the store */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  CutoutHistoryPage *self = user_data;

  self->refresh_id = 0;
  cutout_history_page_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Whether the list shows its first rows, where new jobs come. */
static gboolean
list_at_top (CutoutHistoryPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  return adjustment == NULL || gtk_adjustment_get_value (adjustment) < gtk_adjustment_get_page_size (adjustment);
}

/* Jobs the queue finishes reach the store as they go: the list reads
 * it again a moment later (once for a burst), while it is shown with
 * its first rows and nothing is selected (a refresh would drop the
 * selection). Scrolled further down, the rows in sight would only move
 * down under the reader, and GTK 4.8's list view walks every item above
 * them at each refresh (a fifth of a second 50,000 rows down): the list
 * is read again when it is back at the top. */
static void
queue_changed_cb (CutoutHistoryPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !list_at_top (self))
    {
      self->dirty = TRUE;
      return;
    }

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    {
      self->dirty = TRUE;
      return;
    }

  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (750, refresh_timeout_cb, self);
}

/* A change put off (see queue_changed_cb()) is taken up once nothing
 * stands in its way any more. */
static void
take_up_change (CutoutHistoryPage *self)
{
  if (self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)) && list_at_top (self))
    {
      g_autoptr(GtkBitset) selected =
        gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      if (gtk_bitset_is_empty (selected))
        queue_changed_cb (self);
    }
}

static void
selection_changed_cb (CutoutHistoryPage *self)
{
  update_actions (self);
  take_up_change (self);
}

static void
cutout_history_page_map (GtkWidget *widget)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (cutout_history_page_parent_class)->map (widget);

  if (self->dirty)
    cutout_history_page_refresh (self);
}


static void
list_activate_cb (CutoutHistoryPage *self,
                  guint              position)
{
  cutout_history_page_list_activate (self, position);
}

/* Object */

static void
cutout_history_page_constructed (GObject *object)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (object);
  CutoutQueue *queue;
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (cutout_history_page_parent_class)->constructed (object);

  g_return_if_fail (CUTOUT_IS_CONTEXT (self->context));

  self->model = cutout_history_model_new (cutout_context_get_store (self->context));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (cutout_history_page_update_view), self);
  g_signal_connect_swapped (self->model, "notify::total", G_CALLBACK (cutout_history_page_update_view), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);

  factory = cutout_history_page_new_factory (self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  cutout_select_all_redirect (self->list_view, "history.select-all");
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), "value-changed",
                           G_CALLBACK (take_up_change), self, G_CONNECT_SWAPPED);
  cutout_history_page_start_reveal (self);

  queue = cutout_context_get_queue (self->context);
  if (queue != NULL)
    {
      g_signal_connect_swapped (queue, "finished", G_CALLBACK (queue_changed_cb), self);
      g_signal_connect_swapped (queue, "items-changed", G_CALLBACK (queue_changed_cb), self);
      g_signal_connect_swapped (queue, "notify::n-done", G_CALLBACK (queue_changed_cb), self);
      g_signal_connect_swapped (queue, "notify::n-failed", G_CALLBACK (queue_changed_cb), self);
      g_signal_connect_swapped (queue, "notify::n-cancelled", G_CALLBACK (queue_changed_cb), self);
    }
  g_signal_connect_swapped (self->context, "notify::membership", G_CALLBACK (membership_changed_cb), self);
  membership_changed_cb (self);

  cutout_history_page_update_view (self);
}

static void
cutout_history_page_dispose (GObject *object)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->reveal_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
      self->reveal_tick_id = 0;
    }


  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  if (self->context != NULL)
    {
      CutoutQueue *queue = cutout_context_get_queue (self->context);

      if (queue != NULL)
        g_signal_handlers_disconnect_by_data (queue, self);
      g_signal_handlers_disconnect_by_data (self->context, self);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  /* A removal waiting for its toast is what the user asked for: it is
   * carried out now. */
  cutout_history_page_finish_removals (self);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  /* Before the list goes, so that its rows are not kept. */
  g_clear_pointer (&self->row_pool, g_ptr_array_unref);

  G_OBJECT_CLASS (cutout_history_page_parent_class)->dispose (object);
}

static void
cutout_history_page_finalize (GObject *object)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (object);

  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_pointer (&self->described, g_hash_table_unref);
  g_clear_pointer (&self->removals, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->custom_start, g_date_time_unref);
  g_clear_pointer (&self->custom_end, g_date_time_unref);

  G_OBJECT_CLASS (cutout_history_page_parent_class)->finalize (object);
}

static void
cutout_history_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (object);

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
cutout_history_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (object);

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
cutout_history_page_class_init (CutoutHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_history_page_constructed;
  object_class->dispose = cutout_history_page_dispose;
  object_class->finalize = cutout_history_page_finalize;
  object_class->get_property = cutout_history_page_get_property;
  object_class->set_property = cutout_history_page_set_property;

  widget_class->map = cutout_history_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, date_popover);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, date_stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, range_all);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, range_today);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, range_week);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, range_period);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, range_custom);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, start_toggle);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, end_toggle);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, end_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutHistoryPage, selection_label);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, outcome_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_toggle_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_custom_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  cutout_history_page_class_init_actions (widget_class);
}

static void
cutout_history_page_init (CutoutHistoryPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->described = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->row_pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->removals = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_history_removal_free);
  self->cancellable = g_cancellable_new ();
  self->custom_end = local_midnight (now);
  self->custom_start = g_date_time_add_days (self->custom_end, -6);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

GtkWidget *
cutout_history_page_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_HISTORY_PAGE,
                       "context", context,
                       NULL);
}

void
cutout_history_page_refresh (CutoutHistoryPage *self)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_PAGE (self));

  self->dirty = FALSE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  tell_rows_in_sight (self, FALSE);
  cutout_history_model_refresh (self->model);
  cutout_history_page_start_reveal (self);
}

static void
page_export_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gint64 n_rows = cutout_history_model_export_csv_finish (CUTOUT_HISTORY_MODEL (source), result, &error);

  if (n_rows < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_rows);
}

void
cutout_history_page_export_csv_async (CutoutHistoryPage   *self,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CUTOUT_IS_HISTORY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_history_page_export_csv_async);
  cutout_history_model_export_csv_async (self->model, file, cancellable, page_export_cb, task);
}

gint64
cutout_history_page_export_csv_finish (CutoutHistoryPage  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_PAGE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
