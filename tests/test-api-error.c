/* test-api-error.c — tests of the CUTOUT_API_ERROR domain and of error answers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-api-error.h"

/* Sun, 06 Nov 1994 08:49:37 GMT */
#define NOV_6_1994 G_GINT64_CONSTANT (784111777)
/* 2026-05-01 00:00:00 UTC */
#define MAY_1_2026 G_GINT64_CONSTANT (1777593600)

/* Every row of API.md's error table: status, message, code, field. */
static const struct
{
  guint           status;
  const char     *message;
  CutoutApiError  code;
  const char     *field;
} table[] = {
  { 400, "No image file provided. Please include an 'image' field in your form data.",
    CUTOUT_API_ERROR_NO_IMAGE, "image" },
  { 400, "No file selected. Please choose an image file to upload.",
    CUTOUT_API_ERROR_NO_FILE_NAME, "image" },
  { 400, "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg",
    CUTOUT_API_ERROR_UNSUPPORTED_TYPE, "image" },
  { 400, "File type '' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg",
    CUTOUT_API_ERROR_UNSUPPORTED_TYPE, "image" },
  { 400, "File does not appear to be a valid image (invalid file signature)",
    CUTOUT_API_ERROR_INVALID_SIGNATURE, "image" },
  { 400, "Uploaded file is empty (0 bytes).", CUTOUT_API_ERROR_EMPTY_FILE, "image" },
  { 400, "File size (55.2 MB) exceeds the maximum allowed size of 50 MB.",
    CUTOUT_API_ERROR_FILE_TOO_LARGE, "image" },
  { 400, "Image width (12000px) exceeds the maximum allowed width of 10000px.",
    CUTOUT_API_ERROR_TOO_WIDE, "image" },
  { 400, "Image height (15000px) exceeds the maximum allowed height of 10000px.",
    CUTOUT_API_ERROR_TOO_TALL, "image" },
  { 400, "'w' must be an integer, got: 'abc'", CUTOUT_API_ERROR_NOT_AN_INTEGER, "w" },
  { 400, "'h' must be an integer, got: '12.5'", CUTOUT_API_ERROR_NOT_AN_INTEGER, "h" },
  { 400, "'w' must be at least 1, got: -5", CUTOUT_API_ERROR_BELOW_MINIMUM, "w" },
  { 400, "'h' must be at most 10000, got: 15000", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "h" },
  { 400, "'angle' must be a number, got: 'ninety'", CUTOUT_API_ERROR_NOT_A_NUMBER, "angle" },
  { 400, "'angle' must be between -360 and 360 degrees, got: 500.0",
    CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle" },
  { 400, "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP",
    CUTOUT_API_ERROR_INVALID_FORMAT, "format" },
  { 400, "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA",
    CUTOUT_API_ERROR_INVALID_COLOR, "bg_color" },
  { 400, "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.",
    CUTOUT_API_ERROR_MASK_WITH_COLOR, NULL },
  { 400, "Cannot combine periodStartUnix with year or month",
    CUTOUT_API_ERROR_PERIOD_WITH_CALENDAR, NULL },
  { 403, "Email address not verified – please check your inbox",
    CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED, NULL },
  { 401, "invalid api key", CUTOUT_API_ERROR_INVALID_KEY, NULL },
  { 400, "This is a mistake: Cannot use both API key and user token",
    CUTOUT_API_ERROR_KEY_AND_TOKEN, NULL },
  { 429, "You're making requests too quickly, Please Upgrade or slow down.",
    CUTOUT_API_ERROR_TOO_FAST, NULL },
  { 429, "You've reached your daily limit. Please sign up for more access.",
    CUTOUT_API_ERROR_DAILY_LIMIT, NULL },
  { 429, "You've reached your monthly limit. Consider purchasing more credits.",
    CUTOUT_API_ERROR_MONTHLY_LIMIT, NULL },
};

static char *
error_json (const char *message,
            guint       status)
{
  g_autofree char *escaped = g_strescape (message, "–");

  return g_strdup_printf ("{\"error\": \"%s\", \"status\": %u}", escaped, status);
}

static GError *
from_body (guint       status,
           const char *content_type,
           const char *body,
           const char *retry_after)
{
  return cutout_api_error_from_response (status, content_type, body, body != NULL ? strlen (body) : 0,
                                         retry_after, NOV_6_1994);
}

static void
test_new_and_accessors (void)
{
  g_autoptr(GError) error = cutout_api_error_new (CUTOUT_API_ERROR_TOO_FAST, 429, "slow down");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");
  GPtrArray *details;

  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_TOO_FAST);
  g_assert_cmpstr (error->message, ==, "slow down");
  g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, 429);
  g_assert_null (cutout_api_error_get_field (error));
  g_assert_null (cutout_api_error_get_details (error));
  g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, -1);
  g_assert_false (cutout_api_error_get_body_sent (error));

  cutout_api_error_set_field (error, "w");
  cutout_api_error_set_retry_after (error, 30);
  cutout_api_error_set_body_sent (error, TRUE);
  cutout_api_error_add_detail (error, "w", "'w' must be at least 1, got: -5", CUTOUT_API_ERROR_BELOW_MINIMUM);
  cutout_api_error_add_detail (error, NULL, "something", CUTOUT_API_ERROR_BAD_REQUEST);

  g_assert_cmpstr (cutout_api_error_get_field (error), ==, "w");
  g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, 30);
  g_assert_true (cutout_api_error_get_body_sent (error));
  details = cutout_api_error_get_details (error);
  g_assert_cmpuint (details->len, ==, 2);
  g_assert_cmpstr (((CutoutFieldError *) details->pdata[0])->field, ==, "w");
  g_assert_cmpint (((CutoutFieldError *) details->pdata[0])->code, ==, CUTOUT_API_ERROR_BELOW_MINIMUM);
  g_assert_null (((CutoutFieldError *) details->pdata[1])->field);
  g_assert_cmpstr (((CutoutFieldError *) details->pdata[1])->message, ==, "something");

  cutout_api_error_set_retry_after (error, -7);
  g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, -1);

  /* Errors of other domains, and no error, answer "nothing". */
  g_assert_cmpuint (cutout_api_error_get_http_status (other), ==, 0);
  g_assert_null (cutout_api_error_get_field (other));
  g_assert_null (cutout_api_error_get_details (other));
  g_assert_cmpint (cutout_api_error_get_retry_after (other), ==, -1);
  g_assert_false (cutout_api_error_get_body_sent (other));
  g_assert_false (cutout_api_error_is_transient (other));
  g_assert_false (cutout_api_error_stops_queue (other));
  g_assert_cmpuint (cutout_api_error_get_http_status (NULL), ==, 0);
  g_assert_false (cutout_api_error_is_transient (NULL));
}

static void
test_plain_g_error (void)
{
  /* An error made with g_set_error() carries the extended data too. */
  g_autoptr(GError) error = NULL;

  g_set_error (&error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK, "lost %d", 1);
  g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, -1);
  cutout_api_error_set_body_sent (error, TRUE);
  g_assert_true (cutout_api_error_get_body_sent (error));
  g_prefix_error (&error, "Upload: ");
  g_assert_cmpstr (error->message, ==, "Upload: lost 1");
  g_assert_true (cutout_api_error_get_body_sent (error));
}

static void
test_copy_keeps_data (void)
{
  GError *error = cutout_api_error_new (CUTOUT_API_ERROR_MULTIPLE_ERRORS, 400, "Multiple validation errors");
  g_autoptr(GError) copy = NULL;
  GPtrArray *original_details;
  GPtrArray *details;

  cutout_api_error_set_field (error, "bg_color");
  cutout_api_error_set_retry_after (error, 12);
  cutout_api_error_set_body_sent (error, TRUE);
  cutout_api_error_add_detail (error, "w", "'w' must be an integer, got: 'abc'", CUTOUT_API_ERROR_NOT_AN_INTEGER);
  cutout_api_error_add_detail (error, "angle", "'angle' must be a number, got: 'x'", CUTOUT_API_ERROR_NOT_A_NUMBER);

  copy = g_error_copy (error);
  original_details = cutout_api_error_get_details (error);
  details = cutout_api_error_get_details (copy);

  /* A deep copy: nothing is shared with the original. */
  g_assert_true (details != original_details);
  g_assert_true (details->pdata[0] != original_details->pdata[0]);
  g_assert_true (cutout_api_error_get_field (copy) != cutout_api_error_get_field (error));
  g_clear_error (&error);

  g_assert_error (copy, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS);
  g_assert_cmpstr (copy->message, ==, "Multiple validation errors");
  g_assert_cmpuint (cutout_api_error_get_http_status (copy), ==, 400);
  g_assert_cmpstr (cutout_api_error_get_field (copy), ==, "bg_color");
  g_assert_cmpint (cutout_api_error_get_retry_after (copy), ==, 12);
  g_assert_true (cutout_api_error_get_body_sent (copy));
  g_assert_cmpuint (details->len, ==, 2);
  g_assert_cmpstr (((CutoutFieldError *) details->pdata[0])->field, ==, "w");
  g_assert_cmpstr (((CutoutFieldError *) details->pdata[0])->message, ==, "'w' must be an integer, got: 'abc'");
  g_assert_cmpint (((CutoutFieldError *) details->pdata[0])->code, ==, CUTOUT_API_ERROR_NOT_AN_INTEGER);
  g_assert_cmpstr (((CutoutFieldError *) details->pdata[1])->field, ==, "angle");
  g_assert_cmpint (((CutoutFieldError *) details->pdata[1])->code, ==, CUTOUT_API_ERROR_NOT_A_NUMBER);

  {
    /* And a copy of an error without details has none. */
    g_autoptr(GError) plain = cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, "x");
    g_autoptr(GError) plain_copy = g_error_copy (plain);

    g_assert_null (cutout_api_error_get_details (plain_copy));
    g_assert_cmpint (cutout_api_error_get_retry_after (plain_copy), ==, -1);
  }
}

static void
test_classify (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *field = NULL;

      g_test_message ("%s", table[i].message);
      g_assert_cmpint (cutout_api_error_classify_message (table[i].status, table[i].message, &field),
                       ==, table[i].code);
      g_assert_cmpstr (field, ==, table[i].field);
    }

  {
    /* Not owned: the out argument is overwritten, never freed. */
    static char stale[] = "stale";
    char *field = stale;

    g_assert_cmpint (cutout_api_error_classify_message (400, "Something new went wrong", &field),
                     ==, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_null (field);
    g_assert_cmpint (cutout_api_error_classify_message (400, NULL, NULL), ==, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_cmpint (cutout_api_error_classify_message (400, "", NULL), ==, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_cmpint (cutout_api_error_classify_message (400, "''", NULL), ==, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_cmpint (cutout_api_error_classify_message (400, "'w", NULL), ==, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_cmpint (cutout_api_error_classify_message (400, "'w' must", NULL), ==, CUTOUT_API_ERROR_BAD_REQUEST);
  }
}

static void
test_from_response_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *body = error_json (table[i].message, table[i].status);
      g_autoptr(GError) error = from_body (table[i].status, "application/json", body, NULL);

      g_test_message ("%u %s", table[i].status, body);
      g_assert_error (error, CUTOUT_API_ERROR, (int) table[i].code);
      g_assert_cmpstr (error->message, ==, table[i].message);
      g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, table[i].status);
      g_assert_cmpstr (cutout_api_error_get_field (error), ==, table[i].status == 400 ? table[i].field : NULL);
      g_assert_null (cutout_api_error_get_details (error));
      g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, -1);
    }
}

static void
test_from_response_details (void)
{
  const char *body =
    "{\"error\": \"Multiple validation errors\","
    " \"details\": ["
    "   {\"field\": \"w\", \"message\": \"'w' must be an integer, got: 'abc'\"},"
    "   {\"field\": \"angle\", \"message\": \"'angle' must be between -360 and 360 degrees, got: 500.0\"},"
    "   {\"message\": \"Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP\"},"
    "   {\"field\": \"bg_color\", \"message\": \"Invalid color format '#1'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA\"}"
    " ],"
    " \"status\": 400}";
  g_autoptr(GError) error = from_body (400, "application/json", body, NULL);
  GPtrArray *details;
  CutoutFieldError *detail;

  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS);
  g_assert_cmpstr (error->message, ==, "Multiple validation errors");
  g_assert_null (cutout_api_error_get_field (error));
  details = cutout_api_error_get_details (error);
  g_assert_cmpuint (details->len, ==, 4);

  detail = details->pdata[0];
  g_assert_cmpstr (detail->field, ==, "w");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_NOT_AN_INTEGER);
  g_assert_cmpstr (detail->message, ==, "'w' must be an integer, got: 'abc'");
  detail = details->pdata[1];
  g_assert_cmpstr (detail->field, ==, "angle");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE);
  /* Without a "field", the one the message names is taken. */
  detail = details->pdata[2];
  g_assert_cmpstr (detail->field, ==, "format");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_INVALID_FORMAT);
  detail = details->pdata[3];
  g_assert_cmpstr (detail->field, ==, "bg_color");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_INVALID_COLOR);
}

static void
test_from_response_status_rules (void)
{
  static const struct
  {
    guint           status;
    const char     *body;
    CutoutApiError  code;
    const char     *message;
  } cases[] = {
    /* 401/403 by status, whatever the wording. */
    { 401, "{\"error\": \"Unauthorized\", \"status\": 401}", CUTOUT_API_ERROR_INVALID_KEY, "Unauthorized" },
    { 403, "{\"error\": \"Forbidden\"}", CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED, "Forbidden" },
    /* 429 by its message; an unknown one means "wait". */
    { 429, "{\"error\": \"Slow down, please\", \"status\": 429}", CUTOUT_API_ERROR_TOO_FAST, "Slow down, please" },
    { 429, "{\"error\": \"Daily quota exhausted\"}", CUTOUT_API_ERROR_DAILY_LIMIT, "Daily quota exhausted" },
    { 429, "{\"error\": \"Monthly quota exhausted\"}", CUTOUT_API_ERROR_MONTHLY_LIMIT, "Monthly quota exhausted" },
    /* 5xx keeps the server's own words. */
    { 500, "{\"error\": \"Model crashed\", \"status\": 500}", CUTOUT_API_ERROR_SERVER_ERROR, "Model crashed" },
    { 503, "{\"error\": \"Overloaded\", \"status\": 503}", CUTOUT_API_ERROR_SERVER_ERROR, "Overloaded" },
    /* Other 4xx, and unknown 400s. */
    { 404, "{\"error\": \"Not found\", \"status\": 404}", CUTOUT_API_ERROR_BAD_REQUEST, "Not found" },
    { 413, "{\"error\": \"Request Entity Too Large\"}", CUTOUT_API_ERROR_BAD_REQUEST, "Request Entity Too Large" },
    { 400, "{\"error\": \"Something new\", \"status\": 400}", CUTOUT_API_ERROR_BAD_REQUEST, "Something new" },
    /* Extra members and a "status" of the wrong type do not matter. */
    { 400, "{\"status\": \"four hundred\", \"error\": \"invalid api key\", \"x\": [1, {\"y\": null}]}",
      CUTOUT_API_ERROR_INVALID_KEY, "invalid api key" },
    { 400, "{\"error\": \"'w' must be at most 10000, got: 15000\", \"status\": 1e999999,"
           " \"details\": [1, \"a\", null, {\"field\": 5, \"message\": \"'h' must be at least 1, got: -1\"},"
           " {\"message\": null}, {\"field\": \"w\"}]}",
      CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'w' must be at most 10000, got: 15000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = from_body (cases[i].status, "application/json", cases[i].body, NULL);

      g_test_message ("%u %s", cases[i].status, cases[i].body);
      g_assert_error (error, CUTOUT_API_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, cases[i].status);
    }

  {
    /* The wrong-typed detail entries are skipped, the good one kept. */
    g_autoptr(GError) error = from_body (400, "application/json", cases[G_N_ELEMENTS (cases) - 1].body, NULL);
    GPtrArray *details = cutout_api_error_get_details (error);

    g_assert_cmpstr (cutout_api_error_get_field (error), ==, "w");
    g_assert_cmpuint (details->len, ==, 1);
    g_assert_cmpstr (((CutoutFieldError *) details->pdata[0])->field, ==, "h");
    g_assert_cmpint (((CutoutFieldError *) details->pdata[0])->code, ==, CUTOUT_API_ERROR_BELOW_MINIMUM);
  }
}

static void
test_from_response_unreadable (void)
{
  static const struct
  {
    guint           status;
    const char     *content_type;
    const char     *body;
    CutoutApiError  code;
    const char     *message;
  } cases[] = {
    { 502, "text/html",
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      CUTOUT_API_ERROR_SERVER_ERROR,
      "The service answered with an error (HTTP 502 Bad Gateway) and no readable explanation." },
    { 500, NULL, "", CUTOUT_API_ERROR_SERVER_ERROR,
      "The service answered with an error (HTTP 500 Internal Server Error) and no readable explanation." },
    { 500, "application/json", NULL, CUTOUT_API_ERROR_SERVER_ERROR,
      "The service answered with an error (HTTP 500 Internal Server Error) and no readable explanation." },
    { 400, "application/json", "{\"error\": \"'w' must be an int", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 400 Bad Request) and no readable explanation." },
    { 429, "application/json", "{\"error\": \"You're making requests too quickly", CUTOUT_API_ERROR_TOO_FAST,
      "The service answered with an error (HTTP 429 Too Many Requests) and no readable explanation." },
    { 400, "application/json", "[\"error\", \"x\"]", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 400 Bad Request) and no readable explanation." },
    { 400, "application/json", "{\"message\": \"invalid api key\"}", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 400 Bad Request) and no readable explanation." },
    { 401, "application/json", "{\"error\": 401}", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 401 Unauthorized) and no readable explanation." },
    { 403, "application/json", "{\"error\": {\"message\": \"x\"}}", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 403 Forbidden) and no readable explanation." },
    { 400, "application/json", "{\"error\": \"\"}", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 400 Bad Request) and no readable explanation." },
    { 400, "application/json", "\"invalid api key\"", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 400 Bad Request) and no readable explanation." },
    { 503, "application/json", "null", CUTOUT_API_ERROR_SERVER_ERROR,
      "The service answered with an error (HTTP 503 Service Unavailable) and no readable explanation." },
    { 599, "text/plain", "oops", CUTOUT_API_ERROR_SERVER_ERROR,
      "The service answered with an error (HTTP 599) and no readable explanation." },
    { 418, "text/plain", "I'm a teapot", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service answered with an error (HTTP 418) and no readable explanation." },
    { 200, "text/html", "<html></html>", CUTOUT_API_ERROR_UNEXPECTED_RESPONSE,
      "The service sent an answer that could not be read (HTTP 200 OK)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = from_body (cases[i].status, cases[i].content_type, cases[i].body, NULL);

      g_test_message ("%u %s", cases[i].status, cases[i].body);
      g_assert_error (error, CUTOUT_API_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, cases[i].status);
      g_assert_null (cutout_api_error_get_details (error));
      g_assert_null (cutout_api_error_get_field (error));
    }
}

static void
test_from_response_hostile (void)
{
  gsize len = 4 * 1024 * 1024;
  g_autofree char *deep = g_malloc (len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) nul_error = NULL;
  g_autoptr(GError) utf8_error = NULL;
  const char with_nul[] = "{\"error\": \"a\0b\"}";
  const char bad_utf8[] = "{\"error\": \"\xff\xfe\"}";

  /* json-glib 1.6 would overflow the stack on this; it is refused first. */
  memset (deep, '[', len);
  error = cutout_api_error_from_response (500, "application/json", deep, len, NULL, 0);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_SERVER_ERROR);
  g_clear_error (&error);

  /* The same inside a member of an otherwise good object. */
  memcpy (deep, "{\"error\": \"x\", \"y\": ", 20);
  error = cutout_api_error_from_response (400, "application/json", deep, len, NULL, 0);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  {
    g_autoptr(GString) body = g_string_new ("{\"error\": \"");
    g_autoptr(GError) ok_error = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append (body, "[{");
    g_string_append (body, "\\\"\"}");
    ok_error = from_body (404, "application/json", body->str, NULL);
    g_assert_error (ok_error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_BAD_REQUEST);
    g_assert_cmpuint (strlen (ok_error->message), ==, 2001);
  }

  nul_error = cutout_api_error_from_response (400, "application/json", with_nul, sizeof with_nul - 1, NULL, 0);
  g_assert_error (nul_error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  utf8_error = cutout_api_error_from_response (400, "application/json", bad_utf8, sizeof bad_utf8 - 1, NULL, 0);
  g_assert_error (utf8_error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);

  /* The body need not be NUL-terminated: only body_len bytes are read. */
  {
    const char *valid = "{\"error\": \"invalid api key\"}GARBAGE";
    g_autoptr(GError) cut_error = cutout_api_error_from_response (401, NULL, valid, 28, NULL, 0);

    g_assert_error (cut_error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY);
    g_assert_cmpstr (cut_error->message, ==, "invalid api key");
  }
}

static void
test_from_response_random (void)
{
  const char *seed = "{\"error\": \"Multiple validation errors\", \"details\": [{\"field\": \"w\","
                     " \"message\": \"'w' must be an integer, got: 'abc'\"}], \"status\": 400}";
  gsize seed_len = strlen (seed);
  GRand *rand = g_rand_new_with_seed (20260501);

  /* Mutations of a good answer and plain noise: always an error of the
   * domain with a readable message, never a crash or a warning. */
  for (guint round = 0; round < 20000; round++)
    {
      g_autofree char *body = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;
      guint status = g_rand_int_range (rand, 100, 600);

      if (round % 2 == 0)
        {
          body = g_memdup2 (seed, seed_len);
          len = g_rand_int_range (rand, 0, seed_len + 1);
          for (guint k = 0; k < 3; k++)
            if (len > 0)
              body[g_rand_int_range (rand, 0, len)] = (char) g_rand_int_range (rand, 0, 256);
        }
      else
        {
          len = g_rand_int_range (rand, 0, 64);
          body = g_malloc (len + 1);
          for (gsize k = 0; k < len; k++)
            body[k] = "{}[]\",:0123456789.eE-+ truefalsnul\\u'"[g_rand_int_range (rand, 0, 37)];
        }

      error = cutout_api_error_from_response (status, "application/json", body, len, "garbage", 0);
      g_assert_true (error != NULL && error->domain == CUTOUT_API_ERROR);
      g_assert_true (error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpint (cutout_api_error_get_retry_after (error), ==, -1);
    }

  g_rand_free (rand);
}

static void
test_retry_after_parse (void)
{
  static const struct
  {
    const char *value;
    gint64      now;
    gboolean    ok;
    gint64      seconds;
  } cases[] = {
    { "120", 0, TRUE, 120 },
    { "0", 0, TRUE, 0 },
    { " 30 ", 0, TRUE, 30 },
    { "007", 0, TRUE, 7 },
    { "99999999999999999999999", 0, TRUE, G_MAXINT32 },
    { "-5", 0, FALSE, 0 },
    { "+5", 0, FALSE, 0 },
    { "1.5", 0, FALSE, 0 },
    { "12abc", 0, FALSE, 0 },
    { "abc", 0, FALSE, 0 },
    { "", 0, FALSE, 0 },
    { "   ", 0, FALSE, 0 },
    /* The three HTTP-date forms of RFC 9110, 60 s ahead. */
    { "Sun, 06 Nov 1994 08:49:37 GMT", NOV_6_1994 - 60, TRUE, 60 },
    { "Sunday, 06-Nov-94 08:49:37 GMT", NOV_6_1994 - 60, TRUE, 60 },
    { "Sun Nov  6 08:49:37 1994", NOV_6_1994 - 60, TRUE, 60 },
    { "Sun Nov 16 08:49:37 1994", NOV_6_1994, TRUE, 10 * 86400 },
    /* A date in the past means "now". */
    { "Sun, 06 Nov 1994 08:49:37 GMT", NOV_6_1994 + 3600, TRUE, 0 },
    { "Thu, 29 Feb 1996 12:00:00 GMT", 825595200 - 1, TRUE, 1 },
    { "Tue, 29 Feb 2000 00:00:00 GMT", 951782400 - 2, TRUE, 2 },
    /* RFC 850's two-digit year: within 50 years ahead, else last century. */
    { "Thursday, 01-Jan-70 00:00:00 GMT", MAY_1_2026, TRUE, G_GINT64_CONSTANT (3155760000) - MAY_1_2026 },
    { "Thursday, 01-Jan-80 00:00:00 GMT", MAY_1_2026, TRUE, 0 },
    { "Sun, 06 Nov 1994 08:49:37", NOV_6_1994, FALSE, 0 },
    { "Sun, 06 Nov 1994 08:49:37 GMT junk", NOV_6_1994, FALSE, 0 },
    { "Sun, 32 Nov 1994 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sun, 29 Feb 1995 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sun, 06 Foo 1994 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sun, 06 Nov 1994 24:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sun, 6 Nov 1994 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Xyz, 06 Nov 1994 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sunday, 06-Nov-1994 08:49:37 GMT", NOV_6_1994, FALSE, 0 },
    { "Sun Nov 6 08:49:37 1994", NOV_6_1994, FALSE, 0 },
    { "Sun", NOV_6_1994, FALSE, 0 },
    { "Sun,", NOV_6_1994, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 seconds = -42;

      g_test_message ("Retry-After: '%s'", cases[i].value);
      g_assert_cmpint (cutout_parse_retry_after (cases[i].value, cases[i].now, &seconds), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (seconds, ==, cases[i].seconds);
      else
        g_assert_cmpint (seconds, ==, -42);
    }

  g_assert_false (cutout_parse_retry_after (NULL, 0, NULL));
}

static void
test_retry_after_in_response (void)
{
  g_autofree char *body = error_json ("You're making requests too quickly, Please Upgrade or slow down.", 429);
  g_autoptr(GError) delta = from_body (429, "application/json", body, "17");
  g_autoptr(GError) date = from_body (429, "application/json", body, "Sun, 06 Nov 1994 08:50:37 GMT");
  g_autoptr(GError) garbage = from_body (429, "application/json", body, "soon");
  g_autoptr(GError) none = from_body (429, "application/json", body, NULL);
  g_autoptr(GError) html = from_body (503, "text/html", "<h1>down</h1>", "5");

  g_assert_error (delta, CUTOUT_API_ERROR, CUTOUT_API_ERROR_TOO_FAST);
  g_assert_cmpint (cutout_api_error_get_retry_after (delta), ==, 17);
  g_assert_cmpint (cutout_api_error_get_retry_after (date), ==, 60);
  g_assert_cmpint (cutout_api_error_get_retry_after (garbage), ==, -1);
  g_assert_cmpint (cutout_api_error_get_retry_after (none), ==, -1);
  g_assert_error (html, CUTOUT_API_ERROR, CUTOUT_API_ERROR_SERVER_ERROR);
  g_assert_cmpint (cutout_api_error_get_retry_after (html), ==, 5);
}

static void
test_transient_and_stop (void)
{
  for (int code = CUTOUT_API_ERROR_NO_IMAGE; code <= CUTOUT_API_ERROR_INSECURE_URL; code++)
    {
      g_autoptr(GError) error = cutout_api_error_new (code, 0, "x");
      gboolean transient = code == CUTOUT_API_ERROR_NETWORK ||
                           code == CUTOUT_API_ERROR_SERVER_ERROR ||
                           code == CUTOUT_API_ERROR_TOO_FAST ||
                           code == CUTOUT_API_ERROR_UNEXPECTED_RESPONSE;
      gboolean stops = code == CUTOUT_API_ERROR_INVALID_KEY ||
                       code == CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED ||
                       code == CUTOUT_API_ERROR_DAILY_LIMIT ||
                       code == CUTOUT_API_ERROR_MONTHLY_LIMIT ||
                       code == CUTOUT_API_ERROR_KEY_AND_TOKEN;

      g_assert_cmpint (cutout_api_error_is_transient (error), ==, transient);
      g_assert_cmpint (cutout_api_error_stops_queue (error), ==, stops);
      /* Nothing is both. */
      g_assert_false (transient && stops);
    }
}

static void
test_json_depth (void)
{
  const char *shallow = "{\"a\": [1, {\"b\": [2]}]}";
  const char *strings = "{\"a\": \"[[[[[[\\\"[[[[\"}";

  g_assert_true (cutout_json_depth_is_safe (shallow, strlen (shallow), 4));
  g_assert_false (cutout_json_depth_is_safe (shallow, strlen (shallow), 3));
  g_assert_true (cutout_json_depth_is_safe (strings, strlen (strings), 1));
  g_assert_true (cutout_json_depth_is_safe ("", 0, 0));
  g_assert_true (cutout_json_depth_is_safe ("]]]}}}[", 7, 1));

  /* The fuzzer's findings: json-glib also reads C comments and '…'
   * strings, so a quote inside them must not hide brackets. */
  g_assert_false (cutout_json_depth_is_safe ("/* \" */[[]]", 12, 1));
  g_assert_false (cutout_json_depth_is_safe ("['\"',[]]", 8, 1));
  g_assert_true (cutout_json_depth_is_safe ("['[[[',1]", 9, 1));
  g_assert_true (cutout_json_depth_is_safe ("[/* [[[ */1]", 12, 1));
  /* json-glib 1.6 also skips "/…/" as a comment (the fuzzer's second
   * finding): a quote inside it must not hide brackets either. */
  g_assert_false (cutout_json_depth_is_safe ("/\"***/[[[[],3]]]", 16, 2));
  g_assert_true (cutout_json_depth_is_safe ("//[1]", 5, 1));
  /* A backslash does not escape inside '…' (GScanner's rule). */
  g_assert_false (cutout_json_depth_is_safe ("['\\',[]]", 8, 1));
}

static void
test_json_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *good = "{\"membership\": \"Premium-20000\", \"credits\": 18500}";

  parser = cutout_json_parse (good, strlen (good), 200, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_clear_object (&parser);

  /* Deep nesting never reaches json-glib's recursive parser, not even
   * behind a comment holding a quote. */
  g_string_append (deep, "/* \" */");
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  parser = cutout_json_parse (deep->str, deep->len, 200, &error);
  g_assert_null (parser);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (error->message, ==, "The service's answer could not be read: it is nested too deeply.");
  g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, 200);
  g_clear_error (&error);

  /* json-glib's own message may quote bytes that are not UTF-8. */
  {
    const char *surrogate = "{\"membership\": \"\\ud8//le\": {\"e-1 2}}";
    parser = cutout_json_parse (surrogate, strlen (surrogate), 200, &error);
  }
  g_assert_null (parser);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  parser = cutout_json_parse ("{\"credits\": ", 12, 200, &error);
  g_assert_null (parser);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, "The service's answer could not be read: "));
}

static void
test_json_second_value (void)
{
  static const char *const refused[] = {
    "1[2]", "{}{}", "[1][2]", "\"x\" {\"a\": 1}", "true[1]", "[1]/* c */[2]", "[1] /x/ {}",
    "{\"error\": \"invalid api key\"}{\"a\": 1}",
  };
  static const char *const accepted[] = {
    "[1]", " \r\n\t{\"a\": [1, {\"b\": 2}]}", "/* c */[1]", "//[1]", "\xef\xbb\xbf[1]", "\"[1][2]\"", "'{}'",
  };

  /* json-glib 1.6 accepts a value followed directly by an array or object
   * as the first value and leaks the second one; JSON allows one value. */
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = cutout_json_parse (refused[i], strlen (refused[i]), 200, &error);

      g_test_message ("refused: %s", refused[i]);
      g_assert_null (parser);
      g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
      g_assert_cmpstr (error->message, ==,
                       "The service's answer could not be read: it holds more than one JSON value.");
      g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, 200);
      /* It is not a depth problem. */
      g_assert_true (cutout_json_depth_is_safe (refused[i], strlen (refused[i]), 2));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = cutout_json_parse (accepted[i], strlen (accepted[i]), 200, &error);

      g_test_message ("accepted: %s", accepted[i]);
      g_assert_no_error (error);
      g_assert_nonnull (json_parser_get_root (parser));
    }

  /* An error answer followed by a second object is not the service's
   * answer: it is unreadable, not "invalid api key". */
  {
    const char *body = "{\"error\": \"invalid api key\"}{\"a\": 1}";
    g_autoptr(GError) error = cutout_api_error_from_response (401, "application/json", body, strlen (body), NULL, 0);

    g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE);
    g_assert_cmpstr (error->message, ==,
                     "The service answered with an error (HTTP 401 Unauthorized) and no readable explanation.");
  }

  /* Too deep wins, wherever the second value starts. */
  g_assert_false (cutout_json_depth_is_safe ("1[[[", 4, 2));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api-error/new-and-accessors", test_new_and_accessors);
  g_test_add_func ("/api-error/plain-g-error", test_plain_g_error);
  g_test_add_func ("/api-error/copy-keeps-data", test_copy_keeps_data);
  g_test_add_func ("/api-error/classify", test_classify);
  g_test_add_func ("/api-error/from-response/table", test_from_response_table);
  g_test_add_func ("/api-error/from-response/details", test_from_response_details);
  g_test_add_func ("/api-error/from-response/status-rules", test_from_response_status_rules);
  g_test_add_func ("/api-error/from-response/unreadable", test_from_response_unreadable);
  g_test_add_func ("/api-error/from-response/hostile", test_from_response_hostile);
  g_test_add_func ("/api-error/from-response/random", test_from_response_random);
  g_test_add_func ("/api-error/retry-after/parse", test_retry_after_parse);
  g_test_add_func ("/api-error/retry-after/in-response", test_retry_after_in_response);
  g_test_add_func ("/api-error/transient-and-stop", test_transient_and_stop);
  g_test_add_func ("/api-error/json-depth", test_json_depth);
  g_test_add_func ("/api-error/json-parse", test_json_parse);
  g_test_add_func ("/api-error/json-second-value", test_json_second_value);

  return g_test_run ();
}
