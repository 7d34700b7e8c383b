/* Names that come from repositories, and refs built from them.
 *
 * Application and runtime IDs, arches, branches and commit checksums arrive
 * from remote repositories and from the command line, and become parts of
 * file-system paths (INSTALLATION/app/ID/ARCH/BRANCH/COMMIT, ~/.var/app/ID).
 * Everything here is strict so that nothing that passes can climb out of
 * its directory ("..", "/"), hide as a dot file, start like an option, carry
 * control characters, or grow without bound.  See hutch-ref.c for the rules.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Length limits, in bytes. */
#define HUTCH_ID_MAX_LENGTH     255
#define HUTCH_ARCH_MAX_LENGTH    32
#define HUTCH_BRANCH_MAX_LENGTH 255
#define HUTCH_CHECKSUM_LENGTH    64

gboolean hutch_id_is_valid (const char *id, GError **error);
gboolean hutch_arch_is_valid (const char *arch, GError **error);
gboolean hutch_branch_is_valid (const char *branch, GError **error);
gboolean hutch_checksum_is_valid (const char *checksum, GError **error);

const char *hutch_get_arch (void);

typedef enum
{
  HUTCH_REF_KIND_APP,
  HUTCH_REF_KIND_RUNTIME,
} HutchRefKind;

const char *hutch_ref_kind_to_string (HutchRefKind kind);

/**
 * HutchRef:
 * @kind: application or runtime
 * @id: a valid ID (hutch_id_is_valid())
 * @arch: a valid arch (hutch_arch_is_valid())
 * @branch: a valid branch (hutch_branch_is_valid()), or %NULL in a partial
 *   ref from hutch_ref_parse_partial() whose branch the user left open
 *
 * A ref such as `app/org.example.App/x86_64/stable`.  Get one from
 * hutch_ref_new(), hutch_ref_parse() or hutch_ref_parse_partial(), which
 * validate every field; treat the fields as read-only.  Functions that
 * build paths from a ref check it again.
 */
typedef struct
{
  HutchRefKind kind;
  char *id;
  char *arch;
  char *branch;
} HutchRef;

HutchRef *hutch_ref_new (HutchRefKind kind,
                         const char *id,
                         const char *arch,
                         const char *branch,
                         GError **error);
HutchRef *hutch_ref_parse (const char *ref, GError **error);
HutchRef *hutch_ref_parse_partial (const char *spec,
                                   HutchRefKind default_kind,
                                   const char *default_arch,
                                   const char *default_branch,
                                   GError **error);
gboolean hutch_ref_validate (const HutchRef *ref, GError **error);
char *hutch_ref_format (const HutchRef *ref);
HutchRef *hutch_ref_dup (const HutchRef *ref);
gboolean hutch_ref_equal (const HutchRef *a, const HutchRef *b);
void hutch_ref_free (HutchRef *ref);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchRef, hutch_ref_free)

/**
 * HutchEscapeFlags:
 * @HUTCH_ESCAPE_FLAGS_NONE: escape every control character
 * @HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES: leave '\n' as it is
 * @HUTCH_ESCAPE_FLAGS_KEEP_TABS: leave '\t' as it is
 * @HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES: leave '\\' as it is, for a message
 *   whose untrusted parts went through hutch_quote_untrusted() already (the
 *   result is as safe, only less unambiguous)
 */
typedef enum
{
  HUTCH_ESCAPE_FLAGS_NONE = 0,
  HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES = 1 << 0,
  HUTCH_ESCAPE_FLAGS_KEEP_TABS = 1 << 1,
  HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES = 1 << 2,
} HutchEscapeFlags;

char *hutch_escape_for_terminal (const char *text, HutchEscapeFlags flags);
/* Untrusted text for an error message: escaped, and cut to 80 characters
 * (then ending with "…"), so that a megabyte of garbage makes a readable
 * error. */
char *hutch_quote_untrusted (const char *text);

#define HUTCH_URL_MAX_LENGTH 2048

/* A repository URL Hutch can use: http or https with a host, or file
 * with an absolute path; at most HUTCH_URL_MAX_LENGTH bytes, without
 * spaces or control characters. */
gboolean hutch_url_is_valid (const char *url, GError **error);

G_END_DECLS
