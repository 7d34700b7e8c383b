/* Hutch's GError domain; see hutch-error.h. */
#include "hutch-error.h"

G_DEFINE_QUARK (hutch-error-quark, hutch_error)

gboolean
hutch_fail (GError **error, HutchError code, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HUTCH_ERROR, (gint) code, format, args));
  va_end (args);
  return FALSE;
}
