/* cutout-error-toast.h — toasts for errors, with a "Details" dialog
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The error in full, as the Details dialog shows it and "Copy" copies
 * it: the message, then each of the service's details (for
 * CUTOUT_API_ERROR errors) as "field: message" on its own line, then the
 * HTTP status when there is one. */
char      *cutout_error_details_text     (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

/* An AdwMessageDialog transient for @parent (may be NULL) with @title
 * (NULL: "Error Details") as heading, the error's message as body and
 * the details (field messages, HTTP status) in a selectable label below
 * it; responses "copy" (puts cutout_error_details_text() on the
 * clipboard) and "close". Not presented yet. */
GtkWidget *cutout_error_details_dialog_new (GtkWindow   *parent,
                                            const char  *title,
                                            const GError *error);

/* A toast saying @title (NULL: the error's message; plain text, not
 * markup) with a "Details" button that opens the dialog above. The
 * dialog is made transient for the window set with
 * cutout_error_toast_set_window(), else the default application's active
 * window. */
AdwToast  *cutout_error_toast_new        (const char   *title,
                                          const GError *error) G_GNUC_WARN_UNUSED_RESULT;
void       cutout_error_toast_set_window (AdwToast     *toast,
                                          GtkWindow    *window);

/* Adds an error toast to the AdwToastOverlay nearest above @widget, with
 * @widget's window as the dialog's parent. Without an overlay the error
 * goes to the debug log. */
void       cutout_error_toast_show       (GtkWidget    *widget,
                                          const char   *title,
                                          const GError *error);

/* Adds a plain toast (@title is plain text, not markup) to the
 * AdwToastOverlay nearest above @widget. */
void       cutout_toast_show             (GtkWidget    *widget,
                                          const char   *title);

G_END_DECLS
