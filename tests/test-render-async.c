/* test-render-async.c — tests of the async renderer: CutoutRenderer and cutout_render_pixbuf_async()
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cutout-api-error.h"
#include "test-render-util.h"

typedef struct
{
  GThread           *main_thread;
  guint              n_frames;
  guint              n_failures;
  guint              last_serial;
  CutoutRenderImage *frame;
  GError            *error;
  gboolean           done;
} Delivery;

static void
frame_ready_cb (CutoutRenderer    *renderer,
                CutoutRenderImage *frame,
                guint              serial,
                Delivery          *d)
{
  /* Results arrive on the main context, in the main thread. */
  g_assert_true (g_thread_self () == d->main_thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_true (cutout_renderer_get_frame (renderer) == frame);
  g_assert_false (cutout_renderer_get_busy (renderer));

  d->n_frames++;
  d->last_serial = serial;
  g_clear_pointer (&d->frame, cutout_render_image_unref);
  d->frame = cutout_render_image_ref (frame);
  d->done = TRUE;
}

static void
render_failed_cb (CutoutRenderer *renderer,
                  const GError   *error,
                  guint           serial,
                  Delivery       *d)
{
  g_assert_true (g_thread_self () == d->main_thread);
  d->n_failures++;
  d->last_serial = serial;
  g_clear_error (&d->error);
  d->error = g_error_copy (error);
  d->done = TRUE;
}

static void
delivery_clear (Delivery *d)
{
  g_clear_pointer (&d->frame, cutout_render_image_unref);
  g_clear_error (&d->error);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean flag = FALSE;

  g_timeout_add (ms, set_flag_cb, &flag);
  while (!flag)
    g_main_context_iteration (NULL, TRUE);
}

static CutoutRenderer *
new_renderer (Delivery *d,
              int       width,
              int       height)
{
  g_autoptr(GdkPixbuf) source = new_filled (width, height, 0x80808080);
  CutoutRenderer *renderer = cutout_renderer_new (1024, 768);

  d->main_thread = g_thread_self ();
  cutout_renderer_set_source (renderer, source);
  g_signal_connect (renderer, "frame-ready", G_CALLBACK (frame_ready_cb), d);
  g_signal_connect (renderer, "render-failed", G_CALLBACK (render_failed_cb), d);
  return renderer;
}

static void
test_renderer_replace (void)
{
  Delivery d = { 0 };
  g_autoptr(CutoutRenderer) renderer = new_renderer (&d, 3000, 2000);
  g_autoptr(CutoutOptions) first = cutout_options_new ();
  g_autoptr(CutoutOptions) second = cutout_options_new ();
  guint s1, s2;

  g_assert_null (cutout_renderer_get_frame (renderer));
  g_assert_false (cutout_renderer_get_busy (renderer));

  /* Two quick requests: only the second one's frame arrives. */
  first->angle = 0;
  second->angle = 90;
  s1 = cutout_renderer_request (renderer, first, CUTOUT_RENDER_FLAGS_NONE);
  s2 = cutout_renderer_request (renderer, second, CUTOUT_RENDER_FLAGS_NONE);
  g_assert_cmpuint (s1, >, 0);
  g_assert_cmpuint (s2, >, s1);
  g_assert_true (cutout_renderer_get_busy (renderer));

  cutout_test_wait_for (&d.done, 10000);
  spin (100);
  g_assert_cmpuint (d.n_frames, ==, 1);
  g_assert_cmpuint (d.n_failures, ==, 0);
  g_assert_cmpuint (d.last_serial, ==, s2);
  /* 3000 × 2000 turned: 2000 × 3000 fitted into 1024 × 768. */
  g_assert_cmpint (cutout_render_image_get_width (d.frame), ==, 512);
  g_assert_cmpint (cutout_render_image_get_height (d.frame), ==, 768);

  /* A burst of ten: the last wins, nothing else is delivered. */
  d.done = FALSE;
  for (int i = 1; i <= 10; i++)
    {
      first->width = 100 * i;
      s2 = cutout_renderer_request (renderer, first, CUTOUT_RENDER_FLAGS_NONE);
    }
  cutout_test_wait_for (&d.done, 10000);
  spin (100);
  g_assert_cmpuint (d.n_frames, ==, 2);
  g_assert_cmpuint (d.last_serial, ==, s2);
  g_assert_cmpint (cutout_render_image_get_width (d.frame), ==, 1000);
  g_assert_cmpint (cutout_render_image_get_height (d.frame), ==, 667);

  delivery_clear (&d);
}

static void
test_renderer_checkerboard_and_failure (void)
{
  const CutoutColor light = { 0xee, 0xee, 0xee, 0xff };
  const CutoutColor dark = { 0x11, 0x11, 0x11, 0xff };
  Delivery d = { 0 };
  g_autoptr(CutoutRenderer) renderer = new_renderer (&d, 200, 100);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  CutoutColor c;

  cutout_renderer_set_checkerboard (renderer, 10, &light, &dark);
  options->angle = 45;
  cutout_renderer_request (renderer, options, CUTOUT_RENDER_FLAGS_NONE);
  cutout_test_wait_for (&d.done, 10000);
  g_assert_cmpuint (d.n_frames, ==, 1);
  /* The corners the rotation added show the board. */
  cutout_render_image_get_pixel (d.frame, 0, 0, &c);
  assert_color (c, 0xee, 0xee, 0xee, 0xff);
  cutout_render_image_get_pixel (d.frame, 10, 0, &c);
  assert_color (c, 0x11, 0x11, 0x11, 0xff);

  /* An invalid option becomes ::render-failed in the service's words. */
  d.done = FALSE;
  options->width = 20000;
  cutout_renderer_request (renderer, options, CUTOUT_RENDER_FLAGS_NONE);
  cutout_test_wait_for (&d.done, 10000);
  g_assert_cmpuint (d.n_failures, ==, 1);
  g_assert_error (d.error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_ABOVE_MAXIMUM);
  g_assert_cmpstr (d.error->message, ==, "'w' must be at most 10000, got: 20000");
  g_assert_nonnull (cutout_renderer_get_frame (renderer));   /* the last good frame stays */

  delivery_clear (&d);
}

static void
test_renderer_delay_and_cancel (void)
{
  Delivery d = { 0 };
  g_autoptr(CutoutRenderer) renderer = new_renderer (&d, 400, 300);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  guint last = 0;

  /* Debounced: three requests within the delay make one frame. */
  cutout_renderer_set_delay (renderer, 50);
  g_assert_cmpuint (cutout_renderer_get_delay (renderer), ==, 50);
  for (int i = 1; i <= 3; i++)
    {
      options->width = 100 * i;
      last = cutout_renderer_request (renderer, options, CUTOUT_RENDER_FLAGS_NONE);
      spin (10);
    }
  g_assert_cmpuint (d.n_frames, ==, 0);
  cutout_test_wait_for (&d.done, 10000);
  spin (100);
  g_assert_cmpuint (d.n_frames, ==, 1);
  g_assert_cmpuint (d.last_serial, ==, last);
  g_assert_cmpint (cutout_render_image_get_width (d.frame), ==, 300);

  /* Cancelled: nothing arrives, and it is no longer busy. */
  cutout_renderer_set_delay (renderer, 0);
  options->width = 50;
  cutout_renderer_request (renderer, options, CUTOUT_RENDER_FLAGS_NONE);
  cutout_renderer_cancel (renderer);
  spin (200);
  g_assert_cmpuint (d.n_frames, ==, 1);
  g_assert_false (cutout_renderer_get_busy (renderer));

  /* Without a source there is nothing to do. */
  cutout_renderer_set_source (renderer, NULL);
  g_assert_cmpuint (cutout_renderer_request (renderer, options, CUTOUT_RENDER_FLAGS_NONE), ==, 0);

  delivery_clear (&d);
}

static void
pixbuf_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GdkPixbuf **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cutout_render_pixbuf_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_render_pixbuf_async (void)
{
  g_autoptr(GdkPixbuf) source = new_transparent (30, 20);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GdkPixbuf) result = NULL;

  put (source, 29, 0, 1, 2, 3, 255);
  options->angle = 90;
  cutout_options_set_bg_color (options, "#fff");
  cutout_render_pixbuf_async (source, options, CUTOUT_RENDER_FLAGS_NONE, NULL, pixbuf_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_size (result, 20, 30);
  assert_rgba (result, 0, 0, 1, 2, 3, 255);
  assert_rgba (result, 1, 0, 255, 255, 255, 255);
}

void
render_add_async_tests (void)
{
  g_test_add_func ("/render/renderer/replace", test_renderer_replace);
  g_test_add_func ("/render/renderer/checkerboard-failure", test_renderer_checkerboard_and_failure);
  g_test_add_func ("/render/renderer/delay-cancel", test_renderer_delay_and_cancel);
  g_test_add_func ("/render/pixbuf-async", test_render_pixbuf_async);
}
