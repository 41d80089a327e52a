/* cutout-cli-report.c — what cutout-cli prints about each image and the batch
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>
#include <glib/gi18n.h>

#include "cutout-cli.h"
#include "cutout-output.h"

/* A job that ended without a result because SKIP found its output
 * already there (or a file was not an image at all) is "skipped", not
 * "failed": nothing went wrong and nothing was spent. */
const char *
cutout_cli_job_status (CutoutJob *job)
{
  const GError *error = cutout_job_get_error (job);

  switch (cutout_job_get_state (job))
    {
    case CUTOUT_JOB_STATE_DONE:
      return "done";
    case CUTOUT_JOB_STATE_CANCELLED:
      return "skipped";
    case CUTOUT_JOB_STATE_FAILED:
      if (g_error_matches (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS))
        return "skipped";
      return "failed";
    case CUTOUT_JOB_STATE_QUEUED:
    case CUTOUT_JOB_STATE_PAUSED:
    case CUTOUT_JOB_STATE_UPLOADING:
    case CUTOUT_JOB_STATE_PROCESSING:
    case CUTOUT_JOB_STATE_DOWNLOADING:
    case CUTOUT_JOB_STATE_WAITING_RETRY:
    default:
      return "pending";
    }
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
cutout_cli_report_json (const char *input_path,
                        const char *output_path,
                        const char *status,
                        const char *error_message,
                        guint       http_status,
                        goffset     bytes_in,
                        goffset     bytes_out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "input", input_path);
  add_string_or_null (builder, "output", output_path);
  add_string_or_null (builder, "status", status);
  add_string_or_null (builder, "error", error_message);
  json_builder_set_member_name (builder, "http_status");
  if (http_status != 0)
    json_builder_add_int_value (builder, http_status);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "bytes_in");
  json_builder_add_int_value (builder, bytes_in);
  json_builder_set_member_name (builder, "bytes_out");
  json_builder_add_int_value (builder, bytes_out);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  cutout_cli_print_json (node);
}

void
cutout_cli_report_job (CutoutJob *job,
                       gboolean   json)
{
  const char *status = cutout_cli_job_status (job);
  const GError *error = cutout_job_get_error (job);
  g_autofree char *input = g_file_get_path (cutout_job_get_input (job));
  GFile *output_file = cutout_job_get_output (job);
  g_autofree char *output = output_file != NULL ? g_file_get_path (output_file) : NULL;

  if (json)
    {
      guint http_status = 0;

      if (error != NULL)
        http_status = cutout_api_error_get_http_status (error);
      else if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE && cutout_job_get_attempts (job) > 0)
        http_status = 200;

      cutout_cli_report_json (input,
                              cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE ? output : NULL,
                              status,
                              error != NULL ? error->message : NULL,
                              http_status,
                              cutout_job_get_bytes_in (job),
                              cutout_job_get_bytes_out (job));
      return;
    }

  if (g_str_equal (status, "done"))
    {
      const char *note = cutout_job_get_note (job);

      if (cutout_job_get_attempts (job) == 0)
        /* Translators: a duplicate of an earlier result, no request made. */
        g_print (_("%s → %s (already done before: no credit used)\n"), input, output);
      else if (note != NULL)
        g_print ("%s → %s (%s)\n", input, output, note);
      else
        g_print ("%s → %s\n", input, output);
    }
  else if (g_str_equal (status, "skipped"))
    g_print (_("%s: skipped: %s\n"), input, error != NULL ? error->message : _("cancelled"));
  else
    cutout_cli_print_error (input, error);

  if (cutout_job_get_possibly_charged (job) > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%s: the answer to %u request was lost after it was sent; the service may have charged a credit for it.\n",
                             "%s: the answers to %u requests were lost after they were sent; the service may have charged a credit for each.\n",
                             cutout_job_get_possibly_charged (job)),
                input, cutout_job_get_possibly_charged (job));
}

/* A job the run left unfinished (the queue stopped, or was interrupted):
 * it stays queued in the history for --resume, but for this run it did
 * not succeed, and a script must hear why. */
void
cutout_cli_report_unfinished (CutoutJob    *job,
                              const GError *reason,
                              gboolean      json)
{
  const GError *error = cutout_job_get_error (job) != NULL ? cutout_job_get_error (job) : reason;
  g_autofree char *input = g_file_get_path (cutout_job_get_input (job));

  if (json)
    cutout_cli_report_json (input, NULL, "failed",
                            error != NULL ? error->message : _("Interrupted; continue with --resume."),
                            error != NULL ? cutout_api_error_get_http_status (error) : 0,
                            cutout_job_get_bytes_in (job), 0);
  else if (cutout_job_get_error (job) != NULL)
    cutout_cli_print_error (input, cutout_job_get_error (job));
}

/* What the user can do about the error that stopped the queue. */
const char *
cutout_cli_stop_advice (const GError *error)
{
  if (error == NULL || error->domain != CUTOUT_API_ERROR)
    return NULL;

  switch ((CutoutApiError) error->code)
    {
    case CUTOUT_API_ERROR_INVALID_KEY:
      return _("Check the API key (from your profile on rembg.com) in the keyring or CUTOUT_API_KEY.");
    case CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED:
      return _("Verify your email address with the link the service sent you, then run again with --resume.");
    case CUTOUT_API_ERROR_DAILY_LIMIT:
      return _("Without an API key only a few images a day are free. Sign up at rembg.com and add your key.");
    case CUTOUT_API_ERROR_MONTHLY_LIMIT:
      return _("The account has no credits left. Buy more credits at rembg.com, then run again with --resume.");
    case CUTOUT_API_ERROR_KEY_AND_TOKEN:
    default:
      return NULL;
    }
}

void
cutout_cli_show_progress (CutoutQueue *queue,
                          gint64      *last_us)
{
  gint64 now = g_get_monotonic_time ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  guint finished = 0, active = 0;
  double fraction = 0.0;

  if (now - *last_us < 100 * G_TIME_SPAN_MILLISECOND)
    return;
  *last_us = now;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      CutoutJobState state = cutout_job_get_state (job);

      if (cutout_job_state_is_final (state))
        finished++;
      else if (cutout_job_state_is_active (state))
        {
          double down = MAX (cutout_job_get_download_fraction (job), 0.0);
          active++;
          fraction += (cutout_job_get_upload_fraction (job) + down) / 2.0;
        }
    }

  /* Translators: a progress line on a terminal: images finished of all,
   * how many are in flight, and how far those are. */
  cutout_cli_clear_progress ();
  g_printerr (_("[%u/%u] %u in flight, %d %%"),
              finished, n, active, active > 0 ? (int) (100 * fraction / active) : 0);
}

void
cutout_cli_clear_progress (void)
{
  g_printerr ("\r\033[K");
}
