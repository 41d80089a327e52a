/* test-options.c — tests of the output options: validation, text reading, form fields
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cutout-api-error.h"
#include "cutout-options.h"

static void
assert_api_error (const GError   *error,
                  CutoutApiError  code,
                  const char     *field,
                  const char     *message)
{
  g_assert_error (error, CUTOUT_API_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (cutout_api_error_get_field (error), ==, field);
  /* Found by the client, so no HTTP exchange took place. */
  g_assert_cmpuint (cutout_api_error_get_http_status (error), ==, 0);
}

static void
assert_fields (const CutoutOptions *options,
               const char * const  *expected)
{
  g_auto(GStrv) fields = cutout_options_to_fields (options);

  g_assert_cmpstrv (fields, expected);
}

static void
test_defaults (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autofree char *text = NULL;

  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_WEBP);
  g_assert_cmpint (options->width, ==, 0);
  g_assert_cmpint (options->height, ==, 0);
  g_assert_false (options->exact_resize);
  g_assert_false (options->mask);
  g_assert_null (options->bg_color);
  g_assert_cmpfloat (options->angle, ==, 0);
  g_assert_true (options->expand);
  g_assert_true (cutout_options_validate (options, NULL));

  assert_fields (options, (const char * const[]) { "format", "webp", NULL });
  text = cutout_options_to_string (options);
  g_assert_cmpstr (text, ==, "format=webp");
}

static void
test_copy_equal (void)
{
  g_autoptr(CutoutOptions) a = cutout_options_new ();
  g_autoptr(CutoutOptions) b = NULL;
  g_autoptr(CutoutOptions) boxed = NULL;

  a->width = 640;
  a->angle = 12.5;
  cutout_options_set_bg_color (a, "#ff0000");

  b = cutout_options_copy (a);
  g_assert_true (cutout_options_equal (a, b));
  g_assert_true (b->bg_color != a->bg_color);
  g_assert_cmpstr (b->bg_color, ==, "#ff0000");

  boxed = g_boxed_copy (CUTOUT_TYPE_OPTIONS, a);
  g_assert_true (cutout_options_equal (a, boxed));
  g_assert_true (G_TYPE_IS_BOXED (CUTOUT_TYPE_OPTIONS));

  cutout_options_set_bg_color (b, "red");
  g_assert_false (cutout_options_equal (a, b));
  cutout_options_set_bg_color (b, "#ff0000");
  g_assert_true (cutout_options_equal (a, b));
  /* An empty color is no color. */
  cutout_options_set_bg_color (b, "");
  g_assert_null (b->bg_color);
  cutout_options_set_bg_color (b, "#ff0000");

  b->expand = FALSE;
  g_assert_false (cutout_options_equal (a, b));
  b->expand = TRUE;
  b->angle = 12.25;
  g_assert_false (cutout_options_equal (a, b));
  b->angle = 12.5;
  b->format = CUTOUT_FORMAT_PNG;
  g_assert_false (cutout_options_equal (a, b));
  b->format = CUTOUT_FORMAT_WEBP;
  b->height = 1;
  g_assert_false (cutout_options_equal (a, b));
  b->height = 0;
  g_assert_true (cutout_options_equal (a, b));

  g_assert_true (cutout_options_equal (NULL, NULL));
  g_assert_false (cutout_options_equal (a, NULL));
}

static void
test_formats (void)
{
  static const struct
  {
    CutoutFormat format;
    const char  *name;
    const char  *extension;
    const char  *mime_type;
  } expected[] = {
    { CUTOUT_FORMAT_WEBP, "webp", "webp", "image/webp" },
    { CUTOUT_FORMAT_PNG, "png", "png", "image/png" },
    { CUTOUT_FORMAT_JPEG, "jpeg", "jpg", "image/jpeg" },
    { CUTOUT_FORMAT_BMP, "bmp", "bmp", "image/bmp" },
  };
  CutoutFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *upper = g_ascii_strup (expected[i].name, -1);

      g_assert_cmpstr (cutout_format_to_string (expected[i].format), ==, expected[i].name);
      g_assert_cmpstr (cutout_format_get_extension (expected[i].format), ==, expected[i].extension);
      g_assert_cmpstr (cutout_format_get_mime_type (expected[i].format), ==, expected[i].mime_type);
      g_assert_true (cutout_format_from_string (upper, &format));
      g_assert_cmpint (format, ==, expected[i].format);
    }

  g_assert_true (cutout_format_from_string ("JpG", &format));
  g_assert_cmpint (format, ==, CUTOUT_FORMAT_JPEG);
  g_assert_false (cutout_format_from_string ("gif", &format));
  g_assert_false (cutout_format_from_string ("", &format));
  g_assert_false (cutout_format_from_string (NULL, &format));
}

static void
test_python_float (void)
{
  /* Each pair was checked against Python 3.11's repr(). */
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 500.0, "500.0" },
    { 12.5, "12.5" },
    { -400.25, "-400.25" },
    { -0.25, "-0.25" },
    { 1e20, "1e+20" },
    { 1e16, "1e+16" },
    { 1e15, "1000000000000000.0" },
    { 0.0001, "0.0001" },
    { 0.00001, "1e-05" },
    { 1.25e-5, "1.25e-05" },
    { 1.5e-7, "1.5e-07" },
    { 0.0, "0.0" },
    { -0.0, "-0.0" },
    { 0.1, "0.1" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 123456789012345678.0, "1.2345678901234568e+17" },
    { 9999999999999998.0, "9999999999999998.0" },
    { 360.0000001, "360.0000001" },
    { -360.5, "-360.5" },
    { 100.0, "100.0" },
    { 1e22, "1e+22" },
    { 5e-324, "5e-324" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cutout_format_python_float (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *nan_text = cutout_format_python_float (NAN);
    g_autofree char *inf_text = cutout_format_python_float (INFINITY);
    g_autofree char *minus_inf_text = cutout_format_python_float (-INFINITY);

    g_assert_cmpstr (nan_text, ==, "nan");
    g_assert_cmpstr (inf_text, ==, "inf");
    g_assert_cmpstr (minus_inf_text, ==, "-inf");
  }
}

static void
test_validate_single (void)
{
  static const struct
  {
    gint64          width;
    gint64          height;
    double          angle;
    CutoutFormat    format;
    const char     *bg_color;
    gboolean        mask;
    CutoutApiError  code;
    const char     *field;
    const char     *message;
  } cases[] = {
    { -5, 0, 0, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_BELOW_MINIMUM, "w", "'w' must be at least 1, got: -5" },
    { 15000, 0, 0, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ABOVE_MAXIMUM, "w", "'w' must be at most 10000, got: 15000" },
    { 10001, 0, 0, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ABOVE_MAXIMUM, "w", "'w' must be at most 10000, got: 10001" },
    { 0, -1, 0, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_BELOW_MINIMUM, "h", "'h' must be at least 1, got: -1" },
    { 0, G_MAXINT64, 0, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ABOVE_MAXIMUM, "h", "'h' must be at most 10000, got: 9223372036854775807" },
    { 0, 0, 500, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle",
      "'angle' must be between -360 and 360 degrees, got: 500.0" },
    { 0, 0, -400.25, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle",
      "'angle' must be between -360 and 360 degrees, got: -400.25" },
    { 0, 0, 1e20, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle",
      "'angle' must be between -360 and 360 degrees, got: 1e+20" },
    { 0, 0, NAN, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_NOT_A_NUMBER, "angle", "'angle' must be a number, got: 'nan'" },
    { 0, 0, -INFINITY, CUTOUT_FORMAT_WEBP, NULL, FALSE,
      CUTOUT_API_ERROR_NOT_A_NUMBER, "angle", "'angle' must be a number, got: '-inf'" },
    { 0, 0, 0, (CutoutFormat) 9, NULL, FALSE,
      CUTOUT_API_ERROR_INVALID_FORMAT, "format",
      "Invalid format '9'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { 0, 0, 0, CUTOUT_FORMAT_WEBP, "#12345", FALSE,
      CUTOUT_API_ERROR_INVALID_COLOR, "bg_color",
      "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
    { 0, 0, 0, CUTOUT_FORMAT_WEBP, "#fff", TRUE,
      CUTOUT_API_ERROR_MASK_WITH_COLOR, NULL,
      "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CutoutOptions) options = cutout_options_new ();
      g_autoptr(GError) error = NULL;

      options->width = cases[i].width;
      options->height = cases[i].height;
      options->angle = cases[i].angle;
      options->format = cases[i].format;
      options->mask = cases[i].mask;
      cutout_options_set_bg_color (options, cases[i].bg_color);

      g_test_message ("case %u: %s", i, cases[i].message);
      g_assert_false (cutout_options_validate (options, &error));
      assert_api_error (error, cases[i].code, cases[i].field, cases[i].message);
      g_assert_null (cutout_api_error_get_details (error));
    }
}

static void
test_validate_valid (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();

  /* The limits themselves are allowed. */
  options->width = 10000;
  options->height = 1;
  options->angle = -360;
  options->format = CUTOUT_FORMAT_BMP;
  options->exact_resize = TRUE;
  options->expand = FALSE;
  cutout_options_set_bg_color (options, "RebeccaPurple");
  g_assert_true (cutout_options_validate (options, NULL));

  options->angle = 360;
  options->width = 0;
  options->height = 10000;
  cutout_options_set_bg_color (options, NULL);
  options->mask = TRUE;
  g_assert_true (cutout_options_validate (options, NULL));
}

static void
test_validate_multiple (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *details;
  static const struct
  {
    const char     *field;
    CutoutApiError  code;
    const char     *message;
  } expected[] = {
    { "w", CUTOUT_API_ERROR_BELOW_MINIMUM, "'w' must be at least 1, got: -5" },
    { "h", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'h' must be at most 10000, got: 15000" },
    { "angle", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "'angle' must be between -360 and 360 degrees, got: 500.0" },
    { "format", CUTOUT_API_ERROR_INVALID_FORMAT, "Invalid format '7'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "bg_color", CUTOUT_API_ERROR_INVALID_COLOR, "Invalid color format '#GGG'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
  };

  options->width = -5;
  options->height = 15000;
  options->angle = 500;
  options->format = (CutoutFormat) 7;
  options->mask = TRUE;
  cutout_options_set_bg_color (options, "#GGG");

  g_assert_false (cutout_options_validate (options, &error));
  assert_api_error (error, CUTOUT_API_ERROR_MULTIPLE_ERRORS, NULL, "Multiple validation errors");

  /* mask + bg_color is a later step for the service: not among these. */
  details = cutout_api_error_get_details (error);
  g_assert_nonnull (details);
  g_assert_cmpuint (details->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      g_assert_cmpstr (detail->field, ==, expected[i].field);
      g_assert_cmpint (detail->code, ==, expected[i].code);
      g_assert_cmpstr (detail->message, ==, expected[i].message);
    }
}

static void
test_validate_two (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *details;
  CutoutFieldError *detail;

  options->height = -2;
  options->angle = NAN;

  g_assert_false (cutout_options_validate (options, &error));
  assert_api_error (error, CUTOUT_API_ERROR_MULTIPLE_ERRORS, NULL, "Multiple validation errors");
  details = cutout_api_error_get_details (error);
  g_assert_cmpuint (details->len, ==, 2);
  detail = g_ptr_array_index (details, 0);
  g_assert_cmpstr (detail->field, ==, "h");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_BELOW_MINIMUM);
  g_assert_cmpstr (detail->message, ==, "'h' must be at least 1, got: -2");
  detail = g_ptr_array_index (details, 1);
  g_assert_cmpstr (detail->field, ==, "angle");
  g_assert_cmpint (detail->code, ==, CUTOUT_API_ERROR_NOT_A_NUMBER);
  g_assert_cmpstr (detail->message, ==, "'angle' must be a number, got: 'nan'");
}

static void
test_to_fields (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autofree char *text = NULL;

  options->format = CUTOUT_FORMAT_PNG;
  options->width = 800;
  assert_fields (options, (const char * const[]) { "format", "png", "w", "800", NULL });

  options->height = 600;
  options->exact_resize = TRUE;
  assert_fields (options, (const char * const[]) {
    "format", "png", "w", "800", "h", "600", "exact_resize", "true", NULL });

  options->width = 0;
  options->exact_resize = FALSE;
  options->angle = 90;
  options->expand = FALSE;
  cutout_options_set_bg_color (options, "#00ff0080");
  assert_fields (options, (const char * const[]) {
    "format", "png", "h", "600", "bg_color", "#00ff0080", "angle", "90", "expand", "false", NULL });
  text = cutout_options_to_string (options);
  g_assert_cmpstr (text, ==, "format=png&h=600&bg_color=#00ff0080&angle=90&expand=false");

  cutout_options_set_bg_color (options, NULL);
  options->height = 0;
  options->mask = TRUE;
  options->angle = -12.5;
  options->expand = TRUE;
  options->format = CUTOUT_FORMAT_JPEG;
  assert_fields (options, (const char * const[]) {
    "format", "jpeg", "mask", "true", "angle", "-12.5", NULL });

  /* The shortest form that reads back exactly; never "0" anywhere. */
  options->mask = FALSE;
  options->angle = 0.1;
  options->format = CUTOUT_FORMAT_BMP;
  assert_fields (options, (const char * const[]) { "format", "bmp", "angle", "0.1", NULL });
  options->angle = -0.0;
  assert_fields (options, (const char * const[]) { "format", "bmp", NULL });

  options->format = CUTOUT_FORMAT_WEBP;
  options->width = 10000;
  options->height = 10000;
  options->exact_resize = TRUE;
  options->angle = 359.999;
  cutout_options_set_bg_color (options, "white");
  assert_fields (options, (const char * const[]) {
    "format", "webp", "w", "10000", "h", "10000", "exact_resize", "true",
    "bg_color", "white", "angle", "359.999", NULL });
}

static void
test_to_string_escapes (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autofree char *text = NULL;

  /* An invalid color still makes an unambiguous string. */
  cutout_options_set_bg_color (options, "a&b=c d");
  text = cutout_options_to_string (options);
  g_assert_cmpstr (text, ==, "format=webp&bg_color=a%26b%3Dc%20d");
}

typedef struct
{
  const char     *field;
  const char     *value;
  CutoutApiError  code;
  const char     *message;
} BadField;

static void
test_set_field_bad (void)
{
  static const BadField cases[] = {
    { "w", "abc", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: 'abc'" },
    { "w", "12.5", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '12.5'" },
    { "w", "", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: ''" },
    { "w", "0x10", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '0x10'" },
    { "w", "1__0", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '1__0'" },
    { "w", "_1", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '_1'" },
    { "w", "1 2", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '1 2'" },
    { "w", "1e3", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: '1e3'" },
    { "h", "abc", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'h' must be an integer, got: 'abc'" },
    { "w", "-5", CUTOUT_API_ERROR_BELOW_MINIMUM, "'w' must be at least 1, got: -5" },
    { "h", "-1", CUTOUT_API_ERROR_BELOW_MINIMUM, "'h' must be at least 1, got: -1" },
    { "w", "15000", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'w' must be at most 10000, got: 15000" },
    { "w", "+0015000", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'w' must be at most 10000, got: 15000" },
    { "h", "10001", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'h' must be at most 10000, got: 10001" },
    { "h", "99999999999999999999", CUTOUT_API_ERROR_ABOVE_MAXIMUM,
      "'h' must be at most 10000, got: 99999999999999999999" },
    { "h", "-99999999999999999999", CUTOUT_API_ERROR_BELOW_MINIMUM,
      "'h' must be at least 1, got: -99999999999999999999" },
    { "angle", "ninety", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: 'ninety'" },
    { "angle", "", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: ''" },
    { "angle", "nan", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: 'nan'" },
    { "angle", "-Infinity", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '-Infinity'" },
    { "angle", "1e999", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '1e999'" },
    { "angle", "1._5", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '1._5'" },
    { "angle", "0x10", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '0x10'" },
    { "angle", ".", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '.'" },
    { "angle", "1e", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: '1e'" },
    { "angle", "500", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,
      "'angle' must be between -360 and 360 degrees, got: 500.0" },
    { "angle", "-400.25", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,
      "'angle' must be between -360 and 360 degrees, got: -400.25" },
    { "angle", "1e20", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,
      "'angle' must be between -360 and 360 degrees, got: 1e+20" },
    { "angle", "360.0000001", CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE,
      "'angle' must be between -360 and 360 degrees, got: 360.0000001" },
    { "format", "gif", CUTOUT_API_ERROR_INVALID_FORMAT,
      "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "format", "jpg", CUTOUT_API_ERROR_INVALID_FORMAT,
      "Invalid format 'jpg'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "format", "", CUTOUT_API_ERROR_INVALID_FORMAT,
      "Invalid format ''. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "bg_color", "#12345", CUTOUT_API_ERROR_INVALID_COLOR,
      "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
    { "bg_color", "red ", CUTOUT_API_ERROR_INVALID_COLOR,
      "Invalid color format 'red '. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
    { "mask", "maybe", CUTOUT_API_ERROR_BAD_REQUEST, "'mask' must be true or false, got: 'maybe'" },
    { "expand", "yes", CUTOUT_API_ERROR_BAD_REQUEST, "'expand' must be true or false, got: 'yes'" },
    { "exact_resize", "", CUTOUT_API_ERROR_BAD_REQUEST, "'exact_resize' must be true or false, got: ''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CutoutOptions) options = cutout_options_new ();
      g_autoptr(CutoutOptions) before = NULL;
      g_autoptr(GError) error = NULL;

      options->width = 7;
      options->height = 8;
      options->angle = 9;
      before = cutout_options_copy (options);

      g_test_message ("%s = '%s'", cases[i].field, cases[i].value);
      g_assert_false (cutout_options_set_field (options, cases[i].field, cases[i].value, &error));
      assert_api_error (error, cases[i].code, cases[i].field, cases[i].message);
      /* A refused value changes nothing. */
      g_assert_true (cutout_options_equal (options, before));
    }
}

static void
test_set_field_good (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;

#define SET(f, v) \
  G_STMT_START { \
    g_assert_true (cutout_options_set_field (options, f, v, &error)); \
    g_assert_no_error (error); \
  } G_STMT_END

  SET ("w", "800");
  g_assert_cmpint (options->width, ==, 800);
  SET ("w", " 12 ");
  g_assert_cmpint (options->width, ==, 12);
  SET ("w", "1_000");
  g_assert_cmpint (options->width, ==, 1000);
  SET ("w", "+10000");
  g_assert_cmpint (options->width, ==, 10000);
  /* Python's int() takes any Unicode decimal digits. */
  SET ("w", "١٢");
  g_assert_cmpint (options->width, ==, 12);
  SET ("h", "１２");
  g_assert_cmpint (options->height, ==, 12);
  /* "0" is "no resize", as the official wrapper sends it. */
  SET ("w", "0");
  g_assert_cmpint (options->width, ==, 0);
  SET ("h", "-0");
  g_assert_cmpint (options->height, ==, 0);

  SET ("angle", "90");
  g_assert_cmpfloat (options->angle, ==, 90);
  SET ("angle", " -12.5 ");
  g_assert_cmpfloat (options->angle, ==, -12.5);
  SET ("angle", "1_0.5");
  g_assert_cmpfloat (options->angle, ==, 10.5);
  SET ("angle", ".5");
  g_assert_cmpfloat (options->angle, ==, 0.5);
  SET ("angle", "5.");
  g_assert_cmpfloat (options->angle, ==, 5);
  SET ("angle", "1E+2");
  g_assert_cmpfloat (options->angle, ==, 100);
  SET ("angle", "-360");
  g_assert_cmpfloat (options->angle, ==, -360);

  SET ("format", "PNG");
  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_PNG);
  SET ("format", "Jpeg");
  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_JPEG);
  SET ("format", "bmp");
  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_BMP);
  SET ("format", "webp");
  g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_WEBP);

  SET ("bg_color", "#ABC");
  g_assert_cmpstr (options->bg_color, ==, "#ABC");
  SET ("bg_color", "");
  g_assert_null (options->bg_color);

  SET ("mask", "TRUE");
  g_assert_true (options->mask);
  SET ("mask", "0");
  g_assert_false (options->mask);
  SET ("exact_resize", "1");
  g_assert_true (options->exact_resize);
  SET ("expand", "False");
  g_assert_false (options->expand);
  SET ("expand", "true");
  g_assert_true (options->expand);

#undef SET
}

static void
test_set_field_unknown (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (cutout_options_set_field (options, "return_base64", "false", &error));
  assert_api_error (error, CUTOUT_API_ERROR_BAD_REQUEST, NULL, "Unknown option 'return_base64'");
}

static void
test_parse_fields (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  const char * const fields[] = { "expand", "angle", "bg_color", "w", "format", "h", "exact_resize", NULL };
  const char * const values[] = { "false", "45", "Red", "640", "png", "0", "true", NULL };

  g_assert_true (cutout_options_parse_fields (options, fields, values, &error));
  g_assert_no_error (error);
  assert_fields (options, (const char * const[]) {
    "format", "png", "w", "640", "exact_resize", "true", "bg_color", "Red",
    "angle", "45", "expand", "false", NULL });
}

static void
test_parse_fields_multiple (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(CutoutOptions) before = NULL;
  g_autoptr(GError) error = NULL;
  /* Given in another order than the service checks them. */
  const char * const fields[] = { "bg_color", "mask", "format", "angle", "h", "w", NULL };
  const char * const values[] = { "#12345", "true", "gif", "ninety", "15000", "abc", NULL };
  static const struct
  {
    const char     *field;
    CutoutApiError  code;
    const char     *message;
  } expected[] = {
    { "w", CUTOUT_API_ERROR_NOT_AN_INTEGER, "'w' must be an integer, got: 'abc'" },
    { "h", CUTOUT_API_ERROR_ABOVE_MAXIMUM, "'h' must be at most 10000, got: 15000" },
    { "angle", CUTOUT_API_ERROR_NOT_A_NUMBER, "'angle' must be a number, got: 'ninety'" },
    { "format", CUTOUT_API_ERROR_INVALID_FORMAT, "Invalid format 'gif'. Allowed formats: PNG, JPEG, WEBP, BMP" },
    { "bg_color", CUTOUT_API_ERROR_INVALID_COLOR, "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" },
  };
  GPtrArray *details;

  options->width = 5;
  before = cutout_options_copy (options);

  g_assert_false (cutout_options_parse_fields (options, fields, values, &error));
  assert_api_error (error, CUTOUT_API_ERROR_MULTIPLE_ERRORS, NULL, "Multiple validation errors");
  details = cutout_api_error_get_details (error);
  g_assert_cmpuint (details->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      g_assert_cmpstr (detail->field, ==, expected[i].field);
      g_assert_cmpint (detail->code, ==, expected[i].code);
      g_assert_cmpstr (detail->message, ==, expected[i].message);
    }

  /* Nothing was applied. */
  g_assert_true (cutout_options_equal (options, before));
}

static void
test_parse_fields_single_and_mask (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;

  {
    const char * const fields[] = { "w", "h", "angle", NULL };
    const char * const values[] = { "100", "-5", "30", NULL };

    g_assert_false (cutout_options_parse_fields (options, fields, values, &error));
    assert_api_error (error, CUTOUT_API_ERROR_BELOW_MINIMUM, "h", "'h' must be at least 1, got: -5");
    g_assert_null (cutout_api_error_get_details (error));
    g_assert_cmpint (options->width, ==, 0);
    g_clear_error (&error);
  }

  {
    const char * const fields[] = { "mask", "bg_color", NULL };
    const char * const values[] = { "true", "blue", NULL };

    g_assert_false (cutout_options_parse_fields (options, fields, values, &error));
    assert_api_error (error, CUTOUT_API_ERROR_MASK_WITH_COLOR, NULL,
                      "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.");
    g_assert_false (options->mask);
    g_assert_null (options->bg_color);
    g_clear_error (&error);
  }

  {
    /* A field given twice counts with its last value. */
    const char * const fields[] = { "w", "w", "mask", "bg_color", NULL };
    const char * const values[] = { "abc", "200", "true", "", NULL };

    g_assert_true (cutout_options_parse_fields (options, fields, values, &error));
    g_assert_no_error (error);
    g_assert_cmpint (options->width, ==, 200);
    g_assert_true (options->mask);
  }

  {
    /* A stored value that is already wrong is reported too. */
    const char * const fields[] = { "format", NULL };
    const char * const values[] = { "png", NULL };

    options->angle = 720;
    g_assert_false (cutout_options_parse_fields (options, fields, values, &error));
    assert_api_error (error, CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle",
                      "'angle' must be between -360 and 360 degrees, got: 720.0");
    g_assert_cmpint (options->format, ==, CUTOUT_FORMAT_WEBP);
    g_clear_error (&error);
  }

  {
    const char * const fields[] = { "w", "colour", NULL };
    const char * const values[] = { "100", "red", NULL };

    g_assert_false (cutout_options_parse_fields (options, fields, values, &error));
    assert_api_error (error, CUTOUT_API_ERROR_BAD_REQUEST, NULL, "Unknown option 'colour'");
  }
}

/* The history stores cutout_options_to_string (); reading it back gives
 * the same options, and a text that is not valid says why. */
static void
test_from_string (void)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(CutoutOptions) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  options->format = CUTOUT_FORMAT_PNG;
  options->width = 2000;
  options->angle = 12.5;
  options->expand = FALSE;
  cutout_options_set_bg_color (options, "#ff000080");
  text = cutout_options_to_string (options);

  back = cutout_options_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (cutout_options_equal (options, back));
  g_clear_pointer (&back, cutout_options_free);

  back = cutout_options_new_from_string ("format=gif&w=%zz", &error);
  g_assert_null (back);
  g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_MULTIPLE_ERRORS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/options/defaults", test_defaults);
  g_test_add_func ("/options/copy-equal", test_copy_equal);
  g_test_add_func ("/options/formats", test_formats);
  g_test_add_func ("/options/python-float", test_python_float);
  g_test_add_func ("/options/validate/single", test_validate_single);
  g_test_add_func ("/options/validate/valid", test_validate_valid);
  g_test_add_func ("/options/validate/multiple", test_validate_multiple);
  g_test_add_func ("/options/validate/two", test_validate_two);
  g_test_add_func ("/options/to-fields", test_to_fields);
  g_test_add_func ("/options/to-string-escapes", test_to_string_escapes);
  g_test_add_func ("/options/set-field/bad", test_set_field_bad);
  g_test_add_func ("/options/set-field/good", test_set_field_good);
  g_test_add_func ("/options/set-field/unknown", test_set_field_unknown);
  g_test_add_func ("/options/parse-fields/ok", test_parse_fields);
  g_test_add_func ("/options/parse-fields/multiple", test_parse_fields_multiple);
  g_test_add_func ("/options/parse-fields/single-and-mask", test_parse_fields_single_and_mask);
  g_test_add_func ("/options/from-string", test_from_string);

  return g_test_run ();
}
