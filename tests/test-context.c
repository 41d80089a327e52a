/* test-context.c — the UI's context: settings → queue, key, usage figures, months
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "cutout-api-error.h"
#include "cutout-context.h"
#include "cutout-fake-server.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"

typedef struct
{
  CutoutFakeServer *server;
  GSettings        *settings;
  char             *dir;
  char             *store_path;
  CutoutContext    *context;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = cutout_fake_server_new ();
  cutout_fake_server_set_plan (fixture->server, "Premium-20000", 18500, 2000);
  cutout_fake_server_set_usage (fixture->server, 4200, 5100);
  cutout_fake_server_start (fixture->server, 0, &error);
  g_assert_no_error (error);

  g_setenv ("CUTOUT_API_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  g_setenv ("CUTOUT_API_KEY", data != NULL ? data : "", TRUE);

  fixture->settings = g_settings_new ("io.github.cutoutapp.Cutout");
  fixture->dir = cutout_test_make_tmpdir ();
  fixture->store_path = g_build_filename (fixture->dir, "cutout.db", NULL);
}

/* A context on the fixture's settings and store; tear-down (or
 * drop_context) proves that it is finalized. */
static CutoutContext *
make_context (Fixture *fixture)
{
  g_assert_null (fixture->context);
  fixture->context = cutout_context_new (fixture->settings, fixture->store_path);
  return fixture->context;
}

static void
drop_context (Fixture *fixture)
{
  if (fixture->context != NULL)
    cutout_test_ui_assert_finalized (g_steal_pointer (&fixture->context));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drop_context (fixture);
  g_settings_reset (fixture->settings, "format");
  g_settings_reset (fixture->settings, "width");
  g_settings_reset (fixture->settings, "bg-color");
  g_settings_reset (fixture->settings, "concurrency");
  g_settings_reset (fixture->settings, "name-template");
  g_clear_object (&fixture->settings);
  cutout_fake_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
  cutout_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

static void
wait_for_usage (CutoutContext *context)
{
  for (guint i = 0; i < 500 && cutout_context_get_usage_loading (context); i++)
    cutout_test_ui_iterate (10);
  g_assert_false (cutout_context_get_usage_loading (context));
}

static void
test_context_queue_follows_settings (Fixture       *fixture,
                                     gconstpointer  data)
{
  CutoutContext *context = make_context (fixture);
  CutoutQueue *queue = cutout_context_get_queue (context);
  const CutoutOptions *options;
  guint in_flight;

  g_assert_nonnull (cutout_context_get_store (context));
  g_assert_null (cutout_context_get_store_error (context));
  g_assert_cmpint (cutout_context_get_key_source (context), ==, CUTOUT_KEY_SOURCE_ENVIRONMENT);
  g_assert_true (cutout_context_has_key (context));

  g_settings_set_enum (fixture->settings, "format", CUTOUT_FORMAT_PNG);
  g_settings_set_uint (fixture->settings, "width", 200);
  g_settings_set_string (fixture->settings, "bg-color", "white");
  g_settings_set_uint (fixture->settings, "concurrency", 5);
  g_settings_set_string (fixture->settings, "name-template", "{name}_{n}.{ext}");

  options = cutout_queue_get_options (queue);
  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_PNG);
  g_assert_cmpint (options->width, ==, 200);
  g_assert_cmpstr (options->bg_color, ==, "white");
  g_object_get (queue, "max-in-flight", &in_flight, NULL);
  g_assert_cmpuint (in_flight, ==, 5);
  g_assert_cmpstr (cutout_queue_get_name_template (queue), ==, "{name}_{n}.{ext}");

  /* An empty color means none. */
  g_settings_set_string (fixture->settings, "bg-color", "");
  g_assert_null (cutout_queue_get_options (queue)->bg_color);
}

static void
test_context_usage_offline (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 updated;

  {
    CutoutContext *context = make_context (fixture);
    CutoutMembership *membership;

    g_assert_null (cutout_context_get_membership (context));
    cutout_context_refresh_usage (context);
    g_assert_true (cutout_context_get_usage_loading (context));
    wait_for_usage (context);

    g_assert_null (cutout_context_get_usage_error (context));
    membership = cutout_context_get_membership (context);
    g_assert_nonnull (membership);
    g_assert_cmpstr (cutout_membership_get_membership (membership), ==, "Premium-20000");
    g_assert_cmpint (cutout_membership_get_total_available (membership), ==, 9200 + 2000);
    g_assert_cmpuint (g_list_model_get_n_items (cutout_context_get_cycles (context)), >=, 1);
    updated = cutout_context_get_usage_updated (context);
    g_assert_cmpint (updated, >, 0);
    drop_context (fixture);
  }

  /* The service is gone: a new start shows the stored figures, and a
   * refresh says why it failed without losing them. */
  cutout_fake_server_stop (fixture->server);
  {
    CutoutContext *context = make_context (fixture);

    g_assert_nonnull (cutout_context_get_membership (context));
    g_assert_cmpint (cutout_membership_get_total_available (cutout_context_get_membership (context)), ==, 11200);
    g_assert_cmpint (cutout_context_get_usage_updated (context), ==, updated);
    g_assert_cmpuint (g_list_model_get_n_items (cutout_context_get_cycles (context)), >=, 1);

    cutout_context_refresh_usage (context);
    wait_for_usage (context);
    g_assert_error (cutout_context_get_usage_error (context), CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK);
    g_assert_nonnull (cutout_context_get_membership (context));
    g_assert_cmpint (cutout_context_get_usage_updated (context), ==, updated);
  }
}

static void
set_key_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(CutoutMembership) membership = NULL;

  membership = cutout_context_set_key_finish (CUTOUT_CONTEXT (object), result, error);
  if (membership != NULL)
    g_assert_cmpstr (cutout_membership_get_membership (membership), ==, "Premium-20000");
  g_object_set_data (object, "done", GINT_TO_POINTER (1));
}

static void
set_key (CutoutContext *context,
         const char    *key,
         GError       **error)
{
  g_object_set_data (G_OBJECT (context), "done", NULL);
  cutout_context_set_key_async (context, key, NULL, set_key_cb, error);
  while (g_object_get_data (G_OBJECT (context), "done") == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_context_set_key (Fixture       *fixture,
                      gconstpointer  data)
{
  CutoutContext *context = make_context (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cutout_context_get_key_source (context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (cutout_context_has_key (context));

  /* A key the service refuses changes nothing. */
  set_key (context, "wrong-key", &error);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY);
  g_assert_cmpint (cutout_context_get_key_source (context), ==, CUTOUT_KEY_SOURCE_NONE);
  g_assert_false (cutout_context_has_key (context));
  g_clear_error (&error);

  set_key (context, "   ", &error);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY);
  g_clear_error (&error);

  /* A good one is used; with no keyring reachable (this test has no
   * session bus) it is kept for this session only. */
  set_key (context, CUTOUT_FAKE_SERVER_VALID_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_context_has_key (context));
  g_assert_cmpint (cutout_context_get_key_source (context), ==, CUTOUT_KEY_SOURCE_SESSION);
  g_assert_nonnull (cutout_context_get_membership (context));
  wait_for_usage (context);
}

typedef struct
{
  CutoutMembership *membership;
  GError           *error;
  gboolean          done;
} MonthResult;

static void
load_month_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MonthResult *out = user_data;

  out->membership = cutout_context_load_month_finish (CUTOUT_CONTEXT (object), result, &out->error);
  out->done = TRUE;
}

static CutoutMembership *
load_month (CutoutContext  *context,
            int             year,
            int             month,
            GError        **error)
{
  MonthResult out = { NULL, NULL, FALSE };

  cutout_context_load_month_async (context, year, month, NULL, load_month_cb, &out);
  while (!out.done)
    g_main_context_iteration (NULL, TRUE);
  if (out.error != NULL)
    g_propagate_error (error, out.error);
  return out.membership;
}

static const CutoutFakeRequest *
last_request (Fixture *fixture)
{
  GPtrArray *requests = cutout_fake_server_get_requests (fixture->server);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

static void
test_context_month (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fetched = 0, before;

  cutout_fake_server_set_month_usage (fixture->server, 2025, 12, 120, 3400);
  cutout_fake_server_set_month_usage (fixture->server, 2026, 1, 5, 6);

  {
    CutoutContext *context = make_context (fixture);

    /* Exactly the calendar month's parameters, nothing else. */
    before = g_get_real_time ();
    membership = load_month (context, 2025, 12, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (last_request (fixture)->query, ==, "year=2025&month=12");
    g_assert_cmpuint (last_request (fixture)->status, ==, 200);
    g_assert_cmpint (cutout_membership_get_app_usage (membership), ==, 120);
    g_assert_cmpint (cutout_membership_get_api_usage (membership), ==, 3400);
    g_assert_cmpint (cutout_membership_get_credits (membership), ==, 18500);
    g_assert_null (cutout_membership_get_billing_cycle (membership));
    g_clear_object (&membership);

    /* Kept as the last viewed month, for that month only. */
    g_assert_nonnull (cutout_context_get_stored_month (context, 2025, 12, &fetched));
    g_assert_cmpint (fetched, >=, before);
    g_assert_cmpint (fetched, <=, g_get_real_time ());
    g_assert_null (cutout_context_get_stored_month (context, 2026, 1, NULL));
    g_assert_null (cutout_context_get_stored_month (context, 2024, 12, NULL));

    /* A month with nothing used answers zeros, not an error. */
    membership = load_month (context, 2024, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (last_request (fixture)->query, ==, "year=2024&month=2");
    g_assert_cmpint (cutout_membership_get_app_usage (membership), ==, 0);
    g_assert_cmpint (cutout_membership_get_api_usage (membership), ==, 0);
    g_clear_object (&membership);

    membership = load_month (context, 2026, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cutout_membership_get_app_usage (membership), ==, 5);
    g_clear_object (&membership);
    /* The month does not touch the refreshed figures. */
    g_assert_null (cutout_context_get_membership (context));
    drop_context (fixture);
  }

  /* A new start without the service: the last month viewed is there,
   * with the time it was fetched; asking again says why it failed. */
  cutout_fake_server_stop (fixture->server);
  {
    CutoutContext *context = make_context (fixture);
    CutoutMembership *stored = cutout_context_get_stored_month (context, 2026, 1, &fetched);

    g_assert_nonnull (stored);
    g_assert_cmpint (cutout_membership_get_app_usage (stored), ==, 5);
    g_assert_cmpint (cutout_membership_get_api_usage (stored), ==, 6);
    g_assert_cmpint (fetched, >=, before);
    g_assert_null (cutout_context_get_stored_month (context, 2025, 12, NULL));

    membership = load_month (context, 2026, 1, &error);
    g_assert_null (membership);
    g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK);
    g_assert_nonnull (cutout_context_get_stored_month (context, 2026, 1, NULL));
  }
}

static void
test_context_month_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  CutoutContext *context = make_context (fixture);
  g_autoptr(GError) error = NULL;

  /* The service's own answer, with its status and message. */
  g_assert_null (load_month (context, 2026, 1, &error));
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY);
  g_assert_cmpstr (error->message, ==, "invalid api key");
  g_assert_cmpstr (last_request (fixture)->query, ==, "year=2026&month=1");
  g_assert_cmpuint (last_request (fixture)->status, ==, 401);
  g_assert_null (cutout_context_get_stored_month (context, 2026, 1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* No keyring: the key path for a machine without a secret service. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/context/queue-follows-settings", Fixture, CUTOUT_FAKE_SERVER_VALID_KEY,
              fixture_set_up, test_context_queue_follows_settings, fixture_tear_down);
  g_test_add ("/context/usage-offline", Fixture, CUTOUT_FAKE_SERVER_VALID_KEY,
              fixture_set_up, test_context_usage_offline, fixture_tear_down);
  g_test_add ("/context/set-key", Fixture, NULL,
              fixture_set_up, test_context_set_key, fixture_tear_down);
  g_test_add ("/context/month", Fixture, CUTOUT_FAKE_SERVER_VALID_KEY,
              fixture_set_up, test_context_month, fixture_tear_down);
  g_test_add ("/context/month-refused", Fixture, "not-a-valid-key",
              fixture_set_up, test_context_month_refused, fixture_tear_down);

  return g_test_run ();
}
