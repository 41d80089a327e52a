/* fuzz-finish.c — libFuzzer target for the EXIF orientation parser
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

#include "cutout-finish.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *copy = NULL;
  int orientation;

  /* The app reads at most CUTOUT_FINISH_EXIF_READ_SIZE bytes of the
   * original; longer inputs add nothing. */
  if (size > CUTOUT_FINISH_EXIF_READ_SIZE)
    return 0;

  /* An exact-size heap copy, so that ASan sees any read past @len. */
  copy = g_memdup2 (data, size);
  orientation = cutout_finish_parse_orientation (copy, size);
  FUZZ_CHECK (orientation >= 0 && orientation <= 8);

  /* Whatever the bytes, the answer depends on them alone. */
  FUZZ_CHECK (orientation == cutout_finish_parse_orientation (copy, size));

  /* A JPEG or TIFF with an orientation is one of those two. */
  if (orientation != 0)
    FUZZ_CHECK (size >= 8 &&
                ((copy[0] == 0xFF && copy[1] == 0xD8) ||
                 (copy[0] == 'I' && copy[1] == 'I') ||
                 (copy[0] == 'M' && copy[1] == 'M')));

  return 0;
}
