/* cutout-preview-load.c — the preview's sources, decoded at display size in a thread
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-preview-private.h"

void
cutout_preview_load_data_free (CutoutPreviewLoadData *data)
{
  g_clear_object (&data->input);
  g_clear_object (&data->output);
  g_clear_object (&data->cache);
  g_free (data);
}

void
cutout_preview_load_result_free (CutoutPreviewLoadResult *result)
{
  g_clear_object (&result->original);
  g_clear_object (&result->result);
  g_free (result);
}

static GdkPixbuf *
decode_at_display_size (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  return gdk_pixbuf_new_from_stream_at_scale (G_INPUT_STREAM (stream),
                                              CUTOUT_PREVIEW_DECODE_MAX, CUTOUT_PREVIEW_DECODE_MAX, TRUE,
                                              cancellable, error);
}

static GdkPixbuf *
scale_to_display (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double scale = MIN ((double) CUTOUT_PREVIEW_DECODE_MAX / width, (double) CUTOUT_PREVIEW_DECODE_MAX / height);

  if (scale >= 1.0)
    return g_object_ref (pixbuf);

  return gdk_pixbuf_scale_simple (pixbuf,
                                  MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)),
                                  GDK_INTERP_BILINEAR);
}

/* The cut-out was made from the file as stored; turn it the way the
 * original is shown, as the finishing step does for the result. */
static GdkPixbuf *
orient_like (GdkPixbuf *pixbuf,
             GdkPixbuf *original)
{
  const char *orientation = gdk_pixbuf_get_option (original, "orientation");
  g_autoptr(GdkPixbuf) copy = NULL;

  if (orientation == NULL)
    return g_object_ref (pixbuf);

  copy = gdk_pixbuf_copy (pixbuf);
  gdk_pixbuf_set_option (copy, "orientation", orientation);
  return gdk_pixbuf_apply_embedded_orientation (copy);
}

void
cutout_preview_load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CutoutPreviewLoadData *data = task_data;
  g_autoptr(GdkPixbuf) raw = NULL;
  g_autoptr(GError) error = NULL;
  CutoutPreviewLoadResult *result;
  g_autofree char *path = NULL;
  int full_width = 0, full_height = 0;

  raw = decode_at_display_size (data->input, cancellable, &error);
  if (raw == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (CutoutPreviewLoadResult, 1);
  result->original = data->orient ? gdk_pixbuf_apply_embedded_orientation (raw) : g_object_ref (raw);

  path = g_file_get_path (data->input);
  if (path != NULL && gdk_pixbuf_get_file_info (path, &full_width, &full_height) != NULL)
    {
      /* The file's size is as stored; an orientation may turn it. */
      gboolean turned = (gdk_pixbuf_get_width (raw) > gdk_pixbuf_get_height (raw)) !=
                        (gdk_pixbuf_get_width (result->original) > gdk_pixbuf_get_height (result->original));

      result->full_width = turned ? full_height : full_width;
      result->full_height = turned ? full_width : full_height;
    }
  else
    {
      result->full_width = gdk_pixbuf_get_width (result->original);
      result->full_height = gdk_pixbuf_get_height (result->original);
    }

  if (data->cache != NULL)
    {
      g_autofree char *hash = cutout_cutout_cache_hash_file (data->input, cancellable, NULL);
      g_autoptr(GdkPixbuf) cutout = NULL;

      if (hash != NULL && cutout_cutout_cache_contains (data->cache, hash))
        cutout = cutout_cutout_cache_load (data->cache, hash, cancellable, NULL);
      if (cutout != NULL)
        {
          g_autoptr(GdkPixbuf) small = scale_to_display (cutout);

          result->result = data->orient ? orient_like (small, raw) : g_object_ref (small);
          result->result_is_cutout = TRUE;
        }
    }

  if (result->result == NULL && data->output != NULL)
    result->result = decode_at_display_size (data->output, cancellable, NULL);

  if (g_task_return_error_if_cancelled (task))
    {
      cutout_preview_load_result_free (result);
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify) cutout_preview_load_result_free);
}
