/* test-finish.c — tests for trimming and EXIF orientation of results
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cutout-finish.h"
#include "cutout-test-util.h"

/* ---- helpers ---------------------------------------------------------- */

static GdkPixbuf *
new_transparent (int width,
                 int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0x00000000);
  return pixbuf;
}

static void
set_pixel (GdkPixbuf *pixbuf,
           int        x,
           int        y,
           guint32    rgba)
{
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf)
              + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
              + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  p[0] = rgba >> 24;
  p[1] = (rgba >> 16) & 0xff;
  p[2] = (rgba >> 8) & 0xff;
  if (gdk_pixbuf_get_has_alpha (pixbuf))
    p[3] = rgba & 0xff;
}

static guint32
get_pixel (GdkPixbuf *pixbuf,
           int        x,
           int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf)
                    + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
  guint8 alpha = gdk_pixbuf_get_has_alpha (pixbuf) ? p[3] : 0xff;

  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | alpha;
}

/* A 3 × 2 image whose six pixels all differ: any wrong rotation or flip
 * shows. */
static GdkPixbuf *
new_asymmetric (void)
{
  GdkPixbuf *pixbuf = new_transparent (3, 2);

  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 3; x++)
      set_pixel (pixbuf, x, y, 0x10203000u + (guint32) ((y * 3 + x + 1) << 24) + 0xff);

  return pixbuf;
}

/* The pixel of the stored image @stored that EXIF @orientation shows at
 * (x, y), from the definitions of the orientation tag (which stored row
 * and column become the visual top and left). */
static guint32
expected_pixel (GdkPixbuf *stored,
                int        orientation,
                int        x,
                int        y)
{
  int w = gdk_pixbuf_get_width (stored);
  int h = gdk_pixbuf_get_height (stored);

  switch (orientation)
    {
    case 1: return get_pixel (stored, x, y);
    case 2: return get_pixel (stored, w - 1 - x, y);
    case 3: return get_pixel (stored, w - 1 - x, h - 1 - y);
    case 4: return get_pixel (stored, x, h - 1 - y);
    case 5: return get_pixel (stored, y, x);
    case 6: return get_pixel (stored, y, h - 1 - x);
    case 7: return get_pixel (stored, w - 1 - y, h - 1 - x);
    case 8: return get_pixel (stored, w - 1 - y, x);
    default: g_assert_not_reached ();
    }
}

static void
assert_oriented (GdkPixbuf *stored,
                 GdkPixbuf *shown,
                 int        orientation)
{
  gboolean swapped = orientation >= 5;
  int w = gdk_pixbuf_get_width (stored);
  int h = gdk_pixbuf_get_height (stored);

  g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, swapped ? h : w);
  g_assert_cmpint (gdk_pixbuf_get_height (shown), ==, swapped ? w : h);

  for (int y = 0; y < gdk_pixbuf_get_height (shown); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (shown); x++)
      g_assert_cmphex (get_pixel (shown, x, y), ==, expected_pixel (stored, orientation, x, y));
}

static void
put_u16 (GByteArray *out,
         guint16     value,
         gboolean    big_endian)
{
  guint8 b[2];

  b[0] = big_endian ? value >> 8 : value & 0xff;
  b[1] = big_endian ? value & 0xff : value >> 8;
  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     value,
         gboolean    big_endian)
{
  put_u16 (out, big_endian ? value >> 16 : value & 0xffff, big_endian);
  put_u16 (out, big_endian ? value & 0xffff : value >> 16, big_endian);
}

/* A TIFF structure as cameras write it into Exif: IFD0 with Make, then
 * Orientation (a SHORT), then the Make string. */
static GByteArray *
make_tiff (int      orientation,
           gboolean big_endian)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) (big_endian ? "MM" : "II"), 2);
  put_u16 (out, 42, big_endian);
  put_u32 (out, 8, big_endian);          /* IFD0 right after the header */
  put_u16 (out, 2, big_endian);          /* two entries */
  put_u16 (out, 0x010F, big_endian);     /* Make, ASCII, 6 bytes at offset 38 */
  put_u16 (out, 2, big_endian);
  put_u32 (out, 6, big_endian);
  put_u32 (out, 8 + 2 + 2 * 12 + 4, big_endian);
  put_u16 (out, 0x0112, big_endian);     /* Orientation, SHORT, 1 value */
  put_u16 (out, 3, big_endian);
  put_u32 (out, 1, big_endian);
  put_u16 (out, orientation, big_endian);
  put_u16 (out, 0, big_endian);
  put_u32 (out, 0, big_endian);          /* no next IFD */
  g_byte_array_append (out, (const guint8 *) "Canon", 6);

  return out;
}

/* An APP1 "Exif" segment holding make_tiff(). */
static GByteArray *
make_exif_app1 (int      orientation,
                gboolean big_endian)
{
  g_autoptr(GByteArray) tiff = make_tiff (orientation, big_endian);
  GByteArray *out = g_byte_array_new ();
  guint8 marker[] = { 0xFF, 0xE1 };

  g_byte_array_append (out, marker, 2);
  put_u16 (out, 2 + 6 + tiff->len, TRUE);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, tiff->data, tiff->len);

  return out;
}

/* A real JPEG (gdk-pixbuf's saver, which cannot write Exif) with an Exif
 * APP1 segment spliced in right after SOI, optionally after an XMP APP1
 * segment as Adobe tools write it. */
static GByteArray *
make_jpeg_with_orientation (int      orientation,
                            gboolean big_endian,
                            gboolean with_xmp)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 12, 8);
  g_autoptr(GByteArray) app1 = make_exif_app1 (orientation, big_endian);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  gsize jpeg_len = 0;
  GByteArray *out = g_byte_array_new ();

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_len, "jpeg", &error, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint ((guint8) jpeg[0], ==, 0xFF);
  g_assert_cmpuint ((guint8) jpeg[1], ==, 0xD8);

  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  if (with_xmp)
    {
      static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>";
      guint8 marker[] = { 0xFF, 0xE1 };

      g_byte_array_append (out, marker, 2);
      put_u16 (out, 2 + sizeof xmp - 1, TRUE);
      g_byte_array_append (out, (const guint8 *) xmp, sizeof xmp - 1);
    }
  g_byte_array_append (out, app1->data, app1->len);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, jpeg_len - 2);

  return out;
}

/* Parses @data placed so that its last byte is the last byte before an
 * inaccessible page: any read past the end crashes the test. */
static int
parse_guarded (const guint8 *data,
               gsize         len)
{
  static guint8 *area = NULL;
  static gsize page = 0;
  static gsize area_len = 0;
  int orientation;

  if (area == NULL)
    {
      page = (gsize) sysconf (_SC_PAGESIZE);
      area_len = ((CUTOUT_FINISH_EXIF_READ_SIZE + page - 1) / page + 1) * page;
      area = mmap (NULL, area_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      g_assert_true (area != MAP_FAILED);
      g_assert_cmpint (mprotect (area + area_len - page, page, PROT_NONE), ==, 0);
    }

  g_assert_cmpuint (len, <=, area_len - page);
  memcpy (area + area_len - page - len, data, len);
  orientation = cutout_finish_parse_orientation (area + area_len - page - len, len);
  g_assert_cmpint (orientation, >=, 0);
  g_assert_cmpint (orientation, <=, 8);

  return orientation;
}

/* ---- EXIF ------------------------------------------------------------- */

static void
test_parse_orientation (void)
{
  for (int o = 1; o <= 8; o++)
    for (int be = 0; be <= 1; be++)
      {
        g_autoptr(GByteArray) jpeg = make_jpeg_with_orientation (o, be, FALSE);
        g_autoptr(GByteArray) with_xmp = make_jpeg_with_orientation (o, be, TRUE);
        g_autoptr(GByteArray) tiff = make_tiff (o, be);

        g_assert_cmpint (parse_guarded (jpeg->data, jpeg->len), ==, o);
        g_assert_cmpint (parse_guarded (with_xmp->data, with_xmp->len), ==, o);
        /* A TIFF file starts with the same structure. */
        g_assert_cmpint (parse_guarded (tiff->data, tiff->len), ==, o);
      }
}

static void
test_parse_malformed (void)
{
  g_autoptr(GByteArray) good = make_jpeg_with_orientation (6, TRUE, FALSE);
  g_autoptr(GByteArray) tiff = make_tiff (3, FALSE);
  g_autoptr(GByteArray) copy = NULL;
  static const guint8 not_images[][8] = {
    { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' },
    { 0xFF, 0xD8, 0xFF, 0xDA, 0, 0, 0, 0 },             /* scan at once */
    { 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0, 0 },       /* length below 2 */
    { 0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x' },   /* length past the end */
    { 0xFF, 0xD8, 0x00, 0x00, 0, 0, 0, 0 },             /* no marker */
    { 0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, /* only fill bytes */
    { 'I', 'I', 42, 0, 0xFF, 0xFF, 0xFF, 0xFF },        /* IFD far away */
    { 'M', 'M', 0, 42, 0, 0, 0, 4 },                    /* IFD inside the header */
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_images); i++)
    g_assert_cmpint (parse_guarded (not_images[i], sizeof not_images[i]), ==, 0);
  g_assert_cmpint (cutout_finish_parse_orientation (NULL, 0), ==, 0);
  g_assert_cmpint (parse_guarded (good->data, 3), ==, 0);

  /* Every truncation gives nothing or the right answer, never a read
   * outside the data. */
  for (guint len = 0; len <= good->len; len++)
    {
      int o = parse_guarded (good->data, len);

      g_assert_true (o == 0 || o == 6);
    }
  for (guint len = 0; len <= tiff->len; len++)
    {
      int o = parse_guarded (tiff->data, len);

      g_assert_true (o == 0 || o == 3);
    }

  /* An out-of-range value, a wrong type, a huge entry count. */
  copy = g_byte_array_new ();
  g_byte_array_append (copy, tiff->data, tiff->len);
  copy->data[8 + 2 + 12 + 8] = 9;                /* orientation 9 */
  g_assert_cmpint (parse_guarded (copy->data, copy->len), ==, 0);
  copy->data[8 + 2 + 12 + 8] = 3;
  copy->data[8 + 2 + 12 + 2] = 2;                /* type ASCII */
  g_assert_cmpint (parse_guarded (copy->data, copy->len), ==, 0);
  copy->data[8 + 2 + 12 + 2] = 3;
  g_assert_cmpint (parse_guarded (copy->data, copy->len), ==, 3);
  copy->data[8] = 0xFF;                          /* 65535 entries */
  copy->data[9] = 0xFF;
  g_assert_cmpint (parse_guarded (copy->data, copy->len), ==, 3);
  copy->data[8 + 2 + 12] = 0;                    /* orientation tag gone */
  g_assert_cmpint (parse_guarded (copy->data, copy->len), ==, 0);

  /* Random damage to a real header (a small fuzz run; the seed is
   * printed by GTest and can be replayed with --seed). */
  for (int round = 0; round < 20000; round++)
    {
      g_autoptr(GByteArray) fuzzed = g_byte_array_new ();
      guint header = MIN (good->len, 120);
      int flips = g_test_rand_int_range (1, 6);

      g_byte_array_append (fuzzed, good->data, header);
      for (int f = 0; f < flips; f++)
        fuzzed->data[g_test_rand_int_range (0, header)] = (guint8) g_test_rand_int_range (0, 256);
      parse_guarded (fuzzed->data, g_test_rand_int_range (0, header + 1));
    }
}

static void
test_apply_orientation (void)
{
  g_autoptr(GdkPixbuf) stored = new_asymmetric ();

  for (int o = 1; o <= 8; o++)
    {
      g_autoptr(GdkPixbuf) shown = cutout_finish_apply_orientation (stored, o);

      assert_oriented (stored, shown, o);
    }

  /* Anything else leaves the image as it is. */
  for (int o = -1; o <= 9; o += 10)
    {
      g_autoptr(GdkPixbuf) same = cutout_finish_apply_orientation (stored, o);

      g_assert_true (same == stored);
    }
}

/* The whole path: a camera JPEG with an orientation tag is the original,
 * the service's answer is a PNG in stored orientation, the finished file
 * must be upright. */
static void
test_orientation_files (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GdkPixbuf) stored = new_asymmetric ();
  g_autoptr(GError) error = NULL;
  CutoutFinishSettings settings = { .orient = TRUE };

  for (int o = 1; o <= 8; o++)
    {
      g_autoptr(GByteArray) jpeg = make_jpeg_with_orientation (o, o % 2 == 0, FALSE);
      g_autofree char *jpeg_name = g_strdup_printf ("camera-%d.jpg", o);
      g_autofree char *jpeg_path = cutout_test_write_bytes (dir, jpeg_name, jpeg->data, jpeg->len);
      g_autofree char *result_path = g_build_filename (dir, "result.png", NULL);
      g_autofree char *done_path = g_build_filename (dir, "done.png", NULL);
      g_autoptr(GFile) original = g_file_new_for_path (jpeg_path);
      g_autoptr(GFile) result = g_file_new_for_path (result_path);
      g_autoptr(GFile) done = g_file_new_for_path (done_path);
      g_autoptr(GdkPixbuf) decoded = NULL;
      g_autoptr(GdkPixbuf) by_gdk = NULL;
      g_autoptr(GdkPixbuf) by_us = NULL;
      g_autoptr(GdkPixbuf) finished = NULL;
      g_autofree char *option = g_strdup_printf ("%d", o);
      int width = 0, height = 0;

      /* gdk-pixbuf's own JPEG loader sees the spliced tag: the test file
       * is a real camera-style JPEG. */
      decoded = cutout_test_load_pixbuf (jpeg_path);
      g_assert_cmpstr (gdk_pixbuf_get_option (decoded, "orientation"), ==, option);
      g_assert_cmpint (cutout_finish_read_orientation (original, NULL, &error), ==, o);
      g_assert_no_error (error);

      /* Same pixels as gdk-pixbuf's own orientation code. */
      by_gdk = gdk_pixbuf_apply_embedded_orientation (decoded);
      by_us = cutout_finish_apply_orientation (decoded, o);
      g_assert_cmpint (gdk_pixbuf_get_width (by_us), ==, gdk_pixbuf_get_width (by_gdk));
      g_assert_cmpint (gdk_pixbuf_get_height (by_us), ==, gdk_pixbuf_get_height (by_gdk));
      g_assert_cmpmem (gdk_pixbuf_read_pixels (by_us), gdk_pixbuf_get_byte_length (by_us),
                       gdk_pixbuf_read_pixels (by_gdk), gdk_pixbuf_get_byte_length (by_gdk));

      g_assert_true (gdk_pixbuf_save (stored, result_path, "png", &error, NULL));
      g_assert_no_error (error);
      g_assert_true (cutout_finish_file (original, result, done, &settings, &width, &height, NULL, &error));
      g_assert_no_error (error);

      finished = cutout_test_load_pixbuf (done_path);
      assert_oriented (stored, finished, o);
      g_assert_cmpint (width, ==, gdk_pixbuf_get_width (finished));
      g_assert_cmpint (height, ==, gdk_pixbuf_get_height (finished));
    }

  cutout_test_rm_rf (dir);
}

static void
test_read_orientation_plain (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *png = cutout_test_write_image (dir, "plain.png", 8, 8, "png");
  g_autofree char *jpeg = cutout_test_write_image (dir, "plain.jpg", 8, 8, "jpeg");
  g_autofree char *missing = g_build_filename (dir, "missing.jpg", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) jpeg_file = g_file_new_for_path (jpeg);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cutout_finish_read_orientation (png_file, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (cutout_finish_read_orientation (jpeg_file, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (cutout_finish_read_orientation (missing_file, NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  cutout_test_rm_rf (dir);
}

/* ---- trim ------------------------------------------------------------- */

static void
assert_bounds (GdkPixbuf *pixbuf,
               int        ex,
               int        ey,
               int        ew,
               int        eh)
{
  int x = -1, y = -1, w = -1, h = -1;

  g_assert_true (cutout_finish_get_subject_bounds (pixbuf, CUTOUT_FINISH_TRIM_THRESHOLD, &x, &y, &w, &h));
  g_assert_cmpint (x, ==, ex);
  g_assert_cmpint (y, ==, ey);
  g_assert_cmpint (w, ==, ew);
  g_assert_cmpint (h, ==, eh);
}

/* @trimmed must be the part of @source at (@x, @y), pixel for pixel. */
static void
assert_crop_of (GdkPixbuf *trimmed,
                GdkPixbuf *source,
                int        x,
                int        y,
                int        width,
                int        height)
{
  g_assert_cmpint (gdk_pixbuf_get_width (trimmed), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (trimmed), ==, height);

  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      g_assert_cmphex (get_pixel (trimmed, i, j), ==, get_pixel (source, x + i, y + j));
}

static void
test_trim (void)
{
  g_autoptr(GdkPixbuf) image = new_transparent (20, 10);
  g_autoptr(GdkPixbuf) trimmed = NULL;
  g_autoptr(GdkPixbuf) scattered = new_transparent (20, 10);
  g_autoptr(GdkPixbuf) corner = new_transparent (20, 10);
  g_autoptr(GdkPixbuf) empty = new_transparent (20, 10);
  g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 20, 10);
  int x = 0;

  /* A 4 × 3 subject at (5, 3), with a distinct pixel in each corner. */
  for (int j = 3; j <= 5; j++)
    for (int i = 5; i <= 8; i++)
      set_pixel (image, i, j, 0x808080ff);
  set_pixel (image, 5, 3, 0xff0000ff);
  set_pixel (image, 8, 5, 0x00ff0080);
  /* Faint pixels at the threshold do not count. */
  set_pixel (image, 0, 0, 0xffffff00 | CUTOUT_FINISH_TRIM_THRESHOLD);
  set_pixel (image, 19, 9, 0xffffff00 | CUTOUT_FINISH_TRIM_THRESHOLD);

  assert_bounds (image, 5, 3, 4, 3);

  trimmed = cutout_finish_trim (image, 0);
  assert_crop_of (trimmed, image, 5, 3, 4, 3);
  g_clear_object (&trimmed);

  trimmed = cutout_finish_trim (image, 2);
  assert_crop_of (trimmed, image, 3, 1, 8, 7);
  g_clear_object (&trimmed);

  /* Clamped on the sides where the margin runs out of image. */
  trimmed = cutout_finish_trim (image, 4);
  assert_crop_of (trimmed, image, 1, 0, 12, 10);
  g_clear_object (&trimmed);

  /* A margin covering everything keeps the image; negative means 0. */
  trimmed = cutout_finish_trim (image, 100);
  g_assert_true (trimmed == image);
  g_clear_object (&trimmed);
  trimmed = cutout_finish_trim (image, -5);
  assert_crop_of (trimmed, image, 5, 3, 4, 3);
  g_clear_object (&trimmed);

  /* One alpha step above the threshold counts. */
  set_pixel (image, 19, 9, 0xffffff00 | (CUTOUT_FINISH_TRIM_THRESHOLD + 1));
  assert_bounds (image, 5, 3, 15, 7);

  /* Rows that widen the box on either side after the first. */
  set_pixel (scattered, 10, 2, 0x000000ff);
  set_pixel (scattered, 4, 5, 0x000000ff);
  set_pixel (scattered, 15, 7, 0x000000ff);
  set_pixel (scattered, 12, 8, 0x000000ff);
  assert_bounds (scattered, 4, 2, 12, 7);

  /* A single pixel in the corner, margin clamped at the edges. */
  set_pixel (corner, 0, 0, 0x123456ff);
  trimmed = cutout_finish_trim (corner, 3);
  assert_crop_of (trimmed, corner, 0, 0, 4, 4);
  g_clear_object (&trimmed);

  /* Nothing to find: all transparent, or no alpha at all. The image is
   * returned as it is. */
  g_assert_false (cutout_finish_get_subject_bounds (empty, CUTOUT_FINISH_TRIM_THRESHOLD, &x, NULL, NULL, NULL));
  g_assert_cmpint (x, ==, 0);
  trimmed = cutout_finish_trim (empty, 2);
  g_assert_true (trimmed == empty);
  g_clear_object (&trimmed);
  gdk_pixbuf_fill (opaque, 0xffffffff);
  g_assert_false (cutout_finish_get_subject_bounds (opaque, 0, NULL, NULL, NULL, NULL));
  trimmed = cutout_finish_trim (opaque, 0);
  g_assert_true (trimmed == opaque);
}

static void
test_trim_after_orientation (void)
{
  g_autoptr(GdkPixbuf) stored = new_transparent (8, 4);
  g_autoptr(GdkPixbuf) finished = NULL;
  CutoutFinishSettings settings = { .orient = TRUE, .trim = TRUE, .trim_margin = 1 };

  /* Stored: a 2 × 1 subject at (1, 2). Orientation 6 (a quarter turn
   * clockwise) shows it as 1 × 2 at (1, 1) of a 4 × 8 image; with a 1 px
   * margin that is a 3 × 4 crop at (0, 0). */
  set_pixel (stored, 1, 2, 0xaa0000ff);
  set_pixel (stored, 2, 2, 0x00bb00ff);

  g_assert_true (cutout_finish_is_needed (&settings, 6));
  finished = cutout_finish_pixbuf (stored, 6, &settings);
  g_assert_cmpint (gdk_pixbuf_get_width (finished), ==, 3);
  g_assert_cmpint (gdk_pixbuf_get_height (finished), ==, 4);
  g_assert_cmphex (get_pixel (finished, 1, 1), ==, 0xaa0000ff);
  g_assert_cmphex (get_pixel (finished, 1, 2), ==, 0x00bb00ff);
  g_assert_cmphex (get_pixel (finished, 0, 0), ==, 0x00000000);

  settings.trim = FALSE;
  g_assert_false (cutout_finish_is_needed (&settings, 1));
  g_assert_false (cutout_finish_is_needed (&settings, 0));
  g_assert_true (cutout_finish_is_needed (&settings, 2));
  g_assert_false (cutout_finish_is_needed (NULL, 6));
}

/* ---- files ------------------------------------------------------------ */

static GdkPixbuf *
new_subject_image (void)
{
  GdkPixbuf *image = new_transparent (40, 30);

  for (int j = 10; j < 20; j++)
    for (int i = 12; i < 30; i++)
      set_pixel (image, i, j, 0xc81e1eff);

  return image;
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
test_finish_files (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autoptr(GdkPixbuf) image = new_subject_image ();
  g_autofree char *png_path = g_build_filename (dir, "result.png", NULL);
  g_autofree char *webp_path = g_build_filename (dir, "result.webp", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "copy.png", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "gone.jpg", NULL);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) webp = g_file_new_for_path (webp_path);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text_path = NULL;
  g_autoptr(GFile) text = NULL;
  gsize before_len = 0, after_len = 0;
  CutoutFinishSettings trim = { .trim = TRUE, .trim_margin = 2 };
  CutoutFinishSettings orient = { .orient = TRUE };
  GdkPixbufFormat *format;
  int width = 0, height = 0;

  /* Nothing to do: an exact copy, and the same file is left alone. The
   * original's orientation cannot be read (it is gone): no reason to
   * lose the result. */
  g_assert_true (gdk_pixbuf_save (image, png_path, "png", &error, NULL));
  g_assert_no_error (error);
  g_assert_true (cutout_finish_file (missing, png, copy, &orient, &width, &height, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 40);
  g_assert_cmpint (height, ==, 30);
  g_assert_true (g_file_get_contents (png_path, &before, &before_len, NULL));
  g_assert_true (g_file_get_contents (copy_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_true (cutout_finish_file (NULL, png, png, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (png_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Trim in place, PNG stays PNG, pixels exact. */
  g_assert_true (cutout_finish_file (NULL, png, png, &trim, &width, &height, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 22);
  g_assert_cmpint (height, ==, 14);
  format = gdk_pixbuf_get_file_info (png_path, NULL, NULL);
  g_assert_nonnull (format);
  {
    g_autofree char *name = gdk_pixbuf_format_get_name (format);

    g_assert_cmpstr (name, ==, "png");
  }
  loaded = cutout_test_load_pixbuf (png_path);
  assert_crop_of (loaded, image, 10, 8, 22, 14);
  g_clear_object (&loaded);

  /* WebP stays WebP; asynchronously this time. */
  g_assert_true (gdk_pixbuf_save (image, webp_path, "webp", &error, "quality", "100", NULL));
  g_assert_no_error (error);
  cutout_finish_file_async (NULL, webp, webp, &trim, NULL, ready_cb, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cutout_finish_file_finish (async_result, &width, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 22);
  g_assert_cmpint (height, ==, 14);
  format = gdk_pixbuf_get_file_info (webp_path, &width, &height);
  g_assert_nonnull (format);
  {
    g_autofree char *name = gdk_pixbuf_format_get_name (format);

    g_assert_cmpstr (name, ==, "webp");
  }
  g_assert_cmpint (width, ==, 22);
  g_assert_cmpint (height, ==, 14);

  /* Not an image: a clear error. */
  text_path = cutout_test_write_bytes (dir, "result.txt", "not an image", 12);
  text = g_file_new_for_path (text_path);
  g_assert_false (cutout_finish_file (NULL, text, copy, &trim, NULL, NULL, NULL, &error));
  g_assert_error (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The result is not an image that can be read");

  cutout_test_rm_rf (dir);
}

/* gdk-pixbuf's BMP saver leaves each row's padding uninitialised; the
 * saved file has it zeroed, and the same pixels. */
static void
test_save_bmp_padding (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "odd.bmp", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 5, 3);
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const guint8 *bytes;
  guint32 offset;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < 3; y++)
    for (int x = 0; x < 5; x++)
      {
        pixels[y * stride + x * 3] = (guint8) (40 * x + 1);
        pixels[y * stride + x * 3 + 1] = (guint8) (70 * y + 2);
        pixels[y * stride + x * 3 + 2] = (guint8) (x * y + 3);
      }

  g_assert_true (cutout_finish_save_bmp (pixbuf, path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  bytes = (const guint8 *) contents;
  /* 24 bits: 15 bytes of pixels and 1 of padding per row. */
  g_assert_cmpuint (bytes[28], ==, 24);
  offset = bytes[10] | (bytes[11] << 8) | (bytes[12] << 16) | ((guint32) bytes[13] << 24);
  g_assert_cmpuint (len, ==, offset + 3 * 16);
  for (int y = 0; y < 3; y++)
    g_assert_cmpuint (bytes[offset + y * 16 + 15], ==, 0);

  loaded = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (loaded), ==, 5);
  g_assert_cmpint (gdk_pixbuf_get_height (loaded), ==, 3);
  for (int y = 0; y < 3; y++)
    g_assert_cmpmem (gdk_pixbuf_get_pixels (loaded) + y * gdk_pixbuf_get_rowstride (loaded), 15,
                     pixels + y * stride, 15);

  cutout_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/finish/exif/parse", test_parse_orientation);
  g_test_add_func ("/finish/exif/malformed", test_parse_malformed);
  g_test_add_func ("/finish/exif/apply", test_apply_orientation);
  g_test_add_func ("/finish/exif/files", test_orientation_files);
  g_test_add_func ("/finish/exif/plain", test_read_orientation_plain);
  g_test_add_func ("/finish/trim", test_trim);
  g_test_add_func ("/finish/trim-after-orientation", test_trim_after_orientation);
  g_test_add_func ("/finish/files", test_finish_files);
  g_test_add_func ("/finish/save-bmp-padding", test_save_bmp_padding);

  return g_test_run ();
}
