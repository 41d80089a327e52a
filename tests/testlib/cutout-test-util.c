/* cutout-test-util.c — helpers shared by the test suites
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cutout-test-util.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cutout-test-bmp.h"

char *
cutout_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cutout_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      cutout_test_rm_rf (child);
    }
  g_rmdir (path);
}

char *
cutout_test_write_image (const char *dir,
                         const char *name,
                         int         width,
                         int         height,
                         const char *format)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  double cx = width / 2.0, cy = height / 2.0;
  double radius = MIN (width, height) / 4.0;
  gboolean has_alpha = FALSE;
  guint8 *pixels;
  int stride, n_channels;

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, has_alpha, 8, width, height);
  g_assert_nonnull (pixbuf);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * n_channels;
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        gboolean inside = dx * dx + dy * dy <= radius * radius;

        p[0] = inside ? 200 : 255;
        p[1] = inside ? 30 : 255;
        p[2] = inside ? 30 : 255;
      }

  if (g_strcmp0 (format, "jpeg") == 0)
    {
      gdk_pixbuf_save (pixbuf, path, format, &error, "quality", "92", NULL);
    }
  else if (g_strcmp0 (format, "bmp") == 0)
    {
      g_autofree char *buffer = NULL;
      gsize len = 0;

      /* Same bytes every run: see cutout-test-bmp.h. */
      if (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "bmp", &error, NULL))
        {
          cutout_test_zero_bmp_padding ((guint8 *) buffer, len);
          g_file_set_contents (path, buffer, (gssize) len, &error);
        }
    }
  else
    {
      gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
    }
  g_assert_no_error (error);

  return path;
}

char *
cutout_test_write_bytes (const char *dir,
                         const char *name,
                         const void *data,
                         gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* The PNG chunk CRC (ISO 3309), so the fake header is a valid one. */
static guint32
png_crc (const guint8 *data,
         gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
  return crc ^ 0xffffffff;
}

static void
put_be32 (guint8 *p,
          guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

char *
cutout_test_write_fake_png (const char *dir,
                            const char *name,
                            int         width,
                            int         height,
                            goffset     size)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 header[33] = { 0 };
  char *path = g_build_filename (dir, name, NULL);
  FILE *f;

  g_assert_cmpint (size, >=, (goffset) sizeof header);

  memcpy (header, signature, 8);
  put_be32 (header + 8, 13);
  memcpy (header + 12, "IHDR", 4);
  put_be32 (header + 16, width);
  put_be32 (header + 20, height);
  header[24] = 8;  /* bit depth */
  header[25] = 2;  /* truecolor */
  put_be32 (header + 29, png_crc (header + 12, 17));

  f = g_fopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (header, 1, sizeof header, f), ==, sizeof header);
  /* Sparse padding: the size is what matters, not the content. */
  g_assert_cmpint (fseeko (f, size - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, f), ==, 0);
  g_assert_cmpint (fclose (f), ==, 0);

  return path;
}

GdkPixbuf *
cutout_test_load_pixbuf (const char *path)
{
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static gsize
read_status_kib (const char *key)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return 0;
  line = strstr (contents, key);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

gsize
cutout_test_get_rss_kib (void)
{
  return read_status_kib ("VmRSS:");
}

gsize
cutout_test_get_peak_rss_kib (void)
{
  return read_status_kib ("VmHWM:");
}

/* The server dies with the test: an aborted test must not leave it
 * running with the test's output pipes open (meson would wait forever). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
cutout_test_spawn_fake_server (const char * const *args,
                               char              **url_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  const char *exe = g_getenv ("CUTOUT_FAKE_SERVER");
  GSubprocess *proc;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));

  if (url_out != NULL)
    *url_out = g_steal_pointer (&line);
  return proc;
}

gboolean
cutout_test_under_valgrind (void)
{
  const char *value = g_getenv ("CUTOUT_TEST_VALGRIND");

  return value != NULL && value[0] != '\0' && g_strcmp0 (value, "0") != 0;
}

guint
cutout_test_timeout_ms (guint timeout_ms)
{
  const char *value = g_getenv ("CUTOUT_TEST_TIMEOUT_MULTIPLIER");
  guint64 factor = 1;

  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 1, 1000, &factor, NULL))
    factor = 1;

  return (guint) MIN ((guint64) timeout_ms * factor, G_MAXUINT);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for a condition");
  return G_SOURCE_REMOVE;
}

void
cutout_test_wait_for (gboolean *flag,
                      guint     timeout_ms)
{
  guint id = g_timeout_add (cutout_test_timeout_ms (timeout_ms), timeout_cb, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}
