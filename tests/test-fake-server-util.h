/* test-fake-server-util.h — the fixture and HTTP helpers shared by the fake server tests
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "cutout-fake-server.h"
#include "cutout-test-util.h"

#define KEY CUTOUT_FAKE_SERVER_VALID_KEY

#define MSG_TOO_QUICKLY "You're making requests too quickly, Please Upgrade or slow down."
#define MSG_DAILY       "You've reached your daily limit. Please sign up for more access."
#define MSG_MONTHLY     "You've reached your monthly limit. Consider purchasing more credits."
#define MSG_NO_IMAGE    "No image file provided. Please include an 'image' field in your form data."
#define MSG_MASK_COLOR  "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other."
#define ALLOWED_TYPES   "Allowed formats: webp, bmp, png, jpg, jpeg"
#define COLOR_HINT      "Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA"

typedef struct
{
  CutoutFakeServer *server;
  SoupSession      *session;
  char             *dir;
} Fixture;

typedef struct
{
  gboolean            done;
  guint               status;
  GBytes             *body;
  GError             *error;
  SoupMessageHeaders *headers;
  gint64              elapsed_us;
} Reply;

/* Registers a test on a fresh server at /fake-server/@path. */
#define FAKE_SERVER_ADD(path, func) \
  g_test_add ("/fake-server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

void reply_clear (Reply *reply);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

void fixture_set_up    (Fixture       *f,
                        gconstpointer  data);
void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

void send_message (Fixture            *f,
                   SoupMessage        *msg,
                   Reply              *reply);
void post_rmbg    (Fixture            *f,
                   const char         *key,
                   const char         *filename,
                   GBytes             *image,
                   const char * const *fields,
                   Reply              *reply);
void get_usage    (Fixture            *f,
                   const char         *key,
                   const char         *query,
                   Reply              *reply);
void get_path     (Fixture            *f,
                   const char         *base,
                   const char         *path,
                   const char         *key,
                   Reply              *reply);

JsonObject *parse_object (GBytes     *body);
JsonObject *assert_json  (Reply      *reply,
                          guint       status);
void        assert_error (Reply      *reply,
                          guint       status,
                          const char *message);
gint64      member_int   (JsonObject *object,
                          const char *name);
JsonObject *usage_ok     (Fixture    *f,
                          const char *query);

GdkPixbuf *decode        (GBytes     *bytes);
GdkPixbuf *assert_image  (Reply      *reply,
                          const char *content_type,
                          int         width,
                          int         height);
void       get_pixel     (GdkPixbuf  *pixbuf,
                          int         x,
                          int         y,
                          guint8      rgba[4]);
guint8     alpha_at      (GdkPixbuf  *pixbuf,
                          int         x,
                          int         y);
void       assert_cutout (GdkPixbuf  *pixbuf);

GBytes *disc_image (Fixture    *f,
                    int         width,
                    int         height,
                    const char *format);
GBytes *fake_png   (Fixture    *f,
                    int         width,
                    int         height,
                    goffset     size);

const CutoutFakeRequest *last_request (Fixture *f);

/* Each file of tests registers its own. */
void fake_server_add_image_tests (void);
void fake_server_add_fault_tests (void);
