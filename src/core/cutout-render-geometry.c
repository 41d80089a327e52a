/* cutout-render-geometry.c — the renderer's geometry: the resized size and PIL's rotation matrix
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How this follows the service (PIL's resize and Image.rotate) is told
 * at the top of cutout-render.c; the samplers there apply the matrix.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-render.h"
#include "cutout-render-private.h"

void
cutout_render_resized_size (int                  source_width,
                            int                  source_height,
                            const CutoutOptions *options,
                            int                 *width_out,
                            int                 *height_out)
{
  gint64 w = options->width, h = options->height;

  *width_out = source_width;
  *height_out = source_height;

  if (w > 0 && h > 0 && options->exact_resize)
    {
      *width_out = (int) w;
      *height_out = (int) h;
    }
  else if (w > 0 && (h <= 0 || (double) w / source_width <= (double) h / source_height))
    {
      /* Only w, or w is the tighter of the two. */
      *width_out = (int) w;
      *height_out = MAX (1, (int) round ((double) source_height * w / source_width));
    }
  else if (h > 0)
    {
      *width_out = MAX (1, (int) round ((double) source_width * h / source_height));
      *height_out = (int) h;
    }
}

/* Python's round (x, 15) as PIL applies it to the matrix. */
static double
round15 (double x)
{
  return rint (x * 1e15) / 1e15;
}

void
cutout_render_plan_rotation (int                     width,
                             int                     height,
                             double                  degrees,
                             gboolean                expand,
                             CutoutRenderRotatePlan *plan)
{
  double angle = fmod (degrees, 360.0);
  double a, b, c, d, e, f, rad;

  /* Python's % has the divisor's sign. */
  if (angle < 0)
    angle += 360.0;

  plan->identity = FALSE;
  plan->width = width;
  plan->height = height;

  /* The transposes as matrices that hit pixel centres exactly, so that
   * the bilinear sampler copies pixels unchanged. */
  if (angle == 0)
    {
      const double m[6] = { 1, 0, 0, 0, 1, 0 };

      plan->identity = TRUE;
      memcpy (plan->m, m, sizeof m);
      return;
    }
  if (angle == 180)
    {
      const double m[6] = { -1, 0, width, 0, -1, height };

      memcpy (plan->m, m, sizeof m);
      return;
    }
  if ((angle == 90 || angle == 270) && (expand || width == height))
    {
      /* Counter-clockwise 90: the output's (x, y) shows the input's
       * (w − 1 − y, x); 270: (y, h − 1 − x). */
      const double m90[6] = { 0, -1, width, 1, 0, 0 };
      const double m270[6] = { 0, 1, 0, -1, 0, height };

      memcpy (plan->m, angle == 90 ? m90 : m270, sizeof m90);
      plan->width = height;
      plan->height = width;
      return;
    }

  rad = -angle * G_PI / 180.0;
  a = round15 (cos (rad));
  b = round15 (sin (rad));
  d = round15 (-sin (rad));
  e = round15 (cos (rad));
  c = a * (-width / 2.0) + b * (-height / 2.0) + width / 2.0;
  f = d * (-width / 2.0) + e * (-height / 2.0) + height / 2.0;

  if (expand)
    {
      const double corners[4][2] = { { 0, 0 }, { width, 0 }, { width, height }, { 0, height } };
      double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE;
      double min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
      double tx, ty, nc, nf;
      int nw, nh;

      for (int i = 0; i < 4; i++)
        {
          double x = a * corners[i][0] + b * corners[i][1] + c;
          double y = d * corners[i][0] + e * corners[i][1] + f;

          min_x = MIN (min_x, x);
          max_x = MAX (max_x, x);
          min_y = MIN (min_y, y);
          max_y = MAX (max_y, y);
        }

      nw = (int) (ceil (max_x) - floor (min_x));
      nh = (int) (ceil (max_y) - floor (min_y));
      tx = -(nw - width) / 2.0;
      ty = -(nh - height) / 2.0;
      nc = a * tx + b * ty + c;
      nf = d * tx + e * ty + f;
      c = nc;
      f = nf;
      plan->width = nw;
      plan->height = nh;
    }

  plan->m[0] = a;
  plan->m[1] = b;
  plan->m[2] = c;
  plan->m[3] = d;
  plan->m[4] = e;
  plan->m[5] = f;
}

void
cutout_render_get_geometry (int                   source_width,
                            int                   source_height,
                            const CutoutOptions  *options,
                            CutoutRenderGeometry *geometry_out)
{
  CutoutRenderRotatePlan plan;

  g_return_if_fail (source_width > 0 && source_height > 0);
  g_return_if_fail (options != NULL);

  cutout_render_resized_size (source_width, source_height, options,
                              &geometry_out->resized_width, &geometry_out->resized_height);
  cutout_render_plan_rotation (geometry_out->resized_width, geometry_out->resized_height,
                               options->angle, options->expand, &plan);
  geometry_out->width = plan.width;
  geometry_out->height = plan.height;
}
