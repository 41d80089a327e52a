/* cutout-fake-server.h — a test double of the Rembg service
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is NOT the Rembg service. It implements the contract in API.md on
 * loopback for tests, demos and benchmarks. Its "model" is a documented
 * stand-in: the background is estimated from the image border and removed
 * by a flood fill with a color tolerance; the options are then applied
 * for real.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_FAKE_SERVER (cutout_fake_server_get_type ())
G_DECLARE_FINAL_TYPE (CutoutFakeServer, cutout_fake_server, CUTOUT, FAKE_SERVER, GObject)

/* The default account: a valid key, plan, credits and past cycles. */
#define CUTOUT_FAKE_SERVER_VALID_KEY      "test-key-valid"
#define CUTOUT_FAKE_SERVER_UNVERIFIED_KEY "test-key-unverified"

/* One request as the server saw it, for assertions. */
typedef struct
{
  char       *method;
  char       *path;          /* "/rmbg", "/api/membership-usage" */
  char       *query;         /* raw query string or NULL */
  GHashTable *fields;        /* form field name → value (text fields only) */
  char       *image_filename;/* the multipart filename of "image", or NULL */
  gsize       image_size;    /* bytes of the image part */
  char       *image_content_type;
  gboolean    had_api_key;   /* whether x-api-key was sent (never its value) */
  guint       status;        /* status answered */
  gboolean    charged;       /* whether a credit was used (without a key:
                              * one of the day's free requests) */
  char       *error;         /* the "error" message answered, or NULL */
  gboolean    dropped;       /* the answer was cut off mid-body (drop knob) */
  gboolean    upload_dropped;/* the connection was closed mid-upload (upload
                              * drop knob): status 0, not charged, no fields */
} CutoutFakeRequest;

CutoutFakeServer *cutout_fake_server_new               (void);

/* Listens on 127.0.0.1:@port (0 = any free port) in the thread-default
 * main context. */
gboolean          cutout_fake_server_start             (CutoutFakeServer *self,
                                                        guint             port,
                                                        GError          **error);
void              cutout_fake_server_stop              (CutoutFakeServer *self);
/* "http://127.0.0.1:PORT" — both hosts of API.md are served on it. */
const char       *cutout_fake_server_get_url           (CutoutFakeServer *self);

/* (transfer none) (element-type CutoutFakeRequest): the server's own log,
 * in arrival order; a request appears once it has been answered. Valid
 * until cutout_fake_server_clear_requests() or the server's end. */
GPtrArray        *cutout_fake_server_get_requests      (CutoutFakeServer *self);
/* @path NULL counts every request. */
guint             cutout_fake_server_count_requests    (CutoutFakeServer *self,
                                                        const char       *path);
guint             cutout_fake_server_count_charged     (CutoutFakeServer *self);
void              cutout_fake_server_clear_requests    (CutoutFakeServer *self);
/* Appends each request as one JSON line to @path (NULL = stop logging). */
gboolean          cutout_fake_server_set_log_file      (CutoutFakeServer *self,
                                                        const char       *path,
                                                        GError          **error);

/* Account and plan. The defaults: membership "Premium-20000", 20000
 * included and 2000 prepaid credits, app usage 1500 and API usage 3500 in
 * a synced 30-day period that started 12 days before "now" (midnight
 * UTC), no past cycles, 3 anonymous requests a day. */
void              cutout_fake_server_add_key           (CutoutFakeServer *self,
                                                        const char       *key);
void              cutout_fake_server_set_plan          (CutoutFakeServer *self,
                                                        const char       *membership,
                                                        gint64            included_credits,
                                                        gint64            prepaid_credits);
/* Usage already spent in the current period (before any request); the
 * same amounts count in the current calendar month. */
void              cutout_fake_server_set_usage         (CutoutFakeServer *self,
                                                        gint64            app_usage,
                                                        gint64            api_usage);
/* The current billing period; synced = FALSE falls back to the calendar month. */
void              cutout_fake_server_set_period        (CutoutFakeServer *self,
                                                        gint64            period_start_unix,
                                                        gint64            period_end_unix,
                                                        gboolean          stripe_billing_synced);
/* A past billing cycle (any order; answered newest first). Its usage
 * also counts in the calendar month its period starts in. */
void              cutout_fake_server_add_past_cycle    (CutoutFakeServer *self,
                                                        gint64            period_start_unix,
                                                        gint64            period_end_unix,
                                                        gint64            app_usage,
                                                        gint64            api_usage);
void              cutout_fake_server_set_anonymous_daily_limit (CutoutFakeServer *self,
                                                                guint             limit);
/* Sets the usage of one calendar month (UTC) as `year`/`month` answer it. */
void              cutout_fake_server_set_month_usage   (CutoutFakeServer *self,
                                                        int               year,
                                                        int               month,
                                                        gint64            app_usage,
                                                        gint64            api_usage);
/* A fixed clock for date-dependent tests (0 = the real clock). Call it
 * first: the default period is recomputed around it. */
void              cutout_fake_server_set_time          (CutoutFakeServer *self,
                                                        gint64            unix_now);
/* The account as it is now, for assertions: credits still prepaid and the
 * current period's usage. */
gint64            cutout_fake_server_get_prepaid_credits (CutoutFakeServer *self);
void              cutout_fake_server_get_usage         (CutoutFakeServer *self,
                                                        gint64           *app_usage,
                                                        gint64           *api_usage);

/* Fault knobs. Rates are 0.0–1.0 and drawn from a seeded PRNG. */
void              cutout_fake_server_set_seed          (CutoutFakeServer *self,
                                                        guint32           seed);
/* Every request (both hosts) waits @milliseconds before it is handled. */
void              cutout_fake_server_set_latency       (CutoutFakeServer *self,
                                                        guint             milliseconds);
/* A share of /rmbg requests answers 500, 502 or 503 (JSON or HTML). */
void              cutout_fake_server_set_error_rate    (CutoutFakeServer *self,
                                                        double            rate,
                                                        gboolean          html_bodies);
/* A share of successful /rmbg answers is cut off: the credit is used
 * (charged), the headers and about half the body are sent, then the TCP
 * connection is closed. */
void              cutout_fake_server_set_drop_rate     (CutoutFakeServer *self,
                                                        double            rate);
/* A share of /rmbg requests (POST with a Content-Length) is cut off
 * mid-upload: once 64 KiB of the request body (half of a smaller one)
 * has arrived, the TCP connection is closed, before any check, without an
 * answer and without using a credit. The request is logged with status 0,
 * charged FALSE and upload_dropped TRUE ("upload_dropped" in the JSON
 * log). The draw happens when the headers arrive, so before fail_next and
 * the other faults. While the rate is above 0, every answer closes its
 * connection (Connection: close). */
void              cutout_fake_server_set_upload_drop_rate (CutoutFakeServer *self,
                                                           double            rate);
/* Sends /rmbg image bodies at @bytes_per_second (0 = at once). */
void              cutout_fake_server_set_trickle       (CutoutFakeServer *self,
                                                        guint             bytes_per_second);
/* Short-term limit: more than @requests within @window_ms gives 429
 * "too quickly", with Retry-After: @retry_after seconds (-1 = no header). */
void              cutout_fake_server_set_rate_limit    (CutoutFakeServer *self,
                                                        guint             requests,
                                                        guint             window_ms,
                                                        int               retry_after);
/* The next @count /rmbg requests answer @status (500, 502, 503, 429, …)
 * with a JSON body, or an HTML one when @html; @retry_after as above. */
void              cutout_fake_server_fail_next         (CutoutFakeServer *self,
                                                        guint             count,
                                                        guint             status,
                                                        gboolean          html,
                                                        int               retry_after);
/* FALSE: skip the model and answer a small valid image of the requested
 * format and size at once (for benchmarks of the client). */
void              cutout_fake_server_set_processing    (CutoutFakeServer *self,
                                                        gboolean          enabled);

void              cutout_fake_request_free             (CutoutFakeRequest *request);

G_END_DECLS
