/* cutout-queue-row.c — one job of the queue as a row of the Queue page
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-error-toast.h"
#include "cutout-file-actions.h"
#include "cutout-queue-row.h"
#include "cutout-queue-row-parts.h"

/* How often an indeterminate progress bar moves, in milliseconds. */
#define PULSE_INTERVAL_MS 120

struct _CutoutQueueRow
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkImage       *thumbnail;
  GtkWidget      *text_box;
  GtkLabel       *name_label;
  GtkLabel       *details_label;
  GtkWidget      *state_box;
  GtkImage       *state_icon;
  GtkLabel       *state_label;
  GtkButton      *cancel_button;
  GtkMenuButton  *menu_button;

  /* Made when first needed (NULL until then), see the "Parts made when
   * first needed" section: most rows never show them. */
  GtkProgressBar *progress_bar;
  GtkLabel       *error_label;
  GtkLabel       *note_label;
  GtkWidget      *override_box;
  GtkButton      *retry_button;
  GtkButton      *open_button;

  /* Owned */
  CutoutQueue    *queue;
  CutoutJob      *job;
  gulong          notify_id;
  guint           pulse_id;
};

enum
{
  PROP_0,
  PROP_QUEUE,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutQueueRow, cutout_queue_row, ADW_TYPE_BIN)

/* Helpers ------------------------------------------------------------------ */

static const char *
state_icon_name (CutoutJobState state)
{
  switch (state)
    {
    case CUTOUT_JOB_STATE_QUEUED: return "document-open-recent-symbolic";
    case CUTOUT_JOB_STATE_PAUSED: return "media-playback-pause-symbolic";
    case CUTOUT_JOB_STATE_UPLOADING: return "go-up-symbolic";
    case CUTOUT_JOB_STATE_PROCESSING: return "emblem-synchronizing-symbolic";
    case CUTOUT_JOB_STATE_DOWNLOADING: return "go-down-symbolic";
    case CUTOUT_JOB_STATE_WAITING_RETRY: return "view-refresh-symbolic";
    case CUTOUT_JOB_STATE_DONE: return "emblem-ok-symbolic";
    case CUTOUT_JOB_STATE_FAILED: return "dialog-error-symbolic";
    case CUTOUT_JOB_STATE_CANCELLED: return "process-stop-symbolic";
    default: return "image-missing-symbolic";
    }
}

static const char *
state_label_text (CutoutJobState state)
{
  switch (state)
    {
    case CUTOUT_JOB_STATE_QUEUED: return _("Queued");
    case CUTOUT_JOB_STATE_PAUSED: return _("Paused");
    case CUTOUT_JOB_STATE_UPLOADING: return _("Uploading");
    case CUTOUT_JOB_STATE_PROCESSING: return _("Processing");
    case CUTOUT_JOB_STATE_DOWNLOADING: return _("Downloading");
    case CUTOUT_JOB_STATE_WAITING_RETRY: return _("Waiting to retry");
    case CUTOUT_JOB_STATE_DONE: return _("Done");
    case CUTOUT_JOB_STATE_FAILED: return _("Failed");
    case CUTOUT_JOB_STATE_CANCELLED: return _("Cancelled");
    default: return "";
    }
}

/* The style class that colours a state's icon and label, or NULL. */
static const char *
state_style_class (CutoutJobState state)
{
  switch (state)
    {
    case CUTOUT_JOB_STATE_DONE: return "success";
    case CUTOUT_JOB_STATE_FAILED: return "error";
    case CUTOUT_JOB_STATE_WAITING_RETRY: return "warning";
    case CUTOUT_JOB_STATE_UPLOADING:
    case CUTOUT_JOB_STATE_PROCESSING:
    case CUTOUT_JOB_STATE_DOWNLOADING: return "accent";
    case CUTOUT_JOB_STATE_QUEUED:
    case CUTOUT_JOB_STATE_PAUSED:
    case CUTOUT_JOB_STATE_CANCELLED:
    default: return "dim-label";
    }
}

char *
cutout_queue_row_format_error (const GError *error)
{
  GString *text;
  GPtrArray *details;

  if (error == NULL)
    return NULL;

  text = g_string_new (error->message);
  details = error->domain == CUTOUT_API_ERROR ? cutout_api_error_get_details (error) : NULL;
  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      /* The summary often repeats the only detail; say it once. */
      if (g_strcmp0 (detail->message, error->message) == 0)
        continue;
      g_string_append_c (text, '\n');
      g_string_append (text, detail->message);
    }

  return g_string_free (text, FALSE);
}

/* Parts made when first needed ---------------------------------------------- */

/* The list view makes some 200 rows at once when a large drop arrives;
 * a row therefore holds only what every row shows, and makes the rest
 * the first time its job needs it. Once made, a part stays (hidden when
 * not needed) for the next jobs the row is bound to. */

/* Puts @child in the text column below the last of @above that exists,
 * so the parts keep the order name, details, state, progress, error,
 * note whatever order they are made in. */
static void
text_box_insert (CutoutQueueRow *self,
                 GtkWidget      *child,
                 GtkWidget      *above[],
                 guint           n_above)
{
  GtkWidget *sibling = self->state_box;

  for (guint i = 0; i < n_above; i++)
    if (above[i] != NULL)
      sibling = above[i];
  gtk_box_insert_child_after (GTK_BOX (self->text_box), child, sibling);
}

static GtkProgressBar *
ensure_progress_bar (CutoutQueueRow *self)
{
  if (self->progress_bar == NULL)
    {
      self->progress_bar = GTK_PROGRESS_BAR (cutout_queue_row_new_progress_bar ());
      text_box_insert (self, GTK_WIDGET (self->progress_bar), NULL, 0);
    }
  return self->progress_bar;
}

static GtkLabel *
ensure_error_label (CutoutQueueRow *self)
{
  if (self->error_label == NULL)
    {
      GtkWidget *above[] = { GTK_WIDGET (self->progress_bar) };

      self->error_label = GTK_LABEL (cutout_queue_row_new_caption_label ("error-label", "error"));
      text_box_insert (self, GTK_WIDGET (self->error_label), above, G_N_ELEMENTS (above));
    }
  return self->error_label;
}

static GtkLabel *
ensure_note_label (CutoutQueueRow *self)
{
  if (self->note_label == NULL)
    {
      GtkWidget *above[] = { GTK_WIDGET (self->progress_bar), GTK_WIDGET (self->error_label) };

      self->note_label = GTK_LABEL (cutout_queue_row_new_caption_label ("note-label", "dim-label"));
      text_box_insert (self, GTK_WIDGET (self->note_label), above, G_N_ELEMENTS (above));
    }
  return self->note_label;
}

/* The "Own options" marker at the end of the state line. */
static GtkWidget *
ensure_override_box (CutoutQueueRow *self)
{
  if (self->override_box == NULL)
    {
      self->override_box = cutout_queue_row_new_override_marker ();
      gtk_box_append (GTK_BOX (self->state_box), self->override_box);
    }
  return self->override_box;
}

/* Shows or hides the quick button for @action_name, making it (named
 * @name, before or after the Cancel button) the first time it is shown. */
static void
set_quick_button_visible (CutoutQueueRow  *self,
                          GtkButton      **button,
                          gboolean         before_cancel,
                          const char      *name,
                          const char      *icon_name,
                          const char      *action_name,
                          const char      *tooltip,
                          gboolean         visible)
{
  GtkWidget *cancel = GTK_WIDGET (self->cancel_button);

  if (*button == NULL)
    {
      if (!visible)
        return;
      *button = GTK_BUTTON (cutout_queue_row_new_action_button (icon_name, action_name, tooltip));
      gtk_widget_set_name (GTK_WIDGET (*button), name);
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (cancel)), GTK_WIDGET (*button),
                                  before_cancel ? gtk_widget_get_prev_sibling (cancel) : cancel);
    }
  gtk_widget_set_visible (GTK_WIDGET (*button), visible);
}

/* The menu's popover is made when the button is first pressed (this is
 * called each time the menu is about to show). */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, cutout_queue_row_get_menu ());
}

/* The name's tooltip repeats it, as it may be ellipsized. */
static gboolean
name_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *name = gtk_label_get_text (GTK_LABEL (label));

  if (name == NULL || *name == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, name);
  return TRUE;
}

/* Updating the widgets ------------------------------------------------------ */

static void
stop_pulsing (CutoutQueueRow *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (user_data);

  gtk_progress_bar_pulse (ensure_progress_bar (self));
  return G_SOURCE_CONTINUE;
}

static void
start_pulsing (CutoutQueueRow *self)
{
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
}

/* Upload fills the first half of the bar and download the second; while
 * the service works (or the download size is unknown) the bar pulses. */
static void
update_progress (CutoutQueueRow *self)
{
  CutoutJobState state = cutout_job_get_state (self->job);
  double upload = cutout_job_get_upload_fraction (self->job);
  double download = cutout_job_get_download_fraction (self->job);
  gboolean active = cutout_job_state_is_active (state);

  if (!active)
    {
      if (self->progress_bar != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      stop_pulsing (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (ensure_progress_bar (self)), TRUE);

  if (state == CUTOUT_JOB_STATE_UPLOADING)
    {
      stop_pulsing (self);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.5 * CLAMP (upload, 0.0, 1.0));
    }
  else if (state == CUTOUT_JOB_STATE_DOWNLOADING && download >= 0.0)
    {
      stop_pulsing (self);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.5 + 0.5 * CLAMP (download, 0.0, 1.0));
    }
  else
    start_pulsing (self);
}

static void
update_details (CutoutQueueRow *self)
{
  goffset bytes_in = cutout_job_get_bytes_in (self->job);
  int width = cutout_job_get_width (self->job);
  int height = cutout_job_get_height (self->job);
  GFile *output = cutout_job_get_output (self->job);
  g_autoptr(GString) text = g_string_new (NULL);

  if (bytes_in > 0)
    {
      g_autofree char *size = g_format_size (bytes_in);

      g_string_append (text, size);
    }
  if (width > 0 && height > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: an image's pixel size, width × height. */
      g_string_append_printf (text, _("%d × %d"), width, height);
    }
  if (cutout_job_get_state (self->job) == CUTOUT_JOB_STATE_DONE && output != NULL)
    {
      g_autofree char *name = g_file_get_basename (output);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: the file a result was saved as. */
      g_string_append_printf (text, _("→ %s"), name);
    }

  gtk_label_set_text (self->details_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), text->len > 0);
}

static void
update_state (CutoutQueueRow *self)
{
  static const char *classes[] = { "success", "error", "warning", "accent", "dim-label" };
  CutoutJobState state = cutout_job_get_state (self->job);
  const char *style = state_style_class (state);
  gboolean is_final = cutout_job_state_is_final (state);
  gboolean active = cutout_job_state_is_active (state);
  gboolean done = state == CUTOUT_JOB_STATE_DONE && cutout_job_get_output (self->job) != NULL;
  gboolean can_retry = state == CUTOUT_JOB_STATE_FAILED || state == CUTOUT_JOB_STATE_CANCELLED;
  gboolean can_cancel = !is_final;
  g_autofree char *state_text = NULL;

  gtk_image_set_from_icon_name (self->state_icon, state_icon_name (state));
  if (state == CUTOUT_JOB_STATE_WAITING_RETRY && cutout_job_get_attempts (self->job) > 0)
    /* Translators: a job waiting to be sent again; %u is how many times it was tried. */
    state_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Waiting to retry (tried %u time)",
                                               "Waiting to retry (tried %u times)",
                                               cutout_job_get_attempts (self->job)),
                                  cutout_job_get_attempts (self->job));
  else
    state_text = g_strdup (state_label_text (state));
  gtk_label_set_text (self->state_label, state_text);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), style);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), style);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.retry", can_retry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.cancel", can_cancel);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.remove", !active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.open", done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.show-in-folder", done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.copy", done);

  /* One quick button for what is most likely wanted now; the rest is in
   * the menu. */
  set_quick_button_visible (self, &self->retry_button, TRUE, "retry-button", "view-refresh-symbolic",
                            "row.retry", _("Retry"), can_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), can_cancel);
  set_quick_button_visible (self, &self->open_button, FALSE, "open-button", "document-open-symbolic",
                            "row.open", _("Open Result"), done);

  update_progress (self);
  update_details (self);
}

static void
update_error (CutoutQueueRow *self)
{
  const GError *error = cutout_job_get_error (self->job);
  CutoutJobState state = cutout_job_get_state (self->job);
  g_autofree char *text = NULL;
  GtkWidget *label;

  /* A done job may keep the error of an earlier attempt; it no longer
   * matters to the user. */
  if (state != CUTOUT_JOB_STATE_DONE)
    text = cutout_queue_row_format_error (error);
  if (text == NULL)
    {
      if (self->error_label != NULL)
        {
          gtk_label_set_text (self->error_label, "");
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
        }
      return;
    }

  label = GTK_WIDGET (ensure_error_label (self));
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, TRUE);

  /* A transient error is a warning while the job waits to be retried. */
  if (state == CUTOUT_JOB_STATE_FAILED)
    {
      gtk_widget_remove_css_class (label, "warning");
      gtk_widget_add_css_class (label, "error");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "warning");
    }
}

static void
update_note (CutoutQueueRow *self)
{
  const char *note = cutout_job_get_note (self->job);
  gboolean shown = note != NULL && *note != '\0';

  if (!shown && self->note_label == NULL)
    return;
  gtk_label_set_text (ensure_note_label (self), shown ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), shown);
}

/* "This image has its own options: PNG · 800 px wide · rotated 90°":
 * what the override sends, leaving out what is the service's default. */
char *
cutout_queue_row_describe_override (const CutoutOptions *options)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  const char *format;

  g_return_val_if_fail (options != NULL, NULL);

  switch (options->format)
    {
    case CUTOUT_FORMAT_PNG: format = "PNG"; break;
    case CUTOUT_FORMAT_JPEG: format = "JPEG"; break;
    case CUTOUT_FORMAT_BMP: format = "BMP"; break;
    case CUTOUT_FORMAT_WEBP:
    default: format = "WebP"; break;
    }
  g_string_append (parts, format);

  if (options->width > 0 || options->height > 0)
    {
      g_autofree char *width = g_strdup_printf ("%" G_GINT64_FORMAT, options->width);
      g_autofree char *height = g_strdup_printf ("%" G_GINT64_FORMAT, options->height);

      g_string_append (parts, " · ");
      if (options->width > 0 && options->height > 0)
        /* Translators: an output size in pixels, width × height. */
        g_string_append_printf (parts, _("%s × %s px"), width, height);
      else if (options->width > 0)
        /* Translators: an output width in pixels. */
        g_string_append_printf (parts, _("%s px wide"), width);
      else
        /* Translators: an output height in pixels. */
        g_string_append_printf (parts, _("%s px tall"), height);

      if (options->exact_resize && options->width > 0 && options->height > 0)
        {
          g_string_append (parts, " · ");
          g_string_append (parts, _("exact size"));
        }
    }

  if (options->mask)
    {
      g_string_append (parts, " · ");
      g_string_append (parts, _("mask only"));
    }
  if (options->bg_color != NULL && *options->bg_color != '\0')
    {
      g_string_append (parts, " · ");
      /* Translators: %s is a color as typed, e.g. "#ff0000" or "white". */
      g_string_append_printf (parts, _("background %s"), options->bg_color);
    }
  if (options->angle != 0.0)
    {
      g_string_append (parts, " · ");
      /* Translators: a rotation in degrees. */
      g_string_append_printf (parts, _("rotated %g°"), options->angle);
      if (!options->expand)
        {
          g_string_append (parts, " · ");
          g_string_append (parts, _("canvas not expanded"));
        }
    }

  /* Translators: %s lists the options, e.g. "PNG · 800 px wide". */
  return g_strdup_printf (_("This image has its own options: %s"), parts->str);
}

static void
update_override (CutoutQueueRow *self)
{
  const CutoutOptions *options = cutout_job_get_options_override (self->job);
  g_autofree char *summary = NULL;

  if (options == NULL)
    {
      if (self->override_box != NULL)
        {
          gtk_widget_set_visible (self->override_box, FALSE);
          gtk_widget_set_tooltip_text (self->override_box, NULL);
        }
      return;
    }

  summary = cutout_queue_row_describe_override (options);
  gtk_widget_set_visible (ensure_override_box (self), TRUE);
  gtk_widget_set_tooltip_text (self->override_box, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->override_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
update_all (CutoutQueueRow *self)
{
  /* Its tooltip is asked for when shown (name_query_tooltip_cb). */
  gtk_label_set_text (self->name_label, cutout_job_get_display_name (self->job));
  update_state (self);
  update_error (self);
  update_note (self);
  update_override (self);
}

static void
job_notify_cb (CutoutJob      *job,
               GParamSpec     *pspec,
               CutoutQueueRow *self)
{
  const char *name = pspec->name;

  /* Progress changes many times a second: touch only the bar then. */
  if (g_str_equal (name, "upload-fraction") || g_str_equal (name, "download-fraction"))
    update_progress (self);
  else if (g_str_equal (name, "state") || g_str_equal (name, "attempts"))
    {
      update_state (self);
      update_error (self);
    }
  else if (g_str_equal (name, "error"))
    update_error (self);
  else if (g_str_equal (name, "note"))
    update_note (self);
  else if (g_str_equal (name, "options-override"))
    update_override (self);
  else if (g_str_equal (name, "width") || g_str_equal (name, "height") ||
           g_str_equal (name, "bytes-in") || g_str_equal (name, "output"))
    update_state (self);
}

/* Actions ------------------------------------------------------------------ */

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);

  if (self->job != NULL)
    cutout_queue_retry (self->queue, self->job);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);

  if (self->job != NULL)
    cutout_queue_cancel (self->queue, self->job);
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);
  g_autoptr(CutoutJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (self->job == NULL)
    return;

  /* Removing unbinds this row, which drops its reference to the job. */
  job = g_object_ref (self->job);
  if (!cutout_queue_remove (self->queue, job, &error))
    cutout_error_toast_show (GTK_WIDGET (self), _("Could not remove the image"), error);
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);
  GFile *output = self->job != NULL ? cutout_job_get_output (self->job) : NULL;

  if (output != NULL)
    cutout_file_actions_open (widget, output);
}

static void
show_in_folder_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);
  GFile *output = self->job != NULL ? cutout_job_get_output (self->job) : NULL;

  if (output != NULL)
    cutout_file_actions_show_in_folder (widget, &output, 1);
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);
  GFile *output = self->job != NULL ? cutout_job_get_output (self->job) : NULL;
  GdkFileList *list;
  GdkClipboard *clipboard;

  if (output == NULL)
    return;

  list = gdk_file_list_new_from_array (&output, 1);
  clipboard = gtk_widget_get_clipboard (widget);
  /* The clipboard keeps a copy of the boxed list. */
  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  cutout_toast_show (widget, _("Result copied"));
}

/* Dragging a result out ----------------------------------------------------- */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource  *source,
                 double          x,
                 double          y,
                 CutoutQueueRow *self)
{
  GFile *output;

  if (self->job == NULL || cutout_job_get_state (self->job) != CUTOUT_JOB_STATE_DONE)
    return NULL;
  output = cutout_job_get_output (self->job);
  if (output == NULL)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_FILE, output);
}

static void
drag_begin_cb (GtkDragSource  *source,
               GdkDrag        *drag,
               CutoutQueueRow *self)
{
  GdkPaintable *icon = gtk_image_get_paintable (self->thumbnail);

  if (icon != NULL)
    gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* GObject ------------------------------------------------------------------- */

static void
cutout_queue_row_dispose (GObject *object)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (object);

  cutout_queue_row_set_job (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_QUEUE_ROW);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (cutout_queue_row_parent_class)->dispose (object);
}

static void
cutout_queue_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    case PROP_JOB:
      cutout_queue_row_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_row_class_init (CutoutQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_queue_row_dispose;
  object_class->get_property = cutout_queue_row_get_property;
  object_class->set_property = cutout_queue_row_set_property;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, CUTOUT_TYPE_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, CUTOUT_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, state_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, name_query_tooltip_cb);

  gtk_widget_class_install_action (widget_class, "row.retry", NULL, retry_action_cb);
  gtk_widget_class_install_action (widget_class, "row.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, remove_action_cb);
  gtk_widget_class_install_action (widget_class, "row.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "row.show-in-folder", NULL, show_in_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "row.copy", NULL, copy_action_cb);
}

static void
cutout_queue_row_init (CutoutQueueRow *self)
{
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, NULL, NULL);

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.retry", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.remove", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.show-in-folder", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.copy", FALSE);
}

/* Public API ---------------------------------------------------------------- */

CutoutQueueRow *
cutout_queue_row_new (CutoutQueue *queue)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (queue), NULL);

  return g_object_new (CUTOUT_TYPE_QUEUE_ROW, "queue", queue, NULL);
}

CutoutJob *
cutout_queue_row_get_job (CutoutQueueRow *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_ROW (self), NULL);

  return self->job;
}

void
cutout_queue_row_set_job (CutoutQueueRow *self,
                          CutoutJob      *job)
{
  g_return_if_fail (CUTOUT_IS_QUEUE_ROW (self));
  g_return_if_fail (job == NULL || CUTOUT_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->job);
      g_clear_object (&self->job);
    }
  stop_pulsing (self);

  if (job != NULL)
    {
      self->job = g_object_ref (job);
      self->notify_id = g_signal_connect (job, "notify", G_CALLBACK (job_notify_cb), self);
      update_all (self);
    }
  else
    cutout_queue_row_set_thumbnail (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

void
cutout_queue_row_set_thumbnail (CutoutQueueRow *self,
                                GdkPaintable   *thumbnail)
{
  g_return_if_fail (CUTOUT_IS_QUEUE_ROW (self));

  /* The frame is always 48 px; a picture fills it, the placeholder icon
   * sits small in its middle. */
  if (thumbnail != NULL)
    {
      gtk_image_set_from_paintable (self->thumbnail, thumbnail);
      gtk_image_set_pixel_size (self->thumbnail, 48);
      gtk_widget_remove_css_class (GTK_WIDGET (self->thumbnail), "dim-label");
    }
  else
    {
      gtk_image_set_from_icon_name (self->thumbnail, "image-x-generic-symbolic");
      gtk_image_set_pixel_size (self->thumbnail, 24);
      gtk_widget_add_css_class (GTK_WIDGET (self->thumbnail), "dim-label");
    }
}
