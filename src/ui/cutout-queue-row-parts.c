/* cutout-queue-row-parts.c — the parts of a Queue row that are made only when first needed
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-queue-row-parts.h"

/* They look exactly as they did when they were part of the row's
 * template (data/ui/cutout-queue-row.ui); making them in code saves the
 * list view work on the 200 rows it makes when a large drop arrives. */

GtkWidget *
cutout_queue_row_new_progress_bar (void)
{
  GtkWidget *bar = g_object_new (GTK_TYPE_PROGRESS_BAR,
                                 "name", "progress",
                                 "visible", FALSE,
                                 "margin-top", 3,
                                 "pulse-step", 0.1,
                                 NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"),
                                  -1);
  return bar;
}

GtkWidget *
cutout_queue_row_new_caption_label (const char *name,
                                    const char *style)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "name", name,
                                   "visible", FALSE,
                                   "xalign", 0.0f,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   NULL);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, style);
  return label;
}

GtkWidget *
cutout_queue_row_new_override_marker (void)
{
  GtkWidget *box, *icon, *label;

  /* The accessible role can only be given at construction. */
  box = g_object_new (GTK_TYPE_BOX,
                      "name", "override-marker",
                      "visible", FALSE,
                      "margin-start", 6,
                      "spacing", 4,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                      NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Own options"),
                                  -1);
  gtk_widget_add_css_class (box, "accent");

  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", "document-edit-symbolic",
                       "pixel-size", 12,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  label = g_object_new (GTK_TYPE_LABEL,
                        "name", "override-label",
                        "label", _("Own options"),
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        NULL);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

GtkWidget *
cutout_queue_row_new_action_button (const char *icon_name,
                                    const char *action_name,
                                    const char *tooltip)
{
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "visible", FALSE,
                                    "valign", GTK_ALIGN_CENTER,
                                    "icon-name", icon_name,
                                    "action-name", action_name,
                                    "tooltip-text", tooltip,
                                    NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  return button;
}

GMenuModel *
cutout_queue_row_get_menu (void)
{
  static GMenu *menu;

  if (menu == NULL)
    {
      g_autoptr(GMenu) results = g_menu_new ();
      g_autoptr(GMenu) job = g_menu_new ();
      const struct
      {
        GMenu      *section;
        const char *label;
        const char *action;
      } items[] = {
        { results, N_("_Open Result"), "row.open" },
        { results, N_("_Show in Folder"), "row.show-in-folder" },
        { results, N_("_Copy Result"), "row.copy" },
        { job, N_("_Retry"), "row.retry" },
        { job, N_("C_ancel"), "row.cancel" },
        { job, N_("Re_move from Queue"), "row.remove" },
      };

      /* An item is hidden while its action cannot be used for the job. */
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), items[i].action);

          g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
          g_menu_append_item (items[i].section, item);
        }
      menu = g_menu_new ();
      g_menu_append_section (menu, NULL, G_MENU_MODEL (results));
      g_menu_append_section (menu, NULL, G_MENU_MODEL (job));
    }
  return G_MENU_MODEL (menu);
}
