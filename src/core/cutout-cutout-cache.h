/* cutout-cutout-cache.h — a size-limited folder of downloaded cut-outs, for re-rendering without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* 512 MiB, the GSettings key editable-cache-mb's default. */
#define CUTOUT_CUTOUT_CACHE_DEFAULT_LIMIT (G_GUINT64_CONSTANT (512) * 1024 * 1024)

/* CutoutCutoutCache: the full-size transparent cut-outs of "editable"
 * jobs, one PNG per input, named by the SHA-256 (64 lowercase hex
 * digits) of the input's bytes: "<hash>.png" in the folder.
 *
 * Files are written atomically (a hidden temp file in the folder, then a
 * rename), so a reader never sees half a cut-out. The total size is kept
 * at most "limit" bytes by deleting the least recently used files; "used"
 * is the file's modification time, which this cache sets on every store
 * and lookup (atime is unreliable: noatime/relatime mounts), with
 * microseconds and strictly increasing within the process. The file just
 * stored is never evicted by its own store, even when it alone is larger
 * than the limit.
 *
 * Thread-safe: every method takes the cache's lock around its file
 * work, so one cache may be shared by the queue's worker threads. All
 * methods except the accessors of the properties block (file I/O).
 *
 * Properties: folder (GFile, construct-only; NULL at construction means
 * g_get_user_cache_dir ()/cutout/cutouts), limit (guint64 bytes, default
 * CUTOUT_CUTOUT_CACHE_DEFAULT_LIMIT; lowering it evicts at once). */

#define CUTOUT_TYPE_CUTOUT_CACHE (cutout_cutout_cache_get_type ())
G_DECLARE_FINAL_TYPE (CutoutCutoutCache, cutout_cutout_cache, CUTOUT, CUTOUT_CACHE, GObject)

/* @folder NULL: the default folder. The folder is created when needed. */
CutoutCutoutCache *cutout_cutout_cache_new        (GFile              *folder) G_GNUC_WARN_UNUSED_RESULT;
GFile             *cutout_cutout_cache_get_folder (CutoutCutoutCache  *self);
guint64            cutout_cutout_cache_get_limit  (CutoutCutoutCache  *self);
void               cutout_cutout_cache_set_limit  (CutoutCutoutCache  *self,
                                                   guint64             limit);

/* Whether a cut-out for @hash is stored (does not count as a use). */
gboolean           cutout_cutout_cache_contains   (CutoutCutoutCache  *self,
                                                   const char         *hash);
/* The cached file for @hash, marked as used now; NULL (no error) when
 * there is none or @hash is not a SHA-256 hex digest. */
GFile             *cutout_cutout_cache_lookup     (CutoutCutoutCache  *self,
                                                   const char         *hash) G_GNUC_WARN_UNUSED_RESULT;
/* The cut-out for @hash decoded, marked as used now. G_IO_ERROR_NOT_FOUND
 * when it is not cached (or was evicted meanwhile). */
GdkPixbuf         *cutout_cutout_cache_load       (CutoutCutoutCache  *self,
                                                   const char         *hash,
                                                   GCancellable       *cancellable,
                                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Copies the PNG @source in as the cut-out for @hash (replacing one),
 * atomically, then evicts the least recently used others until the
 * total fits the limit. */
gboolean           cutout_cutout_cache_store      (CutoutCutoutCache  *self,
                                                   const char         *hash,
                                                   GFile              *source,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* The bytes used by the cached cut-outs now. */
guint64            cutout_cutout_cache_get_size   (CutoutCutoutCache  *self);
void               cutout_cutout_cache_remove     (CutoutCutoutCache  *self,
                                                   const char         *hash);
/* Deletes every cached cut-out (not other files of the folder). */
void               cutout_cutout_cache_clear      (CutoutCutoutCache  *self);

/* The name the cache (and the store's duplicate detection) gives the
 * input @file: the SHA-256 of its bytes as 64 lower-case hex digits.
 * Blocking: call it in a worker thread. */
char              *cutout_cutout_cache_hash_file  (GFile              *file,
                                                   GCancellable       *cancellable,
                                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
