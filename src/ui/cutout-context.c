/* cutout-context.c — the core objects the UI binds to, in one place
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-config.h"
#include "cutout-context-private.h"
#include "cutout-secret.h"

G_DEFINE_FINAL_TYPE (CutoutContext, cutout_context, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

void
cutout_context_notify (CutoutContext *self,
                       guint          prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Settings → queue ------------------------------------------------------- */

/* The batch options from the settings, read as the service reads its
 * fields, so that a bad stored value is refused the same way. */
static void
apply_options (CutoutContext *self)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autofree char *bg_color = g_settings_get_string (self->settings, "bg-color");
  guint width = g_settings_get_uint (self->settings, "width");
  guint height = g_settings_get_uint (self->settings, "height");

  options->format = (CutoutFormat) g_settings_get_enum (self->settings, "format");
  options->width = width;
  options->height = height;
  options->exact_resize = g_settings_get_boolean (self->settings, "exact-resize");
  options->mask = g_settings_get_boolean (self->settings, "mask");
  options->angle = g_settings_get_double (self->settings, "angle");
  options->expand = g_settings_get_boolean (self->settings, "expand");
  cutout_options_set_bg_color (options, bg_color[0] != '\0' ? bg_color : NULL);

  cutout_queue_set_options (self->queue, options);
}

static void
apply_output (CutoutContext *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");
  g_autofree char *name_template = g_settings_get_string (self->settings, "name-template");
  g_autoptr(GFile) file = folder[0] != '\0' ? g_file_new_for_path (folder) : NULL;
  g_autoptr(GError) error = NULL;

  cutout_queue_set_output_folder (self->queue, file);
  if (!cutout_queue_set_name_template (self->queue, name_template, &error))
    g_debug ("Stored name template refused: %s", error->message);
  cutout_queue_set_collision_policy (self->queue,
                                     (CutoutCollisionPolicy) g_settings_get_enum (self->settings, "collision-policy"));
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     CutoutContext *self)
{
  static const char * const option_keys[] = {
    "format", "width", "height", "exact-resize", "mask", "bg-color", "angle", "expand", NULL
  };
  static const char * const output_keys[] = {
    "output-folder", "name-template", "collision-policy", NULL
  };

  if (key == NULL || g_strv_contains (option_keys, key))
    apply_options (self);
  if (key == NULL || g_strv_contains (output_keys, key))
    apply_output (self);
}

static gboolean
int_from_uint_cb (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_int (value, (int) MIN (g_variant_get_uint32 (variant), (guint32) G_MAXINT));
  return TRUE;
}

static gboolean
int64_from_uint_cb (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_int64 (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static void
bind_queue_to_settings (CutoutContext *self)
{
  const GSettingsBindFlags flags = G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY;

  g_settings_bind (self->settings, "concurrency", self->queue, "max-in-flight", flags);
  g_settings_bind (self->settings, "max-attempts", self->queue, "max-attempts", flags);
  g_settings_bind (self->settings, "retry-possibly-charged", self->queue, "retry-possibly-charged", flags);
  g_settings_bind (self->settings, "allow-convert", self->queue, "allow-convert", flags);
  g_settings_bind (self->settings, "trim", self->queue, "trim", flags);
  g_settings_bind_with_mapping (self->settings, "trim-margin", self->queue, "trim-margin", flags,
                                int_from_uint_cb, NULL, NULL, NULL);
  g_settings_bind (self->settings, "keep-orientation", self->queue, "orient", flags);
  g_settings_bind (self->settings, "keep-editable", self->queue, "keep-editable", flags);
  g_settings_bind_with_mapping (self->settings, "low-credit-threshold", self->queue, "low-credit-threshold",
                                flags, int64_from_uint_cb, NULL, NULL, NULL);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
  settings_changed_cb (self->settings, NULL, self);
}

/* Usage ------------------------------------------------------------------ */

static void
queue_finished_cb (CutoutQueue   *queue,
                   CutoutContext *self)
{
  /* The batch used credits: show what is left. */
  cutout_context_refresh_usage (self);
}

/* Key -------------------------------------------------------------------- */

static void
set_key_source (CutoutContext   *self,
                CutoutKeySource  source)
{
  if (self->key_source == source)
    return;
  self->key_source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_SOURCE]);
}

static void
lookup_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = cutout_secret_lookup_finish (result, &error);

  if (key != NULL)
    {
      cutout_client_set_api_key (self->client, key);
      set_key_source (self, CUTOUT_KEY_SOURCE_KEYRING);
      memset (key, 0, strlen (key));
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cutout_context_load_key_async (CutoutContext       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_context_load_key_async);

  /* The environment (tests, demos) wins and needs no keyring. */
  if (self->key_source == CUTOUT_KEY_SOURCE_ENVIRONMENT)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cutout_secret_lookup_async (cutout_client_get_account_url (self->client), cancellable,
                              lookup_key_cb, g_steal_pointer (&task));
}

gboolean
cutout_context_load_key_finish (CutoutContext  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  CutoutClient     *probe;  /* a client with the new key, for the check */
  char             *key;
  CutoutMembership *membership;
} SetKeyData;

static void
set_key_data_free (SetKeyData *data)
{
  g_clear_object (&data->probe);
  if (data->key != NULL)
    memset (data->key, 0, strlen (data->key));
  g_free (data->key);
  g_clear_object (&data->membership);
  g_free (data);
}

static void
set_key_use (GTask           *task,
             CutoutKeySource  source)
{
  CutoutContext *self = g_task_get_source_object (task);
  SetKeyData *data = g_task_get_task_data (task);

  cutout_client_set_api_key (self->client, data->key);
  set_key_source (self, source);
  cutout_context_set_membership (self, data->membership);
  self->usage_updated = g_get_real_time ();
  cutout_context_notify (self, PROP_USAGE_UPDATED);
  cutout_context_set_usage_error (self, NULL);
  g_task_return_pointer (task, g_object_ref (data->membership), g_object_unref);

  /* The list of cycles too, now that the key works. */
  cutout_context_refresh_usage (self);
}

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (cutout_secret_store_finish (result, &error))
    set_key_use (task, CUTOUT_KEY_SOURCE_KEYRING);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* No keyring (or it refused): keep the key for this session only,
       * never in a plain file. The UI says so from key-source. */
      g_debug ("The key is kept for this session only: %s", error->message);
      set_key_use (task, CUTOUT_KEY_SOURCE_SESSION);
    }
}

static void
check_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutContext *self = g_task_get_source_object (task);
  SetKeyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  data->membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &error);
  if (data->membership == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  cutout_secret_store_async (cutout_client_get_account_url (self->client), data->key,
                             cancellable, store_key_cb, g_steal_pointer (&task));
}

void
cutout_context_set_key_async (CutoutContext       *self,
                              const char          *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CutoutUsageQuery query = { .billing_cycle = TRUE };
  SetKeyData *data;

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_context_set_key_async);

  data = g_new0 (SetKeyData, 1);
  data->key = g_strstrip (g_strdup (key));
  g_task_set_task_data (task, data, (GDestroyNotify) set_key_data_free);

  if (data->key[0] == '\0')
    {
      g_task_return_new_error (task, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY,
                               _("Enter an API key."));
      return;
    }

  /* The key is tried on a client of its own, so a wrong key never
   * replaces a working one. */
  data->probe = cutout_client_new (cutout_client_get_api_url (self->client),
                                   cutout_client_get_account_url (self->client), &error);
  if (data->probe == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cutout_client_set_api_key (data->probe, data->key);
  cutout_client_get_usage_async (data->probe, &query, cancellable, check_key_cb, g_steal_pointer (&task));
}

CutoutMembership *
cutout_context_set_key_finish (CutoutContext  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!cutout_secret_clear_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cutout_client_set_api_key (self->client, NULL);
  set_key_source (self, CUTOUT_KEY_SOURCE_NONE);
  g_task_return_boolean (task, TRUE);
}

void
cutout_context_clear_key_async (CutoutContext       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_context_clear_key_async);
  cutout_secret_clear_async (cutout_client_get_account_url (self->client), cancellable, clear_key_cb, task);
}

gboolean
cutout_context_clear_key_finish (CutoutContext  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject ---------------------------------------------------------------- */

static void
cutout_context_dispose (GObject *object)
{
  CutoutContext *self = CUTOUT_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->membership);
  g_clear_object (&self->cycles);
  g_clear_object (&self->month);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cutout_context_parent_class)->dispose (object);
}

static void
cutout_context_finalize (GObject *object)
{
  CutoutContext *self = CUTOUT_CONTEXT (object);

  g_clear_error (&self->store_error);
  g_clear_error (&self->usage_error);

  G_OBJECT_CLASS (cutout_context_parent_class)->finalize (object);
}

static void
cutout_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CutoutContext *self = CUTOUT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_KEY_SOURCE:
      g_value_set_int (value, self->key_source);
      break;
    case PROP_MEMBERSHIP:
      g_value_set_object (value, self->membership);
      break;
    case PROP_CYCLES:
      g_value_set_object (value, self->cycles);
      break;
    case PROP_USAGE_ERROR:
      g_value_set_boxed (value, self->usage_error);
      break;
    case PROP_USAGE_UPDATED:
      g_value_set_int64 (value, self->usage_updated);
      break;
    case PROP_USAGE_LOADING:
      g_value_set_boolean (value, self->usage_pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_context_class_init (CutoutContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cutout_context_dispose;
  object_class->finalize = cutout_context_finalize;
  object_class->get_property = cutout_context_get_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, ro);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, CUTOUT_TYPE_CLIENT, ro);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUTOUT_TYPE_STORE, ro);
  properties[PROP_QUEUE] = g_param_spec_object ("queue", NULL, NULL, CUTOUT_TYPE_QUEUE, ro);
  properties[PROP_KEY_SOURCE] =
    g_param_spec_int ("key-source", NULL, NULL, CUTOUT_KEY_SOURCE_NONE, CUTOUT_KEY_SOURCE_SESSION,
                      CUTOUT_KEY_SOURCE_NONE, ro);
  properties[PROP_MEMBERSHIP] = g_param_spec_object ("membership", NULL, NULL, CUTOUT_TYPE_MEMBERSHIP, ro);
  properties[PROP_CYCLES] = g_param_spec_object ("cycles", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_USAGE_ERROR] = g_param_spec_boxed ("usage-error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_USAGE_UPDATED] = g_param_spec_int64 ("usage-updated", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_USAGE_LOADING] = g_param_spec_boolean ("usage-loading", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_context_init (CutoutContext *self)
{
  self->cycles = g_list_store_new (CUTOUT_TYPE_BILLING_CYCLE);
  self->cancellable = g_cancellable_new ();
}

/* The client for the configured URLs, or the defaults when the stored
 * ones are not usable (Preferences only stores checked ones, but the
 * environment may hold anything). */
static CutoutClient *
make_client (GSettings *settings)
{
  g_autofree char *api_url = cutout_config_get_api_url (NULL, settings);
  g_autofree char *account_url = cutout_config_get_account_url (NULL, settings);
  g_autoptr(GError) error = NULL;
  CutoutClient *client = cutout_client_new (api_url, account_url, &error);

  if (client != NULL)
    return client;

  g_message ("%s; using the service's own addresses", error->message);
  return cutout_client_new (CUTOUT_DEFAULT_API_URL, CUTOUT_DEFAULT_ACCOUNT_URL, NULL);
}

CutoutContext *
cutout_context_new (GSettings  *settings,
                    const char *store_path)
{
  g_autoptr(CutoutContext) self = g_object_new (CUTOUT_TYPE_CONTEXT, NULL);
  g_autofree char *env_key = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    self->settings = g_object_ref (settings);

  self->client = make_client (settings);
  env_key = cutout_config_get_env_api_key ();
  if (env_key != NULL)
    {
      cutout_client_set_api_key (self->client, env_key);
      self->key_source = CUTOUT_KEY_SOURCE_ENVIRONMENT;
      memset (env_key, 0, strlen (env_key));
    }

  /* Without the database the app still works (no history, no resume);
   * the UI says why from store-error. */
  self->store = cutout_store_new (store_path, &self->store_error);

  self->queue = cutout_queue_new (self->client, self->store);
  if (self->settings != NULL)
    bind_queue_to_settings (self);
  if (self->store != NULL && !cutout_queue_restore (self->queue, &error))
    g_message ("Could not restore the queue: %s", error->message);
  g_signal_connect (self->queue, "finished", G_CALLBACK (queue_finished_cb), self);

  cutout_context_load_stored_usage (self);

  return g_steal_pointer (&self);
}

GSettings *
cutout_context_get_settings (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->settings;
}

CutoutClient *
cutout_context_get_client (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->client;
}

CutoutStore *
cutout_context_get_store (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->store;
}

const GError *
cutout_context_get_store_error (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->store_error;
}

CutoutQueue *
cutout_context_get_queue (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->queue;
}

CutoutKeySource
cutout_context_get_key_source (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), CUTOUT_KEY_SOURCE_NONE);
  return self->key_source;
}

gboolean
cutout_context_has_key (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), FALSE);
  return cutout_client_has_api_key (self->client);
}
