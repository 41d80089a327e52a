/* cutout-file-actions.h — opening a file and showing it in its folder
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens @file with its default application (through the OpenURI portal
 * inside Flatpak), for @widget's window. A failure becomes an error
 * toast (cutout-error-toast.h) on @widget's toast overlay. */
void cutout_file_actions_open           (GtkWidget  *widget,
                                         GFile      *file);

/* Shows @files (at least one) selected in their folder with the file
 * manager's org.freedesktop.FileManager1.ShowItems; when no file manager
 * answers on the session bus, opens the first file's folder instead
 * (the file is then not selected). */
void cutout_file_actions_show_in_folder (GtkWidget  *widget,
                                         GFile     **files,
                                         guint       n_files);

G_END_DECLS
