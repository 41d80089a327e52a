/* cutout-history-item.c — one row of the history, its record replaced when the model reuses it
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-history-model-private.h"

struct _CutoutHistoryItem
{
  GObject          parent_instance;

  /* Owned */
  CutoutJobRecord *record;
  guint64          serial;   /* the record's, see cutout_history_item_get_serial() */
  guint64          untold;   /* the record's before a quiet change, or 0 */
};

/* Serials are made on the main thread only, as the items. */
static guint64 last_serial;

enum
{
  ITEM_PROP_0,
  ITEM_PROP_RECORD,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (CutoutHistoryItem, cutout_history_item, G_TYPE_OBJECT)

static void
cutout_history_item_finalize (GObject *object)
{
  CutoutHistoryItem *self = CUTOUT_HISTORY_ITEM (object);

  g_clear_pointer (&self->record, cutout_job_record_free);

  G_OBJECT_CLASS (cutout_history_item_parent_class)->finalize (object);
}

static void
cutout_history_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CutoutHistoryItem *self = CUTOUT_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_RECORD:
      g_value_set_pointer (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_history_item_class_init (CutoutHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cutout_history_item_finalize;
  object_class->get_property = cutout_history_item_get_property;

  /* The CutoutJobRecord shown; it changes when the model reuses the
   * item for another row after a refresh. */
  item_properties[ITEM_PROP_RECORD] =
    g_param_spec_pointer ("record", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
cutout_history_item_init (CutoutHistoryItem *self)
{
}

CutoutHistoryItem *
cutout_history_item_new (CutoutJobRecord *record)
{
  CutoutHistoryItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (CUTOUT_TYPE_HISTORY_ITEM, NULL);
  self->record = record;
  self->serial = ++last_serial;

  return self;
}

const CutoutJobRecord *
cutout_history_item_get_record (CutoutHistoryItem *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_ITEM (self), NULL);

  return self->record;
}

void
cutout_history_item_set_record (CutoutHistoryItem *self,
                                CutoutJobRecord   *record,
                                gboolean           notify)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_ITEM (self));
  g_return_if_fail (record != NULL);

  g_clear_pointer (&self->record, cutout_job_record_free);
  self->record = record;
  /* What shows the item still shows the record it had when the first of
   * the quiet changes came. */
  if (!notify && self->untold == 0)
    self->untold = self->serial;
  self->serial = ++last_serial;
  if (notify)
    cutout_history_item_notify_record (self);
}

void
cutout_history_item_notify_record (CutoutHistoryItem *self)
{
  g_return_if_fail (CUTOUT_IS_HISTORY_ITEM (self));

  self->untold = 0;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_RECORD]);
}

guint64
cutout_history_item_get_serial (CutoutHistoryItem *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_ITEM (self), 0);

  return self->serial;
}

guint64
cutout_history_item_get_untold_serial (CutoutHistoryItem *self)
{
  g_return_val_if_fail (CUTOUT_IS_HISTORY_ITEM (self), 0);

  return self->untold;
}
