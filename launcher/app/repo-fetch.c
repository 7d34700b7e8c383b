/* Downloading a small file by URL (http or https): the .flatpakref and
 * .flatpakrepo files that `app install --from` and `app remote-add --from`
 * take by URL, as app pages link them for Flatpak.  libcurl does the work:
 * libostree's pulls load it in this process already.
 *
 * Defends against: a server that sends without end (the transfer stops
 * past @max_size bytes), one that stalls (connect and low-speed timeouts),
 * a redirect to another kind of URL, file:// above all (only http and https
 * are followed, five times at most), and an error page taken for the file
 * (an HTTP status of 400 or more is an error), and terminal control
 * characters in what libcurl says of the server.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <curl/curl.h>

#define FETCH_MAX_REDIRECTS 5L
#define FETCH_CONNECT_TIMEOUT_S 30L
#define FETCH_STALL_TIMEOUT_S 30L /* below 1 byte/s for this long: stalled */

typedef struct
{
  GByteArray *data;
  gsize max_size;
  gboolean cut; /* stopped past max_size bytes */
} Download;

gboolean
repo_is_url (const char *location)
{
  return g_ascii_strncasecmp (location, "http://", 7) == 0
         || g_ascii_strncasecmp (location, "https://", 8) == 0;
}

/* Keeps at most max_size bytes; past them, stops the transfer. */
static size_t
keep_bytes (char *bytes, size_t size, size_t count, void *user_data)
{
  Download *download = user_data;
  gsize n = size * count; /* libcurl: size is 1, count at most CURL_MAX_WRITE_SIZE */

  if (n > download->max_size - download->data->len)
    {
      download->cut = TRUE;
      return 0; /* anything but n stops the transfer */
    }
  g_byte_array_append (download->data, (const guint8 *) bytes, (guint) n);
  return n;
}

static gboolean
set_options (CURL *curl, const char *url, Download *download, char *message)
{
  return curl_easy_setopt (curl, CURLOPT_URL, url) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRECTS) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, FETCH_CONNECT_TIMEOUT_S) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, FETCH_STALL_TIMEOUT_S) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_USERAGENT, "hutch/" PACKAGE_VERSION) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, message) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, keep_bytes) == CURLE_OK
         && curl_easy_setopt (curl, CURLOPT_WRITEDATA, download) == CURLE_OK;
}

gboolean
repo_fetch_url (const char *url, gsize max_size, char **contents, gsize *length, GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  Download download = { .data = data, .max_size = max_size };
  char message[CURL_ERROR_SIZE] = "";
  CURLcode rc = CURLE_FAILED_INIT;
  CURL *curl;

  if (curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK && (curl = curl_easy_init ()) != NULL)
    {
      if (set_options (curl, url, &download, message))
        rc = curl_easy_perform (curl);
      curl_easy_cleanup (curl);
    }
  if (download.cut)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: larger than %d bytes"), url,
                   (int) max_size);
      return FALSE;
    }
  if (rc != CURLE_OK)
    {
      /* libcurl's message may quote the server (a redirect's scheme). */
      g_autofree char *why = hutch_escape_for_terminal (
          message[0] != '\0' ? message : curl_easy_strerror (rc), HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot download %s: %s"), url, why);
      return FALSE;
    }
  g_byte_array_append (data, (const guint8 *) "", 1); /* the text ends with a NUL */
  *length = data->len - 1;
  *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}
