/* test-options-panel.c — tests of the options panel and its live preview
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-context.h"
#include "cutout-cutout-cache.h"
#include "cutout-fake-server.h"
#include "cutout-options-panel-private.h"
#include "cutout-output.h"
#include "cutout-preview.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

typedef struct
{
  CutoutTestUiEnv     env;
  char               *tmpdir;   /* borrowed from env */
  CutoutFakeServer   *server;
  GSettings          *settings;
  CutoutQueue        *queue;
  GtkWidget          *window;
  CutoutOptionsPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *cache_path = NULL;
  g_autoptr(GFile) cache_folder = NULL;
  g_autoptr(CutoutCutoutCache) cache = NULL;

  cutout_test_ui_env_set_up (&f->env, CUTOUT_TEST_UI_ENV_SERVER, CUTOUT_FAKE_SERVER_VALID_KEY);
  f->tmpdir = f->env.dir;
  f->server = f->env.server;
  f->settings = f->env.settings;
  f->queue = f->env.queue;

  /* Editable cut-outs are kept in the test's folder, not the user's cache. */
  cache_path = g_build_filename (f->tmpdir, "cutouts", NULL);
  cache_folder = g_file_new_for_path (cache_path);
  cache = cutout_cutout_cache_new (cache_folder);
  g_object_set (f->queue, "cutout-cache", cache, NULL);

  f->panel = CUTOUT_OPTIONS_PANEL (cutout_options_panel_new (f->env.context));
  /* The preview lives as long as the panel: it must go with it. */
  cutout_test_ui_env_watch (&f->env, f->panel->preview);
  f->window = GTK_WIDGET (cutout_test_ui_env_show (&f->env, GTK_WIDGET (f->panel), 440, 1500));
  cutout_test_ui_iterate (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Destroys the window and checks that it, the panel, its preview and
   * the context are finalized. */
  cutout_test_ui_env_tear_down (&f->env);
}

/* ---- Helpers --------------------------------------------------------- */

static const char *
row_subtitle (gpointer row)
{
  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  cutout_test_ui_iterate (0);
}

/* Types into a spin button and presses Enter, as a user would. */
static void
type_value (GtkSpinButton *spin,
            const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
  cutout_test_ui_iterate (0);
}

static CutoutJob *
add_job (Fixture    *f,
         const char *name,
         int         width,
         int         height)
{
  g_autofree char *path = cutout_test_write_image (f->tmpdir, name, width, height, "png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CutoutJob) job = NULL;
  GList files = { file, NULL, NULL };
  guint n;

  cutout_queue_add_files (f->queue, &files, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->queue));
  g_assert_cmpuint (n, >, 0);
  job = g_list_model_get_item (G_LIST_MODEL (f->queue), n - 1);
  g_assert_true (g_file_equal (cutout_job_get_input (job), file));
  return job; /* the queue keeps it alive */
}

static gboolean
wait_until (gboolean (*condition) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  CutoutPreview *preview;
  int            width;   /* expected aspect ratio width : height */
  int            height;
} AspectWait;

static gboolean
has_aspect (gpointer data)
{
  AspectWait *wait = data;
  GdkTexture *texture = cutout_preview_get_texture (wait->preview);
  int w, h;

  if (texture == NULL || cutout_preview_get_loading (wait->preview))
    return FALSE;
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  /* Rounding to whole pixels: at most one pixel off on the short side. */
  return ABS ((gint64) w * wait->height - (gint64) h * wait->width) <= MAX (wait->width, wait->height);
}

static void
assert_preview_aspect (CutoutPreview *preview,
                       int            width,
                       int            height)
{
  AspectWait wait = { preview, width, height };
  GdkTexture *texture;

  if (!wait_until (has_aspect, &wait, 10000))
    {
      texture = cutout_preview_get_texture (preview);
      g_error ("No preview frame of aspect %d:%d (texture %d×%d)", width, height,
               texture != NULL ? gdk_texture_get_width (texture) : 0,
               texture != NULL ? gdk_texture_get_height (texture) : 0);
    }
}

/* One pixel of the preview's frame, in straight 8-bit RGB. */
static void
texture_pixel (GdkTexture *texture,
               int         x,
               int         y,
               guint8      rgb[3])
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  const guint8 *pixel;

  /* gdk_texture_download () gives CAIRO_FORMAT_ARGB32: B, G, R, A in
   * memory on little-endian machines; the frames are opaque. */
  gdk_texture_download (texture, data, (gsize) width * 4);
  pixel = data + ((gsize) y * width + x) * 4;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  rgb[0] = pixel[2];
  rgb[1] = pixel[1];
  rgb[2] = pixel[0];
#else
  rgb[0] = pixel[1];
  rgb[1] = pixel[2];
  rgb[2] = pixel[3];
#endif
}

static void
assert_rgb_near (const guint8 rgb[3],
                 guint8       r,
                 guint8       g,
                 guint8       b)
{
  if (ABS (rgb[0] - r) > 8 || ABS (rgb[1] - g) > 8 || ABS (rgb[2] - b) > 8)
    g_error ("Pixel #%02x%02x%02x is not near #%02x%02x%02x", rgb[0], rgb[1], rgb[2], r, g, b);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Types @name into the dialog's entry and clicks the @response button. */
static void
answer_name_dialog (Fixture    *f,
                    const char *name,
                    const char *response)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GtkWidget *button;

  cutout_test_ui_iterate (50);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  /* Closed, the dialog must go at once, while its parent is alive. */
  g_object_ref (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, response);
  button = find_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog, response));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  cutout_test_ui_iterate (50);
  g_assert_null (find_message_dialog ());
  cutout_test_ui_assert_finalized (dialog);
}

static gboolean
job_is_final (gpointer data)
{
  return cutout_job_state_is_final (cutout_job_get_state (CUTOUT_JOB (data)));
}

static gboolean
rerender_finished (gpointer data)
{
  return !CUTOUT_OPTIONS_PANEL (data)->rerendering;
}

/* ---- Tests ----------------------------------------------------------- */

/* Every control writes the batch's settings, and the queue follows. */
static void
test_controls_write_settings (Fixture       *f,
                              gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  g_autofree char *bg = NULL;
  g_autofree char *template_text = NULL;

  g_assert_true (cutout_options_panel_get_valid (p));
  g_assert_null (cutout_options_panel_get_error (p));

  gtk_spin_button_set_value (p->width_spin, 200);
  cutout_test_ui_iterate (0);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 200);
  g_assert_cmpint (cutout_queue_get_options (f->queue)->width, ==, 200);

  /* Typing writes nothing until the value is taken. */
  set_text (p->height_spin, "150");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "height"), ==, 0);
  g_assert_cmpint (cutout_options_panel_get_options (p)->height, ==, 150);
  gtk_spin_button_update (p->height_spin);
  cutout_test_ui_iterate (0);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "height"), ==, 150);
  g_assert_cmpint (cutout_queue_get_options (f->queue)->height, ==, 150);

  adw_combo_row_set_selected (p->format_row, 1);
  g_assert_cmpint (g_settings_get_enum (f->settings, "format"), ==, CUTOUT_FORMAT_PNG);
  g_assert_cmpint (cutout_queue_get_options (f->queue)->format, ==, CUTOUT_FORMAT_PNG);

  gtk_switch_set_active (p->exact_switch, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "exact-resize"));
  g_assert_true (cutout_queue_get_options (f->queue)->exact_resize);

  gtk_spin_button_set_value (p->angle_spin, 90);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "angle"), ==, 90.0);
  g_assert_cmpfloat (cutout_queue_get_options (f->queue)->angle, ==, 90.0);

  gtk_switch_set_active (p->expand_switch, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "expand"));
  g_assert_false (cutout_queue_get_options (f->queue)->expand);

  adw_expander_row_set_enable_expansion (p->bg_row, TRUE);
  set_text (p->bg_entry, "#ff8800");
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "#ff8800");
  g_assert_cmpstr (cutout_queue_get_options (f->queue)->bg_color, ==, "#ff8800");
  g_assert_cmpstr (row_subtitle (p->bg_row), ==, "#ff8800");

  /* Turning the background off sends none. */
  adw_expander_row_set_enable_expansion (p->bg_row, FALSE);
  g_clear_pointer (&bg, g_free);
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "");
  g_assert_null (cutout_queue_get_options (f->queue)->bg_color);

  gtk_switch_set_active (p->mask_switch, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "mask"));
  g_assert_true (cutout_queue_get_options (f->queue)->mask);

  /* Finishing and output. */
  adw_expander_row_set_enable_expansion (p->trim_row, TRUE);
  gtk_spin_button_set_value (p->trim_margin_spin, 40);
  gtk_switch_set_active (p->orientation_switch, FALSE);
  g_assert_true (g_settings_get_boolean (f->settings, "trim"));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "trim-margin"), ==, 40);
  g_assert_false (g_settings_get_boolean (f->settings, "keep-orientation"));

  set_text (p->template_row, "{n}-{name}.{ext}");
  template_text = g_settings_get_string (f->settings, "name-template");
  g_assert_cmpstr (template_text, ==, "{n}-{name}.{ext}");
  g_assert_cmpstr (cutout_queue_get_name_template (f->queue), ==, "{n}-{name}.{ext}");

  g_assert_cmpstr (row_subtitle (p->folder_row), ==, "Beside the originals");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (p->folder_reset_button)));
  g_settings_set_string (f->settings, "output-folder", f->tmpdir);
  g_assert_cmpstr (row_subtitle (p->folder_row), ==, f->tmpdir);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p->folder_reset_button)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.reset-folder", NULL));
  g_assert_cmpstr (row_subtitle (p->folder_row), ==, "Beside the originals");

  /* Settings changed elsewhere (preferences, another window) show up. */
  g_settings_set_uint (f->settings, "width", 321);
  cutout_test_ui_iterate (0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 321);
  g_assert_cmpint (cutout_options_panel_get_options (p)->width, ==, 321);
  g_assert_true (cutout_options_panel_get_valid (p));
}

/* Out-of-range and unreadable sizes are shown on their row in the
 * service's words, make the panel invalid, and are never written. */
static void
test_invalid_width (Fixture       *f,
                    gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  const GError *error;

  gtk_spin_button_set_value (p->width_spin, 800);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 800);

  set_text (p->width_spin, "15000");
  g_assert_cmpstr (row_subtitle (p->width_row), ==, "'w' must be at most 10000, got: 15000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->width_row), "error"));
  g_assert_false (cutout_options_panel_get_valid (p));
  error = cutout_options_panel_get_error (p);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_ABOVE_MAXIMUM);
  g_assert_cmpstr (cutout_api_error_get_field (error), ==, "w");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 800);
  g_assert_cmpint (cutout_queue_get_options (f->queue)->width, ==, 800);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (p->override_switch)));
  cutout_test_ui_screenshot (f->window, "options-error-light");

  /* Two fields wrong: each row gets its own message. */
  set_text (p->height_spin, "abc");
  g_assert_cmpstr (row_subtitle (p->width_row), ==, "'w' must be at most 10000, got: 15000");
  g_assert_cmpstr (row_subtitle (p->height_row), ==, "'h' must be an integer, got: 'abc'");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->height_row), "error"));
  g_assert_error (cutout_options_panel_get_error (p), CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS);

  set_text (p->height_spin, "");
  type_value (p->width_spin, "500");
  g_assert_true (cutout_options_panel_get_valid (p));
  g_assert_null (cutout_options_panel_get_error (p));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (p->width_row), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (p->height_row), "error"));
  g_assert_cmpstr (row_subtitle (p->width_row), ==, "In pixels; 0 keeps the original size");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 500);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "height"), ==, 0);
}

/* mask together with a background color is refused on both rows. */
static void
test_mask_with_color (Fixture       *f,
                      gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  const char *message = "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.";
  g_autofree char *bg = NULL;

  adw_expander_row_set_enable_expansion (p->bg_row, TRUE);
  set_text (p->bg_entry, "red");
  gtk_switch_set_active (p->mask_switch, TRUE);
  cutout_test_ui_iterate (0);

  g_assert_cmpstr (row_subtitle (p->mask_row), ==, message);
  g_assert_cmpstr (row_subtitle (p->bg_row), ==, message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->mask_row), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->bg_row), "error"));
  g_assert_false (cutout_options_panel_get_valid (p));
  g_assert_error (cutout_options_panel_get_error (p), CUTOUT_API_ERROR, CUTOUT_API_ERROR_MASK_WITH_COLOR);
  g_assert_cmpstr (cutout_options_panel_get_error (p)->message, ==, message);

  /* The batch keeps the last valid set: the color, without the mask. */
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "red");
  g_assert_false (g_settings_get_boolean (f->settings, "mask"));
  g_assert_true (cutout_options_validate (cutout_queue_get_options (f->queue), NULL));

  /* Choosing one of the two clears it. */
  adw_expander_row_set_enable_expansion (p->bg_row, FALSE);
  g_assert_true (cutout_options_panel_get_valid (p));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (p->mask_row), "error"));
  g_assert_cmpstr (row_subtitle (p->bg_row), ==, "Transparent");
  g_assert_true (g_settings_get_boolean (f->settings, "mask"));
  g_assert_true (cutout_queue_get_options (f->queue)->mask);
  g_assert_null (cutout_queue_get_options (f->queue)->bg_color);
}

/* A color text is checked as it is typed. */
static void
test_invalid_color (Fixture       *f,
                    gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  g_autofree char *bg = NULL;
  GdkRGBA rgba;

  adw_expander_row_set_enable_expansion (p->bg_row, TRUE);
  set_text (p->bg_entry, "#12345");
  g_assert_cmpstr (row_subtitle (p->bg_row), ==,
                   "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->bg_row), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->bg_entry), "error"));
  g_assert_false (cutout_options_panel_get_valid (p));
  g_assert_error (cutout_options_panel_get_error (p), CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_COLOR);
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "");

  /* A named color is fine, and the color button follows it. */
  set_text (p->bg_entry, "RebeccaPurple");
  g_assert_true (cutout_options_panel_get_valid (p));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (p->bg_entry), "error"));
  g_clear_pointer (&bg, g_free);
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "RebeccaPurple");
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (p->bg_color_button), &rgba);
  g_assert_cmpint ((int) (rgba.red * 255 + 0.5), ==, 0x66);
  g_assert_cmpint ((int) (rgba.green * 255 + 0.5), ==, 0x33);
  g_assert_cmpint ((int) (rgba.blue * 255 + 0.5), ==, 0x99);

  /* Picking a color writes its hex form into the entry. */
  rgba = (GdkRGBA) { 0.0f, 0.5f, 1.0f, 1.0f };
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (p->bg_color_button), &rgba);
  g_signal_emit_by_name (p->bg_color_button, "color-set");
  cutout_test_ui_iterate (0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p->bg_entry)), ==, "#0080ff");
  g_assert_cmpstr (cutout_queue_get_options (f->queue)->bg_color, ==, "#0080ff");
}

/* The naming template shows a live example, and its errors. */
static void
test_name_template (Fixture       *f,
                    gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  g_autoptr(GError) expected = NULL;
  g_autofree char *stored = NULL;
  CutoutJob *job;

  g_assert_cmpstr (row_subtitle (p->example_row), ==, "IMG_0042-cutout.webp");

  set_text (p->template_row, "{name}-{w}x{h}.{ext}");
  g_assert_cmpstr (row_subtitle (p->example_row), ==, "IMG_0042-0x0.webp");
  gtk_spin_button_set_value (p->width_spin, 300);
  adw_combo_row_set_selected (p->format_row, 1);
  g_assert_cmpstr (row_subtitle (p->example_row), ==, "IMG_0042-300x0.png");

  /* With an image selected: its name, and the size the result will have. */
  job = add_job (f, "beach.png", 600, 400);
  cutout_options_panel_set_job (p, job);
  assert_preview_aspect (p->preview, 3, 2);
  cutout_test_ui_iterate (0);
  g_assert_cmpstr (row_subtitle (p->example_row), ==, "beach-300x200.png");

  set_text (p->template_row, "{name}-{colour}.{ext}");
  g_assert_false (cutout_output_template_validate ("{name}-{colour}.{ext}", &expected));
  g_assert_cmpstr (row_subtitle (p->example_row), ==, expected->message);
  g_assert_nonnull (strstr (expected->message, "{colour}"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->template_row), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p->example_row), "error"));
  g_assert_false (cutout_options_panel_get_valid (p));
  stored = g_settings_get_string (f->settings, "name-template");
  g_assert_cmpstr (stored, ==, "{name}-{w}x{h}.{ext}");

  set_text (p->template_row, "{n}_{name}.{ext}");
  g_assert_true (cutout_options_panel_get_valid (p));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (p->template_row), "error"));
  g_assert_cmpstr (row_subtitle (p->example_row), ==, "0001_beach.png");
}

/* "Apply to this image only" gives the selected job its own options,
 * which the panel then edits; "Reset" goes back to the batch's. */
static void
test_override (Fixture       *f,
               gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  CutoutJob *job = add_job (f, "portrait.png", 300, 400);
  const CutoutOptions *override;

  gtk_spin_button_set_value (p->width_spin, 300);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 300);

  cutout_options_panel_set_job (p, job);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p->image_group)));
  g_assert_false (gtk_switch_get_active (p->override_switch));
  g_assert_cmpstr (adw_preferences_group_get_description (p->options_group), ==, "For every image of the batch");

  gtk_spin_button_set_value (p->angle_spin, 45);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.apply-to-image", NULL));
  cutout_test_ui_iterate (0);
  override = cutout_job_get_options_override (job);
  g_assert_nonnull (override);
  g_assert_true (cutout_options_equal (override, cutout_options_panel_get_options (p)));
  g_assert_cmpint (override->width, ==, 300);
  g_assert_cmpfloat (override->angle, ==, 45.0);
  g_assert_true (gtk_switch_get_active (p->override_switch));
  g_assert_cmpstr (adw_preferences_group_get_description (p->options_group), ==, "For this image only");
  g_assert_cmpuint (cutout_queue_get_effective_options (f->queue, job)->width, ==, 300);

  /* Now the controls edit the override, not the batch. */
  gtk_spin_button_set_value (p->width_spin, 120);
  cutout_test_ui_iterate (0);
  g_assert_cmpint (cutout_job_get_options_override (job)->width, ==, 120);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 300);
  g_assert_cmpint (cutout_queue_get_options (f->queue)->width, ==, 300);

  /* Another job without an override shows the batch's options. */
  cutout_options_panel_set_job (p, add_job (f, "other.png", 100, 100));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 300);
  cutout_options_panel_set_job (p, job);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 120);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.reset-to-batch", NULL));
  cutout_test_ui_iterate (0);
  g_assert_null (cutout_job_get_options_override (job));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 300);
  g_assert_cmpfloat (gtk_spin_button_get_value (p->angle_spin), ==, 45.0);
  g_assert_false (gtk_switch_get_active (p->override_switch));

  /* The switch does the same as the actions. */
  gtk_switch_set_active (p->override_switch, TRUE);
  cutout_test_ui_iterate (0);
  g_assert_nonnull (cutout_job_get_options_override (job));
  gtk_switch_set_active (p->override_switch, FALSE);
  cutout_test_ui_iterate (0);
  g_assert_null (cutout_job_get_options_override (job));

  cutout_options_panel_set_job (p, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (p->image_group)));
  g_assert_cmpstr (cutout_preview_get_status (p->preview), ==, "Select an image to preview");
  g_assert_null (cutout_preview_get_texture (p->preview));
}

/* Proportions follow the selected image. */
static void
test_lock_aspect (Fixture       *f,
                  gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  CutoutJob *job = add_job (f, "wide.png", 800, 200);

  cutout_options_panel_set_job (p, job);
  assert_preview_aspect (p->preview, 4, 1);

  gtk_toggle_button_set_active (p->lock_button, TRUE);
  gtk_spin_button_set_value (p->width_spin, 400);
  cutout_test_ui_iterate (0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->height_spin), ==, 100);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "height"), ==, 100);

  type_value (p->height_spin, "50");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 200);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 200);

  gtk_toggle_button_set_active (p->lock_button, FALSE);
  gtk_spin_button_set_value (p->width_spin, 700);
  cutout_test_ui_iterate (0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->height_spin), ==, 50);
}

static GVariant *
lookup_preset (GSettings  *settings,
               const char *name)
{
  g_autoptr(GVariant) presets = g_settings_get_value (settings, "presets");

  return g_variant_lookup_value (presets, name, G_VARIANT_TYPE ("a{sv}"));
}

/* Presets are saved with the schema's key names and types, applied, renamed and deleted. */
static void
test_presets (Fixture       *f,
              gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  g_autoptr(GVariant) preset = NULL;
  g_autoptr(GVariant) presets = NULL;
  g_autoptr(GVariantDict) dict = NULL;
  GMenuModel *menu;
  const char *text;
  guint32 number;
  g_autofree char *bg = NULL;

  adw_combo_row_set_selected (p->format_row, 1);
  gtk_spin_button_set_value (p->width_spin, 2000);
  adw_expander_row_set_enable_expansion (p->bg_row, TRUE);
  set_text (p->bg_entry, "white");
  adw_expander_row_set_enable_expansion (p->trim_row, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.save-preset", NULL));
  answer_name_dialog (f, "  Studio white ", "save");

  preset = lookup_preset (f->settings, "Studio white");
  g_assert_nonnull (preset);
  dict = g_variant_dict_new (preset);
  g_assert_true (g_variant_dict_lookup (dict, "format", "&s", &text));
  g_assert_cmpstr (text, ==, "png");
  g_assert_true (g_variant_dict_lookup (dict, "width", "u", &number));
  g_assert_cmpuint (number, ==, 2000);
  g_assert_true (g_variant_dict_lookup (dict, "bg-color", "&s", &text));
  g_assert_cmpstr (text, ==, "white");
  g_assert_true (g_variant_dict_lookup (dict, "name-template", "&s", &text));
  g_assert_cmpstr (text, ==, "{name}-cutout.{ext}");
  g_assert_true (g_variant_dict_contains (dict, "trim"));

  /* The menu lists it: save, the preset, manage. */
  menu = gtk_menu_button_get_menu_model (p->presets_button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  g_assert_cmpint (g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION)), ==, 1);

  /* Change everything, then apply the preset. */
  adw_combo_row_set_selected (p->format_row, 0);
  gtk_spin_button_set_value (p->width_spin, 10);
  adw_expander_row_set_enable_expansion (p->bg_row, FALSE);
  adw_expander_row_set_enable_expansion (p->trim_row, FALSE);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 10);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.apply-preset", "s", "Studio white"));
  cutout_test_ui_iterate (0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (p->width_spin), ==, 2000);
  g_assert_cmpuint (adw_combo_row_get_selected (p->format_row), ==, 1);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "width"), ==, 2000);
  g_assert_cmpint (g_settings_get_enum (f->settings, "format"), ==, CUTOUT_FORMAT_PNG);
  bg = g_settings_get_string (f->settings, "bg-color");
  g_assert_cmpstr (bg, ==, "white");
  g_assert_true (g_settings_get_boolean (f->settings, "trim"));
  g_assert_true (adw_expander_row_get_enable_expansion (p->trim_row));
  g_assert_cmpint (cutout_queue_get_options (f->queue)->width, ==, 2000);

  /* Rename, then delete. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.rename-preset", "s", "Studio white"));
  answer_name_dialog (f, "Catalogue", "rename");
  g_clear_pointer (&preset, g_variant_unref);
  preset = lookup_preset (f->settings, "Studio white");
  g_assert_null (preset);
  preset = lookup_preset (f->settings, "Catalogue");
  g_assert_nonnull (preset);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.delete-preset", "s", "Catalogue"));
  presets = g_settings_get_value (f->settings, "presets");
  g_assert_cmpuint (g_variant_n_children (presets), ==, 0);
  menu = gtk_menu_button_get_menu_model (p->presets_button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
}

/* The preview draws the selected image with the options, at once. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  CutoutJob *job = add_job (f, "disc.png", 400, 200);
  guint8 rgb[3];

  g_assert_cmpstr (cutout_preview_get_status (p->preview), ==, "Select an image to preview");
  g_assert_null (cutout_preview_get_texture (p->preview));

  cutout_options_panel_set_job (p, job);
  assert_preview_aspect (p->preview, 2, 1);
  g_assert_false (cutout_preview_get_has_result (p->preview));
  /* Not processed yet: the original photo, white around the red disc. */
  texture_pixel (cutout_preview_get_texture (p->preview), 2, 2, rgb);
  assert_rgb_near (rgb, 0xff, 0xff, 0xff);

  gtk_switch_set_active (p->exact_switch, TRUE);
  gtk_spin_button_set_value (p->width_spin, 100);
  gtk_spin_button_set_value (p->height_spin, 100);
  assert_preview_aspect (p->preview, 1, 1);

  gtk_switch_set_active (p->exact_switch, FALSE);
  gtk_spin_button_set_value (p->height_spin, 0);
  gtk_spin_button_set_value (p->angle_spin, 90);
  assert_preview_aspect (p->preview, 1, 2);

  /* An invalid value keeps the last good frame. */
  set_text (p->width_spin, "99999");
  cutout_test_ui_iterate (100);
  assert_preview_aspect (p->preview, 1, 2);

  /* 100 % and comparison toggles reach the preview. */
  gtk_toggle_button_set_active (p->zoom_button, TRUE);
  g_assert_false (cutout_preview_get_zoom_to_fit (p->preview));
  gtk_toggle_button_set_active (p->zoom_button, FALSE);
  g_assert_true (cutout_preview_get_zoom_to_fit (p->preview));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (p->compare_button)));
}

/* A done job with an editable cut-out: the preview shows the result with
 * every option, re-rendering needs no credit, and without keep-editable
 * the panel says what a change costs. */
static void
test_done_job (Fixture       *f,
               gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  g_autofree char *out = g_build_filename (f->tmpdir, "out", NULL);
  CutoutJob *job;
  GFile *first_output;
  guint charged;
  guint8 rgb[3];
  GdkTexture *texture;

  g_settings_set_boolean (f->settings, "keep-editable", TRUE);
  g_settings_set_string (f->settings, "output-folder", out);
  job = add_job (f, "product.png", 480, 320);
  cutout_queue_start (f->queue);
  g_assert_true (wait_until (job_is_final, job, 20000));
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_DONE);
  charged = cutout_fake_server_count_charged (f->server);
  first_output = g_object_ref (cutout_job_get_output (job));

  cutout_options_panel_set_job (p, job);
  assert_preview_aspect (p->preview, 3, 2);
  g_assert_true (cutout_preview_get_has_result (p->preview));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (p->compare_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p->credit_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p->credit_row)), ==, "No credit needed");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p->rerender_button)));

  /* The cut-out is transparent around the disc: the background color shows there. */
  adw_expander_row_set_enable_expansion (p->bg_row, TRUE);
  set_text (p->bg_entry, "#3584e4");
  cutout_test_ui_iterate (200);
  assert_preview_aspect (p->preview, 3, 2);
  texture = cutout_preview_get_texture (p->preview);
  texture_pixel (texture, 2, 2, rgb);
  assert_rgb_near (rgb, 0x35, 0x84, 0xe4);
  texture_pixel (texture, gdk_texture_get_width (texture) / 2, gdk_texture_get_height (texture) / 2, rgb);
  g_assert_cmpint (rgb[0], >, 0xc0);
  g_assert_cmpint (rgb[2], <, 0x60);

  gtk_toggle_button_set_active (p->compare_button, TRUE);
  cutout_test_ui_screenshot (f->window, "options-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_test_ui_screenshot (f->window, "options-dark");
  cutout_test_ui_set_dark (FALSE);

  /* Re-render: a new file, the options become the job's own, no credit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "options.rerender", NULL));
  g_assert_true (p->rerendering);
  g_assert_true (wait_until (rerender_finished, p, 20000));
  cutout_test_ui_iterate (50);
  g_assert_false (g_file_equal (first_output, cutout_job_get_output (job)));
  g_assert_true (g_file_query_exists (cutout_job_get_output (job), NULL));
  g_assert_nonnull (cutout_job_get_options_override (job));
  g_assert_cmpstr (cutout_job_get_options_override (job)->bg_color, ==, "#3584e4");
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, charged);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (p->credit_row), "Saved as "));

  g_settings_set_boolean (f->settings, "keep-editable", FALSE);
  cutout_test_ui_iterate (50);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p->credit_row)), ==,
                   "Changing options means processing again: 1 credit");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (p->rerender_button)));

  g_object_unref (first_output);
}

/* At 360 px nothing is cut off: the panel fits the window's width. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  CutoutOptionsPanel *p = f->panel;
  CutoutJob *job = add_job (f, "narrow.png", 400, 300);
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  cutout_options_panel_set_job (p, job);
  assert_preview_aspect (p->preview, 4, 3);
  cutout_test_ui_iterate (200);

  gtk_widget_measure (GTK_WIDGET (p), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (p)), <=, 360);
  cutout_test_ui_screenshot (f->window, "options-narrow-light");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cutout_test_ui_set_dark (FALSE);

  g_test_add ("/options-panel/controls-write-settings", Fixture, NULL,
              fixture_set_up, test_controls_write_settings, fixture_tear_down);
  g_test_add ("/options-panel/invalid-width", Fixture, NULL, fixture_set_up, test_invalid_width, fixture_tear_down);
  g_test_add ("/options-panel/mask-with-color", Fixture, NULL, fixture_set_up, test_mask_with_color, fixture_tear_down);
  g_test_add ("/options-panel/invalid-color", Fixture, NULL, fixture_set_up, test_invalid_color, fixture_tear_down);
  g_test_add ("/options-panel/name-template", Fixture, NULL, fixture_set_up, test_name_template, fixture_tear_down);
  g_test_add ("/options-panel/override", Fixture, NULL, fixture_set_up, test_override, fixture_tear_down);
  g_test_add ("/options-panel/lock-aspect", Fixture, NULL, fixture_set_up, test_lock_aspect, fixture_tear_down);
  g_test_add ("/options-panel/presets", Fixture, NULL, fixture_set_up, test_presets, fixture_tear_down);
  g_test_add ("/options-panel/preview", Fixture, NULL, fixture_set_up, test_preview, fixture_tear_down);
  g_test_add ("/options-panel/done-job", Fixture, NULL, fixture_set_up, test_done_job, fixture_tear_down);
  g_test_add ("/options-panel/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);

  return g_test_run ();
}
