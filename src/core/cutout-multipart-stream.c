/* cutout-multipart-stream.c — a multipart/form-data body streamed from a file
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-multipart-stream.h"

/* The body is three segments: the head (every text field and the headers
 * of the image part) and the tail (the closing boundary) are small and
 * built in memory once; the middle segment is the file, read in chunks of
 * CHUNK_SIZE as the consumer asks for bytes.
 *
 * libsoup sends a request body by splicing it into the connection with
 * g_output_stream_splice_async(), which calls g_input_stream_read_async()
 * with an 8 KiB buffer. GInputStream's default read_async would run
 * read_fn in a worker thread for every one of those calls, and read_fn
 * would then touch this object's state from a thread while the main
 * context may be asking for the bytes read. So read_async is implemented
 * here: the in-memory segments are answered at once on the caller's
 * context, and the file is read through the file stream's own async
 * calls (which use GIO's worker threads for local files, so the main
 * loop never blocks on the disk) into a 256 KiB read-ahead buffer, which
 * then serves thirty-two 8 KiB reads without another thread hop. Each hop
 * costs a thread wake-up and a main-loop wake-up; at 64 KiB they were a
 * tenth of the CPU time of a batch upload. All state is only ever touched
 * on the context that called read_async. */
#define CHUNK_SIZE (256 * 1024)

struct _CutoutMultipartStream
{
  GInputStream      parent_instance;

  /* Fixed at construction */
  GFile            *file;
  char             *display_name;
  goffset           file_size;
  GBytes           *head;
  GBytes           *tail;
  char             *boundary;
  char             *content_type;
  goffset           length;

  /* Reading state */
  GFileInputStream *file_stream;
  guint8           *chunk;
  gsize             chunk_size;
  gsize             chunk_len;
  gsize             chunk_pos;
  goffset           file_read;
  gboolean          file_checked;
  guint8            probe;
  goffset           position;
  GError           *file_error;
};

G_DEFINE_FINAL_TYPE (CutoutMultipartStream, cutout_multipart_stream, G_TYPE_INPUT_STREAM)

typedef enum
{
  SEGMENT_HEAD,
  SEGMENT_FILE,
  SEGMENT_TAIL,
  SEGMENT_END,
} Segment;

typedef struct
{
  guint8 *buffer;
  gsize   count;
} ReadData;

static Segment
current_segment (CutoutMultipartStream *self)
{
  goffset head_len = g_bytes_get_size (self->head);

  if (self->position < head_len)
    return SEGMENT_HEAD;
  if (self->position < head_len + self->file_size)
    return SEGMENT_FILE;
  if (self->position < self->length)
    return SEGMENT_TAIL;
  return SEGMENT_END;
}

/* Copies from the head or the tail, whichever the position is in. */
static gssize
copy_memory (CutoutMultipartStream *self,
             Segment                segment,
             guint8                *buffer,
             gsize                  count)
{
  GBytes *bytes = segment == SEGMENT_HEAD ? self->head : self->tail;
  goffset start = segment == SEGMENT_HEAD ? 0 : g_bytes_get_size (self->head) + self->file_size;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize offset = self->position - start;
  gsize n = MIN (count, size - offset);

  memcpy (buffer, data + offset, n);
  self->position += n;
  return n;
}

static gssize
copy_chunk (CutoutMultipartStream *self,
            guint8                *buffer,
            gsize                  count)
{
  gsize n = MIN (count, self->chunk_len - self->chunk_pos);

  memcpy (buffer, self->chunk + self->chunk_pos, n);
  self->chunk_pos += n;
  self->position += n;
  return n;
}

/* Remembers a failure of the file (not a cancellation) so the client can
 * tell it apart from a network error once libsoup passes it on. */
static void
record_file_error (CutoutMultipartStream *self,
                   const GError          *error)
{
  if (self->file_error == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->file_error = g_error_copy (error);
}

static GError *
file_changed_error (CutoutMultipartStream *self,
                    gboolean               shorter)
{
  GError *error;

  if (shorter)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                         _("The file “%s” became shorter while it was being sent"),
                         self->display_name);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The file “%s” grew while it was being sent"),
                         self->display_name);
  record_file_error (self, error);
  return error;
}

/* Accounts for @n bytes read from the file into the chunk buffer; fails
 * when the file ended before its announced size. */
static gboolean
take_fill (CutoutMultipartStream *self,
           gssize                 n,
           GError               **error)
{
  if (n == 0)
    {
      g_propagate_error (error, file_changed_error (self, TRUE));
      return FALSE;
    }
  self->chunk_len = n;
  self->chunk_pos = 0;
  self->file_read += n;
  return TRUE;
}

/* Accounts for the probe read after the last announced byte: anything but
 * the end of the file means the file is not what was announced. */
static gboolean
take_probe (CutoutMultipartStream *self,
            gssize                 n,
            GError               **error)
{
  self->file_checked = TRUE;
  if (n > 0)
    {
      g_propagate_error (error, file_changed_error (self, FALSE));
      return FALSE;
    }
  return TRUE;
}

static gsize
fill_size (CutoutMultipartStream *self)
{
  return (gsize) MIN ((goffset) self->chunk_size, self->file_size - self->file_read);
}

/* Synchronous reading ----------------------------------------------------- */

static gboolean
ensure_open_sync (CutoutMultipartStream *self,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->file_stream != NULL)
    return TRUE;

  self->file_stream = g_file_read (self->file, cancellable, &local_error);
  if (self->file_stream == NULL)
    {
      record_file_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gssize
cutout_multipart_stream_read_fn (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  CutoutMultipartStream *self = CUTOUT_MULTIPART_STREAM (stream);

  if (count == 0)
    return 0;

  for (;;)
    {
      Segment segment = current_segment (self);
      g_autoptr(GError) local_error = NULL;
      gssize n;

      switch (segment)
        {
        case SEGMENT_HEAD:
          return copy_memory (self, segment, buffer, count);

        case SEGMENT_FILE:
          if (self->chunk_pos < self->chunk_len)
            return copy_chunk (self, buffer, count);
          if (!ensure_open_sync (self, cancellable, error))
            return -1;
          n = g_input_stream_read (G_INPUT_STREAM (self->file_stream), self->chunk,
                                   fill_size (self), cancellable, &local_error);
          if (n < 0)
            {
              record_file_error (self, local_error);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return -1;
            }
          if (!take_fill (self, n, error))
            return -1;
          break;

        case SEGMENT_TAIL:
          if (self->file_checked)
            return copy_memory (self, segment, buffer, count);
          if (!ensure_open_sync (self, cancellable, error))
            return -1;
          n = g_input_stream_read (G_INPUT_STREAM (self->file_stream), &self->probe, 1,
                                   cancellable, &local_error);
          if (n < 0)
            {
              record_file_error (self, local_error);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return -1;
            }
          if (!take_probe (self, n, error))
            return -1;
          break;

        case SEGMENT_END:
        default:
          return 0;
        }
    }
}

/* Asynchronous reading ---------------------------------------------------- */

static void read_async_step (GTask *task);

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutMultipartStream *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->file_stream = g_file_read_finish (G_FILE (object), result, &error);
  if (self->file_stream == NULL)
    {
      record_file_error (self, error);
      g_task_return_error (task, error);
      return;
    }
  read_async_step (task);
}

static void
fill_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutMultipartStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      record_file_error (self, error);
      g_task_return_error (task, error);
      return;
    }
  if (!take_fill (self, n, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  read_async_step (task);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutMultipartStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      record_file_error (self, error);
      g_task_return_error (task, error);
      return;
    }
  if (!take_probe (self, n, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  read_async_step (task);
}

/* Moves the read on by one step: answers from memory, or starts the one
 * file operation needed (open, fill the chunk, or probe for the end),
 * whose callback comes back here. */
static void
read_async_step (GTask *task)
{
  CutoutMultipartStream *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  int priority = g_task_get_priority (task);
  Segment segment = current_segment (self);

  if (g_task_return_error_if_cancelled (task))
    return;

  switch (segment)
    {
    case SEGMENT_HEAD:
      g_task_return_int (task, copy_memory (self, segment, data->buffer, data->count));
      return;

    case SEGMENT_FILE:
      if (self->chunk_pos < self->chunk_len)
        {
          g_task_return_int (task, copy_chunk (self, data->buffer, data->count));
          return;
        }
      if (self->file_stream == NULL)
        g_file_read_async (self->file, priority, cancellable, file_read_cb, g_object_ref (task));
      else
        g_input_stream_read_async (G_INPUT_STREAM (self->file_stream), self->chunk, fill_size (self),
                                   priority, cancellable, fill_cb, g_object_ref (task));
      return;

    case SEGMENT_TAIL:
      if (self->file_checked)
        {
          g_task_return_int (task, copy_memory (self, segment, data->buffer, data->count));
          return;
        }
      if (self->file_stream == NULL)
        g_file_read_async (self->file, priority, cancellable, file_read_cb, g_object_ref (task));
      else
        g_input_stream_read_async (G_INPUT_STREAM (self->file_stream), &self->probe, 1,
                                   priority, cancellable, probe_cb, g_object_ref (task));
      return;

    case SEGMENT_END:
    default:
      g_task_return_int (task, 0);
      return;
    }
}

static void
cutout_multipart_stream_read_async (GInputStream        *stream,
                                    void                *buffer,
                                    gsize                count,
                                    int                  io_priority,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_multipart_stream_read_async);
  g_task_set_priority (task, io_priority);

  if (count == 0)
    {
      g_task_return_int (task, 0);
      return;
    }

  data = g_new0 (ReadData, 1);
  data->buffer = buffer;
  data->count = count;
  g_task_set_task_data (task, data, g_free);

  read_async_step (task);
}

static gssize
cutout_multipart_stream_read_finish (GInputStream  *stream,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Closing ----------------------------------------------------------------- */

static gboolean
cutout_multipart_stream_close_fn (GInputStream  *stream,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  CutoutMultipartStream *self = CUTOUT_MULTIPART_STREAM (stream);
  g_autoptr(GFileInputStream) file_stream = g_steal_pointer (&self->file_stream);

  g_clear_pointer (&self->chunk, g_free);
  self->chunk_len = self->chunk_pos = 0;

  if (file_stream == NULL)
    return TRUE;
  return g_input_stream_close (G_INPUT_STREAM (file_stream), cancellable, error);
}

static void
close_file_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_input_stream_close_finish (G_INPUT_STREAM (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
cutout_multipart_stream_close_async (GInputStream        *stream,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  CutoutMultipartStream *self = CUTOUT_MULTIPART_STREAM (stream);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFileInputStream) file_stream = g_steal_pointer (&self->file_stream);

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_multipart_stream_close_async);

  g_clear_pointer (&self->chunk, g_free);
  self->chunk_len = self->chunk_pos = 0;

  if (file_stream == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_input_stream_close_async (G_INPUT_STREAM (file_stream), io_priority, cancellable,
                              close_file_cb, g_steal_pointer (&task));
}

static gboolean
cutout_multipart_stream_close_finish (GInputStream  *stream,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject ----------------------------------------------------------------- */

static void
cutout_multipart_stream_finalize (GObject *object)
{
  CutoutMultipartStream *self = CUTOUT_MULTIPART_STREAM (object);

  g_clear_object (&self->file);
  g_clear_object (&self->file_stream);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);
  g_clear_pointer (&self->boundary, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->chunk, g_free);
  g_clear_error (&self->file_error);

  G_OBJECT_CLASS (cutout_multipart_stream_parent_class)->finalize (object);
}

static void
cutout_multipart_stream_class_init (CutoutMultipartStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = cutout_multipart_stream_finalize;

  stream_class->read_fn = cutout_multipart_stream_read_fn;
  stream_class->read_async = cutout_multipart_stream_read_async;
  stream_class->read_finish = cutout_multipart_stream_read_finish;
  stream_class->close_fn = cutout_multipart_stream_close_fn;
  stream_class->close_async = cutout_multipart_stream_close_async;
  stream_class->close_finish = cutout_multipart_stream_close_finish;
}

static void
cutout_multipart_stream_init (CutoutMultipartStream *self)
{
}

/* Public API -------------------------------------------------------------- */

char *
cutout_multipart_escape_param (const char *value)
{
  GString *escaped;

  g_return_val_if_fail (value != NULL, NULL);

  escaped = g_string_sized_new (strlen (value) + 8);
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (escaped, '\\');
          g_string_append_c (escaped, c);
        }
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (escaped, "%%%02X", c);
      else
        g_string_append_c (escaped, c);
    }
  return g_string_free (escaped, FALSE);
}

static char *
make_boundary (void)
{
  return g_strdup_printf ("cutout-%08x%08x%08x%08x",
                          g_random_int (), g_random_int (), g_random_int (), g_random_int ());
}

/* Whether @boundary occurs in any of @texts. The image bytes cannot be
 * checked without reading the whole file first; with 128 random bits the
 * chance that they contain it is nil. */
static gboolean
boundary_collides (const char *boundary,
                   GPtrArray  *texts)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), boundary) != NULL)
      return TRUE;
  return FALSE;
}

CutoutMultipartStream *
cutout_multipart_stream_new (const char * const *fields,
                             GFile              *file,
                             goffset             file_size,
                             const char         *filename,
                             const char         *content_type)
{
  CutoutMultipartStream *self;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *escaped_filename = NULL;
  g_autofree char *basename = NULL;
  guint n_field_texts;
  GString *head;
  GString *tail;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (file_size >= 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  /* A Content-Type with a line break would end the part's headers. */
  if (content_type == NULL || strpbrk (content_type, "\r\n") != NULL)
    content_type = "application/octet-stream";

  self = g_object_new (CUTOUT_TYPE_MULTIPART_STREAM, NULL);
  self->file = g_object_ref (file);
  self->file_size = file_size;
  basename = g_file_get_basename (file);
  self->display_name = g_filename_display_name (basename != NULL ? basename : filename);
  /* A small file needs no more than its size (and one byte for an empty one). */
  self->chunk_size = (gsize) CLAMP (file_size, 1, CHUNK_SIZE);
  self->chunk = g_malloc (self->chunk_size);

  escaped_filename = cutout_multipart_escape_param (filename);
  for (guint i = 0; fields != NULL && fields[i] != NULL && fields[i + 1] != NULL; i += 2)
    {
      g_ptr_array_add (texts, cutout_multipart_escape_param (fields[i]));
      g_ptr_array_add (texts, g_strdup (fields[i + 1]));
    }
  n_field_texts = texts->len;
  g_ptr_array_add (texts, g_strdup (escaped_filename));
  g_ptr_array_add (texts, g_strdup (content_type));

  do
    {
      g_free (self->boundary);
      self->boundary = make_boundary ();
    }
  while (boundary_collides (self->boundary, texts));

  head = g_string_new (NULL);
  for (guint i = 0; i < n_field_texts; i += 2)
    g_string_append_printf (head,
                            "--%s\r\n"
                            "Content-Disposition: form-data; name=\"%s\"\r\n"
                            "\r\n"
                            "%s\r\n",
                            self->boundary,
                            (const char *) g_ptr_array_index (texts, i),
                            (const char *) g_ptr_array_index (texts, i + 1));
  g_string_append_printf (head,
                          "--%s\r\n"
                          "Content-Disposition: form-data; name=\"image\"; filename=\"%s\"\r\n"
                          "Content-Type: %s\r\n"
                          "\r\n",
                          self->boundary, escaped_filename, content_type);
  self->head = g_string_free_to_bytes (head);

  tail = g_string_new (NULL);
  g_string_append_printf (tail, "\r\n--%s--\r\n", self->boundary);
  self->tail = g_string_free_to_bytes (tail);

  self->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", self->boundary);
  self->length = g_bytes_get_size (self->head) + file_size + g_bytes_get_size (self->tail);

  return self;
}

goffset
cutout_multipart_stream_get_length (CutoutMultipartStream *self)
{
  g_return_val_if_fail (CUTOUT_IS_MULTIPART_STREAM (self), -1);

  return self->length;
}

goffset
cutout_multipart_stream_get_bytes_read (CutoutMultipartStream *self)
{
  g_return_val_if_fail (CUTOUT_IS_MULTIPART_STREAM (self), -1);

  return self->position;
}

const char *
cutout_multipart_stream_get_boundary (CutoutMultipartStream *self)
{
  g_return_val_if_fail (CUTOUT_IS_MULTIPART_STREAM (self), NULL);

  return self->boundary;
}

const char *
cutout_multipart_stream_get_content_type (CutoutMultipartStream *self)
{
  g_return_val_if_fail (CUTOUT_IS_MULTIPART_STREAM (self), NULL);

  return self->content_type;
}

const GError *
cutout_multipart_stream_get_file_error (CutoutMultipartStream *self)
{
  g_return_val_if_fail (CUTOUT_IS_MULTIPART_STREAM (self), NULL);

  return self->file_error;
}
