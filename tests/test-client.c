/* test-client.c — tests of the Rembg client against the in-process fake server
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-client-util.h"

/* Form fields ------------------------------------------------------------- */

static void
assert_fields (GHashTable         *received,
               const char * const *expected)
{
  guint n = 0;

  for (guint i = 0; expected[i] != NULL; i += 2, n++)
    g_assert_cmpstr (g_hash_table_lookup (received, expected[i]), ==, expected[i + 1]);
  g_assert_cmpuint (g_hash_table_size (received), ==, n);
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "photo.png", 80, 60, "png");
  struct
  {
    const char *fields[17];
    const char *expected[17];
  } cases[] = {
    { { NULL }, { "format", "webp", NULL } },
    { { "format", "png", "w", "40", "h", "30", "exact_resize", "true", "angle", "90", "expand", "false", NULL },
      { "format", "png", "w", "40", "h", "30", "exact_resize", "true", "angle", "90", "expand", "false", NULL } },
    { { "format", "PNG", "mask", "true", NULL },
      { "format", "png", "mask", "true", NULL } },
    { { "bg_color", "#ff000080", "angle", "12.5", "expand", "true", "mask", "false", NULL },
      { "format", "webp", "bg_color", "#ff000080", "angle", "12.5", NULL } },
    /* Explicit zeros are "unset": never sent as "0". */
    { { "w", "0", "h", "0", "angle", "0", "format", "jpeg", "exact_resize", "false", NULL },
      { "format", "jpeg", NULL } },
    { { "format", "bmp", "bg_color", "rebeccapurple", "h", "25", NULL },
      { "format", "bmp", "bg_color", "rebeccapurple", "h", "25", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CutoutOptions) options = cutout_options_new ();
      g_auto(Call) call = { 0 };
      g_autoptr(GError) error = NULL;
      CutoutFakeRequest *request;
      GHashTableIter iter;
      gpointer value;

      for (guint k = 0; cases[i].fields[k] != NULL; k += 2)
        {
          cutout_options_set_field (options, cases[i].fields[k], cases[i].fields[k + 1], &error);
          g_assert_no_error (error);
        }

      run_remove (fixture, path, NULL, options, &call);
      g_assert_no_error (call.error);

      request = last_request (fixture);
      g_assert_cmpstr (request->method, ==, "POST");
      g_assert_cmpstr (request->path, ==, "/rmbg");
      assert_fields (request->fields, cases[i].expected);
      g_hash_table_iter_init (&iter, request->fields);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_assert_cmpstr (value, !=, "0");
      g_assert_cmpstr (request->image_filename, ==, "photo.png");
      g_assert_cmpstr (request->image_content_type, ==, "image/png");
      g_assert_cmpuint (request->status, ==, 200);
    }
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/rmbg"), ==, G_N_ELEMENTS (cases));
}

/* The multipart filename carries the extension of the sniffed type. */
static void
test_filename_extension (Fixture       *fixture,
                         gconstpointer  data)
{
  struct { const char *name; const char *format; const char *sent; const char *type; } cases[] = {
    { "scan", "png", "scan.png", "image/png" },
    { "photo.JPG", "jpeg", "photo.JPG", "image/jpeg" },
    { "holiday.png", "jpeg", "holiday.jpg", "image/jpeg" },
    { "logo.bmp", "bmp", "logo.bmp", "image/bmp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cutout_test_write_image (fixture->dir, cases[i].name, 40, 30, cases[i].format);
      g_autofree char *contents = NULL;
      g_auto(Call) call = { 0 };
      gsize len;
      CutoutFakeRequest *request;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      run_remove (fixture, path, NULL, NULL, &call);
      g_assert_no_error (call.error);
      request = last_request (fixture);
      g_assert_cmpstr (request->image_filename, ==, cases[i].sent);
      g_assert_cmpstr (request->image_content_type, ==, cases[i].type);
      g_assert_cmpuint (request->image_size, ==, len);
    }
}

static void
test_api_key (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "a.png", 40, 30, "png");

  g_assert_true (cutout_client_has_api_key (fixture->client));
  {
    g_auto(Call) call = { 0 };

    run_remove (fixture, path, NULL, NULL, &call);
    g_assert_no_error (call.error);
    g_assert_true (last_request (fixture)->had_api_key);
    g_assert_true (last_request (fixture)->charged);
  }

  /* No key: an anonymous request, without the header at all. */
  cutout_client_set_api_key (fixture->client, NULL);
  g_assert_false (cutout_client_has_api_key (fixture->client));
  {
    g_auto(Call) call = { 0 };

    run_remove (fixture, path, NULL, NULL, &call);
    g_assert_no_error (call.error);
    g_assert_false (last_request (fixture)->had_api_key);
  }

  /* An empty key is no key. */
  cutout_client_set_api_key (fixture->client, "");
  g_assert_false (cutout_client_has_api_key (fixture->client));
  {
    g_auto(Call) call = { 0 };

    run_remove (fixture, path, NULL, NULL, &call);
    g_assert_no_error (call.error);
    g_assert_false (last_request (fixture)->had_api_key);
  }
}

/* A real cut-out: written to the destination, decodable, of the asked
 * size, with transparency where the background was. */
static void
test_success (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "product.jpg", 120, 90, "jpeg");
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(Call) call = { 0 };
  g_autofree char *out_path = NULL;
  gsize len;
  const guint8 *pixels;
  int stride;

  cutout_options_set_field (options, "format", "png", &error);
  cutout_options_set_field (options, "w", "60", &error);
  g_assert_no_error (error);

  run_remove (fixture, path, NULL, options, &call);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.result);

  out_path = g_file_get_path (call.result->output);
  g_assert_cmpstr (out_path, ==, call.destination);
  g_assert_cmpstr (call.result->content_type, ==, "image/png");
  g_assert_cmpuint (call.result->http_status, ==, 200);
  g_assert_true (g_file_get_contents (out_path, &contents, &len, NULL));
  g_assert_cmpint (call.result->bytes_received, ==, len);
  g_assert_cmpint (call.result->bytes_sent, >, (goffset) last_request (fixture)->image_size);

  pixbuf = cutout_test_load_pixbuf (out_path);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 60);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 45);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  /* The white corner is gone, the red middle is kept. */
  g_assert_cmpuint (pixels[3], ==, 0);
  g_assert_cmpuint (pixels[22 * stride + 30 * 4 + 3], ==, 255);
  g_assert_cmpuint (pixels[22 * stride + 30 * 4 + 0], >, 150);

  g_assert_cmpuint (cutout_fake_server_count_charged (fixture->server), ==, 1);

  /* A destination that exists (the output layer creates it, empty, to
   * hold its name) is written from its start and cut to the answer's
   * length, whatever it held, and nothing else appears in the folder. */
  {
    g_autofree char *next = g_strdup_printf ("%s/out-%u.part", fixture->dir, fixture->n_outputs);
    g_autofree char *again_contents = NULL;
    g_autoptr(GString) junk = g_string_new (NULL);
    g_auto(Call) again = { 0 };
    g_autoptr(GDir) dir = NULL;
    guint n_files = 0;
    gsize again_len;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (junk, 'x');
    g_assert_true (g_file_set_contents (next, junk->str, junk->len, NULL));
    run_remove (fixture, path, NULL, options, &again);
    g_assert_no_error (again.error);
    g_assert_cmpstr (again.destination, ==, next);
    g_assert_true (g_file_get_contents (next, &again_contents, &again_len, NULL));
    g_assert_cmpmem (again_contents, again_len, contents, len);

    dir = g_dir_open (fixture->dir, 0, NULL);
    while (g_dir_read_name (dir) != NULL)
      n_files++;
    /* The input and the two answers. */
    g_assert_cmpuint (n_files, ==, 3);
  }
}

/* Progress: upload events, then download events; each phase monotonic
 * with a fixed total, ending at it. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "big.png", 900, 700, "png");
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Call) call = { 0 };
  goffset last_done = -1;
  guint n_upload = 0, n_download = 0;
  CutoutTransferPhase phase = CUTOUT_TRANSFER_UPLOAD;

  cutout_options_set_field (options, "format", "png", &error);
  g_assert_no_error (error);
  /* Slow the answer down so that it comes in several pieces. */
  cutout_fake_server_set_trickle (fixture->server, 30 * 1024);

  run_remove (fixture, path, NULL, options, &call);
  g_assert_no_error (call.error);

  for (guint i = 0; i < call.events->len; i++)
    {
      ProgressEvent *event = &g_array_index (call.events, ProgressEvent, i);

      if (event->phase != phase)
        {
          g_assert_cmpint (phase, ==, CUTOUT_TRANSFER_UPLOAD);
          g_assert_cmpint (event->phase, ==, CUTOUT_TRANSFER_DOWNLOAD);
          g_assert_cmpint (last_done, ==, call.result->bytes_sent);
          phase = event->phase;
          last_done = -1;
        }
      g_assert_cmpint (event->done, >=, last_done);
      g_assert_cmpint (event->done, <=, event->total);
      if (phase == CUTOUT_TRANSFER_UPLOAD)
        {
          g_assert_cmpint (event->total, ==, call.result->bytes_sent);
          n_upload++;
        }
      else
        {
          g_assert_cmpint (event->total, ==, call.result->bytes_received);
          n_download++;
        }
      last_done = event->done;
    }
  g_test_message ("%u upload and %u download events for %" G_GOFFSET_FORMAT " + %" G_GOFFSET_FORMAT " bytes",
                  n_upload, n_download, call.result->bytes_sent, call.result->bytes_received);
  g_assert_cmpint (phase, ==, CUTOUT_TRANSFER_DOWNLOAD);
  g_assert_cmpint (last_done, ==, call.result->bytes_received);
  g_assert_cmpuint (n_upload, >=, 3);
  g_assert_cmpuint (n_download, >=, 3);
  g_assert_true (call.destination_existed_during_download);
}

/* Error answers ----------------------------------------------------------- */

typedef enum
{
  KNOB_NONE,
  KNOB_BAD_KEY,
  KNOB_UNVERIFIED_KEY,
  KNOB_RATE_LIMIT,
  KNOB_RATE_LIMIT_NO_HEADER,
  KNOB_DAILY_LIMIT,
  KNOB_MONTHLY_LIMIT,
  KNOB_FAIL_500_JSON,
  KNOB_FAIL_502_HTML,
  KNOB_FAIL_503_HTML_RETRY,
  KNOB_FAIL_429_JSON,
} Knob;

/* Every row of API.md's table that a request from this client can reach:
 * the account and limit rows, injected server errors, and the image rows
 * that preflight would refuse (sent here anyway with a hand-made preflight
 * result, to prove the client maps the service's own answer). */
static void
test_error_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  static const guint8 garbage[] = "this is not an image at all";
  g_autofree char *good = cutout_test_write_image (fixture->dir, "good.png", 40, 30, "png");
  g_autofree char *junk = cutout_test_write_bytes (fixture->dir, "junk.png", garbage, sizeof garbage);
  g_autofree char *empty = cutout_test_write_bytes (fixture->dir, "empty.png", "", 0);
  g_autofree char *wide = cutout_test_write_fake_png (fixture->dir, "wide.png", 12000, 100, 4096);
  g_autofree char *tall = cutout_test_write_fake_png (fixture->dir, "tall.png", 100, 15000, 4096);
  g_autofree char *huge = cutout_test_write_fake_png (fixture->dir, "huge.png", 100, 100,
                                                      (goffset) (55.2 * 1024 * 1024));
  struct
  {
    const char     *path;
    const char     *upload_name;
    Knob            knob;
    CutoutApiError  code;
    guint           status;
    const char     *message;
    gint64          retry_after;
  } cases[] = {
    { good, "good.exe", KNOB_NONE, CUTOUT_API_ERROR_UNSUPPORTED_TYPE, 400,
      "File type '.exe' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg", -1 },
    { good, "noextension", KNOB_NONE, CUTOUT_API_ERROR_UNSUPPORTED_TYPE, 400,
      "File type '' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg", -1 },
    { good, "", KNOB_NONE, CUTOUT_API_ERROR_NO_FILE_NAME, 400,
      "No file selected. Please choose an image file to upload.", -1 },
    { junk, "junk.png", KNOB_NONE, CUTOUT_API_ERROR_INVALID_SIGNATURE, 400,
      "File does not appear to be a valid image (invalid file signature)", -1 },
    { empty, "empty.png", KNOB_NONE, CUTOUT_API_ERROR_EMPTY_FILE, 400,
      "Uploaded file is empty (0 bytes).", -1 },
    { huge, "huge.png", KNOB_NONE, CUTOUT_API_ERROR_FILE_TOO_LARGE, 400,
      "File size (55.2 MB) exceeds the maximum allowed size of 50 MB.", -1 },
    { wide, "wide.png", KNOB_NONE, CUTOUT_API_ERROR_TOO_WIDE, 400,
      "Image width (12000px) exceeds the maximum allowed width of 10000px.", -1 },
    { tall, "tall.png", KNOB_NONE, CUTOUT_API_ERROR_TOO_TALL, 400,
      "Image height (15000px) exceeds the maximum allowed height of 10000px.", -1 },
    { good, "good.png", KNOB_BAD_KEY, CUTOUT_API_ERROR_INVALID_KEY, 401, "invalid api key", -1 },
    { good, "good.png", KNOB_UNVERIFIED_KEY, CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED, 403,
      "Email address not verified – please check your inbox", -1 },
    { good, "good.png", KNOB_RATE_LIMIT, CUTOUT_API_ERROR_TOO_FAST, 429,
      "You're making requests too quickly, Please Upgrade or slow down.", 7 },
    { good, "good.png", KNOB_RATE_LIMIT_NO_HEADER, CUTOUT_API_ERROR_TOO_FAST, 429,
      "You're making requests too quickly, Please Upgrade or slow down.", -1 },
    { good, "good.png", KNOB_DAILY_LIMIT, CUTOUT_API_ERROR_DAILY_LIMIT, 429,
      "You've reached your daily limit. Please sign up for more access.", -1 },
    { good, "good.png", KNOB_MONTHLY_LIMIT, CUTOUT_API_ERROR_MONTHLY_LIMIT, 429,
      "You've reached your monthly limit. Consider purchasing more credits.", -1 },
    /* The JSON messages of injected faults are the fake server's own:
     * compared with what its log says it answered. */
    { good, "good.png", KNOB_FAIL_500_JSON, CUTOUT_API_ERROR_SERVER_ERROR, 500, NULL, -1 },
    { good, "good.png", KNOB_FAIL_502_HTML, CUTOUT_API_ERROR_SERVER_ERROR, 502,
      "The service answered with an error (HTTP 502 Bad Gateway) and no readable explanation.", -1 },
    { good, "good.png", KNOB_FAIL_503_HTML_RETRY, CUTOUT_API_ERROR_SERVER_ERROR, 503,
      "The service answered with an error (HTTP 503 Service Unavailable) and no readable explanation.", 30 },
    { good, "good.png", KNOB_FAIL_429_JSON, CUTOUT_API_ERROR_TOO_FAST, 429, NULL, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CutoutFakeServer) server = cutout_fake_server_new ();
      g_autoptr(CutoutClient) client = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (cases[i].path);
      g_autoptr(GFileInfo) file_info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
      CutoutPreflightInfo info = { 0 };
      g_auto(Call) call = { 0 };
      CutoutFakeRequest *request;

      g_test_message ("case %u: %s", i, cases[i].message != NULL ? cases[i].message : "(fake server's message)");

      /* A fresh server for every row, so that the limits do not mix. */
      cutout_fake_server_start (server, 0, &error);
      g_assert_no_error (error);
      g_set_object (&fixture->server, server);
      g_clear_object (&fixture->client);
      fixture->client = cutout_client_new (cutout_fake_server_get_url (server),
                                           cutout_fake_server_get_url (server), &error);
      g_assert_no_error (error);
      cutout_client_set_api_key (fixture->client, CUTOUT_FAKE_SERVER_VALID_KEY);

      switch (cases[i].knob)
        {
        case KNOB_NONE:
          break;
        case KNOB_BAD_KEY:
          cutout_client_set_api_key (fixture->client, "no-such-key");
          break;
        case KNOB_UNVERIFIED_KEY:
          cutout_client_set_api_key (fixture->client, CUTOUT_FAKE_SERVER_UNVERIFIED_KEY);
          break;
        case KNOB_RATE_LIMIT:
        case KNOB_RATE_LIMIT_NO_HEADER:
          cutout_fake_server_set_rate_limit (server, 1, 60000, cases[i].knob == KNOB_RATE_LIMIT ? 7 : -1);
          {
            g_auto(Call) first = { 0 };

            run_remove (fixture, cases[i].path, NULL, NULL, &first);
            g_assert_no_error (first.error);
          }
          break;
        case KNOB_DAILY_LIMIT:
          cutout_client_set_api_key (fixture->client, NULL);
          cutout_fake_server_set_anonymous_daily_limit (server, 0);
          break;
        case KNOB_MONTHLY_LIMIT:
          cutout_fake_server_set_plan (server, "Free-50", 50, 0);
          cutout_fake_server_set_usage (server, 20, 30);
          break;
        case KNOB_FAIL_500_JSON:
          cutout_fake_server_fail_next (server, 1, 500, FALSE, -1);
          break;
        case KNOB_FAIL_502_HTML:
          cutout_fake_server_fail_next (server, 1, 502, TRUE, -1);
          break;
        case KNOB_FAIL_503_HTML_RETRY:
          cutout_fake_server_fail_next (server, 1, 503, TRUE, 30);
          break;
        case KNOB_FAIL_429_JSON:
          cutout_fake_server_fail_next (server, 1, 429, FALSE, 5);
          break;
        default:
          g_assert_not_reached ();
        }

      info.type = CUTOUT_IMAGE_TYPE_PNG;
      info.size = g_file_info_get_size (file_info);
      info.width = 40;
      info.height = 30;
      info.upload_name = (char *) cases[i].upload_name;
      info.mime_type = "image/png";

      run_remove (fixture, cases[i].path, &info, NULL, &call);
      request = last_request (fixture);
      assert_failed (fixture, &call, cases[i].code, cases[i].status,
                     cases[i].message != NULL ? cases[i].message : request->error);
      g_assert_cmpuint (request->status, ==, cases[i].status);
      g_assert_false (request->charged);
      g_assert_cmpint (cutout_api_error_get_retry_after (call.error), ==, cases[i].retry_after);
      /* The service read the whole request before it answered. */
      g_assert_true (cutout_api_error_get_body_sent (call.error));
      g_assert_null (cutout_api_error_get_details (call.error));

      g_clear_object (&fixture->client);
      cutout_fake_server_stop (server);
    }

  /* The fixture's tear-down wants a client and a live server. */
  g_clear_object (&fixture->server);
  fixture->server = cutout_fake_server_new ();
  {
    g_autoptr(GError) error = NULL;

    cutout_fake_server_start (fixture->server, 0, &error);
    g_assert_no_error (error);
    fixture->client = cutout_client_new (cutout_fake_server_get_url (fixture->server),
                                         cutout_fake_server_get_url (fixture->server), &error);
    g_assert_no_error (error);
  }
}

/* An answer cut off in the middle: a network failure after the whole body
 * was sent (so the service may have charged), and no file left. */
static void
test_dropped_connection (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "a.png", 300, 200, "png");
  g_auto(Call) call = { 0 };

  cutout_fake_server_set_drop_rate (fixture->server, 1.0);
  run_remove (fixture, path, NULL, NULL, &call);

  g_assert_null (call.result);
  g_assert_nonnull (call.error);
  g_assert_true (g_error_matches (call.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK) ||
                 g_error_matches (call.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNEXPECTED_RESPONSE));
  g_test_message ("dropped: %s", call.error->message);
  g_assert_true (cutout_api_error_get_body_sent (call.error));
  g_assert_true (cutout_api_error_is_transient (call.error));
  g_assert_false (g_file_test (call.destination, G_FILE_TEST_EXISTS));
  g_assert_true (last_request (fixture)->charged);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "a.png", 40, 30, "png");
  g_autofree char *existing = g_build_filename (fixture->dir, "out-0.part", NULL);
  g_auto(Call) call = { 0 };

  cutout_fake_server_stop (fixture->server);
  /* The destination exists beforehand, as a caller's temporary file
   * would: a failure removes it. */
  g_assert_true (g_file_set_contents (existing, "", 0, NULL));
  run_remove (fixture, path, NULL, NULL, &call);

  assert_failed (fixture, &call, CUTOUT_API_ERROR_NETWORK, 0, NULL);
  g_assert_true (g_str_has_prefix (call.error->message, "Could not reach the service: "));
  g_assert_false (cutout_api_error_get_body_sent (call.error));
  g_assert_true (cutout_api_error_is_transient (call.error));
  g_assert_cmpuint (call.events->len, ==, 0);
}

/* A fake server with a thread and main loop of its own. In this thread,
 * libsoup's server reads a fast upload in one long dispatch, and the
 * progress report that is to cancel it waits behind that: the whole body
 * could be read first. */
typedef struct
{
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  CutoutFakeServer *server;
  char             *url;
  GMutex            lock;
  GCond             cond;
} ServerThread;

static gpointer
server_thread_main (gpointer user_data)
{
  ServerThread *st = user_data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (st->context);
  st->server = cutout_fake_server_new ();
  cutout_fake_server_start (st->server, 0, &error);
  g_assert_no_error (error);
  g_mutex_lock (&st->lock);
  st->url = g_strdup (cutout_fake_server_get_url (st->server));
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);

  g_main_loop_run (st->loop);
  cutout_fake_server_stop (st->server);
  g_main_context_pop_thread_default (st->context);
  return NULL;
}

static void
server_thread_start (ServerThread *st)
{
  g_mutex_init (&st->lock);
  g_cond_init (&st->cond);
  st->context = g_main_context_new ();
  st->loop = g_main_loop_new (st->context, FALSE);
  st->thread = g_thread_new ("fake-server", server_thread_main, st);
  g_mutex_lock (&st->lock);
  while (st->url == NULL)
    g_cond_wait (&st->cond, &st->lock);
  g_mutex_unlock (&st->lock);
}

/* Stops the server and returns how many requests it charged. */
static guint
server_thread_stop (ServerThread *st)
{
  guint charged;

  g_main_loop_quit (st->loop);
  g_thread_join (st->thread);
  charged = cutout_fake_server_count_charged (st->server);
  g_clear_object (&st->server);
  g_main_loop_unref (st->loop);
  g_main_context_unref (st->context);
  g_free (st->url);
  g_mutex_clear (&st->lock);
  g_cond_clear (&st->cond);
  return charged;
}

static void
test_cancel_upload (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_fake_png (fixture->dir, "big.png", 2000, 2000, 40 * 1024 * 1024);
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(GError) error = NULL;
  ServerThread st = { 0 };
  CutoutClient *fixture_client = fixture->client;
  g_auto(Call) call = { 0 };

  /* The upload runs in a worker that does not wait for this thread; with
   * the server in a thread of its own, this one cancels at its first
   * progress report, long before the 40 MB are through. */
  server_thread_start (&st);
  client = cutout_client_new (st.url, st.url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (client, CUTOUT_FAKE_SERVER_VALID_KEY);
  fixture->client = client;
  call.cancellable = g_cancellable_new ();
  call.cancel_during_upload = TRUE;
  run_remove (fixture, path, NULL, NULL, &call);
  fixture->client = fixture_client;

  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (call.destination, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (server_thread_stop (&st), ==, 0);
  /* It was cancelled half-way: some bytes went out, not all. */
  {
    ProgressEvent *last = &g_array_index (call.events, ProgressEvent, call.events->len - 1);

    g_assert_cmpint (last->phase, ==, CUTOUT_TRANSFER_UPLOAD);
    g_assert_cmpint (last->done, >, 0);
    g_assert_cmpint (last->done, <, last->total);
  }

  /* Cancelled before it starts: nothing is sent at all. */
  {
    g_auto(Call) early = { 0 };

    early.cancellable = g_cancellable_new ();
    g_cancellable_cancel (early.cancellable);
    cutout_fake_server_clear_requests (fixture->server);
    run_remove (fixture, path, NULL, NULL, &early);
    g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (early.events->len, ==, 0);
  }
}

/* Cancelled while the answer trickles in: the call ends at once, without
 * reading the rest of the answer first (at this rate that would take
 * minutes, longer than run_remove waits), and leaves no file. The same
 * for a local failure with the answer unread. */
static void
test_cancel_download (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = cutout_test_write_image (fixture->dir, "big.png", 900, 700, "png");
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Call) call = { 0 };
  ProgressEvent *last;

  cutout_options_set_field (options, "format", "png", &error);
  g_assert_no_error (error);
  /* About 14 KB at 128 bytes a second: close to two minutes. */
  cutout_fake_server_set_trickle (fixture->server, 128);
  call.cancel_during_download = TRUE;
  run_remove (fixture, path, NULL, options, &call);

  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (call.destination, G_FILE_TEST_EXISTS));
  last = &g_array_index (call.events, ProgressEvent, call.events->len - 1);
  g_assert_cmpint (last->phase, ==, CUTOUT_TRANSFER_DOWNLOAD);
  g_assert_cmpint (last->done, >, 0);
  g_assert_cmpint (last->done, <, last->total / 4);

  /* A local failure (here: the destination's folder is gone) with the
   * answer unread ends the call as soon, and drops the connection. */
  {
    g_autofree char *gone = g_build_filename (fixture->dir, "gone", NULL);
    g_auto(Call) local = { 0 };

    local.destination_folder = gone;
    run_remove (fixture, path, NULL, options, &local);
    g_assert_error (local.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (local.destination, G_FILE_TEST_EXISTS));
  }

  /* The session is still usable afterwards. */
  {
    g_auto(Call) again = { 0 };

    cutout_fake_server_set_trickle (fixture->server, 0);
    run_remove (fixture, path, NULL, options, &again);
    g_assert_no_error (again.error);
  }
}

static void
test_insecure_url (void)
{
  struct { const char *api; const char *account; gboolean ok; } cases[] = {
    { "http://example.com", "https://www.rembg.com", FALSE },
    { "https://api.rembg.com", "http://example.com", FALSE },
    { "ftp://api.rembg.com", "https://www.rembg.com", FALSE },
    { "https://api.rembg.com", "https://www.rembg.com", TRUE },
    { "http://127.0.0.1:8080", "http://localhost:8080/", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CutoutClient) client = cutout_client_new (cases[i].api, cases[i].account, &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
        }
      else
        {
          g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INSECURE_URL);
          g_assert_null (client);
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CutoutClient) client = cutout_client_new ("http://localhost:8080/", "http://[::1]:9/", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cutout_client_get_api_url (client), ==, "http://localhost:8080");
    g_assert_cmpuint (cutout_client_get_max_connections (client), ==, 6);
    g_assert_cmpuint (cutout_client_get_timeout (client), ==, 60);
    g_object_set (client, "max-connections", 3, "timeout", 10, NULL);
    g_assert_cmpuint (cutout_client_get_max_connections (client), ==, 3);
    g_assert_cmpuint (cutout_client_get_timeout (client), ==, 10);
  }
}

/* What preflight and option validation refuse never reaches the service --- */

typedef enum
{
  FILE_GOOD,
  FILE_TEXT,
  FILE_GIF,
  FILE_JUNK,
  FILE_EMPTY,
  FILE_HUGE,
  FILE_WIDE,
  FILE_TALL,
} FileKind;

static char *
make_file (Fixture  *fixture,
           FileKind  kind)
{
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ';' };
  static const char junk[] = "PK\x03\x04 not an image";

  switch (kind)
    {
    case FILE_GOOD:
      return cutout_test_write_image (fixture->dir, "good.png", 40, 30, "png");
    case FILE_TEXT:
      return cutout_test_write_bytes (fixture->dir, "notes.txt", "hello", 5);
    case FILE_GIF:
      return cutout_test_write_bytes (fixture->dir, "anim.gif", gif, sizeof gif);
    case FILE_JUNK:
      return cutout_test_write_bytes (fixture->dir, "junk.png", junk, sizeof junk - 1);
    case FILE_EMPTY:
      return cutout_test_write_bytes (fixture->dir, "empty.png", "", 0);
    case FILE_HUGE:
      return cutout_test_write_fake_png (fixture->dir, "huge.png", 100, 100, (goffset) (55.2 * 1024 * 1024));
    case FILE_WIDE:
      return cutout_test_write_fake_png (fixture->dir, "wide.png", 12000, 100, 4096);
    case FILE_TALL:
      return cutout_test_write_fake_png (fixture->dir, "tall.png", 100, 15000, 4096);
    default:
      g_assert_not_reached ();
    }
}

/* Every row of API.md's table that the client can foresee: preflight and
 * option validation refuse it with the service's wording, and only if
 * both passed would the client be called. The server sees nothing. */
static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  data)
{
  struct
  {
    FileKind        file;
    const char     *fields[5];
    CutoutApiError  code;
    const char     *message;
    const char     *field;
  } cases[] = {
    { FILE_TEXT, { NULL }, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
      "File type '.txt' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg", "image" },
    { FILE_GIF, { NULL }, CUTOUT_API_ERROR_UNSUPPORTED_TYPE,
      "File type '.gif' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg", "image" },
    { FILE_JUNK, { NULL }, CUTOUT_API_ERROR_INVALID_SIGNATURE,
      "File does not appear to be a valid image (invalid file signature)", "image" },
    { FILE_EMPTY, { NULL }, CUTOUT_API_ERROR_EMPTY_FILE, "Uploaded file is empty (0 bytes).", "image" },
    { FILE_HUGE, { NULL }, CUTOUT_API_ERROR_FILE_TOO_LARGE,
      "File size (55.2 MB) exceeds the maximum allowed size of 50 MB.", "image" },
    { FILE_WIDE, { NULL }, CUTOUT_API_ERROR_TOO_WIDE,
      "Image width (12000px) exceeds the maximum allowed width of 10000px.", "image" },
    { FILE_TALL, { NULL }, CUTOUT_API_ERROR_TOO_TALL,
      "Image height (15000px) exceeds the maximum allowed height of 10000px.", "image" },
    { FILE_GOOD, { "w", "abc", NULL }, CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: 'abc'", "w" },
    { FILE_GOOD, { "h", "12.5", NULL }, CUTOUT_API_ERROR_NOT_AN_INTEGER, "'h' must be an integer, got: '12.5'", "h" },
    { FILE_GOOD, { "w", "-5", NULL }, CUTOUT_API_ERROR_BELOW_MINIMUM, "'w' must be at least 1, got: -5", "w" },
    { FILE_GOOD, { "h", "15000", NULL }, CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'h' must be at most 10000, got: 15000", "h" },
    { FILE_GOOD, { "angle", "ninety", NULL }, CUTOUT_API_ERROR_NOT_A_NUMBER,
      "'angle' must be a number, got: 'ninety'", "angle" },
    { FILE_GOOD, { "angle", "500", NULL }, CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,
      "'angle' must be between -360 and 360 degrees, got: 500.0", "angle" },
    { FILE_GOOD, { "format", "gif", NULL }, CUTOUT_API_ERROR_INVALID_FORMAT,
      "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP", "format" },
    { FILE_GOOD, { "bg_color", "#12345", NULL }, CUTOUT_API_ERROR_INVALID_COLOR,
      "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA", "bg_color" },
    { FILE_GOOD, { "mask", "true", "bg_color", "red" }, CUTOUT_API_ERROR_MASK_WITH_COLOR,
      "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.", NULL },
    { FILE_GOOD, { "w", "abc", "angle", "500" }, CUTOUT_API_ERROR_MULTIPLE_ERRORS,
      "Multiple validation errors", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = make_file (fixture, cases[i].file);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CutoutPreflightInfo) info = NULL;
      g_autoptr(CutoutOptions) options = cutout_options_new ();
      g_autoptr(GError) error = NULL;
      const char *names[3] = { cases[i].fields[0], cases[i].fields[2], NULL };
      const char *values[3] = { cases[i].fields[1], cases[i].fields[3], NULL };

      info = cutout_preflight_check (file, NULL, &error);
      if (info != NULL && names[0] != NULL)
        cutout_options_parse_fields (options, names, values, &error);
      if (error == NULL)
        {
          /* Only a case that passed both would be sent. */
          g_auto(Call) call = { 0 };

          run_remove (fixture, path, info, options, &call);
          error = g_steal_pointer (&call.error);
        }

      g_assert_error (error, CUTOUT_API_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpstr (cutout_api_error_get_field (error), ==, cases[i].field);
      if (cases[i].code == CUTOUT_API_ERROR_MULTIPLE_ERRORS)
        {
          GPtrArray *details = cutout_api_error_get_details (error);
          CutoutFieldError *first, *second;

          g_assert_nonnull (details);
          g_assert_cmpuint (details->len, ==, 2);
          first = g_ptr_array_index (details, 0);
          second = g_ptr_array_index (details, 1);
          g_assert_cmpstr (first->field, ==, "w");
          g_assert_cmpstr (first->message, ==, "'w' must be an integer, got: 'abc'");
          g_assert_cmpint (first->code, ==, CUTOUT_API_ERROR_NOT_AN_INTEGER);
          g_assert_cmpstr (second->field, ==, "angle");
          g_assert_cmpstr (second->message, ==, "'angle' must be between -360 and 360 degrees, got: 500.0");
          g_assert_cmpint (second->code, ==, CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE);
        }
      cutout_test_rm_rf (path);
    }

  /* The client itself also refuses options that were not validated. */
  {
    g_autofree char *path = make_file (fixture, FILE_GOOD);
    g_autoptr(CutoutOptions) options = cutout_options_new ();
    g_auto(Call) call = { 0 };

    options->width = -5;
    run_remove (fixture, path, NULL, options, &call);
    assert_failed (fixture, &call, CUTOUT_API_ERROR_BELOW_MINIMUM, 0, "'w' must be at least 1, got: -5");
    g_assert_cmpuint (call.events->len, ==, 0);
  }

  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/rmbg"), ==, 0);
  g_assert_cmpuint (cutout_fake_server_get_requests (fixture->server)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  CLIENT_ADD ("fields", test_fields);
  CLIENT_ADD ("filename-extension", test_filename_extension);
  CLIENT_ADD ("api-key", test_api_key);
  CLIENT_ADD ("success", test_success);
  CLIENT_ADD ("progress", test_progress);
  CLIENT_ADD ("error-rows", test_error_rows);
  CLIENT_ADD ("dropped-connection", test_dropped_connection);
  CLIENT_ADD ("connection-refused", test_connection_refused);
  CLIENT_ADD ("cancel-upload", test_cancel_upload);
  CLIENT_ADD ("cancel-download", test_cancel_download);
  client_add_raw_tests ();
  g_test_add_func ("/client/insecure-url", test_insecure_url);
  CLIENT_ADD ("refused-locally", test_refused_locally);
  client_add_usage_tests ();

  return g_test_run ();
}
