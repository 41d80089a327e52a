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

/* Watches one folder (not its subfolders) with a GFileMonitor (and see
 * CutoutWatchMode). A regular,
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

/* How a watch learns of new files. A GFileMonitor (inotify) does not see
 * what other machines write into a network share, nor what other apps
 * write through a FUSE file system such as Flatpak's document portal:
 * there the folder is also read again every few seconds. */
typedef enum
{
  CUTOUT_WATCH_AUTO,     /* the monitor, and polling where it may miss files */
  CUTOUT_WATCH_MONITOR,  /* the monitor only */
  CUTOUT_WATCH_POLL,     /* polling only */
} CutoutWatchMode;

/* Every this many milliseconds, when the folder is polled. */
#define CUTOUT_WATCH_POLL_MS 3000

CutoutWatch *cutout_watch_new_full     (GFile           *folder,
                                        CutoutWatchMode  mode,
                                        GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Whether @folder is somewhere a file monitor may miss new files: a
 * remote or FUSE file system, or the document portal. */
gboolean     cutout_watch_folder_needs_polling (GFile *folder);
/* Whether the watch reads its folder again every poll-ms. */
gboolean     cutout_watch_get_polled   (CutoutWatch *self);
guint        cutout_watch_get_poll_ms  (CutoutWatch *self);
void         cutout_watch_set_poll_ms  (CutoutWatch *self,
                                        guint        poll_ms);
GFile       *cutout_watch_get_folder   (CutoutWatch *self);
guint        cutout_watch_get_settle_ms (CutoutWatch *self);
void         cutout_watch_set_settle_ms (CutoutWatch *self,
                                         guint        settle_ms);
/* Never announce @file (e.g. an output written into the watched folder). */
void         cutout_watch_ignore       (CutoutWatch *self,
                                        GFile       *file);

G_END_DECLS
