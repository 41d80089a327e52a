/* test-fake-server-images.c — the fake server's answers checked as decoded images
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-fake-server-util.h"

static void
test_images_cutout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 160, "png");
  g_autoptr(GBytes) jpeg = disc_image (f, 200, 160, "jpeg");
  g_autoptr(GBytes) bmp = disc_image (f, 200, 160, "bmp");
  g_autoptr(GBytes) webp = disc_image (f, 200, 160, "webp");
  const char *as_png[] = { "format", "png", NULL };
  const char *as_jpeg[] = { "format", "jpeg", NULL };
  const char *as_bmp[] = { "format", "bmp", NULL };
  g_auto(Reply) reply = { 0 };

  {
    g_autoptr(GdkPixbuf) out = NULL;

    post_rmbg (f, KEY, "disc.png", png, as_png, &reply);
    out = assert_image (&reply, "image/png", 200, 160);
    assert_cutout (out);
    /* Straight from the PNG's header: 8-bit RGBA. */
    g_assert_cmpuint (((const guint8 *) g_bytes_get_data (reply.body, NULL))[25], ==, 6);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;

    /* No format: WebP. */
    post_rmbg (f, KEY, "disc.png", png, NULL, &reply);
    out = assert_image (&reply, "image/webp", 200, 160);
    assert_cutout (out);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;

    post_rmbg (f, KEY, "photo.jpg", jpeg, as_png, &reply);
    out = assert_image (&reply, "image/png", 200, 160);
    assert_cutout (out);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;
    guint8 corner[4], centre[4];

    /* JPEG has no alpha: the removed background becomes black. */
    post_rmbg (f, KEY, "scan.bmp", bmp, as_jpeg, &reply);
    out = assert_image (&reply, "image/jpeg", 200, 160);
    get_pixel (out, 0, 0, corner);
    get_pixel (out, 100, 80, centre);
    g_assert_cmpuint (MAX (corner[0], MAX (corner[1], corner[2])), <=, 8);
    g_assert_cmpint (ABS (centre[0] - 200), <=, 12);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;
    guint8 corner[4];

    post_rmbg (f, KEY, "in.webp", webp, as_bmp, &reply);
    out = assert_image (&reply, "image/bmp", 200, 160);
    get_pixel (out, 199, 159, corner);
    g_assert_cmpuint (corner[0] | corner[1] | corner[2], ==, 0);
  }
}

static void
test_images_mask (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 160, "png");
  const char *mask_png[] = { "mask", "true", "format", "png", NULL };
  const char *mask_bmp[] = { "mask", "1", "format", "bmp", NULL };
  const char *mask_rotated[] = { "mask", "True", "format", "png", "angle", "45", NULL };
  g_auto(Reply) reply = { 0 };

  {
    g_autoptr(GdkPixbuf) out = NULL;
    const guint8 *bytes;
    guint8 corner[4], centre[4];

    post_rmbg (f, KEY, "a.png", png, mask_png, &reply);
    out = assert_image (&reply, "image/png", 200, 160);
    /* IHDR: bit depth 8, colour type 0 (greyscale). */
    bytes = g_bytes_get_data (reply.body, NULL);
    g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
    g_assert_cmpuint (bytes[24], ==, 8);
    g_assert_cmpuint (bytes[25], ==, 0);
    g_assert_false (gdk_pixbuf_get_has_alpha (out));
    get_pixel (out, 0, 0, corner);
    get_pixel (out, 100, 80, centre);
    g_assert_cmpuint (corner[0] | corner[1] | corner[2], ==, 0);
    g_assert_cmpuint (centre[0] & centre[1] & centre[2], ==, 255);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;

    /* Other formats: RGB with r = g = b everywhere. */
    post_rmbg (f, KEY, "a.png", png, mask_bmp, &reply);
    out = assert_image (&reply, "image/bmp", 200, 160);
    for (int y = 0; y < 160; y += 7)
      for (int x = 0; x < 200; x += 3)
        {
          guint8 p[4];

          get_pixel (out, x, y, p);
          g_assert_true (p[0] == p[1] && p[1] == p[2]);
          g_assert_true (p[0] == 0 || p[0] == 255);
        }
    g_assert_cmpuint (alpha_at (out, 0, 0), ==, 255);
  }
  {
    g_autoptr(GdkPixbuf) out = NULL;
    guint8 corner[4];

    post_rmbg (f, KEY, "a.png", png, mask_rotated, &reply);
    out = decode (reply.body);
    g_assert_cmpint (gdk_pixbuf_get_width (out), >, 200);
    get_pixel (out, 0, 0, corner);
    g_assert_cmpuint (corner[0], ==, 0);
  }
}

static void
assert_corners_color (GdkPixbuf    *pixbuf,
                      const guint8  expected[4])
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  const int corners[4][2] = { { 0, 0 }, { w - 1, 0 }, { 0, h - 1 }, { w - 1, h - 1 } };

  for (guint i = 0; i < 4; i++)
    {
      guint8 p[4];

      get_pixel (pixbuf, corners[i][0], corners[i][1], p);
      g_assert_cmpmem (p, 4, expected, 4);
    }
}

static void
test_images_bg_color (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 100, "png");
  const struct {
    const char *color;
    const char *angle;
    guint8      rgba[4];
  } rows[] = {
    { "#00ff00", "0", { 0, 255, 0, 255 } },
    { "#0000ff80", "0", { 0, 0, 255, 128 } },
    { "#f0a", "0", { 255, 0, 170, 255 } },
    { "Navy", "45", { 0, 0, 128, 255 } },           /* the expanded corners too */
    { "rebeccapurple", "30", { 102, 51, 153, 255 } },
    { "transparent", "0", { 0, 0, 0, 0 } },
  };
  g_auto(Reply) reply = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *fields[] = { "format", "png", "bg_color", rows[i].color, "angle", rows[i].angle, NULL };
      g_autoptr(GdkPixbuf) out = NULL;
      guint8 centre[4];

      post_rmbg (f, KEY, "a.png", png, fields, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      out = decode (reply.body);
      assert_corners_color (out, rows[i].rgba);
      get_pixel (out, gdk_pixbuf_get_width (out) / 2, gdk_pixbuf_get_height (out) / 2, centre);
      g_assert_cmpuint (centre[3], ==, 255);
      g_assert_cmpint (ABS (centre[0] - 200), <=, 12);
    }
}

/* A 60 × 40 white image with a red block near its top-left corner, to
 * see which way a rotation turns. */
static GBytes *
block_image (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 60, 40);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  for (int y = 5; y < 16; y++)
    for (int x = 5; x < 21; x++)
      {
        guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;

        p[0] = 220;
        p[1] = p[2] = 0;
      }
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static void
test_images_rotate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 100, "png");
  g_autoptr(GBytes) block = block_image ();
  /* PIL's expand: the rotated corners of 200 × 100 by 45° reach ±106.07
   * around the centre, so ceil (206.07) − floor (−6.07) = 214 wide and
   * ceil (156.07) − floor (−56.07) = 214 tall. */
  const struct {
    const char *angle;
    const char *expand;
    int         width;
    int         height;
  } rows[] = {
    { "90", NULL, 100, 200 },
    { "-90", "true", 100, 200 },
    { "270", NULL, 100, 200 },
    { "45", NULL, 214, 214 },
    { "-45", "1", 214, 214 },
    { "45", "false", 200, 100 },
    { "90", "false", 200, 100 },
    { "180", NULL, 200, 100 },
    { "360", NULL, 200, 100 },
    { "12.5", "false", 200, 100 },
  };
  g_auto(Reply) reply = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *fields[] = { "format", "png", "angle", rows[i].angle,
                               rows[i].expand != NULL ? "expand" : NULL, rows[i].expand, NULL };
      g_autoptr(GdkPixbuf) out = NULL;

      g_test_message ("angle %s, expand %s", rows[i].angle, rows[i].expand);
      post_rmbg (f, KEY, "a.png", png, fields, &reply);
      out = assert_image (&reply, "image/png", rows[i].width, rows[i].height);
      assert_cutout (out);
    }

  /* Counter-clockwise: a block near the top-left corner ends up near the
   * bottom-left one. */
  {
    const char *fields[] = { "format", "png", "angle", "90", NULL };
    g_autoptr(GdkPixbuf) out = NULL;

    post_rmbg (f, KEY, "block.png", block, fields, &reply);
    out = assert_image (&reply, "image/png", 40, 60);
    g_assert_cmpuint (alpha_at (out, 10, 47), ==, 255);
    g_assert_cmpuint (alpha_at (out, 10, 12), ==, 0);
    g_assert_cmpuint (alpha_at (out, 30, 47), ==, 0);
  }
}

static void
test_images_resize (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) png = disc_image (f, 200, 160, "png");
  const struct {
    const char *w;
    const char *h;
    const char *exact;
    int         width;
    int         height;
  } rows[] = {
    { "100", NULL, NULL, 100, 80 },
    { NULL, "40", NULL, 50, 40 },
    { "100", "100", NULL, 100, 80 },          /* fits inside, keeps the aspect */
    { "100", "100", "false", 100, 80 },
    { "300", "120", NULL, 150, 120 },
    { "100", "100", "true", 100, 100 },       /* forced */
    { "64", "200", "1", 64, 200 },
    { "100", NULL, "true", 100, 80 },         /* exact needs both */
    { "300", NULL, NULL, 300, 240 },
    { "0", "0", NULL, 200, 160 },
  };
  g_auto(Reply) reply = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *fields[10] = { "format", "png", NULL, };
      g_autoptr(GdkPixbuf) out = NULL;
      guint n = 2;

      if (rows[i].w != NULL)
        {
          fields[n++] = "w";
          fields[n++] = rows[i].w;
        }
      if (rows[i].h != NULL)
        {
          fields[n++] = "h";
          fields[n++] = rows[i].h;
        }
      if (rows[i].exact != NULL)
        {
          fields[n++] = "exact_resize";
          fields[n++] = rows[i].exact;
        }

      post_rmbg (f, KEY, "a.png", png, fields, &reply);
      out = assert_image (&reply, "image/png", rows[i].width, rows[i].height);
      assert_cutout (out);
    }
}

static void
test_images_speed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = disc_image (f, 2000, 1500, "jpeg");
  const char *fields[] = { "format", "png", NULL };
  const char *rotated[] = { "format", "webp", "angle", "30", "bg_color", "#123456", NULL };
  g_autoptr(GdkPixbuf) out = NULL;
  g_auto(Reply) reply = { 0 };
  /* Three seconds, scaled like every deadline under valgrind. */
  gint64 limit_us = (gint64) cutout_test_timeout_ms (3000) * 1000;

  post_rmbg (f, KEY, "big.jpg", jpeg, fields, &reply);
  out = assert_image (&reply, "image/png", 2000, 1500);
  assert_cutout (out);
  g_test_message ("2000 × 1500 JPEG to PNG cut-out: %.0f ms for the whole request",
                  reply.elapsed_us / 1000.0);
  g_assert_cmpint (reply.elapsed_us, <, limit_us);

  post_rmbg (f, KEY, "big.jpg", jpeg, rotated, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_test_message ("2000 × 1500 rotated by 30° on a color, as WebP: %.0f ms",
                  reply.elapsed_us / 1000.0);
  g_assert_cmpint (reply.elapsed_us, <, limit_us);
}

void
fake_server_add_image_tests (void)
{
  FAKE_SERVER_ADD ("images/cutout", test_images_cutout);
  FAKE_SERVER_ADD ("images/mask", test_images_mask);
  FAKE_SERVER_ADD ("images/bg-color", test_images_bg_color);
  FAKE_SERVER_ADD ("images/rotate", test_images_rotate);
  FAKE_SERVER_ADD ("images/resize", test_images_resize);
  FAKE_SERVER_ADD ("images/speed", test_images_speed);
}
