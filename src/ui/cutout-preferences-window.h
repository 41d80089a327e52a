/* cutout-preferences-window.h — the Preferences window
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_PREFERENCES_WINDOW (cutout_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CutoutPreferencesWindow, cutout_preferences_window, CUTOUT, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Every preference of the app's GSettings schema, on five pages:
 * "general" (default output options, output folder, naming, finishing),
 * "processing" (queue and input handling), "account" (the API key),
 * "history" (retention, clearing) and "advanced" (service addresses).
 * Fields that are checked (background color, name template, service
 * addresses) write their key only when the value is valid, and show
 * the reason on the row otherwise.
 *
 * Property: context (construct-only). The caller sets transient-for. */
CutoutPreferencesWindow *cutout_preferences_window_new       (CutoutContext           *context);

/* Shows the page named @page_name ("general", "processing", "account",
 * "history" or "advanced"). */
void                     cutout_preferences_window_show_page (CutoutPreferencesWindow *self,
                                                              const char              *page_name);

G_END_DECLS
