/* cutout-color.h
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 red;
  guint8 green;
  guint8 blue;
  guint8 alpha;
} CutoutColor;

/* Parses "#RGB", "#RGBA", "#RRGGBB", "#RRGGBBAA" (hex digits in any
 * case) or a CSS named color ("red", "RebeccaPurple", "transparent"),
 * case-insensitive, surrounding white space not allowed. On failure sets
 * CUTOUT_API_ERROR_INVALID_COLOR with the service's message:
 * "Invalid color format '#12345'. Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA" */
gboolean     cutout_color_parse          (const char        *text,
                                          CutoutColor       *color_out,
                                          GError           **error);
/* "#rrggbb", or "#rrggbbaa" when alpha is not 255. */
char        *cutout_color_to_hex         (const CutoutColor *color) G_GNUC_WARN_UNUSED_RESULT;
/* The CSS named colors, sorted, NULL-terminated (for completion in the UI). */
const char * const *cutout_color_get_names (void);

G_END_DECLS
