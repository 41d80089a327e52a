/* cutout-application.c — the application object
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-application.h"
#include "cutout-config.h"
#include "cutout-context.h"
#include "cutout-preferences-window.h"
#include "cutout-window.h"

struct _CutoutApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
  CutoutContext  *context;
  gboolean        key_loaded;
};

G_DEFINE_FINAL_TYPE (CutoutApplication, cutout_application, ADW_TYPE_APPLICATION)

static CutoutWindow *
get_or_create_window (CutoutApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (cutout_window_new (self));
      if (self->key_loaded)
        cutout_window_key_loaded (CUTOUT_WINDOW (window));
    }

  return CUTOUT_WINDOW (window);
}

static void
cutout_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  CutoutWindow *window = get_or_create_window (CUTOUT_APPLICATION (app));

  cutout_window_add_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static void
cutout_application_activate (GApplication *app)
{
  CutoutWindow *window = get_or_create_window (CUTOUT_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
really_quit (CutoutApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Nothing new starts and what is in flight is cancelled; every
   * unfinished job is in the store for the next start. */
  cutout_queue_shutdown (cutout_context_get_queue (self->context));

  /* Close windows first so they can store their state. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  CutoutApplication *self)
{
  if (g_strcmp0 (response, "stop") == 0)
    cutout_queue_cancel_all (cutout_context_get_queue (self->context));
  if (g_strcmp0 (response, "keep") == 0 || g_strcmp0 (response, "stop") == 0)
    really_quit (self);
}

static gboolean
batch_is_running (CutoutApplication *self)
{
  guint active = 0, queued = 0;

  g_object_get (cutout_context_get_queue (self->context), "n-active", &active, "n-queued", &queued, NULL);
  return active > 0 ||
         (queued > 0 && cutout_queue_get_state (cutout_context_get_queue (self->context)) == CUTOUT_QUEUE_STATE_RUNNING);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CutoutApplication *self = CUTOUT_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwMessageDialog *dialog;

  if (!batch_is_running (self) || window == NULL)
    {
      really_quit (self);
      return;
    }

  /* A batch is running: the user decides what becomes of it. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Keep the Batch for Next Time?"),
                                                       _("Images are still being processed. They can wait "
                                                         "in the queue and go on when Cutout starts again, "
                                                         "or be cancelled now.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Don’t Quit"),
                                    "stop", _("_Cancel Batch"),
                                    "keep", _("_Keep for Next Time"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static CutoutPreferencesWindow *
show_preferences (CutoutApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CutoutPreferencesWindow *preferences = cutout_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  show_preferences (CUTOUT_APPLICATION (user_data));
}

static void
set_key_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CutoutPreferencesWindow *preferences = show_preferences (CUTOUT_APPLICATION (user_data));

  cutout_preferences_window_show_page (preferences, "account");
}

static void
open_uri_action_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_show_uri (gtk_application_get_active_window (app), g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

/* A finished batch while the user looks elsewhere: a notification with
 * the counts. */
static void
queue_finished_cb (CutoutQueue       *queue,
                   CutoutApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  guint done = 0, failed = 0;

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-on-finish"))
    return;
  if (window != NULL && gtk_window_is_active (window))
    return;

  g_object_get (queue, "n-done", &done, "n-failed", &failed, NULL);
  if (failed > 0)
    /* Translators: the body of the notification at the end of a batch. */
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image done, %u failed",
                                         "%u images done, %u failed", done), done, failed);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image done", "%u images done", done), done);

  notification = g_notification_new (_("Batch Finished"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");

  /* Where the results went: the folder of the last one written. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (queue)); i > 0; i--)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i - 1);
      GFile *output = cutout_job_get_output (job);

      if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_DONE && output != NULL)
        {
          g_autoptr(GFile) folder = g_file_get_parent (output);
          g_autofree char *uri = g_file_get_uri (folder);

          g_notification_add_button_with_target (notification, _("Open Folder"), "app.open-uri", "s", uri);
          break;
        }
    }
  g_application_send_notification (G_APPLICATION (self), "batch-finished", notification);
}

static void
activate_action_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Cutout developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Cutout"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Cutout developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/cutoutapp/cutout",
                        "issue-url", "https://github.com/cutoutapp/cutout/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Cutout developers",
                        "developers", developers,
                        /* Translators: shown in the About window. */
                        "comments", _("Cutout removes image backgrounds through the Rembg service. "
                                      "Rembg is a third party’s service; Cutout is not affiliated with it."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
load_key_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CutoutApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cutout_context_load_key_finish (CUTOUT_CONTEXT (object), result, &error))
    g_message ("Could not read the API key from the keyring: %s", error->message);

  /* With a key, the figures shown should be today's. */
  if (cutout_context_has_key (CUTOUT_CONTEXT (object)))
    cutout_context_refresh_usage (CUTOUT_CONTEXT (object));

  self->key_loaded = TRUE;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CUTOUT_IS_WINDOW (l->data))
      cutout_window_key_loaded (CUTOUT_WINDOW (l->data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "set-key", set_key_action_cb },
  { "open-uri", open_uri_action_cb, "s" },
  { "activate", activate_action_cb },
};

static void
cutout_application_startup (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (cutout_application_parent_class)->startup (app);

  self->settings = cutout_config_new_settings ();
  self->context = cutout_context_new (self->settings, NULL);
  cutout_context_load_key_async (self->context, NULL, load_key_cb, g_object_ref (self));

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

  g_signal_connect_object (cutout_context_get_queue (self->context), "finished",
                           G_CALLBACK (queue_finished_cb), self, 0);
}

static void
cutout_application_dispose (GObject *object)
{
  CutoutApplication *self = CUTOUT_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cutout_application_parent_class)->dispose (object);
}

/* However the app ends (Quit, the last window closed), the jobs of a
 * large drop whose rows are still being written in the background are
 * all in the store for the next start: wait for that write (about a
 * second for 10,000 files). */
static void
cutout_application_shutdown (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);

  if (self->context != NULL)
    cutout_queue_flush_store (cutout_context_get_queue (self->context));

  G_APPLICATION_CLASS (cutout_application_parent_class)->shutdown (app);
}

static void
cutout_application_class_init (CutoutApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cutout_application_dispose;

  app_class->startup = cutout_application_startup;
  app_class->activate = cutout_application_activate;
  app_class->shutdown = cutout_application_shutdown;
  app_class->open = cutout_application_open;
}

static void
cutout_application_init (CutoutApplication *self)
{
}

CutoutApplication *
cutout_application_new (void)
{
  return g_object_new (CUTOUT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

CutoutContext *
cutout_application_get_context (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);

  return self->context;
}

GSettings *
cutout_application_get_settings (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);

  return self->settings;
}
