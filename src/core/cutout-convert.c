/* cutout-convert.c — local conversion of inputs the service cannot take to a PNG that fits its limits
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>

#include "cutout-convert.h"
#include "cutout-preflight.h"

G_DEFINE_QUARK (cutout-convert-error-quark, cutout_convert_error)

/* The formats the service takes, by gdk-pixbuf's names for them. */
static const char * const accepted_formats[] = { "png", "jpeg", "webp", "bmp" };

void
cutout_convert_result_free (CutoutConvertResult *result)
{
  if (result == NULL)
    return;

  g_clear_object (&result->output);
  g_clear_pointer (&result->from_format, g_free);
  g_clear_pointer (&result->description, g_free);
  g_free (result);
}

void
cutout_convert_fit_size (int  width,
                         int  height,
                         int  max,
                         int *width_out,
                         int *height_out)
{
  double scale;

  g_return_if_fail (width_out != NULL && height_out != NULL);

  if (width <= max && height <= max)
    {
      *width_out = width;
      *height_out = height;
      return;
    }

  /* The longer side becomes exactly @max; the other one is rounded. */
  if (width >= height)
    {
      scale = (double) max / width;
      *width_out = max;
      *height_out = CLAMP ((int) round (height * scale), 1, max);
    }
  else
    {
      scale = (double) max / height;
      *height_out = max;
      *width_out = CLAMP ((int) round (width * scale), 1, max);
    }
}

static gboolean
is_accepted_format (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (accepted_formats); i++)
    {
      if (g_str_equal (name, accepted_formats[i]))
        return TRUE;
    }

  return FALSE;
}

static char *
megabytes (goffset size)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Not the locale's decimal separator: the service's own messages
   * ("55.2 MB") use a dot, and these sit next to them. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", size / (1024.0 * 1024.0)));
}

/* Reads the header: format name, pixel size (0 when the loader cannot
 * tell without decoding) and the file size. */
static gboolean
probe (GFile         *input,
       char         **format_out,
       int           *width_out,
       int           *height_out,
       goffset       *size_out,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  GdkPixbufFormat *format;
  int width = 0, height = 0;

  info = g_file_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return FALSE;

  path = g_file_get_path (input);
  format = path != NULL ? gdk_pixbuf_get_file_info (path, &width, &height) : NULL;
  if (format == NULL)
    {
      g_autofree char *shown = g_file_get_parse_name (input);

      g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_NOT_AN_IMAGE,
                   _("“%s” is not an image that can be converted"), shown);
      return FALSE;
    }

  *format_out = gdk_pixbuf_format_get_name (format);
  *width_out = MAX (width, 0);
  *height_out = MAX (height, 0);
  *size_out = g_file_info_get_size (info);

  return TRUE;
}

static CutoutConvertReasons
decide (const char *format,
        int         width,
        int         height,
        goffset     size)
{
  CutoutConvertReasons reasons = CUTOUT_CONVERT_NONE;

  if (!is_accepted_format (format))
    reasons |= CUTOUT_CONVERT_FORMAT;
  if (width > CUTOUT_MAX_DIMENSION || height > CUTOUT_MAX_DIMENSION)
    reasons |= CUTOUT_CONVERT_SHRINK;
  if (size > CUTOUT_MAX_FILE_SIZE)
    reasons |= CUTOUT_CONVERT_REENCODE;

  return reasons;
}

static gboolean
check_shrink_allowed (CutoutConvertReasons   reasons,
                      gboolean               allow_shrink,
                      int                    width,
                      int                    height,
                      GError               **error)
{
  if ((reasons & CUTOUT_CONVERT_SHRINK) && !allow_shrink)
    {
      g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_SHRINK_REFUSED,
                   _("The image is %d × %d px, larger than the %d × %d px the service takes, "
                     "and shrinking is turned off"),
                   width, height, CUTOUT_MAX_DIMENSION, CUTOUT_MAX_DIMENSION);
      return FALSE;
    }

  return TRUE;
}

CutoutConvertReasons
cutout_convert_get_reasons (GFile         *input,
                            gboolean       allow_shrink,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *format = NULL;
  CutoutConvertReasons reasons;
  int width, height;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (input), CUTOUT_CONVERT_NONE);

  if (!probe (input, &format, &width, &height, &size, cancellable, error))
    return CUTOUT_CONVERT_NONE;

  reasons = decide (format, width, height, size);
  if (!check_shrink_allowed (reasons, allow_shrink, width, height, error))
    return CUTOUT_CONVERT_NONE;

  return reasons;
}

/* Decodes @path at @width × @height (0 × 0: the file's own size). For a
 * shrink, the loader is told the target size up front, so that a JPEG is
 * decoded at a reduced scale instead of at full size. */
static GdkPixbuf *
decode (const char  *path,
        int          width,
        int          height,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  if (width > 0 && height > 0)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, width, height, FALSE, &local_error);
  else
    pixbuf = gdk_pixbuf_new_from_file (path, &local_error);

  if (pixbuf == NULL)
    {
      g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_FAILED,
                   _("Could not read the image: %s"), local_error->message);
      return NULL;
    }

  return pixbuf;
}

static GFile *
write_png (GdkPixbuf     *pixbuf,
           GFile         *folder,
           goffset       *size_out,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *path = NULL;
  GStatBuf buf;
  int fd;

  if (folder_path == NULL)
    {
      g_set_error_literal (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_FAILED,
                           _("The folder for converted images is not a local folder"));
      return NULL;
    }

  path = g_build_filename (folder_path, "cutout-convert-XXXXXX.png", NULL);
  fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_FAILED,
                   _("Could not create a file for the converted image: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  file = g_file_new_for_path (path);
  stream = g_unix_output_stream_new (fd, TRUE);

  if (!gdk_pixbuf_save_to_stream (pixbuf, stream, "png", cancellable, &local_error, NULL) ||
      !g_output_stream_close (stream, cancellable, &local_error) ||
      g_stat (path, &buf) != 0)
    {
      g_unlink (path);
      if (local_error != NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_FAILED,
                     _("Could not write the converted image: %s"),
                     local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }

  *size_out = buf.st_size;
  return g_steal_pointer (&file);
}

static char *
describe (const CutoutConvertResult *result)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (result->reasons & CUTOUT_CONVERT_FORMAT)
    {
      g_autofree char *upper = g_ascii_strup (result->from_format, -1);

      g_ptr_array_add (parts, g_strdup_printf (_("Converted from %s to PNG"), upper));
    }

  if (result->reasons & CUTOUT_CONVERT_SHRINK)
    g_ptr_array_add (parts, g_strdup_printf (_("Shrunk from %d × %d to %d × %d px"),
                                             result->from_width, result->from_height,
                                             result->width, result->height));

  /* For a file over the size limit, the sizes are what the user wants
   * to see. */
  if (result->reasons & CUTOUT_CONVERT_REENCODE)
    {
      g_autofree char *from = megabytes (result->from_size);
      g_autofree char *to = megabytes (result->size);

      g_ptr_array_add (parts, g_strdup_printf (_("Re-encoded as PNG: %s MB → %s MB"), from, to));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

CutoutConvertResult *
cutout_convert_file (GFile         *input,
                     GFile         *folder,
                     gboolean       allow_shrink,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(CutoutConvertResult) result = g_new0 (CutoutConvertResult, 1);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = NULL;
  int target_width = 0, target_height = 0;

  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  if (!probe (input, &result->from_format, &result->from_width, &result->from_height,
              &result->from_size, cancellable, error))
    return NULL;

  result->reasons = decide (result->from_format, result->from_width, result->from_height,
                            result->from_size);
  if (!check_shrink_allowed (result->reasons, allow_shrink,
                             result->from_width, result->from_height, error))
    return NULL;

  result->width = result->from_width;
  result->height = result->from_height;
  result->size = result->from_size;

  if (result->reasons == CUTOUT_CONVERT_NONE)
    return g_steal_pointer (&result);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (result->reasons & CUTOUT_CONVERT_SHRINK)
    cutout_convert_fit_size (result->from_width, result->from_height, CUTOUT_MAX_DIMENSION,
                             &target_width, &target_height);

  path = g_file_get_path (input);
  pixbuf = decode (path, target_width, target_height, error);
  if (pixbuf == NULL)
    return NULL;

  /* Some loaders cannot tell the size from the header alone: judge the
   * decoded image again. */
  if (result->from_width == 0 || result->from_height == 0)
    {
      result->from_width = gdk_pixbuf_get_width (pixbuf);
      result->from_height = gdk_pixbuf_get_height (pixbuf);
      result->reasons |= decide (result->from_format, result->from_width, result->from_height,
                                 result->from_size);
      if (!check_shrink_allowed (result->reasons, allow_shrink,
                                 result->from_width, result->from_height, error))
        return NULL;

      if (result->reasons & CUTOUT_CONVERT_SHRINK)
        {
          GdkPixbuf *scaled;

          cutout_convert_fit_size (result->from_width, result->from_height, CUTOUT_MAX_DIMENSION,
                                   &target_width, &target_height);
          scaled = gdk_pixbuf_scale_simple (pixbuf, target_width, target_height, GDK_INTERP_BILINEAR);
          if (scaled == NULL)
            {
              g_set_error_literal (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_FAILED,
                                   _("Not enough memory to shrink the image"));
              return NULL;
            }
          g_set_object (&pixbuf, scaled);
          g_object_unref (scaled);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result->width = gdk_pixbuf_get_width (pixbuf);
  result->height = gdk_pixbuf_get_height (pixbuf);
  result->output = write_png (pixbuf, folder, &result->size, cancellable, error);
  if (result->output == NULL)
    return NULL;

  if (result->size > CUTOUT_MAX_FILE_SIZE)
    {
      g_autofree char *size = megabytes (result->size);

      g_file_delete (result->output, NULL, NULL);
      g_set_error (error, CUTOUT_CONVERT_ERROR, CUTOUT_CONVERT_ERROR_TOO_LARGE,
                   _("The converted image is %s MB, still over the service's limit of 50 MB"),
                   size);
      return NULL;
    }

  result->description = describe (result);

  return g_steal_pointer (&result);
}

typedef struct
{
  GFile    *input;
  GFile    *folder;
  gboolean  allow_shrink;
} ConvertTaskData;

static void
convert_task_data_free (ConvertTaskData *data)
{
  g_clear_object (&data->input);
  g_clear_object (&data->folder);
  g_free (data);
}

static void
convert_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ConvertTaskData *data = task_data;
  GError *error = NULL;
  CutoutConvertResult *result;

  result = cutout_convert_file (data->input, data->folder, data->allow_shrink, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cutout_convert_result_free);
}

void
cutout_convert_file_async (GFile              *input,
                           GFile              *folder,
                           gboolean            allow_shrink,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ConvertTaskData *data;

  g_return_if_fail (G_IS_FILE (input));
  g_return_if_fail (G_IS_FILE (folder));

  data = g_new0 (ConvertTaskData, 1);
  data->input = g_object_ref (input);
  data->folder = g_object_ref (folder);
  data->allow_shrink = allow_shrink;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_convert_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) convert_task_data_free);
  g_task_run_in_thread (task, convert_file_thread);
}

CutoutConvertResult *
cutout_convert_file_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_convert_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
