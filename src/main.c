/* main.c — the entry point of the Cutout application
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CutoutApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cutout_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
