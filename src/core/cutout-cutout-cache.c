/* cutout-cutout-cache.c — a size-limited folder of downloaded cut-outs, for re-rendering without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha2.h>

#include "cutout-cutout-cache.h"

#define TEMP_PREFIX ".cutout-cache-"

struct _CutoutCutoutCache
{
  GObject  parent_instance;

  GMutex   lock;
  GFile   *folder;
  char    *path;
  guint64  limit;
  /* The last modification time given to a file (µs): each use gets a
   * later one, so that uses within one clock tick stay ordered. */
  gint64   last_touch;
};

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutCutoutCache, cutout_cutout_cache, G_TYPE_OBJECT)

/* A hash names a file: only a real SHA-256 hex digest may, so that no
 * text can reach outside the folder. */
static gboolean
is_valid_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) != 64)
    return FALSE;
  for (const char *c = hash; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c) || g_ascii_isupper (*c))
      return FALSE;
  return TRUE;
}

static gboolean
is_cache_name (const char *name)
{
  g_autofree char *hash = NULL;

  if (!g_str_has_suffix (name, ".png") || strlen (name) != 68)
    return FALSE;
  hash = g_strndup (name, 64);
  return is_valid_hash (hash);
}

static char *
path_for (CutoutCutoutCache *self,
          const char        *hash)
{
  g_autofree char *name = g_strconcat (hash, ".png", NULL);

  return g_build_filename (self->path, name, NULL);
}

/* Marks @path as used now. Called with the lock held. */
static void
touch (CutoutCutoutCache *self,
       const char        *path)
{
  struct timespec times[2];
  gint64 now = MAX (g_get_real_time (), self->last_touch + 1);

  self->last_touch = now;
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  times[1].tv_sec = now / G_USEC_PER_SEC;
  times[1].tv_nsec = (now % G_USEC_PER_SEC) * 1000;
  if (utimensat (AT_FDCWD, path, times, 0) != 0)
    g_debug ("Could not mark a cached cut-out as used: %s", g_strerror (errno));
}

typedef struct
{
  char   *path;
  guint64 size;
  gint64  used;  /* µs */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry * const *) a;
  const Entry *eb = *(const Entry * const *) b;

  if (ea->used != eb->used)
    return ea->used < eb->used ? -1 : 1;
  return strcmp (ea->path, eb->path);
}

/* The cached cut-outs, least recently used first. Lock held. */
static GPtrArray *
list_entries (CutoutCutoutCache *self,
              guint64           *total_out)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GDir) dir = g_dir_open (self->path, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      Entry *entry;
      GStatBuf st;
      g_autofree char *path = NULL;

      if (!is_cache_name (name))
        continue;
      path = g_build_filename (self->path, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      entry = g_new0 (Entry, 1);
      entry->path = g_steal_pointer (&path);
      entry->size = st.st_size;
      entry->used = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
      total += entry->size;
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_entries);
  if (total_out != NULL)
    *total_out = total;
  return entries;
}

/* Deletes the least recently used files until the total fits, sparing
 * @keep (nullable). Lock held. */
static void
evict (CutoutCutoutCache *self,
       const char        *keep)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint64 total;

  /* A limit given at construction comes before the folder is known. */
  if (self->path == NULL)
    return;
  entries = list_entries (self, &total);
  for (guint i = 0; i < entries->len && total > self->limit; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      if (keep != NULL && g_str_equal (entry->path, keep))
        continue;
      if (g_unlink (entry->path) == 0 || errno == ENOENT)
        total -= MIN (total, entry->size);
    }
}

GFile *
cutout_cutout_cache_get_folder (CutoutCutoutCache *self)
{
  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), NULL);

  return self->folder;
}

guint64
cutout_cutout_cache_get_limit (CutoutCutoutCache *self)
{
  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), 0);

  return self->limit;
}

void
cutout_cutout_cache_set_limit (CutoutCutoutCache *self,
                               guint64            limit)
{
  g_return_if_fail (CUTOUT_IS_CUTOUT_CACHE (self));

  g_mutex_lock (&self->lock);
  if (self->limit == limit)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->limit = limit;
  evict (self, NULL);
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

gboolean
cutout_cutout_cache_contains (CutoutCutoutCache *self,
                              const char        *hash)
{
  g_autofree char *path = NULL;
  gboolean found;

  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), FALSE);

  if (!is_valid_hash (hash))
    return FALSE;
  path = path_for (self, hash);
  g_mutex_lock (&self->lock);
  found = g_file_test (path, G_FILE_TEST_IS_REGULAR);
  g_mutex_unlock (&self->lock);
  return found;
}

GFile *
cutout_cutout_cache_lookup (CutoutCutoutCache *self,
                            const char        *hash)
{
  g_autofree char *path = NULL;
  GFile *file = NULL;

  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), NULL);

  if (!is_valid_hash (hash))
    return NULL;
  path = path_for (self, hash);
  g_mutex_lock (&self->lock);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      touch (self, path);
      file = g_file_new_for_path (path);
    }
  g_mutex_unlock (&self->lock);
  return file;
}

GdkPixbuf *
cutout_cutout_cache_load (CutoutCutoutCache  *self,
                          const char         *hash,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), NULL);

  file = cutout_cutout_cache_lookup (self, hash);
  /* Opened at once: an eviction in between only unlinks the name, and the
   * open stream still reads the whole file. */
  if (file != NULL)
    stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The cut-out of this image is no longer kept on this computer"));
      return NULL;
    }
  return gdk_pixbuf_new_from_stream (G_INPUT_STREAM (stream), cancellable, error);
}

gboolean
cutout_cutout_cache_store (CutoutCutoutCache  *self,
                           const char         *hash,
                           GFile              *source,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GFile) temp = NULL;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (source), FALSE);

  if (!is_valid_hash (hash))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Not a SHA-256 digest: “%s”", hash != NULL ? hash : "(null)");
      return FALSE;
    }

  if (g_mkdir_with_parents (self->path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }

  /* The copy goes to a hidden temp file first and is renamed into place:
   * a crash or a reader never sees half a cut-out under its name. */
  temp_path = g_build_filename (self->path, TEMP_PREFIX "XXXXXX", NULL);
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a file in “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  temp = g_file_new_for_path (temp_path);

  if (!g_file_copy (source, temp, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    goto out;

  path = path_for (self, hash);
  g_mutex_lock (&self->lock);
  if (g_rename (temp_path, path) != 0)
    {
      int saved = errno;

      g_mutex_unlock (&self->lock);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not keep the cut-out in “%s”: %s"), self->path, g_strerror (saved));
      goto out;
    }
  touch (self, path);
  evict (self, path);
  g_mutex_unlock (&self->lock);
  ok = TRUE;

out:
  if (!ok)
    g_unlink (temp_path);
  return ok;
}

guint64
cutout_cutout_cache_get_size (CutoutCutoutCache *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint64 total;

  g_return_val_if_fail (CUTOUT_IS_CUTOUT_CACHE (self), 0);

  g_mutex_lock (&self->lock);
  entries = list_entries (self, &total);
  g_mutex_unlock (&self->lock);
  return total;
}

void
cutout_cutout_cache_remove (CutoutCutoutCache *self,
                            const char        *hash)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CUTOUT_IS_CUTOUT_CACHE (self));

  if (!is_valid_hash (hash))
    return;
  path = path_for (self, hash);
  g_mutex_lock (&self->lock);
  g_unlink (path);
  g_mutex_unlock (&self->lock);
}

void
cutout_cutout_cache_clear (CutoutCutoutCache *self)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_if_fail (CUTOUT_IS_CUTOUT_CACHE (self));

  g_mutex_lock (&self->lock);
  entries = list_entries (self, NULL);
  for (guint i = 0; i < entries->len; i++)
    g_unlink (((Entry *) g_ptr_array_index (entries, i))->path);
  g_mutex_unlock (&self->lock);
}

/* ---- GObject ------------------------------------------------------------ */

static void
cutout_cutout_cache_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CutoutCutoutCache *self = CUTOUT_CUTOUT_CACHE (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    case PROP_LIMIT:
      cutout_cutout_cache_set_limit (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_cutout_cache_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CutoutCutoutCache *self = CUTOUT_CUTOUT_CACHE (object);

  switch (prop_id)
    {
    case PROP_FOLDER: g_value_set_object (value, self->folder); break;
    case PROP_LIMIT: g_value_set_uint64 (value, self->limit); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_cutout_cache_constructed (GObject *object)
{
  CutoutCutoutCache *self = CUTOUT_CUTOUT_CACHE (object);

  G_OBJECT_CLASS (cutout_cutout_cache_parent_class)->constructed (object);

  if (self->folder == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "cutout", "cutouts", NULL);

      self->folder = g_file_new_for_path (path);
    }
  self->path = g_file_get_path (self->folder);
  g_assert (self->path != NULL);
}

static void
cutout_cutout_cache_finalize (GObject *object)
{
  CutoutCutoutCache *self = CUTOUT_CUTOUT_CACHE (object);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cutout_cutout_cache_parent_class)->finalize (object);
}

static void
cutout_cutout_cache_class_init (CutoutCutoutCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = cutout_cutout_cache_set_property;
  object_class->get_property = cutout_cutout_cache_get_property;
  object_class->constructed = cutout_cutout_cache_constructed;
  object_class->finalize = cutout_cutout_cache_finalize;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT] =
    g_param_spec_uint64 ("limit", NULL, NULL, 0, G_MAXUINT64, CUTOUT_CUTOUT_CACHE_DEFAULT_LIMIT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_cutout_cache_init (CutoutCutoutCache *self)
{
  g_mutex_init (&self->lock);
  self->limit = CUTOUT_CUTOUT_CACHE_DEFAULT_LIMIT;
}

CutoutCutoutCache *
cutout_cutout_cache_new (GFile *folder)
{
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);

  return g_object_new (CUTOUT_TYPE_CUTOUT_CACHE, "folder", folder, NULL);
}

/* Bytes read at a time while hashing. */
#define HASH_READ_SIZE (256 * 1024)

/* The key of a cut-out (and of duplicate detection in the store): the
 * SHA-256 of the file as lower-case hex (hashes written by older
 * versions, made with GChecksum, must match).
 * nettle rather than GChecksum: its fat build picks the CPU's SHA
 * instructions at run time, about five times less CPU for a batch of
 * photographs, where hashing was most of the client's work. */
char *
cutout_cutout_cache_hash_file (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  static const char hex[] = "0123456789abcdef";
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (HASH_READ_SIZE);
  struct sha256_ctx context;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *text;
  gssize n;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  sha256_init (&context);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, HASH_READ_SIZE,
                                   cancellable, error)) > 0)
    sha256_update (&context, n, buffer);
  if (n < 0)
    return NULL;
  sha256_digest (&context, sizeof digest, digest);

  text = g_malloc (2 * sizeof digest + 1);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * sizeof digest] = '\0';
  return text;
}
