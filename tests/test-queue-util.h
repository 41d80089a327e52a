/* test-queue-util.h — the fixture and helpers shared by the queue tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-api-error.h"
#include "cutout-fake-server.h"
#include "cutout-queue.h"
#include "cutout-store.h"
#include "cutout-test-util.h"

/* A network monitor the test controls (available at first). */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

void          test_monitor_set_available (TestMonitor *self,
                                          gboolean     available);

/* A temporary folder with in/ (the originals) and out/ (the output
 * folder), the in-process fake server, a client with the valid key, a
 * store, the monitor and a queue on them. */
typedef struct
{
  char             *dir;
  char             *in;
  char             *out;
  CutoutFakeServer *server;
  CutoutClient     *client;
  CutoutStore      *store;
  TestMonitor      *monitor;
  CutoutQueue      *queue;
  gboolean          finished;
  guint             n_finished;
  gboolean          saw_waiting;
  gboolean          saw_stopped;
} Fixture;

/* Registers a test at /queue/@path on the fixture (@data: the test's). */
#define QUEUE_ADD(path, func) \
  g_test_add ("/queue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define QUEUE_ADD_CASE(path, func, data) \
  g_test_add ("/queue/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

/* A queue on the fixture's client, store, monitor and out/, with short
 * backoffs; "finished" and the waiting/stopped states are noted in @f. */
CutoutQueue  *fixture_new_queue          (Fixture       *f);
void          fixture_set_up             (Fixture       *f,
                                          gconstpointer  data);
void          fixture_tear_down          (Fixture       *f,
                                          gconstpointer  data);

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails after @timeout_ms. */
void          wait_until                 (Condition      condition,
                                          gpointer       data,
                                          guint          timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void          spin                       (guint          ms);
/* Waits for "finished" and forgets it. */
void          wait_finished              (Fixture       *f,
                                          guint          timeout_ms);
/* @n distinct small PNGs in in/ named @prefix + number from @first. */
GList        *make_images                (Fixture       *f,
                                          guint          n,
                                          const char    *prefix,
                                          guint          first);
void          add_images_from            (Fixture       *f,
                                          guint          n,
                                          const char    *prefix,
                                          guint          first);
void          add_images                 (Fixture       *f,
                                          guint          n,
                                          const char    *prefix);
/* The @i-th job (borrowed). */
CutoutJob    *get_job                    (CutoutQueue   *queue,
                                          guint          i);
/* @output is a real cut-out of a test image of that size. */
void          assert_cutout              (GFile         *output,
                                          int            width,
                                          int            height);
/* No partial or temporary file anywhere below @dir. */
void          assert_no_temp_files       (const char    *dir);
guint         count_files                (const char    *dir);
guint         total_possibly_charged     (CutoutQueue   *queue);
guint         total_attempts             (CutoutQueue   *queue);
/* The store's attempts of @job (CutoutAttemptRecord *). */
GPtrArray    *list_attempts              (Fixture       *f,
                                          CutoutJob     *job);
/* Sets the batch's options to format=png. */
void          use_png                    (CutoutQueue   *queue);

/* Conditions: @data is the queue, the job, the job. */
gboolean      first_done                 (gpointer       data);
gboolean      job_is_active              (gpointer       data);
gboolean      job_is_processing          (gpointer       data);

/* test-queue-faults.c registers its tests. */
void          queue_add_fault_tests      (void);
void          queue_add_drop_tests       (void);
