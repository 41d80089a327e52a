/* cutout-convert.h — local conversion of inputs the service cannot take to a PNG that fits its limits
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_CONVERT_ERROR (cutout_convert_error_quark ())

typedef enum
{
  CUTOUT_CONVERT_ERROR_NOT_AN_IMAGE,   /* gdk-pixbuf cannot read it either */
  CUTOUT_CONVERT_ERROR_SHRINK_REFUSED, /* larger than 10000 px and shrinking not allowed */
  CUTOUT_CONVERT_ERROR_TOO_LARGE,      /* the converted PNG is still over 50 MB */
  CUTOUT_CONVERT_ERROR_FAILED,         /* decoding or writing failed */
} CutoutConvertError;

GQuark cutout_convert_error_quark (void);

typedef enum /*< flags >*/
{
  CUTOUT_CONVERT_NONE     = 0,      /* upload the file as it is */
  CUTOUT_CONVERT_FORMAT   = 1 << 0, /* a type the service refuses (TIFF, GIF, ICO, …) */
  CUTOUT_CONVERT_SHRINK   = 1 << 1, /* wider or taller than 10000 px */
  CUTOUT_CONVERT_REENCODE = 1 << 2, /* over 50 MB; a PNG re-encode may fit */
} CutoutConvertReasons;

typedef struct
{
  CutoutConvertReasons reasons;
  GFile  *output;        /* the PNG to upload (in the caller's folder; the
                          * caller deletes it), NULL when reasons is NONE */
  char   *from_format;   /* gdk-pixbuf's name of the input's format: "tiff", … */
  int     from_width;
  int     from_height;
  goffset from_size;     /* bytes */
  int     width;         /* of the output (= from_* when reasons is NONE) */
  int     height;
  goffset size;
  /* What was done, in words for the job's row, one sentence per reason
   * joined by "; ": "Converted from TIFF to PNG", "Shrunk from 12000 ×
   * 8000 to 10000 × 6667 px", "Re-encoded as PNG: 61.3 MB → 20.5 MB".
   * NULL when reasons is NONE. */
  char   *description;
} CutoutConvertResult;

void                 cutout_convert_result_free   (CutoutConvertResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutConvertResult, cutout_convert_result_free)

/* What would have to be done to @input, judged from its header and size
 * only (no full decode): a service-accepted type (PNG, JPEG, WebP, BMP)
 * within 10000 × 10000 px and 50 MB needs nothing. Fails with
 * CUTOUT_CONVERT_ERROR_NOT_AN_IMAGE when gdk-pixbuf cannot read the
 * header, or CUTOUT_CONVERT_ERROR_SHRINK_REFUSED when it is too large and
 * @allow_shrink is FALSE. Blocking. */
CutoutConvertReasons cutout_convert_get_reasons   (GFile        *input,
                                                   gboolean      allow_shrink,
                                                   GCancellable *cancellable,
                                                   GError      **error);

/* Converts @input when needed: decodes it (first frame of an animation;
 * large images are decoded directly at the target scale where the loader
 * can), scales it to fit 10000 × 10000 keeping the aspect ratio, and
 * writes a PNG into @folder (a fresh "cutout-convert-XXXXXX.png"). If that
 * PNG is over 50 MB it is deleted and CUTOUT_CONVERT_ERROR_TOO_LARGE
 * explains why. When nothing is needed, the result has reasons NONE and
 * no output. Blocking; the _async variant runs it in a GTask thread. */
CutoutConvertResult *cutout_convert_file          (GFile        *input,
                                                   GFile        *folder,
                                                   gboolean      allow_shrink,
                                                   GCancellable *cancellable,
                                                   GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void                 cutout_convert_file_async    (GFile              *input,
                                                   GFile              *folder,
                                                   gboolean            allow_shrink,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CutoutConvertResult *cutout_convert_file_finish   (GAsyncResult       *result,
                                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The size that fits @width × @height into @max × @max keeping the
 * aspect ratio (rounded, at least 1 px); unchanged when it already fits. */
void                 cutout_convert_fit_size      (int           width,
                                                   int           height,
                                                   int           max,
                                                   int          *width_out,
                                                   int          *height_out);

G_END_DECLS
