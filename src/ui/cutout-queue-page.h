/* cutout-queue-page.h — the Queue page: the list of images, its controls and feedback
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_QUEUE_PAGE (cutout_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (CutoutQueuePage, cutout_queue_page, CUTOUT, QUEUE_PAGE, AdwBin)

/* The window's "queue" page: an empty state inviting to drop images, the
 * list of the queue's jobs with a summary (counts, progress, time left,
 * credit forecast) and the controls. Toasts go to the nearest
 * AdwToastOverlay ancestor.
 *
 * Actions (group "queue"): start (Ctrl+Return), pause, resume,
 * toggle-pause (Space), cancel-all, retry-failed, clear-finished, open
 * (Ctrl+O), open-folder, paste (Ctrl+V), remove-selected (Delete),
 * choose-watch-folder, forget-watch-folder. The
 * stop info bar's "Enter Key…" and the no-key hint use "app.set-key",
 * which the application defines.
 *
 * Properties: context (CutoutContext, construct-only), adding (TRUE while
 * dropped or opened files are being looked through). */
CutoutQueuePage *cutout_queue_page_new       (CutoutContext   *context);

CutoutContext   *cutout_queue_page_get_context (CutoutQueuePage *self);

/* Adds images and folders (walked recursively, off the main thread;
 * hidden files are passed over, non-images skipped and counted in a
 * toast). Each folder keeps its structure below the output folder. Used
 * for drops, the file dialogs, pasting and the command line / "Open
 * With". */
void             cutout_queue_page_add_files (CutoutQueuePage *self,
                                              GFile          **files,
                                              int              n_files);

gboolean         cutout_queue_page_get_adding (CutoutQueuePage *self);

/* The watched folder: its new images (see CutoutWatch: settled, not
 * hidden, not there before) join the queue by themselves while the
 * "Watch Folder" switch is on; other files are ignored. Kept in the
 * settings "watch-folder" and "watch-enabled". Setting a folder turns
 * the switch on; NULL forgets the folder. Only local paths (including
 * the document portal's) can be watched. Actions: choose-watch-folder
 * (a folder dialog), forget-watch-folder. */
void             cutout_queue_page_set_watch_folder   (CutoutQueuePage *self,
                                                       GFile           *folder);
GFile           *cutout_queue_page_dup_watch_folder   (CutoutQueuePage *self) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE while the folder is really watched (switch on, folder readable). */
gboolean         cutout_queue_page_get_watching       (CutoutQueuePage *self);
/* How long a new file must stay unchanged before it joins (0: the
 * watch's default of 2 s); tests use a short one. */
void             cutout_queue_page_set_watch_settle_ms (CutoutQueuePage *self,
                                                        guint            settle_ms);

G_END_DECLS
