/* cutout-history-model.h — a paged list model over the store's job history
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-options.h"
#include "cutout-store.h"

G_BEGIN_DECLS

/* One row of the history: a small object around a CutoutJobRecord. The
 * model reuses its items: after a refresh an item can stand for another
 * row, its "record" property (a pointer, read with
 * cutout_history_item_get_record()) notifying the change, so what shows
 * an item follows notify::record. */
#define CUTOUT_TYPE_HISTORY_ITEM (cutout_history_item_get_type ())
G_DECLARE_FINAL_TYPE (CutoutHistoryItem, cutout_history_item, CUTOUT, HISTORY_ITEM, GObject)

/* Takes @record. */
CutoutHistoryItem     *cutout_history_item_new            (CutoutJobRecord     *record) G_GNUC_WARN_UNUSED_RESULT;
const CutoutJobRecord *cutout_history_item_get_record     (CutoutHistoryItem   *self);

/* A GListModel of CutoutHistoryItem, newest first, for the jobs of the
 * store that match a filter. Its length is the store's count; items are
 * read in pages of CUTOUT_HISTORY_PAGE_SIZE when asked for (the next page
 * by keyset cursor when the previous one is cached, by offset otherwise)
 * and a few pages stay cached, so a list view over a history of 100,000
 * jobs only ever reads what it shows.
 *
 * After a refresh (and a new filter) it offers only its first rows and
 * has not counted yet: the owner calls cutout_history_model_reveal_more()
 * once a frame, after the first rows are painted, until it returns FALSE
 * (see there). The page's first rows are thus shown after reading one
 * page, without the count, and without GTK 4.8's list view building its
 * 200 row widgets first.
 *
 * Rows can be hidden (while a removal waits for its undo toast to go):
 * they are left out of the model without being deleted from the store.
 * The model does not watch the store: call cutout_history_model_refresh()
 * after it changed. */
#define CUTOUT_HISTORY_PAGE_SIZE 100

#define CUTOUT_TYPE_HISTORY_MODEL (cutout_history_model_get_type ())
G_DECLARE_FINAL_TYPE (CutoutHistoryModel, cutout_history_model, CUTOUT, HISTORY_MODEL, GObject)

CutoutHistoryModel        *cutout_history_model_new        (CutoutStore               *store) G_GNUC_WARN_UNUSED_RESULT;
CutoutStore               *cutout_history_model_get_store  (CutoutHistoryModel        *self);

/* Copies @filter (NULL = everything) and reloads. */
void                       cutout_history_model_set_filter (CutoutHistoryModel        *self,
                                                            const CutoutHistoryFilter *filter);
const CutoutHistoryFilter *cutout_history_model_get_filter (CutoutHistoryModel        *self);

/* Drops the cached pages, reads the first pages again and emits one
 * items-changed for the whole list: every row removed, the first ones
 * added, as many as were offered (up to 200) and at least down to the
 * last row in sight, with the items of the rows offered before (their
 * records replaced). */
void                       cutout_history_model_refresh    (CutoutHistoryModel        *self);
/* The positions that the list shows (@n = 0: the first 30, as at the
 * start): at the next refresh, their rows show the new records at
 * once, the others in the frames after (the items of the rows offered
 * before are reused, and telling them costs their rows a new layout). */
void                       cutout_history_model_set_rows_in_sight (CutoutHistoryModel *self,
                                                                   guint               first,
                                                                   guint               n);
/* Tells a few dozen rows more (reused items, out of sight) that their
 * record changed, while some wait for it; otherwise offers more rows: a
 * few dozen at a time up to 200, then (counting the rows of the filter
 * first if needed) all of them. Returns FALSE when everything is done. */
gboolean                   cutout_history_model_reveal_more (CutoutHistoryModel       *self);
/* Whether every row is counted and offered, and every item told of its
 * record. */
gboolean                   cutout_history_model_is_complete (CutoutHistoryModel       *self);
/* The rows of the filter (hidden ones left out), or -1 while not counted. */
gint64                     cutout_history_model_get_total  (CutoutHistoryModel        *self);

/* Hides the jobs of @records (CutoutJobRecord *; their id and created_us
 * are what counts) until they are shown again, one items-changed per row. */
void                       cutout_history_model_hide       (CutoutHistoryModel        *self,
                                                            GPtrArray                 *records);
void                       cutout_history_model_unhide     (CutoutHistoryModel        *self,
                                                            const gint64              *ids,
                                                            guint                      n_ids);
/* After the hidden jobs @ids were deleted from the store: forgets them
 * (the list stays as it is). */
void                       cutout_history_model_forget     (CutoutHistoryModel        *self,
                                                            const gint64              *ids,
                                                            guint                      n_ids);
gboolean                   cutout_history_model_is_hidden  (CutoutHistoryModel        *self,
                                                            gint64                     id);

/* How many jobs the store holds in all, hidden ones left out; -1 on error. */
gint64                     cutout_history_model_count_all  (CutoutHistoryModel        *self);

/* Why the last read failed, or NULL. */
const GError              *cutout_history_model_get_error  (CutoutHistoryModel        *self);

/* Writes every row of the current filter (hidden ones left out) as CSV
 * (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote
 * or line break quoted, quotes doubled) to @file, replacing it. The
 * columns: created (UTC, ISO 8601), input, state, error, output,
 * output_size, options, attempts, possibly_charged. The rows are read in
 * chunks from idle callbacks (the store belongs to the main thread) and
 * the file is written in a thread. */
void                       cutout_history_model_export_csv_async  (CutoutHistoryModel  *self,
                                                                   GFile               *file,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
/* Returns the number of rows written, -1 on error. */
gint64                     cutout_history_model_export_csv_finish (CutoutHistoryModel  *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

/* The CSV line (with its CRLF) of @record, and of the header. */
char                      *cutout_history_csv_header       (void) G_GNUC_WARN_UNUSED_RESULT;
char                      *cutout_history_csv_line         (const CutoutJobRecord     *record) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
