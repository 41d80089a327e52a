/* cutout-queue-page-summary.c — the Queue page's summary (counts, progress, time left, credit forecast) and info bars
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

/* Summary updates are gathered: progress notifies many times a second. */
#define SUMMARY_DELAY_MS 100
#define TICK_INTERVAL_MS 500

#define REMBG_SITE_URL "https://www.rembg.com"
#define REMBG_PRICING_URL "https://www.rembg.com/pricing"

/* Helpers ------------------------------------------------------------------- */

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

guint
cutout_queue_page_count_final (CutoutQueue *queue)
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
  sum = cutout_queue_page_count_final (self->queue);

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
  finished = cutout_queue_page_count_final (self->queue);

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

void
cutout_queue_page_update_summary (CutoutQueuePage *self)
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
  cutout_queue_page_update_summary (self);
  return G_SOURCE_REMOVE;
}

void
cutout_queue_page_queue_summary_update (CutoutQueuePage *self)
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

void
cutout_queue_page_update_key_hint (CutoutQueuePage *self)
{
  gtk_widget_set_visible (self->key_box, !cutout_context_has_key (self->context));
}

/* Feedback when the queue stops or waits ------------------------------------ */

void
cutout_queue_page_update_stop_bar (CutoutQueuePage *self)
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

void
cutout_queue_page_update_wait_bar (CutoutQueuePage *self)
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


/* The time-left estimate's clock -------------------------------------------- */

void
cutout_queue_page_update_rate (CutoutQueuePage *self)
{
  CutoutQueueState state = cutout_queue_get_state (self->queue);

  /* The estimate restarts whenever the batch runs again, so that pauses
   * and waits do not make it look slower than it is. */
  if (state == CUTOUT_QUEUE_STATE_RUNNING)
    {
      if (self->rate_start_us == 0)
        {
          self->rate_start_us = g_get_monotonic_time ();
          self->rate_start_final = cutout_queue_page_count_final (self->queue);
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

