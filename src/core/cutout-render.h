/* cutout-render.h — the local renderer: applies the output options to a cut-out without a credit
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cutout-color.h"
#include "cutout-options.h"

G_BEGIN_DECLS

/* What the renderer does, in the service's order (see cutout-render.c
 * for the details and for how it matches the fake server):
 *
 *  1. resize: w only or h only keeps the aspect ratio (the other side
 *     rounded, at least 1 px); w and h fit inside w × h; exact_resize
 *     with both gives exactly w × h;
 *  2. rotate by angle degrees counter-clockwise with PIL's Image.rotate
 *     geometry (expand: the canvas is the rotated bounding box,
 *     ceil (max) − floor (min) of the rotated corners; otherwise the size
 *     is kept and the corners are cropped), uncovered areas transparent;
 *  3. bg_color composited under the whole canvas ("over"), or with
 *     mask=true the alpha as an opaque greyscale image.
 *
 * Pixels are RGBA, 8 bits per channel, premultiplied alpha: bilinear
 * sampling and "over" are then plain weighted sums, and a frame can be
 * handed to gdk_memory_texture_new() as GDK_MEMORY_R8G8B8A8_PREMULTIPLIED
 * without another pass. GdkPixbufs (straight alpha) are converted at the
 * edges. */

typedef struct
{
  int x;
  int y;
  int width;
  int height;
} CutoutRect;

/* CutoutRenderImage: a reference-counted RGBA8 premultiplied image with
 * rows of exactly width * 4 bytes. Once it has been handed out it is
 * never written again, so it may be shared between threads. A proxy made
 * by cutout_render_make_proxy() also knows the size of the image it
 * stands for ("source size"); for any other image that is its own size. */

#define CUTOUT_TYPE_RENDER_IMAGE (cutout_render_image_get_type ())

typedef struct _CutoutRenderImage CutoutRenderImage;

GType              cutout_render_image_get_type          (void) G_GNUC_CONST;
/* A fully transparent image. */
CutoutRenderImage *cutout_render_image_new               (int                 width,
                                                          int                 height) G_GNUC_WARN_UNUSED_RESULT;
CutoutRenderImage *cutout_render_image_new_from_pixbuf   (GdkPixbuf          *pixbuf) G_GNUC_WARN_UNUSED_RESULT;
CutoutRenderImage *cutout_render_image_ref               (CutoutRenderImage  *self);
void               cutout_render_image_unref             (CutoutRenderImage  *self);
int                cutout_render_image_get_width         (CutoutRenderImage  *self);
int                cutout_render_image_get_height        (CutoutRenderImage  *self);
gsize              cutout_render_image_get_stride        (CutoutRenderImage  *self);
int                cutout_render_image_get_source_width  (CutoutRenderImage  *self);
int                cutout_render_image_get_source_height (CutoutRenderImage  *self);
const guint8      *cutout_render_image_get_data          (CutoutRenderImage  *self);
/* Writable pixels: only for an image that has not been shared yet. */
guint8            *cutout_render_image_get_data_mutable  (CutoutRenderImage  *self);
/* The pixels without a copy (for gdk_memory_texture_new ()). */
GBytes            *cutout_render_image_get_bytes         (CutoutRenderImage  *self) G_GNUC_WARN_UNUSED_RESULT;
/* One pixel in straight (not premultiplied) alpha. */
void               cutout_render_image_get_pixel         (CutoutRenderImage  *self,
                                                          int                 x,
                                                          int                 y,
                                                          CutoutColor        *color_out);
/* A straight-alpha RGBA pixbuf of the same pixels. */
GdkPixbuf         *cutout_render_image_to_pixbuf         (CutoutRenderImage  *self) G_GNUC_WARN_UNUSED_RESULT;
/* A copy of @rect (which must lie inside the image). */
CutoutRenderImage *cutout_render_image_crop              (CutoutRenderImage  *self,
                                                          const CutoutRect   *rect) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutRenderImage, cutout_render_image_unref)

/* Geometry: the sizes the service gives an input of @source_width ×
 * @source_height with @options (no pixels involved). */
typedef struct
{
  int resized_width;   /* after step 1 */
  int resized_height;
  int width;           /* after step 2: the output's size */
  int height;
} CutoutRenderGeometry;

void               cutout_render_get_geometry            (int                  source_width,
                                                          int                  source_height,
                                                          const CutoutOptions *options,
                                                          CutoutRenderGeometry *geometry_out);

typedef enum
{
  CUTOUT_RENDER_FLAGS_NONE      = 0,
  /* The "before" view: resize and rotate only; mask and bg_color are
   * ignored (the original photo, framed as the result will be). */
  CUTOUT_RENDER_GEOMETRY_ONLY   = 1 << 0,
} CutoutRenderFlags;

/* A display-sized stand-in for @source: scaled down (never up) with a box
 * filter to fit inside @max_width × @max_height, remembering @source's
 * size. Made once per source and reused across option changes. Takes
 * tens of milliseconds for 24 megapixels: call it from a thread. */
CutoutRenderImage *cutout_render_make_proxy              (GdkPixbuf          *source,
                                                          int                 max_width,
                                                          int                 max_height) G_GNUC_WARN_UNUSED_RESULT;

/* The preview: what the service would return for the full-size image
 * that @proxy stands for, in one pass over the proxy, scaled to fit
 * inside @max_width × @max_height (0 = no limit) and never larger than
 * the real output. Fails with CUTOUT_API_ERROR_INVALID_COLOR for a bad
 * bg_color (the service's message) or G_IO_ERROR_CANCELLED. Thread-safe. */
CutoutRenderImage *cutout_render_preview                 (CutoutRenderImage  *proxy,
                                                          const CutoutOptions *options,
                                                          CutoutRenderFlags   flags,
                                                          int                 max_width,
                                                          int                 max_height,
                                                          GCancellable       *cancellable,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The full-size result, e.g. the final file of an "editable" cut-out:
 * resize with gdk-pixbuf's bilinear filter (as the fake server does), then
 * rotate, then bg_color or mask. Returns a straight-alpha RGBA pixbuf, or
 * for mask=true an RGB pixbuf with r = g = b = alpha. Thread-safe. */
GdkPixbuf         *cutout_render_pixbuf                  (GdkPixbuf          *cutout,
                                                          const CutoutOptions *options,
                                                          CutoutRenderFlags   flags,
                                                          GCancellable       *cancellable,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void               cutout_render_pixbuf_async            (GdkPixbuf          *cutout,
                                                          const CutoutOptions *options,
                                                          CutoutRenderFlags   flags,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GdkPixbuf         *cutout_render_pixbuf_finish           (GAsyncResult       *result,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Display helper: @image composited over a checkerboard of @square_size
 * px squares, @light at (0, 0), @dark next to it (their alpha is
 * ignored). The result is opaque. */
CutoutRenderImage *cutout_render_checkerboard            (CutoutRenderImage  *image,
                                                          int                 square_size,
                                                          const CutoutColor  *light,
                                                          const CutoutColor  *dark) G_GNUC_WARN_UNUSED_RESULT;

/* Trim: the bounding box of the pixels whose alpha is not 0, grown by
 * @margin px on each side and clamped to the image. FALSE (and
 * @bounds_out the whole image) when no pixel is visible. A pixbuf without
 * alpha is visible everywhere. */
gboolean           cutout_render_image_get_subject_bounds (CutoutRenderImage *image,
                                                           int                margin,
                                                           CutoutRect        *bounds_out);
gboolean           cutout_render_pixbuf_get_subject_bounds (GdkPixbuf        *pixbuf,
                                                            int               margin,
                                                            CutoutRect       *bounds_out);
/* A copy of @pixbuf cut to its subject bounds (the whole image when
 * nothing is visible). */
GdkPixbuf         *cutout_render_trim_pixbuf             (GdkPixbuf          *pixbuf,
                                                          int                 margin) G_GNUC_WARN_UNUSED_RESULT;

/* CutoutRenderer: the live preview's engine, used from the main thread.
 * Give it a source and a display size; every cutout_renderer_request()
 * cancels the render in flight (cancel-and-replace), renders in a GTask
 * thread, and the newest frame arrives on the main context as
 * ::frame-ready (CutoutRenderImage *frame, guint serial) and the "frame"
 * property; invalid options arrive as ::render-failed (GError *error,
 * guint serial) in the service's words. Only one worker runs at a
 * time: a request made while one runs waits for it to notice the
 * cancellation, and requests in between are dropped (only the newest is
 * rendered). The proxy is made in the worker, once per source and size.
 * Renders take a few milliseconds, so no debounce is needed; "delay"
 * (ms, default 0) adds one for callers that want it. */

#define CUTOUT_TYPE_RENDERER (cutout_renderer_get_type ())

G_DECLARE_FINAL_TYPE (CutoutRenderer, cutout_renderer, CUTOUT, RENDERER, GObject)

CutoutRenderer    *cutout_renderer_new                   (int                 max_width,
                                                          int                 max_height) G_GNUC_WARN_UNUSED_RESULT;
/* @source may be NULL; the frame is kept until the next one. */
void               cutout_renderer_set_source            (CutoutRenderer     *self,
                                                          GdkPixbuf          *source);
GdkPixbuf         *cutout_renderer_get_source            (CutoutRenderer     *self);
void               cutout_renderer_set_display_size      (CutoutRenderer     *self,
                                                          int                 max_width,
                                                          int                 max_height);
/* Frames composited over a checkerboard (see cutout_render_checkerboard(),
 * done in the same pass); @light NULL turns it off (the default). */
void               cutout_renderer_set_checkerboard      (CutoutRenderer     *self,
                                                          int                 square_size,
                                                          const CutoutColor  *light,
                                                          const CutoutColor  *dark);
void               cutout_renderer_set_delay             (CutoutRenderer     *self,
                                                          guint               delay_ms);
guint              cutout_renderer_get_delay             (CutoutRenderer     *self);
/* Returns the request's serial (as passed to ::frame-ready), increasing
 * from 1. Does nothing (and returns 0) without a source. */
guint              cutout_renderer_request               (CutoutRenderer     *self,
                                                          const CutoutOptions *options,
                                                          CutoutRenderFlags   flags);
void               cutout_renderer_cancel                (CutoutRenderer     *self);
/* The newest frame delivered, or NULL. */
CutoutRenderImage *cutout_renderer_get_frame             (CutoutRenderer     *self);
/* TRUE from a request until its frame (or failure) is delivered. */
gboolean           cutout_renderer_get_busy              (CutoutRenderer     *self);

G_END_DECLS
