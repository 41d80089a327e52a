/* cutout-preferences-account.c — the Preferences' Account page and clearing the history
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-key-page.h"
#include "cutout-preferences-window-private.h"

/* ---- History ---------------------------------------------------------- */

static void
clear_history_response_cb (AdwMessageDialog        *dialog,
                           const char              *response,
                           CutoutPreferencesWindow *self)
{
  CutoutStore *store = cutout_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_deleted = 0;

  if (!g_str_equal (response, "clear") || store == NULL)
    return;

  if (!cutout_store_clear_history (store, 0, &n_deleted, &error))
    {
      /* Translators: %s says why, e.g. "database is locked". */
      message = g_strdup_printf (_("Could not clear the history: %s"), error->message);
      cutout_preferences_window_toast (self, message);
      return;
    }

  message = g_strdup_printf (ngettext ("%u entry deleted", "%u entries deleted", n_deleted), n_deleted);
  cutout_preferences_window_toast (self, message);
}

static void
clear_history_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Clear the History?"),
                                   _("Every entry of the history is deleted. Images still in the queue and the saved results are kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_history_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_history_page (CutoutPreferencesWindow *self)
{
  const GError *store_error = cutout_context_get_store_error (self->context);
  gboolean has_store = cutout_context_get_store (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-history", has_store);
  if (!has_store && store_error != NULL)
    adw_action_row_set_subtitle (self->clear_history_row, store_error->message);
}

/* ---- Account ---------------------------------------------------------- */

static void
update_account (CutoutPreferencesWindow *self)
{
  CutoutKeySource source = cutout_context_get_key_source (self->context);
  CutoutMembership *membership = cutout_context_get_membership (self->context);
  const char *where = NULL;

  switch (source)
    {
    case CUTOUT_KEY_SOURCE_KEYRING:
      where = _("Stored in the keyring");
      break;
    case CUTOUT_KEY_SOURCE_SESSION:
      where = _("Kept for this session only: no keyring is available");
      break;
    case CUTOUT_KEY_SOURCE_ENVIRONMENT:
      where = _("Set by the environment variable CUTOUT_API_KEY");
      break;
    case CUTOUT_KEY_SOURCE_NONE:
    default:
      where = _("No key: a few images a day are free");
      break;
    }
  adw_action_row_set_subtitle (self->key_source_row, where);

  /* A key from the environment is not ours to forget. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.remove-key",
                                 source == CUTOUT_KEY_SOURCE_KEYRING
                                 || source == CUTOUT_KEY_SOURCE_SESSION);

  gtk_widget_set_visible (GTK_WIDGET (self->plan_row),
                          membership != NULL && source != CUTOUT_KEY_SOURCE_NONE);
  if (membership != NULL)
    {
      g_autofree char *plan = cutout_key_page_format_plan (membership);

      adw_action_row_set_subtitle (self->plan_row, plan);
    }
}

static void
key_set_cb (CutoutPreferencesWindow *self,
            CutoutMembership        *membership)
{
  g_autofree char *plan = cutout_key_page_format_plan (membership);
  g_autofree char *message = NULL;

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  update_account (self);

  /* Translators: %s is the plan, e.g. "Premium-20000 · 11,200 credits available". */
  message = g_strdup_printf (_("Key saved: %s"), plan);
  cutout_preferences_window_toast (self, message);
}

static void
close_subpage_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (widget));
}

static void
change_key_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *key_page = cutout_key_page_new (self->context, FALSE);

  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "prefs.close-subpage");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Change Key"), NULL));
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_vexpand (key_page, TRUE);
  g_signal_connect_object (key_page, "key-set", G_CALLBACK (key_set_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), key_page);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), box);
}

static void
clear_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CutoutPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cutout_context_clear_key_finish (CUTOUT_CONTEXT (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why. */
      message = g_strdup_printf (_("Could not remove the key: %s"), error->message);
      cutout_preferences_window_toast (self, message);
      return;
    }

  update_account (self);
  cutout_preferences_window_toast (self, _("The key was removed."));
}

static void
remove_key_response_cb (AdwMessageDialog        *dialog,
                        const char              *response,
                        CutoutPreferencesWindow *self)
{
  if (!g_str_equal (response, "remove"))
    return;

  cutout_context_clear_key_async (self->context, self->cancellable,
                                  clear_key_cb, g_object_ref (self));
}

static void
remove_key_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Remove the API Key?"),
                                   _("Cutout forgets the key on this computer. Your account is not changed, and you can add the key again from your profile at rembg.com."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_key_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


void
cutout_preferences_account_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "prefs.change-key", NULL, change_key_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.remove-key", NULL, remove_key_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.close-subpage", NULL, close_subpage_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.clear-history", NULL, clear_history_action_cb);

  g_type_ensure (CUTOUT_TYPE_KEY_PAGE);
}

void
cutout_preferences_account_init (CutoutPreferencesWindow *self)
{
  g_signal_connect_object (self->context, "notify::key-source",
                           G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::membership",
                           G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  update_account (self);
  update_history_page (self);
}
