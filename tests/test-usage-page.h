/* test-usage-page.h — what the Usage page suite's files share
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* test-usage-parts.c: the chart's tests and those of the wording of
 * figures (ages, errors). */
void test_usage_parts_add_tests (void);

G_END_DECLS
