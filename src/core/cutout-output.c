/* cutout-output.c — where results go: naming templates, target folders, collisions
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cutout-output-private.h"

/* The longest file name most Linux file systems take, in bytes. */
#define NAME_MAX_BYTES 255
/* An extension longer than this is not worth keeping when cutting a name. */
#define MAX_EXTENSION_BYTES 16
/* How many numbered names are tried before giving up. */
#define MAX_NUMBER 9999

G_DEFINE_QUARK (cutout-output-error-quark, cutout_output_error)

/* ---- Naming templates ----------------------------------------------- */

typedef struct
{
  const char   *input_name;
  CutoutFormat  format;
  int           width;
  int           height;
  GDateTime    *date;
  guint         counter;
} ExpandValues;

static const char * const known_placeholders[] = {
  "name", "ext", "format", "w", "h", "date", "n",
};

static gboolean
is_known_placeholder (const char *word,
                      gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_placeholders); i++)
    {
      if (strlen (known_placeholders[i]) == len &&
          strncmp (known_placeholders[i], word, len) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
strip_extension (const char *base_name)
{
  const char *dot = strrchr (base_name, '.');

  /* A leading dot marks a hidden file, not an extension. */
  if (dot == NULL || dot == base_name)
    return g_strdup (base_name);

  return g_strndup (base_name, dot - base_name);
}

static void
append_placeholder (GString            *out,
                    const char         *word,
                    gsize               len,
                    const ExpandValues *values)
{
  if (len == 4 && strncmp (word, "name", 4) == 0)
    {
      g_autofree char *base = NULL;
      g_autofree char *stem = NULL;

      base = g_path_get_basename (values->input_name != NULL ? values->input_name : "");
      stem = strip_extension (base);
      g_string_append (out, stem);
    }
  else if (len == 3 && strncmp (word, "ext", 3) == 0)
    g_string_append (out, cutout_format_get_extension (values->format));
  else if (len == 6 && strncmp (word, "format", 6) == 0)
    g_string_append (out, cutout_format_to_string (values->format));
  else if (len == 1 && word[0] == 'w')
    g_string_append_printf (out, "%d", MAX (values->width, 0));
  else if (len == 1 && word[0] == 'h')
    g_string_append_printf (out, "%d", MAX (values->height, 0));
  else if (len == 4 && strncmp (word, "date", 4) == 0)
    {
      g_autoptr(GDateTime) now = NULL;
      g_autofree char *text = NULL;
      GDateTime *date = values->date;

      if (date == NULL)
        date = now = g_date_time_new_now_local ();
      text = g_date_time_format (date, "%Y-%m-%d");
      g_string_append (out, text);
    }
  else if (len == 1 && word[0] == 'n')
    g_string_append_printf (out, "%04u", values->counter);
  else
    g_assert_not_reached ();
}

/* Walks the template once: with @values NULL it only validates. */
static gboolean
parse_template (const char         *template_text,
                const ExpandValues *values,
                GString            *out,
                GError            **error)
{
  const char *p;

  if (template_text == NULL || template_text[0] == '\0')
    {
      g_set_error_literal (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE,
                           _("The file name template is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (template_text, -1, NULL))
    {
      g_set_error_literal (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE,
                           _("The file name template is not valid UTF-8"));
      return FALSE;
    }

  for (p = template_text; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '{')
        {
          if (out != NULL)
            g_string_append_c (out, '{');
          p++;
        }
      else if (p[0] == '}' && p[1] == '}')
        {
          if (out != NULL)
            g_string_append_c (out, '}');
          p++;
        }
      else if (p[0] == '{')
        {
          const char *word = p + 1;
          const char *end = word;

          while (*end != '\0' && *end != '}' && *end != '{')
            end++;

          if (*end != '}')
            {
              g_set_error_literal (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE,
                                   _("A “{” in the file name template is not closed (write “{{” for a brace)"));
              return FALSE;
            }

          if (!is_known_placeholder (word, end - word))
            {
              g_autofree char *unknown = g_strndup (word, end - word);

              g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE,
                           _("Unknown placeholder “{%s}” in the file name template; "
                             "use {name}, {ext}, {format}, {w}, {h}, {date} or {n}"),
                           unknown);
              return FALSE;
            }

          if (out != NULL)
            append_placeholder (out, word, end - word, values);
          p = end;
        }
      else if (p[0] == '}')
        {
          g_set_error_literal (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE,
                               _("A “}” in the file name template has no opening “{” (write “}}” for a brace)"));
          return FALSE;
        }
      else if (out != NULL)
        g_string_append_c (out, *p);
    }

  return TRUE;
}

gboolean
cutout_output_template_validate (const char  *template_text,
                                 GError     **error)
{
  return parse_template (template_text, NULL, NULL, error);
}

gboolean
cutout_output_template_uses_size (const char *template_text)
{
  const char *p;

  if (template_text == NULL)
    return FALSE;

  for (p = template_text; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '{')
        p++;
      else if (p[0] == '{' &&
               (p[1] == 'w' || p[1] == 'h') &&
               p[2] == '}')
        return TRUE;
    }

  return FALSE;
}

/* Cuts @text to at most @max bytes without splitting a UTF-8 sequence. */
static gsize
utf8_cut_length (const char *text,
                 gsize       len,
                 gsize       max)
{
  gsize cut;

  if (len <= max)
    return len;

  cut = max;
  /* Continuation bytes look like 10xxxxxx: step back to a lead byte so
   * that the bytes before the cut hold only whole characters. */
  while (cut > 0 && ((guchar) text[cut] & 0xC0) == 0x80)
    cut--;

  return cut;
}

/* The extension kept when a name must be shortened: ".png", not
 * ".some very long part after a dot". */
static gsize
short_extension_length (const char *name,
                        gsize       len)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return 0;
  if ((gsize) (name + len - dot) > MAX_EXTENSION_BYTES)
    return 0;

  return name + len - dot;
}

static char *
fit_name (const char *stem,
          gsize       stem_len,
          const char *suffix)
{
  gsize suffix_len = strlen (suffix);
  gsize keep = utf8_cut_length (stem, stem_len, NAME_MAX_BYTES - suffix_len);
  GString *out = g_string_new_len (stem, keep);

  g_string_append (out, suffix);

  return g_string_free (out, FALSE);
}

char *
cutout_output_sanitize_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *start;
  gsize len;
  gsize ext_len;

  if (name == NULL)
    name = "";

  /* A name that is not UTF-8 (an old input name in another encoding)
   * has its invalid bytes replaced by U+FFFD first: then one set of rules
   * covers every name, and the result is always text the UI can show. */
  valid = g_utf8_make_valid (name, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }

  /* Leading dots would make a hidden file, or "." and "..": drop them. */
  start = out->str;
  while (*start == '.')
    start++;

  if (*start == '\0')
    return g_strdup ("cutout");

  len = strlen (start);
  if (len <= NAME_MAX_BYTES)
    return g_strdup (start);

  ext_len = short_extension_length (start, len);

  return fit_name (start, len - ext_len, start + len - ext_len);
}

char *
cutout_output_expand_template (const char  *template_text,
                               const char  *input_name,
                               CutoutFormat format,
                               int          width,
                               int          height,
                               GDateTime   *date,
                               guint        counter,
                               GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  ExpandValues values = { input_name, format, width, height, date, counter };

  g_return_val_if_fail ((guint) format <= CUTOUT_FORMAT_BMP, NULL);

  if (!parse_template (template_text, &values, out, error))
    return NULL;

  return cutout_output_sanitize_name (out->str);
}

/* ---- Target folder ---------------------------------------------------- */

GFile *
cutout_output_get_target_folder (GFile   *input,
                                 GFile   *input_root,
                                 GFile   *output_folder,
                                 GError **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) target = NULL;
  g_autofree char *relative = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (G_IS_FILE (input), NULL);

  parent = g_file_get_parent (input);
  if (parent == NULL)
    {
      g_autofree char *shown = g_file_get_parse_name (input);

      g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_FAILED,
                   _("“%s” is not in a folder"), shown);
      return NULL;
    }

  if (output_folder == NULL)
    return g_steal_pointer (&parent);

  if (input_root == NULL || g_file_equal (parent, input_root))
    return g_object_ref (output_folder);

  relative = g_file_get_relative_path (input_root, parent);
  if (relative == NULL)
    return g_object_ref (output_folder);

  /* GFile canonicalizes local paths, but other backends may not: refuse
   * anything but plain names rather than trusting them. */
  parts = g_strsplit (relative, G_DIR_SEPARATOR_S, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' ||
          g_str_equal (parts[i], ".") ||
          g_str_equal (parts[i], ".."))
        {
          g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_ESCAPES,
                       _("The folder “%s” cannot be recreated inside the output folder"),
                       relative);
          return NULL;
        }
    }

  target = g_file_resolve_relative_path (output_folder, relative);
  if (!g_file_has_prefix (target, output_folder))
    {
      g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_ESCAPES,
                   _("The folder “%s” cannot be recreated inside the output folder"),
                   relative);
      return NULL;
    }

  return g_steal_pointer (&target);
}

static gboolean
stat_file (GFile       *file,
           GStatBuf    *buf)
{
  g_autofree char *path = g_file_get_path (file);

  return path != NULL && g_stat (path, buf) == 0;
}

gboolean
cutout_output_is_same_file (GFile *a,
                            GFile *b)
{
  GStatBuf sa, sb;

  if (a == NULL || b == NULL)
    return FALSE;

  if (g_file_equal (a, b))
    return TRUE;

  if (!stat_file (a, &sa) || !stat_file (b, &sb))
    return FALSE;

  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* ---- Names reserved in a running batch ------------------------------- */

struct _CutoutOutputReservations
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *reserved;        /* GFile → NULL */
  GHashTable *protected_files; /* GFile → NULL */
  GHashTable *protected_ids;   /* "device:inode" → NULL */
};

G_DEFINE_FINAL_TYPE (CutoutOutputReservations, cutout_output_reservations, G_TYPE_OBJECT)

static char *
file_id_key (const GStatBuf *buf)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) buf->st_dev, (guint64) buf->st_ino);
}

static void
cutout_output_reservations_finalize (GObject *object)
{
  CutoutOutputReservations *self = CUTOUT_OUTPUT_RESERVATIONS (object);

  g_clear_pointer (&self->reserved, g_hash_table_unref);
  g_clear_pointer (&self->protected_files, g_hash_table_unref);
  g_clear_pointer (&self->protected_ids, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cutout_output_reservations_parent_class)->finalize (object);
}

static void
cutout_output_reservations_class_init (CutoutOutputReservationsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cutout_output_reservations_finalize;
}

static void
cutout_output_reservations_init (CutoutOutputReservations *self)
{
  g_mutex_init (&self->mutex);
  self->reserved = g_hash_table_new_full (g_file_hash, (GEqualFunc) g_file_equal,
                                          g_object_unref, NULL);
  self->protected_files = g_hash_table_new_full (g_file_hash, (GEqualFunc) g_file_equal,
                                                 g_object_unref, NULL);
  self->protected_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

CutoutOutputReservations *
cutout_output_reservations_new (void)
{
  return g_object_new (CUTOUT_TYPE_OUTPUT_RESERVATIONS, NULL);
}

gboolean
cutout_output_reservations_reserve (CutoutOutputReservations *self,
                                    GFile                    *file)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CUTOUT_IS_OUTPUT_RESERVATIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (g_hash_table_contains (self->reserved, file))
    return FALSE;

  g_hash_table_add (self->reserved, g_object_ref (file));
  return TRUE;
}

void
cutout_output_reservations_release (CutoutOutputReservations *self,
                                    GFile                    *file)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CUTOUT_IS_OUTPUT_RESERVATIONS (self));
  g_return_if_fail (G_IS_FILE (file));

  locker = g_mutex_locker_new (&self->mutex);
  g_hash_table_remove (self->reserved, file);
}

gboolean
cutout_output_reservations_contains (CutoutOutputReservations *self,
                                     GFile                    *file)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CUTOUT_IS_OUTPUT_RESERVATIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return g_hash_table_contains (self->reserved, file);
}

void
cutout_output_reservations_protect (CutoutOutputReservations *self,
                                    GFile                    *input)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GStatBuf buf;
  gboolean have_id;

  g_return_if_fail (CUTOUT_IS_OUTPUT_RESERVATIONS (self));
  g_return_if_fail (G_IS_FILE (input));

  /* stat() outside the lock: it may be slow on a network folder. */
  have_id = stat_file (input, &buf);

  locker = g_mutex_locker_new (&self->mutex);
  g_hash_table_add (self->protected_files, g_object_ref (input));
  if (have_id)
    g_hash_table_add (self->protected_ids, file_id_key (&buf));
}

gboolean
cutout_output_reservations_is_protected (CutoutOutputReservations *self,
                                         GFile                    *file)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *key = NULL;
  GStatBuf buf;

  g_return_val_if_fail (CUTOUT_IS_OUTPUT_RESERVATIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (stat_file (file, &buf))
    key = file_id_key (&buf);

  locker = g_mutex_locker_new (&self->mutex);
  return g_hash_table_contains (self->protected_files, file) ||
         (key != NULL && g_hash_table_contains (self->protected_ids, key));
}

/* ---- Choosing the target file --------------------------------------- */

static gboolean
file_exists_nofollow (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf buf;

  if (path != NULL)
    return g_lstat (path, &buf) == 0;

  return g_file_query_exists (file, NULL);
}

gboolean
cutout_output_is_an_input (GFile                    *file,
                           GFile                    *input,
                           CutoutOutputReservations *reservations)
{
  return cutout_output_is_same_file (file, input) ||
         (reservations != NULL &&
          cutout_output_reservations_is_protected (reservations, file));
}

/* Splits "photo (3).png" into "photo", 4 and ".png"; "photo.png" into
 * "photo", 2 and ".png". */
static void
split_numbered_name (const char  *name,
                     char       **base_out,
                     guint       *next_out,
                     char       **ext_out)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = NULL;
  gsize stem_len;
  guint next = 2;

  if (dot == NULL || dot == name)
    dot = name + strlen (name);

  stem = g_strndup (name, dot - name);
  stem_len = strlen (stem);

  if (stem_len > 4 && stem[stem_len - 1] == ')')
    {
      const char *open = g_strrstr (stem, " (");

      if (open != NULL && open > stem)
        {
          const char *digits = open + 2;
          const char *end = stem + stem_len - 1;
          gboolean all_digits = end > digits && digits[0] != '0';

          for (const char *d = digits; d < end && all_digits; d++)
            all_digits = g_ascii_isdigit (*d);

          if (all_digits && end - digits <= 4)
            {
              next = (guint) g_ascii_strtoull (digits, NULL, 10) + 1;
              stem[open - stem] = '\0';
            }
        }
    }

  *base_out = g_steal_pointer (&stem);
  *next_out = next;
  *ext_out = g_strdup (dot);
}

static char *
make_numbered_name (const char *base,
                    guint       number,
                    const char *ext)
{
  g_autofree char *suffix = g_strdup_printf (" (%u)%s", number, ext);

  return fit_name (base, strlen (base), suffix);
}

GFile *
cutout_output_resolve_target (GFile                    *folder,
                              const char               *name,
                              CutoutCollisionPolicy     policy,
                              GFile                    *input,
                              CutoutOutputReservations *reservations,
                              GError                  **error)
{
  g_autoptr(GFile) first = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ext = NULL;
  guint next;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);
  g_return_val_if_fail (strchr (name, '/') == NULL, NULL);

  first = g_file_get_child (folder, name);

  switch (policy)
    {
    case CUTOUT_COLLISION_OVERWRITE:
      if (cutout_output_is_an_input (first, input, reservations))
        {
          g_autofree char *shown = g_file_get_parse_name (first);

          g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_IS_INPUT,
                       _("“%s” is an original image and is never overwritten"), shown);
          return NULL;
        }
      if (reservations == NULL || cutout_output_reservations_reserve (reservations, first))
        return g_steal_pointer (&first);
      /* Taken by another result of this batch: number it instead. */
      break;

    case CUTOUT_COLLISION_SKIP:
      if (!file_exists_nofollow (first) &&
          (reservations == NULL || cutout_output_reservations_reserve (reservations, first)))
        return g_steal_pointer (&first);
      else
        {
          g_autofree char *shown = g_file_get_parse_name (first);

          g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_EXISTS,
                       _("Skipped: “%s” already exists"), shown);
          return NULL;
        }

    case CUTOUT_COLLISION_ADD_NUMBER:
      if (!file_exists_nofollow (first) &&
          !cutout_output_is_an_input (first, input, reservations) &&
          (reservations == NULL || cutout_output_reservations_reserve (reservations, first)))
        return g_steal_pointer (&first);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  split_numbered_name (name, &base, &next, &ext);
  for (guint n = next; n <= MAX_NUMBER; n++)
    {
      g_autofree char *candidate_name = make_numbered_name (base, n, ext);
      g_autoptr(GFile) candidate = g_file_get_child (folder, candidate_name);

      if (file_exists_nofollow (candidate) ||
          cutout_output_is_an_input (candidate, input, reservations))
        continue;

      if (reservations != NULL && !cutout_output_reservations_reserve (reservations, candidate))
        continue;

      return g_steal_pointer (&candidate);
    }

  {
    g_autofree char *shown = g_file_get_parse_name (folder);

    g_set_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_FAILED,
                 _("No free file name for “%s” in “%s”"), name, shown);
  }
  return NULL;
}

void
cutout_output_task_data_free (CutoutOutputTaskData *data)
{
  g_clear_object (&data->folder);
  g_clear_object (&data->target);
  g_clear_pointer (&data->name, g_free);
  g_clear_object (&data->input);
  g_clear_object (&data->reservations);
  g_free (data);
}

CutoutOutputTaskData *
cutout_output_task_data_new (GFile                    *folder,
                             GFile                    *target,
                             const char               *name,
                             CutoutCollisionPolicy     policy,
                             GFile                    *input,
                             CutoutOutputReservations *reservations)
{
  CutoutOutputTaskData *data = g_new0 (CutoutOutputTaskData, 1);

  data->folder = folder != NULL ? g_object_ref (folder) : NULL;
  data->target = target != NULL ? g_object_ref (target) : NULL;
  data->name = g_strdup (name);
  data->policy = policy;
  data->input = input != NULL ? g_object_ref (input) : NULL;
  data->reservations = reservations != NULL ? g_object_ref (reservations) : NULL;

  return data;
}

static void
resolve_target_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CutoutOutputTaskData *data = task_data;
  GError *error = NULL;
  GFile *file;

  if (g_task_return_error_if_cancelled (task))
    return;

  file = cutout_output_resolve_target (data->folder, data->name, data->policy,
                                       data->input, data->reservations, &error);
  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
cutout_output_resolve_target_async (GFile                    *folder,
                                    const char               *name,
                                    CutoutCollisionPolicy     policy,
                                    GFile                    *input,
                                    CutoutOutputReservations *reservations,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_output_resolve_target_async);
  g_task_set_task_data (task,
                        cutout_output_task_data_new (folder, NULL, name, policy, input, reservations),
                        (GDestroyNotify) cutout_output_task_data_free);
  g_task_run_in_thread (task, resolve_target_thread);
}

GFile *
cutout_output_resolve_target_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_output_resolve_target_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
