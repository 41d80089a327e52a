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
  GError              *error;
  guint                n_store;       /* rows of the filter in the store (while
                                       * not counted: those of the first page) */
  guint                n_total;       /* n_store without the hidden ones */
  guint                revealed;      /* rows offered at most; G_MAXUINT = all */
  guint                n_items;       /* MIN (n_total, revealed) */
  gboolean             counted;       /* n_store is the store's count */
};

G_END_DECLS
