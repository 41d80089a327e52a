/* cutout-options-panel.c — the output options of the batch or of one image, with a live preview
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cutout-api-error.h"
#include "cutout-color.h"
#include "cutout-options-panel-private.h"
#include "cutout-output.h"
#include "cutout-render.h"

G_DEFINE_FINAL_TYPE (CutoutOptionsPanel, cutout_options_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_JOB,
  PROP_VALID,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Reading and showing the options --------------------------------- */

static void
set_rgba_from_text (CutoutOptionsPanel *self,
                    const char         *text)
{
  CutoutColor color;
  GdkRGBA rgba;

  if (text == NULL || !cutout_color_parse (text, &color, NULL))
    return;

  rgba.red = color.red / 255.0f;
  rgba.green = color.green / 255.0f;
  rgba.blue = color.blue / 255.0f;
  rgba.alpha = color.alpha / 255.0f;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->bg_color_button), &rgba);
}

/* Shows @options on the controls without writing them anywhere, then
 * checks and previews them. */
void
cutout_options_panel_load_options (CutoutOptionsPanel  *self,
                                   const CutoutOptions *options)
{
  self->updating++;

  adw_combo_row_set_selected (self->format_row, options->format == CUTOUT_FORMAT_PNG ? 1 : 0);
  gtk_spin_button_set_value (self->width_spin, (double) options->width);
  gtk_spin_button_set_value (self->height_spin, (double) options->height);
  gtk_switch_set_active (self->exact_switch, options->exact_resize);
  gtk_switch_set_active (self->mask_switch, options->mask);
  adw_expander_row_set_enable_expansion (self->bg_row, options->bg_color != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->bg_entry), options->bg_color != NULL ? options->bg_color : "");
  set_rgba_from_text (self, options->bg_color);
  gtk_spin_button_set_value (self->angle_spin, options->angle);
  gtk_switch_set_active (self->expand_switch, options->expand);

  self->updating--;

  cutout_options_panel_refresh (self, FALSE);
}

/* A width or height as typed: empty and 0 mean "keep the original";
 * anything else is read as the service reads the form field. */
static const char *
dimension_text (GtkSpinButton *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0' || g_strcmp0 (text, "0") == 0)
    return NULL;
  return text;
}

static CutoutOptions *
read_controls (CutoutOptionsPanel  *self,
               GError             **error)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  char angle[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

#define ADD_FIELD(name, value) \
  G_STMT_START { g_ptr_array_add (fields, (gpointer) (name)); g_ptr_array_add (values, (gpointer) (value)); } G_STMT_END

  ADD_FIELD ("format", adw_combo_row_get_selected (self->format_row) == 1 ? "png" : "webp");
  if ((text = dimension_text (self->width_spin)) != NULL)
    ADD_FIELD ("w", text);
  if ((text = dimension_text (self->height_spin)) != NULL)
    ADD_FIELD ("h", text);
  ADD_FIELD ("exact_resize", gtk_switch_get_active (self->exact_switch) ? "true" : "false");
  ADD_FIELD ("mask", gtk_switch_get_active (self->mask_switch) ? "true" : "false");
  text = gtk_editable_get_text (GTK_EDITABLE (self->bg_entry));
  if (adw_expander_row_get_enable_expansion (self->bg_row) && text[0] != '\0')
    ADD_FIELD ("bg_color", text);
  g_ascii_dtostr (angle, sizeof angle, gtk_spin_button_get_value (self->angle_spin));
  ADD_FIELD ("angle", angle);
  ADD_FIELD ("expand", gtk_switch_get_active (self->expand_switch) ? "true" : "false");

#undef ADD_FIELD

  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  cutout_options_parse_fields (options,
                               (const char * const *) fields->pdata,
                               (const char * const *) values->pdata,
                               error);

  return g_steal_pointer (&options);
}

typedef struct
{
  const char *field;
  const char *default_subtitle;
  GString    *messages;
} RowErrors;

static void
add_row_error (RowErrors  *rows,
               guint       n_rows,
               const char *field,
               const char *message)
{
  for (guint i = 0; i < n_rows; i++)
    {
      if (g_strcmp0 (rows[i].field, field) != 0)
        continue;

      if (rows[i].messages->len > 0)
        g_string_append_c (rows[i].messages, '\n');
      g_string_append (rows[i].messages, message);
    }
}

void
cutout_options_panel_show_row_state (AdwPreferencesRow *row,
                const char        *subtitle,
                gboolean           is_error)
{
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Puts each problem on the row of its field, in the service's words. */
static void
show_errors (CutoutOptionsPanel *self,
             const GError       *error)
{
  const char *bg_text = gtk_editable_get_text (GTK_EDITABLE (self->bg_entry));
  gboolean bg_on = adw_expander_row_get_enable_expansion (self->bg_row);
  RowErrors rows[] = {
    { "format", "", NULL },
    { "w", _("In pixels; 0 keeps the original size"), NULL },
    { "h", _("In pixels; 0 keeps the original size"), NULL },
    { "mask", _("A black-and-white mask of the subject"), NULL },
    { "bg_color", bg_on && bg_text[0] != '\0' ? bg_text : _("Transparent"), NULL },
    { "angle", _("Degrees, counter-clockwise"), NULL },
  };
  AdwPreferencesRow *widgets[] = {
    ADW_PREFERENCES_ROW (self->format_row),
    ADW_PREFERENCES_ROW (self->width_row),
    ADW_PREFERENCES_ROW (self->height_row),
    ADW_PREFERENCES_ROW (self->mask_row),
    ADW_PREFERENCES_ROW (self->bg_row),
    ADW_PREFERENCES_ROW (self->angle_row),
  };
  gboolean bg_error;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    rows[i].messages = g_string_new (NULL);

  if (error != NULL && g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS))
    {
      GPtrArray *details = cutout_api_error_get_details (error);

      for (guint i = 0; details != NULL && i < details->len; i++)
        {
          CutoutFieldError *detail = g_ptr_array_index (details, i);

          add_row_error (rows, G_N_ELEMENTS (rows), detail->field, detail->message);
        }
    }
  else if (error != NULL && g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MASK_WITH_COLOR))
    {
      /* Neither field is wrong alone: show it on both. */
      add_row_error (rows, G_N_ELEMENTS (rows), "mask", error->message);
      add_row_error (rows, G_N_ELEMENTS (rows), "bg_color", error->message);
    }
  else if (error != NULL)
    {
      add_row_error (rows, G_N_ELEMENTS (rows), cutout_api_error_get_field (error), error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gboolean is_error = rows[i].messages->len > 0;

      cutout_options_panel_show_row_state (widgets[i], is_error ? rows[i].messages->str : rows[i].default_subtitle, is_error);
      g_string_free (rows[i].messages, TRUE);
    }

  /* The color's own syntax error also marks the entry it was typed in. */
  bg_error = bg_on && bg_text[0] != '\0' && !cutout_color_parse (bg_text, NULL, NULL);
  if (bg_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->bg_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bg_entry), "error");
}

/* ---- Checking, previewing and writing -------------------------------- */

static void
set_valid (CutoutOptionsPanel *self)
{
  const GError *error = self->options_error != NULL ? self->options_error : self->template_error;
  gboolean valid = error == NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* Reads the controls, shows what is wrong on its row, and when all is
 * well redraws the preview and (with @commit) writes the options to
 * their target: the selected job's override, or the batch's settings. */
void
cutout_options_panel_refresh (CutoutOptionsPanel *self,
         gboolean            commit)
{
  g_autoptr(GError) error = NULL;
  CutoutOptions *options;

  options = read_controls (self, &error);
  g_clear_pointer (&self->options, cutout_options_free);
  self->options = options;
  g_clear_error (&self->options_error);
  self->options_error = g_steal_pointer (&error);

  show_errors (self, self->options_error);

  if (self->options_error == NULL)
    {
      cutout_preview_set_options (self->preview, options);

      if (commit && cutout_options_panel_editing_override (self))
        {
          if (!cutout_options_equal (cutout_job_get_options_override (self->job), options))
            cutout_job_set_options_override (self->job, options);
        }
      else if (commit)
        {
          cutout_options_panel_write_settings (self, options);
        }
    }

  cutout_options_panel_update_example (self);
  set_valid (self);
  cutout_options_panel_update_actions (self);
}

void
cutout_options_panel_commit (CutoutOptionsPanel *self)
{
  cutout_options_panel_refresh (self, TRUE);
}

static void
control_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  cutout_options_panel_refresh (self, TRUE);
}

/* ---- Keeping proportions --------------------------------------------- */

static double
aspect_ratio (CutoutOptionsPanel *self)
{
  int width, height;

  if (cutout_preview_get_image_size (self->preview, &width, &height))
    return (double) width / height;
  if (self->job != NULL && cutout_job_get_width (self->job) > 0 && cutout_job_get_height (self->job) > 0)
    return (double) cutout_job_get_width (self->job) / cutout_job_get_height (self->job);
  return self->lock_ratio;
}

static void
follow_dimension (CutoutOptionsPanel *self,
                  GtkSpinButton      *changed,
                  GtkSpinButton      *other)
{
  const char *text = dimension_text (changed);
  double ratio = aspect_ratio (self);
  gint64 value = 0;
  double other_value = 0;
  char *end = NULL;

  if (!gtk_toggle_button_get_active (self->lock_button) || ratio <= 0)
    return;

  if (text != NULL)
    {
      value = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0' || value < 1 || value > 10000)
        return;
    }

  if (value > 0)
    other_value = changed == self->width_spin ? round (value / ratio) : round (value * ratio);
  other_value = CLAMP (other_value, value > 0 ? 1 : 0, 10000);

  self->updating++;
  gtk_spin_button_set_value (other, other_value);
  self->updating--;
}

/* While a size is typed it is checked and previewed at every key, but
 * written only once the spin button takes the value (Enter, leaving the
 * field, the arrows): the texts on the way ("", "1", "15"…) are not
 * what the user means. */
static void
width_text_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  follow_dimension (self, self->width_spin, self->height_spin);
  cutout_options_panel_refresh (self, FALSE);
}

static void
height_text_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  follow_dimension (self, self->height_spin, self->width_spin);
  cutout_options_panel_refresh (self, FALSE);
}

static void
width_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  follow_dimension (self, self->width_spin, self->height_spin);
  cutout_options_panel_refresh (self, TRUE);
}

static void
height_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  follow_dimension (self, self->height_spin, self->width_spin);
  cutout_options_panel_refresh (self, TRUE);
}

static void
lock_toggled_cb (CutoutOptionsPanel *self)
{
  gboolean active = gtk_toggle_button_get_active (self->lock_button);

  gtk_button_set_icon_name (GTK_BUTTON (self->lock_button),
                            active ? "changes-prevent-symbolic" : "changes-allow-symbolic");

  /* Without an image, keep the proportions of the size set now. */
  self->lock_ratio = 0;
  if (self->options->width > 0 && self->options->height > 0)
    self->lock_ratio = (double) self->options->width / self->options->height;

  if (active)
    width_changed_cb (self);
}

/* ---- Background color ------------------------------------------------ */

static void
bg_entry_changed_cb (CutoutOptionsPanel *self)
{
  if (self->updating > 0)
    return;

  self->updating++;
  set_rgba_from_text (self, gtk_editable_get_text (GTK_EDITABLE (self->bg_entry)));
  self->updating--;

  cutout_options_panel_refresh (self, TRUE);
}

static void
color_set_cb (CutoutOptionsPanel *self)
{
  GdkRGBA rgba;
  CutoutColor color;
  g_autofree char *hex = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->bg_color_button), &rgba);
  color.red = (guint8) round (CLAMP (rgba.red, 0.0f, 1.0f) * 255);
  color.green = (guint8) round (CLAMP (rgba.green, 0.0f, 1.0f) * 255);
  color.blue = (guint8) round (CLAMP (rgba.blue, 0.0f, 1.0f) * 255);
  color.alpha = (guint8) round (CLAMP (rgba.alpha, 0.0f, 1.0f) * 255);
  hex = cutout_color_to_hex (&color);

  adw_expander_row_set_enable_expansion (self->bg_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->bg_entry), hex);
}

/* The preview draws its status itself while it has no frame; with a
 * frame the status (say "Showing the saved result") goes below it. */
static void
preview_status_cb (CutoutOptionsPanel *self)
{
  const char *status = cutout_preview_get_status (self->preview);
  gboolean show = status != NULL && cutout_preview_get_texture (self->preview) != NULL;

  gtk_label_set_label (self->preview_status, show ? status : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_status), show ? status : NULL);
}

/* ---- GObject --------------------------------------------------------- */

static void
cutout_options_panel_constructed (GObject *object)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (object);

  G_OBJECT_CLASS (cutout_options_panel_parent_class)->constructed (object);

  g_assert (CUTOUT_IS_CONTEXT (self->context));
  self->settings = cutout_context_get_settings (self->context);
  self->queue = cutout_context_get_queue (self->context);
  cutout_preview_set_queue (self->preview, self->queue);

  if (self->settings != NULL)
    {
      g_autofree char *template_text = g_settings_get_string (self->settings, "name-template");
      g_autoptr(GSettingsBackend) backend = NULL;
      g_autoptr(GSettingsSchema) schema = NULL;
      g_autofree char *path = NULL;

      /* The same keys on the same backend, in delay-apply mode; the
       * context's object must stay as it is for everyone else. */
      g_object_get (self->settings, "backend", &backend, "settings-schema", &schema, "path", &path, NULL);
      self->batch_settings = g_settings_new_full (schema, backend, path);
      g_settings_delay (self->batch_settings);

      g_settings_bind (self->settings, "trim", self->trim_row, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "trim-margin",
                       gtk_spin_button_get_adjustment (self->trim_margin_spin), "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "keep-orientation", self->orientation_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (cutout_options_panel_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);

      self->updating++;
      gtk_editable_set_text (GTK_EDITABLE (self->template_row), template_text);
      self->updating--;
      cutout_options_panel_template_changed_cb (self);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->template_row), cutout_queue_get_name_template (self->queue));
    }

  g_signal_connect_object (self->queue, "notify::keep-editable", G_CALLBACK (cutout_options_panel_sync_job),
                           self, G_CONNECT_SWAPPED);

  cutout_options_panel_update_folder_row (self);
  cutout_options_panel_rebuild_presets (self);
  cutout_options_panel_load_target (self);
  cutout_options_panel_sync_job (self);
}

static void
cutout_options_panel_dispose (GObject *object)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->presets_menu);
  g_clear_object (&self->batch_settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_OPTIONS_PANEL);

  g_clear_object (&self->context);
  self->settings = NULL;
  self->queue = NULL;

  G_OBJECT_CLASS (cutout_options_panel_parent_class)->dispose (object);
}

static void
cutout_options_panel_finalize (GObject *object)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->options, cutout_options_free);
  g_clear_error (&self->options_error);
  g_clear_error (&self->template_error);

  G_OBJECT_CLASS (cutout_options_panel_parent_class)->finalize (object);
}

static void
cutout_options_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT: g_value_set_object (value, self->context); break;
    case PROP_JOB: g_value_set_object (value, self->job); break;
    case PROP_VALID: g_value_set_boolean (value, self->valid); break;
    case PROP_ERROR: g_value_set_boxed (value, cutout_options_panel_get_error (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_options_panel_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CutoutOptionsPanel *self = CUTOUT_OPTIONS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT: self->context = g_value_dup_object (value); break;
    case PROP_JOB: cutout_options_panel_set_job (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_options_panel_class_init (CutoutOptionsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_options_panel_constructed;
  object_class->dispose = cutout_options_panel_dispose;
  object_class->finalize = cutout_options_panel_finalize;
  object_class->get_property = cutout_options_panel_get_property;
  object_class->set_property = cutout_options_panel_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, CUTOUT_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CUTOUT_TYPE_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-options-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, preview);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, compare_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, split_scale);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, split_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, preview_status);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, image_group);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, override_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, override_switch);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, credit_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, rerender_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, options_group);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, presets_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, format_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, width_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, width_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, height_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, height_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, lock_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, lock_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, exact_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, exact_switch);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, mask_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, mask_switch);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, bg_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, bg_entry);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, bg_color_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, angle_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, angle_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, expand_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, expand_switch);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, trim_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, trim_margin_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, orientation_switch);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, folder_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, folder_reset_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, template_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutOptionsPanel, example_row);

  gtk_widget_class_install_action (widget_class, "options.apply-to-image", NULL, cutout_options_panel_apply_to_image_cb);
  gtk_widget_class_install_action (widget_class, "options.reset-to-batch", NULL, cutout_options_panel_reset_to_batch_cb);
  gtk_widget_class_install_action (widget_class, "options.rerender", NULL, cutout_options_panel_rerender_cb);
  gtk_widget_class_install_action (widget_class, "options.choose-folder", NULL, cutout_options_panel_choose_folder_cb);
  gtk_widget_class_install_action (widget_class, "options.reset-folder", NULL, cutout_options_panel_reset_folder_cb);
  gtk_widget_class_install_action (widget_class, "options.save-preset", NULL,
                                   cutout_options_panel_save_preset_cb);
  gtk_widget_class_install_action (widget_class, "options.apply-preset", "s",
                                   cutout_options_panel_apply_preset_cb);
  gtk_widget_class_install_action (widget_class, "options.rename-preset", "s",
                                   cutout_options_panel_rename_preset_cb);
  gtk_widget_class_install_action (widget_class, "options.delete-preset", "s",
                                   cutout_options_panel_delete_preset_cb);
}

static void
cutout_options_panel_init (CutoutOptionsPanel *self)
{
  self->cancellable = g_cancellable_new ();
  self->options = cutout_options_new ();
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->compare_button, "active", self->preview, "compare", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->compare_button, "active", self->split_scale, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->preview, "has-result", self->compare_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->split_adjustment, "value", self->preview, "split", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->zoom_button, "active", self->preview, "zoom-to-fit",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_object (self->preview, "notify::status", G_CALLBACK (preview_status_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "notify::texture", G_CALLBACK (preview_status_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "changed", G_CALLBACK (width_text_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "value-changed", G_CALLBACK (width_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "changed", G_CALLBACK (height_text_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "value-changed", G_CALLBACK (height_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lock_button, "toggled", G_CALLBACK (lock_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exact_switch, "notify::active", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mask_switch, "notify::active", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bg_row, "notify::enable-expansion", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bg_entry, "changed", G_CALLBACK (bg_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bg_color_button, "color-set", G_CALLBACK (color_set_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->angle_spin, "value-changed", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->expand_switch, "notify::active", G_CALLBACK (control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->override_switch, "notify::active", G_CALLBACK (cutout_options_panel_override_switch_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_row, "changed", G_CALLBACK (cutout_options_panel_template_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* The image's size (for {w}/{h} and proportions) is known once loaded. */
  g_signal_connect_object (self->preview, "notify::loading", G_CALLBACK (cutout_options_panel_update_example),
                           self, G_CONNECT_SWAPPED);
}

/* ---- Public API ------------------------------------------------------ */

GtkWidget *
cutout_options_panel_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_OPTIONS_PANEL,
                       "context", context,
                       NULL);
}

CutoutContext *
cutout_options_panel_get_context (CutoutOptionsPanel *self)
{
  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), NULL);

  return self->context;
}

CutoutJob *
cutout_options_panel_get_job (CutoutOptionsPanel *self)
{
  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), NULL);

  return self->job;
}

void
cutout_options_panel_set_job (CutoutOptionsPanel *self,
                              CutoutJob          *job)
{
  g_return_if_fail (CUTOUT_IS_OPTIONS_PANEL (self));
  g_return_if_fail (job == NULL || CUTOUT_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify::options-override", G_CALLBACK (cutout_options_panel_override_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::state", G_CALLBACK (cutout_options_panel_sync_job), self, G_CONNECT_SWAPPED);
    }

  self->rerendering = FALSE;
  cutout_preview_set_job (self->preview, job);
  cutout_options_panel_load_target (self);
  cutout_options_panel_sync_job (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

gboolean
cutout_options_panel_get_valid (CutoutOptionsPanel *self)
{
  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), FALSE);

  return self->valid;
}

const GError *
cutout_options_panel_get_error (CutoutOptionsPanel *self)
{
  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), NULL);

  return self->options_error != NULL ? self->options_error : self->template_error;
}

const CutoutOptions *
cutout_options_panel_get_options (CutoutOptionsPanel *self)
{
  g_return_val_if_fail (CUTOUT_IS_OPTIONS_PANEL (self), NULL);

  return self->options;
}
