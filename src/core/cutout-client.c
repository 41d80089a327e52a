/* cutout-client.c — the Rembg API client: the object and its request helpers
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "cutout-api-error.h"
#include "cutout-client-private.h"
#include "cutout-config.h"

/* Idle keep-alive connections are dropped after this many seconds. A
 * batch sends its next request within milliseconds of the last answer,
 * so a short idle time costs almost nothing; but a connection kept longer
 * than the server keeps it (uvicorn, common for Python services, closes
 * idle ones after 5 s) may be closed by the server just as we send on it,
 * and libsoup does not resend a POST (it is not idempotent), so the job
 * would fail with a network error for nothing. */
#define IDLE_TIMEOUT_SECONDS 4

#define DEFAULT_MAX_CONNECTIONS 6
/* The timeout is the time without any I/O on a socket: it must be longer
 * than the service takes to process a large image after the upload and
 * before the first byte of the answer, yet short enough that a dead
 * connection fails the job in a reasonable time. */
#define DEFAULT_TIMEOUT_SECONDS 60

static void cutout_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutClient, cutout_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      cutout_client_initable_iface_init))

enum
{
  PROP_0,
  PROP_API_URL,
  PROP_ACCOUNT_URL,
  PROP_API_KEY,
  PROP_MAX_CONNECTIONS,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers ----------------------------------------------------------------- */

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

SoupSession *
cutout_client_get_session (CutoutClient *self)
{
  if (self->session == NULL)
    {
      g_autofree char *user_agent = g_strdup_printf ("Cutout/%s", PACKAGE_VERSION);

      /* Up to max-connections uploads to the API host at once; the total
       * leaves room for the account host, so that a usage refresh never
       * waits behind a batch. */
      self->session = g_object_new (SOUP_TYPE_SESSION,
                                    "max-conns", self->max_connections + 2,
                                    "max-conns-per-host", self->max_connections,
                                    "timeout", self->timeout,
                                    "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                    "user-agent", user_agent,
                                    NULL);
      /* No Accept-Encoding: the answer's Content-Length must be the
       * length of the image we write, so that a cut-off answer shows. */
      soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
      /* The service authenticates with x-api-key; an HTTP auth challenge
       * would restart the message, which a streamed body cannot do. */
      soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
      /* No SoupLogger is ever attached: it would print the x-api-key. */
    }
  return self->session;
}

SoupMessage *
cutout_client_new_message (CutoutClient *self,
                           const char   *method,
                           const char   *base_url,
                           const char   *path,
                           const char   *query)
{
  g_autofree char *url = g_strconcat (base_url, path, query != NULL ? "?" : NULL, query, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  g_return_val_if_fail (msg != NULL, NULL);

  headers = soup_message_get_request_headers (msg);
  if (self->api_key != NULL)
    soup_message_headers_replace (headers, "x-api-key", self->api_key);
  /* A redirect is never followed: libsoup would send the x-api-key to
   * whatever host it points at, and a streamed body cannot be resent. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  return msg;
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A failure to talk to the service (connect, TLS, timeout, a connection
 * dropped) keeps its cause for the details; @sent_or_answered says
 * whether the service had the request already, which changes what the
 * user is told. A cancellation is passed on unchanged. */
GError *
cutout_client_network_error_new (const GError *cause,
                                 gboolean      sent_or_answered)
{
  g_autofree char *message = NULL;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);

  if (sent_or_answered)
    message = g_strdup_printf (_("The connection to the service was lost: %s"), cause->message);
  else
    message = g_strdup_printf (_("Could not reach the service: %s"), cause->message);
  return cutout_api_error_new (CUTOUT_API_ERROR_NETWORK, 0, message);
}

GError *
cutout_client_error_from_answer (SoupMessage *msg,
                                 GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  return cutout_api_error_from_response (soup_message_get_status (msg),
                                         soup_message_headers_get_content_type (headers, NULL),
                                         data, len,
                                         soup_message_headers_get_one (headers, "Retry-After"),
                                         now_unix ());
}

/* Closes an answer's stream without waiting. libsoup does not read the
 * rest of an unfinished body on close: it gives the connection up. */
void
cutout_client_close_response (GInputStream *response)
{
  if (response == NULL || g_input_stream_is_closed (response) || g_input_stream_has_pending (response))
    return;

  g_input_stream_close_async (response, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* GObject ----------------------------------------------------------------- */

static gboolean
cutout_client_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  CutoutClient *self = CUTOUT_CLIENT (initable);
  const char *api_url = self->api_url != NULL ? self->api_url : CUTOUT_DEFAULT_API_URL;
  const char *account_url = self->account_url != NULL ? self->account_url : CUTOUT_DEFAULT_ACCOUNT_URL;

  if (!cutout_config_check_base_url (api_url, error) ||
      !cutout_config_check_base_url (account_url, error))
    return FALSE;

  api_url = strip_trailing_slashes (api_url);
  account_url = strip_trailing_slashes (account_url);
  g_free (self->api_url);
  self->api_url = (char *) api_url;
  g_free (self->account_url);
  self->account_url = (char *) account_url;
  return TRUE;
}

static void
cutout_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = cutout_client_initable_init;
}

static void
cutout_client_dispose (GObject *object)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cutout_client_parent_class)->dispose (object);
}

static void
cutout_client_finalize (GObject *object)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->account_url, g_free);
  clear_secret (&self->api_key);

  G_OBJECT_CLASS (cutout_client_parent_class)->finalize (object);
}

static void
cutout_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;
    case PROP_ACCOUNT_URL:
      g_value_set_string (value, self->account_url);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CutoutClient *self = CUTOUT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      set_str (&self->api_url, g_value_get_string (value));
      break;
    case PROP_ACCOUNT_URL:
      set_str (&self->account_url, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      cutout_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_MAX_CONNECTIONS:
      cutout_client_set_max_connections (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      cutout_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_client_class_init (CutoutClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cutout_client_dispose;
  object_class->finalize = cutout_client_finalize;
  object_class->get_property = cutout_client_get_property;
  object_class->set_property = cutout_client_set_property;

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_URL] =
    g_param_spec_string ("account-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only, so that no property dump or binding can show it. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, 64, DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_client_init (CutoutClient *self)
{
  self->max_connections = DEFAULT_MAX_CONNECTIONS;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
}

/* Public API -------------------------------------------------------------- */

CutoutClient *
cutout_client_new (const char  *api_url,
                   const char  *account_url,
                   GError     **error)
{
  return g_initable_new (CUTOUT_TYPE_CLIENT, NULL, error,
                         "api-url", api_url,
                         "account-url", account_url,
                         NULL);
}

const char *
cutout_client_get_api_url (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);

  return self->api_url;
}

const char *
cutout_client_get_account_url (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), NULL);

  return self->account_url;
}

void
cutout_client_set_api_key (CutoutClient *self,
                           const char   *api_key)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));

  clear_secret (&self->api_key);
  if (api_key != NULL && api_key[0] != '\0')
    self->api_key = g_strdup (api_key);
}

gboolean
cutout_client_has_api_key (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), FALSE);

  return self->api_key != NULL;
}

guint
cutout_client_get_max_connections (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), 0);

  return self->max_connections;
}

void
cutout_client_set_max_connections (CutoutClient *self,
                                   guint         max_connections)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));
  g_return_if_fail (max_connections >= 1);

  if (self->max_connections == max_connections)
    return;

  self->max_connections = max_connections;
  /* SoupSession's limits are fixed at construction: the next request
   * gets a new session. Requests in flight keep the old one alive until
   * they end. */
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONNECTIONS]);
}

guint
cutout_client_get_timeout (CutoutClient *self)
{
  g_return_val_if_fail (CUTOUT_IS_CLIENT (self), 0);

  return self->timeout;
}

void
cutout_client_set_timeout (CutoutClient *self,
                           guint         seconds)
{
  g_return_if_fail (CUTOUT_IS_CLIENT (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
