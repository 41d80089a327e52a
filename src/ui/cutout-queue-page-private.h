/* cutout-queue-page-private.h — the Queue page's insides, shared by its source files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-queue-page.h"
#include "cutout-watch.h"

G_BEGIN_DECLS

struct _CutoutQueuePage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkInfoBar         *stop_bar;
  GtkLabel           *stop_title_label;
  GtkLabel           *stop_message_label;
  GtkButton          *stop_fix_button;
  GtkInfoBar         *wait_bar;
  GtkLabel           *wait_label;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *counts_label;
  GtkLabel           *time_label;
  GtkProgressBar     *overall_progress;
  GtkLabel           *forecast_label;
  GtkWidget          *key_box;
  GtkListView        *list_view;
  GtkButton          *start_button;
  GtkButton          *pause_button;
  GtkButton          *resume_button;
  GtkRevealer        *watch_revealer;
  AdwActionRow       *watch_row;
  GtkImage           *watch_icon;
  GtkSwitch          *watch_switch;

  /* Owned */
  CutoutContext      *context;
  CutoutQueue        *queue;
  GtkSliceListModel  *shown;           /* the part of the queue the list shows */
  GtkMultiSelection  *selection;       /* over shown */
  CutoutJob          *selected_job;
  GCancellable       *cancellable;
  GtkFileChooserNative *chooser;
  GHashTable         *thumbnails;      /* key → GList link in thumbnail_lru */
  GQueue              thumbnail_lru;   /* of ThumbnailEntry, most recent first */
  guint               summary_id;
  guint               state_id;
  guint               tick_id;
  guint               grow_id;         /* tick callback growing shown */
  gint64              grow_row_us;     /* what a new row costs, about */
  gint64              grow_last_us;    /* when shown last grew */
  guint               n_adding;
  gint64              rate_start_us;
  guint               rate_start_final;

  /* Owned: the watched folder (cutout-queue-page-watch.c) */
  CutoutWatch        *watch;
  GCancellable       *watch_cancellable;
  GtkFileChooserNative *watch_chooser;
  GError             *watch_error;
  char               *watch_path;
  gboolean            watch_enabled;
  guint               watch_settle_ms;
  guint               watch_updating;
};

/* cutout-queue-page-input.c: getting images in, rows and thumbnails. */
void                cutout_queue_page_init_input       (CutoutQueuePage *self);
void                cutout_queue_page_class_init_input (GtkWidgetClass  *widget_class);
GtkListItemFactory *cutout_queue_page_new_factory      (CutoutQueuePage *self);
void                cutout_queue_page_clear_thumbnails (CutoutQueuePage *self);

/* cutout-queue-page-summary.c: counts, progress, time left, credit
 * forecast, the no-key hint and the stop/wait info bars. */
guint               cutout_queue_page_count_final      (CutoutQueue     *queue);
void                cutout_queue_page_update_summary   (CutoutQueuePage *self);
void                cutout_queue_page_queue_summary_update (CutoutQueuePage *self);
void                cutout_queue_page_update_key_hint  (CutoutQueuePage *self);
void                cutout_queue_page_update_stop_bar  (CutoutQueuePage *self);
void                cutout_queue_page_update_wait_bar  (CutoutQueuePage *self);
void                cutout_queue_page_update_rate      (CutoutQueuePage *self);

/* cutout-queue-page-watch.c: the watched folder. */
void                cutout_queue_page_class_init_watch (GtkWidgetClass  *widget_class);
void                cutout_queue_page_init_watch       (CutoutQueuePage *self);
void                cutout_queue_page_dispose_watch    (CutoutQueuePage *self);

/* cutout-queue-page.c */
void                cutout_queue_page_show_toast       (CutoutQueuePage *self,
                                                        const char      *title);
void                cutout_queue_page_set_adding       (CutoutQueuePage *self,
                                                        gboolean         adding);

G_END_DECLS
