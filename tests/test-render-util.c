/* test-render-util.c — the helpers shared by the renderer's tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-render-util.h"

GdkPixbuf *
new_transparent (int width,
                 int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0x00000000);
  return pixbuf;
}

GdkPixbuf *
new_filled (int     width,
            int     height,
            guint32 rgba)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, rgba);
  return pixbuf;
}

void
put (GdkPixbuf *pixbuf,
     int        x,
     int        y,
     guint8     r,
     guint8     g,
     guint8     b,
     guint8     a)
{
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf);

  p[0] = r;
  p[1] = g;
  p[2] = b;
  if (gdk_pixbuf_get_n_channels (pixbuf) == 4)
    p[3] = a;
}

const guint8 *
at (GdkPixbuf *pixbuf,
    int        x,
    int        y)
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, gdk_pixbuf_get_width (pixbuf));
  g_assert_cmpint (y, <, gdk_pixbuf_get_height (pixbuf));
  return gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf);
}

GdkPixbuf *
render (GdkPixbuf           *source,
        const CutoutOptions *options)
{
  g_autoptr(GError) error = NULL;
  GdkPixbuf *result = cutout_render_pixbuf (source, options, CUTOUT_RENDER_FLAGS_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The preview of a full-size image (no proxy, no size limit). */
CutoutRenderImage *
preview (GdkPixbuf           *source,
         const CutoutOptions *options,
         CutoutRenderFlags    flags)
{
  g_autoptr(CutoutRenderImage) image = cutout_render_image_new_from_pixbuf (source);
  g_autoptr(GError) error = NULL;
  CutoutRenderImage *frame = cutout_render_preview (image, options, flags, 0, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  return frame;
}

void
assert_size (GdkPixbuf *pixbuf,
             int        width,
             int        height)
{
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}
