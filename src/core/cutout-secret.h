/* cutout-secret.h — the API key in the desktop keyring
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The key is stored with libsecret under a static schema
 * ("io.github.cutoutapp.Cutout.ApiKey", attribute "account-url"), so
 * keys for a test server and the real service do not mix. Nothing here
 * ever logs the key. CUTOUT_API_KEY in the environment overrides the
 * keyring (lookup answers it without touching the keyring). */

void      cutout_secret_lookup_async   (const char         *account_url,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
/* Returns the key, or NULL without error when none is stored. Fails with
 * G_IO_ERROR_NOT_SUPPORTED when no secret service is available (then the
 * app keeps the key for this session only, never in a plain file). */
char     *cutout_secret_lookup_finish  (GAsyncResult       *result,
                                        GError            **error);

void      cutout_secret_store_async    (const char         *account_url,
                                        const char         *api_key,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean  cutout_secret_store_finish   (GAsyncResult       *result,
                                        GError            **error);

void      cutout_secret_clear_async    (const char         *account_url,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean  cutout_secret_clear_finish   (GAsyncResult       *result,
                                        GError            **error);

G_END_DECLS
