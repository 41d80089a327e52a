/* cutout-options.h
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CUTOUT_FORMAT_WEBP,
  CUTOUT_FORMAT_PNG,
  /* The service's error text names these too; the UI offers WebP and PNG. */
  CUTOUT_FORMAT_JPEG,
  CUTOUT_FORMAT_BMP,
} CutoutFormat;

#define CUTOUT_TYPE_OPTIONS (cutout_options_get_type ())

/* The output options of one request, with API.md's defaults. A plain value:
 * copy it, compare it, free it. Numbers are stored wide enough to hold an
 * out-of-range value so that validation (and the UI) can point at it. */
typedef struct
{
  CutoutFormat format;        /* default WEBP */
  gint64       width;         /* 0 = unset */
  gint64       height;        /* 0 = unset */
  gboolean     exact_resize;  /* default FALSE */
  gboolean     mask;          /* default FALSE */
  char        *bg_color;      /* NULL = unset */
  double       angle;         /* default 0 */
  gboolean     expand;        /* default TRUE */
} CutoutOptions;

GType          cutout_options_get_type       (void) G_GNUC_CONST;
CutoutOptions *cutout_options_new            (void) G_GNUC_WARN_UNUSED_RESULT;
CutoutOptions *cutout_options_copy           (const CutoutOptions *self) G_GNUC_WARN_UNUSED_RESULT;
void           cutout_options_free           (CutoutOptions       *self);
gboolean       cutout_options_equal          (const CutoutOptions *a,
                                              const CutoutOptions *b);
/* A stable text form of the effective options (for hashing, history and
 * duplicate detection): the form fields joined as "name=value&…". */
char          *cutout_options_to_string      (const CutoutOptions *self) G_GNUC_WARN_UNUSED_RESULT;

/* The inverse of cutout_options_to_string (): the options back from
 * "name=value&…" (as stored in the history), read and validated as the
 * service reads its fields; NULL with that error when they are not valid. */
CutoutOptions *cutout_options_new_from_string (const char         *text,
                                               GError            **error) G_GNUC_WARN_UNUSED_RESULT;

void           cutout_options_set_bg_color   (CutoutOptions       *self,
                                              const char          *color);

const char    *cutout_format_to_string       (CutoutFormat         format); /* "webp", "png", … */
const char    *cutout_format_get_extension   (CutoutFormat         format); /* "webp", "png", "jpg", "bmp" */
const char    *cutout_format_get_mime_type   (CutoutFormat         format);
/* Case-insensitive; "jpg" is accepted for JPEG. */
gboolean       cutout_format_from_string     (const char          *text,
                                              CutoutFormat        *format_out);

/* Checks the options with the server's exact wording and field names.
 * One problem: a CUTOUT_API_ERROR with that problem's code, message and
 * field. Several: CUTOUT_API_ERROR_MULTIPLE_ERRORS, "Multiple validation
 * errors", with one detail per field. mask + bg_color is checked after
 * the fields, as the service does. */
gboolean       cutout_options_validate       (const CutoutOptions *self,
                                              GError             **error);

/* Sets one option from text, as the service would read the form field
 * named @field ("format", "w", "h", "exact_resize", "mask", "bg_color",
 * "angle", "expand"), e.g. from the command line or GSettings. Fails
 * with the server's wording ("'w' must be an integer, got: 'abc'"). */
gboolean       cutout_options_set_field      (CutoutOptions       *self,
                                              const char          *field,
                                              const char          *value,
                                              GError             **error);

/* Sets several fields at once (@fields and @values are parallel, NULL-
 * terminated) and validates the result, collecting every problem into
 * one error the way the service does. */
gboolean       cutout_options_parse_fields   (CutoutOptions       *self,
                                              const char * const  *fields,
                                              const char * const  *values,
                                              GError             **error);

/* The multipart form fields to send, as a NULL-terminated array of
 * alternating names and values. Unset options are not sent, and nothing
 * is ever sent as 0: "format" is always sent (the output's extension
 * depends on it); "w"/"h" when set; "exact_resize"/"mask" only when
 * "true"; "bg_color" when set; "angle" when not 0; "expand" only when
 * "false". */
GStrv          cutout_options_to_fields      (const CutoutOptions *self) G_GNUC_WARN_UNUSED_RESULT;

/* Formats a float the way the service (Python) prints it in messages:
 * 500 → "500.0", 12.5 → "12.5", -0.25 → "-0.25". */
char          *cutout_format_python_float    (double               value) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutOptions, cutout_options_free)

G_END_DECLS
