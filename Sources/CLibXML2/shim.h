// Include xmlversion.h first and disable ICU: libxml2's ICU types clash with
// Foundation's copy of ICU in clean debug builds ("'UErrorCode' has different
// definitions in different modules").
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/// Swift 6 rejects the global function pointer `xmlFree`; call it through this.
static inline void footnote_xmlFree(void *pointer) { xmlFree(pointer); }
