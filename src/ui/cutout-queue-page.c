/* cutout-queue-page.c — the Queue page: the list of images, its controls and feedback
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-queue-page-private.h"
#include "cutout-queue-row.h"

/* Summary updates are gathered: progress notifies many times a second. */
#define SUMMARY_DELAY_MS 100
#define TICK_INTERVAL_MS 500

#define REMBG_SITE_URL "https://www.rembg.com"
#define REMBG_PRICING_URL "https://www.rembg.com/pricing"

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_ADDING,
  PROP_SELECTED_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutQueuePage, cutout_queue_page, ADW_TYPE_BIN)

/* Helpers ------------------------------------------------------------------- */

void
cutout_queue_page_show_toast (CutoutQueuePage *self,
                              const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", title);
      return;
    }

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* A count with the locale's thousands separator ("11,200" in English). */
static char *
format_count (gint64 value)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (value));
  GString *text = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0 && separator != NULL)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static guint
count_final (CutoutQueue *queue)
{
  guint done, failed, cancelled;

  g_object_get (queue, "n-done", &done, "n-failed", &failed, "n-cancelled", &cancelled, NULL);
  return done + failed + cancelled;
}

/* Summary ------------------------------------------------------------------- */

static void
append_part (GString    *text,
             const char *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static void
update_counts (CutoutQueuePage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint queued, active, done, failed, cancelled;

  g_object_get (self->queue,
                "n-queued", &queued, "n-active", &active, "n-done", &done,
                "n-failed", &failed, "n-cancelled", &cancelled, NULL);

  /* Each count in its own ngettext call, so that translators get every
   * plural form. */
  if (queued > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u queued", "%u queued", queued), queued);
      append_part (text, part);
    }
  if (active > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active", "%u active", active), active);
      append_part (text, part);
    }
  if (done > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u done", "%u done", done), done);
      append_part (text, part);
    }
  if (failed > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", failed), failed);
      append_part (text, part);
    }
  if (cancelled > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cancelled", "%u cancelled", cancelled), cancelled);
      append_part (text, part);
    }

  gtk_label_set_text (self->counts_label, text->str);
}

/* Finished jobs count whole, running ones by how far their transfer got
 * (upload is the first half, download the second). */
static void
update_progress (CutoutQueuePage *self)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);
  guint active;
  double sum;

  g_object_get (self->queue, "n-active", &active, NULL);
  sum = count_final (self->queue);

  for (guint i = 0; active > 0 && i < n; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (model, i);
      CutoutJobState state = cutout_job_get_state (job);

      if (state == CUTOUT_JOB_STATE_UPLOADING)
        sum += 0.5 * cutout_job_get_upload_fraction (job);
      else if (state == CUTOUT_JOB_STATE_PROCESSING)
        sum += 0.5;
      else if (state == CUTOUT_JOB_STATE_DOWNLOADING)
        sum += 0.5 + 0.5 * MAX (0.0, cutout_job_get_download_fraction (job));
    }

  gtk_progress_bar_set_fraction (self->overall_progress, n > 0 ? CLAMP (sum / n, 0.0, 1.0) : 0.0);
}

/* The time left, from the rate at which jobs finished since the batch
 * (re)started running. */
static void
update_time_left (CutoutQueuePage *self)
{
  CutoutQueueState state = cutout_queue_get_state (self->queue);
  guint queued, active, finished;
  double elapsed, rate, seconds;
  g_autofree char *text = NULL;

  g_object_get (self->queue, "n-queued", &queued, "n-active", &active, NULL);
  finished = count_final (self->queue);

  if (state != CUTOUT_QUEUE_STATE_RUNNING || self->rate_start_us == 0 ||
      finished <= self->rate_start_final || queued + active == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->time_label), FALSE);
      return;
    }

  elapsed = (g_get_monotonic_time () - self->rate_start_us) / (double) G_USEC_PER_SEC;
  rate = (finished - self->rate_start_final) / MAX (elapsed, 0.001);
  seconds = (queued + active) / rate;

  if (seconds < 60)
    text = g_strdup (_("Less than a minute left"));
  else if (seconds < 120 * 60)
    {
      int minutes = (int) ((seconds + 59) / 60);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %d minute left",
                                           "About %d minutes left", minutes), minutes);
    }
  else
    {
      int hours = (int) ((seconds + 1799) / 3600);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %d hour left",
                                           "About %d hours left", hours), hours);
    }

  gtk_label_set_text (self->time_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), TRUE);
}

static void
update_forecast (CutoutQueuePage *self)
{
  CutoutMembership *membership = cutout_context_get_membership (self->context);
  guint queued, active, unchecked = 0, credits;
  guint images;
  gint64 shortfall = 0;
  gboolean preparing = FALSE;
  g_autofree char *uses = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_object_get (self->queue, "n-queued", &queued, "n-active", &active, "preparing", &preparing, NULL);
  images = queued + active;
  credits = cutout_queue_forecast (self->queue, &unchecked);

  gtk_widget_remove_css_class (GTK_WIDGET (self->forecast_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->forecast_label), "dim-label");

  if (images == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->forecast_label), FALSE);
      return;
    }

  /* Translators: the first part of the credit forecast, e.g. "12 images
   * will use 12 credits". The two numbers differ when some images are
   * duplicates of earlier ones. */
  uses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image will use", "%u images will use", images), images);
  g_string_append (text, uses);
  g_string_append_c (text, ' ');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u credit", "%u credits", credits), credits);
  if (unchecked > 0 && preparing)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("(checking…)"));
    }

  if (membership != NULL)
    {
      g_autofree char *available = format_count (cutout_membership_get_total_available (membership));
      g_autofree char *part = g_strdup_printf (_("%s available"), available);

      append_part (text, part);
      if (!cutout_queue_forecast_is_covered (self->queue, membership, &shortfall))
        {
          g_autofree char *missing = format_count (shortfall);
          g_autofree char *warning = NULL;

          /* Translators: %s is a number of credits (with the locale's digit grouping). */
          warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s credit short", "%s credits short",
                                                  (gulong) MIN (shortfall, G_MAXLONG)),
                                     missing);

          append_part (text, warning);
          gtk_widget_add_css_class (GTK_WIDGET (self->forecast_label), "warning");
        }
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->forecast_label), "dim-label");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->forecast_label), "dim-label");

  gtk_label_set_text (self->forecast_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->forecast_label), TRUE);
}

static void
update_summary (CutoutQueuePage *self)
{
  update_counts (self);
  update_progress (self);
  update_time_left (self);
  update_forecast (self);
}

static gboolean
summary_timeout_cb (gpointer user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (user_data);

  self->summary_id = 0;
  update_summary (self);
  return G_SOURCE_REMOVE;
}

static void
queue_summary_update (CutoutQueuePage *self)
{
  if (self->summary_id == 0)
    self->summary_id = g_timeout_add (SUMMARY_DELAY_MS, summary_timeout_cb, self);
}

static gboolean
tick_cb (gpointer user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (user_data);

  update_progress (self);
  update_time_left (self);
  return G_SOURCE_CONTINUE;
}

static void
update_key_hint (CutoutQueuePage *self)
{
  gtk_widget_set_visible (self->key_box, !cutout_context_has_key (self->context));
}

/* Feedback when the queue stops or waits ------------------------------------ */

static void
update_stop_bar (CutoutQueuePage *self)
{
  const GError *error = cutout_queue_get_stop_error (self->queue);
  const char *title;
  const char *fix_label = NULL;
  const char *fix_action = NULL;
  const char *fix_uri = NULL;
  g_autofree char *message = NULL;

  if (cutout_queue_get_state (self->queue) != CUTOUT_QUEUE_STATE_STOPPED || error == NULL)
    {
      gtk_info_bar_set_revealed (self->stop_bar, FALSE);
      return;
    }

  if (error->domain != CUTOUT_API_ERROR)
    title = _("The queue stopped");
  else
    switch ((CutoutApiError) error->code)
      {
      case CUTOUT_API_ERROR_INVALID_KEY:
        title = _("The service did not accept the API key");
        fix_label = _("_Enter Key…");
        fix_action = "app.set-key";
        break;
      case CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED:
        title = _("The account’s email address is not verified yet: check your inbox, then resume");
        fix_label = _("_Open Account Page");
        fix_uri = REMBG_SITE_URL;
        break;
      case CUTOUT_API_ERROR_DAILY_LIMIT:
        title = _("The free images for today are used up: sign up for an API key to go on");
        fix_label = _("_Sign Up");
        fix_uri = REMBG_SITE_URL;
        break;
      case CUTOUT_API_ERROR_MONTHLY_LIMIT:
        title = _("The account has no credits left this month: buy credits to go on");
        fix_label = _("_Buy Credits");
        fix_uri = REMBG_PRICING_URL;
        break;
      case CUTOUT_API_ERROR_KEY_AND_TOKEN:
        title = _("The service refused the request’s credentials");
        fix_label = _("_Enter Key…");
        fix_action = "app.set-key";
        break;
      default:
        title = _("The queue stopped");
        break;
      }

  /* Translators: %s is the service's own message. */
  message = g_strdup_printf (_("The service said: “%s”. Every image is kept in the queue."), error->message);
  gtk_label_set_text (self->stop_title_label, title);
  gtk_label_set_text (self->stop_message_label, message);

  gtk_widget_set_visible (GTK_WIDGET (self->stop_fix_button), fix_label != NULL);
  if (fix_label != NULL)
    {
      gtk_button_set_label (self->stop_fix_button, fix_label);
      if (fix_uri != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (self->stop_fix_button), "s", fix_uri);
      else
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->stop_fix_button), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->stop_fix_button),
                                      fix_uri != NULL ? "queue.open-uri" : fix_action);
    }

  gtk_info_bar_set_revealed (self->stop_bar, TRUE);
}

static void
update_wait_bar (CutoutQueuePage *self)
{
  const GError *error = cutout_queue_get_wait_error (self->queue);
  gint64 until = cutout_queue_get_waiting_until (self->queue);
  g_autoptr(GString) text = g_string_new (NULL);

  if (cutout_queue_get_state (self->queue) != CUTOUT_QUEUE_STATE_WAITING)
    {
      gtk_info_bar_set_revealed (self->wait_bar, FALSE);
      return;
    }

  if (error == NULL)
    g_string_append (text, _("Offline: the queue goes on when the network is back."));
  else if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_TOO_FAST))
    g_string_append (text, _("The service asks to slow down, so the queue waits a moment."));
  else if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK))
    g_string_append (text, _("The service cannot be reached, so the queue waits."));
  else
    {
      /* Translators: %s is the error that made the queue wait. */
      g_string_append_printf (text, _("The queue waits: %s"), error->message);
    }

  if (until > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (until / G_USEC_PER_SEC);
      g_autofree char *time_text = when != NULL ? g_date_time_format (when, "%X") : NULL;

      if (time_text != NULL)
        {
          g_string_append_c (text, ' ');
          /* Translators: %s is a time of day. */
          g_string_append_printf (text, _("Next try at %s."), time_text);
        }
    }

  gtk_label_set_text (self->wait_label, text->str);
  gtk_info_bar_set_revealed (self->wait_bar, TRUE);
}

/* Actions' state ------------------------------------------------------------- */

static void
update_actions (CutoutQueuePage *self)
{
  CutoutQueueState state = cutout_queue_get_state (self->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  guint queued, active, failed, finished;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  gboolean options_valid, can_start;
  gboolean idle = state == CUTOUT_QUEUE_STATE_IDLE || state == CUTOUT_QUEUE_STATE_FINISHED;
  gboolean running = state == CUTOUT_QUEUE_STATE_RUNNING || state == CUTOUT_QUEUE_STATE_WAITING;
  gboolean held = state == CUTOUT_QUEUE_STATE_PAUSED || state == CUTOUT_QUEUE_STATE_STOPPED;

  g_object_get (self->queue, "n-queued", &queued, "n-active", &active, "n-failed", &failed, NULL);
  finished = count_final (self->queue);
  options_valid = cutout_options_validate (cutout_queue_get_options (self->queue), &invalid);
  can_start = idle && queued > 0 && options_valid;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.start", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.resume", held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.toggle-pause", running || held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.cancel-all", queued + active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.retry-failed", failed > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.clear-finished", finished > 0);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.remove-selected", !gtk_bitset_is_empty (selected));

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), held);

  /* Say why Start cannot be pressed. */
  if (!options_valid)
    {
      g_autofree char *reason = g_strdup_printf (_("Fix the options first: %s"), invalid->message);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), reason);
    }
  else if (n_items == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Add images first"));
  else if (queued == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Nothing left to do: add images or retry failed ones"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Remove the backgrounds (Ctrl+Return)"));

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

static void
update_rate (CutoutQueuePage *self)
{
  CutoutQueueState state = cutout_queue_get_state (self->queue);

  /* The estimate restarts whenever the batch runs again, so that pauses
   * and waits do not make it look slower than it is. */
  if (state == CUTOUT_QUEUE_STATE_RUNNING)
    {
      if (self->rate_start_us == 0)
        {
          self->rate_start_us = g_get_monotonic_time ();
          self->rate_start_final = count_final (self->queue);
        }
      if (self->tick_id == 0)
        self->tick_id = g_timeout_add (TICK_INTERVAL_MS, tick_cb, self);
    }
  else
    {
      self->rate_start_us = 0;
      g_clear_handle_id (&self->tick_id, g_source_remove);
    }
}

/* Signal handlers -------------------------------------------------------------- */

static gboolean
state_idle_cb (gpointer user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (user_data);

  self->state_id = 0;
  update_rate (self);
  update_stop_bar (self);
  update_wait_bar (self);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

/* Adding 10,000 files notifies the counts 10,000 times in a row: the
 * controls follow once, as soon as the burst is over. */
static void
queue_state_update (CutoutQueuePage *self)
{
  if (self->state_id == 0)
    self->state_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, state_idle_cb, self, NULL);
}

static void
queue_notify_cb (CutoutQueue     *queue,
                 GParamSpec      *pspec,
                 CutoutQueuePage *self)
{
  queue_state_update (self);
  queue_summary_update (self);
}

static void
queue_items_changed_cb (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        CutoutQueuePage *self)
{
  queue_state_update (self);
  queue_summary_update (self);
}

/* The job the options panel previews and edits: the first selected one. */
static void
update_selected_job (CutoutQueuePage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(CutoutJob) job = NULL;

  if (!gtk_bitset_is_empty (selected))
    job = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

  if (g_set_object (&self->selected_job, job))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_JOB]);
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      CutoutQueuePage   *self)
{
  queue_state_update (self);
  update_selected_job (self);
}

static void
selection_items_changed_cb (GListModel      *model,
                            guint            position,
                            guint            removed,
                            guint            added,
                            CutoutQueuePage *self)
{
  update_selected_job (self);
}

static void
context_notify_cb (CutoutContext   *context,
                   GParamSpec      *pspec,
                   CutoutQueuePage *self)
{
  update_key_hint (self);
  queue_summary_update (self);
}

/* Actions ----------------------------------------------------------------------------- */

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);

  cutout_queue_start (self->queue);
}

static void
pause_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cutout_queue_pause (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
resume_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cutout_queue_resume (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
toggle_pause_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  CutoutQueueState state = cutout_queue_get_state (self->queue);

  if (state == CUTOUT_QUEUE_STATE_RUNNING || state == CUTOUT_QUEUE_STATE_WAITING)
    cutout_queue_pause (self->queue);
  else if (state == CUTOUT_QUEUE_STATE_PAUSED || state == CUTOUT_QUEUE_STATE_STOPPED)
    cutout_queue_resume (self->queue);
}

static void
cancel_all_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cutout_queue_cancel_all (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
retry_failed_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);

  if (cutout_queue_retry_failed (self->queue) > 0)
    cutout_queue_prepare (self->queue);
}

static void
clear_finished_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  cutout_queue_clear_finished (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
remove_selected_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;
  guint n_busy = 0;

  /* Collect first: removing changes the positions. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->queue), position));

  for (guint i = 0; i < jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (jobs, i);

      if (cutout_job_state_is_active (cutout_job_get_state (job)) ||
          !cutout_queue_remove (self->queue, job, NULL))
        n_busy++;
    }

  if (n_busy > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u image is being processed: cancel it first",
                                                             "%u images are being processed: cancel them first",
                                                             n_busy),
                                                n_busy);

      cutout_queue_page_show_toast (self, title);
    }
}

static void
open_uri_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  if (!g_app_info_launch_default_for_uri (g_variant_get_string (parameter, NULL),
                                          G_APP_LAUNCH_CONTEXT (context), &error))
    cutout_queue_page_show_toast (self, error->message);
}

/* GObject ---------------------------------------------------------------------------- */

void
cutout_queue_page_set_adding (CutoutQueuePage *self,
                              gboolean         adding)
{
  gboolean was_adding = self->n_adding > 0;

  if (adding)
    self->n_adding++;
  else if (self->n_adding > 0)
    self->n_adding--;

  if (was_adding != (self->n_adding > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDING]);
}

static void
cutout_queue_page_constructed (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->constructed (object);

  g_assert (CUTOUT_IS_CONTEXT (self->context));
  self->queue = g_object_ref (cutout_context_get_queue (self->context));

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->queue)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, 0);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, 0);

  factory = cutout_queue_page_new_factory (self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->queue, "notify", G_CALLBACK (queue_notify_cb), self, 0);
  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (queue_items_changed_cb), self, 0);
  g_signal_connect_object (self->context, "notify::key-source", G_CALLBACK (context_notify_cb), self, 0);
  g_signal_connect_object (self->context, "notify::membership", G_CALLBACK (context_notify_cb), self, 0);

  update_key_hint (self);
  update_actions (self);
  update_rate (self);
  update_stop_bar (self);
  update_wait_bar (self);
  update_summary (self);
}

static void
cutout_queue_page_dispose (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->summary_id, g_source_remove);
  g_clear_handle_id (&self->state_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_QUEUE_PAGE);

  g_clear_object (&self->selected_job);
  g_clear_object (&self->selection);
  g_clear_object (&self->queue);
  g_clear_object (&self->context);
  cutout_queue_page_clear_thumbnails (self);

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->dispose (object);
}

static void
cutout_queue_page_finalize (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->finalize (object);
}

static void
cutout_queue_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ADDING:
      g_value_set_boolean (value, self->n_adding > 0);
      break;
    case PROP_SELECTED_JOB:
      g_value_set_object (value, self->selected_job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

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
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (done || display == NULL)
    return;
  done = TRUE;

  /* The page's drop highlight; libadwaita's named colors keep it right
   * in the dark style too. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".cutout-drop-active {"
                                   "  background-color: alpha(@accent_bg_color, 0.12);"
                                   "  box-shadow: inset 0 0 0 2px @accent_color;"
                                   "}",
                                   -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
cutout_queue_page_class_init (CutoutQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_queue_page_constructed;
  object_class->dispose = cutout_queue_page_dispose;
  object_class->finalize = cutout_queue_page_finalize;
  object_class->get_property = cutout_queue_page_get_property;
  object_class->set_property = cutout_queue_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDING] =
    g_param_spec_boolean ("adding", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The first selected job, or NULL: what the options panel previews. */
  properties[PROP_SELECTED_JOB] =
    g_param_spec_object ("selected-job", NULL, NULL, CUTOUT_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_title_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_message_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_fix_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, wait_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, wait_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, time_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, overall_progress);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, forecast_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, key_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, resume_button);

  gtk_widget_class_install_action (widget_class, "queue.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.pause", NULL, pause_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.resume", NULL, resume_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.toggle-pause", NULL, toggle_pause_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.cancel-all", NULL, cancel_all_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.retry-failed", NULL, retry_failed_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.clear-finished", NULL, clear_finished_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.remove-selected", NULL, remove_selected_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.open-uri", "s", open_uri_action_cb);
  cutout_queue_page_class_init_input (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "queue.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "queue.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "queue.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "queue.remove-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "queue.remove-selected", NULL);

  g_type_ensure (CUTOUT_TYPE_QUEUE_ROW);
}

static void
cutout_queue_page_init (CutoutQueuePage *self)
{
  ensure_css ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->thumbnails = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->thumbnail_lru);

  cutout_queue_page_init_input (self);
}

/* Public API ------------------------------------------------------------------------ */

CutoutQueuePage *
cutout_queue_page_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_QUEUE_PAGE, "context", context, NULL);
}

CutoutContext *
cutout_queue_page_get_context (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), NULL);

  return self->context;
}

gboolean
cutout_queue_page_get_adding (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), FALSE);

  return self->n_adding > 0;
}
