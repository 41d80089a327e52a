/* cutout-queue-row.h — one job of the queue as a row of the Queue page
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-queue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_QUEUE_ROW (cutout_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (CutoutQueueRow, cutout_queue_row, CUTOUT, QUEUE_ROW, AdwBin)

/* A row is made once per visible list item and reused: the list view's
 * factory binds it to a job (cutout_queue_row_set_job) and unbinds it
 * (NULL). While bound it follows the job's notify signals. Its actions
 * ("row.retry", "row.cancel", "row.remove", "row.open",
 * "row.show-in-folder", "row.copy") act on the job through @queue.
 *
 * A row shows an "Own options" marker while its job has a per-image
 * override of the batch options (cutout_job_get_options_override).
 *
 * Properties: queue (CutoutQueue, construct-only), job (CutoutJob or
 * NULL). */
CutoutQueueRow *cutout_queue_row_new            (CutoutQueue    *queue);

CutoutJob      *cutout_queue_row_get_job        (CutoutQueueRow *self);
void            cutout_queue_row_set_job        (CutoutQueueRow *self,
                                                 CutoutJob      *job);

/* The input's thumbnail, loaded by the page; NULL shows a generic icon. */
void            cutout_queue_row_set_thumbnail  (CutoutQueueRow *self,
                                                 GdkPaintable   *thumbnail);

/* The error as the row shows it: the message, then each of the service's
 * details (cutout_api_error_get_details) on its own line. */
char           *cutout_queue_row_format_error   (const GError   *error) G_GNUC_WARN_UNUSED_RESULT;

/* The override marker's tooltip: "This image has its own options: PNG ·
 * 800 px wide · rotated 90°" (what differs from the service's defaults). */
char           *cutout_queue_row_describe_override (const CutoutOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
