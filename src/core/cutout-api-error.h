/* cutout-api-error.h
 *
 * Copyright 2026 The Cutout developers
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CUTOUT_API_ERROR (cutout_api_error_quark ())

/* One code per case of the error table in API.md. The GError message is
 * the server's own wording (translatable where the client produces it
 * itself, e.g. in preflight or option validation). */
typedef enum
{
  /* 400: the image part */
  CUTOUT_API_ERROR_NO_IMAGE,             /* No image file provided. … */
  CUTOUT_API_ERROR_NO_FILE_NAME,         /* No file selected. … */
  CUTOUT_API_ERROR_UNSUPPORTED_TYPE,     /* File type '.exe' is not supported. … */
  CUTOUT_API_ERROR_INVALID_SIGNATURE,    /* File does not appear to be a valid image … */
  CUTOUT_API_ERROR_EMPTY_FILE,           /* Uploaded file is empty (0 bytes). */
  CUTOUT_API_ERROR_FILE_TOO_LARGE,       /* File size (55.2 MB) exceeds … */
  CUTOUT_API_ERROR_TOO_WIDE,             /* Image width (12000px) exceeds … */
  CUTOUT_API_ERROR_TOO_TALL,             /* Image height (15000px) exceeds … */
  /* 400: option fields */
  CUTOUT_API_ERROR_NOT_AN_INTEGER,       /* 'w' must be an integer, got: 'abc' */
  CUTOUT_API_ERROR_BELOW_MINIMUM,        /* 'w' must be at least 1, got: -5 */
  CUTOUT_API_ERROR_ABOVE_MAXIMUM,        /* 'w' must be at most 10000, got: 15000 */
  CUTOUT_API_ERROR_NOT_A_NUMBER,         /* 'angle' must be a number, got: 'ninety' */
  CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,   /* 'angle' must be between -360 and 360 degrees, got: 500.0 */
  CUTOUT_API_ERROR_INVALID_FORMAT,       /* Invalid format 'gif'. Allowed formats: … */
  CUTOUT_API_ERROR_INVALID_COLOR,        /* Invalid color format '#12345'. … */
  CUTOUT_API_ERROR_MASK_WITH_COLOR,      /* Cannot use 'mask=true' together with 'bg_color'. … */
  CUTOUT_API_ERROR_MULTIPLE_ERRORS,      /* Multiple validation errors (+ details) */
  /* 400: usage endpoint */
  CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR, /* periodStartUnix with year/month */
  /* 400/401/403 account */
  CUTOUT_API_ERROR_KEY_AND_TOKEN,        /* This is a mistake: Cannot use both API key and user token */
  CUTOUT_API_ERROR_INVALID_KEY,          /* 401 invalid api key */
  CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED,   /* 403 Email address not verified – … */
  /* 429 */
  CUTOUT_API_ERROR_TOO_FAST,             /* transient: retry after a pause */
  CUTOUT_API_ERROR_DAILY_LIMIT,          /* final: anonymous daily limit */
  CUTOUT_API_ERROR_MONTHLY_LIMIT,        /* final: account out of credits */
  /* Anything else */
  CUTOUT_API_ERROR_BAD_REQUEST,          /* another 4xx with a JSON error we do not know */
  CUTOUT_API_ERROR_SERVER_ERROR,         /* 5xx */
  CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,  /* not JSON, truncated, wrong type, bad image … */
  CUTOUT_API_ERROR_NETWORK,              /* could not connect, connection lost, timeout */
  CUTOUT_API_ERROR_INSECURE_URL,         /* http:// to a host that is not loopback, bad URL */
} CutoutApiError;

/* One entry of an error's `details` array. */
typedef struct
{
  char          *field;   /* the request parameter ("w", "angle", …), or NULL */
  char          *message; /* the server's message for it */
  CutoutApiError code;    /* classified from the message */
} CutoutFieldError;

GQuark            cutout_api_error_quark              (void);

CutoutFieldError *cutout_field_error_new              (const char     *field,
                                                       const char     *message,
                                                       CutoutApiError  code);
void              cutout_field_error_free             (CutoutFieldError *self);

/* Creates a CUTOUT_API_ERROR with its extra data (GLib extended error). */
GError           *cutout_api_error_new                (CutoutApiError  code,
                                                       guint           http_status,
                                                       const char     *message);
void              cutout_api_error_set_field          (GError         *error,
                                                       const char     *field);
void              cutout_api_error_add_detail         (GError         *error,
                                                       const char     *field,
                                                       const char     *message,
                                                       CutoutApiError  code);
void              cutout_api_error_set_retry_after    (GError         *error,
                                                       gint64          seconds);
void              cutout_api_error_set_body_sent      (GError         *error,
                                                       gboolean        body_sent);

/* Accessors; all accept any GError and answer "nothing" for other domains. */
guint             cutout_api_error_get_http_status    (const GError   *error);
const char       *cutout_api_error_get_field          (const GError   *error);
/* element-type CutoutFieldError; NULL when there are no details */
GPtrArray        *cutout_api_error_get_details        (const GError   *error);
/* seconds, or -1 when the server sent no usable Retry-After */
gint64            cutout_api_error_get_retry_after    (const GError   *error);
/* TRUE when the whole request body had been sent before the failure,
 * so the service may already have charged a credit. */
gboolean          cutout_api_error_get_body_sent      (const GError   *error);

/* Transient: network, 5xx, 429 too-fast. Final: 401, 403, daily/monthly. */
gboolean          cutout_api_error_is_transient       (const GError   *error);
gboolean          cutout_api_error_stops_queue        (const GError   *error);

/* Classifies a message of the server's error table into a code (for 400
 * answers and `details` entries); CUTOUT_API_ERROR_BAD_REQUEST when the
 * message is unknown. Also finds the field a message names ('w', …). */
CutoutApiError    cutout_api_error_classify_message   (guint           http_status,
                                                       const char     *message,
                                                       char          **field_out);

/* Turns an error answer into a GError: parses `{error, details[], status}`,
 * and for a body that is not that JSON (an HTML proxy page, a truncated
 * answer) still gives a clear message naming the HTTP status.
 * @retry_after: the Retry-After header or NULL; @now_unix: for HTTP dates. */
GError           *cutout_api_error_from_response      (guint           http_status,
                                                       const char     *content_type,
                                                       const char     *body,
                                                       gsize           body_len,
                                                       const char     *retry_after,
                                                       gint64          now_unix);

/* Parses a Retry-After value: delta-seconds or an HTTP date (RFC 9110).
 * Returns FALSE when it is neither. A date in the past gives 0. */
gboolean          cutout_parse_retry_after            (const char     *value,
                                                       gint64          now_unix,
                                                       gint64         *seconds_out);

/* TRUE when @data (@len bytes) nests arrays/objects at most @max_depth
 * deep. json-glib 1.6 parses recursively without a limit and overflows
 * the stack on a deeply nested body, so check untrusted JSON with this
 * before json_parser_load_from_data(). */
gboolean          cutout_json_depth_is_safe           (const char     *data,
                                                       gsize           len,
                                                       guint           max_depth);

/* How deep an answer of the service may nest; its real answers nest 3. */
#define CUTOUT_JSON_MAX_DEPTH 32

/* Parses an answer of the service (or a cached copy of one) into a new
 * JsonParser, refusing nesting deeper than CUTOUT_JSON_MAX_DEPTH and a
 * second top-level array or object (which json-glib 1.6 accepts, leaking
 * it) before json-glib sees it. Every JSON from outside goes through
 * here. Fails with CUTOUT_API_ERROR_UNEXPECTED_RESPONSE and @http_status
 * on the error. This and cutout_json_depth_is_safe() are in
 * cutout-json-guard.c. */
JsonParser       *cutout_json_parse                   (const char     *data,
                                                       gsize           len,
                                                       guint           http_status,
                                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutFieldError, cutout_field_error_free)

G_END_DECLS
