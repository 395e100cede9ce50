import CLibXML2
import Foundation
import PlannerCore

/// The native format's XSD, compiled into the binary so that `planner` validates anywhere.
/// `Curricula/schema/curriculum-1.xsd` is the published copy; a test keeps the two identical.
enum NativeSchema {
    static let xsd = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!--
          TrainingPlanner curriculum format, version 1.
          Namespace: urn:x-trainingplanner:curriculum:1
          A file holds one or more programmes; a programme holds modules. Identifiers are unique in a
          workspace. Element order inside programme and module is free (xs:all / choice), as publishers expect.
        -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns="urn:x-trainingplanner:curriculum:1"
                   targetNamespace="urn:x-trainingplanner:curriculum:1"
                   elementFormDefault="qualified">

          <xs:simpleType name="Identifier">
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Audience">
            <xs:restriction base="xs:string">
              <xs:enumeration value="administrators"/>
              <xs:enumeration value="entrepreneurs"/>
              <xs:enumeration value="social-economy"/>
              <xs:enumeration value="advisers"/>
              <xs:enumeration value="other"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:complexType name="Text">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="lang" type="xs:language" use="optional"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>

          <xs:complexType name="Credit">
            <xs:simpleContent>
              <xs:extension base="xs:decimal">
                <xs:attribute name="scheme" type="xs:string" use="required"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>

          <xs:complexType name="Reference">
            <xs:attribute name="ref" type="Identifier" use="required"/>
          </xs:complexType>

          <xs:complexType name="Delivery">
            <xs:sequence>
              <xs:element name="equipment" type="xs:token" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="language" type="xs:language" use="optional"/>
            <xs:attribute name="step-free-access" type="xs:boolean" use="optional" default="true"/>
          </xs:complexType>

          <xs:complexType name="Module">
            <xs:choice maxOccurs="unbounded">
              <xs:element name="title" type="Text"/>
              <xs:element name="description" type="Text"/>
              <xs:element name="outcome" type="Text"/>
              <xs:element name="hours" type="xs:integer"/>
              <xs:element name="sessions" type="xs:positiveInteger"/>
              <xs:element name="credit" type="Credit"/>
              <xs:element name="prerequisite" type="Reference"/>
              <xs:element name="audience" type="Audience"/>
              <xs:element name="delivery" type="Delivery"/>
            </xs:choice>
            <xs:attribute name="id" type="Identifier" use="required"/>
          </xs:complexType>

          <xs:complexType name="Programme">
            <xs:choice maxOccurs="unbounded">
              <xs:element name="title" type="Text"/>
              <xs:element name="description" type="Text"/>
              <xs:element name="provider" type="xs:string"/>
              <xs:element name="qualification" type="xs:string"/>
              <xs:element name="module" type="Module"/>
            </xs:choice>
            <xs:attribute name="id" type="Identifier" use="required"/>
          </xs:complexType>

          <xs:element name="curricula">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="programme" type="Programme" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="version" type="xs:string" use="optional" fixed="1"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>

        """#

    /// Validates a native file against the XSD with libxml2; positions come from libxml2.
    static func validate(_ source: CurriculumSource, file: String) -> [Diagnostic] {
        _ = externalEntitiesRefused
        let collector = SchemaFindings(file: file)
        let bytes = Array(xsd.utf8)
        let schema: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let parserContext = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(parserContext) }
                return xmlSchemaParse(parserContext)
            }
        }
        guard let schema else { return [.error("internal error: the native XSD does not compile", file: file)] }
        defer { xmlSchemaFree(schema) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [] }
        defer { xmlSchemaFreeValidCtxt(context) }
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }
        xmlSchemaSetValidStructuredErrors(context, schemaError, box.toOpaque())
        // Validated as it streams through libxml2's text reader (no tree of the whole file is built, so a
        // large file takes no more memory than a small one). Errors of the parse itself are the streaming
        // pass's to report; libxml2 is kept quiet about them here.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let reader: xmlTextReaderPtr?
        switch source {
        case .file(let url):
            reader = xmlReaderForFile(url.path, nil, options)
        case .bytes(let data):
            reader = data.withUnsafeBytes { raw in
                // The reader reads from this memory as it goes: it is copied into a buffer libxml2 owns.
                xmlReaderForMemory(raw.bindMemory(to: CChar.self).baseAddress, Int32(data.count), file, nil, options)
            }
        }
        guard let reader else { return [] }
        defer { xmlFreeTextReader(reader) }
        guard xmlTextReaderSchemaValidateCtxt(reader, context, 0) == 0 else { return [] }
        clibxml2_drop_generic_errors()
        var status: Int32 = 1
        while status == 1 {
            status = xmlTextReaderRead(reader)
            // The validator cannot check what an entity stands for (it is never expanded): say so, there.
            if status == 1, xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
                // (The node's own line: the parser has read on.)
                let node = xmlTextReaderCurrentNode(reader)
                let line = node.map { Int(xmlGetLineNo($0)) } ?? 0
                collector.findings.append(
                    .error(
                        "entity references are not allowed in curriculum files (planner never expands entities)",
                        file: file, line: line > 0 ? line : Int(xmlTextReaderGetParserLineNumber(reader)),
                        column: 0))
            }
        }
        // A file that is not well-formed (status -1) gets the streaming pass's errors only, as before.
        guard status == 0 else { return [] }
        return collector.findings
    }
}

/// Installs, once, libxml2's loader of external entities that refuses them all (`CLibXML2/shim.h`).
let externalEntitiesRefused: Void = clibxml2_refuse_external_entities()

private final class SchemaFindings {
    let file: String
    var findings: [Diagnostic] = []
    init(file: String) { self.file = file }
}

private func schemaError(userData: UnsafeMutableRawPointer?, error: UnsafeMutablePointer<xmlError>?) {
    guard let userData, let error else { return }
    let collector = Unmanaged<SchemaFindings>.fromOpaque(userData).takeUnretainedValue()
    guard error.pointee.domain == Int32(XML_FROM_SCHEMASV.rawValue) else { return }
    let message =
        error.pointee.message.map { String(cString: $0) }?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "invalid"
    let readable =
        message.contains("entity reference")
        ? "entity references are not allowed in curriculum files (planner never expands entities)"
        : message.replacingOccurrences(of: "{\(CurriculumNamespaces.native)}", with: "")
    collector.findings.append(
        Diagnostic(
            file: collector.file, line: Int(error.pointee.line), column: Int(error.pointee.int2),
            severity: error.pointee.level == XML_ERR_WARNING ? .warning : .error, message: readable))
}
