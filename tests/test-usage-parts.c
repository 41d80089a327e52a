/* test-usage-parts.c — tests of the Usage page's parts: the chart, the wording of figures
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
#include "cutout-test-ui.h"
#include "cutout-test-util.h"
#include "cutout-usage-format.h"
#include "test-usage-page.h"

#define DAY 86400

static void
assert_close (double actual,
              double expected)
{
  /* Edges are on whole pixels, so a value may be off by one. */
  g_assert_cmpfloat (fabs (actual - expected), <=, 1.0);
}

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

void
test_usage_parts_add_tests (void)
{
  g_test_add_func ("/chart/geometry", test_chart_geometry);
  g_test_add_func ("/chart/selection", test_chart_selection);
  g_test_add_func ("/chart/pixels", test_chart_pixels);
  g_test_add_func ("/format/age", test_format_age);
}
