/* cutout-preview.c — the live preview of the output options, drawn locally without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cutout-preview-private.h"
#include "cutout-render.h"

#define CHECKER_SIZE 8

struct _CutoutPreview
{
  GtkWidget       parent_instance;

  /* Owned */
  CutoutQueue    *queue;
  CutoutJob      *job;
  CutoutOptions  *options;
  CutoutRenderer *after;
  CutoutRenderer *before;
  GdkTexture     *texture;
  GdkTexture     *before_texture;
  GCancellable   *load_cancellable;
  char           *status;
  GdkPixbuf      *original;
  GdkPixbuf      *result;

  gboolean        result_is_cutout;
  gboolean        zoom_to_fit;
  gboolean        compare;
  gboolean        loading;
  double          split;
  int             image_width;
  int             image_height;
  int             box_width;
  int             box_height;
};

G_DEFINE_FINAL_TYPE (CutoutPreview, cutout_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_JOB,
  PROP_ZOOM_TO_FIT,
  PROP_COMPARE,
  PROP_SPLIT,
  PROP_TEXTURE,
  PROP_HAS_RESULT,
  PROP_LOADING,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Rendering ------------------------------------------------------- */

static void
set_status (CutoutPreview *self,
            const char    *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_loading (CutoutPreview *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_checkerboard (CutoutPreview *self)
{
  /* Neutral squares that sit well with the light and the dark style. */
  static const CutoutColor light_a = { 0xff, 0xff, 0xff, 0xff };
  static const CutoutColor light_b = { 0xe6, 0xe6, 0xe6, 0xff };
  static const CutoutColor dark_a = { 0x2e, 0x2e, 0x2e, 0xff };
  static const CutoutColor dark_b = { 0x3a, 0x3a, 0x3a, 0xff };
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int size = CHECKER_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  cutout_renderer_set_checkerboard (self->after, size, dark ? &dark_a : &light_a, dark ? &dark_b : &light_b);
  cutout_renderer_set_checkerboard (self->before, size, dark ? &dark_a : &light_a, dark ? &dark_b : &light_b);
}

static void
request_frames (CutoutPreview *self)
{
  g_autoptr(CutoutOptions) identity = NULL;
  const CutoutOptions *options = self->options;

  if (self->box_width <= 0 || self->box_height <= 0 || self->original == NULL)
    return;

  cutout_renderer_set_display_size (self->after, self->box_width, self->box_height);
  cutout_renderer_set_display_size (self->before, self->box_width, self->box_height);

  if (self->result != NULL && self->result_is_cutout)
    {
      cutout_renderer_request (self->after, options, CUTOUT_RENDER_FLAGS_NONE);
    }
  else if (self->result != NULL)
    {
      /* A saved result already carries the options it was made with. */
      identity = cutout_options_new ();
      cutout_renderer_request (self->after, identity, CUTOUT_RENDER_FLAGS_NONE);
    }
  else
    {
      cutout_renderer_request (self->after, options, CUTOUT_RENDER_GEOMETRY_ONLY);
    }

  if (self->result != NULL)
    cutout_renderer_request (self->before, options, CUTOUT_RENDER_GEOMETRY_ONLY);
}

static GdkTexture *
texture_from_frame (CutoutRenderImage *frame)
{
  g_autoptr(GBytes) bytes = cutout_render_image_get_bytes (frame);

  return gdk_memory_texture_new (cutout_render_image_get_width (frame),
                                 cutout_render_image_get_height (frame),
                                 GDK_MEMORY_R8G8B8A8_PREMULTIPLIED,
                                 bytes,
                                 cutout_render_image_get_stride (frame));
}

static void
after_frame_ready_cb (CutoutPreview     *self,
                      CutoutRenderImage *frame,
                      guint              serial,
                      CutoutRenderer    *renderer)
{
  g_clear_object (&self->texture);
  self->texture = texture_from_frame (frame);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
before_frame_ready_cb (CutoutPreview     *self,
                       CutoutRenderImage *frame,
                       guint              serial,
                       CutoutRenderer    *renderer)
{
  g_clear_object (&self->before_texture);
  self->before_texture = texture_from_frame (frame);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
render_failed_cb (CutoutPreview  *self,
                  const GError   *error,
                  guint           serial,
                  CutoutRenderer *renderer)
{
  /* The panel only passes valid options, so this is unexpected; say it
   * rather than keep an outdated frame without a word. */
  set_status (self, error->message);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  CutoutPreview *self = user_data;
  g_autoptr(GError) error = NULL;
  CutoutPreviewLoadResult *result;
  gboolean had_result;

  /* The task holds no reference on the preview: a disposed preview has
   * cancelled it, and then @self must not be touched. */
  result = g_task_propagate_pointer (G_TASK (async_result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  had_result = self->result != NULL;
  if (result == NULL)
    {

      set_loading (self, FALSE);
      set_status (self, error->message);
      return;
    }

  g_set_object (&self->original, result->original);
  g_set_object (&self->result, result->result);
  self->result_is_cutout = result->result_is_cutout;
  self->image_width = result->full_width;
  self->image_height = result->full_height;
  cutout_preview_load_result_free (result);

  cutout_renderer_set_source (self->after, self->result != NULL ? self->result : self->original);
  cutout_renderer_set_source (self->before, self->result != NULL ? self->original : NULL);
  g_clear_object (&self->before_texture);

  if (self->result != NULL && !self->result_is_cutout)
    set_status (self, _("Showing the saved result"));
  else
    set_status (self, NULL);
  set_loading (self, FALSE);
  if (had_result != (self->result != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);

  request_frames (self);
}

static void
reload (CutoutPreview *self)
{
  g_autoptr(GTask) task = NULL;
  CutoutPreviewLoadData *data;
  gboolean had_result = self->result != NULL;
  gboolean orient = TRUE;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  cutout_renderer_cancel (self->after);
  cutout_renderer_cancel (self->before);
  cutout_renderer_set_source (self->after, NULL);
  cutout_renderer_set_source (self->before, NULL);
  g_clear_object (&self->original);
  g_clear_object (&self->result);
  g_clear_object (&self->before_texture);
  self->image_width = self->image_height = 0;
  if (self->texture != NULL)
    {
      g_clear_object (&self->texture);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
    }
  if (had_result)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->job == NULL)
    {
      set_loading (self, FALSE);
      set_status (self, _("Select an image to preview"));
      return;
    }

  data = g_new0 (CutoutPreviewLoadData, 1);
  data->input = g_object_ref (cutout_job_get_input (self->job));
  if (self->queue != NULL)
    g_object_get (self->queue, "orient", &orient, NULL);
  data->orient = orient;
  if (cutout_job_get_state (self->job) == CUTOUT_JOB_STATE_DONE)
    {
      GFile *output = cutout_job_get_output (self->job);
      gboolean keep_editable = FALSE;

      data->output = output != NULL ? g_object_ref (output) : NULL;
      if (self->queue != NULL)
        g_object_get (self->queue, "keep-editable", &keep_editable, NULL);
      if (keep_editable)
        data->cache = g_object_ref (cutout_queue_get_cutout_cache (self->queue));
    }

  set_loading (self, TRUE);
  set_status (self, _("Loading preview…"));

  self->load_cancellable = g_cancellable_new ();
  /* No reference on the preview: the decoding thread must not keep a
   * closed window's preview alive; dispose cancels the load instead (a
   * cancelled task always reports G_IO_ERROR_CANCELLED). */
  task = g_task_new (NULL, self->load_cancellable, load_done_cb, self);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, data, (GDestroyNotify) cutout_preview_load_data_free);
  g_task_run_in_thread (task, cutout_preview_load_thread);
}

static void
job_changed_cb (CutoutPreview *self)
{
  reload (self);
}

static void
dark_changed_cb (CutoutPreview *self)
{
  update_checkerboard (self);
  request_frames (self);
}

/* ---- Drawing --------------------------------------------------------- */

static gboolean
get_frame_rect (CutoutPreview   *self,
                graphene_rect_t *rect)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double frame_width, frame_height, scale = 1.0;

  if (self->texture == NULL || width <= 0 || height <= 0)
    return FALSE;

  frame_width = (double) gdk_texture_get_width (self->texture) / scale_factor;
  frame_height = (double) gdk_texture_get_height (self->texture) / scale_factor;
  if (self->zoom_to_fit)
    scale = MIN (width / frame_width, height / frame_height);

  graphene_rect_init (rect,
                      floor ((width - frame_width * scale) / 2),
                      floor ((height - frame_height * scale) / 2),
                      frame_width * scale,
                      frame_height * scale);
  return TRUE;
}

static void
snapshot_status (CutoutPreview *self,
                 GtkSnapshot   *snapshot)
{
  g_autoptr(PangoLayout) layout = NULL;
  GtkStyleContext *style;
  GdkRGBA color;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int text_width, text_height;

  if (self->status == NULL)
    return;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->status);
  pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  style = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (style, &color);
  color.alpha *= 0.55f;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, (height - text_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
cutout_preview_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CutoutPreview *self = CUTOUT_PREVIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t rect;

  if (!get_frame_rect (self, &rect))
    {
      snapshot_status (self, snapshot);
      return;
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->compare && self->before_texture != NULL)
    {
      float split_x = rect.origin.x + rect.size.width * self->split;
      GdkRGBA line = { 1.0f, 1.0f, 1.0f, 0.9f };
      GdkRGBA shade = { 0.0f, 0.0f, 0.0f, 0.35f };

      /* The original left of the split, the result right of it. */
      gtk_snapshot_push_clip (snapshot,
                              &GRAPHENE_RECT_INIT (rect.origin.x, rect.origin.y,
                                                   split_x - rect.origin.x, rect.size.height));
      gtk_snapshot_append_texture (snapshot, self->before_texture, &rect);
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_push_clip (snapshot,
                              &GRAPHENE_RECT_INIT (split_x, rect.origin.y,
                                                   rect.origin.x + rect.size.width - split_x,
                                                   rect.size.height));
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_append_color (snapshot, &shade,
                                 &GRAPHENE_RECT_INIT (split_x - 2, rect.origin.y, 4, rect.size.height));
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (split_x - 1, rect.origin.y, 2, rect.size.height));
    }
  else
    {
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
    }

  /* A hairline around the frame, so that a white photo does not melt
   * into a light card. */
  {
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    GskRoundedRect outline;
    GdkRGBA color;
    const float widths[4] = { 1, 1, 1, 1 };

    gtk_style_context_get_color (style, &color);
    color.alpha = 0.15f;
    gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
    gtk_snapshot_append_border (snapshot, &outline, widths,
                                (GdkRGBA[4]) { color, color, color, color });
  }

  gtk_snapshot_pop (snapshot);
}

static void
cutout_preview_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 280;
}

static void
cutout_preview_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CutoutPreview *self = CUTOUT_PREVIEW (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  int box_width = CUTOUT_PREVIEW_DECODE_MAX, box_height = CUTOUT_PREVIEW_DECODE_MAX;

  if (self->zoom_to_fit)
    {
      box_width = MAX (1, width * scale_factor);
      box_height = MAX (1, height * scale_factor);
    }

  if (box_width == self->box_width && box_height == self->box_height)
    return;

  self->box_width = box_width;
  self->box_height = box_height;
  request_frames (self);
}

/* ---- GObject --------------------------------------------------------- */

static void
cutout_preview_dispose (GObject *object)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  if (self->after != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->after, self);
      cutout_renderer_cancel (self->after);
    }
  if (self->before != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->before, self);
      cutout_renderer_cancel (self->before);
    }
  g_clear_object (&self->after);
  g_clear_object (&self->before);
  g_clear_object (&self->job);
  g_clear_object (&self->queue);
  g_clear_object (&self->texture);
  g_clear_object (&self->before_texture);
  g_clear_object (&self->original);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (cutout_preview_parent_class)->dispose (object);
}

static void
cutout_preview_finalize (GObject *object)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  g_clear_pointer (&self->options, cutout_options_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (cutout_preview_parent_class)->finalize (object);
}

static void
cutout_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_QUEUE: g_value_set_object (value, self->queue); break;
    case PROP_JOB: g_value_set_object (value, self->job); break;
    case PROP_ZOOM_TO_FIT: g_value_set_boolean (value, self->zoom_to_fit); break;
    case PROP_COMPARE: g_value_set_boolean (value, self->compare); break;
    case PROP_SPLIT: g_value_set_double (value, self->split); break;
    case PROP_TEXTURE: g_value_set_object (value, self->texture); break;
    case PROP_HAS_RESULT: g_value_set_boolean (value, self->result != NULL); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_QUEUE: cutout_preview_set_queue (self, g_value_get_object (value)); break;
    case PROP_JOB: cutout_preview_set_job (self, g_value_get_object (value)); break;
    case PROP_ZOOM_TO_FIT: cutout_preview_set_zoom_to_fit (self, g_value_get_boolean (value)); break;
    case PROP_COMPARE: cutout_preview_set_compare (self, g_value_get_boolean (value)); break;
    case PROP_SPLIT: cutout_preview_set_split (self, g_value_get_double (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preview_class_init (CutoutPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cutout_preview_dispose;
  object_class->finalize = cutout_preview_finalize;
  object_class->get_property = cutout_preview_get_property;
  object_class->set_property = cutout_preview_set_property;

  widget_class->snapshot = cutout_preview_snapshot;
  widget_class->measure = cutout_preview_measure;
  widget_class->size_allocate = cutout_preview_size_allocate;

  properties[PROP_QUEUE] = g_param_spec_object ("queue", NULL, NULL, CUTOUT_TYPE_QUEUE, rw);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, CUTOUT_TYPE_JOB, rw);
  properties[PROP_ZOOM_TO_FIT] = g_param_spec_boolean ("zoom-to-fit", NULL, NULL, TRUE, rw);
  properties[PROP_COMPARE] = g_param_spec_boolean ("compare", NULL, NULL, FALSE, rw);
  properties[PROP_SPLIT] = g_param_spec_double ("split", NULL, NULL, 0.0, 1.0, 0.5, rw);
  properties[PROP_TEXTURE] = g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE, ro);
  properties[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cutout-preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cutout_preview_init (CutoutPreview *self)
{
  self->zoom_to_fit = TRUE;
  self->split = 0.5;
  self->options = cutout_options_new ();
  self->status = g_strdup (_("Select an image to preview"));
  self->after = cutout_renderer_new (CUTOUT_PREVIEW_DECODE_MAX, CUTOUT_PREVIEW_DECODE_MAX);
  self->before = cutout_renderer_new (CUTOUT_PREVIEW_DECODE_MAX, CUTOUT_PREVIEW_DECODE_MAX);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_object (self->after, "frame-ready", G_CALLBACK (after_frame_ready_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after, "render-failed", G_CALLBACK (render_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->before, "frame-ready", G_CALLBACK (before_frame_ready_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_checkerboard (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"),
                                  -1);
}

/* ---- Public API ------------------------------------------------------ */

GtkWidget *
cutout_preview_new (void)
{
  return g_object_new (CUTOUT_TYPE_PREVIEW, NULL);
}

CutoutQueue *
cutout_preview_get_queue (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  return self->queue;
}

void
cutout_preview_set_queue (CutoutPreview *self,
                          CutoutQueue   *queue)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));
  g_return_if_fail (queue == NULL || CUTOUT_IS_QUEUE (queue));

  if (self->queue == queue)
    return;

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "notify::keep-editable", G_CALLBACK (job_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "notify::orient", G_CALLBACK (job_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
  if (self->job != NULL)
    reload (self);
}

CutoutJob *
cutout_preview_get_job (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  return self->job;
}

void
cutout_preview_set_job (CutoutPreview *self,
                        CutoutJob     *job)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));
  g_return_if_fail (job == NULL || CUTOUT_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      /* A job that becomes done (or is processed again) has a new result. */
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::output", G_CALLBACK (job_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  reload (self);
}

void
cutout_preview_set_options (CutoutPreview       *self,
                            const CutoutOptions *options)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  g_clear_pointer (&self->options, cutout_options_free);
  self->options = options != NULL ? cutout_options_copy (options) : cutout_options_new ();
  request_frames (self);
}

gboolean
cutout_preview_get_zoom_to_fit (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), TRUE);

  return self->zoom_to_fit;
}

void
cutout_preview_set_zoom_to_fit (CutoutPreview *self,
                                gboolean       zoom_to_fit)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  zoom_to_fit = !!zoom_to_fit;
  if (self->zoom_to_fit == zoom_to_fit)
    return;

  self->zoom_to_fit = zoom_to_fit;
  /* The display box depends on the zoom: allocate again. */
  self->box_width = self->box_height = 0;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_TO_FIT]);
}

gboolean
cutout_preview_get_compare (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);

  return self->compare;
}

void
cutout_preview_set_compare (CutoutPreview *self,
                            gboolean       compare)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  compare = !!compare;
  if (self->compare == compare)
    return;

  self->compare = compare;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

double
cutout_preview_get_split (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), 0.5);

  return self->split;
}

void
cutout_preview_set_split (CutoutPreview *self,
                          double         split)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  split = CLAMP (split, 0.0, 1.0);
  if (self->split == split)
    return;

  self->split = split;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT]);
}

GdkTexture *
cutout_preview_get_texture (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  return self->texture;
}

gboolean
cutout_preview_get_has_result (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);

  return self->result != NULL;
}

gboolean
cutout_preview_get_loading (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);

  return self->loading;
}

const char *
cutout_preview_get_status (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  return self->status;
}

gboolean
cutout_preview_get_image_size (CutoutPreview *self,
                               int           *width_out,
                               int           *height_out)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);

  if (self->image_width <= 0 || self->image_height <= 0)
    return FALSE;

  if (width_out != NULL)
    *width_out = self->image_width;
  if (height_out != NULL)
    *height_out = self->image_height;
  return TRUE;
}
