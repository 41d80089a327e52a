/* cutout-render-private.h — what the renderer's files share with each other
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

/* The rotation of a resized image, from cutout-render-geometry.c. */
typedef struct
{
  gboolean identity;
  int      width;
  int      height;
  double   m[6];   /* output point → input point, as PIL's AFFINE data */
} CutoutRenderRotatePlan;

/* The size @options resize a @source_width × @source_height image to,
 * as the service computes it. */
void               cutout_render_resized_size    (int                     source_width,
                                                  int                     source_height,
                                                  const CutoutOptions    *options,
                                                  int                    *width_out,
                                                  int                    *height_out);
/* PIL's Image.rotate of a @width × @height image by @degrees
 * (counter-clockwise): the output size and the matrix. */
void               cutout_render_plan_rotation   (int                     width,
                                                  int                     height,
                                                  double                  degrees,
                                                  gboolean                expand,
                                                  CutoutRenderRotatePlan *plan);

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
