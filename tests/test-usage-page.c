/* test-usage-page.c — tests of the Usage page and its chart
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "cutout-api-error.h"
#include "cutout-chart.h"
#include "cutout-context.h"
#include "cutout-credits-bar.h"
#include "cutout-fake-server.h"
#include "cutout-test-ui.h"
#include "cutout-test-util.h"
#include "cutout-usage-format.h"
#include "cutout-usage-page.h"

#define DAY 86400

/* A page on a context pointed at an in-process fake server with a known
 * plan: Premium-20000 with 18500 included and 2000 prepaid credits, 4200
 * used by the web app and 5100 by API keys in a period that started ten
 * days ago, and three past cycles of thirty days. */
typedef struct
{
  CutoutFakeServer *server;
  char             *tmpdir;
  char             *store_path;
  CutoutContext    *context;
  GtkWidget        *window;
  GtkWidget        *page;
  gint64            period_start;
  gint64            past_start[3];
} Fixture;

static const gint64 past_app[3] = { 300, 120, 50 };
static const gint64 past_api[3] = { 700, 880, 2000 };

static gint64
today_midnight_utc (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return now - now % DAY;
}

static void
setup_server (Fixture  *fixture,
              gboolean  synced)
{
  g_autoptr(GError) error = NULL;

  fixture->server = cutout_fake_server_new ();
  cutout_fake_server_set_plan (fixture->server, "Premium-20000", 18500, 2000);
  cutout_fake_server_set_usage (fixture->server, 4200, 5100);
  fixture->period_start = today_midnight_utc () - 10 * DAY;
  for (guint i = 0; i < 3; i++)
    {
      fixture->past_start[i] = fixture->period_start - (i + 1) * 30 * DAY;
      cutout_fake_server_add_past_cycle (fixture->server, fixture->past_start[i],
                                         fixture->past_start[i] + 30 * DAY - 1,
                                         past_app[i], past_api[i]);
    }
  cutout_fake_server_set_period (fixture->server, fixture->period_start,
                                 fixture->period_start + 30 * DAY - 1, synced);
  g_assert_true (cutout_fake_server_start (fixture->server, 0, &error));
  g_assert_no_error (error);

  g_setenv ("CUTOUT_API_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", cutout_fake_server_get_url (fixture->server), TRUE);
  fixture->tmpdir = cutout_test_make_tmpdir ();
  fixture->store_path = g_build_filename (fixture->tmpdir, "cutout.db", NULL);
}

static void
open_page (Fixture    *fixture,
           const char *key,
           int         width)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.cutoutapp.Cutout");

  g_setenv ("CUTOUT_API_KEY", key, TRUE);
  fixture->context = cutout_context_new (settings, fixture->store_path);
  fixture->page = cutout_usage_page_new (fixture->context);
  fixture->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 960);
  adw_window_set_content (ADW_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cutout_test_ui_iterate (50);
}

static void
close_page (Fixture *fixture)
{
  g_clear_pointer ((GtkWindow **) &fixture->window, gtk_window_destroy);
  fixture->page = NULL;
  cutout_test_ui_iterate (20);
  g_clear_object (&fixture->context);
}

static void
fixture_free (Fixture *fixture)
{
  close_page (fixture);
  if (fixture->server != NULL)
    cutout_fake_server_stop (fixture->server);
  g_clear_object (&fixture->server);
  if (fixture->tmpdir != NULL)
    cutout_test_rm_rf (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->store_path);
  g_free (fixture);
  cutout_test_ui_set_dark (FALSE);
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (fixture->page, CUTOUT_TYPE_USAGE_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (fixture, name)));
}

static gboolean
is_shown (Fixture    *fixture,
          const char *name)
{
  GtkWidget *widget = child (fixture, name);

  return gtk_widget_get_visible (widget) && gtk_widget_is_drawable (widget);
}

/* Waits for the running refresh (if any) to end. */
static void
wait_idle (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  cutout_test_ui_iterate (10);
  while (cutout_context_get_usage_loading (fixture->context))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  cutout_test_ui_iterate (50);
}

static void
wait_for_detail (Fixture *fixture)
{
  GtkWidget *spinner = child (fixture, "detail_spinner");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gtk_spinner_get_spinning (GTK_SPINNER (spinner)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  cutout_test_ui_iterate (50);
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "stack")));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const CutoutFakeRequest *
last_request (Fixture *fixture)
{
  GPtrArray *requests = cutout_fake_server_get_requests (fixture->server);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

/* Page tests */

static void
assert_close (double actual,
              double expected)
{
  /* Edges are on whole pixels, so a value may be off by one. */
  g_assert_cmpfloat (fabs (actual - expected), <=, 1.0);
}


static void
test_page_figures (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_autofree char *period = NULL;
  GtkListBox *list;
  GtkListBoxRow *row;

  setup_server (fixture, TRUE);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);

  /* Shown with no figures yet: the page refreshes by itself. */
  wait_idle (fixture);
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/api/membership-usage"), ==, 2);
  g_assert_cmpstr (visible_page (fixture), ==, "figures");

  g_assert_cmpstr (label_text (fixture, "plan_label"), ==, "Premium-20000");
  g_assert_cmpstr (label_text (fixture, "remaining_label"), ==, "9200");
  g_assert_cmpstr (label_text (fixture, "prepaid_label"), ==, "2000");
  g_assert_cmpstr (label_text (fixture, "total_label"), ==, "11200");
  g_assert_cmpstr (label_text (fixture, "app_label"), ==, "4200");
  g_assert_cmpstr (label_text (fixture, "api_label"), ==, "5100");
  g_assert_cmpstr (label_text (fixture, "used_label"), ==, "9300");
  g_assert_cmpstr (label_text (fixture, "included_label"), ==, "18500");
  g_assert_cmpstr (label_text (fixture, "month_label"), ==, "9300");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, "month_row"))), ==,
                   "Web app 4200, API 5100");

  /* The credits bar: app, API and remaining included credits side by
   * side, prepaid after a gap of 4 px, widths proportional to the counts. */
  {
    CutoutCreditsBar *bar = CUTOUT_CREDITS_BAR (child (fixture, "credits_bar"));
    int width = gtk_widget_get_width (GTK_WIDGET (bar));
    double unit = (width - 4) / (double) (4200 + 5100 + 9200 + 2000);
    graphene_rect_t app, api, remaining, prepaid;

    g_assert_true (cutout_credits_bar_get_segment (bar, "app", &app));
    g_assert_true (cutout_credits_bar_get_segment (bar, "api", &api));
    g_assert_true (cutout_credits_bar_get_segment (bar, "remaining", &remaining));
    g_assert_true (cutout_credits_bar_get_segment (bar, "prepaid", &prepaid));
    g_assert_cmpfloat (app.origin.x, ==, 0);
    g_assert_cmpfloat (app.origin.x + app.size.width, ==, api.origin.x);
    g_assert_cmpfloat (api.origin.x + api.size.width, ==, remaining.origin.x);
    g_assert_cmpfloat (remaining.origin.x + remaining.size.width + 4, ==, prepaid.origin.x);
    g_assert_cmpfloat (prepaid.origin.x + prepaid.size.width, ==, width);
    assert_close (app.size.width, 4200 * unit);
    assert_close (api.size.width, 5100 * unit);
    assert_close (remaining.size.width, 9200 * unit);
    assert_close (prepaid.size.width, 2000 * unit);
    gtk_test_accessible_assert_property (bar, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                         "This period: 9300 used (web app 4200, API 5100); "
                                         "9200 included credits remaining; 2000 prepaid credits.");
  }

  period = cutout_format_period (fixture->period_start, fixture->period_start + 30 * DAY - 1);
  g_assert_cmpstr (label_text (fixture, "period_label"), ==, period);
  g_assert_cmpstr (label_text (fixture, "renews_label"), ==, "Renews in 20 days");
  g_assert_cmpstr (label_text (fixture, "updated_label"), ==, "Updated just now");
  g_assert_false (is_shown (fixture, "fallback_label"));
  g_assert_false (is_shown (fixture, "error_bar"));
  g_assert_false (is_shown (fixture, "detail_box"));

  /* The dates are in UTC, in the user's format ("1 Oct – 30 Oct 2026"). */
  g_assert_nonnull (strstr (period, " – "));

  /* The list of cycles, newest first, which screen readers read. */
  list = GTK_LIST_BOX (child (fixture, "cycles_list"));
  g_assert_cmpuint (count_rows (list), ==, 4);
  row = gtk_list_box_get_row_at_index (list, 2);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1000 used (web app 120, API 880)");
  g_free (period);
  period = cutout_format_period (fixture->past_start[1], fixture->past_start[1] + 30 * DAY - 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, period);
  g_assert_true (is_shown (fixture, "chart"));
  g_assert_cmpuint (g_list_model_get_n_items (cutout_chart_get_model (CUTOUT_CHART (child (fixture, "chart")))), ==, 4);
  g_assert_cmpint (cutout_chart_get_included_credits (CUTOUT_CHART (child (fixture, "chart"))), ==, 18500);

  /* Shown again while the figures are fresh: no new request. */
  gtk_widget_set_visible (fixture->page, FALSE);
  gtk_widget_set_visible (fixture->page, TRUE);
  wait_idle (fixture);
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/api/membership-usage"), ==, 2);

  /* The refresh button asks again. */
  g_signal_emit_by_name (child (fixture, "refresh_button"), "clicked");
  wait_idle (fixture);
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, "/api/membership-usage"), ==, 4);

  fixture_free (fixture);
}

static void
test_page_open_cycle (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_autofree char *expected_query = NULL;
  g_autofree char *title = NULL;
  CutoutChart *chart;
  GtkListBox *list;

  setup_server (fixture, TRUE);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);

  /* Activating a row of the list opens that period in full. */
  list = GTK_LIST_BOX (child (fixture, "cycles_list"));
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 2), "activate");
  g_assert_true (is_shown (fixture, "detail_box"));
  wait_for_detail (fixture);

  expected_query = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT, fixture->past_start[1]);
  g_assert_nonnull (strstr (last_request (fixture)->query, expected_query));
  title = cutout_format_period (fixture->past_start[1], fixture->past_start[1] + 30 * DAY - 1);
  g_assert_cmpstr (label_text (fixture, "detail_title"), ==, title);
  g_assert_cmpstr (label_text (fixture, "detail_used_label"), ==, "1000");
  g_assert_cmpstr (label_text (fixture, "detail_app_label"), ==, "120");
  g_assert_cmpstr (label_text (fixture, "detail_api_label"), ==, "880");
  /* The full period has the credit figures the list does not. */
  g_assert_true (is_shown (fixture, "detail_included_row"));
  g_assert_cmpstr (label_text (fixture, "detail_included_label"), ==, "18500");
  g_assert_cmpstr (label_text (fixture, "detail_remaining_label"), ==, "17500");
  g_assert_false (is_shown (fixture, "detail_error"));

  /* The chart and the list show the same selection. */
  chart = CUTOUT_CHART (child (fixture, "chart"));
  g_assert_cmpuint (cutout_chart_get_selected (chart), ==, 2);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 2);

  /* The keyboard on the chart: Home goes to the oldest bar (and shows its
   * figures), Enter opens it. */
  /* Whether the focus really lands depends on the window being active,
   * which needs a window manager Xvfb does not have: check that the chart
   * takes the focus, and drive its keyboard actions directly. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
  gtk_widget_grab_focus (GTK_WIDGET (chart));
  cutout_test_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.oldest", NULL));
  g_assert_cmpuint (cutout_chart_get_highlighted (chart), ==, 3);
  {
    g_autoptr(CutoutBillingCycle) oldest = g_list_model_get_item (cutout_chart_get_model (chart), 3);
    g_autofree char *text = cutout_format_cycle (oldest);

    g_assert_cmpstr (label_text (fixture, "highlight_label"), ==, text);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.activate-bar", NULL));
  wait_for_detail (fixture);
  g_free (expected_query);
  expected_query = g_strdup_printf ("periodStartUnix=%" G_GINT64_FORMAT, fixture->past_start[2]);
  g_assert_nonnull (strstr (last_request (fixture)->query, expected_query));
  g_assert_cmpstr (label_text (fixture, "detail_app_label"), ==, "50");
  g_assert_cmpstr (label_text (fixture, "detail_api_label"), ==, "2000");
  g_assert_cmpuint (cutout_chart_get_selected (chart), ==, 3);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 3);

  /* A refresh replaces the cycles; the opened one stays selected. */
  g_signal_emit_by_name (child (fixture, "refresh_button"), "clicked");
  wait_idle (fixture);
  g_assert_cmpuint (cutout_chart_get_selected (chart), ==, 3);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 3);

  fixture_free (fixture);
}

static void
test_page_offline (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  const char *updated;

  setup_server (fixture, TRUE);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  g_assert_cmpstr (label_text (fixture, "remaining_label"), ==, "9200");

  /* The service goes away: a refresh fails, the stored figures stay with
   * their age, and the page says why. */
  cutout_fake_server_stop (fixture->server);
  g_signal_emit_by_name (child (fixture, "refresh_button"), "clicked");
  wait_idle (fixture);

  g_assert_nonnull (cutout_context_get_usage_error (fixture->context));
  g_assert_cmpstr (visible_page (fixture), ==, "figures");
  g_assert_cmpstr (label_text (fixture, "plan_label"), ==, "Premium-20000");
  g_assert_cmpstr (label_text (fixture, "remaining_label"), ==, "9200");
  g_assert_cmpstr (label_text (fixture, "app_label"), ==, "4200");
  g_assert_true (is_shown (fixture, "error_bar"));
  g_assert_cmpstr (label_text (fixture, "error_label"), ==, "Could not reach the service");
  g_assert_true (is_shown (fixture, "error_retry_button"));
  g_assert_false (is_shown (fixture, "error_key_button"));
  updated = label_text (fixture, "updated_label");
  g_assert_true (g_str_has_prefix (updated, "Offline — showing figures from "));
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (child (fixture, "cycles_list"))), ==, 4);
  cutout_test_ui_screenshot (fixture->window, "usage-offline");

  /* A new start of the app, still offline: the stored figures are shown
   * from the store, with their age, without asking (they are fresh). */
  close_page (fixture);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  g_assert_cmpstr (visible_page (fixture), ==, "figures");
  g_assert_cmpstr (label_text (fixture, "plan_label"), ==, "Premium-20000");
  g_assert_cmpstr (label_text (fixture, "total_label"), ==, "11200");
  g_assert_cmpstr (label_text (fixture, "updated_label"), ==, "Updated just now");
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (child (fixture, "cycles_list"))), ==, 4);

  fixture_free (fixture);
}

static void
test_page_bad_key (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  GtkWidget *button;

  setup_server (fixture, TRUE);

  /* No figures at all: the status page explains and offers the key. */
  open_page (fixture, "not-a-valid-key", 800);
  wait_idle (fixture);
  g_assert_cmpuint (last_request (fixture)->status, ==, 401);
  g_assert_cmpstr (visible_page (fixture), ==, "status");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (fixture, "status_page"))), ==,
                   "The API key was refused");
  button = child (fixture, "status_key_button");
  g_assert_true (is_shown (fixture, "status_key_button"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.set-key");
  cutout_test_ui_screenshot (fixture->window, "usage-bad-key");
  close_page (fixture);

  /* Stored figures, then the key is refused: the figures stay, with the
   * key problem above them. */
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  close_page (fixture);
  open_page (fixture, "not-a-valid-key", 800);
  wait_idle (fixture);
  g_assert_cmpstr (visible_page (fixture), ==, "figures");
  g_signal_emit_by_name (child (fixture, "refresh_button"), "clicked");
  wait_idle (fixture);
  g_assert_cmpstr (label_text (fixture, "remaining_label"), ==, "9200");
  g_assert_true (is_shown (fixture, "error_bar"));
  g_assert_cmpstr (label_text (fixture, "error_label"), ==, "The API key was refused");
  g_assert_true (is_shown (fixture, "error_key_button"));
  g_assert_false (is_shown (fixture, "error_retry_button"));

  fixture_free (fixture);
}

static void
test_page_no_key (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  setup_server (fixture, TRUE);
  open_page (fixture, "", 800);
  wait_idle (fixture);

  /* Nothing to ask without a key, and nothing stored. */
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, NULL), ==, 0);
  g_assert_cmpstr (visible_page (fixture), ==, "status");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (fixture, "status_page"))), ==,
                   "Add an API key to see your credits");
  g_assert_true (is_shown (fixture, "status_key_button"));
  g_assert_false (is_shown (fixture, "status_retry_button"));

  fixture_free (fixture);
}

static void
test_page_unsynced (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  setup_server (fixture, FALSE);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);

  g_assert_true (cutout_membership_is_calendar_fallback (cutout_context_get_membership (fixture->context)));
  g_assert_true (is_shown (fixture, "fallback_label"));
  g_assert_cmpstr (label_text (fixture, "fallback_label"), ==,
                   "Billing is not synced for this account yet: figures follow the calendar month (UTC).");
  g_assert_cmpstr (label_text (fixture, "app_label"), ==, "4200");

  fixture_free (fixture);
}

static void
test_page_screenshots (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  GtkAdjustment *adjustment;
  GtkListBox *list;

  setup_server (fixture, TRUE);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 900);
  wait_idle (fixture);
  list = GTK_LIST_BOX (child (fixture, "cycles_list"));
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 1), "activate");
  wait_for_detail (fixture);

  /* The top of the page, then its end (the opened cycle and the list). */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                 gtk_widget_get_ancestor (child (fixture, "chart"), GTK_TYPE_SCROLLED_WINDOW)));
  for (guint dark = 0; dark < 2; dark++)
    {
      cutout_test_ui_set_dark (dark);
      gtk_adjustment_set_value (adjustment, 0);
      cutout_test_ui_screenshot (fixture->window, dark ? "usage-dark" : "usage-light");
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      cutout_test_ui_screenshot (fixture->window, dark ? "usage-dark-end" : "usage-light-end");
    }
  cutout_test_ui_set_dark (FALSE);
  close_page (fixture);

  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 360);
  wait_idle (fixture);
  g_assert_cmpint (gtk_widget_get_width (fixture->window), <=, 360);
  cutout_test_ui_screenshot (fixture->window, "usage-narrow-light");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                 gtk_widget_get_ancestor (child (fixture, "chart"), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  cutout_test_ui_screenshot (fixture->window, "usage-narrow-light-end");

  fixture_free (fixture);
}

/* Chart tests */

static GListStore *
make_cycles (void)
{
  /* Newest first, as the context has them. */
  static const gint64 figures[][2] = { { 1000, 3000 }, { 500, 500 }, { 0, 2000 } };
  GListStore *store = g_list_store_new (CUTOUT_TYPE_BILLING_CYCLE);
  gint64 start = 1774268612;

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(CutoutBillingCycle) cycle = NULL;
      g_autoptr(GError) error = NULL;
      gint64 cycle_start = start - i * 30 * DAY;

      json_object_set_int_member (object, "periodStartUnix", cycle_start);
      json_object_set_int_member (object, "periodEndUnix", cycle_start + 30 * DAY - 1);
      json_object_set_int_member (object, "appUsage", figures[i][0]);
      json_object_set_int_member (object, "apiUsage", figures[i][1]);
      cycle = cutout_billing_cycle_new_from_json (object, &error);
      g_assert_no_error (error);
      g_list_store_append (store, cycle);
    }
  return store;
}

static void
test_chart_geometry (void)
{
  g_autoptr(GListStore) cycles = make_cycles ();
  GtkWidget *chart = g_object_ref_sink (cutout_chart_new ());
  graphene_rect_t plot, app[3], api[3];
  double bottom, y;

  cutout_chart_set_model (CUTOUT_CHART (chart), G_LIST_MODEL (cycles));
  cutout_chart_set_included_credits (CUTOUT_CHART (chart), 5000);
  g_assert_cmpint (cutout_chart_get_scale_max (CUTOUT_CHART (chart)), ==, 5000);

  cutout_chart_get_plot_rect (CUTOUT_CHART (chart), 400, 224, &plot);
  bottom = plot.origin.y + plot.size.height;
  g_assert_cmpfloat (plot.size.height, >, 150);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), i, CUTOUT_CHART_SERIES_APP, 400, 224, &app[i]));
      g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), i, CUTOUT_CHART_SERIES_API, 400, 224, &api[i]));
      /* Stacked: app at the bottom, API exactly on top of it. */
      g_assert_cmpfloat (app[i].origin.y + app[i].size.height, ==, bottom);
      g_assert_cmpfloat (api[i].origin.y + api[i].size.height, ==, app[i].origin.y);
      g_assert_cmpfloat (api[i].origin.x, ==, app[i].origin.x);
      g_assert_cmpfloat (api[i].size.width, ==, app[i].size.width);
      /* On whole pixels, so they are crisp. */
      g_assert_cmpfloat (app[i].origin.x, ==, round (app[i].origin.x));
      g_assert_cmpfloat (api[i].origin.y, ==, round (api[i].origin.y));
    }
  g_assert_false (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), 3, CUTOUT_CHART_SERIES_APP, 400, 224, &app[0]));
  g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), 0, CUTOUT_CHART_SERIES_APP, 400, 224, &app[0]));

  /* Newest on the right. */
  g_assert_cmpfloat (app[0].origin.x, >, app[1].origin.x);
  g_assert_cmpfloat (app[1].origin.x, >, app[2].origin.x);

  /* Heights proportional to usage on a scale of 5000 (the included credits). */
  assert_close (app[0].size.height, plot.size.height * 1000 / 5000);
  assert_close (api[0].size.height, plot.size.height * 3000 / 5000);
  assert_close (app[1].size.height, plot.size.height * 500 / 5000);
  assert_close (api[1].size.height, plot.size.height * 500 / 5000);
  g_assert_cmpfloat (app[2].size.height, ==, 0);
  assert_close (api[2].size.height, plot.size.height * 2000 / 5000);

  /* The reference line at the included credits: the top of the plot. */
  g_assert_true (cutout_chart_get_reference_y (CUTOUT_CHART (chart), 400, 224, &y));
  g_assert_cmpfloat (y, ==, plot.origin.y);

  /* Below the usage, the largest bar sets the scale and the line is lower. */
  cutout_chart_set_included_credits (CUTOUT_CHART (chart), 2000);
  g_assert_cmpint (cutout_chart_get_scale_max (CUTOUT_CHART (chart)), ==, 4000);
  g_assert_true (cutout_chart_get_reference_y (CUTOUT_CHART (chart), 400, 224, &y));
  assert_close (bottom - y, plot.size.height / 2);
  g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), 0, CUTOUT_CHART_SERIES_API, 400, 224, &api[0]));
  g_assert_cmpfloat (api[0].origin.y, ==, plot.origin.y);

  /* The pointer finds the bar of the column it is in. */
  g_assert_cmpuint (cutout_chart_get_position_at (CUTOUT_CHART (chart), app[0].origin.x + 1, 400, 224), ==, 0);
  g_assert_cmpuint (cutout_chart_get_position_at (CUTOUT_CHART (chart), app[2].origin.x + 1, 400, 224), ==, 2);
  g_assert_cmpuint (cutout_chart_get_position_at (CUTOUT_CHART (chart), 1, 400, 224), ==, GTK_INVALID_LIST_POSITION);

  /* No included credits: no line. */
  cutout_chart_set_included_credits (CUTOUT_CHART (chart), 0);
  g_assert_false (cutout_chart_get_reference_y (CUTOUT_CHART (chart), 400, 224, &y));

  g_assert_finalize_object (chart);
}

static void
activated_cb (CutoutChart *chart,
              guint        position,
              guint       *out)
{
  *out = position;
}

static void
test_chart_selection (void)
{
  g_autoptr(GListStore) cycles = make_cycles ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = cutout_chart_new ();
  guint activated = GTK_INVALID_LIST_POSITION;
  g_autoptr(GString) description = g_string_new ("From the oldest to the newest billing cycle:");
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(CutoutBillingCycle) newer = NULL;

  cutout_chart_set_model (CUTOUT_CHART (chart), G_LIST_MODEL (cycles));
  cutout_chart_set_included_credits (CUTOUT_CHART (chart), 5000);
  g_signal_connect (chart, "bar-activated", G_CALLBACK (activated_cb), &activated);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  cutout_test_ui_iterate (50);

  /* What screen readers get: a label, and every figure in the description. */
  gtk_test_accessible_assert_role (chart, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "Usage per billing cycle");
  for (guint i = 3; i > 0; i--)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (G_LIST_MODEL (cycles), i - 1);
      g_autofree char *text = cutout_format_cycle (cycle);

      g_string_append_printf (description, " %s.", text);
    }
  g_string_append (description, " Included credits per cycle: 5000.");
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str);

  /* Keyboard: Right/Left move between bars (0 is the newest, on the right),
   * Enter activates. */
  gtk_widget_grab_focus (chart);
  cutout_test_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (chart, "chart.newest", NULL));
  g_assert_cmpuint (cutout_chart_get_cursor (CUTOUT_CHART (chart)), ==, 0);
  g_assert_true (gtk_widget_activate_action (chart, "chart.older", NULL));
  g_assert_true (gtk_widget_activate_action (chart, "chart.older", NULL));
  g_assert_true (gtk_widget_activate_action (chart, "chart.older", NULL));
  g_assert_cmpuint (cutout_chart_get_cursor (CUTOUT_CHART (chart)), ==, 2);
  g_assert_true (gtk_widget_activate_action (chart, "chart.newer", NULL));
  g_assert_cmpuint (cutout_chart_get_highlighted (CUTOUT_CHART (chart)), ==, 1);
  g_assert_cmpuint (activated, ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_widget_activate_action (chart, "chart.activate-bar", NULL));
  g_assert_cmpuint (activated, ==, 1);
  g_assert_cmpuint (cutout_chart_get_selected (CUTOUT_CHART (chart)), ==, 1);

  /* The pointer: hovering a column highlights its bar, a click activates it. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (chart);
    int width = gtk_widget_get_width (chart);
    int height = gtk_widget_get_height (chart);
    graphene_rect_t slot;

    g_assert_true (cutout_chart_get_slot_rect (CUTOUT_CHART (chart), 2, width, height, &slot));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
          g_signal_emit_by_name (controller, "motion", slot.origin.x + 2, slot.origin.y + 2);
      }
    g_assert_cmpuint (cutout_chart_get_highlighted (CUTOUT_CHART (chart)), ==, 2);
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (controller))
          g_signal_emit_by_name (controller, "released", 1, slot.origin.x + 2, slot.origin.y + 2);
        if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
          g_signal_emit_by_name (controller, "leave");
      }
    g_assert_cmpuint (activated, ==, 2);
    g_assert_cmpuint (cutout_chart_get_selected (CUTOUT_CHART (chart)), ==, 2);
    /* Back to the keyboard cursor, which the click moved. */
    g_assert_cmpuint (cutout_chart_get_highlighted (CUTOUT_CHART (chart)), ==, 2);
    g_assert_true (gtk_widget_activate_action (chart, "chart.newer", NULL));
    g_assert_true (gtk_widget_activate_action (chart, "chart.activate-bar", NULL));
    g_assert_cmpuint (activated, ==, 1);
  }

  /* A newer cycle arrives in front: the selection follows its cycle. */
  json_object_set_int_member (object, "periodStartUnix", 1774268612 + 30 * DAY);
  json_object_set_int_member (object, "periodEndUnix", 1774268612 + 60 * DAY - 1);
  json_object_set_int_member (object, "appUsage", 1);
  json_object_set_int_member (object, "apiUsage", 2);
  newer = cutout_billing_cycle_new_from_json (object, NULL);
  g_list_store_insert (cycles, 0, newer);
  g_assert_cmpuint (cutout_chart_get_selected (CUTOUT_CHART (chart)), ==, 2);
  cutout_test_ui_screenshot (window, "chart-selection");

  gtk_window_destroy (GTK_WINDOW (window));
  cutout_test_ui_iterate (20);
}

static void
test_chart_pixels (void)
{
  g_autoptr(GListStore) cycles = make_cycles ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = cutout_chart_new ();
  g_autofree char *dir = cutout_test_make_tmpdir ();

  cutout_test_ui_set_dark (FALSE);
  cutout_chart_set_model (CUTOUT_CHART (chart), G_LIST_MODEL (cycles));
  cutout_chart_set_included_credits (CUTOUT_CHART (chart), 5000);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 224);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  cutout_test_ui_iterate (100);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *path = g_build_filename (dir, dark ? "dark.png" : "light.png", NULL);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      int width = gtk_widget_get_width (chart);
      int height = gtk_widget_get_height (chart);
      graphene_rect_t app, api;
      graphene_point_t origin;
      GdkRGBA app_color, api_color;
      const guchar *pixels;
      int stride, channels;

      cutout_test_ui_set_dark (dark);
      cutout_test_ui_iterate (50);
      g_assert_true (cutout_test_ui_save_png (window, path));
      pixbuf = gdk_pixbuf_new_from_file (path, NULL);
      g_assert_nonnull (pixbuf);
      pixels = gdk_pixbuf_read_pixels (pixbuf);
      stride = gdk_pixbuf_get_rowstride (pixbuf);
      channels = gdk_pixbuf_get_n_channels (pixbuf);
      g_assert_true (gtk_widget_compute_point (chart, window, &GRAPHENE_POINT_INIT (0, 0), &origin));

      cutout_chart_get_series_color (CUTOUT_CHART (chart), CUTOUT_CHART_SERIES_APP, &app_color);
      cutout_chart_get_series_color (CUTOUT_CHART (chart), CUTOUT_CHART_SERIES_API, &api_color);
      g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), 0, CUTOUT_CHART_SERIES_APP, width, height, &app));
      g_assert_true (cutout_chart_get_bar_rect (CUTOUT_CHART (chart), 0, CUTOUT_CHART_SERIES_API, width, height, &api));

#define PIXEL(px_, py_, c_) (pixels[(int) ((py_) + origin.y) * stride + (int) ((px_) + origin.x) * channels + (c_)])
      {
        double ax = app.origin.x + app.size.width / 2, ay = app.origin.y + app.size.height / 2;
        double px = api.origin.x + api.size.width / 2, py = api.origin.y + api.size.height / 2;
        /* Between the top of the bar and the reference line at the top. */
        double by = api.origin.y - 6;
        int diff = 0;

        g_assert_cmpint (abs (PIXEL (ax, ay, 0) - (int) round (app_color.red * 255)), <=, 3);
        g_assert_cmpint (abs (PIXEL (ax, ay, 1) - (int) round (app_color.green * 255)), <=, 3);
        g_assert_cmpint (abs (PIXEL (ax, ay, 2) - (int) round (app_color.blue * 255)), <=, 3);
        g_assert_cmpint (abs (PIXEL (px, py, 0) - (int) round (api_color.red * 255)), <=, 3);
        g_assert_cmpint (abs (PIXEL (px, py, 1) - (int) round (api_color.green * 255)), <=, 3);
        g_assert_cmpint (abs (PIXEL (px, py, 2) - (int) round (api_color.blue * 255)), <=, 3);

        /* The background above the bar is not the bar's color, and in the
         * dark style it is dark. */
        for (int c = 0; c < 3; c++)
          diff += abs (PIXEL (px, by, c) - PIXEL (px, py, c));
        g_assert_cmpint (diff, >, 60);
        if (dark)
          g_assert_cmpint (PIXEL (px, by, 0) + PIXEL (px, by, 1) + PIXEL (px, by, 2), <, 3 * 80);
        else
          g_assert_cmpint (PIXEL (px, by, 0) + PIXEL (px, by, 1) + PIXEL (px, by, 2), >, 3 * 200);
      }
#undef PIXEL
    }

  cutout_test_ui_set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  cutout_test_rm_rf (dir);
}

static void
test_format_age (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *just_now = cutout_format_usage_age (now - 20 * G_USEC_PER_SEC, now, FALSE);
  g_autofree char *minutes = cutout_format_usage_age (now - 3 * 60 * G_USEC_PER_SEC, now, FALSE);
  g_autofree char *minute = cutout_format_usage_age (now - 61 * G_USEC_PER_SEC, now, FALSE);
  g_autofree char *hours = cutout_format_usage_age (now - (gint64) 3 * 3600 * G_USEC_PER_SEC - 5, now, FALSE);
  g_autofree char *days = cutout_format_usage_age (now - (gint64) 5 * 86400 * G_USEC_PER_SEC, now, FALSE);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 25, 14, 0, 0);
  g_autofree char *offline = cutout_format_usage_age (g_date_time_to_unix (when) * G_USEC_PER_SEC, now, TRUE);
  g_autoptr(GError) network = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  g_autoptr(GError) key = cutout_api_error_new (CUTOUT_API_ERROR_INVALID_KEY, 401, "invalid api key");
  g_autoptr(GError) other = cutout_api_error_new (CUTOUT_API_ERROR_EMAIL_NOT_VERIFIED, 403,
                                                  "Email address not verified – please check your inbox");

  g_assert_cmpstr (just_now, ==, "Updated just now");
  g_assert_cmpstr (minute, ==, "Updated 1 minute ago");
  g_assert_cmpstr (minutes, ==, "Updated 3 minutes ago");
  g_assert_cmpstr (hours, ==, "Updated 3 hours ago");
  g_assert_cmpstr (days, ==, "Updated 5 days ago");
  g_assert_cmpstr (offline, ==, "Offline — showing figures from 25 Nov, 14:00");

  g_assert_cmpstr (cutout_usage_error_describe (network), ==, "Could not reach the service");
  g_assert_cmpstr (cutout_usage_error_describe (key), ==, "The API key was refused");
  g_assert_cmpstr (cutout_usage_error_describe (other), ==, "Email address not verified – please check your inbox");
  g_assert_true (cutout_usage_error_is_network_problem (network));
  g_assert_false (cutout_usage_error_is_network_problem (key));
  g_assert_true (cutout_usage_error_is_key_problem (key));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/usage-page/figures", test_page_figures);
  g_test_add_func ("/usage-page/open-cycle", test_page_open_cycle);
  g_test_add_func ("/usage-page/offline", test_page_offline);
  g_test_add_func ("/usage-page/bad-key", test_page_bad_key);
  g_test_add_func ("/usage-page/no-key", test_page_no_key);
  g_test_add_func ("/usage-page/unsynced", test_page_unsynced);
  g_test_add_func ("/usage-page/screenshots", test_page_screenshots);
  g_test_add_func ("/chart/geometry", test_chart_geometry);
  g_test_add_func ("/chart/selection", test_chart_selection);
  g_test_add_func ("/chart/pixels", test_chart_pixels);
  g_test_add_func ("/format/age", test_format_age);

  return g_test_run ();
}
