/* test-output-names.h — how test-output.c registers the tests of test-output-names.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Registers /output/template/…, /output/sanitize and /output/target-folder. */
void output_add_names_tests (void);
