/* cutout-finish.h — local extras applied to a downloaded result: trim and EXIF orientation
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

#define CUTOUT_FINISH_ERROR (cutout_finish_error_quark ())

typedef enum
{
  CUTOUT_FINISH_ERROR_UNSUPPORTED_FORMAT, /* the result is not PNG, WebP, JPEG or BMP */
  CUTOUT_FINISH_ERROR_FAILED,             /* decoding or encoding failed */
} CutoutFinishError;

GQuark cutout_finish_error_quark (void);

/* A pixel counts as part of the subject when its alpha is above this. */
#define CUTOUT_FINISH_TRIM_THRESHOLD 8

/* How many bytes of the original are read to find its EXIF orientation. */
#define CUTOUT_FINISH_EXIF_READ_SIZE (64 * 1024)

typedef struct
{
  gboolean orient;       /* apply the original's EXIF orientation */
  gboolean trim;         /* crop to the subject's bounding box */
  int      trim_margin;  /* px kept around the subject, ≥ 0 */
} CutoutFinishSettings;

/* The EXIF orientation (1..8) found in the first bytes of a JPEG (APP1
 * "Exif\0\0" segment) or a TIFF file (the header itself), in either byte
 * order; 0 when there is none or the data is malformed. Never reads
 * outside @data[0..@len). */
int        cutout_finish_parse_orientation  (const guint8 *data,
                                             gsize         len);
/* Reads the first CUTOUT_FINISH_EXIF_READ_SIZE bytes of @file and parses
 * them; 1 (normal) when there is no orientation, 0 with @error when the
 * file cannot be read. Blocking. */
int        cutout_finish_read_orientation   (GFile        *file,
                                             GCancellable *cancellable,
                                             GError      **error);

/* A new pixbuf (or a new reference to @pixbuf for 0/1/invalid) turned
 * upright for EXIF @orientation: 2 flip horizontally, 3 rotate 180°,
 * 4 flip vertically, 5 transpose, 6 rotate 90° clockwise, 7 transverse,
 * 8 rotate 90° counter-clockwise. */
GdkPixbuf *cutout_finish_apply_orientation  (GdkPixbuf    *pixbuf,
                                             int           orientation) G_GNUC_WARN_UNUSED_RESULT;

/* The smallest rectangle holding every pixel with alpha above
 * @threshold. FALSE (outputs untouched) when the pixbuf has no alpha
 * channel or no pixel is above the threshold. */
gboolean   cutout_finish_get_subject_bounds (GdkPixbuf    *pixbuf,
                                             guint8        threshold,
                                             int          *x,
                                             int          *y,
                                             int          *width,
                                             int          *height);

/* Crops to the subject's bounds (CUTOUT_FINISH_TRIM_THRESHOLD) grown by
 * @margin px on every side, clamped to the image. An image without alpha
 * or entirely transparent is returned as it is (a new reference): there
 * is no subject to crop to, and an empty image would be worse. */
GdkPixbuf *cutout_finish_trim               (GdkPixbuf    *pixbuf,
                                             int           margin) G_GNUC_WARN_UNUSED_RESULT;

/* Orientation first (the service answers in the stored orientation),
 * then trim. Returns a new reference. */
GdkPixbuf *cutout_finish_pixbuf             (GdkPixbuf                  *pixbuf,
                                             int                         orientation,
                                             const CutoutFinishSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE if @settings would change anything at all (so a caller can skip
 * decoding the result): trim requested, or orient requested and
 * @orientation is 2..8. */
gboolean   cutout_finish_is_needed          (const CutoutFinishSettings *settings,
                                             int                         orientation);

/* Applies @settings to the downloaded @result and writes @destination
 * (may be the same file as @result: the result is decoded completely
 * first) in the result's own format (PNG, WebP at quality 100, JPEG at
 * quality 95, BMP). @original (nullable) is the uploaded file, read for
 * its EXIF orientation when settings->orient. When nothing needs to
 * change, @result is copied to @destination (nothing is done when they
 * are the same file). @width_out/@height_out (nullable) receive the final
 * pixel size, for the naming template's {w}/{h}. Blocking: call it from a
 * thread or use the _async variant (runs in a GTask thread). */
gboolean   cutout_finish_file               (GFile                      *original,
                                             GFile                      *result,
                                             GFile                      *destination,
                                             const CutoutFinishSettings *settings,
                                             int                        *width_out,
                                             int                        *height_out,
                                             GCancellable               *cancellable,
                                             GError                    **error);
void       cutout_finish_file_async         (GFile                      *original,
                                             GFile                      *result,
                                             GFile                      *destination,
                                             const CutoutFinishSettings *settings,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
gboolean   cutout_finish_file_finish        (GAsyncResult               *result,
                                             int                        *width_out,
                                             int                        *height_out,
                                             GError                    **error);

/* Saves @pixbuf as a BMP file at @path, like gdk_pixbuf_save (…, "bmp"),
 * but with the padding at the end of each row zeroed: gdk-pixbuf 2.42's
 * BMP saver leaves it uninitialised, so heap garbage would end up in the
 * file whenever a row is not a multiple of 4 bytes long. Errors are
 * gdk-pixbuf's or GFileError. */
gboolean   cutout_finish_save_bmp           (GdkPixbuf                  *pixbuf,
                                             const char                 *path,
                                             GError                    **error);

G_END_DECLS
