/* cutout-cli-process-private.h — what cutout-cli's batch command shares between its files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-queue.h"
#include "cutout-watch.h"

G_BEGIN_DECLS

typedef struct
{
  GMainLoop   *loop;
  CutoutQueue *queue;
  CutoutWatch *watch;
  GHashTable  *reported;      /* CutoutJob* already printed */
  gboolean     json;
  gboolean     show_progress;
  gboolean     interrupted;
  gboolean     stopped;
  gint64       last_progress_us;
  guint        n_skipped;     /* files of folders that are no images */
} Run;

/* cutout-cli-inputs.c: files and folders named on the command line. */
gboolean cutout_cli_is_image    (Run     *run,
                                 GFile   *file);
gboolean cutout_cli_add_inputs  (Run     *run,
                                 char   **paths,
                                 GError **error);

G_END_DECLS
