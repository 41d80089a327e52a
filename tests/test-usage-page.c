/* test-usage-page.c — tests of the Usage page
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
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
#include "test-usage-page.h"

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

/* Closes the window and proves that nothing is left behind: the window,
 * the page and the context are finalized. */
static void
close_page (Fixture *fixture)
{
  if (fixture->window != NULL)
    {
      GtkWidget *page = g_object_ref (fixture->page);

      fixture->page = NULL;
      cutout_test_ui_destroy_and_assert (GTK_WINDOW (g_steal_pointer (&fixture->window)));
      cutout_test_ui_assert_finalized (page);
    }
  if (fixture->context != NULL)
    cutout_test_ui_assert_finalized (g_steal_pointer (&fixture->context));
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

/* Calendar months */

static const char * const english_months[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* As a title names them: nominative, not the genitive of a date. */
static const char * const croatian_months[] = {
  "siječanj", "veljača", "ožujak", "travanj", "svibanj", "lipanj",
  "srpanj", "kolovoz", "rujan", "listopad", "studeni", "prosinac",
};

/* The UTC month @back months before the current one. */
static void
month_before (int  back,
              int *year,
              int *month)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int index = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1 - back;

  *year = index / 12;
  *month = index % 12 + 1;
}

static char *
month_title (const char * const *names,
             int                 back)
{
  int year, month;

  month_before (back, &year, &month);
  return g_strdup_printf ("%s %d", names[month - 1], year);
}

static char *
month_query (int back)
{
  int year, month;

  month_before (back, &year, &month);
  return g_strdup_printf ("year=%d&month=%d", year, month);
}

static void
set_month_usage (Fixture *fixture,
                 int      back,
                 gint64   app,
                 gint64   api)
{
  int year, month;

  month_before (back, &year, &month);
  cutout_fake_server_set_month_usage (fixture->server, year, month, app, api);
}

static void
wait_for_month (Fixture *fixture)
{
  GtkWidget *spinner = child (fixture, "month_spinner");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gtk_spinner_get_spinning (GTK_SPINNER (spinner)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  cutout_test_ui_iterate (50);
}

static void
assert_month_figures (Fixture    *fixture,
                      const char *app,
                      const char *api,
                      const char *total)
{
  g_assert_true (is_shown (fixture, "month_figures"));
  g_assert_cmpstr (label_text (fixture, "month_app_label"), ==, app);
  g_assert_cmpstr (label_text (fixture, "month_api_label"), ==, api);
  g_assert_cmpstr (label_text (fixture, "month_total_label"), ==, total);
}

static gboolean
is_sensitive (Fixture    *fixture,
              const char *name)
{
  return gtk_widget_get_sensitive (child (fixture, name));
}

/* Scrolls the page so that the template child @name is near the top. */
static void
scroll_to (Fixture    *fixture,
           const char *name)
{
  GtkWidget *widget = child (fixture, name);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  gtk_adjustment_set_value (adjustment, 0);
  cutout_test_ui_iterate (20);
  g_assert_true (gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 90);
  cutout_test_ui_iterate (20);
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

  /* The calendar month starts at the current one, with the refresh's
   * figures (its top-level usage is this month's): no request of its own,
   * and no month after it. */
  {
    g_autofree char *title = month_title (english_months, 0);

    g_assert_cmpstr (label_text (fixture, "month_title"), ==, title);
    assert_month_figures (fixture, "4200", "5100", "9300");
    g_assert_false (is_sensitive (fixture, "month_next_button"));
    g_assert_true (is_sensitive (fixture, "month_previous_button"));
    g_assert_false (is_shown (fixture, "month_spinner"));
    g_assert_false (is_shown (fixture, "month_error_box"));
  }

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

  /* The calendar month says so as well, and offers the key. */
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  wait_for_month (fixture);
  g_assert_cmpuint (last_request (fixture)->status, ==, 401);
  {
    g_autofree char *title = month_title (english_months, 1);
    g_autofree char *text = g_strdup_printf ("Could not load %s: The API key was refused", title);

    g_assert_cmpstr (label_text (fixture, "month_error_label"), ==, text);
  }
  g_assert_true (is_shown (fixture, "month_error_key_button"));
  g_assert_false (is_shown (fixture, "month_error_retry_button"));
  g_assert_false (is_shown (fixture, "month_figures"));

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
test_page_month (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_autofree char *title = month_title (english_months, 1);
  g_autofree char *title2 = month_title (english_months, 2);
  g_autofree char *query = month_query (1);
  g_autofree char *query2 = month_query (2);
  g_autofree char *text = NULL;
  guint requests, port;

  /* Without synced billing, the case the calendar month is for. */
  setup_server (fixture, FALSE);
  set_month_usage (fixture, 1, 321, 654);
  set_month_usage (fixture, 2, 7, 8000);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  requests = cutout_fake_server_count_requests (fixture->server, NULL);

  /* The month before: asked for with exactly its year and month. While
   * the answer is on its way there are no figures rather than wrong ones. */
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, title);
  g_assert_true (is_shown (fixture, "month_spinner"));
  g_assert_false (is_shown (fixture, "month_figures"));
  wait_for_month (fixture);
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, NULL), ==, requests + 1);
  g_assert_cmpstr (last_request (fixture)->query, ==, query);
  g_assert_cmpuint (last_request (fixture)->status, ==, 200);
  assert_month_figures (fixture, "321", "654", "975");
  g_assert_true (is_sensitive (fixture, "month_next_button"));
  g_assert_false (is_shown (fixture, "month_error_box"));

  /* The bar: the plan's included credits are its width. */
  {
    CutoutCreditsBar *bar = CUTOUT_CREDITS_BAR (child (fixture, "month_bar"));
    int width = gtk_widget_get_width (GTK_WIDGET (bar));
    graphene_rect_t app, api;

    g_assert_true (cutout_credits_bar_get_segment (bar, "app", &app));
    g_assert_true (cutout_credits_bar_get_segment (bar, "api", &api));
    assert_close (app.size.width, width * 321 / 18500.0);
    assert_close (api.origin.x + api.size.width, width * 975 / 18500.0);
    g_assert_false (cutout_credits_bar_get_segment (bar, "prepaid", &app));
    text = g_strdup_printf ("%s: 975 used (web app 321, API 654), of 18500 included credits per period.", title);
    gtk_test_accessible_assert_property (bar, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
    g_assert_cmpstr (label_text (fixture, "month_note"), ==,
                     "The bar’s full width is the plan’s 18500 included credits per period.");
  }

  /* Two months back (across the year's end in January and February). */
  g_assert_true (gtk_widget_activate_action (fixture->page, "usage.previous-month", NULL));
  wait_for_month (fixture);
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, title2);
  g_assert_cmpstr (last_request (fixture)->query, ==, query2);
  assert_month_figures (fixture, "7", "8000", "8007");

  /* Forward: the month before is asked for again. */
  g_signal_emit_by_name (child (fixture, "month_next_button"), "clicked");
  wait_for_month (fixture);
  g_assert_cmpstr (last_request (fixture)->query, ==, query);
  assert_month_figures (fixture, "321", "654", "975");

  /* The current month: the refresh's figures again, without a request,
   * and nothing after it. */
  requests = cutout_fake_server_count_requests (fixture->server, NULL);
  g_signal_emit_by_name (child (fixture, "month_next_button"), "clicked");
  g_free (text);
  text = month_title (english_months, 0);
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, text);
  g_assert_false (is_shown (fixture, "month_spinner"));
  assert_month_figures (fixture, "4200", "5100", "9300");
  g_assert_false (is_sensitive (fixture, "month_next_button"));
  gtk_widget_activate_action (fixture->page, "usage.next-month", NULL);
  cutout_test_ui_iterate (50);
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, text);
  g_assert_cmpuint (cutout_fake_server_count_requests (fixture->server, NULL), ==, requests);

  /* The last month viewed is kept: a new start without the service
   * shows it at once, then says why it is not fresh and how old it is. */
  port = (guint) g_ascii_strtoull (strrchr (cutout_fake_server_get_url (fixture->server), ':') + 1, NULL, 10);
  close_page (fixture);
  cutout_fake_server_stop (fixture->server);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  assert_month_figures (fixture, "321", "654", "975");
  wait_for_month (fixture);
  assert_month_figures (fixture, "321", "654", "975");
  g_assert_true (is_shown (fixture, "month_error_box"));
  g_free (text);
  text = g_strdup_printf ("Could not load %s: Could not reach the service", title);
  g_assert_cmpstr (label_text (fixture, "month_error_label"), ==, text);
  g_assert_true (is_shown (fixture, "month_error_retry_button"));
  g_assert_false (is_shown (fixture, "month_error_key_button"));
  g_assert_true (g_str_has_prefix (label_text (fixture, "month_note"), "Offline — showing figures from "));

  /* A month never viewed: the error alone, no figures. */
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  wait_for_month (fixture);
  g_free (text);
  text = g_strdup_printf ("Could not load %s: Could not reach the service", title2);
  g_assert_cmpstr (label_text (fixture, "month_error_label"), ==, text);
  g_assert_false (is_shown (fixture, "month_figures"));
  scroll_to (fixture, "month_title");
  cutout_test_ui_screenshot (fixture->window, "usage-month-error");

  /* The service is back: Try Again asks again, and the answer replaces
   * the error. */
  g_assert_true (cutout_fake_server_start (fixture->server, port, NULL));
  g_signal_emit_by_name (child (fixture, "month_error_retry_button"), "clicked");
  wait_for_month (fixture);
  g_assert_cmpstr (last_request (fixture)->query, ==, query2);
  g_assert_false (is_shown (fixture, "month_error_box"));
  assert_month_figures (fixture, "7", "8000", "8007");

  fixture_free (fixture);
}

/* The month's name comes from the locale (LC_TIME), as it stands alone. */
static void
test_page_month_locale (void)
{
  Fixture *fixture = NULL;
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "hr_HR.UTF-8", NULL);
  g_autofree char *title = NULL;
  const char *argv[] = { "localedef", "-i", "hr_HR", "-f", "UTF-8", path, NULL };
  int status = -1;

  /* Only the C locales are installed here: build the Croatian one from
   * glibc's sources, into a folder of its own (LOCPATH). */
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("localedef could not build hr_HR.UTF-8");
      cutout_test_rm_rf (dir);
      return;
    }
  g_setenv ("LOCPATH", dir, TRUE);
  if (setlocale (LC_TIME, "hr_HR.UTF-8") == NULL)
    {
      g_test_skip ("hr_HR.UTF-8 could not be loaded");
      g_unsetenv ("LOCPATH");
      cutout_test_rm_rf (dir);
      return;
    }

  fixture = g_new0 (Fixture, 1);
  setup_server (fixture, TRUE);
  set_month_usage (fixture, 1, 11, 22);
  open_page (fixture, CUTOUT_FAKE_SERVER_VALID_KEY, 800);
  wait_idle (fixture);
  title = month_title (croatian_months, 0);
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, title);

  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  wait_for_month (fixture);
  g_free (title);
  title = month_title (croatian_months, 1);
  g_assert_cmpstr (label_text (fixture, "month_title"), ==, title);
  assert_month_figures (fixture, "11", "22", "33");
  scroll_to (fixture, "month_title");
  cutout_test_ui_screenshot (fixture->window, "usage-month-hr");

  fixture_free (fixture);
  setlocale (LC_TIME, "C.UTF-8");
  g_unsetenv ("LOCPATH");
  cutout_test_rm_rf (dir);
}

static void
test_page_screenshots (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  GtkAdjustment *adjustment;
  GtkListBox *list;

  setup_server (fixture, TRUE);
  set_month_usage (fixture, 1, 1340, 2890);
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

  /* The calendar month group at the top, on the month before. */
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  wait_for_month (fixture);
  for (guint dark = 0; dark < 2; dark++)
    {
      cutout_test_ui_set_dark (dark);
      scroll_to (fixture, "month_title");
      cutout_test_ui_screenshot (fixture->window, dark ? "usage-month-dark" : "usage-month-light");
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
  g_signal_emit_by_name (child (fixture, "month_previous_button"), "clicked");
  wait_for_month (fixture);
  scroll_to (fixture, "month_title");
  cutout_test_ui_screenshot (fixture->window, "usage-month-narrow-light");

  fixture_free (fixture);
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
  g_test_add_func ("/usage-page/month", test_page_month);
  g_test_add_func ("/usage-page/month-locale", test_page_month_locale);
  g_test_add_func ("/usage-page/screenshots", test_page_screenshots);
  test_usage_parts_add_tests ();

  return g_test_run ();
}
