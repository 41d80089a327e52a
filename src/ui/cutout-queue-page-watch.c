/* cutout-queue-page-watch.c — the Queue page's watched folder: its new images join the queue
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-error-toast.h"
#include "cutout-preflight.h"
#include "cutout-queue-page-private.h"

/* The folder and the switch are the settings "watch-folder" and
 * "watch-enabled" when the context has settings (they then survive a
 * restart), else they live in the page. Either way apply_watch() makes
 * the CutoutWatch follow them. */

static gboolean
has_folder (CutoutQueuePage *self)
{
  return self->watch_path != NULL && self->watch_path[0] != '\0';
}

/* The UI ------------------------------------------------------------------- */

static void
update_watch_ui (CutoutQueuePage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.forget-watch-folder", has_folder (self));
  gtk_revealer_set_reveal_child (self->watch_revealer, has_folder (self));

  self->watch_updating++;
  gtk_switch_set_active (self->watch_switch, self->watch_enabled);
  self->watch_updating--;

  if (!has_folder (self))
    return;

  name = g_filename_display_basename (self->watch_path);
  if (g_error_matches (self->watch_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: %s is a folder name. */
    subtitle = g_strdup_printf (_("“%s” cannot be watched: it does not exist"), name);
  else if (self->watch_error != NULL)
    /* Translators: %s is a folder name, then why it cannot be watched. */
    subtitle = g_strdup_printf (_("“%s” cannot be watched: %s"), name, self->watch_error->message);
  else if (self->watch != NULL)
    /* Translators: %s is a folder name. */
    subtitle = g_strdup_printf (_("New images in “%s” join the queue"), name);
  else
    /* Translators: %s is a folder name. */
    subtitle = g_strdup_printf (_("“%s” is not watched"), name);
  adw_action_row_set_subtitle (self->watch_row, subtitle);

  gtk_image_set_from_icon_name (self->watch_icon, self->watch_error != NULL ? "dialog-warning-symbolic"
                                                                            : "folder-saved-search-symbolic");
  if (self->watch_error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->watch_icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->watch_icon), "warning");

  tooltip = g_string_new (NULL);
  {
    g_autofree char *display = g_filename_display_name (self->watch_path);

    g_string_append (tooltip, display);
  }
  if (self->watch != NULL && cutout_watch_get_polled (self->watch))
    {
      g_string_append (tooltip, "\n");
      g_string_append (tooltip, _("This folder is on a network share or comes through the document "
                                  "portal, where new files are not always noticed at once: Cutout also "
                                  "looks for them every few seconds."));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->watch_row), tooltip->str);
}

/* Adding what appears ---------------------------------------------------------- */

/* A file the queue already has as an input, or wrote as a result (when
 * results are saved beside their originals, into the watched folder). */
static gboolean
is_known (CutoutQueuePage *self,
          GFile           *file)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (model, i);
      GFile *output = cutout_job_get_output (job);

      if (g_file_equal (cutout_job_get_input (job), file) ||
          (output != NULL && g_file_equal (output, file)))
        return TRUE;
    }

  return FALSE;
}

/* The same rule as for dropped files: what looks like an image (by its
 * first bytes or to gdk-pixbuf) joins, and so does a broken or empty
 * file with an image's extension (the queue then says what is wrong
 * with it); files the service would refuse for their type ("File type
 * '.txt' is not supported") are ignored. */
static void
check_image_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 head[32];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, NULL))
    {
      g_task_return_boolean (task, !g_cancellable_is_cancelled (cancellable));
      return;
    }
  if (n == 0 || cutout_image_type_sniff (head, n) != CUTOUT_IMAGE_TYPE_UNKNOWN)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_file_get_path (file);
  if (path != NULL && gdk_pixbuf_get_file_info (path, NULL, NULL) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  info = cutout_preflight_check (file, cancellable, &error);
  g_task_return_boolean (task, info != NULL || !g_error_matches (error, CUTOUT_API_ERROR,
                                                                 CUTOUT_API_ERROR_UNSUPPORTED_TYPE));
}

static void
check_image_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (source);
  GFile *file = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  GList files = { .data = file };

  /* Switched off (or another folder chosen) meanwhile. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_cancellable_is_cancelled (cancellable))
    return;
  if (self->queue == NULL || is_known (self, file))
    return;

  cutout_queue_add_files (self->queue, &files, NULL);
  /* As for added files: checked at once, so that the credit forecast is
   * exact and a file the service would refuse fails before Start. */
  cutout_queue_prepare (self->queue);
}

static void
watch_file_ready_cb (CutoutWatch     *watch,
                     GFile           *file,
                     CutoutQueuePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (is_known (self, file))
    return;

  task = g_task_new (self, self->watch_cancellable, check_image_done_cb, NULL);
  g_task_set_source_tag (task, watch_file_ready_cb);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, check_image_thread);
}

/* Following the folder and the switch ---------------------------------------- */

static void
stop_watch (CutoutQueuePage *self)
{
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  if (self->watch_cancellable != NULL)
    g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
}

static void
apply_watch (CutoutQueuePage *self)
{
  g_autoptr(GFile) folder = NULL;

  if (!self->watch_enabled || !has_folder (self))
    {
      stop_watch (self);
      g_clear_error (&self->watch_error);
      update_watch_ui (self);
      return;
    }

  folder = g_file_new_for_path (self->watch_path);
  if (self->watch != NULL && g_file_equal (cutout_watch_get_folder (self->watch), folder))
    {
      update_watch_ui (self);
      return;
    }

  stop_watch (self);
  g_clear_error (&self->watch_error);
  self->watch = cutout_watch_new (folder, &self->watch_error);
  if (self->watch != NULL)
    {
      if (self->watch_settle_ms > 0)
        cutout_watch_set_settle_ms (self->watch, self->watch_settle_ms);
      self->watch_cancellable = g_cancellable_new ();
      g_signal_connect (self->watch, "file-ready", G_CALLBACK (watch_file_ready_cb), self);
    }

  update_watch_ui (self);
}

static void
load_settings (CutoutQueuePage *self)
{
  GSettings *settings = cutout_context_get_settings (self->context);

  if (settings == NULL)
    return;

  g_free (self->watch_path);
  self->watch_path = g_settings_get_string (settings, "watch-folder");
  self->watch_enabled = g_settings_get_boolean (settings, "watch-enabled");
}

static void
settings_changed_cb (GSettings       *settings,
                     const char      *key,
                     CutoutQueuePage *self)
{
  if (g_strcmp0 (key, "watch-folder") != 0 && g_strcmp0 (key, "watch-enabled") != 0)
    return;

  load_settings (self);
  apply_watch (self);
}

/* Sets the folder (NULL: keep it) and the switch, in the settings when
 * there are some. */
static void
store_watch (CutoutQueuePage *self,
             const char      *path,
             gboolean         enabled)
{
  GSettings *settings = cutout_context_get_settings (self->context);
  g_autofree char *new_path = g_strdup (path != NULL ? path : self->watch_path);

  if (settings != NULL)
    {
      /* Each write runs settings_changed_cb(), which reloads both keys
       * (the second one still old after the first write): hence the
       * values are kept aside here, and the folder goes first so that
       * the switch never acts on a stale folder. */
      g_settings_set_string (settings, "watch-folder", new_path != NULL ? new_path : "");
      g_settings_set_boolean (settings, "watch-enabled", enabled);
    }

  g_free (self->watch_path);
  self->watch_path = g_steal_pointer (&new_path);
  self->watch_enabled = enabled;
  apply_watch (self);
}

static void
watch_switch_cb (GtkSwitch       *button,
                 GParamSpec      *pspec,
                 CutoutQueuePage *self)
{
  if (self->watch_updating > 0)
    return;

  store_watch (self, NULL, gtk_switch_get_active (button));
}

/* Actions ------------------------------------------------------------------------ */

static void
watch_chooser_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           CutoutQueuePage *self)
{
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->watch_chooser);

  if (folder != NULL)
    cutout_queue_page_set_watch_folder (self, folder);
}

static void
choose_watch_folder_action_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->watch_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->watch_chooser));
      return;
    }

  self->watch_chooser = gtk_file_chooser_native_new (_("Choose a Folder to Watch"),
                                                     GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                     _("_Watch"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->watch_chooser), TRUE);
  if (has_folder (self))
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->watch_path);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->watch_chooser), current, NULL);
    }
  g_signal_connect (self->watch_chooser, "response", G_CALLBACK (watch_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->watch_chooser));
}

static void
forget_watch_folder_action_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  cutout_queue_page_set_watch_folder (CUTOUT_QUEUE_PAGE (widget), NULL);
}

/* Set-up ---------------------------------------------------------------------------- */

void
cutout_queue_page_class_init_watch (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, watch_revealer);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, watch_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, watch_icon);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, watch_switch);

  gtk_widget_class_install_action (widget_class, "queue.choose-watch-folder", NULL,
                                   choose_watch_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.forget-watch-folder", NULL,
                                   forget_watch_folder_action_cb);
}

/* After the context is set. */
void
cutout_queue_page_init_watch (CutoutQueuePage *self)
{
  GSettings *settings = cutout_context_get_settings (self->context);

  g_signal_connect_object (self->watch_switch, "notify::active", G_CALLBACK (watch_switch_cb), self, 0);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);

  load_settings (self);
  apply_watch (self);
}

void
cutout_queue_page_dispose_watch (CutoutQueuePage *self)
{
  stop_watch (self);
  if (self->watch_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->watch_chooser));
  g_clear_object (&self->watch_chooser);
  g_clear_error (&self->watch_error);
  g_clear_pointer (&self->watch_path, g_free);
}

/* Public API ------------------------------------------------------------------------ */

void
cutout_queue_page_set_watch_folder (CutoutQueuePage *self,
                                    GFile           *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CUTOUT_IS_QUEUE_PAGE (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (folder == NULL)
    {
      store_watch (self, "", FALSE);
      return;
    }

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Only folders on this computer can be watched"));

      cutout_error_toast_show (GTK_WIDGET (self), _("Could not watch the folder"), error);
      return;
    }

  store_watch (self, path, TRUE);
}

GFile *
cutout_queue_page_dup_watch_folder (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), NULL);

  return has_folder (self) ? g_file_new_for_path (self->watch_path) : NULL;
}

gboolean
cutout_queue_page_get_watching (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), FALSE);

  return self->watch != NULL;
}

void
cutout_queue_page_set_watch_settle_ms (CutoutQueuePage *self,
                                       guint            settle_ms)
{
  g_return_if_fail (CUTOUT_IS_QUEUE_PAGE (self));

  self->watch_settle_ms = settle_ms;
  if (self->watch != NULL && settle_ms > 0)
    cutout_watch_set_settle_ms (self->watch, settle_ms);
}
