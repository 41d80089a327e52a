/* test-store-util.h — the fixture and helpers shared by the store tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cutout-store.h"
#include "cutout-test-util.h"

#define HASH_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define HASH_B "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

/* A temporary folder and the path of a database in it; the store is
 * opened there unless the test's data is non-NULL. */
typedef struct
{
  char        *dir;
  char        *path;
  CutoutStore *store;
} Fixture;

/* Registers a test at /store/@name, with the store opened or not. */
#define STORE_ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define STORE_ADD_UNOPENED(name, func) \
  g_test_add ("/store/" name, Fixture, GINT_TO_POINTER (1), fixture_setup, func, fixture_teardown)

void             fixture_setup    (Fixture        *f,
                                   gconstpointer   data);
void             fixture_teardown (Fixture        *f,
                                   gconstpointer   data);

/* A new record of @path in @state with the options "format=webp". */
CutoutJobRecord *make_record      (const char     *path,
                                   CutoutJobState  state);
/* The ids of the live queue, in order. */
GArray          *queue_ids        (CutoutStore    *store);
void             assert_queue     (CutoutStore    *store,
                                   const gint64   *expected,
                                   guint           n_expected);

/* Plain SQLite, beside the store: what is really in the file. Any
 * failure ends the test. */
sqlite3         *raw_open         (const char     *path);
void             raw_exec         (sqlite3        *db,
                                   const char     *sql);
sqlite3_stmt    *raw_prepare      (sqlite3        *db,
                                   const char     *sql);
/* The first column of the first row of @sql. */
gint64           raw_int          (sqlite3        *db,
                                   const char     *sql);
char            *raw_text         (sqlite3        *db,
                                   const char     *sql);
GBytes          *read_bytes       (const char     *path);

/* Each file of tests registers its own. */
void store_add_queue_tests   (void);
void store_add_history_tests (void);
