/* cutout-queue-row-parts.h — the parts of a Queue row that are made only when first needed
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Most rows never show these; a row makes each the first time its job
 * needs it (cutout-queue-row.c). Each is made hidden. */

/* The progress bar ("progress"). */
GtkWidget  *cutout_queue_row_new_progress_bar     (void);

/* A wrapping caption below the state line, named @name, with the style
 * class @style ("error-label" / "error", "note-label" / "dim-label"). */
GtkWidget  *cutout_queue_row_new_caption_label    (const char *name,
                                                   const char *style);

/* The "Own options" marker ("override-marker") for the state line. */
GtkWidget  *cutout_queue_row_new_override_marker  (void);

/* A round flat button for one of the row's actions, named by @tooltip
 * (its tooltip and accessible label). */
GtkWidget  *cutout_queue_row_new_action_button    (const char *icon_name,
                                                   const char *action_name,
                                                   const char *tooltip);

/* The row's actions menu; one for every row, owned by this file. */
GMenuModel *cutout_queue_row_get_menu             (void);

G_END_DECLS
