import Foundation
import FootnoteCore

/// OpenDocument Text (ODF 1.2, `content.xml`): headings (by outline level or a "Heading N"
/// paragraph style), paragraphs, list items, preformatted code and table rows; the title comes
/// from `meta.xml`.
struct ODTParser {
    var fileName: String
    var budget: MarkupBudget

    func parse(_ data: Data) throws -> ParsedDocument {
        let archive = try BoundedArchive(data: data, budget: budget)
        guard let content = try archive.xml("content.xml") else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: "content.xml")
        }
        var writer = ODTWriter(styles: ODTStyles(content.first(named: "automatic-styles")))
        if let body = content.first(named: "body") { writer.append(body, inList: false) }
        writer.flushCode()
        let title = try archive.xml("meta.xml")?.first(named: "title")?.textContent.collapsingWhitespace
        return writer.builder.build(format: .odt, title: title?.isEmpty == false ? title : writer.builder.firstHeading)
    }
}

/// Paragraph styles of an ODT: automatic styles ("P1") resolve to their named parent style.
struct ODTStyles {
    private var parents: [String: String] = [:]

    init(_ automaticStyles: MarkupNode?) {
        for style in automaticStyles?.children(named: "style") ?? [] {
            if let name = style.attributes["name"], let parent = style.attributes["parent-style-name"] {
                parents[name] = parent
            }
        }
    }

    /// The named style behind `name`, with ODF's "_20_" escapes turned back into spaces.
    func resolve(_ name: String) -> String {
        (parents[name] ?? name).replacingOccurrences(of: "_20_", with: " ")
    }

    func headingLevel(_ name: String) -> Int? { DOCXStyles.level(styleName: resolve(name)) }
    func isCode(_ name: String) -> Bool { DOCXStyles.isCode(styleName: resolve(name)) }
}

/// Writes ODF text content into a `CanonicalTextBuilder`.
struct ODTWriter {
    var styles: ODTStyles
    var builder = CanonicalTextBuilder()
    private var codeLines: [String] = []

    init(styles: ODTStyles) { self.styles = styles }

    mutating func flushCode() {
        guard !codeLines.isEmpty else { return }
        builder.appendBlock(codeLines.joined(separator: "\n"), kind: .code)
        codeLines.removeAll()
    }

    mutating func append(_ node: MarkupNode, inList: Bool) {
        for child in node.children where child.kind == .element {
            let style = child.attributes["style-name"] ?? ""
            if child.name == "p" && styles.isCode(style) {
                codeLines.append(Self.text(of: child))
                continue
            }
            if child.name == "p" || child.name == "h" || child.name == "table-row" { flushCode() }
            switch child.name {
            case "h":
                let level = child.attributes["outline-level"].flatMap { Int($0) } ?? styles.headingLevel(style) ?? 1
                builder.appendHeading(Self.text(of: child), level: level)
            case "p":
                if let level = styles.headingLevel(style) {
                    builder.appendHeading(Self.text(of: child), level: level)
                } else {
                    builder.appendBlock(Self.text(of: child), kind: inList ? .listItem : .paragraph)
                }
            case "list-item":
                append(child, inList: true)
            case "table-row":
                let cells = child.children(named: "table-cell").map { Self.text(of: $0).collapsingWhitespace }
                if cells.contains(where: { !$0.isEmpty }) {
                    builder.appendBlock(cells.joined(separator: " | "), kind: .tableRow)
                }
            case "tracked-changes", "forms", "sequence-decls", "variable-decls", "user-field-decls":
                break
            default:
                append(child, inList: inList)
            }
        }
    }

    /// Visible text of a paragraph or heading: spans, links, spaces (`text:s`), tabs, line breaks.
    static func text(of node: MarkupNode) -> String {
        var out = ""
        for child in node.children {
            if child.kind == .text {
                out += child.text
                continue
            }
            switch child.name {
            case "s": out += String(repeating: " ", count: child.attributes["c"].flatMap { Int($0) } ?? 1)
            case "tab": out += "\t"
            case "line-break": out += "\n"
            case "note-citation": out += "[\(child.textContent)]"
            case "note-body", "annotation", "bookmark-ref": break
            default: out += text(of: child)
            }
        }
        return out
    }
}
