/* fuzz-api-error.c — libFuzzer target for error answers and Retry-After
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "fuzz-common.h"

#include "cutout-api-error.h"

/* A fixed "now" keeps every run reproducible: 2026-03-23 12:23:32 UTC. */
#define FUZZ_NOW_UNIX G_GINT64_CONSTANT (1774268612)
/* The cap of cutout_parse_retry_after() (a header is untrusted). */
#define MAX_RETRY_AFTER ((gint64) G_MAXINT32)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static void
check_retry_after (const char *value)
{
  gint64 seconds = -7;
  gint64 from_epoch = -7;
  g_autoptr(GDateTime) soup_date = NULL;
  g_autofree char *stripped = NULL;

  if (cutout_parse_retry_after (value, FUZZ_NOW_UNIX, &seconds))
    FUZZ_CHECK (seconds >= 0 && seconds <= MAX_RETRY_AFTER);
  else
    FUZZ_CHECK (seconds == -7);

  /* With "now" at the epoch the answer is the date itself: where
   * libsoup's own HTTP date parser reads the same text, both must agree
   * (RFC 850's two-digit years are left out, the century rules differ). */
  if (!cutout_parse_retry_after (value, 0, &from_epoch))
    return;
  stripped = g_strstrip (g_strdup (value));
  if (g_ascii_isdigit (stripped[0]) || strchr (stripped, '-') != NULL)
    return;
  soup_date = soup_date_time_new_from_http_string (stripped);
  if (soup_date != NULL && g_date_time_get_second (soup_date) < 60 &&
      g_date_time_to_unix (soup_date) >= 0 && g_date_time_to_unix (soup_date) < MAX_RETRY_AFTER)
    FUZZ_CHECK (from_epoch == g_date_time_to_unix (soup_date));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *retry_after = NULL;
  g_autofree char *body = NULL;
  GPtrArray *details;
  guint status;

  /* Two bytes of status, a Content-Type line, a Retry-After line, then
   * the body as it came off the wire (not NUL-terminated: the API takes
   * a length, so reading past it is a bug ASan reports). */
  if (size < 2)
    return 0;
  status = ((guint) data[0] << 8 | data[1]) % 1000;
  data += 2;
  size -= 2;
  content_type = fuzz_take_until (&data, &size, '\n');
  retry_after = fuzz_take_until (&data, &size, '\n');
  body = size > 0 ? g_memdup2 (data, size) : NULL;

  error = cutout_api_error_from_response (status,
                                          content_type[0] != '\0' ? content_type : NULL,
                                          body, size,
                                          retry_after[0] != '\0' ? retry_after : NULL,
                                          FUZZ_NOW_UNIX);

  /* Whatever came, a clear error naming the status. */
  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == CUTOUT_API_ERROR);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
  FUZZ_CHECK (cutout_api_error_get_http_status (error) == status);
  FUZZ_CHECK (!(cutout_api_error_is_transient (error) && cutout_api_error_stops_queue (error)));
  if (retry_after[0] == '\0')
    FUZZ_CHECK (cutout_api_error_get_retry_after (error) == -1);
  else
    FUZZ_CHECK (cutout_api_error_get_retry_after (error) >= -1 &&
                cutout_api_error_get_retry_after (error) <= MAX_RETRY_AFTER);
  if (cutout_api_error_get_field (error) != NULL)
    FUZZ_CHECK (g_utf8_validate (cutout_api_error_get_field (error), -1, NULL));

  details = cutout_api_error_get_details (error);
  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      CutoutFieldError *detail = g_ptr_array_index (details, i);

      FUZZ_CHECK (detail->message != NULL && g_utf8_validate (detail->message, -1, NULL));
      FUZZ_CHECK (detail->field == NULL || g_utf8_validate (detail->field, -1, NULL));
    }

  check_retry_after (retry_after);

  return 0;
}
