/* test-client-util.h — the fixture and remove-background call shared by the client tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-api-error.h"
#include "cutout-client.h"
#include "cutout-fake-server.h"
#include "cutout-test-util.h"

/* A fake server and a client that talks to it with the valid key. */
typedef struct
{
  char             *dir;
  CutoutFakeServer *server;
  CutoutClient     *client;
  guint             n_outputs;
} Fixture;

/* Registers a test on a fresh fixture at /client/@path. */
#define CLIENT_ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

void fixture_set_up    (Fixture       *fixture,
                        gconstpointer  data);
void fixture_tear_down (Fixture       *fixture,
                        gconstpointer  data);

typedef struct
{
  CutoutTransferPhase phase;
  goffset             done;
  goffset             total;
} ProgressEvent;

/* One remove-background call: set cancellable or cancel_during_upload
 * before run_remove() if wanted; the rest is filled in. */
typedef struct
{
  gboolean            finished;
  CutoutRemoveResult *result;
  GError             *error;
  GArray             *events;
  GCancellable       *cancellable;
  gboolean            cancel_during_upload;
  char               *destination;
  gboolean            destination_existed_during_download;
  /* Where the destination goes (NULL = the fixture's folder). */
  const char         *destination_folder;
  /* Cancels once the first piece of the answer has been written. */
  gboolean            cancel_during_download;
  /* The progress data's destroy notify ran (always on the caller's
   * thread, as the progress and the callback: asserted). */
  gboolean            progress_destroyed;
  GThread            *caller;
} Call;

void call_clear (Call *call);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Call, call_clear)

/* Sends @path (with @info, or with what preflight says; @options NULL =
 * the defaults) to a new destination in the fixture's folder and waits. */
void               run_remove    (Fixture                   *fixture,
                                  const char                *path,
                                  const CutoutPreflightInfo *info,
                                  const CutoutOptions       *options,
                                  Call                      *call);
/* The last request the fixture's fake server saw. */
CutoutFakeRequest *last_request  (Fixture                   *fixture);
/* The call failed with @code and @status (and @message unless NULL), and
 * left no file behind. */
void               assert_failed (Fixture                   *fixture,
                                  Call                      *call,
                                  CutoutApiError             code,
                                  guint                      status,
                                  const char                *message);

/* Each file of tests registers its own. */
void client_add_raw_tests   (void);
void client_add_usage_tests (void);
