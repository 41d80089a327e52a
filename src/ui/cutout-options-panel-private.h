/* cutout-options-panel-private.h — the options panel's insides, shared by its source files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-options-panel.h"
#include "cutout-preview.h"

G_BEGIN_DECLS

struct _CutoutOptionsPanel
{
  AdwBin                parent_instance;

  /* Template widgets */
  CutoutPreview        *preview;
  GtkToggleButton      *zoom_button;
  GtkToggleButton      *compare_button;
  GtkScale             *split_scale;
  GtkAdjustment        *split_adjustment;
  GtkLabel             *preview_status;
  AdwPreferencesGroup  *image_group;
  AdwActionRow         *override_row;
  GtkSwitch            *override_switch;
  AdwActionRow         *credit_row;
  GtkButton            *rerender_button;
  AdwPreferencesGroup  *options_group;
  GtkMenuButton        *presets_button;
  AdwComboRow          *format_row;
  AdwActionRow         *width_row;
  GtkSpinButton        *width_spin;
  AdwActionRow         *height_row;
  GtkSpinButton        *height_spin;
  AdwActionRow         *lock_row;
  GtkToggleButton      *lock_button;
  AdwActionRow         *exact_row;
  GtkSwitch            *exact_switch;
  AdwActionRow         *mask_row;
  GtkSwitch            *mask_switch;
  AdwExpanderRow       *bg_row;
  AdwEntryRow          *bg_entry;
  GtkColorButton       *bg_color_button;
  AdwActionRow         *angle_row;
  GtkSpinButton        *angle_spin;
  AdwActionRow         *expand_row;
  GtkSwitch            *expand_switch;
  AdwExpanderRow       *trim_row;
  GtkSpinButton        *trim_margin_spin;
  GtkSwitch            *orientation_switch;
  AdwActionRow         *folder_row;
  GtkButton            *folder_reset_button;
  AdwEntryRow          *template_row;
  AdwActionRow         *example_row;

  /* Borrowed */
  GSettings            *settings;
  CutoutQueue          *queue;

  /* Owned */
  CutoutContext        *context;
  GSettings            *batch_settings; /* delay-apply twin of settings */
  CutoutJob            *job;
  CutoutOptions        *options;        /* what the controls show */
  GError               *options_error;  /* why those cannot be sent */
  GError               *template_error;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GMenu                *presets_menu;

  guint                 updating;       /* > 0 while the code sets controls */
  gboolean              writing;        /* while the panel writes the settings */
  gboolean              rerendering;
  gboolean              valid;
  double                lock_ratio;     /* width / height when proportions are kept */
};

/* cutout-options-panel.c */
void           cutout_options_panel_load_options          (CutoutOptionsPanel  *self,
                                                           const CutoutOptions *options);
/* Reads the controls, shows what is wrong, previews, and with @commit
 * writes valid options to their target (the job's override or the batch). */
void           cutout_options_panel_refresh               (CutoutOptionsPanel  *self,
                                                           gboolean             commit);
void           cutout_options_panel_commit                (CutoutOptionsPanel  *self);
void           cutout_options_panel_show_row_state        (AdwPreferencesRow   *row,
                                                           const char          *subtitle,
                                                           gboolean             is_error);

/* cutout-options-panel-job.c */
gboolean       cutout_options_panel_editing_override      (CutoutOptionsPanel  *self);
void           cutout_options_panel_update_actions        (CutoutOptionsPanel  *self);
/* Shows the selected job's state: its group, override, credit and re-render rows. */
void           cutout_options_panel_sync_job              (CutoutOptionsPanel  *self);
/* Loads what the controls edit: the job's override, or the batch's settings. */
void           cutout_options_panel_load_target           (CutoutOptionsPanel  *self);
void           cutout_options_panel_override_notify_cb    (CutoutOptionsPanel  *self);
void           cutout_options_panel_override_switch_cb    (CutoutOptionsPanel  *self);
void           cutout_options_panel_apply_to_image_cb     (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_reset_to_batch_cb     (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_rerender_cb           (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);

/* cutout-options-panel-settings.c */
CutoutOptions *cutout_options_panel_options_from_settings (CutoutOptionsPanel  *self);
void           cutout_options_panel_write_settings        (CutoutOptionsPanel  *self,
                                                           const CutoutOptions *options);
void           cutout_options_panel_update_example        (CutoutOptionsPanel  *self);
void           cutout_options_panel_template_changed_cb   (CutoutOptionsPanel  *self);
void           cutout_options_panel_update_folder_row     (CutoutOptionsPanel  *self);
void           cutout_options_panel_settings_changed_cb   (CutoutOptionsPanel  *self,
                                                           const char          *key,
                                                           GSettings           *settings);
void           cutout_options_panel_choose_folder_cb      (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_reset_folder_cb       (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_rebuild_presets       (CutoutOptionsPanel  *self);
void           cutout_options_panel_save_preset_cb        (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_apply_preset_cb       (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_rename_preset_cb      (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);
void           cutout_options_panel_delete_preset_cb      (GtkWidget           *widget,
                                                           const char          *action_name,
                                                           GVariant            *parameter);

G_END_DECLS
