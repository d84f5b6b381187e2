import CLibXML2
import Foundation

/// Owns one libxml2 document tree and frees it in `deinit`; the only type that names `xml*`
/// and `html*` symbols. See https://gnome.pages.gitlab.gnome.org/libxml2/ for the C API.
///
/// Converting the tree to `MarkupNode`s spends a `MarkupBudget`: text bytes, and entity
/// references expanded here once per use and counted (libxml2 never expands them: no
/// `XML_PARSE_NOENT`, and no `xmlNodeGetContent`, which would expand a reference in one
/// unbounded allocation).
final class LibXMLDocument {
    private let document: xmlDocPtr
    private let isHTML: Bool
    /// Whether libxml2 stopped before the end of the input, so text after that point is missing.
    let stoppedEarly: Bool

    /// Parses HTML leniently (libxml2's HTML parser recovers from broken markup), with no depth
    /// limit (`XML_PARSE_HUGE`: legacy pages with unclosed tags nest thousands deep).
    /// `encoding` nil lets libxml2 sniff a `<meta charset>`.
    init?(html data: Data, encoding: String?) {
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)
        guard data.count < Int32.max, let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlCtxtReadMemory(context, base, Int32(raw.count), "document.html", encoding, options)
        }
        guard let parsed else { return nil }
        document = parsed
        isHTML = true
        // libxml2 halts a parse (and disables its callbacks) on a fatal limit; recovered errors do not.
        stoppedEarly = context.pointee.disableSAX != 0
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
        stoppedEarly = false
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element as a `MarkupNode` tree, or nil for a document without elements. Elements
    /// named in `dropping` are left out with everything inside them; elements deeper than the
    /// budget's `maxNestingDepth` are kept flat (see `MarkupFlattening`).
    func rootNode(budget: MarkupBudget, dropping: Set<String> = []) throws -> MarkupNode? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        var converter = Converter(owner: self, budget: budget, dropping: dropping)
        return try converter.element(root, depth: 1)
    }

    /// Walks libxml2 nodes into `MarkupNode`s; recursion stops at `maxNestingDepth`.
    private struct Converter {
        let owner: LibXMLDocument
        let budget: MarkupBudget
        let dropping: Set<String>

        mutating func element(_ node: xmlNodePtr, depth: Int) throws -> MarkupNode {
            var children: [MarkupNode] = []
            var child = node.pointee.children
            while let current = child {
                try append(current, depth: depth, into: &children)
                child = current.pointee.next
            }
            return .element(owner.name(of: node), attributes: try owner.attributes(of: node, budget: budget), children: children)
        }

        private mutating func append(_ node: xmlNodePtr, depth: Int, into children: inout [MarkupNode]) throws {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                guard !dropping.contains(owner.name(of: node)) else { return }
                if depth < budget.limits.maxNestingDepth {
                    children.append(try element(node, depth: depth + 1))
                } else {
                    try flatten(node, into: &children)
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    let text = String(cString: content)
                    try budget.spendText(text.utf8.count)
                    children.append(.text(text))
                }
            case XML_ENTITY_REF_NODE:
                try budget.spendEntity(1)
                guard let entity = owner.entityContent(of: node) else { return }
                // The entity's own nodes are shared by every reference: walk them once per use, counted.
                var inner: [MarkupNode] = []
                var child: xmlNodePtr? = entity
                while let current = child {
                    try append(current, depth: depth, into: &inner)
                    child = current.pointee.next
                }
                for node in inner { try budget.spendEntity(node.textContent.utf8.count) }
                children += inner
            default:
                break
            }
        }

        /// A subtree past the depth limit as a flat run, in document order: each element becomes an
        /// empty element of the same name (a block still ends a paragraph) followed by its content.
        private mutating func flatten(_ node: xmlNodePtr, into children: inout [MarkupNode]) throws {
            var pending: [xmlNodePtr] = [node]
            while let current = pending.popLast() {
                switch current.pointee.type {
                case XML_ELEMENT_NODE:
                    let name = owner.name(of: current)
                    guard !dropping.contains(name) else { continue }
                    children.append(.element(name, attributes: try owner.attributes(of: current, budget: budget)))
                    pending += Self.childList(current.pointee.children).reversed()
                case XML_ENTITY_REF_NODE:
                    try budget.spendEntity(1)
                    if let entity = owner.entityContent(of: current) {
                        var inner: [MarkupNode] = []
                        try flattenList(entity, into: &inner)
                        for node in inner { try budget.spendEntity(node.textContent.utf8.count) }
                        children += inner
                    }
                default:
                    try append(current, depth: Int.max, into: &children)
                }
            }
        }

        private mutating func flattenList(_ first: xmlNodePtr, into children: inout [MarkupNode]) throws {
            for node in Self.childList(first) { try flatten(node, into: &children) }
        }

        private static func childList(_ first: xmlNodePtr?) -> [xmlNodePtr] {
            var list: [xmlNodePtr] = []
            var child = first
            while let current = child {
                list.append(current)
                child = current.pointee.next
            }
            return list
        }
    }

    /// The first node of an entity reference's replacement content (parsed once by libxml2 and
    /// shared by every reference), or nil for an undeclared or empty entity.
    private func entityContent(of reference: xmlNodePtr) -> xmlNodePtr? {
        guard let name = reference.pointee.name, let entity = xmlGetDocEntity(document, name) else { return nil }
        return entity.pointee.children
    }

    private func name(of node: xmlNodePtr) -> String {
        guard let raw = node.pointee.name else { return "" }
        let name = String(cString: raw)
        return isHTML ? name.lowercased() : name
    }

    /// Attribute values from their child nodes: text as it is, entity references expanded and counted.
    private func attributes(of node: xmlNodePtr, budget: MarkupBudget) throws -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                var key = String(cString: rawName)
                if isHTML { key = key.lowercased() }
                result[key] = try attributeValue(current.pointee.children, budget: budget, depth: 0)
            }
            attribute = current.pointee.next
        }
        return result
    }

    private func attributeValue(_ first: xmlNodePtr?, budget: MarkupBudget, depth: Int) throws -> String {
        var value = ""
        var child = first
        while let current = child {
            if current.pointee.type == XML_ENTITY_REF_NODE {
                try budget.spendEntity(1)
                if depth < 40, let entity = entityContent(of: current) {
                    let expanded = try attributeValue(entity, budget: budget, depth: depth + 1)
                    try budget.spendEntity(expanded.utf8.count)
                    value += expanded
                }
            } else if let content = current.pointee.content {
                value += String(cString: content)
            }
            child = current.pointee.next
        }
        return value
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
