/* cutout-preflight.h
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* 50 × 1024 × 1024: the permissive reading of the service's "50 MB", so
 * that no file the service accepts is ever refused here. */
#define CUTOUT_MAX_FILE_SIZE ((goffset) 50 * 1024 * 1024)
#define CUTOUT_MAX_DIMENSION 10000

typedef enum
{
  CUTOUT_IMAGE_TYPE_UNKNOWN,
  CUTOUT_IMAGE_TYPE_PNG,
  CUTOUT_IMAGE_TYPE_JPEG,
  CUTOUT_IMAGE_TYPE_WEBP,
  CUTOUT_IMAGE_TYPE_BMP,
  /* Recognised but not accepted by the service (converted locally later). */
  CUTOUT_IMAGE_TYPE_GIF,
  CUTOUT_IMAGE_TYPE_TIFF,
  CUTOUT_IMAGE_TYPE_ICO,
} CutoutImageType;

typedef struct
{
  CutoutImageType type;
  goffset         size;        /* bytes */
  int             width;       /* px, from the header */
  int             height;
  char           *upload_name; /* file name to send, extension matching the type */
  const char     *mime_type;   /* "image/png", … */
} CutoutPreflightInfo;

void                 cutout_preflight_info_free   (CutoutPreflightInfo *info);

/* Sniffs a type from the first bytes (needs at most 16). */
CutoutImageType      cutout_image_type_sniff      (const guint8 *data,
                                                   gsize         len);
gboolean             cutout_image_type_is_accepted (CutoutImageType type);
const char          *cutout_image_type_get_extension (CutoutImageType type); /* "png", "jpg", … */

/* Reads only what it must (signature bytes, header dimensions, size) and
 * refuses, with the service's exact wording and CUTOUT_API_ERROR code,
 * what the service would refuse: unsupported type, invalid signature,
 * empty file, over 50 MB, wider or taller than 10000 px. Blocking: call it
 * from a thread, or use the async variant. */
CutoutPreflightInfo *cutout_preflight_check       (GFile        *file,
                                                   GCancellable *cancellable,
                                                   GError      **error);
void                 cutout_preflight_check_async (GFile              *file,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CutoutPreflightInfo *cutout_preflight_check_finish (GAsyncResult *result,
                                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutPreflightInfo, cutout_preflight_info_free)

G_END_DECLS
