/* fake-server-private.h — the fake Rembg server's state, shared by its files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "cutout-fake-server.h"

G_BEGIN_DECLS

#define FAKE_MAX_UPLOAD_BYTES (50 * 1024 * 1024)
#define FAKE_MAX_DIMENSION    10000

typedef struct
{
  gint64 start;
  gint64 end;
  gint64 app_usage;
  gint64 api_usage;
} FakeCycle;

struct _CutoutFakeServer
{
  GObject            parent_instance;

  SoupServer        *server;
  char              *url;

  /* The request log. */
  GPtrArray         *requests;        /* CutoutFakeRequest, by arrival */
  guint64            next_sequence;
  GOutputStream     *log_stream;

  /* The account. */
  GHashTable        *keys;            /* key → GINT_TO_POINTER (verified) */
  char              *membership;
  gint64             included_credits;
  gint64             prepaid_credits;
  gint64             period_start;
  gint64             period_end;
  gboolean           period_set;      /* FALSE: the default around "now" */
  gboolean           synced;
  gint64             period_app;
  gint64             period_api;
  GArray            *past_cycles;     /* FakeCycle */
  GHashTable        *months;          /* year * 12 + month − 1 → gint64[2] */
  guint              anonymous_limit;
  gint64             anonymous_day;
  guint              anonymous_used;
  guint              pending_charges; /* credits held by requests in flight */
  guint              pending_anonymous;
  gint64             fixed_now;

  /* Fault knobs. */
  GRand             *rand;
  guint              latency_ms;
  double             error_rate;
  gboolean           html_errors;
  double             drop_rate;
  double             upload_drop_rate;
  guint              trickle_bps;
  guint              rate_requests;
  guint              rate_window_ms;
  int                rate_retry_after;
  GQueue             rate_times;      /* monotonic µs, as gint64 * */
  guint              fail_count;
  guint              fail_status;
  gboolean           fail_html;
  int                fail_retry_after;
  gboolean           processing;
};

/* One request in progress. It holds the server and the message until the
 * answer has been handed to libsoup (or the connection was cut). */
typedef struct
{
  CutoutFakeServer  *self;
  SoupServerMessage *msg;
  GHashTable        *query;           /* decoded query or NULL */
  CutoutFakeRequest *record;
  guint64            sequence;
  gboolean           paused;
  gboolean           gone;            /* libsoup is done with the message */
  gulong             finished_id;
  gulong             disconnected_id;
  guint              source_id;

  /* A body sent slowly or cut off. */
  GBytes            *body;
  const char        *content_type;    /* static string */
  gsize              body_sent;
} FakeExchange;

gint64   fake_server_now            (CutoutFakeServer *self);
void     fake_server_set_default_period (CutoutFakeServer *self);
gint64  *fake_server_month_counters_at (CutoutFakeServer *self,
                                        gint64            unix_time);
void     fake_server_current_period (CutoutFakeServer *self,
                                     gint64           *start,
                                     gint64           *end);
gint64  *fake_server_month_counters (CutoutFakeServer *self,
                                     int               year,
                                     int               month,
                                     gboolean          create);
void     fake_server_roll_period    (CutoutFakeServer *self);

/* Which key a request carries: none, known and verified, known and not
 * verified, or unknown. */
typedef enum
{
  FAKE_KEY_NONE,
  FAKE_KEY_VALID,
  FAKE_KEY_UNVERIFIED,
  FAKE_KEY_UNKNOWN,
} FakeKeyState;

FakeKeyState fake_server_check_key  (CutoutFakeServer  *self,
                                     SoupServerMessage *msg);

FakeExchange *fake_exchange_new    (CutoutFakeServer  *self,
                                    SoupServerMessage *msg,
                                    const char        *path,
                                    GHashTable        *query);
/* Records the answer (or its absence: @status 0), hands the message back
 * to libsoup unless @dropped, and frees @ex. */
void     fake_exchange_complete     (FakeExchange *ex,
                                     guint         status,
                                     const char   *error_message,
                                     gboolean      charged,
                                     gboolean      dropped);

/* Answering. Each of these completes and frees @ex. */
void     fake_exchange_respond_error (FakeExchange *ex,
                                      guint         status,
                                      const char   *message,
                                      JsonNode     *details,
                                      int           retry_after);
void     fake_exchange_respond_html  (FakeExchange *ex,
                                      guint         status,
                                      int           retry_after);
void     fake_exchange_respond_json  (FakeExchange *ex,
                                      guint         status,
                                      JsonNode     *root);
/* A successful image answer (charged already), sent at once, slowly
 * (trickle) or cut off (drop). */
void     fake_exchange_respond_image (FakeExchange *ex,
                                      GBytes       *image,
                                      const char   *content_type);
/* Keeps the message waiting (for work that ends in another callback). */
void     fake_exchange_pause         (FakeExchange *ex);

void     fake_server_handle_rmbg     (FakeExchange *ex);
/* The early handler of every path (after the headers): the upload drop
 * knob of /rmbg. */
void     fake_server_rmbg_early_cb   (SoupServer        *server,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      GHashTable        *query,
                                      gpointer           user_data);
/* Whether the upload drop knob cut @msg (its handler must not answer). */
gboolean fake_server_upload_was_cut  (SoupServerMessage *msg);
void     fake_server_handle_usage    (FakeExchange *ex);

G_END_DECLS
