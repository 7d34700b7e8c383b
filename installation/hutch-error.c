/* Hutch's GError domain; see hutch-error.h. */
#include "hutch-error.h"

G_DEFINE_QUARK (hutch-error-quark, hutch_error)
