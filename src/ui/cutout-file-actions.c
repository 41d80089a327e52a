/* cutout-file-actions.c — opening a file and showing it in its folder
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-error-toast.h"
#include "cutout-file-actions.h"

/* How long the file manager may take to answer ShowItems. */
#define SHOW_ITEMS_TIMEOUT_MS 5000

typedef struct
{
  GtkWidget *widget;
  GFile     *file;
  GStrv      uris;
} FileAction;

static void
file_action_free (FileAction *action)
{
  g_clear_object (&action->widget);
  g_clear_object (&action->file);
  g_clear_pointer (&action->uris, g_strfreev);
  g_free (action);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileAction, file_action_free)

static FileAction *
file_action_new (GtkWidget *widget,
                 GFile     *file)
{
  FileAction *action = g_new0 (FileAction, 1);

  action->widget = g_object_ref (widget);
  action->file = g_object_ref (file);
  return action;
}

static GtkWindow *
get_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FileAction) action = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_basename (action->file);
      /* Translators: %s is a file or folder name. */
      g_autofree char *title = g_strdup_printf (_("Could not open “%s”"), name);

      cutout_error_toast_show (action->widget, title, error);
    }
}

void
cutout_file_actions_open (GtkWidget *widget,
                          GFile     *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  /* gtk_show_uri_full() goes through the OpenURI portal when sandboxed. */
  gtk_show_uri_full (get_window (widget), uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, file_action_new (widget, file));
}

static void
open_parent (FileAction *action)
{
  g_autoptr(GFile) parent = g_file_get_parent (action->file);

  if (parent != NULL)
    cutout_file_actions_open (action->widget, parent);
}

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FileAction) action = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      open_parent (action);
    }
}

static void
bus_ready_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FileAction) action = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *parameters;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      g_debug ("No session bus: %s", error->message);
      open_parent (action);
      return;
    }

  parameters = g_variant_new ("(^ass)", action->uris, "");

  g_dbus_connection_call (bus,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          parameters,
                          NULL,
                          G_DBUS_CALL_FLAGS_NONE,
                          SHOW_ITEMS_TIMEOUT_MS,
                          NULL,
                          show_items_cb,
                          g_steal_pointer (&action));
}

void
cutout_file_actions_show_in_folder (GtkWidget  *widget,
                                    GFile     **files,
                                    guint       n_files)
{
  FileAction *action;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (files != NULL && n_files > 0);

  action = file_action_new (widget, files[0]);
  action->uris = g_new0 (char *, n_files + 1);
  for (guint i = 0; i < n_files; i++)
    action->uris[i] = g_file_get_uri (files[i]);

  g_bus_get (G_BUS_TYPE_SESSION, NULL, bus_ready_cb, action);
}
