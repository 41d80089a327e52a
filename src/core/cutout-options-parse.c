/* cutout-options-parse.c — reading the output options from text, as the service (Python) reads its form fields
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cutout-options-private.h"

static const char * const field_names[N_FIELDS] = {
  [FIELD_W] = "w",
  [FIELD_H] = "h",
  [FIELD_ANGLE] = "angle",
  [FIELD_FORMAT] = "format",
  [FIELD_BG_COLOR] = "bg_color",
  [FIELD_EXACT_RESIZE] = "exact_resize",
  [FIELD_MASK] = "mask",
  [FIELD_EXPAND] = "expand",
};

/* Python's repr() of a float: the shortest digits that read back as the
 * same double, in fixed notation with at least one decimal when the
 * decimal exponent is in [-4, 16), else as "1e+20" / "1.5e-05". */
char *
cutout_format_python_float (double value)
{
  char format[16];
  char buffer[64];
  char digits[32];
  gsize n_digits = 0;
  const char *e;
  int exponent;
  int point;
  GString *out;

  if (isnan (value))
    return g_strdup ("nan");
  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  if (value == 0)
    return g_strdup (signbit (value) ? "-0.0" : "0.0");

  for (int precision = 0; precision <= 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%de", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* buffer is now "-d.ddde+XX". */
  e = strchr (buffer, 'e');
  g_assert (e != NULL);
  for (const char *p = buffer; p < e; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  exponent = (int) g_ascii_strtoll (e + 1, NULL, 10);
  point = exponent + 1;

  out = g_string_new (value < 0 ? "-" : "");

  if (point > -4 && point <= 16)
    {
      if (point <= 0)
        {
          g_string_append (out, "0.");
          for (int i = point; i < 0; i++)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      else if ((gsize) point >= n_digits)
        {
          g_string_append (out, digits);
          for (gsize i = n_digits; i < (gsize) point; i++)
            g_string_append_c (out, '0');
          g_string_append (out, ".0");
        }
      else
        {
          g_string_append_len (out, digits, point);
          g_string_append_c (out, '.');
          g_string_append (out, digits + point);
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
    }

  return g_string_free (out, FALSE);
}

/* Reading text as Python's int() and float() do. */

static gboolean
is_python_space (gunichar c)
{
  return g_unichar_isspace (c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
}

/* Strips Python white space and turns every Unicode decimal digit into its
 * ASCII digit (int() and float() accept "١٢" as 12). Returns NULL for
 * text that is not valid UTF-8 or holds other non-ASCII characters. */
static char *
python_normalize_number (const char *text)
{
  g_autoptr(GString) out = NULL;
  const char *start = text;
  const char *end;

  if (!g_utf8_validate (text, -1, &end))
    return NULL;

  while (start < end && is_python_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_python_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  out = g_string_new (NULL);
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit;

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if ((digit = g_unichar_digit_value (c)) >= 0)
        g_string_append_c (out, (char) ('0' + digit));
      else
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Digits with single underscores between them ("1_000"), as Python
 * allows. Appends the digits to @digits; returns the end or NULL. */
static const char *
take_python_digits (const char *p,
                    GString    *digits)
{
  if (!g_ascii_isdigit (*p))
    return NULL;

  while (TRUE)
    {
      g_string_append_c (digits, *p++);
      if (g_ascii_isdigit (*p))
        continue;
      if (*p == '_' && g_ascii_isdigit (p[1]))
        {
          p++;
          continue;
        }
      return p;
    }
}

/* Python int(text). @canonical_out gets str(int(text)), which the
 * service's range messages print, even beyond 64 bits; the value
 * saturates there. */
static gboolean
python_parse_int (const char  *text,
                  gint64      *value_out,
                  char       **canonical_out)
{
  g_autofree char *normal = python_normalize_number (text);
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  const char *p = normal;
  const char *significant;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;

  if (normal == NULL)
    return FALSE;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  p = take_python_digits (p, digits);
  if (p == NULL || *p != '\0')
    return FALSE;

  significant = digits->str;
  while (significant[0] == '0' && significant[1] != '\0')
    significant++;

  for (const char *d = significant; *d != '\0'; d++)
    {
      if (magnitude > (G_MAXUINT64 - 9) / 10)
        overflow = TRUE;
      else
        magnitude = magnitude * 10 + (guint64) (*d - '0');
    }

  if (strcmp (significant, "0") == 0)
    negative = FALSE;

  if (negative)
    *value_out = overflow || magnitude > (guint64) G_MAXINT64 + 1 ? G_MININT64 : (gint64) (0 - magnitude);
  else
    *value_out = overflow || magnitude > G_MAXINT64 ? G_MAXINT64 : (gint64) magnitude;

  *canonical_out = g_strconcat (negative ? "-" : "", significant, NULL);
  return TRUE;
}

/* Python float(text); "nan", "inf" and "infinity" in any case are numbers
 * to Python, and left to the caller to refuse. */
static gboolean
python_parse_float (const char *text,
                    double     *value_out)
{
  g_autofree char *normal = python_normalize_number (text);
  g_autoptr(GString) ascii = g_string_new (NULL);
  const char *p = normal;
  const char *word;
  gboolean negative = FALSE;
  gboolean has_mantissa = FALSE;
  const char *next;

  if (normal == NULL)
    return FALSE;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  word = p;
  if (g_ascii_strcasecmp (word, "nan") == 0)
    {
      *value_out = NAN;
      return TRUE;
    }
  if (g_ascii_strcasecmp (word, "inf") == 0 || g_ascii_strcasecmp (word, "infinity") == 0)
    {
      *value_out = negative ? -INFINITY : INFINITY;
      return TRUE;
    }

  g_string_append_c (ascii, negative ? '-' : '+');

  if ((next = take_python_digits (p, ascii)) != NULL)
    {
      p = next;
      has_mantissa = TRUE;
    }
  if (*p == '.')
    {
      g_string_append_c (ascii, '.');
      p++;
      if ((next = take_python_digits (p, ascii)) != NULL)
        {
          p = next;
          has_mantissa = TRUE;
        }
    }
  if (!has_mantissa)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      g_string_append_c (ascii, 'e');
      p++;
      if (*p == '+' || *p == '-')
        g_string_append_c (ascii, *p++);
      if ((p = take_python_digits (p, ascii)) == NULL)
        return FALSE;
    }

  if (*p != '\0')
    return FALSE;

  /* Like Python, an overflowing exponent gives ±inf, an underflowing one 0. */
  *value_out = g_ascii_strtod (ascii->str, NULL);
  return TRUE;
}

static gboolean
lookup_field (const char         *name,
              CutoutOptionsField *field_out)
{
  for (CutoutOptionsField field = 0; field < N_FIELDS; field++)
    {
      if (g_strcmp0 (name, field_names[field]) == 0)
        {
          *field_out = field;
          return TRUE;
        }
    }

  return FALSE;
}

static GError *
unknown_field_error (const char *name)
{
  g_autofree char *shown = g_utf8_make_valid (name != NULL ? name : "", -1);
  g_autofree char *message = g_strdup_printf (_("Unknown option '%s'"), shown);

  return cutout_api_error_new (CUTOUT_API_ERROR_BAD_REQUEST, 0, message);
}

/* Reads @text as the service reads the form field @field and stores it in
 * @self; on failure @self is left as it was and the service's error for
 * that field is returned. */
static GError *
read_field (CutoutOptions      *self,
            CutoutOptionsField  field,
            const char         *text)
{
  g_autofree char *shown = g_utf8_make_valid (text, -1);
  const char *name = field_names[field];

  switch (field)
    {
    case FIELD_W:
    case FIELD_H:
      {
        g_autofree char *canonical = NULL;
        gint64 value;
        GError *error;

        if (!python_parse_int (text, &value, &canonical))
          return cutout_options_field_error (CUTOUT_API_ERROR_NOT_AN_INTEGER, name,
                                             g_strdup_printf (_("'%s' must be an integer, got: '%s'"), name, shown));

        if ((error = cutout_options_check_dimension (name, value, canonical)) != NULL)
          return error;

        if (field == FIELD_W)
          self->width = value;
        else
          self->height = value;
        return NULL;
      }

    case FIELD_ANGLE:
      {
        double value;
        GError *error;

        if (!python_parse_float (text, &value))
          return cutout_options_field_error (CUTOUT_API_ERROR_NOT_A_NUMBER, name,
                                             g_strdup_printf (_("'%s' must be a number, got: '%s'"), name, shown));

        if ((error = cutout_options_check_angle (value, text)) != NULL)
          return error;

        self->angle = value;
        return NULL;
      }

    case FIELD_FORMAT:
      /* The service takes the four names in any case, and not "jpg". */
      if (cutout_options_format_from_name (text, &self->format))
        return NULL;
      return cutout_options_invalid_format_error (shown);

    case FIELD_BG_COLOR:
      {
        GError *error;

        /* An empty field is how a form says "no color". */
        if (text[0] != '\0' && (error = cutout_options_check_bg_color (text)) != NULL)
          return error;

        cutout_options_set_bg_color (self, text);
        return NULL;
      }

    case FIELD_EXACT_RESIZE:
    case FIELD_MASK:
    case FIELD_EXPAND:
      {
        gboolean value;

        /* The service reads anything but true/1 as false; a typo in a
         * command line should not silently mean false, so only the four
         * spellings are taken here. */
        if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0)
          value = TRUE;
        else if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0)
          value = FALSE;
        else
          return cutout_options_field_error (CUTOUT_API_ERROR_BAD_REQUEST, name,
                                             g_strdup_printf (_("'%s' must be true or false, got: '%s'"), name, shown));

        if (field == FIELD_EXACT_RESIZE)
          self->exact_resize = value;
        else if (field == FIELD_MASK)
          self->mask = value;
        else
          self->expand = value;
        return NULL;
      }

    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
cutout_options_set_field (CutoutOptions  *self,
                          const char     *field,
                          const char     *value,
                          GError        **error)
{
  GError *local_error;
  CutoutOptionsField id;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_field (field, &id))
    {
      g_propagate_error (error, unknown_field_error (field));
      return FALSE;
    }

  if ((local_error = read_field (self, id, value)) != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
cutout_options_parse_fields (CutoutOptions       *self,
                             const char * const  *fields,
                             const char * const  *values,
                             GError             **error)
{
  g_autoptr(CutoutOptions) result = NULL;
  GError *text_errors[N_FIELDS] = { NULL, };
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Work on a copy so that a failure leaves @self untouched. */
  result = cutout_options_copy (self);

  for (gsize i = 0; fields != NULL && values != NULL && fields[i] != NULL && values[i] != NULL; i++)
    {
      CutoutOptionsField id;

      if (!lookup_field (fields[i], &id))
        {
          for (CutoutOptionsField f = 0; f < N_FIELDS; f++)
            g_clear_error (&text_errors[f]);
          g_propagate_error (error, unknown_field_error (fields[i]));
          return FALSE;
        }

      /* A field given twice counts with its last value, as a form's
       * last value does for the service. */
      g_clear_error (&text_errors[id]);
      text_errors[id] = read_field (result, id, values[i]);
    }

  ok = cutout_options_collect_errors (result, text_errors, error);

  for (CutoutOptionsField f = 0; f < N_FIELDS; f++)
    g_clear_error (&text_errors[f]);

  if (ok)
    {
      g_free (self->bg_color);
      *self = *result;
      result->bg_color = NULL;
    }

  return ok;
}

CutoutOptions *
cutout_options_new_from_string (const char  *text,
                                GError     **error)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_auto(GStrv) pairs = g_strsplit (text != NULL ? text : "", "&", -1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      char *value;

      if (eq == NULL)
        continue;
      /* The text was written with g_uri_escape_string (): a value that
       * does not unescape is taken as it stands, and validation says
       * what is wrong with it. */
      value = g_uri_unescape_string (eq + 1, NULL);
      g_ptr_array_add (fields, g_strndup (pairs[i], eq - pairs[i]));
      g_ptr_array_add (values, value != NULL ? value : g_strdup (eq + 1));
    }
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);

  if (!cutout_options_parse_fields (options,
                                    (const char * const *) fields->pdata,
                                    (const char * const *) values->pdata,
                                    error))
    return NULL;

  return g_steal_pointer (&options);
}
