/* cutout-test-ui.h — helpers for the UI test suites
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"
#include "cutout-fake-server.h"

G_BEGIN_DECLS

/* Runs the default main context until nothing is pending, then for
 * @ms more milliseconds (layout, frame clock, idle handlers). */
void     cutout_test_ui_iterate     (guint       ms);

/* Renders @widget (usually a GtkWindow that is shown) as it looks now
 * into a PNG at @path, with the window's own renderer. For screenshots
 * that are looked at before a UI change lands. */
gboolean cutout_test_ui_save_png    (GtkWidget  *widget,
                                     const char *path);

/* When $CUTOUT_SCREENSHOT_DIR is set: saves @widget as
 * $CUTOUT_SCREENSHOT_DIR/@name.png (and says where with g_test_message).
 * Does nothing otherwise, so the suites can always call it. */
void     cutout_test_ui_screenshot  (GtkWidget  *widget,
                                     const char *name);

/* Switches libadwaita's style manager to dark (TRUE) or light. */
void     cutout_test_ui_set_dark    (gboolean    dark);

/* ---- A shared fixture for the page and window suites -----------------
 *
 * Every UI suite needs the same set-up: the settings back at their
 * defaults, a temporary folder with the history database, maybe the
 * in-process fake server, a CutoutContext on all that, and a window. And
 * the same tear-down, which also proves that nothing leaks: every window
 * is destroyed and, with the objects the test asked to watch (pages, the
 * context), must be finalized once the main context has run dry.
 *
 * Use it as a member of a suite's own fixture:
 *
 *     cutout_test_ui_env_set_up (&f->env, CUTOUT_TEST_UI_ENV_SERVER,
 *                                CUTOUT_FAKE_SERVER_VALID_KEY);
 *     page = cutout_usage_page_new (f->env.context);
 *     cutout_test_ui_env_show (&f->env, page, 600, 800);
 *     ...
 *     cutout_test_ui_env_tear_down (&f->env);
 */

typedef enum
{
  CUTOUT_TEST_UI_ENV_NONE       = 0,
  /* Start the in-process fake server and point CUTOUT_API_URL and
   * CUTOUT_ACCOUNT_URL at it (else they point at a dead port). Its knobs
   * can still be set after the start. */
  CUTOUT_TEST_UI_ENV_SERVER     = 1 << 0,
  /* Do not make the context yet: set the server up first, then call
   * cutout_test_ui_env_make_context(). */
  CUTOUT_TEST_UI_ENV_NO_CONTEXT = 1 << 1,
} CutoutTestUiEnvFlags;

typedef struct
{
  char                 *dir;        /* a new temporary folder */
  char                 *store_path; /* dir/cutout.db */
  CutoutFakeServer     *server;     /* NULL without CUTOUT_TEST_UI_ENV_SERVER */
  GSettings            *settings;   /* the app's schema, every key at its default */
  CutoutContext        *context;    /* NULL with CUTOUT_TEST_UI_ENV_NO_CONTEXT */
  CutoutQueue          *queue;      /* borrowed from the context */
  GtkWindow            *window;     /* the last window cutout_test_ui_env_show() made */

  /*< private >*/
  GPtrArray            *watched;
  CutoutTestUiEnvFlags  flags;
} CutoutTestUiEnv;

/* Sets @env up as its flags say; @key becomes CUTOUT_API_KEY for the
 * context (NULL or "" = no key). */
void       cutout_test_ui_env_set_up          (CutoutTestUiEnv      *env,
                                               CutoutTestUiEnvFlags  flags,
                                               const char           *key);
/* Makes env->context (and env->queue) after CUTOUT_TEST_UI_ENV_NO_CONTEXT;
 * @key as for set-up. The context is checked for finalization at
 * tear-down. */
void       cutout_test_ui_env_make_context    (CutoutTestUiEnv      *env,
                                               const char           *key);
/* Puts @content (a page) in a new AdwWindow of @width × @height, presents
 * it and runs the main context; both are watched. Returns the window
 * (also env->window), owned by GTK as every toplevel. */
GtkWindow *cutout_test_ui_env_show            (CutoutTestUiEnv      *env,
                                               GtkWidget            *content,
                                               int                   width,
                                               int                   height);
/* Takes a reference on @object (a widget, a dialog, a core object) that
 * tear-down drops and asserts to be the last one. */
void       cutout_test_ui_env_watch           (CutoutTestUiEnv      *env,
                                               gpointer              object);
/* Shuts the queue down, destroys every toplevel window (dialogs too),
 * runs the main context until idle work is done, asserts that every
 * watched object, the context and the settings are finalized, resets the
 * settings, stops the server and removes the folder. */
void       cutout_test_ui_env_tear_down       (CutoutTestUiEnv      *env);

/* Drops the caller's reference on @object, after running the main
 * context until it is the last one (at most a few seconds, for threads
 * that still hold the object), and asserts that the object is finalized;
 * fails with the object's type and remaining references otherwise. */
void       cutout_test_ui_assert_finalized    (gpointer              object);
/* Destroys @window (a reference is taken first) and asserts that it is
 * finalized, as cutout_test_ui_assert_finalized() does. */
void       cutout_test_ui_destroy_and_assert  (GtkWindow            *window);

G_END_DECLS
