/* cutout-api-error.c — the CUTOUT_API_ERROR domain and the service's error answers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cutout-api-error.h"

/* Error answers are a few hundred bytes. Anything much larger is not one
 * (a proxy's page, or garbage), and is not worth parsing as JSON. */
#define MAX_ERROR_BODY_SIZE (1024 * 1024)

/* Retry-After values are clamped to this (about 68 years) so that callers
 * can turn them into microseconds without overflowing. */
#define MAX_RETRY_AFTER ((gint64) G_MAXINT32)

typedef struct
{
  guint      http_status;
  char      *field;
  GPtrArray *details;     /* (element-type CutoutFieldError) (nullable) */
  gint64     retry_after; /* -1 = none */
  gboolean   body_sent;
} CutoutApiErrorPrivate;

static void
cutout_api_error_private_init (CutoutApiErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static GPtrArray *
copy_details (GPtrArray *details)
{
  GPtrArray *copy;

  if (details == NULL)
    return NULL;

  copy = g_ptr_array_new_full (details->len, (GDestroyNotify) cutout_field_error_free);
  for (guint i = 0; i < details->len; i++)
    {
      const CutoutFieldError *detail = g_ptr_array_index (details, i);

      g_ptr_array_add (copy, cutout_field_error_new (detail->field, detail->message, detail->code));
    }

  return copy;
}

static void
cutout_api_error_private_copy (const CutoutApiErrorPrivate *src,
                               CutoutApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  g_free (dest->field);
  dest->field = g_strdup (src->field);
  g_clear_pointer (&dest->details, g_ptr_array_unref);
  dest->details = copy_details (src->details);
  dest->retry_after = src->retry_after;
  dest->body_sent = src->body_sent;
}

static void
cutout_api_error_private_clear (CutoutApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->details, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (CutoutApiError, cutout_api_error)

static CutoutApiErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != CUTOUT_API_ERROR)
    return NULL;

  return cutout_api_error_get_private (error);
}

CutoutFieldError *
cutout_field_error_new (const char     *field,
                        const char     *message,
                        CutoutApiError  code)
{
  CutoutFieldError *self = g_new0 (CutoutFieldError, 1);

  self->field = g_strdup (field);
  self->message = g_strdup (message);
  self->code = code;

  return self;
}

void
cutout_field_error_free (CutoutFieldError *self)
{
  if (self == NULL)
    return;

  g_free (self->field);
  g_free (self->message);
  g_free (self);
}

GError *
cutout_api_error_new (CutoutApiError  code,
                      guint           http_status,
                      const char     *message)
{
  GError *error = g_error_new_literal (CUTOUT_API_ERROR, code, message != NULL ? message : "");

  get_private (error)->http_status = http_status;

  return error;
}

void
cutout_api_error_set_field (GError     *error,
                            const char *field)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  if (priv->field != field)
    {
      g_free (priv->field);
      priv->field = g_strdup (field);
    }
}

void
cutout_api_error_add_detail (GError         *error,
                             const char     *field,
                             const char     *message,
                             CutoutApiError  code)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  if (priv->details == NULL)
    priv->details = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_field_error_free);

  g_ptr_array_add (priv->details, cutout_field_error_new (field, message, code));
}

void
cutout_api_error_set_retry_after (GError *error,
                                  gint64  seconds)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->retry_after = seconds < 0 ? -1 : MIN (seconds, MAX_RETRY_AFTER);
}

void
cutout_api_error_set_body_sent (GError   *error,
                                gboolean  body_sent)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->body_sent = !!body_sent;
}

guint
cutout_api_error_get_http_status (const GError *error)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

const char *
cutout_api_error_get_field (const GError *error)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->field : NULL;
}

GPtrArray *
cutout_api_error_get_details (const GError *error)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  if (priv == NULL || priv->details == NULL || priv->details->len == 0)
    return NULL;

  return priv->details;
}

gint64
cutout_api_error_get_retry_after (const GError *error)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after : -1;
}

gboolean
cutout_api_error_get_body_sent (const GError *error)
{
  CutoutApiErrorPrivate *priv = get_private (error);

  return priv != NULL && priv->body_sent;
}

/* UNEXPECTED_RESPONSE is transient too: it mostly means a truncated or
 * garbled answer (a dropped connection, a proxy hiccup), which a later
 * attempt usually gets right. The queue bounds the attempts anyway. */
gboolean
cutout_api_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != CUTOUT_API_ERROR)
    return FALSE;

  switch ((CutoutApiError) error->code)
    {
    case CUTOUT_API_ERROR_NETWORK:
    case CUTOUT_API_ERROR_SERVER_ERROR:
    case CUTOUT_API_ERROR_TOO_FAST:
    case CUTOUT_API_ERROR_UNEXPECTED_RESPONSE:
      return TRUE;

    default:
      return FALSE;
    }
}

/* These concern every job of the queue alike (the key, the account, the
 * credits), so running the next job would only fail the same way. */
gboolean
cutout_api_error_stops_queue (const GError *error)
{
  if (error == NULL || error->domain != CUTOUT_API_ERROR)
    return FALSE;

  switch ((CutoutApiError) error->code)
    {
    case CUTOUT_API_ERROR_INVALID_KEY:
    case CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED:
    case CUTOUT_API_ERROR_DAILY_LIMIT:
    case CUTOUT_API_ERROR_MONTHLY_LIMIT:
    case CUTOUT_API_ERROR_KEY_AND_TOKEN:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Messages of the table that start with a quoted field name:
 * "'w' must be an integer, got: 'abc'". */
static const struct
{
  const char     *after_field;
  CutoutApiError  code;
} quoted_field_messages[] = {
  { " must be an integer, got: ", CUTOUT_API_ERROR_NOT_AN_INTEGER },
  { " must be at least ", CUTOUT_API_ERROR_BELOW_MINIMUM },
  { " must be at most ", CUTOUT_API_ERROR_ABOVE_MAXIMUM },
  { " must be a number, got: ", CUTOUT_API_ERROR_NOT_A_NUMBER },
  { " must be between ", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE },
};

/* The other messages, by their fixed parts: a prefix and, where the
 * message has a variable part, a piece that must follow it. */
static const struct
{
  const char     *prefix;
  const char     *then;
  CutoutApiError  code;
  const char     *field;
} fixed_messages[] = {
  { "No image file provided.", NULL, CUTOUT_API_ERROR_NO_IMAGE, "image" },
  { "No file selected.", NULL, CUTOUT_API_ERROR_NO_FILE_NAME, "image" },
  { "File type '", "' is not supported.", CUTOUT_API_ERROR_UNSUPPORTED_TYPE, "image" },
  { "File does not appear to be a valid image", NULL, CUTOUT_API_ERROR_INVALID_SIGNATURE, "image" },
  { "Uploaded file is empty", NULL, CUTOUT_API_ERROR_EMPTY_FILE, "image" },
  { "File size (", " exceeds the maximum allowed size", CUTOUT_API_ERROR_FILE_TOO_LARGE, "image" },
  { "Image width (", " exceeds the maximum allowed width", CUTOUT_API_ERROR_TOO_WIDE, "image" },
  { "Image height (", " exceeds the maximum allowed height", CUTOUT_API_ERROR_TOO_TALL, "image" },
  { "Invalid format '", "'. Allowed formats:", CUTOUT_API_ERROR_INVALID_FORMAT, "format" },
  { "Invalid color format '", "'. Use hex format:", CUTOUT_API_ERROR_INVALID_COLOR, "bg_color" },
  /* Two fields are at fault here, so no single one is named. */
  { "Cannot use 'mask=true' together with 'bg_color'", NULL, CUTOUT_API_ERROR_MASK_WITH_COLOR, NULL },
  { "Multiple validation errors", NULL, CUTOUT_API_ERROR_MULTIPLE_ERRORS, NULL },
  { "This is a mistake: Cannot use both API key and user token", NULL, CUTOUT_API_ERROR_KEY_AND_TOKEN, NULL },
  { "Cannot use both API key and user token", NULL, CUTOUT_API_ERROR_KEY_AND_TOKEN, NULL },
  { "invalid api key", NULL, CUTOUT_API_ERROR_INVALID_KEY, NULL },
  { "Email address not verified", NULL, CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED, NULL },
  { "You're making requests too quickly", NULL, CUTOUT_API_ERROR_TOO_FAST, NULL },
  { "You've reached your daily limit", NULL, CUTOUT_API_ERROR_DAILY_LIMIT, NULL },
  { "You've reached your monthly limit", NULL, CUTOUT_API_ERROR_MONTHLY_LIMIT, NULL },
};

static gboolean
contains_ascii_caseless (const char *haystack,
                         const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (haystack, -1);

  return strstr (lower, needle) != NULL;
}

CutoutApiError
cutout_api_error_classify_message (guint        http_status,
                                   const char  *message,
                                   char       **field_out)
{
  if (field_out != NULL)
    *field_out = NULL;

  if (message == NULL)
    return CUTOUT_API_ERROR_BAD_REQUEST;

  if (message[0] == '\'')
    {
      const char *end = strchr (message + 1, '\'');

      if (end != NULL && end > message + 1)
        {
          for (guint i = 0; i < G_N_ELEMENTS (quoted_field_messages); i++)
            {
              if (g_str_has_prefix (end + 1, quoted_field_messages[i].after_field))
                {
                  if (field_out != NULL)
                    *field_out = g_strndup (message + 1, end - message - 1);
                  return quoted_field_messages[i].code;
                }
            }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixed_messages); i++)
    {
      gsize prefix_len = strlen (fixed_messages[i].prefix);

      if (g_ascii_strncasecmp (message, fixed_messages[i].prefix, prefix_len) != 0)
        continue;
      if (fixed_messages[i].then != NULL &&
          strstr (message + prefix_len, fixed_messages[i].then) == NULL)
        continue;

      if (field_out != NULL)
        *field_out = g_strdup (fixed_messages[i].field);
      return fixed_messages[i].code;
    }

  /* The usage endpoint's one 400; its wording is not documented, so it is
   * recognised by the parameter it names. */
  if (strstr (message, "periodStartUnix") != NULL &&
      (contains_ascii_caseless (message, "year") || contains_ascii_caseless (message, "month")))
    return CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR;

  return CUTOUT_API_ERROR_BAD_REQUEST;
}

static CutoutApiError
classify_429 (const char *message)
{
  if (message != NULL)
    {
      if (contains_ascii_caseless (message, "too quickly"))
        return CUTOUT_API_ERROR_TOO_FAST;
      if (contains_ascii_caseless (message, "daily"))
        return CUTOUT_API_ERROR_DAILY_LIMIT;
      if (contains_ascii_caseless (message, "monthly"))
        return CUTOUT_API_ERROR_MONTHLY_LIMIT;
    }

  /* An unknown 429 is most likely some rate limiter in front of the
   * service: waiting is the careful answer, stopping the queue is not. */
  return CUTOUT_API_ERROR_TOO_FAST;
}

static char *
dup_json_string_member (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib refuses invalid UTF-8 already; this is a second guard, as
   * these strings end up in labels. */
  return g_utf8_make_valid (json_node_get_string (node), -1);
}

static const char *
status_phrase (guint status)
{
  static const struct
  {
    guint       status;
    const char *phrase;
  } phrases[] = {
    { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" }, { 204, "No Content" },
    { 206, "Partial Content" }, { 301, "Moved Permanently" }, { 302, "Found" },
    { 303, "See Other" }, { 304, "Not Modified" }, { 307, "Temporary Redirect" },
    { 308, "Permanent Redirect" }, { 400, "Bad Request" }, { 401, "Unauthorized" },
    { 402, "Payment Required" }, { 403, "Forbidden" }, { 404, "Not Found" },
    { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
    { 407, "Proxy Authentication Required" }, { 408, "Request Timeout" },
    { 409, "Conflict" }, { 410, "Gone" }, { 411, "Length Required" },
    { 412, "Precondition Failed" }, { 413, "Content Too Large" },
    { 414, "URI Too Long" }, { 415, "Unsupported Media Type" },
    { 416, "Range Not Satisfiable" }, { 417, "Expectation Failed" },
    { 421, "Misdirected Request" }, { 422, "Unprocessable Content" },
    { 425, "Too Early" }, { 426, "Upgrade Required" }, { 428, "Precondition Required" },
    { 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
    { 451, "Unavailable For Legal Reasons" }, { 500, "Internal Server Error" },
    { 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
    { 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
    { 507, "Insufficient Storage" }, { 508, "Loop Detected" },
    { 511, "Network Authentication Required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (phrases[i].status == status)
      return phrases[i].phrase;

  return NULL;
}

static GError *
unreadable_response_error (guint http_status)
{
  const char *phrase = status_phrase (http_status);
  g_autofree char *status_text = NULL;
  g_autofree char *message = NULL;
  CutoutApiError code;

  /* The status line stays untranslated: it is what a user would search for. */
  if (phrase != NULL)
    status_text = g_strdup_printf ("HTTP %u %s", http_status, phrase);
  else
    status_text = g_strdup_printf ("HTTP %u", http_status);

  if (http_status >= 400)
    {
      /* Translators: %s is an HTTP status, e.g. "HTTP 502 Bad Gateway". */
      message = g_strdup_printf (_("The service answered with an error (%s) and no readable explanation."),
                                 status_text);
    }
  else
    {
      /* Translators: %s is an HTTP status, e.g. "HTTP 200 OK". */
      message = g_strdup_printf (_("The service sent an answer that could not be read (%s)."),
                                 status_text);
    }

  /* A 429 is a rate limit whoever sent it (often a proxy's own page), so
   * it is treated as "too fast": waiting, honouring Retry-After, is right. */
  if (http_status >= 500)
    code = CUTOUT_API_ERROR_SERVER_ERROR;
  else if (http_status == 429)
    code = CUTOUT_API_ERROR_TOO_FAST;
  else
    code = CUTOUT_API_ERROR_UNEXPECTED_RESPONSE;

  return cutout_api_error_new (code, http_status, message);
}

/* Returns the parsed `{error, details, status}` object, or NULL when the
 * body is not that. */
static JsonParser *
parse_error_body (const char *body,
                  gsize       body_len)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonNode *error_node;

  if (body == NULL || body_len == 0 || body_len > MAX_ERROR_BODY_SIZE)
    return NULL;
  /* Through the guard that every JSON from outside passes (nesting depth,
   * a second value json-glib would leak). */
  parser = cutout_json_parse (body, body_len, 0, NULL);
  if (parser == NULL)
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  error_node = json_object_get_member (json_node_get_object (root), "error");
  if (error_node == NULL || !JSON_NODE_HOLDS_VALUE (error_node) ||
      json_node_get_value_type (error_node) != G_TYPE_STRING ||
      json_node_get_string (error_node)[0] == '\0')
    return NULL;

  return g_steal_pointer (&parser);
}

static void
copy_details_from_json (GError     *error,
                        JsonObject *object)
{
  JsonNode *details_node = json_object_get_member (object, "details");
  JsonArray *details;
  guint n;

  if (details_node == NULL || !JSON_NODE_HOLDS_ARRAY (details_node))
    return;

  details = json_node_get_array (details_node);
  n = json_array_get_length (details);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (details, i);
      g_autofree char *field = NULL;
      g_autofree char *message = NULL;
      g_autofree char *classified_field = NULL;
      CutoutApiError code;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;

      message = dup_json_string_member (json_node_get_object (node), "message");
      field = dup_json_string_member (json_node_get_object (node), "field");
      if (message == NULL)
        continue;

      code = cutout_api_error_classify_message (400, message, &classified_field);
      cutout_api_error_add_detail (error,
                                   field != NULL ? field : classified_field,
                                   message,
                                   code);
    }
}

GError *
cutout_api_error_from_response (guint       http_status,
                                const char *content_type,
                                const char *body,
                                gsize       body_len,
                                const char *retry_after,
                                gint64      now_unix)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *message = NULL;
  g_autofree char *field = NULL;
  JsonObject *object;
  CutoutApiError code;
  GError *error;
  gint64 seconds;

  /* The body is tried as JSON whatever @content_type says: some proxies
   * relabel bodies, and a JSON parse failure is cheap and safe. */
  parser = parse_error_body (body, body_len);
  if (parser == NULL)
    {
      error = unreadable_response_error (http_status);
    }
  else
    {
      object = json_node_get_object (json_parser_get_root (parser));
      message = dup_json_string_member (object, "error");

      if (http_status == 401)
        code = CUTOUT_API_ERROR_INVALID_KEY;
      else if (http_status == 403)
        code = CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED;
      else if (http_status == 429)
        code = classify_429 (message);
      else if (http_status >= 500)
        code = CUTOUT_API_ERROR_SERVER_ERROR;
      else if (http_status == 400)
        code = cutout_api_error_classify_message (http_status, message, &field);
      else if (http_status > 400)
        code = CUTOUT_API_ERROR_BAD_REQUEST;
      else
        code = CUTOUT_API_ERROR_UNEXPECTED_RESPONSE;

      error = cutout_api_error_new (code, http_status, message);
      if (field != NULL)
        cutout_api_error_set_field (error, field);
      copy_details_from_json (error, object);
    }

  if (retry_after != NULL && cutout_parse_retry_after (retry_after, now_unix, &seconds))
    cutout_api_error_set_retry_after (error, seconds);

  return error;
}

/* Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. */

static const char * const short_days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const long_days[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static gboolean
take_word (const char         **p,
           const char * const  *words,
           guint                n_words,
           int                 *index_out)
{
  for (guint i = 0; i < n_words; i++)
    {
      gsize len = strlen (words[i]);

      if (g_ascii_strncasecmp (*p, words[i], len) == 0 && !g_ascii_isalpha ((*p)[len]))
        {
          *p += len;
          if (index_out != NULL)
            *index_out = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
take_char (const char **p,
           char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

static gboolean
take_digits (const char **p,
             guint        n,
             int         *value_out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *value_out = value;
  return TRUE;
}

static gboolean
take_time (const char **p,
           int         *hour,
           int         *minute,
           int         *second)
{
  return take_digits (p, 2, hour) && take_char (p, ':') &&
         take_digits (p, 2, minute) && take_char (p, ':') &&
         take_digits (p, 2, second);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era, yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return 29;

  return days[month - 1];
}

static gboolean
parse_http_date (const char *text,
                 gint64      now_unix,
                 gint64     *unix_out)
{
  const char *p = text;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;

  if (take_word (&p, short_days, G_N_ELEMENTS (short_days), NULL))
    {
      if (take_char (&p, ','))
        {
          /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
          if (!(take_char (&p, ' ') && take_digits (&p, 2, &day) && take_char (&p, ' ') &&
                take_word (&p, months, G_N_ELEMENTS (months), &month) && take_char (&p, ' ') &&
                take_digits (&p, 4, &year) && take_char (&p, ' ') &&
                take_time (&p, &hour, &minute, &second) && take_char (&p, ' ') &&
                g_ascii_strncasecmp (p, "GMT", 3) == 0))
            return FALSE;
          p += 3;
        }
      else
        {
          /* asctime: "Sun Nov  6 08:49:37 1994" */
          if (!(take_char (&p, ' ') &&
                take_word (&p, months, G_N_ELEMENTS (months), &month) && take_char (&p, ' ')))
            return FALSE;
          if (take_char (&p, ' '))
            {
              if (!take_digits (&p, 1, &day))
                return FALSE;
            }
          else if (!take_digits (&p, 2, &day))
            return FALSE;
          if (!(take_char (&p, ' ') && take_time (&p, &hour, &minute, &second) &&
                take_char (&p, ' ') && take_digits (&p, 4, &year)))
            return FALSE;
        }
    }
  else if (take_word (&p, long_days, G_N_ELEMENTS (long_days), NULL))
    {
      int current_year;

      /* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
      if (!(take_char (&p, ',') && take_char (&p, ' ') && take_digits (&p, 2, &day) &&
            take_char (&p, '-') && take_word (&p, months, G_N_ELEMENTS (months), &month) &&
            take_char (&p, '-') && take_digits (&p, 2, &year) && take_char (&p, ' ') &&
            take_time (&p, &hour, &minute, &second) && take_char (&p, ' ') &&
            g_ascii_strncasecmp (p, "GMT", 3) == 0))
        return FALSE;
      p += 3;

      /* A two-digit year more than 50 years ahead is in the past century. */
      current_year = 1970 + (int) (CLAMP (now_unix, 0, G_GINT64_CONSTANT (253402300799)) / 31556952);
      year += current_year - current_year % 100;
      if (year > current_year + 50)
        year -= 100;
    }
  else
    return FALSE;

  if (*p != '\0')
    return FALSE;

  month += 1;
  if (day < 1 || day > days_in_month (year, month) ||
      hour > 23 || minute > 59 || second > 60)
    return FALSE;

  *unix_out = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return TRUE;
}

gboolean
cutout_parse_retry_after (const char *value,
                          gint64      now_unix,
                          gint64     *seconds_out)
{
  g_autofree char *text = NULL;
  gint64 seconds;

  if (value == NULL)
    return FALSE;

  /* Optional white space around a field value is not part of it. */
  text = g_strdup (value);
  g_strstrip (text);
  if (text[0] == '\0')
    return FALSE;

  if (g_ascii_isdigit (text[0]))
    {
      seconds = 0;
      for (const char *p = text; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p))
            return FALSE;
          seconds = MIN (seconds * 10 + (*p - '0'), MAX_RETRY_AFTER);
        }
    }
  else
    {
      gint64 date;

      if (!parse_http_date (text, now_unix, &date))
        return FALSE;
      seconds = date > now_unix ? MIN (date - now_unix, MAX_RETRY_AFTER) : 0;
    }

  if (seconds_out != NULL)
    *seconds_out = seconds;

  return TRUE;
}
