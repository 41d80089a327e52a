/* bench-history-ui.c — times the real History page on a store of 100,000 jobs
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Built by meson with the UI (tests/bench-history-ui); not part of
 * `meson test`. Run it under Xvfb:
 *   xvfb-run -a dbus-run-session -- BUILDDIR/tests/bench-history-ui [JOBS [ROUNDS]]
 * It fills a store once, then ROUNDS times makes a window as the app's
 * (a view stack with the History page built but the Queue page shown),
 * waits until that window is painted and settled, and measures with
 * the window's frame clock:
 *  - open: from switching the stack to the History page to the end of
 *    the first frame painted with the newest job's row at the top of
 *    the list (the window's own first frame, with the renderer's set-up,
 *    is timed apart and is not the page's cost);
 *  - search: from typing a text into the search entry to the end of the
 *    first frame painted with the newest match at the top (the entry's
 *    typing delay is set to 0, so it is not counted);
 *  - clear: the same for emptying the entry again.
 * Beside each, the store-only figure as the baseline: what the store
 * takes for the count and the first page of 100 of the same filter.
 * Prints a Markdown table on stdout, then one JSON object. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cutout-context.h"
#include "cutout-history-page.h"
#include "cutout-queue-page.h"

#define PAGE 100
#define TIMEOUT_US (20 * G_USEC_PER_SEC)

static const char *const words[] = {
  "beach", "portrait", "product", "holiday", "garden", "studio", "wedding",
  "street", "mountain", "kitchen", "office", "catalogue", "sunset", "forest",
};

/* The searches: a word in one name of 7, two letters (scanned, not
 * indexed), and a number in one name only. */
static const char *const searches[] = { "sunset", "ki", "012345" };

typedef struct
{
  GtkWidget *list_view;
  char      *expected;     /* the top row's name we wait for, NULL: any frame */
  gboolean   done;
  gint64     done_us;
  gint64     done_cpu_us;  /* the main thread's CPU time then */
  /* The phases of the frame that showed it (monotonic µs): its start,
   * the end of its layout (rows bound and measured), of its paint. */
  gint64     frame_us;
  gint64     layout_us;
  gint64     paint_us;
  guint      n_frames;
} Waiter;

/* Where the time of a step went, summed over the rounds (ms). */
typedef struct
{
  double before_frame;  /* until the frame that showed the rows began */
  double layout;
  double paint;
  double frames;
} Phases;

/* The CPU time the main thread used so far (µs): on a loaded machine,
 * what the page costs, apart from the waits for a core. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
summarise (double *samples,
           int     n,
           double *p50_out,
           double *p95_out)
{
  qsort (samples, n, sizeof *samples, compare_double);
  *p50_out = samples[n / 2];
  *p95_out = samples[MIN (n - 1, (int) (n * 0.95))];
}

/* The same jobs as bench-history.c, so that the figures compare. */
static void
fill (const char *path,
      int         n_jobs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutoutStore) store = cutout_store_new (path, &error);
  gint64 base = g_get_real_time () - (gint64) n_jobs * G_USEC_PER_SEC;

  g_assert_no_error (error);
  for (int start = 0; start < n_jobs; start += 5000)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_job_record_free);

      for (int i = start; i < MIN (n_jobs, start + 5000); i++)
        {
          CutoutJobRecord *r = cutout_job_record_new ();

          r->input_path = g_strdup_printf ("/home/user/Pictures/batch-%03d/%s-%s-%06d.jpg",
                                           i / 1000, words[i % G_N_ELEMENTS (words)],
                                           words[(i / 7) % G_N_ELEMENTS (words)], i);
          r->source_root = g_strdup ("/home/user/Pictures");
          r->input_size = 5000000 + i;
          r->width = 4000;
          r->height = 3000;
          r->options = g_strdup ("format=webp");
          r->state = (i % 10 == 0) ? CUTOUT_JOB_STATE_FAILED : CUTOUT_JOB_STATE_DONE;
          if (r->state == CUTOUT_JOB_STATE_FAILED)
            r->error_message = g_strdup ("You're making requests too quickly, Please Upgrade or slow down.");
          else
            r->output_path = g_strdup_printf ("/home/user/Cutouts/%06d-cutout.webp", i);
          r->output_size = 300000;
          r->attempts = 1;
          r->created_us = base + (gint64) i * G_USEC_PER_SEC;
          r->batch_id = g_strdup_printf ("batch-%03d", i / 1000);
          g_ptr_array_add (records, r);
        }
      cutout_store_insert_jobs (store, records, FALSE, &error);
      g_assert_no_error (error);
    }
}

/* The name the top row must show for @text, from the store. */
static char *
first_name (CutoutStore *store,
            const char  *text)
{
  CutoutHistoryFilter filter = { 0, };
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  filter.text = text;
  page = cutout_store_query_history (store, &filter, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);

  return g_filename_display_basename (((CutoutJobRecord *) page->pdata[0])->input_path);
}

/* The store alone: the count and the first page, as the page asks. */
static double
time_store (CutoutStore *store,
            const char  *text)
{
  CutoutHistoryFilter filter = { 0, };
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gint64 count;

  filter.text = text;
  count = cutout_store_count_history (store, &filter, &error);
  page = cutout_store_query_history (store, &filter, NULL, PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, >=, (gint64) page->len);

  return (g_get_monotonic_time () - t0) / 1000.0;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The name shown by the row at the top of the list, or NULL. */
static const char *
top_name (GtkWidget *list_view)
{
  GtkWidget *picked;
  GtkWidget *name;

  if (!gtk_widget_get_mapped (list_view))
    return NULL;

  picked = gtk_widget_pick (list_view, gtk_widget_get_width (list_view) / 2.0, 4, GTK_PICK_DEFAULT);
  while (picked != NULL && gtk_widget_get_parent (picked) != list_view)
    picked = gtk_widget_get_parent (picked);
  if (picked == NULL)
    return NULL;

  name = find_named (picked, "name");
  if (name == NULL || !gtk_widget_get_mapped (name))
    return NULL;

  return gtk_label_get_label (GTK_LABEL (name));
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Waiter        *waiter)
{
  if (!waiter->done)
    {
      waiter->frame_us = g_get_monotonic_time ();
      waiter->n_frames++;
    }
}

/* Connected after GTK's own handlers, so these run when the phase ends. */
static void
layout_cb (GdkFrameClock *clock,
           Waiter        *waiter)
{
  if (!waiter->done)
    waiter->layout_us = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Waiter        *waiter)
{
  if (!waiter->done)
    waiter->paint_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Waiter        *waiter)
{
  if (waiter->done)
    return;

  if (waiter->expected == NULL ||
      (waiter->list_view != NULL && g_strcmp0 (top_name (waiter->list_view), waiter->expected) == 0))
    {
      waiter->done = TRUE;
      waiter->done_us = g_get_monotonic_time ();
      waiter->done_cpu_us = thread_cpu_us ();
    }
}

static void
waiter_reset (Waiter     *waiter,
              const char *expected)
{
  waiter->done = FALSE;
  waiter->expected = (char *) expected;
  waiter->n_frames = 0;
}

static void
add_phases (Phases       *phases,
            const Waiter *waiter,
            gint64        t0)
{
  phases->before_frame += (waiter->frame_us - t0) / 1000.0;
  phases->layout += (MAX (waiter->layout_us, waiter->frame_us) - waiter->frame_us) / 1000.0;
  phases->paint += (MAX (waiter->paint_us, waiter->layout_us) - MAX (waiter->layout_us, waiter->frame_us)) / 1000.0;
  phases->frames += waiter->n_frames;
}

static GtkWidget *
page_child (GtkWidget  *page,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, CUTOUT_TYPE_HISTORY_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Runs the main loop until @waiter saw its row painted; the ms since @t0. */
static double
wait_painted (Waiter *waiter,
              gint64  t0)
{
  while (!waiter->done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - t0 > TIMEOUT_US)
        g_error ("“%s” was never shown at the top", waiter->expected != NULL ? waiter->expected : "(a frame)");
    }

  return (waiter->done_us - t0) / 1000.0;
}

static void
iterate_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
warm_up_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *image = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  const char *const styles[] = { "heading", "caption", "caption", "error" };

  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), text);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      GtkWidget *label = gtk_label_new ("Warm-up 0123456789 · WebP · 2000 px wide");

      gtk_widget_add_css_class (label, styles[i]);
      if (i == 2)
        gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Done"));
  gtk_list_item_set_child (list_item, box);
}

/* A first window like an app's first page (a list of rows with icons and
 * text of each style, an entry, buttons), shown for a while: the renderer
 * sets itself up (under Xvfb, llvmpipe compiles its shaders) before
 * anything is timed, as the app's first page would have made it. */
static void
warm_up (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkStringList *strings = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;

  for (guint i = 0; i < 40; i++)
    gtk_string_list_append (strings, "row");
  g_signal_connect (factory, "setup", G_CALLBACK (warm_up_setup_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (strings))), factory);
  gtk_widget_add_css_class (list, "rich-list");
  gtk_box_append (GTK_BOX (box), gtk_search_entry_new ());
  gtk_box_append (GTK_BOX (box), gtk_button_new_with_label ("Export"));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  iterate_ms (1000);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_ms (50);
}

int
main (int    argc,
      char **argv)
{
  int n_jobs = argc > 1 ? atoi (argv[1]) : 100000;
  int rounds = argc > 2 ? atoi (argv[2]) : 10;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-history-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cutout.db", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CutoutContext) context = NULL;
  g_autoptr(CutoutStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  char *expected[G_N_ELEMENTS (searches)];
  /* Steps: open, each search, clear. */
  enum { N_STEPS = 2 + G_N_ELEMENTS (searches) };
  const char *step_names[N_STEPS] = { "open (switch to the page, first rows painted)" };
  const char *step_texts[N_STEPS] = { NULL };
  double *ui[N_STEPS];
  double *cpu[N_STEPS];
  double cpu50[N_STEPS], cpu95[N_STEPS];
  double *baseline[N_STEPS];
  double ui50[N_STEPS], ui95[N_STEPS], base50[N_STEPS], base95[N_STEPS];
  Phases phases[N_STEPS] = { { 0, }, };
  g_autofree double *built = g_new0 (double, rounds);
  g_autofree double *window_frame = g_new0 (double, rounds);
  double built50, built95, frame50, frame95;
  const char *renderer_name = "?";
  gint64 t_fill;

  /* Nothing of the user's: settings in memory, folders in the temp dir,
   * no service, no key. */
#ifdef BENCH_SCHEMA_DIR
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
#endif
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("CUTOUT_API_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("CUTOUT_ACCOUNT_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("CUTOUT_API_KEY", "", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  if (n_jobs < 1000 || rounds < 1)
    {
      fprintf (stderr, "Usage: %s [JOBS (>= 1000) [ROUNDS]]\n", argv[0]);
      return 2;
    }

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      step_names[1 + s] = "search (rows shown)";
      step_texts[1 + s] = searches[s];
    }
  step_names[N_STEPS - 1] = "clear search";
  for (int s = 0; s < N_STEPS; s++)
    {
      ui[s] = g_new0 (double, rounds);
      cpu[s] = g_new0 (double, rounds);
      baseline[s] = g_new0 (double, rounds);
    }

  t_fill = g_get_monotonic_time ();
  fill (path, n_jobs);
  t_fill = g_get_monotonic_time () - t_fill;

  /* The baseline, on a connection of its own. */
  store = cutout_store_new (path, &error);
  g_assert_no_error (error);
  newest = first_name (store, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    expected[s] = first_name (store, searches[s]);
  for (int r = 0; r < rounds; r++)
    for (int s = 0; s < N_STEPS; s++)
      baseline[s][r] = time_store (store, step_texts[s]);

  gtk_init ();
  adw_init ();
  settings = g_settings_new ("io.github.cutoutapp.Cutout");
  context = cutout_context_new (settings, path);
  g_assert_nonnull (cutout_context_get_store (context));
  warm_up ();

  for (int r = 0; r < rounds; r++)
    {
      GtkWidget *window;
      GtkWidget *stack;
      GtkWidget *other;
      GtkWidget *page;
      GtkWidget *entry;
      GdkFrameClock *clock;
      Waiter waiter = { NULL, };
      gulong handlers[4];
      gint64 t0;
      gint64 t0_cpu;

      /* The window as the app makes it: the History page is built with
       * it, but another page is shown first. */
      t0 = g_get_monotonic_time ();
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
      stack = adw_view_stack_new ();
      other = GTK_WIDGET (cutout_queue_page_new (context));
      adw_view_stack_add_named (ADW_VIEW_STACK (stack), other, "queue");
      page = cutout_history_page_new (context);
      adw_view_stack_add_named (ADW_VIEW_STACK (stack), page, "history");
      adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), other);
      gtk_window_set_child (GTK_WINDOW (window), stack);
      built[r] = (g_get_monotonic_time () - t0) / 1000.0;
      gtk_window_present (GTK_WINDOW (window));
      if (gtk_native_get_renderer (GTK_NATIVE (window)) != NULL)
        renderer_name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));

      waiter.list_view = page_child (page, "list_view");
      clock = gtk_widget_get_frame_clock (window);
      g_assert_nonnull (clock);
      handlers[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &waiter);
      handlers[1] = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &waiter);
      handlers[2] = g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &waiter);
      handlers[3] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &waiter);
      waiter_reset (&waiter, NULL);
      window_frame[r] = wait_painted (&waiter, t0);
      iterate_ms (300);

      /* Switching to the History place in the running window. */
      waiter_reset (&waiter, newest);
      t0 = g_get_monotonic_time ();
      t0_cpu = thread_cpu_us ();
      adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), page);
      ui[0][r] = wait_painted (&waiter, t0);
      cpu[0][r] = (waiter.done_cpu_us - t0_cpu) / 1000.0;
      add_phases (&phases[0], &waiter, t0);
      g_printerr ("round %d: window frame %.1f ms, open %.1f ms (layout %.1f, paint %.1f)\n", r,
                  window_frame[r], ui[0][r], (waiter.layout_us - waiter.frame_us) / 1000.0,
                  (waiter.paint_us - waiter.layout_us) / 1000.0);

      /* Let the page settle (thumbnails, a count after the first frame). */
      iterate_ms (300);

      entry = page_child (page, "search_entry");
      gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
      for (int s = 0; s < N_STEPS - 1; s++)
        {
          gboolean clear = s == N_STEPS - 2;

          waiter_reset (&waiter, clear ? newest : expected[s]);
          t0 = g_get_monotonic_time ();
          t0_cpu = thread_cpu_us ();
          gtk_editable_set_text (GTK_EDITABLE (entry), clear ? "" : searches[s]);
          ui[1 + s][r] = wait_painted (&waiter, t0);
          cpu[1 + s][r] = (waiter.done_cpu_us - t0_cpu) / 1000.0;
          add_phases (&phases[1 + s], &waiter, t0);
          iterate_ms (300);

          /* Back to the whole list between searches, so that each one
           * starts from what the user sees first. */
          if (!clear && s + 1 < N_STEPS - 2)
            {
              waiter_reset (&waiter, newest);
              t0 = g_get_monotonic_time ();
              gtk_editable_set_text (GTK_EDITABLE (entry), "");
              wait_painted (&waiter, t0);
              iterate_ms (300);
            }
        }

      for (guint h = 0; h < G_N_ELEMENTS (handlers); h++)
        g_signal_handler_disconnect (clock, handlers[h]);
      {
        GWeakRef page_ref;

        g_weak_ref_init (&page_ref, page);
        gtk_window_destroy (GTK_WINDOW (window));
        iterate_ms (100);
        g_assert_null (g_weak_ref_get (&page_ref));
        g_weak_ref_clear (&page_ref);
      }
    }

  for (int s = 0; s < N_STEPS; s++)
    {
      summarise (ui[s], rounds, &ui50[s], &ui95[s]);
      summarise (cpu[s], rounds, &cpu50[s], &cpu95[s]);
      summarise (baseline[s], rounds, &base50[s], &base95[s]);
    }

  printf ("History page with %d jobs (filled in %.1f s), %d rounds, p50/p95 in ms\n\n",
          n_jobs, t_fill / 1e6, rounds);
  printf ("| step | text | store only p50 | store only p95 | page p50 | page p95 | "
          "main thread CPU p50 | CPU p95 | target (p95) |\n");
  printf ("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
  for (int s = 0; s < N_STEPS; s++)
    {
      double target = s == 0 ? 100 : 30;

      printf ("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f | < %.0f ms: %s |\n",
              step_names[s], step_texts[s] != NULL ? step_texts[s] : "–",
              base50[s], base95[s], ui50[s], ui95[s], cpu50[s], cpu95[s], target,
              ui95[s] < target ? "**met**" : "**missed**");
    }
  printf ("\n(page: wall-clock time until the frame that shows the rows was painted; CPU: what the "
          "main thread used meanwhile, the page's own cost when the machine is loaded.)\n");

  summarise (built, rounds, &built50, &built95);
  summarise (window_frame, rounds, &frame50, &frame95);
  printf ("\nNot the page's: a new window's first frame (the renderer's set-up under Xvfb), "
          "%.1f ms p50, %.1f ms p95; the window with the page built (not shown) in %.1f ms p50.\n",
          frame50, frame95, built50);
  printf ("\nWhere the time went (means over the rounds, ms): per step, until the frame that "
          "showed the rows began, its layout (rows bound, measured, allocated) and its paint "
          "(%s renderer):\n\n", renderer_name);
  printf ("| step | text | before that frame | layout | paint | frames |\n");
  printf ("|---|---|---:|---:|---:|---:|\n");
  for (int s = 0; s < N_STEPS; s++)
    printf ("| %s | %s | %.1f | %.1f | %.1f | %.1f |\n",
            step_names[s], step_texts[s] != NULL ? step_texts[s] : "–",
            phases[s].before_frame / rounds, phases[s].layout / rounds,
            phases[s].paint / rounds, phases[s].frames / rounds);

  printf ("\n{\"jobs\": %d, \"rounds\": %d, \"fill_ms\": %.1f, \"window_first_frame_p50_ms\": %.3f, \"steps\": [",
          n_jobs, rounds, t_fill / 1000.0, frame50);
  for (int s = 0; s < N_STEPS; s++)
    printf ("%s{\"name\": \"%s\", \"text\": \"%s\", \"store_p50_ms\": %.3f, \"store_p95_ms\": %.3f, "
            "\"ui_p50_ms\": %.3f, \"ui_p95_ms\": %.3f, \"cpu_p50_ms\": %.3f, \"cpu_p95_ms\": %.3f}",
            s ? ", " : "", step_names[s], step_texts[s] != NULL ? step_texts[s] : "",
            base50[s], base95[s], ui50[s], ui95[s], cpu50[s], cpu95[s]);
  printf ("]}\n");

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    g_free (expected[s]);
  for (int s = 0; s < N_STEPS; s++)
    {
      g_free (ui[s]);
      g_free (cpu[s]);
      g_free (baseline[s]);
    }
  g_clear_object (&context);
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_remove (file);
      }
  }
  g_rmdir (home);
  g_rmdir (dir);

  return 0;
}
