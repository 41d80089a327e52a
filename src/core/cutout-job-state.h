/* cutout-job-state.h — the states of one image's job
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* queued → uploading → processing → downloading → done / failed /
 * cancelled, plus paused and waiting-to-retry. The numbers are stored in
 * SQLite: never renumber, only append. */
typedef enum
{
  CUTOUT_JOB_STATE_QUEUED = 0,
  CUTOUT_JOB_STATE_PAUSED = 1,
  CUTOUT_JOB_STATE_UPLOADING = 2,
  CUTOUT_JOB_STATE_PROCESSING = 3,
  CUTOUT_JOB_STATE_DOWNLOADING = 4,
  CUTOUT_JOB_STATE_WAITING_RETRY = 5,
  CUTOUT_JOB_STATE_DONE = 6,
  CUTOUT_JOB_STATE_FAILED = 7,
  CUTOUT_JOB_STATE_CANCELLED = 8,
} CutoutJobState;

#define CUTOUT_TYPE_JOB_STATE (cutout_job_state_get_type ())
GType        cutout_job_state_get_type    (void) G_GNUC_CONST;

/* "queued", "paused", "uploading", "processing", "downloading",
 * "waiting-retry", "done", "failed", "cancelled" */
const char  *cutout_job_state_to_string   (CutoutJobState  state);
gboolean     cutout_job_state_from_string (const char     *text,
                                           CutoutJobState *state_out);
/* done, failed, cancelled */
gboolean     cutout_job_state_is_final    (CutoutJobState  state);
/* uploading, processing, downloading */
gboolean     cutout_job_state_is_active   (CutoutJobState  state);

G_END_DECLS
