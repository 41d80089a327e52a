/* cutout-render-image.c — CutoutRenderImage: premultiplied RGBA8 pixels for the renderer
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-render.h"
#include "cutout-render-private.h"

G_DEFINE_BOXED_TYPE (CutoutRenderImage, cutout_render_image,
                     cutout_render_image_ref, cutout_render_image_unref)

CutoutRenderImage *
cutout_render_image_try_new (int      width,
                             int      height,
                             GError **error)
{
  gsize size = (gsize) width * height * 4;
  CutoutRenderImage *self;
  guint8 *data;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  data = g_try_malloc0 (size);
  if (data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to render a %d × %d image"), width, height);
      return NULL;
    }

  self = g_new0 (CutoutRenderImage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = self->source_width = width;
  self->height = self->source_height = height;
  self->data = data;
  self->bytes = g_bytes_new_take (data, size);
  g_mutex_init (&self->levels_lock);
  return self;
}

CutoutRenderImage *
cutout_render_image_new (int width,
                         int height)
{
  CutoutRenderImage *self = cutout_render_image_try_new (width, height, NULL);

  if (self == NULL)
    g_error ("Could not allocate a %d × %d image", width, height);
  return self;
}

CutoutRenderImage *
cutout_render_image_ref (CutoutRenderImage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cutout_render_image_unref (CutoutRenderImage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_mutex_clear (&self->levels_lock);
  g_bytes_unref (self->bytes);
  g_free (self);
}

int
cutout_render_image_get_width (CutoutRenderImage *self)
{
  return self->width;
}

int
cutout_render_image_get_height (CutoutRenderImage *self)
{
  return self->height;
}

gsize
cutout_render_image_get_stride (CutoutRenderImage *self)
{
  return (gsize) self->width * 4;
}

int
cutout_render_image_get_source_width (CutoutRenderImage *self)
{
  return self->source_width;
}

int
cutout_render_image_get_source_height (CutoutRenderImage *self)
{
  return self->source_height;
}

const guint8 *
cutout_render_image_get_data (CutoutRenderImage *self)
{
  return self->data;
}

guint8 *
cutout_render_image_get_data_mutable (CutoutRenderImage *self)
{
  return self->data;
}

GBytes *
cutout_render_image_get_bytes (CutoutRenderImage *self)
{
  return g_bytes_ref (self->bytes);
}

static inline guint8
unpremultiply (guint value,
               guint alpha)
{
  return alpha == 0 ? 0 : (guint8) MIN (255, (value * 255 + alpha / 2) / alpha);
}

void
cutout_render_image_get_pixel (CutoutRenderImage *self,
                               int                x,
                               int                y,
                               CutoutColor       *color_out)
{
  const guint8 *p;

  g_return_if_fail (x >= 0 && x < self->width && y >= 0 && y < self->height);

  p = self->data + ((gsize) y * self->width + x) * 4;
  color_out->red = unpremultiply (p[0], p[3]);
  color_out->green = unpremultiply (p[1], p[3]);
  color_out->blue = unpremultiply (p[2], p[3]);
  color_out->alpha = p[3];
}

/* Premultiplies @pixbuf's pixels (RGB or RGBA, any row stride). The
 * rounding is exact: c·a/255 is never halfway between two integers. */
CutoutRenderImage *
cutout_render_image_try_new_from_pixbuf (GdkPixbuf  *pixbuf,
                                         GError    **error)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  CutoutRenderImage *self = cutout_render_image_try_new (width, height, error);

  if (self == NULL)
    return NULL;

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize) y * stride;
      guint8 *d = self->data + (gsize) y * width * 4;

      for (int x = 0; x < width; x++, s += n_channels, d += 4)
        {
          guint a = n_channels == 4 ? s[3] : 255;

          d[0] = (guint8) ((s[0] * a + 127) / 255);
          d[1] = (guint8) ((s[1] * a + 127) / 255);
          d[2] = (guint8) ((s[2] * a + 127) / 255);
          d[3] = (guint8) a;
        }
    }

  return self;
}

CutoutRenderImage *
cutout_render_image_new_from_pixbuf (GdkPixbuf *pixbuf)
{
  CutoutRenderImage *self;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  self = cutout_render_image_try_new_from_pixbuf (pixbuf, NULL);
  if (self == NULL)
    g_error ("Could not allocate a %d × %d image",
             gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  return self;
}

GdkPixbuf *
cutout_render_image_to_pixbuf (CutoutRenderImage *self)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint8 *pixels;
  int stride;

  g_return_val_if_fail (self != NULL, NULL);

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, self->width, self->height);
  if (pixbuf == NULL)
    return NULL;
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < self->height; y++)
    {
      const guint8 *s = self->data + (gsize) y * self->width * 4;
      guint8 *d = pixels + (gsize) y * stride;

      for (int x = 0; x < self->width; x++, s += 4, d += 4)
        {
          d[0] = unpremultiply (s[0], s[3]);
          d[1] = unpremultiply (s[1], s[3]);
          d[2] = unpremultiply (s[2], s[3]);
          d[3] = s[3];
        }
    }

  return g_steal_pointer (&pixbuf);
}

CutoutRenderImage *
cutout_render_image_crop (CutoutRenderImage *self,
                          const CutoutRect  *rect)
{
  CutoutRenderImage *crop;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rect->x >= 0 && rect->y >= 0 && rect->width > 0 && rect->height > 0, NULL);
  g_return_val_if_fail (rect->x + rect->width <= self->width, NULL);
  g_return_val_if_fail (rect->y + rect->height <= self->height, NULL);

  crop = cutout_render_image_new (rect->width, rect->height);
  for (int y = 0; y < rect->height; y++)
    memcpy (crop->data + (gsize) y * rect->width * 4,
            self->data + ((gsize) (rect->y + y) * self->width + rect->x) * 4,
            (gsize) rect->width * 4);
  return crop;
}

/* Level @level (0 = the image itself) of the halving pyramid. Each level
 * averages 2 × 2 pixels of the one above (the last row or column is
 * repeated for odd sizes). Thread-safe; the levels live as long as the
 * image. Returns a borrowed pointer. */
CutoutRenderImage *
cutout_render_image_get_level (CutoutRenderImage *self,
                               guint              level)
{
  CutoutRenderImage *result = self;

  if (level == 0)
    return self;

  g_mutex_lock (&self->levels_lock);
  if (self->levels == NULL)
    self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_render_image_unref);

  while (self->levels->len < level)
    {
      CutoutRenderImage *above = self->levels->len == 0 ? self : g_ptr_array_index (self->levels, self->levels->len - 1);
      int w = (above->width + 1) / 2, h = (above->height + 1) / 2;
      CutoutRenderImage *next = cutout_render_image_try_new (w, h, NULL);

      if (next == NULL)
        break;

      for (int y = 0; y < h; y++)
        {
          const guint8 *r0 = above->data + (gsize) (2 * y) * above->width * 4;
          const guint8 *r1 = above->data + (gsize) MIN (2 * y + 1, above->height - 1) * above->width * 4;
          guint8 *d = next->data + (gsize) y * w * 4;

          for (int x = 0; x < w; x++, d += 4)
            {
              int x0 = 2 * x * 4, x1 = MIN (2 * x + 1, above->width - 1) * 4;

              for (int ch = 0; ch < 4; ch++)
                d[ch] = (guint8) ((r0[x0 + ch] + r0[x1 + ch] + r1[x0 + ch] + r1[x1 + ch] + 2) / 4);
            }
        }
      g_ptr_array_add (self->levels, next);
    }

  if (self->levels->len >= level)
    result = g_ptr_array_index (self->levels, level - 1);
  else if (self->levels->len > 0)
    result = g_ptr_array_index (self->levels, self->levels->len - 1);
  g_mutex_unlock (&self->levels_lock);

  return result;
}

