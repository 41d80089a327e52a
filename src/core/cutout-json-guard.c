/* cutout-json-guard.c — checks untrusted JSON text before json-glib parses it
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cutout-api-error.h"

typedef enum
{
  JSON_TEXT_OK,
  JSON_TEXT_TOO_DEEP,
  JSON_TEXT_SECOND_VALUE,
} JsonTextCheck;

/* Reads @data the way json-glib 1.6's scanner (a GScanner) reads it, or a
 * bracket it sees would go uncounted here: "…" strings with backslash
 * escapes, '…' strings without escapes, C comments, and — a quirk of
 * json-glib 1.6 — a lone '/' that starts a comment running to the next
 * '/' ("/x/[1]" and "//[1]" parse). An unterminated string or comment
 * makes json-glib fail by itself, so the rest of the text need not be
 * counted.
 *
 * Two things json-glib 1.6 gets wrong are caught:
 *  - it recurses once per nesting level without a limit, so a body of a
 *    million '[' overflows the stack: nesting deeper than @max_depth is
 *    JSON_TEXT_TOO_DEEP;
 *  - a value followed directly by an array or object ("1[2]", "{}{}") is
 *    accepted as the first value, and the node of the second one leaks
 *    (valgrind: "definitely lost" in json_parser_load_from_data()). JSON
 *    allows one value per text, so an opening bracket at the top level
 *    after anything but blanks, comments and a byte-order mark is
 *    JSON_TEXT_SECOND_VALUE. (A second scalar, "[1] 2", json-glib refuses
 *    by itself without leaking.)
 * Too deep wins over a second value, so that the depth promise holds for
 * the whole text. */
static JsonTextCheck
check_json_text (const char *data,
                 gsize       len,
                 guint       max_depth)
{
  enum { CODE, DOUBLE_QUOTED, SINGLE_QUOTED, COMMENT, SLASH_COMMENT } state = CODE;
  guint depth = 0;
  gboolean seen_value = FALSE;
  gboolean second_value = FALSE;
  gsize start = 0;

  /* json-glib skips a UTF-8 byte-order mark at the start. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;

  for (gsize i = start; i < len; i++)
    {
      char c = data[i];

      switch (state)
        {
        case DOUBLE_QUOTED:
          if (c == '\\')
            i++;
          else if (c == '"')
            state = CODE;
          break;

        case SINGLE_QUOTED:
          if (c == '\'')
            state = CODE;
          break;

        case COMMENT:
          if (c == '*' && i + 1 < len && data[i + 1] == '/')
            {
              state = CODE;
              i++;
            }
          break;

        case SLASH_COMMENT:
          if (c == '/')
            state = CODE;
          break;

        case CODE:
        default:
          if (c == '/' && i + 1 < len && data[i + 1] == '*')
            {
              state = COMMENT;
              i++;
              break;
            }
          if (c == '/')
            {
              state = SLASH_COMMENT;
              break;
            }
          if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            break;

          if (c == '[' || c == '{')
            {
              if (depth == 0 && seen_value)
                second_value = TRUE;
              if (++depth > max_depth)
                return JSON_TEXT_TOO_DEEP;
            }
          else if ((c == ']' || c == '}') && depth > 0)
            {
              depth--;
            }
          else if (c == '"')
            {
              state = DOUBLE_QUOTED;
            }
          else if (c == '\'')
            {
              state = SINGLE_QUOTED;
            }

          /* Whatever else is here (a bracket, a string, a number, a word,
           * a stray character) begins or ends the first value. */
          seen_value = TRUE;
          break;
        }
    }

  return second_value ? JSON_TEXT_SECOND_VALUE : JSON_TEXT_OK;
}

gboolean
cutout_json_depth_is_safe (const char *data,
                           gsize       len,
                           guint       max_depth)
{
  return check_json_text (data, len, max_depth) != JSON_TEXT_TOO_DEEP;
}

JsonParser *
cutout_json_parse (const char *data,
                   gsize       len,
                   guint       http_status,
                   GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (data == NULL)
    data = "";

  switch (check_json_text (data, len, CUTOUT_JSON_MAX_DEPTH))
    {
    case JSON_TEXT_TOO_DEEP:
      g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, http_status,
                                                      _("The service's answer could not be read: it is nested too deeply.")));
      return NULL;

    case JSON_TEXT_SECOND_VALUE:
      g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, http_status,
                                                      _("The service's answer could not be read: it holds more than one JSON value.")));
      return NULL;

    case JSON_TEXT_OK:
    default:
      break;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib copies bytes of the input into its message: they need
       * not be UTF-8, and the message ends up in a label. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);
      g_autofree char *message = g_strdup_printf (_("The service's answer could not be read: %s"), reason);
      g_propagate_error (error, cutout_api_error_new (CUTOUT_API_ERROR_UNEXPECTED_RESPONSE, http_status, message));
      return NULL;
    }

  return g_steal_pointer (&parser);
}
