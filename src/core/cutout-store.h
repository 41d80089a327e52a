/* cutout-store.h — the SQLite store: job history, the live queue, cached usage
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-job-state.h"

G_BEGIN_DECLS

/* One SQLite database (default: $XDG_DATA_HOME/cutout/cutout.db) in WAL
 * mode with synchronous=NORMAL, foreign keys on and a 5 s busy timeout.
 * The schema is migrated by PRAGMA user_version, one transaction per
 * step; a database written by a newer Cutout is refused before anything
 * is written to it.
 *
 * All calls are synchronous. With WAL and cached prepared statements a
 * single-row write takes well under a millisecond, so a UI may call them
 * on the main thread; bulk history reads must be paged (a few hundred rows
 * at a time). The object is not thread-safe: use it from one thread.
 *
 * Writes that belong together are one transaction; the bulk calls
 * (cutout_store_insert_jobs(), cutout_store_queue_set(), …) make their own,
 * and cutout_store_begin()/commit() group several calls into one (they
 * nest: an inner begin/commit becomes a savepoint). */

#define CUTOUT_STORE_SCHEMA_VERSION 4

#define CUTOUT_STORE_ERROR (cutout_store_error_quark ())

typedef enum
{
  CUTOUT_STORE_ERROR_FAILED,          /* any other SQLite or I/O failure */
  CUTOUT_STORE_ERROR_TOO_NEW,         /* schema newer than this code knows */
  CUTOUT_STORE_ERROR_CORRUPT,         /* not a database, or damaged */
  CUTOUT_STORE_ERROR_BUSY,            /* locked by another program for > 5 s */
  CUTOUT_STORE_ERROR_NOT_FOUND,       /* no job with that id */
  CUTOUT_STORE_ERROR_CLOSED,          /* used after cutout_store_close() */
  CUTOUT_STORE_ERROR_OUTPUT_MISSING,  /* stored on jobs by cutout_store_restore_queue() */
} CutoutStoreError;

GQuark cutout_store_error_quark (void);

/* One row of the history. Strings are owned and may be NULL; times are
 * unix microseconds (g_get_real_time()), 0 = not yet. */
typedef struct
{
  gint64          id;               /* 0 = not stored yet */
  char           *input_path;
  char           *source_root;      /* the folder the file was found in (its
                                     * structure is kept below the output
                                     * folder); NULL = picked one by one */
  char           *content_hash;     /* SHA-256 hex of the input's bytes */
  gint64          input_size;
  int             width;            /* 0 = unknown */
  int             height;
  char           *options;          /* cutout_options_to_string() */
  gboolean        options_override; /* this job has its own options */
  CutoutJobState  state;
  char           *error_domain;     /* g_quark_to_string() of the GError's domain */
  int             error_code;
  char           *error_message;
  int             http_status;      /* 0 = no answer */
  char           *output_path;      /* while still uploading…downloading: the
                                     * intent, see cutout_store_set_job_output() */
  gint64          output_size;
  int             attempts;         /* requests sent */
  int             possibly_charged; /* attempts that may have cost a credit */
  gint64          created_us;       /* 0 on insert = now */
  gint64          started_us;
  gint64          finished_us;
  char           *batch_id;         /* e.g. g_uuid_string_random() per batch */
} CutoutJobRecord;

#define CUTOUT_TYPE_JOB_RECORD (cutout_job_record_get_type ())

GType            cutout_job_record_get_type (void) G_GNUC_CONST;
CutoutJobRecord *cutout_job_record_new      (void) G_GNUC_WARN_UNUSED_RESULT;
CutoutJobRecord *cutout_job_record_copy     (const CutoutJobRecord *self) G_GNUC_WARN_UNUSED_RESULT;
void             cutout_job_record_free     (CutoutJobRecord       *self);
/* Sets error_domain, error_code and error_message from @error (NULL clears them). */
void             cutout_job_record_set_error (CutoutJobRecord      *self,
                                              const GError         *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutJobRecord, cutout_job_record_free)

/* One request sent for a job. (job_id, number) is the key: recording the
 * same number again (e.g. once when it starts, once when it ends)
 * replaces it. */
typedef struct
{
  gint64    job_id;
  int       number;            /* 1, 2, … */
  gint64    started_us;
  gint64    finished_us;       /* 0 = still running */
  int       http_status;       /* 0 = no answer */
  char     *error_message;     /* NULL = succeeded (or running) */
  gboolean  possibly_charged;  /* the server may have billed it */
} CutoutAttemptRecord;

void             cutout_attempt_record_free (CutoutAttemptRecord *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutAttemptRecord, cutout_attempt_record_free)

/* What the history page asks for. Zero-initialise and set what you need. */
typedef struct
{
  guint       states;   /* CUTOUT_STORE_STATE_BIT() mask; 0 = any state */
  const char *text;     /* substring of the file's name (not its folder),
                         * case-insensitive; NULL or "" = any */
  gint64      from_us;  /* created at or after; 0 = no lower bound */
  gint64      to_us;    /* created before; 0 = no upper bound */
} CutoutHistoryFilter;

#define CUTOUT_STORE_STATE_BIT(state) (1u << (state))

/* Keyset paging: the (created_us, id) of the last row of the previous
 * page. Pages are newest first, ties broken by the higher id first. */
typedef struct
{
  gint64 created_us;
  gint64 id;
} CutoutHistoryCursor;

#define CUTOUT_TYPE_STORE (cutout_store_get_type ())
G_DECLARE_FINAL_TYPE (CutoutStore, cutout_store, CUTOUT, STORE, GObject)

/* g_get_user_data_dir()/cutout/cutout.db */
char            *cutout_store_get_default_path     (void) G_GNUC_WARN_UNUSED_RESULT;

/* Opens (creating the file and its folder if needed) and migrates the
 * database at @path, or the default path when @path is NULL. The
 * property "path" (read-only) holds the path used. */
CutoutStore     *cutout_store_new                  (const char           *path,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
const char      *cutout_store_get_path             (CutoutStore          *self);
/* Finalises the statements and closes the connection (also done when
 * the last reference goes). Later calls fail with
 * CUTOUT_STORE_ERROR_CLOSED. Closing inside an open transaction rolls it
 * back. */
void             cutout_store_close                (CutoutStore          *self);

/* Transactions (BEGIN IMMEDIATE outside, SAVEPOINT when nested). A
 * failed call inside a transaction leaves it open: roll back. */
gboolean         cutout_store_begin                (CutoutStore          *self,
                                                    GError              **error);
gboolean         cutout_store_commit               (CutoutStore          *self,
                                                    GError              **error);
void             cutout_store_rollback             (CutoutStore          *self);

/* Jobs. Insert stores every field but id (sets @record->id, and
 * created_us when it was 0) and returns the new id, 0 on error. */
gint64           cutout_store_insert_job           (CutoutStore          *self,
                                                    CutoutJobRecord      *record,
                                                    GError              **error);
/* Inserts all of @records (CutoutJobRecord *) in one transaction, setting
 * their ids; with @enqueue they are also appended to the live queue in
 * that order. Nothing is stored if one fails. */
gboolean         cutout_store_insert_jobs          (CutoutStore          *self,
                                                    GPtrArray            *records,
                                                    gboolean              enqueue,
                                                    GError              **error);
/* Overwrites every column of the job @record->id with @record's fields
 * (except created_us, which never changes). NOT_FOUND if there is none. */
gboolean         cutout_store_update_job           (CutoutStore          *self,
                                                    const CutoutJobRecord *record,
                                                    GError              **error);
/* The fast path for a transition, one UPDATE: sets the state; the first
 * time a job becomes uploading/processing/downloading it stamps
 * started_us = now; a final state (done/failed/cancelled) stamps
 * finished_us = now; queued clears finished_us. NOT_FOUND if no such job. */
gboolean         cutout_store_set_job_state        (CutoutStore          *self,
                                                    gint64                id,
                                                    CutoutJobState        state,
                                                    GError              **error);
/* The intent record that closes the window between a result's commit
 * (the atomic rename) and the write of "done": called just before the
 * rename, it sets output_path and output_size (the committed file's exact
 * size: the temp file is renamed with its bytes as they are) and leaves
 * the state as it is. cutout_store_restore_queue() then tells a result
 * that reached its place from one that did not. The write is synced to
 * disk (synchronous=FULL) when no transaction is open, so that it
 * survives a power cut as the fsync()ed rename does. NOT_FOUND if there
 * is no such job. */
gboolean         cutout_store_set_job_output       (CutoutStore          *self,
                                                    gint64                id,
                                                    const char           *output_path,
                                                    gint64                output_size,
                                                    GError              **error);
/* NULL with NOT_FOUND if there is no such job. */
CutoutJobRecord *cutout_store_get_job              (CutoutStore          *self,
                                                    gint64                id,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* Deletes the jobs (with their attempts and queue entries) in one
 * transaction; unknown ids are ignored. */
gboolean         cutout_store_delete_jobs          (CutoutStore          *self,
                                                    const gint64         *ids,
                                                    guint                 n_ids,
                                                    GError              **error);
/* Deletes the jobs created more than @days days ago (0 = all) that are
 * not in the live queue; @n_deleted_out (nullable) gets their number. */
gboolean         cutout_store_clear_history        (CutoutStore          *self,
                                                    guint                 days,
                                                    guint                *n_deleted_out,
                                                    GError              **error);

/* Attempts. Recording one also sets the job's attempts and
 * possibly_charged counters from its recorded attempts (the count of
 * them, and of those possibly charged), in the same transaction. */
gboolean         cutout_store_record_attempt       (CutoutStore          *self,
                                                    const CutoutAttemptRecord *attempt,
                                                    GError              **error);
/* CutoutAttemptRecord *, by number; empty if none. NULL only on error. */
GPtrArray       *cutout_store_list_attempts        (CutoutStore          *self,
                                                    gint64                job_id,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* The live queue: the jobs of the current batch, in order; it is what
 * survives a quit or a crash. Each call is one transaction. */
gboolean         cutout_store_queue_set            (CutoutStore          *self,
                                                    const gint64         *ids,
                                                    guint                 n_ids,
                                                    GError              **error);
/* Appends at the end; ids already queued are moved to the end. */
gboolean         cutout_store_queue_append         (CutoutStore          *self,
                                                    const gint64         *ids,
                                                    guint                 n_ids,
                                                    GError              **error);
gboolean         cutout_store_queue_remove         (CutoutStore          *self,
                                                    const gint64         *ids,
                                                    guint                 n_ids,
                                                    GError              **error);
/* The queued jobs' records (CutoutJobRecord *) in queue order. */
GPtrArray       *cutout_store_queue_load           (CutoutStore          *self,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* Call once at start-up, before cutout_store_queue_load(). In one
 * transaction:
 *  - a job left uploading, processing, downloading or waiting-retry
 *    (interrupted by a quit or crash) whose intent record (see
 *    cutout_store_set_job_output()) names a regular file (not a symlink)
 *    of exactly the recorded size, modified no earlier than 2 s before the
 *    job started, becomes done with that result: the crash came after the
 *    rename, and sending it again would cost a second credit and leave a
 *    "name (2)" copy. Its finished_us becomes now if it was 0, and any
 *    error is cleared. The residual risk: another file of exactly that
 *    size, written after the job started, took that path between the
 *    intent and the crash (with ADD_NUMBER the commit can also move to the
 *    next free name when someone took the name meanwhile; then the job is
 *    sent again);
 *  - every other interrupted job goes back to queued, and its intent
 *    (output_path, output_size) is cleared, so that a later restore
 *    cannot mistake someone else's file for its result;
 *  - a done job in the live queue whose output file no longer exists
 *    becomes failed with CUTOUT_STORE_ERROR_OUTPUT_MISSING, "The result
 *    file is gone" (not re-queued: that would spend another credit
 *    without the user asking; they can retry it);
 *  - queued, paused, failed and cancelled jobs are left as they were.
 * Interrupted jobs are checked in the whole history; only the live
 * queue's done jobs are checked on disk. The counts (nullable) say how
 * many rows the re-queue and the missing-output rules changed (jobs
 * recovered as done are counted in neither). */
gboolean         cutout_store_restore_queue        (CutoutStore          *self,
                                                    guint                *n_requeued_out,
                                                    guint                *n_missing_out,
                                                    GError              **error);

/* The newest done job with the same content hash and options text whose
 * output file still exists (checked on disk), or NULL (with no error
 * when there is none). */
CutoutJobRecord *cutout_store_find_duplicate       (CutoutStore          *self,
                                                    const char           *content_hash,
                                                    const char           *options,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* History (cutout-store-history.c). Pages of CutoutJobRecord *, newest
 * first; @after NULL = the first page. Searching by text uses a trigram
 * index for 3 characters or more (a scan of the names for shorter). */
GPtrArray       *cutout_store_query_history        (CutoutStore          *self,
                                                    const CutoutHistoryFilter *filter,
                                                    const CutoutHistoryCursor *after,
                                                    guint                 limit,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same by position, for a list model's random access (slower deep
 * in a large history than the cursor form). */
GPtrArray       *cutout_store_query_history_at     (CutoutStore          *self,
                                                    const CutoutHistoryFilter *filter,
                                                    guint                 offset,
                                                    guint                 limit,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The number of rows matching @filter (NULL = all); -1 on error. */
gint64           cutout_store_count_history        (CutoutStore          *self,
                                                    const CutoutHistoryFilter *filter,
                                                    GError              **error);

/* Cached usage figures, so the usage page works offline. @kind is e.g.
 * "membership", "cycles" or "period"; @json is the service's answer as
 * text. The API key is never stored: there is no column for it. Load
 * returns NULL (with no error) when nothing is cached. */
gboolean         cutout_store_save_usage           (CutoutStore          *self,
                                                    const char           *account_url,
                                                    const char           *kind,
                                                    const char           *json,
                                                    gint64                fetched_us,
                                                    GError              **error);
char            *cutout_store_load_usage           (CutoutStore          *self,
                                                    const char           *account_url,
                                                    const char           *kind,
                                                    gint64               *fetched_us_out,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Small key/value settings that belong with the history (not GSettings),
 * e.g. the current batch id. @value NULL deletes. Get returns NULL (with
 * no error) when unset. */
gboolean         cutout_store_set_setting          (CutoutStore          *self,
                                                    const char           *key,
                                                    const char           *value,
                                                    GError              **error);
char            *cutout_store_get_setting          (CutoutStore          *self,
                                                    const char           *key,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
