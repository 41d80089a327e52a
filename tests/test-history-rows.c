/* test-history-rows.c — what the History page shows of a job: options in short, CSV lines
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "cutout-history-model.h"
#include "cutout-history-page-private.h"

void history_add_row_tests (void);

static void
test_csv_quoting (void)
{
  g_autoptr(CutoutJobRecord) record = cutout_job_record_new ();
  g_autofree char *line = NULL;

  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 1, 13, 0, 0);

    record->created_us = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  }
  record->input_path = g_strdup ("/photos/say \"cheese\", please.png");
  record->state = CUTOUT_JOB_STATE_FAILED;
  record->error_message = g_strdup ("two\r\nlines");
  record->attempts = 3;
  line = cutout_history_csv_line (record);
  g_assert_cmpstr (line, ==,
                   "2026-03-01T13:00:00Z,\"/photos/say \"\"cheese\"\", please.png\",failed,\"two\r\nlines\",,0,,3,0\r\n");
}

static void
test_describe_options (void)
{
  static const struct
  {
    const char *text;
    const char *described;
  } cases[] = {
    { "format=png&w=2000&bg_color=white", "PNG · 2000 px wide · white" },
    { "format=webp&h=300", "WebP · 300 px tall" },
    { "format=png&w=800&h=600&exact_resize=true", "PNG · 800 × 600 px exactly" },
    { "format=png&w=800&h=600", "PNG · within 800 × 600 px" },
    { "format=png&bg_color=%23ff000080&angle=90&expand=false", "PNG · #ff000080 · rotated 90° · cropped" },
    { "format=gif", "format=gif" },
    { "format=png&bg_color=%2312345", "format=png&bg_color=#12345" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *described = cutout_history_describe_options (cases[i].text);

      g_assert_cmpstr (described, ==, cases[i].described);
    }
}

void
history_add_row_tests (void)
{
  g_test_add_func ("/history-page/csv-quoting", test_csv_quoting);
  g_test_add_func ("/history-page/describe-options", test_describe_options);
}
