/* test-cli.c — cutout-cli end to end against the fake server (a subprocess)
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "test-cli-util.h"

static void
test_cli_folder_json (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos", NULL);
  g_autofree char *nested = g_build_filename (photos, "day2", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *notes = NULL;
  g_autofree char *out_a = NULL, *out_c = NULL;
  const char *args[] = { "--json", "--jobs", "2", "-o", "out", "photos", NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  JsonObject *job;

  g_assert_cmpint (g_mkdir_with_parents (nested, 0755), ==, 0);
  a = cutout_test_write_image (photos, "a.png", 120, 80, "png");
  b = cutout_test_write_image (photos, "b.jpg", 64, 64, "jpeg");
  c = cutout_test_write_image (nested, "c.webp", 50, 100, "webp");
  notes = cutout_test_write_bytes (photos, "notes.txt", "hello\n", 6);

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);

  jobs = parse_json_lines (result.out);
  g_assert_cmpuint (jobs->len, ==, 4);

  job = find_job (jobs, "photos/a.png");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "done");
  out_a = g_build_filename (fixture->dir, "out", "photos", "a-cutout.webp", NULL);
  g_assert_cmpstr (json_object_get_string_member (job, "output"), ==, out_a);
  g_assert_cmpint (json_object_get_int_member (job, "http_status"), ==, 200);
  g_assert_true (json_object_get_null_member (job, "error"));
  g_assert_cmpint (json_object_get_int_member (job, "bytes_in"), >, 0);
  g_assert_cmpint (json_object_get_int_member (job, "bytes_out"), >, 0);
  assert_cutout (out_a, 120, 80);

  job = find_job (jobs, "photos/b.jpg");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "done");

  /* The dropped folder's structure is kept below the output folder. */
  job = find_job (jobs, "day2/c.webp");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "done");
  out_c = g_build_filename (fixture->dir, "out", "photos", "day2", "c-cutout.webp", NULL);
  g_assert_cmpstr (json_object_get_string_member (job, "output"), ==, out_c);
  assert_cutout (out_c, 50, 100);

  /* A file in a folder that is not an image is skipped, not sent. */
  job = find_job (jobs, "photos/notes.txt");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "skipped");
  g_assert_cmpstr (json_object_get_string_member (job, "error"), ==,
                   "File type '.txt' is not supported. Allowed formats: webp, bmp, png, jpg, jpeg");
  g_assert_true (json_object_get_null_member (job, "output"));
  g_assert_true (json_object_get_null_member (job, "http_status"));

  requests = read_server_log (fixture);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (requests, i);
      g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
      g_assert_true (json_object_get_boolean_member (request, "charged"));
    }

  assert_no_temp_files (fixture->dir);
  /* The originals are untouched. */
  g_assert_true (g_file_test (a, G_FILE_TEST_EXISTS));
}

static void
test_cli_options_on_the_wire (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "scan", 200, 100, "png");
  g_autofree char *output = g_build_filename (fixture->dir, "scan-cutout.png", NULL);
  const char *args[] = { "--format", "PNG", "--width", "100", "--bg-color", "#00ff00", "scan", NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *request, *fields;
  const guint8 *pixels;

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "1 image done, 0 failed."));

  requests = read_server_log (fixture);
  g_assert_cmpuint (requests->len, ==, 1);
  request = g_ptr_array_index (requests, 0);
  /* A PNG without an extension is sent with one that matches it. */
  g_assert_cmpstr (json_object_get_string_member (request, "image_filename"), ==, "scan.png");
  fields = json_object_get_object_member (request, "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (fields, "format"), ==, "png");
  g_assert_cmpstr (json_object_get_string_member (fields, "w"), ==, "100");
  g_assert_cmpstr (json_object_get_string_member (fields, "bg_color"), ==, "#00ff00");

  pixbuf = cutout_test_load_pixbuf (output);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 100);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 50);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_assert_cmpuint (pixels[0], ==, 0);
  g_assert_cmpuint (pixels[1], ==, 255);
  g_assert_cmpuint (pixels[2], ==, 0);
}

static void
test_cli_bad_options (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "a.png", 40, 40, "png");
  const char *not_integer[] = { "--width", "abc", "a.png", NULL };
  const char *mask_color[] = { "--mask", "--bg-color", "red", "a.png", NULL };
  const char *several[] = { "--width", "abc", "--angle", "500", "a.png", NULL };
  const char *bad_color[] = { "--bg-color", "#12345", "a.png", NULL };
  const char *no_files[] = { "--format", "png", NULL };
  const char *insecure[] = { "--api-url", "http://example.com", "a.png", NULL };

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", not_integer, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "'w' must be an integer, got: 'abc'"));
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", mask_color, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other."));
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", several, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "Multiple validation errors"));
    g_assert_nonnull (strstr (result.err, "'w' must be an integer, got: 'abc'"));
    g_assert_nonnull (strstr (result.err, "'angle' must be between -360 and 360 degrees, got: 500.0"));
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", bad_color, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA"));
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", no_files, &result);
    g_assert_cmpint (result.status, ==, 2);
  }
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", insecure, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "http://example.com"));
  }

  /* Nothing invalid reached the service. */
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 0);
}

static void
test_cli_refused_files (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *empty = cutout_test_write_bytes (fixture->dir, "empty.png", "", 0);
  g_autofree char *corrupt = cutout_test_write_bytes (fixture->dir, "corrupt.jpg", "not an image", 12);
  g_autofree char *wide = cutout_test_write_fake_png (fixture->dir, "wide.png", 12000, 100, 4096);
  g_autofree char *good = cutout_test_write_image (fixture->dir, "good.bmp", 30, 20, "bmp");
  const char *args[] = { "--json", "empty.png", "corrupt.jpg", "wide.png", "missing.png", "good.bmp", NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  run_cli (fixture, "test-key-valid", args, &result);
  /* Some failed: exit 1, and the good one is still done. */
  g_assert_cmpint (result.status, ==, 1);
  jobs = parse_json_lines (result.out);
  g_assert_cmpuint (jobs->len, ==, 5);

  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "empty.png"), "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "empty.png"), "error"), ==,
                   "Uploaded file is empty (0 bytes).");
  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "corrupt.jpg"), "error"), ==,
                   "File does not appear to be a valid image (invalid file signature)");
  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "wide.png"), "error"), ==,
                   "Image width (12000px) exceeds the maximum allowed width of 10000px.");
  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "missing.png"), "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (find_job (jobs, "good.bmp"), "status"), ==, "done");

  /* Only the good file cost a request. */
  requests = read_server_log (fixture);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (requests, 0), "image_filename"), ==, "good.bmp");
}

static void
test_cli_dry_run (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *a = cutout_test_write_image (fixture->dir, "a.png", 40, 40, "png");
  g_autofree char *b = cutout_test_write_image (fixture->dir, "b.jpeg", 40, 30, "jpeg");
  const char *args[] = { "--dry-run", "a.png", "b.jpeg", NULL };
  g_auto(CliResult) result = { 0 };
  g_autofree char *out = g_build_filename (fixture->dir, "a-cutout.webp", NULL);

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2 images would use 2 credits."));
  g_assert_cmpuint (count_requests (fixture, "/rmbg"), ==, 0);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_cli_never_overwrites (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "a.png", 40, 40, "png");
  /* An unrelated file already has the default output name. */
  g_autofree char *existing = cutout_test_write_bytes (fixture->dir, "a-cutout.webp", "keep me", 7);
  g_autofree char *second = g_build_filename (fixture->dir, "a-cutout (2).webp", NULL);
  g_autofree char *contents = NULL;
  const char *args[] = { "a.png", NULL };
  g_auto(CliResult) result = { 0 };

  run_cli (fixture, "test-key-valid", args, &result);
  g_assert_cmpint (result.status, ==, 0);

  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  assert_cutout (second, 40, 40);
  assert_no_temp_files (fixture->dir);
}

static void
test_cli_bad_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *input = cutout_test_write_image (fixture->dir, "a.png", 40, 40, "png");
  g_autofree char *out = g_build_filename (fixture->dir, "a-cutout.webp", NULL);
  const char *args[] = { "--json", "a.png", NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  JsonObject *job;

  run_cli (fixture, "not-a-key", args, &result);
  g_assert_cmpint (result.status, ==, 1);
  jobs = parse_json_lines (result.out);
  job = find_job (jobs, "a.png");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (job, "error"), ==, "invalid api key");
  g_assert_cmpint (json_object_get_int_member (job, "http_status"), ==, 401);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temp_files (fixture->dir);
  /* The key is a secret: it is in no output. */
  g_assert_null (strstr (result.out, "not-a-key"));
  g_assert_null (strstr (result.err, "not-a-key"));
}

static void
test_cli_usage (Fixture       *fixture,
                gconstpointer  data)
{
  const char *json_args[] = { "usage", "--json", "--cycles", NULL };
  const char *text_args[] = { "usage", NULL };
  const char *bad_args[] = { "usage", "--period", "1740441600", "--year", "2026", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *cycle;
  JsonArray *cycles;
  guint requests_before;

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", json_args, &result);
    g_assert_cmpint (result.status, ==, 0);
    json_parser_load_from_data (parser, result.out, -1, &error);
    g_assert_no_error (error);
  }

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "membership"), ==, "Premium-20000");
  g_assert_cmpint (json_object_get_int_member (root, "credits"), ==, 18500);
  g_assert_cmpint (json_object_get_int_member (root, "prepaidCredits"), ==, 2000);
  cycle = json_object_get_object_member (root, "billingCycle");
  g_assert_nonnull (cycle);
  g_assert_cmpint (json_object_get_int_member (cycle, "appUsage"), ==, 4200);
  g_assert_cmpint (json_object_get_int_member (cycle, "apiUsage"), ==, 5100);
  g_assert_cmpint (json_object_get_int_member (cycle, "usedIncludedCredits"), ==, 9300);
  g_assert_cmpint (json_object_get_int_member (cycle, "remainingIncludedCredits"), ==, 9200);
  g_assert_cmpint (json_object_get_int_member (root, "totalAvailable"), ==, 11200);
  cycles = json_object_get_array_member (root, "billingCycles");
  g_assert_nonnull (cycles);
  g_assert_cmpuint (json_array_get_length (cycles), >=, 1);

  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", text_args, &result);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_nonnull (strstr (result.out, "Plan: Premium-20000\n"));
    g_assert_nonnull (strstr (result.out, "Used this period: 9300 (web app 4200, API 5100)\n"));
    g_assert_nonnull (strstr (result.out, "Included credits left: 9200 of 18500\n"));
    g_assert_nonnull (strstr (result.out, "Prepaid credits: 2000\n"));
    g_assert_nonnull (strstr (result.out, "Available in total: 11200\n"));
  }

  /* The cycles as a text chart: 4200 web app (9 cells of 40) and 5100
   * API of 18500 included credits (the mark at the end). */
  {
    const char *chart_args[] = { "usage", "--cycles", NULL };
    g_auto(CliResult) result = { 0 };

    run_cli (fixture, "test-key-valid", chart_args, &result);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_nonnull (strstr (result.out, "Chart: ▒ web app, █ API, | included credits\n"));
    g_assert_nonnull (strstr (result.out, " ▒▒▒▒▒▒▒▒▒███████████                    | 9300\n"));
  }

  /* periodStartUnix with a calendar year is refused before any request. */
  requests_before = count_requests (fixture, "/api/membership-usage");
  {
    g_auto(CliResult) result = { 0 };
    run_cli (fixture, "test-key-valid", bad_args, &result);
    g_assert_cmpint (result.status, ==, 2);
  }
  g_assert_cmpuint (count_requests (fixture, "/api/membership-usage"), ==, requests_before);
}

static void
test_cli_usage_bad_key (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *args[] = { "usage", NULL };
  g_auto(CliResult) result = { 0 };

  run_cli (fixture, "wrong-key", args, &result);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "invalid api key"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/folder-json", test_cli_folder_json);
  ADD ("/cli/options-on-the-wire", test_cli_options_on_the_wire);
  ADD ("/cli/bad-options", test_cli_bad_options);
  ADD ("/cli/refused-files", test_cli_refused_files);
  ADD ("/cli/dry-run", test_cli_dry_run);
  ADD ("/cli/never-overwrites", test_cli_never_overwrites);
  ADD ("/cli/bad-key", test_cli_bad_key);
  ADD ("/cli/usage", test_cli_usage);
  ADD ("/cli/usage-bad-key", test_cli_usage_bad_key);

#undef ADD

  return g_test_run ();
}
