/* fake-server-rmbg.c — the fake Rembg server's POST /rmbg
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks run in the order agreed in the project's reading of API.md
 * (briefs/semantics.md); the first failing step answers:
 *
 *  1. injected faults (fail_next, then error_rate), then the short-term
 *     rate limit;
 *  2. authentication (unknown key 401, unverified key 403, key together
 *     with a Bearer token 400; no key at all is anonymous);
 *  3. the image part (missing, empty file name, extension, empty, too
 *     large, signature, width, height);
 *  4. the option fields, all of them, in the order w, h, angle, format,
 *     bg_color (several failures give "Multiple validation errors");
 *  5. mask together with bg_color;
 *  6. credits (monthly limit with a key, daily limit without one);
 *  7. processing, then one credit is used: included credits first, then
 *     prepaid ones; it counts as API usage of the current period and of
 *     the current calendar month.
 *
 * Where API.md is silent the fake server chooses, and says so here:
 *  - A signature that is valid but an image that does not decode answers
 *    400 "Image could not be decoded; the file may be truncated or
 *    corrupt." and uses no credit.
 *  - An empty bg_color counts as not sent (a form's empty field).
 *  - Only the first of repeated fields counts, as with Werkzeug's forms.
 *  - A credit is held for a request while it is processed, so concurrent
 *    requests cannot spend more than the account has.
 *  - A client that goes away while its image is processed still uses the
 *    credit (the service did the work).
 *
 * The upload drop knob acts before all of this, from an early handler
 * that runs once the headers have arrived (libsoup runs the normal
 * handlers only after the whole body): it counts the body's chunks as
 * they arrive and, past the first 64 KiB (or half of a smaller body),
 * shuts the socket down. libsoup's read of the rest of the body then
 * fails, so the request is never handled, never answered and never
 * charged. While the knob is on, each connection serves one request.
 */

#include "fake-server-private.h"
#include "fake-image.h"
#include "fake-values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MSG_TOO_QUICKLY  "You're making requests too quickly, Please Upgrade or slow down."
#define MSG_DAILY_LIMIT  "You've reached your daily limit. Please sign up for more access."
#define MSG_MONTHLY      "You've reached your monthly limit. Consider purchasing more credits."
#define MSG_BAD_KEY      "invalid api key"
#define MSG_UNVERIFIED   "Email address not verified \u2013 please check your inbox"
#define MSG_KEY_AND_USER "This is a mistake: Cannot use both API key and user token"
#define MSG_NO_IMAGE     "No image file provided. Please include an 'image' field in your form data."
#define MSG_NO_FILE      "No file selected. Please choose an image file to upload."
#define MSG_EMPTY        "Uploaded file is empty (0 bytes)."
#define MSG_SIGNATURE    "File does not appear to be a valid image (invalid file signature)"
#define MSG_MASK_COLOR   "Cannot use 'mask=true' together with 'bg_color'. Choose one or the other."
#define MSG_UNDECODABLE  "Image could not be decoded; the file may be truncated or corrupt."

/* The "image" part of the form. */
typedef struct
{
  gboolean    present;
  const char *filename;
  GBytes     *data;
} ImagePart;

typedef struct
{
  GBytes           *image;
  FakeImageOptions  options;
  int               src_width;
  int               src_height;
  gboolean          with_key;
} ProcessData;

static void
process_data_free (ProcessData *data)
{
  g_bytes_unref (data->image);
  g_free (data);
}

/* Step 1. */

static void
answer_fault (FakeExchange *ex,
              guint         status,
              gboolean      html,
              int           retry_after)
{
  if (html)
    fake_exchange_respond_html (ex, status, retry_after);
  else
    fake_exchange_respond_error (ex, status,
                                 status == 429 ? MSG_TOO_QUICKLY : soup_status_get_phrase (status),
                                 NULL, retry_after);
}

static gboolean
inject_fault (FakeExchange *ex)
{
  CutoutFakeServer *self = ex->self;

  if (self->fail_count > 0)
    {
      self->fail_count--;
      answer_fault (ex, self->fail_status, self->fail_html, self->fail_retry_after);
      return TRUE;
    }

  if (self->error_rate > 0 && g_rand_double (self->rand) < self->error_rate)
    {
      static const guint statuses[] = { 500, 502, 503 };

      answer_fault (ex, statuses[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (statuses))],
                    self->html_errors, -1);
      return TRUE;
    }

  if (self->rate_requests > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 window = (gint64) self->rate_window_ms * 1000;
      gint64 *stamp;

      while (!g_queue_is_empty (&self->rate_times) &&
             *(gint64 *) g_queue_peek_head (&self->rate_times) <= now - window)
        g_free (g_queue_pop_head (&self->rate_times));

      if (g_queue_get_length (&self->rate_times) >= self->rate_requests)
        {
          fake_exchange_respond_error (ex, 429, MSG_TOO_QUICKLY, NULL, self->rate_retry_after);
          return TRUE;
        }

      stamp = g_new (gint64, 1);
      *stamp = now;
      g_queue_push_tail (&self->rate_times, stamp);
    }

  return FALSE;
}

/* Reading the form. */

static char *
part_text (GBytes *bytes)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_utf8_make_valid (data != NULL ? data : "", len);
}

/* Records the text fields and finds the image part. */
static void
read_form (FakeExchange  *ex,
           SoupMultipart *multipart,
           ImagePart     *image)
{
  int n = multipart != NULL ? soup_multipart_get_length (multipart) : 0;

  for (int i = 0; i < n; i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *body = NULL;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *name, *filename = NULL;
      gboolean is_file;

      if (!soup_multipart_get_part (multipart, i, &headers, &body) ||
          !soup_message_headers_get_content_disposition (headers, &disposition, &params))
        continue;

      name = g_hash_table_lookup (params, "name");
      if (name == NULL)
        continue;
      is_file = g_hash_table_lookup_extended (params, "filename", NULL, (gpointer *) &filename);

      if (is_file)
        {
          if (g_str_equal (name, "image") && !image->present)
            {
              image->present = TRUE;
              image->data = g_bytes_ref (body);
              ex->record->image_filename = g_strdup (filename != NULL ? filename : "");
              image->filename = ex->record->image_filename;
              ex->record->image_size = g_bytes_get_size (body);
              ex->record->image_content_type =
                g_strdup (soup_message_headers_get_content_type (headers, NULL));
            }
        }
      else if (!g_hash_table_contains (ex->record->fields, name))
        {
          g_hash_table_insert (ex->record->fields, g_strdup (name), part_text (body));
        }
    }
}

/* Step 3: the image part. Returns the error message or NULL. */
static char *
check_image (const ImagePart *image,
             int             *width,
             int             *height)
{
  static const char * const allowed[] = { "webp", "bmp", "png", "jpg", "jpeg", NULL };
  const char *dot;
  g_autofree char *ext = NULL;
  const guint8 *data;
  gsize size;

  if (!image->present)
    return g_strdup (MSG_NO_IMAGE);
  if (image->filename[0] == '\0')
    return g_strdup (MSG_NO_FILE);

  dot = strrchr (image->filename, '.');
  ext = g_ascii_strdown (dot != NULL ? dot + 1 : "", -1);
  if (!g_strv_contains (allowed, ext))
    return g_strdup_printf ("File type '%s%s' is not supported. "
                            "Allowed formats: webp, bmp, png, jpg, jpeg",
                            dot != NULL ? "." : "", ext);

  data = g_bytes_get_data (image->data, &size);
  if (size == 0)
    return g_strdup (MSG_EMPTY);
  if (size > FAKE_MAX_UPLOAD_BYTES)
    {
      char mb[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (mb, sizeof mb, "%.1f", size / 1048576.0);
      return g_strdup_printf ("File size (%s MB) exceeds the maximum allowed size of 50 MB.", mb);
    }
  if (!fake_image_has_signature (data, size))
    return g_strdup (MSG_SIGNATURE);

  /* A header that cannot be read leaves the verdict to the decoder. */
  *width = *height = 0;
  if (fake_image_read_size (data, size, width, height))
    {
      if (*width > FAKE_MAX_DIMENSION)
        return g_strdup_printf ("Image width (%dpx) exceeds the maximum allowed width of %dpx.",
                                *width, FAKE_MAX_DIMENSION);
      if (*height > FAKE_MAX_DIMENSION)
        return g_strdup_printf ("Image height (%dpx) exceeds the maximum allowed height of %dpx.",
                                *height, FAKE_MAX_DIMENSION);
    }

  return NULL;
}

/* Step 4: the option fields. */

static char *
check_dimension (const char *field,
                 const char *text,
                 int        *value)
{
  g_autofree char *digits = NULL;
  gboolean negative;

  *value = 0;
  if (text == NULL)
    return NULL;

  if (!fake_parse_py_int (text, &negative, &digits))
    return g_strdup_printf ("'%s' must be an integer, got: '%s'", field, text);
  /* The official Node wrapper sends 0 for "no resize". */
  if (g_str_equal (digits, "0"))
    return NULL;
  if (negative)
    return g_strdup_printf ("'%s' must be at least 1, got: -%s", field, digits);
  if (fake_py_int_clamp (FALSE, digits) > FAKE_MAX_DIMENSION)
    return g_strdup_printf ("'%s' must be at most %d, got: %s", field, FAKE_MAX_DIMENSION, digits);

  *value = atoi (digits);
  return NULL;
}

static char *
check_angle (const char *text,
             double     *value)
{
  g_autofree char *repr = NULL;

  *value = 0;
  if (text == NULL)
    return NULL;

  if (!fake_parse_py_float (text, value) || isnan (*value) || isinf (*value))
    return g_strdup_printf ("'angle' must be a number, got: '%s'", text);
  if (*value < -360 || *value > 360)
    {
      repr = fake_py_float_repr (*value);
      return g_strdup_printf ("'angle' must be between -360 and 360 degrees, got: %s", repr);
    }

  return NULL;
}

static void
add_detail (JsonBuilder *builder,
            const char  *field,
            const char  *message)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
}

/* Reads every option; FALSE after answering the 400 when one is wrong. */
static gboolean
read_options (FakeExchange     *ex,
              FakeImageOptions *options)
{
  GHashTable *fields = ex->record->fields;
  const char *format = g_hash_table_lookup (fields, "format");
  const char *color = g_hash_table_lookup (fields, "bg_color");
  const char *expand = g_hash_table_lookup (fields, "expand");
  const char *names[5] = { NULL, };
  char *messages[5] = { NULL, };
  guint n = 0;

  memset (options, 0, sizeof *options);

  if ((messages[n] = check_dimension ("w", g_hash_table_lookup (fields, "w"), &options->width)))
    names[n++] = "w";
  if ((messages[n] = check_dimension ("h", g_hash_table_lookup (fields, "h"), &options->height)))
    names[n++] = "h";
  if ((messages[n] = check_angle (g_hash_table_lookup (fields, "angle"), &options->angle)))
    names[n++] = "angle";

  options->format = FAKE_IMAGE_WEBP;
  if (format != NULL && !fake_image_format_from_string (format, &options->format))
    {
      messages[n] = g_strdup_printf ("Invalid format '%s'. Allowed formats: PNG, JPEG, WEBP, BMP",
                                     format);
      names[n++] = "format";
    }

  if (color != NULL && color[0] != '\0')
    {
      options->has_bg_color = TRUE;
      if (!fake_parse_color (color, options->bg_color))
        {
          messages[n] = g_strdup_printf ("Invalid color format '%s'. "
                                         "Use hex format: #RGB, #RGBA, #RRGGBB, or #RRGGBBAA",
                                         color);
          names[n++] = "bg_color";
        }
    }

  options->exact_resize = fake_parse_bool (g_hash_table_lookup (fields, "exact_resize"));
  options->mask = fake_parse_bool (g_hash_table_lookup (fields, "mask"));
  options->expand = expand == NULL || fake_parse_bool (expand);

  if (n == 1)
    {
      fake_exchange_respond_error (ex, 400, messages[0], NULL, -1);
    }
  else if (n > 1)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) details = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        add_detail (builder, names[i], messages[i]);
      json_builder_end_array (builder);
      details = json_builder_get_root (builder);
      fake_exchange_respond_error (ex, 400, "Multiple validation errors", details, -1);
    }

  for (guint i = 0; i < n; i++)
    g_free (messages[i]);

  return n == 0;
}

/* Step 6: credits. Holds one for the request; FALSE after answering. */
static gboolean
reserve_credit (FakeExchange *ex,
                FakeKeyState  key)
{
  CutoutFakeServer *self = ex->self;

  if (key == FAKE_KEY_VALID)
    {
      gint64 remaining;

      fake_server_roll_period (self);
      remaining = MAX (0, self->included_credits - (self->period_app + self->period_api));
      if (remaining + self->prepaid_credits - (gint64) self->pending_charges <= 0)
        {
          fake_exchange_respond_error (ex, 429, MSG_MONTHLY, NULL, -1);
          return FALSE;
        }
      self->pending_charges++;
    }
  else
    {
      gint64 day = fake_server_now (self) / 86400;

      if (day != self->anonymous_day)
        {
          self->anonymous_day = day;
          self->anonymous_used = 0;
        }
      if (self->anonymous_used + self->pending_anonymous >= self->anonymous_limit)
        {
          fake_exchange_respond_error (ex, 429, MSG_DAILY_LIMIT, NULL, -1);
          return FALSE;
        }
      self->pending_anonymous++;
    }

  return TRUE;
}

static void
release_credit (CutoutFakeServer *self,
                gboolean          with_key,
                gboolean          charge)
{
  if (!with_key)
    {
      self->pending_anonymous--;
      if (charge)
        self->anonymous_used++;
      return;
    }

  self->pending_charges--;
  if (charge)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (fake_server_now (self));
      gint64 *month = fake_server_month_counters (self, g_date_time_get_year (now),
                                                  g_date_time_get_month (now), TRUE);
      gint64 remaining;

      fake_server_roll_period (self);
      remaining = MAX (0, self->included_credits - (self->period_app + self->period_api));
      if (remaining == 0 && self->prepaid_credits > 0)
        self->prepaid_credits--;
      self->period_api++;
      month[1]++;
    }
}

/* Step 7. */

static void
process_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProcessData *data = task_data;
  GError *error = NULL;
  GBytes *result = fake_image_process (data->image, &data->options, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_bytes_unref);
}

static void
finish (FakeExchange      *ex,
        const ProcessData *data,
        GBytes            *result)
{
  gboolean with_key = data->with_key;

  if (result == NULL)
    {
      release_credit (ex->self, with_key, FALSE);
      fake_exchange_respond_error (ex, 400, MSG_UNDECODABLE, NULL, -1);
      return;
    }

  release_credit (ex->self, with_key, TRUE);
  fake_exchange_respond_image (ex, result, fake_image_format_content_type (data->options.format));
}

static void
process_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FakeExchange *ex = user_data;
  GTask *task = G_TASK (result);
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (task, NULL);

  finish (ex, g_task_get_task_data (task), bytes);
}

void
fake_server_handle_rmbg (FakeExchange *ex)
{
  CutoutFakeServer *self = ex->self;
  SoupServerMessage *msg = ex->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *image_error = NULL;
  ImagePart image = { FALSE, NULL, NULL };
  ProcessData *data;
  FakeKeyState key;
  const char *authorization;
  int width = 0, height = 0;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      fake_exchange_respond_error (ex, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed", NULL, -1);
      return;
    }

  /* The form is read first so that the log shows what came, whatever the
   * answer; the checks below still answer in the agreed order. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  multipart = soup_multipart_new_from_message (headers, body);
  read_form (ex, multipart, &image);

  if (inject_fault (ex))
    goto out;

  key = fake_server_check_key (self, msg);
  authorization = soup_message_headers_get_one (headers, "Authorization");
  if (key == FAKE_KEY_UNKNOWN)
    {
      fake_exchange_respond_error (ex, 401, MSG_BAD_KEY, NULL, -1);
      goto out;
    }
  if (key == FAKE_KEY_UNVERIFIED)
    {
      fake_exchange_respond_error (ex, 403, MSG_UNVERIFIED, NULL, -1);
      goto out;
    }
  if (key == FAKE_KEY_VALID && authorization != NULL &&
      g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      fake_exchange_respond_error (ex, 400, MSG_KEY_AND_USER, NULL, -1);
      goto out;
    }

  image_error = check_image (&image, &width, &height);
  if (image_error != NULL)
    {
      fake_exchange_respond_error (ex, 400, image_error, NULL, -1);
      goto out;
    }

  data = g_new0 (ProcessData, 1);
  data->image = g_bytes_ref (image.data);
  data->src_width = width;
  data->src_height = height;

  if (!read_options (ex, &data->options))
    {
      process_data_free (data);
      goto out;
    }
  if (data->options.mask && data->options.has_bg_color)
    {
      process_data_free (data);
      fake_exchange_respond_error (ex, 400, MSG_MASK_COLOR, NULL, -1);
      goto out;
    }

  if (!reserve_credit (ex, key))
    {
      process_data_free (data);
      goto out;
    }
  data->with_key = key == FAKE_KEY_VALID;

  if (!self->processing && width > 0 && height > 0)
    {
      g_autoptr(GBytes) result = fake_image_placeholder (width, height, &data->options, NULL);

      finish (ex, data, result);
      process_data_free (data);
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, process_done_cb, ex);

      fake_exchange_pause (ex);
      g_task_set_task_data (task, data, (GDestroyNotify) process_data_free);
      g_task_run_in_thread (task, process_thread);
    }

out:
  g_clear_pointer (&image.data, g_bytes_unref);
}

/* The upload drop knob. */

#define UPLOAD_CUT_KEY "fake-upload-cut"
/* Early, so that the cut comes while a client of a photograph is still
 * sending (see fake_server_rmbg_early_cb). */
#define UPLOAD_CUT_AFTER (64 * 1024)

typedef struct
{
  FakeExchange *ex;
  goffset       total;
  goffset       received;
} UploadDrop;

static void
upload_got_chunk_cb (SoupServerMessage *msg,
                     GBytes            *chunk,
                     gpointer           user_data)
{
  UploadDrop *drop = user_data;
  FakeExchange *ex = drop->ex;
  GSocket *sock;

  if (ex == NULL)
    return;

  drop->received += g_bytes_get_size (chunk);
  if (drop->received < MIN (drop->total / 2, UPLOAD_CUT_AFTER))
    return;

  /* Shutting down (rather than closing) leaves the descriptor to libsoup,
   * which sees the end of the stream, gives the message up and closes the
   * connection itself. */
  g_object_set_data (G_OBJECT (msg), UPLOAD_CUT_KEY, GINT_TO_POINTER (TRUE));
  sock = soup_server_message_get_socket (msg);
  if (sock != NULL)
    g_socket_shutdown (sock, TRUE, TRUE, NULL);

  drop->ex = NULL;
  ex->record->upload_dropped = TRUE;
  ex->record->image_size = 0;
  fake_exchange_complete (ex, 0, NULL, FALSE, FALSE);
}

/* The message ended before the cut (the client went away):
 * it is logged without an answer, but it was not the knob's doing. */
static void
upload_ended_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  UploadDrop *drop = user_data;

  if (drop->ex != NULL)
    fake_exchange_complete (g_steal_pointer (&drop->ex), 0, NULL, FALSE, FALSE);
}

gboolean
fake_server_upload_was_cut (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), UPLOAD_CUT_KEY) != NULL;
}

void
fake_server_rmbg_early_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  CutoutFakeServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  UploadDrop *drop;

  if (self->upload_drop_rate > 0)
    {
      /* While the knob is on, every connection serves one request. A
       * reused loopback connection has grown its buffers to megabytes,
       * and a client could hand the whole rest of a body to the kernels
       * before the cut, then take a body that never got through for a
       * sent one. A new connection starts with small windows, so that
       * with a body of a few megabytes the cut reaches a client that is
       * still sending, as it would on a slow uplink. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }

  if (self->upload_drop_rate <= 0 ||
      g_strcmp0 (path, "/rmbg") != 0 ||
      g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      soup_message_headers_get_content_length (headers) < 2 ||
      g_rand_double (self->rand) >= self->upload_drop_rate)
    return;

  drop = g_new0 (UploadDrop, 1);
  drop->ex = fake_exchange_new (self, msg, path, query);
  drop->total = soup_message_headers_get_content_length (headers);
  /* The exchange holds the message, and the message holds this. */
  g_object_set_data_full (G_OBJECT (msg), "fake-upload-drop", drop, g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (upload_got_chunk_cb), drop);
  g_signal_connect (msg, "finished", G_CALLBACK (upload_ended_cb), drop);
  g_signal_connect (msg, "disconnected", G_CALLBACK (upload_ended_cb), drop);
}
