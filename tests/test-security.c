/* test-security.c — the API key stays secret, URLs, TLS, names and bad answers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cutout-api-error.h"
#include "cutout-client.h"
#include "cutout-output.h"
#include "cutout-preflight.h"
#include "cutout-queue.h"
#include "cutout-store.h"
#include "test-cli-util.h"

/* A key that appears nowhere else, so that finding it means a leak. */
#define SECRET_KEY "sk-Zq7XvN3pL8-cutout-secret-4f91c2"
/* Any key for the raw server, which checks none. */
#define CUTOUT_TEST_KEY "test-key-valid"

static const char *secret_server[] = { "--key", SECRET_KEY, NULL };

static gboolean
bytes_contain (const char *data,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Fails when any file below @dir holds @needle; counts the files read. */
static guint
assert_no_file_contains (const char *dir,
                         const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          n += assert_no_file_contains (path, needle);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      n++;
      if (bytes_contain (contents, len, needle))
        g_error ("The API key was found in %s", path);
    }
  return n;
}

static void
make_photos (Fixture *fixture,
             guint    n)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);

  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%02u.png", i);
      g_autofree char *path = cutout_test_write_image (photos, name, 50 + i, 40, "png");
    }
}

/* (a) The key reaches the server and nothing else: not the output, not
 * the history database or its WAL, not any file, not the command line. */
static void
test_key_never_leaks (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *batch[] = { "--jobs", "2", "-o", "out", "photos", NULL };
  const char *usage[] = { "usage", NULL };
  const char *with_key[] = { "--key", SECRET_KEY, "photos", NULL };
  g_autofree char *db = g_build_filename (fixture->dir, "cutout", "cutout.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) usage_result = { 0 };
  g_auto(CliResult) rejected = { 0 };
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *db_bytes = NULL;
  gsize db_len = 0;
  guint n_files;

  static const char * const debug_env[] = { "G_MESSAGES_DEBUG", "all", NULL };

  make_photos (fixture, 3);
  /* Every debug message of the CLI too (only the child's: this test's
   * own output is TAP). */
  run_cli_env (fixture, SECRET_KEY, debug_env, batch, &result);
  run_cli_env (fixture, SECRET_KEY, debug_env, usage, &usage_result);

  /* The key worked: the server saw it on every request. */
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (usage_result.status, ==, 0);
  requests = read_server_log (fixture);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    g_assert_true (json_object_get_boolean_member (g_ptr_array_index (requests, i), "had_api_key"));
  g_assert_cmpuint (count_charged (fixture), ==, 3);

  g_assert_null (strstr (result.out, SECRET_KEY));
  g_assert_null (strstr (result.err, SECRET_KEY));
  g_assert_null (strstr (usage_result.out, SECRET_KEY));
  g_assert_null (strstr (usage_result.err, SECRET_KEY));

  /* The history database exists and does not hold it (nor its WAL). */
  g_assert_true (g_file_get_contents (db, &db_bytes, &db_len, NULL));
  g_assert_cmpuint (db_len, >, 0);
  g_assert_false (bytes_contain (db_bytes, db_len, SECRET_KEY));
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *wal_bytes = NULL;
      gsize wal_len = 0;

      g_assert_true (g_file_get_contents (wal, &wal_bytes, &wal_len, NULL));
      g_assert_false (bytes_contain (wal_bytes, wal_len, SECRET_KEY));
    }
  n_files = assert_no_file_contains (fixture->dir, SECRET_KEY);
  g_assert_cmpuint (n_files, >=, 7);

  /* There is no way to give the key as an argument (where any process
   * listing would show it). */
  run_cli (fixture, NULL, with_key, &rejected);
  g_assert_cmpint (rejected.status, ==, 2);
  g_assert_nonnull (strstr (rejected.err, "--key"));
  g_assert_null (strstr (rejected.err, SECRET_KEY));
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 3);
}

/* (a) No settings key can hold a secret. */
static void
test_no_settings_key (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_auto(GStrv) schemas = NULL;
  g_auto(GStrv) relocatable = NULL;
  guint n_checked = 0;

  g_assert_nonnull (source);
  g_settings_schema_source_list_schemas (source, TRUE, &schemas, &relocatable);
  for (guint s = 0; schemas[s] != NULL; s++)
    {
      g_autoptr(GSettingsSchema) schema = NULL;
      g_auto(GStrv) keys = NULL;

      if (!g_str_has_prefix (schemas[s], "io.github.cutoutapp"))
        continue;
      schema = g_settings_schema_source_lookup (source, schemas[s], FALSE);
      keys = g_settings_schema_list_keys (schema);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *lower = g_ascii_strdown (keys[k], -1);

          n_checked++;
          if (g_strcmp0 (lower, "key-page-dismissed") != 0)
            g_assert_null (strstr (lower, "key"));
          g_assert_null (strstr (lower, "token"));
          g_assert_null (strstr (lower, "secret"));
          g_assert_null (strstr (lower, "password"));
        }
    }
  g_assert_cmpuint (n_checked, >, 10);
}

/* (b) Plain http:// is refused unless the host is this computer. */
static void
test_insecure_urls (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *urls[] = { "http://example.com", "http://10.0.0.1" };
  const char *args[] = { "--api-url", "http://example.com", "photos", NULL };
  g_auto(CliResult) result = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CutoutClient) client = cutout_client_new (urls[i], "https://127.0.0.1:9", &error);

      g_assert_null (client);
      g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INSECURE_URL);
    }

  make_photos (fixture, 1);
  run_cli (fixture, SECRET_KEY, args, &result);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "http://example.com"));
  /* Nothing was sent anywhere, not even to the fixture's server. */
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 0);
}

/* ---- (c) TLS with an untrusted certificate ----------------------------------- */

typedef struct
{
  guint  n_requests;
  gsize  body_bytes;
  GError *error;
  gboolean done;
} TlsState;

static void
tls_handler_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TlsState *state = user_data;

  state->n_requests++;
  state->body_bytes += soup_server_message_get_request_body (msg)->length;
  soup_server_message_set_status (msg, 500, NULL);
}

static void
tls_request_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TlsState *state = user_data;
  g_autoptr(CutoutRemoveResult) answer = NULL;

  answer = cutout_client_remove_background_finish (CUTOUT_CLIENT (object), result, &state->error);
  g_assert_null (answer);
  state->done = TRUE;
}

static void
test_untrusted_tls (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data-files", "untrusted-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data-files", "untrusted-key.pem", NULL);
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *image = cutout_test_write_image (dir, "photo.png", 64, 48, "png");
  g_autofree char *dest_path = g_build_filename (dir, "answer.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(GFile) input = g_file_new_for_path (image);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autofree char *url = NULL;
  g_autofree char *lower = NULL;
  GSList *uris;
  TlsState state = { 0 };

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, tls_handler_cb, &state, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = cutout_client_new (url, url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (client, SECRET_KEY);
  info = cutout_preflight_check (input, NULL, &error);
  g_assert_no_error (error);
  options->format = CUTOUT_FORMAT_PNG;

  cutout_client_remove_background_async (client, input, info, options, dest, NULL, NULL, NULL, NULL,
                                         tls_request_cb, &state);
  cutout_test_wait_for (&state.done, 20000);

  g_assert_error (state.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK);
  lower = g_ascii_strdown (state.error->message, -1);
  g_test_message ("The client said: %s", state.error->message);
  g_assert_nonnull (strstr (lower, "certificate"));
  /* The handshake failed, so neither the key nor the image went out. */
  g_assert_cmpuint (state.n_requests, ==, 0);
  g_assert_cmpuint (state.body_bytes, ==, 0);
  g_assert_false (g_file_test (dest_path, G_FILE_TEST_EXISTS));
  g_clear_error (&state.error);
  soup_server_disconnect (server);
  cutout_test_rm_rf (dir);
}

/* ---- (d) Names stay inside the output folder ---------------------------------- */

static void
list_files (const char *dir,
            GPtrArray  *found)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_files (path, found);
      else
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

static void
test_names_stay_inside (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *stem = g_strdup_printf ("escape-probe-%08x", g_test_rand_int ());
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);
  g_autofree char *file = g_strconcat (stem, ".png", NULL);
  g_autofree char *image = NULL;
  g_autofree char *long_name = g_strnfill (300, 'n');
  g_autofree char *long_template = g_strconcat (long_name, "{name}", NULL);
  const char *templates[] = { "../{name}", "/tmp/{name}", "{name}\x01", long_template };

  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  image = cutout_test_write_image (photos, file, 60, 40, "png");

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autofree char *out_name = g_strdup_printf ("out%u", i);
      g_autofree char *out = g_build_filename (fixture->dir, out_name, NULL);
      g_autofree char *escaped = g_build_filename ("/tmp", stem, NULL);
      g_autofree char *escaped_png = g_strconcat (escaped, ".png", NULL);
      const char *args[] = { "-o", out_name, "--name", templates[i], "--format", "png", "photos", NULL };
      g_auto(CliResult) result = { 0 };
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) everywhere = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GDir) top = NULL;
      const char *name;

      run_cli (fixture, NULL, args, &result);
      list_files (out, found);
      g_test_message ("template %u: exit %d, %u files in the output folder", i, result.status, found->len);
      for (guint k = 0; k < found->len; k++)
        {
          g_test_message ("  %s", (char *) g_ptr_array_index (found, k));
          g_assert_true (g_str_has_prefix (g_ptr_array_index (found, k), out));
          assert_cutout (g_ptr_array_index (found, k), 60, 40);
        }
      /* Either a result inside the folder or a clear refusal. */
      if (result.status == 0)
        g_assert_cmpuint (found->len, ==, 1);
      else
        g_assert_cmpuint (found->len, ==, 0);

      /* Nothing beside the output folders, nothing in /tmp. */
      g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (escaped_png, G_FILE_TEST_EXISTS));
      top = g_dir_open (fixture->dir, 0, NULL);
      while ((name = g_dir_read_name (top)) != NULL)
        g_assert_true (g_str_has_prefix (name, "out") || g_str_equal (name, "photos") ||
                       g_str_equal (name, "cutout") || g_str_equal (name, "server-log.jsonl"));
      list_files (photos, everywhere);
      g_assert_cmpuint (everywhere->len, ==, 1);
      assert_no_temp_files (fixture->dir);
    }
}

/* ---- (e) Malformed answers ------------------------------------------------------ */

typedef enum
{
  ANSWER_HTML,
  ANSWER_EMPTY,
  ANSWER_TRUNCATED_PNG,
  ANSWER_HUGE_LENGTH,
  ANSWER_NOT_AN_IMAGE,
} AnswerKind;

typedef struct
{
  AnswerKind kind;
  GBytes    *png;        /* a real PNG, for the truncated answer */
  gint       n_requests; /* atomic */
} RawServer;

/* Reads the request head and its whole body, so that every answer comes
 * after the client has sent everything. */
static gboolean
read_request (GInputStream *in)
{
  g_autoptr(GString) head = g_string_new (NULL);
  const char *length;
  gsize body = 0;
  char c;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        return FALSE;
      g_string_append_c (head, g_ascii_tolower (c));
    }
  length = strstr (head->str, "content-length:");
  if (length != NULL)
    body = g_ascii_strtoull (length + strlen ("content-length:"), NULL, 10);
  while (body > 0)
    {
      char buf[4096];
      gssize n = g_input_stream_read (in, buf, MIN (body, sizeof buf), NULL, NULL);

      if (n <= 0)
        return FALSE;
      body -= n;
    }
  return TRUE;
}

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  RawServer *raw = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) answer = g_string_new ("HTTP/1.1 200 OK\r\nConnection: close\r\n");
  gsize png_len = g_bytes_get_size (raw->png);

  if (!read_request (g_io_stream_get_input_stream (G_IO_STREAM (connection))))
    return TRUE;
  g_atomic_int_inc (&raw->n_requests);

  switch (raw->kind)
    {
    case ANSWER_HTML:
      g_string_append (answer, "Content-Type: text/html\r\nContent-Length: 38\r\n\r\n"
                               "<html><body>Bad gateway</body></html>");
      g_string_append_c (answer, '\n');
      break;
    case ANSWER_EMPTY:
      g_string_append (answer, "Content-Type: image/png\r\nContent-Length: 0\r\n\r\n");
      break;
    case ANSWER_TRUNCATED_PNG:
      g_string_append_printf (answer, "Content-Type: image/png\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                              png_len);
      g_string_append_len (answer, g_bytes_get_data (raw->png, NULL), png_len / 2);
      break;
    case ANSWER_HUGE_LENGTH:
      g_string_append (answer, "Content-Type: image/png\r\nContent-Length: 104857600\r\n\r\n");
      g_string_append_len (answer, g_bytes_get_data (raw->png, NULL), 16);
      break;
    case ANSWER_NOT_AN_IMAGE:
    default:
      g_string_append (answer, "Content-Type: image/png\r\nContent-Length: 26\r\n\r\n"
                               "these bytes are no image\r\n");
      break;
    }
  g_output_stream_write_all (out, answer->str, answer->len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gboolean
all_final (CutoutQueue *queue)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (!cutout_job_state_is_final (cutout_job_get_state (job)))
        return FALSE;
    }
  return TRUE;
}

static void
test_malformed_answer (gconstpointer data)
{
  AnswerKind kind = GPOINTER_TO_INT (data);
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *in = g_build_filename (dir, "in", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autofree char *db = g_build_filename (dir, "cutout.db", NULL);
  g_autofree char *png_path = NULL;
  g_autofree char *png_bytes = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(CutoutStore) store = NULL;
  g_autoptr(CutoutQueue) queue = NULL;
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  GList *files = NULL;
  RawServer raw = { kind, NULL, 0 };
  gint64 deadline;
  gsize png_len = 0;
  guint16 port;

  g_assert_cmpint (g_mkdir_with_parents (in, 0755), ==, 0);
  png_path = cutout_test_write_image (dir, "answer.png", 64, 64, "png");
  g_assert_true (g_file_get_contents (png_path, &png_bytes, &png_len, NULL));
  raw.png = g_bytes_new (png_bytes, png_len);
  g_unlink (png_path);

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (raw_run_cb), &raw);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  client = cutout_client_new (url, url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (client, CUTOUT_TEST_KEY);
  store = cutout_store_new (db, &error);
  g_assert_no_error (error);
  queue = g_object_new (CUTOUT_TYPE_QUEUE,
                        "client", client,
                        "store", store,
                        "output-folder", out,
                        "backoff-base-ms", 10,
                        "backoff-cap-ms", 50,
                        "max-attempts", 2,
                        "watchdog-seconds", 5.0,
                        NULL);
  options->format = CUTOUT_FORMAT_PNG;
  cutout_queue_set_options (queue, options);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.png", i);
      g_autofree char *path = cutout_test_write_image (in, name, 50 + i, 40, "png");

      files = g_list_append (files, g_file_new_for_path (path));
    }
  cutout_queue_add_files (queue, files, NULL);
  g_list_free_full (files, g_object_unref);

  cutout_queue_start (queue);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!all_final (queue) && g_get_monotonic_time () < deadline)
    {
      /* The raw server answers from its own threads: poll. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      g_test_message ("job %u: %s after %u attempts: %s", i,
                      cutout_job_state_to_string (cutout_job_get_state (job)), cutout_job_get_attempts (job),
                      cutout_job_get_error (job) != NULL ? cutout_job_get_error (job)->message : "-");
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_STATE_FAILED);
      g_assert_nonnull (cutout_job_get_error (job));
      g_assert_cmpuint (cutout_job_get_attempts (job), >=, 1);
      g_assert_cmpuint (cutout_job_get_attempts (job), <=, 2);
    }
  g_assert_cmpuint (cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DONE), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&raw.n_requests), >=, 3);

  /* No result and no partial or temporary file anywhere. */
  list_files (out_path, left);
  g_assert_cmpuint (left->len, ==, 0);
  g_ptr_array_set_size (left, 0);
  list_files (in, left);
  g_assert_cmpuint (left->len, ==, 3);
  assert_no_temp_files (dir);

  cutout_queue_shutdown (queue);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_bytes_unref (raw.png);
  g_clear_object (&queue);
  g_clear_object (&store);
  cutout_test_rm_rf (dir);
}

static void
security_add_answer_tests (void)
{
  g_test_add_data_func ("/security/answer/html", GINT_TO_POINTER (ANSWER_HTML), test_malformed_answer);
  g_test_add_data_func ("/security/answer/empty", GINT_TO_POINTER (ANSWER_EMPTY), test_malformed_answer);
  g_test_add_data_func ("/security/answer/truncated-png", GINT_TO_POINTER (ANSWER_TRUNCATED_PNG), test_malformed_answer);
  g_test_add_data_func ("/security/answer/huge-length", GINT_TO_POINTER (ANSWER_HUGE_LENGTH), test_malformed_answer);
  g_test_add_data_func ("/security/answer/not-an-image", GINT_TO_POINTER (ANSWER_NOT_AN_IMAGE), test_malformed_answer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/security/key-never-leaks", Fixture, secret_server, fixture_set_up, test_key_never_leaks, fixture_tear_down);
  g_test_add_func ("/security/no-settings-key", test_no_settings_key);
  g_test_add ("/security/insecure-urls", Fixture, NULL, fixture_set_up, test_insecure_urls, fixture_tear_down);
  g_test_add_func ("/security/untrusted-tls", test_untrusted_tls);
  g_test_add ("/security/names-stay-inside", Fixture, NULL, fixture_set_up, test_names_stay_inside, fixture_tear_down);
  security_add_answer_tests ();
  return g_test_run ();
}
