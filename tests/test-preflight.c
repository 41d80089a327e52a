/* test-preflight.c — tests of the file checks made before an upload
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cutout-api-error.h"
#include "cutout-preflight.h"
#include "cutout-test-util.h"

static char *tmpdir;

static CutoutPreflightInfo *
check_path (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cutout_preflight_check (file, NULL, error);
}

static void
assert_refused (const char     *path,
                CutoutApiError  code,
                const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutPreflightInfo) info = check_path (path, &error);

  g_test_message ("%s", path);
  g_assert_null (info);
  g_assert_error (error, CUTOUT_API_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (cutout_api_error_get_field (error), ==, "image");
  g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, 0);
}

/* Bytes this process has read through read() and friends so far. */
static guint64
get_read_chars (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/io", &contents, NULL, NULL))
    return G_MAXUINT64;

  line = strstr (contents, "rchar:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("rchar:"), NULL, 10);
}

static void
test_sniff (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0 };
  static const guint8 webp[] = { 'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P' };
  static const guint8 wave[] = { 'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E' };
  static const guint8 tiff_le[] = { 'I', 'I', '*', 0 };
  static const guint8 tiff_be[] = { 'M', 'M', 0, '*' };
  static const guint8 ico[] = { 0, 0, 1, 0, 1, 0 };
  static const guint8 cur[] = { 0, 0, 2, 0, 1, 0 };

  g_assert_cmpint (cutout_image_type_sniff (png, sizeof png), ==, CUTOUT_IMAGE_TYPE_PNG);
  g_assert_cmpint (cutout_image_type_sniff (png, sizeof png - 1), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff (jpeg, 3), ==, CUTOUT_IMAGE_TYPE_JPEG);
  g_assert_cmpint (cutout_image_type_sniff (jpeg, 2), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff (webp, sizeof webp), ==, CUTOUT_IMAGE_TYPE_WEBP);
  g_assert_cmpint (cutout_image_type_sniff (wave, sizeof wave), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff ((const guint8 *) "BM", 2), ==, CUTOUT_IMAGE_TYPE_BMP);
  g_assert_cmpint (cutout_image_type_sniff ((const guint8 *) "GIF87a", 6), ==, CUTOUT_IMAGE_TYPE_GIF);
  g_assert_cmpint (cutout_image_type_sniff ((const guint8 *) "GIF89a", 6), ==, CUTOUT_IMAGE_TYPE_GIF);
  g_assert_cmpint (cutout_image_type_sniff ((const guint8 *) "GIF90a", 6), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff (tiff_le, sizeof tiff_le), ==, CUTOUT_IMAGE_TYPE_TIFF);
  g_assert_cmpint (cutout_image_type_sniff (tiff_be, sizeof tiff_be), ==, CUTOUT_IMAGE_TYPE_TIFF);
  g_assert_cmpint (cutout_image_type_sniff (ico, sizeof ico), ==, CUTOUT_IMAGE_TYPE_ICO);
  g_assert_cmpint (cutout_image_type_sniff (cur, sizeof cur), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff ((const guint8 *) "MZ\x90", 3), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);
  g_assert_cmpint (cutout_image_type_sniff (NULL, 0), ==, CUTOUT_IMAGE_TYPE_UNKNOWN);

  g_assert_true (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_PNG));
  g_assert_true (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_JPEG));
  g_assert_true (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_WEBP));
  g_assert_true (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_BMP));
  g_assert_false (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_GIF));
  g_assert_false (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_TIFF));
  g_assert_false (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_ICO));
  g_assert_false (cutout_image_type_is_accepted (CUTOUT_IMAGE_TYPE_UNKNOWN));

  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_PNG), ==, "png");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_JPEG), ==, "jpg");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_WEBP), ==, "webp");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_BMP), ==, "bmp");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_GIF), ==, "gif");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_TIFF), ==, "tiff");
  g_assert_cmpstr (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_ICO), ==, "ico");
  g_assert_null (cutout_image_type_get_extension (CUTOUT_IMAGE_TYPE_UNKNOWN));
}

static void
test_real_images (void)
{
  static const struct
  {
    const char      *saver;
    const char      *name;
    CutoutImageType  type;
    const char      *mime_type;
    int              width;
    int              height;
  } cases[] = {
    { "png", "photo.png", CUTOUT_IMAGE_TYPE_PNG, "image/png", 320, 200 },
    { "jpeg", "photo.jpg", CUTOUT_IMAGE_TYPE_JPEG, "image/jpeg", 641, 479 },
    { "webp", "photo.webp", CUTOUT_IMAGE_TYPE_WEBP, "image/webp", 123, 457 },
    { "bmp", "photo.bmp", CUTOUT_IMAGE_TYPE_BMP, "image/bmp", 97, 31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cutout_test_write_image (tmpdir, cases[i].name, cases[i].width,
                                                       cases[i].height, cases[i].saver);
      g_autoptr(GError) error = NULL;
      g_autoptr(CutoutPreflightInfo) info = check_path (path, &error);
      GStatBuf st;
      int pixbuf_width = 0, pixbuf_height = 0;

      g_test_message ("%s", path);
      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (info->type, ==, cases[i].type);
      g_assert_cmpint (info->size, ==, st.st_size);
      g_assert_cmpint (info->width, ==, cases[i].width);
      g_assert_cmpint (info->height, ==, cases[i].height);
      g_assert_cmpstr (info->mime_type, ==, cases[i].mime_type);
      g_assert_cmpstr (info->upload_name, ==, cases[i].name);

      /* gdk-pixbuf reads the same size from the file. */
      g_assert_nonnull (gdk_pixbuf_get_file_info (path, &pixbuf_width, &pixbuf_height));
      g_assert_cmpint (info->width, ==, pixbuf_width);
      g_assert_cmpint (info->height, ==, pixbuf_height);
    }
}

static char *
write_header_file (const char   *name,
                   const guint8 *header,
                   gsize         header_len,
                   gsize         total_len)
{
  g_autofree guint8 *data = g_malloc0 (total_len);

  memcpy (data, header, MIN (header_len, total_len));
  return cutout_test_write_bytes (tmpdir, name, data, total_len);
}

static void
assert_dimensions (const char      *path,
                   CutoutImageType  type,
                   int              width,
                   int              height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutPreflightInfo) info = check_path (path, &error);

  g_test_message ("%s", path);
  g_assert_no_error (error);
  g_assert_cmpint (info->type, ==, type);
  g_assert_cmpint (info->width, ==, width);
  g_assert_cmpint (info->height, ==, height);
}

static void
test_header_variants (void)
{
  /* WebP lossless: VP8L, signature 0x2f, then 14-bit width-1 and height-1. */
  guint8 vp8l[30] = { 'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
                      10, 0, 0, 0, 0x2f };
  /* WebP extended: VP8X, canvas width-1 and height-1 as 24-bit numbers. */
  guint8 vp8x[30] = { 'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
                      10, 0, 0, 0, 0x10 };
  /* BMP, top-down (negative height) with a BITMAPINFOHEADER. */
  guint8 bmp_top_down[54] = { 'B', 'M', 54, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0 };
  /* BMP with an OS/2 1.x header: 16-bit sizes. */
  guint8 bmp_os2[26] = { 'B', 'M', 26, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0 };
  guint32 bits = (1999 - 1) | ((guint32) (777 - 1) << 14);
  gint32 height = -300;
  g_autofree char *vp8l_path = NULL;
  g_autofree char *vp8x_path = NULL;
  g_autofree char *vp8x_wide_path = NULL;
  g_autofree char *bmp_top_down_path = NULL;
  g_autofree char *bmp_os2_path = NULL;

  vp8l[21] = bits & 0xff;
  vp8l[22] = (bits >> 8) & 0xff;
  vp8l[23] = (bits >> 16) & 0xff;
  vp8l[24] = (bits >> 24) & 0xff;
  vp8l_path = write_header_file ("lossless.webp", vp8l, sizeof vp8l, 64);
  assert_dimensions (vp8l_path, CUTOUT_IMAGE_TYPE_WEBP, 1999, 777);

  /* 5000 × 10000 fits; 12000 wide does not. */
  vp8x[24] = (5000 - 1) & 0xff;
  vp8x[25] = ((5000 - 1) >> 8) & 0xff;
  vp8x[27] = (10000 - 1) & 0xff;
  vp8x[28] = ((10000 - 1) >> 8) & 0xff;
  vp8x_path = write_header_file ("extended.webp", vp8x, sizeof vp8x, 64);
  assert_dimensions (vp8x_path, CUTOUT_IMAGE_TYPE_WEBP, 5000, 10000);
  vp8x[24] = (12000 - 1) & 0xff;
  vp8x[25] = ((12000 - 1) >> 8) & 0xff;
  vp8x_wide_path = write_header_file ("wide.webp", vp8x, sizeof vp8x, 64);
  assert_refused (vp8x_wide_path, CUTOUT_API_ERROR_TOO_WIDE,
                  "Image width (12000px) exceeds the maximum allowed width of 10000px.");

  bmp_top_down[18] = 200;
  memcpy (bmp_top_down + 22, &height, 4);
  bmp_top_down_path = write_header_file ("top-down.bmp", bmp_top_down, sizeof bmp_top_down, 64);
  assert_dimensions (bmp_top_down_path, CUTOUT_IMAGE_TYPE_BMP, 200, 300);

  bmp_os2[18] = 0x10;
  bmp_os2[19] = 0x27; /* 10000 */
  bmp_os2[20] = 0x11;
  bmp_os2[21] = 0x27; /* 10001 */
  bmp_os2_path = write_header_file ("os2.bmp", bmp_os2, sizeof bmp_os2, 64);
  assert_refused (bmp_os2_path, CUTOUT_API_ERROR_TOO_TALL,
                  "Image height (10001px) exceeds the maximum allowed height of 10000px.");
}

static void
test_dimension_limits (void)
{
  g_autofree char *exact = cutout_test_write_fake_png (tmpdir, "exact.png", 10000, 10000, 4096);
  g_autofree char *wide = cutout_test_write_fake_png (tmpdir, "wide.png", 10001, 10000, 4096);
  g_autofree char *tall = cutout_test_write_fake_png (tmpdir, "tall.png", 10000, 10001, 4096);
  g_autofree char *both = cutout_test_write_fake_png (tmpdir, "both.png", 12000, 15000, 4096);
  g_autofree char *zero = cutout_test_write_fake_png (tmpdir, "zero.png", 0, 100, 4096);

  assert_dimensions (exact, CUTOUT_IMAGE_TYPE_PNG, 10000, 10000);
  assert_refused (wide, CUTOUT_API_ERROR_TOO_WIDE,
                  "Image width (10001px) exceeds the maximum allowed width of 10000px.");
  assert_refused (tall, CUTOUT_API_ERROR_TOO_TALL,
                  "Image height (10001px) exceeds the maximum allowed height of 10000px.");
  /* Width is checked first, as the service does. */
  assert_refused (both, CUTOUT_API_ERROR_TOO_WIDE,
                  "Image width (12000px) exceeds the maximum allowed width of 10000px.");
  assert_refused (zero, CUTOUT_API_ERROR_INVALID_SIGNATURE,
                  "File does not appear to be a valid image (invalid file signature)");
}

static void
test_size_limits (void)
{
  g_autofree char *exact = cutout_test_write_fake_png (tmpdir, "exact-50.png", 100, 100, CUTOUT_MAX_FILE_SIZE);
  g_autofree char *over = cutout_test_write_fake_png (tmpdir, "over-50.png", 100, 100, CUTOUT_MAX_FILE_SIZE + 1);
  /* API.md's example: 55.2 MB. */
  g_autofree char *example = cutout_test_write_fake_png (tmpdir, "example.png", 100, 100, 57881395);
  /* Too large is found before too wide, as the service does. */
  g_autofree char *over_wide = cutout_test_write_fake_png (tmpdir, "over-wide.png", 20000, 100, 60 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutPreflightInfo) info = check_path (exact, &error);

  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, 50 * 1024 * 1024);
  g_assert_cmpint (info->width, ==, 100);

  assert_refused (over, CUTOUT_API_ERROR_FILE_TOO_LARGE,
                  "File size (50.0 MB) exceeds the maximum allowed size of 50 MB.");
  assert_refused (example, CUTOUT_API_ERROR_FILE_TOO_LARGE,
                  "File size (55.2 MB) exceeds the maximum allowed size of 50 MB.");
  assert_refused (over_wide, CUTOUT_API_ERROR_FILE_TOO_LARGE,
                  "File size (60.0 MB) exceeds the maximum allowed size of 50 MB.");
}

/* Proves that a 50 MiB file is checked by reading a few bytes of it: the
 * kernel's count of bytes read by this process barely moves. */
static void
test_reads_only_the_header (void)
{
  g_autofree char *warm_up = cutout_test_write_image (tmpdir, "warm-up.png", 16, 16, "png");
  g_autofree char *big = cutout_test_write_fake_png (tmpdir, "big.png", 4000, 3000, CUTOUT_MAX_FILE_SIZE);
  g_autoptr(CutoutPreflightInfo) warm_info = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  guint64 before, after;
  gint64 start, elapsed;

  if (get_read_chars () == G_MAXUINT64)
    {
      g_test_skip ("/proc/self/io is not available");
      return;
    }

  /* The first use of GIO loads its modules; do that outside the count. */
  warm_info = check_path (warm_up, &error);
  g_assert_no_error (error);

  before = get_read_chars ();
  start = g_get_monotonic_time ();
  info = check_path (big, &error);
  elapsed = g_get_monotonic_time () - start;
  after = get_read_chars ();

  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 4000);
  g_assert_cmpint (info->height, ==, 3000);
  g_assert_cmpint (info->size, ==, CUTOUT_MAX_FILE_SIZE);

  /* The count includes reading /proc/self/io itself once (well under
   * 4 KiB); the file's own share is the 32-byte head. */
  g_test_message ("bytes read for a 50 MiB file: %" G_GUINT64_FORMAT ", in %" G_GINT64_FORMAT " us",
                  after - before, elapsed);
  g_assert_cmpuint (after - before, <, 4096);

  /* And the file really is 50 MiB long but sparse, so that a whole read
   * would have shown in the count above, not in the disk's work. */
  g_assert_cmpint (g_stat (big, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, CUTOUT_MAX_FILE_SIZE);
}

/* A JPEG whose frame header comes after 640 KiB of metadata: the
 * segments are skipped, not read. */
static void
test_jpeg_skips_metadata (void)
{
  g_autofree char *plain = cutout_test_write_image (tmpdir, "plain.jpg", 333, 222, "jpeg");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 fill[] = { 0xff, 0xff };
  guint8 *app = g_malloc0 (65537);
  gsize len;
  guint64 before, after;
  int width = 0, height = 0;

  g_assert_true (g_file_get_contents (plain, &contents, &len, NULL));
  g_byte_array_append (bytes, (const guint8 *) contents, 2);
  app[0] = 0xff;
  app[1] = 0xe1;
  app[2] = 0xff;
  app[3] = 0xff;
  for (guint i = 0; i < 10; i++)
    g_byte_array_append (bytes, app, 65537);
  /* Fill bytes before a marker are allowed. */
  g_byte_array_append (bytes, fill, sizeof fill);
  g_byte_array_append (bytes, (const guint8 *) contents + 2, len - 2);
  g_free (app);
  path = cutout_test_write_bytes (tmpdir, "exif.jpeg", bytes->data, bytes->len);

  /* It is still a JPEG that gdk-pixbuf reads. */
  g_assert_nonnull (gdk_pixbuf_get_file_info (path, &width, &height));
  g_assert_cmpint (width, ==, 333);

  before = get_read_chars ();
  info = check_path (path, &error);
  after = get_read_chars ();
  g_assert_no_error (error);
  g_assert_cmpint (info->type, ==, CUTOUT_IMAGE_TYPE_JPEG);
  g_assert_cmpint (info->width, ==, 333);
  g_assert_cmpint (info->height, ==, 222);
  g_assert_cmpstr (info->upload_name, ==, "exif.jpeg");
  g_test_message ("bytes read for a %u-byte JPEG: %" G_GUINT64_FORMAT, bytes->len, after - before);
  g_assert_cmpuint (after - before, <, 8192);
}

static void
test_refused_types (void)
{
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ';' };
  static const guint8 tiff[] = { 'M', 'M', 0, '*', 0, 0, 0, 8, 0, 0 };
  static const guint8 ico[] = { 0, 0, 1, 0, 1, 0, 16, 16, 0, 0 };
  static const guint8 exe[] = { 'M', 'Z', 0x90, 0, 3, 0, 0, 0 };
  g_autofree char *gif_path = cutout_test_write_bytes (tmpdir, "anim.gif", gif, sizeof gif);
  g_autofree char *gif_as_png = cutout_test_write_bytes (tmpdir, "anim.png", gif, sizeof gif);
  g_autofree char *tiff_path = cutout_test_write_bytes (tmpdir, "scan.tif", tiff, sizeof tiff);
  g_autofree char *ico_path = cutout_test_write_bytes (tmpdir, "favicon.ico", ico, sizeof ico);
  g_autofree char *exe_path = cutout_test_write_bytes (tmpdir, "setup.exe", exe, sizeof exe);
  g_autofree char *exe_upper = cutout_test_write_bytes (tmpdir, "SETUP.EXE", exe, sizeof exe);
  g_autofree char *no_extension = cutout_test_write_bytes (tmpdir, "README", "hello", 5);
  g_autofree char *text_png = cutout_test_write_bytes (tmpdir, "notes.png", "just some text\n", 15);
  g_autofree char *text_jpeg = cutout_test_write_bytes (tmpdir, "notes.JPEG", "just some text\n", 15);
  g_autofree char *empty_png = cutout_test_write_bytes (tmpdir, "empty.png", "", 0);
  g_autofree char *empty_exe = cutout_test_write_bytes (tmpdir, "empty.exe", "", 0);
  g_autofree char *empty_plain = cutout_test_write_bytes (tmpdir, "empty", "", 0);

  assert_refused (gif_path, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.gif' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  /* A recognised type is named by its bytes, not by the file name. */
  assert_refused (gif_as_png, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.gif' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (tiff_path, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.tiff' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (ico_path, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.ico' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (exe_path, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (exe_upper, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (no_extension, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (text_png, CUTOUT_API_ERROR_INVALID_SIGNATURE,
                  "File does not appear to be a valid image (invalid file signature)");
  assert_refused (text_jpeg, CUTOUT_API_ERROR_INVALID_SIGNATURE,
                  "File does not appear to be a valid image (invalid file signature)");
  assert_refused (empty_png, CUTOUT_API_ERROR_EMPTY_FILE, "Uploaded file is empty (0 bytes).");
  assert_refused (empty_exe, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  assert_refused (empty_plain, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
                  "File type '' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
}

static void
test_unreadable_headers (void)
{
  static const guint8 png_garbage[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'x', 'y', 'z' };
  static const guint8 jpeg_short[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F' };
  static const guint8 jpeg_no_frame[] = { 0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xd9 };
  static const guint8 jpeg_bad_length[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0, 0, 0, 0 };
  static const guint8 webp_short[] = { 'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P' };
  g_autofree char *png = cutout_test_write_bytes (tmpdir, "garbage.png", png_garbage, sizeof png_garbage);
  g_autofree char *bm = cutout_test_write_bytes (tmpdir, "bm.bmp", "BMW is a car, not a bitmap.", 27);
  g_autofree char *jpeg1 = cutout_test_write_bytes (tmpdir, "short.jpg", jpeg_short, sizeof jpeg_short);
  g_autofree char *jpeg2 = cutout_test_write_bytes (tmpdir, "noframe.jpg", jpeg_no_frame, sizeof jpeg_no_frame);
  g_autofree char *jpeg3 = cutout_test_write_bytes (tmpdir, "badlen.jpg", jpeg_bad_length, sizeof jpeg_bad_length);
  g_autofree char *webp = cutout_test_write_bytes (tmpdir, "short.webp", webp_short, sizeof webp_short);
  const char *paths[] = { png, bm, jpeg1, jpeg2, jpeg3, webp };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_refused (paths[i], CUTOUT_API_ERROR_INVALID_SIGNATURE,
                    "File does not appear to be a valid image (invalid file signature)");
}

static void
test_not_regular (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "missing.png", NULL);
  g_autoptr(GError) error = NULL;
  CutoutPreflightInfo *info;

  info = check_path (tmpdir, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  info = check_path (missing, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  if (g_file_test ("/dev/null", G_FILE_TEST_EXISTS))
    {
      info = check_path ("/dev/null", &error);
      g_assert_null (info);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_cmpstr (error->message, ==, "“null” is not a regular file");
    }
}

static void
test_upload_names (void)
{
  static const struct
  {
    const char *saver;
    const char *name;
    const char *upload_name;
  } cases[] = {
    { "png", "scan", "scan.png" },
    { "jpeg", "x.png", "x.jpg" },
    { "jpeg", "photo.JPG", "photo.JPG" },
    { "jpeg", "photo.Jpeg", "photo.Jpeg" },
    { "jpeg", "photo.jfif", "photo.jpg" },
    { "png", "Photo.PNG", "Photo.PNG" },
    { "bmp", "image.webp", "image.bmp" },
    { "webp", "image.WEBP", "image.WEBP" },
    { "webp", "image.jpg", "image.webp" },
    { "png", "setup.exe", "setup.png" },
    { "png", "Report 2024.03.15", "Report 2024.03.15.png" },
    { "png", "v1.5 final", "v1.5 final.png" },
    { "png", "trailing.", "trailing.png" },
    { "png", ".hidden", ".hidden.png" },
    { "jpeg", "holiday.photo.PNG", "holiday.photo.jpg" },
    { "png", "naïve café", "naïve café.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cutout_test_write_image (tmpdir, cases[i].name, 8, 8, cases[i].saver);
      g_autoptr(GError) error = NULL;
      g_autoptr(CutoutPreflightInfo) info = check_path (path, &error);

      g_test_message ("%s (%s)", cases[i].name, cases[i].saver);
      g_assert_no_error (error);
      g_assert_cmpstr (info->upload_name, ==, cases[i].upload_name);
    }
}

static void
check_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  g_assert_null (source);
  *result_out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *path = cutout_test_write_image (tmpdir, "async", 40, 30, "jpeg");
  g_autofree char *exe = cutout_test_write_bytes (tmpdir, "async.exe", "MZ", 2);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) exe_file = g_file_new_for_path (exe);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  cutout_preflight_check_async (file, NULL, check_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_async_result_is_tagged (result, cutout_preflight_check_async));
  info = cutout_preflight_check_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->type, ==, CUTOUT_IMAGE_TYPE_JPEG);
  g_assert_cmpint (info->width, ==, 40);
  g_assert_cmpint (info->height, ==, 30);
  g_assert_cmpstr (info->upload_name, ==, "async.jpg");
  g_clear_object (&result);

  /* Errors come back the same way. */
  cutout_preflight_check_async (exe_file, NULL, check_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cutout_preflight_check_finish (result, &error));
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNSUPPORTED_TYPE);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A cancelled check answers G_IO_ERROR_CANCELLED. */
  g_cancellable_cancel (cancellable);
  cutout_preflight_check_async (file, cancellable, check_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cutout_preflight_check_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = cutout_test_make_tmpdir ();

  g_test_add_func ("/preflight/sniff", test_sniff);
  g_test_add_func ("/preflight/real-images", test_real_images);
  g_test_add_func ("/preflight/header-variants", test_header_variants);
  g_test_add_func ("/preflight/dimension-limits", test_dimension_limits);
  g_test_add_func ("/preflight/size-limits", test_size_limits);
  g_test_add_func ("/preflight/reads-only-the-header", test_reads_only_the_header);
  g_test_add_func ("/preflight/jpeg-skips-metadata", test_jpeg_skips_metadata);
  g_test_add_func ("/preflight/refused-types", test_refused_types);
  g_test_add_func ("/preflight/unreadable-headers", test_unreadable_headers);
  g_test_add_func ("/preflight/not-regular", test_not_regular);
  g_test_add_func ("/preflight/upload-names", test_upload_names);
  g_test_add_func ("/preflight/async", test_async);

  ret = g_test_run ();

  cutout_test_rm_rf (tmpdir);
  g_free (tmpdir);

  return ret;
}
