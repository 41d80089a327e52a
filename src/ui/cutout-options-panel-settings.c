/* cutout-options-panel-settings.c — the options panel's parts that live in GSettings: batch options, output files, presets
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-options-panel-private.h"
#include "cutout-output.h"
#include "cutout-render.h"

/* ---- Batch options ---------------------------------------------------- */

CutoutOptions *
cutout_options_panel_options_from_settings (CutoutOptionsPanel *self)
{
  CutoutOptions *options;
  g_autofree char *bg_color = NULL;

  if (self->settings == NULL)
    return cutout_options_copy (cutout_queue_get_options (self->queue));

  options = cutout_options_new ();
  options->format = g_settings_get_enum (self->settings, "format");
  options->width = g_settings_get_uint (self->settings, "width");
  options->height = g_settings_get_uint (self->settings, "height");
  options->exact_resize = g_settings_get_boolean (self->settings, "exact-resize");
  options->mask = g_settings_get_boolean (self->settings, "mask");
  bg_color = g_settings_get_string (self->settings, "bg-color");
  cutout_options_set_bg_color (options, bg_color);
  options->angle = g_settings_get_double (self->settings, "angle");
  options->expand = g_settings_get_boolean (self->settings, "expand");

  return options;
}

void
cutout_options_panel_write_settings (CutoutOptionsPanel  *self,
                const CutoutOptions *options)
{
  g_autoptr(CutoutOptions) stored = NULL;

  if (self->settings == NULL)
    {
      cutout_queue_set_options (self->queue, options);
      return;
    }

  stored = cutout_options_panel_options_from_settings (self);
  if (cutout_options_equal (stored, options))
    return;

  /* In one go, through the panel's own delay-apply twin of the settings,
   * so that the queue never follows a half-written set (say mask on
   * while the old background color is still there). */
  self->writing = TRUE;
  g_settings_set_string (self->batch_settings, "format", cutout_format_to_string (options->format));
  g_settings_set_uint (self->batch_settings, "width", (guint) options->width);
  g_settings_set_uint (self->batch_settings, "height", (guint) options->height);
  g_settings_set_boolean (self->batch_settings, "exact-resize", options->exact_resize);
  g_settings_set_boolean (self->batch_settings, "mask", options->mask);
  g_settings_set_string (self->batch_settings, "bg-color", options->bg_color != NULL ? options->bg_color : "");
  g_settings_set_double (self->batch_settings, "angle", options->angle);
  g_settings_set_boolean (self->batch_settings, "expand", options->expand);
  g_settings_apply (self->batch_settings);
  self->writing = FALSE;
}

/* ---- The naming template --------------------------------------------- */

static guint
job_position (CutoutOptionsPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  for (guint i = 0; self->job != NULL && i < n; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (job == self->job)
        return i + 1;
    }
  return 1;
}

void
cutout_options_panel_update_example (CutoutOptionsPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->template_row));
  const char *input_name = self->job != NULL ? cutout_job_get_display_name (self->job) : "IMG_0042.jpg";
  CutoutRenderGeometry geometry = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  int width = 0, height = 0;

  /* {w} and {h} are the result's size: the expected one when the image's
   * size is known, else the size asked for. */
  if (!cutout_preview_get_image_size (self->preview, &width, &height) && self->job != NULL)
    {
      width = cutout_job_get_width (self->job);
      height = cutout_job_get_height (self->job);
    }
  if (width > 0 && height > 0 && self->options_error == NULL)
    {
      cutout_render_get_geometry (width, height, self->options, &geometry);
      width = geometry.width;
      height = geometry.height;
    }
  else
    {
      width = (int) CLAMP (self->options->width, 0, G_MAXINT);
      height = (int) CLAMP (self->options->height, 0, G_MAXINT);
    }

  example = cutout_output_expand_template (text, input_name, self->options->format,
                                           width, height, NULL, job_position (self), &error);
  if (example != NULL)
    cutout_options_panel_show_row_state (ADW_PREFERENCES_ROW (self->example_row), example, FALSE);
  else
    cutout_options_panel_show_row_state (ADW_PREFERENCES_ROW (self->example_row), error->message, TRUE);
}

void
cutout_options_panel_template_changed_cb (CutoutOptionsPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->template_row));
  g_autoptr(GError) error = NULL;

  g_clear_error (&self->template_error);
  if (!cutout_output_template_validate (text, &error))
    {
      self->template_error = g_steal_pointer (&error);
      gtk_widget_add_css_class (GTK_WIDGET (self->template_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->template_row), "error");
      if (self->updating == 0 && self->settings != NULL)
        {
          g_autofree char *stored = g_settings_get_string (self->settings, "name-template");

          if (g_strcmp0 (stored, text) != 0)
            {
              self->writing = TRUE;
              g_settings_set_string (self->settings, "name-template", text);
              self->writing = FALSE;
            }
        }
    }

  cutout_options_panel_refresh (self, FALSE);
}

/* ---- Output folder --------------------------------------------------- */

void
cutout_options_panel_update_folder_row (CutoutOptionsPanel *self)
{
  g_autofree char *folder = NULL;

  if (self->settings == NULL)
    return;

  folder = g_settings_get_string (self->settings, "output-folder");
  if (folder[0] == '\0')
    {
      adw_action_row_set_subtitle (self->folder_row, _("Beside the originals"));
    }
  else
    {
      g_autofree char *display = g_filename_display_name (folder);

      adw_action_row_set_subtitle (self->folder_row, display);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->folder_reset_button), folder[0] != '\0');
  cutout_options_panel_update_actions (self);
}

static void
chooser_response_cb (CutoutOptionsPanel   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "output-folder", path);
    }

  g_clear_object (&self->chooser);
}

void
cutout_options_panel_choose_folder_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *current = NULL;

  if (self->chooser != NULL || self->settings == NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose Output Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  current = g_settings_get_string (self->settings, "output-folder");
  if (current[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
cutout_options_panel_reset_folder_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "output-folder", "");
}

/* ---- Settings -------------------------------------------------------- */

void
cutout_options_panel_settings_changed_cb (CutoutOptionsPanel *self,
                     const char         *key,
                     GSettings          *settings)
{
  static const char * const option_keys[] = {
    "format", "width", "height", "exact-resize", "mask", "bg-color", "angle", "expand", NULL
  };

  if (g_strcmp0 (key, "presets") == 0)
    {
      cutout_options_panel_rebuild_presets (self);
    }
  else if (g_strcmp0 (key, "output-folder") == 0)
    {
      cutout_options_panel_update_folder_row (self);
    }
  else if (g_strcmp0 (key, "name-template") == 0 && !self->writing)
    {
      g_autofree char *text = g_settings_get_string (settings, key);

      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->template_row))) != 0)
        {
          self->updating++;
          gtk_editable_set_text (GTK_EDITABLE (self->template_row), text);
          self->updating--;
        }
    }
  else if (g_strv_contains (option_keys, key) && !self->writing && !cutout_options_panel_editing_override (self))
    {
      g_autoptr(CutoutOptions) options = cutout_options_panel_options_from_settings (self);

      if (!cutout_options_equal (options, self->options))
        cutout_options_panel_load_options (self, options);
    }
}

/* ---- Presets --------------------------------------------------------- */

/* A preset maps the schema's own key names to values of the keys' own
 * types (see the "presets" key in the schema); a missing output option
 * keeps its default, a missing finishing or output setting is left as
 * it is. */

static GVariant *
get_presets (CutoutOptionsPanel *self)
{
  return g_settings_get_value (self->settings, "presets");
}

static gboolean
lookup_uint (GVariantDict *dict,
             const char   *key,
             guint        *value_out)
{
  g_autoptr(GVariant) value = g_variant_dict_lookup_value (dict, key, NULL);

  /* Accept a signed number too, as a hand-edited preset may have one. */
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    *value_out = g_variant_get_uint32 (value);
  else if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    *value_out = (guint) MAX (0, g_variant_get_int32 (value));
  else
    return FALSE;
  return TRUE;
}

static GVariant *
preset_from_panel (CutoutOptionsPanel *self)
{
  const CutoutOptions *options = self->options;
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");
  g_autofree char *template_text = g_settings_get_string (self->settings, "name-template");
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "format", "s", cutout_format_to_string (options->format));
  g_variant_dict_insert (&dict, "width", "u", (guint32) options->width);
  g_variant_dict_insert (&dict, "height", "u", (guint32) options->height);
  g_variant_dict_insert (&dict, "exact-resize", "b", options->exact_resize);
  g_variant_dict_insert (&dict, "mask", "b", options->mask);
  g_variant_dict_insert (&dict, "bg-color", "s", options->bg_color != NULL ? options->bg_color : "");
  g_variant_dict_insert (&dict, "angle", "d", options->angle);
  g_variant_dict_insert (&dict, "expand", "b", options->expand);
  g_variant_dict_insert (&dict, "trim", "b", g_settings_get_boolean (self->settings, "trim"));
  g_variant_dict_insert (&dict, "trim-margin", "u", g_settings_get_uint (self->settings, "trim-margin"));
  g_variant_dict_insert (&dict, "keep-orientation", "b", g_settings_get_boolean (self->settings, "keep-orientation"));
  g_variant_dict_insert (&dict, "output-folder", "s", folder);
  g_variant_dict_insert (&dict, "name-template", "s", template_text);

  return g_variant_dict_end (&dict);
}

/* Writes the presets with @name replaced by @preset (NULL removes it),
 * renamed to @new_name when that is not NULL; the order is kept. */
static void
store_preset (CutoutOptionsPanel *self,
              const char         *name,
              const char         *new_name,
              GVariant           *preset)
{
  g_autoptr(GVariant) presets = get_presets (self);
  g_autoptr(GVariant) sunk = preset != NULL ? g_variant_ref_sink (preset) : NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gboolean found = FALSE;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_iter_init (&iter, presets);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &key, &value))
    {
      if (g_strcmp0 (key, name) == 0)
        {
          found = TRUE;
          if (new_name != NULL)
            g_variant_builder_add (&builder, "{s@a{sv}}", new_name, sunk != NULL ? sunk : value);
          else if (sunk != NULL)
            g_variant_builder_add (&builder, "{s@a{sv}}", name, sunk);
        }
      else if (new_name == NULL || g_strcmp0 (key, new_name) != 0)
        {
          /* A rename onto another preset's name replaces that one. */
          g_variant_builder_add (&builder, "{s@a{sv}}", key, value);
        }
      g_variant_unref (value);
    }
  if (!found && sunk != NULL)
    g_variant_builder_add (&builder, "{s@a{sv}}", name, sunk);

  g_settings_set_value (self->settings, "presets", g_variant_builder_end (&builder));
}

void
cutout_options_panel_save_preset (CutoutOptionsPanel *self,
                                  const char         *name)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (CUTOUT_IS_OPTIONS_PANEL (self));
  g_return_if_fail (name != NULL);

  stripped = g_strstrip (g_strdup (name));
  if (self->settings == NULL || stripped[0] == '\0' || self->options_error != NULL)
    return;

  store_preset (self, stripped, NULL, preset_from_panel (self));
}

gboolean
cutout_options_panel_apply_preset (CutoutOptionsPanel *self,
                                   const char         *name)
{
  g_autoptr(GVariant) presets = NULL;
  g_autoptr(GVariant) preset = NULL;
  g_autoptr(GVariantDict) dict = NULL;
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  const char *text;
  guint number;
  gboolean flag;

  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), FALSE);

  if (self->settings == NULL)
    return FALSE;

  presets = get_presets (self);
  preset = g_variant_lookup_value (presets, name, G_VARIANT_TYPE ("a{sv}"));
  if (preset == NULL)
    return FALSE;
  dict = g_variant_dict_new (preset);

  if (g_variant_dict_lookup (dict, "format", "&s", &text))
    cutout_format_from_string (text, &options->format);
  if (lookup_uint (dict, "width", &number))
    options->width = number;
  if (lookup_uint (dict, "height", &number))
    options->height = number;
  g_variant_dict_lookup (dict, "exact-resize", "b", &options->exact_resize);
  g_variant_dict_lookup (dict, "mask", "b", &options->mask);
  if (g_variant_dict_lookup (dict, "bg-color", "&s", &text))
    cutout_options_set_bg_color (options, text);
  g_variant_dict_lookup (dict, "angle", "d", &options->angle);
  g_variant_dict_lookup (dict, "expand", "b", &options->expand);

  /* The output options go where the panel writes now (the batch or the
   * selected image's override), through the same checks as typing. */
  cutout_options_panel_load_options (self, options);
  cutout_options_panel_commit (self);

  if (g_variant_dict_lookup (dict, "trim", "b", &flag))
    g_settings_set_boolean (self->settings, "trim", flag);
  if (lookup_uint (dict, "trim-margin", &number))
    g_settings_set_uint (self->settings, "trim-margin", MIN (number, 1000));
  if (g_variant_dict_lookup (dict, "keep-orientation", "b", &flag))
    g_settings_set_boolean (self->settings, "keep-orientation", flag);
  if (g_variant_dict_lookup (dict, "output-folder", "&s", &text) &&
      (text[0] == '\0' || g_path_is_absolute (text)))
    g_settings_set_string (self->settings, "output-folder", text);
  if (g_variant_dict_lookup (dict, "name-template", "&s", &text) &&
      cutout_output_template_validate (text, NULL))
    g_settings_set_string (self->settings, "name-template", text);

  return self->options_error == NULL;
}

void
cutout_options_panel_rebuild_presets (CutoutOptionsPanel *self)
{
  g_autoptr(GVariant) presets = NULL;
  g_autoptr(GMenu) apply_section = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GMenu) save_section = g_menu_new ();
  GVariantIter iter;
  const char *name;

  g_clear_object (&self->presets_menu);
  self->presets_menu = g_menu_new ();
  g_menu_append (save_section, _("Save Preset…"), "options.save-preset");
  g_menu_append_section (self->presets_menu, NULL, G_MENU_MODEL (save_section));

  if (self->settings != NULL)
    {
      presets = get_presets (self);
      g_variant_iter_init (&iter, presets);
      while (g_variant_iter_next (&iter, "{&s@a{sv}}", &name, NULL))
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);
          g_autoptr(GMenu) submenu = g_menu_new ();
          g_autoptr(GMenuItem) rename = g_menu_item_new (_("Rename…"), NULL);
          g_autoptr(GMenuItem) delete = g_menu_item_new (_("Delete"), NULL);

          g_menu_item_set_action_and_target (item, "options.apply-preset", "s", name);
          g_menu_append_item (apply_section, item);

          g_menu_item_set_action_and_target (rename, "options.rename-preset", "s", name);
          g_menu_item_set_action_and_target (delete, "options.delete-preset", "s", name);
          g_menu_append_item (submenu, rename);
          g_menu_append_item (submenu, delete);
          g_menu_append_submenu (manage, name, G_MENU_MODEL (submenu));
        }
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (apply_section)) > 0)
    {
      g_autoptr(GMenu) manage_section = g_menu_new ();

      g_menu_append_section (self->presets_menu, NULL, G_MENU_MODEL (apply_section));
      g_menu_append_submenu (manage_section, _("Manage Presets"), G_MENU_MODEL (manage));
      g_menu_append_section (self->presets_menu, NULL, G_MENU_MODEL (manage_section));
    }

  gtk_menu_button_set_menu_model (self->presets_button, G_MENU_MODEL (self->presets_menu));
}

/* ---- Dialogs --------------------------------------------------------- */

static void
entry_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, adw_message_dialog_get_default_response (dialog),
                                           text[0] != '\0');
}

static void
name_dialog_response_cb (AdwMessageDialog   *dialog,
                         const char         *response,
                         CutoutOptionsPanel *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "preset-name");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (name[0] == '\0')
    return;

  if (g_strcmp0 (response, "save") == 0)
    cutout_options_panel_save_preset (self, name);
  else if (g_strcmp0 (response, "rename") == 0 && old_name != NULL)
    store_preset (self, old_name, name, NULL);
}

static void
present_name_dialog (CutoutOptionsPanel *self,
                     const char         *heading,
                     const char         *body,
                     const char         *response,
                     const char         *response_label,
                     const char         *preset_name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preset Name"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "preset-name", g_strdup (preset_name), g_free);

  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), preset_name != NULL ? preset_name : "");
  entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_dialog_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
cutout_options_panel_save_preset_cb (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  present_name_dialog (self, _("Save Preset"),
                       _("The output options, finishing and output files settings shown are saved under this name. A preset of the same name is replaced."),
                       "save", _("_Save"), NULL);
}

void
cutout_options_panel_apply_preset_cb (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  cutout_options_panel_apply_preset (CUTOUT_OPTIONS_PANEL (widget), g_variant_get_string (parameter, NULL));
}

void
cutout_options_panel_rename_preset_cb (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  present_name_dialog (self, _("Rename Preset"), NULL, "rename", _("_Rename"),
                       g_variant_get_string (parameter, NULL));
}

void
cutout_options_panel_delete_preset_cb (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (widget);

  if (self->settings != NULL)
    store_preset (self, g_variant_get_string (parameter, NULL), NULL, NULL);
}
