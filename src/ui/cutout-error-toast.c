/* cutout-error-toast.c — toasts for errors, with a "Details" dialog
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-error-toast.h"

#define ERROR_KEY "cutout-error"
#define TITLE_KEY "cutout-error-title"
#define WINDOW_KEY "cutout-error-window"

/* The lines below the message: the service's details, then the HTTP
 * status; an empty string when there are none. */
static char *
format_extra (const GError *error)
{
  GString *text = g_string_new (NULL);
  GPtrArray *details = cutout_api_error_get_details (error);
  guint status = cutout_api_error_get_http_status (error);

  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (detail->field != NULL)
        /* Translators: one of the service's details of an error: the
         * request field it is about, then the service's message. */
        g_string_append_printf (text, _("%s: %s"), detail->field, detail->message);
      else
        g_string_append (text, detail->message);
    }

  if (status > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: %u is an HTTP status code such as 400. */
      g_string_append_printf (text, _("HTTP status: %u"), status);
    }

  return g_string_free (text, FALSE);
}

char *
cutout_error_details_text (const GError *error)
{
  g_autofree char *extra = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  extra = format_extra (error);
  if (*extra == '\0')
    return g_strdup (error->message);
  return g_strconcat (error->message, "\n\n", extra, NULL);
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  const char *text = g_object_get_data (G_OBJECT (dialog), "cutout-error-text");

  if (g_strcmp0 (response, "copy") == 0 && text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), text);
}

GtkWidget *
cutout_error_details_dialog_new (GtkWindow    *parent,
                                 const char   *title,
                                 const GError *error)
{
  g_autofree char *extra = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  dialog = adw_message_dialog_new (parent, title != NULL ? title : _("Error Details"), NULL);
  gtk_widget_set_name (dialog, "error-details-dialog");
  /* Plain text: a service's message may hold '<' or '&'. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);

  extra = format_extra (error);
  if (*extra != '\0')
    {
      GtkWidget *label = gtk_label_new (extra);

      gtk_widget_set_name (label, "error-details");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details from the service"),
                                      -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "copy", _("_Copy"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  g_object_set_data_full (G_OBJECT (dialog), "cutout-error-text",
                          cutout_error_details_text (error), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), NULL);

  return dialog;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static GtkWindow *
toast_get_window (AdwToast *toast)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (toast), WINDOW_KEY);
  GtkWindow *window = ref != NULL ? g_weak_ref_get (ref) : NULL;
  GApplication *app;

  if (window != NULL)
    {
      /* The dialog's parent keeps it alive while it is shown. */
      g_object_unref (window);
      return window;
    }

  app = g_application_get_default ();
  if (GTK_IS_APPLICATION (app))
    return gtk_application_get_active_window (GTK_APPLICATION (app));
  return NULL;
}

static void
toast_button_clicked_cb (AdwToast *toast,
                         gpointer  user_data)
{
  const GError *error = g_object_get_data (G_OBJECT (toast), ERROR_KEY);
  const char *title = g_object_get_data (G_OBJECT (toast), TITLE_KEY);
  GtkWidget *dialog;

  if (error == NULL)
    return;

  dialog = cutout_error_details_dialog_new (toast_get_window (toast), title, error);
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwToast *
cutout_error_toast_new (const char   *title,
                        const GError *error)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_val_if_fail (error != NULL, NULL);

  /* A toast's title is Pango markup in libadwaita 1.2. */
  markup = g_markup_escape_text (title != NULL ? title : error->message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), ERROR_KEY, g_error_copy (error), (GDestroyNotify) g_error_free);
  g_object_set_data_full (G_OBJECT (toast), TITLE_KEY, g_strdup (title), g_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_button_clicked_cb), NULL);

  return toast;
}

void
cutout_error_toast_set_window (AdwToast  *toast,
                               GtkWindow *window)
{
  GWeakRef *ref;

  g_return_if_fail (ADW_IS_TOAST (toast));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, window);
  g_object_set_data_full (G_OBJECT (toast), WINDOW_KEY, ref, (GDestroyNotify) weak_ref_free);
}

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : NULL;
}

void
cutout_error_toast_show (GtkWidget    *widget,
                         const char   *title,
                         const GError *error)
{
  AdwToastOverlay *overlay;
  GtkRoot *root;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  overlay = find_overlay (widget);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s: %s", title != NULL ? title : "", error->message);
      return;
    }

  toast = cutout_error_toast_new (title, error);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    cutout_error_toast_set_window (toast, GTK_WINDOW (root));
  adw_toast_overlay_add_toast (overlay, toast);
}

void
cutout_toast_show (GtkWidget  *widget,
                   const char *title)
{
  AdwToastOverlay *overlay;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  overlay = find_overlay (widget);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", title);
      return;
    }

  markup = g_markup_escape_text (title, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (overlay, toast);
}
