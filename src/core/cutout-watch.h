/* cutout-watch.h — a watched folder whose new images join the queue
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_WATCH (cutout_watch_get_type ())
G_DECLARE_FINAL_TYPE (CutoutWatch, cutout_watch, CUTOUT, WATCH, GObject)

/* Watches one folder (not its subfolders) with a GFileMonitor. A regular,
 * non-hidden file that appears in it (created, copied, moved in) is
 * announced with the "file-ready" signal once it has stopped growing: its
 * size and modification time stayed the same for settle-ms (default
 * 2000). Each file is announced at most once for the watch's lifetime,
 * and files that were there when the watch started are not announced.
 * Files passed to cutout_watch_ignore() — the results the queue writes
 * into the watched folder — are never announced. Whether a file is an
 * image is for the receiver (preflight) to decide. */
CutoutWatch *cutout_watch_new          (GFile       *folder,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GFile       *cutout_watch_get_folder   (CutoutWatch *self);
guint        cutout_watch_get_settle_ms (CutoutWatch *self);
void         cutout_watch_set_settle_ms (CutoutWatch *self,
                                         guint        settle_ms);
/* Never announce @file (e.g. an output written into the watched folder). */
void         cutout_watch_ignore       (CutoutWatch *self,
                                        GFile       *file);

G_END_DECLS
