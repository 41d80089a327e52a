/* test-client-util.c — the fixture and remove-background call shared by the client tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-client-util.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *url;

  fixture->dir = cutout_test_make_tmpdir ();
  fixture->server = cutout_fake_server_new ();
  cutout_fake_server_start (fixture->server, 0, &error);
  g_assert_no_error (error);
  url = cutout_fake_server_get_url (fixture->server);

  fixture->client = cutout_client_new (url, url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (fixture->client, CUTOUT_FAKE_SERVER_VALID_KEY);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  cutout_fake_server_stop (fixture->server);
  g_clear_object (&fixture->server);
  cutout_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Running one remove-background call ------------------------------------ */

void
call_clear (Call *call)
{
  g_clear_pointer (&call->result, cutout_remove_result_free);
  g_clear_error (&call->error);
  g_clear_pointer (&call->events, g_array_unref);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->destination, g_free);
}

static void
progress_cb (CutoutTransferPhase phase,
             goffset             done,
             goffset             total,
             gpointer            user_data)
{
  Call *call = user_data;
  ProgressEvent event = { phase, done, total };

  /* The request runs in a worker thread; what the caller sees runs on
   * its own context. */
  g_assert_true (g_thread_self () == call->caller);
  g_assert_false (call->finished);
  g_array_append_val (call->events, event);

  if (phase == CUTOUT_TRANSFER_DOWNLOAD && g_file_test (call->destination, G_FILE_TEST_EXISTS))
    call->destination_existed_during_download = TRUE;

  if (call->cancel_during_upload && phase == CUTOUT_TRANSFER_UPLOAD && done > 0 && done < total)
    g_cancellable_cancel (call->cancellable);
  if (call->cancel_during_download && phase == CUTOUT_TRANSFER_DOWNLOAD && done > 0)
    g_cancellable_cancel (call->cancellable);
}

static void
progress_destroy (gpointer user_data)
{
  Call *call = user_data;

  g_assert_true (g_thread_self () == call->caller);
  g_assert_true (call->finished);
  call->progress_destroyed = TRUE;
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  g_assert_true (g_thread_self () == call->caller);
  call->result = cutout_client_remove_background_finish (CUTOUT_CLIENT (object), result, &call->error);
  g_assert_true ((call->result == NULL) != (call->error == NULL));
  call->finished = TRUE;
}

/* Sends @path (with @info, or with what preflight says) and waits. */
void
run_remove (Fixture                   *fixture,
            const char                *path,
            const CutoutPreflightInfo *info,
            const CutoutOptions       *options,
            Call                      *call)
{
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(GFile) destination = NULL;
  g_autoptr(CutoutPreflightInfo) own_info = NULL;
  g_autoptr(CutoutOptions) default_options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("out-%u.part", fixture->n_outputs++);

  if (info == NULL)
    {
      own_info = cutout_preflight_check (input, NULL, &error);
      g_assert_no_error (error);
      info = own_info;
    }
  if (options == NULL)
    options = default_options = cutout_options_new ();

  call->events = g_array_new (FALSE, FALSE, sizeof (ProgressEvent));
  call->destination = g_build_filename (call->destination_folder != NULL ? call->destination_folder : fixture->dir,
                                       name, NULL);
  if (call->cancellable == NULL)
    call->cancellable = g_cancellable_new ();
  destination = g_file_new_for_path (call->destination);

  call->caller = g_thread_self ();
  cutout_client_remove_background_async (fixture->client, input, info, options, destination,
                                         progress_cb, call, progress_destroy, call->cancellable,
                                         remove_cb, call);
  cutout_test_wait_for (&call->finished, 60000);
  /* The request is released right after its callback, on this thread. */
  cutout_test_wait_for (&call->progress_destroyed, 5000);
}

CutoutFakeRequest *
last_request (Fixture *fixture)
{
  GPtrArray *requests = cutout_fake_server_get_requests (fixture->server);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

/* Error answers ----------------------------------------------------------- */

void
assert_failed (Fixture        *fixture,
               Call           *call,
               CutoutApiError  code,
               guint           status,
               const char     *message)
{
  g_assert_null (call->result);
  g_assert_error (call->error, CUTOUT_API_ERROR, code);
  g_assert_cmpuint (cutout_api_error_get_http_status (call->error), ==, status);
  if (message != NULL)
    g_assert_cmpstr (call->error->message, ==, message);
  /* Nothing half-written is left behind. */
  g_assert_false (g_file_test (call->destination, G_FILE_TEST_EXISTS));
}
