/* cutout-history-model-csv.c — the history model's rows written as CSV
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-history-model-private.h"

/* Rows read per idle callback while exporting. */
#define EXPORT_CHUNK 1000

/* CSV */

/* One field, with the separator before it unless it is the first. */
static void
append_field (GString    *line,
              const char *text)
{
  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

char *
cutout_history_csv_header (void)
{
  /* Machine-readable names, not translated: scripts read them. */
  return g_strdup ("created,input,state,error,output,output_size,options,attempts,possibly_charged\r\n");
}

static void
append_line (GString               *out,
             const CutoutJobRecord *record)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  char number[32];

  /* UTC in ISO 8601, so the file means the same in every time zone. */
  created = g_date_time_new_from_unix_utc (record->created_us / G_USEC_PER_SEC);
  if (created != NULL)
    created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");

  /* The first field always writes something (an empty one as ""), so
   * that append_field () puts the separators after it. */
  g_string_append (out, created_text != NULL ? created_text : "\"\"");

  append_field (out, record->input_path);
  append_field (out, cutout_job_state_to_string (record->state));
  append_field (out, record->error_message);
  append_field (out, record->output_path);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, record->output_size);
  append_field (out, number);
  append_field (out, record->options);
  g_snprintf (number, sizeof number, "%d", record->attempts);
  append_field (out, number);
  g_snprintf (number, sizeof number, "%d", record->possibly_charged);
  append_field (out, number);
  g_string_append (out, "\r\n");
}

char *
cutout_history_csv_line (const CutoutJobRecord *record)
{
  GString *line = g_string_new (NULL);

  g_return_val_if_fail (record != NULL, NULL);

  append_line (line, record);

  return g_string_free (line, FALSE);
}

/* Export */

typedef struct
{
  CutoutStore         *store;
  CutoutHistoryFilter  filter;    /* filter.text points at text */
  char                *text;
  GHashTable          *hidden;    /* ids left out (gint64 *) */
  CutoutHistoryCursor  cursor;
  gboolean             started;
  GString             *csv;
  gint64               n_rows;
  GFile               *file;
  guint                idle_id;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_handle_id (&data->idle_id, g_source_remove);
  g_clear_object (&data->store);
  g_clear_pointer (&data->text, g_free);
  g_clear_pointer (&data->hidden, g_hash_table_unref);
  if (data->csv != NULL)
    g_string_free (data->csv, TRUE);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, data->n_rows);
}

static gboolean
export_chunk_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize len;

  if (g_task_return_error_if_cancelled (task))
    {
      data->idle_id = 0;
      return G_SOURCE_REMOVE;
    }

  records = cutout_store_query_history (data->store, &data->filter,
                                        data->started ? &data->cursor : NULL,
                                        EXPORT_CHUNK, &error);
  if (records == NULL)
    {
      data->idle_id = 0;
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const CutoutJobRecord *record = g_ptr_array_index (records, i);

      if (!g_hash_table_contains (data->hidden, &record->id))
        {
          append_line (data->csv, record);
          data->n_rows++;
        }
      data->cursor.created_us = record->created_us;
      data->cursor.id = record->id;
    }
  data->started = TRUE;

  if (records->len == EXPORT_CHUNK)
    return G_SOURCE_CONTINUE;

  /* Everything is read: the file is written (atomically, through a
   * temporary file) in GIO's worker thread. */
  data->idle_id = 0;
  len = data->csv->len;
  bytes = g_bytes_new_take (g_string_free (g_steal_pointer (&data->csv), FALSE), len);
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task),
                                       export_written_cb, g_object_ref (task));

  return G_SOURCE_REMOVE;
}

void
cutout_history_model_export_csv_async (CutoutHistoryModel  *self,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_history_model_export_csv_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, CUTOUT_STORE_ERROR, CUTOUT_STORE_ERROR_CLOSED,
                               _("The history database is not open"));
      return;
    }

  /* A snapshot of the filter and of the hidden rows: the page may change
   * both while the rows are read. */
  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (self->store);
  data->filter = self->filter;
  data->text = g_strdup (self->text);
  data->filter.text = data->text;
  data->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (data->hidden, g_memdup2 (key, sizeof (gint64)));
  data->csv = g_string_new (NULL);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  {
    g_autofree char *header = cutout_history_csv_header ();

    g_string_append (data->csv, header);
  }

  /* The idle owns a reference: it ends the task (or hands it on to the
   * write) before it is removed. */
  data->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, export_chunk_cb,
                                   g_object_ref (task), g_object_unref);
}

gint64
cutout_history_model_export_csv_finish (CutoutHistoryModel  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
