/* cutout-context-usage.c — the context's usage figures: refresh, store, periods, months
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-api-error.h"
#include "cutout-context-private.h"

#define USAGE_KIND_MEMBERSHIP "membership"
#define USAGE_KIND_CYCLES     "cycles"
#define USAGE_KIND_MONTH      "month"

/* State */

void
cutout_context_set_usage_error (CutoutContext *self,
                                const GError  *error)
{
  if (error == NULL && self->usage_error == NULL)
    return;
  g_clear_error (&self->usage_error);
  if (error != NULL)
    self->usage_error = g_error_copy (error);
  cutout_context_notify (self, PROP_USAGE_ERROR);
}

void
cutout_context_set_membership (CutoutContext    *self,
                               CutoutMembership *membership)
{
  if (g_set_object (&self->membership, membership))
    {
      cutout_queue_set_membership (self->queue, membership);
      cutout_context_notify (self, PROP_MEMBERSHIP);
    }
}

static void
set_cycles (CutoutContext *self,
            GListModel    *cycles)
{
  guint n = g_list_model_get_n_items (cycles);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (cycles, i));
  g_list_store_splice (self->cycles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cycles)),
                       items->pdata, items->len);
}

/* The store */

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
save_usage (CutoutContext *self,
            const char    *kind,
            JsonNode      *node,
            gint64         fetched_us)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = node_to_text (node);

  if (self->store != NULL &&
      !cutout_store_save_usage (self->store, cutout_client_get_account_url (self->client), kind, text,
                                fetched_us, &error))
    g_debug ("Could not store the usage figures: %s", error->message);
}

static JsonParser *
load_usage (CutoutContext *self,
            const char    *kind,
            gint64        *fetched_us)
{
  g_autofree char *text = NULL;

  text = cutout_store_load_usage (self->store, cutout_client_get_account_url (self->client), kind,
                                  fetched_us, NULL);
  if (text == NULL)
    return NULL;
  return cutout_json_parse (text, strlen (text), 0, NULL);
}

static JsonNode *
cycles_to_json (GListModel *cycles,
                gint64      now)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);
  guint n = g_list_model_get_n_items (cycles);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CutoutBillingCycle) cycle = g_list_model_get_item (cycles, i);
      json_array_add_element (array, cutout_billing_cycle_to_json (cycle, now));
    }
  json_object_set_array_member (object, "billingCycles", g_steal_pointer (&array));
  json_node_take_object (root, object);
  return root;
}

/* A month is stored as { "year": 2026, "month": 3, "answer": {…} }: the
 * answer alone does not say which month it is for. */
static JsonNode *
month_to_json (int               year,
               int               month,
               CutoutMembership *membership)
{
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "year", year);
  json_object_set_int_member (object, "month", month);
  json_object_set_member (object, "answer",
                          cutout_membership_to_json (membership, g_get_real_time () / G_USEC_PER_SEC));
  json_node_take_object (root, object);
  return root;
}

static void
load_stored_month (CutoutContext *self)
{
  gint64 fetched = 0;
  g_autoptr(JsonParser) parser = load_usage (self, USAGE_KIND_MONTH, &fetched);
  g_autoptr(CutoutMembership) membership = NULL;
  JsonObject *object;
  gint64 year, month;

  if (parser == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  year = json_object_get_int_member_with_default (object, "year", 0);
  month = json_object_get_int_member_with_default (object, "month", 0);
  if (year < 1 || year > 9999 || month < 1 || month > 12 || !json_object_has_member (object, "answer"))
    return;

  membership = cutout_membership_new_from_json (json_object_get_member (object, "answer"), NULL);
  if (membership == NULL)
    return;

  g_set_object (&self->month, membership);
  self->month_year = (int) year;
  self->month_month = (int) month;
  self->month_fetched = fetched;
}

void
cutout_context_load_stored_usage (CutoutContext *self)
{
  gint64 fetched = 0, cycles_fetched = 0;
  g_autoptr(JsonParser) membership_parser = NULL;
  g_autoptr(JsonParser) cycles_parser = NULL;

  if (self->store == NULL)
    return;

  membership_parser = load_usage (self, USAGE_KIND_MEMBERSHIP, &fetched);
  if (membership_parser != NULL)
    {
      g_autoptr(CutoutMembership) membership = NULL;

      membership = cutout_membership_new_from_json (json_parser_get_root (membership_parser), NULL);
      if (membership != NULL)
        {
          cutout_context_set_membership (self, membership);
          self->usage_updated = fetched;
        }
    }

  cycles_parser = load_usage (self, USAGE_KIND_CYCLES, &cycles_fetched);
  if (cycles_parser != NULL)
    {
      g_autoptr(GListStore) cycles = NULL;

      cycles = cutout_billing_cycles_new_from_json (json_parser_get_root (cycles_parser), NULL);
      if (cycles != NULL)
        set_cycles (self, G_LIST_MODEL (cycles));
    }

  load_stored_month (self);
}

/* Refresh */

static void
usage_request_done (CutoutContext *self)
{
  if (--self->usage_pending > 0)
    return;

  if (self->usage_error == NULL)
    {
      /* The time stored with the figures, so a restart shows the same age. */
      self->usage_updated = self->refresh_time;
      cutout_context_notify (self, PROP_USAGE_UPDATED);
    }
  cutout_context_notify (self, PROP_USAGE_LOADING);
}

static void
refresh_membership_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CutoutContext) self = user_data;
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GError) error = NULL;

  membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (membership != NULL)
    {
      g_autoptr(JsonNode) node = cutout_membership_to_json (membership, g_get_real_time () / G_USEC_PER_SEC);

      cutout_context_set_membership (self, membership);
      save_usage (self, USAGE_KIND_MEMBERSHIP, node, self->refresh_time);
    }
  else
    cutout_context_set_usage_error (self, error);

  usage_request_done (self);
}

static void
refresh_cycles_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CutoutContext) self = user_data;
  g_autoptr(GListStore) cycles = NULL;
  g_autoptr(GError) error = NULL;

  cycles = cutout_client_list_billing_cycles_finish (CUTOUT_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (cycles != NULL)
    {
      g_autoptr(JsonNode) node = cycles_to_json (G_LIST_MODEL (cycles), g_get_real_time () / G_USEC_PER_SEC);

      set_cycles (self, G_LIST_MODEL (cycles));
      save_usage (self, USAGE_KIND_CYCLES, node, self->refresh_time);
    }
  else
    cutout_context_set_usage_error (self, error);

  usage_request_done (self);
}

void
cutout_context_refresh_usage (CutoutContext *self)
{
  CutoutUsageQuery query = { .billing_cycle = TRUE };

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));

  if (self->usage_pending > 0)
    return;

  /* The account service answers only with a key. */
  if (!cutout_client_has_api_key (self->client))
    return;

  cutout_context_set_usage_error (self, NULL);
  self->refresh_time = g_get_real_time ();
  self->usage_pending = 2;
  cutout_context_notify (self, PROP_USAGE_LOADING);

  cutout_client_get_usage_async (self->client, &query, self->cancellable,
                                 refresh_membership_cb, g_object_ref (self));
  cutout_client_list_billing_cycles_async (self->client, self->cancellable,
                                           refresh_cycles_cb, g_object_ref (self));
}

/* Periods */

static void
load_period_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CutoutMembership *membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &error);

  if (membership == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, membership, g_object_unref);
}

void
cutout_context_load_period_async (CutoutContext       *self,
                                  gint64               period_start,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CutoutUsageQuery query = { .period_start = period_start, .billing_cycle = TRUE };
  GTask *task;

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_context_load_period_async);
  cutout_client_get_usage_async (self->client, &query, cancellable, load_period_cb, task);
}

CutoutMembership *
cutout_context_load_period_finish (CutoutContext  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Calendar months */

typedef struct
{
  int year;
  int month;
} MonthData;

static void
load_month_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CutoutContext *self = g_task_get_source_object (task);
  MonthData *data = g_task_get_task_data (task);
  g_autoptr(CutoutMembership) membership = NULL;
  GError *error = NULL;

  membership = cutout_client_get_usage_finish (CUTOUT_CLIENT (object), result, &error);
  if (membership == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Kept like the other figures, so the month can be shown offline. */
  g_set_object (&self->month, membership);
  self->month_year = data->year;
  self->month_month = data->month;
  self->month_fetched = g_get_real_time ();
  {
    g_autoptr(JsonNode) node = month_to_json (data->year, data->month, membership);

    save_usage (self, USAGE_KIND_MONTH, node, self->month_fetched);
  }

  g_task_return_pointer (task, g_steal_pointer (&membership), g_object_unref);
}

void
cutout_context_load_month_async (CutoutContext       *self,
                                 int                  year,
                                 int                  month,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  CutoutUsageQuery query = { .year = year, .month = month };
  MonthData *data;
  GTask *task;

  g_return_if_fail (CUTOUT_IS_CONTEXT (self));
  g_return_if_fail (year >= 1 && year <= 9999);
  g_return_if_fail (month >= 1 && month <= 12);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_context_load_month_async);
  data = g_new0 (MonthData, 1);
  data->year = year;
  data->month = month;
  g_task_set_task_data (task, data, g_free);
  cutout_client_get_usage_async (self->client, &query, cancellable, load_month_cb, task);
}

CutoutMembership *
cutout_context_load_month_finish (CutoutContext  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CutoutMembership *
cutout_context_get_stored_month (CutoutContext *self,
                                 int            year,
                                 int            month,
                                 gint64        *fetched_us)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);

  if (self->month == NULL || self->month_year != year || self->month_month != month)
    return NULL;
  if (fetched_us != NULL)
    *fetched_us = self->month_fetched;
  return self->month;
}

/* Getters */

CutoutMembership *
cutout_context_get_membership (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->membership;
}

GListModel *
cutout_context_get_cycles (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return G_LIST_MODEL (self->cycles);
}

const GError *
cutout_context_get_usage_error (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), NULL);
  return self->usage_error;
}

gint64
cutout_context_get_usage_updated (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), 0);
  return self->usage_updated;
}

gboolean
cutout_context_get_usage_loading (CutoutContext *self)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (self), FALSE);
  return self->usage_pending > 0;
}
