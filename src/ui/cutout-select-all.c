/* cutout-select-all.c — Ctrl+A on a list that shows its rows a few at a time
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-select-all.h"

void
cutout_select_all_redirect (GtkListView *list_view,
                            const char  *action_name)
{
  GtkEventController *shortcuts;

  g_return_if_fail (GTK_IS_LIST_VIEW (list_view));
  g_return_if_fail (action_name != NULL);

  /* GtkListBase binds Ctrl+A in the bubble phase: a shortcut of the
   * list view's own, in the capture phase, comes first. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK),
                                                          gtk_named_action_new (action_name)));
  gtk_widget_add_controller (GTK_WIDGET (list_view), shortcuts);
}
