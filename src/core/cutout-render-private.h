/* cutout-render-private.h — what cutout-render.c shares with cutout-renderer.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-color.h"
#include "cutout-render.h"

G_BEGIN_DECLS

struct _CutoutRenderImage
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  int              source_width;
  int              source_height;
  guint8          *data;         /* owned by bytes */
  GBytes          *bytes;

  /* Halved copies (level 1, 2, …) for minifying samples, made on demand. */
  GMutex           levels_lock;
  GPtrArray       *levels;
};

/* cutout_render_image_new() that fails with a GError (instead of
 * aborting) when the pixels cannot be allocated. */
CutoutRenderImage *cutout_render_image_try_new   (int                 width,
                                                  int                 height,
                                                  GError            **error);
/* A premultiplied copy of @pixbuf, or NULL with @error when it cannot
 * be allocated. */
CutoutRenderImage *cutout_render_image_try_new_from_pixbuf (GdkPixbuf  *pixbuf,
                                                            GError    **error);
/* Level @level (0 = the image itself) of the halving pyramid, made on
 * demand; thread-safe; borrowed. */
CutoutRenderImage *cutout_render_image_get_level (CutoutRenderImage  *self,
                                                  guint               level);

/* The transparency checkerboard drawn under a preview frame. */
typedef struct
{
  int         square_size;
  CutoutColor light;
  CutoutColor dark;
} CutoutRenderChecker;

/* cutout_render_preview(), composited over @checker when it is not NULL. */
CutoutRenderImage *cutout_render_preview_checkered (CutoutRenderImage         *proxy,
                                                    const CutoutOptions       *options,
                                                    CutoutRenderFlags          flags,
                                                    int                        max_width,
                                                    int                        max_height,
                                                    const CutoutRenderChecker *checker,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);

G_END_DECLS
