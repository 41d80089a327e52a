/* test-convert.c — tests for converting inputs the service cannot take
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cutout-convert.h"
#include "cutout-preflight.h"
#include "cutout-test-util.h"

/* An animated GIF of two 4 × 3 frames over the palette red, green, blue,
 * white (gdk-pixbuf has no GIF saver). Frame 1 is
 *   R G B W
 *   W B G R
 *   R R W W
 * and frame 2 is all white: conversion must take frame 1. */
static const guint8 two_frame_gif[] = {
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x04, 0x00, 0x03, 0x00, 0xf1, 0x00,
  0x00, 0xff, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
  0xff, 0x21, 0xff, 0x0b, 0x4e, 0x45, 0x54, 0x53, 0x43, 0x41, 0x50, 0x45,
  0x32, 0x2e, 0x30, 0x03, 0x01, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x00,
  0x0a, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x03,
  0x00, 0x00, 0x02, 0x08, 0x44, 0xa8, 0x71, 0x62, 0x40, 0x80, 0x5b, 0x01,
  0x00, 0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
  0x00, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x02, 0x08, 0xdc, 0xb8, 0x71,
  0xe3, 0xc6, 0x8d, 0x5b, 0x01, 0x00, 0x3b,
};

static const guint32 gif_frame1[3][4] = {
  { 0xff0000, 0x00ff00, 0x0000ff, 0xffffff },
  { 0xffffff, 0x0000ff, 0x00ff00, 0xff0000 },
  { 0xff0000, 0xff0000, 0xffffff, 0xffffff },
};

/* ---- helpers ---------------------------------------------------------- */

static guint32
rgb_at (GdkPixbuf *pixbuf,
        int        x,
        int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf)
                    + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  return ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
}

/* A small image with a different color in every pixel, with alpha. */
static GdkPixbuf *
new_pattern (int width,
             int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 4;

        p[0] = (guint8) (x * 7);
        p[1] = (guint8) (y * 11);
        p[2] = (guint8) (x * y);
        p[3] = 255;
      }

  return pixbuf;
}

static void
assert_same_pixels (GdkPixbuf *a,
                    GdkPixbuf *b)
{
  g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));

  for (int y = 0; y < gdk_pixbuf_get_height (a); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (a); x++)
      g_assert_cmphex (rgb_at (a, x, y), ==, rgb_at (b, x, y));
}

/* Checks what every converted file must be: a PNG inside @folder,
 * decodable, of the reported size, within the service's limits. */
static GdkPixbuf *
assert_converted_png (const CutoutConvertResult *result,
                      GFile                     *folder)
{
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *format_name = NULL;
  g_autoptr(GFile) parent = NULL;
  GdkPixbufFormat *format;
  GStatBuf buf;
  GdkPixbuf *pixbuf;

  g_assert_nonnull (result->output);
  parent = g_file_get_parent (result->output);
  g_assert_true (g_file_equal (parent, folder));
  basename = g_file_get_basename (result->output);
  g_assert_true (g_str_has_prefix (basename, "cutout-convert-"));
  g_assert_true (g_str_has_suffix (basename, ".png"));

  path = g_file_get_path (result->output);
  format = gdk_pixbuf_get_file_info (path, NULL, NULL);
  g_assert_nonnull (format);
  format_name = gdk_pixbuf_format_get_name (format);
  g_assert_cmpstr (format_name, ==, "png");

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, ==, result->size);
  g_assert_cmpint (result->size, <=, CUTOUT_MAX_FILE_SIZE);

  pixbuf = cutout_test_load_pixbuf (path);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, result->width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, result->height);
  g_assert_cmpint (result->width, <=, CUTOUT_MAX_DIMENSION);
  g_assert_cmpint (result->height, <=, CUTOUT_MAX_DIMENSION);

  return pixbuf;
}

static CutoutConvertResult *
convert (const char *path,
         GFile      *folder,
         gboolean    allow_shrink)
{
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CutoutConvertResult *result;

  result = cutout_convert_file (input, folder, allow_shrink, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static char *
megabytes (goffset size)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", size / (1024.0 * 1024.0)));
}

/* ---- tests ------------------------------------------------------------ */

static void
test_fit_size (void)
{
  int w = 0, h = 0;

  cutout_convert_fit_size (12000, 8000, 10000, &w, &h);
  g_assert_cmpint (w, ==, 10000);
  g_assert_cmpint (h, ==, 6667);
  cutout_convert_fit_size (8000, 12000, 10000, &w, &h);
  g_assert_cmpint (w, ==, 6667);
  g_assert_cmpint (h, ==, 10000);
  cutout_convert_fit_size (12000, 300, 10000, &w, &h);
  g_assert_cmpint (w, ==, 10000);
  g_assert_cmpint (h, ==, 250);
  cutout_convert_fit_size (10000, 10000, 10000, &w, &h);
  g_assert_cmpint (w, ==, 10000);
  g_assert_cmpint (h, ==, 10000);
  cutout_convert_fit_size (640, 480, 10000, &w, &h);
  g_assert_cmpint (w, ==, 640);
  g_assert_cmpint (h, ==, 480);
  cutout_convert_fit_size (30000, 1, 10000, &w, &h);
  g_assert_cmpint (w, ==, 10000);
  g_assert_cmpint (h, ==, 1);
  cutout_convert_fit_size (20000, 20000, 10000, &w, &h);
  g_assert_cmpint (w, ==, 10000);
  g_assert_cmpint (h, ==, 10000);
}

static void
test_accepted_untouched (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *formats[] = { "png", "jpeg", "webp", "bmp" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("ok.%s", formats[i]);
      g_autofree char *path = cutout_test_write_image (dir, name, 64, 48, formats[i]);
      g_autoptr(GFile) input = g_file_new_for_path (path);
      g_autoptr(CutoutConvertResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (cutout_convert_get_reasons (input, FALSE, NULL, &error), ==, CUTOUT_CONVERT_NONE);
      g_assert_no_error (error);

      result = convert (path, folder, TRUE);
      g_assert_cmpint (result->reasons, ==, CUTOUT_CONVERT_NONE);
      g_assert_null (result->output);
      g_assert_null (result->description);
      g_assert_cmpstr (result->from_format, ==, formats[i]);
      g_assert_cmpint (result->from_width, ==, 64);
      g_assert_cmpint (result->width, ==, 64);
      g_assert_cmpint (result->height, ==, 48);
    }

  cutout_test_rm_rf (dir);
}

static void
test_gif_first_frame (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *path = cutout_test_write_bytes (dir, "anim.gif", two_frame_gif, sizeof two_frame_gif);
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(GdkPixbuf) png = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cutout_convert_get_reasons (input, FALSE, NULL, &error), ==, CUTOUT_CONVERT_FORMAT);
  g_assert_no_error (error);

  result = convert (path, folder, FALSE);
  g_assert_cmpint (result->reasons, ==, CUTOUT_CONVERT_FORMAT);
  g_assert_cmpstr (result->from_format, ==, "gif");
  g_assert_cmpstr (result->description, ==, "Converted from GIF to PNG");

  png = assert_converted_png (result, folder);
  g_assert_cmpint (result->width, ==, 4);
  g_assert_cmpint (result->height, ==, 3);
  for (int y = 0; y < 3; y++)
    for (int x = 0; x < 4; x++)
      g_assert_cmphex (rgb_at (png, x, y), ==, gif_frame1[y][x]);

  cutout_test_rm_rf (dir);
}

static void
test_tiff_and_ico (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GdkPixbuf) pattern = new_pattern (48, 32);
  g_autoptr(GdkPixbuf) icon = new_pattern (32, 32);
  g_autofree char *tiff_path = g_build_filename (dir, "scan.tif", NULL);
  g_autofree char *ico_path = g_build_filename (dir, "app.ico", NULL);
  g_autoptr(CutoutConvertResult) tiff = NULL;
  g_autoptr(CutoutConvertResult) ico = NULL;
  g_autoptr(GdkPixbuf) tiff_png = NULL;
  g_autoptr(GdkPixbuf) ico_png = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_save (pattern, tiff_path, "tiff", &error, NULL));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_save (icon, ico_path, "ico", &error, NULL));
  g_assert_no_error (error);

  tiff = convert (tiff_path, folder, FALSE);
  g_assert_cmpint (tiff->reasons, ==, CUTOUT_CONVERT_FORMAT);
  g_assert_cmpstr (tiff->description, ==, "Converted from TIFF to PNG");
  tiff_png = assert_converted_png (tiff, folder);
  assert_same_pixels (tiff_png, pattern);

  ico = convert (ico_path, folder, FALSE);
  g_assert_cmpint (ico->reasons, ==, CUTOUT_CONVERT_FORMAT);
  g_assert_cmpstr (ico->description, ==, "Converted from ICO to PNG");
  ico_png = assert_converted_png (ico, folder);
  assert_same_pixels (ico_png, icon);

  cutout_test_rm_rf (dir);
}

static void
test_shrink (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *path = cutout_test_write_image (dir, "wide.png", 12000, 300, "png");
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(CutoutConvertResult) refused = NULL;
  g_autoptr(GdkPixbuf) png = NULL;
  g_autoptr(GError) error = NULL;

  /* Refused clearly when shrinking is off. */
  g_assert_cmpint (cutout_convert_get_reasons (input, FALSE, NULL, &error), ==, CUTOUT_CONVERT_NONE);
  g_assert_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_SHRINK_REFUSED);
  g_assert_cmpstr (error->message, ==,
                   "The image is 12000 × 300 px, larger than the 10000 × 10000 px the service "
                   "takes, and shrinking is turned off");
  g_clear_error (&error);
  refused = cutout_convert_file (input, folder, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_SHRINK_REFUSED);
  g_clear_error (&error);

  g_assert_cmpint (cutout_convert_get_reasons (input, TRUE, NULL, &error), ==, CUTOUT_CONVERT_SHRINK);
  g_assert_no_error (error);

  result = convert (path, folder, TRUE);
  g_assert_cmpint (result->reasons, ==, CUTOUT_CONVERT_SHRINK);
  g_assert_cmpint (result->from_width, ==, 12000);
  g_assert_cmpint (result->from_height, ==, 300);
  g_assert_cmpstr (result->description, ==, "Shrunk from 12000 × 300 to 10000 × 250 px");
  png = assert_converted_png (result, folder);
  g_assert_cmpint (gdk_pixbuf_get_width (png), ==, 10000);
  g_assert_cmpint (gdk_pixbuf_get_height (png), ==, 250);
  /* Still the test image: white corners, the red disc in the middle. */
  g_assert_cmphex (rgb_at (png, 0, 0), ==, 0xffffff);
  g_assert_cmphex (rgb_at (png, 9999, 249), ==, 0xffffff);
  g_assert_cmphex (rgb_at (png, 5000, 125), ==, 0xc81e1e);

  cutout_test_rm_rf (dir);
}

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_tiff_shrink_async (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *png_path = cutout_test_write_image (dir, "tall.png", 200, 10400, "png");
  g_autofree char *tiff_path = g_build_filename (dir, "tall.tiff", NULL);
  g_autoptr(GdkPixbuf) source = cutout_test_load_pixbuf (png_path);
  g_autoptr(GFile) input = g_file_new_for_path (tiff_path);
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(GdkPixbuf) png = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_save (source, tiff_path, "tiff", &error, NULL));
  g_assert_no_error (error);

  cutout_convert_file_async (input, folder, TRUE, NULL, ready_cb, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = cutout_convert_file_finish (async_result, &error);
  g_assert_no_error (error);

  g_assert_cmpint (result->reasons, ==, CUTOUT_CONVERT_FORMAT | CUTOUT_CONVERT_SHRINK);
  g_assert_cmpstr (result->description, ==,
                   "Converted from TIFF to PNG; Shrunk from 200 × 10400 to 192 × 10000 px");
  png = assert_converted_png (result, folder);
  g_assert_cmpint (gdk_pixbuf_get_width (png), ==, 192);
  g_assert_cmpint (gdk_pixbuf_get_height (png), ==, 10000);

  cutout_test_rm_rf (dir);
}

/* A 24-bit BMP just over 50 MB of a flat picture: a PNG is a fraction. */
static void
test_reencode_large (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *path = cutout_test_write_image (dir, "big.bmp", 5000, 3600, "bmp");
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(GdkPixbuf) png = NULL;
  g_autoptr(GdkPixbuf) original = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, CUTOUT_MAX_FILE_SIZE);

  result = convert (path, folder, FALSE);
  g_assert_cmpint (result->reasons, ==, CUTOUT_CONVERT_REENCODE);
  g_assert_cmpint (result->from_size, ==, buf.st_size);
  g_assert_cmpint (result->size, <, buf.st_size / 10);
  from = megabytes (result->from_size);
  to = megabytes (result->size);
  expected = g_strdup_printf ("Re-encoded as PNG: %s MB → %s MB", from, to);
  g_assert_cmpstr (result->description, ==, expected);
  g_assert_true (g_str_has_prefix (result->description, "Re-encoded as PNG: 51.5 MB → "));

  png = assert_converted_png (result, folder);
  original = cutout_test_load_pixbuf (path);
  g_assert_cmpint (gdk_pixbuf_get_width (png), ==, 5000);
  g_assert_cmphex (rgb_at (png, 0, 0), ==, rgb_at (original, 0, 0));
  g_assert_cmphex (rgb_at (png, 2500, 1800), ==, rgb_at (original, 2500, 1800));

  cutout_test_rm_rf (dir);
}

/* Noise does not compress: the PNG stays over 50 MB, which must fail
 * clearly and leave no file behind. */
static void
test_still_too_large (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GdkPixbuf) noise = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4300, 4300);
  g_autofree char *path = g_build_filename (dir, "noise.bmp", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (noise);
  gsize length = gdk_pixbuf_get_byte_length (noise);
  const char *name;
  guint count = 0;

  for (gsize i = 0; i + 4 <= length; i += 4)
    {
      guint32 r = g_test_rand_int ();

      memcpy (pixels + i, &r, 4);
    }
  g_assert_true (gdk_pixbuf_save (noise, path, "bmp", &error, NULL));
  g_assert_no_error (error);

  result = cutout_convert_file (input, folder, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "The converted image is "));
  g_assert_true (g_str_has_suffix (error->message, " MB, still over the service's limit of 50 MB"));

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_cmpstr (name, ==, "noise.bmp");
      count++;
    }
  g_assert_cmpuint (count, ==, 1);

  cutout_test_rm_rf (dir);
}

static void
test_not_an_image (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *path = cutout_test_write_bytes (dir, "notes.tif", "just some text", 14);
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(CutoutConvertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("“%s” is not an image that can be converted", path);

  result = cutout_convert_file (input, folder, TRUE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_NOT_AN_IMAGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_cmpint (cutout_convert_get_reasons (input, TRUE, NULL, &error), ==, CUTOUT_CONVERT_NONE);
  g_assert_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_NOT_AN_IMAGE);

  cutout_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/convert/fit-size", test_fit_size);
  g_test_add_func ("/convert/accepted-untouched", test_accepted_untouched);
  g_test_add_func ("/convert/gif-first-frame", test_gif_first_frame);
  g_test_add_func ("/convert/tiff-and-ico", test_tiff_and_ico);
  g_test_add_func ("/convert/shrink", test_shrink);
  g_test_add_func ("/convert/tiff-shrink-async", test_tiff_shrink_async);
  g_test_add_func ("/convert/reencode-large", test_reencode_large);
  g_test_add_func ("/convert/still-too-large", test_still_too_large);
  g_test_add_func ("/convert/not-an-image", test_not_an_image);

  return g_test_run ();
}
