/* cutout-key-page.c — the first-run page that asks for the API key
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cutout-api-error.h"
#include "cutout-key-page.h"

struct _CutoutKeyPage
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwStatusPage  *status_page;
  AdwEntryRow    *key_row;
  GtkWidget      *message_box;
  GtkWidget      *spinner;
  GtkWidget      *status_icon;
  GtkLabel       *status_label;
  GtkWidget      *session_label;
  GtkWidget      *anonymous_box;

  /* Owned */
  CutoutContext  *context;
  GCancellable   *cancellable;
  gboolean        welcome;
};

G_DEFINE_FINAL_TYPE (CutoutKeyPage, cutout_key_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_WELCOME,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_KEY_SET,
  SIGNAL_CONTINUE_WITHOUT_KEY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
cutout_key_page_format_count (gint64 count)
{
  const struct lconv *conv = localeconv ();
  const char *sep = conv->thousands_sep;
  const char *grouping = conv->grouping;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (count));
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);
  gsize group = 3;

  /* Only the first grouping size is used: every locale Cutout is
   * translated into groups by threes (or not at all). */
  if (grouping != NULL && grouping[0] > 0 && grouping[0] != CHAR_MAX)
    group = (gsize) grouping[0];
  if (sep == NULL || *sep == '\0')
    group = 0;

  if (count < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (group > 0 && i > 0 && (len - i) % group == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

char *
cutout_key_page_format_plan (CutoutMembership *membership)
{
  gint64 available;
  g_autofree char *count = NULL;
  g_autofree char *credits = NULL;

  g_return_val_if_fail (CUTOUT_IS_MEMBERSHIP (membership), NULL);

  available = cutout_membership_get_total_available (membership);
  count = cutout_key_page_format_count (available);
  /* Translators: %s is a number such as "11,200". */
  credits = g_strdup_printf (ngettext ("%s credit available",
                                       "%s credits available",
                                       (gulong) MIN (available, G_MAXLONG)),
                             count);

  /* Translators: the plan's name (e.g. "Premium-20000"), then the
   * credits available, e.g. "Premium-20000 · 11,200 credits available". */
  return g_strdup_printf (_("%s · %s"), cutout_membership_get_membership (membership), credits);
}

static void
show_message (CutoutKeyPage *self,
              const char    *text,
              const char    *style)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_widget_set_visible (self->status_icon, g_strcmp0 (style, "success") == 0);
  gtk_widget_set_visible (self->message_box,
                          text != NULL
                          || gtk_widget_get_visible (self->spinner)
                          || gtk_widget_get_visible (self->session_label));
}

static void
update_actions (CutoutKeyPage *self)
{
  gboolean busy = self->cancellable != NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "key-page.check",
                                 !busy && self->context != NULL && *stripped != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "key-page.continue", !busy);
  /* Read-only rather than insensitive: the entry keeps the focus, and
   * the key can be corrected as soon as the answer is there. */
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), !busy);
}

static void
set_busy (CutoutKeyPage *self,
          gboolean       busy)
{
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  if (busy)
    {
      gtk_widget_set_visible (self->session_label, FALSE);
      show_message (self, _("Checking the key…"), NULL);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The error in words a user can act on. The key itself never appears:
 * the service's messages do not repeat it. */
static char *
describe_error (const GError *error)
{
  if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INVALID_KEY))
    return g_strdup (_("The service did not accept this key."));
  if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_NETWORK))
    /* Translators: %s says why, e.g. "Connection refused". */
    return g_strdup_printf (_("Could not reach the service: %s"), error->message);
  if (g_error_matches (error, CUTOUT_API_ERROR, CUTOUT_API_ERROR_INSECURE_URL))
    return g_strdup_printf (_("The service’s address is not allowed: %s"), error->message);

  return g_strdup (error->message);
}

static void
set_key_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CutoutKeyPage *self = user_data;
  g_autoptr(CutoutMembership) membership = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  /* Cancelled by a reset or by dispose: in the latter case @self is gone. */
  membership = cutout_context_set_key_finish (CUTOUT_CONTEXT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (membership == NULL)
    {
      g_autofree char *message = describe_error (error);

      show_message (self, message, "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
      return;
    }

  /* The entry is emptied so the key does not linger in a widget. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_widget_set_visible (self->session_label,
                          cutout_context_get_key_source (self->context) == CUTOUT_KEY_SOURCE_SESSION);
  plan = cutout_key_page_format_plan (membership);
  show_message (self, plan, "success");

  g_signal_emit (self, signals[SIGNAL_KEY_SET], 0, membership);
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (widget);
  g_autofree char *key = NULL;

  if (self->cancellable != NULL || self->context == NULL)
    return;

  /* A key pasted from a web page often carries a space or a newline. */
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  if (*key == '\0')
    return;

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  cutout_context_set_key_async (self->context, key, self->cancellable,
                                set_key_cb, self);
  /* The copy of the key is wiped, not just freed. */
  memset (key, 0, strlen (key));
}

static void
continue_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CONTINUE_WITHOUT_KEY], 0);
}

static void
key_row_changed_cb (CutoutKeyPage *self)
{
  /* A message about the previous key is stale once the key is edited. */
  if (self->cancellable == NULL && gtk_widget_has_css_class (GTK_WIDGET (self->status_label), "error"))
    show_message (self, NULL, NULL);
  update_actions (self);
}

static void
key_row_activated_cb (CutoutKeyPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "key-page.check", NULL);
}

static void
apply_welcome (CutoutKeyPage *self)
{
  gtk_widget_set_visible (self->anonymous_box, self->welcome);
  if (self->welcome)
    {
      adw_status_page_set_title (self->status_page, _("Welcome to Cutout"));
      adw_status_page_set_description (self->status_page,
                                       _("Cutout removes the background of your images with the Rembg service. "
                                         "Give it your API key to use your account’s credits."));
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      /* Run from the build tree the app's icon is not installed yet. */
      adw_status_page_set_icon_name (self->status_page,
                                     gtk_icon_theme_has_icon (theme, APPLICATION_ID)
                                     ? APPLICATION_ID : "image-x-generic-symbolic");
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("Change API Key"));
      adw_status_page_set_description (self->status_page,
                                       _("The new key is checked with the service before it replaces the current one."));
      adw_status_page_set_icon_name (self->status_page, "dialog-password-symbolic");
    }
}

void
cutout_key_page_reset (CutoutKeyPage *self)
{
  g_return_if_fail (CUTOUT_IS_KEY_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_widget_set_visible (self->session_label, FALSE);
  show_message (self, NULL, NULL);
}

gboolean
cutout_key_page_get_busy (CutoutKeyPage *self)
{
  g_return_val_if_fail (CUTOUT_IS_KEY_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

static void
cutout_key_page_map (GtkWidget *widget)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (widget);

  GTK_WIDGET_CLASS (cutout_key_page_parent_class)->map (widget);

  /* The key is what the page is for: ready to paste into. */
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}

static void
cutout_key_page_dispose (GObject *object)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cutout_key_page_parent_class)->dispose (object);
}

static void
cutout_key_page_constructed (GObject *object)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (object);

  G_OBJECT_CLASS (cutout_key_page_parent_class)->constructed (object);

  apply_welcome (self);
  update_actions (self);
}

static void
cutout_key_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_WELCOME:
      g_value_set_boolean (value, self->welcome);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_key_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CutoutKeyPage *self = CUTOUT_KEY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_WELCOME:
      if (self->welcome != g_value_get_boolean (value))
        {
          self->welcome = g_value_get_boolean (value);
          apply_welcome (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_key_page_class_init (CutoutKeyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_key_page_dispose;
  object_class->constructed = cutout_key_page_constructed;
  object_class->get_property = cutout_key_page_get_property;
  object_class->set_property = cutout_key_page_set_property;

  widget_class->map = cutout_key_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CUTOUT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WELCOME] =
    g_param_spec_boolean ("welcome", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_KEY_SET] =
    g_signal_new ("key-set",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CUTOUT_TYPE_MEMBERSHIP);
  signals[SIGNAL_CONTINUE_WITHOUT_KEY] =
    g_signal_new ("continue-without-key",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cutout-key-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, message_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, session_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutKeyPage, anonymous_box);
  gtk_widget_class_bind_template_callback (widget_class, key_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "key-page.check", NULL, check_action_cb);
  gtk_widget_class_install_action (widget_class, "key-page.continue", NULL, continue_action_cb);
}

static void
cutout_key_page_init (CutoutKeyPage *self)
{
  self->welcome = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cutout_key_page_new (CutoutContext *context,
                     gboolean       welcome)
{
  g_return_val_if_fail (CUTOUT_IS_CONTEXT (context), NULL);

  return g_object_new (CUTOUT_TYPE_KEY_PAGE,
                       "context", context,
                       "welcome", welcome,
                       NULL);
}
