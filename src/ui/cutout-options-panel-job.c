/* cutout-options-panel-job.c — the options panel's selected job: its own options and re-rendering
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-options-panel-private.h"

gboolean
cutout_options_panel_editing_override (CutoutOptionsPanel *self)
{
  return self->job != NULL && cutout_job_get_options_override (self->job) != NULL;
}

void
cutout_options_panel_update_actions (CutoutOptionsPanel *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean done = self->job != NULL && cutout_job_get_state (self->job) == CUTOUT_JOB_STATE_DONE;
  gboolean keep_editable = FALSE;
  g_autofree char *folder = NULL;

  g_object_get (self->queue, "keep-editable", &keep_editable, NULL);
  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "output-folder");

  gtk_widget_action_set_enabled (widget, "options.apply-to-image",
                                 self->job != NULL && self->options_error == NULL);
  gtk_widget_action_set_enabled (widget, "options.reset-to-batch", cutout_options_panel_editing_override (self));
  gtk_widget_action_set_enabled (widget, "options.rerender",
                                 done && keep_editable && self->options_error == NULL && !self->rerendering);
  gtk_widget_action_set_enabled (widget, "options.save-preset",
                                 self->settings != NULL && self->options_error == NULL);
  gtk_widget_action_set_enabled (widget, "options.reset-folder", folder != NULL && folder[0] != '\0');
  gtk_widget_action_set_enabled (widget, "options.choose-folder", self->settings != NULL);

  /* The override switch stays usable to turn an override off even while
   * the options shown are invalid. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_switch),
                            self->job != NULL && (self->options_error == NULL || cutout_options_panel_editing_override (self)));
}

void
cutout_options_panel_sync_job (CutoutOptionsPanel *self)
{
  gboolean done = self->job != NULL && cutout_job_get_state (self->job) == CUTOUT_JOB_STATE_DONE;
  gboolean override = cutout_options_panel_editing_override (self);
  gboolean keep_editable = FALSE;

  g_object_get (self->queue, "keep-editable", &keep_editable, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->image_group), self->job != NULL);
  if (self->job != NULL)
    adw_preferences_group_set_description (self->image_group, cutout_job_get_display_name (self->job));

  self->updating++;
  gtk_switch_set_active (self->override_switch, override);
  self->updating--;
  adw_action_row_set_subtitle (self->override_row,
                               override ? _("This image has its own options")
                                        : _("This image uses the batch options"));
  adw_preferences_group_set_description (self->options_group,
                                         override ? _("For this image only")
                                                  : _("For every image of the batch"));

  gtk_widget_set_visible (GTK_WIDGET (self->credit_row), done);
  gtk_widget_set_visible (GTK_WIDGET (self->rerender_button), done && keep_editable);
  if (done && keep_editable)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->credit_row), _("No credit needed"));
      if (!self->rerendering)
        adw_action_row_set_subtitle (self->credit_row,
                                     _("The cut-out was kept: new options are applied on this computer"));
    }
  else if (done)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->credit_row),
                                     _("Changing options means processing again: 1 credit"));
      adw_action_row_set_subtitle (self->credit_row, NULL);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->credit_row), "error");

  cutout_options_panel_update_actions (self);
}

void
cutout_options_panel_load_target (CutoutOptionsPanel *self)
{
  g_autoptr(CutoutOptions) options = NULL;

  if (cutout_options_panel_editing_override (self))
    options = cutout_options_copy (cutout_job_get_options_override (self->job));
  else
    options = cutout_options_panel_options_from_settings (self);

  cutout_options_panel_load_options (self, options);
}

void
cutout_options_panel_override_notify_cb (CutoutOptionsPanel *self)
{
  const CutoutOptions *override = cutout_job_get_options_override (self->job);

  /* The panel's own writes come back here too: reload only what changed
   * elsewhere (the queue page, a re-render), so typing is not disturbed. */
  if (override == NULL || !cutout_options_equal (override, self->options))
    cutout_options_panel_load_target (self);
  cutout_options_panel_sync_job (self);
}

void
cutout_options_panel_override_switch_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0 || self->job == NULL)
    return;

  if (gtk_switch_get_active (self->override_switch))
    gtk_widget_activate_action (GTK_WIDGET (self), "options.apply-to-image", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "options.reset-to-batch", NULL);
  cutout_options_panel_sync_job (self);
}

void
cutout_options_panel_apply_to_image_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  if (self->job == NULL || self->options_error != NULL)
    return;

  cutout_job_set_options_override (self->job, self->options);
}

void
cutout_options_panel_reset_to_batch_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  if (self->job == NULL)
    return;

  cutout_job_set_options_override (self->job, NULL);
}

static void
rerender_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CutoutOptionsPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) output = NULL;

  /* A disposed panel has cancelled the task: @self is gone then. */
  output = cutout_queue_rerender_finish (CUTOUT_QUEUE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->rerendering = FALSE;
  cutout_options_panel_sync_job (self);
  if (output == NULL)
    {
      adw_action_row_set_subtitle (self->credit_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_row), "error");
    }
  else
    {
      g_autofree char *name = g_file_get_basename (output);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *text = g_strdup_printf (_("Saved as %s"), display);

      adw_action_row_set_subtitle (self->credit_row, text);
    }
}

void
cutout_options_panel_rerender_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  if (self->job == NULL || self->options_error != NULL || self->rerendering)
    return;

  self->rerendering = TRUE;
  adw_action_row_set_subtitle (self->credit_row, _("Rendering…"));
  cutout_options_panel_update_actions (self);
  cutout_queue_rerender_async (self->queue, self->job, self->options, self->cancellable,
                               rerender_done_cb, self);
}
