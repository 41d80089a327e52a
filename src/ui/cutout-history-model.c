/* cutout-history-model.c — a paged list model over the store's job history
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-history-model.h"

/* Enough pages for a tall window scrolled back and forth a little. */
#define MAX_CACHED_PAGES 8
/* Rows read per idle callback while exporting. */
#define EXPORT_CHUNK 1000

/* CutoutHistoryItem */

struct _CutoutHistoryItem
{
  GObject          parent_instance;

  /* Owned */
  CutoutJobRecord *record;
};

G_DEFINE_FINAL_TYPE (CutoutHistoryItem, cutout_history_item, G_TYPE_OBJECT)

static void
cutout_history_item_finalize (GObject *object)
{
  CutoutHistoryItem *self = CUTOUT_HISTORY_ITEM (object);

  g_clear_pointer (&self->record, cutout_job_record_free);

  G_OBJECT_CLASS (cutout_history_item_parent_class)->finalize (object);
}

static void
cutout_history_item_class_init (CutoutHistoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cutout_history_item_finalize;
}

static void
cutout_history_item_init (CutoutHistoryItem *self)
{
}

CutoutHistoryItem *
cutout_history_item_new (CutoutJobRecord *record)
{
  CutoutHistoryItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (CUTOUT_TYPE_HISTORY_ITEM, NULL);
  self->record = record;

  return self;
}

const CutoutJobRecord *
cutout_history_item_get_record (CutoutHistoryItem *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_ITEM (self), NULL);

  return self->record;
}

/* CutoutHistoryModel */

/* Where a hidden row would be among the store's rows of the filter. */
typedef struct
{
  guint      position;
  gint64     id;
} HiddenRow;

typedef struct
{
  guint      index;  /* the page's number: it holds store positions index * PAGE_SIZE… */
  GPtrArray *items;  /* CutoutHistoryItem */
} Page;

struct _CutoutHistoryModel
{
  GObject              parent_instance;

  /* Owned */
  CutoutStore         *store;
  CutoutHistoryFilter  filter;        /* filter.text points at text */
  char                *text;
  GHashTable          *hidden;        /* id (gint64 *) → CutoutJobRecord * */
  GArray              *hidden_positions; /* HiddenRow, ascending: the hidden rows of the filter */
  GQueue               pages;         /* Page *, most recently used first */
  GError              *error;
  guint                n_store;       /* rows of the filter in the store */
  guint                n_items;       /* n_store without the hidden ones */
};

static void cutout_history_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutHistoryModel, cutout_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cutout_history_model_list_model_init))

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
clear_pages (CutoutHistoryModel *self)
{
  Page *page;

  while ((page = g_queue_pop_head (&self->pages)) != NULL)
    page_free (page);
}

static void
set_error (CutoutHistoryModel *self,
           GError             *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (error != NULL)
    g_debug ("History: %s", error->message);
}

static Page *
find_page (CutoutHistoryModel *self,
           guint               index)
{
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->index == index)
        return page;
    }

  return NULL;
}

static Page *
load_page (CutoutHistoryModel *self,
           guint               index)
{
  g_autoptr(GPtrArray) records = NULL;
  GError *error = NULL;
  Page *previous = index > 0 ? find_page (self, index - 1) : NULL;
  Page *page;

  /* Scrolling down reads the next page from where the previous one
   * ended, through the index; a jump (or the first page) goes by offset,
   * which the store has to count through. */
  if (previous != NULL && previous->items->len == CUTOUT_HISTORY_PAGE_SIZE)
    {
      CutoutHistoryItem *last = g_ptr_array_index (previous->items, previous->items->len - 1);
      CutoutHistoryCursor cursor = { last->record->created_us, last->record->id };

      records = cutout_store_query_history (self->store, &self->filter, &cursor,
                                            CUTOUT_HISTORY_PAGE_SIZE, &error);
    }
  else
    {
      records = cutout_store_query_history_at (self->store, &self->filter,
                                               index * CUTOUT_HISTORY_PAGE_SIZE,
                                               CUTOUT_HISTORY_PAGE_SIZE, &error);
    }

  if (records == NULL)
    {
      set_error (self, error);
      return NULL;
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->items = g_ptr_array_new_full (records->len, g_object_unref);

  /* The records move into the items. */
  g_ptr_array_set_free_func (records, NULL);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (page->items, cutout_history_item_new (g_ptr_array_index (records, i)));

  g_queue_push_head (&self->pages, page);
  while (self->pages.length > MAX_CACHED_PAGES)
    page_free (g_queue_pop_tail (&self->pages));

  return page;
}

/* The store position of the model's @position: every hidden row at or
 * before it pushes it one further. */
static guint
to_store_position (CutoutHistoryModel *self,
                   guint               position)
{
  guint s = position;

  for (guint i = 0; i < self->hidden_positions->len; i++)
    {
      if (g_array_index (self->hidden_positions, HiddenRow, i).position <= s)
        s++;
      else
        break;
    }

  return s;
}

static GType
cutout_history_model_get_item_type (GListModel *model)
{
  return CUTOUT_TYPE_HISTORY_ITEM;
}

static guint
cutout_history_model_get_n_items (GListModel *model)
{
  return CUTOUT_HISTORY_MODEL (model)->n_items;
}

static gpointer
cutout_history_model_get_item (GListModel *model,
                               guint       position)
{
  CutoutHistoryModel *self = CUTOUT_HISTORY_MODEL (model);
  guint s;
  Page *page;

  if (position >= self->n_items || self->store == NULL)
    return NULL;

  s = to_store_position (self, position);
  page = find_page (self, s / CUTOUT_HISTORY_PAGE_SIZE);
  if (page != NULL)
    {
      /* Most recently used first. */
      g_queue_remove (&self->pages, page);
      g_queue_push_head (&self->pages, page);
    }
  else
    {
      page = load_page (self, s / CUTOUT_HISTORY_PAGE_SIZE);
    }

  /* The store can have lost rows since they were counted (another
   * program, or cutout-cli, cleared the history): there is nothing to
   * give until the next refresh. */
  if (page == NULL || s % CUTOUT_HISTORY_PAGE_SIZE >= page->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page->items, s % CUTOUT_HISTORY_PAGE_SIZE));
}

static void
cutout_history_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cutout_history_model_get_item_type;
  iface->get_n_items = cutout_history_model_get_n_items;
  iface->get_item = cutout_history_model_get_item;
}

static void
cutout_history_model_finalize (GObject *object)
{
  CutoutHistoryModel *self = CUTOUT_HISTORY_MODEL (object);

  clear_pages (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->hidden_positions, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (cutout_history_model_parent_class)->finalize (object);
}

static void
cutout_history_model_class_init (CutoutHistoryModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cutout_history_model_finalize;
}

static void
cutout_history_model_init (CutoutHistoryModel *self)
{
  g_queue_init (&self->pages);
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) cutout_job_record_free);
  self->hidden_positions = g_array_new (FALSE, FALSE, sizeof (HiddenRow));
}

/* Where the hidden @record is in the store's rows of the filter, or
 * FALSE when it is not among them. The rows newer than it are counted;
 * those of the same microsecond come by the higher id first. */
static gboolean
find_store_position (CutoutHistoryModel    *self,
                     const CutoutJobRecord *record,
                     guint                 *position_out)
{
  CutoutHistoryFilter ties = self->filter;
  CutoutHistoryFilter newer = self->filter;
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_newer;
  guint before = 0;
  gboolean found = FALSE;

  if ((self->filter.from_us != 0 && record->created_us < self->filter.from_us) ||
      (self->filter.to_us != 0 && record->created_us >= self->filter.to_us))
    return FALSE;

  ties.from_us = record->created_us;
  ties.to_us = record->created_us + 1;
  same = cutout_store_query_history (self->store, &ties, NULL, 10000, &error);
  if (same == NULL)
    return FALSE;

  for (guint i = 0; i < same->len; i++)
    {
      const CutoutJobRecord *other = g_ptr_array_index (same, i);

      if (other->id == record->id)
        {
          found = TRUE;
          break;
        }
      before++;
    }
  if (!found)
    return FALSE;

  newer.from_us = record->created_us + 1;
  n_newer = cutout_store_count_history (self->store, &newer, &error);
  if (n_newer < 0)
    return FALSE;

  *position_out = (guint) n_newer + before;
  return TRUE;
}

static int
compare_hidden (gconstpointer a,
                gconstpointer b)
{
  guint x = ((const HiddenRow *) a)->position;
  guint y = ((const HiddenRow *) b)->position;

  return x < y ? -1 : x > y;
}

/* The model's position of the store position @s (not hidden itself). */
static guint
to_model_position (CutoutHistoryModel *self,
                   guint               s)
{
  guint before = 0;

  for (guint i = 0; i < self->hidden_positions->len; i++)
    if (g_array_index (self->hidden_positions, HiddenRow, i).position < s)
      before++;

  return s - before;
}

/* Reads the count and where the hidden rows are, without telling anyone. */
static void
reload (CutoutHistoryModel *self)
{
  GError *error = NULL;
  gint64 count;
  GHashTableIter iter;
  gpointer value;

  clear_pages (self);
  g_array_set_size (self->hidden_positions, 0);
  set_error (self, NULL);

  count = self->store != NULL ? cutout_store_count_history (self->store, &self->filter, &error) : 0;
  if (count < 0)
    {
      set_error (self, error);
      count = 0;
    }
  self->n_store = (guint) MIN (count, (gint64) G_MAXUINT);

  g_hash_table_iter_init (&iter, self->hidden);
  while (count > 0 && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CutoutJobRecord *record = value;
      HiddenRow row = { 0, record->id };

      if (find_store_position (self, record, &row.position) && row.position < self->n_store)
        g_array_append_val (self->hidden_positions, row);
    }
  g_array_sort (self->hidden_positions, compare_hidden);

  self->n_items = self->n_store - self->hidden_positions->len;
}

void
cutout_history_model_refresh (CutoutHistoryModel *self)
{
  guint old_n_items;

  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));

  /* Everything goes, then everything comes, in two steps: a list view
   * that is told of one replacement looks for the rows it showed among
   * all the new ones, and would read the whole history to do so. */
  old_n_items = self->n_items;
  self->n_items = 0;
  clear_pages (self);
  if (old_n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);

  reload (self);
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
}

CutoutHistoryModel *
cutout_history_model_new (CutoutStore *store)
{
  CutoutHistoryModel *self;

  g_return_val_if_fail (store == NULL || CUTOUT_IS_STORE (store), NULL);

  self = g_object_new (CUTOUT_TYPE_HISTORY_MODEL, NULL);
  g_set_object (&self->store, store);
  cutout_history_model_refresh (self);

  return self;
}

CutoutStore *
cutout_history_model_get_store (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), NULL);

  return self->store;
}

void
cutout_history_model_set_filter (CutoutHistoryModel        *self,
                                 const CutoutHistoryFilter *filter)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));

  g_clear_pointer (&self->text, g_free);
  if (filter != NULL)
    {
      self->filter = *filter;
      self->text = g_strdup (filter->text);
    }
  else
    {
      memset (&self->filter, 0, sizeof self->filter);
    }
  self->filter.text = self->text;

  cutout_history_model_refresh (self);
}

const CutoutHistoryFilter *
cutout_history_model_get_filter (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), NULL);

  return &self->filter;
}

static int
compare_position_desc (gconstpointer a,
                       gconstpointer b)
{
  return -compare_hidden (a, b);
}

void
cutout_history_model_hide (CutoutHistoryModel *self,
                           GPtrArray          *records)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (HiddenRow));

  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));
  g_return_if_fail (records != NULL);

  for (guint i = 0; i < records->len; i++)
    {
      CutoutJobRecord *copy = cutout_job_record_copy (g_ptr_array_index (records, i));
      HiddenRow row = { 0, copy->id };

      if (g_hash_table_contains (self->hidden, &copy->id))
        {
          cutout_job_record_free (copy);
          continue;
        }
      g_hash_table_replace (self->hidden, &copy->id, copy);
      if (self->store != NULL && find_store_position (self, copy, &row.position) &&
          row.position < self->n_store)
        g_array_append_val (rows, row);
    }

  /* One row at a time, from the bottom up, so that the model is right
   * at every signal and the list keeps its place. */
  g_array_sort (rows, compare_position_desc);
  for (guint i = 0; i < rows->len; i++)
    {
      HiddenRow row = g_array_index (rows, HiddenRow, i);
      guint position = to_model_position (self, row.position);

      g_array_append_val (self->hidden_positions, row);
      g_array_sort (self->hidden_positions, compare_hidden);
      self->n_items--;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

void
cutout_history_model_unhide (CutoutHistoryModel *self,
                             const gint64       *ids,
                             guint               n_ids)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  /* From the top down: each row comes back where it was. */
  for (guint i = 0; i < self->hidden_positions->len; )
    {
      HiddenRow row = g_array_index (self->hidden_positions, HiddenRow, i);
      gboolean wanted = FALSE;

      for (guint j = 0; j < n_ids && !wanted; j++)
        wanted = ids[j] == row.id;
      if (!wanted)
        {
          i++;
          continue;
        }

      g_array_remove_index (self->hidden_positions, i);
      self->n_items++;
      g_list_model_items_changed (G_LIST_MODEL (self), to_model_position (self, row.position), 0, 1);
    }

  for (guint i = 0; i < n_ids; i++)
    g_hash_table_remove (self->hidden, &ids[i]);
}

void
cutout_history_model_forget (CutoutHistoryModel *self,
                             const gint64       *ids,
                             guint               n_ids)
{
  guint old_n_items;

  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  for (guint i = 0; i < n_ids; i++)
    g_hash_table_remove (self->hidden, &ids[i]);

  /* The rows left the store as they had left the model: what it shows
   * is the same, unless the store changed meanwhile. */
  old_n_items = self->n_items;
  reload (self);
  if (self->n_items != old_n_items)
    {
      guint n_items = self->n_items;

      self->n_items = old_n_items;
      cutout_history_model_refresh (self);
      g_warn_if_fail (self->n_items == n_items);
    }
}

gboolean
cutout_history_model_is_hidden (CutoutHistoryModel *self,
                                gint64              id)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), FALSE);

  return g_hash_table_contains (self->hidden, &id);
}

gint64
cutout_history_model_count_all (CutoutHistoryModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 count;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), -1);

  if (self->store == NULL)
    return 0;

  count = cutout_store_count_history (self->store, NULL, &error);
  if (count < 0)
    return -1;

  /* A hidden row still stored counts as gone. */
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(CutoutJobRecord) record = cutout_store_get_job (self->store, *(gint64 *) key, NULL);

      if (record != NULL && count > 0)
        count--;
    }

  return count;
}

const GError *
cutout_history_model_get_error (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), NULL);

  return self->error;
}

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
