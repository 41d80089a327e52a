/* cutout-window.h — the main window
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-application.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_WINDOW (cutout_window_get_type ())
G_DECLARE_FINAL_TYPE (CutoutWindow, cutout_window, CUTOUT, WINDOW, AdwApplicationWindow)

CutoutWindow *cutout_window_new        (CutoutApplication *application);
/* Files from the command line, "Open With" or the file manager. */
void          cutout_window_add_files  (CutoutWindow      *self,
                                        GFile            **files,
                                        int                n_files);
/* Takes the floating toast. */
void          cutout_window_add_toast  (CutoutWindow      *self,
                                        AdwToast          *toast);
/* "queue", "history" or "usage". */
void          cutout_window_show_page  (CutoutWindow      *self,
                                        const char        *name);
/* The API key has been looked for: shows the welcome page on a first
 * start without one. */
void          cutout_window_key_loaded (CutoutWindow      *self);

G_END_DECLS
