/* cutout-select-all.h — Ctrl+A on a list that shows its rows a few at a time
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes Ctrl+A on @list_view activate @action_name (found from the list
 * view up, as "group.name") instead of the list view's own select-all,
 * which selects only the items its model offers so far. The action is
 * the page's: it offers every item first, then selects them all. */
void cutout_select_all_redirect (GtkListView *list_view,
                                 const char  *action_name);

G_END_DECLS
