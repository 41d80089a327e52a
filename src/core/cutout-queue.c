/* cutout-queue.c — the batch scheduler: a list model of jobs and the engine that runs them
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cutout-api-error.h"
#include "cutout-queue-private.h"

G_DEFINE_QUARK (cutout-queue-error-quark, cutout_queue_error)

static const GEnumValue queue_state_values[] = {
  { CUTOUT_QUEUE_STATE_IDLE, "CUTOUT_QUEUE_STATE_IDLE", "idle" },
  { CUTOUT_QUEUE_STATE_RUNNING, "CUTOUT_QUEUE_STATE_RUNNING", "running" },
  { CUTOUT_QUEUE_STATE_PAUSED, "CUTOUT_QUEUE_STATE_PAUSED", "paused" },
  { CUTOUT_QUEUE_STATE_WAITING, "CUTOUT_QUEUE_STATE_WAITING", "waiting" },
  { CUTOUT_QUEUE_STATE_STOPPED, "CUTOUT_QUEUE_STATE_STOPPED", "stopped" },
  { CUTOUT_QUEUE_STATE_FINISHED, "CUTOUT_QUEUE_STATE_FINISHED", "finished" },
  { 0, NULL, NULL },
};

GType
cutout_queue_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("CutoutQueueState", queue_state_values));
  return type_id;
}

const char *
cutout_queue_state_to_string (CutoutQueueState state)
{
  if ((guint) state > CUTOUT_QUEUE_STATE_FINISHED)
    return NULL;
  return queue_state_values[state].value_nick;
}

static void cutout_queue_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutQueue, cutout_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cutout_queue_list_model_iface_init))

GParamSpec *cutout_queue_properties[N_PROPS];
guint cutout_queue_signals[N_SIGNALS];

/* ---- Controls ----------------------------------------------------------- */

void
cutout_queue_start (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (self->batch_id == NULL)
    self->batch_id = g_uuid_string_random ();
  self->started = TRUE;
  self->paused = FALSE;
  self->finished = FALSE;
  cutout_queue_set_low_credit_paused (self, FALSE);
  cutout_queue_set_stop_error (self, NULL);
  cutout_queue_schedule (self);
}

void
cutout_queue_pause (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (!self->started || self->paused)
    return;
  self->paused = TRUE;
  cutout_queue_update_state (self);
}

void
cutout_queue_resume (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (!self->started)
    {
      cutout_queue_start (self);
      return;
    }
  self->paused = FALSE;
  cutout_queue_set_low_credit_paused (self, FALSE);
  cutout_queue_set_stop_error (self, NULL);
  cutout_queue_schedule (self);
}

void
cutout_queue_shutdown (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  self->started = FALSE;
  self->paused = FALSE;
  cutout_queue_update_state (self);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      CutoutJobRun *run = cutout_queue_get_run (job);

      if (run->pipeline != NULL)
        cutout_queue_cancel_pipeline (run->pipeline);
      else if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_WAITING_RETRY)
        {
          g_clear_handle_id (&run->retry_source, g_source_remove);
          cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_QUEUED);
        }
    }
}

void
cutout_queue_cancel (CutoutQueue *self,
                     CutoutJob   *job)
{
  CutoutJobRun *run;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_JOB (job));

  run = cutout_queue_get_run (job);
  if (run->queue != self || cutout_job_state_is_final (cutout_job_get_state (job)))
    return;

  run->user_cancelled = TRUE;
  if (run->pipeline != NULL)
    {
      /* It ends through its own clean-up (temp file removed) as cancelled. */
      cutout_queue_cancel_pipeline (run->pipeline);
      return;
    }

  g_clear_handle_id (&run->retry_source, g_source_remove);
  cutout_job_set_finished (job, g_get_real_time ());
  cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_CANCELLED);
  cutout_queue_store_job (self, job);
  cutout_queue_schedule (self);
}

void
cutout_queue_cancel_all (CutoutQueue *self)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  jobs = g_ptr_array_copy (self->jobs, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (jobs, g_object_unref);
  for (guint i = 0; i < jobs->len; i++)
    cutout_queue_cancel (self, g_ptr_array_index (jobs, i));
}

gboolean
cutout_queue_retry (CutoutQueue *self,
                    CutoutJob   *job)
{
  CutoutJobRun *run;
  CutoutJobState state;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), FALSE);

  run = cutout_queue_get_run (job);
  state = cutout_job_get_state (job);
  if (run->queue != self || (state != CUTOUT_JOB_STATE_FAILED && state != CUTOUT_JOB_STATE_CANCELLED))
    return FALSE;

  /* The user asked: fresh counters, and a possibly-charged job may be
   * sent once more. The file may have changed: check it again. */
  run->tries = 0;
  run->charged_retries = 0;
  run->user_cancelled = FALSE;
  run->prepared = FALSE;
  cutout_job_set_error (job, NULL);
  cutout_job_set_finished (job, 0);
  cutout_job_set_progress (job, 0.0, 0.0);
  cutout_queue_set_job_state (self, job, CUTOUT_JOB_STATE_QUEUED);
  cutout_queue_store_job (self, job);

  if (!self->started && self->finished)
    {
      self->finished = FALSE;
      cutout_queue_update_state (self);
    }
  cutout_queue_schedule (self);
  return TRUE;
}

guint
cutout_queue_retry_failed (CutoutQueue *self)
{
  guint n = 0;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);

      if (cutout_job_get_state (job) == CUTOUT_JOB_STATE_FAILED && cutout_queue_retry (self, job))
        n++;
    }
  return n;
}

/* ---- Network ------------------------------------------------------------ */

static void
set_offline (CutoutQueue *self,
             gboolean     offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  cutout_queue_set_wait_error (self, NULL);
  cutout_queue_update_state (self);
  if (!offline)
    cutout_queue_schedule (self);
}

static void
can_reach_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CutoutQueue) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error))
    set_offline (self, FALSE);
}

/* "Network available" means a default route; a service on this machine
 * or the local network can be reachable without one, so the queue asks
 * the monitor about the service's host before it waits. */
static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    CutoutQueue     *self)
{
  g_autoptr(GSocketConnectable) address = NULL;

  g_cancellable_cancel (self->reach_cancellable);
  g_clear_object (&self->reach_cancellable);

  available = g_network_monitor_get_network_available (monitor);
  if (available)
    {
      set_offline (self, FALSE);
      return;
    }

  set_offline (self, TRUE);
  address = g_network_address_parse_uri (cutout_client_get_api_url (self->client), 443, NULL);
  if (address != NULL)
    {
      self->reach_cancellable = g_cancellable_new ();
      g_network_monitor_can_reach_async (monitor, address, self->reach_cancellable,
                                         can_reach_cb, g_object_ref (self));
    }
}

/* ---- Getters and setters ------------------------------------------------ */

CutoutClient *
cutout_queue_get_client (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->client;
}

CutoutStore *
cutout_queue_get_store (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->store;
}

CutoutQueueState
cutout_queue_get_state (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), CUTOUT_QUEUE_STATE_IDLE);
  return self->state;
}

const GError *
cutout_queue_get_stop_error (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->stop_error;
}

const GError *
cutout_queue_get_wait_error (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->wait_error;
}

gint64
cutout_queue_get_waiting_until (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return self->waiting_until;
}

guint
cutout_queue_count_state (CutoutQueue    *self,
                          CutoutJobState  state)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (self->counts), 0);
  return self->counts[state];
}

const CutoutOptions *
cutout_queue_get_options (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->options;
}

void
cutout_queue_set_options (CutoutQueue         *self,
                          const CutoutOptions *options)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (options != NULL);

  if (cutout_options_equal (options, self->options))
    return;
  cutout_options_free (self->options);
  self->options = cutout_options_copy (options);
  cutout_queue_forget_options_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_OPTIONS]);
  cutout_queue_queue_forecast (self);
}

const CutoutOptions *
cutout_queue_get_effective_options (CutoutQueue *self,
                                    CutoutJob   *job)
{
  const CutoutOptions *override;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), NULL);

  override = cutout_job_get_options_override (job);
  return override != NULL ? override : self->options;
}

GFile *
cutout_queue_get_output_folder (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->output_folder;
}

void
cutout_queue_set_output_folder (CutoutQueue *self,
                                GFile       *folder)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (folder == self->output_folder ||
      (folder != NULL && self->output_folder != NULL && g_file_equal (folder, self->output_folder)))
    return;
  g_set_object (&self->output_folder, folder);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_OUTPUT_FOLDER]);
}

const char *
cutout_queue_get_name_template (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->name_template;
}

gboolean
cutout_queue_set_name_template (CutoutQueue  *self,
                                const char   *template_text,
                                GError      **error)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);

  if (template_text == NULL)
    template_text = CUTOUT_OUTPUT_DEFAULT_TEMPLATE;
  if (!cutout_output_template_validate (template_text, error))
    return FALSE;
  if (g_strcmp0 (template_text, self->name_template) == 0)
    return TRUE;
  g_free (self->name_template);
  self->name_template = g_strdup (template_text);
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_NAME_TEMPLATE]);
  return TRUE;
}

void
cutout_queue_set_collision_policy (CutoutQueue           *self,
                                   CutoutCollisionPolicy  policy)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (policy <= CUTOUT_COLLISION_SKIP);

  if (self->collision == policy)
    return;
  self->collision = policy;
  g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_COLLISION_POLICY]);
}

CutoutCutoutCache *
cutout_queue_get_cutout_cache (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);

  if (self->cutout_cache == NULL)
    {
      self->cutout_cache = cutout_cutout_cache_new (NULL);
      g_object_notify_by_pspec (G_OBJECT (self), cutout_queue_properties[PROP_CUTOUT_CACHE]);
    }
  return self->cutout_cache;
}

/* ---- GListModel --------------------------------------------------------- */

static GType
cutout_queue_get_item_type (GListModel *model)
{
  return CUTOUT_TYPE_JOB;
}

static guint
cutout_queue_get_n_items (GListModel *model)
{
  return CUTOUT_QUEUE (model)->jobs->len;
}

static gpointer
cutout_queue_get_item (GListModel *model,
                       guint       position)
{
  CutoutQueue *self = CUTOUT_QUEUE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
cutout_queue_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cutout_queue_get_item_type;
  iface->get_n_items = cutout_queue_get_n_items;
  iface->get_item = cutout_queue_get_item;
}

/* ---- GObject ------------------------------------------------------------ */

#define SET_FIELD(field, value, prop)                                   \
  G_STMT_START {                                                        \
    if (self->field != (value))                                         \
      {                                                                 \
        self->field = (value);                                          \
        g_object_notify_by_pspec (object, cutout_queue_properties[prop]);            \
      }                                                                 \
  } G_STMT_END

static void
cutout_queue_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_OPTIONS:
      if (g_value_get_boxed (value) != NULL)
        cutout_queue_set_options (self, g_value_get_boxed (value));
      break;
    case PROP_OUTPUT_FOLDER:
      cutout_queue_set_output_folder (self, g_value_get_object (value));
      break;
    case PROP_NAME_TEMPLATE:
      {
        g_autoptr(GError) error = NULL;

        if (!cutout_queue_set_name_template (self, g_value_get_string (value), &error))
          g_critical ("Invalid name template: %s", error->message);
      }
      break;
    case PROP_COLLISION_POLICY:
      cutout_queue_set_collision_policy (self, g_value_get_uint (value));
      break;
    case PROP_TRIM:
      SET_FIELD (trim, g_value_get_boolean (value), PROP_TRIM);
      break;
    case PROP_TRIM_MARGIN:
      SET_FIELD (trim_margin, g_value_get_int (value), PROP_TRIM_MARGIN);
      break;
    case PROP_ORIENT:
      SET_FIELD (orient, g_value_get_boolean (value), PROP_ORIENT);
      break;
    case PROP_MAX_IN_FLIGHT:
      SET_FIELD (max_in_flight, g_value_get_uint (value), PROP_MAX_IN_FLIGHT);
      cutout_queue_schedule (self);
      break;
    case PROP_MAX_ATTEMPTS:
      SET_FIELD (max_attempts, g_value_get_uint (value), PROP_MAX_ATTEMPTS);
      break;
    case PROP_RETRY_POSSIBLY_CHARGED:
      SET_FIELD (retry_possibly_charged, g_value_get_boolean (value), PROP_RETRY_POSSIBLY_CHARGED);
      break;
    case PROP_WATCHDOG_SECONDS:
      SET_FIELD (watchdog_seconds, g_value_get_double (value), PROP_WATCHDOG_SECONDS);
      break;
    case PROP_ALLOW_CONVERT:
      SET_FIELD (allow_convert, g_value_get_boolean (value), PROP_ALLOW_CONVERT);
      break;
    case PROP_BACKOFF_BASE_MS:
      SET_FIELD (backoff_base_ms, g_value_get_uint (value), PROP_BACKOFF_BASE_MS);
      break;
    case PROP_BACKOFF_CAP_MS:
      SET_FIELD (backoff_cap_ms, g_value_get_uint (value), PROP_BACKOFF_CAP_MS);
      break;
    case PROP_LOW_CREDIT_THRESHOLD:
      SET_FIELD (low_credit_threshold, g_value_get_int64 (value), PROP_LOW_CREDIT_THRESHOLD);
      break;
    case PROP_KEEP_EDITABLE:
      SET_FIELD (keep_editable, g_value_get_boolean (value), PROP_KEEP_EDITABLE);
      cutout_queue_queue_forecast (self);
      break;
    case PROP_CUTOUT_CACHE:
      if (g_set_object (&self->cutout_cache, g_value_get_object (value)))
        {
          g_object_notify_by_pspec (object, pspec);
          cutout_queue_queue_forecast (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_NETWORK_MONITOR: g_value_set_object (value, self->monitor); break;
    case PROP_OPTIONS: g_value_set_boxed (value, self->options); break;
    case PROP_OUTPUT_FOLDER: g_value_set_object (value, self->output_folder); break;
    case PROP_NAME_TEMPLATE: g_value_set_string (value, self->name_template); break;
    case PROP_COLLISION_POLICY: g_value_set_uint (value, self->collision); break;
    case PROP_TRIM: g_value_set_boolean (value, self->trim); break;
    case PROP_TRIM_MARGIN: g_value_set_int (value, self->trim_margin); break;
    case PROP_ORIENT: g_value_set_boolean (value, self->orient); break;
    case PROP_MAX_IN_FLIGHT: g_value_set_uint (value, self->max_in_flight); break;
    case PROP_MAX_ATTEMPTS: g_value_set_uint (value, self->max_attempts); break;
    case PROP_RETRY_POSSIBLY_CHARGED: g_value_set_boolean (value, self->retry_possibly_charged); break;
    case PROP_WATCHDOG_SECONDS: g_value_set_double (value, self->watchdog_seconds); break;
    case PROP_ALLOW_CONVERT: g_value_set_boolean (value, self->allow_convert); break;
    case PROP_BACKOFF_BASE_MS: g_value_set_uint (value, self->backoff_base_ms); break;
    case PROP_BACKOFF_CAP_MS: g_value_set_uint (value, self->backoff_cap_ms); break;
    case PROP_LOW_CREDIT_THRESHOLD: g_value_set_int64 (value, self->low_credit_threshold); break;
    case PROP_KEEP_EDITABLE: g_value_set_boolean (value, self->keep_editable); break;
    case PROP_CUTOUT_CACHE: g_value_set_object (value, self->cutout_cache); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_WAITING_UNTIL: g_value_set_int64 (value, self->waiting_until); break;
    case PROP_STOP_ERROR: g_value_set_boxed (value, self->stop_error); break;
    case PROP_WAIT_ERROR: g_value_set_boxed (value, self->wait_error); break;
    case PROP_LOW_CREDIT_PAUSED: g_value_set_boolean (value, self->low_credit_paused); break;
    case PROP_N_QUEUED: g_value_set_uint (value, cutout_queue_count_queued (self)); break;
    case PROP_N_ACTIVE: g_value_set_uint (value, cutout_queue_count_active (self)); break;
    case PROP_N_DONE: g_value_set_uint (value, self->counts[CUTOUT_JOB_STATE_DONE]); break;
    case PROP_N_FAILED: g_value_set_uint (value, self->counts[CUTOUT_JOB_STATE_FAILED]); break;
    case PROP_N_CANCELLED: g_value_set_uint (value, self->counts[CUTOUT_JOB_STATE_CANCELLED]); break;
    case PROP_FORECAST: g_value_set_uint (value, self->forecast); break;
    case PROP_FORECAST_UNCHECKED: g_value_set_uint (value, self->forecast_unchecked); break;
    case PROP_CREDITS_REMAINING: g_value_set_int64 (value, self->credits_remaining); break;
    case PROP_PREPARING: g_value_set_boolean (value, self->preparing); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_constructed (GObject *object)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  G_OBJECT_CLASS (cutout_queue_parent_class)->constructed (object);

  g_assert (CUTOUT_IS_CLIENT (self->client));

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
  network_changed_cb (self->monitor, g_network_monitor_get_network_available (self->monitor), self);
}

static void
cutout_queue_dispose (GObject *object)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  if (self->reach_cancellable != NULL)
    g_cancellable_cancel (self->reach_cancellable);
  g_clear_object (&self->reach_cancellable);
  g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_handle_id (&self->wait_source, g_source_remove);
  g_clear_handle_id (&self->forecast_idle, g_source_remove);
  g_queue_clear_full (&self->prepare_queue, g_object_unref);

  /* Jobs may outlive the queue (a view holds them): they forget it. */
  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJobRun *run = cutout_queue_get_run (g_ptr_array_index (self->jobs, i));

      g_clear_handle_id (&run->retry_source, g_source_remove);
      run->queue = NULL;
    }
  g_ptr_array_set_size (self->jobs, 0);

  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cutout_cache);

  G_OBJECT_CLASS (cutout_queue_parent_class)->dispose (object);
}

static void
cutout_queue_finalize (GObject *object)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->options, cutout_options_free);
  g_clear_object (&self->output_folder);
  g_clear_pointer (&self->name_template, g_free);
  g_clear_object (&self->reservations);
  g_clear_pointer (&self->batch_id, g_free);
  g_clear_error (&self->stop_error);
  g_clear_error (&self->wait_error);
  g_clear_pointer (&self->running_keys, g_hash_table_unref);
  g_clear_pointer (&self->done_outputs, g_hash_table_unref);
  if (self->convert_dir != NULL)
    g_rmdir (self->convert_dir);
  g_clear_pointer (&self->convert_dir, g_free);

  G_OBJECT_CLASS (cutout_queue_parent_class)->finalize (object);
}

static void
cutout_queue_class_init (CutoutQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->set_property = cutout_queue_set_property;
  object_class->get_property = cutout_queue_get_property;
  object_class->constructed = cutout_queue_constructed;
  object_class->dispose = cutout_queue_dispose;
  object_class->finalize = cutout_queue_finalize;

  cutout_queue_properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, CUTOUT_TYPE_CLIENT, co);
  cutout_queue_properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUTOUT_TYPE_STORE, co);
  cutout_queue_properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR, co);
  cutout_queue_properties[PROP_OPTIONS] = g_param_spec_boxed ("options", NULL, NULL, CUTOUT_TYPE_OPTIONS, rw);
  cutout_queue_properties[PROP_OUTPUT_FOLDER] = g_param_spec_object ("output-folder", NULL, NULL, G_TYPE_FILE, rw);
  cutout_queue_properties[PROP_NAME_TEMPLATE] =
    g_param_spec_string ("name-template", NULL, NULL, CUTOUT_OUTPUT_DEFAULT_TEMPLATE, rw);
  cutout_queue_properties[PROP_COLLISION_POLICY] =
    g_param_spec_uint ("collision-policy", NULL, NULL, CUTOUT_COLLISION_ADD_NUMBER,
                       CUTOUT_COLLISION_SKIP, CUTOUT_COLLISION_ADD_NUMBER, rw);
  cutout_queue_properties[PROP_TRIM] = g_param_spec_boolean ("trim", NULL, NULL, FALSE, rw);
  cutout_queue_properties[PROP_TRIM_MARGIN] = g_param_spec_int ("trim-margin", NULL, NULL, 0, 10000, 0, rw);
  cutout_queue_properties[PROP_ORIENT] = g_param_spec_boolean ("orient", NULL, NULL, FALSE, rw);
  cutout_queue_properties[PROP_MAX_IN_FLIGHT] = g_param_spec_uint ("max-in-flight", NULL, NULL, 1, 64, 3, rw);
  cutout_queue_properties[PROP_MAX_ATTEMPTS] = g_param_spec_uint ("max-attempts", NULL, NULL, 1, 1000, 5, rw);
  cutout_queue_properties[PROP_RETRY_POSSIBLY_CHARGED] =
    g_param_spec_boolean ("retry-possibly-charged", NULL, NULL, TRUE, rw);
  cutout_queue_properties[PROP_WATCHDOG_SECONDS] =
    g_param_spec_double ("watchdog-seconds", NULL, NULL, 0.0, 86400.0, 60.0, rw);
  cutout_queue_properties[PROP_ALLOW_CONVERT] = g_param_spec_boolean ("allow-convert", NULL, NULL, TRUE, rw);
  cutout_queue_properties[PROP_BACKOFF_BASE_MS] =
    g_param_spec_uint ("backoff-base-ms", NULL, NULL, 1, 3600000, 1000, rw);
  cutout_queue_properties[PROP_BACKOFF_CAP_MS] =
    g_param_spec_uint ("backoff-cap-ms", NULL, NULL, 1, 3600000, 60000, rw);
  cutout_queue_properties[PROP_LOW_CREDIT_THRESHOLD] =
    g_param_spec_int64 ("low-credit-threshold", NULL, NULL, 0, G_MAXINT64, 0, rw);
  cutout_queue_properties[PROP_KEEP_EDITABLE] = g_param_spec_boolean ("keep-editable", NULL, NULL, FALSE, rw);
  cutout_queue_properties[PROP_CUTOUT_CACHE] =
    g_param_spec_object ("cutout-cache", NULL, NULL, CUTOUT_TYPE_CUTOUT_CACHE, rw);
  cutout_queue_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CUTOUT_TYPE_QUEUE_STATE, CUTOUT_QUEUE_STATE_IDLE, ro);
  cutout_queue_properties[PROP_WAITING_UNTIL] = g_param_spec_int64 ("waiting-until", NULL, NULL, 0, G_MAXINT64, 0, ro);
  cutout_queue_properties[PROP_STOP_ERROR] = g_param_spec_boxed ("stop-error", NULL, NULL, G_TYPE_ERROR, ro);
  cutout_queue_properties[PROP_WAIT_ERROR] = g_param_spec_boxed ("wait-error", NULL, NULL, G_TYPE_ERROR, ro);
  cutout_queue_properties[PROP_LOW_CREDIT_PAUSED] = g_param_spec_boolean ("low-credit-paused", NULL, NULL, FALSE, ro);
  cutout_queue_properties[PROP_N_QUEUED] = g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_N_ACTIVE] = g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_N_CANCELLED] = g_param_spec_uint ("n-cancelled", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_FORECAST] = g_param_spec_uint ("forecast", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_FORECAST_UNCHECKED] =
    g_param_spec_uint ("forecast-unchecked", NULL, NULL, 0, G_MAXUINT, 0, ro);
  cutout_queue_properties[PROP_CREDITS_REMAINING] =
    g_param_spec_int64 ("credits-remaining", NULL, NULL, -1, G_MAXINT64, -1, ro);
  cutout_queue_properties[PROP_PREPARING] = g_param_spec_boolean ("preparing", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, cutout_queue_properties);

  cutout_queue_signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cutout_queue_init (CutoutQueue *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->options = cutout_options_new ();
  self->name_template = g_strdup (CUTOUT_OUTPUT_DEFAULT_TEMPLATE);
  self->collision = CUTOUT_COLLISION_ADD_NUMBER;
  self->reservations = cutout_output_reservations_new ();
  self->max_in_flight = 3;
  self->max_attempts = 5;
  self->retry_possibly_charged = TRUE;
  self->watchdog_seconds = 60.0;
  self->allow_convert = TRUE;
  self->backoff_base_ms = 1000;
  self->backoff_cap_ms = 60000;
  self->credits_remaining = -1;
  self->state = CUTOUT_QUEUE_STATE_IDLE;
  self->running_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->done_outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->prepare_queue);
}

CutoutQueue *
cutout_queue_new (CutoutClient *client,
                  CutoutStore  *store)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (client), NULL);
  g_return_val_if_fail (store == NULL || CUTOUT_IS_STORE (store), NULL);

  return g_object_new (CUTOUT_TYPE_QUEUE,
                       "client", client,
                       "store", store,
                       NULL);
}
