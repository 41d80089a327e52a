/* cutout-render.c — the local renderer: applies the output options to a cut-out without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The geometry follows the service's (Python PIL) behaviour exactly as
 * the project's fake server reads it (tests/fake-server/fake-image.c):
 *
 *  - Resize: the other side is round (src * w / src_w), at least 1 px;
 *    with w and h the tighter ratio binds; exact_resize needs both.
 *    Full-size rendering scales with gdk_pixbuf_scale_simple (BILINEAR),
 *    the fake server's filter.
 *  - Rotate: PIL's Image.rotate. The angle is taken modulo 360 (Python's
 *    sign rule); 0 is a copy, 180 and (with expand or a square canvas) 90
 *    and 270 are exact transposes. Anything else is PIL's affine
 *    transform: matrix entries rounded to 15 decimals, centre (w/2, h/2);
 *    with expand the new size is ceil (max) − floor (min) of the rotated
 *    corners' x and y, and the matrix is moved to centre the old canvas in
 *    the new one. Each output pixel centre maps to an input point; a point
 *    outside the input is transparent, otherwise it is sampled bilinearly
 *    with neighbours clamped to the edge (PIL's BILINEAR filter). Unlike
 *    PIL (and like the fake server) the taps are mixed in premultiplied
 *    alpha, so the transparent background does not darken the subject's
 *    edge.
 *  - bg_color: "over" under the whole canvas; mask: alpha as grey.
 *
 * Everything works on RGBA8 premultiplied pixels. The preview composes
 * the frame scale, the rotation and the resize into one affine map from
 * a frame pixel to the proxy and samples once (from a halved copy of the
 * proxy when the map shrinks by 2 or more, so that bilinear sampling does
 * not alias); full size runs the two passes the server runs. Results are
 * the same geometry; the preview's pixels differ only by its resolution.
 * The sizes and the rotation matrix are computed in
 * cutout-render-geometry.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-render.h"
#include "cutout-render-private.h"

/* Rows of the sampler between two looks at the GCancellable. */
#define CANCEL_CHECK_ROWS 64

/* The sampler: for every pixel of @dst, the point m · (x + ½, y + ½) of
 * @src with PIL's bilinear rule (outside the input: transparent; taps
 * beyond the edge: clamped). Premultiplied, so the taps are a plain
 * weighted sum. */
static gboolean
sample_affine (CutoutRenderImage  *src,
               CutoutRenderImage  *dst,
               const double        m[6],
               GCancellable       *cancellable,
               GError            **error)
{
  const int sw = src->width, sh = src->height;
  const guint8 *s = src->data;

  for (int y = 0; y < dst->height; y++)
    {
      guint8 *d = dst->data + (gsize) y * dst->width * 4;
      double yc = y + 0.5;

      if (y % CANCEL_CHECK_ROWS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (int x = 0; x < dst->width; x++, d += 4)
        {
          double xin = m[0] * (x + 0.5) + m[1] * yc + m[2];
          double yin = m[3] * (x + 0.5) + m[4] * yc + m[5];
          double dx, dy, w00, w01, w10, w11;
          const guint8 *p00, *p01, *p10, *p11;
          int x0, y0, x1, y1;

          if (!(xin >= 0.0 && xin < sw && yin >= 0.0 && yin < sh))
            continue;

          /* floor (xin − ½) without floor (): xin + ½ is positive. */
          x0 = (int) (xin + 0.5) - 1;
          y0 = (int) (yin + 0.5) - 1;
          dx = xin - 0.5 - x0;
          dy = yin - 0.5 - y0;
          x1 = MIN (x0 + 1, sw - 1);
          y1 = MIN (y0 + 1, sh - 1);
          x0 = MAX (x0, 0);
          y0 = MAX (y0, 0);

          w00 = (1 - dx) * (1 - dy);
          w01 = dx * (1 - dy);
          w10 = (1 - dx) * dy;
          w11 = dx * dy;
          p00 = s + ((gsize) y0 * sw + x0) * 4;
          p01 = s + ((gsize) y0 * sw + x1) * 4;
          p10 = s + ((gsize) y1 * sw + x0) * 4;
          p11 = s + ((gsize) y1 * sw + x1) * 4;

          for (int ch = 0; ch < 4; ch++)
            {
              double v = p00[ch] * w00 + p01[ch] * w01 + p10[ch] * w10 + p11[ch] * w11;

              d[ch] = (guint8) MIN (255.0, v + 0.5);
            }
        }
    }

  return TRUE;
}

/* Step 3. */

/* What "over" adds to a premultiplied pixel of alpha i. */
typedef guint8 UnderTable[256][4];

typedef struct
{
  gboolean   mask;
  gboolean   has_bg;
  UnderTable bg_add;
  /* The preview's checkerboard (light, dark), under everything. */
  int        square_size;   /* 0 = none */
  UnderTable checker[2];
} Finish;

/* The premultiplied "over" of an opaque-or-not @color under pixels of
 * every alpha: out = p + color · color_alpha · (255 − alpha) / 255². */
static void
fill_under_table (const CutoutColor *color,
                  gboolean           force_opaque,
                  guint8             table[256][4])
{
  guint ba = force_opaque ? 255 : color->alpha;
  const guint c[3] = { color->red, color->green, color->blue };

  for (guint a = 0; a < 256; a++)
    {
      for (int ch = 0; ch < 3; ch++)
        table[a][ch] = (guint8) ((c[ch] * ba * (255 - a) + 65025 / 2) / 65025);
      table[a][3] = (guint8) ((ba * (255 - a) + 127) / 255);
    }
}

static gboolean
finish_init (const CutoutOptions  *options,
             CutoutRenderFlags     flags,
             Finish               *finish,
             GError              **error)
{
  CutoutColor color;

  finish->mask = FALSE;
  finish->has_bg = FALSE;
  finish->square_size = 0;

  /* Render only what the service would accept, with its wording. */
  if (!cutout_options_validate (options, error))
    return FALSE;
  if (flags & CUTOUT_RENDER_GEOMETRY_ONLY)
    return TRUE;

  finish->mask = options->mask;
  if (options->bg_color != NULL)
    {
      if (!cutout_color_parse (options->bg_color, &color, error))
        return FALSE;
      fill_under_table (&color, FALSE, finish->bg_add);
      finish->has_bg = TRUE;
    }

  return TRUE;
}

static void
finish_apply (const Finish      *finish,
              CutoutRenderImage *image)
{
  gsize n = (gsize) image->width * image->height;
  guint8 *p = image->data;

  if (finish->mask)
    {
      for (gsize i = 0; i < n; i++, p += 4)
        {
          p[0] = p[1] = p[2] = p[3];
          p[3] = 255;
        }
    }
  else if (finish->has_bg)
    {
      for (gsize i = 0; i < n; i++, p += 4)
        {
          const guint8 *add = finish->bg_add[p[3]];

          /* p ≤ alpha and add ≤ 255 − alpha, so nothing overflows. */
          p[0] += add[0];
          p[1] += add[1];
          p[2] += add[2];
          p[3] += add[3];
        }
    }
}

/* Step 3 on one pixel, for the fused preview sampler. */
static inline void
finish_pixel (const Finish *finish,
              guint8       *p)
{
  if (finish->mask)
    {
      p[0] = p[1] = p[2] = p[3];
      p[3] = 255;
    }
  else if (finish->has_bg)
    {
      const guint8 *add = finish->bg_add[p[3]];

      p[0] += add[0];
      p[1] += add[1];
      p[2] += add[2];
      p[3] += add[3];
    }
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* The x in [0, n) for which 0 ≤ start + x · step < limit, as [*lo, *hi). */
static void
span_1d (gint64  start,
         gint64  step,
         gint64  limit,
         int     n,
         int    *lo,
         int    *hi)
{
  gint64 a, b;

  if (step == 0)
    {
      a = 0;
      b = (start >= 0 && start < limit) ? n : 0;
    }
  else if (step > 0)
    {
      a = -floor_div (start, step);                /* ceil (−start / step) */
      b = -floor_div (start - limit, step);        /* ceil ((limit − start) / step) */
    }
  else
    {
      a = floor_div (start - limit, -step) + 1;
      b = floor_div (start, -step) + 1;
    }

  *lo = (int) CLAMP (a, 0, n);
  *hi = (int) CLAMP (b, *lo, n);
}

/* Bilinear mix of four premultiplied pixels with 8-bit weights that add
 * up to 256, two channels per multiplication (each 16-bit lane stays
 * below 65536). */
static inline guint32
mix_pixels (guint32 p00,
            guint32 p01,
            guint32 p10,
            guint32 p11,
            guint   fx,
            guint   fy)
{
  const guint32 lanes = 0x00ff00ff;
  guint w11 = (fx * fy + 128) >> 8;
  guint w01 = fx - w11, w10 = fy - w11, w00 = 256 - fx - fy + w11;
  guint32 rb, ga;

  rb = (p00 & lanes) * w00 + (p01 & lanes) * w01 + (p10 & lanes) * w10 + (p11 & lanes) * w11;
  ga = ((p00 >> 8) & lanes) * w00 + ((p01 >> 8) & lanes) * w01 +
       ((p10 >> 8) & lanes) * w10 + ((p11 >> 8) & lanes) * w11;

  return (((rb + 0x00800080) >> 8) & lanes) | ((ga + 0x00800080) & ~lanes);
}

/* The preview's sampler: the same rule as sample_affine() in 16.16 fixed
 * point with 8-bit weights, only over the span of each row that maps
 * inside the source, with step 3 fused in. A few nanoseconds a pixel. */
static gboolean
sample_affine_fast (CutoutRenderImage  *src,
                    CutoutRenderImage  *dst,
                    const double        m[6],
                    const Finish       *finish,
                    GCancellable       *cancellable,
                    GError            **error)
{
  const int sw = src->width, sh = src->height, dw = dst->width;
  const gsize stride = (gsize) sw * 4;
  const gint64 du = llround (m[0] * 65536.0), dv = llround (m[3] * 65536.0);
  guint8 empty[4] = { 0, 0, 0, 0 };

  finish_pixel (finish, empty);

  for (int y = 0; y < dst->height; y++)
    {
      guint8 *row = dst->data + (gsize) y * dw * 4;
      gint64 u = llround ((m[0] * 0.5 + m[1] * (y + 0.5) + m[2]) * 65536.0);
      gint64 v = llround ((m[3] * 0.5 + m[4] * (y + 0.5) + m[5]) * 65536.0);
      int ua, ub, va, vb, xa, xb;

      if (y % CANCEL_CHECK_ROWS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      span_1d (u, du, (gint64) sw << 16, dw, &ua, &ub);
      span_1d (v, dv, (gint64) sh << 16, dw, &va, &vb);
      xa = MAX (ua, va);
      xb = MAX (xa, MIN (ub, vb));

      for (int x = 0; x < xa; x++)
        memcpy (row + x * 4, empty, 4);
      for (int x = xb; x < dw; x++)
        memcpy (row + x * 4, empty, 4);

      u += xa * du;
      v += xa * dv;

      /* Steps of whole pixels from a pixel centre (the transposes at the
       * same scale, or no change at all): every tap is a plain copy. */
      if (((du | dv) & 0xffff) == 0 && ((u + 32768) & 0xffff) == 0 && ((v + 32768) & 0xffff) == 0)
        {
          for (int x = xa; x < xb; x++, u += du, v += dv)
            {
              guint8 *d = row + x * 4;

              memcpy (d, src->data + (gsize) (v >> 16) * stride + (gsize) (u >> 16) * 4, 4);
              finish_pixel (finish, d);
            }
          xb = xa;
        }

      for (int x = xa; x < xb; x++, u += du, v += dv)
        {
          /* u − ½ + 1 is positive inside the span: shift, then undo. */
          gint64 tu = u + 32768, tv = v + 32768;
          int x0 = (int) (tu >> 16) - 1, y0 = (int) (tv >> 16) - 1;
          guint fx = (guint) (tu >> 8) & 0xff, fy = (guint) (tv >> 8) & 0xff;
          int x1 = MIN (x0 + 1, sw - 1), y1 = MIN (y0 + 1, sh - 1);
          const guint8 *r0, *r1;
          guint32 p00, p01, p10, p11, out;

          x0 = MAX (x0, 0);
          y0 = MAX (y0, 0);
          r0 = src->data + (gsize) y0 * stride;
          r1 = src->data + (gsize) y1 * stride;
          memcpy (&p00, r0 + x0 * 4, 4);
          memcpy (&p01, r0 + x1 * 4, 4);
          memcpy (&p10, r1 + x0 * 4, 4);
          memcpy (&p11, r1 + x1 * 4, 4);
          out = mix_pixels (p00, p01, p10, p11, fx, fy);
          memcpy (row + x * 4, &out, 4);
          finish_pixel (finish, row + x * 4);
        }

      /* The checkerboard while the row is still in the cache. */
      if (finish->square_size > 0)
        {
          int sq = finish->square_size, parity = (y / sq) & 1;

          for (int x0 = 0; x0 < dw; x0 += sq)
            {
              const UnderTable *table = &finish->checker[((x0 / sq) & 1) ^ parity];

              for (int x = x0; x < MIN (x0 + sq, dw); x++)
                {
                  guint8 *p = row + x * 4;
                  const guint8 *add = (*table)[p[3]];

                  p[0] += add[0];
                  p[1] += add[1];
                  p[2] += add[2];
                  p[3] = 255;
                }
            }
        }
    }

  return TRUE;
}

/* Proxies. */

CutoutRenderImage *
cutout_render_make_proxy (GdkPixbuf *source,
                          int        max_width,
                          int        max_height)
{
  int sw, sh, pw, ph, n_channels, stride;
  double k = 1.0;
  const guint8 *pixels;
  g_autofree int *xs = NULL;
  g_autofree int *ys = NULL;
  g_autofree guint64 *sums = NULL;
  CutoutRenderImage *proxy;

  g_return_val_if_fail (GDK_IS_PIXBUF (source), NULL);
  g_return_val_if_fail (max_width > 0 && max_height > 0, NULL);

  sw = gdk_pixbuf_get_width (source);
  sh = gdk_pixbuf_get_height (source);
  k = MIN (k, (double) max_width / sw);
  k = MIN (k, (double) max_height / sh);
  pw = CLAMP ((int) round (sw * k), 1, sw);
  ph = CLAMP ((int) round (sh * k), 1, sh);

  if (pw == sw && ph == sh)
    return cutout_render_image_new_from_pixbuf (source);

  /* A box filter: each proxy pixel averages (premultiplied) the source
   * pixels whose index falls in its footprint. Since pw ≤ sw, every
   * footprint holds at least one source column (and row). */
  n_channels = gdk_pixbuf_get_n_channels (source);
  stride = gdk_pixbuf_get_rowstride (source);
  pixels = gdk_pixbuf_read_pixels (source);
  xs = g_new (int, pw + 1);
  ys = g_new (int, ph + 1);
  for (int i = 0; i <= pw; i++)
    xs[i] = (int) ((gint64) i * sw / pw);
  for (int i = 0; i <= ph; i++)
    ys[i] = (int) ((gint64) i * sh / ph);

  proxy = cutout_render_image_new (pw, ph);
  proxy->source_width = sw;
  proxy->source_height = sh;
  sums = g_new (guint64, (gsize) pw * 4);

  for (int y = 0; y < ph; y++)
    {
      guint8 *d = proxy->data + (gsize) y * pw * 4;

      memset (sums, 0, sizeof (guint64) * pw * 4);
      for (int sy = ys[y]; sy < ys[y + 1]; sy++)
        {
          const guint8 *row = pixels + (gsize) sy * stride;

          for (int x = 0; x < pw; x++)
            {
              guint64 *acc = sums + x * 4;
              const guint8 *p = row + (gsize) xs[x] * n_channels;
              guint32 r = 0, g = 0, b = 0, a_sum = 0;

              /* A footprint row is at most a few thousand pixels, so
               * 32 bits hold its sums; the rows add up in 64. */
              for (int sx = xs[x]; sx < xs[x + 1]; sx++, p += n_channels)
                {
                  guint a = n_channels == 4 ? p[3] : 255;

                  r += p[0] * a;
                  g += p[1] * a;
                  b += p[2] * a;
                  a_sum += a;
                }
              acc[0] += r;
              acc[1] += g;
              acc[2] += b;
              acc[3] += a_sum;
            }
        }

      for (int x = 0; x < pw; x++, d += 4)
        {
          guint64 n = (guint64) (xs[x + 1] - xs[x]) * (ys[y + 1] - ys[y]);
          const guint64 *acc = sums + x * 4;

          for (int ch = 0; ch < 3; ch++)
            d[ch] = (guint8) ((acc[ch] + 255 * n / 2) / (255 * n));
          d[3] = (guint8) ((acc[3] + n / 2) / n);
        }
    }

  return proxy;
}

/* Rendering. */

CutoutRenderImage *
cutout_render_preview_checkered (CutoutRenderImage         *proxy,
                                 const CutoutOptions       *options,
                                 CutoutRenderFlags          flags,
                                 int                        max_width,
                                 int                        max_height,
                                 const CutoutRenderChecker *checker,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  Finish finish;
  CutoutRenderRotatePlan plan;
  CutoutRenderImage *level;
  g_autoptr(CutoutRenderImage) frame = NULL;
  int rw, rh, fw, fh;
  guint level_index = 0;
  double k = 1.0, fx, fy, lx, ly, stretch, m[6];

  if (!finish_init (options, flags, &finish, error))
    return NULL;
  if (checker != NULL)
    {
      finish.square_size = checker->square_size;
      fill_under_table (&checker->light, TRUE, finish.checker[0]);
      fill_under_table (&checker->dark, TRUE, finish.checker[1]);
    }

  cutout_render_resized_size (proxy->source_width, proxy->source_height, options, &rw, &rh);
  cutout_render_plan_rotation (rw, rh, options->angle, options->expand, &plan);

  /* The frame: the output fitted into the display box, never enlarged. */
  if (max_width > 0)
    k = MIN (k, (double) max_width / plan.width);
  if (max_height > 0)
    k = MIN (k, (double) max_height / plan.height);
  fw = CLAMP ((int) round (plan.width * k), 1, plan.width);
  fh = CLAMP ((int) round (plan.height * k), 1, plan.height);
  fx = (double) plan.width / fw;
  fy = (double) plan.height / fh;

  /* How many proxy pixels one frame pixel spans along its longer
   * footprint: halve the proxy until that is below 2. */
  lx = (double) proxy->width / rw;
  ly = (double) proxy->height / rh;
  stretch = MAX (hypot (lx * plan.m[0] * fx, ly * plan.m[3] * fx),
                 hypot (lx * plan.m[1] * fy, ly * plan.m[4] * fy));
  while (stretch >= 2.0 && (proxy->width >> (level_index + 1)) > 0 && (proxy->height >> (level_index + 1)) > 0)
    {
      stretch /= 2.0;
      level_index++;
    }
  level = cutout_render_image_get_level (proxy, level_index);

  /* frame pixel → output point (× fx, fy) → resized point (plan) →
   * level point (× lx, ly), as one matrix. */
  lx = (double) level->width / rw;
  ly = (double) level->height / rh;
  m[0] = lx * plan.m[0] * fx;
  m[1] = lx * plan.m[1] * fy;
  m[2] = lx * plan.m[2];
  m[3] = ly * plan.m[3] * fx;
  m[4] = ly * plan.m[4] * fy;
  m[5] = ly * plan.m[5];

  frame = cutout_render_image_try_new (fw, fh, error);
  if (frame == NULL)
    return NULL;
  if (!sample_affine_fast (level, frame, m, &finish, cancellable, error))
    return NULL;

  return g_steal_pointer (&frame);
}

CutoutRenderImage *
cutout_render_preview (CutoutRenderImage    *proxy,
                       const CutoutOptions  *options,
                       CutoutRenderFlags     flags,
                       int                   max_width,
                       int                   max_height,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_return_val_if_fail (proxy != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cutout_render_preview_checkered (proxy, options, flags, max_width, max_height, NULL, cancellable, error);
}

GdkPixbuf *
cutout_render_pixbuf (GdkPixbuf            *cutout,
                      const CutoutOptions  *options,
                      CutoutRenderFlags     flags,
                      GCancellable         *cancellable,
                      GError              **error)
{
  Finish finish;
  CutoutRenderRotatePlan plan;
  g_autoptr(GdkPixbuf) resized = NULL;
  g_autoptr(CutoutRenderImage) image = NULL;
  g_autoptr(CutoutRenderImage) rotated = NULL;
  g_autoptr(GdkPixbuf) mask = NULL;
  int rw, rh;

  g_return_val_if_fail (GDK_IS_PIXBUF (cutout), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!finish_init (options, flags, &finish, error))
    return NULL;

  cutout_render_resized_size (gdk_pixbuf_get_width (cutout), gdk_pixbuf_get_height (cutout), options, &rw, &rh);
  if (rw != gdk_pixbuf_get_width (cutout) || rh != gdk_pixbuf_get_height (cutout))
    {
      resized = gdk_pixbuf_scale_simple (cutout, rw, rh, GDK_INTERP_BILINEAR);
      if (resized == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Not enough memory to render a %d × %d image"), rw, rh);
          return NULL;
        }
    }
  else
    resized = g_object_ref (cutout);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  image = cutout_render_image_try_new_from_pixbuf (resized, error);
  if (image == NULL)
    return NULL;
  g_clear_object (&resized);

  cutout_render_plan_rotation (rw, rh, options->angle, options->expand, &plan);
  if (plan.identity)
    rotated = g_steal_pointer (&image);
  else
    {
      rotated = cutout_render_image_try_new (plan.width, plan.height, error);
      if (rotated == NULL)
        return NULL;
      if (!sample_affine (image, rotated, plan.m, cancellable, error))
        return NULL;
      g_clear_pointer (&image, cutout_render_image_unref);
    }

  finish_apply (&finish, rotated);
  if (!finish.mask)
    return cutout_render_image_to_pixbuf (rotated);

  /* The mask as the service sends it: grey, no alpha channel. */
  mask = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, rotated->width, rotated->height);
  for (int y = 0; y < rotated->height; y++)
    {
      guint8 *d = gdk_pixbuf_get_pixels (mask) + (gsize) y * gdk_pixbuf_get_rowstride (mask);
      const guint8 *s = rotated->data + (gsize) y * rotated->width * 4;

      for (int x = 0; x < rotated->width; x++, s += 4, d += 3)
        d[0] = d[1] = d[2] = s[0];
    }

  return g_steal_pointer (&mask);
}

typedef struct
{
  GdkPixbuf         *cutout;
  CutoutOptions     *options;
  CutoutRenderFlags  flags;
} PixbufJob;

static void
pixbuf_job_free (PixbufJob *job)
{
  g_clear_object (&job->cutout);
  g_clear_pointer (&job->options, cutout_options_free);
  g_free (job);
}

static void
render_pixbuf_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PixbufJob *job = task_data;
  GError *error = NULL;
  GdkPixbuf *result = cutout_render_pixbuf (job->cutout, job->options, job->flags, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

void
cutout_render_pixbuf_async (GdkPixbuf           *cutout,
                            const CutoutOptions *options,
                            CutoutRenderFlags    flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PixbufJob *job;

  g_return_if_fail (GDK_IS_PIXBUF (cutout));
  g_return_if_fail (options != NULL);

  job = g_new0 (PixbufJob, 1);
  job->cutout = g_object_ref (cutout);
  job->options = cutout_options_copy (options);
  job->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_render_pixbuf_async);
  g_task_set_task_data (task, job, (GDestroyNotify) pixbuf_job_free);
  g_task_run_in_thread (task, render_pixbuf_thread);
}

GdkPixbuf *
cutout_render_pixbuf_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_render_pixbuf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Display helpers. */

CutoutRenderImage *
cutout_render_checkerboard (CutoutRenderImage *image,
                            int                square_size,
                            const CutoutColor *light,
                            const CutoutColor *dark)
{
  g_autofree UnderTable *tables = NULL;
  CutoutRenderImage *out;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (square_size > 0, NULL);
  g_return_val_if_fail (light != NULL && dark != NULL, NULL);

  tables = g_new (UnderTable, 2);
  fill_under_table (light, TRUE, tables[0]);
  fill_under_table (dark, TRUE, tables[1]);

  out = cutout_render_image_new (image->width, image->height);
  for (int y = 0; y < image->height; y++)
    {
      const guint8 *s = image->data + (gsize) y * image->width * 4;
      guint8 *d = out->data + (gsize) y * image->width * 4;
      int row_parity = (y / square_size) & 1;

      for (int x = 0; x < image->width; x++, s += 4, d += 4)
        {
          const guint8 *add = tables[((x / square_size) & 1) ^ row_parity][s[3]];

          d[0] = s[0] + add[0];
          d[1] = s[1] + add[1];
          d[2] = s[2] + add[2];
          d[3] = 255;
        }
    }

  return out;
}

static gboolean
subject_bounds (const guint8 *pixels,
                int           width,
                int           height,
                gsize         stride,
                int           margin,
                CutoutRect   *bounds_out)
{
  int min_x = width, max_x = -1, min_y = height, max_y = -1;

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++)
        if (row[x * 4 + 3] != 0)
          {
            min_x = MIN (min_x, x);
            max_x = MAX (max_x, x);
            min_y = MIN (min_y, y);
            max_y = y;
          }
    }

  if (max_x < 0)
    {
      *bounds_out = (CutoutRect) { 0, 0, width, height };
      return FALSE;
    }

  min_x = MAX (0, min_x - margin);
  min_y = MAX (0, min_y - margin);
  max_x = MIN (width - 1, max_x + margin);
  max_y = MIN (height - 1, max_y + margin);
  *bounds_out = (CutoutRect) { min_x, min_y, max_x - min_x + 1, max_y - min_y + 1 };
  return TRUE;
}

gboolean
cutout_render_image_get_subject_bounds (CutoutRenderImage *image,
                                        int                margin,
                                        CutoutRect        *bounds_out)
{
  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (margin >= 0, FALSE);

  return subject_bounds (image->data, image->width, image->height,
                         (gsize) image->width * 4, margin, bounds_out);
}

gboolean
cutout_render_pixbuf_get_subject_bounds (GdkPixbuf  *pixbuf,
                                         int         margin,
                                         CutoutRect *bounds_out)
{
  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), FALSE);
  g_return_val_if_fail (margin >= 0, FALSE);

  if (!gdk_pixbuf_get_has_alpha (pixbuf) || gdk_pixbuf_get_n_channels (pixbuf) != 4)
    {
      *bounds_out = (CutoutRect) { 0, 0, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf) };
      return TRUE;
    }

  return subject_bounds (gdk_pixbuf_read_pixels (pixbuf),
                         gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                         gdk_pixbuf_get_rowstride (pixbuf), margin, bounds_out);
}

GdkPixbuf *
cutout_render_trim_pixbuf (GdkPixbuf *pixbuf,
                           int        margin)
{
  g_autoptr(GdkPixbuf) sub = NULL;
  CutoutRect r;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (margin >= 0, NULL);

  cutout_render_pixbuf_get_subject_bounds (pixbuf, margin, &r);
  sub = gdk_pixbuf_new_subpixbuf (pixbuf, r.x, r.y, r.width, r.height);
  return gdk_pixbuf_copy (sub);
}
