/* cutout-options-panel.h — the output options of the batch or of one image, with a live preview
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"
#include "cutout-job.h"
#include "cutout-options.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_OPTIONS_PANEL (cutout_options_panel_get_type ())
G_DECLARE_FINAL_TYPE (CutoutOptionsPanel, cutout_options_panel, CUTOUT, OPTIONS_PANEL, AdwBin)

/* CutoutOptionsPanel edits the batch's options (the context's settings,
 * which the queue follows) or, when the selected job has one, that job's
 * per-image override; it also edits the finishing and output settings
 * (trim, orientation, output folder, name template) and the presets.
 * Invalid values are shown on their rows in the service's words and are
 * never written anywhere.
 *
 * Properties: context (CutoutContext, construct-only), job (CutoutJob or
 * NULL: the selected job, previewed), and read-only valid (the options and
 * name template shown can be used) and error (GError or NULL: why not).
 *
 * Actions (prefix "options."): apply-to-image, reset-to-batch, rerender,
 * save-preset, apply-preset (s), rename-preset (s), delete-preset (s),
 * choose-folder, reset-folder. */

GtkWidget           *cutout_options_panel_new         (CutoutContext      *context);

CutoutContext       *cutout_options_panel_get_context (CutoutOptionsPanel *self);
CutoutJob           *cutout_options_panel_get_job     (CutoutOptionsPanel *self);
void                 cutout_options_panel_set_job     (CutoutOptionsPanel *self,
                                                       CutoutJob          *job);
gboolean             cutout_options_panel_get_valid   (CutoutOptionsPanel *self);
const GError        *cutout_options_panel_get_error   (CutoutOptionsPanel *self);
/* The options the controls show now (possibly invalid). */
const CutoutOptions *cutout_options_panel_get_options (CutoutOptionsPanel *self);

/* Presets: stored in the settings key "presets" (see the schema). */
void                 cutout_options_panel_save_preset  (CutoutOptionsPanel *self,
                                                        const char         *name);
gboolean             cutout_options_panel_apply_preset (CutoutOptionsPanel *self,
                                                        const char         *name);

G_END_DECLS
