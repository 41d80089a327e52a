/* cutout-preview.h — the live preview of the output options, drawn locally without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-job.h"
#include "cutout-options.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_PREVIEW (cutout_preview_get_type ())
G_DECLARE_FINAL_TYPE (CutoutPreview, cutout_preview, CUTOUT, PREVIEW, GtkWidget)

/* CutoutPreview shows what the service would make of the selected job
 * with the given options, rendered by CutoutRenderer in a thread and
 * drawn over a transparency checkerboard that follows the style (light
 * or dark).
 *
 * The source is the job's transparent cut-out when the queue kept it
 * (keep-editable), rendered with every option; the saved result of a
 * done job otherwise, shown as it is; else the original, framed with the
 * geometric options only (size and rotation). Sources are decoded at
 * display size in a thread.
 *
 * Properties: queue (CutoutQueue, for keep-editable and the cut-out
 * cache), job (CutoutJob or NULL), zoom-to-fit (TRUE: scaled to fit;
 * FALSE: 1 frame pixel per device pixel, centred and cropped), compare
 * (draw the original left of the split and the result right of it),
 * split (0–1), and read-only: texture (GdkTexture of the newest frame or
 * NULL), has-result (a result exists to compare with), loading, status
 * (a text to show instead of, or about, the frame). */

GtkWidget  *cutout_preview_new              (void);

CutoutQueue *cutout_preview_get_queue       (CutoutPreview       *self);
void        cutout_preview_set_queue        (CutoutPreview       *self,
                                             CutoutQueue         *queue);
CutoutJob  *cutout_preview_get_job          (CutoutPreview       *self);
void        cutout_preview_set_job          (CutoutPreview       *self,
                                             CutoutJob           *job);
/* Redraws at once with @options (which must be valid); NULL = defaults. */
void        cutout_preview_set_options      (CutoutPreview       *self,
                                             const CutoutOptions *options);

gboolean    cutout_preview_get_zoom_to_fit  (CutoutPreview       *self);
void        cutout_preview_set_zoom_to_fit  (CutoutPreview       *self,
                                             gboolean             zoom_to_fit);
gboolean    cutout_preview_get_compare      (CutoutPreview       *self);
void        cutout_preview_set_compare      (CutoutPreview       *self,
                                             gboolean             compare);
double      cutout_preview_get_split        (CutoutPreview       *self);
void        cutout_preview_set_split        (CutoutPreview       *self,
                                             double               split);

GdkTexture *cutout_preview_get_texture      (CutoutPreview       *self);
gboolean    cutout_preview_get_has_result   (CutoutPreview       *self);
gboolean    cutout_preview_get_loading      (CutoutPreview       *self);
const char *cutout_preview_get_status       (CutoutPreview       *self);
/* The pixel size of the selected image (as decoded, oriented), or FALSE
 * while it is not known. */
gboolean    cutout_preview_get_image_size   (CutoutPreview       *self,
                                             int                 *width_out,
                                             int                 *height_out);

G_END_DECLS
