/* cutout-test-bmp.h — zeroes the row padding gdk-pixbuf's BMP saver leaves uninitialised
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* gdk-pixbuf 2.42's BMP saver pads each row to a multiple of 4 bytes but
 * never writes the padding, so BMPs made by the tests and the fake server
 * would carry heap garbage (different bytes each run, and valgrind's
 * "points to uninitialised byte(s)" when they are written or sent). The
 * app's own saver, cutout_finish_save_bmp(), does the same in core; the
 * test double and the test helpers do not link core, hence this copy.
 * Only the uncompressed layout gdk-pixbuf writes is touched. */
static inline void
cutout_test_zero_bmp_padding (guint8 *data,
                              gsize   len)
{
  guint32 offset;
  gint32 width, height;
  guint bits;
  gsize used, stride, n_rows;

  if (len < 54 || data[0] != 'B' || data[1] != 'M')
    return;

  offset = (guint32) data[10] | ((guint32) data[11] << 8) | ((guint32) data[12] << 16) | ((guint32) data[13] << 24);
  width = (gint32) ((guint32) data[18] | ((guint32) data[19] << 8) | ((guint32) data[20] << 16) | ((guint32) data[21] << 24));
  height = (gint32) ((guint32) data[22] | ((guint32) data[23] << 8) | ((guint32) data[24] << 16) | ((guint32) data[25] << 24));
  bits = data[28] | (data[29] << 8);
  if (width <= 0 || height == 0 || height == G_MININT32 || bits == 0 || bits % 8 != 0)
    return;

  used = (gsize) width * (bits / 8);
  stride = (used + 3) & ~(gsize) 3;
  n_rows = (gsize) ABS (height);
  if (stride == used || offset > len || n_rows > (len - offset) / stride)
    return;

  for (gsize y = 0; y < n_rows; y++)
    memset (data + offset + y * stride + used, 0, stride - used);
}

G_END_DECLS
