/* cutout-context.h — the core objects the UI binds to, in one place
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-client.h"
#include "cutout-queue.h"
#include "cutout-store.h"
#include "cutout-usage.h"

G_BEGIN_DECLS

/* Where the API key came from. */
typedef enum
{
  CUTOUT_KEY_SOURCE_NONE,        /* anonymous: a few free images a day */
  CUTOUT_KEY_SOURCE_ENVIRONMENT, /* CUTOUT_API_KEY (tests, demos) */
  CUTOUT_KEY_SOURCE_KEYRING,     /* stored with libsecret */
  CUTOUT_KEY_SOURCE_SESSION,     /* no keyring: kept for this session only */
} CutoutKeySource;

#define CUTOUT_TYPE_CONTEXT (cutout_context_get_type ())
G_DECLARE_FINAL_TYPE (CutoutContext, cutout_context, CUTOUT, CONTEXT, GObject)

/* The one object that hands the core to the UI (pages take it as their
 * "context" property): the app's settings, the API client, the history
 * store and the batch queue built on them, the API key, and the account's
 * usage figures. The UI never talks HTTP or SQL itself.
 *
 * The queue follows the settings: the default options (format, width,
 * height, exact-resize, mask, bg-color, angle, expand), output-folder,
 * name-template, collision-policy, concurrency, max-attempts,
 * retry-possibly-charged, allow-convert, trim, trim-margin,
 * keep-orientation, keep-editable, low-credit-threshold.
 *
 * Properties (read-only, notify on change): settings, client, store
 * (NULL when the database could not be opened: see store-error), queue,
 * key-source (CutoutKeySource), membership (CutoutMembership or NULL),
 * cycles (GListModel of CutoutBillingCycle, newest first; never NULL),
 * usage-error (GError or NULL: why the last refresh failed),
 * usage-updated (unix µs of the figures shown, 0 = none),
 * usage-loading (a refresh is running). */

/* @settings may be NULL (tests without the schema); @store_path NULL is
 * the default database, ":memory:" is not allowed — pass a temp path. */
CutoutContext      *cutout_context_new                (GSettings      *settings,
                                                       const char     *store_path);

GSettings          *cutout_context_get_settings       (CutoutContext  *self);
CutoutClient       *cutout_context_get_client         (CutoutContext  *self);
CutoutStore        *cutout_context_get_store          (CutoutContext  *self);
const GError       *cutout_context_get_store_error    (CutoutContext  *self);
CutoutQueue        *cutout_context_get_queue          (CutoutContext  *self);

/* The key: looked up at start (environment, then keyring). */
CutoutKeySource     cutout_context_get_key_source     (CutoutContext  *self);
gboolean            cutout_context_has_key            (CutoutContext  *self);
void                cutout_context_load_key_async     (CutoutContext       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            cutout_context_load_key_finish    (CutoutContext       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Checks @key against the account service (GET membership-usage), and
 * only when it is accepted stores it in the keyring (or for this session
 * when there is no keyring: key-source says which) and uses it. Returns
 * the account's figures. Fails with the service's error (e.g.
 * CUTOUT_API_ERROR_INVALID_KEY) and changes nothing then. */
void                cutout_context_set_key_async      (CutoutContext       *self,
                                                       const char          *key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CutoutMembership   *cutout_context_set_key_finish     (CutoutContext       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Forgets the key (keyring too). */
void                cutout_context_clear_key_async    (CutoutContext       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            cutout_context_clear_key_finish   (CutoutContext       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Usage figures. The last stored figures are loaded at start (the page
 * works offline and says how old they are); a refresh asks the service
 * for the current period (with its billing cycle) and the list of cycles,
 * stores them, and updates membership/cycles/usage-updated, or sets
 * usage-error and keeps the stored figures. Refreshes also run by
 * themselves after a batch finishes. */
CutoutMembership   *cutout_context_get_membership     (CutoutContext  *self);
GListModel         *cutout_context_get_cycles         (CutoutContext  *self);
const GError       *cutout_context_get_usage_error    (CutoutContext  *self);
gint64              cutout_context_get_usage_updated  (CutoutContext  *self);
gboolean            cutout_context_get_usage_loading  (CutoutContext  *self);
void                cutout_context_refresh_usage      (CutoutContext  *self);
/* One billing period in full (periodStartUnix + expand=billing_cycle). */
void                cutout_context_load_period_async  (CutoutContext       *self,
                                                       gint64               period_start,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CutoutMembership   *cutout_context_load_period_finish (CutoutContext       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* One calendar month (UTC) of usage (year=&month=): the answer's
 * app-usage and api-usage are that month's, whether or not billing is
 * synced. @year is 1–9999, @month 1–12. The answer is stored as the last
 * viewed month (replacing the one before), so it can be shown offline. */
void                cutout_context_load_month_async   (CutoutContext       *self,
                                                       int                  year,
                                                       int                  month,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CutoutMembership   *cutout_context_load_month_finish  (CutoutContext       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* The last viewed month's answer (loaded in this run or stored by an
 * earlier one) when it is for @year/@month, with the time it was fetched
 * (unix µs); NULL otherwise. (transfer none) */
CutoutMembership   *cutout_context_get_stored_month   (CutoutContext       *self,
                                                       int                  year,
                                                       int                  month,
                                                       gint64              *fetched_us);

G_END_DECLS
