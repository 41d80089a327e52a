/* cutout-preferences-window.c — the Preferences window
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-color.h"
#include "cutout-config.h"
#include "cutout-options.h"
#include "cutout-output.h"
#include "cutout-preferences-window-private.h"

typedef enum
{
  MESSAGE_NONE,
  MESSAGE_INFO,
  MESSAGE_ERROR,
} MessageKind;

G_DEFINE_FINAL_TYPE (CutoutPreferencesWindow, cutout_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The nicks of the schema's enums, in the order of the combo rows' items. */
static const char * const format_nicks[] = { "webp", "png", NULL };
static const char * const collision_nicks[] = { "add-number", "overwrite", "skip", NULL };

/* What the naming template's example is made from. */
#define EXAMPLE_INPUT_NAME "IMG_0042.JPG"
#define EXAMPLE_WIDTH      1600
#define EXAMPLE_HEIGHT     1200
#define EXAMPLE_COUNTER    7

/* A message row sits below the row it talks about. An error also marks
 * that row, so the two read as one. */
static void
set_row_message (GtkWidget   *row,
                 GtkWidget   *message_row,
                 GtkLabel    *label,
                 MessageKind  kind,
                 const char  *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  if (kind == MESSAGE_ERROR)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (message_row, kind != MESSAGE_NONE && text != NULL);
}

void
cutout_preferences_window_toast (CutoutPreferencesWindow *self,
                                 const char              *title)
{
  AdwToast *t = adw_toast_new (title);

  adw_toast_set_timeout (t, 4);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static void
set_entry_text (CutoutPreferencesWindow *self,
                AdwEntryRow             *row,
                const char              *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) == 0)
    return;
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  self->updating--;
}

/* ---- Enumerations in combo rows ---------------------------------------- */

static gboolean
enum_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_str_equal (nicks[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
enum_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[index]);
}

/* ---- Background color ------------------------------------------------- */

/* Checks @text as the service would, together with the mask switch,
 * shows the verdict on the row and returns whether it may be stored. */
static gboolean
check_bg_color (CutoutPreferencesWindow *self,
                const char              *text)
{
  g_autoptr(GError) error = NULL;
  CutoutColor color;

  if (*text != '\0' && !cutout_color_parse (text, &color, &error))
    {
      set_row_message (GTK_WIDGET (self->bg_color_row), self->bg_color_message_row,
                       self->bg_color_message, MESSAGE_ERROR, error->message);
      return FALSE;
    }

  if (*text != '\0' && g_settings_get_boolean (self->settings, "mask"))
    {
      g_autoptr(CutoutOptions) options = cutout_options_new ();

      /* The service's own wording for the combination. */
      options->mask = TRUE;
      cutout_options_set_bg_color (options, text);
      if (!cutout_options_validate (options, &error))
        {
          set_row_message (GTK_WIDGET (self->bg_color_row), self->bg_color_message_row,
                           self->bg_color_message, MESSAGE_ERROR, error->message);
          return FALSE;
        }
    }

  set_row_message (GTK_WIDGET (self->bg_color_row), self->bg_color_message_row,
                   self->bg_color_message, *text == '\0' ? MESSAGE_INFO : MESSAGE_NONE,
                   _("Empty: the background stays transparent."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-bg-color", *text != '\0');

  if (*text != '\0')
    {
      GdkRGBA rgba = {
        color.red / 255.f, color.green / 255.f, color.blue / 255.f, color.alpha / 255.f
      };

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }

  return TRUE;
}

static void
bg_color_changed_cb (CutoutPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bg_color_row))));

  if (!check_bg_color (self, text) || self->updating > 0)
    return;

  g_settings_set_string (self->settings, "bg-color", text);
}

static void
color_set_cb (CutoutPreferencesWindow *self)
{
  GdkRGBA rgba;
  CutoutColor color;
  g_autofree char *hex = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS

  color.red = (guint8) CLAMP (rgba.red * 255.f + .5f, 0, 255);
  color.green = (guint8) CLAMP (rgba.green * 255.f + .5f, 0, 255);
  color.blue = (guint8) CLAMP (rgba.blue * 255.f + .5f, 0, 255);
  color.alpha = (guint8) CLAMP (rgba.alpha * 255.f + .5f, 0, 255);
  hex = cutout_color_to_hex (&color);

  /* Goes through the entry, so the same check and write apply. */
  gtk_editable_set_text (GTK_EDITABLE (self->bg_color_row), hex);
}

static void
clear_bg_color_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->bg_color_row), "");
}

static void
bg_color_setting_changed_cb (CutoutPreferencesWindow *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "bg-color");
  g_autofree char *text = NULL;

  set_entry_text (self, self->bg_color_row, value);
  /* The mask switch may have made the color invalid, or valid again. */
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bg_color_row))));
  check_bg_color (self, text);
}

/* ---- Naming template -------------------------------------------------- */

static gboolean
check_template (CutoutPreferencesWindow *self,
                const char              *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  g_autofree char *message = NULL;
  CutoutFormat format = (CutoutFormat) g_settings_get_enum (self->settings, "format");
  guint width = g_settings_get_uint (self->settings, "width");
  guint height = g_settings_get_uint (self->settings, "height");

  if (cutout_output_template_validate (text, &error))
    example = cutout_output_expand_template (text, EXAMPLE_INPUT_NAME, format,
                                             width > 0 ? (int) width : EXAMPLE_WIDTH,
                                             height > 0 ? (int) height : EXAMPLE_HEIGHT,
                                             NULL, EXAMPLE_COUNTER, &error);
  if (example == NULL)
    {
      set_row_message (GTK_WIDGET (self->template_row), self->template_message_row,
                       self->template_message, MESSAGE_ERROR, error->message);
      return FALSE;
    }

  /* Translators: %s is a file name made from the naming template. */
  message = g_strdup_printf (_("Example: %s"), example);
  set_row_message (GTK_WIDGET (self->template_row), self->template_message_row,
                   self->template_message, MESSAGE_INFO, message);
  return TRUE;
}

static void
template_changed_cb (CutoutPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->template_row));

  if (!check_template (self, text) || self->updating > 0)
    return;

  g_settings_set_string (self->settings, "name-template", text);
}

static void
template_setting_changed_cb (CutoutPreferencesWindow *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "name-template");

  set_entry_text (self, self->template_row, value);
  check_template (self, gtk_editable_get_text (GTK_EDITABLE (self->template_row)));
}

/* ---- Output folder ---------------------------------------------------- */

static void
folder_setting_changed_cb (CutoutPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "output-folder");

  if (path[0] == '\0')
    {
      adw_action_row_set_subtitle (self->folder_row, _("Beside the originals"));
    }
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      adw_action_row_set_subtitle (self->folder_row, display);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.reset-folder", path[0] != '\0');
}

static void
folder_chooser_response_cb (CutoutPreferencesWindow *self,
                            int                      response,
                            GtkNativeDialog         *dialog)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      G_GNUC_END_IGNORE_DEPRECATIONS
      if (file != NULL)
        path = g_file_get_path (file);

      /* Results are written atomically with a rename, which needs a
       * local path. */
      if (path != NULL)
        g_settings_set_string (self->settings, "output-folder", path);
      else
        cutout_preferences_window_toast (self, _("Choose a folder on this computer."));
    }

  g_clear_object (&self->folder_chooser);
}

static void
choose_folder_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);
  g_autofree char *path = g_settings_get_string (self->settings, "output-folder");
  GtkFileChooserNative *chooser;

  if (self->folder_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose Output Folder"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (path[0] != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_path (path);

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (folder_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->folder_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->folder_chooser);
}

static void
reset_folder_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "output-folder", "");
}

/* ---- Service addresses ------------------------------------------------- */

typedef struct
{
  const char *key;
  const char *env;
  gsize       row_offset;
  gsize       message_row_offset;
  gsize       message_offset;
} UrlField;

static const UrlField url_fields[] = {
  { "api-url", CUTOUT_ENV_API_URL,
    G_STRUCT_OFFSET (CutoutPreferencesWindow, api_url_row),
    G_STRUCT_OFFSET (CutoutPreferencesWindow, api_url_message_row),
    G_STRUCT_OFFSET (CutoutPreferencesWindow, api_url_message) },
  { "account-url", CUTOUT_ENV_ACCOUNT_URL,
    G_STRUCT_OFFSET (CutoutPreferencesWindow, account_url_row),
    G_STRUCT_OFFSET (CutoutPreferencesWindow, account_url_message_row),
    G_STRUCT_OFFSET (CutoutPreferencesWindow, account_url_message) },
};

#define URL_ROW(self, field) G_STRUCT_MEMBER (AdwEntryRow *, self, (field)->row_offset)
#define URL_MESSAGE_ROW(self, field) G_STRUCT_MEMBER (GtkWidget *, self, (field)->message_row_offset)
#define URL_MESSAGE(self, field) G_STRUCT_MEMBER (GtkLabel *, self, (field)->message_offset)

static const UrlField *
find_url_field (CutoutPreferencesWindow *self,
                gpointer                 row)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_fields); i++)
    if (URL_ROW (self, &url_fields[i]) == row)
      return &url_fields[i];

  g_return_val_if_reached (NULL);
}

/* Says when an environment variable overrides the stored address, so
 * that a change here does not seem to be ignored. */
static void
show_url_note (CutoutPreferencesWindow *self,
               const UrlField          *field)
{
  const char *env = g_getenv (field->env);
  g_autofree char *note = NULL;

  if (env != NULL && *env != '\0')
    /* Translators: %s is the name of an environment variable. */
    note = g_strdup_printf (_("The environment variable %s overrides this address."), field->env);

  set_row_message (GTK_WIDGET (URL_ROW (self, field)), URL_MESSAGE_ROW (self, field),
                   URL_MESSAGE (self, field), note != NULL ? MESSAGE_INFO : MESSAGE_NONE, note);
}

static void
url_apply_cb (AdwEntryRow             *row,
              CutoutPreferencesWindow *self)
{
  const UrlField *field = find_url_field (self, row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  /* Empty means the default address, as an empty key does. */
  if (*text == '\0')
    {
      g_settings_reset (self->settings, field->key);
      show_url_note (self, field);
      return;
    }

  if (!cutout_config_check_base_url (text, &error))
    {
      set_row_message (GTK_WIDGET (row), URL_MESSAGE_ROW (self, field),
                       URL_MESSAGE (self, field), MESSAGE_ERROR, error->message);
      return;
    }

  g_settings_set_string (self->settings, field->key, text);
  show_url_note (self, field);
}

static void
url_changed_cb (AdwEntryRow             *row,
                CutoutPreferencesWindow *self)
{
  /* An error about the previous text is stale once it is edited; the
   * new text is checked when it is applied. */
  if (self->updating == 0 && gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    show_url_note (self, find_url_field (self, row));
}

static void
url_setting_changed_cb (GSettings               *settings,
                        const char              *key,
                        CutoutPreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_fields); i++)
    {
      const UrlField *field = &url_fields[i];
      g_autofree char *value = NULL;

      if (key != NULL && !g_str_equal (key, field->key))
        continue;
      value = g_settings_get_string (settings, field->key);
      set_entry_text (self, URL_ROW (self, field), value);
      show_url_note (self, field);
    }
}

static void
reset_url_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (widget);
  const char *key = g_str_equal (action_name, "prefs.reset-api-url") ? "api-url" : "account-url";

  g_settings_reset (self->settings, key);
  /* The entry may hold a refused address while the key was already at
   * its default, so it is set from the key either way. */
  url_setting_changed_cb (self->settings, key, self);
}

/* ---- History ---------------------------------------------------------- */

static void
retention_setting_changed_cb (CutoutPreferencesWindow *self)
{
  guint days = g_settings_get_uint (self->settings, "history-retention-days");

  self->updating++;
  adw_expander_row_set_enable_expansion (self->retention_row, days > 0);
  if (days > 0)
    gtk_spin_button_set_value (self->retention_days_spin, days);
  self->updating--;
}

static void
retention_changed_cb (CutoutPreferencesWindow *self)
{
  guint days = 0;

  if (self->updating > 0)
    return;

  if (adw_expander_row_get_enable_expansion (self->retention_row))
    days = (guint) gtk_spin_button_get_value_as_int (self->retention_days_spin);
  g_settings_set_uint (self->settings, "history-retention-days", days);
}

/* ---- Setup ------------------------------------------------------------ */

static void
bind_settings (CutoutPreferencesWindow *self)
{
  static const struct {
    const char *key;
    gsize       offset;
    const char *property;
  } plain[] = {
#define BIND(key, member, property) { key, G_STRUCT_OFFSET (CutoutPreferencesWindow, member), property }
    BIND ("width", width_spin, "value"),
    BIND ("height", height_spin, "value"),
    BIND ("exact-resize", exact_resize_switch, "active"),
    BIND ("mask", mask_switch, "active"),
    BIND ("angle", angle_spin, "value"),
    BIND ("expand", expand_switch, "active"),
    BIND ("trim", trim_switch, "active"),
    BIND ("trim-margin", trim_margin_spin, "value"),
    BIND ("keep-orientation", keep_orientation_switch, "active"),
    BIND ("keep-editable", keep_editable_switch, "active"),
    BIND ("editable-cache-mb", cache_size_spin, "value"),
    BIND ("concurrency", concurrency_spin, "value"),
    BIND ("max-attempts", max_attempts_spin, "value"),
    BIND ("retry-possibly-charged", retry_charged_switch, "active"),
    BIND ("allow-convert", allow_convert_switch, "active"),
    BIND ("allow-shrink", allow_shrink_switch, "active"),
    BIND ("low-credit-threshold", low_credit_spin, "value"),
    BIND ("notify-on-finish", notify_switch, "active"),
#undef BIND
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_settings_bind (self->settings, plain[i].key,
                     G_STRUCT_MEMBER (GObject *, self, plain[i].offset), plain[i].property,
                     G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (self->settings, "format", self->format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping,
                                (gpointer) format_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "collision-policy", self->collision_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping,
                                (gpointer) collision_nicks, NULL);

  g_object_bind_property (self->trim_switch, "active", self->trim_margin_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->keep_editable_switch, "active", self->cache_size_row, "sensitive",
                          G_BINDING_SYNC_CREATE);

  /* The checked fields and those that are not one property each follow
   * the settings by hand. */
  g_signal_connect_object (self->settings, "changed::bg-color",
                           G_CALLBACK (bg_color_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mask",
                           G_CALLBACK (bg_color_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::name-template",
                           G_CALLBACK (template_setting_changed_cb), self, G_CONNECT_SWAPPED);
  /* The template's example shows the format's extension and the size. */
  g_signal_connect_object (self->settings, "changed::format",
                           G_CALLBACK (template_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::width",
                           G_CALLBACK (template_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::height",
                           G_CALLBACK (template_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::output-folder",
                           G_CALLBACK (folder_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::history-retention-days",
                           G_CALLBACK (retention_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::api-url",
                           G_CALLBACK (url_setting_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::account-url",
                           G_CALLBACK (url_setting_changed_cb), self, 0);

  /* What turning on "Delete Old Entries" starts from. */
  gtk_spin_button_set_value (self->retention_days_spin, 30);

  bg_color_setting_changed_cb (self);
  template_setting_changed_cb (self);
  folder_setting_changed_cb (self);
  retention_setting_changed_cb (self);
  url_setting_changed_cb (self->settings, NULL, self);

  g_signal_connect_object (self->bg_color_row, "changed",
                           G_CALLBACK (bg_color_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_button, "color-set",
                           G_CALLBACK (color_set_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_row, "changed",
                           G_CALLBACK (template_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retention_row, "notify::enable-expansion",
                           G_CALLBACK (retention_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retention_days_spin, "value-changed",
                           G_CALLBACK (retention_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (url_fields); i++)
    {
      g_signal_connect_object (URL_ROW (self, &url_fields[i]), "apply",
                               G_CALLBACK (url_apply_cb), self, 0);
      g_signal_connect_object (URL_ROW (self, &url_fields[i]), "changed",
                               G_CALLBACK (url_changed_cb), self, 0);
    }
}

static void
cutout_preferences_window_constructed (GObject *object)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (object);
  GSettings *settings;

  G_OBJECT_CLASS (cutout_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL);

  settings = cutout_context_get_settings (self->context);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      bind_settings (self);
    }
  else
    {
      /* Without the schema (a test or a build tree without it) only the
       * key and the history can be handled. */
      gtk_widget_set_sensitive (self->general_page, FALSE);
      gtk_widget_set_sensitive (self->processing_page, FALSE);
      gtk_widget_set_sensitive (self->advanced_page, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->retention_row), FALSE);
    }

  cutout_preferences_account_init (self);
}

/* The list box that holds the rows added to @widget (a preferences
 * group), not looking inside the rows themselves. */
static GtkWidget *
find_rows_box (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX (child))
        return child;
      if (GTK_IS_LIST_BOX_ROW (child))
        continue;
      if ((found = find_rows_box (child)) != NULL)
        return found;
    }

  return NULL;
}

/* libadwaita 1.2 indexes the rows of every page for its search through
 * list-model map functions that never drop the item they are handed, so
 * each page and group keeps an extra reference and outlives the window
 * (later versions fix it). Taking the rows out of their groups lets them
 * go, and with them their settings bindings and signal handlers: else the
 * settings (and every row) would stay alive after the window. */
static void
release_group_rows (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (ADW_IS_PREFERENCES_GROUP (child))
        {
          GtkWidget *box = find_rows_box (child);
          GtkWidget *row = box != NULL ? gtk_widget_get_first_child (box) : NULL;

          while (row != NULL)
            {
              GtkWidget *next_row = gtk_widget_get_next_sibling (row);

              if (GTK_IS_LIST_BOX_ROW (row))
                adw_preferences_group_remove (ADW_PREFERENCES_GROUP (child), row);
              row = next_row;
            }
        }
      else
        {
          release_group_rows (child);
        }
      child = next;
    }
}

static void
cutout_preferences_window_dispose (GObject *object)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (self->folder_chooser);
  g_clear_object (&self->folder_chooser);

  /* The template's widgets go away now, before the settings and the
   * context could tell them about a change. */
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  release_group_rows (GTK_WIDGET (self));

  G_OBJECT_CLASS (cutout_preferences_window_parent_class)->dispose (object);
}

static void
cutout_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  CutoutPreferencesWindow *self = CUTOUT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preferences_window_class_init (CutoutPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_preferences_window_constructed;
  object_class->dispose = cutout_preferences_window_dispose;
  object_class->get_property = cutout_preferences_window_get_property;
  object_class->set_property = cutout_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-preferences-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CutoutPreferencesWindow, name)
  CHILD (general_page);
  CHILD (processing_page);
  CHILD (advanced_page);
  CHILD (format_row);
  CHILD (width_spin);
  CHILD (height_spin);
  CHILD (exact_resize_switch);
  CHILD (mask_switch);
  CHILD (bg_color_row);
  CHILD (color_button);
  CHILD (bg_color_message_row);
  CHILD (bg_color_message);
  CHILD (angle_spin);
  CHILD (expand_switch);
  CHILD (folder_row);
  CHILD (template_row);
  CHILD (template_message_row);
  CHILD (template_message);
  CHILD (collision_row);
  CHILD (trim_switch);
  CHILD (trim_margin_row);
  CHILD (trim_margin_spin);
  CHILD (keep_orientation_switch);
  CHILD (keep_editable_switch);
  CHILD (cache_size_row);
  CHILD (cache_size_spin);
  CHILD (concurrency_spin);
  CHILD (max_attempts_spin);
  CHILD (retry_charged_switch);
  CHILD (allow_convert_switch);
  CHILD (allow_shrink_switch);
  CHILD (low_credit_spin);
  CHILD (notify_switch);
  CHILD (key_source_row);
  CHILD (plan_row);
  CHILD (retention_row);
  CHILD (retention_days_spin);
  CHILD (clear_history_row);
  CHILD (api_url_row);
  CHILD (api_url_message_row);
  CHILD (api_url_message);
  CHILD (account_url_row);
  CHILD (account_url_message_row);
  CHILD (account_url_message);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "prefs.clear-bg-color", NULL, clear_bg_color_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.choose-folder", NULL, choose_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.reset-folder", NULL, reset_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.reset-api-url", NULL, reset_url_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.reset-account-url", NULL, reset_url_action_cb);

  cutout_preferences_account_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
cutout_preferences_window_init (CutoutPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

CutoutPreferencesWindow *
cutout_preferences_window_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_PREFERENCES_WINDOW,
                       "context", context,
                       NULL);
}

void
cutout_preferences_window_show_page (CutoutPreferencesWindow *self,
                                     const char              *page_name)
{
  g_return_if_fail (CUTOUT_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (page_name != NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), page_name);
}
