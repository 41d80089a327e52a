/* test-render.c — tests of the local renderer: pixels, display helpers, previews, the fake server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>

#include "cutout-api-error.h"
#include "test-render-util.h"

/* Background color and mask. */

static void
test_bg_color (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_transparent (3, 1);
  g_autoptr(GdkPixbuf) result = NULL;
  double fa = 128 / 255.0, ba = 128 / 255.0, oa;

  put (source, 1, 0, 255, 0, 0, 128);     /* half-transparent red */
  put (source, 2, 0, 0, 0, 255, 255);     /* opaque blue */

  /* Opaque white: it fills the transparent pixel, shows through the half
   * one (255·½ + 255·½ for red, 255·(1 − 128/255) = 127 for the others),
   * and leaves the opaque one alone. */
  cutout_options_set_bg_color (options, "#fff");
  result = render (source, options);
  assert_rgba (result, 0, 0, 255, 255, 255, 255);
  assert_rgba (result, 1, 0, 255, 127, 127, 255);
  assert_rgba (result, 2, 0, 0, 0, 255, 255);
  g_clear_object (&result);

  /* A named color. */
  cutout_options_set_bg_color (options, "lime");
  result = render (source, options);
  assert_rgba (result, 0, 0, 0, 255, 0, 255);
  assert_rgba (result, 1, 0, 128, 127, 0, 255);
  g_clear_object (&result);

  /* Half-transparent green under half-transparent red, by the "over"
   * formula in straight alpha: αo = αf + αb (1 − αf),
   * Co = (Cf αf + Cb αb (1 − αf)) / αo. */
  cutout_options_set_bg_color (options, "#00ff0080");
  result = render (source, options);
  oa = fa + ba * (1 - fa);
  assert_rgba (result, 0, 0, 0, 255, 0, 128);
  assert_rgba (result, 1, 0,
               (guint) round (255 * fa / oa),
               (guint) round (255 * ba * (1 - fa) / oa),
               0,
               (guint) round (255 * oa));
  assert_rgba (result, 1, 0, 170, 85, 0, 192);
  assert_rgba (result, 2, 0, 0, 0, 255, 255);
  g_clear_object (&result);

  /* The corners an expanded rotation adds get the color too. */
  cutout_options_set_bg_color (options, "#000000");
  options->angle = 45;
  result = render (source, options);
  assert_rgba (result, 0, 0, 0, 0, 0, 255);
}

static void
test_invalid_options (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_transparent (8, 8);
  g_autoptr(CutoutRenderImage) image = cutout_render_image_new_from_pixbuf (source);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *result;
  CutoutRenderImage *frame;

  cutout_options_set_bg_color (options, "#12345");
  result = cutout_render_pixbuf (source, options, CUTOUT_RENDER_FLAGS_NONE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_COLOR);
  g_assert_cmpstr (error->message, ==,
                   "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA");
  g_clear_error (&error);

  cutout_options_set_bg_color (options, "red");
  options->mask = TRUE;
  frame = cutout_render_preview (image, options, CUTOUT_RENDER_FLAGS_NONE, 100, 100, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MASK_WITH_COLOR);
  g_assert_cmpstr (error->message, ==,
                   "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.");
  g_clear_error (&error);

  /* Nothing the service would refuse is rendered (nor allocated). */
  options->mask = FALSE;
  cutout_options_set_bg_color (options, NULL);
  options->width = 15000;
  frame = cutout_render_preview (image, options, CUTOUT_RENDER_FLAGS_NONE, 100, 100, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_ABOVE_MAXIMUM);
  g_assert_cmpstr (error->message, ==, "'w' must be at most 10000, got: 15000");
}

static void
test_mask (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_transparent (3, 1);
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;
  CutoutColor c;

  put (source, 1, 0, 255, 0, 0, 128);
  put (source, 2, 0, 0, 0, 255, 255);
  options->mask = TRUE;

  /* Greyscale without alpha, white where the subject is. */
  result = render (source, options);
  g_assert_false (gdk_pixbuf_get_has_alpha (result));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (result), ==, 3);
  g_assert_cmpint (at (result, 0, 0)[0], ==, 0);
  g_assert_cmpint (at (result, 0, 0)[1], ==, 0);
  g_assert_cmpint (at (result, 1, 0)[0], ==, 128);
  g_assert_cmpint (at (result, 1, 0)[2], ==, 128);
  g_assert_cmpint (at (result, 2, 0)[0], ==, 255);
  g_assert_cmpint (at (result, 2, 0)[1], ==, 255);
  g_assert_cmpint (at (result, 2, 0)[2], ==, 255);

  /* The preview shows it opaque. */
  frame = preview (source, options, CUTOUT_RENDER_FLAGS_NONE);
  cutout_render_image_get_pixel (frame, 0, 0, &c);
  assert_color (c, 0, 0, 0, 255);
  cutout_render_image_get_pixel (frame, 1, 0, &c);
  assert_color (c, 128, 128, 128, 255);
  cutout_render_image_get_pixel (frame, 2, 0, &c);
  assert_color (c, 255, 255, 255, 255);
}

static void
test_before_view (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) original = new_filled (40, 20, 0x804020ff);
  g_autoptr(CutoutRenderImage) frame = NULL;
  CutoutColor c;

  /* The original photo framed as the result will be: resized and turned,
   * but neither masked nor filled with the background color. */
  options->width = 20;
  options->angle = 90;
  cutout_options_set_bg_color (options, "white");
  frame = preview (original, options, CUTOUT_RENDER_GEOMETRY_ONLY);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 10);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 20);
  cutout_render_image_get_pixel (frame, 5, 10, &c);
  assert_color (c, 0x80, 0x40, 0x20, 0xff);
  g_clear_pointer (&frame, cutout_render_image_unref);

  options->angle = 45;
  frame = preview (original, options, CUTOUT_RENDER_GEOMETRY_ONLY);
  cutout_render_image_get_pixel (frame, 0, 0, &c);
  assert_color (c, 0, 0, 0, 0);   /* not white */
  g_clear_pointer (&frame, cutout_render_image_unref);

  cutout_options_set_bg_color (options, NULL);
  options->mask = TRUE;
  frame = preview (original, options, CUTOUT_RENDER_GEOMETRY_ONLY);
  cutout_render_image_get_pixel (frame, cutout_render_image_get_width (frame) / 2,
                                 cutout_render_image_get_height (frame) / 2, &c);
  assert_color (c, 0x80, 0x40, 0x20, 0xff);   /* not the mask */
}

/* Display helpers. */

static void
test_trim (void)
{
  g_autoptr(GdkPixbuf) source = new_transparent (20, 10);
  g_autoptr(GdkPixbuf) trimmed = NULL;
  g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 7, 5);
  g_autoptr(CutoutRenderImage) image = NULL;
  g_autoptr(CutoutRenderImage) crop = NULL;
  CutoutRect r;
  CutoutColor c;

  put (source, 5, 3, 255, 0, 0, 255);
  put (source, 8, 6, 0, 0, 255, 1);   /* barely visible still counts */

  g_assert_true (cutout_render_pixbuf_get_subject_bounds (source, 0, &r));
  g_assert_cmpint (r.x, ==, 5);
  g_assert_cmpint (r.y, ==, 3);
  g_assert_cmpint (r.width, ==, 4);
  g_assert_cmpint (r.height, ==, 4);

  g_assert_true (cutout_render_pixbuf_get_subject_bounds (source, 2, &r));
  g_assert_cmpint (r.x, ==, 3);
  g_assert_cmpint (r.y, ==, 1);
  g_assert_cmpint (r.width, ==, 8);
  g_assert_cmpint (r.height, ==, 8);

  /* Clamped to the image. */
  g_assert_true (cutout_render_pixbuf_get_subject_bounds (source, 4, &r));
  g_assert_cmpint (r.x, ==, 1);
  g_assert_cmpint (r.y, ==, 0);
  g_assert_cmpint (r.width, ==, 12);
  g_assert_cmpint (r.height, ==, 10);

  trimmed = cutout_render_trim_pixbuf (source, 1);
  assert_size (trimmed, 6, 6);
  assert_rgba (trimmed, 1, 1, 255, 0, 0, 255);
  assert_rgba (trimmed, 4, 4, 0, 0, 255, 1);
  assert_rgba (trimmed, 0, 0, 0, 0, 0, 0);

  /* The same on a render image. */
  image = cutout_render_image_new_from_pixbuf (source);
  g_assert_true (cutout_render_image_get_subject_bounds (image, 1, &r));
  g_assert_cmpint (r.x, ==, 4);
  g_assert_cmpint (r.width, ==, 6);
  crop = cutout_render_image_crop (image, &r);
  g_assert_cmpint (cutout_render_image_get_width (crop), ==, 6);
  g_assert_cmpint (cutout_render_image_get_height (crop), ==, 6);
  cutout_render_image_get_pixel (crop, 1, 1, &c);
  assert_color (c, 255, 0, 0, 255);

  /* Nothing visible: FALSE, and the whole image. */
  gdk_pixbuf_fill (source, 0xffffff00);
  g_assert_false (cutout_render_pixbuf_get_subject_bounds (source, 3, &r));
  g_assert_cmpint (r.x, ==, 0);
  g_assert_cmpint (r.y, ==, 0);
  g_assert_cmpint (r.width, ==, 20);
  g_assert_cmpint (r.height, ==, 10);
  g_clear_object (&trimmed);
  trimmed = cutout_render_trim_pixbuf (source, 3);
  assert_size (trimmed, 20, 10);

  /* No alpha channel: everything is subject. */
  g_assert_true (cutout_render_pixbuf_get_subject_bounds (opaque, 3, &r));
  g_assert_cmpint (r.width, ==, 7);
  g_assert_cmpint (r.height, ==, 5);
}

static void
test_checkerboard (void)
{
  const CutoutColor light = { 0xcc, 0xcc, 0xcc, 0xff };
  const CutoutColor dark = { 0x33, 0x33, 0x33, 0x00 };   /* alpha ignored */
  g_autoptr(GdkPixbuf) source = new_transparent (16, 12);
  g_autoptr(CutoutRenderImage) image = NULL;
  g_autoptr(CutoutRenderImage) board = NULL;
  CutoutColor c;

  put (source, 9, 1, 255, 0, 0, 255);
  put (source, 1, 1, 0, 0, 255, 128);
  image = cutout_render_image_new_from_pixbuf (source);
  board = cutout_render_checkerboard (image, 4, &light, &dark);
  g_assert_cmpint (cutout_render_image_get_width (board), ==, 16);
  g_assert_cmpint (cutout_render_image_get_height (board), ==, 12);

  /* Squares of 4: light at (0, 0), dark to its right and below. */
  cutout_render_image_get_pixel (board, 0, 0, &c);
  assert_color (c, 0xcc, 0xcc, 0xcc, 255);
  cutout_render_image_get_pixel (board, 3, 3, &c);
  assert_color (c, 0xcc, 0xcc, 0xcc, 255);
  cutout_render_image_get_pixel (board, 4, 0, &c);
  assert_color (c, 0x33, 0x33, 0x33, 255);
  cutout_render_image_get_pixel (board, 0, 4, &c);
  assert_color (c, 0x33, 0x33, 0x33, 255);
  cutout_render_image_get_pixel (board, 7, 7, &c);
  assert_color (c, 0xcc, 0xcc, 0xcc, 255);
  cutout_render_image_get_pixel (board, 15, 11, &c);
  assert_color (c, 0x33, 0x33, 0x33, 255);   /* square (3, 2) */

  /* The subject stays on top: opaque unchanged, half blended
   * (0·½ + 204·(1 − 128/255) = 102 and 255·128/255 + 102 = 230). */
  cutout_render_image_get_pixel (board, 9, 1, &c);
  assert_color (c, 255, 0, 0, 255);
  cutout_render_image_get_pixel (board, 1, 1, &c);
  assert_color (c, 102, 102, 230, 255);
}

static void
test_image_basics (void)
{
  g_autoptr(GdkPixbuf) source = new_transparent (2, 1);
  g_autoptr(CutoutRenderImage) image = NULL;
  g_autoptr(GdkPixbuf) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;

  put (source, 0, 0, 200, 100, 50, 128);
  put (source, 1, 0, 10, 20, 30, 255);
  image = cutout_render_image_new_from_pixbuf (source);

  /* Premultiplied storage: round (c · a / 255). */
  data = cutout_render_image_get_data (image);
  g_assert_cmpuint (data[0], ==, 100);
  g_assert_cmpuint (data[1], ==, 50);
  g_assert_cmpuint (data[2], ==, 25);
  g_assert_cmpuint (data[3], ==, 128);
  g_assert_cmpuint (cutout_render_image_get_stride (image), ==, 8);
  bytes = cutout_render_image_get_bytes (image);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 8);
  g_assert_true (g_bytes_get_data (bytes, NULL) == (gconstpointer) data);

  back = cutout_render_image_to_pixbuf (image);
  assert_rgba (back, 0, 0, 199, 100, 50, 128);   /* one step of 8-bit premultiplication */
  assert_rgba (back, 1, 0, 10, 20, 30, 255);
  g_assert_true (G_TYPE_IS_BOXED (CUTOUT_TYPE_RENDER_IMAGE));
}

/* Proxies and the preview. */

static void
test_make_proxy (void)
{
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 8, 4);
  g_autoptr(GdkPixbuf) big = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 6000, 4000);
  g_autoptr(CutoutRenderImage) proxy = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  CutoutColor c;

  /* A checkered source averages to the mean grey per 2 × 2 block. */
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 8; x++)
      {
        guint8 v = ((x + y) & 1) ? 200 : 100;

        put (source, x, y, v, x < 4 ? v : 0, 0, 255);
      }
  proxy = cutout_render_make_proxy (source, 4, 100);
  g_assert_cmpint (cutout_render_image_get_width (proxy), ==, 4);
  g_assert_cmpint (cutout_render_image_get_height (proxy), ==, 2);
  g_assert_cmpint (cutout_render_image_get_source_width (proxy), ==, 8);
  g_assert_cmpint (cutout_render_image_get_source_height (proxy), ==, 4);
  cutout_render_image_get_pixel (proxy, 0, 0, &c);
  assert_color (c, 150, 150, 0, 255);
  cutout_render_image_get_pixel (proxy, 3, 1, &c);
  assert_color (c, 150, 0, 0, 255);
  g_clear_pointer (&proxy, cutout_render_image_unref);

  /* Never enlarged. */
  proxy = cutout_render_make_proxy (source, 100, 100);
  g_assert_cmpint (cutout_render_image_get_width (proxy), ==, 8);
  g_clear_pointer (&proxy, cutout_render_image_unref);

  /* 6000 × 4000 fits 1024 × 768 as 1024 × 683. */
  gdk_pixbuf_fill (big, 0x336699ff);
  proxy = cutout_render_make_proxy (big, 1024, 768);
  g_assert_cmpint (cutout_render_image_get_width (proxy), ==, 1024);
  g_assert_cmpint (cutout_render_image_get_height (proxy), ==, 683);
  g_assert_cmpint (cutout_render_image_get_source_width (proxy), ==, 6000);
  cutout_render_image_get_pixel (proxy, 500, 300, &c);
  assert_color (c, 0x33, 0x66, 0x99, 255);

  /* With no option the preview is the proxy itself, pixel for pixel. */
  frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, 1024, 768, NULL, NULL);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 1024);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 683);
  g_assert_cmpmem (cutout_render_image_get_data (frame), 1024 * 683 * 4,
                   cutout_render_image_get_data (proxy), 1024 * 683 * 4);
  g_clear_pointer (&frame, cutout_render_image_unref);

  /* Sizes come from the full-size geometry: 2000 px wide fits the
   * display as before; 500 px wide is shown at its real size; turned
   * by 90° the frame is fitted again. */
  options->width = 500;
  frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, 1024, 768, NULL, NULL);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 500);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 333);
  cutout_render_image_get_pixel (frame, 250, 160, &c);
  assert_color (c, 0x33, 0x66, 0x99, 255);
  g_clear_pointer (&frame, cutout_render_image_unref);

  options->width = 2000;
  options->angle = 90;
  frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, 1024, 768, NULL, NULL);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 512);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 768);
}

/* The preview of a proxy looks like the full-size render scaled down. */
static void
test_preview_matches_full (void)
{
  g_autoptr(GdkPixbuf) source = new_transparent (600, 400);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(CutoutRenderImage) proxy = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GdkPixbuf) full_small = NULL;
  g_autoptr(GdkPixbuf) shown = NULL;
  double total = 0;
  int w, h;

  /* A subject: an opaque orange rectangle with a half-transparent rim. */
  for (int y = 80; y < 320; y++)
    for (int x = 150; x < 420; x++)
      {
        gboolean rim = y < 100 || y >= 300 || x < 170 || x >= 400;

        put (source, x, y, 255, 128, 0, rim ? 128 : 255);
      }

  options->width = 450;
  options->angle = 30;
  cutout_options_set_bg_color (options, "#2040ff");
  full = render (source, options);
  w = gdk_pixbuf_get_width (full);
  h = gdk_pixbuf_get_height (full);

  proxy = cutout_render_make_proxy (source, 300, 300);
  g_assert_cmpint (cutout_render_image_get_width (proxy), ==, 300);
  frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, w / 2, h / 2, NULL, NULL);
  g_assert_nonnull (frame);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, w / 2);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, h / 2);

  shown = cutout_render_image_to_pixbuf (frame);
  full_small = gdk_pixbuf_scale_simple (full, w / 2, h / 2, GDK_INTERP_BILINEAR);
  for (int y = 0; y < h / 2; y++)
    for (int x = 0; x < w / 2; x++)
      for (int ch = 0; ch < 4; ch++)
        total += fabs ((double) at (shown, x, y)[ch] - at (full_small, x, y)[ch]);

  /* Only the edges may differ (resolution); the mean error is tiny. */
  g_assert_cmpfloat (total / (w / 2 * h / 2 * 4), <, 2.0);
}

static void
test_preview_timing (void)
{
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 6000, 4000);
  g_autoptr(CutoutRenderImage) proxy = NULL;
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  gint64 start, proxy_us, best_us = G_MAXINT64;
  const double angles[] = { 12.5, -30, 45, 90 };

  gdk_pixbuf_fill (source, 0x00000000);
  {
    g_autoptr(GdkPixbuf) subject = gdk_pixbuf_new_subpixbuf (source, 1500, 1000, 3000, 2000);

    gdk_pixbuf_fill (subject, 0xd04010ff);
  }

  start = g_get_monotonic_time ();
  proxy = cutout_render_make_proxy (source, 1024, 768);
  proxy_us = g_get_monotonic_time () - start;
  g_assert_cmpint (cutout_render_image_get_height (proxy), ==, 683);

  /* One frame per option change, as the slider would make them; each
   * timed three times, the best counts (the machine may be busy). */
  cutout_options_set_bg_color (options, "#ffffff");
  options->expand = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      gint64 angle_best_us = G_MAXINT64;

      options->angle = angles[i];
      for (int round = 0; round < 3; round++)
        {
          g_autoptr(CutoutRenderImage) frame = NULL;
          gint64 us;

          start = g_get_monotonic_time ();
          frame = cutout_render_preview (proxy, options, CUTOUT_RENDER_FLAGS_NONE, 1024, 768, NULL, NULL);
          us = g_get_monotonic_time () - start;
          g_assert_cmpint (cutout_render_image_get_width (frame), ==, 1024);
          g_assert_cmpint (cutout_render_image_get_height (frame), ==, 683);
          angle_best_us = MIN (angle_best_us, us);
        }
      best_us = MIN (best_us, angle_best_us);
      g_test_message ("preview frame 1024x683 of a 6000x4000 source, angle %g: %.2f ms",
                      angles[i], angle_best_us / 1000.0);
    }

  g_test_message ("proxy 6000x4000 -> 1024x683: %.1f ms; best frame: %.2f ms",
                  proxy_us / 1000.0, best_us / 1000.0);
}

static void
test_cancel_sync (void)
{
  g_autoptr(GdkPixbuf) source = new_filled (64, 64, 0xffffffff);
  g_autoptr(CutoutRenderImage) image = cutout_render_image_new_from_pixbuf (source);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CutoutRenderImage *frame;
  GdkPixbuf *pixbuf;

  options->angle = 10;
  g_cancellable_cancel (cancellable);
  frame = cutout_render_preview (image, options, CUTOUT_RENDER_FLAGS_NONE, 0, 0, cancellable, &error);
  g_assert_null (frame);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  pixbuf = cutout_render_pixbuf (source, options, CUTOUT_RENDER_FLAGS_NONE, cancellable, &error);
  g_assert_null (pixbuf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The fake server. */

/* Sends @source (PNG) to the fake server with @options and decodes the
 * answer: what the service's stand-in makes of it. */
static GdkPixbuf *
fake_server_render (const char          *url,
                    GdkPixbuf           *source,
                    const CutoutOptions *options)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = g_strconcat (url, "/rmbg", NULL);
  g_auto(GStrv) fields = cutout_options_to_fields (options);
  g_autofree char *png = NULL;
  gsize png_len = 0;

  /* Loopback only: no proxy from the environment. */
  soup_session_set_proxy_resolver (session, NULL);
  g_assert_true (gdk_pixbuf_save_to_buffer (source, &png, &png_len, "png", &error, NULL));
  g_assert_no_error (error);
  image = g_bytes_new_take (g_steal_pointer (&png), png_len);
  soup_multipart_append_form_file (multipart, "image", "cutout.png", "image/png", image);
  for (guint i = 0; fields[i] != NULL && fields[i + 1] != NULL; i += 2)
    soup_multipart_append_form_string (multipart, fields[i], fields[i + 1]);

  msg = soup_message_new_from_multipart (endpoint, multipart);
  soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", "render-test-key");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, body, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* Compares premultiplied values: colors under a near-zero alpha carry no
 * information. Returns the share of pixels that differ at all. */
static double
compare_premultiplied (GdkPixbuf *a,
                       GdkPixbuf *b,
                       int        tolerance)
{
  int w = gdk_pixbuf_get_width (a), h = gdk_pixbuf_get_height (a);
  int n_a = gdk_pixbuf_get_n_channels (a), n_b = gdk_pixbuf_get_n_channels (b);
  guint differing = 0;

  assert_size (b, w, h);
  g_assert_cmpint (n_a, ==, n_b);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = at (a, x, y), *q = at (b, x, y);
        int alpha_p = n_a == 4 ? p[3] : 255, alpha_q = n_b == 4 ? q[3] : 255;
        gboolean differs = FALSE;

        g_assert_cmpint (ABS (alpha_p - alpha_q), <=, tolerance);
        differs |= alpha_p != alpha_q;
        for (int ch = 0; ch < 3; ch++)
          {
            int cp = (p[ch] * alpha_p + 127) / 255, cq = (q[ch] * alpha_q + 127) / 255;

            g_assert_cmpint (ABS (cp - cq), <=, tolerance);
            differs |= cp != cq;
          }
        differing += differs;
      }

  return (double) differing / ((double) w * h);
}

/* The full-size render gives what the fake server gives, which follows
 * the service's (PIL's) geometry: same sizes, same pixels except for
 * rounding on the subject's edge. */
static void
test_matches_fake_server (void)
{
  const char * const args[] = { "--key", "render-test-key", "--anonymous-limit", "100", NULL };
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) server = cutout_test_spawn_fake_server (args, &url);
  g_autoptr(GdkPixbuf) source = new_transparent (240, 160);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  struct {
    gint64      w;
    gint64      h;
    gboolean    exact;
    double      angle;
    gboolean    expand;
    gboolean    mask;
    const char *bg;
    gboolean    identical;
  } cases[] = {
    { 0, 0, FALSE, 0, TRUE, FALSE, "red", TRUE },
    { 120, 0, FALSE, 90, TRUE, FALSE, NULL, TRUE },
    { 0, 0, FALSE, -180, TRUE, TRUE, NULL, TRUE },
    { 180, 0, FALSE, 30, TRUE, FALSE, "#3366cc80", FALSE },
    { 200, 100, TRUE, -75, FALSE, TRUE, NULL, FALSE },
    { 300, 300, FALSE, 12.5, TRUE, FALSE, NULL, FALSE },
  };

  /* A hard-edged subject with a gradient, clear of the border (so that
   * the fake server's flood fill leaves it as it is). */
  for (int y = 0; y < 160; y++)
    for (int x = 0; x < 240; x++)
      {
        double dx = (x - 120) / 90.0, dy = (y - 80) / 55.0;

        if (dx * dx + dy * dy <= 1)
          put (source, x, y, (guint8) x, (guint8) (255 - y), (guint8) ((x + y) / 2), 255);
      }

  options->format = CUTOUT_FORMAT_PNG;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkPixbuf) ours = NULL;
      g_autoptr(GdkPixbuf) theirs = NULL;
      double share;

      options->width = cases[i].w;
      options->height = cases[i].h;
      options->exact_resize = cases[i].exact;
      options->angle = cases[i].angle;
      options->expand = cases[i].expand;
      options->mask = cases[i].mask;
      cutout_options_set_bg_color (options, cases[i].bg);

      ours = render (source, options);
      theirs = fake_server_render (url, source, options);
      share = compare_premultiplied (ours, theirs, 2);
      g_test_message ("case %u: %dx%d, %.2f%% of the pixels differ by at most 2",
                      i, gdk_pixbuf_get_width (ours), gdk_pixbuf_get_height (ours), share * 100);
      if (cases[i].identical)
        g_assert_cmpfloat (share, ==, 0.0);
      else
        g_assert_cmpfloat (share, <, 0.05);
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  render_add_geometry_tests ();
  g_test_add_func ("/render/bg-color", test_bg_color);
  g_test_add_func ("/render/invalid-options", test_invalid_options);
  g_test_add_func ("/render/mask", test_mask);
  g_test_add_func ("/render/before-view", test_before_view);
  g_test_add_func ("/render/trim", test_trim);
  g_test_add_func ("/render/checkerboard", test_checkerboard);
  g_test_add_func ("/render/image-basics", test_image_basics);
  g_test_add_func ("/render/preview/proxy", test_make_proxy);
  g_test_add_func ("/render/preview/matches-full", test_preview_matches_full);
  g_test_add_func ("/render/preview/timing", test_preview_timing);
  g_test_add_func ("/render/cancel", test_cancel_sync);
  g_test_add_func ("/render/matches-fake-server", test_matches_fake_server);
  render_add_async_tests ();

  return g_test_run ();
}
