import Foundation
import FootnoteCore

/// EPUB 2/3: the XHTML documents of the OPF spine, in reading order, through the HTML walker.
struct EPUBParser {
    var fileName: String
    var budget: MarkupBudget

    func parse(_ data: Data) throws -> ParsedDocument {
        let archive = try BoundedArchive(data: data, budget: budget)
        guard let container = try archive.xml("META-INF/container.xml") else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: "META-INF/container.xml")
        }
        guard let opfPath = container.first(named: "rootfile")?.attributes["full-path"] else {
            throw DocumentParsingError.malformedMarkup(
                fileName: fileName, part: "META-INF/container.xml", reason: "no rootfile full-path")
        }
        guard let package = try archive.xml(opfPath) else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: opfPath)
        }
        let base = (opfPath as NSString).deletingLastPathComponent
        var manifest: [String: String] = [:]
        for item in package.all(named: "item") {
            if let id = item.attributes["id"], let href = item.attributes["href"] { manifest[id] = href }
        }
        var walker = HTMLBlockWalker()
        for itemref in package.all(named: "itemref") {
            guard let id = itemref.attributes["idref"], let href = manifest[id] else { continue }
            let decoded = href.removingPercentEncoding ?? href
            let path = Self.normalize(base.isEmpty ? decoded : base + "/" + decoded)
            guard let page = try archive.data(path) else { continue }
            try budget.checkMarkup(page, part: path)
            guard let document = LibXMLDocument(html: page, encoding: "UTF-8"),
                  let root = try document.rootNode(budget: budget, dropping: HTMLParser.droppedWhileParsing) else {
                continue
            }
            if document.stoppedEarly { budget.warn("the HTML parser stopped early in \(path); text after that point is missing") }
            walker.walk(root.first(named: "body") ?? root)
            walker.flush()
        }
        let title = package.first(named: "title")?.textContent.collapsingWhitespace
        return walker.builder.build(format: .epub, title: title?.isEmpty == false ? title : walker.builder.firstHeading)
    }

    /// Resolves "." and ".." in an archive path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
