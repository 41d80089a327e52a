/* cutout-queue-page.c — the Queue page: the list of images, its controls and feedback
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-error-toast.h"
#include "cutout-queue-page-private.h"
#include "cutout-queue-row.h"
#include "cutout-select-all.h"

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_ADDING,
  PROP_SELECTED_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutQueuePage, cutout_queue_page, ADW_TYPE_BIN)

/* Helpers ------------------------------------------------------------------- */

void
cutout_queue_page_show_toast (CutoutQueuePage *self,
                              const char      *title)
{
  cutout_toast_show (GTK_WIDGET (self), title);
}

/* Actions' state ------------------------------------------------------------- */

static void
update_actions (CutoutQueuePage *self)
{
  CutoutQueueState state = cutout_queue_get_state (self->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  guint queued, active, failed, finished;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  gboolean options_valid, can_start;
  gboolean idle = state == CUTOUT_QUEUE_STATE_IDLE || state == CUTOUT_QUEUE_STATE_FINISHED;
  gboolean running = state == CUTOUT_QUEUE_STATE_RUNNING || state == CUTOUT_QUEUE_STATE_WAITING;
  gboolean held = state == CUTOUT_QUEUE_STATE_PAUSED || state == CUTOUT_QUEUE_STATE_STOPPED;

  g_object_get (self->queue, "n-queued", &queued, "n-active", &active, "n-failed", &failed, NULL);
  finished = cutout_queue_page_count_final (self->queue);
  options_valid = cutout_options_validate (cutout_queue_get_options (self->queue), &invalid);
  can_start = idle && queued > 0 && options_valid;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.start", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.resume", held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.toggle-pause", running || held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.cancel-all", queued + active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.retry-failed", failed > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.clear-finished", finished > 0);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.remove-selected", !gtk_bitset_is_empty (selected));

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), held);

  /* Say why Start cannot be pressed. */
  if (!options_valid)
    {
      g_autofree char *reason = g_strdup_printf (_("Fix the options first: %s"), invalid->message);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), reason);
    }
  else if (n_items == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Add images first"));
  else if (queued == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Nothing left to do: add images or retry failed ones"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Remove the backgrounds (Ctrl+Return)"));

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

/* Signal handlers -------------------------------------------------------------- */

static gboolean
state_idle_cb (gpointer user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (user_data);

  self->state_id = 0;
  cutout_queue_page_update_rate (self);
  cutout_queue_page_update_stop_bar (self);
  cutout_queue_page_update_wait_bar (self);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

/* Adding 10,000 files notifies the counts 10,000 times in a row: the
 * controls follow once, as soon as the burst is over. */
static void
queue_state_update (CutoutQueuePage *self)
{
  if (self->state_id == 0)
    self->state_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, state_idle_cb, self, NULL);
}

static void
queue_notify_cb (CutoutQueue     *queue,
                 GParamSpec      *pspec,
                 CutoutQueuePage *self)
{
  queue_state_update (self);
  cutout_queue_page_queue_summary_update (self);
}

static void
queue_items_changed_cb (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        CutoutQueuePage *self)
{
  queue_state_update (self);
  cutout_queue_page_queue_summary_update (self);
}

/* The job the options panel previews and edits: the first selected one. */
static void
update_selected_job (CutoutQueuePage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(CutoutJob) job = NULL;

  if (!gtk_bitset_is_empty (selected))
    job = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

  if (g_set_object (&self->selected_job, job))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_JOB]);
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      CutoutQueuePage   *self)
{
  queue_state_update (self);
  update_selected_job (self);
}

static void
selection_items_changed_cb (GListModel      *model,
                            guint            position,
                            guint            removed,
                            guint            added,
                            CutoutQueuePage *self)
{
  update_selected_job (self);
}

static void
context_notify_cb (CutoutContext   *context,
                   GParamSpec      *pspec,
                   CutoutQueuePage *self)
{
  cutout_queue_page_update_key_hint (self);
  cutout_queue_page_queue_summary_update (self);
}

/* Rows shown a few at a time ------------------------------------------------------ */

/* GTK 4.8's list view makes a row widget for up to 200 items around its
 * anchor as soon as they are in its model: a drop of 10,000 files would
 * make 200 rows in one go and freeze the window for half a second. The
 * list therefore shows the queue through a slice (self->shown) that
 * starts at the first job and grows by a few items per frame; once more
 * items lie below the visible ones than the list view ever makes rows
 * for, the rest cannot get a row and the slice covers the queue at once.
 * The slice never reaches past the queue, so positions in the list are
 * positions in the queue. */

/* Time for making rows in one frame. Laying them out takes about as long
 * again in the same frame; with drawing, a frame stays below the 50 ms
 * a window may pause unnoticed. */
#define GROW_BUDGET_US 8000
/* What a row is first thought to cost; then what the last steps cost. */
#define GROW_FIRST_ROW_US 1000
/* Frames further apart than this were slow. */
#define GROW_SLOW_FRAME_US 33000
#define GROW_MIN_STEP 2
#define GROW_MAX_STEP 64
/* A few new items are shown at once (the usual add of some files). */
#define GROW_AT_ONCE 8
/* More than the list view makes rows for beyond the visible ones
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS, 200, and a few more). */
#define ROWS_OUT_OF_REACH 256

/* About how many shown items lie below the visible part of the list (0
 * when that is not known yet: the list was not laid out). */
static guint
rows_below_view (CutoutQueuePage *self,
                 guint            n_shown)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  double upper, bottom;

  if (adjustment == NULL || n_shown == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return 0;
  upper = gtk_adjustment_get_upper (adjustment);
  bottom = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment);
  if (upper <= 0.0 || bottom <= 0.0 || bottom >= upper)
    return 0;
  return (guint) (n_shown * (upper - bottom) / upper);
}

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  guint n_queue = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  guint size = gtk_slice_list_model_get_size (self->shown);
  gint64 start, spent, budget;
  guint step;

  if (size < n_queue && rows_below_view (self, size) >= ROWS_OUT_OF_REACH)
    size = n_queue;
  if (size >= n_queue)
    {
      gtk_slice_list_model_set_size (self->shown, n_queue);
      self->grow_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* As many rows as the budget allows at what rows cost lately; a frame
   * that took long (a loaded machine, other work) leaves less for the
   * next. The list view makes the new rows while the slice tells it
   * about them, and lays them out and draws them in this same frame;
   * items beyond its reach cost nothing, so the steps then grow. */
  start = g_get_monotonic_time ();
  budget = GROW_BUDGET_US;
  if (self->grow_last_us != 0 && start - self->grow_last_us > GROW_SLOW_FRAME_US)
    budget /= 3;
  self->grow_last_us = start;
  step = CLAMP (budget / MAX (self->grow_row_us, 1), GROW_MIN_STEP, GROW_MAX_STEP);
  step = MIN (step, n_queue - size);
  gtk_slice_list_model_set_size (self->shown, size + step);
  spent = g_get_monotonic_time () - start;
  self->grow_row_us = (self->grow_row_us + spent / step) / 2;
  return G_SOURCE_CONTINUE;
}

/* Connected after the slice's own handler: the slice already shows what
 * changed inside it; new items past its end wait for the frames. */
static void
shown_queue_items_changed_cb (GListModel      *model,
                              guint            position,
                              guint            removed,
                              guint            added,
                              CutoutQueuePage *self)
{
  guint n_queue = g_list_model_get_n_items (model);
  guint size = gtk_slice_list_model_get_size (self->shown);

  /* Shrinking to what is there changes nothing the list sees. */
  if (size > n_queue)
    {
      size = n_queue;
      gtk_slice_list_model_set_size (self->shown, size);
    }
  if (size == n_queue || self->grow_id != 0)
    return;

  /* Not on screen, there are no frames to spread the rows over. */
  if (n_queue - size <= GROW_AT_ONCE || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_slice_list_model_set_size (self->shown, n_queue);
  else
    {
      self->grow_row_us = GROW_FIRST_ROW_US;
      self->grow_last_us = 0;
      self->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_tick_cb, NULL, NULL);
    }
}

/* Shows every job at once, whether the list view makes rows for them or
 * not. */
static void
show_all_rows (CutoutQueuePage *self)
{
  if (self->grow_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_id);
      self->grow_id = 0;
    }
  gtk_slice_list_model_set_size (self->shown, g_list_model_get_n_items (G_LIST_MODEL (self->queue)));
}

/* Actions ----------------------------------------------------------------------------- */

/* Ctrl+A: every job, also those still to be shown (the list view's own
 * select-all would select the rows shown so far only, and a Delete right
 * after a large drop would leave the rest). */
static void
select_all_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);

  show_all_rows (self);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);

  cutout_queue_start (self->queue);
}

static void
pause_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cutout_queue_pause (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
resume_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cutout_queue_resume (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
toggle_pause_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  CutoutQueueState state = cutout_queue_get_state (self->queue);

  if (state == CUTOUT_QUEUE_STATE_RUNNING || state == CUTOUT_QUEUE_STATE_WAITING)
    cutout_queue_pause (self->queue);
  else if (state == CUTOUT_QUEUE_STATE_PAUSED || state == CUTOUT_QUEUE_STATE_STOPPED)
    cutout_queue_resume (self->queue);
}

static void
cancel_all_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cutout_queue_cancel_all (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
retry_failed_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);

  if (cutout_queue_retry_failed (self->queue) > 0)
    cutout_queue_prepare (self->queue);
}

static void
clear_finished_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  cutout_queue_clear_finished (CUTOUT_QUEUE_PAGE (widget)->queue);
}

static void
remove_selected_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;
  guint n_busy = 0;

  /* Collect first: removing changes the positions. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->selection), position));

  for (guint i = 0; i < jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (jobs, i);

      if (cutout_job_state_is_active (cutout_job_get_state (job)) ||
          !cutout_queue_remove (self->queue, job, NULL))
        n_busy++;
    }

  if (n_busy > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u image is being processed: cancel it first",
                                                             "%u images are being processed: cancel them first",
                                                             n_busy),
                                                n_busy);

      cutout_queue_page_show_toast (self, title);
    }
}

static void
open_uri_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (widget);
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  if (!g_app_info_launch_default_for_uri (g_variant_get_string (parameter, NULL),
                                          G_APP_LAUNCH_CONTEXT (context), &error))
    cutout_error_toast_show (GTK_WIDGET (self), _("Could not open the web page"), error);
}

/* GObject ---------------------------------------------------------------------------- */

void
cutout_queue_page_set_adding (CutoutQueuePage *self,
                              gboolean         adding)
{
  gboolean was_adding = self->n_adding > 0;

  if (adding)
    self->n_adding++;
  else if (self->n_adding > 0)
    self->n_adding--;

  if (was_adding != (self->n_adding > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDING]);
}

static void
cutout_queue_page_constructed (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->constructed (object);

  g_assert (CUTOUT_IS_CONTEXT (self->context));
  self->queue = g_object_ref (cutout_context_get_queue (self->context));

  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->queue)), 0,
                                          g_list_model_get_n_items (G_LIST_MODEL (self->queue)));
  g_signal_connect_object (self->queue, "items-changed",
                           G_CALLBACK (shown_queue_items_changed_cb), self, 0);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, 0);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, 0);

  factory = cutout_queue_page_new_factory (self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  cutout_select_all_redirect (self->list_view, "queue.select-all");

  g_signal_connect_object (self->queue, "notify", G_CALLBACK (queue_notify_cb), self, 0);
  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (queue_items_changed_cb), self, 0);
  g_signal_connect_object (self->context, "notify::key-source", G_CALLBACK (context_notify_cb), self, 0);
  g_signal_connect_object (self->context, "notify::membership", G_CALLBACK (context_notify_cb), self, 0);

  cutout_queue_page_update_key_hint (self);
  update_actions (self);
  cutout_queue_page_update_rate (self);
  cutout_queue_page_update_stop_bar (self);
  cutout_queue_page_update_wait_bar (self);
  cutout_queue_page_update_summary (self);
  cutout_queue_page_init_watch (self);
}

static void
cutout_queue_page_dispose (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->summary_id, g_source_remove);
  g_clear_handle_id (&self->state_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_id);
  self->grow_id = 0;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  cutout_queue_page_dispose_watch (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_QUEUE_PAGE);

  g_clear_object (&self->selected_job);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->queue);
  g_clear_object (&self->context);
  cutout_queue_page_clear_thumbnails (self);

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->dispose (object);
}

static void
cutout_queue_page_finalize (GObject *object)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);

  G_OBJECT_CLASS (cutout_queue_page_parent_class)->finalize (object);
}

static void
cutout_queue_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ADDING:
      g_value_set_boolean (value, self->n_adding > 0);
      break;
    case PROP_SELECTED_JOB:
      g_value_set_object (value, self->selected_job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CutoutQueuePage *self = CUTOUT_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (done || display == NULL)
    return;
  done = TRUE;

  /* The page's drop highlight; libadwaita's named colors keep it right
   * in the dark style too. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".cutout-drop-active {"
                                   "  background-color: alpha(@accent_bg_color, 0.12);"
                                   "  box-shadow: inset 0 0 0 2px @accent_color;"
                                   "}",
                                   -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
cutout_queue_page_class_init (CutoutQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cutout_queue_page_constructed;
  object_class->dispose = cutout_queue_page_dispose;
  object_class->finalize = cutout_queue_page_finalize;
  object_class->get_property = cutout_queue_page_get_property;
  object_class->set_property = cutout_queue_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDING] =
    g_param_spec_boolean ("adding", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The first selected job, or NULL: what the options panel previews. */
  properties[PROP_SELECTED_JOB] =
    g_param_spec_object ("selected-job", NULL, NULL, CUTOUT_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_title_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_message_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stop_fix_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, wait_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, wait_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, time_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, overall_progress);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, forecast_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, key_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueuePage, resume_button);

  gtk_widget_class_install_action (widget_class, "queue.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.pause", NULL, pause_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.resume", NULL, resume_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.toggle-pause", NULL, toggle_pause_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.cancel-all", NULL, cancel_all_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.retry-failed", NULL, retry_failed_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.clear-finished", NULL, clear_finished_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.remove-selected", NULL, remove_selected_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.select-all", NULL, select_all_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.open-uri", "s", open_uri_action_cb);
  cutout_queue_page_class_init_input (widget_class);
  cutout_queue_page_class_init_watch (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "queue.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "queue.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "queue.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "queue.remove-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "queue.remove-selected", NULL);

  g_type_ensure (CUTOUT_TYPE_QUEUE_ROW);
}

static void
cutout_queue_page_init (CutoutQueuePage *self)
{
  ensure_css ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->thumbnails = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->thumbnail_lru);

  cutout_queue_page_init_input (self);
}

/* Public API ------------------------------------------------------------------------ */

CutoutQueuePage *
cutout_queue_page_new (CutoutContext *context)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_QUEUE_PAGE, "context", context, NULL);
}

CutoutContext *
cutout_queue_page_get_context (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), NULL);

  return self->context;
}

gboolean
cutout_queue_page_get_adding (CutoutQueuePage *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_PAGE (self), FALSE);

  return self->n_adding > 0;
}
