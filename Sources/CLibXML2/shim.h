#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU; its headers would pull in the system ICU, which clashes with
// Foundation's private copy ("UErrorCode has different definitions"). We never use libxml2's ICU API.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

// xmlFree is a global function pointer variable, which Swift 6 rejects as shared mutable state.
static inline void clibxml2_free(void *p) { xmlFree(p); }

// planner never fetches what an XML file points to: every external entity or DTD libxml2 would load, in
// any of its parsers (the text reader that validates against the XSD would read `SYSTEM "file:///…"`), is
// refused here, for the whole process.
static xmlParserInputPtr clibxml2_refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}
static inline void clibxml2_refuse_external_entities(void) { xmlSetExternalEntityLoader(clibxml2_refuse_external); }

// Messages libxml2 prints through its generic handler (to standard error, unstructured: "Unimplemented block
// at xmlschemas.c" when the XSD validator meets an entity reference) are dropped on the calling thread; what
// planner reports comes from the structured handlers, with positions. (A variadic C function: Swift cannot
// write one.)
static void clibxml2_drop_message(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}
static inline void clibxml2_drop_generic_errors(void) { xmlSetGenericErrorFunc(NULL, clibxml2_drop_message); }
#endif
