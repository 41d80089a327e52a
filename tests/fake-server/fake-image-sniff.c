/* fake-image-sniff.c — formats, signatures and pixel sizes for the fake Rembg server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The service checks an upload's signature and its pixel size before it
 * decodes anything; so does the fake server, from the file headers alone
 * (PNG IHDR, JPEG start-of-frame, WebP VP8/VP8L/VP8X, BMP info header).
 */

#include "fake-image.h"

#include <string.h>

gboolean
fake_image_format_from_string (const char      *text,
                               FakeImageFormat *format)
{
  static const char * const names[] = { "webp", "png", "jpeg", "bmp" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *format = (FakeImageFormat) i;
        return TRUE;
      }

  return FALSE;
}

const char *
fake_image_format_content_type (FakeImageFormat format)
{
  switch (format)
    {
    case FAKE_IMAGE_PNG:
      return "image/png";
    case FAKE_IMAGE_JPEG:
      return "image/jpeg";
    case FAKE_IMAGE_BMP:
      return "image/bmp";
    case FAKE_IMAGE_WEBP:
    default:
      return "image/webp";
    }
}

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

gboolean
fake_image_has_signature (const guint8 *data,
                          gsize         len)
{
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return TRUE;
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return TRUE;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return TRUE;
  if (len >= 2 && data[0] == 'B' && data[1] == 'M')
    return TRUE;
  return FALSE;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint
be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

static guint32
le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static guint
le16 (const guint8 *p)
{
  return ((guint) p[1] << 8) | p[0];
}

static gboolean
read_jpeg_size (const guint8 *data,
                gsize         len,
                int          *width,
                int          *height)
{
  gsize pos = 2;

  /* Walk the marker segments up to the first start-of-frame. */
  while (pos + 4 <= len)
    {
      guint8 marker;

      if (data[pos] != 0xff)
        return FALSE;
      while (pos < len && data[pos] == 0xff)
        pos++;
      if (pos >= len)
        return FALSE;
      marker = data[pos++];

      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8))
        continue;
      if (pos + 2 > len)
        return FALSE;

      if (marker >= 0xc0 && marker <= 0xcf &&
          marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (pos + 7 > len)
            return FALSE;
          *height = be16 (data + pos + 3);
          *width = be16 (data + pos + 5);
          return TRUE;
        }

      pos += be16 (data + pos);
    }

  return FALSE;
}

static gboolean
read_webp_size (const guint8 *data,
                gsize         len,
                int          *width,
                int          *height)
{
  if (len < 30)
    return FALSE;

  if (memcmp (data + 12, "VP8 ", 4) == 0)
    {
      if (data[23] != 0x9d || data[24] != 0x01 || data[25] != 0x2a)
        return FALSE;
      *width = le16 (data + 26) & 0x3fff;
      *height = le16 (data + 28) & 0x3fff;
      return TRUE;
    }
  if (memcmp (data + 12, "VP8L", 4) == 0)
    {
      guint32 bits = le32 (data + 21);

      if (data[20] != 0x2f)
        return FALSE;
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (memcmp (data + 12, "VP8X", 4) == 0)
    {
      *width = (data[24] | (data[25] << 8) | (data[26] << 16)) + 1;
      *height = (data[27] | (data[28] << 8) | (data[29] << 16)) + 1;
      return TRUE;
    }

  return FALSE;
}

gboolean
fake_image_read_size (const guint8 *data,
                      gsize         len,
                      int          *width,
                      int          *height)
{
  if (len >= 24 && memcmp (data, png_signature, 8) == 0)
    {
      if (memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = (int) MIN (be32 (data + 16), G_MAXINT);
      *height = (int) MIN (be32 (data + 20), G_MAXINT);
      return TRUE;
    }
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return read_jpeg_size (data, len, width, height);
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return read_webp_size (data, len, width, height);
  if (len >= 26 && data[0] == 'B' && data[1] == 'M')
    {
      if (le32 (data + 14) == 12)
        {
          *width = le16 (data + 18);
          *height = le16 (data + 20);
        }
      else
        {
          gint32 h = (gint32) le32 (data + 22);

          *width = (int) MIN (le32 (data + 18), G_MAXINT);
          *height = h == G_MININT32 ? G_MAXINT : ABS (h);
        }
      return TRUE;
    }

  return FALSE;
}
