/* fake-values.c — how the fake Rembg server reads form values
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fake-values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Python strips the ASCII whitespace characters (and more, but a form
 * field never carries the exotic ones in tests). */
static char *
strip_py_whitespace (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && strchr (" \t\n\r\v\f", *start) != NULL)
    start++;
  while (end > start && strchr (" \t\n\r\v\f", end[-1]) != NULL)
    end--;

  return g_strndup (start, end - start);
}

/* Copies the digits of @text (from @start to @end) without underscores;
 * FALSE unless every underscore sits between two digits and there is at
 * least one digit. */
static gboolean
copy_digits (const char *start,
             const char *end,
             GString    *out)
{
  const char *p;

  if (start == end)
    return FALSE;

  for (p = start; p < end; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else if (*p == '_' && p > start && p + 1 < end &&
               g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
        continue;
      else
        return FALSE;
    }

  return TRUE;
}

gboolean
fake_parse_py_int (const char  *text,
                   gboolean    *negative,
                   char       **digits)
{
  g_autofree char *stripped = strip_py_whitespace (text);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = stripped;
  const char *nonzero;

  *negative = FALSE;
  if (*p == '+' || *p == '-')
    {
      *negative = *p == '-';
      p++;
    }

  if (!copy_digits (p, p + strlen (p), out))
    return FALSE;

  nonzero = out->str;
  while (*nonzero == '0' && nonzero[1] != '\0')
    nonzero++;
  if (g_str_equal (nonzero, "0"))
    *negative = FALSE;

  *digits = g_strdup (nonzero);
  return TRUE;
}

gint64
fake_py_int_clamp (gboolean    negative,
                   const char *digits)
{
  guint64 value = 0;

  if (strlen (digits) > 18)
    return negative ? G_MININT64 : G_MAXINT64;

  value = g_ascii_strtoull (digits, NULL, 10);
  return negative ? -(gint64) value : (gint64) value;
}

gboolean
fake_parse_py_float (const char *text,
                     double     *value)
{
  g_autofree char *stripped = strip_py_whitespace (text);
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p = stripped;
  const char *mantissa_end, *dot, *exp;
  gboolean negative = FALSE;
  char *end = NULL;

  if (*p == '+' || *p == '-')
    {
      negative = *p == '-';
      p++;
    }

  if (g_ascii_strcasecmp (p, "inf") == 0 || g_ascii_strcasecmp (p, "infinity") == 0)
    {
      *value = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if (g_ascii_strcasecmp (p, "nan") == 0)
    {
      *value = NAN;
      return TRUE;
    }

  /* digits [. digits] [e [sign] digits], at least one mantissa digit. */
  exp = strpbrk (p, "eE");
  mantissa_end = exp != NULL ? exp : p + strlen (p);
  dot = memchr (p, '.', mantissa_end - p);

  if (negative)
    g_string_append_c (clean, '-');

  if (dot != NULL)
    {
      if (dot == p && dot + 1 == mantissa_end)
        return FALSE;
      if (dot > p && !copy_digits (p, dot, clean))
        return FALSE;
      g_string_append_c (clean, '.');
      if (dot + 1 < mantissa_end && !copy_digits (dot + 1, mantissa_end, clean))
        return FALSE;
    }
  else if (!copy_digits (p, mantissa_end, clean))
    {
      return FALSE;
    }

  if (exp != NULL)
    {
      const char *q = exp + 1;

      g_string_append_c (clean, 'e');
      if (*q == '+' || *q == '-')
        g_string_append_c (clean, *q++);
      if (!copy_digits (q, q + strlen (q), clean))
        return FALSE;
    }

  *value = g_ascii_strtod (clean->str, &end);
  if (end == NULL || *end != '\0')
    return FALSE;

  return TRUE;
}

char *
fake_py_float_repr (double value)
{
  char buf[64], fmt[16];
  g_autoptr(GString) out = g_string_new (NULL);
  char digits[32];
  int n_digits = 0, exponent, precision;
  const char *p;

  if (isnan (value))
    return g_strdup ("nan");
  if (isinf (value))
    return g_strdup (value < 0 ? "-inf" : "inf");

  /* The shortest %e form that reads back as the same double, which is
   * what Python's repr() prints. */
  for (precision = 0; precision < 17; precision++)
    {
      g_snprintf (fmt, sizeof fmt, "%%.%de", precision);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  exponent = atoi (p + 1);

  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';

  if (exponent >= -4 && exponent < 16)
    {
      /* Positional notation with at least one digit after the point. */
      if (exponent < 0)
        {
          g_string_append (out, "0.");
          for (int i = 0; i < -exponent - 1; i++)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      else
        {
          for (int i = 0; i <= exponent; i++)
            g_string_append_c (out, i < n_digits ? digits[i] : '0');
          g_string_append_c (out, '.');
          if (n_digits > exponent + 1)
            g_string_append (out, digits + exponent + 1);
          else
            g_string_append_c (out, '0');
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

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* CSS Color Module 4 named colors (all opaque); "transparent" is handled
 * apart. Sorted for bsearch(). */
typedef struct
{
  const char *name;
  guint8      r, g, b;
} NamedColor;

static const NamedColor named_colors[] = {
  { "aliceblue", 0xf0, 0xf8, 0xff },
  { "antiquewhite", 0xfa, 0xeb, 0xd7 },
  { "aqua", 0x00, 0xff, 0xff },
  { "aquamarine", 0x7f, 0xff, 0xd4 },
  { "azure", 0xf0, 0xff, 0xff },
  { "beige", 0xf5, 0xf5, 0xdc },
  { "bisque", 0xff, 0xe4, 0xc4 },
  { "black", 0x00, 0x00, 0x00 },
  { "blanchedalmond", 0xff, 0xeb, 0xcd },
  { "blue", 0x00, 0x00, 0xff },
  { "blueviolet", 0x8a, 0x2b, 0xe2 },
  { "brown", 0xa5, 0x2a, 0x2a },
  { "burlywood", 0xde, 0xb8, 0x87 },
  { "cadetblue", 0x5f, 0x9e, 0xa0 },
  { "chartreuse", 0x7f, 0xff, 0x00 },
  { "chocolate", 0xd2, 0x69, 0x1e },
  { "coral", 0xff, 0x7f, 0x50 },
  { "cornflowerblue", 0x64, 0x95, 0xed },
  { "cornsilk", 0xff, 0xf8, 0xdc },
  { "crimson", 0xdc, 0x14, 0x3c },
  { "cyan", 0x00, 0xff, 0xff },
  { "darkblue", 0x00, 0x00, 0x8b },
  { "darkcyan", 0x00, 0x8b, 0x8b },
  { "darkgoldenrod", 0xb8, 0x86, 0x0b },
  { "darkgray", 0xa9, 0xa9, 0xa9 },
  { "darkgreen", 0x00, 0x64, 0x00 },
  { "darkgrey", 0xa9, 0xa9, 0xa9 },
  { "darkkhaki", 0xbd, 0xb7, 0x6b },
  { "darkmagenta", 0x8b, 0x00, 0x8b },
  { "darkolivegreen", 0x55, 0x6b, 0x2f },
  { "darkorange", 0xff, 0x8c, 0x00 },
  { "darkorchid", 0x99, 0x32, 0xcc },
  { "darkred", 0x8b, 0x00, 0x00 },
  { "darksalmon", 0xe9, 0x96, 0x7a },
  { "darkseagreen", 0x8f, 0xbc, 0x8f },
  { "darkslateblue", 0x48, 0x3d, 0x8b },
  { "darkslategray", 0x2f, 0x4f, 0x4f },
  { "darkslategrey", 0x2f, 0x4f, 0x4f },
  { "darkturquoise", 0x00, 0xce, 0xd1 },
  { "darkviolet", 0x94, 0x00, 0xd3 },
  { "deeppink", 0xff, 0x14, 0x93 },
  { "deepskyblue", 0x00, 0xbf, 0xff },
  { "dimgray", 0x69, 0x69, 0x69 },
  { "dimgrey", 0x69, 0x69, 0x69 },
  { "dodgerblue", 0x1e, 0x90, 0xff },
  { "firebrick", 0xb2, 0x22, 0x22 },
  { "floralwhite", 0xff, 0xfa, 0xf0 },
  { "forestgreen", 0x22, 0x8b, 0x22 },
  { "fuchsia", 0xff, 0x00, 0xff },
  { "gainsboro", 0xdc, 0xdc, 0xdc },
  { "ghostwhite", 0xf8, 0xf8, 0xff },
  { "gold", 0xff, 0xd7, 0x00 },
  { "goldenrod", 0xda, 0xa5, 0x20 },
  { "gray", 0x80, 0x80, 0x80 },
  { "green", 0x00, 0x80, 0x00 },
  { "greenyellow", 0xad, 0xff, 0x2f },
  { "grey", 0x80, 0x80, 0x80 },
  { "honeydew", 0xf0, 0xff, 0xf0 },
  { "hotpink", 0xff, 0x69, 0xb4 },
  { "indianred", 0xcd, 0x5c, 0x5c },
  { "indigo", 0x4b, 0x00, 0x82 },
  { "ivory", 0xff, 0xff, 0xf0 },
  { "khaki", 0xf0, 0xe6, 0x8c },
  { "lavender", 0xe6, 0xe6, 0xfa },
  { "lavenderblush", 0xff, 0xf0, 0xf5 },
  { "lawngreen", 0x7c, 0xfc, 0x00 },
  { "lemonchiffon", 0xff, 0xfa, 0xcd },
  { "lightblue", 0xad, 0xd8, 0xe6 },
  { "lightcoral", 0xf0, 0x80, 0x80 },
  { "lightcyan", 0xe0, 0xff, 0xff },
  { "lightgoldenrodyellow", 0xfa, 0xfa, 0xd2 },
  { "lightgray", 0xd3, 0xd3, 0xd3 },
  { "lightgreen", 0x90, 0xee, 0x90 },
  { "lightgrey", 0xd3, 0xd3, 0xd3 },
  { "lightpink", 0xff, 0xb6, 0xc1 },
  { "lightsalmon", 0xff, 0xa0, 0x7a },
  { "lightseagreen", 0x20, 0xb2, 0xaa },
  { "lightskyblue", 0x87, 0xce, 0xfa },
  { "lightslategray", 0x77, 0x88, 0x99 },
  { "lightslategrey", 0x77, 0x88, 0x99 },
  { "lightsteelblue", 0xb0, 0xc4, 0xde },
  { "lightyellow", 0xff, 0xff, 0xe0 },
  { "lime", 0x00, 0xff, 0x00 },
  { "limegreen", 0x32, 0xcd, 0x32 },
  { "linen", 0xfa, 0xf0, 0xe6 },
  { "magenta", 0xff, 0x00, 0xff },
  { "maroon", 0x80, 0x00, 0x00 },
  { "mediumaquamarine", 0x66, 0xcd, 0xaa },
  { "mediumblue", 0x00, 0x00, 0xcd },
  { "mediumorchid", 0xba, 0x55, 0xd3 },
  { "mediumpurple", 0x93, 0x70, 0xdb },
  { "mediumseagreen", 0x3c, 0xb3, 0x71 },
  { "mediumslateblue", 0x7b, 0x68, 0xee },
  { "mediumspringgreen", 0x00, 0xfa, 0x9a },
  { "mediumturquoise", 0x48, 0xd1, 0xcc },
  { "mediumvioletred", 0xc7, 0x15, 0x85 },
  { "midnightblue", 0x19, 0x19, 0x70 },
  { "mintcream", 0xf5, 0xff, 0xfa },
  { "mistyrose", 0xff, 0xe4, 0xe1 },
  { "moccasin", 0xff, 0xe4, 0xb5 },
  { "navajowhite", 0xff, 0xde, 0xad },
  { "navy", 0x00, 0x00, 0x80 },
  { "oldlace", 0xfd, 0xf5, 0xe6 },
  { "olive", 0x80, 0x80, 0x00 },
  { "olivedrab", 0x6b, 0x8e, 0x23 },
  { "orange", 0xff, 0xa5, 0x00 },
  { "orangered", 0xff, 0x45, 0x00 },
  { "orchid", 0xda, 0x70, 0xd6 },
  { "palegoldenrod", 0xee, 0xe8, 0xaa },
  { "palegreen", 0x98, 0xfb, 0x98 },
  { "paleturquoise", 0xaf, 0xee, 0xee },
  { "palevioletred", 0xdb, 0x70, 0x93 },
  { "papayawhip", 0xff, 0xef, 0xd5 },
  { "peachpuff", 0xff, 0xda, 0xb9 },
  { "peru", 0xcd, 0x85, 0x3f },
  { "pink", 0xff, 0xc0, 0xcb },
  { "plum", 0xdd, 0xa0, 0xdd },
  { "powderblue", 0xb0, 0xe0, 0xe6 },
  { "purple", 0x80, 0x00, 0x80 },
  { "rebeccapurple", 0x66, 0x33, 0x99 },
  { "red", 0xff, 0x00, 0x00 },
  { "rosybrown", 0xbc, 0x8f, 0x8f },
  { "royalblue", 0x41, 0x69, 0xe1 },
  { "saddlebrown", 0x8b, 0x45, 0x13 },
  { "salmon", 0xfa, 0x80, 0x72 },
  { "sandybrown", 0xf4, 0xa4, 0x60 },
  { "seagreen", 0x2e, 0x8b, 0x57 },
  { "seashell", 0xff, 0xf5, 0xee },
  { "sienna", 0xa0, 0x52, 0x2d },
  { "silver", 0xc0, 0xc0, 0xc0 },
  { "skyblue", 0x87, 0xce, 0xeb },
  { "slateblue", 0x6a, 0x5a, 0xcd },
  { "slategray", 0x70, 0x80, 0x90 },
  { "slategrey", 0x70, 0x80, 0x90 },
  { "snow", 0xff, 0xfa, 0xfa },
  { "springgreen", 0x00, 0xff, 0x7f },
  { "steelblue", 0x46, 0x82, 0xb4 },
  { "tan", 0xd2, 0xb4, 0x8c },
  { "teal", 0x00, 0x80, 0x80 },
  { "thistle", 0xd8, 0xbf, 0xd8 },
  { "tomato", 0xff, 0x63, 0x47 },
  { "turquoise", 0x40, 0xe0, 0xd0 },
  { "violet", 0xee, 0x82, 0xee },
  { "wheat", 0xf5, 0xde, 0xb3 },
  { "white", 0xff, 0xff, 0xff },
  { "whitesmoke", 0xf5, 0xf5, 0xf5 },
  { "yellow", 0xff, 0xff, 0x00 },
  { "yellowgreen", 0x9a, 0xcd, 0x32 },
};

static int
compare_named_color (const void *key,
                     const void *element)
{
  return strcmp (key, ((const NamedColor *) element)->name);
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

gboolean
fake_parse_color (const char *text,
                  guint8      rgba[4])
{
  gsize len = strlen (text);

  if (text[0] == '#')
    {
      int n = len - 1;
      int v[8];

      if (n != 3 && n != 4 && n != 6 && n != 8)
        return FALSE;
      for (int i = 0; i < n; i++)
        if ((v[i] = hex_digit (text[1 + i])) < 0)
          return FALSE;

      if (n <= 4)
        {
          for (int i = 0; i < 3; i++)
            rgba[i] = v[i] * 17;
          rgba[3] = n == 4 ? v[3] * 17 : 255;
        }
      else
        {
          for (int i = 0; i < 3; i++)
            rgba[i] = v[2 * i] * 16 + v[2 * i + 1];
          rgba[3] = n == 8 ? v[6] * 16 + v[7] : 255;
        }
      return TRUE;
    }
  else
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);
      const NamedColor *found;

      if (g_str_equal (lower, "transparent"))
        {
          memset (rgba, 0, 4);
          return TRUE;
        }

      found = bsearch (lower, named_colors, G_N_ELEMENTS (named_colors),
                       sizeof named_colors[0], compare_named_color);
      if (found == NULL)
        return FALSE;

      rgba[0] = found->r;
      rgba[1] = found->g;
      rgba[2] = found->b;
      rgba[3] = 255;
      return TRUE;
    }
}

gboolean
fake_parse_bool (const char *text)
{
  return text != NULL &&
         (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"));
}
