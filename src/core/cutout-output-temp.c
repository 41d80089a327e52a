/* cutout-output-temp.c — atomic writes through hidden temp files, and cleaning up after a crash
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* renameat2() and RENAME_NOREPLACE are GNU extensions of glibc. */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cutout-output-private.h"

/* The random part g_mkstemp() fills in. */
#define TEMP_RANDOM_LEN 6

/* ---- Atomic write ----------------------------------------------------- */

struct _CutoutOutputTemp
{
  GObject        parent_instance;

  GFile         *folder;
  GFile         *file;
  char          *path;
  GOutputStream *stream;
  GFile         *final;
  gboolean       finished; /* committed or aborted */
};

G_DEFINE_FINAL_TYPE (CutoutOutputTemp, cutout_output_temp, G_TYPE_OBJECT)

static void
cutout_output_temp_finalize (GObject *object)
{
  CutoutOutputTemp *self = CUTOUT_OUTPUT_TEMP (object);

  /* A temp file nobody committed is a failed or cancelled result. */
  cutout_output_temp_abort (self);

  g_clear_object (&self->folder);
  g_clear_object (&self->file);
  g_clear_object (&self->stream);
  g_clear_object (&self->final);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cutout_output_temp_parent_class)->finalize (object);
}

static void
cutout_output_temp_class_init (CutoutOutputTempClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cutout_output_temp_finalize;
}

static void
cutout_output_temp_init (CutoutOutputTemp *self)
{
}

/* Sets an error naming @path (shown in the user's encoding) and the
 * system's reason. A macro so that the format string stays a literal the
 * compiler can check. */
#define set_error_from_errno(error, saved_errno, format, path)             \
  G_STMT_START {                                                           \
    g_autofree char *shown_ = g_filename_display_name (path);              \
    g_set_error ((error), CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_FAILED, \
                 format, shown_, g_strerror (saved_errno));                \
  } G_STMT_END

CutoutOutputTemp *
cutout_output_temp_new (GFile   *folder,
                        GError **error)
{
  g_autoptr(CutoutOutputTemp) self = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  int fd;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  folder_path = g_file_get_path (folder);
  if (folder_path == NULL)
    {
      g_autofree char *shown = g_file_get_parse_name (folder);

      g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_NOT_LOCAL,
                   _("Results cannot be written to “%s”: it is not a local folder"), shown);
      return NULL;
    }

  if (g_mkdir_with_parents (folder_path, 0777) != 0)
    {
      int saved_errno = errno;

      set_error_from_errno (error, saved_errno, _("Could not create the folder “%s”: %s"), folder_path);
      return NULL;
    }

  /* The writer's process id is part of the name, so that after a crash
   * its temp files can be told from those of a process still writing. */
  name = g_strdup_printf (CUTOUT_OUTPUT_TEMP_PREFIX "%d-XXXXXX", (int) getpid ());
  path = g_build_filename (folder_path, name, NULL);
  /* O_EXCL (added by g_mkstemp_full) makes the name ours alone; the mode
   * is reduced by the umask like any new file's. */
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      set_error_from_errno (error, saved_errno, _("Could not create a file in “%s”: %s"), folder_path);
      return NULL;
    }

  self = g_object_new (CUTOUT_TYPE_OUTPUT_TEMP, NULL);
  self->folder = g_object_ref (folder);
  self->path = g_steal_pointer (&path);
  self->file = g_file_new_for_path (self->path);
  self->stream = g_unix_output_stream_new (fd, TRUE);

  return g_steal_pointer (&self);
}

static void
temp_new_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  CutoutOutputTemp *temp;

  if (g_task_return_error_if_cancelled (task))
    return;

  temp = cutout_output_temp_new (G_FILE (task_data), &error);
  if (temp == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, temp, g_object_unref);
}

void
cutout_output_temp_new_async (GFile              *folder,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_output_temp_new_async);
  g_task_set_task_data (task, g_object_ref (folder), g_object_unref);
  g_task_run_in_thread (task, temp_new_thread);
}

CutoutOutputTemp *
cutout_output_temp_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_output_temp_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
cutout_output_temp_get_file (CutoutOutputTemp *self)
{
  g_return_val_if_fail (CUTOUT_IS_OUTPUT_TEMP (self), NULL);

  return self->file;
}

GFile *
cutout_output_temp_get_folder (CutoutOutputTemp *self)
{
  g_return_val_if_fail (CUTOUT_IS_OUTPUT_TEMP (self), NULL);

  return self->folder;
}

GOutputStream *
cutout_output_temp_get_stream (CutoutOutputTemp *self)
{
  g_return_val_if_fail (CUTOUT_IS_OUTPUT_TEMP (self), NULL);

  return self->stream;
}

GFile *
cutout_output_temp_get_final (CutoutOutputTemp *self)
{
  g_return_val_if_fail (CUTOUT_IS_OUTPUT_TEMP (self), NULL);

  return self->final;
}

/* fsync() through a fresh descriptor: the writer may have replaced the
 * temp file by path (a new inode), and fsync() works on any descriptor
 * of the file, read-only included. */
static gboolean
sync_path (const char *path,
           gboolean    directory,
           GError    **error)
{
  int flags = O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : O_NOFOLLOW);
  int fd = g_open (path, flags, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      set_error_from_errno (error, saved_errno, _("Could not open “%s”: %s"), path);
      return FALSE;
    }

  /* Some file systems (and directories on some of them) cannot be synced
   * at all; that is no reason to fail the write. */
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
    {
      int saved_errno = errno;

      close (fd);
      set_error_from_errno (error, saved_errno, _("Could not write “%s” to disk: %s"), path);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Moves @from to @to unless @to exists. Returns 0 or an errno value,
 * EEXIST when @to is taken. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  GStatBuf buf;

#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return errno;
#endif

  /* link() never replaces either; the complete file then briefly has two
   * names, which is harmless: the temp name is removed next. */
  if (link (from, to) == 0)
    {
      g_unlink (from);
      return 0;
    }
  if (errno == EEXIST)
    return EEXIST;
  if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK)
    return errno;

  /* A file system with neither (some FUSE mounts): check, then rename. A
   * file created in between would be replaced; there is no better way. */
  if (g_lstat (to, &buf) == 0)
    return EEXIST;
  if (g_rename (from, to) != 0)
    return errno;

  return 0;
}

GFile *
cutout_output_temp_commit (CutoutOutputTemp         *self,
                           GFile                    *target,
                           CutoutCollisionPolicy     policy,
                           GFile                    *input,
                           CutoutOutputReservations *reservations,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_autoptr(GFile) current = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;

  g_return_val_if_fail (CUTOUT_IS_OUTPUT_TEMP (self), NULL);
  g_return_val_if_fail (G_IS_FILE (target), NULL);
  g_return_val_if_fail (!self->finished, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!g_output_stream_is_closed (self->stream) &&
      !g_output_stream_close (self->stream, cancellable, error))
    return NULL;

  if (!sync_path (self->path, FALSE, error))
    return NULL;

  current = g_object_ref (target);
  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *target_path = g_file_get_path (current);
      int result;

      if (target_path == NULL)
        {
          g_autofree char *shown = g_file_get_parse_name (current);

          g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_NOT_LOCAL,
                       _("Results cannot be written to “%s”: it is not a local folder"), shown);
          return NULL;
        }

      if (policy == CUTOUT_COLLISION_OVERWRITE)
        {
          /* Checked again here: the target may have changed since it was
           * resolved, and an original must never be replaced. */
          if (cutout_output_is_an_input (current, input, reservations))
            {
              g_autofree char *shown = g_file_get_parse_name (current);

              g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_IS_INPUT,
                           _("“%s” is an original image and is never overwritten"), shown);
              return NULL;
            }
          result = g_rename (self->path, target_path) == 0 ? 0 : errno;
        }
      else
        result = rename_noreplace (self->path, target_path);

      if (result == 0)
        break;

      if (result != EEXIST)
        {
          set_error_from_errno (error, result, _("Could not save “%s”: %s"), target_path);
          return NULL;
        }

      if (policy == CUTOUT_COLLISION_SKIP || attempt >= 100)
        {
          g_autofree char *shown = g_file_get_parse_name (current);

          g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS,
                       _("Skipped: “%s” already exists"), shown);
          return NULL;
        }

      /* Someone else took the name since it was resolved: take the next
       * free number and move the reservation along. */
      {
        g_autoptr(GFile) parent = g_file_get_parent (current);
        g_autofree char *name = g_file_get_basename (current);
        g_autoptr(GFile) next = NULL;

        next = cutout_output_resolve_target (parent, name, CUTOUT_COLLISION_ADD_NUMBER,
                                             input, reservations, error);
        if (next == NULL)
          return NULL;
        if (reservations != NULL)
          cutout_output_reservations_release (reservations, current);
        g_set_object (&current, next);
      }
    }

  self->finished = TRUE;
  self->final = g_object_ref (current);

  /* The rename is only durable once the folder's entry is on disk. */
  folder = g_file_get_parent (current);
  folder_path = g_file_get_path (folder);
  if (folder_path != NULL && !sync_path (folder_path, TRUE, NULL))
    g_debug ("Could not sync the folder of a result");

  return g_steal_pointer (&current);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CutoutOutputTaskData *data = task_data;
  GError *error = NULL;
  GFile *file;

  file = cutout_output_temp_commit (CUTOUT_OUTPUT_TEMP (source_object), data->target,
                                    data->policy, data->input, data->reservations,
                                    cancellable, &error);
  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
cutout_output_temp_commit_async (CutoutOutputTemp         *self,
                                 GFile                    *target,
                                 CutoutCollisionPolicy     policy,
                                 GFile                    *input,
                                 CutoutOutputReservations *reservations,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CUTOUT_IS_OUTPUT_TEMP (self));
  g_return_if_fail (G_IS_FILE (target));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_output_temp_commit_async);
  g_task_set_task_data (task,
                        cutout_output_task_data_new (NULL, target, NULL, policy, input, reservations),
                        (GDestroyNotify) cutout_output_task_data_free);
  g_task_run_in_thread (task, commit_thread);
}

GFile *
cutout_output_temp_commit_finish (CutoutOutputTemp  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_output_temp_commit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cutout_output_temp_abort (CutoutOutputTemp *self)
{
  g_return_if_fail (CUTOUT_IS_OUTPUT_TEMP (self));

  if (self->finished)
    return;

  self->finished = TRUE;
  if (self->stream != NULL && !g_output_stream_is_closed (self->stream))
    g_output_stream_close (self->stream, NULL, NULL);
  if (self->path != NULL && g_unlink (self->path) != 0 && errno != ENOENT)
    g_debug ("Could not remove a temporary result: %s", g_strerror (errno));
}

/* ---- Crash recovery ----------------------------------------------------- */

/* Our temp names: the prefix, the writer's process id and "-" (since
 * the names carry it; older ones do not), then TEMP_RANDOM_LEN letters
 * or digits. @pid_out gets the process id, or 0 for the older form. */
static gboolean
is_our_temp_name (const char *name,
                  pid_t      *pid_out)
{
  gsize prefix_len = strlen (CUTOUT_OUTPUT_TEMP_PREFIX);
  const char *p, *random_part;
  guint64 pid = 0;

  *pid_out = 0;
  if (!g_str_has_prefix (name, CUTOUT_OUTPUT_TEMP_PREFIX))
    return FALSE;

  p = name + prefix_len;
  random_part = p;
  if (g_ascii_isdigit (*p))
    {
      const char *digits = p;

      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '-' && p - digits <= 10)
        {
          pid = g_ascii_strtoull (digits, NULL, 10);
          random_part = p + 1;
        }
    }

  if (strlen (random_part) != TEMP_RANDOM_LEN)
    return FALSE;
  for (p = random_part; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  if (pid > 0 && pid <= G_MAXINT32)
    *pid_out = (pid_t) pid;
  return TRUE;
}

/* Whether the process that wrote a temp file is gone from this machine
 * (then nobody will finish the file). Unknown or alive: FALSE. */
static gboolean
writer_is_gone (pid_t pid)
{
  if (pid <= 0 || pid == getpid ())
    return FALSE;
  return kill (pid, 0) != 0 && errno == ESRCH;
}

int
cutout_output_cleanup_stale (GFile         *folder,
                             GTimeSpan      max_age,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int removed = 0;

  g_return_val_if_fail (G_IS_FILE (folder), -1);

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, error);
  if (enumerator == NULL)
    return -1;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GDateTime) modified = NULL;
      g_autoptr(GFile) child = NULL;
      GFileInfo *info;
      pid_t writer;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error))
        return -1;
      if (info == NULL)
        break;

      /* Only our own regular files: never a symlink (it could point
       * anywhere) and never a name a user might have chosen. */
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          !is_our_temp_name (g_file_info_get_name (info), &writer))
        continue;

      /* A file whose writer died (killed, crashed) goes at once; any
       * other only once it is older than @max_age. */
      modified = g_file_info_get_modification_date_time (info);
      if (!writer_is_gone (writer) &&
          (modified == NULL || g_date_time_difference (now, modified) < max_age))
        continue;

      child = g_file_get_child (folder, g_file_info_get_name (info));
      if (g_file_delete (child, cancellable, &local_error))
        removed++;
      else
        g_debug ("Could not remove a stale temporary file: %s", local_error->message);
    }

  return removed;
}

static void
cleanup_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CutoutOutputTaskData *data = task_data;
  GError *error = NULL;
  int removed;

  removed = cutout_output_cleanup_stale (data->folder, data->max_age, cancellable, &error);
  if (removed < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, removed);
}

void
cutout_output_cleanup_stale_async (GFile              *folder,
                                   GTimeSpan           max_age,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  CutoutOutputTaskData *data;

  g_return_if_fail (G_IS_FILE (folder));

  data = cutout_output_task_data_new (folder, NULL, NULL, CUTOUT_COLLISION_ADD_NUMBER, NULL, NULL);
  data->max_age = max_age;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_output_cleanup_stale_async);
  g_task_set_task_data (task, data, (GDestroyNotify) cutout_output_task_data_free);
  g_task_run_in_thread (task, cleanup_thread);
}

int
cutout_output_cleanup_stale_finish (GAsyncResult  *result,
                                    GError       **error)
{
  gssize removed;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_output_cleanup_stale_async, -1);

  removed = g_task_propagate_int (G_TASK (result), error);
  return (int) removed;
}
