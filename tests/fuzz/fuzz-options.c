/* fuzz-options.c — libFuzzer target for reading and validating the request options
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fuzz-common.h"

#include "cutout-api-error.h"
#include "cutout-options.h"

/* The input is lines of "field=value" (split at the first '='), the way
 * the CLI and GSettings hand options over. More pairs than this add no
 * new paths, only time. */
#define MAX_PAIRS 24

static const char * const known_fields[] = {
  "format", "w", "h", "exact_resize", "mask", "bg_color", "angle", "expand", NULL,
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static void
check_error (const GError *error)
{
  GPtrArray *details;

  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == CUTOUT_API_ERROR);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));

  details = cutout_api_error_get_details (error);
  if (error->code == CUTOUT_API_ERROR_MULTIPLE_ERRORS)
    {
      FUZZ_CHECK (strcmp (error->message, "Multiple validation errors") == 0);
      FUZZ_CHECK (details != NULL && details->len >= 2);
    }
  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      FUZZ_CHECK (detail->message != NULL && g_utf8_validate (detail->message, -1, NULL));
      FUZZ_CHECK (detail->field == NULL || g_strv_contains (known_fields, detail->field));
    }
}

/* What to_fields() promises: "format" first and always; the rest only
 * when set, never "0"; names among the service's fields. Then the fields
 * must read back as the very same options. */
static void
check_fields_round_trip (const CutoutOptions *options)
{
  g_auto(GStrv) fields = cutout_options_to_fields (options);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(CutoutOptions) again = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = g_strv_length (fields);

  FUZZ_CHECK (n >= 2 && n % 2 == 0);
  FUZZ_CHECK (strcmp (fields[0], "format") == 0);
  for (guint i = 0; i < n; i += 2)
    {
      FUZZ_CHECK (g_strv_contains (known_fields, fields[i]));
      FUZZ_CHECK (strcmp (fields[i + 1], "0") != 0);
      g_ptr_array_add (names, fields[i]);
      g_ptr_array_add (values, fields[i + 1]);
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (values, NULL);

  FUZZ_CHECK (cutout_options_parse_fields (again,
                                           (const char * const *) names->pdata,
                                           (const char * const *) values->pdata,
                                           &error));
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (cutout_options_equal (options, again));

  text = cutout_options_to_string (options);
  FUZZ_CHECK (text != NULL && g_str_has_prefix (text, "format="));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CutoutOptions) parsed = cutout_options_new ();
  g_autoptr(CutoutOptions) one_by_one = cutout_options_new ();
  g_autoptr(CutoutOptions) defaults = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  while (size > 0 && fields->len < MAX_PAIRS)
    {
      g_autofree char *line = fuzz_take_until (&data, &size, '\n');
      char *eq = strchr (line, '=');

      if (eq == NULL)
        {
          g_ptr_array_add (fields, g_strdup (line));
          g_ptr_array_add (values, g_strdup (""));
        }
      else
        {
          g_ptr_array_add (fields, g_strndup (line, eq - line));
          g_ptr_array_add (values, g_strdup (eq + 1));
        }
    }

  /* All at once, as the service reads a form. */
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  ok = cutout_options_parse_fields (parsed,
                                    (const char * const *) fields->pdata,
                                    (const char * const *) values->pdata,
                                    &error);
  g_ptr_array_set_size (fields, fields->len - 1);
  g_ptr_array_set_size (values, values->len - 1);

  if (ok)
    {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (cutout_options_validate (parsed, NULL));
      FUZZ_CHECK (parsed->width == 0 || (parsed->width >= 1 && parsed->width <= 10000));
      FUZZ_CHECK (parsed->height == 0 || (parsed->height >= 1 && parsed->height <= 10000));
      FUZZ_CHECK (isfinite (parsed->angle) && parsed->angle >= -360 && parsed->angle <= 360);
      FUZZ_CHECK (!(parsed->mask && parsed->bg_color != NULL));
      check_fields_round_trip (parsed);
    }
  else
    {
      check_error (error);
      /* A failure leaves the options untouched. */
      FUZZ_CHECK (cutout_options_equal (parsed, defaults));
    }

  /* One field at a time, as the CLI does; each failure leaves the
   * options as they were. */
  for (guint i = 0; i < fields->len; i++)
    {
      g_autoptr(CutoutOptions) before = cutout_options_copy (one_by_one);
      g_autoptr(GError) field_error = NULL;

      if (!cutout_options_set_field (one_by_one, fields->pdata[i], values->pdata[i], &field_error))
        {
          check_error (field_error);
          FUZZ_CHECK (cutout_options_equal (one_by_one, before));
        }
    }

  g_clear_error (&error);
  if (cutout_options_validate (one_by_one, &error))
    check_fields_round_trip (one_by_one);
  else
    check_error (error);

  /* The Python-style float text must read back as the same number. */
  if (isfinite (one_by_one->angle))
    {
      g_autofree char *text = cutout_format_python_float (one_by_one->angle);

      FUZZ_CHECK (text != NULL);
      FUZZ_CHECK (g_ascii_strtod (text, NULL) == one_by_one->angle);
    }

  return 0;
}
