/* cutout-multipart-stream.h — a multipart/form-data body streamed from a file
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_MULTIPART_STREAM (cutout_multipart_stream_get_type ())
G_DECLARE_FINAL_TYPE (CutoutMultipartStream, cutout_multipart_stream, CUTOUT, MULTIPART_STREAM, GInputStream)

/* A multipart/form-data body (RFC 7578) made of the text @fields (a
 * NULL-terminated array of alternating names and values, as
 * cutout_options_to_fields() gives; may be NULL), then one file part named
 * "image" whose bytes are read from @file in chunks while the consumer
 * reads, then the closing boundary. The file is never held in memory.
 *
 * @file_size is the size the file must have (from preflight): it makes the
 * total length known in advance for Content-Length, and a file that turns
 * out shorter or longer while it is read makes the read fail instead of
 * sending a body of the wrong length. */
CutoutMultipartStream *cutout_multipart_stream_new              (const char * const    *fields,
                                                                 GFile                 *file,
                                                                 goffset                file_size,
                                                                 const char            *filename,
                                                                 const char            *content_type) G_GNUC_WARN_UNUSED_RESULT;

/* The exact number of bytes the stream yields. */
goffset                cutout_multipart_stream_get_length       (CutoutMultipartStream *self);
/* The bytes handed to the consumer so far. */
goffset                cutout_multipart_stream_get_bytes_read   (CutoutMultipartStream *self);
const char            *cutout_multipart_stream_get_boundary     (CutoutMultipartStream *self);
/* "multipart/form-data; boundary=…", for the Content-Type header. */
const char            *cutout_multipart_stream_get_content_type (CutoutMultipartStream *self);
/* The error a read of the file failed with (the file vanished, shrank or
 * grew, or could not be read), or NULL. It lets a caller that only sees
 * the failure through another layer (libsoup) tell a local file problem
 * from a network one. */
const GError          *cutout_multipart_stream_get_file_error   (CutoutMultipartStream *self);

/* Escapes a parameter value for a quoted-string in a Content-Disposition
 * header: '"' and '\' get a backslash, CR, LF and other control
 * characters become %XX, so that no value can end the quoted string,
 * the header or the part. */
char                  *cutout_multipart_escape_param            (const char            *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
