/* test-cli-util.h — running cutout-cli against the fake server in tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cutout-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *server;
  char        *url;
  char        *dir;      /* a fresh temporary folder per test */
  char        *log_path; /* the fake server's request log (JSON lines) */
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

void        cli_result_clear      (CliResult     *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* A fresh temporary folder (also the CLI's XDG data home, so the history
 * database is the test's own) and a fake server subprocess logging to
 * server-log.jsonl in it. @data: NULL, or a NULL-terminated array of
 * more arguments for the fake server (fault knobs). */
void        fixture_set_up        (Fixture       *fixture,
                                   gconstpointer  data);
void        fixture_tear_down     (Fixture       *fixture,
                                   gconstpointer  data);
/* Runs cutout-cli with @args in the fixture's folder against its server,
 * with @key as CUTOUT_API_KEY (NULL: none), and waits for it. */
void        run_cli               (Fixture            *fixture,
                                   const char         *key,
                                   const char * const *args,
                                   CliResult          *result);
/* The same with more environment for the child: @env holds pairs of
 * name and value, NULL-terminated. */
void        run_cli_env           (Fixture            *fixture,
                                   const char         *key,
                                   const char * const *env,
                                   const char * const *args,
                                   CliResult          *result);
/* Starts cutout-cli the same way without waiting (stdout and stderr
 * piped). */
GSubprocess *spawn_cli            (Fixture            *fixture,
                                   const char         *key,
                                   const char * const *args);
/* The server's request log entries for @path (NULL: all). */
GPtrArray  *read_server_log_for   (Fixture       *fixture,
                                   const char    *path);
/* The remove-background requests. */
GPtrArray  *read_server_log       (Fixture       *fixture);
guint       count_requests        (Fixture       *fixture,
                                   const char    *path);
guint       count_charged         (Fixture       *fixture);
GPtrArray  *parse_json_lines      (const char    *text);
JsonObject *find_job              (GPtrArray     *jobs,
                                   const char    *input_suffix);
void        assert_no_temp_files  (const char    *dir);
/* A decodable cut-out of that size: transparent corner, opaque centre. */
void        assert_cutout         (const char    *path,
                                   int            width,
                                   int            height);

G_END_DECLS
