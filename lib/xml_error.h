/* The error type libxml2 passes to a structured error handler
 * (xmlStructuredErrorFunc): "const xmlError *" from libxml2 2.12 on,
 * "xmlErrorPtr" before.  Every handler under lib/ takes an sne_xml_error so
 * that the build works, under -Werror, with both.  Private to lib/. */
#ifndef SNE_XML_ERROR_H
#define SNE_XML_ERROR_H

#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *sne_xml_error;
#else
typedef xmlErrorPtr sne_xml_error;
#endif

#endif
