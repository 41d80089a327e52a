/* test-render-util.h — the helpers shared by the renderer's tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-render.h"
#include "cutout-test-util.h"

/* New @width × @height pixbufs with alpha: all transparent, or all @rgba. */
GdkPixbuf         *new_transparent (int                  width,
                                    int                  height);
GdkPixbuf         *new_filled      (int                  width,
                                    int                  height,
                                    guint32              rgba);
/* Sets one pixel (@a is ignored without an alpha channel). */
void               put             (GdkPixbuf           *pixbuf,
                                    int                  x,
                                    int                  y,
                                    guint8               r,
                                    guint8               g,
                                    guint8               b,
                                    guint8               a);
/* The pixel at (@x, @y), which must be inside @pixbuf. */
const guint8      *at              (GdkPixbuf           *pixbuf,
                                    int                  x,
                                    int                  y);

#define assert_rgba(pixbuf, x, y, r, g, b, a) \
  G_STMT_START { \
    const guint8 *p_ = at ((pixbuf), (x), (y)); \
    g_assert_cmpuint (p_[0], ==, (r)); \
    g_assert_cmpuint (p_[1], ==, (g)); \
    g_assert_cmpuint (p_[2], ==, (b)); \
    g_assert_cmpuint (p_[3], ==, (a)); \
  } G_STMT_END

#define assert_color(color, r, g, b, a) \
  G_STMT_START { \
    g_assert_cmpuint ((color).red, ==, (r)); \
    g_assert_cmpuint ((color).green, ==, (g)); \
    g_assert_cmpuint ((color).blue, ==, (b)); \
    g_assert_cmpuint ((color).alpha, ==, (a)); \
  } G_STMT_END

/* cutout_render_pixbuf() that must succeed. */
GdkPixbuf         *render          (GdkPixbuf           *source,
                                    const CutoutOptions *options);
/* The preview of a full-size image (no proxy, no size limit). */
CutoutRenderImage *preview         (GdkPixbuf           *source,
                                    const CutoutOptions *options,
                                    CutoutRenderFlags    flags);
void               assert_size     (GdkPixbuf           *pixbuf,
                                    int                  width,
                                    int                  height);

/* Each file of tests registers its own. */
void render_add_geometry_tests (void);
void render_add_async_tests    (void);
