/* cutout-queue.h — the batch scheduler: a list model of jobs and the engine that runs them
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-client.h"
#include "cutout-cutout-cache.h"
#include "cutout-job.h"
#include "cutout-options.h"
#include "cutout-output.h"
#include "cutout-store.h"
#include "cutout-usage.h"

G_BEGIN_DECLS

#define CUTOUT_QUEUE_ERROR (cutout_queue_error_quark ())

typedef enum
{
  /* The answer to a request was lost after its body had been sent, so
   * the service may have charged a credit; it is not sent again by
   * itself (again, when it already was once, or never when
   * retry-possibly-charged is FALSE). */
  CUTOUT_QUEUE_ERROR_POSSIBLY_CHARGED,
  /* cutout_queue_remove() on a job whose request is running. */
  CUTOUT_QUEUE_ERROR_BUSY,
  /* The job's options or the output settings cannot work. */
  CUTOUT_QUEUE_ERROR_INVALID,
  /* cutout_queue_rerender (): the job's cut-out is no longer in the
   * cut-out cache (evicted or cleared, or the job was not made with
   * keep-editable); changing its options means a new request (a credit). */
  CUTOUT_QUEUE_ERROR_NOT_CACHED,
} CutoutQueueError;

GQuark cutout_queue_error_quark (void);

typedef enum
{
  CUTOUT_QUEUE_STATE_IDLE,     /* not started (or a new batch waiting for Start) */
  CUTOUT_QUEUE_STATE_RUNNING,
  CUTOUT_QUEUE_STATE_PAUSED,   /* by the user (or the low-credit threshold) */
  CUTOUT_QUEUE_STATE_WAITING,  /* rate limited, offline or the service unreachable; see waiting-until */
  CUTOUT_QUEUE_STATE_STOPPED,  /* a final error (see stop-error); Resume or Start clears it */
  CUTOUT_QUEUE_STATE_FINISHED, /* a started batch has nothing left to do */
} CutoutQueueState;

#define CUTOUT_TYPE_QUEUE_STATE (cutout_queue_state_get_type ())
GType       cutout_queue_state_get_type  (void) G_GNUC_CONST;
/* "idle", "running", "paused", "waiting", "stopped", "finished" */
const char *cutout_queue_state_to_string (CutoutQueueState state);

#define CUTOUT_TYPE_QUEUE (cutout_queue_get_type ())
G_DECLARE_FINAL_TYPE (CutoutQueue, cutout_queue, CUTOUT, QUEUE, GObject)

/* A GListModel of CutoutJob, in the order they were added, and the
 * scheduler that runs them: at most max-in-flight requests at once, each
 * job a chain of async steps (preflight and local conversion, SHA-256,
 * duplicate check, target name, temp file, request, finish, commit).
 *
 * Properties:
 *  - client (CutoutClient, construct-only, required), store (CutoutStore,
 *    construct-only, nullable: no history, no restore), network-monitor
 *    (GNetworkMonitor, construct-only, default g_network_monitor_get_default ());
 *  - options (CutoutOptions: the batch's, a job's override wins),
 *    output-folder (GFile, NULL = beside each original), name-template,
 *    collision-policy (a CutoutCollisionPolicy as uint), trim,
 *    trim-margin, orient: apply to jobs started afterwards;
 *  - max-in-flight (3), max-attempts (5), retry-possibly-charged (TRUE),
 *    watchdog-seconds (60.0; 0 = off), allow-convert (TRUE),
 *    backoff-base-ms (1000), backoff-cap-ms (60000),
 *    low-credit-threshold (0 = off);
 *  - keep-editable (FALSE): see "Editable cut-outs" below; cutout-cache
 *    (CutoutCutoutCache, NULL until set or first needed, then one on the
 *    default folder);
 *  - read-only: state, waiting-until (unix µs, 0 = unknown), stop-error,
 *    wait-error (GError), low-credit-paused, n-queued (queued + waiting
 *    to retry), n-active, n-done, n-failed, n-cancelled, forecast,
 *    forecast-unchecked, credits-remaining (-1 = unknown), preparing.
 * Every property notifies only when its value changes.
 *
 * Signal "finished": a started batch has nothing left to do (every job
 * done, failed or cancelled, nothing in flight). */

CutoutQueue      *cutout_queue_new                (CutoutClient     *client,
                                                   CutoutStore      *store) G_GNUC_WARN_UNUSED_RESULT;

CutoutClient     *cutout_queue_get_client         (CutoutQueue      *self);
CutoutStore      *cutout_queue_get_store          (CutoutQueue      *self);

/* Adds one job per file (in order) below @source_root (the folder they
 * were found in, whose structure is kept below the output folder; NULL
 * when the files were picked one by one). The jobs are stored in one
 * transaction and appended to the live queue (see the _async variant
 * below for the case of a background write running). Allowed at any
 * time; while a batch runs they join it. */
void              cutout_queue_add_files          (CutoutQueue      *self,
                                                   GList            *files,
                                                   GFile            *source_root);
/* The same for a UI, where 10,000 dropped files must not freeze the
 * window: the jobs join the model at once (one items-changed, the counts
 * notified once), and when there are many (64 or more) they are written
 * to the store in a thread, on a connection of its own to the same
 * database, a few hundred per transaction. A job is not started before
 * it is stored (it gets its id then), so the crash and resume guarantees
 * hold; a job changed or removed meanwhile is saved or dequeued once
 * stored. @callback (nullable) is called when all of them are stored:
 * _finish returns FALSE with the store's error when the write failed,
 * which is also warned about as with cutout_queue_add_files (); the jobs
 * stay in the queue and run without history then. Without a callback
 * nothing holds the queue, which may be finalized while the write runs:
 * the write still ends, so that the live queue is complete in the store.
 * While a background write runs, later adds (cutout_queue_add_files ()
 * and cutout_queue_append_job () too) are written after it, so that the
 * live queue keeps the order; without one the synchronous calls stay
 * synchronous (as the command line needs). A store at ":memory:" cannot
 * be shared with a thread: it is written at once. */
void              cutout_queue_add_files_async    (CutoutQueue         *self,
                                                   GList               *files,
                                                   GFile               *source_root,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean          cutout_queue_add_files_finish   (CutoutQueue         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Whether jobs are waiting for their history rows (a background write
 * is running or waiting). */
gboolean          cutout_queue_is_storing         (CutoutQueue      *self);
/* Blocks until every background write has ended, running the thread's
 * default main context meanwhile: for quitting, so that no added job is
 * missing from the store at the next start. */
void              cutout_queue_flush_store        (CutoutQueue      *self);
/* Adds a job made by the caller (e.g. re-queued from History with its own
 * options override). It must be queued and not stored yet (id 0). */
void              cutout_queue_append_job         (CutoutQueue      *self,
                                                   CutoutJob        *job);

/* Loads the store's live queue (after cutout_store_restore_queue ():
 * interrupted jobs come back queued, or done when their result had been
 * committed before the crash; done ones keep their result). Each job
 * keeps the folder it was found in, and the options it was queued with:
 * when they are not what the batch's options (as set now) would send, it
 * gets them back as its own override; options that can no longer be read
 * make a job that is still to do fail with CUTOUT_QUEUE_ERROR_INVALID
 * rather than be sent with others. Call once, on an empty queue, after
 * setting the batch's options; it does not start anything. */
gboolean          cutout_queue_restore            (CutoutQueue      *self,
                                                   GError          **error);

void              cutout_queue_start              (CutoutQueue      *self);
/* Requests in flight finish; nothing new starts. */
void              cutout_queue_pause              (CutoutQueue      *self);
/* Also clears a stop error and the low-credit pause. */
void              cutout_queue_resume             (CutoutQueue      *self);

/* For quitting: nothing new starts, requests in flight are cancelled
 * and their jobs (and those waiting to retry) stay queued, in the store
 * too, for cutout_queue_restore () at the next start. No "finished". */
void              cutout_queue_shutdown           (CutoutQueue      *self);

/* A job in flight is cancelled (its temp file removed); a queued one
 * becomes cancelled at once. Final jobs are left as they are. */
void              cutout_queue_cancel             (CutoutQueue      *self,
                                                   CutoutJob        *job);
void              cutout_queue_cancel_all         (CutoutQueue      *self);
/* A failed or cancelled job goes back to the queue with fresh attempt
 * counters (the user asked, so a possibly-charged one may be sent again). */
gboolean          cutout_queue_retry              (CutoutQueue      *self,
                                                   CutoutJob        *job);
guint             cutout_queue_retry_failed       (CutoutQueue      *self);
/* Removes a job that is not in flight (cancel it first:
 * CUTOUT_QUEUE_ERROR_BUSY); it also leaves the live queue (its history
 * stays). */
gboolean          cutout_queue_remove             (CutoutQueue      *self,
                                                   CutoutJob        *job,
                                                   GError          **error);
/* Removes every done, failed and cancelled job. Returns how many. */
guint             cutout_queue_clear_finished     (CutoutQueue      *self);

CutoutQueueState  cutout_queue_get_state          (CutoutQueue      *self);
/* Why the queue stopped (a CUTOUT_API_ERROR whose code says what the
 * user must do: fix the key, verify the email, sign up, buy credits). */
const GError     *cutout_queue_get_stop_error     (CutoutQueue      *self);
/* Why it waits (the 429 or network error), NULL when offline or not waiting. */
const GError     *cutout_queue_get_wait_error     (CutoutQueue      *self);
gint64            cutout_queue_get_waiting_until  (CutoutQueue      *self);
/* How many jobs are in @state now. */
guint             cutout_queue_count_state        (CutoutQueue      *self,
                                                   CutoutJobState    state);

/* The options a job is sent with: its override or the batch's. */
const CutoutOptions *cutout_queue_get_options     (CutoutQueue      *self);
void              cutout_queue_set_options        (CutoutQueue      *self,
                                                   const CutoutOptions *options);
const CutoutOptions *cutout_queue_get_effective_options (CutoutQueue *self,
                                                         CutoutJob   *job);

void              cutout_queue_set_output_folder  (CutoutQueue      *self,
                                                   GFile            *folder);
GFile            *cutout_queue_get_output_folder  (CutoutQueue      *self);
/* FALSE (and nothing changes) when the template is invalid. */
gboolean          cutout_queue_set_name_template  (CutoutQueue      *self,
                                                   const char       *template_text,
                                                   GError          **error);
const char       *cutout_queue_get_name_template  (CutoutQueue      *self);
void              cutout_queue_set_collision_policy (CutoutQueue    *self,
                                                     CutoutCollisionPolicy policy);

/* Credits. The forecast is what the unfinished jobs will use: one per
 * job that passed preflight, is not a duplicate (of another job of the
 * queue, of a result of this queue, or of one in the store) and is not
 * done; a job not checked yet counts as one, and @n_unchecked_out says
 * how many those are. */
guint             cutout_queue_forecast           (CutoutQueue      *self,
                                                   guint            *n_unchecked_out);
/* Preflights and hashes the unchecked unfinished jobs in the background,
 * two at a time, so that the forecast becomes exact before Start;
 * invalid files become failed at once with the service's own wording.
 * "preparing" is TRUE meanwhile. */
void              cutout_queue_prepare            (CutoutQueue      *self);
/* Whether @membership's total available credits cover the forecast;
 * @shortfall_out (nullable) gets how many are missing (0 when covered). */
gboolean          cutout_queue_forecast_is_covered (CutoutQueue     *self,
                                                    CutoutMembership *membership,
                                                    gint64           *shortfall_out);
/* The account's figures for the low-credit threshold: remaining credits
 * start at its total available and go down with every charged result.
 * NULL forgets them. */
void              cutout_queue_set_membership     (CutoutQueue      *self,
                                                   CutoutMembership *membership);
gint64            cutout_queue_get_credits_remaining (CutoutQueue   *self);

/* Editable cut-outs. With keep-editable on, a job asks the service only
 * for the full-size transparent cut-out (format=png and no other field),
 * keeps it in the cut-out cache under the input's SHA-256, and makes its
 * output locally with cutout_render_pixbuf () (resize, rotation, bg_color
 * or mask), then trim/orient (cutout-finish), saved in the options'
 * format: PNG, WebP (quality 100), JPEG (95) or BMP. A job whose cut-out
 * is cached already sends no request at all, whatever its options; this
 * is also the duplicate check in this mode (by the hash only; earlier
 * results on disk are not looked for). With keep-editable off every
 * option is sent to the service, as always. */

/* The cache the queue uses (created on the default folder if none was
 * set). */
CutoutCutoutCache *cutout_queue_get_cutout_cache  (CutoutQueue      *self);

/* Renders the done @job again with @options from its cached cut-out, with
 * the queue's current output folder, name template, collision policy and
 * trim/orient, into a new file written atomically; no request is made.
 * The job then has the new file as its output and @options as its
 * override (stored too). The earlier output is left as it is, except with
 * CUTOUT_COLLISION_OVERWRITE when the new name is the same: it is then
 * replaced. Fails with CUTOUT_QUEUE_ERROR_NOT_CACHED when the cut-out is
 * not (any longer) in the cache, CUTOUT_QUEUE_ERROR_INVALID when @job is
 * not done, or the options' validation error. Blocking: call it from the
 * main thread for a small image, otherwise use the _async variant (which
 * renders in a thread and updates the job in _finish, on the main
 * thread). Returns the new output. */
GFile            *cutout_queue_rerender           (CutoutQueue         *self,
                                                   CutoutJob           *job,
                                                   const CutoutOptions *options,
                                                   GCancellable        *cancellable,
                                                   GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void              cutout_queue_rerender_async     (CutoutQueue         *self,
                                                   CutoutJob           *job,
                                                   const CutoutOptions *options,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GFile            *cutout_queue_rerender_finish    (CutoutQueue         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
