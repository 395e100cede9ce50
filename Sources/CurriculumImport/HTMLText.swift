import CLibXML2
import Foundation

/// The words of HTML that a feed carries as escaped text (`&lt;p&gt;Objectifs&amp;nbsp;:&lt;/p&gt;`, read by
/// the XML parser as `<p>Objectifs&nbsp;:</p>`): parsed by libxml2's HTML parser, which knows every named
/// entity; block elements (paragraphs, list items, line breaks) separate words, inline ones do not; white
/// space collapsed. Scripts and styles are dropped. Text without `<` or `&` is returned as it is.
func plainText(fromHTML html: String) -> String {
    guard html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return html }
    let options = Int32(
        HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_NOIMPLIED.rawValue)
    // A wrapper element keeps text outside any tag (libxml2 would otherwise drop a leading text run).
    let wrapped = "<div>" + html + "</div>"
    let parsed = wrapped.withCString { htmlReadMemory($0, Int32(strlen($0)), nil, "UTF-8", options) }
    guard let document = parsed else { return collapsingWhitespace(html) }
    defer { xmlFreeDoc(document) }
    var bytes: [UInt8] = []
    func walk(_ first: xmlNodePtr?) {
        var node = first
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content)))
                }
            case XML_ELEMENT_NODE:
                let name = current.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if name != "script", name != "style" {
                    let block = !XMLStreamParser.inlineElements.contains(name)
                    if block { bytes.append(0x20) }
                    walk(current.pointee.children)
                    if block { bytes.append(0x20) }
                }
            default:
                break
            }
            node = current.pointee.next
        }
    }
    walk(xmlDocGetRootElement(document))
    return collapsingWhitespace(String(decoding: bytes, as: UTF8.self))
}
