import Foundation
import FootnoteCore

/// Any other XML: one paragraph block per element with direct text; title from a `title` element.
struct GenericXMLParser {
    var fileName: String
    var budget: MarkupBudget

    func parse(_ data: Data) throws -> ParsedDocument {
        // Decode first so encoding errors name a byte offset, as for other text formats.
        let text = try TextDecoding.decode(data, fileName: fileName)
        let root: MarkupNode
        let bytes = Data(Self.withoutEncodingDeclaration(text).utf8)
        try budget.checkMarkup(bytes, part: "the document")
        do {
            let document = try LibXMLDocument(xml: bytes)
            guard let node = try document.rootNode(budget: budget) else { throw LibXMLError(reason: "no root element") }
            root = node
        } catch let error as LibXMLError {
            throw DocumentParsingError.malformedMarkup(fileName: fileName, part: "the document", reason: error.reason)
        }
        var builder = CanonicalTextBuilder()
        append(root, to: &builder)
        let title = root.first(named: "title")?.textContent.collapsingWhitespace
        return builder.build(format: .xml, title: title?.isEmpty == false ? title : nil)
    }

    private func append(_ node: MarkupNode, to builder: inout CanonicalTextBuilder) {
        // Direct text of this element (between its child elements) becomes one block.
        let direct = node.children.filter { $0.kind == .text }.map(\.text).joined(separator: " ")
        builder.appendBlock(direct.collapsingWhitespace, kind: .paragraph)
        for child in node.children where child.kind == .element {
            append(child, to: &builder)
        }
    }

    /// The text is re-encoded as UTF-8, so a declared legacy encoding must not be applied again.
    static func withoutEncodingDeclaration(_ text: String) -> String {
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>") else { return text }
        return "<?xml version=\"1.0\"?>" + text[end.upperBound...]
    }
}
