/* test-streaming.c — the client streams uploads and downloads, in bounded memory
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server runs as a subprocess here, so that the memory it uses
 * to receive a 45 MB upload does not count in this process's RSS.
 */

#include <signal.h>
#include <stdio.h>
#include <glib/gstdio.h>

#include "cutout-api-error.h"
#include "cutout-client.h"
#include "cutout-test-util.h"

/* AddressSanitizer keeps freed memory in quarantine, so RSS says nothing
 * about the code in a sanitizer build: the streaming itself is still
 * checked there, its memory only in a normal build. */
#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_IS_MEASURABLE FALSE
#else
#define MEMORY_IS_MEASURABLE TRUE
#endif

#define VALID_KEY "test-key-valid"
#define MIB (1024 * 1024)
/* The client may grow by less than this while it streams 45 MB. */
#define MAX_GROWTH_KIB (8 * 1024)

typedef struct
{
  char         *dir;
  GSubprocess  *server;
  CutoutClient *client;
} Fixture;

static void
start_server (Fixture            *fixture,
              const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->server = cutout_test_spawn_fake_server (args, &url);
  fixture->client = cutout_client_new (url, url, &error);
  g_assert_no_error (error);
  cutout_client_set_api_key (fixture->client, VALID_KEY);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = cutout_test_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  if (fixture->server != NULL)
    {
      g_subprocess_send_signal (fixture->server, SIGTERM);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  cutout_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

typedef struct
{
  gboolean            finished;
  CutoutRemoveResult *result;
  GError             *error;
  char               *destination;
  gsize               peak_rss_kib;
  guint               n_upload;
  guint               n_download;
  goffset             last_upload;
  GArray             *file_sizes;  /* goffset, at each download event */
  goffset             download_total;
} Call;

static void
progress_cb (CutoutTransferPhase phase,
             goffset             done,
             goffset             total,
             gpointer            user_data)
{
  Call *call = user_data;
  gsize rss = cutout_test_get_rss_kib ();

  call->peak_rss_kib = MAX (call->peak_rss_kib, rss);

  if (phase == CUTOUT_TRANSFER_UPLOAD)
    {
      g_assert_cmpint (done, >=, call->last_upload);
      call->last_upload = done;
      call->n_upload++;
    }
  else
    {
      GStatBuf st;
      goffset size = g_stat (call->destination, &st) == 0 ? st.st_size : -1;

      g_array_append_val (call->file_sizes, size);
      call->download_total = total;
      call->n_download++;
    }
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->result = cutout_client_remove_background_finish (CUTOUT_CLIENT (object), result, &call->error);
  call->finished = TRUE;
}

static void
run_remove (Fixture             *fixture,
            const char          *path,
            const CutoutOptions *options,
            const char          *out_name,
            Call                *call)
{
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(GFile) destination = NULL;
  g_autoptr(CutoutPreflightInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = cutout_preflight_check (input, NULL, &error);
  g_assert_no_error (error);

  call->destination = g_build_filename (fixture->dir, out_name, NULL);
  call->file_sizes = g_array_new (FALSE, FALSE, sizeof (goffset));
  destination = g_file_new_for_path (call->destination);

  cutout_client_remove_background_async (fixture->client, input, info, options, destination,
                                         progress_cb, call, NULL, NULL, remove_cb, call);
  cutout_test_wait_for (&call->finished, 120000);
}

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->result, cutout_remove_result_free);
  g_clear_error (&call->error);
  g_clear_pointer (&call->destination, g_free);
  g_clear_pointer (&call->file_sizes, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Call, call_clear)

/* Forgets the high-water mark of RSS (Linux: clear_refs 5), so that VmHWM
 * afterwards shows this test's peak only. Returns FALSE where that is not
 * allowed. */
static gboolean
reset_peak_rss (void)
{
  FILE *f = g_fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static void
test_upload_memory (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const args[] = { "--no-processing", NULL };
  g_autofree char *small = cutout_test_write_image (fixture->dir, "warm-up.png", 64, 48, "png");
  g_autofree char *big = cutout_test_write_fake_png (fixture->dir, "big.png", 4000, 3000, (goffset) 45 * MIB);
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_auto(Call) warm_up = { 0 };
  g_auto(Call) call = { 0 };
  gsize before, peak_before, growth, hwm_growth = 0;
  gboolean hwm_reset;

  start_server (fixture, args);

  /* One small request first, so that libsoup, the connection and GIO's
   * worker threads exist before the measurement starts. */
  run_remove (fixture, small, options, "warm-up.out", &warm_up);
  g_assert_no_error (warm_up.error);

  hwm_reset = reset_peak_rss ();
  before = cutout_test_get_rss_kib ();
  peak_before = cutout_test_get_peak_rss_kib ();
  call.peak_rss_kib = before;

  run_remove (fixture, big, options, "big.out", &call);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.result);

  /* The whole 45 MB went out, in many pieces. */
  g_assert_cmpint (call.result->bytes_sent, >, (goffset) 45 * MIB);
  g_assert_cmpint (call.last_upload, ==, call.result->bytes_sent);
  g_assert_cmpuint (call.n_upload, >, 100);

  growth = call.peak_rss_kib - before;
  if (hwm_reset)
    hwm_growth = cutout_test_get_peak_rss_kib () > before ? cutout_test_get_peak_rss_kib () - before : 0;
  else if (cutout_test_get_peak_rss_kib () > peak_before)
    hwm_growth = cutout_test_get_peak_rss_kib () - peak_before;

  g_test_message ("45 MiB upload: RSS before %" G_GSIZE_FORMAT " KiB, peak seen in progress %"
                  G_GSIZE_FORMAT " KiB (growth %" G_GSIZE_FORMAT " KiB), VmHWM growth %" G_GSIZE_FORMAT
                  " KiB%s, %u upload events",
                  before, call.peak_rss_kib, growth, hwm_growth,
                  hwm_reset ? "" : " (peak not resettable here)", call.n_upload);
  if (MEMORY_IS_MEASURABLE && !cutout_test_under_valgrind ())
    {
      g_assert_cmpuint (growth, <, MAX_GROWTH_KIB);
      g_assert_cmpuint (hwm_growth, <, MAX_GROWTH_KIB);
    }
}

/* The answer goes to disk as it arrives: the destination grows in many
 * steps, each event seeing exactly the bytes reported so far. */
static void
test_download_to_disk (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const args[] = { "--no-processing", NULL };
  g_autofree char *input = cutout_test_write_image (fixture->dir, "in.png", 64, 48, "png");
  g_autoptr(CutoutOptions) options = cutout_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_auto(Call) call = { 0 };
  guint n_partial = 0;
  goffset previous = -1;
  gsize before;

  start_server (fixture, args);
  /* A 2000 × 1500 BMP is a large answer (about 9 MB) without any work on
   * the server's side. */
  cutout_options_parse_fields (options,
                               (const char *[]) { "format", "w", "h", "exact_resize", NULL },
                               (const char *[]) { "bmp", "2000", "1500", "true", NULL },
                               &error);
  g_assert_no_error (error);

  before = cutout_test_get_rss_kib ();
  call.peak_rss_kib = before;
  run_remove (fixture, input, options, "answer.bmp", &call);
  g_assert_no_error (call.error);

  g_assert_cmpint (call.download_total, ==, call.result->bytes_received);
  g_assert_cmpint (call.result->bytes_received, >, 8 * MIB);
  g_assert_cmpuint (call.file_sizes->len, ==, call.n_download);
  for (guint i = 0; i < call.file_sizes->len; i++)
    {
      goffset size = g_array_index (call.file_sizes, goffset, i);

      g_assert_cmpint (size, >=, 0);
      g_assert_cmpint (size, >=, previous);
      if (size > 0 && size < call.download_total)
        n_partial++;
      previous = size;
    }
  g_assert_cmpint (previous, ==, call.download_total);
  g_test_message ("%" G_GOFFSET_FORMAT " bytes arrived in %u steps, %u seen on disk part-way; RSS growth %"
                  G_GSIZE_FORMAT " KiB", call.download_total, call.n_download, n_partial,
                  call.peak_rss_kib - before);
  g_assert_cmpuint (n_partial, >=, 10);
  if (MEMORY_IS_MEASURABLE && !cutout_test_under_valgrind ())
    g_assert_cmpuint (call.peak_rss_kib - before, <, MAX_GROWTH_KIB);

  pixbuf = cutout_test_load_pixbuf (call.destination);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2000);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/streaming/upload-memory", Fixture, NULL, fixture_set_up, test_upload_memory, fixture_tear_down);
  g_test_add ("/streaming/download-to-disk", Fixture, NULL, fixture_set_up, test_download_to_disk, fixture_tear_down);

  return g_test_run ();
}
