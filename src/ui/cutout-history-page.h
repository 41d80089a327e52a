/* cutout-history-page.h — the History page: past jobs, searched, filtered and re-queued
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_HISTORY_PAGE (cutout_history_page_get_type ())
G_DECLARE_FINAL_TYPE (CutoutHistoryPage, cutout_history_page, CUTOUT, HISTORY_PAGE, AdwBin)

/* Every job of the context's store, newest first, in a list that reads
 * the store page by page; searched by file name, filtered by outcome and
 * date. Property "context" (CutoutContext, construct-only, required).
 *
 * Actions (group "history", on the selected rows): open-result,
 * show-in-folder, copy-result, requeue-same (a new job with the record's
 * options as its override), requeue-current (the queue's options),
 * remove (hidden at once, deleted from the store when the undo toast
 * goes), export (CSV of the filtered rows, through a file chooser),
 * focus-search. Shortcuts: Ctrl+F, Delete, Ctrl+C, Ctrl+E.
 *
 * The list follows the store by itself when the context's queue finishes
 * jobs (while the page is shown; otherwise when it is next shown). */
GtkWidget *cutout_history_page_new                (CutoutContext       *context);

/* Reads the history again (after something else changed the store). */
void       cutout_history_page_refresh            (CutoutHistoryPage   *self);

/* What the export action writes, without the file chooser: the rows of
 * the current search and filters (see cutout_history_model_export_csv_async ()). */
void       cutout_history_page_export_csv_async   (CutoutHistoryPage   *self,
                                                   GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The number of rows written, -1 on error. */
gint64     cutout_history_page_export_csv_finish  (CutoutHistoryPage   *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
