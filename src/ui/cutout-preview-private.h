/* cutout-preview-private.h — the preview's loading thread, shared by its source files
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cutout-cutout-cache.h"
#include "cutout-preview.h"

G_BEGIN_DECLS

/* Sources are decoded no larger than this: enough for a preview on a
 * HiDPI screen, small enough to decode and render in milliseconds. */
#define CUTOUT_PREVIEW_DECODE_MAX 1600

/* What the loading thread reads (the task's data) and what it returns. */
typedef struct
{
  GFile             *input;
  GFile             *output;     /* the saved result of a done job, or NULL */
  CutoutCutoutCache *cache;      /* where its cut-out may be kept, or NULL */
  gboolean           orient;
} CutoutPreviewLoadData;

typedef struct
{
  GdkPixbuf *original;
  GdkPixbuf *result;
  gboolean   result_is_cutout;
  int        full_width;
  int        full_height;
} CutoutPreviewLoadResult;

void cutout_preview_load_data_free   (CutoutPreviewLoadData   *data);
void cutout_preview_load_result_free (CutoutPreviewLoadResult *result);
/* A GTaskThreadFunc: decodes the input (and the result or kept cut-out
 * of a done job) at display size; returns a CutoutPreviewLoadResult. */
void cutout_preview_load_thread      (GTask                   *task,
                                      gpointer                 source_object,
                                      gpointer                 task_data,
                                      GCancellable            *cancellable);

G_END_DECLS
