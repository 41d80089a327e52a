/* cutout-options-private.h — the form fields and checks shared by the halves of cutout-options
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-api-error.h"
#include "cutout-options.h"

G_BEGIN_DECLS

/* The form fields, in the order in which the service checks them (the
 * booleans are never refused by the service; they come last). */
typedef enum
{
  FIELD_W,
  FIELD_H,
  FIELD_ANGLE,
  FIELD_FORMAT,
  FIELD_BG_COLOR,
  FIELD_EXACT_RESIZE,
  FIELD_MASK,
  FIELD_EXPAND,
  N_FIELDS
} CutoutOptionsField;

/* Reads @text as one of the four format names, in any case, as the
 * service does (not "jpg", which cutout_format_from_string() takes). */
gboolean cutout_options_format_from_name     (const char           *text,
                                              CutoutFormat         *format_out);

/* The service's error for @field, with @message (taken). */
GError  *cutout_options_field_error          (CutoutApiError        code,
                                              const char           *field,
                                              char                 *message);
/* The range checks of one value; @shown is the text to quote (NULL: the
 * value itself). NULL when the value is fine. */
GError  *cutout_options_check_dimension      (const char           *field,
                                              gint64                value,
                                              const char           *shown);
GError  *cutout_options_check_angle          (double                value,
                                              const char           *text);
GError  *cutout_options_invalid_format_error (const char           *shown);
GError  *cutout_options_check_bg_color       (const char           *bg_color);
/* Collects every field's error in the service's order and wording;
 * @text_errors (N_FIELDS entries or NULL) take precedence. */
gboolean cutout_options_collect_errors       (const CutoutOptions  *self,
                                              GError              **text_errors,
                                              GError              **error);

G_END_DECLS
