/* bench-preview.c — times option change → new preview frame on a 24-megapixel image
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Built by tests/bench/run.sh against the release build's libcutout-core.a;
 * not part of `meson test`. Prints one JSON object on stdout.
 *
 * "Ours": cutout_render_make_proxy() once, then cutout_render_preview() at
 * 1024 × 683 for each change of angle and bg_color. The baseline is what a
 * viewer without a proxy does per change: scale the full-size pixbuf to
 * the display size and composite it over the colour with gdk-pixbuf
 * (gdk_pixbuf_composite_color_simple(), no rotation, so it does less work). */

#include <stdio.h>
#include <stdlib.h>

#include "cutout-render.h"

static const char *const colors[] = { NULL, "#ff000080", "white", "#336699", "blue", "#0f08" };

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* A 6000 × 4000 cut-out-like source: a gradient subject on transparency. */
static GdkPixbuf *
make_source (int width,
             int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    {
      guint8 *p = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++, p += 4)
        {
          int dx = x - width / 2, dy = y - height / 2;
          gboolean inside = (gint64) dx * dx * 4 + (gint64) dy * dy * 9 < (gint64) width * width;

          p[0] = x * 255 / width;
          p[1] = y * 255 / height;
          p[2] = (x ^ y) & 0xff;
          p[3] = inside ? 255 : (dx + dy) & 0x3f;
        }
    }
  return pixbuf;
}

static void
report (const char *name,
        double     *samples,
        int         n)
{
  qsort (samples, n, sizeof *samples, compare_double);
  printf ("\"%s_p50_ms\": %.3f, \"%s_p95_ms\": %.3f, \"%s_max_ms\": %.3f",
          name, samples[n / 2], name, samples[MIN (n - 1, (int) (n * 0.95))], name, samples[n - 1]);
}

int
main (int    argc,
      char **argv)
{
  int changes = argc > 1 ? atoi (argv[1]) : 100;
  int width = 6000, height = 4000, view_w = 1024, view_h = 683;
  g_autoptr(GdkPixbuf) source = make_source (width, height);
  g_autoptr(CutoutRenderImage) proxy = NULL;
  g_autofree double *ours = g_new (double, changes);
  g_autofree double *naive = g_new (double, changes);
  double start, proxy_ms;

  start = now_ms ();
  proxy = cutout_render_make_proxy (source, view_w, view_h);
  proxy_ms = now_ms () - start;

  for (int i = 0; i < changes; i++)
    {
      g_autoptr(CutoutOptions) options = cutout_options_new ();
      g_autoptr(CutoutRenderImage) frame = NULL;
      g_autoptr(GdkPixbuf) scaled = NULL;
      g_autoptr(GError) error = NULL;
      CutoutColor color = { 0 };

      options->angle = (i * 37) % 721 - 360;
      options->expand = i % 3 != 0;
      cutout_options_set_bg_color (options, colors[i % G_N_ELEMENTS (colors)]);

      start = now_ms ();
      frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, view_w, view_h, NULL, &error);
      ours[i] = now_ms () - start;
      g_assert_no_error (error);
      g_assert_true (cutout_render_image_get_width (frame) <= view_w);
      g_assert_true (cutout_render_image_get_height (frame) <= view_h);

      if (colors[i % G_N_ELEMENTS (colors)] != NULL)
        g_assert_true (cutout_color_parse (colors[i % G_N_ELEMENTS (colors)], &color, NULL));
      start = now_ms ();
      scaled = gdk_pixbuf_composite_color_simple (source, view_w, view_h, GDK_INTERP_BILINEAR, 255, 4096,
                                                  ((guint32) color.red << 16) | ((guint32) color.green << 8) | color.blue,
                                                  ((guint32) color.red << 16) | ((guint32) color.green << 8) | color.blue);
      naive[i] = now_ms () - start;
      g_assert_nonnull (scaled);
    }

  printf ("{\"width\": %d, \"height\": %d, \"view\": \"%dx%d\", \"changes\": %d, \"proxy_ms\": %.3f, ",
          width, height, view_w, view_h, changes, proxy_ms);
  report ("ours", ours, changes);
  printf (", ");
  report ("naive", naive, changes);
  printf ("}\n");
  return 0;
}
