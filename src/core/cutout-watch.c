/* cutout-watch.c — a watched folder whose new images join the queue
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-watch.h"

struct _CutoutWatch
{
  GObject       parent_instance;

  GFile        *folder;
  GFileMonitor *monitor;
  guint         settle_ms;
  gboolean      polled;
  guint         poll_ms;
  guint         poll_id;
  /* path → Pending, for files seen but not yet settled */
  GHashTable   *pending;
  /* paths announced, ignored, or there when the watch started */
  GHashTable   *done;
};

typedef struct
{
  CutoutWatch *self;   /* unowned: the watch owns the table */
  GFile       *file;
  char        *path;
  guint        timeout_id;
  goffset      size;
  guint64      mtime_us;
} Pending;

G_DEFINE_FINAL_TYPE (CutoutWatch, cutout_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_SETTLE_MS,
  PROP_POLL_MS,
  N_PROPS
};

enum {
  SIGNAL_FILE_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_clear_object (&pending->file);
  g_free (pending->path);
  g_free (pending);
}

/* Size and modification time, or FALSE when the file is gone, is not a
 * regular file, or is hidden (our own temporary files are hidden). */
static gboolean
query_file (GFile   *file,
            goffset *size_out,
            guint64 *mtime_us_out)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (info == NULL ||
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_is_hidden (info))
    return FALSE;

  *size_out = g_file_info_get_size (info);
  *mtime_us_out = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                  g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}

static gboolean
settle_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;
  CutoutWatch *self = pending->self;
  g_autoptr(GFile) file = NULL;
  goffset size;
  guint64 mtime_us;

  pending->timeout_id = 0;

  if (!query_file (pending->file, &size, &mtime_us))
    {
      /* Gone (or hidden) before it settled: forget it. */
      g_hash_table_remove (self->pending, pending->path);
      return G_SOURCE_REMOVE;
    }

  if (size != pending->size || mtime_us != pending->mtime_us)
    {
      /* Still being written: look again later. */
      pending->size = size;
      pending->mtime_us = mtime_us;
      pending->timeout_id = g_timeout_add (self->settle_ms, settle_timeout_cb, pending);
      return G_SOURCE_REMOVE;
    }

  file = g_object_ref (pending->file);
  g_hash_table_add (self->done, g_strdup (pending->path));
  g_hash_table_remove (self->pending, pending->path);
  g_signal_emit (self, signals[SIGNAL_FILE_READY], 0, file);

  return G_SOURCE_REMOVE;
}

static void
note_file (CutoutWatch *self,
           GFile       *file)
{
  g_autofree char *path = g_file_get_path (file);
  Pending *pending;
  g_autoptr(GFile) parent = NULL;

  if (path == NULL || g_hash_table_contains (self->done, path))
    return;

  /* Only direct children of the folder. */
  parent = g_file_get_parent (file);
  if (parent == NULL || !g_file_equal (parent, self->folder))
    return;

  pending = g_hash_table_lookup (self->pending, path);
  if (pending == NULL)
    {
      pending = g_new0 (Pending, 1);
      pending->self = self;
      pending->file = g_object_ref (file);
      pending->path = g_strdup (path);
      pending->size = -1;
      g_hash_table_insert (self->pending, pending->path, pending);
    }

  /* Any event restarts the wait: the file must be quiet for settle-ms. */
  if (!query_file (file, &pending->size, &pending->mtime_us))
    pending->size = -1;
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  pending->timeout_id = g_timeout_add (self->settle_ms, settle_timeout_cb, pending);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  CutoutWatch *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      note_file (self, file);
      break;
    case G_FILE_MONITOR_EVENT_RENAMED:
      /* A rename inside the folder: the new name is what appeared (a
       * download finished as "photo.jpg.part" → "photo.jpg"). */
      if (other_file != NULL)
        note_file (self, other_file);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      {
        g_autofree char *path = g_file_get_path (file);
        if (path != NULL)
          g_hash_table_remove (self->pending, path);
      }
      break;
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

/* Polling: what is in the folder and was not there, nor announced, nor
 * waiting to settle (its wait would start over), is noted as if the
 * monitor had told of it. */
static gboolean
poll_cb (gpointer user_data)
{
  CutoutWatch *self = user_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children (self->folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  while (enumerator != NULL)
    {
      GFileInfo *info;
      GFile *child;
      g_autofree char *path = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, &error) || info == NULL)
        break;
      /* What would never be announced is not looked at again and again. */
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || g_file_info_get_is_hidden (info))
        continue;
      path = g_file_get_path (child);
      if (path != NULL && !g_hash_table_contains (self->done, path) &&
          !g_hash_table_contains (self->pending, path))
        note_file (self, child);
    }
  /* A folder that went away (a share unmounted) may come back. */
  if (error != NULL)
    g_debug ("Could not read the watched folder: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
restart_polling (CutoutWatch *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->polled)
    self->poll_id = g_timeout_add (self->poll_ms, poll_cb, self);
}

/* Files already in the folder are not new: remember them so that a
 * later "changed" event on one does not announce it. */
static gboolean
list_existing (CutoutWatch  *self,
               GError      **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (self->folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      g_hash_table_add (self->done, g_file_get_path (child));
    }
  return TRUE;
}

static void
cutout_watch_finalize (GObject *object)
{
  CutoutWatch *self = CUTOUT_WATCH (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->done, g_hash_table_unref);

  G_OBJECT_CLASS (cutout_watch_parent_class)->finalize (object);
}

static void
cutout_watch_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CutoutWatch *self = CUTOUT_WATCH (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    case PROP_SETTLE_MS:
      g_value_set_uint (value, self->settle_ms);
      break;
    case PROP_POLL_MS:
      g_value_set_uint (value, self->poll_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_watch_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CutoutWatch *self = CUTOUT_WATCH (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    case PROP_SETTLE_MS:
      cutout_watch_set_settle_ms (self, g_value_get_uint (value));
      break;
    case PROP_POLL_MS:
      cutout_watch_set_poll_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_watch_class_init (CutoutWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cutout_watch_finalize;
  object_class->get_property = cutout_watch_get_property;
  object_class->set_property = cutout_watch_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTLE_MS] =
    g_param_spec_uint ("settle-ms", NULL, NULL, 1, 600000, 2000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_MS] =
    g_param_spec_uint ("poll-ms", NULL, NULL, 10, 600000, CUTOUT_WATCH_POLL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CutoutWatch::file-ready:
   * @file: the new file, settled
   */
  signals[SIGNAL_FILE_READY] =
    g_signal_new ("file-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
cutout_watch_init (CutoutWatch *self)
{
  self->settle_ms = 2000;
  self->poll_ms = CUTOUT_WATCH_POLL_MS;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pending_free);
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

gboolean
cutout_watch_folder_needs_polling (GFile *folder)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *portal = NULL;
  const char *type;

  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  /* Flatpak's document portal: a FUSE file system, but not every
   * system says so for the path the app sees. */
  path = g_file_get_path (folder);
  portal = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  if (path != NULL && g_str_has_prefix (path, portal) &&
      (path[strlen (portal)] == '/' || path[strlen (portal)] == '\0'))
    return TRUE;

  info = g_file_query_filesystem_info (folder,
                                       G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_TYPE,
                                       NULL, NULL);
  if (info == NULL)
    return FALSE;
  type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE);

  return g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE) ||
         (type != NULL && g_str_has_prefix (type, "fuse"));
}

CutoutWatch *
cutout_watch_new_full (GFile            *folder,
                       CutoutWatchMode   mode,
                       GError          **error)
{
  g_autoptr(CutoutWatch) self = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (mode <= CUTOUT_WATCH_POLL, NULL);

  self = g_object_new (CUTOUT_TYPE_WATCH, "folder", folder, NULL);

  if (!list_existing (self, error))
    return NULL;

  if (mode != CUTOUT_WATCH_POLL)
    {
      self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
      if (self->monitor == NULL)
        return NULL;
      g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
    }

  self->polled = mode == CUTOUT_WATCH_POLL ||
                 (mode == CUTOUT_WATCH_AUTO && cutout_watch_folder_needs_polling (folder));
  restart_polling (self);

  return g_steal_pointer (&self);
}

CutoutWatch *
cutout_watch_new (GFile   *folder,
                  GError **error)
{
  return cutout_watch_new_full (folder, CUTOUT_WATCH_AUTO, error);
}

gboolean
cutout_watch_get_polled (CutoutWatch *self)
{
  g_return_val_if_fail (CUTOUT_IS_WATCH (self), FALSE);
  return self->polled;
}

guint
cutout_watch_get_poll_ms (CutoutWatch *self)
{
  g_return_val_if_fail (CUTOUT_IS_WATCH (self), 0);
  return self->poll_ms;
}

void
cutout_watch_set_poll_ms (CutoutWatch *self,
                          guint        poll_ms)
{
  g_return_if_fail (CUTOUT_IS_WATCH (self));

  poll_ms = MAX (poll_ms, 10);
  if (self->poll_ms == poll_ms)
    return;
  self->poll_ms = poll_ms;
  restart_polling (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_MS]);
}

GFile *
cutout_watch_get_folder (CutoutWatch *self)
{
  g_return_val_if_fail (CUTOUT_IS_WATCH (self), NULL);
  return self->folder;
}

guint
cutout_watch_get_settle_ms (CutoutWatch *self)
{
  g_return_val_if_fail (CUTOUT_IS_WATCH (self), 0);
  return self->settle_ms;
}

void
cutout_watch_set_settle_ms (CutoutWatch *self,
                            guint        settle_ms)
{
  g_return_if_fail (CUTOUT_IS_WATCH (self));

  settle_ms = MAX (settle_ms, 1);
  if (self->settle_ms == settle_ms)
    return;
  self->settle_ms = settle_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTLE_MS]);
}

void
cutout_watch_ignore (CutoutWatch *self,
                     GFile       *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CUTOUT_IS_WATCH (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    return;
  g_hash_table_remove (self->pending, path);
  g_hash_table_add (self->done, g_steal_pointer (&path));
}
