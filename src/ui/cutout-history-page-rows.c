/* cutout-history-page-rows.c — the rows of the History page's list
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cutout-history-model-private.h"
#include "cutout-history-page-private.h"

#define THUMBNAIL_SIZE 48
/* Thumbnails kept for scrolling back; the cache starts over beyond this. */
#define MAX_THUMBNAILS 400
/* Rows' widgets kept for new rows: as many as GTK 4.8's list view makes. */
#define MAX_POOLED_ROWS 200
/* Options descriptions kept; the cache starts over beyond this. */
#define MAX_DESCRIBED 256

/* Options in short */

static const char *
format_label (CutoutFormat format)
{
  switch (format)
    {
    case CUTOUT_FORMAT_WEBP:
      return "WebP";
    case CUTOUT_FORMAT_PNG:
      return "PNG";
    case CUTOUT_FORMAT_JPEG:
      return "JPEG";
    case CUTOUT_FORMAT_BMP:
      return "BMP";
    default:
      return "?";
    }
}

char *
cutout_history_describe_options (const char *text)
{
  g_autoptr(CutoutOptions) options = NULL;
  g_autoptr(GPtrArray) parts = NULL;

  if (text == NULL || text[0] == '\0')
    return g_strdup ("");

  options = cutout_options_new_from_string (text, NULL);
  if (options == NULL)
    {
      /* Shown as it was sent, without the form's escapes. */
      char *unescaped = g_uri_unescape_string (text, NULL);

      return unescaped != NULL ? unescaped : g_strdup (text);
    }

  parts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (parts, g_strdup (format_label (options->format)));

  if (options->width > 0 && options->height > 0)
    {
      if (options->exact_resize)
        /* Translators: a resize to exactly this size, e.g. "800 × 600 px exactly". */
        g_ptr_array_add (parts, g_strdup_printf (_("%d × %d px exactly"),
                                                 (int) options->width, (int) options->height));
      else
        /* Translators: a resize that keeps the aspect, e.g. "within 800 × 600 px". */
        g_ptr_array_add (parts, g_strdup_printf (_("within %d × %d px"),
                                                 (int) options->width, (int) options->height));
    }
  else if (options->width > 0)
    {
      g_ptr_array_add (parts, g_strdup_printf (_("%d px wide"), (int) options->width));
    }
  else if (options->height > 0)
    {
      g_ptr_array_add (parts, g_strdup_printf (_("%d px tall"), (int) options->height));
    }

  if (options->mask)
    g_ptr_array_add (parts, g_strdup (_("mask only")));
  if (options->bg_color != NULL)
    g_ptr_array_add (parts, g_strdup (options->bg_color));
  if (options->angle != 0)
    {
      /* Translators: the result was rotated by this many degrees. */
      g_ptr_array_add (parts, g_strdup_printf (_("rotated %g°"), options->angle));
      if (!options->expand)
        g_ptr_array_add (parts, g_strdup (_("cropped")));
    }

  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Thumbnails */

static void
thumbnail_thread_cb (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  int size = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "size"));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (size > 0)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, size, size, TRUE, &error);
  else
    pixbuf = gdk_pixbuf_new_from_file (path, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Textures are immutable: one made here can be shown by the main thread. */
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
cutout_history_load_thumbnail_async (const char          *path,
                                     int                  size,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (size >= 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_history_load_thumbnail_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "size", GINT_TO_POINTER (size));
  g_task_run_in_thread (task, thumbnail_thread_cb);
}

GdkTexture *
cutout_history_load_thumbnail_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Rows */

typedef struct
{
  CutoutHistoryPage *page;       /* unowned: it owns the list */
  CutoutHistoryItem *item;       /* the bound one, unowned */
  GtkListItem       *list_item;  /* the one bound to, unowned */
  gulong             notify_id;  /* its notify::record */
  guint64            shown;      /* the serial of the record shown, or 0 */
  GtkWidget    *thumbnail;
  GtkWidget    *name_label;
  GtkWidget    *date_label;
  GtkWidget    *options_label;
  GtkWidget    *error_label;
  GtkWidget    *outcome_icon;
  GtkWidget    *outcome_label;
  GtkWidget    *size_label;
  GCancellable *cancellable;    /* the thumbnail's */
} Row;

typedef struct
{
  CutoutHistoryPage *page;
  Row               *row;          /* valid while cancellable is not cancelled */
  GCancellable      *cancellable;
  char              *path;
} ThumbnailRequest;

static void
row_cancel (Row *row)
{
  if (row->cancellable != NULL)
    g_cancellable_cancel (row->cancellable);
  g_clear_object (&row->cancellable);
}

/* The thumbnail being loaded goes on: GTK 4.8 binds a row again, to
 * the same item, at every change of the list or the selection. */
static void
row_unbind (Row *row)
{
  if (row->item != NULL)
    g_clear_signal_handler (&row->notify_id, row->item);
  row->item = NULL;
  row->list_item = NULL;
}

static void
row_free (Row *row)
{
  row_unbind (row);
  row_cancel (row);
  g_free (row);
}

/* The whole path, only when asked for: setting a tooltip's text at
 * every bind costs more than the rest of the row. */
static gboolean
name_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       Row        *row)
{
  const CutoutJobRecord *record;

  if (row->item == NULL)
    return FALSE;

  record = cutout_history_item_get_record (row->item);
  if (record->input_path == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, record->input_path);
  return TRUE;
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *name,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (box), label);

  return label;
}

/* A row's widgets, the Row on them as "cutout-row".
 *
 * The line under each row is a GtkSeparator of the row's own, not the
 * list view's separators: those are drawn as borders, and the first
 * History page painted in a process (under Xvfb, on llvmpipe) spent
 * about 100 ms compiling the GL renderer's shader for them; a
 * separator is a plain rectangle of colour, drawn with a shader the
 * window has already used. */
static GtkWidget *
build_row (CutoutHistoryPage *self)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *end = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *outcome = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  row->page = self;
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  row->thumbnail = gtk_image_new ();
  gtk_widget_set_name (row->thumbnail, "thumbnail");
  gtk_widget_set_size_request (row->thumbnail, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_valign (row->thumbnail, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), row->thumbnail);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text);
  row->name_label = add_label (text, "name", "heading");
  gtk_label_set_ellipsize (GTK_LABEL (row->name_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_has_tooltip (row->name_label, TRUE);
  g_signal_connect (row->name_label, "query-tooltip", G_CALLBACK (name_query_tooltip_cb), row);
  row->date_label = add_label (text, "date", "caption");
  gtk_widget_add_css_class (row->date_label, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (row->date_label), PANGO_ELLIPSIZE_END);
  row->options_label = add_label (text, "options", "caption");
  gtk_widget_add_css_class (row->options_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (row->options_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->options_label), PANGO_WRAP_WORD_CHAR);
  row->error_label = add_label (text, "error", "caption");
  gtk_widget_add_css_class (row->error_label, "error");
  gtk_label_set_wrap (GTK_LABEL (row->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->error_label), PANGO_WRAP_WORD_CHAR);

  gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), end);
  gtk_widget_set_halign (outcome, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (end), outcome);
  row->outcome_icon = gtk_image_new ();
  gtk_box_append (GTK_BOX (outcome), row->outcome_icon);
  row->outcome_label = add_label (outcome, "outcome", NULL);
  row->size_label = add_label (end, "size", "caption");
  gtk_widget_add_css_class (row->size_label, "dim-label");
  gtk_widget_add_css_class (row->size_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (row->size_label), 1);

  gtk_box_append (GTK_BOX (outer), box);
  gtk_box_append (GTK_BOX (outer), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  g_object_set_data_full (G_OBJECT (outer), "cutout-row", row, (GDestroyNotify) row_free);

  return outer;
}

/* The row on @list_item's widgets, if it has them. */
static Row *
list_item_get_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  return box != NULL ? g_object_get_data (G_OBJECT (box), "cutout-row") : NULL;
}

/* The list view dropped a row (GTK 4.8 destroys the row widgets of the
 * items that leave the list, up to 200 at a search): its widgets are
 * kept for the next row, rather than destroyed, then made again. */
static void
row_parent_cb (GtkWidget  *box,
               GParamSpec *pspec,
               Row        *row)
{
  CutoutHistoryPage *self = row->page;

  if (gtk_widget_get_parent (box) != NULL)
    return;

  row_unbind (row);
  row_cancel (row);
  /* Not once the page goes: it drops the pool first. */
  if (self->row_pool != NULL && self->row_pool->len < MAX_POOLED_ROWS)
    g_ptr_array_add (self->row_pool, g_object_ref (box));
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CutoutHistoryPage        *self)
{
  g_autoptr(GtkWidget) box = NULL;

  if (self->row_pool != NULL && self->row_pool->len > 0)
    {
      box = g_ptr_array_steal_index_fast (self->row_pool, self->row_pool->len - 1);
    }
  else
    {
      box = g_object_ref_sink (build_row (self));
      g_signal_connect (box, "notify::parent", G_CALLBACK (row_parent_cb),
                        g_object_get_data (G_OBJECT (box), "cutout-row"));
    }

  gtk_list_item_set_child (list_item, box);
}

/* A symbolic icon, smaller and dimmed, where there is no result to show. */
static void
thumbnail_set_icon (GtkWidget  *thumbnail,
                    const char *icon_name)
{
  gtk_image_set_pixel_size (GTK_IMAGE (thumbnail), THUMBNAIL_SIZE * 2 / 3);
  gtk_image_set_from_icon_name (GTK_IMAGE (thumbnail), icon_name);
  gtk_widget_add_css_class (thumbnail, "dim-label");
}

static void
thumbnail_set_texture (GtkWidget  *thumbnail,
                       GdkTexture *texture)
{
  gtk_image_set_pixel_size (GTK_IMAGE (thumbnail), THUMBNAIL_SIZE);
  gtk_image_set_from_paintable (GTK_IMAGE (thumbnail), GDK_PAINTABLE (texture));
  gtk_widget_remove_css_class (thumbnail, "dim-label");
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = cutout_history_load_thumbnail_finish (result, &error);

  if (texture != NULL && request->page->thumbnails != NULL)
    {
      if (g_hash_table_size (request->page->thumbnails) >= MAX_THUMBNAILS)
        g_hash_table_remove_all (request->page->thumbnails);
      g_hash_table_replace (request->page->thumbnails, g_strdup (request->path),
                            g_object_ref (texture));
    }

  /* A cancelled request's row was unbound: it shows something else now. */
  if (!g_cancellable_is_cancelled (request->cancellable))
    {
      if (texture != NULL)
        thumbnail_set_texture (request->row->thumbnail, texture);
      else
        thumbnail_set_icon (request->row->thumbnail, "image-missing-symbolic");
    }

  g_object_unref (request->page);
  g_object_unref (request->cancellable);
  g_free (request->path);
  g_free (request);
}

static void
bind_thumbnail (CutoutHistoryPage     *self,
                Row                   *row,
                const CutoutJobRecord *record)
{
  GdkTexture *texture;
  ThumbnailRequest *request;

  if (record->state != CUTOUT_JOB_STATE_DONE || record->output_path == NULL)
    {
      thumbnail_set_icon (row->thumbnail, "image-x-generic-symbolic");
      return;
    }

  texture = g_hash_table_lookup (self->thumbnails, record->output_path);
  if (texture != NULL)
    {
      thumbnail_set_texture (row->thumbnail, texture);
      return;
    }

  /* Decoding a large result takes a while: it is done in a thread, and
   * dropped when the row scrolls away before it is ready. */
  thumbnail_set_icon (row->thumbnail, "image-x-generic-symbolic");
  row->cancellable = g_cancellable_new ();
  request = g_new0 (ThumbnailRequest, 1);
  request->page = g_object_ref (self);
  request->row = row;
  request->cancellable = g_object_ref (row->cancellable);
  request->path = g_strdup (record->output_path);
  cutout_history_load_thumbnail_async (record->output_path, THUMBNAIL_SIZE, row->cancellable,
                                       thumbnail_loaded_cb, request);
}

static void
set_outcome (Row            *row,
             CutoutJobState  state)
{
  static const char * const styles[] = { "success", "error", "warning", "dim-label" };
  const char *icon = "content-loading-symbolic";
  const char *label = _("Queued");
  const char *style = "dim-label";

  switch (state)
    {
    case CUTOUT_JOB_STATE_DONE:
      icon = "emblem-ok-symbolic";
      label = _("Done");
      style = "success";
      break;
    case CUTOUT_JOB_STATE_FAILED:
      icon = "dialog-error-symbolic";
      label = _("Failed");
      style = "error";
      break;
    case CUTOUT_JOB_STATE_CANCELLED:
      icon = "process-stop-symbolic";
      label = _("Cancelled");
      break;
    case CUTOUT_JOB_STATE_PAUSED:
      label = _("Paused");
      break;
    case CUTOUT_JOB_STATE_WAITING_RETRY:
      label = _("Waiting");
      style = "warning";
      break;
    case CUTOUT_JOB_STATE_UPLOADING:
    case CUTOUT_JOB_STATE_PROCESSING:
    case CUTOUT_JOB_STATE_DOWNLOADING:
      icon = "emblem-synchronizing-symbolic";
      label = _("In Progress");
      style = NULL;
      break;
    case CUTOUT_JOB_STATE_QUEUED:
    default:
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      gtk_widget_remove_css_class (row->outcome_icon, styles[i]);
      gtk_widget_remove_css_class (row->outcome_label, styles[i]);
    }
  if (style != NULL)
    {
      gtk_widget_add_css_class (row->outcome_icon, style);
      gtk_widget_add_css_class (row->outcome_label, style);
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (row->outcome_icon), icon);
  gtk_label_set_label (GTK_LABEL (row->outcome_label), label);
}

/* Shows the bound item's record: at bind, and again when the model
 * gives the item another row (the list keeps the widget then). */
static void
row_update (Row *row)
{
  CutoutHistoryPage *self = row->page;
  const CutoutJobRecord *record = cutout_history_item_get_record (row->item);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  const char *options;
  g_autofree char *size = NULL;

  row_cancel (row);
  row->shown = cutout_history_item_get_serial (row->item);

  name = record->input_path != NULL ? g_filename_display_basename (record->input_path) : g_strdup ("");
  gtk_label_set_label (GTK_LABEL (row->name_label), name);
  /* What the tooltip shows on hover, for screen readers at once. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->name_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  record->input_path != NULL ? record->input_path : "", -1);

  created = g_date_time_new_from_unix_local (record->created_us / G_USEC_PER_SEC);
  /* Translators: when a job was made, see g_date_time_format (); put the
   * parts in your language's order.
   * xgettext:no-c-format */
  date = created != NULL ? g_date_time_format (created, _("%b %-d, %Y, %H:%M")) : NULL;
  gtk_label_set_label (GTK_LABEL (row->date_label), date != NULL ? date : "");

  /* Most jobs share a few options texts: each is parsed once. */
  options = g_hash_table_lookup (self->described, record->options != NULL ? record->options : "");
  if (options == NULL)
    {
      if (g_hash_table_size (self->described) >= MAX_DESCRIBED)
        g_hash_table_remove_all (self->described);
      char *described = cutout_history_describe_options (record->options);

      g_hash_table_insert (self->described, g_strdup (record->options != NULL ? record->options : ""), described);
      options = described;
    }
  gtk_label_set_label (GTK_LABEL (row->options_label), options);
  gtk_widget_set_visible (row->options_label, options[0] != '\0');

  gtk_label_set_label (GTK_LABEL (row->error_label),
                       record->error_message != NULL ? record->error_message : "");
  gtk_widget_set_visible (row->error_label,
                          record->state == CUTOUT_JOB_STATE_FAILED &&
                          record->error_message != NULL && record->error_message[0] != '\0');

  set_outcome (row, record->state);

  if (record->output_path != NULL && record->output_size > 0)
    size = g_format_size (record->output_size);
  gtk_label_set_label (GTK_LABEL (row->size_label), size != NULL ? size : "");
  gtk_widget_set_visible (row->size_label, size != NULL);

  bind_thumbnail (self, row, record);
}

static void
item_record_changed_cb (CutoutHistoryItem *item,
                        GParamSpec        *pspec,
                        Row               *row)
{
  row_update (row);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CutoutHistoryPage        *self)
{
  Row *row = list_item_get_row (list_item);
  CutoutHistoryItem *item = gtk_list_item_get_item (list_item);

  if (row == NULL)
    return;
  row_unbind (row);

  /* The store lost the row since it was counted: it shows empty until
   * the next refresh. */
  if (item == NULL)
    {
      row_cancel (row);
      row->shown = 0;
      gtk_label_set_label (GTK_LABEL (row->name_label), "");
      gtk_widget_set_visible (row->error_label, FALSE);
      return;
    }

  row->item = item;
  row->list_item = list_item;
  row->notify_id = g_signal_connect (item, "notify::record", G_CALLBACK (item_record_changed_cb), row);

  /* GTK 4.8 binds the rows it keeps again after every change of the
   * list: a row that shows the record already has nothing to do, and one
   * that shows what the item was before a quiet change (out of sight, see
   * cutout_history_model_refresh()) is told when its turn comes. */
  if (row->shown == cutout_history_item_get_serial (item) ||
      (row->shown != 0 && row->shown == cutout_history_item_get_untold_serial (item)))
    return;

  row_update (row);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CutoutHistoryPage        *self)
{
  Row *row = list_item_get_row (list_item);

  if (row != NULL)
    row_unbind (row);
}

gboolean
cutout_history_page_get_rows_in_sight (CutoutHistoryPage *self,
                                       guint             *first,
                                       guint             *last,
                                       guint             *n_fit)
{
  GtkWidget *list_view = GTK_WIDGET (self->list_view);
  int height = gtk_widget_get_height (list_view);
  float row_height = G_MAXFLOAT;
  gboolean found = FALSE;

  *first = G_MAXUINT;
  *last = 0;
  *n_fit = 0;

  /* The list view's children are its rows' widgets (GtkListItemWidget),
   * each with the row's box inside, placed where they are shown. */
  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);
      Row *row = box != NULL ? g_object_get_data (G_OBJECT (box), "cutout-row") : NULL;
      graphene_rect_t bounds;
      guint position;

      if (row == NULL || row->list_item == NULL || !gtk_widget_get_child_visible (child) ||
          !gtk_widget_compute_bounds (child, list_view, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;

      position = gtk_list_item_get_position (row->list_item);
      if (position == GTK_INVALID_LIST_POSITION)
        continue;
      *first = MIN (*first, position);
      *last = MAX (*last, position);
      row_height = MIN (row_height, bounds.size.height);
      found = TRUE;
    }

  if (found && row_height >= 1)
    *n_fit = (guint) ceilf (height / row_height) + 1;

  return found;
}

GtkListItemFactory *
cutout_history_page_new_factory (CutoutHistoryPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);

  return factory;
}
