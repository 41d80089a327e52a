/* cutout-output.h — where and how results are written: names, folders, collisions, atomic writes
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-options.h"

G_BEGIN_DECLS

#define CUTOUT_OUTPUT_ERROR (cutout_output_error_quark ())

typedef enum
{
  CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE, /* unknown placeholder, unbalanced brace, empty */
  CUTOUT_OUTPUT_ERROR_IS_INPUT,         /* the target is an input file (never overwritten) */
  CUTOUT_OUTPUT_ERROR_EXISTS,           /* SKIP policy: the target exists (or is taken in the batch) */
  CUTOUT_OUTPUT_ERROR_ESCAPES,          /* a folder structure would leave the output folder */
  CUTOUT_OUTPUT_ERROR_NOT_LOCAL,        /* the folder has no local path (atomic writes need one) */
  CUTOUT_OUTPUT_ERROR_FAILED,           /* a file-system call failed; the message says which */
} CutoutOutputError;

GQuark cutout_output_error_quark (void);

typedef enum
{
  CUTOUT_COLLISION_ADD_NUMBER, /* "name (2).png", like GNOME Files; the default */
  CUTOUT_COLLISION_OVERWRITE,  /* replace an existing result atomically (never an input) */
  CUTOUT_COLLISION_SKIP,       /* keep the existing file and report CUTOUT_OUTPUT_ERROR_EXISTS */
} CutoutCollisionPolicy;

#define CUTOUT_OUTPUT_DEFAULT_TEMPLATE "{name}-cutout.{ext}"

/* The prefix of the temporary files this module creates (hidden, so a
 * file manager does not show half-written results). */
#define CUTOUT_OUTPUT_TEMP_PREFIX ".cutout-tmp-"

/* ---- Naming templates ----------------------------------------------- */

/* Placeholders:
 *   {name}    the input's base name without its last extension
 *   {ext}     the output format's extension: webp, png, jpg, bmp
 *   {format}  the output format's name: webp, png, jpeg, bmp
 *   {w} {h}   a pixel size given by the caller (see below)
 *   {date}    the local date, YYYY-MM-DD
 *   {n}       the job's number in the batch, zero-padded to 4 digits
 *             ("0007"; 12345 stays "12345")
 * "{{" and "}}" stand for literal braces. Any other {word}, a lone "{" or
 * "}", or an empty template is an error (CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE)
 * whose translated message can be shown on the template entry. */
gboolean   cutout_output_template_validate   (const char  *template_text,
                                              GError     **error);

/* TRUE if the template uses {w} or {h}: then the final name is only known
 * once the result has been downloaded (and finished). Without them the
 * name can be computed (and a SKIP decided) before spending a credit. */
gboolean   cutout_output_template_uses_size  (const char  *template_text);

/* Expands @template_text and sanitizes the result (see
 * cutout_output_sanitize_name()). @input_name is the input's base name in
 * the file-name encoding ("IMG_0042.JPG"). @width/@height fill {w}/{h}:
 * pass the result's pixel size after download (and after the finish
 * step), or the requested/input size for a pre-check; values ≤ 0 expand
 * to "0". @date NULL means now. @counter fills {n}. Returns a single
 * file name (never a path, never empty), or NULL with the validation
 * error. */
char      *cutout_output_expand_template     (const char  *template_text,
                                              const char  *input_name,
                                              CutoutFormat format,
                                              int          width,
                                              int          height,
                                              GDateTime   *date,
                                              guint        counter,
                                              GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Makes @name safe as one file name inside the output folder: bytes
 * that are not UTF-8 become U+FFFD, '/' and '\\' become '_', control
 * characters (C0, DEL, C1) become '_', leading dots are removed (no
 * hidden files, no "." or ".."),
 * the result is cut to 255 bytes at a UTF-8 character boundary keeping a
 * short extension, and an empty result becomes "cutout". */
char      *cutout_output_sanitize_name       (const char  *name) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Target folder ---------------------------------------------------- */

/* The folder a result goes to. @output_folder NULL: beside @input.
 * Otherwise, when @input_root (the folder the input was found in by a
 * drop or a folder open) is given and @input lies below it, the relative
 * folder structure is kept below @output_folder ("root/a/b/x.jpg" →
 * "out/a/b/"); an input outside @input_root goes to @output_folder
 * itself. A relative part that is not plain (".", "..", empty) fails
 * with CUTOUT_OUTPUT_ERROR_ESCAPES. Pure path computation: no I/O. */
GFile     *cutout_output_get_target_folder   (GFile       *input,
                                              GFile       *input_root,
                                              GFile       *output_folder,
                                              GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE if @a and @b are the same file: equal GFiles, or (following
 * symlinks) the same device and inode, which catches hard links,
 * symlinks and different spellings of one path. Blocking (two stat()s). */
gboolean   cutout_output_is_same_file        (GFile       *a,
                                              GFile       *b);

/* ---- Names reserved in a running batch ------------------------------- */

/* A thread-safe set shared by the jobs of a batch: names handed out to
 * one job are never handed to another, and the batch's input files are
 * protected from being overwritten by any job's result. */
#define CUTOUT_TYPE_OUTPUT_RESERVATIONS (cutout_output_reservations_get_type ())
G_DECLARE_FINAL_TYPE (CutoutOutputReservations, cutout_output_reservations, CUTOUT, OUTPUT_RESERVATIONS, GObject)

CutoutOutputReservations *cutout_output_reservations_new       (void) G_GNUC_WARN_UNUSED_RESULT;
/* FALSE if @file is already reserved. */
gboolean   cutout_output_reservations_reserve   (CutoutOutputReservations *self,
                                                 GFile                    *file);
void       cutout_output_reservations_release   (CutoutOutputReservations *self,
                                                 GFile                    *file);
gboolean   cutout_output_reservations_contains  (CutoutOutputReservations *self,
                                                 GFile                    *file);
/* Records an input of the batch (its path, and its device/inode if it
 * exists now): no result may replace it. Blocking (one stat()). */
void       cutout_output_reservations_protect   (CutoutOutputReservations *self,
                                                 GFile                    *input);
gboolean   cutout_output_reservations_is_protected (CutoutOutputReservations *self,
                                                    GFile                    *file);

/* ---- Choosing the target file --------------------------------------- */

/* Picks the file @name should be written to in @folder under @policy,
 * reserving it in @reservations (nullable) so no other job of the batch
 * gets it:
 * - ADD_NUMBER: @name if free, else "stem (2).ext", "stem (3).ext", …
 *   (a name already ending in " (k)" continues from k + 1). Free means:
 *   not existing (not even as a dangling symlink) and not reserved.
 * - SKIP: @name if free, else CUTOUT_OUTPUT_ERROR_EXISTS.
 * - OVERWRITE: @name even if it exists, unless it is @input or a
 *   protected input (CUTOUT_OUTPUT_ERROR_IS_INPUT). A name reserved by
 *   another job of the batch is numbered instead: a result of the same
 *   batch is never overwritten.
 * @input (nullable) is the job's own input, never returned whatever the
 * policy. Blocking (a few stat()s); see also the _async variant. */
GFile     *cutout_output_resolve_target      (GFile                    *folder,
                                              const char               *name,
                                              CutoutCollisionPolicy     policy,
                                              GFile                    *input,
                                              CutoutOutputReservations *reservations,
                                              GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
void       cutout_output_resolve_target_async  (GFile                    *folder,
                                                const char               *name,
                                                CutoutCollisionPolicy     policy,
                                                GFile                    *input,
                                                CutoutOutputReservations *reservations,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
GFile     *cutout_output_resolve_target_finish (GAsyncResult             *result,
                                                GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Atomic write ----------------------------------------------------- */

/* A hidden temporary file (CUTOUT_OUTPUT_TEMP_PREFIX, the writer's
 * process id, "-" and 6 random characters) created with O_EXCL, mode 0644 minus the umask, in the
 * target folder (created with its parents if missing), so that the final
 * rename never crosses a file system. Write the result into it through
 * cutout_output_temp_get_file() (e.g. as the client's destination; the
 * client may replace or delete it) or cutout_output_temp_get_stream().
 * Dropping the last reference before a successful commit aborts. */
#define CUTOUT_TYPE_OUTPUT_TEMP (cutout_output_temp_get_type ())
G_DECLARE_FINAL_TYPE (CutoutOutputTemp, cutout_output_temp, CUTOUT, OUTPUT_TEMP, GObject)

CutoutOutputTemp *cutout_output_temp_new        (GFile             *folder,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;
void              cutout_output_temp_new_async  (GFile             *folder,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
CutoutOutputTemp *cutout_output_temp_new_finish (GAsyncResult      *result,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;

GFile            *cutout_output_temp_get_file   (CutoutOutputTemp  *self);
GFile            *cutout_output_temp_get_folder (CutoutOutputTemp  *self);
/* An output stream on the file opened at creation (borrowed; closing it
 * is allowed, commit closes it otherwise). */
GOutputStream    *cutout_output_temp_get_stream (CutoutOutputTemp  *self);
/* The final file after a successful commit, else NULL. */
GFile            *cutout_output_temp_get_final  (CutoutOutputTemp  *self);

/* Makes the temp file @target, atomically: closes the stream, fsync()s
 * the file, moves it into place, fsync()s the folder. At no moment does
 * a half-written file exist under the final name.
 * - ADD_NUMBER and SKIP never replace anything: renameat2
 *   (RENAME_NOREPLACE), falling back to link() + unlink() where the file
 *   system lacks it. If @target appeared since it was resolved, SKIP
 *   fails with CUTOUT_OUTPUT_ERROR_EXISTS and ADD_NUMBER takes the next
 *   free number (moving the reservation).
 * - OVERWRITE rechecks that @target is not @input or a protected input,
 *   then rename()s over it.
 * @target normally comes from cutout_output_resolve_target() (and is
 * reserved). Returns the final file; on failure the temp file stays until
 * cutout_output_temp_abort() or the last unref. */
GFile            *cutout_output_temp_commit        (CutoutOutputTemp         *self,
                                                    GFile                    *target,
                                                    CutoutCollisionPolicy     policy,
                                                    GFile                    *input,
                                                    CutoutOutputReservations *reservations,
                                                    GCancellable             *cancellable,
                                                    GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
void              cutout_output_temp_commit_async  (CutoutOutputTemp         *self,
                                                    GFile                    *target,
                                                    CutoutCollisionPolicy     policy,
                                                    GFile                    *input,
                                                    CutoutOutputReservations *reservations,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
GFile            *cutout_output_temp_commit_finish (CutoutOutputTemp         *self,
                                                    GAsyncResult             *result,
                                                    GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* Closes and deletes the temp file (a missing file is not an error).
 * Does nothing after a successful commit. */
void              cutout_output_temp_abort         (CutoutOutputTemp         *self);

/* Crash recovery: deletes this module's temp files (regular files named
 * CUTOUT_OUTPUT_TEMP_PREFIX + [pid "-"] + 6 letters/digits, not symlinks)
 * in @folder (not recursive) whose writer process is gone from this
 * machine (at once), or whose modification time is at least @max_age old.
 * Returns how many were removed, or -1 with @error if @folder cannot be
 * listed. Blocking; see also the _async variant. */
int               cutout_output_cleanup_stale        (GFile              *folder,
                                                      GTimeSpan           max_age,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
void              cutout_output_cleanup_stale_async  (GFile              *folder,
                                                      GTimeSpan           max_age,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
int               cutout_output_cleanup_stale_finish (GAsyncResult       *result,
                                                      GError            **error);

G_END_DECLS
