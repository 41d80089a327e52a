/* cutout-job.h — one image in the queue
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-job-state.h"
#include "cutout-options.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_JOB (cutout_job_get_type ())
G_DECLARE_FINAL_TYPE (CutoutJob, cutout_job, CUTOUT, JOB, GObject)

/* A job is a value the queue changes and the UI watches: every property
 * notifies only when it really changes (EXPLICIT_NOTIFY). The setters are
 * for the queue; the UI only reads. */

CutoutJob           *cutout_job_new                  (GFile               *input,
                                                      GFile               *source_root);

GFile               *cutout_job_get_input            (CutoutJob           *self);
/* The folder the input was found in when a folder was added (its
 * structure is kept below the output folder), or NULL. */
GFile               *cutout_job_get_source_root      (CutoutJob           *self);
/* The input's file name, for display. */
const char          *cutout_job_get_display_name     (CutoutJob           *self);

/* The store's row id, 0 before the job is stored. */
gint64               cutout_job_get_id               (CutoutJob           *self);
void                 cutout_job_set_id               (CutoutJob           *self,
                                                      gint64               id);

/* The per-image override of the batch options, or NULL (use the batch's). */
const CutoutOptions *cutout_job_get_options_override (CutoutJob           *self);
void                 cutout_job_set_options_override (CutoutJob           *self,
                                                      const CutoutOptions *options);

CutoutJobState       cutout_job_get_state            (CutoutJob           *self);
void                 cutout_job_set_state            (CutoutJob           *self,
                                                      CutoutJobState       state);

/* 0.0–1.0 each; -1 for the download while its size is unknown. */
double               cutout_job_get_upload_fraction  (CutoutJob           *self);
double               cutout_job_get_download_fraction (CutoutJob          *self);
void                 cutout_job_set_progress         (CutoutJob           *self,
                                                      double               upload_fraction,
                                                      double               download_fraction);

guint                cutout_job_get_attempts         (CutoutJob           *self);
void                 cutout_job_set_attempts         (CutoutJob           *self,
                                                      guint                attempts);
/* Attempts whose body was fully sent but whose answer was lost: the
 * service may have charged a credit for each. */
guint                cutout_job_get_possibly_charged (CutoutJob           *self);
void                 cutout_job_set_possibly_charged (CutoutJob           *self,
                                                      guint                count);

/* The last error (with the service's details, see cutout-api-error.h), or NULL. */
const GError        *cutout_job_get_error            (CutoutJob           *self);
void                 cutout_job_set_error            (CutoutJob           *self,
                                                      const GError        *error);

GFile               *cutout_job_get_output           (CutoutJob           *self);
void                 cutout_job_set_output           (CutoutJob           *self,
                                                      GFile               *output);

/* Pixel size and bytes of the input (from preflight), bytes of the result. */
int                  cutout_job_get_width            (CutoutJob           *self);
int                  cutout_job_get_height           (CutoutJob           *self);
goffset              cutout_job_get_bytes_in         (CutoutJob           *self);
goffset              cutout_job_get_bytes_out        (CutoutJob           *self);
void                 cutout_job_set_input_info       (CutoutJob           *self,
                                                      int                  width,
                                                      int                  height,
                                                      goffset              bytes_in);
void                 cutout_job_set_bytes_out        (CutoutJob           *self,
                                                      goffset              bytes_out);

/* What was done to the input before upload ("Converted from TIFF to
 * PNG"), or NULL. */
const char          *cutout_job_get_note             (CutoutJob           *self);
void                 cutout_job_set_note             (CutoutJob           *self,
                                                      const char          *note);

/* Unix microseconds, 0 = not yet. */
gint64               cutout_job_get_created          (CutoutJob           *self);
void                 cutout_job_set_created          (CutoutJob           *self,
                                                      gint64               when);
gint64               cutout_job_get_started          (CutoutJob           *self);
void                 cutout_job_set_started          (CutoutJob           *self,
                                                      gint64               when);
gint64               cutout_job_get_finished         (CutoutJob           *self);
void                 cutout_job_set_finished         (CutoutJob           *self,
                                                      gint64               when);

G_END_DECLS
