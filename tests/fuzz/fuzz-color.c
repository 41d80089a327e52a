/* fuzz-color.c — libFuzzer target for cutout_color_parse()
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

#include "cutout-api-error.h"
#include "cutout-color.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

/* What the header promises, written independently of the parser: the
 * four hex forms, or a CSS name in any case, nothing else. */
static gboolean
reference_parse (const char  *text,
                 CutoutColor *color)
{
  const char * const *names;
  gsize len;

  if (text[0] == '#')
    {
      guint8 digits[8];

      len = strlen (text + 1);
      if (len != 3 && len != 4 && len != 6 && len != 8)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        {
          if (!g_ascii_isxdigit (text[1 + i]))
            return FALSE;
          digits[i] = (guint8) g_ascii_xdigit_value (text[1 + i]);
        }

      if (len <= 4)
        {
          color->red = digits[0] * 17;
          color->green = digits[1] * 17;
          color->blue = digits[2] * 17;
          color->alpha = len == 4 ? digits[3] * 17 : 255;
        }
      else
        {
          color->red = digits[0] * 16 + digits[1];
          color->green = digits[2] * 16 + digits[3];
          color->blue = digits[4] * 16 + digits[5];
          color->alpha = len == 8 ? digits[6] * 16 + digits[7] : 255;
        }
      return TRUE;
    }

  /* A name's values are checked through the round trip below. */
  names = cutout_color_get_names ();
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], text) == 0)
      return TRUE;

  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  CutoutColor color = { 1, 2, 3, 4 };
  CutoutColor expected = { 0, 0, 0, 0 };
  gboolean ok;
  gboolean expected_ok;

  ok = cutout_color_parse (text, &color, &error);
  expected_ok = reference_parse (text, &expected);
  FUZZ_CHECK (ok == expected_ok);

  if (ok)
    {
      g_autofree char *hex = cutout_color_to_hex (&color);
      CutoutColor again = { 0, 0, 0, 0 };

      FUZZ_CHECK (error == NULL);
      if (text[0] == '#')
        FUZZ_CHECK (memcmp (&color, &expected, sizeof color) == 0);

      /* The hex form must read back as the very same color. */
      FUZZ_CHECK (hex != NULL && hex[0] == '#');
      FUZZ_CHECK (strlen (hex) == (color.alpha == 255 ? 7 : 9));
      FUZZ_CHECK (cutout_color_parse (hex, &again, NULL));
      FUZZ_CHECK (memcmp (&color, &again, sizeof color) == 0);
    }
  else
    {
      FUZZ_CHECK (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_COLOR));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (g_str_has_prefix (error->message, "Invalid color format '"));
      FUZZ_CHECK (g_strcmp0 (cutout_api_error_get_field (error), "bg_color") == 0);
      /* A failed parse leaves the output alone. */
      FUZZ_CHECK (color.red == 1 && color.green == 2 && color.blue == 3 && color.alpha == 4);
    }

  return 0;
}
