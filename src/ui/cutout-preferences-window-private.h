/* cutout-preferences-window-private.h — what the Preferences window's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-preferences-window.h"

G_BEGIN_DECLS

struct _CutoutPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkWidget            *general_page;
  GtkWidget            *processing_page;
  GtkWidget            *advanced_page;
  AdwComboRow          *format_row;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  GtkSwitch            *exact_resize_switch;
  GtkSwitch            *mask_switch;
  AdwEntryRow          *bg_color_row;
  GtkWidget            *color_button;
  GtkWidget            *bg_color_message_row;
  GtkLabel             *bg_color_message;
  GtkSpinButton        *angle_spin;
  GtkSwitch            *expand_switch;
  AdwActionRow         *folder_row;
  AdwEntryRow          *template_row;
  GtkWidget            *template_message_row;
  GtkLabel             *template_message;
  AdwComboRow          *collision_row;
  GtkSwitch            *trim_switch;
  GtkWidget            *trim_margin_row;
  GtkSpinButton        *trim_margin_spin;
  GtkSwitch            *keep_orientation_switch;
  GtkSwitch            *keep_editable_switch;
  GtkWidget            *cache_size_row;
  GtkSpinButton        *cache_size_spin;
  GtkSpinButton        *concurrency_spin;
  GtkSpinButton        *max_attempts_spin;
  GtkSwitch            *retry_charged_switch;
  GtkSwitch            *allow_convert_switch;
  GtkSwitch            *allow_shrink_switch;
  GtkSpinButton        *low_credit_spin;
  GtkSwitch            *notify_switch;
  AdwActionRow         *key_source_row;
  AdwActionRow         *plan_row;
  AdwExpanderRow       *retention_row;
  GtkSpinButton        *retention_days_spin;
  AdwActionRow         *clear_history_row;
  AdwEntryRow          *api_url_row;
  GtkWidget            *api_url_message_row;
  GtkLabel             *api_url_message;
  AdwEntryRow          *account_url_row;
  GtkWidget            *account_url_message_row;
  GtkLabel             *account_url_message;

  /* Owned */
  CutoutContext        *context;
  GSettings            *settings;
  GtkNativeDialog      *folder_chooser;
  GCancellable         *cancellable;
  /* Non-zero while widgets are being set from the settings, so that
   * their change handlers do not write the value straight back. */
  guint                 updating;
};

/* cutout-preferences-window.c */
void cutout_preferences_window_toast       (CutoutPreferencesWindow *self,
                                            const char              *title);

/* cutout-preferences-account.c: the Account page and clearing the
 * history, the parts that act on the core's key and store. */
void cutout_preferences_account_class_init (GtkWidgetClass          *widget_class);
void cutout_preferences_account_init       (CutoutPreferencesWindow *self);

G_END_DECLS
