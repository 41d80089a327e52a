/* cutout-options.c — the output options: defaults, validation in the service's words, form fields
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cutout-color.h"
#include "cutout-options-private.h"

#define MAX_SIZE 10000
#define MAX_ANGLE 360.0

static const struct
{
  const char *name;
  const char *extension;
  const char *mime_type;
} formats[] = {
  [CUTOUT_FORMAT_WEBP] = { "webp", "webp", "image/webp" },
  [CUTOUT_FORMAT_PNG] = { "png", "png", "image/png" },
  [CUTOUT_FORMAT_JPEG] = { "jpeg", "jpg", "image/jpeg" },
  [CUTOUT_FORMAT_BMP] = { "bmp", "bmp", "image/bmp" },
};

G_DEFINE_BOXED_TYPE (CutoutOptions, cutout_options, cutout_options_copy, cutout_options_free)

CutoutOptions *
cutout_options_new (void)
{
  CutoutOptions *self = g_new0 (CutoutOptions, 1);

  self->format = CUTOUT_FORMAT_WEBP;
  self->expand = TRUE;

  return self;
}

CutoutOptions *
cutout_options_copy (const CutoutOptions *self)
{
  CutoutOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (CutoutOptions, 1);
  *copy = *self;
  copy->bg_color = g_strdup (self->bg_color);

  return copy;
}

void
cutout_options_free (CutoutOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->bg_color);
  g_free (self);
}

gboolean
cutout_options_equal (const CutoutOptions *a,
                      const CutoutOptions *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  /* Two NaN angles are the same (invalid) value for our purposes. */
  return a->format == b->format &&
         a->width == b->width &&
         a->height == b->height &&
         !a->exact_resize == !b->exact_resize &&
         !a->mask == !b->mask &&
         g_strcmp0 (a->bg_color, b->bg_color) == 0 &&
         (a->angle == b->angle || (isnan (a->angle) && isnan (b->angle))) &&
         !a->expand == !b->expand;
}

void
cutout_options_set_bg_color (CutoutOptions *self,
                             const char    *color)
{
  g_return_if_fail (self != NULL);

  if (color != NULL && color[0] == '\0')
    color = NULL;

  if (self->bg_color != color)
    {
      g_free (self->bg_color);
      self->bg_color = g_strdup (color);
    }
}

const char *
cutout_format_to_string (CutoutFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  return formats[format].name;
}

const char *
cutout_format_get_extension (CutoutFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  return formats[format].extension;
}

const char *
cutout_format_get_mime_type (CutoutFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  return formats[format].mime_type;
}

gboolean
cutout_format_from_string (const char   *text,
                           CutoutFormat *format_out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (text, formats[i].name) == 0 ||
          g_ascii_strcasecmp (text, formats[i].extension) == 0)
        {
          if (format_out != NULL)
            *format_out = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The service takes the four names in any case, and not "jpg". */
gboolean
cutout_options_format_from_name (const char   *text,
                                 CutoutFormat *format_out)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (text, formats[i].name) == 0)
        {
          *format_out = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The shortest of %.15g/%.16g/%.17g that reads back as the same double:
 * "90", "12.5", "0.1" (g_ascii_dtostr alone would print 0.1 with 17
 * digits, which is correct but unfriendly in a request log). */
static char *
format_shortest (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  return g_strdup (buffer);
}

/* Errors, one per field. */

GError *
cutout_options_field_error (CutoutApiError  code,
                            const char     *field,
                            char           *message)
{
  GError *error = cutout_api_error_new (code, 0, message);

  cutout_api_error_set_field (error, field);
  g_free (message);

  return error;
}

GError *
cutout_options_check_dimension (const char *field,
                                gint64      value,
                                const char *shown)
{
  g_autofree char *number = NULL;

  if (shown == NULL)
    shown = number = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  /* 0 means "no resize" to the service, so it is not refused. */
  if (value < 0)
    return cutout_options_field_error (CUTOUT_API_ERROR_BELOW_MINIMUM, field,
                                       g_strdup_printf (_("'%s' must be at least 1, got: %s"), field, shown));
  if (value > MAX_SIZE)
    return cutout_options_field_error (CUTOUT_API_ERROR_ABOVE_MAXIMUM, field,
                                       g_strdup_printf (_("'%s' must be at most 10000, got: %s"), field, shown));

  return NULL;
}

GError *
cutout_options_check_angle (double      value,
                            const char *text)
{
  g_autofree char *shown = NULL;

  if (!isfinite (value))
    {
      shown = text != NULL ? g_utf8_make_valid (text, -1) : cutout_format_python_float (value);
      return cutout_options_field_error (CUTOUT_API_ERROR_NOT_A_NUMBER, "angle",
                                         g_strdup_printf (_("'%s' must be a number, got: '%s'"), "angle", shown));
    }

  if (value < -MAX_ANGLE || value > MAX_ANGLE)
    {
      shown = cutout_format_python_float (value);
      return cutout_options_field_error (CUTOUT_API_ERROR_ANGLE_OUT_OF_RANGE, "angle",
                                         g_strdup_printf (_("'%s' must be between -360 and 360 degrees, got: %s"),
                                           "angle", shown));
    }

  return NULL;
}

GError *
cutout_options_invalid_format_error (const char *shown)
{
  return cutout_options_field_error (CUTOUT_API_ERROR_INVALID_FORMAT, "format",
                                     g_strdup_printf (_("Invalid format '%s'. Allowed formats: PNG, JPEG, WEBP, BMP"),
                                       shown));
}

static GError *
check_format (CutoutFormat format)
{
  g_autofree char *shown = NULL;

  if ((guint) format < G_N_ELEMENTS (formats))
    return NULL;

  shown = g_strdup_printf ("%d", (int) format);
  return cutout_options_invalid_format_error (shown);
}

GError *
cutout_options_check_bg_color (const char *bg_color)
{
  GError *error = NULL;

  if (bg_color == NULL)
    return NULL;

  cutout_color_parse (bg_color, NULL, &error);
  return error;
}

/* The checks of one stored value (not of its text). */
static GError *
check_field (const CutoutOptions *self,
             CutoutOptionsField   field)
{
  switch (field)
    {
    case FIELD_W:
      return cutout_options_check_dimension ("w", self->width, NULL);
    case FIELD_H:
      return cutout_options_check_dimension ("h", self->height, NULL);
    case FIELD_ANGLE:
      return cutout_options_check_angle (self->angle, NULL);
    case FIELD_FORMAT:
      return check_format (self->format);
    case FIELD_BG_COLOR:
      return cutout_options_check_bg_color (self->bg_color);
    case FIELD_EXACT_RESIZE:
    case FIELD_MASK:
    case FIELD_EXPAND:
    case N_FIELDS:
    default:
      return NULL;
    }
}

/* Collects the problems the way the service reports them: every field in
 * its order, one error alone or "Multiple validation errors" with
 * details; mask + bg_color only when the fields themselves are fine,
 * because the service checks that in a later step. @text_errors holds,
 * per field, an error from reading its text (taking precedence over the
 * check of the stored value), or NULL. */
gboolean
cutout_options_collect_errors (const CutoutOptions  *self,
                               GError              **text_errors,
                               GError              **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  GError *multiple;

  for (CutoutOptionsField field = 0; field < N_FIELDS; field++)
    {
      GError *one_error = NULL;

      if (text_errors != NULL && text_errors[field] != NULL)
        one_error = g_error_copy (text_errors[field]);
      else
        one_error = check_field (self, field);

      if (one_error != NULL)
        g_ptr_array_add (errors, one_error);
    }

  if (errors->len == 0)
    {
      if (self->mask && self->bg_color != NULL)
        {
          g_propagate_error (error,
                             cutout_api_error_new (CUTOUT_API_ERROR_MASK_WITH_COLOR, 0,
                                                   _("Cannot use 'mask=true' together with 'bg_color'. Choose one or the other.")));
          return FALSE;
        }

      return TRUE;
    }

  if (errors->len == 1)
    {
      g_propagate_error (error, g_ptr_array_steal_index (errors, 0));
      return FALSE;
    }

  multiple = cutout_api_error_new (CUTOUT_API_ERROR_MULTIPLE_ERRORS, 0,
                                   _("Multiple validation errors"));
  for (guint i = 0; i < errors->len; i++)
    {
      const GError *one = g_ptr_array_index (errors, i);

      cutout_api_error_add_detail (multiple, cutout_api_error_get_field (one),
                                   one->message, one->code);
    }
  g_propagate_error (error, multiple);

  return FALSE;
}

gboolean
cutout_options_validate (const CutoutOptions  *self,
                         GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cutout_options_collect_errors (self, NULL, error);
}

GStrv
cutout_options_to_fields (const CutoutOptions *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_add (builder, "format");
  g_strv_builder_add (builder, (guint) self->format < G_N_ELEMENTS (formats)
                                 ? formats[self->format].name
                                 : formats[CUTOUT_FORMAT_WEBP].name);

  if (self->width > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, self->width);

      g_strv_builder_add_many (builder, "w", text, NULL);
    }
  if (self->height > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, self->height);

      g_strv_builder_add_many (builder, "h", text, NULL);
    }
  if (self->exact_resize)
    g_strv_builder_add_many (builder, "exact_resize", "true", NULL);
  if (self->mask)
    g_strv_builder_add_many (builder, "mask", "true", NULL);
  if (self->bg_color != NULL)
    g_strv_builder_add_many (builder, "bg_color", self->bg_color, NULL);
  if (self->angle != 0)
    {
      g_autofree char *text = format_shortest (self->angle);

      g_strv_builder_add_many (builder, "angle", text, NULL);
    }
  if (!self->expand)
    g_strv_builder_add_many (builder, "expand", "false", NULL);

  return g_strv_builder_end (builder);
}

char *
cutout_options_to_string (const CutoutOptions *self)
{
  g_auto(GStrv) fields = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  fields = cutout_options_to_fields (self);
  out = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL && fields[i + 1] != NULL; i += 2)
    {
      g_autofree char *value = g_uri_escape_string (fields[i + 1], "#", TRUE);

      if (out->len > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", fields[i], value);
    }

  return g_string_free (out, FALSE);
}
