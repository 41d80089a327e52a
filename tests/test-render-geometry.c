/* test-render-geometry.c — tests of the renderer's geometry: rotation and resize
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "test-render-util.h"

static void
assert_geometry (int                  width,
                 int                  height,
                 const CutoutOptions *options,
                 int                  resized_width,
                 int                  resized_height,
                 int                  out_width,
                 int                  out_height)
{
  CutoutRenderGeometry g;

  cutout_render_get_geometry (width, height, options, &g);
  g_assert_cmpint (g.resized_width, ==, resized_width);
  g_assert_cmpint (g.resized_height, ==, resized_height);
  g_assert_cmpint (g.width, ==, out_width);
  g_assert_cmpint (g.height, ==, out_height);
}

/* Rotation. */

static void
test_rotate_90_expand (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_transparent (4, 3);
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;
  CutoutColor c;

  put (source, 3, 0, 255, 0, 0, 255);   /* top-right: red */
  put (source, 0, 0, 0, 255, 0, 255);   /* top-left: green */
  put (source, 1, 2, 0, 0, 255, 128);   /* bottom row: half blue */

  /* Counter-clockwise, as PIL's rotate (90, expand=True): the top-right
   * corner becomes the top-left, the top-left the bottom-left, and
   * (x, y) goes to (y, w − 1 − x). */
  options->angle = 90;
  result = render (source, options);
  assert_size (result, 3, 4);
  assert_rgba (result, 0, 0, 255, 0, 0, 255);
  assert_rgba (result, 0, 3, 0, 255, 0, 255);
  assert_rgba (result, 2, 2, 0, 0, 255, 128);
  assert_rgba (result, 1, 1, 0, 0, 0, 0);

  frame = preview (source, options, CUTOUT_RENDER_FLAGS_NONE);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 3);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 4);
  cutout_render_image_get_pixel (frame, 0, 0, &c);
  assert_color (c, 255, 0, 0, 255);
  cutout_render_image_get_pixel (frame, 2, 2, &c);
  assert_color (c, 0, 0, 255, 128);
  g_clear_object (&result);

  /* −90 is 270: (x, y) goes to (h − 1 − y, x). */
  options->angle = -90;
  result = render (source, options);
  assert_size (result, 3, 4);
  assert_rgba (result, 2, 3, 255, 0, 0, 255);
  assert_rgba (result, 2, 0, 0, 255, 0, 255);
  assert_rgba (result, 0, 1, 0, 0, 255, 128);
  g_clear_object (&result);

  /* 180 and 360 + 180 turn it upside down. */
  options->angle = -180;
  result = render (source, options);
  assert_size (result, 4, 3);
  assert_rgba (result, 0, 2, 255, 0, 0, 255);
  assert_rgba (result, 3, 2, 0, 255, 0, 255);
  assert_rgba (result, 2, 0, 0, 0, 255, 128);
  g_clear_object (&result);

  /* 360 is no rotation at all. */
  options->angle = 360;
  result = render (source, options);
  assert_size (result, 4, 3);
  assert_rgba (result, 3, 0, 255, 0, 0, 255);
}

static void
test_rotate_90_without_expand (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_filled (6, 2, 0xff0000ff);
  g_autoptr(GdkPixbuf) result = NULL;

  /* Not square and no expand: PIL's affine path keeps 6 × 2, so only
   * the middle 2 × 2 of the turned strip is covered. */
  options->angle = 90;
  options->expand = FALSE;
  assert_geometry (6, 2, options, 6, 2, 6, 2);
  result = render (source, options);
  assert_size (result, 6, 2);
  assert_rgba (result, 2, 0, 255, 0, 0, 255);
  assert_rgba (result, 3, 1, 255, 0, 0, 255);
  assert_rgba (result, 0, 0, 0, 0, 0, 0);
  assert_rgba (result, 5, 1, 0, 0, 0, 0);
}

static void
test_rotate_45 (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_filled (100, 50, 0x2040a0ff);
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;

  /* The sizes PIL 9.4's Image.rotate (…, expand=True) gives: the bounding
   * box with ceil (max) − floor (min), one or two px more than the exact
   * extent (106.07 for 100 × 50 at 45°). */
  options->angle = 45;
  assert_geometry (100, 50, options, 100, 50, 108, 108);
  assert_geometry (100, 100, options, 100, 100, 142, 142);
  assert_geometry (7, 5, options, 7, 5, 9, 9);
  options->angle = 30;
  assert_geometry (100, 50, options, 100, 50, 112, 94);
  assert_geometry (300, 200, options, 300, 200, 360, 324);
  options->angle = -30;
  assert_geometry (640, 480, options, 640, 480, 796, 736);

  options->angle = 45;
  result = render (source, options);
  assert_size (result, 108, 108);
  /* The centre keeps the color; the corners are transparent fill; the
   * rotated top-left corner of the strip lies near the top-left of the
   * canvas' diagonal. */
  assert_rgba (result, 54, 54, 0x20, 0x40, 0xa0, 0xff);
  assert_rgba (result, 0, 0, 0, 0, 0, 0);
  assert_rgba (result, 107, 107, 0, 0, 0, 0);
  assert_rgba (result, 0, 107, 0, 0, 0, 0);
  g_clear_object (&result);

  frame = preview (source, options, CUTOUT_RENDER_FLAGS_NONE);
  g_assert_cmpint (cutout_render_image_get_width (frame), ==, 108);
  g_assert_cmpint (cutout_render_image_get_height (frame), ==, 108);

  /* Without expand: the same size, corners cut off. */
  options->expand = FALSE;
  assert_geometry (100, 50, options, 100, 50, 100, 50);
  result = render (source, options);
  assert_size (result, 100, 50);
  assert_rgba (result, 50, 25, 0x20, 0x40, 0xa0, 0xff);
  assert_rgba (result, 0, 0, 0, 0, 0, 0);
  assert_rgba (result, 99, 0, 0, 0, 0, 0);
  assert_rgba (result, 99, 49, 0, 0, 0, 0);
}

/* Counter-clockwise for a non-right angle too: a mark right of the centre
 * moves up (screen y grows downwards). */
static void
test_rotate_direction (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_transparent (41, 41);
  g_autoptr(GdkPixbuf) result = NULL;
  double rad = 30 * G_PI / 180;
  int ex, ey;

  for (int y = 19; y <= 21; y++)
    for (int x = 34; x <= 36; x++)
      put (source, x, y, 255, 255, 255, 255);

  options->angle = 30;
  options->expand = FALSE;
  result = render (source, options);
  assert_size (result, 41, 41);

  /* The mark's centre (35.5, 20.5) is 15 px right of the centre (20.5,
   * 20.5); counter-clockwise by 30° it lands at (20.5 + 15 cos 30°,
   * 20.5 − 15 sin 30°). */
  ex = (int) floor (20.5 + 15 * cos (rad));
  ey = (int) floor (20.5 - 15 * sin (rad));
  assert_rgba (result, ex, ey, 255, 255, 255, 255);
  assert_rgba (result, 35, 20, 0, 0, 0, 0);
  assert_rgba (result, ex, (int) floor (20.5 + 15 * sin (rad)), 0, 0, 0, 0);
}

/* Resize. */

static void
test_resize (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) source = new_filled (400, 200, 0x10ff20ff);
  g_autoptr(GdkPixbuf) result = NULL;

  /* w only: the height follows, rounded. */
  options->width = 101;
  assert_geometry (400, 200, options, 101, 51, 101, 51);   /* 50.5 rounds away from 0 */
  result = render (source, options);
  assert_size (result, 101, 51);
  assert_rgba (result, 50, 25, 0x10, 0xff, 0x20, 0xff);
  g_clear_object (&result);

  /* h only. */
  options->width = 0;
  options->height = 30;
  assert_geometry (400, 200, options, 60, 30, 60, 30);
  result = render (source, options);
  assert_size (result, 60, 30);
  g_clear_object (&result);

  /* Both: fit inside, whichever side binds. */
  options->width = 100;
  options->height = 100;
  assert_geometry (400, 200, options, 100, 50, 100, 50);
  options->width = 300;
  options->height = 50;
  assert_geometry (400, 200, options, 100, 50, 100, 50);
  result = render (source, options);
  assert_size (result, 100, 50);
  g_clear_object (&result);

  /* Upscaling too, and never below 1 px. */
  options->width = 1000;
  options->height = 0;
  assert_geometry (400, 200, options, 1000, 500, 1000, 500);
  options->width = 1;
  assert_geometry (400, 100, options, 1, 1, 1, 1);

  /* exact_resize forces both; with one side only it changes nothing. */
  options->width = 100;
  options->height = 100;
  options->exact_resize = TRUE;
  assert_geometry (400, 200, options, 100, 100, 100, 100);
  result = render (source, options);
  assert_size (result, 100, 100);
  assert_rgba (result, 0, 0, 0x10, 0xff, 0x20, 0xff);
  g_clear_object (&result);
  options->height = 0;
  assert_geometry (400, 200, options, 100, 50, 100, 50);

  /* Resize comes before rotation. */
  options->width = 100;
  options->height = 20;
  options->angle = 90;
  assert_geometry (400, 200, options, 100, 20, 20, 100);
}

void
render_add_geometry_tests (void)
{
  g_test_add_func ("/render/rotate/90-expand", test_rotate_90_expand);
  g_test_add_func ("/render/rotate/90-without-expand", test_rotate_90_without_expand);
  g_test_add_func ("/render/rotate/45", test_rotate_45);
  g_test_add_func ("/render/rotate/direction", test_rotate_direction);
  g_test_add_func ("/render/resize", test_resize);
}
