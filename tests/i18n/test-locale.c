/* test-locale.c — checks that the Croatian catalogue is used at run time
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "cutout-api-error.h"
#include "cutout-preflight.h"
#include "cutout-test-util.h"

/* A message from the core library, produced by real code: the preflight
 * check of an empty file repeats the service's wording, translated. */
static void
test_preflight_message (void)
{
  g_autofree char *dir = cutout_test_make_tmpdir ();
  g_autofree char *path = cutout_test_write_bytes (dir, "empty.png", "", 0);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;

  info = cutout_preflight_check (file, NULL, &error);
  g_assert_null (info);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, "Poslana datoteka je prazna (0 bajtova).");

  cutout_test_rm_rf (dir);
}

/* A format string with a placeholder keeps it and its place. */
static void
test_format_message (void)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("'%s' must be an integer, got: '%s'"), "width", "abc");
  g_assert_cmpstr (message, ==, "„width” mora biti cijeli broj, dobiveno: „abc”");
}

/* Croatian has three plural forms: 1, 21, 101 (but not 11) take the
 * first; 2–4, 22–24 (but not 12–14) the second; the rest the third. */
static void
test_plural_forms (void)
{
  static const struct
  {
    gulong      n;
    const char *expected;
  } cases[] = {
    { 1, "1 slika gotova" },
    { 2, "2 slike gotove" },
    { 4, "4 slike gotove" },
    { 5, "5 slika gotovo" },
    { 11, "11 slika gotovo" },
    { 12, "12 slika gotovo" },
    { 21, "21 slika gotova" },
    { 22, "22 slike gotove" },
    { 0, "0 slika gotovo" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image done", "%u images done", cases[i].n),
                              (guint) cases[i].n);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* A message with a context (the shortcuts window) is found too. */
static void
test_context_message (void)
{
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Preferences"), ==, "Postavke");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Try Again"), ==, "Pokušaj _ponovno");
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("CUTOUT_TEST_LOCALEDIR");

  /* LANGUAGE picks the catalogue; glibc honours it for any locale but
   * plain "C", so C.UTF-8 (always present) is enough. */
  g_setenv ("LANGUAGE", "hr", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);

  if (locale_dir == NULL)
    g_error ("CUTOUT_TEST_LOCALEDIR must name the build's compiled catalogues");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/i18n/locale/preflight-message", test_preflight_message);
  g_test_add_func ("/i18n/locale/format-message", test_format_message);
  g_test_add_func ("/i18n/locale/plural-forms", test_plural_forms);
  g_test_add_func ("/i18n/locale/context-message", test_context_message);

  return g_test_run ();
}
