/* cutout-history-page-private.h — what the History page's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-history-model.h"
#include "cutout-history-page.h"

G_BEGIN_DECLS

typedef enum
{
  RANGE_ALL,
  RANGE_TODAY,
  RANGE_WEEK,
  RANGE_PERIOD,
  RANGE_CUSTOM,
} DateRange;

/* Rows hidden by a removal until its undo toast goes. */
typedef struct
{
  CutoutHistoryPage *page;     /* unowned: the page finishes every removal in dispose */
  AdwToast          *toast;    /* unowned */
  GArray            *ids;      /* gint64 */
  gboolean           undone;
} Removal;

struct _CutoutHistoryPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkButton           *export_button;
  GtkDropDown         *outcome_dropdown;
  GtkMenuButton       *date_button;
  GtkLabel            *date_label;
  GtkPopover          *date_popover;
  GtkStack            *date_stack;
  GtkCheckButton      *range_all;
  GtkCheckButton      *range_today;
  GtkCheckButton      *range_week;
  GtkCheckButton      *range_period;
  GtkCheckButton      *range_custom;
  GtkToggleButton     *start_toggle;
  GtkToggleButton     *end_toggle;
  GtkLabel            *start_label;
  GtkLabel            *end_label;
  GtkCalendar         *calendar;
  GtkButton           *apply_button;
  GtkLabel            *count_label;
  GtkStack            *content_stack;
  GtkListView         *list_view;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *no_results_page;
  AdwStatusPage       *error_page;
  GtkActionBar        *action_bar;
  GtkLabel            *selection_label;

  /* Owned */
  CutoutContext       *context;
  CutoutHistoryModel  *model;
  GtkMultiSelection   *selection;
  GHashTable          *thumbnails;    /* output path → GdkTexture */
  GPtrArray           *removals;      /* Removal * */
  GCancellable        *cancellable;
  GtkNativeDialog     *chooser;
  GDateTime           *custom_start;  /* local midnight of the first day */
  GDateTime           *custom_end;    /* local midnight of the last day */
  GHashTable          *described;     /* options text → its description */
  GPtrArray           *row_pool;      /* GtkWidget *: rows' widgets for new rows */
  DateRange            range;
  guint                refresh_id;
  guint                reveal_tick_id;
  gboolean             reveal_skip;   /* the next frame shows the first rows */
  gboolean             dirty;
};

/* cutout-history-page.c */
char      *cutout_history_format_count              (guint64            n) G_GNUC_WARN_UNUSED_RESULT;
void       cutout_history_page_show_toast           (CutoutHistoryPage *self,
                                                     const char        *title);
void       cutout_history_page_update_view          (CutoutHistoryPage *self);
/* Offers the model's rows to the list a few dozen per frame, once the
 * first ones are painted (call after the model was refreshed). */
void       cutout_history_page_start_reveal         (CutoutHistoryPage *self);

/* cutout-history-page-rows.c */
/* The options text in short, for a row: "PNG · 2000 px wide · white".
 * Text that cannot be read is shown as sent, unescaped. */
char                      *cutout_history_describe_options  (const char               *text) G_GNUC_WARN_UNUSED_RESULT;

/* Loads the image at @path scaled to fit @size × @size (0 = as it is),
 * in a thread. */
void                       cutout_history_load_thumbnail_async  (const char          *path,
                                                                 int                  size,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GdkTexture                *cutout_history_load_thumbnail_finish (GAsyncResult        *result,
                                                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The list's rows (thumbnails in the
 * page's cache, loaded in a thread and cancelled when a row is unbound). */
GtkListItemFactory *cutout_history_page_new_factory (CutoutHistoryPage *self) G_GNUC_WARN_UNUSED_RESULT;
/* The positions of the first and last rows that the list shows, even
 * partly, as it was laid out last, and how many rows as low as the
 * lowest of them its height holds; FALSE when it shows none. */
gboolean            cutout_history_page_get_rows_in_sight (CutoutHistoryPage *self,
                                                           guint             *first,
                                                           guint             *last,
                                                           guint             *n_fit);

/* cutout-history-page-actions.c */
void       cutout_history_page_class_init_actions   (GtkWidgetClass    *widget_class);
void       cutout_history_page_list_activate        (CutoutHistoryPage *self,
                                                     guint              position);
/* Carries out the removals still waiting for their toast. */
void       cutout_history_page_finish_removals      (CutoutHistoryPage *self);
void       cutout_history_removal_free              (Removal           *removal);

G_END_DECLS
