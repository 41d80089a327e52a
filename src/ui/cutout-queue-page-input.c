/* cutout-queue-page-input.c — getting images in (drops, file dialogs, paste) and onto the screen (rows, thumbnails)
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-preflight.h"
#include "cutout-queue-page-private.h"
#include "cutout-queue-row.h"

#define DROP_ACTIVE_CLASS "cutout-drop-active"

/* Thumbnails are loaded at twice their shown size, for HiDPI screens. */
#define THUMBNAIL_SIZE 96
#define THUMBNAIL_CACHE_SIZE 256

/* Walking what was given, in a thread ----------------------------------------- */

/* Files that join the queue together: one group per folder (rooted at the
 * folder's parent so its structure is kept below the output folder, as
 * the command line does) and one for the files given one by one. */
typedef struct
{
  GFile     *root;  /* NULL for single files */
  GPtrArray *files; /* of GFile, in name order */
} Group;

typedef struct
{
  GPtrArray *inputs;    /* of GFile */
  GPtrArray *groups;    /* of Group */
  guint      n_skipped; /* files that are not images */
} Walk;

static void
group_free (Group *group)
{
  g_clear_object (&group->root);
  g_clear_pointer (&group->files, g_ptr_array_unref);
  g_free (group);
}

static void
walk_free (Walk *walk)
{
  g_clear_pointer (&walk->inputs, g_ptr_array_unref);
  g_clear_pointer (&walk->groups, g_ptr_array_unref);
  g_free (walk);
}

/* A name with its sort key, made once: a folder of 10,000 files would
 * otherwise make two keys per comparison, some 300,000 in all. */
typedef struct
{
  char *key;
  char *name;
} Name;

static Name *
name_new (const char *name)
{
  Name *entry = g_new (Name, 1);

  entry->name = g_strdup (name);
  entry->key = g_utf8_collate_key_for_filename (name, -1);
  return entry;
}

static void
name_free (Name *entry)
{
  g_free (entry->key);
  g_free (entry->name);
  g_free (entry);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Name *name_a = *(const Name * const *) a;
  const Name *name_b = *(const Name * const *) b;

  return strcmp (name_a->key, name_b->key);
}

/* Whether @file should become a job. Anything that looks like an image
 * (by its first bytes, or to gdk-pixbuf), and anything with an image's
 * extension, joins: a broken or empty "photo.png" then fails in the queue
 * with the service's own wording, at no cost. Only files that preflight
 * would refuse for their type ("File type '.txt' is not supported") are
 * skipped. */
static gboolean
is_image (GFile        *file,
          GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 head[32];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, NULL))
    return TRUE; /* the queue says what is wrong with it */
  if (n == 0 || cutout_image_type_sniff (head, n) != CUTOUT_IMAGE_TYPE_UNKNOWN)
    return TRUE;

  path = g_file_get_path (file);
  if (path != NULL && gdk_pixbuf_get_file_info (path, NULL, NULL) != NULL)
    return TRUE;

  info = cutout_preflight_check (file, cancellable, &error);
  return info != NULL || !g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNSUPPORTED_TYPE);
}

/* Collects the images below @dir, recursively, in name order; hidden
 * files and folders are passed over. A folder that cannot be read adds
 * nothing. */
static void
walk_folder (Walk         *walk,
             GFile        *dir,
             GPtrArray    *files,
             GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func ((GDestroyNotify) name_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func ((GDestroyNotify) name_free);
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, &error);
  if (enumerator == NULL)
    {
      g_debug ("Cannot read a folder: %s", error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, NULL) || info == NULL)
        break;
      if (g_file_info_get_is_hidden (info))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (dirs, name_new (g_file_info_get_name (info)));
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        g_ptr_array_add (names, name_new (g_file_info_get_name (info)));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_sort (dirs, compare_names);

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, ((Name *) g_ptr_array_index (names, i))->name);

      if (is_image (child, cancellable))
        g_ptr_array_add (files, g_steal_pointer (&child));
      else
        walk->n_skipped++;
    }

  for (guint i = 0; i < dirs->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, ((Name *) g_ptr_array_index (dirs, i))->name);

      walk_folder (walk, child, files, cancellable);
    }
}

static Group *
group_new (GFile *root)
{
  Group *group = g_new0 (Group, 1);

  group->root = root != NULL ? g_object_ref (root) : NULL;
  group->files = g_ptr_array_new_with_free_func (g_object_unref);
  return group;
}

static void
walk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Walk *walk = task_data;
  Group *singles = NULL;

  /* The files keep the order they were given in: single files next to
   * each other share a group, each folder has its own. */
  for (guint i = 0; i < walk->inputs->len; i++)
    {
      GFile *file = g_ptr_array_index (walk->inputs, i);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          Group *group = group_new (parent != NULL ? parent : file);

          walk_folder (walk, file, group->files, cancellable);
          g_ptr_array_add (walk->groups, group);
          singles = NULL;
        }
      else if (type == G_FILE_TYPE_UNKNOWN || is_image (file, cancellable))
        {
          /* A missing file joins too and fails with the reason. */
          if (singles == NULL)
            {
              singles = group_new (NULL);
              g_ptr_array_add (walk->groups, singles);
            }
          g_ptr_array_add (singles->files, g_object_ref (file));
        }
      else
        walk->n_skipped++;
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
walk_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (source);
  Walk *walk = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  cutout_queue_page_set_adding (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return; /* cancelled: the page is going away */

  for (guint i = 0; i < walk->groups->len; i++)
    {
      Group *group = g_ptr_array_index (walk->groups, i);
      GList *list = NULL;

      if (group->files->len == 0)
        continue;

      /* All of a group's files join the queue in one go (one
       * items-changed), however many there are; a large group is written
       * to the history in a thread, so the window does not wait for it. */
      for (guint j = group->files->len; j > 0; j--)
        list = g_list_prepend (list, g_ptr_array_index (group->files, j - 1));
      cutout_queue_add_files_async (self->queue, list, group->root, NULL, NULL);
      g_list_free (list);
      n_added += group->files->len;
    }

  /* Checking the new files now makes the credit forecast exact before
   * Start, and refuses invalid ones at once. */
  if (n_added > 0)
    cutout_queue_prepare (self->queue);

  if (walk->n_skipped > 0)
    {
      g_autofree char *title = NULL;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u file skipped: not an image",
                                            "%u files skipped: not images",
                                            walk->n_skipped),
                               walk->n_skipped);
      cutout_queue_page_show_toast (self, title);
    }
  else if (n_added == 0)
    cutout_queue_page_show_toast (self, _("No images found"));
}

void
cutout_queue_page_add_files (CutoutQueuePage *self,
                             GFile          **files,
                             int              n_files)
{
  g_autoptr(GTask) task = NULL;
  Walk *walk;

  g_return_if_fail (CUTOUT_IS_QUEUE_PAGE (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files <= 0)
    return;

  walk = g_new0 (Walk, 1);
  walk->inputs = g_ptr_array_new_with_free_func (g_object_unref);
  walk->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (walk->inputs, g_object_ref (files[i]));

  cutout_queue_page_set_adding (self, TRUE);

  /* Folders can hold thousands of files on a slow disk: look through
   * them in a thread so that the window stays responsive. */
  task = g_task_new (self, self->cancellable, walk_done_cb, NULL);
  g_task_set_source_tag (task, cutout_queue_page_add_files);
  g_task_set_task_data (task, walk, (GDestroyNotify) walk_free);
  g_task_run_in_thread (task, walk_thread);
}

static void
add_file_list (CutoutQueuePage *self,
               GdkFileList     *list)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = gdk_file_list_get_files (list); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len > 0)
    cutout_queue_page_add_files (self, (GFile **) files->pdata, files->len);
}

/* Drag and drop ----------------------------------------------------------------- */

static GdkDragAction
drop_enter_cb (GtkDropTarget   *target,
               double           x,
               double           y,
               CutoutQueuePage *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), DROP_ACTIVE_CLASS);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget   *target,
               CutoutQueuePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), DROP_ACTIVE_CLASS);
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         CutoutQueuePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), DROP_ACTIVE_CLASS);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || g_value_get_boxed (value) == NULL)
    return FALSE;

  add_file_list (self, g_value_get_boxed (value));
  return TRUE;
}

/* File dialogs ---------------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     CutoutQueuePage *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);

  if (array->len > 0)
    cutout_queue_page_add_files (self, (GFile **) array->pdata, array->len);
}

static void
run_chooser (CutoutQueuePage      *self,
             GtkFileChooserAction  action,
             const char           *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (title,
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      static const char *mime_types[] = {
        "image/png", "image/jpeg", "image/webp", "image/bmp",
        "image/gif", "image/tiff", "image/vnd.microsoft.icon",
      };
      g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (images, _("Images"));
      for (guint i = 0; i < G_N_ELEMENTS (mime_types); i++)
        gtk_file_filter_add_mime_type (images, mime_types[i]);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_chooser (CUTOUT_QUEUE_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Images"));
}

static void
open_folder_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_chooser (CUTOUT_QUEUE_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Open Folder"));
}

/* Paste ------------------------------------------------------------------------------ */

static void
paste_files_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CutoutQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cutout_queue_page_show_toast (self, error->message);
      return;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    add_file_list (self, g_value_get_boxed (value));
}

/* Writes a pasted image as a PNG below the cache folder, so that it can
 * be queued like any file. */
static void
save_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GdkTexture *texture = task_data;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cutout", "pasted", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *path = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return;
    }

  for (guint i = 0; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_autofree char *name = i == 0
        ? g_strdup_printf ("pasted-%s.png", stamp)
        : g_strdup_printf ("pasted-%s-%u.png", stamp, i);

      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not save the pasted image as “%s”"), path);
      return;
    }

  g_task_return_pointer (task, g_file_new_for_path (path), g_object_unref);
}

static void
texture_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (source);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cutout_queue_page_show_toast (self, error->message);
      return;
    }
  cutout_queue_page_add_files (self, &file, 1);
}

static void
paste_texture_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CutoutQueuePage) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cutout_queue_page_show_toast (self, error->message);
      return;
    }

  task = g_task_new (self, self->cancellable, texture_saved_cb, NULL);
  g_task_set_source_tag (task, paste_texture_cb);
  g_task_set_task_data (task, g_steal_pointer (&texture), g_object_unref);
  g_task_run_in_thread (task, save_texture_thread);
}

static void
paste_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GdkContentFormats) formats = NULL;

  /* Another app's clipboard offers MIME types; the union tells which
   * GTypes they can be read as. */
  formats = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                    self->cancellable, paste_files_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, paste_texture_cb, g_object_ref (self));
  else
    cutout_queue_page_show_toast (self, _("Nothing to paste: copy images or files first"));
}

typedef struct
{
  char       *key;
  GdkTexture *texture;
} ThumbnailEntry;

static void
thumbnail_entry_free (ThumbnailEntry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

/* Rows and their thumbnails --------------------------------------------------------------------- */

static GdkTexture *
thumbnail_lookup (CutoutQueuePage *self,
                  const char      *key)
{
  GList *link = g_hash_table_lookup (self->thumbnails, key);

  if (link == NULL)
    return NULL;

  /* Most recently used first. */
  g_queue_unlink (&self->thumbnail_lru, link);
  g_queue_push_head_link (&self->thumbnail_lru, link);
  return ((ThumbnailEntry *) link->data)->texture;
}

static void
thumbnail_insert (CutoutQueuePage *self,
                  const char      *key,
                  GdkTexture      *texture)
{
  ThumbnailEntry *entry;

  if (g_hash_table_contains (self->thumbnails, key))
    return;

  entry = g_new0 (ThumbnailEntry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->thumbnail_lru, entry);
  g_hash_table_insert (self->thumbnails, entry->key, self->thumbnail_lru.head);

  while (self->thumbnail_lru.length > THUMBNAIL_CACHE_SIZE)
    {
      ThumbnailEntry *old = g_queue_pop_tail (&self->thumbnail_lru);

      g_hash_table_remove (self->thumbnails, old->key);
      thumbnail_entry_free (old);
    }
}

typedef struct
{
  CutoutQueueRow *row;
  CutoutJob      *job;
  char           *key;
  char           *path;
} ThumbnailLoad;

static void
thumbnail_load_free (ThumbnailLoad *load)
{
  g_clear_object (&load->row);
  g_clear_object (&load->job);
  g_free (load->key);
  g_free (load->path);
  g_free (load);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailLoad *load = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  /* The row may have scrolled away while this waited for a thread. */
  if (g_task_return_error_if_cancelled (task))
    return;

  pixbuf = gdk_pixbuf_new_from_file_at_scale (load->path, THUMBNAIL_SIZE, THUMBNAIL_SIZE, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, gdk_pixbuf_apply_embedded_orientation (pixbuf), g_object_unref);
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (source);
  ThumbnailLoad *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail for a job: %s", error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  thumbnail_insert (self, load->key, texture);
  if (cutout_queue_row_get_job (load->row) == load->job)
    cutout_queue_row_set_thumbnail (load->row, GDK_PAINTABLE (texture));
}

static void
request_thumbnail (CutoutQueuePage *self,
                   GtkListItem     *item,
                   CutoutQueueRow  *row,
                   CutoutJob       *job)
{
  GFile *input = cutout_job_get_input (job);
  g_autofree char *key = g_file_get_uri (input);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  ThumbnailLoad *load;
  GdkTexture *texture;

  texture = thumbnail_lookup (self, key);
  if (texture != NULL)
    {
      cutout_queue_row_set_thumbnail (row, GDK_PAINTABLE (texture));
      return;
    }
  if (g_file_peek_path (input) == NULL)
    return;

  load = g_new0 (ThumbnailLoad, 1);
  load->row = g_object_ref (row);
  load->job = g_object_ref (job);
  load->key = g_steal_pointer (&key);
  load->path = g_file_get_path (input);

  /* Cancelled when the item is unbound (scrolled away or removed). */
  cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (item), "cutout-thumbnail-cancellable",
                          g_object_ref (cancellable), g_object_unref);

  task = g_task_new (self, cancellable, thumbnail_loaded_cb, NULL);
  g_task_set_source_tag (task, request_thumbnail);
  g_task_set_task_data (task, load, (GDestroyNotify) thumbnail_load_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

/* The list's factory ----------------------------------------------------------------- */

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  CutoutQueuePage          *self)
{
  gtk_list_item_set_child (item, GTK_WIDGET (cutout_queue_row_new (self->queue)));
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 CutoutQueuePage          *self)
{
  CutoutQueueRow *row = CUTOUT_QUEUE_ROW (gtk_list_item_get_child (item));
  CutoutJob *job = gtk_list_item_get_item (item);

  cutout_queue_row_set_job (row, job);
  request_thumbnail (self, item, row, job);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   CutoutQueuePage          *self)
{
  CutoutQueueRow *row = CUTOUT_QUEUE_ROW (gtk_list_item_get_child (item));
  GCancellable *cancellable = g_object_get_data (G_OBJECT (item), "cutout-thumbnail-cancellable");

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_object_set_data (G_OBJECT (item), "cutout-thumbnail-cancellable", NULL);
  cutout_queue_row_set_job (row, NULL);
}


GtkListItemFactory *
cutout_queue_page_new_factory (CutoutQueuePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (factory_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (factory_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (factory_unbind_cb), self, 0);
  return factory;
}

void
cutout_queue_page_clear_thumbnails (CutoutQueuePage *self)
{
  g_queue_clear_full (&self->thumbnail_lru, (GDestroyNotify) thumbnail_entry_free);
  g_hash_table_remove_all (self->thumbnails);
}

/* Setup -------------------------------------------------------------------------------- */

void
cutout_queue_page_init_input (CutoutQueuePage *self)
{
  GtkDropTarget *target;

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
cutout_queue_page_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queue.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.open-folder", NULL, open_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.paste", NULL, paste_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "queue.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "queue.paste", NULL);
}
