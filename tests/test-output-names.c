/* test-output-names.c — tests for naming templates, sanitized names and target folders
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cutout-output.h"
#include "cutout-test-util.h"
#include "test-output-names.h"

/* ---- helpers ---------------------------------------------------------- */

static char *
expand (const char  *template_text,
        const char  *input_name,
        CutoutFormat format)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 3, 7, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  char *name;

  name = cutout_output_expand_template (template_text, input_name, format, 640, 480, date, 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (name);

  return name;
}

static void
assert_template_error (const char *template_text,
                       const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_assert_false (cutout_output_template_validate (template_text, &error));
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  /* Expanding checks the same way. */
  name = cutout_output_expand_template (template_text, "a.jpg", CUTOUT_FORMAT_PNG, 1, 1, NULL, 1, &error);
  g_assert_null (name);
  g_assert_error (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE);
  g_assert_cmpstr (error->message, ==, message);
}

/* ---- templates -------------------------------------------------------- */

static void
test_template_placeholders (void)
{
  g_autofree char *all = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *by_default = NULL;
  g_autofree char *dotted = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *braces = NULL;
  g_autofree char *big_counter = NULL;
  g_autofree char *no_size = NULL;
  g_autofree char *today = NULL;
  g_autofree char *today_expected = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  all = expand ("{name}|{ext}|{format}|{w}x{h}|{date}|{n}", "IMG_0042.JPG", CUTOUT_FORMAT_PNG);
  g_assert_cmpstr (all, ==, "IMG_0042|png|png|640x480|2026-03-07|0007");

  jpeg = expand ("{name}.{format}.{ext}", "shot.tiff", CUTOUT_FORMAT_JPEG);
  g_assert_cmpstr (jpeg, ==, "shot.jpeg.jpg");

  by_default = expand (CUTOUT_OUTPUT_DEFAULT_TEMPLATE, "/home/me/Pictures/IMG_0042.JPG", CUTOUT_FORMAT_WEBP);
  g_assert_cmpstr (by_default, ==, "IMG_0042-cutout.webp");

  dotted = expand ("{name}.{ext}", "archive.tar.bmp", CUTOUT_FORMAT_BMP);
  g_assert_cmpstr (dotted, ==, "archive.tar.bmp");

  /* A hidden input's leading dot is not an extension, and the result is
   * never hidden. */
  hidden = expand (CUTOUT_OUTPUT_DEFAULT_TEMPLATE, ".hidden.jpg", CUTOUT_FORMAT_PNG);
  g_assert_cmpstr (hidden, ==, "hidden-cutout.png");

  braces = expand ("{{{name}}}.{ext}", "a.jpg", CUTOUT_FORMAT_PNG);
  g_assert_cmpstr (braces, ==, "{a}.png");

  big_counter = cutout_output_expand_template ("{n}", "a.jpg", CUTOUT_FORMAT_PNG, 1, 1, NULL, 12345, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (big_counter, ==, "12345");

  no_size = cutout_output_expand_template ("{w}x{h}", "a.jpg", CUTOUT_FORMAT_PNG, 0, -3, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (no_size, ==, "0x0");

  /* Without a date, today's local date. */
  now = g_date_time_new_now_local ();
  today_expected = g_date_time_format (now, "%Y-%m-%d");
  today = cutout_output_expand_template ("{date}", "a.jpg", CUTOUT_FORMAT_PNG, 1, 1, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (today, ==, today_expected);

  g_assert_true (cutout_output_template_validate (CUTOUT_OUTPUT_DEFAULT_TEMPLATE, NULL));
  g_assert_true (cutout_output_template_uses_size ("{name}-{w}.{ext}"));
  g_assert_true (cutout_output_template_uses_size ("{h}"));
  g_assert_false (cutout_output_template_uses_size (CUTOUT_OUTPUT_DEFAULT_TEMPLATE));
  g_assert_false (cutout_output_template_uses_size ("{{w}}"));
}

static void
test_template_errors (void)
{
  assert_template_error ("{name}-{foo}.{ext}",
                         "Unknown placeholder “{foo}” in the file name template; "
                         "use {name}, {ext}, {format}, {w}, {h}, {date} or {n}");
  assert_template_error ("{}.png",
                         "Unknown placeholder “{}” in the file name template; "
                         "use {name}, {ext}, {format}, {w}, {h}, {date} or {n}");
  assert_template_error ("{NAME}.png",
                         "Unknown placeholder “{NAME}” in the file name template; "
                         "use {name}, {ext}, {format}, {w}, {h}, {date} or {n}");
  assert_template_error ("{name.{ext}",
                         "A “{” in the file name template is not closed (write “{{” for a brace)");
  assert_template_error ("{name}-cutout.{ext",
                         "A “{” in the file name template is not closed (write “{{” for a brace)");
  assert_template_error ("name}.png",
                         "A “}” in the file name template has no opening “{” (write “}}” for a brace)");
  assert_template_error ("", "The file name template is empty");
  assert_template_error ("\xff{name}", "The file name template is not valid UTF-8");
}

static void
assert_sanitized (const char *name,
                  const char *expected)
{
  g_autofree char *result = cutout_output_sanitize_name (name);

  g_assert_cmpstr (result, ==, expected);
}

static void
test_sanitize (void)
{
  g_autofree char *long_utf8 = NULL;
  g_autofree char *long_result = NULL;
  g_autofree char *expected_utf8 = NULL;
  g_autofree char *long_ascii = NULL;
  g_autofree char *ascii_result = NULL;
  g_autofree char *escaped = NULL;
  GString *builder;

  assert_sanitized ("../../etc/passwd", "_.._etc_passwd");
  assert_sanitized ("/abs/path", "_abs_path");
  assert_sanitized ("a/b", "a_b");
  assert_sanitized ("a\\b", "a_b");
  assert_sanitized ("a\tb\nc\x7f" "d\x1b", "a_b_c_d_");
  assert_sanitized ("a\xc2\x85" "b", "a_b");  /* U+0085, a C1 control */
  assert_sanitized ("caf\xc3\xa9.png", "caf\xc3\xa9.png");
  /* Not UTF-8: the invalid bytes become U+FFFD, the rest as usual. */
  assert_sanitized ("\xff\xfe/x\x01.png", "\xef\xbf\xbd\xef\xbf\xbd_x_.png");
  /* The fuzzer's findings: a C1 control hidden behind an invalid byte,
   * and long runs of invalid bytes, stay safe, non-empty and visible. */
  {
    g_autoptr(GString) c1 = g_string_new (NULL);
    g_autoptr(GString) junk = g_string_new (NULL);
    g_autofree char *a = NULL, *b = NULL;

    for (int i = 0; i < 100; i++)
      g_string_append (c1, "\xe5\x86\x99");
    g_string_append (c1, "\xc2\x85\xf5.jpeg");
    a = cutout_output_sanitize_name (c1->str);
    g_assert_true (g_utf8_validate (a, -1, NULL));
    g_assert_null (strstr (a, "\xc2\x85"));
    g_assert_cmpuint (strlen (a), <=, 255);
    g_assert_true (g_str_has_suffix (a, ".jpeg"));

    for (int i = 0; i < 300; i++)
      g_string_append_c (junk, (char) 0x80);
    g_string_append (junk, ".webp");
    b = cutout_output_sanitize_name (junk->str);
    g_assert_cmpuint (strlen (b), <=, 255);
    g_assert_true (g_str_has_suffix (b, ".webp"));
    g_assert_cmpint (b[0], !=, '.');
    g_assert_true (g_str_has_prefix (b, "\xef\xbf\xbd"));
  }
  assert_sanitized (".bashrc", "bashrc");
  assert_sanitized ("...x", "x");
  assert_sanitized ("", "cutout");
  assert_sanitized (".", "cutout");
  assert_sanitized ("..", "cutout");
  assert_sanitized ("...", "cutout");

  /* An expansion that would be empty or only dots still names a file. */
  {
    g_autofree char *dots = expand ("{name}", "...", CUTOUT_FORMAT_PNG);

    g_assert_cmpstr (dots, ==, "cutout");
  }

  /* Through a template: the expansion can never climb out. */
  escaped = expand ("{name}/../../x.{ext}", "IMG.jpg", CUTOUT_FORMAT_PNG);
  g_assert_cmpstr (escaped, ==, "IMG_.._.._x.png");

  /* 150 two-byte characters and ".png" (304 bytes): cut at a character
   * boundary to fit 255 bytes, keeping the extension. */
  builder = g_string_new (NULL);
  for (int i = 0; i < 150; i++)
    g_string_append (builder, "\xc3\xa9");
  g_string_append (builder, ".png");
  long_utf8 = g_string_free (builder, FALSE);
  long_result = cutout_output_sanitize_name (long_utf8);
  g_assert_cmpuint (strlen (long_result), ==, 254);
  g_assert_true (g_utf8_validate (long_result, -1, NULL));
  g_assert_true (g_str_has_suffix (long_result, ".png"));
  builder = g_string_new (NULL);
  for (int i = 0; i < 125; i++)
    g_string_append (builder, "\xc3\xa9");
  g_string_append (builder, ".png");
  expected_utf8 = g_string_free (builder, FALSE);
  g_assert_cmpstr (long_result, ==, expected_utf8);

  /* 300 bytes without an extension: the first 255. */
  long_ascii = g_strnfill (300, 'a');
  ascii_result = cutout_output_sanitize_name (long_ascii);
  g_assert_cmpuint (strlen (ascii_result), ==, 255);
  g_assert_true (strspn (ascii_result, "a") == 255);
}

/* ---- target folder ---------------------------------------------------- */

static void
assert_target (const char *input,
               const char *root,
               const char *output,
               const char *expected)
{
  g_autoptr(GFile) input_file = g_file_new_for_path (input);
  g_autoptr(GFile) root_file = root != NULL ? g_file_new_for_path (root) : NULL;
  g_autoptr(GFile) output_file = output != NULL ? g_file_new_for_path (output) : NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  target = cutout_output_get_target_folder (input_file, root_file, output_file, &error);
  g_assert_no_error (error);
  path = g_file_get_path (target);
  g_assert_cmpstr (path, ==, expected);
}

static void
test_target_folder (void)
{
  /* Beside the original. */
  assert_target ("/photos/shoot/a.jpg", NULL, NULL, "/photos/shoot");
  assert_target ("/photos/shoot/a.jpg", "/photos", NULL, "/photos/shoot");
  /* A chosen folder, flat. */
  assert_target ("/photos/shoot/a.jpg", NULL, "/out", "/out");
  /* A dropped folder's structure kept below the output folder. */
  assert_target ("/photos/shoot/day 1/raw/a.jpg", "/photos/shoot", "/out", "/out/day 1/raw");
  assert_target ("/photos/shoot/a.jpg", "/photos/shoot", "/out", "/out");
  assert_target ("/photos/shoot/.hidden/a.jpg", "/photos/shoot", "/out", "/out/.hidden");
  /* Outside the root (a separate file dropped with the folder): flat. */
  assert_target ("/elsewhere/a.jpg", "/photos/shoot", "/out", "/out");
  /* ".." in the input is resolved before anything is compared: the
   * result can only be inside the output folder. */
  assert_target ("/photos/shoot/../../etc/a.jpg", "/photos/shoot", "/out", "/out");
  assert_target ("/photos/shoot/sub/../../shoot/x/a.jpg", "/photos/shoot", "/out", "/out/x");
}

void
output_add_names_tests (void)
{
  g_test_add_func ("/output/template/placeholders", test_template_placeholders);
  g_test_add_func ("/output/template/errors", test_template_errors);
  g_test_add_func ("/output/sanitize", test_sanitize);
  g_test_add_func ("/output/target-folder", test_target_folder);
}
