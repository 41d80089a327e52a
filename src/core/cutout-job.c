/* cutout-job.c — one image in the queue
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-job.h"

struct _CutoutJob
{
  GObject         parent_instance;

  GFile          *input;
  GFile          *source_root;
  char           *display_name;
  gint64          id;
  CutoutOptions  *options_override;
  CutoutJobState  state;
  double          upload_fraction;
  double          download_fraction;
  guint           attempts;
  guint           possibly_charged;
  GError         *error;
  GFile          *output;
  int             width;
  int             height;
  goffset         bytes_in;
  goffset         bytes_out;
  char           *note;
  gint64          created;
  gint64          started;
  gint64          finished;
};

G_DEFINE_FINAL_TYPE (CutoutJob, cutout_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INPUT,
  PROP_SOURCE_ROOT,
  PROP_DISPLAY_NAME,
  PROP_ID,
  PROP_OPTIONS_OVERRIDE,
  PROP_STATE,
  PROP_UPLOAD_FRACTION,
  PROP_DOWNLOAD_FRACTION,
  PROP_ATTEMPTS,
  PROP_POSSIBLY_CHARGED,
  PROP_ERROR,
  PROP_OUTPUT,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_BYTES_IN,
  PROP_BYTES_OUT,
  PROP_NOTE,
  PROP_CREATED,
  PROP_STARTED,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cutout_job_finalize (GObject *object)
{
  CutoutJob *self = CUTOUT_JOB (object);

  g_clear_object (&self->input);
  g_clear_object (&self->source_root);
  g_clear_object (&self->output);
  g_clear_pointer (&self->options_override, cutout_options_free);
  g_clear_error (&self->error);
  g_free (self->display_name);
  g_free (self->note);

  G_OBJECT_CLASS (cutout_job_parent_class)->finalize (object);
}

static void
cutout_job_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CutoutJob *self = CUTOUT_JOB (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_object (value, self->input);
      break;
    case PROP_SOURCE_ROOT:
      g_value_set_object (value, self->source_root);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_OPTIONS_OVERRIDE:
      g_value_set_boxed (value, self->options_override);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_UPLOAD_FRACTION:
      g_value_set_double (value, self->upload_fraction);
      break;
    case PROP_DOWNLOAD_FRACTION:
      g_value_set_double (value, self->download_fraction);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_POSSIBLY_CHARGED:
      g_value_set_uint (value, self->possibly_charged);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_BYTES_IN:
      g_value_set_int64 (value, self->bytes_in);
      break;
    case PROP_BYTES_OUT:
      g_value_set_int64 (value, self->bytes_out);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;
    case PROP_FINISHED:
      g_value_set_int64 (value, self->finished);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_job_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CutoutJob *self = CUTOUT_JOB (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      self->input = g_value_dup_object (value);
      break;
    case PROP_SOURCE_ROOT:
      self->source_root = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_job_constructed (GObject *object)
{
  CutoutJob *self = CUTOUT_JOB (object);

  G_OBJECT_CLASS (cutout_job_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->input));
  self->display_name = g_file_get_basename (self->input);
  if (self->display_name == NULL)
    self->display_name = g_file_get_uri (self->input);
}

static void
cutout_job_class_init (CutoutJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cutout_job_finalize;
  object_class->get_property = cutout_job_get_property;
  object_class->set_property = cutout_job_set_property;
  object_class->constructed = cutout_job_constructed;

  properties[PROP_INPUT] =
    g_param_spec_object ("input", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_ROOT] =
    g_param_spec_object ("source-root", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_OPTIONS_OVERRIDE] =
    g_param_spec_boxed ("options-override", NULL, NULL, CUTOUT_TYPE_OPTIONS, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CUTOUT_TYPE_JOB_STATE, CUTOUT_JOB_STATE_QUEUED, ro);
  properties[PROP_UPLOAD_FRACTION] =
    g_param_spec_double ("upload-fraction", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_DOWNLOAD_FRACTION] =
    g_param_spec_double ("download-fraction", NULL, NULL, -1.0, 1.0, 0.0, ro);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_POSSIBLY_CHARGED] =
    g_param_spec_uint ("possibly-charged", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_BYTES_IN] =
    g_param_spec_int64 ("bytes-in", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_BYTES_OUT] =
    g_param_spec_int64 ("bytes-out", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, ro);
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STARTED] =
    g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_FINISHED] =
    g_param_spec_int64 ("finished", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_job_init (CutoutJob *self)
{
  self->state = CUTOUT_JOB_STATE_QUEUED;
}

CutoutJob *
cutout_job_new (GFile *input,
                GFile *source_root)
{
  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (source_root == NULL || G_IS_FILE (source_root), NULL);

  return g_object_new (CUTOUT_TYPE_JOB,
                       "input", input,
                       "source-root", source_root,
                       NULL);
}

GFile *
cutout_job_get_input (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->input;
}

GFile *
cutout_job_get_source_root (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->source_root;
}

const char *
cutout_job_get_display_name (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->display_name;
}

gint64
cutout_job_get_id (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->id;
}

void
cutout_job_set_id (CutoutJob *self,
                   gint64 id)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

CutoutJobState
cutout_job_get_state (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->state;
}

void
cutout_job_set_state (CutoutJob *self,
                      CutoutJobState state)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
cutout_job_get_attempts (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->attempts;
}

void
cutout_job_set_attempts (CutoutJob *self,
                         guint attempts)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

guint
cutout_job_get_possibly_charged (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->possibly_charged;
}

void
cutout_job_set_possibly_charged (CutoutJob *self,
                                 guint possibly_charged)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->possibly_charged == possibly_charged)
    return;
  self->possibly_charged = possibly_charged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSSIBLY_CHARGED]);
}

gint64
cutout_job_get_created (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->created;
}

void
cutout_job_set_created (CutoutJob *self,
                        gint64 when)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->created == when)
    return;
  self->created = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

gint64
cutout_job_get_started (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->started;
}

void
cutout_job_set_started (CutoutJob *self,
                        gint64 when)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->started == when)
    return;
  self->started = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
}

gint64
cutout_job_get_finished (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->finished;
}

void
cutout_job_set_finished (CutoutJob *self,
                         gint64 when)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->finished == when)
    return;
  self->finished = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

const CutoutOptions *
cutout_job_get_options_override (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->options_override;
}

void
cutout_job_set_options_override (CutoutJob           *self,
                                 const CutoutOptions *options)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (options == self->options_override ||
      (options != NULL && self->options_override != NULL &&
       cutout_options_equal (options, self->options_override)))
    return;

  g_clear_pointer (&self->options_override, cutout_options_free);
  if (options != NULL)
    self->options_override = cutout_options_copy (options);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONS_OVERRIDE]);
}

double
cutout_job_get_upload_fraction (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0.0);
  return self->upload_fraction;
}

double
cutout_job_get_download_fraction (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0.0);
  return self->download_fraction;
}

void
cutout_job_set_progress (CutoutJob *self,
                         double     upload_fraction,
                         double     download_fraction)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  upload_fraction = CLAMP (upload_fraction, 0.0, 1.0);
  download_fraction = CLAMP (download_fraction, -1.0, 1.0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->upload_fraction != upload_fraction)
    {
      self->upload_fraction = upload_fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_FRACTION]);
    }
  if (self->download_fraction != download_fraction)
    {
      self->download_fraction = download_fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD_FRACTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const GError *
cutout_job_get_error (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->error;
}

void
cutout_job_set_error (CutoutJob    *self,
                      const GError *error)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (error == NULL && self->error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

GFile *
cutout_job_get_output (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->output;
}

void
cutout_job_set_output (CutoutJob *self,
                       GFile     *output)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (output == self->output ||
      (output != NULL && self->output != NULL && g_file_equal (output, self->output)))
    return;

  g_set_object (&self->output, output);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
}

int
cutout_job_get_width (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->width;
}

int
cutout_job_get_height (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->height;
}

goffset
cutout_job_get_bytes_in (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->bytes_in;
}

goffset
cutout_job_get_bytes_out (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->bytes_out;
}

void
cutout_job_set_input_info (CutoutJob *self,
                           int        width,
                           int        height,
                           goffset    bytes_in)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  if (self->bytes_in != bytes_in)
    {
      self->bytes_in = bytes_in;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_IN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
cutout_job_set_bytes_out (CutoutJob *self,
                          goffset    bytes_out)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (self->bytes_out == bytes_out)
    return;
  self->bytes_out = bytes_out;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_OUT]);
}

const char *
cutout_job_get_note (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->note;
}

void
cutout_job_set_note (CutoutJob  *self,
                     const char *note)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}
