/* fuzz-output.c — libFuzzer target for the naming template and file name sanitizing
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

#include "cutout-output.h"

/* The longest file name most Linux file systems take (cutout-output.h). */
#define NAME_MAX_BYTES 255

static GDateTime *fixed_date;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  fixed_date = g_date_time_new_utc (2026, 3, 23, 12, 23, 32);
  return 0;
}

/* What cutout_output_sanitize_name() promises of every name it returns,
 * and so every expanded template: one safe, visible file name. */
static void
check_safe_name (const char *name)
{
  FUZZ_CHECK (name != NULL);
  FUZZ_CHECK (name[0] != '\0');
  FUZZ_CHECK (strlen (name) <= NAME_MAX_BYTES);
  FUZZ_CHECK (strchr (name, '/') == NULL);
  FUZZ_CHECK (strchr (name, '\\') == NULL);
  /* No hidden file, and so never "." or "..". */
  FUZZ_CHECK (name[0] != '.');
  for (const char *p = name; *p != '\0'; p++)
    FUZZ_CHECK ((guchar) *p >= 0x20 && *p != 0x7f);
  if (g_utf8_validate (name, -1, NULL))
    {
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        FUZZ_CHECK (!g_unichar_iscntrl (g_utf8_get_char (p)));
    }
}

static void
check_sanitize (const char *name)
{
  g_autofree char *safe = cutout_output_sanitize_name (name);
  g_autofree char *again = NULL;

  check_safe_name (safe);
  /* A safe name stays as it is. */
  again = cutout_output_sanitize_name (safe);
  FUZZ_CHECK (strcmp (safe, again) == 0);
  /* Valid UTF-8 in, valid UTF-8 out: the cut never splits a character. */
  if (g_utf8_validate (name, -1, NULL))
    FUZZ_CHECK (g_utf8_validate (safe, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *template_text = NULL;
  g_autofree char *input_name = NULL;
  g_autofree char *other = NULL;
  g_autofree char *expanded = NULL;
  g_autoptr(GError) error = NULL;
  CutoutFormat format;
  gboolean valid;
  int width, height;
  guint counter;

  /* Format, width, height and counter from the first bytes; then the
   * template line, the input name line, and a name to sanitize. */
  if (size < 5)
    return 0;
  format = data[0] % 4;
  width = (int) (gint8) data[1] * 157;
  height = (int) (gint8) data[2] * 211;
  counter = (guint) data[3] << 8 | data[4];
  data += 5;
  size -= 5;
  template_text = fuzz_take_until (&data, &size, '\n');
  input_name = fuzz_take_until (&data, &size, '\n');
  other = fuzz_strndup (data, size);

  valid = cutout_output_template_validate (template_text, &error);
  if (!valid)
    {
      FUZZ_CHECK (g_error_matches (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  g_clear_error (&error);

  expanded = cutout_output_expand_template (template_text, input_name, format,
                                            width, height, fixed_date, counter, &error);
  /* Expanding fails exactly when the template is invalid. */
  FUZZ_CHECK ((expanded != NULL) == valid);
  if (expanded != NULL)
    {
      check_safe_name (expanded);

      /* Without {w}/{h} the name is known before the download: another
       * size must not change it. */
      if (!cutout_output_template_uses_size (template_text))
        {
          g_autofree char *resized = cutout_output_expand_template (template_text, input_name, format,
                                                                    width + 1, height + 1, fixed_date,
                                                                    counter, NULL);

          FUZZ_CHECK (resized != NULL && strcmp (resized, expanded) == 0);
        }
    }
  else
    {
      FUZZ_CHECK (g_error_matches (error, CUTOUT_OUTPUT_ERROR, CUTOUT_OUTPUT_ERROR_INVALID_TEMPLATE));
    }

  check_sanitize (input_name);
  check_sanitize (other);

  return 0;
}
