/* cutout-finish.c — local extras applied to a downloaded result: trim and EXIF orientation
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-finish.h"

#define EXIF_TAG_ORIENTATION 0x0112
#define TIFF_TYPE_SHORT 3
#define TIFF_TYPE_LONG 4

G_DEFINE_QUARK (cutout-finish-error-quark, cutout_finish_error)

/* ---- EXIF orientation ------------------------------------------------- */

/* Everything below reads from untrusted bytes: every offset is checked
 * against the length before use, with subtractions arranged so that no
 * sum can overflow. */

static guint16
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (guint16) ((p[0] << 8) | p[1])
                    : (guint16) ((p[1] << 8) | p[0]);
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian
    ? ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3]
    : ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* Finds the orientation tag in IFD0 of a TIFF structure. */
static int
parse_tiff (const guint8 *data,
            gsize         len)
{
  gboolean big_endian;
  guint32 ifd;
  guint16 count;

  if (len < 8)
    return 0;

  if (data[0] == 'I' && data[1] == 'I')
    big_endian = FALSE;
  else if (data[0] == 'M' && data[1] == 'M')
    big_endian = TRUE;
  else
    return 0;

  if (read_u16 (data + 2, big_endian) != 42)
    return 0;

  ifd = read_u32 (data + 4, big_endian);
  if (ifd < 8 || ifd > len || len - ifd < 2)
    return 0;

  count = read_u16 (data + ifd, big_endian);
  for (guint i = 0; i < count; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint16 type;
      guint32 n_values;
      guint32 value;

      if (entry > len || len - entry < 12)
        return 0;

      if (read_u16 (data + entry, big_endian) != EXIF_TAG_ORIENTATION)
        continue;

      type = read_u16 (data + entry + 2, big_endian);
      n_values = read_u32 (data + entry + 4, big_endian);
      if (n_values < 1)
        return 0;

      /* The value fits in the entry's 4-byte field, left-aligned. */
      if (type == TIFF_TYPE_SHORT)
        value = read_u16 (data + entry + 8, big_endian);
      else if (type == TIFF_TYPE_LONG)
        value = read_u32 (data + entry + 8, big_endian);
      else
        return 0;

      return value >= 1 && value <= 8 ? (int) value : 0;
    }

  return 0;
}

static int
parse_jpeg (const guint8 *data,
            gsize         len)
{
  gsize pos = 2; /* after SOI */

  while (pos < len)
    {
      guint8 marker;
      gsize segment_len;

      if (data[pos] != 0xFF)
        return 0;

      /* Any number of 0xFF fill bytes may precede a marker. */
      while (pos < len && data[pos] == 0xFF)
        pos++;
      if (pos >= len)
        return 0;

      marker = data[pos++];

      /* Start of scan or end of image: the metadata is over. */
      if (marker == 0xDA || marker == 0xD9)
        return 0;

      /* Markers without a length field. */
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xD8)
        continue;

      if (len - pos < 2)
        return 0;

      segment_len = ((gsize) data[pos] << 8) | data[pos + 1];
      if (segment_len < 2)
        return 0;

      if (marker == 0xE1 && segment_len >= 2 + 6 && len - pos >= 2 + 6 &&
          memcmp (data + pos + 2, "Exif\0\0", 6) == 0)
        {
          gsize tiff_start = pos + 2 + 6;
          gsize tiff_len = MIN (segment_len - 2 - 6, len - tiff_start);
          int orientation = parse_tiff (data + tiff_start, tiff_len);

          /* Another APP1 (XMP) may follow; keep looking if this had none. */
          if (orientation != 0)
            return orientation;
        }

      if (len - pos < segment_len)
        return 0;
      pos += segment_len;
    }

  return 0;
}

int
cutout_finish_parse_orientation (const guint8 *data,
                                 gsize         len)
{
  if (data == NULL || len < 4)
    return 0;

  if (data[0] == 0xFF && data[1] == 0xD8)
    return parse_jpeg (data, len);

  if ((data[0] == 'I' && data[1] == 'I' && data[2] == 42 && data[3] == 0) ||
      (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] == 42))
    return parse_tiff (data, len);

  return 0;
}

int
cutout_finish_read_orientation (GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = NULL;
  gsize len = 0;
  int orientation;

  g_return_val_if_fail (G_IS_FILE (file), 0);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return 0;

  buffer = g_malloc (CUTOUT_FINISH_EXIF_READ_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, CUTOUT_FINISH_EXIF_READ_SIZE,
                                &len, cancellable, error))
    return 0;

  orientation = cutout_finish_parse_orientation (buffer, len);

  return orientation != 0 ? orientation : 1;
}

GdkPixbuf *
cutout_finish_apply_orientation (GdkPixbuf *pixbuf,
                                 int        orientation)
{
  g_autoptr(GdkPixbuf) rotated = NULL;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      /* Transpose: a quarter turn clockwise, then a mirror. */
      rotated = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return rotated != NULL ? gdk_pixbuf_flip (rotated, TRUE) : NULL;
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      /* Transverse: a quarter turn counter-clockwise, then a mirror. */
      rotated = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return rotated != NULL ? gdk_pixbuf_flip (rotated, TRUE) : NULL;
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/* ---- Trim --------------------------------------------------------------- */

gboolean
cutout_finish_get_subject_bounds (GdkPixbuf *pixbuf,
                                  guint8     threshold,
                                  int       *x,
                                  int       *y,
                                  int       *width,
                                  int       *height)
{
  const guint8 *pixels;
  int rowstride;
  int n_channels;
  int w, h;
  int min_x, min_y, max_x, max_y;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), FALSE);

  if (!gdk_pixbuf_get_has_alpha (pixbuf) ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    return FALSE;

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);

  min_x = w;
  min_y = h;
  max_x = -1;
  max_y = -1;

  for (int row = 0; row < h; row++)
    {
      const guint8 *line = pixels + (gsize) row * rowstride;
      int first = -1;
      int last = -1;

      for (int col = 0; col < w; col++)
        {
          if (line[(gsize) col * n_channels + 3] > threshold)
            {
              first = col;
              break;
            }
        }
      if (first < 0)
        continue;

      /* Only the part right of the known box can widen it. */
      for (int col = w - 1; col >= MAX (first, max_x + 1); col--)
        {
          if (line[(gsize) col * n_channels + 3] > threshold)
            {
              last = col;
              break;
            }
        }

      min_x = MIN (min_x, first);
      max_x = MAX (max_x, MAX (first, last));
      min_y = MIN (min_y, row);
      max_y = row;
    }

  if (max_y < 0)
    return FALSE;

  if (x != NULL)
    *x = min_x;
  if (y != NULL)
    *y = min_y;
  if (width != NULL)
    *width = max_x - min_x + 1;
  if (height != NULL)
    *height = max_y - min_y + 1;

  return TRUE;
}

GdkPixbuf *
cutout_finish_trim (GdkPixbuf *pixbuf,
                    int        margin)
{
  g_autoptr(GdkPixbuf) sub = NULL;
  int x, y, w, h;
  int x0, y0, x1, y1;
  int image_w, image_h;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  if (!cutout_finish_get_subject_bounds (pixbuf, CUTOUT_FINISH_TRIM_THRESHOLD, &x, &y, &w, &h))
    return g_object_ref (pixbuf);

  image_w = gdk_pixbuf_get_width (pixbuf);
  image_h = gdk_pixbuf_get_height (pixbuf);
  margin = CLAMP (margin, 0, MAX (image_w, image_h));

  x0 = MAX (0, x - margin);
  y0 = MAX (0, y - margin);
  x1 = MIN (image_w, x + w + margin);
  y1 = MIN (image_h, y + h + margin);

  if (x0 == 0 && y0 == 0 && x1 == image_w && y1 == image_h)
    return g_object_ref (pixbuf);

  /* A copy, so the full-size pixels can be freed. */
  sub = gdk_pixbuf_new_subpixbuf (pixbuf, x0, y0, x1 - x0, y1 - y0);
  return gdk_pixbuf_copy (sub);
}

GdkPixbuf *
cutout_finish_pixbuf (GdkPixbuf                  *pixbuf,
                      int                         orientation,
                      const CutoutFinishSettings *settings)
{
  g_autoptr(GdkPixbuf) upright = NULL;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  if (settings == NULL)
    return g_object_ref (pixbuf);

  upright = settings->orient ? cutout_finish_apply_orientation (pixbuf, orientation)
                             : g_object_ref (pixbuf);
  if (upright == NULL)
    return NULL;

  if (settings->trim)
    return cutout_finish_trim (upright, settings->trim_margin);

  return g_steal_pointer (&upright);
}

gboolean
cutout_finish_is_needed (const CutoutFinishSettings *settings,
                         int                         orientation)
{
  if (settings == NULL)
    return FALSE;

  return settings->trim || (settings->orient && orientation >= 2 && orientation <= 8);
}

/* ---- Files -------------------------------------------------------------- */

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* Zeroes the bytes that pad each row of the BMP in @data to a multiple of
 * 4 bytes. gdk-pixbuf's saver never writes them (valgrind: "Syscall param
 * write(buf) points to uninitialised byte(s)"). Only the uncompressed
 * bottom-up or top-down layout gdk-pixbuf writes is touched. */
static void
zero_bmp_row_padding (guint8 *data,
                      gsize   len)
{
  guint32 offset;
  gint32 width, height;
  guint bits;
  gsize used, stride, n_rows;

  if (len < 54 || data[0] != 'B' || data[1] != 'M')
    return;

  offset = read_le32 (data + 10);
  width = (gint32) read_le32 (data + 18);
  height = (gint32) read_le32 (data + 22);
  bits = data[28] | (data[29] << 8);
  if (width <= 0 || height == 0 || height == G_MININT32 || bits == 0 || bits % 8 != 0)
    return;

  used = (gsize) width * (bits / 8);
  stride = (used + 3) & ~(gsize) 3;
  n_rows = (gsize) ABS (height);
  if (stride == used || offset > len || n_rows > (len - offset) / stride)
    return;

  for (gsize y = 0; y < n_rows; y++)
    memset (data + offset + y * stride + used, 0, stride - used);
}

gboolean
cutout_finish_save_bmp (GdkPixbuf   *pixbuf,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *buffer = NULL;
  gsize len = 0;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "bmp", error, NULL))
    return FALSE;

  zero_bmp_row_padding ((guint8 *) buffer, len);
  return g_file_set_contents (path, buffer, (gssize) len, error);
}

static gboolean
save_like (GdkPixbuf   *pixbuf,
           const char  *format,
           const char  *path,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean saved;

  if (g_str_equal (format, "png"))
    saved = gdk_pixbuf_save (pixbuf, path, "png", &local_error, NULL);
  else if (g_str_equal (format, "webp"))
    /* gdk-pixbuf's WebP saver has no lossless mode; 100 is the closest. */
    saved = gdk_pixbuf_save (pixbuf, path, "webp", &local_error, "quality", "100", NULL);
  else if (g_str_equal (format, "jpeg"))
    saved = gdk_pixbuf_save (pixbuf, path, "jpeg", &local_error, "quality", "95", NULL);
  else if (g_str_equal (format, "bmp"))
    saved = cutout_finish_save_bmp (pixbuf, path, &local_error);
  else
    {
      g_set_error (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_UNSUPPORTED_FORMAT,
                   _("Results in the format “%s” cannot be trimmed or turned upright"), format);
      return FALSE;
    }

  if (!saved)
    {
      g_set_error (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED,
                   _("Could not save the finished result: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
cutout_finish_file (GFile                      *original,
                    GFile                      *result,
                    GFile                      *destination,
                    const CutoutFinishSettings *settings,
                    int                        *width_out,
                    int                        *height_out,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) finished = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *result_path = NULL;
  g_autofree char *destination_path = NULL;
  GdkPixbufFormat *format;
  int orientation = 1;
  int width = 0, height = 0;

  g_return_val_if_fail (original == NULL || G_IS_FILE (original), FALSE);
  g_return_val_if_fail (G_IS_FILE (result), FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);

  result_path = g_file_get_path (result);
  destination_path = g_file_get_path (destination);
  if (result_path == NULL || destination_path == NULL)
    {
      g_set_error_literal (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED,
                           _("The result is not a local file"));
      return FALSE;
    }

  if (settings != NULL && settings->orient && original != NULL)
    {
      orientation = cutout_finish_read_orientation (original, cancellable, &local_error);
      if (orientation == 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* A paid result is never lost over an extra: keep it as it is. */
          g_debug ("Could not read the original's orientation: %s", local_error->message);
          g_clear_error (&local_error);
          orientation = 1;
        }
    }

  format = gdk_pixbuf_get_file_info (result_path, &width, &height);
  if (format == NULL)
    {
      g_set_error_literal (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED,
                           _("The result is not an image that can be read"));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!cutout_finish_is_needed (settings, orientation))
    {
      if (!g_file_equal (result, destination) &&
          !g_file_copy (result, destination, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
        return FALSE;
    }
  else
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (format);

      pixbuf = gdk_pixbuf_new_from_file (result_path, &local_error);
      if (pixbuf == NULL)
        {
          g_set_error (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED,
                       _("Could not read the result: %s"), local_error->message);
          return FALSE;
        }

      finished = cutout_finish_pixbuf (pixbuf, orientation, settings);
      if (finished == NULL)
        {
          g_set_error_literal (error, CUTOUT_FINISH_ERROR, CUTOUT_FINISH_ERROR_FAILED,
                               _("Not enough memory to finish the result"));
          return FALSE;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!save_like (finished, format_name, destination_path, error))
        return FALSE;

      width = gdk_pixbuf_get_width (finished);
      height = gdk_pixbuf_get_height (finished);
    }

  if (width_out != NULL)
    *width_out = width;
  if (height_out != NULL)
    *height_out = height;

  return TRUE;
}

typedef struct
{
  GFile                *original;
  GFile                *result;
  GFile                *destination;
  CutoutFinishSettings  settings;
  int                   width;
  int                   height;
} FinishTaskData;

static void
finish_task_data_free (FinishTaskData *data)
{
  g_clear_object (&data->original);
  g_clear_object (&data->result);
  g_clear_object (&data->destination);
  g_free (data);
}

static void
finish_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FinishTaskData *data = task_data;
  GError *error = NULL;

  if (cutout_finish_file (data->original, data->result, data->destination, &data->settings,
                          &data->width, &data->height, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cutout_finish_file_async (GFile                      *original,
                          GFile                      *result,
                          GFile                      *destination,
                          const CutoutFinishSettings *settings,
                          GCancellable               *cancellable,
                          GAsyncReadyCallback         callback,
                          gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  FinishTaskData *data;

  g_return_if_fail (original == NULL || G_IS_FILE (original));
  g_return_if_fail (G_IS_FILE (result));
  g_return_if_fail (G_IS_FILE (destination));

  data = g_new0 (FinishTaskData, 1);
  data->original = original != NULL ? g_object_ref (original) : NULL;
  data->result = g_object_ref (result);
  data->destination = g_object_ref (destination);
  if (settings != NULL)
    data->settings = *settings;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_finish_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) finish_task_data_free);
  g_task_run_in_thread (task, finish_file_thread);
}

gboolean
cutout_finish_file_finish (GAsyncResult  *result,
                           int           *width_out,
                           int           *height_out,
                           GError       **error)
{
  FinishTaskData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_finish_file_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (width_out != NULL)
    *width_out = data->width;
  if (height_out != NULL)
    *height_out = data->height;

  return TRUE;
}
