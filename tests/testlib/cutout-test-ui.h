/* cutout-test-ui.h — helpers for the UI test suites
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Runs the default main context until nothing is pending, then for
 * @ms more milliseconds (layout, frame clock, idle handlers). */
void     cutout_test_ui_iterate     (guint       ms);

/* Renders @widget (usually a GtkWindow that is shown) as it looks now
 * into a PNG at @path, with the window's own renderer. For screenshots
 * that are looked at before a UI change lands. */
gboolean cutout_test_ui_save_png    (GtkWidget  *widget,
                                     const char *path);

/* When $CUTOUT_SCREENSHOT_DIR is set: saves @widget as
 * $CUTOUT_SCREENSHOT_DIR/@name.png (and says where with g_test_message).
 * Does nothing otherwise, so the suites can always call it. */
void     cutout_test_ui_screenshot  (GtkWidget  *widget,
                                     const char *name);

/* Switches libadwaita's style manager to dark (TRUE) or light. */
void     cutout_test_ui_set_dark    (gboolean    dark);

G_END_DECLS
