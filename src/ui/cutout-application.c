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
#include "cutout-window.h"

struct _CutoutApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (CutoutApplication, cutout_application, ADW_TYPE_APPLICATION)

static CutoutWindow *
get_or_create_window (CutoutApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (cutout_window_new (self));

  return CUTOUT_WINDOW (window);
}

static void
cutout_application_activate (GApplication *app)
{
  CutoutWindow *window = get_or_create_window (CUTOUT_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows first so they can store their state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (app);
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

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
};

static void
cutout_application_startup (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (cutout_application_parent_class)->startup (app);

  self->settings = cutout_config_new_settings ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
cutout_application_dispose (GObject *object)
{
  CutoutApplication *self = CUTOUT_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cutout_application_parent_class)->dispose (object);
}

static void
cutout_application_class_init (CutoutApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cutout_application_dispose;

  app_class->startup = cutout_application_startup;
  app_class->activate = cutout_application_activate;
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
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

GSettings *
cutout_application_get_settings (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);

  return self->settings;
}
