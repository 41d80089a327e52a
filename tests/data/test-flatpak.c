/* test-flatpak.c — checks of the Flatpak manifests: ids, runtime, sandbox, build options
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

/* Flathub cannot be reached from the test machines, so the manifests are
 * never built here: these tests read them instead and hold them to what
 * the build would need and to the sandbox the app is meant to have. */

#define BASE_ID "io.github.cutoutapp.Cutout"
#define MIN_GNOME_RUNTIME 50

/* The sandbox: network for the service, a display, the GPU. Files come in
 * and go out through portals (file chooser, drag and drop, OpenURI), the
 * key through the Secret portal and notifications through their portal,
 * so nothing else is needed, and no file-system access at all. */
static const char * const allowed_finish_args[] = {
  "--share=network",
  "--share=ipc",
  "--socket=wayland",
  "--socket=fallback-x11",
  "--device=dri",
};

typedef struct
{
  const char *file;
  const char *id;
  const char *profile;
} Manifest;

static const Manifest manifests[] = {
  { BASE_ID ".json", BASE_ID, "default" },
  { BASE_ID ".Devel.json", BASE_ID ".Devel", "development" },
};

static JsonObject *
load_json_object (const char  *path,
                  JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_test_message ("reading %s", path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *parser_out = g_steal_pointer (&parser);

  return json_node_get_object (root);
}

static JsonObject *
load_manifest (const Manifest  *manifest,
               JsonParser     **parser_out)
{
  g_autofree char *path = g_build_filename (CUTOUT_SOURCE_ROOT, "flatpak", manifest->file, NULL);

  return load_json_object (path, parser_out);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_node_get_array (node);
}

/* The app module is the last one: flatpak-builder builds in order and
 * dependencies, if any are ever bundled, come first. */
static JsonObject *
get_app_module (JsonObject *manifest)
{
  JsonArray *modules = get_array_member (manifest, "modules");
  guint n = json_array_get_length (modules);
  JsonNode *last;

  g_assert_cmpuint (n, >=, 1);
  last = json_array_get_element (modules, n - 1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (last));

  return json_node_get_object (last);
}

static void
test_identity (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *manifest = load_manifest (&manifests[i], &parser);
      const char *version;
      char *end = NULL;
      guint64 major;

      g_assert_cmpstr (get_string_member (manifest, "id"), ==, manifests[i].id);
      g_assert_false (json_object_has_member (manifest, "app-id"));
      g_assert_cmpstr (get_string_member (manifest, "command"), ==, "cutout");
      g_assert_cmpstr (get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
      g_assert_cmpstr (get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");

      /* A stable release number ("50"), not "master" or a nightly. */
      version = get_string_member (manifest, "runtime-version");
      g_assert_true (g_ascii_isdigit (version[0]));
      major = g_ascii_strtoull (version, &end, 10);
      g_assert_cmpstr (end, ==, "");
      g_assert_cmpuint (major, >=, MIN_GNOME_RUNTIME);
    }
}

/* The manifest of this build's profile has the application ID compiled
 * into the app, so the exported desktop file, metainfo and icons (named
 * after it) match the Flatpak's ID. */
static void
test_id_is_application_id (void)
{
  guint n_matching = 0;

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *manifest;

      if (g_strcmp0 (manifests[i].profile, CUTOUT_PROFILE) != 0)
        continue;

      manifest = load_manifest (&manifests[i], &parser);
      g_assert_cmpstr (get_string_member (manifest, "id"), ==, APPLICATION_ID);
      n_matching++;
    }

  g_assert_cmpuint (n_matching, ==, 1);
}

static gboolean
is_allowed_finish_arg (const char *arg)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed_finish_args); i++)
    if (g_strcmp0 (allowed_finish_args[i], arg) == 0)
      return TRUE;

  return FALSE;
}

static void
test_sandbox (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      JsonObject *manifest = load_manifest (&manifests[i], &parser);
      JsonArray *args = get_array_member (manifest, "finish-args");

      for (guint j = 0; j < json_array_get_length (args); j++)
        {
          const char *arg = json_array_get_string_element (args, j);

          g_test_message ("%s: finish-arg %s", manifests[i].file, arg);
          g_assert_nonnull (arg);
          g_assert_false (g_str_has_prefix (arg, "--filesystem"));
          g_assert_true (is_allowed_finish_arg (arg));
          g_assert_true (g_hash_table_add (seen, (gpointer) arg));
        }

      /* Each of the allowed ones is needed: the app does not run without
       * them (network, display) or runs badly (clipboard, GPU). */
      g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (allowed_finish_args));
    }
}

static JsonObject *
find_build_option (JsonArray  *options,
                   const char *name)
{
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *option = json_array_get_object_element (options, i);

      if (g_strcmp0 (json_object_get_string_member (option, "name"), name) == 0 &&
          g_strcmp0 (json_object_get_string_member (option, "section"), "user") == 0)
        return option;
    }

  return NULL;
}

/* Whether @value is a value meson accepts on the command line for the
 * project option @option (as described by meson's introspection data). */
static gboolean
is_valid_option_value (JsonObject *option,
                       const char *value)
{
  const char *type = json_object_get_string_member (option, "type");

  if (g_strcmp0 (type, "boolean") == 0)
    return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "false") == 0;

  if (g_strcmp0 (type, "combo") == 0)
    {
      JsonArray *choices = json_object_get_array_member (option, "choices");

      for (guint i = 0; i < json_array_get_length (choices); i++)
        if (g_strcmp0 (json_array_get_string_element (choices, i), value) == 0)
          return TRUE;
      return FALSE;
    }

  if (g_strcmp0 (type, "integer") == 0)
    {
      char *end = NULL;

      if (*value == '\0')
        return FALSE;
      g_ascii_strtoll (value, &end, 10);
      return *end == '\0';
    }

  if (g_strcmp0 (type, "string") == 0)
    return TRUE;

  /* Arrays and features are not used by this project's options. */
  g_test_message ("unexpected option type %s", type);
  return FALSE;
}

static void
test_app_module (void)
{
  g_autofree char *introspection = g_build_filename (CUTOUT_BUILD_ROOT, "meson-info", "intro-buildoptions.json", NULL);
  g_autoptr(JsonParser) options_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *build_options;

  /* meson's own reading of meson_options.txt: names, types and choices. */
  json_parser_load_from_file (options_parser, introspection, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (options_parser)));
  build_options = json_node_get_array (json_parser_get_root (options_parser));

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      JsonObject *manifest = load_manifest (&manifests[i], &parser);
      JsonObject *module = get_app_module (manifest);
      JsonArray *config_opts;
      JsonArray *sources;
      gboolean has_source_dir = FALSE;

      g_assert_cmpstr (get_string_member (module, "name"), ==, "cutout");
      g_assert_cmpstr (get_string_member (module, "buildsystem"), ==, "meson");

      config_opts = get_array_member (module, "config-opts");
      for (guint j = 0; j < json_array_get_length (config_opts); j++)
        {
          const char *opt = json_array_get_string_element (config_opts, j);
          g_auto(GStrv) parts = NULL;
          JsonObject *option;

          g_test_message ("%s: config-opt %s", manifests[i].file, opt);
          g_assert_nonnull (opt);
          g_assert_true (g_str_has_prefix (opt, "-D"));
          parts = g_strsplit (opt + 2, "=", 2);
          g_assert_cmpuint (g_strv_length (parts), ==, 2);
          option = find_build_option (build_options, parts[0]);
          g_assert_nonnull (option);
          g_assert_true (is_valid_option_value (option, parts[1]));
          g_assert_true (g_hash_table_insert (given, g_strdup (parts[0]), g_strdup (parts[1])));
        }

      /* The test suites need a display and a session bus that a Flatpak
       * build does not have; the profile decides the application ID. */
      g_assert_cmpstr (g_hash_table_lookup (given, "tests"), ==, "false");
      g_assert_cmpstr (g_hash_table_lookup (given, "profile"), ==, manifests[i].profile);
      g_assert_cmpstr (g_hash_table_lookup (given, "ui"), !=, "false");

      /* The source is this checkout, one level above the manifest. */
      sources = get_array_member (module, "sources");
      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);

          if (g_strcmp0 (json_object_get_string_member (source, "type"), "dir") == 0)
            {
              g_autofree char *dir = g_build_filename (CUTOUT_SOURCE_ROOT, "flatpak",
                                                       json_object_get_string_member (source, "path"),
                                                       "meson.build", NULL);
              g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
              g_autofree char *expected = g_build_filename (CUTOUT_SOURCE_ROOT, "meson.build", NULL);
              g_autofree char *expected_canonical = g_canonicalize_filename (expected, NULL);

              g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
              g_assert_cmpstr (canonical, ==, expected_canonical);
              g_assert_true (g_file_test (canonical, G_FILE_TEST_IS_REGULAR));
              has_source_dir = TRUE;
            }
        }
      g_assert_true (has_source_dir);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/identity", test_identity);
  g_test_add_func ("/flatpak/id-is-application-id", test_id_is_application_id);
  g_test_add_func ("/flatpak/sandbox", test_sandbox);
  g_test_add_func ("/flatpak/app-module", test_app_module);

  return g_test_run ();
}
