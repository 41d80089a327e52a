/* cutout-cli-process.c — cutout-cli FILE|DIR…: remove backgrounds
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "cutout-cli.h"

typedef struct _Run Run;

typedef enum
{
  JOB_PENDING,
  JOB_RUNNING,
  JOB_DONE,
  JOB_FAILED,
  JOB_SKIPPED,
} JobStatus;

typedef struct
{
  Run                 *run;
  GFile               *input;
  char                *display_name; /* the path as given, for messages */
  GFile               *output_dir;
  /* TRUE for files found by walking a folder: a file there that is not
   * an image is skipped rather than failed. */
  gboolean             from_walk;
  CutoutPreflightInfo *info;
  GFile               *temp;
  GFile               *output;
  JobStatus            status;
  GError              *error;
  goffset              bytes_in;
  goffset              bytes_out;
  goffset              upload_done, upload_total;
  goffset              download_done, download_total;
} Job;

struct _Run
{
  GMainLoop     *loop;
  CutoutClient  *client;
  CutoutOptions *options;
  GCancellable  *cancellable;
  GPtrArray     *jobs;         /* element-type Job, in input order */
  GHashTable    *reserved;     /* output paths promised to a job of this run */
  guint          next;         /* index of the next job to start */
  guint          in_flight;
  guint          max_jobs;
  guint          finished;
  gboolean       json;
  gboolean       dry_run;
  gboolean       show_progress;
  gboolean       interrupted;
  gint64         last_progress_us;
};

static void start_jobs (Run *run);

static void
job_free (Job *job)
{
  g_clear_object (&job->input);
  g_clear_object (&job->output_dir);
  g_clear_object (&job->temp);
  g_clear_object (&job->output);
  g_clear_pointer (&job->info, cutout_preflight_info_free);
  g_clear_error (&job->error);
  g_free (job->display_name);
  g_free (job);
}

/* Inputs ----------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
add_job (Run        *run,
         GFile      *input,
         const char *display_name,
         GFile      *output_dir,
         gboolean    from_walk)
{
  Job *job = g_new0 (Job, 1);

  job->run = run;
  job->input = g_object_ref (input);
  job->display_name = g_strdup (display_name);
  job->output_dir = output_dir != NULL ? g_object_ref (output_dir) : g_file_get_parent (input);
  job->from_walk = from_walk;
  job->status = JOB_PENDING;
  g_ptr_array_add (run->jobs, job);
}

/* Walks @dir recursively in name order. Below @output_root (when the user
 * chose an output folder) the folder's structure is kept; else outputs go
 * beside their originals. Hidden files and folders are passed over. */
static gboolean
walk_folder (Run        *run,
             GFile      *dir,
             const char *display_dir,
             GFile      *output_root,
             GError    **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_is_hidden (info))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (dirs, g_strdup (g_file_info_get_name (info)));
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_sort (dirs, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (dir, name);
      g_autofree char *display = g_build_filename (display_dir, name, NULL);

      add_job (run, child, display, output_root, TRUE);
    }

  for (guint i = 0; i < dirs->len; i++)
    {
      const char *name = g_ptr_array_index (dirs, i);
      g_autoptr(GFile) child = g_file_get_child (dir, name);
      g_autofree char *display = g_build_filename (display_dir, name, NULL);
      g_autoptr(GFile) child_output = output_root != NULL ? g_file_get_child (output_root, name) : NULL;

      if (!walk_folder (run, child, display, child_output, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
collect_inputs (Run         *run,
                char       **paths,
                const char  *output_dir,
                GError     **error)
{
  g_autoptr(GFile) output_root = output_dir != NULL ? g_file_new_for_commandline_arg (output_dir) : NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *base = g_file_get_basename (file);
          g_autoptr(GFile) sub_output = NULL;

          /* "-o out photos/" writes out/photos/…, keeping the tree. */
          if (output_root != NULL)
            sub_output = g_file_get_child (output_root, base);
          if (!walk_folder (run, file, paths[i], sub_output, error))
            return FALSE;
        }
      else
        {
          /* A missing file is reported as that job's failure by preflight. */
          add_job (run, file, paths[i], output_root, FALSE);
        }
    }

  return TRUE;
}

/* Output names ----------------------------------------------------------- */

static char *
strip_extension (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return g_strdup (name);
  return g_strndup (name, dot - name);
}

/* Picks "<name>-cutout.<ext>" in the job's output folder, or "-2", "-3" …
 * when that exists already or another job of this run will write it:
 * nothing is ever overwritten, an input least of all. */
static GFile *
choose_output (Job *job)
{
  Run *run = job->run;
  g_autofree char *base = g_file_get_basename (job->input);
  g_autofree char *stem = strip_extension (base);
  const char *ext = cutout_format_get_extension (run->options->format);

  for (guint n = 1; n < 100000; n++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GFile) candidate = NULL;
      g_autofree char *path = NULL;

      if (n == 1)
        name = g_strdup_printf ("%s-cutout.%s", stem, ext);
      else
        name = g_strdup_printf ("%s-cutout-%u.%s", stem, n, ext);

      candidate = g_file_get_child (job->output_dir, name);
      path = g_file_get_path (candidate);
      if (g_hash_table_contains (run->reserved, path) ||
          g_file_query_exists (candidate, NULL))
        continue;

      g_hash_table_add (run->reserved, g_steal_pointer (&path));
      return g_steal_pointer (&candidate);
    }

  return NULL;
}

/* The answer is written to a hidden temporary file in the target folder;
 * only a complete, synced file is renamed into place, so no half-written
 * output ever exists under its final name. */
static GFile *
make_temp_file (GFile   *output,
                GError **error)
{
  g_autoptr(GFile) dir = g_file_get_parent (output);
  g_autofree char *base = g_file_get_basename (output);
  g_autofree char *dir_path = g_file_get_path (dir);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX.part", base);
  g_autofree char *path = g_build_filename (dir_path, template, NULL);
  int fd;

  if (g_mkdir_with_parents (dir_path, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir_path, g_strerror (saved_errno));
      return NULL;
    }

  fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in the folder “%s”: %s"), dir_path, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);

  return g_file_new_for_path (path);
}

static gboolean
commit_output (Job     *job,
               GError **error)
{
  g_autofree char *temp_path = g_file_get_path (job->temp);
  g_autofree char *final_path = g_file_get_path (job->output);
  int fd;

  fd = g_open (temp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save “%s”: %s"), final_path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  /* link() fails instead of replacing a file that appeared meanwhile. */
  if (link (temp_path, final_path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save “%s”: %s"), final_path, g_strerror (saved_errno));
      return FALSE;
    }
  g_unlink (temp_path);

  return TRUE;
}

/* Reporting -------------------------------------------------------------- */

static const char *
status_to_string (JobStatus status)
{
  switch (status)
    {
    case JOB_DONE:
      return "done";
    case JOB_SKIPPED:
      return "skipped";
    case JOB_FAILED:
      return "failed";
    case JOB_PENDING:
    case JOB_RUNNING:
    default:
      return "pending";
    }
}

static void
clear_progress_line (Run *run)
{
  if (run->show_progress)
    g_printerr ("\r\033[K");
}

static void
report_job (Job *job)
{
  Run *run = job->run;

  clear_progress_line (run);

  if (run->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *input = g_file_get_path (job->input);
      g_autofree char *output = job->output != NULL && job->status == JOB_DONE ? g_file_get_path (job->output) : NULL;
      guint http_status = job->error != NULL ? cutout_api_error_get_http_status (job->error) : (job->status == JOB_DONE && !run->dry_run ? 200 : 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "input");
      json_builder_add_string_value (builder, input);
      json_builder_set_member_name (builder, "output");
      if (output != NULL)
        json_builder_add_string_value (builder, output);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_to_string (job->status));
      json_builder_set_member_name (builder, "error");
      if (job->error != NULL)
        json_builder_add_string_value (builder, job->error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "http_status");
      if (http_status != 0)
        json_builder_add_int_value (builder, http_status);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "bytes_in");
      json_builder_add_int_value (builder, job->bytes_in);
      json_builder_set_member_name (builder, "bytes_out");
      json_builder_add_int_value (builder, job->bytes_out);
      json_builder_end_object (builder);

      node = json_builder_get_root (builder);
      cutout_cli_print_json (node);
      return;
    }

  switch (job->status)
    {
    case JOB_DONE:
      if (run->dry_run)
        g_print (_("%s: ready (%d × %d, %s)\n"), job->display_name,
                 job->info->width, job->info->height, cutout_image_type_get_extension (job->info->type));
      else
        {
          g_autofree char *output = g_file_get_path (job->output);
          g_print ("%s → %s\n", job->display_name, output);
        }
      break;
    case JOB_SKIPPED:
      g_print (_("%s: skipped: %s\n"), job->display_name, job->error->message);
      break;
    case JOB_FAILED:
      cutout_cli_print_error (job->display_name, job->error);
      break;
    case JOB_PENDING:
    case JOB_RUNNING:
    default:
      g_assert_not_reached ();
    }
}

static void
show_progress (Run *run)
{
  gint64 now = g_get_monotonic_time ();
  goffset done = 0, total = 0;
  guint running = 0;

  if (!run->show_progress || now - run->last_progress_us < 100 * G_TIME_SPAN_MILLISECOND)
    return;
  run->last_progress_us = now;

  for (guint i = 0; i < run->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (run->jobs, i);

      if (job->status != JOB_RUNNING)
        continue;
      running++;
      done += job->upload_done + job->download_done;
      total += job->upload_total + MAX (job->download_total, 0);
    }

  /* Translators: a progress line on a terminal: finished of all images,
   * how many are in flight, and the bytes moved for those. */
  g_printerr (_("\r\033[K[%u/%u] %u in flight, %d %%"),
              run->finished, run->jobs->len, running,
              total > 0 ? (int) (100 * done / total) : 0);
}

/* Jobs ------------------------------------------------------------------- */

static void
job_finish (Job      *job,
            JobStatus status,
            GError   *error)
{
  Run *run = job->run;

  job->status = status;
  g_clear_error (&job->error);
  job->error = error;
  if (job->temp != NULL && status != JOB_DONE)
    g_file_delete (job->temp, NULL, NULL);

  if (!(error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    report_job (job);

  run->finished++;
  if (run->in_flight > 0)
    run->in_flight--;
  start_jobs (run);
}

static void
progress_cb (CutoutTransferPhase phase,
             goffset             done,
             goffset             total,
             gpointer            user_data)
{
  Job *job = user_data;

  if (phase == CUTOUT_TRANSFER_UPLOAD)
    {
      job->upload_done = done;
      job->upload_total = total;
    }
  else
    {
      job->download_done = done;
      job->download_total = total;
    }
  show_progress (job->run);
}

static void
remove_background_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(CutoutRemoveResult) answer = NULL;
  GError *error = NULL;

  answer = cutout_client_remove_background_finish (CUTOUT_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      job_finish (job, JOB_FAILED, error);
      return;
    }

  job->bytes_out = answer->bytes_received;
  if (!commit_output (job, &error))
    {
      job_finish (job, JOB_FAILED, error);
      return;
    }
  job_finish (job, JOB_DONE, NULL);
}

static void
preflight_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  Run *run = job->run;
  GError *error = NULL;

  job->info = cutout_preflight_check_finish (result, &error);
  if (job->info == NULL)
    {
      /* Inside a folder, a file that is no image at all is passed over. */
      gboolean skip = job->from_walk &&
                      g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_UNSUPPORTED_TYPE);
      job_finish (job, skip ? JOB_SKIPPED : JOB_FAILED, error);
      return;
    }
  job->bytes_in = job->info->size;

  if (run->dry_run)
    {
      job_finish (job, JOB_DONE, NULL);
      return;
    }

  job->output = choose_output (job);
  if (job->output == NULL)
    {
      job_finish (job, JOB_FAILED,
                  g_error_new (G_IO_ERROR, G_IO_ERROR_EXISTS, _("No free output name for “%s”"),
                               job->display_name));
      return;
    }

  job->temp = make_temp_file (job->output, &error);
  if (job->temp == NULL)
    {
      job_finish (job, JOB_FAILED, error);
      return;
    }

  cutout_client_remove_background_async (run->client, job->input, job->info, run->options,
                                         job->temp, progress_cb, job, NULL,
                                         run->cancellable, remove_background_cb, job);
}

static void
start_jobs (Run *run)
{
  while (run->in_flight < run->max_jobs && run->next < run->jobs->len && !run->interrupted)
    {
      Job *job = g_ptr_array_index (run->jobs, run->next++);

      job->status = JOB_RUNNING;
      run->in_flight++;
      cutout_preflight_check_async (job->input, run->cancellable, preflight_cb, job);
    }

  if (run->in_flight == 0 && (run->next >= run->jobs->len || run->interrupted))
    g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  /* Cancelling deletes the temporary files; nothing half-written stays. */
  run->interrupted = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Main ------------------------------------------------------------------- */

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
  char    **paths;
} ProcessArgs;

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
  g_strfreev (args->paths);
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

#define ADD_FIELD(name, value) \
  G_STMT_START { g_ptr_array_add (fields, (char *) (name)); g_ptr_array_add (values, (char *) (value)); } G_STMT_END

  if (args->format != NULL)
    ADD_FIELD ("format", args->format);
  if (args->width != NULL)
    ADD_FIELD ("w", args->width);
  if (args->height != NULL)
    ADD_FIELD ("h", args->height);
  if (args->angle != NULL)
    ADD_FIELD ("angle", args->angle);
  if (args->bg_color != NULL)
    ADD_FIELD ("bg_color", args->bg_color);
  if (args->exact_resize)
    ADD_FIELD ("exact_resize", "true");
  if (args->mask)
    ADD_FIELD ("mask", "true");
  if (args->no_expand)
    ADD_FIELD ("expand", "false");
#undef ADD_FIELD

  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);

  if (!cutout_options_parse_fields (options,
                                    (const char * const *) fields->pdata,
                                    (const char * const *) values->pdata,
                                    error))
    return NULL;

  return g_steal_pointer (&options);
}

int
cutout_cli_process_main (int    argc,
                         char **argv)
{
  ProcessArgs args = { .jobs = 3 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutOptions) options = NULL;
  g_autoptr(CutoutClient) client = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GHashTable) reserved = NULL;
  Run run = { 0 };
  guint failed = 0, done = 0;
  guint sigint_id, sigterm_id;
  int status;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &args.output_dir, N_("Write results to DIR (default: beside each original)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &args.format, N_("Output format: webp (default) or png"), N_("FORMAT") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &args.width, N_("Resize to this width in pixels (1–10000)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &args.height, N_("Resize to this height in pixels (1–10000)"), N_("PX") },
    { "exact-resize", 0, 0, G_OPTION_ARG_NONE, &args.exact_resize, N_("Force exactly the given width × height"), NULL },
    { "mask", 0, 0, G_OPTION_ARG_NONE, &args.mask, N_("Return only the alpha mask"), NULL },
    { "bg-color", 0, 0, G_OPTION_ARG_STRING, &args.bg_color, N_("Fill the background: #RGB, #RGBA, #RRGGBB, #RRGGBBAA or a color name"), N_("COLOR") },
    { "angle", 0, 0, G_OPTION_ARG_STRING, &args.angle, N_("Rotate the result by this many degrees (-360–360)"), N_("DEGREES") },
    { "no-expand", 0, 0, G_OPTION_ARG_NONE, &args.no_expand, N_("When rotating, keep the canvas size (corners are cropped)"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &args.jobs, N_("Upload N images at the same time (default 3)"), N_("N") },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &args.api_url, N_("Base URL of the background removal service (also CUTOUT_API_URL)"), N_("URL") },
    { "account-url", 0, 0, G_OPTION_ARG_STRING, &args.account_url, N_("Base URL of the account service (also CUTOUT_ACCOUNT_URL)"), N_("URL") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &args.dry_run, N_("Check the files and count the credits needed; upload nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, N_("Print one JSON object per image"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.paths, NULL, N_("FILE|DIR…") },
    { NULL }
  };

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
                                    _("Exit status: 0 when every image succeeded, 1 when some failed, "
                                      "2 on bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      process_args_clear (&args);
      return cutout_cli_fail_usage (context, error->message);
    }

  if (args.paths == NULL || args.paths[0] == NULL)
    {
      process_args_clear (&args);
      return cutout_cli_fail_usage (context, _("No images given."));
    }
  if (args.jobs < 1 || args.jobs > 64)
    {
      process_args_clear (&args);
      return cutout_cli_fail_usage (context, _("--jobs must be between 1 and 64."));
    }

  options = options_from_args (&args, &error);
  if (options == NULL)
    {
      cutout_cli_print_error ("cutout-cli", error);
      process_args_clear (&args);
      return CUTOUT_CLI_EXIT_USAGE;
    }

  client = cutout_cli_make_client (args.api_url, args.account_url, args.jobs, &error);
  if (client == NULL)
    {
      cutout_cli_print_error ("cutout-cli", error);
      process_args_clear (&args);
      return CUTOUT_CLI_EXIT_USAGE;
    }

  jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  reserved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();

  run.loop = loop;
  run.client = client;
  run.options = options;
  run.cancellable = cancellable;
  run.jobs = jobs;
  run.reserved = reserved;
  run.max_jobs = args.jobs;
  run.json = args.json;
  run.dry_run = args.dry_run;
  run.show_progress = !args.json && isatty (STDERR_FILENO);

  if (!collect_inputs (&run, args.paths, args.output_dir, &error))
    {
      cutout_cli_print_error ("cutout-cli", error);
      process_args_clear (&args);
      return CUTOUT_CLI_EXIT_FAILED;
    }
  process_args_clear (&args);

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  start_jobs (&run);
  if (run.in_flight > 0)
    g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  clear_progress_line (&run);

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->status == JOB_DONE)
        done++;
      else if (job->status == JOB_FAILED)
        failed++;
    }

  if (!run.json)
    {
      if (run.dry_run)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u image would use %u credit.\n",
                              "%u images would use %u credits.\n", done),
                 done, done);
      else
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u image done, %u failed.\n",
                              "%u images done, %u failed.\n", done),
                 done, failed);
    }

  if (run.interrupted)
    status = CUTOUT_CLI_EXIT_INTERRUPTED;
  else
    status = failed > 0 ? CUTOUT_CLI_EXIT_FAILED : CUTOUT_CLI_EXIT_OK;

  /* Let libsoup finish cancelled operations before the client goes. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  return status;
}
