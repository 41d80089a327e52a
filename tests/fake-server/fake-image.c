/* fake-image.c — the fake Rembg server's stand-in for the model
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is NOT a background-removal model. It is a small, deterministic
 * stand-in that makes the fake server's answers real images whose content
 * a test can check, for the kind of picture the tests use (a subject on a
 * plain background, like a product photo):
 *
 *  1. Decode the upload with gdk-pixbuf into straight-alpha RGBA.
 *  2. Estimate the background color: the per-channel median of the
 *     (mostly opaque) pixels on the image's outer border.
 *  3. Flood-fill, 4-connected, from every border pixel over the pixels
 *     whose RGB lies within BACKGROUND_TOLERANCE (Euclidean distance) of
 *     that estimate, or which are already mostly transparent. Those become
 *     fully transparent (0, 0, 0, 0), as in rembg's cut-outs; the subject
 *     keeps its alpha (255 for an opaque photo). The edge is hard: there
 *     is no matting.
 *
 * Then the options are applied for real, in this order:
 *
 *  4. Resize: w only or h only keeps the aspect ratio (the other side
 *     rounded, at least 1 px); w and h without exact_resize fit inside
 *     w × h keeping the aspect ratio; exact_resize with both gives exactly
 *     w × h (with only one of them, exact_resize changes nothing). Scaling
 *     is gdk-pixbuf's bilinear filter, which weights colors by alpha.
 *  5. Rotate by angle degrees counter-clockwise with PIL's Image.rotate
 *     geometry: the angle is taken modulo 360; 0 is a copy, 180 and (with
 *     expand or a square image) 90 and 270 are exact transposes; anything
 *     else is PIL's affine transform (matrix rounded to 15 decimals,
 *     centre w/2, h/2) sampled bilinearly at pixel centres. With expand
 *     the canvas is the rotated bounding box with PIL's rounding
 *     (ceil(max) − floor(min)); without it the size is kept and the
 *     corners are cropped. Uncovered areas are transparent. Unlike PIL,
 *     the samples are mixed in premultiplied alpha, so the removed
 *     background does not darken the subject's edge.
 *  6. bg_color is composited under the whole canvas (the corners an
 *     expanded rotation added too) with the ordinary "over" operator, so a
 *     #RRGGBBAA color with alpha < 255 leaves a partly transparent
 *     background. Or, with mask=true, the answer is the alpha channel as
 *     a greyscale image (white = subject, black = background).
 *  7. Encode: PNG and WebP keep the alpha channel; JPEG and BMP cannot
 *     carry it, so the image is flattened over black (what dropping the
 *     alpha of rembg's (0, 0, 0, 0) background gives). A mask as PNG is
 *     an 8-bit greyscale PNG written with libpng (gdk-pixbuf only writes
 *     RGB/RGBA); as WebP, JPEG or BMP it is RGB with r = g = b.
 *
 * A 2000 × 1500 photo takes about 0.1 s to a PNG cut-out and 0.3 s when
 * rotated by 30° with a WebP answer (-O2; about twice that at -O0). The
 * "model" is plain C; rotation mixes in fixed point.
 */

#include "fake-image.h"

#include <math.h>
#include <png.h>
#include <string.h>

#include "../testlib/cutout-test-bmp.h"

#define BACKGROUND_TOLERANCE 48.0

/* Our working image: straight-alpha RGBA, rows of exactly width * 4. */
typedef struct
{
  int     width;
  int     height;
  guint8 *pixels;
} Canvas;

static Canvas *
canvas_new (int width,
            int height)
{
  Canvas *canvas = g_new0 (Canvas, 1);

  canvas->width = width;
  canvas->height = height;
  canvas->pixels = g_malloc0_n ((gsize) width * height, 4);
  return canvas;
}

static void
canvas_free (Canvas *canvas)
{
  g_free (canvas->pixels);
  g_free (canvas);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Canvas, canvas_free)

static Canvas *
canvas_new_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  Canvas *canvas = canvas_new (width, height);

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize) y * stride;
      guint8 *d = canvas->pixels + (gsize) y * width * 4;

      for (int x = 0; x < width; x++, s += n_channels, d += 4)
        {
          d[0] = s[0];
          d[1] = s[1];
          d[2] = s[2];
          d[3] = n_channels == 4 ? s[3] : 255;
        }
    }

  return canvas;
}

static void
free_pixels_cb (guchar   *pixels,
                gpointer  data)
{
  g_free (pixels);
}

/* Hands the canvas' memory over to a pixbuf (it must not be used again). */
static GdkPixbuf *
canvas_steal_to_pixbuf (Canvas *canvas)
{
  return gdk_pixbuf_new_from_data (g_steal_pointer (&canvas->pixels),
                                   GDK_COLORSPACE_RGB, TRUE, 8,
                                   canvas->width, canvas->height,
                                   canvas->width * 4, free_pixels_cb, NULL);
}

/* Geometry. */

static void
resized_size (int                     src_width,
              int                     src_height,
              const FakeImageOptions *options,
              int                    *width,
              int                    *height)
{
  int w = options->width, h = options->height;

  *width = src_width;
  *height = src_height;

  if (w > 0 && h > 0 && options->exact_resize)
    {
      *width = w;
      *height = h;
    }
  else if (w > 0 && (h <= 0 || (double) w / src_width <= (double) h / src_height))
    {
      /* w is the binding side (alone, or the tighter fit). */
      *width = w;
      *height = MAX (1, (int) round ((double) src_height * w / src_width));
    }
  else if (h > 0)
    {
      *width = MAX (1, (int) round ((double) src_width * h / src_height));
      *height = h;
    }
}

typedef enum
{
  ROTATE_NONE,
  ROTATE_180,
  ROTATE_90,
  ROTATE_270,
  ROTATE_AFFINE,
} RotateKind;

typedef struct
{
  RotateKind kind;
  int        width;
  int        height;
  double     m[6];   /* output pixel → input point, as PIL's AFFINE data */
} RotatePlan;

/* Python's round(x, 15), close enough for a rotation matrix. */
static double
round15 (double x)
{
  return rint (x * 1e15) / 1e15;
}

static void
plan_rotation (int         width,
               int         height,
               double      degrees,
               gboolean    expand,
               RotatePlan *plan)
{
  double angle = fmod (degrees, 360.0);
  double a, b, c, d, e, f, rad;

  /* Python's % takes the sign of the divisor. */
  if (angle < 0)
    angle += 360.0;

  plan->width = width;
  plan->height = height;

  if (angle == 0)
    {
      plan->kind = ROTATE_NONE;
      return;
    }
  if (angle == 180)
    {
      plan->kind = ROTATE_180;
      return;
    }
  if ((angle == 90 || angle == 270) && (expand || width == height))
    {
      plan->kind = angle == 90 ? ROTATE_90 : ROTATE_270;
      plan->width = height;
      plan->height = width;
      return;
    }

  rad = -angle * G_PI / 180.0;
  a = round15 (cos (rad));
  b = round15 (sin (rad));
  d = round15 (-sin (rad));
  e = round15 (cos (rad));
  c = a * (-width / 2.0) + b * (-height / 2.0) + width / 2.0;
  f = d * (-width / 2.0) + e * (-height / 2.0) + height / 2.0;

  if (expand)
    {
      const double corners[4][2] = { { 0, 0 }, { width, 0 }, { width, height }, { 0, height } };
      double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE;
      double min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
      double tx, ty;
      int nw, nh;

      for (int i = 0; i < 4; i++)
        {
          double x = a * corners[i][0] + b * corners[i][1] + c;
          double y = d * corners[i][0] + e * corners[i][1] + f;

          min_x = MIN (min_x, x);
          max_x = MAX (max_x, x);
          min_y = MIN (min_y, y);
          max_y = MAX (max_y, y);
        }

      nw = (int) (ceil (max_x) - floor (min_x));
      nh = (int) (ceil (max_y) - floor (min_y));
      tx = -(nw - width) / 2.0;
      ty = -(nh - height) / 2.0;
      {
        double nc = a * tx + b * ty + c;
        double nf = d * tx + e * ty + f;

        c = nc;
        f = nf;
      }
      plan->width = nw;
      plan->height = nh;
    }

  plan->kind = ROTATE_AFFINE;
  plan->m[0] = a;
  plan->m[1] = b;
  plan->m[2] = c;
  plan->m[3] = d;
  plan->m[4] = e;
  plan->m[5] = f;
}

void
fake_image_output_size (int                     src_width,
                        int                     src_height,
                        const FakeImageOptions *options,
                        int                    *width,
                        int                    *height)
{
  RotatePlan plan;
  int w, h;

  resized_size (src_width, src_height, options, &w, &h);
  plan_rotation (w, h, options->angle, options->expand, &plan);
  *width = plan.width;
  *height = plan.height;
}

/* Step 2–3: the background. */

static guint8
histogram_median (const guint *histogram,
                  guint        total)
{
  guint seen = 0;

  for (int v = 0; v < 256; v++)
    {
      seen += histogram[v];
      if (seen * 2 > total)
        return v;
    }
  return 255;
}

static void
remove_background (Canvas *canvas)
{
  int w = canvas->width, h = canvas->height;
  guint8 *px = canvas->pixels;
  guint histogram[3][256] = { { 0 } };
  guint n_border = 0;
  int bg[3] = { 0, 0, 0 };
  const int tolerance2 = BACKGROUND_TOLERANCE * BACKGROUND_TOLERANCE;
  gboolean have_bg;
  g_autofree guint8 *visited = g_malloc0 ((gsize) w * h);
  gsize stack_size = 4096, n_stack = 0;
  g_autofree guint32 *stack = g_new (guint32, stack_size);

  /* The median of the opaque border pixels. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x += (y == 0 || y == h - 1) ? 1 : MAX (1, w - 1))
      {
        const guint8 *p = px + ((gsize) y * w + x) * 4;

        if (p[3] < 128)
          continue;
        for (int ch = 0; ch < 3; ch++)
          histogram[ch][p[ch]]++;
        n_border++;
      }

  have_bg = n_border > 0;
  for (int ch = 0; have_bg && ch < 3; ch++)
    bg[ch] = histogram_median (histogram[ch], n_border);

  /* A pixel joins the fill when it is mostly transparent already or close
   * enough to the background color; every pixel is pushed at most once. */
#define VISIT(index) \
  G_STMT_START { \
    guint32 i_ = (index); \
    const guint8 *p_ = px + (gsize) i_ * 4; \
    int dr_ = p_[0] - bg[0], dg_ = p_[1] - bg[1], db_ = p_[2] - bg[2]; \
    if (!visited[i_] && \
        (p_[3] < 128 || \
         (have_bg && dr_ * dr_ + dg_ * dg_ + db_ * db_ <= tolerance2))) \
      { \
        visited[i_] = 1; \
        if (n_stack == stack_size) \
          { \
            stack_size *= 2; \
            stack = g_renew (guint32, stack, stack_size); \
          } \
        stack[n_stack++] = i_; \
      } \
  } G_STMT_END

  for (int x = 0; x < w; x++)
    {
      VISIT ((guint32) x);
      VISIT ((guint32) ((gsize) (h - 1) * w + x));
    }
  for (int y = 0; y < h; y++)
    {
      VISIT ((guint32) ((gsize) y * w));
      VISIT ((guint32) ((gsize) y * w + w - 1));
    }

  while (n_stack > 0)
    {
      guint32 i = stack[--n_stack];
      int x = i % w, y = i / w;

      memset (px + (gsize) i * 4, 0, 4);

      if (x > 0)
        VISIT (i - 1);
      if (x < w - 1)
        VISIT (i + 1);
      if (y > 0)
        VISIT (i - w);
      if (y < h - 1)
        VISIT (i + w);
    }

#undef VISIT
}

/* Step 5: rotation. */

static Canvas *
rotate_transpose (const Canvas *src,
                  RotateKind    kind)
{
  int w = src->width, h = src->height;
  Canvas *dst = kind == ROTATE_180 ? canvas_new (w, h) : canvas_new (h, w);
  const guint32 *s = (const guint32 *) (gpointer) src->pixels;
  guint32 *d = (guint32 *) (gpointer) dst->pixels;

  for (int y = 0; y < dst->height; y++)
    for (int x = 0; x < dst->width; x++)
      {
        int sx, sy;

        if (kind == ROTATE_180)
          {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
        else if (kind == ROTATE_90)
          {
            /* Counter-clockwise: the top-right corner becomes the top-left. */
            sx = w - 1 - y;
            sy = x;
          }
        else
          {
            sx = y;
            sy = h - 1 - x;
          }
        d[(gsize) y * dst->width + x] = s[(gsize) sy * w + sx];
      }

  return dst;
}

/* The columns of output row @y whose sample point can fall inside the
 * source, from the linear constraints 0 <= k (x + 0.5) + base < limit; a
 * little wider than exact, the loop tests every point anyway. */
static void
clip_span (double  k,
           double  base,
           double  limit,
           double *lo,
           double *hi)
{
  double t1, t2;

  if (k == 0)
    {
      if (base < 0 || base >= limit)
        {
          *lo = 1;
          *hi = 0;
        }
      return;
    }

  t1 = -base / k - 0.5;
  t2 = (limit - base) / k - 0.5;
  *lo = MAX (*lo, MIN (t1, t2) - 1);
  *hi = MIN (*hi, MAX (t1, t2) + 1);
}

static Canvas *
rotate_affine (const Canvas     *src,
               const RotatePlan *plan)
{
  int w = src->width, h = src->height;
  gsize n = (gsize) w * h;
  Canvas *dst = canvas_new (plan->width, plan->height);
  g_autofree guint8 *pm = g_malloc (n * 4);
  const double *m = plan->m;

  /* Mixing happens in premultiplied alpha. */
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *s = src->pixels + i * 4;
      guint8 *d = pm + i * 4;
      guint a = s[3];

      d[0] = (s[0] * a + 127) / 255;
      d[1] = (s[1] * a + 127) / 255;
      d[2] = (s[2] * a + 127) / 255;
      d[3] = a;
    }

  for (int y = 0; y < dst->height; y++)
    {
      double bx = m[1] * (y + 0.5) + m[2];
      double by = m[4] * (y + 0.5) + m[5];
      double lo = 0, hi = dst->width - 1;
      int x_lo, x_hi;

      clip_span (m[0], bx, w, &lo, &hi);
      clip_span (m[3], by, h, &lo, &hi);
      if (lo > hi)
        continue;
      x_lo = (int) MAX (0, floor (lo));
      x_hi = (int) MIN (dst->width - 1, ceil (hi));

      for (int x = x_lo; x <= x_hi; x++)
        {
          double xin = m[0] * (x + 0.5) + bx;
          double yin = m[3] * (x + 0.5) + by;
          guint8 *d = dst->pixels + ((gsize) y * dst->width + x) * 4;
          const guint8 *p00, *p01, *p10, *p11;
          int x0, y0, x1, y1, wx, wy;

          /* PIL's bilinear filter: a point outside the source is fill,
           * neighbours beyond the edge are clamped. */
          if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h)
            continue;

          xin -= 0.5;
          yin -= 0.5;
          x0 = (int) floor (xin);
          y0 = (int) floor (yin);
          wx = (int) ((xin - x0) * 256 + 0.5);
          wy = (int) ((yin - y0) * 256 + 0.5);
          x1 = MIN (x0 + 1, w - 1);
          y1 = MIN (y0 + 1, h - 1);
          x0 = MAX (x0, 0);
          y0 = MAX (y0, 0);

          p00 = pm + ((gsize) y0 * w + x0) * 4;
          p01 = pm + ((gsize) y0 * w + x1) * 4;
          p10 = pm + ((gsize) y1 * w + x0) * 4;
          p11 = pm + ((gsize) y1 * w + x1) * 4;

          for (int ch = 0; ch < 4; ch++)
            {
              int top = p00[ch] * (256 - wx) + p01[ch] * wx;
              int bottom = p10[ch] * (256 - wx) + p11[ch] * wx;

              d[ch] = (guint8) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
            }

          /* Back to straight alpha. */
          if (d[3] == 0)
            memset (d, 0, 4);
          else if (d[3] < 255)
            for (int ch = 0; ch < 3; ch++)
              d[ch] = (guint8) MIN (255, (d[ch] * 255 + d[3] / 2) / d[3]);
        }
    }

  return dst;
}

/* Step 6: background color. */

static void
composite_over_color (Canvas       *canvas,
                      const guint8  bg[4])
{
  gsize n = (gsize) canvas->width * canvas->height;
  double ba = bg[3] / 255.0;

  for (gsize i = 0; i < n; i++)
    {
      guint8 *p = canvas->pixels + i * 4;
      double fa, oa;

      /* The common cases need no arithmetic. */
      if (p[3] == 255)
        continue;
      if (p[3] == 0)
        {
          memcpy (p, bg, 4);
          continue;
        }

      fa = p[3] / 255.0;
      oa = fa + ba * (1 - fa);
      for (int ch = 0; ch < 3; ch++)
        p[ch] = (guint8) CLAMP (round ((p[ch] * fa + bg[ch] * ba * (1 - fa)) / oa), 0, 255);
      p[3] = (guint8) CLAMP (round (oa * 255), 0, 255);
    }
}

/* Step 7: encoding. */

static void
png_write_cb (png_structp png,
              png_bytep   data,
              png_size_t  len)
{
  g_byte_array_append (png_get_io_ptr (png), data, len);
}

static void
png_flush_cb (png_structp png)
{
}

static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

static void
write_grey_rows (png_structp   png,
                 png_infop     info,
                 const guint8 *grey,
                 int           width,
                 int           height)
{
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_GRAY,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    png_write_row (png, (png_const_bytep) (grey + (gsize) y * width));
  png_write_end (png, info);
}

/* gdk-pixbuf cannot write a greyscale PNG, so libpng does it. */
static GBytes *
encode_grey_png (const guint8  *grey,
                 int            width,
                 int            height,
                 GError       **error)
{
  GByteArray *out = g_byte_array_new ();
  png_structp png;
  png_infop info;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      g_byte_array_unref (out);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not start a PNG");
      return NULL;
    }

  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_byte_array_unref (out);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write the PNG mask");
      return NULL;
    }

  png_set_write_fn (png, out, png_write_cb, png_flush_cb);
  write_grey_rows (png, info, grey, width, height);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
encode_pixbuf (GdkPixbuf        *pixbuf,
               FakeImageFormat   format,
               GError          **error)
{
  g_autofree char *buffer = NULL;
  gsize len = 0;
  gboolean ok;

  switch (format)
    {
    case FAKE_IMAGE_PNG:
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", error,
                                      "compression", "3", NULL);
      break;
    case FAKE_IMAGE_JPEG:
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "jpeg", error,
                                      "quality", "90", NULL);
      break;
    case FAKE_IMAGE_BMP:
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "bmp", error, NULL);
      break;
    case FAKE_IMAGE_WEBP:
    default:
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "webp", error,
                                      "quality", "90", NULL);
      break;
    }

  if (!ok)
    return NULL;
  /* The answer's bytes must not depend on what was on the heap. */
  if (format == FAKE_IMAGE_BMP)
    cutout_test_zero_bmp_padding ((guint8 *) buffer, len);
  return g_bytes_new_take (g_steal_pointer (&buffer), len);
}

/* Applies step 6's mask or the encoding's flattening and encodes. */
static GBytes *
finish_and_encode (Canvas                 *canvas,
                   const FakeImageOptions *options,
                   GError                **error)
{
  gsize n = (gsize) canvas->width * canvas->height;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (options->mask)
    {
      g_autofree guint8 *grey = g_malloc (n);

      for (gsize i = 0; i < n; i++)
        grey[i] = canvas->pixels[i * 4 + 3];

      if (options->format == FAKE_IMAGE_PNG)
        return encode_grey_png (grey, canvas->width, canvas->height, error);

      pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, canvas->width, canvas->height);
      for (int y = 0; y < canvas->height; y++)
        {
          guint8 *row = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);

          for (int x = 0; x < canvas->width; x++)
            memset (row + x * 3, grey[(gsize) y * canvas->width + x], 3);
        }
      return encode_pixbuf (pixbuf, options->format, error);
    }

  if (options->has_bg_color)
    composite_over_color (canvas, options->bg_color);

  if (options->format == FAKE_IMAGE_JPEG || options->format == FAKE_IMAGE_BMP)
    {
      pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, canvas->width, canvas->height);
      for (int y = 0; y < canvas->height; y++)
        {
          guint8 *row = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);
          const guint8 *p = canvas->pixels + (gsize) y * canvas->width * 4;

          for (int x = 0; x < canvas->width; x++, p += 4)
            for (int ch = 0; ch < 3; ch++)
              row[x * 3 + ch] = (guint8) ((p[ch] * p[3] + 127) / 255);
        }
      return encode_pixbuf (pixbuf, options->format, error);
    }

  pixbuf = canvas_steal_to_pixbuf (canvas);
  return encode_pixbuf (pixbuf, options->format, error);
}

static Canvas *
resize_and_rotate (Canvas                 *canvas,
                   const FakeImageOptions *options)
{
  g_autoptr(Canvas) current = canvas;
  RotatePlan plan;
  int w, h;

  resized_size (current->width, current->height, options, &w, &h);
  if (w != current->width || h != current->height)
    {
      g_autoptr(GdkPixbuf) src = canvas_steal_to_pixbuf (current);
      g_autoptr(GdkPixbuf) scaled = gdk_pixbuf_scale_simple (src, w, h, GDK_INTERP_BILINEAR);

      g_clear_pointer (&current, canvas_free);
      current = canvas_new_from_pixbuf (scaled);
    }

  plan_rotation (current->width, current->height, options->angle, options->expand, &plan);
  switch (plan.kind)
    {
    case ROTATE_NONE:
      return g_steal_pointer (&current);
    case ROTATE_AFFINE:
      return rotate_affine (current, &plan);
    case ROTATE_90:
    case ROTATE_180:
    case ROTATE_270:
    default:
      return rotate_transpose (current, plan.kind);
    }
}

GBytes *
fake_image_process (GBytes                 *input,
                    const FakeImageOptions *options,
                    GError                **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(Canvas) canvas = NULL;
  GdkPixbuf *decoded;

  if (!gdk_pixbuf_loader_write_bytes (loader, input, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return NULL;

  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  if (decoded == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The image could not be decoded");
      return NULL;
    }

  canvas = canvas_new_from_pixbuf (decoded);
  remove_background (canvas);
  canvas = resize_and_rotate (g_steal_pointer (&canvas), options);

  return finish_and_encode (canvas, options, error);
}

GBytes *
fake_image_placeholder (int                     src_width,
                        int                     src_height,
                        const FakeImageOptions *options,
                        GError                **error)
{
  g_autoptr(Canvas) canvas = NULL;
  int w, h;

  fake_image_output_size (src_width, src_height, options, &w, &h);
  canvas = canvas_new (w, h);

  /* A grey block on the middle third stands for the subject. */
  for (int y = h / 3; y < h - h / 3; y++)
    for (int x = w / 3; x < w - w / 3; x++)
      {
        guint8 *p = canvas->pixels + ((gsize) y * w + x) * 4;

        p[0] = p[1] = p[2] = 128;
        p[3] = 255;
      }

  return finish_and_encode (canvas, options, error);
}
