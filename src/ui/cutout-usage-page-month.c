/* cutout-usage-page-month.c — the Usage page's calendar month group
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-usage-format.h"
#include "cutout-usage-page-private.h"

/* Months as one number (year × 12 + month − 1), so that comparing and
 * stepping over a year's end is plain arithmetic. */
static int
month_index (int year,
             int month)
{
  return year * 12 + month - 1;
}

static int
current_month_index (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return month_index (g_date_time_get_year (now), g_date_time_get_month (now));
}

static int
shown_month_index (CutoutUsagePage *self)
{
  return month_index (self->month_year, self->month_month);
}

/* "March 2026", with the locale's name of the month. */
static char *
format_month (int year,
              int month)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (year, month, 1, 0, 0, 0);

  /* Translators: a calendar month as a title, e.g. "March 2026"; see
   * g_date_time_format (): %OB is the month's name as it stands alone
   * (nominative), %Y the year.
   * xgettext:no-c-format */
  return g_date_time_format (first, _("%OB %Y"));
}

/* The context's figures carry the calendar month they were fetched in
 * (the top-level app_usage/api_usage of a refresh): the current month
 * needs no request of its own while they are of this month. */
static gboolean
membership_has_shown_month (CutoutUsagePage *self)
{
  gint64 updated = cutout_context_get_usage_updated (self->context);
  g_autoptr(GDateTime) when = NULL;

  if (cutout_context_get_membership (self->context) == NULL || updated <= 0 ||
      shown_month_index (self) != current_month_index ())
    return FALSE;

  when = g_date_time_new_from_unix_utc (updated / G_USEC_PER_SEC);
  return when != NULL &&
         month_index (g_date_time_get_year (when), g_date_time_get_month (when)) == shown_month_index (self);
}

static gboolean
is_loading (CutoutUsagePage *self)
{
  return self->month_cancellable != NULL;
}

/* Shows the state: title, buttons, figures, note and error. */
static void
show_month (CutoutUsagePage *self)
{
  CutoutMembership *figures = self->month_shown;
  const GError *error = self->month_error;
  g_autofree char *title = format_month (self->month_year, self->month_month);
  gboolean loading = is_loading (self);

  gtk_label_set_text (self->month_title, title);
  /* The service has no figures for months to come. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.next-month",
                                 shown_month_index (self) < current_month_index ());
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.previous-month",
                                 shown_month_index (self) > month_index (1, 1));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.reload-month", !loading);
  gtk_widget_set_visible (GTK_WIDGET (self->month_spinner), loading);
  gtk_spinner_set_spinning (self->month_spinner, loading);

  gtk_widget_set_visible (self->month_error_box, error != NULL);
  if (error != NULL)
    {
      g_autofree char *text = NULL;
      gboolean key_problem = cutout_usage_error_is_key_problem (error);

      /* Translators: %s is a month ("March 2026"), the second %s says
       * why, e.g. "Could not reach the service". */
      text = g_strdup_printf (_("Could not load %s: %s"), title, cutout_usage_error_describe (error));
      gtk_label_set_text (self->month_error_label, text);
      gtk_widget_set_visible (self->month_error_key_button, key_problem);
      gtk_widget_set_visible (self->month_error_retry_button, !key_problem);
    }

  /* No figures rather than wrong ones: while the first answer for a
   * month is on its way, or when it failed, only the title and the
   * spinner or the error are shown. */
  gtk_widget_set_visible (self->month_figures, figures != NULL);
  if (figures != NULL)
    {
      gint64 app = cutout_membership_get_app_usage (figures);
      gint64 api = cutout_membership_get_api_usage (figures);
      gint64 included = cutout_membership_get_credits (figures);
      g_autofree char *split = cutout_format_split (app, api);
      g_autofree char *included_text = cutout_format_count (included);
      g_autofree char *description = NULL;
      g_autofree char *note = NULL;

      cutout_usage_page_set_count (self->month_app_label, app);
      cutout_usage_page_set_count (self->month_api_label, api);
      cutout_usage_page_set_count (self->month_total_label, app + api);

      /* The plan's included credits are the scale, so a month reads
       * against what a period allows. */
      cutout_credits_bar_set_figures (self->month_bar, app, api, MAX (included - app - api, 0), 0);
      /* Translators: what the month's bar shows, for screen readers:
       * "March 2026: 1000 used (web app 120, API 880), of 18500 included
       * credits per period." */
      description = g_strdup_printf (_("%s: %s, of %s included credits per period."), title, split, included_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);

      if (error != NULL && self->month_fetched > 0)
        note = cutout_format_usage_age (self->month_fetched, g_get_real_time (),
                                        cutout_usage_error_is_network_problem (error));
      else
        /* Translators: below the month's bar; %s is a count of credits. */
        note = g_strdup_printf (_("The bar’s full width is the plan’s %s included credits per period."),
                                included_text);
      gtk_label_set_text (self->month_note, note);
    }
}

static void
load_month_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CutoutUsagePage) self = CUTOUT_USAGE_PAGE (user_data);
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GError) error = NULL;

  membership = cutout_context_load_month_finish (CUTOUT_CONTEXT (object), result, &error);
  /* A newer choice replaced this request (or the page went away). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->month_cancellable);
  if (membership != NULL)
    {
      g_set_object (&self->month_shown, membership);
      self->month_fetched = 0;
      g_clear_error (&self->month_error);
    }
  else
    self->month_error = g_steal_pointer (&error);

  show_month (self);
}

static void
cancel_month (CutoutUsagePage *self)
{
  g_cancellable_cancel (self->month_cancellable);
  g_clear_object (&self->month_cancellable);
}

/* Shows @year/@month: at once from the context's figures when they are
 * of that month, else from the store (if it has the month) while the
 * service is asked. */
static void
select_month (CutoutUsagePage *self,
              int              year,
              int              month)
{
  CutoutMembership *stored;

  cancel_month (self);
  g_clear_error (&self->month_error);
  g_clear_object (&self->month_shown);
  self->month_fetched = 0;
  self->month_year = year;
  self->month_month = month;

  if (membership_has_shown_month (self))
    g_set_object (&self->month_shown, cutout_context_get_membership (self->context));
  else if (cutout_context_get_membership (self->context) != NULL)
    {
      stored = cutout_context_get_stored_month (self->context, year, month, &self->month_fetched);
      g_set_object (&self->month_shown, stored);

      self->month_cancellable = g_cancellable_new ();
      cutout_context_load_month_async (self->context, year, month, self->month_cancellable,
                                       load_month_cb, g_object_ref (self));
    }
  /* Without any figures the page shows its status page instead; the
   * month follows once the context has figures. */

  show_month (self);
}

static void
step_month (CutoutUsagePage *self,
            int              delta)
{
  int index = shown_month_index (self) + delta;

  index = CLAMP (index, month_index (1, 1), current_month_index ());
  select_month (self, index / 12, index % 12 + 1);
}

/* Actions */

static void
previous_month_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  step_month (CUTOUT_USAGE_PAGE (widget), -1);
}

static void
next_month_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  step_month (CUTOUT_USAGE_PAGE (widget), 1);
}

static void
reload_month_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutUsagePage *self = CUTOUT_USAGE_PAGE (widget);

  /* The current month comes with the context's refresh. */
  if (shown_month_index (self) == current_month_index ())
    cutout_context_refresh_usage (self->context);
  select_month (self, self->month_year, self->month_month);
}

/* Internal API */

void
cutout_usage_page_update_month (CutoutUsagePage *self)
{
  /* The context's figures changed: the current month takes them. Other
   * months keep theirs; a month still without figures (the page had none
   * at all before) asks for them once the context's refresh is over (its
   * figures may be this month's: they come before their time). */
  if (membership_has_shown_month (self))
    {
      cancel_month (self);
      g_clear_error (&self->month_error);
      self->month_fetched = 0;
      g_set_object (&self->month_shown, cutout_context_get_membership (self->context));
    }
  else if (self->month_shown == NULL && !is_loading (self) && self->month_error == NULL &&
           !cutout_context_get_usage_loading (self->context))
    {
      select_month (self, self->month_year, self->month_month);
      return;
    }

  show_month (self);
}

void
cutout_usage_page_dispose_month (CutoutUsagePage *self)
{
  cancel_month (self);
  g_clear_object (&self->month_shown);
  g_clear_error (&self->month_error);
}

void
cutout_usage_page_init_month (CutoutUsagePage *self)
{
  int index = current_month_index ();

  /* The current month first; its figures come with the context's. */
  self->month_year = index / 12;
  self->month_month = index % 12 + 1;
  show_month (self);

  cutout_usage_page_add_legend_item (self->month_legend, "app", _("Web app"), NULL);
  cutout_usage_page_add_legend_item (self->month_legend, "api", _("API"), NULL);
  cutout_usage_page_add_legend_item (self->month_legend, "remaining", _("Rest of the included credits"), NULL);
}

void
cutout_usage_page_class_init_month (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_title);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_previous_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_next_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_figures);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_legend);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_app_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_api_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_total_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_note);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_error_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_error_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_error_key_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutUsagePage, month_error_retry_button);

  gtk_widget_class_install_action (widget_class, "usage.previous-month", NULL, previous_month_cb);
  gtk_widget_class_install_action (widget_class, "usage.next-month", NULL, next_month_cb);
  gtk_widget_class_install_action (widget_class, "usage.reload-month", NULL, reload_month_cb);

  /* Alt+Page Up/Down step through the months, like pages of a calendar. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "usage.previous-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "usage.next-month", NULL);
}
