/* test-queue-page-util.h — the Queue page tests' fixture and helpers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-api-error.h"
#include "cutout-context.h"
#include "cutout-fake-server.h"
#include "cutout-queue-page.h"
#include "cutout-queue-row.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

G_BEGIN_DECLS

/* A Queue page in a window with a toast overlay, on a context that talks
 * to an in-process fake server with the key given as test data. */
typedef struct
{
  CutoutFakeServer *server;
  GSettings        *settings;
  char             *dir;
  char             *store_path;
  CutoutContext    *context;
  CutoutQueue      *queue;
  GtkWidget        *window;
  CutoutQueuePage  *page;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

/* Widgets */
GtkWidget  *find_by_name         (GtkWidget     *root,
                                  const char    *name);
GtkWidget  *get_by_name          (GtkWidget     *root,
                                  const char    *name);
GtkWidget  *find_label_with_text (GtkWidget     *root,
                                  const char    *text);
/* Adds every row bound to a job below @root to @rows. */
void        collect_rows         (GtkWidget     *root,
                                  GPtrArray     *rows);
/* The bound row showing the file called @name, or NULL. */
GtkWidget  *find_row             (Fixture       *fixture,
                                  const char    *name);
gboolean    row_shows            (GtkWidget     *row,
                                  const char    *name);
const char *row_label            (GtkWidget     *row,
                                  const char    *name);
GListModel *list_model           (Fixture       *fixture);

/* Waiting */
void        wait_until           (Fixture       *fixture,
                                  Condition      condition,
                                  gconstpointer  data,
                                  guint          timeout_ms,
                                  const char    *what);
gboolean    has_n_items          (Fixture       *fixture,
                                  gconstpointer  data);
gboolean    has_label            (Fixture       *fixture,
                                  gconstpointer  data);
gboolean    queue_in_state       (Fixture       *fixture,
                                  gconstpointer  data);
gboolean    queue_not_preparing  (Fixture       *fixture,
                                  gconstpointer  data);
gboolean    job_downloading      (Fixture       *fixture,
                                  gconstpointer  data);
gboolean    thumbnail_loaded     (Fixture       *fixture,
                                  gconstpointer  data);

/* Fixture */
void        fixture_set_up       (Fixture       *fixture,
                                  gconstpointer  data);
void        fixture_tear_down    (Fixture       *fixture,
                                  gconstpointer  data);
/* Adds images that exist in @fixture->dir and waits for their rows. */
void        add_images           (Fixture            *fixture,
                                  const char * const *names,
                                  guint               expected_items);

/* test-queue-page-watch.c: the watched folder, error details and the
 * per-image override marker. */
void        add_watch_tests      (void);

G_END_DECLS
