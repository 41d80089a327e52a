/* cutout-client.h — the Rembg API client
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-options.h"
#include "cutout-preflight.h"
#include "cutout-usage.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_CLIENT (cutout_client_get_type ())
G_DECLARE_FINAL_TYPE (CutoutClient, cutout_client, CUTOUT, CLIENT, GObject)

typedef enum
{
  CUTOUT_TRANSFER_UPLOAD,
  CUTOUT_TRANSFER_DOWNLOAD,
} CutoutTransferPhase;

/* Called on the client's main context, many times per request; @done
 * never decreases within a phase and ends at @total (total is -1 when the
 * answer has no Content-Length). */
typedef void (*CutoutProgressFunc) (CutoutTransferPhase phase,
                                    goffset             done,
                                    goffset             total,
                                    gpointer            user_data);

/* The result of one successful remove-background request. */
typedef struct
{
  GFile      *output;        /* the file the answer was written to */
  char       *content_type;  /* "image/webp", … */
  goffset     bytes_sent;    /* the whole request body */
  goffset     bytes_received;/* the image */
  guint       http_status;
} CutoutRemoveResult;

void                cutout_remove_result_free         (CutoutRemoveResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutRemoveResult, cutout_remove_result_free)

/* Properties: api-url, account-url (construct-only, checked: see
 * cutout_config_check_base_url), api-key (write-only, nullable; never
 * logged), max-connections (default 6), timeout (seconds of no I/O,
 * default 60). */
CutoutClient       *cutout_client_new                 (const char   *api_url,
                                                       const char   *account_url,
                                                       GError      **error);
const char         *cutout_client_get_api_url         (CutoutClient *self);
const char         *cutout_client_get_account_url     (CutoutClient *self);
void                cutout_client_set_api_key         (CutoutClient *self,
                                                       const char   *api_key);
gboolean            cutout_client_has_api_key         (CutoutClient *self);
/* At most this many requests to one host at a time (1–64). A change
 * applies to requests started afterwards. */
guint               cutout_client_get_max_connections (CutoutClient *self);
void                cutout_client_set_max_connections (CutoutClient *self,
                                                       guint         max_connections);
/* Seconds without any I/O on a connection before a request fails with
 * CUTOUT_API_ERROR_NETWORK (0 = never). */
guint               cutout_client_get_timeout         (CutoutClient *self);
void                cutout_client_set_timeout         (CutoutClient *self,
                                                       guint         seconds);

/* POST /rmbg. Streams @input (already checked by preflight: @info gives
 * the upload name and type) as a multipart body with an exact
 * Content-Length, and streams the answer into @destination (created or
 * replaced; on failure it is deleted). @options must be valid. */
void                cutout_client_remove_background_async  (CutoutClient              *self,
                                                            GFile                     *input,
                                                            const CutoutPreflightInfo *info,
                                                            const CutoutOptions       *options,
                                                            GFile                     *destination,
                                                            CutoutProgressFunc         progress,
                                                            gpointer                   progress_data,
                                                            GDestroyNotify             progress_destroy,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
CutoutRemoveResult *cutout_client_remove_background_finish (CutoutClient  *self,
                                                            GAsyncResult  *result,
                                                            GError       **error);

/* GET /api/membership-usage in its modes. @year/@month 0 = not sent,
 * @period_start 0 = not sent; period_start with year or month is refused
 * locally (CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR) without a request. */
typedef struct
{
  int      year;
  int      month;
  gint64   period_start;
  gboolean billing_cycle;   /* expand=billing_cycle */
} CutoutUsageQuery;

void                cutout_client_get_usage_async          (CutoutClient           *self,
                                                            const CutoutUsageQuery *query,
                                                            GCancellable           *cancellable,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
CutoutMembership   *cutout_client_get_usage_finish         (CutoutClient  *self,
                                                            GAsyncResult  *result,
                                                            GError       **error);
/* listBillingCycles=1: a GListStore of CutoutBillingCycle, newest first. */
void                cutout_client_list_billing_cycles_async  (CutoutClient        *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GListStore         *cutout_client_list_billing_cycles_finish (CutoutClient  *self,
                                                              GAsyncResult  *result,
                                                              GError       **error);

G_END_DECLS
