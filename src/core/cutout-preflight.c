/* cutout-preflight.c — refuses, before uploading, what the service would refuse about a file
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-preflight.h"

/* Enough for every signature and for the dimensions of PNG, WebP and BMP,
 * whose headers put them in the first 30 bytes. JPEG needs a walk over
 * its segments (see read_jpeg_dimensions()). */
#define HEAD_SIZE 32

/* A JPEG whose frame header is not found within this many segments is
 * treated as unreadable rather than walked forever. */
#define MAX_JPEG_SEGMENTS 1024

/* The types the service takes, by the file name's extension. */
static const char * const allowed_extensions[] = { "webp", "bmp", "png", "jpg", "jpeg" };

static const struct
{
  const char *extension;
  const char *mime_type;
} image_types[] = {
  [CUTOUT_IMAGE_TYPE_UNKNOWN] = { NULL, NULL },
  [CUTOUT_IMAGE_TYPE_PNG] = { "png", "image/png" },
  [CUTOUT_IMAGE_TYPE_JPEG] = { "jpg", "image/jpeg" },
  [CUTOUT_IMAGE_TYPE_WEBP] = { "webp", "image/webp" },
  [CUTOUT_IMAGE_TYPE_BMP] = { "bmp", "image/bmp" },
  [CUTOUT_IMAGE_TYPE_GIF] = { "gif", "image/gif" },
  [CUTOUT_IMAGE_TYPE_TIFF] = { "tiff", "image/tiff" },
  [CUTOUT_IMAGE_TYPE_ICO] = { "ico", "image/vnd.microsoft.icon" },
};

void
cutout_preflight_info_free (CutoutPreflightInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->upload_name);
  g_free (info);
}

CutoutImageType
cutout_image_type_sniff (const guint8 *data,
                         gsize         len)
{
  static const guint8 png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (data == NULL)
    return CUTOUT_IMAGE_TYPE_UNKNOWN;

  if (len >= 8 && memcmp (data, png, 8) == 0)
    return CUTOUT_IMAGE_TYPE_PNG;
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return CUTOUT_IMAGE_TYPE_JPEG;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return CUTOUT_IMAGE_TYPE_WEBP;
  if (len >= 2 && data[0] == 'B' && data[1] == 'M')
    return CUTOUT_IMAGE_TYPE_BMP;
  if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return CUTOUT_IMAGE_TYPE_GIF;
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return CUTOUT_IMAGE_TYPE_TIFF;
  if (len >= 4 && memcmp (data, "\0\0\1\0", 4) == 0)
    return CUTOUT_IMAGE_TYPE_ICO;

  return CUTOUT_IMAGE_TYPE_UNKNOWN;
}

gboolean
cutout_image_type_is_accepted (CutoutImageType type)
{
  return type == CUTOUT_IMAGE_TYPE_PNG ||
         type == CUTOUT_IMAGE_TYPE_JPEG ||
         type == CUTOUT_IMAGE_TYPE_WEBP ||
         type == CUTOUT_IMAGE_TYPE_BMP;
}

const char *
cutout_image_type_get_extension (CutoutImageType type)
{
  if ((guint) type >= G_N_ELEMENTS (image_types))
    return NULL;

  return image_types[type].extension;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le16 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8);
}

static guint32
read_le24 (const guint8 *p)
{
  return read_le16 (p) | ((guint32) p[2] << 16);
}

static guint32
read_le32 (const guint8 *p)
{
  return read_le24 (p) | ((guint32) p[3] << 24);
}

/* PNG: the IHDR chunk must come first (bytes 8..32). */
static gboolean
read_png_dimensions (const guint8 *head,
                     gsize         len,
                     gint64       *width,
                     gint64       *height)
{
  if (len < 24 || read_be32 (head + 8) != 13 || memcmp (head + 12, "IHDR", 4) != 0)
    return FALSE;

  *width = read_be32 (head + 16);
  *height = read_be32 (head + 20);
  return TRUE;
}

/* WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X
 * (extended, with the canvas size). */
static gboolean
read_webp_dimensions (const guint8 *head,
                      gsize         len,
                      gint64       *width,
                      gint64       *height)
{
  if (len < 30)
    return FALSE;

  if (memcmp (head + 12, "VP8 ", 4) == 0)
    {
      /* Frame tag (3 bytes), start code 9d 01 2a, then 14-bit sizes. */
      if (head[23] != 0x9d || head[24] != 0x01 || head[25] != 0x2a)
        return FALSE;
      *width = read_le16 (head + 26) & 0x3fff;
      *height = read_le16 (head + 28) & 0x3fff;
      return TRUE;
    }

  if (memcmp (head + 12, "VP8L", 4) == 0)
    {
      guint32 bits;

      if (head[20] != 0x2f)
        return FALSE;
      bits = read_le32 (head + 21);
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }

  if (memcmp (head + 12, "VP8X", 4) == 0)
    {
      *width = (gint64) read_le24 (head + 24) + 1;
      *height = (gint64) read_le24 (head + 27) + 1;
      return TRUE;
    }

  return FALSE;
}

/* BMP: the file header (14 bytes), then an info header whose size tells
 * its kind; OS/2 1.x headers hold 16-bit sizes, the others 32-bit ones,
 * the height negative for a top-down bitmap. */
static gboolean
read_bmp_dimensions (const guint8 *head,
                     gsize         len,
                     gint64       *width,
                     gint64       *height)
{
  guint32 header_size;

  if (len < 26)
    return FALSE;

  header_size = read_le32 (head + 14);
  if (header_size == 12)
    {
      *width = read_le16 (head + 18);
      *height = read_le16 (head + 20);
      return TRUE;
    }

  if (header_size == 16 || header_size == 40 || header_size == 52 || header_size == 56 ||
      header_size == 64 || header_size == 108 || header_size == 124)
    {
      *width = (gint32) read_le32 (head + 18);
      *height = (gint32) read_le32 (head + 22);
      if (*height < 0)
        *height = -*height;
      return TRUE;
    }

  return FALSE;
}

static gboolean
read_at (GInputStream  *stream,
         goffset        offset,
         guint8        *buffer,
         gsize          len,
         GCancellable  *cancellable,
         GError       **error)
{
  gsize n_read = 0;

  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error))
    return FALSE;
  if (!g_input_stream_read_all (stream, buffer, len, &n_read, cancellable, error))
    return FALSE;

  return n_read == len;
}

/* JPEG: walks the marker segments, reading only their 4-byte headers,
 * up to the frame header (SOFn), which holds the size. Metadata such as
 * EXIF may come first and be tens of kilobytes long; it is skipped, not
 * read. An I/O error is returned as such; a malformed file gives FALSE
 * with no error. */
static gboolean
read_jpeg_dimensions (GInputStream  *stream,
                      goffset        size,
                      gint64        *width,
                      gint64        *height,
                      GCancellable  *cancellable,
                      GError       **error)
{
  goffset offset = 2;

  for (guint segment = 0; segment < MAX_JPEG_SEGMENTS && offset + 4 <= size; segment++)
    {
      guint8 buffer[9];
      guint8 marker;
      guint32 length;

      if (!read_at (stream, offset, buffer, 4, cancellable, error))
        return FALSE;
      if (buffer[0] != 0xff)
        return FALSE;

      /* Any number of 0xff fill bytes may precede a marker. */
      if (buffer[1] == 0xff)
        {
          offset++;
          continue;
        }

      marker = buffer[1];
      if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01)
        {
          /* RSTn and TEM stand alone, without a length. */
          offset += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)
        return FALSE; /* end of image or start of scan before any frame */

      length = (guint32) buffer[2] << 8 | buffer[3];
      if (length < 2)
        return FALSE;

      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (length < 7 || !read_at (stream, offset, buffer, 9, cancellable, error))
            return FALSE;
          *height = (gint64) buffer[5] << 8 | buffer[6];
          *width = (gint64) buffer[7] << 8 | buffer[8];
          return TRUE;
        }

      offset += 2 + length;
    }

  return FALSE;
}

static char *
get_name_extension (const char *name)
{
  const char *dot = strrchr (name, '.');

  /* As the service does: what follows the last '.', lower-cased, with
   * its dot; nothing at all for a name without one. */
  return dot != NULL ? g_ascii_strdown (dot, -1) : g_strdup ("");
}

static gboolean
extension_is_allowed (const char *extension)
{
  if (extension[0] != '.')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (allowed_extensions); i++)
    if (strcmp (extension + 1, allowed_extensions[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
extension_matches_type (const char      *extension,
                        CutoutImageType  type)
{
  if (type == CUTOUT_IMAGE_TYPE_JPEG)
    return g_ascii_strcasecmp (extension, "jpg") == 0 || g_ascii_strcasecmp (extension, "jpeg") == 0;

  return g_ascii_strcasecmp (extension, image_types[type].extension) == 0;
}

/* Whether the text after a name's last dot is an extension to replace
 * ("exe", "JPG") rather than part of the name ("2024.03.15", "v1.5 final"). */
static gboolean
looks_like_extension (const char *text)
{
  gsize len = strlen (text);
  gboolean has_letter = FALSE;

  if (len == 0 || len > 5)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
      has_letter |= g_ascii_isalpha (*p);
    }

  return has_letter;
}

static char *
make_upload_name (const char      *basename,
                  CutoutImageType  type)
{
  const char *dot = strrchr (basename, '.');
  const char *type_extension = image_types[type].extension;

  if (dot != NULL && dot != basename)
    {
      if (extension_matches_type (dot + 1, type))
        return g_strdup (basename);
      if (looks_like_extension (dot + 1))
        return g_strdup_printf ("%.*s.%s", (int) (dot - basename), basename, type_extension);
      if (dot[1] == '\0')
        return g_strconcat (basename, type_extension, NULL);
    }

  return g_strconcat (basename, ".", type_extension, NULL);
}

static GError *
image_error (CutoutApiError  code,
             const char     *message)
{
  GError *error = cutout_api_error_new (code, 0, message);

  cutout_api_error_set_field (error, "image");
  return error;
}

static GError *
unsupported_type_error (const char *extension)
{
  g_autofree char *shown = g_utf8_make_valid (extension, -1);
  g_autofree char *message = g_strdup_printf (_("File type '%s' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg"),
                                              shown);

  return image_error (CUTOUT_API_ERROR_UNSUPPORTED_TYPE, message);
}

static GError *
invalid_signature_error (void)
{
  return image_error (CUTOUT_API_ERROR_INVALID_SIGNATURE,
                      _("File does not appear to be a valid image (invalid file signature)"));
}

static GError *
too_large_error (goffset size)
{
  char megabytes[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *message = NULL;

  /* Python's f"{size / 1024 / 1024:.1f}", whatever the locale. */
  g_ascii_formatd (megabytes, sizeof megabytes, "%.1f", (double) size / (1024.0 * 1024.0));
  message = g_strdup_printf (_("File size (%s MB) exceeds the maximum allowed size of 50 MB."),
                             megabytes);

  return image_error (CUTOUT_API_ERROR_FILE_TOO_LARGE, message);
}

CutoutPreflightInfo *
cutout_preflight_check (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInfo) file_info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name_extension = NULL;
  guint8 head[HEAD_SIZE];
  gsize head_len = 0;
  gint64 width = 0, height = 0;
  gboolean have_dimensions = FALSE;
  CutoutImageType type;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The size comes from the file system, never from reading the file. */
  file_info = g_file_query_info (file,
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                 G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                 G_FILE_QUERY_INFO_NONE,
                                 cancellable,
                                 error);
  if (file_info == NULL)
    return NULL;

  if (g_file_info_get_file_type (file_info) != G_FILE_TYPE_REGULAR)
    {
      gboolean is_directory = g_file_info_get_file_type (file_info) == G_FILE_TYPE_DIRECTORY;

      g_set_error (error, G_IO_ERROR,
                   is_directory ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"),
                   g_file_info_get_display_name (file_info));
      return NULL;
    }

  size = g_file_info_get_size (file_info);
  basename = g_file_get_basename (file);
  if (basename == NULL)
    basename = g_strdup ("image");
  name_extension = get_name_extension (basename);

  if (size > 0)
    {
      stream = g_file_read (file, cancellable, error);
      if (stream == NULL)
        return NULL;
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &head_len,
                                    cancellable, error))
        return NULL;
    }

  type = cutout_image_type_sniff (head, head_len);

  /* The order of the checks is the service's: the name's extension, an
   * empty file, the size, the signature, then width and height. A file
   * whose signature is known is sent under a name with the matching
   * extension, so only an unknown one is judged by its name. */
  if (type == CUTOUT_IMAGE_TYPE_UNKNOWN)
    {
      if (!extension_is_allowed (name_extension))
        g_propagate_error (error, unsupported_type_error (name_extension));
      else if (head_len == 0)
        g_propagate_error (error, image_error (CUTOUT_API_ERROR_EMPTY_FILE,
                                               _("Uploaded file is empty (0 bytes).")));
      else if (size > CUTOUT_MAX_FILE_SIZE)
        g_propagate_error (error, too_large_error (size));
      else
        g_propagate_error (error, invalid_signature_error ());
      return NULL;
    }

  if (!cutout_image_type_is_accepted (type))
    {
      g_autofree char *extension = g_strconcat (".", image_types[type].extension, NULL);

      g_propagate_error (error, unsupported_type_error (extension));
      return NULL;
    }

  if (size > CUTOUT_MAX_FILE_SIZE)
    {
      g_propagate_error (error, too_large_error (size));
      return NULL;
    }

  switch (type)
    {
    case CUTOUT_IMAGE_TYPE_PNG:
      have_dimensions = read_png_dimensions (head, head_len, &width, &height);
      break;

    case CUTOUT_IMAGE_TYPE_WEBP:
      have_dimensions = read_webp_dimensions (head, head_len, &width, &height);
      break;

    case CUTOUT_IMAGE_TYPE_BMP:
      have_dimensions = read_bmp_dimensions (head, head_len, &width, &height);
      break;

    case CUTOUT_IMAGE_TYPE_JPEG:
      {
        GError *local_error = NULL;

        have_dimensions = read_jpeg_dimensions (G_INPUT_STREAM (stream), size, &width, &height,
                                                cancellable, &local_error);
        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            return NULL;
          }
      }
      break;

    case CUTOUT_IMAGE_TYPE_UNKNOWN:
    case CUTOUT_IMAGE_TYPE_GIF:
    case CUTOUT_IMAGE_TYPE_TIFF:
    case CUTOUT_IMAGE_TYPE_ICO:
    default:
      g_assert_not_reached ();
    }

  if (!have_dimensions || width <= 0 || height <= 0)
    {
      g_propagate_error (error, invalid_signature_error ());
      return NULL;
    }

  if (width > CUTOUT_MAX_DIMENSION)
    {
      g_autofree char *message = g_strdup_printf (_("Image width (%dpx) exceeds the maximum allowed width of 10000px."),
                                                  (int) MIN (width, G_MAXINT));

      g_propagate_error (error, image_error (CUTOUT_API_ERROR_TOO_WIDE, message));
      return NULL;
    }

  if (height > CUTOUT_MAX_DIMENSION)
    {
      g_autofree char *message = g_strdup_printf (_("Image height (%dpx) exceeds the maximum allowed height of 10000px."),
                                                  (int) MIN (height, G_MAXINT));

      g_propagate_error (error, image_error (CUTOUT_API_ERROR_TOO_TALL, message));
      return NULL;
    }

  info = g_new0 (CutoutPreflightInfo, 1);
  info->type = type;
  info->size = size;
  info->width = (int) width;
  info->height = (int) height;
  info->upload_name = make_upload_name (basename, type);
  info->mime_type = image_types[type].mime_type;

  return g_steal_pointer (&info);
}

static void
preflight_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  CutoutPreflightInfo *info;

  info = cutout_preflight_check (G_FILE (task_data), cancellable, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) cutout_preflight_info_free);
}

void
cutout_preflight_check_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_preflight_check_async);
  g_task_set_name (task, "cutout_preflight_check_async");
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, preflight_thread);
}

CutoutPreflightInfo *
cutout_preflight_check_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_preflight_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
