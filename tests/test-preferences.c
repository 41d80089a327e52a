/* test-preferences.c — the key page and the Preferences window, driven like a user
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "cutout-api-error.h"
#include "cutout-color.h"
#include "cutout-config.h"
#include "cutout-context.h"
#include "cutout-fake-server.h"
#include "cutout-key-page.h"
#include "cutout-output.h"
#include "cutout-preferences-window.h"
#include "cutout-store.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

#define WRONG_KEY "test-key-wrong-0123456789"

typedef struct
{
  CutoutTestUiEnv   env;
  /* Borrowed from env */
  CutoutFakeServer *server;
  GSettings        *settings;
  char             *dir;
  CutoutContext    *context;
  GtkWindow        *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* No key: the account page and the key page start from nothing. */
  cutout_test_ui_env_set_up (&fixture->env, CUTOUT_TEST_UI_ENV_SERVER, NULL);
  fixture->server = fixture->env.server;
  fixture->settings = fixture->env.settings;
  fixture->dir = fixture->env.dir;
  fixture->context = fixture->env.context;

  /* 20000 included − 10800 used + 2000 prepaid = 11200 available. */
  cutout_fake_server_set_plan (fixture->server, "Premium-20000", 20000, 2000);
  cutout_fake_server_set_usage (fixture->server, 4800, 6000);

  g_assert_nonnull (cutout_context_get_store (fixture->context));
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Dialogs left by a test go with their window; every window, page and
   * the context must then be finalized. */
  fixture->window = NULL;
  cutout_test_ui_env_tear_down (&fixture->env);
}

/* ---- Finding what a user sees ------------------------------------------ */

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
row_control (GtkWidget  *root,
             const char *title,
             GType       type)
{
  GtkWidget *row = find_row (root, title);
  GtkWidget *control;

  g_assert_nonnull (row);
  control = find_of_type (row, type);
  g_assert_nonnull (control);
  return control;
}

/* The message shown under a checked row, or NULL when none is shown. */
static const char *
row_message (GtkWidget  *root,
             const char *title)
{
  GtkWidget *row = find_row (root, title);
  GtkWidget *message_row;

  g_assert_nonnull (row);
  message_row = gtk_widget_get_next_sibling (row);
  g_assert_true (ADW_IS_PREFERENCES_ROW (message_row));
  if (!gtk_widget_get_visible (message_row))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (find_of_type (message_row, GTK_TYPE_LABEL)));
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;

  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
answer_dialog (Fixture          *fixture,
               AdwMessageDialog *dialog,
               const char       *response)
{
  /* Answered, the dialog must go at once, while its parent is alive. */
  g_object_ref (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  /* libadwaita closes the dialog only when one of its buttons is
   * clicked, not for a response emitted from code. */
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  cutout_test_ui_iterate (20);
  cutout_test_ui_assert_finalized (dialog);
}

static void
wait_not_busy (CutoutKeyPage *page)
{
  for (guint i = 0; i < 500 && cutout_key_page_get_busy (page); i++)
    cutout_test_ui_iterate (10);
  g_assert_false (cutout_key_page_get_busy (page));
}

static CutoutPreferencesWindow *
show_preferences (Fixture *fixture)
{
  CutoutPreferencesWindow *window = cutout_preferences_window_new (fixture->context);

  cutout_test_ui_env_watch (&fixture->env, window);
  fixture->window = GTK_WINDOW (window);
  gtk_window_present (fixture->window);
  cutout_test_ui_iterate (50);
  return window;
}

static CutoutKeyPage *
show_key_page (Fixture *fixture)
{
  GtkWidget *page = cutout_key_page_new (fixture->context, TRUE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  /* As the main window shows it: below a flat header bar. */
  gtk_widget_add_css_class (header, "flat");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Cutout", NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  cutout_test_ui_env_watch (&fixture->env, page);
  fixture->window = cutout_test_ui_env_show (&fixture->env, box, 600, 720);
  return CUTOUT_KEY_PAGE (page);
}

static GtkLabel *status_label (CutoutKeyPage *page,
                               const char    *prefix);

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* ---- Preferences ------------------------------------------------------- */

static void
test_preferences_bindings (Fixture       *fixture,
                           gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  GtkSpinButton *concurrency = GTK_SPIN_BUTTON (row_control (root, "Parallel Uploads", GTK_TYPE_SPIN_BUTTON));
  GtkSpinButton *width = GTK_SPIN_BUTTON (row_control (root, "Width", GTK_TYPE_SPIN_BUTTON));
  GtkSwitch *convert = GTK_SWITCH (row_control (root, "Convert Unsupported Images", GTK_TYPE_SWITCH));
  AdwComboRow *collision = ADW_COMBO_ROW (find_row (root, "When a File Exists"));
  AdwComboRow *format = ADW_COMBO_ROW (find_row (root, "Format"));

  /* The controls start at the stored values. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (concurrency), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (collision), ==, 0);
  g_assert_true (gtk_switch_get_active (convert));

  gtk_spin_button_set_value (concurrency, 7);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "concurrency"), ==, 7);

  adw_combo_row_set_selected (collision, 2);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "collision-policy"), ==, "skip");
  adw_combo_row_set_selected (collision, 1);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "collision-policy"), ==, CUTOUT_COLLISION_OVERWRITE);

  adw_combo_row_set_selected (format, 1);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "format"), ==, CUTOUT_FORMAT_PNG);

  gtk_switch_set_active (convert, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "allow-convert"));

  /* And the other way: a change elsewhere shows here. */
  g_settings_set_uint (fixture->settings, "width", 2000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (width), ==, 2000);

  /* The trim margin only matters when trimming. */
  g_assert_false (gtk_widget_get_sensitive (find_row (root, "Trim Margin")));
  gtk_switch_set_active (GTK_SWITCH (row_control (root, "Trim Transparent Borders", GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "trim"));
  g_assert_true (gtk_widget_get_sensitive (find_row (root, "Trim Margin")));

  /* The output folder: beside the originals until one is chosen. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (root, "Output Folder"))), ==,
                   "Beside the originals");
  g_settings_set_string (fixture->settings, "output-folder", fixture->dir);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (root, "Output Folder"))), ==,
                   fixture->dir);
  gtk_widget_activate_action (root, "prefs.reset-folder", NULL);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "output-folder"), ==, "");
}

static void
test_preferences_template (Fixture       *fixture,
                           gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *row = find_row (root, "File Name Template");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_name = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "{name}-cutout.{ext}");
  g_assert_cmpstr (row_message (root, "File Name Template"), ==, "Example: IMG_0042-cutout.webp");

  /* A valid template is stored at once, and the example follows it and
   * the format. */
  gtk_editable_set_text (GTK_EDITABLE (row), "{n}-{name}-{w}x{h}.{ext}");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "name-template"), ==, "{n}-{name}-{w}x{h}.{ext}");
  g_assert_cmpstr (row_message (root, "File Name Template"), ==, "Example: 0007-IMG_0042-1600x1200.webp");
  g_settings_set_string (fixture->settings, "format", "png");
  g_assert_cmpstr (row_message (root, "File Name Template"), ==, "Example: 0007-IMG_0042-1600x1200.png");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* An invalid one shows the core's message and is not stored. */
  gtk_editable_set_text (GTK_EDITABLE (row), "{nme}.{ext}");
  g_assert_false (cutout_output_template_validate ("{nme}.{ext}", &error));
  g_assert_cmpstr (row_message (root, "File Name Template"), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "name-template"), ==, "{n}-{name}-{w}x{h}.{ext}");

  gtk_editable_set_text (GTK_EDITABLE (row), "{date}_{name}.{ext}");
  expected_name = cutout_output_expand_template ("{date}_{name}.{ext}", "IMG_0042.JPG", CUTOUT_FORMAT_PNG,
                                                 1600, 1200, NULL, 7, NULL);
  expected = g_strconcat ("Example: ", expected_name, NULL);
  g_assert_cmpstr (row_message (root, "File Name Template"), ==, expected);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "name-template"), ==, "{date}_{name}.{ext}");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
}

static void
test_preferences_bg_color (Fixture       *fixture,
                           gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *row = find_row (root, "Background Color");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (row_message (root, "Background Color"), ==, "Empty: the background stays transparent.");

  gtk_editable_set_text (GTK_EDITABLE (row), "#12345");
  g_assert_false (cutout_color_parse ("#12345", NULL, &error));
  g_assert_cmpstr (row_message (root, "Background Color"), ==, error->message);
  g_assert_cmpstr (row_message (root, "Background Color"), ==,
                   "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "bg-color"), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (row), "White");
  g_assert_null (row_message (root, "Background Color"));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "bg-color"), ==, "White");

  /* A mask has no background: the service's message, shown on the color. */
  gtk_switch_set_active (GTK_SWITCH (row_control (root, "Mask Only", GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "mask"));
  g_assert_nonnull (row_message (root, "Background Color"));
  g_assert_true (g_str_has_prefix (row_message (root, "Background Color"),
                                   "Cannot use 'mask=true' together with 'bg_color'."));

  gtk_widget_activate_action (root, "prefs.clear-bg-color", NULL);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "bg-color"), ==, "");
  g_assert_cmpstr (row_message (root, "Background Color"), ==, "Empty: the background stays transparent.");
}

static void
test_preferences_base_url (Fixture       *fixture,
                           gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *row = find_row (root, "Background Removal Service");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_settings_get_string (fixture->settings, "api-url");

  /* The environment of the test overrides the address: the page says so. */
  g_assert_cmpstr (row_message (root, "Background Removal Service"), ==,
                   "The environment variable CUTOUT_API_URL overrides this address.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (row), "http://example.com");
  g_signal_emit_by_name (row, "apply");
  g_assert_false (cutout_config_check_base_url ("http://example.com", &error));
  g_assert_cmpstr (row_message (root, "Background Removal Service"), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "api-url"), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (row), "http://127.0.0.1:8080");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "api-url"), ==, "http://127.0.0.1:8080");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  row = find_row (root, "Account Service");
  gtk_editable_set_text (GTK_EDITABLE (row), "ftp://example.com");
  g_signal_emit_by_name (row, "apply");
  g_clear_error (&error);
  g_assert_false (cutout_config_check_base_url ("ftp://example.com", &error));
  g_assert_cmpstr (row_message (root, "Account Service"), ==, error->message);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "account-url"), ==, CUTOUT_DEFAULT_ACCOUNT_URL);

  gtk_widget_activate_action (root, "prefs.reset-api-url", NULL);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "api-url"), ==, CUTOUT_DEFAULT_API_URL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (root, "Background Removal Service"))), ==,
                   CUTOUT_DEFAULT_API_URL);
}

static void
test_preferences_retention (Fixture       *fixture,
                            gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (find_row (root, "Delete Old Entries"));
  GtkSpinButton *days = GTK_SPIN_BUTTON (row_control (root, "Keep Entries For", GTK_TYPE_SPIN_BUTTON));

  g_assert_false (adw_expander_row_get_enable_expansion (expander));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (days), ==, 30);

  adw_expander_row_set_enable_expansion (expander, TRUE);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "history-retention-days"), ==,
                    (guint) gtk_spin_button_get_value_as_int (days));
  gtk_spin_button_set_value (days, 90);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "history-retention-days"), ==, 90);
  adw_expander_row_set_enable_expansion (expander, FALSE);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "history-retention-days"), ==, 0);

  g_settings_set_uint (fixture->settings, "history-retention-days", 14);
  g_assert_true (adw_expander_row_get_enable_expansion (expander));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (days), ==, 14);
}

static void
add_history (CutoutStore *store,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutJobRecord) record = cutout_job_record_new ();
      g_autoptr(GError) error = NULL;

      record->input_path = g_strdup_printf ("/photos/IMG_%04u.JPG", i);
      record->options = g_strdup ("format=webp");
      record->state = CUTOUT_JOB_STATE_DONE;
      g_assert_cmpint (cutout_store_insert_job (store, record, &error), >, 0);
      g_assert_no_error (error);
    }
}

static void
test_preferences_clear_history (Fixture       *fixture,
                                gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  CutoutStore *store = cutout_context_get_store (fixture->context);
  AdwMessageDialog *dialog;

  add_history (store, 12);
  g_assert_cmpint (cutout_store_count_history (store, NULL, NULL), ==, 12);

  /* Cancelling keeps everything. */
  gtk_widget_activate_action (GTK_WIDGET (window), "prefs.clear-history", NULL);
  cutout_test_ui_iterate (20);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Clear the History?");
  answer_dialog (fixture, dialog, "cancel");
  g_assert_cmpint (cutout_store_count_history (store, NULL, NULL), ==, 12);

  gtk_widget_activate_action (GTK_WIDGET (window), "prefs.clear-history", NULL);
  cutout_test_ui_iterate (20);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  answer_dialog (fixture, dialog, "clear");
  g_assert_cmpint (cutout_store_count_history (store, NULL, NULL), ==, 0);
}

static void
test_preferences_account (Fixture       *fixture,
                          gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);
  GtkWidget *root = GTK_WIDGET (window);
  AdwActionRow *source_row = ADW_ACTION_ROW (find_row (root, "Key"));
  GtkWidget *plan_row = find_row (root, "Plan");
  CutoutKeyPage *key_page;
  AdwMessageDialog *dialog;

  cutout_preferences_window_show_page (window, "account");
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==, "account");
  g_assert_cmpstr (adw_action_row_get_subtitle (source_row), ==, "No key: a few images a day are free");
  g_assert_false (gtk_widget_get_visible (plan_row));
  g_assert_false (gtk_widget_get_sensitive (row_control (root, "Remove Key", GTK_TYPE_BUTTON)));

  /* Change Key… opens the key page without the welcome parts. */
  gtk_widget_activate_action (root, "prefs.change-key", NULL);
  cutout_test_ui_iterate (50);
  key_page = CUTOUT_KEY_PAGE (find_of_type (root, CUTOUT_TYPE_KEY_PAGE));
  g_assert_nonnull (key_page);
  /* Closed, the subpage must go for good: tear-down checks it. */
  cutout_test_ui_env_watch (&fixture->env, key_page);
  g_assert_true (gtk_widget_is_visible (find_row (GTK_WIDGET (key_page), "API Key")));
  g_assert_nonnull (status_label (key_page, "Change API Key"));
  g_assert_null (status_label (key_page, "A few images a day are free without a key."));
  cutout_test_ui_screenshot (root, "preferences-change-key-light");

  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (key_page), "API Key")), CUTOUT_FAKE_SERVER_VALID_KEY);
  gtk_widget_activate_action (GTK_WIDGET (key_page), "key-page.check", NULL);
  /* The subpage closes when the key is accepted, and the page goes. */
  g_object_add_weak_pointer (G_OBJECT (key_page), (gpointer *) &key_page);
  for (guint i = 0; i < 500 && key_page != NULL && cutout_key_page_get_busy (key_page); i++)
    cutout_test_ui_iterate (10);
  cutout_test_ui_iterate (400);
  if (key_page != NULL)
    g_object_remove_weak_pointer (G_OBJECT (key_page), (gpointer *) &key_page);

  /* The subpage closed; the page tells where the key is and the plan. */
  g_assert_null (find_of_type (root, CUTOUT_TYPE_KEY_PAGE));
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_SESSION);
  g_assert_cmpstr (adw_action_row_get_subtitle (source_row), ==, "Kept for this session only: no keyring is available");
  g_assert_true (gtk_widget_get_visible (plan_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (plan_row)), ==,
                   "Premium-20000 · 11200 credits available");
  g_assert_true (gtk_widget_get_sensitive (row_control (root, "Remove Key", GTK_TYPE_BUTTON)));
  g_assert_false (label_contains (root, CUTOUT_FAKE_SERVER_VALID_KEY));
  cutout_test_ui_screenshot (root, "preferences-account-light");

  /* Remove Key asks first. */
  gtk_widget_activate_action (root, "prefs.remove-key", NULL);
  cutout_test_ui_iterate (20);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove the API Key?");
  answer_dialog (fixture, dialog, "cancel");
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_SESSION);

  gtk_widget_activate_action (root, "prefs.remove-key", NULL);
  cutout_test_ui_iterate (20);
  answer_dialog (fixture, find_message_dialog (), "remove");
  for (guint i = 0; i < 500 && cutout_context_get_key_source (fixture->context) != CUTOUT_KEY_SOURCE_NONE; i++)
    cutout_test_ui_iterate (10);
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (cutout_context_has_key (fixture->context));
  g_assert_cmpstr (adw_action_row_get_subtitle (source_row), ==, "No key: a few images a day are free");
  g_assert_false (gtk_widget_get_visible (plan_row));
}

static void
test_preferences_screenshots (Fixture       *fixture,
                              gconstpointer  data)
{
  CutoutPreferencesWindow *window = show_preferences (fixture);

  g_settings_set_string (fixture->settings, "name-template", "{name}-{w}x{h}.{ext}");
  cutout_test_ui_iterate (50);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "Account Service")), "http://example.com");
  g_signal_emit_by_name (find_row (GTK_WIDGET (window), "Account Service"), "apply");
  /* Every page, light and dark. */
  for (guint dark = 0; dark < 2; dark++)
    {
      const char *pages[] = { "general", "processing", "account", "history", "advanced" };

      cutout_test_ui_set_dark (dark);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          g_autofree char *name = g_strdup_printf ("preferences-%s-%s", pages[i], dark ? "dark" : "light");

          cutout_preferences_window_show_page (window, pages[i]);
          cutout_test_ui_iterate (50);
          g_assert_cmpstr (adw_preferences_page_get_name (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window))),
                           ==, pages[i]);
          /* The light Account page is taken with a key, in its own test. */
          if (dark || !g_str_equal (pages[i], "account"))
            cutout_test_ui_screenshot (GTK_WIDGET (window), name);
        }
    }
  cutout_test_ui_set_dark (FALSE);

  cutout_preferences_window_show_page (window, "general");
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "File Name Template")), "{name.{ext}");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  cutout_test_ui_iterate (200);
  /* Scrolled to the naming rows, where the longest texts are. */
  gtk_widget_grab_focus (find_row (GTK_WIDGET (window), "When a File Exists"));
  cutout_test_ui_iterate (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  cutout_test_ui_screenshot (GTK_WIDGET (window), "preferences-narrow-light");
}

/* ---- Key page ------------------------------------------------------------ */

static void
count_cb (gpointer  instance,
          gpointer  user_data)
{
  (*(guint *) user_data)++;
}

static void
key_set_cb (CutoutKeyPage     *page,
            CutoutMembership  *membership,
            CutoutMembership **out)
{
  g_assert_true (CUTOUT_IS_MEMBERSHIP (membership));
  g_set_object (out, membership);
}

static GtkLabel *
status_label (CutoutKeyPage *page,
              const char    *prefix)
{
  /* The shown label that starts with @prefix, wherever it sits. */
  GtkWidget *stack[64];
  guint n = 0;

  stack[n++] = GTK_WIDGET (page);
  while (n > 0)
    {
      GtkWidget *widget = stack[--n];

      if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
        return GTK_LABEL (widget);
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL && n < G_N_ELEMENTS (stack);
           child = gtk_widget_get_next_sibling (child))
        stack[n++] = child;
    }

  return NULL;
}

static void
test_key_page_wrong_key (Fixture       *fixture,
                         gconstpointer  data)
{
  CutoutKeyPage *page = show_key_page (fixture);
  GtkWidget *entry = find_row (GTK_WIDGET (page), "API Key");
  g_autoptr(CutoutMembership) membership = NULL;
  GtkLabel *label;

  g_signal_connect (page, "key-set", G_CALLBACK (key_set_cb), &membership);

  /* Nothing to check before a key is typed. */
  g_assert_true (gtk_widget_get_sensitive (entry));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "_Check Key")));
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "_Check Key")));

  gtk_editable_set_text (GTK_EDITABLE (entry), WRONG_KEY);
  gtk_widget_activate_action (GTK_WIDGET (page), "key-page.check", NULL);
  g_assert_true (cutout_key_page_get_busy (page));
  g_assert_true (gtk_widget_get_visible (find_of_type (GTK_WIDGET (page), GTK_TYPE_SPINNER)));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "_Check Key")));
  wait_not_busy (page);

  label = status_label (page, "The service");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "The service did not accept this key.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_false (gtk_widget_get_visible (find_of_type (GTK_WIDGET (page), GTK_TYPE_SPINNER)));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  g_assert_null (membership);
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (cutout_context_has_key (fixture->context));
  g_assert_false (label_contains (GTK_WIDGET (page), WRONG_KEY));
  /* The key stays in the entry to be corrected. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, WRONG_KEY);

  /* Editing the key clears the stale message. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "test-key-wrong-01234567");
  g_assert_null (status_label (page, "The service"));
}

static void
test_key_page_valid_key (Fixture       *fixture,
                         gconstpointer  data)
{
  CutoutKeyPage *page = show_key_page (fixture);
  GtkWidget *entry = find_row (GTK_WIDGET (page), "API Key");
  g_autoptr(CutoutMembership) membership = NULL;
  GtkLabel *label;

  g_signal_connect (page, "key-set", G_CALLBACK (key_set_cb), &membership);
  cutout_test_ui_screenshot (GTK_WIDGET (fixture->window), "welcome-light");

  /* Pasted with a newline, as keys often are. */
  gtk_editable_set_text (GTK_EDITABLE (entry), CUTOUT_FAKE_SERVER_VALID_KEY "\n");
  g_signal_emit_by_name (entry, "entry-activated");
  g_assert_true (cutout_key_page_get_busy (page));
  wait_not_busy (page);

  g_assert_nonnull (membership);
  g_assert_cmpstr (cutout_membership_get_membership (membership), ==, "Premium-20000");
  label = status_label (page, "Premium-20000");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Premium-20000 · 11200 credits available");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "success"));

  /* The test's bus has no secret service: the key lives in this session. */
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_SESSION);
  g_assert_true (cutout_context_has_key (fixture->context));
  g_assert_nonnull (status_label (page, "No keyring is available: the key will be kept for this session only."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (label_contains (GTK_WIDGET (page), CUTOUT_FAKE_SERVER_VALID_KEY));
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/api/membership-usage"), >=, 1);

  cutout_test_ui_screenshot (GTK_WIDGET (fixture->window), "welcome-checked-light");
  cutout_test_ui_set_dark (TRUE);
  cutout_key_page_reset (page);
  gtk_editable_set_text (GTK_EDITABLE (entry), WRONG_KEY);
  cutout_test_ui_screenshot (GTK_WIDGET (fixture->window), "welcome-dark");
  gtk_window_set_default_size (fixture->window, 360, 700);
  cutout_test_ui_set_dark (FALSE);
  cutout_test_ui_iterate (200);
  cutout_test_ui_screenshot (GTK_WIDGET (fixture->window), "welcome-narrow-light");
}

static void
test_key_page_network (Fixture       *fixture,
                       gconstpointer  data)
{
  CutoutKeyPage *page = show_key_page (fixture);
  GtkWidget *entry = find_row (GTK_WIDGET (page), "API Key");
  GtkLabel *label;

  cutout_fake_server_stop (fixture->server);
  gtk_editable_set_text (GTK_EDITABLE (entry), CUTOUT_FAKE_SERVER_VALID_KEY);
  gtk_widget_activate_action (GTK_WIDGET (page), "key-page.check", NULL);
  wait_not_busy (page);

  label = status_label (page, "Could not reach the service: ");
  g_assert_nonnull (label);
  g_assert_cmpuint (strlen (gtk_label_get_text (label)), >, strlen ("Could not reach the service: "));
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (label_contains (GTK_WIDGET (page), CUTOUT_FAKE_SERVER_VALID_KEY));
}

/* Closing the window while a key is being checked: the check is
 * cancelled, nothing is stored, and the page goes at once instead of
 * waiting for the service's answer (which would come after 20 s). */
static void
test_key_page_closed_while_checking (Fixture       *fixture,
                                     gconstpointer  data)
{
  GtkWidget *page = cutout_key_page_new (fixture->context, TRUE);
  GtkWidget *window = adw_window_new ();
  gint64 start;

  /* Not watched: nothing but the window may hold the page. */
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  cutout_test_ui_iterate (50);

  cutout_fake_server_set_latency (fixture->server, 20000);
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, "API Key")), CUTOUT_FAKE_SERVER_VALID_KEY);
  gtk_widget_activate_action (page, "key-page.check", NULL);
  g_assert_true (cutout_key_page_get_busy (CUTOUT_KEY_PAGE (page)));
  cutout_test_ui_iterate (50);

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  cutout_test_ui_iterate (50);
  g_assert_null (page);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (cutout_context_has_key (fixture->context));
}

static void
test_key_page_continue (Fixture       *fixture,
                        gconstpointer  data)
{
  CutoutKeyPage *page = show_key_page (fixture);
  guint continued = 0;

  g_signal_connect (page, "continue-without-key", G_CALLBACK (count_cb), &continued);
  g_assert_nonnull (status_label (page, "A few images a day are free without a key."));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (find_of_type (GTK_WIDGET (page), GTK_TYPE_LINK_BUTTON))), ==,
                   "https://www.rembg.com");
  g_assert_nonnull (status_label (page, "Create a free account, then copy your API key from your profile."));
  gtk_widget_activate_action (GTK_WIDGET (page), "key-page.continue", NULL);
  g_assert_cmpuint (continued, ==, 1);
  g_assert_cmpint (cutout_context_get_key_source (fixture->context), ==, CUTOUT_KEY_SOURCE_NONE);
}

int
main (int   argc,
      char *argv[])
{
  /* No secret service: the session-only path of a machine without a
   * keyring, whatever the desktop running the tests has. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/preferences/bindings", test_preferences_bindings);
  ADD ("/preferences/template", test_preferences_template);
  ADD ("/preferences/bg-color", test_preferences_bg_color);
  ADD ("/preferences/base-url", test_preferences_base_url);
  ADD ("/preferences/retention", test_preferences_retention);
  ADD ("/preferences/clear-history", test_preferences_clear_history);
  ADD ("/preferences/account", test_preferences_account);
  ADD ("/preferences/screenshots", test_preferences_screenshots);
  ADD ("/key-page/wrong-key", test_key_page_wrong_key);
  ADD ("/key-page/valid-key", test_key_page_valid_key);
  ADD ("/key-page/network", test_key_page_network);
  ADD ("/key-page/continue", test_key_page_continue);
  ADD ("/key-page/closed-while-checking", test_key_page_closed_while_checking);
#undef ADD

  return g_test_run ();
}
