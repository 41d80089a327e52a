/* make-seeds.c — writes the seed corpora of the fuzz targets
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Usage: make-seeds CORPUS-DIR (normally tests/fuzz/corpus). The seeds
 * are the real examples of API.md (every error answer of its table, the
 * usage answers, colors, options, Retry-After values in every HTTP date
 * form) and small real images made with gdk-pixbuf. The output is
 * committed; run this again only to change the seeds. */

#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *corpus_dir;

static void
write_seed (const char   *target,
            const char   *name,
            const void   *data,
            gsize         len)
{
  g_autofree char *dir = g_build_filename (corpus_dir, target, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, "%s: %s\n", dir, g_strerror (errno));
      exit (1);
    }
  if (!g_file_set_contents (path, data, (gssize) len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
}

static void
write_text_seed (const char *target,
                 const char *name,
                 const char *text)
{
  write_seed (target, name, text, strlen (text));
}

/* ---- Colors ------------------------------------------------------------ */

static void
make_color_seeds (void)
{
  static const char * const colors[] = {
    "#fff", "#FFFA", "#12ab4f", "#12AB4F80", "#12345", "#1234567", "#", "#ggg",
    "red", "blue", "RebeccaPurple", "transparent", "lightgoldenrodyellow", "Red ",
    " red", "redd", "", "#0000", "#ffffffff", "grey", "gray", "navy", "#12 45",
  };

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    {
      g_autofree char *name = g_strdup_printf ("color-%02u", i);

      write_text_seed ("color", name, colors[i]);
    }
}

/* ---- Options ----------------------------------------------------------- */

static void
make_options_seeds (void)
{
  static const char * const options[] = {
    "format=webp",
    "format=png\nw=800\nh=600",
    "format=PNG\nexact_resize=true\nw=100\nh=100",
    "w=abc",
    "w=-5",
    "w=15000",
    "h=0",
    "angle=ninety",
    "angle=500",
    "angle=-360",
    "angle=12.5",
    "angle= 1_0.5e1 ",
    "angle=nan",
    "angle=-inf",
    "angle=-0.0",
    "format=gif",
    "format=jpg",
    "format=JPEG",
    "bg_color=#12345",
    "bg_color=#ff000080",
    "bg_color=red",
    "bg_color=",
    "mask=true\nbg_color=red",
    "mask=1\nexpand=false\nexact_resize=0",
    "expand=yes",
    "w=1_000\nh= 42 ",
    "w=\xd9\xa1\xd9\xa2",
    "w=+7\nw=8",
    "w=abc\nangle=500\nformat=gif\nbg_color=#12345",
    "unknown=1",
    "w",
    "format=webp\nw=10000\nh=10000\nexact_resize=true\nmask=false\nangle=-359.75\nexpand=false",
  };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autofree char *name = g_strdup_printf ("options-%02u", i);

      write_text_seed ("options", name, options[i]);
    }
}

/* ---- Error answers ----------------------------------------------------- */

static const struct
{
  guint       status;
  const char *message;
} error_table[] = {
  { 400, "No image file provided. Please include an 'image' field in your form data." },
  { 400, "No file selected. Please choose an image file to upload." },
  { 400, "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg" },
  { 400, "File does not appear to be a valid image (invalid file signature)" },
  { 400, "Uploaded file is empty (0 bytes)." },
  { 400, "File size (55.2 MB) exceeds the maximum allowed size of 50 MB." },
  { 400, "Image width (12000px) exceeds the maximum allowed width of 10000px." },
  { 400, "Image height (15000px) exceeds the maximum allowed height of 10000px." },
  { 400, "'w' must be an integer, got: 'abc'" },
  { 400, "'w' must be at least 1, got: -5" },
  { 400, "'w' must be at most 10000, got: 15000" },
  { 400, "'angle' must be a number, got: 'ninety'" },
  { 400, "'angle' must be between -360 and 360 degrees, got: 500.0" },
  { 400, "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP" },
  { 400, "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
  { 400, "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other." },
  { 400, "Cannot combine periodStartUnix with year or month" },
  { 403, "Email address not verified \xe2\x80\x93 please check your inbox" },
  { 401, "invalid api key" },
  { 400, "This is a mistake: Cannot use both API key and user token" },
  { 429, "You're making requests too quickly, Please Upgrade or slow down." },
  { 429, "You've reached your daily limit. Please sign up for more access." },
  { 429, "You've reached your monthly limit. Consider purchasing more credits." },
};

static const char multiple_errors[] =
  "{ \"error\": \"Multiple validation errors\",\n"
  "  \"details\": [\n"
  "    { \"field\": \"w\", \"message\": \"'w' must be an integer, got: 'abc'\" },\n"
  "    { \"field\": \"angle\", \"message\": \"'angle' must be between -360 and 360 degrees, got: 500.0\" }\n"
  "  ],\n"
  "  \"status\": 400 }";

static const char * const retry_afters[] = {
  "", "120", " 5 ", "0", "99999999999999999999", "-1", "1.5",
  "Mon, 23 Mar 2026 12:30:00 GMT",            /* IMF-fixdate, ahead of the fuzzers' "now" */
  "Sun, 06 Nov 1994 08:49:37 GMT",            /* IMF-fixdate, in the past */
  "Sunday, 06-Nov-94 08:49:37 GMT",           /* RFC 850 */
  "Monday, 23-Mar-26 12:30:00 GMT",
  "Sun Nov  6 08:49:37 1994",                 /* asctime, one-digit day */
  "Mon Mar 23 12:30:00 2026",                 /* asctime, two-digit day */
  "Thu, 29 Feb 2024 23:59:60 GMT",
  "Fri, 31 Apr 2026 00:00:00 GMT",
  "soon",
};

static void
write_error_seed (const char *name,
                  guint       status,
                  const char *content_type,
                  const char *retry_after,
                  const char *body)
{
  g_autoptr(GString) seed = g_string_new (NULL);

  g_string_append_c (seed, (char) (status >> 8));
  g_string_append_c (seed, (char) (status & 0xff));
  g_string_append_printf (seed, "%s\n%s\n%s", content_type, retry_after, body);
  write_seed ("api-error", name, seed->str, seed->len);
}

static char *
error_json (guint       status,
            const char *message)
{
  g_autofree char *escaped = g_strescape (message, "\xe2\x80\x93");

  return g_strdup_printf ("{\"error\": \"%s\", \"status\": %u}", escaped, status);
}

static void
write_json_guard_seed (const char *name,
                       guint8      limit,
                       const char *body)
{
  g_autoptr(GString) seed = g_string_new (NULL);

  g_string_append_c (seed, (char) limit);
  g_string_append (seed, body);
  write_seed ("json-guard", name, seed->str, seed->len);
}

static void
make_error_seeds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      g_autofree char *name = g_strdup_printf ("error-%02u-%u", i, error_table[i].status);
      g_autofree char *body = error_json (error_table[i].status, error_table[i].message);
      const char *retry = error_table[i].status == 429 ? retry_afters[1 + i % 14] : "";

      write_error_seed (name, error_table[i].status, "application/json", retry, body);
      write_json_guard_seed (name, 31, body);
    }

  write_error_seed ("multiple", 400, "application/json", "", multiple_errors);
  write_json_guard_seed ("multiple", 2, multiple_errors);
  write_json_guard_seed ("multiple-at-limit", 1, multiple_errors);

  /* What a proxy or a broken answer sends instead. */
  write_error_seed ("proxy-html-502", 502, "text/html", "",
                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
  write_error_seed ("truncated", 400, "application/json", "", "{\"error\": \"Invalid format 'gi");
  write_error_seed ("empty-503", 503, "", "30", "");
  write_error_seed ("not-object", 400, "application/json", "", "[\"error\", 400]");
  write_error_seed ("error-not-string", 429, "application/json", "7", "{\"error\": 42, \"status\": 429}");
  write_error_seed ("unknown-418", 418, "application/json", "", "{\"error\": \"I'm a teapot\", \"status\": 418}");
  write_error_seed ("details-odd", 400, "application/json", "",
                    "{\"error\": \"Multiple validation errors\", \"details\": "
                    "[null, 1, {\"message\": 2}, {\"field\": \"h\"}, {\"message\": \"'h' must be at least 1, got: 0\"}]}");

  for (guint i = 0; i < G_N_ELEMENTS (retry_afters); i++)
    {
      g_autofree char *name = g_strdup_printf ("retry-after-%02u", i);
      g_autofree char *body = error_json (429, error_table[20].message);

      write_error_seed (name, 429, "application/json; charset=utf-8", retry_afters[i], body);
    }
}

/* ---- Usage answers ------------------------------------------------------ */

static const char usage_full[] =
  "{\n"
  "  \"membership\": \"Premium-20000\",\n"
  "  \"credits\": 18500,\n"
  "  \"prepaidCredits\": 2000,\n"
  "  \"app_usage\": 8500,\n"
  "  \"api_usage\": 10000,\n"
  "  \"billingCycle\": {\n"
  "    \"periodStartUnix\": 1740441600,\n"
  "    \"periodEndUnix\": 1743033599,\n"
  "    \"appUsage\": 4200,\n"
  "    \"apiUsage\": 5100,\n"
  "    \"includedCredits\": 18500,\n"
  "    \"prepaidCredits\": 2000,\n"
  "    \"usedIncludedCredits\": 9300,\n"
  "    \"remainingIncludedCredits\": 9200,\n"
  "    \"stripeBillingSynced\": true\n"
  "  }\n"
  "}\n";

static const char * const usage_answers[] = {
  usage_full,
  "{ \"billingCycles\": [\n"
  "  { \"periodStartUnix\": 1774268612, \"periodEndUnix\": 1776947012,\n"
  "    \"appUsage\": 120, \"apiUsage\": 880 }\n"
  "] }",
  "{\"membership\": \"Free\", \"credits\": 50, \"app_usage\": 3, \"api_usage\": 0}",
  "{\"membership\": \"Premium-20000\", \"credits\": 18500.0, \"prepaidCredits\": null, \"app_usage\": 0, "
  "\"api_usage\": 1, \"billingCycle\": {\"periodStartUnix\": 1772323200, \"periodEndUnix\": 1775001599, "
  "\"appUsage\": 0, \"apiUsage\": 1, \"includedCredits\": 18500, \"stripeBillingSynced\": false}}",
  "{ \"billingCycles\": [] }",
  "{ \"billingCycles\": [ {\"periodStartUnix\": 1700000000, \"periodEndUnix\": 1702678399, \"appUsage\": 1, \"apiUsage\": 2},"
  " {\"periodStartUnix\": 1774268612, \"periodEndUnix\": 1776947012, \"appUsage\": 120, \"apiUsage\": 880},"
  " {\"periodStartUnix\": 1771590212, \"periodEndUnix\": 1774268611, \"appUsage\": 0, \"apiUsage\": 0} ] }",
  "{\"membership\": \"Max\", \"credits\": 9007199254740993, \"app_usage\": 9007199254740992, "
  "\"api_usage\": 9007199254740992}",
  "{\"membership\": \"Neg\", \"credits\": -1, \"app_usage\": 0, \"api_usage\": 0}",
  "{\"membership\": 7, \"credits\": 1, \"app_usage\": 0, \"api_usage\": 0}",
  "{\"membership\": \"Str\", \"credits\": \"100\", \"app_usage\": 0, \"api_usage\": 0}",
  "{\"membership\": \"Frac\", \"credits\": 1.5, \"app_usage\": 0, \"api_usage\": 0}",
  "{\"membership\": \"Big\", \"credits\": 1e300, \"app_usage\": 0, \"api_usage\": 0}",
  "{\"membership\": \"Cycle\", \"credits\": 10, \"app_usage\": 1, \"api_usage\": 2, \"billingCycle\": "
  "{\"periodStartUnix\": 10, \"periodEndUnix\": 5, \"appUsage\": 1, \"apiUsage\": 2}}",
  "{\"membership\": \"Over\", \"credits\": 10, \"app_usage\": 100, \"api_usage\": 200, \"billingCycle\": "
  "{\"periodStartUnix\": 0, \"periodEndUnix\": 9223372036854775807, \"appUsage\": 100, \"apiUsage\": 200, "
  "\"includedCredits\": 10, \"remainingIncludedCredits\": -5}}",
  "{ \"billingCycles\": [ 1, 2 ] }",
  "{ \"billingCycles\": {} }",
  "[]",
  "null",
  "{\"periodStartUnix\": 1740441600, \"periodEndUnix\": 1743033599, \"appUsage\": 4200, \"apiUsage\": 5100}",
};

static void
make_usage_seeds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (usage_answers); i++)
    {
      g_autofree char *name = g_strdup_printf ("usage-%02u", i);

      write_text_seed ("usage", name, usage_answers[i]);
      write_json_guard_seed (name, (guint8) (i % 4), usage_answers[i]);
    }
}

/* ---- Images -------------------------------------------------------------- */

/* A white background with a red disc, like the unit tests' images. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * n_channels;
        int dx = 2 * x - width, dy = 2 * y - height;
        gboolean disc = dx * dx + dy * dy <= width * height / 4;

        p[0] = 255;
        p[1] = disc ? 0 : 255;
        p[2] = disc ? 0 : 255;
        if (alpha)
          p[3] = disc ? 255 : 0;
      }

  return pixbuf;
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *type,
             const char *option_key,
             const char *option_value)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;
  char *keys[] = { (char *) option_key, NULL };
  char *values[] = { (char *) option_value, NULL };

  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &len, type,
                                   option_key != NULL ? keys : NULL,
                                   option_key != NULL ? values : NULL,
                                   &error))
    {
      fprintf (stderr, "saving %s: %s\n", type, error->message);
      exit (1);
    }

  return g_bytes_new_take (buffer, len);
}

/* A TIFF header (as in EXIF) holding one IFD0 entry: the orientation. */
static GByteArray *
make_tiff_orientation (gboolean big_endian,
                       guint16  type,
                       guint32  orientation)
{
  GByteArray *tiff = g_byte_array_new ();
  guint8 header[8] = { 'I', 'I', 42, 0, 8, 0, 0, 0 };
  guint8 entry[2 + 12 + 4] = { 0 };

  if (big_endian)
    {
      guint8 be[8] = { 'M', 'M', 0, 42, 0, 0, 0, 8 };

      memcpy (header, be, sizeof header);
    }
  g_byte_array_append (tiff, header, sizeof header);

  /* One entry: tag 0x0112, type, count 1, value; then no next IFD. */
  if (big_endian)
    {
      guint8 e[] = { 0, 1, 0x01, 0x12, 0, (guint8) type, 0, 0, 0, 1,
                     0, 0, 0, 0, 0, 0, 0, 0 };

      if (type == 3)
        e[11] = (guint8) orientation; /* SHORT, left-aligned */
      else
        e[13] = (guint8) orientation; /* LONG */
      memcpy (entry, e, sizeof entry);
    }
  else
    {
      guint8 e[] = { 1, 0, 0x12, 0x01, (guint8) type, 0, 1, 0, 0, 0,
                     (guint8) orientation, 0, 0, 0, 0, 0, 0, 0 };

      memcpy (entry, e, sizeof entry);
    }
  g_byte_array_append (tiff, entry, sizeof entry);

  return tiff;
}

/* The JPEG with an APP1 "Exif" segment put right after its SOI, and
 * optionally an XMP APP1 before it. */
static GByteArray *
jpeg_with_exif (GBytes     *jpeg,
                GByteArray *tiff,
                gboolean    xmp_first)
{
  GByteArray *out = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);
  guint16 segment_len = (guint16) (2 + 6 + tiff->len);
  guint8 app1[4] = { 0xFF, 0xE1, (guint8) (segment_len >> 8), (guint8) segment_len };

  g_byte_array_append (out, data, 2);
  if (xmp_first)
    {
      static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>";
      guint16 xmp_len = (guint16) (2 + sizeof xmp - 1);
      guint8 xmp_head[4] = { 0xFF, 0xE1, (guint8) (xmp_len >> 8), (guint8) xmp_len };

      g_byte_array_append (out, xmp_head, 4);
      g_byte_array_append (out, (const guint8 *) xmp, sizeof xmp - 1);
    }
  g_byte_array_append (out, app1, 4);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, tiff->data, tiff->len);
  g_byte_array_append (out, data + 2, len - 2);

  return out;
}

static void
write_preflight_seed (const char   *name,
                      guint8        extension,
                      const guint8 *data,
                      gsize         len)
{
  g_autoptr(GByteArray) seed = g_byte_array_new ();

  g_byte_array_append (seed, &extension, 1);
  g_byte_array_append (seed, data, len);
  write_seed ("preflight", name, seed->data, seed->len);
}

/* Extension indexes of fuzz-preflight.c's table. */
enum { EXT_PNG, EXT_JPG, EXT_JPEG, EXT_WEBP, EXT_BMP, EXT_GIF, EXT_TIFF, EXT_ICO, EXT_EXE, EXT_UPPER_PNG };

static void
make_image_seeds (void)
{
  g_autoptr(GdkPixbuf) opaque = make_pixbuf (6, 4, FALSE);
  g_autoptr(GdkPixbuf) transparent = make_pixbuf (5, 7, TRUE);
  struct
  {
    const char *name;
    GBytes     *bytes;
    guint8      extension;
  } images[] = {
    { "png-rgba", save_pixbuf (transparent, "png", NULL, NULL), EXT_PNG },
    { "png-rgb-named-jpg", save_pixbuf (opaque, "png", NULL, NULL), EXT_JPG },
    { "jpeg", save_pixbuf (opaque, "jpeg", "quality", "80"), EXT_JPEG },
    { "jpeg-named-png", save_pixbuf (opaque, "jpeg", "quality", "50"), EXT_UPPER_PNG },
    { "webp-lossy", save_pixbuf (opaque, "webp", "quality", "80"), EXT_WEBP },
    { "webp-lossless", save_pixbuf (transparent, "webp", "lossless", "TRUE"), EXT_WEBP },
    { "webp-alpha", save_pixbuf (transparent, "webp", "quality", "90"), EXT_WEBP },
    { "bmp", save_pixbuf (opaque, "bmp", NULL, NULL), EXT_BMP },
    { "tiff", save_pixbuf (opaque, "tiff", NULL, NULL), EXT_TIFF },
    { "ico", save_pixbuf (transparent, "ico", NULL, NULL), EXT_ICO },
  };
  /* gdk-pixbuf cannot write GIF: the smallest real GIF89a, 1×1. */
  static const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0, 0, 0, 0, 0,
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b,
  };
  static const guint8 png_12000_wide[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x2e, 0xe0, 0, 0, 0, 10, 8, 6, 0, 0, 0,
  };
  static const guint8 bmp_os2_header[] = {
    'B', 'M', 38, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0, 0x10, 0x27, 0x11, 0x27, 1, 0, 24, 0,
  };
  static const guint8 bmp_top_down[] = {
    'B', 'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff,
    1, 0, 24, 0, 0, 0, 0, 0, 16, 0, 0, 0,
  };

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (images[i].bytes, &len);

      write_preflight_seed (images[i].name, images[i].extension, data, len);
      /* The first bytes only: what the header readers see of a cut file. */
      if (len > 40)
        {
          g_autofree char *name = g_strconcat (images[i].name, "-head", NULL);

          write_preflight_seed (name, images[i].extension, data, 40);
        }
    }
  write_preflight_seed ("gif", EXT_GIF, gif, sizeof gif);
  write_preflight_seed ("png-12000-wide", EXT_PNG, png_12000_wide, sizeof png_12000_wide);
  write_preflight_seed ("bmp-os2-10000x10001", EXT_BMP, bmp_os2_header, sizeof bmp_os2_header);
  write_preflight_seed ("bmp-top-down", EXT_BMP, bmp_top_down, sizeof bmp_top_down);
  write_preflight_seed ("empty-png", EXT_PNG, NULL, 0);
  write_preflight_seed ("empty-exe", EXT_EXE, NULL, 0);
  write_preflight_seed ("text-exe", EXT_EXE, (const guint8 *) "MZ\x90\0", 4);
  write_preflight_seed ("text-png", EXT_PNG, (const guint8 *) "not an image", 12);

  /* EXIF orientation: JPEGs from gdk-pixbuf with a real APP1 segment,
   * both byte orders, SHORT and LONG values, XMP first, bare TIFF
   * headers, and cut-off copies. */
  {
    g_autoptr(GBytes) jpeg = save_pixbuf (opaque, "jpeg", "quality", "60");

    for (guint orientation = 1; orientation <= 8; orientation++)
      {
        g_autoptr(GByteArray) tiff = make_tiff_orientation (orientation % 2 == 0, orientation % 3 == 0 ? 4 : 3,
                                                            orientation);
        g_autoptr(GByteArray) full = jpeg_with_exif (jpeg, tiff, orientation == 6);
        g_autofree char *name = g_strdup_printf ("jpeg-exif-%u", orientation);
        g_autofree char *tiff_name = g_strdup_printf ("tiff-ifd-%u", orientation);
        g_autofree char *cut_name = g_strdup_printf ("jpeg-exif-%u-cut", orientation);

        write_seed ("finish", name, full->data, full->len);
        write_seed ("finish", tiff_name, tiff->data, tiff->len);
        write_seed ("finish", cut_name, full->data, MIN (full->len, 20 + orientation * 3));
        if (orientation == 6)
          write_preflight_seed ("jpeg-exif-6", EXT_JPG, full->data, full->len);
      }
    write_seed ("finish", "jpeg-no-exif", g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  }
  {
    g_autoptr(GBytes) tiff_file = save_pixbuf (opaque, "tiff", NULL, NULL);
    g_autoptr(GBytes) png = save_pixbuf (opaque, "png", NULL, NULL);

    write_seed ("finish", "tiff-file", g_bytes_get_data (tiff_file, NULL), g_bytes_get_size (tiff_file));
    write_seed ("finish", "png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  }

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    g_bytes_unref (images[i].bytes);
}

/* ---- Naming templates ------------------------------------------------------ */

static void
make_output_seeds (void)
{
  static const char * const templates[] = {
    "{name}-cutout.{ext}", "{n}_{date}_{w}x{h}.{format}", "{{literal}} {name}.{ext}",
    "{unknown}", "{", "}", "", "../{name}.{ext}", "{name}/{name}", "{w}", "{{w}}",
    ".{name}", "{name}\t{ext}", "{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}.{ext}", "\xff{name}",
  };
  static const char * const names[] = {
    "IMG_0042.JPG", "photo.tar.gz", ".hidden.png", "no-extension", "a/b/c.webp", "",
    "\xc3\x9c" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9" " \xe5\x86\x99\xe7\x9c\x9f.jpeg", "\xff\xfe.png",
    "..", "name\x7f\x01\xc2\x85.bmp",
  };

  /* Each template with two input names, the formats and sizes varied. */
  for (guint i = 0; i < 2 * G_N_ELEMENTS (templates); i++)
    {
      g_autoptr(GString) seed = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("template-%02u", i);
      guint8 prefix[5] = { (guint8) i, (guint8) (i * 37), (guint8) (i * 11), 0, (guint8) i };

      g_string_append_len (seed, (const char *) prefix, sizeof prefix);
      g_string_append_printf (seed, "%s\n%s\n%s", templates[i % G_N_ELEMENTS (templates)],
                              names[i % G_N_ELEMENTS (names)],
                              names[(i + 3) % G_N_ELEMENTS (names)]);
      write_seed ("output", name, seed->str, seed->len);
    }

  /* Names longer than a file system takes, to be cut at a character. */
  {
    g_autoptr(GString) seed = g_string_new (NULL);
    guint8 prefix[5] = { 1, 2, 3, 0x30, 0x39 };

    g_string_append_len (seed, (const char *) prefix, sizeof prefix);
    g_string_append (seed, "{name}-cutout.{ext}\n");
    for (int i = 0; i < 100; i++)
      g_string_append (seed, "\xe5\x86\x99");
    g_string_append (seed, ".jpeg\n");
    for (int i = 0; i < 300; i++)
      g_string_append_c (seed, 'a' + i % 26);
    g_string_append (seed, ".png");
    write_seed ("output", "long-names", seed->str, seed->len);
  }
}

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR\n", argv[0]);
      return 2;
    }
  corpus_dir = argv[1];

  make_color_seeds ();
  make_options_seeds ();
  make_error_seeds ();
  make_usage_seeds ();
  make_image_seeds ();
  make_output_seeds ();

  return 0;
}
