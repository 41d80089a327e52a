/* cutout-cli-process.c — cutout-cli FILE|DIR…: remove backgrounds with the batch engine
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cutout-cli.h"
#include "cutout-cli-process-private.h"
#include "cutout-output.h"
#include "cutout-queue.h"
#include "cutout-store.h"
#include "cutout-watch.h"

typedef struct
{
  char     *output_dir;
  char     *format;
  char     *width;
  char     *height;
  gboolean  exact_resize;
  gboolean  mask;
  char     *bg_color;
  char     *angle;
  gboolean  no_expand;
  int       jobs;
  char     *api_url;
  char     *account_url;
  gboolean  dry_run;
  gboolean  json;
  char     *name_template;
  gboolean  overwrite;
  gboolean  skip_existing;
  gboolean  trim;
  int       trim_margin;
  gboolean  no_orient;
  gboolean  editable;
  int       max_attempts;
  gboolean  no_history;
  gboolean  resume;
  gboolean  retry_failed;
  char     *watch_dir;
  int       settle_ms;
  char    **paths;
} ProcessArgs;

static ProcessArgs *the_args;

static void
process_args_clear (ProcessArgs *args)
{
  g_free (args->output_dir);
  g_free (args->format);
  g_free (args->width);
  g_free (args->height);
  g_free (args->bg_color);
  g_free (args->angle);
  g_free (args->api_url);
  g_free (args->account_url);
  g_free (args->name_template);
  g_free (args->watch_dir);
  g_strfreev (args->paths);
}

/* --trim or --trim=MARGIN */
static gboolean
trim_option_cb (const char  *name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  char *end = NULL;
  gint64 margin = 0;

  the_args->trim = TRUE;
  if (value != NULL)
    {
      errno = 0;
      margin = g_ascii_strtoll (value, &end, 10);
      if (errno != 0 || end == value || *end != '\0' || margin < 0 || margin > 1000)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--trim takes a margin in pixels from 0 to 1000, not “%s”."), value);
          return FALSE;
        }
    }
  the_args->trim_margin = (int) margin;
  return TRUE;
}

/* The options are read as the service reads its form fields, so a bad
 * value gets the service's own wording ("'w' must be an integer, …"). */
static CutoutOptions *
options_from_args (const ProcessArgs *args,
                   GError           **error)
{
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const struct { const char *field; const char *value; } pairs[] = {
    { "format", args->format },
    { "w", args->width },
    { "h", args->height },
    { "angle", args->angle },
    { "bg_color", args->bg_color },
    { "exact_resize", args->exact_resize ? "true" : NULL },
    { "mask", args->mask ? "true" : NULL },
    { "expand", args->no_expand ? "false" : NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (pairs[i].value != NULL)
      {
        g_ptr_array_add (fields, (char *) pairs[i].field);
        g_ptr_array_add (values, (char *) pairs[i].value);
      }
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);

  if (!cutout_options_parse_fields (options,
                                    (const char * const *) fields->pdata,
                                    (const char * const *) values->pdata,
                                    error))
    return NULL;

  return g_steal_pointer (&options);
}

/* Watching the queue ------------------------------------------------------ */

static void
job_state_cb (CutoutJob  *job,
              GParamSpec *pspec,
              Run        *run)
{
  if (!cutout_job_state_is_final (cutout_job_get_state (job)) ||
      g_hash_table_contains (run->reported, job))
    return;

  g_hash_table_add (run->reported, g_object_ref (job));
  if (run->show_progress)
    cutout_cli_clear_progress ();

  /* A result written into the watched folder is not an input. */
  if (run->watch != NULL && cutout_job_get_output (job) != NULL)
    cutout_watch_ignore (run->watch, cutout_job_get_output (job));

  cutout_cli_report_job (job, run->json);
}

static void
job_progress_cb (CutoutJob  *job,
                 GParamSpec *pspec,
                 Run        *run)
{
  if (run->show_progress)
    cutout_cli_show_progress (run->queue, &run->last_progress_us);
}

static void
queue_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Run        *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CutoutJob) job = g_list_model_get_item (model, i);

      /* Jobs restored already finished were reported by an earlier run. */
      if (cutout_job_state_is_final (cutout_job_get_state (job)))
        g_hash_table_add (run->reported, g_object_ref (job));

      g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), run);
      g_signal_connect (job, "notify::upload-fraction", G_CALLBACK (job_progress_cb), run);
      g_signal_connect (job, "notify::download-fraction", G_CALLBACK (job_progress_cb), run);
    }
}

static void
queue_state_cb (CutoutQueue *queue,
                GParamSpec  *pspec,
                Run         *run)
{
  const GError *error;
  const char *advice;

  if (cutout_queue_get_state (queue) != CUTOUT_QUEUE_STATE_STOPPED)
    return;

  /* A final error: every job is kept for --resume. */
  error = cutout_queue_get_stop_error (queue);
  advice = cutout_cli_stop_advice (error);
  if (run->show_progress)
    cutout_cli_clear_progress ();
  cutout_cli_print_error (_("cutout-cli: stopped"), error);
  if (advice != NULL)
    g_printerr ("%s\n", advice);
  run->stopped = TRUE;
  g_main_loop_quit (run->loop);
}

static void
queue_finished_cb (CutoutQueue *queue,
                   Run         *run)
{
  /* A watch goes on until it is interrupted. */
  if (run->watch == NULL)
    g_main_loop_quit (run->loop);
}

static void
file_ready_cb (CutoutWatch *watch,
               GFile       *file,
               Run         *run)
{
  GList files = { .data = file };

  if (!cutout_cli_is_image (run, file))
    return;

  cutout_queue_add_files (run->queue, &files, NULL);
  cutout_queue_start (run->queue);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  /* Requests in flight are cancelled (their temporary files removed);
   * every unfinished job stays queued in the store for --resume. */
  run->interrupted = TRUE;
  cutout_queue_shutdown (run->queue);
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
notify_quit_cb (GObject    *object,
                GParamSpec *pspec,
                GMainLoop  *loop)
{
  g_main_loop_quit (loop);
}

/* Preflights and hashes every queued job so the credit forecast is
 * exact, then says what the batch will cost and whether the account
 * covers it (asked only with a key: anonymous use has no account). */
static guint
prepare_and_forecast (Run          *run,
                      CutoutClient *client)
{
  guint forecast, unchecked = 0;
  gulong handler;

  cutout_queue_prepare (run->queue);
  handler = g_signal_connect (run->queue, "notify::preparing", G_CALLBACK (notify_quit_cb), run->loop);
  while (!run->interrupted)
    {
      gboolean preparing;

      g_object_get (run->queue, "preparing", &preparing, NULL);
      if (!preparing)
        break;
      g_main_loop_run (run->loop);
    }
  g_signal_handler_disconnect (run->queue, handler);

  forecast = cutout_queue_forecast (run->queue, &unchecked);
  if (run->json || run->interrupted)
    return forecast;

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "This batch will use %u credit.\n",
                        "This batch will use %u credits.\n", forecast),
           forecast);

  if (cutout_client_has_api_key (client) && forecast > 0)
    {
      g_autoptr(CutoutMembership) membership = cutout_cli_get_membership (client, NULL);
      gint64 shortfall = 0;

      if (membership != NULL)
        {
          cutout_queue_set_membership (run->queue, membership);
          if (cutout_queue_forecast_is_covered (run->queue, membership, &shortfall))
            g_print (_("The account has %lld credits available.\n"),
                     (long long) cutout_membership_get_total_available (membership));
          else
            g_print (_("The account has %lld credits available: %lld too few. "
                       "The batch stops when they run out; buy credits and run again with --resume.\n"),
                     (long long) cutout_membership_get_total_available (membership), (long long) shortfall);
        }
    }

  return forecast;
}

/* The settings of a run that are not stored with each job (where and
 * how results are written), so that --resume finishes an interrupted run
 * the way it was started. Options given with --resume win. */
#define RUN_SETTINGS_KEY "cli-run"

static void
save_run_settings (CutoutStore       *store,
                   const ProcessArgs *args)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  if (args->output_dir != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_commandline_arg (args->output_dir);
      g_autofree char *path = g_file_get_path (folder);

      json_builder_set_member_name (builder, "output-dir");
      json_builder_add_string_value (builder, path);
    }
  if (args->name_template != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, args->name_template);
    }
  json_builder_set_member_name (builder, "overwrite");
  json_builder_add_boolean_value (builder, args->overwrite);
  json_builder_set_member_name (builder, "skip-existing");
  json_builder_add_boolean_value (builder, args->skip_existing);
  json_builder_set_member_name (builder, "trim");
  json_builder_add_boolean_value (builder, args->trim);
  json_builder_set_member_name (builder, "trim-margin");
  json_builder_add_int_value (builder, args->trim_margin);
  json_builder_set_member_name (builder, "no-orient");
  json_builder_add_boolean_value (builder, args->no_orient);
  json_builder_set_member_name (builder, "editable");
  json_builder_add_boolean_value (builder, args->editable);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  if (!cutout_store_set_setting (store, RUN_SETTINGS_KEY, text, &error))
    g_warning ("Could not store the run's settings: %s", error->message);
}

static void
load_run_settings (CutoutStore *store,
                   ProcessArgs *args)
{
  g_autofree char *text = cutout_store_get_setting (store, RUN_SETTINGS_KEY, NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;

  if (text == NULL)
    return;
  parser = cutout_json_parse (text, strlen (text), 0, NULL);
  if (parser == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));

  if (args->output_dir == NULL && json_object_has_member (object, "output-dir"))
    args->output_dir = g_strdup (json_object_get_string_member (object, "output-dir"));
  if (args->name_template == NULL && json_object_has_member (object, "name"))
    args->name_template = g_strdup (json_object_get_string_member (object, "name"));
  if (!args->overwrite && !args->skip_existing)
    {
      args->overwrite = json_object_get_boolean_member_with_default (object, "overwrite", FALSE);
      args->skip_existing = json_object_get_boolean_member_with_default (object, "skip-existing", FALSE);
    }
  if (!args->trim)
    {
      args->trim = json_object_get_boolean_member_with_default (object, "trim", FALSE);
      args->trim_margin = (int) CLAMP (json_object_get_int_member_with_default (object, "trim-margin", 0), 0, 1000);
    }
  if (!args->no_orient)
    args->no_orient = json_object_get_boolean_member_with_default (object, "no-orient", FALSE);
  if (!args->editable)
    args->editable = json_object_get_boolean_member_with_default (object, "editable", FALSE);
}

static CutoutQueue *
make_queue (CutoutClient      *client,
            CutoutStore       *store,
            const ProcessArgs *args,
            CutoutOptions     *options,
            GError           **error)
{
  g_autoptr(CutoutQueue) queue = cutout_queue_new (client, store);
  CutoutCollisionPolicy policy = CUTOUT_COLLISION_ADD_NUMBER;

  if (args->overwrite)
    policy = CUTOUT_COLLISION_OVERWRITE;
  else if (args->skip_existing)
    policy = CUTOUT_COLLISION_SKIP;

  cutout_queue_set_options (queue, options);
  if (args->name_template != NULL &&
      !cutout_queue_set_name_template (queue, args->name_template, error))
    return NULL;
  cutout_queue_set_collision_policy (queue, policy);
  if (args->output_dir != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_commandline_arg (args->output_dir);
      cutout_queue_set_output_folder (queue, folder);
    }

  g_object_set (queue,
                "max-in-flight", (guint) args->jobs,
                "max-attempts", (guint) args->max_attempts,
                "trim", args->trim,
                "trim-margin", args->trim_margin,
                "orient", !args->no_orient,
                "keep-editable", args->editable,
                NULL);

  return g_steal_pointer (&queue);
}

int
cutout_cli_process_main (int    argc,
                         char **argv)
{
  ProcessArgs args = { .jobs = 3, .max_attempts = 5, .settle_ms = 2000 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutOptions) options = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(CutoutStore) store = NULL;
  g_autoptr(CutoutQueue) queue = NULL;
  g_autoptr(CutoutWatch) watch = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GHashTable) reported = NULL;
  Run run = { 0 };
  guint sigint_id, sigterm_id, forecast;
  guint done, failed, skipped = 0;
  int status;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &args.output_dir, N_("Write results to DIR (default: beside each original)"), N_("DIR") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &args.name_template, N_("Name results by TEMPLATE: {name} {ext} {format} {w} {h} {date} {n} (default {name}-cutout.{ext})"), N_("TEMPLATE") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &args.overwrite, N_("Replace an existing result of the same name (never an original)"), NULL },
    { "skip-existing", 0, 0, G_OPTION_ARG_NONE, &args.skip_existing, N_("Skip an image whose result already exists (no credit used)"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &args.format, N_("Output format: webp (default) or png"), N_("FORMAT") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &args.width, N_("Resize to this width in pixels (1–10000)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &args.height, N_("Resize to this height in pixels (1–10000)"), N_("PX") },
    { "exact-resize", 0, 0, G_OPTION_ARG_NONE, &args.exact_resize, N_("Force exactly the given width × height"), NULL },
    { "mask", 0, 0, G_OPTION_ARG_NONE, &args.mask, N_("Return only the alpha mask"), NULL },
    { "bg-color", 0, 0, G_OPTION_ARG_STRING, &args.bg_color, N_("Fill the background: #RGB, #RGBA, #RRGGBB, #RRGGBBAA or a color name"), N_("COLOR") },
    { "angle", 0, 0, G_OPTION_ARG_STRING, &args.angle, N_("Rotate the result by this many degrees (-360–360)"), N_("DEGREES") },
    { "no-expand", 0, 0, G_OPTION_ARG_NONE, &args.no_expand, N_("When rotating, keep the canvas size (corners are cropped)"), NULL },
    { "trim", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, trim_option_cb, N_("Crop the result to the subject, keeping MARGIN pixels around it (no credit)"), N_("MARGIN") },
    { "no-orient", 0, 0, G_OPTION_ARG_NONE, &args.no_orient, N_("Do not turn results upright by the original's EXIF orientation"), NULL },
    { "editable", 0, 0, G_OPTION_ARG_NONE, &args.editable, N_("Ask only for the cut-out, keep it in the cache and apply the options on this computer (changing them later costs no credit)"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &args.jobs, N_("Upload N images at the same time (default 3)"), N_("N") },
    { "max-attempts", 0, 0, G_OPTION_ARG_INT, &args.max_attempts, N_("Try an image at most N times on passing failures (default 5)"), N_("N") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &args.resume, N_("Continue the images an interrupted run left"), NULL },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &args.retry_failed, N_("With --resume: try the failed images of that run again"), NULL },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &args.no_history, N_("Do not record this run in the history (no --resume, no duplicate detection)"), NULL },
    { "watch", 'w', 0, G_OPTION_ARG_FILENAME, &args.watch_dir, N_("Keep running and process images that appear in DIR"), N_("DIR") },
    { "settle-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &args.settle_ms, NULL, NULL },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &args.api_url, N_("Base URL of the background removal service (also CUTOUT_API_URL)"), N_("URL") },
    { "account-url", 0, 0, G_OPTION_ARG_STRING, &args.account_url, N_("Base URL of the account service (also CUTOUT_ACCOUNT_URL)"), N_("URL") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &args.dry_run, N_("Check the files and count the credits needed; upload nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, N_("Print one JSON object per image"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.paths, NULL, N_("FILE|DIR…") },
    { NULL }
  };

  the_args = &args;
  context = g_option_context_new (_("FILE|DIR… — remove image backgrounds"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Removes the background of images through the Rembg service.\n"
                                  "Folders are searched for images recursively.\n"
                                  "\n"
                                  "  cutout-cli usage [--cycles] [--period UNIX] [--year Y --month M] [--json]\n"
                                  "      shows the plan, credits and billing cycles.\n"
                                  "\n"
                                  "The API key is read from the keyring, or from the CUTOUT_API_KEY\n"
                                  "environment variable; never from the command line."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when every image succeeded, 1 when some failed or the "
                                      "service refused to go on, 2 on bad usage, 130 when interrupted "
                                      "(continue with --resume)."));

#define FAIL_USAGE(message) \
  G_STMT_START { status = cutout_cli_fail_usage (context, message); goto out; } G_STMT_END

  if (!g_option_context_parse (context, &argc, &argv, &error))
    FAIL_USAGE (error->message);
  if ((args.paths == NULL || args.paths[0] == NULL) && !args.resume && args.watch_dir == NULL)
    FAIL_USAGE (_("No images given."));
  if (args.jobs < 1 || args.jobs > 64)
    FAIL_USAGE (_("--jobs must be between 1 and 64."));
  if (args.max_attempts < 1 || args.max_attempts > 100)
    FAIL_USAGE (_("--max-attempts must be between 1 and 100."));
  if (args.overwrite && args.skip_existing)
    FAIL_USAGE (_("--overwrite and --skip-existing cannot be used together."));
  if (args.no_history && args.resume)
    FAIL_USAGE (_("--resume needs the history; it cannot be used with --no-history."));
  if (args.retry_failed && !args.resume)
    FAIL_USAGE (_("--retry-failed is used with --resume."));
  if (args.name_template != NULL && !cutout_output_template_validate (args.name_template, &error))
    FAIL_USAGE (error->message);

  options = options_from_args (&args, &error);
  if (options == NULL)
    {
      cutout_cli_print_error ("cutout-cli", error);
      status = CUTOUT_CLI_EXIT_USAGE;
      goto out;
    }

  client = cutout_cli_make_client (args.api_url, args.account_url, args.jobs, &error);
  if (client == NULL)
    {
      cutout_cli_print_error ("cutout-cli", error);
      status = CUTOUT_CLI_EXIT_USAGE;
      goto out;
    }

  if (!args.no_history)
    {
      store = cutout_store_new (NULL, &error);
      if (store == NULL)
        {
          cutout_cli_print_error ("cutout-cli", error);
          status = CUTOUT_CLI_EXIT_FAILED;
          goto out;
        }
    }

  if (store != NULL && args.resume)
    load_run_settings (store, &args);
  else if (store != NULL)
    save_run_settings (store, &args);

  queue = make_queue (client, store, &args, options, &error);
  if (queue == NULL)
    FAIL_USAGE (error->message);

  loop = g_main_loop_new (NULL, FALSE);
  reported = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  run.loop = loop;
  run.queue = queue;
  run.reported = reported;
  run.json = args.json;
  run.show_progress = !args.json && isatty (STDERR_FILENO);

  g_signal_connect (queue, "items-changed", G_CALLBACK (queue_items_changed_cb), &run);
  g_signal_connect (queue, "notify::state", G_CALLBACK (queue_state_cb), &run);
  g_signal_connect (queue, "finished", G_CALLBACK (queue_finished_cb), &run);

  if (args.resume)
    {
      if (!cutout_store_restore_queue (store, NULL, NULL, &error) ||
          !cutout_queue_restore (queue, &error))
        {
          cutout_cli_print_error ("cutout-cli", error);
          status = CUTOUT_CLI_EXIT_FAILED;
          goto out;
        }
      if (args.retry_failed)
        cutout_queue_retry_failed (queue);
    }

  if (!cutout_cli_add_inputs (&run, args.paths, &error))
    {
      cutout_cli_print_error ("cutout-cli", error);
      status = CUTOUT_CLI_EXIT_FAILED;
      goto out;
    }

  if (args.watch_dir != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_commandline_arg (args.watch_dir);

      watch = cutout_watch_new (folder, &error);
      if (watch == NULL)
        {
          cutout_cli_print_error ("cutout-cli", error);
          status = CUTOUT_CLI_EXIT_FAILED;
          goto out;
        }
      cutout_watch_set_settle_ms (watch, args.settle_ms);
      g_signal_connect (watch, "file-ready", G_CALLBACK (file_ready_cb), &run);
      run.watch = watch;
      if (!args.json)
        g_printerr (_("Watching %s for new images; press Ctrl+C to stop.\n"), g_file_peek_path (folder));
    }

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  forecast = prepare_and_forecast (&run, client);

  if (args.dry_run)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
          g_autofree char *input = g_file_get_path (cutout_job_get_input (job));

          if (cutout_job_get_state (job) != CUTOUT_JOB_STATE_QUEUED)
            continue;
          if (args.json)
            cutout_cli_report_json (input, NULL, "pending", NULL, 0, cutout_job_get_bytes_in (job), 0);
          else
            g_print (_("%s: ready (%d × %d)\n"), input, cutout_job_get_width (job), cutout_job_get_height (job));
        }
      if (!args.json)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u image would use %u credit.\n",
                              "%u images would use %u credits.\n", forecast),
                 forecast, forecast);
    }
  else if (!run.interrupted)
    {
      cutout_queue_start (queue);
      if (cutout_queue_get_state (queue) != CUTOUT_QUEUE_STATE_FINISHED || watch != NULL)
        g_main_loop_run (loop);
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.show_progress)
    cutout_cli_clear_progress ();

  /* Let cancelled requests and their clean-up finish before exit. */
  if (run.interrupted || run.stopped)
    {
      cutout_queue_shutdown (queue);
      for (int i = 0; i < 50 && cutout_queue_count_state (queue, CUTOUT_JOB_STATE_UPLOADING) +
                                cutout_queue_count_state (queue, CUTOUT_JOB_STATE_PROCESSING) +
                                cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DOWNLOADING) > 0; i++)
        g_main_context_iteration (NULL, TRUE);
    }

  /* What the run leaves unfinished is kept for --resume; say so. */
  if ((run.interrupted || run.stopped) && !args.dry_run)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (queue)), kept = 0;
      const GError *reason = run.stopped ? cutout_queue_get_stop_error (queue) : NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

          if (cutout_job_state_is_final (cutout_job_get_state (job)))
            continue;
          kept++;
          cutout_cli_report_unfinished (job, reason, args.json);
        }
      if (kept > 0 && !args.json)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "%u image is kept for “cutout-cli --resume”.\n",
                                 "%u images are kept for “cutout-cli --resume”.\n", kept),
                    kept);
    }

  done = cutout_queue_count_state (queue, CUTOUT_JOB_STATE_DONE);
  failed = cutout_queue_count_state (queue, CUTOUT_JOB_STATE_FAILED);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, reported);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (g_str_equal (cutout_cli_job_status (key), "skipped") &&
          cutout_job_get_state (key) == CUTOUT_JOB_STATE_FAILED)
        skipped++;
  }
  failed -= MIN (failed, skipped);

  if (!args.json && !args.dry_run)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u image done, %u failed.\n",
                          "%u images done, %u failed.\n", done),
             done, failed);

  if (run.interrupted)
    status = CUTOUT_CLI_EXIT_INTERRUPTED;
  else if (failed > 0 || run.stopped)
    status = CUTOUT_CLI_EXIT_FAILED;
  else
    status = CUTOUT_CLI_EXIT_OK;

out:
#undef FAIL_USAGE
  process_args_clear (&args);
  the_args = NULL;
  return status;
}
