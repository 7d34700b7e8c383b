/* Flatpak's .flatpakrepo and .flatpakref files: a remote, or an app or
 * runtime on a remote, described in one file, as repositories publish
 * them for `flatpak remote-add --from` and `flatpak install --from`
 * (Flathub's flathub.flatpakrepo, an app page's .flatpakref).
 * `app remote-add --from` and `app install --from` read the same files:
 *
 *   [Flatpak Repo]                      or [Flatpak Ref]
 *   Url=https://example.org/repo/       the remote's URL (http, https, file)
 *   GPGKey=mQINBF…                      its public key(s), base64 (optional)
 *   Title=Example                       shown to the user (optional)
 *
 * and in a .flatpakref:
 *
 *   Name=org.example.App                the app's (or runtime's) ID
 *   Branch=stable                       its branch (default: master)
 *   IsRuntime=false                     a runtime if true (default: false)
 *   SuggestRemoteName=example           a name for a new remote (optional)
 *   RuntimeRepo=https://…/x.flatpakrepo where the runtime is (optional;
 *                                       http or https)
 *
 * Other keys (Comment, Description, Homepage, Icon…) are ignored, as the file comes from a web page and may carry what Hutch has
 * no use for.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

#define HUTCH_REPO_FILE_MAX_SIZE (256 * 1024)

typedef struct
{
  char *url;       /* validated (hutch_url_is_valid()) */
  GBytes *gpg_key; /* the decoded GPGKey, or NULL if the file gives none */
  char *title;     /* or NULL; untrusted text: escape it before showing it */
  /* .flatpakref only: */
  HutchRef *ref;           /* kind, ID and branch validated; arch: this machine's */
  char *suggested_remote;  /* SuggestRemoteName as given, or NULL: validate it */
  char *runtime_repo;      /* RuntimeRepo, an http or https URL, or NULL */
} HutchRepoFile;

/* Parses the @len bytes of a .flatpakrepo file at @data (not necessarily
 * NUL-terminated); errors are HUTCH_ERROR_FAILED
 * "FILE:LINE: [Flatpak Repo] KEY: what is wrong", naming @filename. */
HutchRepoFile *hutch_repo_file_parse (const char *data,
                                      gsize len,
                                      const char *filename,
                                      GError **error);
/* The same for a .flatpakref file: "FILE:LINE: [Flatpak Ref] KEY: …". */
HutchRepoFile *hutch_ref_file_parse (const char *data,
                                     gsize len,
                                     const char *filename,
                                     GError **error);
void hutch_repo_file_free (HutchRepoFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchRepoFile, hutch_repo_file_free)

G_END_DECLS
