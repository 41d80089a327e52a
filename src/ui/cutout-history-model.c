/* cutout-history-model.c — a paged list model over the store's job history
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-history-model-private.h"

/* Enough pages for a tall window scrolled back and forth a little. */
#define MAX_CACHED_PAGES 8
/* Rows offered to a list view after a refresh (a tall window's worth),
 * and how many more at each cutout_history_model_reveal_more(). GTK 4.8's
 * list view makes a row widget for each of its first 200 items, whatever
 * it shows: offering them all at once costs a frame of 200 rows built,
 * bound and measured before the first one is painted. Past this many
 * rows everything is offered, as the list view makes no more widgets. */
#define REVEAL_FIRST 30
#define REVEAL_STEP 30
#define REVEAL_MAX 200

/* CutoutHistoryModel */

enum
{
  PROP_0,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
      const CutoutJobRecord *last =
        cutout_history_item_get_record (g_ptr_array_index (previous->items, previous->items->len - 1));
      CutoutHistoryCursor cursor = { last->created_us, last->id };

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

  /* The records move into the items: during a refresh, into those of
   * the rows shown before, in order (see cutout_history_model_refresh()). */
  g_ptr_array_set_free_func (records, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      CutoutJobRecord *record = g_ptr_array_index (records, i);

      if (self->recycled != NULL && self->recycled->len > 0)
        {
          CutoutHistoryItem *item = g_ptr_array_steal_index_fast (self->recycled, self->recycled->len - 1);

          /* The rows in sight show their new record at once; the
           * others, a few dozen a frame after (see
           * cutout_history_model_reveal_more()). Hidden rows may move
           * the store's positions from the model's by as many. */
          guint s = index * CUTOUT_HISTORY_PAGE_SIZE + i;

          if (s + g_hash_table_size (self->hidden) >= self->sight_first &&
              s < self->sight_first + self->sight_n + g_hash_table_size (self->hidden))
            {
              cutout_history_item_set_record (item, record, TRUE);
            }
          else
            {
              cutout_history_item_set_record (item, record, FALSE);
              g_ptr_array_add (self->pending, g_object_ref (item));
            }
          g_ptr_array_add (page->items, item);
        }
      else
        {
          g_ptr_array_add (page->items, cutout_history_item_new (record));
        }
    }

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
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->hidden_positions, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (cutout_history_model_parent_class)->finalize (object);
}

static void
cutout_history_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CutoutHistoryModel *self = CUTOUT_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      g_value_set_int64 (value, cutout_history_model_get_total (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_history_model_class_init (CutoutHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cutout_history_model_finalize;
  object_class->get_property = cutout_history_model_get_property;

  /* The rows of the filter, -1 while they are not counted yet. */
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_history_model_init (CutoutHistoryModel *self)
{
  g_queue_init (&self->pages);
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) cutout_job_record_free);
  self->hidden_positions = g_array_new (FALSE, FALSE, sizeof (HiddenRow));
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->sight_n = REVEAL_FIRST;
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

/* Counts the rows of the filter and finds where the hidden ones are,
 * without telling anyone. */
static void
count_now (CutoutHistoryModel *self)
{
  GError *error = NULL;
  gint64 count;
  GHashTableIter iter;
  gpointer value;

  g_array_set_size (self->hidden_positions, 0);

  count = self->store != NULL ? cutout_store_count_history (self->store, &self->filter, &error) : 0;
  if (count < 0)
    {
      set_error (self, error);
      count = 0;
    }
  self->n_store = (guint) MIN (count, (gint64) G_MAXUINT);
  self->counted = TRUE;

  g_hash_table_iter_init (&iter, self->hidden);
  while (count > 0 && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CutoutJobRecord *record = value;
      HiddenRow row = { 0, record->id };

      if (find_store_position (self, record, &row.position) && row.position < self->n_store)
        g_array_append_val (self->hidden_positions, row);
    }
  g_array_sort (self->hidden_positions, compare_hidden);

  self->n_total = self->n_store - self->hidden_positions->len;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

/* Reads the first pages, at least @wanted rows when there are (and one
 * page always), without telling anyone. When the last page read is not
 * full every row is there, so there is nothing to count; otherwise the
 * count waits for cutout_history_model_reveal_more() (it reads every
 * match, and the first rows can be shown without it), unless @full or
 * rows are hidden (their positions need it). */
static void
reload (CutoutHistoryModel *self,
        gboolean            full,
        guint               wanted)
{
  Page *first = NULL;
  Page *last = NULL;
  guint known = 0;

  clear_pages (self);
  g_array_set_size (self->hidden_positions, 0);
  set_error (self, NULL);
  self->counted = FALSE;
  self->n_store = 0;

  if (self->store != NULL)
    first = last = load_page (self, 0);
  if (first != NULL)
    known = first->items->len;
  while (last != NULL && last->items->len == CUTOUT_HISTORY_PAGE_SIZE && known < wanted)
    {
      last = load_page (self, last->index + 1);
      if (last != NULL)
        known += last->items->len;
    }

  /* A failed read leaves nothing to show: the error is. */
  if (first == NULL && self->error != NULL)
    {
      self->counted = TRUE;
      self->n_total = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
      return;
    }

  if (last != NULL && last->items->len < CUTOUT_HISTORY_PAGE_SIZE &&
      g_hash_table_size (self->hidden) == 0)
    {
      self->n_store = known;
      self->n_total = known;
      self->counted = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
      return;
    }

  if (last == NULL || full || g_hash_table_size (self->hidden) > 0)
    {
      count_now (self);
      return;
    }

  self->n_store = known;
  self->n_total = known;
}

/* Offers @n rows (clamped to what there is), telling the list. */
static void
set_n_items (CutoutHistoryModel *self,
             guint               n)
{
  guint old = self->n_items;

  self->n_items = MIN (n, self->n_total);
  if (self->n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
  else if (self->n_items < old)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old - self->n_items, 0);
}

/* Tells the rows of up to @n items given a new record quietly that it
 * changed, the first first. */
static void
notify_pending (CutoutHistoryModel *self,
                guint               n)
{
  g_autoptr(GPtrArray) items = NULL;

  n = MIN (n, self->pending->len);
  if (n == 0)
    return;

  /* A handler may refresh the model: the items go out of the list first. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (self->pending, i)));
  g_ptr_array_remove_range (self->pending, 0, n);

  for (guint i = 0; i < items->len; i++)
    cutout_history_item_notify_record (g_ptr_array_index (items, i));
}

/* Counts (if that still has to be done) and offers every row. */
static void
complete (CutoutHistoryModel *self)
{
  notify_pending (self, G_MAXUINT);
  if (!self->counted)
    count_now (self);
  self->revealed = G_MAXUINT;
  set_n_items (self, self->n_total);
}

/* The items at the model's first @n positions, the last first. */
static GPtrArray *
collect_shown_items (CutoutHistoryModel *self,
                     guint               n)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  n = MIN (n, self->n_items);
  for (guint position = n; position-- > 0; )
    {
      guint s = to_store_position (self, position);
      Page *page = find_page (self, s / CUTOUT_HISTORY_PAGE_SIZE);

      if (page != NULL && s % CUTOUT_HISTORY_PAGE_SIZE < page->items->len)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (page->items, s % CUTOUT_HISTORY_PAGE_SIZE)));
    }

  return items;
}

void
cutout_history_model_refresh (CutoutHistoryModel *self)
{
  guint old_n_items;
  guint wanted;

  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));

  /* GTK 4.8's list view keeps a row widget for each of its first 200
   * items; told that they all went, it destroys those widgets and builds
   * new ones, which is most of what a new search costs. So the items of
   * the rows shown go on, in order, with the new first rows' records
   * (notify::record: their rows show the new record), and one
   * items-changed tells of the whole change: the list finds the same
   * items at the same positions and keeps their widgets. As many rows
   * are offered as were shown (up to 200, at least down to the last row
   * in sight), so that no widget is dropped and built again a frame
   * later; the rows in sight show their new record at once, the others
   * in the next frames, since a frame of 200 rows to lay out again is
   * too long a wait.
   *
   * The total is told after the rows, once the model is whole again. */
  g_object_freeze_notify (G_OBJECT (self));

  old_n_items = self->n_items;
  wanted = MAX (self->sight_first + self->sight_n, MIN (old_n_items, REVEAL_MAX));
  g_ptr_array_set_size (self->pending, 0);
  self->recycled = collect_shown_items (self, wanted);
  /* A list scrolled far down does not need every page above its rows
   * read again, only the count: its rows' pages come when asked for. */
  reload (self, FALSE, MIN (wanted, REVEAL_MAX));
  g_clear_pointer (&self->recycled, g_ptr_array_unref);
  if (wanted > self->n_store && !self->counted)
    count_now (self);

  self->revealed = wanted;
  self->n_items = MIN (self->revealed, self->n_total);
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

  g_object_thaw_notify (G_OBJECT (self));
}

void
cutout_history_model_set_rows_in_sight (CutoutHistoryModel *self,
                                        guint               first,
                                        guint               n)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));

  self->sight_first = first;
  self->sight_n = n > 0 ? n : REVEAL_FIRST;
}

gboolean
cutout_history_model_reveal_more (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), FALSE);

  if (cutout_history_model_is_complete (self))
    return FALSE;

  /* The rows out of sight show their new records first. */
  if (self->pending->len > 0)
    {
      notify_pending (self, REVEAL_STEP);
      return !cutout_history_model_is_complete (self);
    }

  if (self->revealed >= REVEAL_MAX)
    self->revealed = G_MAXUINT;
  else
    self->revealed += REVEAL_STEP;

  /* Past the rows the first page told of, the count is needed. */
  if (!self->counted && self->revealed > self->n_store)
    count_now (self);

  set_n_items (self, self->revealed);

  return !cutout_history_model_is_complete (self);
}

gboolean
cutout_history_model_is_complete (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), TRUE);

  return self->counted && self->n_items == self->n_total && self->pending->len == 0;
}

gint64
cutout_history_model_get_total (CutoutHistoryModel *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_MODEL (self), -1);

  return self->counted ? (gint64) self->n_total : -1;
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

  /* The same filter again (the search entry repeats itself after its
   * typing delay, a range is re-chosen) changes nothing: no reload, and
   * the count already shown stays. */
  if (filter != NULL &&
      filter->states == self->filter.states &&
      filter->from_us == self->filter.from_us &&
      filter->to_us == self->filter.to_us &&
      g_strcmp0 (filter->text != NULL && filter->text[0] != '\0' ? filter->text : NULL,
                 self->text != NULL && self->text[0] != '\0' ? self->text : NULL) == 0)
    return;

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

  /* Positions need every row counted and offered. */
  complete (self);

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
      self->n_total--;
      self->n_items--;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
}

void
cutout_history_model_unhide (CutoutHistoryModel *self,
                             const gint64       *ids,
                             guint               n_ids)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_MODEL (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  complete (self);

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
      self->n_total++;
      self->n_items++;
      g_list_model_items_changed (G_LIST_MODEL (self), to_model_position (self, row.position), 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
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
  reload (self, TRUE, 0);
  self->revealed = G_MAXUINT;
  if (self->n_total != old_n_items)
    {
      self->n_items = old_n_items;
      cutout_history_model_refresh (self);
      complete (self);
    }
  else
    {
      self->n_items = self->n_total;
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
