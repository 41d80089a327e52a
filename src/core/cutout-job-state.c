/* cutout-job-state.c — the states of one image's job
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-job-state.h"

static const GEnumValue job_state_values[] = {
  { CUTOUT_JOB_STATE_QUEUED, "CUTOUT_JOB_STATE_QUEUED", "queued" },
  { CUTOUT_JOB_STATE_PAUSED, "CUTOUT_JOB_STATE_PAUSED", "paused" },
  { CUTOUT_JOB_STATE_UPLOADING, "CUTOUT_JOB_STATE_UPLOADING", "uploading" },
  { CUTOUT_JOB_STATE_PROCESSING, "CUTOUT_JOB_STATE_PROCESSING", "processing" },
  { CUTOUT_JOB_STATE_DOWNLOADING, "CUTOUT_JOB_STATE_DOWNLOADING", "downloading" },
  { CUTOUT_JOB_STATE_WAITING_RETRY, "CUTOUT_JOB_STATE_WAITING_RETRY", "waiting-retry" },
  { CUTOUT_JOB_STATE_DONE, "CUTOUT_JOB_STATE_DONE", "done" },
  { CUTOUT_JOB_STATE_FAILED, "CUTOUT_JOB_STATE_FAILED", "failed" },
  { CUTOUT_JOB_STATE_CANCELLED, "CUTOUT_JOB_STATE_CANCELLED", "cancelled" },
  { 0, NULL, NULL }
};

GType
cutout_job_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("CutoutJobState"), job_state_values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

const char *
cutout_job_state_to_string (CutoutJobState state)
{
  for (guint i = 0; job_state_values[i].value_nick != NULL; i++)
    if (job_state_values[i].value == (int) state)
      return job_state_values[i].value_nick;
  return NULL;
}

gboolean
cutout_job_state_from_string (const char     *text,
                              CutoutJobState *state_out)
{
  for (guint i = 0; text != NULL && job_state_values[i].value_nick != NULL; i++)
    if (g_str_equal (job_state_values[i].value_nick, text))
      {
        *state_out = job_state_values[i].value;
        return TRUE;
      }
  return FALSE;
}

gboolean
cutout_job_state_is_final (CutoutJobState state)
{
  return state == CUTOUT_JOB_STATE_DONE ||
         state == CUTOUT_JOB_STATE_FAILED ||
         state == CUTOUT_JOB_STATE_CANCELLED;
}

gboolean
cutout_job_state_is_active (CutoutJobState state)
{
  return state == CUTOUT_JOB_STATE_UPLOADING ||
         state == CUTOUT_JOB_STATE_PROCESSING ||
         state == CUTOUT_JOB_STATE_DOWNLOADING;
}
