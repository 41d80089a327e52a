/* test-fake-server.c — the fake Rembg server against API.md, spoken to with plain libsoup
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server and a plain SoupSession (not the app's client: these
 * tests check the test double itself) share this thread's default main
 * context, both asynchronous: each request is sent with an _async call
 * and the test iterates the context until the answer is complete, while
 * the server answers from the same loop. Only the server's image
 * processing runs in worker threads.
 */

#include <string.h>

#include "test-fake-server-util.h"

/* Error table: the image part. */

static void
test_image_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) gif = g_bytes_new_static ("GIF89a, not accepted", 20);
  g_autoptr(GBytes) wide = fake_png (f, 12000, 100, 4096);
  g_autoptr(GBytes) tall = fake_png (f, 100, 15000, 4096);
  g_autoptr(GBytes) huge = fake_png (f, 100, 100, 57881395);   /* 55.2 MiB */
  g_autoptr(GBytes) limit = fake_png (f, 100, 100, 50 * 1024 * 1024 + 1);
  const struct {
    const char *filename;
    GBytes     *bytes;
    const char *message;
  } rows[] = {
    { NULL, png, MSG_NO_IMAGE },                     /* a text field called "image" */
    { "", png, "No file selected. Please choose an image file to upload." },
    { "virus.EXE", png, "File type '.exe' is not supported. " ALLOWED_TYPES },
    { "noextension", png, "File type '' is not supported. " ALLOWED_TYPES },
    { "anim.gif", png, "File type '.gif' is not supported. " ALLOWED_TYPES },
    { "empty.png", empty, "Uploaded file is empty (0 bytes)." },
    { "huge.png", huge, "File size (55.2 MB) exceeds the maximum allowed size of 50 MB." },
    { "limit.png", limit, "File size (50.0 MB) exceeds the maximum allowed size of 50 MB." },
    { "fake.jpg", gif, "File does not appear to be a valid image (invalid file signature)" },
    { "wide.png", wide, "Image width (12000px) exceeds the maximum allowed width of 10000px." },
    { "tall.png", tall, "Image height (15000px) exceeds the maximum allowed height of 10000px." },
  };
  g_auto(Reply) reply = { 0 };

  /* No image part at all. */
  post_rmbg (f, KEY, NULL, NULL, NULL, &reply);
  assert_error (&reply, 400, MSG_NO_IMAGE);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("image row %u: %s", i, rows[i].message);
      post_rmbg (f, KEY, rows[i].filename, rows[i].bytes, NULL, &reply);
      assert_error (&reply, 400, rows[i].message);
    }

  /* The extension is case-insensitive and need not match the bytes. */
  {
    const char *fields[] = { "format", "png", NULL };
    g_autoptr(GdkPixbuf) out = NULL;

    post_rmbg (f, KEY, "PHOTO.JPEG", png, fields, &reply);
    out = assert_image (&reply, "image/png", 40, 30);
  }

  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 1);
}

/* Error table: the option fields, one at a time and several at once. */

static void
test_field_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  const struct {
    const char *field;
    const char *value;
    const char *message;
  } rows[] = {
    { "w", "abc", "'w' must be an integer, got: 'abc'" },
    { "w", "12.5", "'w' must be an integer, got: '12.5'" },
    { "w", "", "'w' must be an integer, got: ''" },
    { "w", "-5", "'w' must be at least 1, got: -5" },
    { "w", "15000", "'w' must be at most 10000, got: 15000" },
    { "h", "ten", "'h' must be an integer, got: 'ten'" },
    { "h", "-1", "'h' must be at least 1, got: -1" },
    { "h", "10001", "'h' must be at most 10000, got: 10001" },
    { "angle", "ninety", "'angle' must be a number, got: 'ninety'" },
    { "angle", "nan", "'angle' must be a number, got: 'nan'" },
    { "angle", "-inf", "'angle' must be a number, got: '-inf'" },
    { "angle", "500", "'angle' must be between -360 and 360 degrees, got: 500.0" },
    { "angle", "12.5e2", "'angle' must be between -360 and 360 degrees, got: 1250.0" },
    { "angle", "-400.25", "'angle' must be between -360 and 360 degrees, got: -400.25" },
    { "angle", "1e20", "'angle' must be between -360 and 360 degrees, got: 1e+20" },
    { "format", "gif", "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "format", "jpg", "Invalid format 'jpg'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "bg_color", "#12345", "Invalid color format '#12345'. " COLOR_HINT },
    { "bg_color", "#ggg", "Invalid color format '#ggg'. " COLOR_HINT },
    { "bg_color", "reddish", "Invalid color format 'reddish'. " COLOR_HINT },
  };
  const struct {
    const char *field;
    const char *value;
  } accepted[] = {
    { "w", "0" }, { "h", "0" }, { "w", " 20 " }, { "w", "+20" }, { "w", "1_0" },
    { "w", "10000" }, { "angle", "90.0" }, { "angle", "-360" }, { "angle", "1e2" },
    { "format", "PNG" }, { "format", "Jpeg" }, { "format", "webp" }, { "format", "BMP" },
    { "bg_color", "RebeccaPurple" }, { "bg_color", "#ABC" }, { "bg_color", "#abcd" },
    { "bg_color", "#00ff0080" }, { "bg_color", "transparent" },
  };
  g_auto(Reply) reply = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *fields[] = { rows[i].field, rows[i].value, NULL };

      g_test_message ("field row %u: %s", i, rows[i].message);
      post_rmbg (f, KEY, "a.png", png, fields, &reply);
      assert_error (&reply, 400, rows[i].message);
    }

  cutout_fake_server_set_processing (f->server, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      const char *fields[] = { accepted[i].field, accepted[i].value, NULL };

      post_rmbg (f, KEY, "a.png", png, fields, &reply);
      g_assert_no_error (reply.error);
      g_assert_cmpuint (reply.status, ==, 200);
    }

  /* Several at once: every failing field, in the order w, h, angle,
   * format, bg_color, whatever the order of the form. */
  {
    const char *fields[] = {
      "bg_color", "#12345", "format", "gif", "angle", "500", "h", "-5", "w", "abc", NULL,
    };
    const char *expected[][2] = {
      { "w", "'w' must be an integer, got: 'abc'" },
      { "h", "'h' must be at least 1, got: -5" },
      { "angle", "'angle' must be between -360 and 360 degrees, got: 500.0" },
      { "format", "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP" },
      { "bg_color", "Invalid color format '#12345'. " COLOR_HINT },
    };
    g_autoptr(JsonObject) object = NULL;
    JsonArray *details;

    post_rmbg (f, KEY, "a.png", png, fields, &reply);
    object = assert_json (&reply, 400);
    g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "Multiple validation errors");
    g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 400);
    details = json_object_get_array_member (object, "details");
    g_assert_cmpuint (json_array_get_length (details), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *detail = json_array_get_object_element (details, i);

        g_assert_cmpstr (json_object_get_string_member (detail, "field"), ==, expected[i][0]);
        g_assert_cmpstr (json_object_get_string_member (detail, "message"), ==, expected[i][1]);
      }
  }

  /* Two failing fields are already "several". */
  {
    const char *fields[] = { "w", "-1", "format", "tiff", NULL };
    g_autoptr(JsonObject) object = NULL;

    post_rmbg (f, KEY, "a.png", png, fields, &reply);
    object = assert_json (&reply, 400);
    g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "Multiple validation errors");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "details")), ==, 2);
  }

  /* mask with bg_color; a wrong color is reported as such first. */
  {
    const char *both[] = { "mask", "true", "bg_color", "red", NULL };
    const char *bad_color[] = { "mask", "TRUE", "bg_color", "#12345", NULL };
    const char *no_mask[] = { "mask", "false", "bg_color", "red", NULL };

    post_rmbg (f, KEY, "a.png", png, both, &reply);
    assert_error (&reply, 400, MSG_MASK_COLOR);
    post_rmbg (f, KEY, "a.png", png, bad_color, &reply);
    assert_error (&reply, 400, "Invalid color format '#12345'. " COLOR_HINT);
    post_rmbg (f, KEY, "a.png", png, no_mask, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }

  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, G_N_ELEMENTS (accepted) + 1);
}

/* The steps answer in the agreed order. */
static void
test_check_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  const char *bad_field[] = { "w", "abc", NULL };
  const char *mask_color[] = { "mask", "1", "bg_color", "blue", NULL };
  g_auto(Reply) reply = { 0 };

  /* Faults before authentication. */
  cutout_fake_server_fail_next (f->server, 1, 503, FALSE, -1);
  post_rmbg (f, "no-such-key", NULL, NULL, NULL, &reply);
  assert_error (&reply, 503, "Service Unavailable");

  /* Authentication before the image, the image before the fields, the
   * fields before mask + bg_color. */
  post_rmbg (f, "no-such-key", NULL, NULL, bad_field, &reply);
  assert_error (&reply, 401, "invalid api key");
  post_rmbg (f, KEY, NULL, NULL, bad_field, &reply);
  assert_error (&reply, 400, MSG_NO_IMAGE);
  post_rmbg (f, KEY, "a.png", png, bad_field, &reply);
  assert_error (&reply, 400, "'w' must be an integer, got: 'abc'");

  /* mask + bg_color before the credits. */
  cutout_fake_server_set_plan (f->server, "Empty", 10, 0);
  cutout_fake_server_set_usage (f->server, 4, 6);
  post_rmbg (f, KEY, "a.png", png, mask_color, &reply);
  assert_error (&reply, 400, MSG_MASK_COLOR);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_MONTHLY);
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 0);
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autofree char *url = g_strconcat (cutout_fake_server_get_url (f->server), "/rmbg", NULL);
  GPtrArray *requests;
  g_auto(Reply) reply = { 0 };

  post_rmbg (f, "wrong", "a.png", png, NULL, &reply);
  assert_error (&reply, 401, "invalid api key");
  post_rmbg (f, "", "a.png", png, NULL, &reply);
  assert_error (&reply, 401, "invalid api key");
  post_rmbg (f, CUTOUT_FAKE_SERVER_UNVERIFIED_KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 403, "Email address not verified \u2013 please check your inbox");

  /* A key and a user token together. */
  {
    g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessage) msg = NULL;
    SoupMessageHeaders *headers;

    soup_multipart_append_form_file (multipart, "image", "a.png", "image/png", png);
    msg = soup_message_new_from_multipart (url, multipart);
    headers = soup_message_get_request_headers (msg);
    soup_message_headers_append (headers, "x-api-key", KEY);
    soup_message_headers_append (headers, "Authorization", "Bearer some-user-token");
    send_message (f, msg, &reply);
    assert_error (&reply, 400, "This is a mistake: Cannot use both API key and user token");
  }

  /* A key added later works; no key at all is anonymous. */
  cutout_fake_server_add_key (f->server, "another-key");
  post_rmbg (f, "another-key", "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  post_rmbg (f, NULL, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);

  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 6);
  g_assert_true (((CutoutFakeRequest *) g_ptr_array_index (requests, 4))->had_api_key);
  g_assert_false (((CutoutFakeRequest *) g_ptr_array_index (requests, 5))->had_api_key);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_set_processing (f->server, FALSE);
  cutout_fake_server_set_rate_limit (f->server, 2, 60000, 7);
  for (int i = 0; i < 2; i++)
    {
      post_rmbg (f, KEY, "a.png", png, NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
    }
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_TOO_QUICKLY);
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "7");

  /* Without Retry-After; the window passes. */
  cutout_fake_server_set_rate_limit (f->server, 1, 300, -1);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_TOO_QUICKLY);
  g_assert_null (soup_message_headers_get_one (reply.headers, "Retry-After"));
  g_usleep (350 * 1000);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);

  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 4);
}

static void
test_daily_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  const char *bad[] = { "w", "-1", NULL };
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_set_anonymous_daily_limit (f->server, 2);
  /* A refused request uses none of the allowance. */
  post_rmbg (f, NULL, "a.png", png, bad, &reply);
  assert_error (&reply, 400, "'w' must be at least 1, got: -1");
  for (int i = 0; i < 2; i++)
    {
      post_rmbg (f, NULL, "a.png", png, NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
    }
  post_rmbg (f, NULL, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_DAILY);
  g_assert_null (soup_message_headers_get_one (reply.headers, "Retry-After"));

  /* With a key the account's credits count instead. */
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
}

static void
test_credits (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  GPtrArray *requests;
  g_autoptr(JsonObject) usage = NULL;
  g_auto(Reply) reply = { 0 };
  JsonObject *cycle;
  gint64 app, api;

  /* One included credit left, then two prepaid ones. */
  cutout_fake_server_set_plan (f->server, "Tiny-5", 5, 2);
  cutout_fake_server_set_usage (f->server, 2, 2);

  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (cutout_fake_server_get_prepaid_credits (f->server), ==, 2);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (cutout_fake_server_get_prepaid_credits (f->server), ==, 1);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (cutout_fake_server_get_prepaid_credits (f->server), ==, 0);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  assert_error (&reply, 429, MSG_MONTHLY);

  cutout_fake_server_get_usage (f->server, &app, &api);
  g_assert_cmpint (app, ==, 2);
  g_assert_cmpint (api, ==, 5);

  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      CutoutFakeRequest *request = g_ptr_array_index (requests, i);

      g_assert_true (request->charged == (i < 3));
      g_assert_cmpuint (request->status, ==, i < 3 ? 200 : 429);
    }
  g_assert_cmpuint (cutout_fake_server_count_charged (f->server), ==, 3);

  /* The usage endpoint agrees. */
  get_usage (f, KEY, "expand=billing_cycle", &reply);
  usage = assert_json (&reply, 200);
  g_assert_cmpstr (json_object_get_string_member (usage, "membership"), ==, "Tiny-5");
  g_assert_cmpint (member_int (usage, "credits"), ==, 5);
  g_assert_cmpint (member_int (usage, "prepaidCredits"), ==, 0);
  g_assert_cmpint (member_int (usage, "app_usage"), ==, 2);
  g_assert_cmpint (member_int (usage, "api_usage"), ==, 5);
  cycle = json_object_get_object_member (usage, "billingCycle");
  g_assert_cmpint (member_int (cycle, "usedIncludedCredits"), ==, 7);
  g_assert_cmpint (member_int (cycle, "remainingIncludedCredits"), ==, 0);
  g_assert_cmpint (member_int (cycle, "prepaidCredits"), ==, 0);

  /* Buying credits again lets the next one through. */
  cutout_fake_server_set_plan (f->server, "Tiny-5", 5, 1);
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (cutout_fake_server_get_prepaid_credits (f->server), ==, 0);
}

/* The usage endpoint. */

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute,
     int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static void
assert_usage (Fixture    *f,
              const char *query,
              gint64      app,
              gint64      api)
{
  g_autoptr(JsonObject) object = usage_ok (f, query);

  g_test_message ("usage query: %s", query != NULL ? query : "(none)");
  g_assert_cmpint (member_int (object, "app_usage"), ==, app);
  g_assert_cmpint (member_int (object, "api_usage"), ==, api);
}

/* A fixed "now" (2026-03-15 12:00 UTC) inside the period 10 March – 8 April,
 * a past cycle from 8 February, and February's own counters. */
#define NOW         utc (2026, 3, 15, 12, 0, 0)
#define P0          utc (2026, 3, 10, 0, 0, 0)
#define P1          (utc (2026, 4, 9, 0, 0, 0) - 1)
#define Q0          utc (2026, 2, 8, 0, 0, 0)

static void
set_up_account (Fixture *f)
{
  cutout_fake_server_set_time (f->server, NOW);
  cutout_fake_server_set_period (f->server, P0, P1, TRUE);
  cutout_fake_server_set_usage (f->server, 100, 200);
  cutout_fake_server_set_month_usage (f->server, 2026, 2, 7, 8);
  /* A past cycle's usage also counts in the month it started in. */
  cutout_fake_server_add_past_cycle (f->server, Q0, P0 - 1, 50, 60);
}

static void
test_usage_periods (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autofree char *current = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT, P0);
  g_autofree char *past = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT, Q0);
  g_auto(Reply) reply = { 0 };

  set_up_account (f);

  /* Calendar months, by default the current one. */
  assert_usage (f, NULL, 100, 200);
  assert_usage (f, "month=3", 100, 200);
  assert_usage (f, "year=2026&month=3", 100, 200);
  assert_usage (f, "year=2026&month=2", 57, 68);
  assert_usage (f, "year=2025", 0, 0);
  assert_usage (f, "year=2025&month=12", 0, 0);

  /* Periods: the current one, a past one, an unknown one (zeros). */
  assert_usage (f, current, 100, 200);
  assert_usage (f, past, 50, 60);
  assert_usage (f, "periodStartUnix=12345", 0, 0);

  /* A successful call counts in the period and in the month. */
  post_rmbg (f, KEY, "a.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  assert_usage (f, NULL, 100, 201);
  assert_usage (f, current, 100, 201);
  assert_usage (f, "year=2026&month=2", 57, 68);
  assert_usage (f, past, 50, 60);
}

static void
assert_cycle (JsonObject *cycle,
              gint64      start,
              gint64      end,
              gint64      app,
              gint64      api)
{
  g_assert_nonnull (cycle);
  g_assert_cmpint (member_int (cycle, "periodStartUnix"), ==, start);
  g_assert_cmpint (member_int (cycle, "periodEndUnix"), ==, end);
  g_assert_cmpint (member_int (cycle, "appUsage"), ==, app);
  g_assert_cmpint (member_int (cycle, "apiUsage"), ==, api);
}

static void
test_usage_billing_cycle (Fixture       *f,
                          gconstpointer  data)
{
  const char *with[] = {
    "expand=billing_cycle", "expand=foo,%20billing_cycle", "includeBillingCycle=1",
    "includeBillingCycle=true", "includeBillingCycle=TRUE", NULL,
  };
  const char *without[] = { NULL, "expand=other", "includeBillingCycle=0", "includeBillingCycle=no" };

  set_up_account (f);

  for (guint i = 0; with[i] != NULL; i++)
    {
      g_autoptr(JsonObject) object = usage_ok (f, with[i]);
      JsonObject *cycle = json_object_get_object_member (object, "billingCycle");

      g_assert_cmpstr (json_object_get_string_member (object, "membership"), ==, "Premium-20000");
      g_assert_cmpint (member_int (object, "credits"), ==, 20000);
      g_assert_cmpint (member_int (object, "prepaidCredits"), ==, 2000);
      assert_cycle (cycle, P0, P1, 100, 200);
      g_assert_cmpint (member_int (cycle, "includedCredits"), ==, 20000);
      g_assert_cmpint (member_int (cycle, "prepaidCredits"), ==, 2000);
      g_assert_cmpint (member_int (cycle, "usedIncludedCredits"), ==, 300);
      g_assert_cmpint (member_int (cycle, "remainingIncludedCredits"), ==, 19700);
      g_assert_true (json_object_get_boolean_member (cycle, "stripeBillingSynced"));
      g_assert_cmpuint (json_object_get_size (cycle), ==, 9);
    }

  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    {
      g_autoptr(JsonObject) object = usage_ok (f, without[i]);

      g_assert_false (json_object_has_member (object, "billingCycle"));
      g_assert_cmpuint (json_object_get_size (object), ==, 5);
    }

  /* The billing cycle of the period asked for. */
  {
    g_autofree char *query = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT
                                              "&includeBillingCycle=true", Q0);
    g_autoptr(JsonObject) object = usage_ok (f, query);
    JsonObject *cycle = json_object_get_object_member (object, "billingCycle");

    g_assert_cmpint (member_int (object, "app_usage"), ==, 50);
    g_assert_cmpint (member_int (object, "api_usage"), ==, 60);
    assert_cycle (cycle, Q0, P0 - 1, 50, 60);
    g_assert_cmpint (member_int (cycle, "usedIncludedCredits"), ==, 110);
    g_assert_cmpint (member_int (cycle, "remainingIncludedCredits"), ==, 19890);
  }
  {
    g_autoptr(JsonObject) object = usage_ok (f, "periodStartUnix=12345&expand=billing_cycle");

    assert_cycle (json_object_get_object_member (object, "billingCycle"),
                  12345, 12345 + (P1 - P0), 0, 0);
  }

  /* A calendar month's figures, with the current cycle beside them. */
  {
    g_autoptr(JsonObject) object = usage_ok (f, "year=2026&month=2&expand=billing_cycle");

    g_assert_cmpint (member_int (object, "app_usage"), ==, 57);
    assert_cycle (json_object_get_object_member (object, "billingCycle"), P0, P1, 100, 200);
  }

  /* More used than included: remaining never goes below 0. */
  cutout_fake_server_set_usage (f->server, 15000, 6000);
  {
    g_autoptr(JsonObject) object = usage_ok (f, "expand=billing_cycle");
    JsonObject *cycle = json_object_get_object_member (object, "billingCycle");

    g_assert_cmpint (member_int (cycle, "usedIncludedCredits"), ==, 21000);
    g_assert_cmpint (member_int (cycle, "remainingIncludedCredits"), ==, 0);
  }
}

static void
test_usage_list (Fixture       *f,
                 gconstpointer  data)
{
  gint64 dec = utc (2025, 12, 11, 0, 0, 0), jan = utc (2026, 1, 10, 0, 0, 0);
  const char *queries[] = { "listBillingCycles=1", "listBillingCycles=true",
                            "listBillingCycles=1&year=0&periodStartUnix=5&expand=billing_cycle" };

  set_up_account (f);
  /* Added out of order; answered newest first after the current one. */
  cutout_fake_server_add_past_cycle (f->server, dec, jan - 1, 1, 2);
  cutout_fake_server_add_past_cycle (f->server, jan, Q0 - 1, 3, 4);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(JsonObject) object = usage_ok (f, queries[i]);
      JsonArray *cycles = json_object_get_array_member (object, "billingCycles");

      g_assert_cmpuint (json_object_get_size (object), ==, 1);
      g_assert_cmpuint (json_array_get_length (cycles), ==, 4);
      assert_cycle (json_array_get_object_element (cycles, 0), P0, P1, 100, 200);
      assert_cycle (json_array_get_object_element (cycles, 1), Q0, P0 - 1, 50, 60);
      assert_cycle (json_array_get_object_element (cycles, 2), jan, Q0 - 1, 3, 4);
      assert_cycle (json_array_get_object_element (cycles, 3), dec, jan - 1, 1, 2);
      for (guint j = 0; j < 4; j++)
        g_assert_cmpuint (json_object_get_size (json_array_get_object_element (cycles, j)), ==, 4);
    }

  {
    g_autoptr(JsonObject) object = usage_ok (f, "listBillingCycles=0");

    g_assert_true (json_object_has_member (object, "membership"));
    g_assert_false (json_object_has_member (object, "billingCycles"));
  }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *combine = "Cannot combine 'periodStartUnix' with 'year' or 'month'.";
  const struct {
    const char *query;
    const char *message;
  } rows[] = {
    { "periodStartUnix=1740441600&year=2026", combine },
    { "month=3&periodStartUnix=1740441600", combine },
    { "month=13", "'month' must be between 1 and 12, got: 13" },
    { "month=0", "'month' must be between 1 and 12, got: 0" },
    { "year=0", "'year' must be between 1 and 9999, got: 0" },
    { "year=10000&month=1", "'year' must be between 1 and 9999, got: 10000" },
    { "year=abc", "'year' must be an integer, got: 'abc'" },
    { "month=2.5", "'month' must be an integer, got: '2.5'" },
    { "periodStartUnix=soon", "'periodStartUnix' must be an integer, got: 'soon'" },
    { "periodStartUnix=-5", "'periodStartUnix' must be between 0 and 253402300799, got: -5" },
  };
  g_autofree char *url = g_strconcat (cutout_fake_server_get_url (f->server), "/api/membership-usage", NULL);
  g_auto(Reply) reply = { 0 };

  get_usage (f, NULL, NULL, &reply);
  assert_error (&reply, 401, "invalid api key");
  get_usage (f, "not-a-key", NULL, &reply);
  assert_error (&reply, 401, "invalid api key");
  get_usage (f, CUTOUT_FAKE_SERVER_UNVERIFIED_KEY, NULL, &reply);
  assert_error (&reply, 403, "Email address not verified \u2013 please check your inbox");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      get_usage (f, KEY, rows[i].query, &reply);
      assert_error (&reply, 400, rows[i].message);
    }

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", KEY);
    send_message (f, msg, &reply);
    assert_error (&reply, 405, "Method not allowed");
  }
}

/* Without a synced billing period the window is the UTC calendar month. */
static void
test_usage_unsynced (Fixture       *f,
                     gconstpointer  data)
{
  const struct {
    gint64 now;
    gint64 start;
    gint64 end;
  } rows[] = {
    { NOW, utc (2026, 3, 1, 0, 0, 0), utc (2026, 4, 1, 0, 0, 0) - 1 },
    { utc (2026, 2, 28, 23, 59, 59), utc (2026, 2, 1, 0, 0, 0), utc (2026, 3, 1, 0, 0, 0) - 1 },
    { utc (2028, 2, 10, 8, 0, 0), utc (2028, 2, 1, 0, 0, 0), utc (2028, 3, 1, 0, 0, 0) - 1 },
    { utc (2025, 12, 31, 23, 0, 0), utc (2025, 12, 1, 0, 0, 0), utc (2026, 1, 1, 0, 0, 0) - 1 },
  };

  cutout_fake_server_set_period (f->server, 0, 0, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(JsonObject) list = NULL;
      JsonObject *cycle;

      cutout_fake_server_set_time (f->server, rows[i].now);
      cutout_fake_server_set_usage (f->server, 10, 20);
      object = usage_ok (f, "expand=billing_cycle");
      cycle = json_object_get_object_member (object, "billingCycle");
      assert_cycle (cycle, rows[i].start, rows[i].end, 10, 20);
      g_assert_false (json_object_get_boolean_member (cycle, "stripeBillingSynced"));

      list = usage_ok (f, "listBillingCycles=1");
      assert_cycle (json_array_get_object_element (json_object_get_array_member (list, "billingCycles"), 0),
                    rows[i].start, rows[i].end, 10, 20);
    }
}

/* The request log. */

static void
test_log (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 40, 30, "png");
  g_autofree char *path = g_build_filename (f->dir, "requests.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *requests;
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "w", "40", "format", "png", NULL };
  g_auto(Reply) reply = { 0 };

  cutout_fake_server_set_log_file (f->server, path, &error);
  g_assert_no_error (error);
  post_rmbg (f, KEY, "photo.png", png, fields, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  post_rmbg (f, "secret-wrong-key", "photo.png", png, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
  get_usage (f, KEY, "expand=billing_cycle", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  cutout_fake_server_set_log_file (f->server, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  /* Keys are secrets: never in the log. */
  g_assert_null (strstr (contents, KEY));
  g_assert_null (strstr (contents, "secret-wrong-key"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");

  {
    g_autoptr(GBytes) line = g_bytes_new_static (lines[0], strlen (lines[0]));
    g_autoptr(JsonObject) entry = parse_object (line);
    JsonObject *logged = json_object_get_object_member (entry, "fields");

    g_assert_nonnull (json_object_get_string_member (entry, "time"));
    g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "POST");
    g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "/rmbg");
    g_assert_true (json_object_get_null_member (entry, "query"));
    g_assert_cmpstr (json_object_get_string_member (logged, "w"), ==, "40");
    g_assert_cmpstr (json_object_get_string_member (logged, "format"), ==, "png");
    g_assert_cmpuint (json_object_get_size (logged), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (entry, "image_filename"), ==, "photo.png");
    g_assert_cmpint (json_object_get_int_member (entry, "image_size"), ==, g_bytes_get_size (png));
    g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 200);
    g_assert_true (json_object_get_boolean_member (entry, "charged"));
    g_assert_true (json_object_get_null_member (entry, "error"));
  }
  {
    g_autoptr(GBytes) line = g_bytes_new_static (lines[1], strlen (lines[1]));
    g_autoptr(JsonObject) entry = parse_object (line);

    g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 401);
    g_assert_false (json_object_get_boolean_member (entry, "charged"));
    g_assert_cmpstr (json_object_get_string_member (entry, "error"), ==, "invalid api key");
  }
  {
    g_autoptr(GBytes) line = g_bytes_new_static (lines[2], strlen (lines[2]));
    g_autoptr(JsonObject) entry = parse_object (line);

    g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "GET");
    g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "/api/membership-usage");
    g_assert_cmpstr (json_object_get_string_member (entry, "query"), ==, "expand=billing_cycle");
    g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 200);
  }

  /* The same in memory. */
  requests = cutout_fake_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 3);
  {
    CutoutFakeRequest *first = g_ptr_array_index (requests, 0);

    g_assert_cmpstr (g_hash_table_lookup (first->fields, "w"), ==, "40");
    g_assert_cmpstr (first->image_filename, ==, "photo.png");
    g_assert_cmpstr (first->image_content_type, ==, "application/octet-stream");
    g_assert_cmpuint (first->image_size, ==, g_bytes_get_size (png));
    g_assert_true (first->had_api_key);
  }
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/rmbg"), ==, 2);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, "/api/membership-usage"), ==, 1);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 3);
  cutout_fake_server_clear_requests (f->server);
  g_assert_cmpuint (cutout_fake_server_count_requests (f->server, NULL), ==, 0);
}

static void
test_routes (Fixture       *f,
             gconstpointer  data)
{
  const char *base = cutout_fake_server_get_url (f->server);
  g_auto(Reply) reply = { 0 };

  get_path (f, base, "/api/openapi", NULL, &reply);
  {
    g_autoptr(JsonObject) spec = assert_json (&reply, 200);

    g_assert_true (json_object_has_member (spec, "openapi"));
    g_assert_true (json_object_has_member (json_object_get_object_member (spec, "paths"), "/rmbg"));
  }
  get_path (f, base, "/nowhere", NULL, &reply);
  assert_error (&reply, 404, "Not found");
  get_path (f, base, "/rmbg", KEY, &reply);
  assert_error (&reply, 405, "Method not allowed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FAKE_SERVER_ADD ("errors/image", test_image_errors);
  FAKE_SERVER_ADD ("errors/fields", test_field_errors);
  FAKE_SERVER_ADD ("errors/order", test_check_order);
  FAKE_SERVER_ADD ("auth", test_auth);
  FAKE_SERVER_ADD ("limits/rate", test_rate_limit);
  FAKE_SERVER_ADD ("limits/daily", test_daily_limit);
  FAKE_SERVER_ADD ("limits/credits", test_credits);
  FAKE_SERVER_ADD ("usage/calendar-and-periods", test_usage_periods);
  FAKE_SERVER_ADD ("usage/billing-cycle", test_usage_billing_cycle);
  FAKE_SERVER_ADD ("usage/list", test_usage_list);
  FAKE_SERVER_ADD ("usage/errors", test_usage_errors);
  FAKE_SERVER_ADD ("usage/unsynced", test_usage_unsynced);
  FAKE_SERVER_ADD ("log", test_log);
  FAKE_SERVER_ADD ("routes", test_routes);
  fake_server_add_image_tests ();
  fake_server_add_fault_tests ();

  return g_test_run ();
}
