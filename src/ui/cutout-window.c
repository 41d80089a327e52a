/* cutout-window.c — the main window
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-window.h"

struct _CutoutWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  AdwStatusPage        *empty_page;

  /* Borrowed */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (CutoutWindow, cutout_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (CutoutWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (CutoutWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* The default size is what the user last resized the window to, not
   * the maximized size. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
cutout_window_close_request (GtkWindow *window)
{
  save_window_state (CUTOUT_WINDOW (window));

  return GTK_WINDOW_CLASS (cutout_window_parent_class)->close_request (window);
}

static void
cutout_window_class_init (CutoutWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = cutout_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, empty_page);
}

static void
cutout_window_init (CutoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CutoutWindow *
cutout_window_new (CutoutApplication *application)
{
  CutoutWindow *self;

  g_return_val_if_fail (CUTOUT_IS_APPLICATION (application), NULL);

  self = g_object_new (CUTOUT_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The window's application is not yet set in constructed(), so the
   * settings are taken from the application we were given. */
  self->settings = cutout_application_get_settings (application);
  restore_window_state (self);

  return self;
}
