/* cutout-client-private.h — internals shared by cutout-client.c and cutout-client-usage.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "cutout-client.h"

G_BEGIN_DECLS

/* Error answers are small; a bigger body is not what the contract
 * describes, and reading it whole would let a broken proxy fill our
 * memory. */
#define CUTOUT_CLIENT_ERROR_BODY_CAP (64 * 1024)

struct _CutoutClient
{
  GObject      parent_instance;

  char        *api_url;
  char        *account_url;
  char        *api_key;
  guint        max_connections;
  guint        timeout;

  /* Created on first use with the limits in force then. */
  SoupSession *session;
};

/* The session every request goes through, created with the client's
 * current limits if there is none (cutout-client.c). */
SoupSession  *cutout_client_get_session        (CutoutClient        *self);
/* A request to @base_url@path?@query (@query nullable) that carries the
 * API key, if any, and never follows a redirect. */
SoupMessage  *cutout_client_new_message        (CutoutClient        *self,
                                                const char          *method,
                                                const char          *base_url,
                                                const char          *path,
                                                const char          *query);
/* CUTOUT_API_ERROR_NETWORK for a failure to talk to the service, worded
 * by whether the service had the request; a cancellation is copied. */
GError       *cutout_client_network_error_new  (const GError        *cause,
                                                gboolean             sent_or_answered);
/* The error that a non-200 answer (@body may be cut off or NULL) means. */
GError       *cutout_client_error_from_answer  (SoupMessage         *msg,
                                                GBytes              *body);
/* Closes an answer's stream (nullable) without waiting, dropping the
 * connection if the body was not read to its end. */
void          cutout_client_close_response     (GInputStream        *response);

G_END_DECLS
