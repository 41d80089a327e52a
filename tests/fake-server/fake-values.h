/* fake-values.h — how the fake Rembg server reads form values
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The service is written in Python, so its field checks read numbers the
 * way Python's int() and float() do and print them the way Python prints
 * them. These helpers are the fake server's own reading of that; they
 * share nothing with src/core/ on purpose.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Python int(@text): surrounding whitespace, one sign, decimal digits with
 * single underscores between them. On success *@negative and *@digits
 * (without sign or leading zeros, "0" for zero) describe the value, which
 * may be arbitrarily large. */
gboolean  fake_parse_py_int    (const char *text,
                                gboolean   *negative,
                                char      **digits);
/* The value of a parsed int clamped to G_MAXINT64 (for range checks). */
gint64    fake_py_int_clamp    (gboolean    negative,
                                const char *digits);

/* Python float(@text): TRUE with *@value set, including nan and inf. */
gboolean  fake_parse_py_float  (const char *text,
                                double     *value);
/* repr() of a Python float: "500.0", "12.5", "-400.25", "1e+16". */
char     *fake_py_float_repr   (double      value);

/* #RGB, #RGBA, #RRGGBB, #RRGGBBAA or a CSS named color (case-insensitive,
 * "transparent" included) into straight-alpha RGBA. */
gboolean  fake_parse_color     (const char *text,
                                guint8      rgba[4]);

/* "true" or "1", case-insensitive. */
gboolean  fake_parse_bool      (const char *text);

G_END_DECLS
