/* bench-startup.c — time from process start to the first painted frame of an app's window
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Usage: bench-startup ROUNDS COMMAND [ARGS...]
 *
 * Runs on an X display (Xvfb, no window manager): for each round it
 * starts COMMAND, waits until a top-level window is mapped, then until
 * that window shows painted content (its pixels are no longer all one
 * value), records the time since just before the exec, and stops the
 * process. The same probe measures every app, so the figures compare
 * fairly; nothing inside the app is instrumented. Each round gets fresh,
 * empty XDG folders (no saved state, no caches from the round before),
 * unless $BENCH_STARTUP_HOME names one to keep; the GL shader cache is
 * the caller's choice too (MESA_SHADER_CACHE_DIR).
 * Prints JSON: {"rounds_ms": [...], "map_ms": [...]}.
 */

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* TRUE once the window holds more than one pixel value: GTK has drawn
 * its first frame (before that an unpainted Xvfb window is uniform). */
static int
window_painted (Display *display,
                Window   window)
{
  XWindowAttributes attrs;
  XImage *image;
  unsigned long first;
  int painted = 0;

  if (!XGetWindowAttributes (display, window, &attrs) ||
      attrs.map_state != IsViewable || attrs.width < 2 || attrs.height < 2)
    return 0;

  image = XGetImage (display, window, 0, 0, attrs.width, attrs.height, AllPlanes, ZPixmap);
  if (image == NULL)
    return 0;

  first = XGetPixel (image, 0, 0);
  for (int y = 0; y < attrs.height && !painted; y += 3)
    for (int x = 0; x < attrs.width; x += 3)
      if (XGetPixel (image, x, y) != first)
        {
          painted = 1;
          break;
        }
  XDestroyImage (image);
  return painted;
}

static int
ignore_x_errors (Display     *display,
                 XErrorEvent *event)
{
  /* A window may vanish between the event and the query. */
  (void) display;
  (void) event;
  return 0;
}

/* A fresh, empty home for the round; or, with $BENCH_STARTUP_HOME, that
 * folder, kept from round to round as a returning user's is. Returns
 * whether it is to be removed after the round. */
static int
make_home (char *path,
           size_t size)
{
  const char *subdirs[] = { "config", "data", "cache", "state", "runtime" };
  const char *kept = getenv ("BENCH_STARTUP_HOME");
  char buf[4096];

  if (kept != NULL && kept[0] != '\0')
    {
      snprintf (path, size, "%s", kept);
      mkdir (path, 0700);
    }
  else
    {
      snprintf (path, size, "/tmp/bench-startup-XXXXXX");
      if (mkdtemp (path) == NULL)
        {
          perror ("mkdtemp");
          exit (1);
        }
    }
  for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++)
    {
      snprintf (buf, sizeof buf, "%s/%s", path, subdirs[i]);
      mkdir (buf, 0700);
    }
  return kept == NULL || kept[0] == '\0';
}

static pid_t
spawn (char **argv,
       const char *home)
{
  pid_t pid = fork ();
  char buf[4096];

  if (pid != 0)
    return pid;

  /* Its own process group, so the whole app (and any helper it starts)
   * is stopped at the end of the round. */
  setpgid (0, 0);
  /* The app's chatter (and that of the services it starts, e.g. the
   * accessibility registry) must not mix with the JSON on stdout. */
  {
    int null = open ("/dev/null", O_WRONLY);

    if (null >= 0)
      {
        dup2 (null, STDOUT_FILENO);
        dup2 (null, STDERR_FILENO);
        close (null);
      }
  }
  setenv ("HOME", home, 1);
  snprintf (buf, sizeof buf, "%s/config", home);
  setenv ("XDG_CONFIG_HOME", buf, 1);
  snprintf (buf, sizeof buf, "%s/data", home);
  setenv ("XDG_DATA_HOME", buf, 1);
  snprintf (buf, sizeof buf, "%s/cache", home);
  setenv ("XDG_CACHE_HOME", buf, 1);
  snprintf (buf, sizeof buf, "%s/state", home);
  setenv ("XDG_STATE_HOME", buf, 1);
  snprintf (buf, sizeof buf, "%s/runtime", home);
  setenv ("XDG_RUNTIME_DIR", buf, 1);
  execvp (argv[0], argv);
  perror ("execvp");
  _exit (127);
}

static double
one_round (Display *display,
           char   **argv,
           double  *map_ms)
{
  Window root = DefaultRootWindow (display);
  Window mapped = None;
  char home[2048], cmd[2200];
  int temporary;
  double start, painted_at = -1;
  pid_t pid;
  int status;

  temporary = make_home (home, sizeof home);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, True);

  start = now_ms ();
  pid = spawn (argv, home);

  while (painted_at < 0 && now_ms () - start < 30000)
    {
      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && event.xmap.event == root && mapped == None &&
              !event.xmap.override_redirect)
            {
              mapped = event.xmap.window;
              *map_ms = now_ms () - start;
            }
        }
      if (mapped != None && window_painted (display, mapped))
        {
          painted_at = now_ms () - start;
          break;
        }
      {
        struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };

        poll (&pfd, 1, mapped == None ? 5 : 1);
      }
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          fprintf (stderr, "bench-startup: %s exited before its first frame\n", argv[0]);
          exit (1);
        }
    }

  kill (-pid, SIGTERM);
  for (int i = 0; i < 200 && waitpid (pid, &status, WNOHANG) == 0; i++)
    usleep (10000);
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
  XSelectInput (display, root, NoEventMask);
  XSync (display, True);

  snprintf (cmd, sizeof cmd, "rm -rf '%s'", home);
  if (temporary && system (cmd) != 0)
    fprintf (stderr, "bench-startup: could not remove %s\n", home);

  if (painted_at < 0)
    {
      fprintf (stderr, "bench-startup: no painted window from %s within 30 s\n", argv[0]);
      exit (1);
    }
  return painted_at;
}

int
main (int    argc,
      char **argv)
{
  Display *display;
  int rounds;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-startup ROUNDS COMMAND [ARGS...]\n");
      return 2;
    }
  rounds = atoi (argv[1]);
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "bench-startup: no X display (run under xvfb-run)\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_errors);

  printf ("{\"rounds_ms\": [");
  {
    double maps[256];
    int n = rounds < 256 ? rounds : 256;

    for (int i = 0; i < n; i++)
      printf ("%s%.1f", i ? ", " : "", one_round (display, argv + 2, &maps[i]));
    printf ("], \"map_ms\": [");
    for (int i = 0; i < n; i++)
      printf ("%s%.1f", i ? ", " : "", maps[i]);
  }
  printf ("]}\n");
  XCloseDisplay (display);
  return 0;
}
