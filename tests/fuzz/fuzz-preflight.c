/* fuzz-preflight.c — libFuzzer target for the type sniffer and the preflight check
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fuzz-common.h"

#include "cutout-api-error.h"
#include "cutout-preflight.h"

/* The first byte picks the file name's extension (the service's type
 * check goes by the name), the rest is the file. */
static const char * const extensions[] = {
  "png", "jpg", "jpeg", "webp", "bmp", "gif", "tiff", "ico", "exe", "PNG", "JpG", "", "tar.gz",
};

static char *work_dir;

static void
remove_work_dir (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat ("input.", extensions[i], NULL);
      g_autofree char *path = g_build_filename (work_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (work_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();

  /* One fixed folder per fuzzer process (libFuzzer's -jobs/-fork run
   * several), rewritten for every input. */
  work_dir = g_strdup_printf ("%s/cutout-fuzz-preflight-%d", g_get_tmp_dir (), (int) getpid ());
  if (g_mkdir_with_parents (work_dir, 0700) != 0)
    {
      fprintf (stderr, "cannot create %s: %s\n", work_dir, g_strerror (errno));
      abort ();
    }
  atexit (remove_work_dir);

  return 0;
}

static void
write_file (const char    *path,
            const uint8_t *data,
            size_t         size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  size_t done = 0;

  FUZZ_CHECK (fd >= 0);
  while (done < size)
    {
      ssize_t n = write (fd, data + done, size - done);

      FUZZ_CHECK (n > 0);
      done += (size_t) n;
    }
  FUZZ_CHECK (close (fd) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *copy = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;
  CutoutImageType type;

  if (size < 1)
    return 0;
  name = g_strconcat ("input.", extensions[data[0] % G_N_ELEMENTS (extensions)], NULL);
  data++;
  size--;

  /* The sniffer on an exact-size copy: reading past @len is a bug. It
   * promises to need at most 16 bytes, so more must not change its mind. */
  copy = g_memdup2 (data, size);
  type = cutout_image_type_sniff (copy, size);
  FUZZ_CHECK (type == cutout_image_type_sniff (copy, MIN (size, 16)));
  FUZZ_CHECK (type >= CUTOUT_IMAGE_TYPE_UNKNOWN && type <= CUTOUT_IMAGE_TYPE_ICO);

  path = g_build_filename (work_dir, name, NULL);
  write_file (path, data, size);
  file = g_file_new_for_path (path);

  info = cutout_preflight_check (file, NULL, &error);
  if (info != NULL)
    {
      const char *dot = info->upload_name != NULL ? strrchr (info->upload_name, '.') : NULL;
      g_autofree char *sent_extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;

      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (info->type == type);
      FUZZ_CHECK (cutout_image_type_is_accepted (info->type));
      FUZZ_CHECK (info->size == (goffset) size);
      FUZZ_CHECK (info->width >= 1 && info->width <= CUTOUT_MAX_DIMENSION);
      FUZZ_CHECK (info->height >= 1 && info->height <= CUTOUT_MAX_DIMENSION);
      FUZZ_CHECK (info->mime_type != NULL && g_str_has_prefix (info->mime_type, "image/"));
      /* The name sent has an extension matching the sniffed type (the
       * service's type check goes by it), whatever the file is called. */
      FUZZ_CHECK (sent_extension != NULL);
      FUZZ_CHECK (strcmp (sent_extension, cutout_image_type_get_extension (info->type)) == 0 ||
                  (info->type == CUTOUT_IMAGE_TYPE_JPEG && strcmp (sent_extension, "jpeg") == 0));
    }
  else
    {
      FUZZ_CHECK (error != NULL && error->domain == CUTOUT_API_ERROR);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      if (size == 0 && error->code != CUTOUT_API_ERROR_UNSUPPORTED_TYPE)
        FUZZ_CHECK (error->code == CUTOUT_API_ERROR_EMPTY_FILE);
      if (type != CUTOUT_IMAGE_TYPE_UNKNOWN && cutout_image_type_is_accepted (type))
        FUZZ_CHECK (error->code == CUTOUT_API_ERROR_INVALID_SIGNATURE ||
                    error->code == CUTOUT_API_ERROR_TOO_WIDE ||
                    error->code == CUTOUT_API_ERROR_TOO_TALL);
    }

  return 0;
}
