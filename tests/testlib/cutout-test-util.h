/* cutout-test-util.h — helpers shared by the test suites
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* A new empty temporary folder; remove it with cutout_test_rm_rf(). */
char      *cutout_test_make_tmpdir        (void);
void       cutout_test_rm_rf              (const char *path);

/* Writes a real image: a white background with a red disc (radius a
 * quarter of the smaller side) in the middle, like a product photo.
 * @format is a gdk-pixbuf saver name: "png", "jpeg", "bmp", "webp".
 * Returns the new file's path. */
char      *cutout_test_write_image        (const char *dir,
                                           const char *name,
                                           int         width,
                                           int         height,
                                           const char *format);
char      *cutout_test_write_bytes        (const char   *dir,
                                           const char   *name,
                                           const void   *data,
                                           gsize         len);
/* A file of @size bytes that starts with a valid PNG header claiming
 * @width × @height (the rest is padding): for size and dimension checks
 * that must not decode anything. */
char      *cutout_test_write_fake_png     (const char *dir,
                                           const char *name,
                                           int         width,
                                           int         height,
                                           goffset     size);

GdkPixbuf *cutout_test_load_pixbuf        (const char *path);

/* Resident set size and its high-water mark of this process, in KiB. */
gsize      cutout_test_get_rss_kib        (void);
gsize      cutout_test_get_peak_rss_kib   (void);

/* Starts tests/fake-server's executable ($CUTOUT_FAKE_SERVER) with
 * @args (NULL-terminated, may be NULL) on a free port and waits for the
 * URL it prints as its first line. */
GSubprocess *cutout_test_spawn_fake_server (const char * const *args,
                                            char              **url_out);

/* TRUE when the test runs under valgrind (`meson test --setup valgrind`
 * sets CUTOUT_TEST_VALGRIND): memory figures (RSS) then say nothing about
 * the code, and everything is many times slower. */
gboolean   cutout_test_under_valgrind     (void);

/* @timeout_ms scaled by CUTOUT_TEST_TIMEOUT_MULTIPLIER (an integer, set
 * by the valgrind test setup; 1 when unset), for a test's own deadlines. */
guint      cutout_test_timeout_ms         (guint       timeout_ms);

/* Iterates the default main context until *@flag is TRUE (or a timeout
 * of @timeout_ms, scaled by cutout_test_timeout_ms(), which fails the
 * test). */
void       cutout_test_wait_for           (gboolean   *flag,
                                           guint       timeout_ms);

G_END_DECLS
