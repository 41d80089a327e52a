/* cutout-queue-private.h — what the queue's scheduler and its per-job pipeline share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-convert.h"
#include "cutout-finish.h"
#include "cutout-preflight.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

typedef struct _CutoutPipeline CutoutPipeline;

/* What the queue keeps about one job besides the CutoutJob itself
 * (attached to the job as qdata). */
typedef struct
{
  /* The queue the job is in (borrowed; NULL once removed). */
  CutoutQueue          *queue;

  /* Facts about the input file, independent of the options: filled by
   * the prepare step (cutout_queue_prepare () or the pipeline). */
  gboolean              prepared;
  gboolean              preparing;
  CutoutPreflightInfo  *info;       /* NULL when invalid or to be converted */
  GError               *invalid;    /* what preflight (and conversion) refused */
  GError               *preflight_error; /* the service's reason when converting */
  CutoutConvertReasons  convert;    /* NONE: upload the file as it is */
  char                 *hash;       /* SHA-256 hex of the input's bytes */
  goffset               size;
  guint64               mtime;

  /* The duplicate check against the store, cached per options text. */
  char                 *dup_options;
  gboolean              dup_found;

  /* Counted transient failures (for max-attempts and the backoff) and
   * automatic resends of a possibly-charged request. */
  guint                 tries;
  guint                 charged_retries;
  guint                 retry_source;
  /* {n} of the naming template. */
  guint                 number;
  /* The duplicate key (hash + options) it runs under, while in flight. */
  char                 *running_key;
  gboolean              user_cancelled;
  CutoutPipeline       *pipeline;   /* non-NULL while in flight */
  char                 *batch_id;
  int                   http_status; /* of the last answer, 0 = none */
  /* The background write (cutout-queue-store-write.c) that is storing
   * the job (borrowed, only compared): until it is stored the job is not
   * started, and changes to it are written once it is (store_dirty). */
  gpointer              storing;
  gboolean              store_dirty;
} CutoutJobRun;

struct _CutoutQueue
{
  GObject                    parent_instance;

  /* Owned */
  CutoutClient              *client;
  CutoutStore               *store;
  GNetworkMonitor           *monitor;
  gulong                     monitor_handler;
  GCancellable              *reach_cancellable;
  GPtrArray                 *jobs;
  CutoutOptions             *options;
  GFile                     *output_folder;
  char                      *name_template;
  CutoutCollisionPolicy      collision;
  gboolean                   trim;
  int                        trim_margin;
  gboolean                   orient;
  gboolean                   keep_editable;
  CutoutCutoutCache         *cutout_cache;     /* NULL until set or needed */
  CutoutOutputReservations  *reservations;
  char                      *convert_dir;
  char                      *batch_id;

  /* Settings */
  guint                      max_in_flight;
  guint                      max_attempts;
  gboolean                   retry_possibly_charged;
  double                     watchdog_seconds;
  gboolean                   allow_convert;
  guint                      backoff_base_ms;
  guint                      backoff_cap_ms;

  /* Scheduler */
  gboolean                   started;
  gboolean                   paused;
  gboolean                   finished;
  gboolean                   offline;
  GError                    *stop_error;
  GError                    *wait_error;
  gint64                     wait_until_mono;  /* 0 = no timed wait */
  gint64                     wait_until_real;  /* the same as unix µs */
  gint64                     waiting_until;    /* the property's value */
  guint                      wait_source;
  guint                      consecutive_waits;
  CutoutQueueState           state;
  guint                      n_in_flight;
  gboolean                   scheduling;
  GHashTable                *running_keys;     /* key → GUINT count */
  GHashTable                *done_outputs;     /* key → GFile of a result */

  /* Counts */
  guint                      counts[CUTOUT_JOB_STATE_CANCELLED + 1];
  guint                      forecast;
  guint                      forecast_unchecked;
  guint                      forecast_idle;

  /* Prepare pass */
  GQueue                     prepare_queue;    /* CutoutJob *, strong */
  guint                      n_preparing;
  gboolean                   preparing;
  guint                      next_number;

  /* Credits */
  gint64                     credits_remaining;
  gint64                     low_credit_threshold;
  gboolean                   low_credit_paused;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_NETWORK_MONITOR,
  PROP_OPTIONS,
  PROP_OUTPUT_FOLDER,
  PROP_NAME_TEMPLATE,
  PROP_COLLISION_POLICY,
  PROP_TRIM,
  PROP_TRIM_MARGIN,
  PROP_ORIENT,
  PROP_MAX_IN_FLIGHT,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_POSSIBLY_CHARGED,
  PROP_WATCHDOG_SECONDS,
  PROP_ALLOW_CONVERT,
  PROP_BACKOFF_BASE_MS,
  PROP_BACKOFF_CAP_MS,
  PROP_LOW_CREDIT_THRESHOLD,
  PROP_KEEP_EDITABLE,
  PROP_CUTOUT_CACHE,
  PROP_STATE,
  PROP_WAITING_UNTIL,
  PROP_STOP_ERROR,
  PROP_WAIT_ERROR,
  PROP_LOW_CREDIT_PAUSED,
  PROP_N_QUEUED,
  PROP_N_ACTIVE,
  PROP_N_DONE,
  PROP_N_FAILED,
  PROP_N_CANCELLED,
  PROP_FORECAST,
  PROP_FORECAST_UNCHECKED,
  PROP_CREDITS_REMAINING,
  PROP_PREPARING,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

extern GParamSpec *cutout_queue_properties[N_PROPS];
extern guint cutout_queue_signals[N_SIGNALS];

/* cutout-queue-schedule.c */
guint         cutout_queue_count_queued         (CutoutQueue    *self);
guint         cutout_queue_count_active         (CutoutQueue    *self);
void          cutout_queue_count_job            (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 int             delta);
void          cutout_queue_update_state         (CutoutQueue    *self);
void          cutout_queue_set_stop_error       (CutoutQueue    *self,
                                                 const GError   *error);
void          cutout_queue_set_wait_error       (CutoutQueue    *self,
                                                 const GError   *error);
void          cutout_queue_set_low_credit_paused (CutoutQueue   *self,
                                                  gboolean       paused);
void          cutout_queue_forget_options_text  (CutoutQueue    *self);
CutoutJobRun *cutout_queue_get_run              (CutoutJob      *job);
void          cutout_queue_set_job_state        (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 CutoutJobState  state);
/* cutout-queue-store.c */
void          cutout_queue_warn_store           (const char     *what,
                                                 const GError   *error);
/* The store's record of @job; @batch_text (nullable) is the batch's
 * options as text, given to spare computing it for every job. */
CutoutJobRecord *cutout_queue_record_from_job   (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 const char     *batch_text);
/* cutout-queue-store-write.c: new jobs written to the store in a thread */
/* Whether a background write is running or waiting. */
gboolean      cutout_queue_writer_busy          (CutoutQueue    *self);
/* Writes the records of @jobs (new jobs of the queue, in order) after
 * any write still running, and gives each job its id once stored; @task
 * (nullable) returns when they are. FALSE (and nothing is done) when the
 * store cannot be opened a second time (":memory:"). */
gboolean      cutout_queue_write_in_background  (CutoutQueue    *self,
                                                 GPtrArray      *jobs,
                                                 GPtrArray      *records,
                                                 GTask          *task);
void          cutout_queue_store_job            (CutoutQueue    *self,
                                                 CutoutJob      *job);
/* Just before a result is committed (renamed) to @target: see
 * cutout_store_set_job_output(). */
void          cutout_queue_store_intent         (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 GFile          *target,
                                                 goffset         size);
void          cutout_queue_record_attempt       (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 guint           number,
                                                 gint64          started_us,
                                                 gint64          finished_us,
                                                 guint           http_status,
                                                 const GError   *error,
                                                 gboolean        possibly_charged);
char         *cutout_queue_make_key             (const char     *hash,
                                                 const char     *options_text);
void          cutout_queue_stop                 (CutoutQueue    *self,
                                                 const GError   *error);
/* Waits @delay_ms (the whole queue) before anything new starts. */
void          cutout_queue_wait                 (CutoutQueue    *self,
                                                 gint64          delay_ms,
                                                 const GError   *error);
/* Full jitter: a random delay in [0, min (cap, base × 2^(n − 1))]. */
gint64        cutout_queue_backoff_ms           (CutoutQueue    *self,
                                                 guint           n);
void          cutout_queue_charged              (CutoutQueue    *self);
void          cutout_queue_schedule             (CutoutQueue    *self);
void          cutout_queue_queue_forecast       (CutoutQueue    *self);
gboolean      cutout_queue_is_offline           (CutoutQueue    *self);
/* The pipeline ended (in any way): the job is in its new state. */
void          cutout_queue_pipeline_ended       (CutoutQueue    *self,
                                                 CutoutJob      *job);
void          cutout_queue_reset_waits          (CutoutQueue    *self);
/* What becomes of @job after its pipeline failed with @error, once its
 * files are gone: queued again (cancelled by a quit; a wait or stop of
 * the whole queue), waiting to retry, cancelled or failed. @connected:
 * the request reached the service. */
void          cutout_queue_job_failed           (CutoutQueue    *self,
                                                 CutoutJob      *job,
                                                 const GError   *error,
                                                 gboolean        possibly_charged,
                                                 gboolean        connected);

/* The duplicate key's options text in keep-editable mode: the cut-out
 * depends on the input's bytes only. */
#define CUTOUT_QUEUE_EDITABLE_KEY "editable"

/* Local rendering of an editable job (see cutout_queue_post_async ()). */
typedef struct
{
  CutoutCutoutCache   *cache;
  const char          *hash;
  const CutoutOptions *options;  /* what the output must look like */
  gboolean             store;    /* the file is the downloaded cut-out: cache it first */
} CutoutQueueEditable;

/* cutout-queue-io.c: blocking work in threads */
/* CUTOUT_QUEUE_ERROR_NOT_CACHED for @original's cut-out. */
GError       *cutout_queue_not_cached_error     (GFile                      *original);
/* Writes @cutout rendered with @options (cutout_render_pixbuf ()), turned
 * upright and trimmed as @finish says, to @path in the options' format:
 * the service's steps followed by the local finish, in that order.
 * Blocking. */
gboolean      cutout_queue_render_editable      (GFile                      *original,
                                                 GdkPixbuf                  *cutout,
                                                 const CutoutOptions        *options,
                                                 const CutoutFinishSettings *finish,
                                                 const char                 *path,
                                                 int                        *width_out,
                                                 int                        *height_out,
                                                 GCancellable               *cancellable,
                                                 GError                    **error);
void          cutout_queue_prepare_job_async    (CutoutQueue        *self,
                                                 CutoutJob          *job,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean      cutout_queue_prepare_job_finish   (CutoutQueue        *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
void          cutout_queue_convert_async        (GFile              *input,
                                                 GFile              *folder,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean      cutout_queue_convert_finish       (GAsyncResult         *result,
                                                 CutoutConvertResult **converted_out,
                                                 CutoutPreflightInfo **info_out,
                                                 GError              **error);
/* Trim/orient (when chosen) the result in @file in place, and read its
 * size ({w}/{h} when @need_size) and bytes. With @editable (nullable),
 * @file is first made from the cut-out (cached first when editable->store,
 * else read from the cache; CUTOUT_QUEUE_ERROR_NOT_CACHED when it is
 * gone) rendered with editable->options. */
void          cutout_queue_post_async           (GFile                      *original,
                                                 GFile                      *file,
                                                 const CutoutFinishSettings *finish,
                                                 const CutoutQueueEditable  *editable,
                                                 gboolean                    need_size,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
gboolean      cutout_queue_post_finish          (GAsyncResult  *result,
                                                 int           *width_out,
                                                 int           *height_out,
                                                 goffset       *size_out,
                                                 GError       **error);
void          cutout_queue_copy_async           (GFile              *source,
                                                 GFile              *destination,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean      cutout_queue_copy_finish          (GAsyncResult  *result,
                                                 GError       **error);
/* Blocking (two stat()s). */
gboolean      cutout_queue_is_same_file         (GFile         *a,
                                                 GFile         *b);
/* TRUE when @candidate already is, or holds the same bytes as, @source. */
void          cutout_queue_same_result_async    (GFile              *candidate,
                                                 GFile              *source,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean      cutout_queue_same_result_finish   (GAsyncResult  *result,
                                                 GError       **error);

/* cutout-queue-job.c */
void          cutout_queue_run_job              (CutoutQueue    *self,
                                                 CutoutJob      *job);
void          cutout_queue_cancel_pipeline      (CutoutPipeline *pipeline);

G_END_DECLS
