/* cutout-key-page.h — the first-run page that asks for the API key
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-context.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_KEY_PAGE (cutout_key_page_get_type ())
G_DECLARE_FINAL_TYPE (CutoutKeyPage, cutout_key_page, CUTOUT, KEY_PAGE, AdwBin)

/* Explains what Cutout does, takes an API key, checks it against the
 * account service through cutout_context_set_key_async() (which stores
 * it) and shows the account's plan.
 *
 * Properties: context (construct-only), welcome (gboolean, default TRUE:
 * the first-run wording and a "Continue Without Key" button; FALSE for
 * the "Change Key" page of the preferences), busy (read-only: a check
 * is running).
 *
 * Signals:
 *   key-set (CutoutMembership *membership): the key was accepted and
 *     stored; @membership holds the account's figures.
 *   continue-without-key: the user chose to go on anonymously. The
 *     page does not remember that choice: its owner does. */
GtkWidget *cutout_key_page_new          (CutoutContext *context,
                                         gboolean       welcome);

gboolean   cutout_key_page_get_busy     (CutoutKeyPage *self);
/* Clears the entry and any message, e.g. before showing the page again. */
void       cutout_key_page_reset        (CutoutKeyPage *self);

/* "Premium-20000 · 11,200 credits available", with the locale's digit
 * grouping. Shared with the preferences' Account page. */
char      *cutout_key_page_format_plan  (CutoutMembership *membership) G_GNUC_WARN_UNUSED_RESULT;
/* @count with the locale's thousands separator ("11,200" in English). */
char      *cutout_key_page_format_count (gint64            count) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
