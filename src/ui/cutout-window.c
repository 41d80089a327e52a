/* cutout-window.c — the main window: Queue, History and Usage
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-history-page.h"
#include "cutout-key-page.h"
#include "cutout-options-panel.h"
#include "cutout-queue-page.h"
#include "cutout-usage-page.h"
#include "cutout-window.h"

struct _CutoutWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwBin               *welcome_slot;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkToggleButton      *options_button;
  AdwViewStack         *view_stack;

  /* Owned by the widget tree */
  AdwFlap              *queue_flap;
  CutoutQueuePage      *queue_page;
  CutoutOptionsPanel   *options_panel;
  GtkWidget            *history_page;
  GtkWidget            *usage_page;
  AdwBin               *history_slot;
  AdwBin               *usage_slot;

  guint                 late_frames;

  /* Owned */
  GtkWindow            *shortcuts_window;  /* made when first shown */

  /* Borrowed */
  GSettings            *settings;
  CutoutContext        *context;
};

G_DEFINE_FINAL_TYPE (CutoutWindow, cutout_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (CutoutWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (CutoutWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* The default size is what the user last resized the window to, not
   * the maximized size. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
cutout_window_close_request (GtkWindow *window)
{
  save_window_state (CUTOUT_WINDOW (window));

  return GTK_WINDOW_CLASS (cutout_window_parent_class)->close_request (window);
}

/* Welcome ---------------------------------------------------------------- */

static void
show_main (CutoutWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_bin_set_child (self->welcome_slot, NULL);
}

static void
key_set_cb (CutoutKeyPage    *page,
            CutoutMembership *membership,
            CutoutWindow     *self)
{
  show_main (self);
  cutout_window_add_toast (self, adw_toast_new (_("API key saved")));
}

static void
continue_without_key_cb (CutoutKeyPage *page,
                         CutoutWindow  *self)
{
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "key-page-dismissed", TRUE);
  show_main (self);
}

/* Called once the key has been looked for: a first start without a key
 * (and without having said "continue without") gets the welcome page. */
void
cutout_window_key_loaded (CutoutWindow *self)
{
  GtkWidget *page;

  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  if (cutout_context_get_key_source (self->context) != CUTOUT_KEY_SOURCE_NONE ||
      (self->settings != NULL && g_settings_get_boolean (self->settings, "key-page-dismissed")))
    return;

  page = cutout_key_page_new (self->context, TRUE);
  g_signal_connect_object (page, "key-set", G_CALLBACK (key_set_cb), self, 0);
  g_signal_connect_object (page, "continue-without-key", G_CALLBACK (continue_without_key_cb), self, 0);
  adw_bin_set_child (self->welcome_slot, page);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

/* Pages ------------------------------------------------------------------ */

/* The parts the first frame does without ------------------------------- */

/* The options panel, made now if it was not yet. */
static CutoutOptionsPanel *
ensure_options_panel (CutoutWindow *self)
{
  g_autoptr(CutoutJob) job = NULL;

  if (self->options_panel != NULL)
    return self->options_panel;

  self->options_panel = CUTOUT_OPTIONS_PANEL (cutout_options_panel_new (self->context));
  gtk_widget_set_size_request (GTK_WIDGET (self->options_panel), 340, -1);
  adw_flap_set_flap (self->queue_flap, GTK_WIDGET (self->options_panel));

  g_object_get (self->queue_page, "selected-job", &job, NULL);
  if (job != NULL)
    cutout_options_panel_set_job (self->options_panel, job);

  return self->options_panel;
}

static void
ensure_history_page (CutoutWindow *self)
{
  if (self->history_page != NULL)
    return;

  self->history_page = cutout_history_page_new (self->context);
  adw_bin_set_child (self->history_slot, self->history_page);
}

static void
ensure_usage_page (CutoutWindow *self)
{
  if (self->usage_page != NULL)
    return;

  self->usage_page = cutout_usage_page_new (self->context);
  adw_bin_set_child (self->usage_slot, self->usage_page);
}

/* Making the options panel, laying it out and painting it would hold
 * the window's first frame back by a tenth of a second (about a sixth
 * of the start-up), and the hidden History and Usage pages by a few
 * hundredths more: the first frame shows the panel's place, empty, and
 * each of the three is made in a frame of its own after it (or at once
 * when it is needed before). */
static gboolean
late_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  switch (self->late_frames++)
    {
    case 0:
      return G_SOURCE_CONTINUE;
    case 1:
      ensure_options_panel (self);
      return G_SOURCE_CONTINUE;
    case 2:
      ensure_history_page (self);
      return G_SOURCE_CONTINUE;
    default:
      ensure_usage_page (self);
      return G_SOURCE_REMOVE;
    }
}

static void
visible_page_cb (CutoutWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "history") == 0)
    ensure_history_page (self);
  else if (g_strcmp0 (name, "usage") == 0)
    ensure_usage_page (self);

  /* The options belong to the queue. */
  gtk_widget_set_visible (GTK_WIDGET (self->options_button), g_strcmp0 (name, "queue") == 0);
}

static void
selected_job_cb (CutoutWindow *self)
{
  g_autoptr(CutoutJob) job = NULL;

  g_object_get (self->queue_page, "selected-job", &job, NULL);
  cutout_options_panel_set_job (ensure_options_panel (self), job);
}

static void
build_pages (CutoutWindow *self)
{
  AdwViewStackPage *page;
  GtkWidget *placeholder;

  /* The options panel, History and Usage come later (late_tick_cb()):
   * their places are there from the start. */
  self->queue_page = cutout_queue_page_new (self->context);
  placeholder = adw_bin_new ();
  gtk_widget_set_size_request (placeholder, 340, -1);

  self->queue_flap = ADW_FLAP (adw_flap_new ());
  adw_flap_set_content (self->queue_flap, GTK_WIDGET (self->queue_page));
  adw_flap_set_flap (self->queue_flap, placeholder);
  adw_flap_set_separator (self->queue_flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_flap_set_flap_position (self->queue_flap, GTK_PACK_END);
  adw_flap_set_swipe_to_open (self->queue_flap, TRUE);
  adw_flap_set_swipe_to_close (self->queue_flap, TRUE);
  g_object_bind_property (self->options_button, "active", self->queue_flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->queue_flap), "queue", _("Queue"));
  adw_view_stack_page_set_icon_name (page, "emblem-photos-symbolic");
  g_object_bind_property (cutout_context_get_queue (self->context), "n-active",
                          page, "needs-attention", G_BINDING_SYNC_CREATE);

  self->history_slot = ADW_BIN (adw_bin_new ());
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->history_slot), "history", _("History"));
  adw_view_stack_page_set_icon_name (page, "document-open-recent-symbolic");

  self->usage_slot = ADW_BIN (adw_bin_new ());
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->usage_slot), "usage", _("Usage"));
  adw_view_stack_page_set_icon_name (page, "power-profile-balanced-symbolic");

  gtk_widget_add_tick_callback (GTK_WIDGET (self), late_tick_cb, NULL, NULL);

  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue_page, "notify::selected-job",
                           G_CALLBACK (selected_job_cb), self, G_CONNECT_SWAPPED);
  visible_page_cb (self);
}

/* Actions ---------------------------------------------------------------- */

/* The shortcuts window, made when first asked for: GtkApplication would
 * build it with every window when it is at gtk/help-overlay.ui, a
 * twentieth of a second of the start-up. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CutoutWindow *self = CUTOUT_WINDOW (user_data);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/ui/cutout-shortcuts-window.ui");

      self->shortcuts_window = g_object_ref (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
    }

  gtk_window_present (self->shortcuts_window);
}

static const GActionEntry window_actions[] = {
  { "show-help-overlay", show_help_overlay_cb },
};

/* Object ----------------------------------------------------------------- */

static void
cutout_window_dispose (GObject *object)
{
  CutoutWindow *self = CUTOUT_WINDOW (object);

  if (self->shortcuts_window != NULL)
    {
      gtk_window_destroy (self->shortcuts_window);
      g_clear_object (&self->shortcuts_window);
    }

  G_OBJECT_CLASS (cutout_window_parent_class)->dispose (object);
}

static void
cutout_window_class_init (CutoutWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cutout_window_dispose;

  window_class->close_request = cutout_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, welcome_slot);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, options_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, view_stack);
}

static void
cutout_window_init (CutoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
}

CutoutWindow *
cutout_window_new (CutoutApplication *application)
{
  CutoutWindow *self;

  g_return_val_if_fail (CUTOUT_IS_APPLICATION (application), NULL);

  self = g_object_new (CUTOUT_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The window's application is not yet set in constructed(), so the
   * settings and the core are taken from the application we were given. */
  self->settings = cutout_application_get_settings (application);
  self->context = cutout_application_get_context (application);
  build_pages (self);
  restore_window_state (self);

  return self;
}

void
cutout_window_add_files (CutoutWindow  *self,
                         GFile        **files,
                         int            n_files)
{
  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  show_main (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  cutout_queue_page_add_files (self->queue_page, files, n_files);
}

void
cutout_window_add_toast (CutoutWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
cutout_window_show_page (CutoutWindow *self,
                         const char   *name)
{
  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  show_main (self);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
