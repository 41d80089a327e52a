/* test-history-page.h — what the History page suites share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-store.h"
#include "cutout-test-ui.h"

G_BEGIN_DECLS

/* A context on an empty history (CutoutTestUiEnv, without a server) and
 * the History page once history_open_page() made it. */
typedef struct
{
  CutoutTestUiEnv  env;
  CutoutStore     *store;      /* the context's */
  GtkWidget       *page;
  gint64           ids[3];     /* test-history-page.c: sunset, portrait, beach */
  gint64           sunset_size;
} Fixture;

void history_fixture_setup    (Fixture       *f,
                               gconstpointer  data);
void history_fixture_teardown (Fixture       *f,
                               gconstpointer  data);
/* A History page in a window of @width × @height, shown; both are
 * checked for finalization at tear-down. */
void history_open_page        (Fixture       *f,
                               int            width,
                               int            height);

/* 2026-03-01 @hour:00 UTC, in µs. */
gint64       history_at_hour      (int            hour);
/* The page's template child @name. */
gpointer     history_child        (Fixture       *f,
                                   const char    *name);
/* The widget called @name at or below @widget, or NULL. */
GtkWidget   *history_find_named   (GtkWidget     *widget,
                                   const char    *name);
/* The file names of the rows on screen, joined with spaces. */
char        *history_shown_names  (Fixture       *f) G_GNUC_WARN_UNUSED_RESULT;
/* Types @text into the search entry and applies it at once. */
void         history_search       (Fixture       *f,
                                   const char    *text);

/* test-history-rows.c */
void history_add_row_tests    (void);
/* test-history-large.c */
void history_add_large_tests  (void);

G_END_DECLS
