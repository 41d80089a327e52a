/* test-color.c — tests of the bg_color parser
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-api-error.h"
#include "cutout-color.h"

static void
assert_color (const char *text,
              guint8      red,
              guint8      green,
              guint8      blue,
              guint8      alpha)
{
  g_autoptr(GError) error = NULL;
  CutoutColor color = { 1, 2, 3, 4 };

  g_test_message ("parsing '%s'", text);
  g_assert_true (cutout_color_parse (text, &color, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (color.red, ==, red);
  g_assert_cmpuint (color.green, ==, green);
  g_assert_cmpuint (color.blue, ==, blue);
  g_assert_cmpuint (color.alpha, ==, alpha);
}

static void
test_hex_forms (void)
{
  assert_color ("#f00", 0xff, 0x00, 0x00, 0xff);
  assert_color ("#1aF", 0x11, 0xaa, 0xff, 0xff);
  assert_color ("#F00a", 0xff, 0x00, 0x00, 0xaa);
  assert_color ("#0000", 0x00, 0x00, 0x00, 0x00);
  assert_color ("#12AbEf", 0x12, 0xab, 0xef, 0xff);
  assert_color ("#000000", 0x00, 0x00, 0x00, 0xff);
  assert_color ("#FFFFFF", 0xff, 0xff, 0xff, 0xff);
  assert_color ("#12abef80", 0x12, 0xab, 0xef, 0x80);
  assert_color ("#ABCDEF00", 0xab, 0xcd, 0xef, 0x00);
}

static void
test_named_colors (void)
{
  assert_color ("red", 0xff, 0x00, 0x00, 0xff);
  assert_color ("RED", 0xff, 0x00, 0x00, 0xff);
  assert_color ("Red", 0xff, 0x00, 0x00, 0xff);
  assert_color ("rebeccapurple", 0x66, 0x33, 0x99, 0xff);
  assert_color ("RebeccaPurple", 0x66, 0x33, 0x99, 0xff);
  assert_color ("transparent", 0x00, 0x00, 0x00, 0x00);
  assert_color ("TRANSPARENT", 0x00, 0x00, 0x00, 0x00);
  /* Where CSS differs from X11's rgb.txt. */
  assert_color ("gray", 0x80, 0x80, 0x80, 0xff);
  assert_color ("grey", 0x80, 0x80, 0x80, 0xff);
  assert_color ("green", 0x00, 0x80, 0x00, 0xff);
  assert_color ("maroon", 0x80, 0x00, 0x00, 0xff);
  assert_color ("purple", 0x80, 0x00, 0x80, 0xff);
  assert_color ("aliceblue", 0xf0, 0xf8, 0xff, 0xff);
  assert_color ("yellowgreen", 0x9a, 0xcd, 0x32, 0xff);
  assert_color ("LightGoldenRodYellow", 0xfa, 0xfa, 0xd2, 0xff);
  assert_color ("darkslategrey", 0x2f, 0x4f, 0x4f, 0xff);
  assert_color ("mediumpurple", 0x93, 0x70, 0xdb, 0xff);
}

static void
test_all_names_round_trip (void)
{
  const char * const *names = cutout_color_get_names ();
  gboolean seen_rebeccapurple = FALSE;
  gboolean seen_transparent = FALSE;
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *upper = g_ascii_strup (names[n], -1);
      g_autofree char *hex = NULL;
      CutoutColor color, color_upper, color_hex;

      if (n > 0)
        g_assert_cmpstr (names[n - 1], <, names[n]);

      g_assert_true (cutout_color_parse (names[n], &color, &error));
      g_assert_no_error (error);
      g_assert_true (cutout_color_parse (upper, &color_upper, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (&color, sizeof color, &color_upper, sizeof color_upper);

      /* The hex form of a named color reads back as the same color. */
      hex = cutout_color_to_hex (&color);
      g_assert_true (cutout_color_parse (hex, &color_hex, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (&color, sizeof color, &color_hex, sizeof color_hex);

      seen_rebeccapurple |= strcmp (names[n], "rebeccapurple") == 0;
      seen_transparent |= strcmp (names[n], "transparent") == 0;
    }

  /* 148 CSS Color Module 4 names, and "transparent". */
  g_assert_cmpuint (n, ==, 149);
  g_assert_true (seen_rebeccapurple);
  g_assert_true (seen_transparent);
  /* The list is the same object each time. */
  g_assert_true (cutout_color_get_names () == names);
}

static void
test_to_hex (void)
{
  CutoutColor opaque = { 0x12, 0xAB, 0x00, 0xff };
  CutoutColor translucent = { 0xff, 0x00, 0x7f, 0x80 };
  g_autofree char *a = cutout_color_to_hex (&opaque);
  g_autofree char *b = cutout_color_to_hex (&translucent);

  g_assert_cmpstr (a, ==, "#12ab00");
  g_assert_cmpstr (b, ==, "#ff007f80");
}

static void
test_invalid (void)
{
  static const char * const invalid[] = {
    "#12345", "#GGG", "red ", " red", "", "#", "#1", "#12", "#1234567", "#123456789",
    "#12345G", "notacolor", "rgb(255,0,0)", "##fff", "fff", "#f 0 0", "rebecca purple",
    "transparent\n", "réd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Invalid color format '%s'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA",
                                                   invalid[i]);
      CutoutColor color = { 1, 2, 3, 4 };

      g_test_message ("parsing '%s'", invalid[i]);
      g_assert_false (cutout_color_parse (invalid[i], &color, &error));
      g_assert_error (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_COLOR);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpstr (cutout_api_error_get_field (error), ==, "bg_color");
      /* A failed parse leaves the output alone. */
      g_assert_cmpuint (color.red, ==, 1);
      g_assert_cmpuint (color.alpha, ==, 4);
    }
}

static void
test_exact_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cutout_color_parse ("#12345", NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA");
}

static void
test_null_output (void)
{
  /* Checking only, without a place for the result. */
  g_assert_true (cutout_color_parse ("#abc", NULL, NULL));
  g_assert_false (cutout_color_parse ("#ab", NULL, NULL));
  g_assert_false (cutout_color_parse (NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/color/hex-forms", test_hex_forms);
  g_test_add_func ("/color/named", test_named_colors);
  g_test_add_func ("/color/all-names-round-trip", test_all_names_round_trip);
  g_test_add_func ("/color/to-hex", test_to_hex);
  g_test_add_func ("/color/invalid", test_invalid);
  g_test_add_func ("/color/exact-message", test_exact_message);
  g_test_add_func ("/color/null-output", test_null_output);

  return g_test_run ();
}
