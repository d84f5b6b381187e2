import Foundation
import FootnoteCore

/// DOCX (Office Open XML WordprocessingML, ECMA-376 Part 1): paragraphs, heading styles,
/// list paragraphs, tables (" | " between cells) and footnotes (appended under "Footnotes").
struct DOCXParser {
    var fileName: String
    var budget: MarkupBudget

    func parse(_ data: Data) throws -> ParsedDocument {
        let archive = try BoundedArchive(data: data, budget: budget)
        guard archive.contains("word/document.xml") else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: "word/document.xml")
        }
        guard let document = try archive.xml("word/document.xml") else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: "word/document.xml")
        }
        let styles = try archive.xml("word/styles.xml").map(DOCXStyles.init) ?? DOCXStyles()
        var writer = DOCXWriter(styles: styles)
        if let body = document.first(named: "body") { writer.appendContainer(body) }
        writer.flushCode()
        if let footnotes = try archive.xml("word/footnotes.xml") {
            writer.appendFootnotes(footnotes)
        }
        let title = try archive.xml("docProps/core.xml")?.first(named: "title")?.textContent.collapsingWhitespace
        return writer.builder.build(
            format: .docx, title: title?.isEmpty == false ? title : writer.builder.firstHeading)
    }
}

/// Heading levels of the paragraph styles in `word/styles.xml`.
struct DOCXStyles {
    /// Style id → heading level (1-based).
    private var levels: [String: Int] = [:]
    /// Style ids of preformatted (code) paragraph styles.
    private var codeStyles: Set<String> = []

    init() {}

    init(_ root: MarkupNode) {
        for style in root.all(named: "style") {
            guard let id = style.attributes["styleId"] else { continue }
            let name = style.children(named: "name").first?.attributes["val"] ?? id
            if Self.isCode(styleName: name) { codeStyles.insert(id) }
            if let level = Self.level(styleName: name) {
                levels[id] = level
            } else if let outline = style.first(named: "outlineLvl")?.attributes["val"], let value = Int(outline),
                value < 9
            {
                levels[id] = value + 1
            }
        }
    }

    /// The heading level of paragraph style `id`, from styles.xml or the built-in ids.
    func headingLevel(styleID id: String) -> Int? {
        levels[id] ?? Self.level(styleName: id)
    }

    /// Whether paragraph style `id` is a preformatted or code style.
    func isCode(styleID id: String) -> Bool {
        codeStyles.contains(id) || Self.isCode(styleName: id)
    }

    static func isCode(styleName name: String) -> Bool {
        let compact = name.lowercased().filter { $0 != " " }
        return compact.contains("preformatted") || compact == "code" || compact == "sourcecode"
    }

    /// "Heading1", "heading 2", "Title" → 1, 2, 1.
    static func level(styleName name: String) -> Int? {
        let compact = name.lowercased().filter { $0 != " " }
        if compact == "title" { return 1 }
        guard compact.hasPrefix("heading"), let level = Int(compact.dropFirst(7)), (1...9).contains(level) else {
            return nil
        }
        return level
    }
}

/// Writes WordprocessingML body content into a `CanonicalTextBuilder`.
struct DOCXWriter {
    var styles: DOCXStyles
    var builder = CanonicalTextBuilder()
    /// Consecutive paragraphs in a code style, joined into one code block.
    private var codeLines: [String] = []

    init(styles: DOCXStyles) { self.styles = styles }

    /// Writes out a pending code block.
    mutating func flushCode() {
        guard !codeLines.isEmpty else { return }
        builder.appendBlock(codeLines.joined(separator: "\n"), kind: .code)
        codeLines.removeAll()
    }

    /// Paragraphs and tables of a body, cell, content control or similar container.
    mutating func appendContainer(_ node: MarkupNode) {
        for child in node.children where child.kind == .element {
            switch child.name {
            case "p": appendParagraph(child)
            case "tbl": appendTable(child)
            case "sectPr", "del", "moveFrom": break
            default: appendContainer(child)
            }
        }
    }

    private mutating func appendParagraph(_ paragraph: MarkupNode) {
        let text = Self.runText(paragraph)
        let properties = paragraph.children(named: "pPr").first
        let styleID = properties?.first(named: "pStyle")?.attributes["val"]
        if let styleID, styles.isCode(styleID: styleID) {
            codeLines.append(text)
            return
        }
        flushCode()
        if let styleID, let level = styles.headingLevel(styleID: styleID)
        {
            builder.appendHeading(text, level: level)
        } else if let level = properties?.first(named: "outlineLvl")?.attributes["val"].flatMap({ Int($0) }), level < 9 {
            builder.appendHeading(text, level: level + 1)
        } else {
            let isList = properties?.first(named: "numPr") != nil
            builder.appendBlock(text, kind: isList ? .listItem : .paragraph)
        }
    }

    private mutating func appendTable(_ table: MarkupNode) {
        flushCode()
        for row in table.all(named: "tr") {
            let cells = row.all(named: "tc").map { cell in
                cell.all(named: "p").map { Self.runText($0).collapsingWhitespace }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
            if cells.contains(where: { !$0.isEmpty }) {
                builder.appendBlock(cells.joined(separator: " | "), kind: .tableRow)
            }
        }
    }

    /// Footnotes (not the separator pseudo-notes) under a "Footnotes" heading, each as "[id] text".
    mutating func appendFootnotes(_ root: MarkupNode) {
        let notes = root.all(named: "footnote").filter { note in
            let type = note.attributes["type"] ?? "normal"
            return type == "normal"
        }
        let texts: [(String, String)] = notes.compactMap { note in
            let text = note.all(named: "p").map { Self.runText($0).collapsingWhitespace }
                .filter { !$0.isEmpty }.joined(separator: " ")
            return text.isEmpty ? nil : (note.attributes["id"] ?? "", text)
        }
        flushCode()
        guard !texts.isEmpty else { return }
        builder.appendHeading("Footnotes", level: 1)
        for (id, text) in texts { builder.appendBlock("[\(id)] \(text)", kind: .paragraph) }
    }

    /// The visible text of a paragraph: w:t, tabs, breaks and footnote reference marks.
    static func runText(_ node: MarkupNode) -> String {
        var out = ""
        appendRunText(node, to: &out)
        return out
    }

    private static func appendRunText(_ node: MarkupNode, to out: inout String) {
        for child in node.children where child.kind == .element {
            switch child.name {
            case "t": out += child.textContent
            case "tab", "ptab": out += "\t"
            case "br", "cr": out += "\n"
            case "noBreakHyphen": out += "-"
            case "sym": out += " "
            case "footnoteReference": out += "[\(child.attributes["id"] ?? "")]"
            // Deleted text, field codes, properties and the fallback copy of alternate content are not shown.
            case "delText", "instrText", "del", "rPr", "pPr", "Fallback", "moveFrom": break
            default: appendRunText(child, to: &out)
            }
        }
    }
}
