/* cutout-history-page-actions.c — the History page's actions: open, show, copy, re-queue, remove, export
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-error-toast.h"
#include "cutout-file-actions.h"
#include "cutout-history-page-private.h"

/* Actions */

/* The selected rows (CutoutHistoryItem), in list order. */
static GPtrArray *
get_selected_items (CutoutHistoryPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      do
        {
          CutoutHistoryItem *item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

          if (item != NULL)
            g_ptr_array_add (items, item);
        }
      while (gtk_bitset_iter_next (&iter, &position));
    }

  return items;
}

/* The selected results that are still on disk. */
static GList *
get_selected_outputs (CutoutHistoryPage *self)
{
  g_autoptr(GPtrArray) items = get_selected_items (self);
  GList *files = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const CutoutJobRecord *record = cutout_history_item_get_record (g_ptr_array_index (items, i));

      if (record->state == CUTOUT_JOB_STATE_DONE && record->output_path != NULL &&
          g_file_test (record->output_path, G_FILE_TEST_EXISTS))
        files = g_list_prepend (files, g_file_new_for_path (record->output_path));
    }

  if (files == NULL)
    cutout_history_page_show_toast (self, _("The result file is gone"));

  return g_list_reverse (files);
}

static void
open_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);
  GList *files = get_selected_outputs (self);

  /* One viewer, for the first: opening hundreds at once helps nobody. */
  if (files != NULL)
    cutout_file_actions_open (widget, files->data);
  g_list_free_full (files, g_object_unref);
}

void
cutout_history_page_list_activate (CutoutHistoryPage *self,
                                   guint              position)
{
  g_autoptr(CutoutHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  const CutoutJobRecord *record;

  if (item == NULL)
    return;
  record = cutout_history_item_get_record (item);
  if (record->state == CUTOUT_JOB_STATE_DONE && record->output_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (record->output_path);

      cutout_file_actions_open (GTK_WIDGET (self), file);
    }
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);
  GList *files = get_selected_outputs (self);
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (GList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  if (array->len > 0)
    cutout_file_actions_show_in_folder (widget, (GFile **) array->pdata, array->len);
  g_list_free_full (files, g_object_unref);
}

static void
copy_texture_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutHistoryPage *self = g_task_get_source_object (task);
  GdkContentProvider *files = g_task_get_task_data (task);
  g_autoptr(GdkTexture) texture = cutout_history_load_thumbnail_finish (result, NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  g_autoptr(GdkContentProvider) provider = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* The image itself for image editors, the file for file managers. */
  if (texture != NULL)
    {
      GdkContentProvider *providers[] = {
        g_object_ref (files),
        gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture),
      };

      provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
    }
  else
    {
      provider = g_object_ref (files);
    }

  gdk_clipboard_set_content (clipboard, provider);
  cutout_history_page_show_toast (self, _("Copied"));
}

static void
copy_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);
  GList *files = get_selected_outputs (self);
  g_autoptr(GSList) list = NULL;
  GdkFileList *file_list;
  g_autoptr(GTask) task = NULL;
  GString *paths = g_string_new (NULL);
  GdkContentProvider *providers[2];

  if (files == NULL)
    {
      g_string_free (paths, TRUE);
      return;
    }

  for (GList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      list = g_slist_append (list, l->data);
      g_string_append_printf (paths, "%s%s", paths->len > 0 ? "\n" : "", path);
    }
  file_list = gdk_file_list_new_from_list (list);
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, file_list);
  g_boxed_free (GDK_TYPE_FILE_LIST, file_list);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, paths->str);
  g_string_free (paths, TRUE);

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, gdk_content_provider_new_union (providers, 2), g_object_unref);

  if (files->next == NULL)
    {
      /* One result: its pixels too, decoded in a thread. */
      g_autofree char *path = g_file_get_path (files->data);

      cutout_history_load_thumbnail_async (path, 0, self->cancellable,
                                           copy_texture_cb, g_steal_pointer (&task));
    }
  else
    {
      gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), g_task_get_task_data (task));
      cutout_history_page_show_toast (self, _("Copied"));
    }

  g_list_free_full (files, g_object_unref);
}

static void
requeue (CutoutHistoryPage *self,
         gboolean           same_options)
{
  CutoutQueue *queue = cutout_context_get_queue (self->context);
  g_autoptr(GPtrArray) items = get_selected_items (self);
  guint n_added = 0;
  guint n_unreadable = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const CutoutJobRecord *record = cutout_history_item_get_record (g_ptr_array_index (items, i));
      g_autoptr(GFile) input = NULL;
      g_autoptr(GFile) root = NULL;

      if (record->input_path == NULL)
        continue;
      input = g_file_new_for_path (record->input_path);
      root = record->source_root != NULL ? g_file_new_for_path (record->source_root) : NULL;

      if (same_options)
        {
          g_autoptr(CutoutJob) job = cutout_job_new (input, root);
          g_autoptr(CutoutOptions) options = NULL;

          /* Options that no longer validate are not sent with others. */
          if (record->options != NULL && record->options[0] != '\0')
            {
              options = cutout_options_new_from_string (record->options, NULL);
              if (options == NULL)
                {
                  n_unreadable++;
                  continue;
                }
              cutout_job_set_options_override (job, options);
            }
          cutout_queue_append_job (queue, job);
        }
      else
        {
          g_autoptr(GList) files = g_list_append (NULL, input);

          cutout_queue_add_files (queue, files, root);
        }
      n_added++;
    }

  if (n_unreadable > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%u job was not added: its options cannot be read",
                                   "%u jobs were not added: their options cannot be read",
                                   n_unreadable), n_unreadable);

      cutout_history_page_show_toast (self, text);
    }
  else if (n_added > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%u job added to the queue", "%u jobs added to the queue",
                                   n_added), n_added);

      cutout_history_page_show_toast (self, text);
    }
}

static void
requeue_same_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  requeue (CUTOUT_HISTORY_PAGE (widget), TRUE);
}

static void
requeue_current_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  requeue (CUTOUT_HISTORY_PAGE (widget), FALSE);
}

/* Removal: hidden at once, deleted when the toast goes without Undo. */

/* Deletes the rows unless the toast's Undo was pressed, and shows them
 * again (undone) or forgets them (deleted). */
static void
removal_finish (Removal *removal)
{
  CutoutHistoryPage *self = removal->page;
  CutoutStore *store = cutout_context_get_store (self->context);
  g_autoptr(GArray) ids = g_array_ref (removal->ids);
  g_autoptr(GError) error = NULL;
  gboolean deleted = FALSE;

  if (!removal->undone && store != NULL)
    {
      deleted = cutout_store_delete_jobs (store, (const gint64 *) ids->data, ids->len, &error);
      if (!deleted)
        cutout_error_toast_show (GTK_WIDGET (self), _("Could not remove the entries"), error);
    }

  if (removal->toast != NULL)
    g_signal_handlers_disconnect_by_data (removal->toast, removal);
  g_ptr_array_remove (self->removals, removal);

  if (self->model == NULL)
    return;
  if (deleted)
    cutout_history_model_forget (self->model, (const gint64 *) ids->data, ids->len);
  else
    cutout_history_model_unhide (self->model, (const gint64 *) ids->data, ids->len);
}

void
cutout_history_removal_free (Removal *removal)
{
  g_array_unref (removal->ids);
  g_free (removal);
}

static void
removal_undo_cb (AdwToast *toast,
                 Removal  *removal)
{
  removal->undone = TRUE;
}

static void
removal_dismissed_cb (AdwToast *toast,
                      Removal  *removal)
{
  CutoutHistoryPage *self = removal->page;

  removal_finish (removal);
  cutout_history_page_update_view (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);
  CutoutQueue *queue = cutout_context_get_queue (self->context);
  g_autoptr(GPtrArray) items = get_selected_items (self);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GHashTable) queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *title = NULL;
  guint n_in_queue = 0;
  Removal *removal;

  /* The queue's own jobs keep their rows: it still writes to them. */
  for (guint i = 0; queue != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      gint64 id = cutout_job_get_id (job);

      g_hash_table_add (queued, g_memdup2 (&id, sizeof id));
    }

  removal = g_new0 (Removal, 1);
  removal->page = self;
  removal->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < items->len; i++)
    {
      const CutoutJobRecord *record = cutout_history_item_get_record (g_ptr_array_index (items, i));

      if (g_hash_table_contains (queued, &record->id))
        {
          n_in_queue++;
          continue;
        }
      g_ptr_array_add (records, (gpointer) record);
      g_array_append_val (removal->ids, record->id);
    }

  if (removal->ids->len == 0)
    {
      cutout_history_removal_free (removal);
      if (n_in_queue > 0)
        cutout_history_page_show_toast (self, _("Jobs still in the queue cannot be removed from the history"));
      return;
    }

  g_ptr_array_add (self->removals, removal);
  cutout_history_model_hide (self->model, records);
  cutout_history_page_update_view (self);

  title = g_strdup_printf (ngettext ("%u job removed", "%u jobs removed", removal->ids->len),
                           removal->ids->len);
  removal->toast = adw_toast_new (title);
  adw_toast_set_button_label (removal->toast, _("_Undo"));
  adw_toast_set_priority (removal->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (removal->toast, "button-clicked", G_CALLBACK (removal_undo_cb), removal);
  g_signal_connect (removal->toast, "dismissed", G_CALLBACK (removal_dismissed_cb), removal);
  adw_toast_overlay_add_toast (self->toast_overlay, removal->toast);
}

/* Export */

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CutoutHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n_rows = cutout_history_model_export_csv_finish (CUTOUT_HISTORY_MODEL (source), result, &error);
  g_autofree char *text = NULL;

  if (n_rows < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cutout_error_toast_show (GTK_WIDGET (self), _("Could not export the history"), error);
      return;
    }

  text = g_strdup_printf (ngettext ("%u job exported", "%u jobs exported", (gulong) n_rows), (guint) n_rows);
  cutout_history_page_show_toast (self, text);
}

static void
chooser_response_cb (CutoutHistoryPage *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      cutout_history_model_export_csv_async (self->model, file, self->cancellable,
                                             export_done_cb, g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export History"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  /* Translators: the suggested file name of an exported history. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("cutout-history.csv"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CUTOUT_HISTORY_PAGE (widget)->search_entry));
}


void
cutout_history_page_finish_removals (CutoutHistoryPage *self)
{
  while (self->removals != NULL && self->removals->len > 0)
    removal_finish (g_ptr_array_index (self->removals, 0));
}

/* Ctrl+A: every row of the filter, also those the model does not offer
 * yet (it offers them a few dozen a frame after a search; see
 * cutout_select_all_redirect()). */
static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CutoutHistoryPage *self = CUTOUT_HISTORY_PAGE (widget);

  while (cutout_history_model_reveal_more (self->model))
    ;
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

void
cutout_history_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.open-result", NULL, open_result_action);
  gtk_widget_class_install_action (widget_class, "history.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "history.copy-result", NULL, copy_result_action);
  gtk_widget_class_install_action (widget_class, "history.requeue-same", NULL, requeue_same_action);
  gtk_widget_class_install_action (widget_class, "history.requeue-current", NULL, requeue_current_action);
  gtk_widget_class_install_action (widget_class, "history.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "history.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "history.select-all", NULL, select_all_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "history.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "history.copy-result", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "history.export", NULL);
}
