/* fake-image.h — the fake Rembg server's stand-in for the model
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef enum
{
  FAKE_IMAGE_WEBP,
  FAKE_IMAGE_PNG,
  FAKE_IMAGE_JPEG,
  FAKE_IMAGE_BMP,
} FakeImageFormat;

/* The output options of one request, already validated. */
typedef struct
{
  FakeImageFormat format;
  int             width;          /* 0 = not given */
  int             height;         /* 0 = not given */
  gboolean        exact_resize;
  double          angle;          /* degrees, counter-clockwise */
  gboolean        expand;
  gboolean        mask;
  gboolean        has_bg_color;
  guint8          bg_color[4];    /* straight RGBA */
} FakeImageOptions;

/* "webp", "png", "jpeg", "bmp" (case-insensitive) into @format. */
gboolean     fake_image_format_from_string  (const char       *text,
                                             FakeImageFormat  *format);
const char  *fake_image_format_content_type (FakeImageFormat   format);

/* Whether @data starts with a PNG, JPEG, WebP or BMP signature. */
gboolean     fake_image_has_signature       (const guint8     *data,
                                             gsize             len);
/* The pixel size from the image header alone (no decoding). */
gboolean     fake_image_read_size           (const guint8     *data,
                                             gsize             len,
                                             int              *width,
                                             int              *height);

/* The size of the answer for an input of @src_width × @src_height. */
void         fake_image_output_size         (int                     src_width,
                                             int                     src_height,
                                             const FakeImageOptions *options,
                                             int                    *width,
                                             int                    *height);

/* Decodes @input, removes the background and applies @options; the
 * encoded answer. Safe to call from a worker thread. */
GBytes      *fake_image_process             (GBytes                 *input,
                                             const FakeImageOptions *options,
                                             GError                **error);

/* A cheap valid answer of the right format and size (a grey block on a
 * removed background) for when processing is switched off. */
GBytes      *fake_image_placeholder         (int                     src_width,
                                             int                     src_height,
                                             const FakeImageOptions *options,
                                             GError                **error);

G_END_DECLS
