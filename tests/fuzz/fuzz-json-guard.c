/* fuzz-json-guard.c — libFuzzer target checking cutout_json_depth_is_safe() against json-glib
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"

#include "cutout-api-error.h"

/* The guard exists because json-glib 1.6 recurses once per nesting level
 * without a limit. Its promise: when it answers TRUE, json-glib will not
 * nest deeper than max_depth. This target holds it to that promise on
 * small inputs (which cannot exhaust the stack themselves), by measuring
 * the depth of the tree json-glib actually builds. A guard that reads
 * the text differently from json-glib's scanner (comments, quoting) is
 * caught here long before a large body crashes the app. */
#define MAX_BODY_SIZE 4096

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static guint
node_depth (JsonNode *node)
{
  guint deepest = 0;

  if (node == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        deepest = MAX (deepest, node_depth (json_array_get_element (array, i)));
      return deepest + 1;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        deepest = MAX (deepest, node_depth (member));
      return deepest + 1;
    }

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  guint max_depth;

  /* The first byte is the limit (1..32, production uses 32), the rest
   * the body, with its length and without a terminating NUL. */
  if (size < 1 || size > MAX_BODY_SIZE)
    return 0;
  max_depth = data[0] % 32 + 1;
  data++;
  size--;

  text = g_memdup2 (data, size);
  if (!cutout_json_depth_is_safe (text, size, max_depth))
    return 0;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, size > 0 ? text : "", size, NULL))
    return 0;

  if (node_depth (json_parser_get_root (parser)) > max_depth)
    {
      fprintf (stderr, "cutout_json_depth_is_safe (limit %u) passed a body json-glib nests %u deep\n",
               max_depth, node_depth (json_parser_get_root (parser)));
      FUZZ_CHECK (!"the depth guard let through a body nested deeper than its limit");
    }

  return 0;
}
