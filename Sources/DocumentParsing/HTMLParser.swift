import Foundation
import FootnoteCore

/// HTML and XHTML → canonical text: headings, paragraphs, list items, table rows (" | "),
/// `pre` as code; navigation, scripts and styles dropped; whitespace collapsed elsewhere.
struct HTMLParser {
    var fileName: String
    var budget: MarkupBudget

    /// Elements whose content is never indexed.
    static let droppedElements: Set<String> = [
        "script", "style", "nav", "footer", "noscript", "template", "head", "svg", "math",
        "iframe", "object", "canvas", "select", "button", "form",
    ]
    /// Elements left out while the tree is built (`head` stays: the title is in it).
    static let droppedWhileParsing = droppedElements.subtracting(["head"])
    /// Class names of site chrome (menus, sidebars, "not searchable" regions), dropped like `nav`.
    static let droppedClasses: Set<String> = [
        "nosearch", "menu", "mainmenu", "submenu", "navbar", "sidebar", "breadcrumb", "breadcrumbs", "skip-link",
    ]
    /// Elements that end the current paragraph.
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "aside", "blockquote", "ul", "ol", "dl", "dt", "dd",
        "li", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption", "address",
        "center", "hr", "body", "html", "details", "summary", "fieldset", "legend",
    ]

    func parse(_ data: Data) throws -> ParsedDocument {
        let (bytes, encoding) = try Self.decodedBytes(data, fileName: fileName)
        try budget.checkMarkup(bytes, part: "the page")
        guard let document = LibXMLDocument(html: bytes, encoding: encoding),
              let root = try document.rootNode(budget: budget, dropping: Self.droppedWhileParsing) else {
            throw DocumentParsingError.emptyDocument(fileName: fileName)
        }
        if document.stoppedEarly { budget.warn("the HTML parser stopped early; text after that point is missing") }
        let title = root.first(named: "title")?.textContent.collapsingWhitespace
        var walker = HTMLBlockWalker()
        walker.walk(root)
        walker.flush()
        let fallback = walker.builder.firstHeading
        return walker.builder.build(format: .html, title: (title?.isEmpty == false) ? title : fallback)
    }

    /// Valid UTF-8/UTF-16 text goes to libxml2 as UTF-8; other bytes are handed over as they are
    /// only when the page declares a charset, so libxml2 can convert them.
    static func decodedBytes(_ data: Data, fileName: String) throws -> (Data, String?) {
        do {
            let text = try TextDecoding.decode(data, fileName: fileName)
            return (Data(text.utf8), "UTF-8")
        } catch DocumentParsingError.invalidEncoding(let file, let encoding, let offset) {
            let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
            if head.contains("charset="), !head.contains("charset=\"utf-8"), !head.contains("charset=utf-8") {
                return (data, nil)
            }
            throw DocumentParsingError.invalidEncoding(fileName: file, encoding: encoding, byteOffset: offset)
        }
    }
}

/// Walks a `MarkupNode` tree of an HTML body, emitting blocks into a `CanonicalTextBuilder`.
/// Shared by the HTML and EPUB parsers.
struct HTMLBlockWalker {
    var builder = CanonicalTextBuilder()
    private var paragraph = ""
    private var listDepth = 0
    /// Stands for `<br>` until the paragraph is flushed (a private-use scalar never in input text).
    private static let lineBreak: Unicode.Scalar = "\u{E000}"

    mutating func walk(_ node: MarkupNode) {
        switch node.kind {
        case .text:
            paragraph += node.text
        case .element:
            walkElement(node)
        }
    }

    private mutating func walkElement(_ node: MarkupNode) {
        let name = node.name
        if HTMLParser.droppedElements.contains(name) || node.attributes["role"] == "navigation"
            || node.attributes["hidden"] != nil || node.attributes["aria-hidden"] == "true"
            || node.attributes["class"].map(Self.hasDroppedClass) == true
        {
            return
        }
        if let level = MarkupNode.headingLevel(name) {
            flush()
            builder.appendHeading(node.textContent, level: level)
            return
        }
        switch name {
        case "pre":
            flush()
            builder.appendBlock(node.textContent, kind: .code)
        case "tr":
            flush()
            let cells = node.children.filter { $0.name == "td" || $0.name == "th" }
            let row = cells.map { $0.textContent.collapsingWhitespace }
            if row.contains(where: { !$0.isEmpty }) {
                builder.appendBlock(row.joined(separator: " | "), kind: .tableRow)
            }
        case "br":
            paragraph.unicodeScalars.append(Self.lineBreak)
        case "header":
            // Page banners are dropped, but an article's own title often sits in its <header>.
            flush()
            for heading in node.headingDescendants() {
                builder.appendHeading(heading.node.textContent, level: heading.level)
            }
        case "img":
            if let alt = node.attributes["alt"], !alt.isEmpty { paragraph += " \(alt) " }
        case "li":
            flush()
            listDepth += 1
            for child in node.children { walk(child) }
            flush()
            listDepth -= 1
        default:
            let isBlock = HTMLParser.blockElements.contains(name)
            if isBlock { flush() }
            for child in node.children { walk(child) }
            if isBlock { flush() }
        }
    }

    private static func hasDroppedClass(_ classes: String) -> Bool {
        classes.split(separator: " ").contains { HTMLParser.droppedClasses.contains($0.lowercased()) }
    }

    /// Ends the current paragraph (or list item), collapsing whitespace but keeping `<br>` breaks.
    mutating func flush() {
        guard !paragraph.isEmpty else { return }
        let lines = paragraph.unicodeScalars.split(separator: Self.lineBreak)
            .map { String(String.UnicodeScalarView($0)).collapsingWhitespace }
            .filter { !$0.isEmpty }
        paragraph = ""
        guard !lines.isEmpty else { return }
        builder.appendBlock(lines.joined(separator: "\n"), kind: listDepth > 0 ? .listItem : .paragraph)
    }
}

extension MarkupNode {
    /// 1...6 for `h1`...`h6`, else nil.
    static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.first == "h", let level = Int(name.dropFirst()), (1...6).contains(level) else {
            return nil
        }
        return level
    }

    /// The `h1`...`h6` elements below this node, with their levels.
    func headingDescendants() -> [(node: MarkupNode, level: Int)] {
        var found: [(MarkupNode, Int)] = []
        for child in children where child.kind == .element {
            if let level = Self.headingLevel(child.name) {
                found.append((child, level))
            } else {
                found += child.headingDescendants()
            }
        }
        return found
    }
}
