import CLibXML2
import Foundation

/// Owns one libxml2 document tree and frees it in `deinit`; the only type that names `xml*`
/// and `html*` symbols. See https://gnome.pages.gitlab.gnome.org/libxml2/ for the C API.
final class LibXMLDocument {
    private let document: xmlDocPtr
    private let isHTML: Bool

    /// Parses HTML leniently (libxml2's HTML parser recovers from broken markup).
    /// `encoding` nil lets libxml2 sniff a `<meta charset>`.
    init?(html data: Data, encoding: String?) {
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard data.count < Int32.max else { return nil }
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(raw.count), "document.html", encoding, options)
        }
        guard let parsed else { return nil }
        document = parsed
        isHTML = true
    }

    /// Parses well-formed XML without network access or external entity loading.
    /// Throws the first libxml2 error message as `reason` when the XML is malformed.
    init(xml data: Data) throws {
        // No XML_PARSE_NOENT: substituting entities would let a document pull in local files.
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard data.count < Int32.max else { throw LibXMLError(reason: "document too large") }
        xmlResetLastError()
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(raw.count), "document.xml", nil, options)
        }
        guard let parsed else {
            throw LibXMLError(reason: Self.lastErrorMessage() ?? "no document element")
        }
        document = parsed
        isHTML = false
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element as a `MarkupNode` tree, or nil for a document without elements.
    func rootNode() -> MarkupNode? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return convert(root)
    }

    private func convert(_ node: xmlNodePtr) -> MarkupNode {
        var children: [MarkupNode] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(convert(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    children.append(.text(String(cString: content)))
                }
            case XML_ENTITY_REF_NODE:
                // An undeclared or unsubstituted entity: keep its children's text if libxml2 has it.
                if let content = xmlNodeGetContent(current) {
                    children.append(.text(String(cString: content)))
                    footnote_xmlFree(content)
                }
            default:
                break
            }
            child = current.pointee.next
        }
        return .element(name(of: node), attributes: attributes(of: node), children: children)
    }

    private func name(of node: xmlNodePtr) -> String {
        guard let raw = node.pointee.name else { return "" }
        let name = String(cString: raw)
        return isHTML ? name.lowercased() : name
    }

    private func attributes(of node: xmlNodePtr) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                var key = String(cString: rawName)
                if isHTML { key = key.lowercased() }
                if let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                    result[key] = String(cString: value)
                    footnote_xmlFree(value)
                } else {
                    result[key] = ""
                }
            }
            attribute = current.pointee.next
        }
        return result
    }

    private static func lastErrorMessage() -> String? {
        guard let error = xmlGetLastError(), let message = error.pointee.message else { return nil }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return error.pointee.line > 0 ? "line \(error.pointee.line): \(text)" : text
    }
}

/// A libxml2 parse failure, translated by callers into `DocumentParsingError.malformedMarkup`.
struct LibXMLError: Error {
    var reason: String
}
