/* cutout-cli-inputs.c — the files and folders named on cutout-cli's command line
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cutout-cli.h"
#include "cutout-cli-process-private.h"

/* Inputs ----------------------------------------------------------------- */

/* Inside a folder, a file that is no image at all (notes, sidecar files)
 * is passed over and said so; an image the service cannot take is left
 * to the queue, which converts it or says why not. */
gboolean
cutout_cli_is_image (Run   *run,
          GFile *file)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint8 head[32];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL))
    return TRUE; /* let the queue say what is wrong with it */

  if (cutout_image_type_sniff (head, n) != CUTOUT_IMAGE_TYPE_UNKNOWN || n == 0)
    return TRUE;
  if (gdk_pixbuf_get_file_info (g_file_peek_path (file), NULL, NULL) != NULL)
    return TRUE;

  /* Preflight words it as the service would ("File type '.txt' …"). */
  info = cutout_preflight_check (file, NULL, &error);
  if (info != NULL || !g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNSUPPORTED_TYPE))
    return TRUE;

  run->n_skipped++;
  if (run->json)
    {
      g_autofree char *path = g_file_get_path (file);
      cutout_cli_report_json (path, NULL, "skipped", error->message, 0, 0, 0);
    }
  else
    g_print (_("%s: skipped: %s\n"), g_file_peek_path (file), error->message);
  return FALSE;
}

/* A name with its collation key: sorting compares the keys with strcmp (),
 * the order of g_utf8_collate () without normalising both names again in
 * each of a folder's n log n comparisons. */
typedef struct
{
  char *name;
  char *key;
} SortName;

static void
sort_name_free (gpointer data)
{
  SortName *entry = data;

  g_free (entry->name);
  g_free (entry->key);
  g_free (entry);
}

static void
add_sort_name (GPtrArray  *names,
               const char *name)
{
  SortName *entry = g_new (SortName, 1);

  entry->name = g_strdup (name);
  entry->key = g_utf8_collate_key (name, -1);
  g_ptr_array_add (names, entry);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const SortName *name_a = *(const SortName **) a;
  const SortName *name_b = *(const SortName **) b;

  return strcmp (name_a->key, name_b->key);
}

/* Collects the images below @dir, recursively, in name order; hidden
 * files and folders are passed over. */
static gboolean
walk_folder (Run       *run,
             GFile     *dir,
             GQueue    *files,
             GError   **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (sort_name_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (sort_name_free);

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_is_hidden (info))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        add_sort_name (dirs, g_file_info_get_name (info));
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        add_sort_name (names, g_file_info_get_name (info));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_sort (dirs, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      SortName *entry = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (dir, entry->name);

      if (cutout_cli_is_image (run, child))
        g_queue_push_tail (files, g_steal_pointer (&child));
    }

  for (guint i = 0; i < dirs->len; i++)
    {
      SortName *entry = g_ptr_array_index (dirs, i);
      g_autoptr(GFile) child = g_file_get_child (dir, entry->name);

      if (!walk_folder (run, child, files, error))
        return FALSE;
    }

  return TRUE;
}

/* Files given by name join as one group; each folder joins as its own
 * group, rooted at the folder's parent so that "-o out photos/" writes
 * out/photos/…, keeping the tree. */
gboolean
cutout_cli_add_inputs (Run      *run,
            char    **paths,
            GError  **error)
{
  g_autoptr(GQueue) singles = g_queue_new ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);

      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr(GQueue) files = g_queue_new ();
          g_autoptr(GFile) root = g_file_get_parent (file);

          if (!walk_folder (run, file, files, error))
            {
              g_queue_free_full (g_steal_pointer (&files), g_object_unref);
              return FALSE;
            }
          cutout_queue_add_files (run->queue, files->head, root != NULL ? root : file);
          g_queue_free_full (g_steal_pointer (&files), g_object_unref);
        }
      else
        {
          /* A missing file is reported as that job's failure. */
          g_queue_push_tail (singles, g_steal_pointer (&file));
        }
    }

  if (singles->length > 0)
    cutout_queue_add_files (run->queue, singles->head, NULL);
  g_queue_free_full (g_steal_pointer (&singles), g_object_unref);

  return TRUE;
}
