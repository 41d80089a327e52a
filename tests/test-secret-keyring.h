/* test-secret-keyring.h — the private secret service the secret tests run against
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

typedef struct
{
  GSubprocess *process;
  const char  *name;
  gboolean     exited;
} Daemon;

typedef struct
{
  gboolean  tried;
  char     *failure;
  char     *tmpdir;
  char     *bus_address;
  /* Filled by an async read that may finish after bus_start() gave up,
   * so it lives here rather than on the stack. */
  char     *bus_line;
  Daemon    bus;
  Daemon    keyring;
} Keyring;

/* The bus and keyring shared by every test that needs them (see
 * keyring_ensure()); main() stops them after the run. */
extern Keyring keyring;

/* Iterates the main context until *@flag is set or @timeout_ms pass;
 * returns *@flag. */
gboolean iterate_until  (gboolean *flag,
                         guint     timeout_ms);
/* Starts a session bus on which nothing can be activated, in @k's
 * tmpdir (which must hold a "runtime" folder); on failure, sets
 * @k's failure. */
gboolean bus_start      (Keyring  *k);
/* Stops @k's daemons and removes its tmpdir. */
void     keyring_stop   (Keyring  *k);
/* Starts the daemons once for all tests that need them; a failure to
 * start fails every such test loudly, with the reason. */
gboolean keyring_ensure (void);
