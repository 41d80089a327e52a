/* test-schema.c — tests of the GSettings schema: keys, types, defaults, ranges, texts
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-options.h"
#include "cutout-output.h"
#include "cutout-test-util.h"

/* The schema is compiled afresh into a temporary folder together with
 * copies of its XML files: GLib reads a key's summary and description from
 * the XML beside gschemas.compiled, not from the compiled file itself. */
/* The schema keeps the base ID in every build profile. */
#define SCHEMA_ID "io.github.cutoutapp.Cutout"

typedef struct
{
  char             *dir;
  GSettingsSchema  *schema;
} Fixture;

static const char * const schema_files[] = {
  SCHEMA_ID ".gschema.xml",
  SCHEMA_ID ".enums.xml",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSubprocess) compiler = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = cutout_test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (schema_files); i++)
    {
      g_autofree char *from = g_build_filename (CUTOUT_SOURCE_DATA_DIR, schema_files[i], NULL);
      g_autofree char *to = g_build_filename (fixture->dir, schema_files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (from, &contents, &len, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (to, contents, len, &error));
      g_assert_no_error (error);
    }

  compiler = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                               GLIB_COMPILE_SCHEMAS, "--strict",
                               "--targetdir", fixture->dir, fixture->dir,
                               NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (compiler, NULL, &error));
  g_assert_no_error (error);

  source = g_settings_schema_source_new_from_directory (fixture->dir, NULL, FALSE, &error);
  g_assert_no_error (error);
  fixture->schema = g_settings_schema_source_lookup (source, SCHEMA_ID, FALSE);
  g_assert_nonnull (fixture->schema);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->schema, g_settings_schema_unref);
  cutout_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
test_identity (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_assert_cmpstr (g_settings_schema_get_id (fixture->schema), ==, SCHEMA_ID);
  g_assert_cmpstr (g_settings_schema_get_path (fixture->schema), ==, "/io/github/cutoutapp/Cutout/");
}

/* Every key is documented for dconf-editor and translators: a short
 * summary without a final period, and a description in full sentences. */
static void
test_every_key_documented (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_auto(GStrv) keys = g_settings_schema_list_keys (fixture->schema);

  g_assert_cmpuint (g_strv_length (keys), >=, 32);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (fixture->schema, keys[i]);
      const char *summary = g_settings_schema_key_get_summary (key);
      const char *description = g_settings_schema_key_get_description (key);

      g_test_message ("key '%s'", keys[i]);
      g_assert_nonnull (summary);
      g_assert_cmpuint (strlen (summary), >, 3);
      g_assert_false (g_str_has_suffix (summary, "."));
      g_assert_nonnull (description);
      g_assert_cmpuint (strlen (description), >, strlen (summary));
      g_assert_true (g_str_has_suffix (description, "."));
    }
}

/* The schema's messages belong to the application's gettext domain, so
 * that dconf-editor and GNOME Settings show them translated. */
static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  char **domain = user_data;

  if (g_strcmp0 (element_name, "schemalist") != 0)
    return;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    if (g_strcmp0 (attribute_names[i], "gettext-domain") == 0)
      {
        g_free (*domain);
        *domain = g_strdup (attribute_values[i]);
      }
}

static void
test_gettext_domain (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const GMarkupParser parser = { start_element_cb, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *path = g_build_filename (CUTOUT_SOURCE_DATA_DIR, SCHEMA_ID ".gschema.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &domain, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (domain, ==, GETTEXT_PACKAGE);
}

typedef struct
{
  const char *name;
  const char *type;
  const char *default_value; /* GVariant text */
  const char *range;         /* GVariant text of g_settings_schema_key_get_range(),
                              * NULL for any value of the type */
} ExpectedKey;

static const ExpectedKey expected_keys[] = {
  { "api-url", "s", "'https://api.rembg.com'", NULL },
  { "account-url", "s", "'https://www.rembg.com'", NULL },
  { "concurrency", "u", "uint32 3", "('range', <(uint32 1, uint32 16)>)" },
  { "max-attempts", "u", "uint32 5", "('range', <(uint32 1, uint32 20)>)" },
  { "retry-possibly-charged", "b", "true", NULL },
  { "allow-convert", "b", "true", NULL },
  { "allow-shrink", "b", "true", NULL },
  { "notify-on-finish", "b", "true", NULL },
  { "format", "s", "'webp'", "('enum', <['webp', 'png']>)" },
  { "width", "u", "uint32 0", "('range', <(uint32 0, uint32 10000)>)" },
  { "height", "u", "uint32 0", "('range', <(uint32 0, uint32 10000)>)" },
  { "exact-resize", "b", "false", NULL },
  { "mask", "b", "false", NULL },
  { "bg-color", "s", "''", NULL },
  { "angle", "d", "0.0", "('range', <(-360.0, 360.0)>)" },
  { "expand", "b", "true", NULL },
  { "trim", "b", "false", NULL },
  { "trim-margin", "u", "uint32 16", "('range', <(uint32 0, uint32 1000)>)" },
  { "keep-orientation", "b", "true", NULL },
  { "keep-editable", "b", "false", NULL },
  { "editable-cache-mb", "u", "uint32 512", "('range', <(uint32 16, uint32 10000)>)" },
  { "output-folder", "s", "''", NULL },
  { "name-template", "s", "'" CUTOUT_OUTPUT_DEFAULT_TEMPLATE "'", NULL },
  { "collision-policy", "s", "'add-number'", "('enum', <['add-number', 'overwrite', 'skip']>)" },
  { "watch-enabled", "b", "false", NULL },
  { "watch-folder", "s", "''", NULL },
  { "low-credit-threshold", "u", "uint32 0", "('range', <(uint32 0, uint32 1000000)>)" },
  { "history-retention-days", "u", "uint32 0", "('range', <(uint32 0, uint32 36500)>)" },
  { "presets", "a{sa{sv}}", "@a{sa{sv}} {}", NULL },
  { "window-width", "i", "960", NULL },
  { "window-height", "i", "680", NULL },
  { "window-maximized", "b", "false", NULL },
  { "key-page-dismissed", "b", "false", NULL },
};

static void
test_keys (Fixture       *fixture,
           gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    {
      const ExpectedKey *expected = &expected_keys[i];
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autoptr(GVariant) default_value = NULL;
      g_autoptr(GVariant) expected_default = NULL;
      g_autoptr(GVariant) range = NULL;
      g_autoptr(GVariant) expected_range = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *any_value = NULL;

      g_test_message ("key '%s'", expected->name);
      g_assert_true (g_settings_schema_has_key (fixture->schema, expected->name));
      key = g_settings_schema_get_key (fixture->schema, expected->name);

      g_assert_cmpstr (g_variant_type_peek_string (g_settings_schema_key_get_value_type (key)), ==, expected->type);

      default_value = g_settings_schema_key_get_default_value (key);
      expected_default = g_variant_parse (NULL, expected->default_value, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpvariant (default_value, expected_default);

      range = g_settings_schema_key_get_range (key);
      /* An unrestricted key answers ('type', <@aT []>). */
      if (expected->range == NULL)
        any_value = g_strdup_printf ("('type', <@a%s []>)", expected->type);
      expected_range = g_variant_parse (G_VARIANT_TYPE ("(sv)"),
                                        expected->range != NULL ? expected->range : any_value,
                                        NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpvariant (range, expected_range);
    }
}

/* The enumerations' numbers are the C enums' values, so that
 * g_settings_get_enum() can be cast to them. */
static void
test_enums_match_core (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new_full (fixture->schema, NULL, NULL);

  g_assert_cmpint (g_settings_get_enum (settings, "format"), ==, CUTOUT_FORMAT_WEBP);
  g_assert_true (g_settings_set_string (settings, "format", "png"));
  g_assert_cmpint (g_settings_get_enum (settings, "format"), ==, CUTOUT_FORMAT_PNG);
  g_assert_true (g_settings_set_enum (settings, "format", CUTOUT_FORMAT_WEBP));
  g_assert_cmpstr (cutout_format_to_string (g_settings_get_enum (settings, "format")), ==, "webp");

  g_assert_cmpint (g_settings_get_enum (settings, "collision-policy"), ==, CUTOUT_COLLISION_ADD_NUMBER);
  g_assert_true (g_settings_set_string (settings, "collision-policy", "overwrite"));
  g_assert_cmpint (g_settings_get_enum (settings, "collision-policy"), ==, CUTOUT_COLLISION_OVERWRITE);
  g_assert_true (g_settings_set_string (settings, "collision-policy", "skip"));
  g_assert_cmpint (g_settings_get_enum (settings, "collision-policy"), ==, CUTOUT_COLLISION_SKIP);
}

/* Out-of-range and unknown values are refused by GSettings itself, so a
 * broken dconf entry can never reach the core as, say, width 20000. */
static void
test_ranges_enforced (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GSettingsSchemaKey) width = g_settings_schema_get_key (fixture->schema, "width");
  g_autoptr(GSettingsSchemaKey) angle = g_settings_schema_get_key (fixture->schema, "angle");
  g_autoptr(GSettingsSchemaKey) attempts = g_settings_schema_get_key (fixture->schema, "max-attempts");
  g_autoptr(GSettingsSchemaKey) policy = g_settings_schema_get_key (fixture->schema, "collision-policy");
  g_autoptr(GSettingsSchemaKey) format = g_settings_schema_get_key (fixture->schema, "format");

  g_assert_true (g_settings_schema_key_range_check (width, g_variant_new_uint32 (10000)));
  g_assert_false (g_settings_schema_key_range_check (width, g_variant_new_uint32 (10001)));
  g_assert_true (g_settings_schema_key_range_check (angle, g_variant_new_double (-360.0)));
  g_assert_false (g_settings_schema_key_range_check (angle, g_variant_new_double (360.5)));
  g_assert_false (g_settings_schema_key_range_check (attempts, g_variant_new_uint32 (0)));
  g_assert_false (g_settings_schema_key_range_check (attempts, g_variant_new_uint32 (21)));
  g_assert_false (g_settings_schema_key_range_check (policy, g_variant_new_string ("rename")));
  g_assert_false (g_settings_schema_key_range_check (format, g_variant_new_string ("jpeg")));
}

/* A preset is stored and read back as a whole: name → option dictionary
 * with the option keys' own types. */
static void
test_presets_round_trip (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new_full (fixture->schema, NULL, NULL);
  g_autoptr(GVariant) presets = NULL;
  g_autoptr(GVariant) studio = NULL;
  g_autoptr(GVariant) width = NULL;
  g_autoptr(GVariant) color = NULL;
  g_autoptr(GVariant) format = NULL;
  g_autoptr(GVariantDict) dict = NULL;
  GVariantBuilder builder;

  presets = g_settings_get_value (settings, "presets");
  g_assert_cmpuint (g_variant_n_children (presets), ==, 0);
  g_clear_pointer (&presets, g_variant_unref);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_builder_open (&builder, G_VARIANT_TYPE ("{sa{sv}}"));
  g_variant_builder_add (&builder, "s", "Studio white");
  g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "format", g_variant_new_string ("png"));
  g_variant_builder_add (&builder, "{sv}", "width", g_variant_new_uint32 (2000));
  g_variant_builder_add (&builder, "{sv}", "bg-color", g_variant_new_string ("#ffffff"));
  g_variant_builder_close (&builder);
  g_variant_builder_close (&builder);
  g_assert_true (g_settings_set_value (settings, "presets", g_variant_builder_end (&builder)));

  presets = g_settings_get_value (settings, "presets");
  g_assert_cmpuint (g_variant_n_children (presets), ==, 1);
  studio = g_variant_lookup_value (presets, "Studio white", G_VARIANT_TYPE ("a{sv}"));
  g_assert_nonnull (studio);
  dict = g_variant_dict_new (studio);
  format = g_variant_dict_lookup_value (dict, "format", G_VARIANT_TYPE_STRING);
  width = g_variant_dict_lookup_value (dict, "width", G_VARIANT_TYPE_UINT32);
  color = g_variant_dict_lookup_value (dict, "bg-color", G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (format, NULL), ==, "png");
  g_assert_cmpuint (g_variant_get_uint32 (width), ==, 2000);
  g_assert_cmpstr (g_variant_get_string (color, NULL), ==, "#ffffff");
  g_assert_false (g_variant_dict_contains (dict, "mask"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/schema/identity", Fixture, NULL, fixture_set_up, test_identity, fixture_tear_down);
  g_test_add ("/schema/every-key-documented", Fixture, NULL, fixture_set_up, test_every_key_documented, fixture_tear_down);
  g_test_add ("/schema/gettext-domain", Fixture, NULL, fixture_set_up, test_gettext_domain, fixture_tear_down);
  g_test_add ("/schema/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/schema/enums-match-core", Fixture, NULL, fixture_set_up, test_enums_match_core, fixture_tear_down);
  g_test_add ("/schema/ranges-enforced", Fixture, NULL, fixture_set_up, test_ranges_enforced, fixture_tear_down);
  g_test_add ("/schema/presets-round-trip", Fixture, NULL, fixture_set_up, test_presets_round_trip, fixture_tear_down);

  return g_test_run ();
}
