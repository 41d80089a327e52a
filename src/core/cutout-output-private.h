/* cutout-output-private.h — helpers shared by the halves of cutout-output
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-output.h"

G_BEGIN_DECLS

/* The arguments of an output operation run in a worker thread: resolving
 * a target, committing a temp file or cleaning up stale ones. */
typedef struct
{
  GFile                    *folder;
  GFile                    *target;
  char                     *name;
  CutoutCollisionPolicy     policy;
  GFile                    *input;
  CutoutOutputReservations *reservations;
  GTimeSpan                 max_age;
} CutoutOutputTaskData;

CutoutOutputTaskData *cutout_output_task_data_new  (GFile                    *folder,
                                                    GFile                    *target,
                                                    const char               *name,
                                                    CutoutCollisionPolicy     policy,
                                                    GFile                    *input,
                                                    CutoutOutputReservations *reservations);
void                  cutout_output_task_data_free (CutoutOutputTaskData     *data);

/* TRUE if @file is @input or an input @reservations protects: such a file
 * is never a target. */
gboolean              cutout_output_is_an_input    (GFile                    *file,
                                                    GFile                    *input,
                                                    CutoutOutputReservations *reservations);

G_END_DECLS
