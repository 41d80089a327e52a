/* cutout-history-model-private.h — what the history model's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-history-model.h"

G_BEGIN_DECLS

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
  GPtrArray           *recycled;      /* CutoutHistoryItem, while refreshing: the
                                       * items shown before, the first last */
  GPtrArray           *pending;       /* CutoutHistoryItem given a new record
                                       * without telling yet, the first first */
  GError              *error;
  guint                n_store;       /* rows of the filter in the store (while
                                       * not counted: those of the first page) */
  guint                n_total;       /* n_store without the hidden ones */
  guint                sight_first;   /* the rows in sight (see */
  guint                sight_n;       /* cutout_history_model_set_rows_in_sight()) */
  guint                revealed;      /* rows offered at most; G_MAXUINT = all */
  guint                n_items;       /* MIN (n_total, revealed) */
  gboolean             counted;       /* n_store is the store's count */
};

/* Replaces the item's record (taking @record), with notify::record
 * if @notify, otherwise when cutout_history_item_notify_record() is. */
void cutout_history_item_set_record    (CutoutHistoryItem *self,
                                        CutoutJobRecord   *record,
                                        gboolean           notify);
void cutout_history_item_notify_record (CutoutHistoryItem *self);
/* A number that no other record of any item had: it changes with the
 * record, so a row that remembers it knows whether it shows the
 * item's record as it is. */
guint64 cutout_history_item_get_serial        (CutoutHistoryItem *self);
/* While a quiet change is not told yet, the serial of the record the
 * item had before it (what its row still shows); 0 otherwise. */
guint64 cutout_history_item_get_untold_serial (CutoutHistoryItem *self);

G_END_DECLS
