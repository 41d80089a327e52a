/* fuzz-common.h — what every libFuzzer target of Cutout shares
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A failed property is a finding like a crash: print what was violated
 * and abort, so that libFuzzer saves the input as a crash artifact. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      fuzz_fail (__FILE__, __LINE__, #cond); \
  } G_STMT_END

G_GNUC_NORETURN static inline void
fuzz_fail (const char *file,
           int         line,
           const char *what)
{
  fprintf (stderr, "%s:%d: fuzz property failed: %s\n", file, line, what);
  fflush (stderr);
  abort ();
}

/* Every g_warning() and g_critical() (including a failed
 * g_return_if_fail()) is a bug when it is reached from untrusted input,
 * so it aborts, as G_DEBUG=fatal-warnings does in the unit tests. Debug
 * and informational messages are dropped: they would only slow the
 * fuzzer down. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;

  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  fprintf (stderr, "fuzz: a warning or critical was logged; treating it as a crash\n");
  fflush (stderr);
  abort ();
}

/* Called once from each target's LLVMFuzzerInitialize(): the same
 * isolated environment the unit tests get (tests/meson.build). */
static inline void
fuzz_common_init (void)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("CUTOUT_API_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("CUTOUT_API_KEY", "", TRUE);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* A NUL-terminated copy of the input (which libFuzzer does not
 * terminate), for the APIs that take C strings. */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';

  return text;
}

/* Splits @data at the first @sep: the part before is returned (NUL-
 * terminated, newly allocated), @data/@size are advanced past the
 * separator. Without a separator the whole rest is returned. */
static inline char *
fuzz_take_until (const uint8_t **data,
                 size_t         *size,
                 uint8_t         sep)
{
  const uint8_t *end = memchr (*data, sep, *size);
  size_t len = end != NULL ? (size_t) (end - *data) : *size;
  char *part = fuzz_strndup (*data, len);

  *data += len;
  *size -= len;
  if (end != NULL)
    {
      *data += 1;
      *size -= 1;
    }

  return part;
}

G_END_DECLS
