/* cutout-application.h — the application object
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_APPLICATION (cutout_application_get_type ())
G_DECLARE_FINAL_TYPE (CutoutApplication, cutout_application, CUTOUT, APPLICATION, AdwApplication)

CutoutApplication *cutout_application_new          (void);
/* The app's settings, or NULL when the schema is not installed. */
GSettings         *cutout_application_get_settings (CutoutApplication *self);
/* The core objects, made at startup. */
CutoutContext     *cutout_application_get_context  (CutoutApplication *self);

G_END_DECLS
