/* cutout-queue-store-write.c — new jobs written to the store in a thread, on a connection of its own
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-queue-private.h"

/* Writing 10,000 new jobs takes the best part of a second: on the main
 * thread that freezes the window. So a queue's writer does it in a
 * thread, with its own connection to the same database (WAL lets the
 * main connection read meanwhile), a chunk of rows per transaction so
 * that the main connection never waits long for the write lock:
 *
 *  - the jobs are in the model at once; each gets its id when its chunk
 *    is committed, and the scheduler does not start a job before that
 *    (run->storing), so that a crash never loses a job that was sent;
 *  - writes run one after the other, in the order they were asked for,
 *    so the live queue keeps the jobs' order; a write asked for while one
 *    runs waits (and later ones join it);
 *  - a job changed meanwhile (cancelled, refused by preflight) is saved
 *    again once it has its id, one removed meanwhile leaves the live queue;
 *  - a chunk that fails is warned about as the synchronous write is; its
 *    jobs and the rest of that write stay in the queue without an id
 *    (they run, without history);
 *  - the writer holds the queue weakly: when the queue goes away the
 *    write still ends, so that every row of the live queue is there for
 *    the next start.
 *
 * The CutoutStore objects are not thread-safe: the writer's connection
 * is used by one chunk at a time, handed between the main thread and a
 * pool thread through the GTask, and the main connection is never
 * touched outside the main thread. */

#define CHUNK_ROWS 250

/* A write that starts from idle waits this long: the window first makes
 * and draws the new rows, which on a busy machine would otherwise share
 * the CPU with the write (and take longer). The jobs wait for their rows
 * anyway. */
#define START_DELAY_MS 150

typedef struct
{
  GPtrArray *jobs;     /* CutoutJob, strong; main thread only */
  GPtrArray *records;  /* CutoutJobRecord, owned */
  guint      next;     /* the first record not written yet */
  GError    *error;    /* the first failure */
  GPtrArray *tasks;    /* GTask, returned when the write ends */
} Batch;

typedef struct
{
  GWeakRef     queue;
  char        *path;
  GQueue       batches; /* Batch *, in order; the head is being written */
  gboolean     writing; /* a chunk is in a thread */
  guint        start_source;
  CutoutStore *store;   /* the writer's connection, NULL while a chunk has it */
} Writer;

/* A chunk on its way through a thread: borrowed records, the connection. */
typedef struct
{
  char        *path;
  GPtrArray   *records;
  CutoutStore *store;
} Chunk;

static void write_next (Writer *writer);

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->jobs);
  g_ptr_array_unref (batch->records);
  g_clear_error (&batch->error);
  g_ptr_array_unref (batch->tasks);
  g_free (batch);
}

static void
writer_clear (Writer *writer)
{
  /* The start timeout holds a reference: it is over. */
  g_assert (writer->start_source == 0);
  g_weak_ref_clear (&writer->queue);
  g_free (writer->path);
  g_queue_clear_full (&writer->batches, (GDestroyNotify) batch_free);
  g_clear_object (&writer->store);
}

static Writer *
writer_ref (Writer *writer)
{
  return g_atomic_rc_box_acquire (writer);
}

static void
writer_unref (Writer *writer)
{
  g_atomic_rc_box_release_full (writer, (GDestroyNotify) writer_clear);
}

static void
chunk_free (Chunk *chunk)
{
  g_free (chunk->path);
  g_ptr_array_unref (chunk->records);
  g_clear_object (&chunk->store);
  g_free (chunk);
}

static GQuark
writer_quark (void)
{
  return g_quark_from_static_string ("cutout-queue-writer");
}

static Writer *
get_writer (CutoutQueue *self)
{
  return g_object_get_qdata (G_OBJECT (self), writer_quark ());
}

/* Whether a second connection reaches the same database as the queue's. */
static gboolean
can_open_twice (const char *path)
{
  return path != NULL && g_path_is_absolute (path) && !g_str_equal (path, ":memory:");
}

static Writer *
ensure_writer (CutoutQueue *self)
{
  Writer *writer = get_writer (self);

  if (writer == NULL)
    {
      writer = g_atomic_rc_box_new0 (Writer);
      g_weak_ref_init (&writer->queue, self);
      writer->path = g_strdup (cutout_store_get_path (self->store));
      g_queue_init (&writer->batches);
      /* The queue drops its reference when it goes; a write in a thread
       * holds its own. */
      g_object_set_qdata_full (G_OBJECT (self), writer_quark (), writer, (GDestroyNotify) writer_unref);
    }
  return writer;
}

/* ---- In the thread ------------------------------------------------------- */

static void
chunk_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Chunk *chunk = task_data;
  GError *error = NULL;

  if (chunk->store == NULL)
    chunk->store = cutout_store_new (chunk->path, &error);
  if (chunk->store == NULL ||
      !cutout_store_insert_jobs (chunk->store, chunk->records, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Closing runs "PRAGMA optimize", which may analyse the tables after a
 * large write: not on the main thread either. */
static void
close_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  cutout_store_close (task_data);
  g_task_return_boolean (task, TRUE);
}

/* ---- Back on the main thread ---------------------------------------------- */

/* The jobs of @batch from @from on (@n of them) are stored: they get
 * their ids, and what happened to them meanwhile is written. */
static void
apply_chunk (Batch       *batch,
             CutoutQueue *queue,
             guint        from,
             guint        n)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  for (guint i = from; i < from + n; i++)
    {
      CutoutJob *job = g_ptr_array_index (batch->jobs, i);
      CutoutJobRecord *record = g_ptr_array_index (batch->records, i);
      CutoutJobRun *run = cutout_queue_get_run (job);
      gboolean mine = run->storing == batch;

      if (mine)
        run->storing = NULL;
      if (queue == NULL)
        continue;

      /* Removed (and maybe added again, as another job of the store)
       * while it was written: it leaves the live queue again. */
      if (!mine || run->queue != queue)
        {
          g_array_append_val (gone, record->id);
          continue;
        }

      cutout_job_set_id (job, record->id);
      if (run->store_dirty || cutout_job_get_state (job) != record->state)
        {
          run->store_dirty = FALSE;
          cutout_queue_store_job (queue, job);
        }
    }

  if (gone->len > 0 && queue->store != NULL &&
      !cutout_store_queue_remove (queue->store, (const gint64 *) gone->data, gone->len, &error))
    cutout_queue_warn_store ("update the queue", error);
}

/* The rest of @batch will not be stored: its jobs run without an id, as
 * when the synchronous write fails. */
static void
give_up_batch (Batch *batch)
{
  for (guint i = batch->next; i < batch->jobs->len; i++)
    {
      CutoutJobRun *run = cutout_queue_get_run (g_ptr_array_index (batch->jobs, i));

      if (run->storing == batch)
        {
          run->storing = NULL;
          run->store_dirty = FALSE;
        }
    }
  batch->next = batch->jobs->len;
}

static void
finish_batch (Batch *batch)
{
  for (guint i = 0; i < batch->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (batch->tasks, i);

      if (batch->error != NULL)
        g_task_return_error (task, g_error_copy (batch->error));
      else
        g_task_return_boolean (task, TRUE);
    }
  batch_free (batch);
}

static void
close_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
chunk_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Writer *writer = user_data;
  Chunk *chunk = g_task_get_task_data (G_TASK (result));
  Batch *batch = g_queue_peek_head (&writer->batches);
  g_autoptr(CutoutQueue) queue = g_weak_ref_get (&writer->queue);
  g_autoptr(GError) error = NULL;

  writer->writing = FALSE;
  writer->store = g_steal_pointer (&chunk->store);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      apply_chunk (batch, queue, batch->next, chunk->records->len);
      batch->next += chunk->records->len;
    }
  else
    {
      cutout_queue_warn_store ("add jobs", error);
      batch->error = g_steal_pointer (&error);
      give_up_batch (batch);
    }

  if (batch->next == batch->records->len)
    finish_batch (g_queue_pop_head (&writer->batches));

  /* Stored jobs may start now (and those given up, without history). */
  if (queue != NULL)
    cutout_queue_schedule (queue);
  write_next (writer);
  writer_unref (writer);
}

static void
write_next (Writer *writer)
{
  Batch *batch = g_queue_peek_head (&writer->batches);
  g_autoptr(GTask) task = NULL;
  Chunk *chunk;
  guint n;

  if (writer->writing || writer->start_source != 0)
    return;

  if (batch == NULL)
    {
      /* Idle: the connection is closed until the next large add. */
      if (writer->store != NULL)
        {
          task = g_task_new (NULL, NULL, close_done_cb, NULL);
          g_task_set_source_tag (task, write_next);
          g_task_set_task_data (task, g_steal_pointer (&writer->store), g_object_unref);
          g_task_run_in_thread (task, close_thread);
        }
      return;
    }

  n = MIN (CHUNK_ROWS, batch->records->len - batch->next);
  chunk = g_new0 (Chunk, 1);
  chunk->path = g_strdup (writer->path);
  chunk->records = g_ptr_array_sized_new (n);
  for (guint i = batch->next; i < batch->next + n; i++)
    g_ptr_array_add (chunk->records, g_ptr_array_index (batch->records, i));
  chunk->store = g_steal_pointer (&writer->store);

  writer->writing = TRUE;
  task = g_task_new (NULL, NULL, chunk_done_cb, writer_ref (writer));
  g_task_set_source_tag (task, write_next);
  g_task_set_task_data (task, chunk, (GDestroyNotify) chunk_free);
  g_task_run_in_thread (task, chunk_thread);
}

static gboolean
start_cb (gpointer user_data)
{
  Writer *writer = user_data;

  writer->start_source = 0;
  write_next (writer);
  return G_SOURCE_REMOVE;
}

/* ---- Private API ------------------------------------------------------------ */

gboolean
cutout_queue_writer_busy (CutoutQueue *self)
{
  Writer *writer = get_writer (self);

  return writer != NULL && !g_queue_is_empty (&writer->batches);
}

gboolean
cutout_queue_write_in_background (CutoutQueue *self,
                                  GPtrArray   *jobs,
                                  GPtrArray   *records,
                                  GTask       *task)
{
  Writer *writer;
  Batch *batch;

  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (jobs->len == records->len, FALSE);

  if (!can_open_twice (cutout_store_get_path (self->store)))
    return FALSE;

  writer = ensure_writer (self);

  /* A write that has not started yet takes these too: the same order,
   * one connection and fewer transactions. */
  batch = g_queue_get_length (&writer->batches) > 1 ? g_queue_peek_tail (&writer->batches) : NULL;
  if (batch == NULL)
    {
      batch = g_new0 (Batch, 1);
      batch->jobs = g_ptr_array_new_with_free_func (g_object_unref);
      batch->records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);
      batch->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_queue_push_tail (&writer->batches, batch);
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (jobs, i);
      CutoutJobRun *run = cutout_queue_get_run (job);

      run->storing = batch;
      run->store_dirty = FALSE;
      g_ptr_array_add (batch->jobs, g_object_ref (job));
      g_ptr_array_add (batch->records, g_steal_pointer (&g_ptr_array_index (records, i)));
    }
  if (task != NULL)
    g_ptr_array_add (batch->tasks, g_object_ref (task));

  if (!writer->writing && writer->start_source == 0 && g_queue_get_length (&writer->batches) == 1)
    writer->start_source = g_timeout_add_full (G_PRIORITY_DEFAULT, START_DELAY_MS, start_cb,
                                               writer_ref (writer), (GDestroyNotify) writer_unref);
  else
    write_next (writer);
  return TRUE;
}

/* ---- Public API ------------------------------------------------------------- */

gboolean
cutout_queue_is_storing (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);

  return cutout_queue_writer_busy (self);
}

void
cutout_queue_flush_store (CutoutQueue *self)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  g_object_ref (self);
  while (cutout_queue_writer_busy (self))
    g_main_context_iteration (context, TRUE);
  g_object_unref (self);
  g_main_context_unref (context);
}
