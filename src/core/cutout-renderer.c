/* cutout-renderer.c — the preview renderer: cancel-and-replace rendering in a worker thread
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-render.h"
#include "cutout-render-private.h"

/* CutoutRenderer. */

/* The source and its proxy, shared with the workers. Only one worker runs
 * at a time, but the lock keeps a late one from racing a new one. */
typedef struct
{
  gatomicrefcount    ref_count;
  GMutex             lock;
  GdkPixbuf         *pixbuf;
  CutoutRenderImage *proxy;
  int                proxy_max_width;
  int                proxy_max_height;
} SourceState;

static SourceState *
source_state_new (GdkPixbuf *pixbuf)
{
  SourceState *state = g_new0 (SourceState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  g_mutex_init (&state->lock);
  state->pixbuf = g_object_ref (pixbuf);
  return state;
}

static SourceState *
source_state_ref (SourceState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
source_state_unref (SourceState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_clear_object (&state->pixbuf);
  g_clear_pointer (&state->proxy, cutout_render_image_unref);
  g_mutex_clear (&state->lock);
  g_free (state);
}

/* The proxy for a display box, made once per source and box. */
static CutoutRenderImage *
source_state_get_proxy (SourceState *state,
                        int          max_width,
                        int          max_height)
{
  CutoutRenderImage *proxy;

  g_mutex_lock (&state->lock);
  if (state->proxy == NULL ||
      state->proxy_max_width != max_width ||
      state->proxy_max_height != max_height)
    {
      g_clear_pointer (&state->proxy, cutout_render_image_unref);
      state->proxy = cutout_render_make_proxy (state->pixbuf, max_width, max_height);
      state->proxy_max_width = max_width;
      state->proxy_max_height = max_height;
    }
  proxy = cutout_render_image_ref (state->proxy);
  g_mutex_unlock (&state->lock);

  return proxy;
}

typedef struct
{
  SourceState       *source;
  CutoutOptions     *options;
  CutoutRenderFlags  flags;
  int                max_width;
  int                max_height;
  gboolean           checkerboard;
  CutoutRenderChecker checker;
  guint              serial;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->source, source_state_unref);
  g_clear_pointer (&job->options, cutout_options_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderJob, render_job_free)

struct _CutoutRenderer
{
  GObject            parent_instance;

  SourceState       *source;
  int                max_width;
  int                max_height;
  gboolean           checkerboard;
  CutoutRenderChecker checker;
  guint              delay_ms;

  guint              serial;     /* of the newest request */
  guint              delay_id;
  RenderJob         *pending;    /* the newest request, not started yet */
  GCancellable      *running;    /* the worker in flight, or NULL */
  gboolean           busy;
  CutoutRenderImage *frame;
};

G_DEFINE_FINAL_TYPE (CutoutRenderer, cutout_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_DELAY,
  PROP_FRAME,
  PROP_BUSY,
  N_PROPS
};

enum {
  FRAME_READY,
  RENDER_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void renderer_start (CutoutRenderer *self);

static void
renderer_update_busy (CutoutRenderer *self)
{
  gboolean busy = self->pending != NULL || self->running != NULL;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  g_autoptr(CutoutRenderImage) proxy = NULL;
  g_autoptr(CutoutRenderImage) frame = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  proxy = source_state_get_proxy (job->source, job->max_width, job->max_height);
  frame = cutout_render_preview_checkered (proxy, job->options, job->flags, job->max_width, job->max_height,
                                           job->checkerboard ? &job->checker : NULL, cancellable, &error);
  if (frame == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&frame), (GDestroyNotify) cutout_render_image_unref);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CutoutRenderer *self = CUTOUT_RENDERER (object);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CutoutRenderImage) frame = NULL;
  g_autoptr(GError) error = NULL;
  gboolean newest;

  frame = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->running);

  /* A result is delivered only if no newer request came in meanwhile;
   * a cancelled one never is. */
  newest = job->serial == self->serial && self->pending == NULL;

  /* Handlers see the renderer idle (or busy with the next request). */
  renderer_start (self);
  renderer_update_busy (self);

  if (newest && frame != NULL)
    {
      g_clear_pointer (&self->frame, cutout_render_image_unref);
      self->frame = cutout_render_image_ref (frame);
      g_object_notify_by_pspec (object, properties[PROP_FRAME]);
      g_signal_emit (self, signals[FRAME_READY], 0, frame, job->serial);
    }
  else if (newest && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_signal_emit (self, signals[RENDER_FAILED], 0, error, job->serial);
    }
}

/* Starts the pending request, or asks the worker in flight to stop; its
 * callback then starts the pending one. */
static void
renderer_start (CutoutRenderer *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->pending == NULL || self->delay_id != 0)
    return;

  if (self->running != NULL)
    {
      g_cancellable_cancel (self->running);
      return;
    }

  self->running = g_cancellable_new ();
  task = g_task_new (self, self->running, render_done_cb, NULL);
  g_task_set_source_tag (task, cutout_renderer_request);
  g_task_set_name (task, "cutout-render-preview");
  g_task_set_task_data (task, g_steal_pointer (&self->pending), (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
delay_cb (gpointer user_data)
{
  CutoutRenderer *self = user_data;

  self->delay_id = 0;
  renderer_start (self);
  return G_SOURCE_REMOVE;
}

static void
cutout_renderer_dispose (GObject *object)
{
  CutoutRenderer *self = CUTOUT_RENDERER (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_pointer (&self->pending, render_job_free);
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_clear_object (&self->running);
  g_clear_pointer (&self->source, source_state_unref);
  g_clear_pointer (&self->frame, cutout_render_image_unref);

  G_OBJECT_CLASS (cutout_renderer_parent_class)->dispose (object);
}

static void
cutout_renderer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CutoutRenderer *self = CUTOUT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, cutout_renderer_get_source (self));
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_FRAME:
      g_value_set_boxed (value, self->frame);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_renderer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CutoutRenderer *self = CUTOUT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      cutout_renderer_set_source (self, g_value_get_object (value));
      break;
    case PROP_DELAY:
      cutout_renderer_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_renderer_class_init (CutoutRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cutout_renderer_dispose;
  object_class->get_property = cutout_renderer_get_property;
  object_class->set_property = cutout_renderer_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, GDK_TYPE_PIXBUF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, 10000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME] =
    g_param_spec_boxed ("frame", NULL, NULL, CUTOUT_TYPE_RENDER_IMAGE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::frame-ready (CutoutRenderImage *frame, guint serial) */
  signals[FRAME_READY] =
    g_signal_new ("frame-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  CUTOUT_TYPE_RENDER_IMAGE | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  /* ::render-failed (GError *error, guint serial): e.g. an invalid option,
   * in the service's words. Cancelled renders are never reported. */
  signals[RENDER_FAILED] =
    g_signal_new ("render-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
}

static void
cutout_renderer_init (CutoutRenderer *self)
{
  self->checker.square_size = 8;
}

CutoutRenderer *
cutout_renderer_new (int max_width,
                     int max_height)
{
  CutoutRenderer *self = g_object_new (CUTOUT_TYPE_RENDERER, NULL);

  cutout_renderer_set_display_size (self, max_width, max_height);
  return self;
}

void
cutout_renderer_set_source (CutoutRenderer *self,
                            GdkPixbuf      *source)
{
  g_return_if_fail (CUTOUT_IS_RENDERER (self));
  g_return_if_fail (source == NULL || GDK_IS_PIXBUF (source));

  if (source == cutout_renderer_get_source (self))
    return;

  /* A frame of the old source must not arrive after the switch. */
  cutout_renderer_cancel (self);
  g_clear_pointer (&self->source, source_state_unref);
  if (source != NULL)
    self->source = source_state_new (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

GdkPixbuf *
cutout_renderer_get_source (CutoutRenderer *self)
{
  g_return_val_if_fail (CUTOUT_IS_RENDERER (self), NULL);

  return self->source != NULL ? self->source->pixbuf : NULL;
}

void
cutout_renderer_set_display_size (CutoutRenderer *self,
                                  int             max_width,
                                  int             max_height)
{
  g_return_if_fail (CUTOUT_IS_RENDERER (self));
  g_return_if_fail (max_width > 0 && max_height > 0);

  self->max_width = max_width;
  self->max_height = max_height;
}

void
cutout_renderer_set_checkerboard (CutoutRenderer    *self,
                                  int                square_size,
                                  const CutoutColor *light,
                                  const CutoutColor *dark)
{
  g_return_if_fail (CUTOUT_IS_RENDERER (self));
  g_return_if_fail (light == NULL || (dark != NULL && square_size > 0));

  self->checkerboard = light != NULL;
  if (light != NULL)
    {
      self->checker.square_size = square_size;
      self->checker.light = *light;
      self->checker.dark = *dark;
    }
}

void
cutout_renderer_set_delay (CutoutRenderer *self,
                           guint           delay_ms)
{
  g_return_if_fail (CUTOUT_IS_RENDERER (self));

  if (self->delay_ms == delay_ms)
    return;
  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

guint
cutout_renderer_get_delay (CutoutRenderer *self)
{
  g_return_val_if_fail (CUTOUT_IS_RENDERER (self), 0);

  return self->delay_ms;
}

guint
cutout_renderer_request (CutoutRenderer      *self,
                         const CutoutOptions *options,
                         CutoutRenderFlags    flags)
{
  RenderJob *job;

  g_return_val_if_fail (CUTOUT_IS_RENDERER (self), 0);
  g_return_val_if_fail (options != NULL, 0);

  if (self->source == NULL)
    return 0;

  job = g_new0 (RenderJob, 1);
  job->source = source_state_ref (self->source);
  job->options = cutout_options_copy (options);
  job->flags = flags;
  job->max_width = self->max_width;
  job->max_height = self->max_height;
  job->checkerboard = self->checkerboard;
  job->checker = self->checker;
  job->serial = ++self->serial;

  g_clear_pointer (&self->pending, render_job_free);
  self->pending = job;

  if (self->delay_ms > 0)
    {
      /* Debounce: restart the wait on every request. */
      g_clear_handle_id (&self->delay_id, g_source_remove);
      self->delay_id = g_timeout_add (self->delay_ms, delay_cb, self);
    }

  /* Cancel the worker in flight now, even while debouncing. */
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  renderer_start (self);
  renderer_update_busy (self);

  return job->serial;
}

void
cutout_renderer_cancel (CutoutRenderer *self)
{
  g_return_if_fail (CUTOUT_IS_RENDERER (self));

  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_pointer (&self->pending, render_job_free);
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  /* A worker that finished before noticing must not deliver either. */
  self->serial++;
  renderer_update_busy (self);
}

CutoutRenderImage *
cutout_renderer_get_frame (CutoutRenderer *self)
{
  g_return_val_if_fail (CUTOUT_IS_RENDERER (self), NULL);

  return self->frame;
}

gboolean
cutout_renderer_get_busy (CutoutRenderer *self)
{
  g_return_val_if_fail (CUTOUT_IS_RENDERER (self), FALSE);

  return self->busy;
}
