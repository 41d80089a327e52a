/* cutout-context-private.h — what the context's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-context.h"

G_BEGIN_DECLS

struct _CutoutContext
{
  GObject           parent_instance;

  /* Owned */
  GSettings        *settings;
  CutoutClient     *client;
  CutoutStore      *store;
  GError           *store_error;
  CutoutQueue      *queue;
  CutoutKeySource   key_source;
  CutoutMembership *membership;
  GListStore       *cycles;
  GError           *usage_error;
  gint64            usage_updated;
  gint64            refresh_time;   /* when the running refresh started */
  guint             usage_pending;
  GCancellable     *cancellable;

  /* The last calendar month loaded with load_month (or from the store). */
  CutoutMembership *month;
  int               month_year;
  int               month_month;
  gint64            month_fetched;  /* unix µs */
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CLIENT,
  PROP_STORE,
  PROP_QUEUE,
  PROP_KEY_SOURCE,
  PROP_MEMBERSHIP,
  PROP_CYCLES,
  PROP_USAGE_ERROR,
  PROP_USAGE_UPDATED,
  PROP_USAGE_LOADING,
  N_PROPS
};

/* cutout-context.c */
void      cutout_context_notify            (CutoutContext    *self,
                                            guint             prop_id);

/* cutout-context-usage.c */
void      cutout_context_set_usage_error   (CutoutContext    *self,
                                            const GError     *error);
void      cutout_context_set_membership    (CutoutContext    *self,
                                            CutoutMembership *membership);
/* The figures of the last refresh and the last viewed month, from the
 * store, so the page works offline. */
void      cutout_context_load_stored_usage (CutoutContext    *self);

G_END_DECLS
