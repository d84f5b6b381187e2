import FootnoteCore

/// Builds a canonical text block by block (blocks separated by a blank line), recording
/// block ranges, heading paths and page starts in Unicode scalar offsets.
struct CanonicalTextBuilder {
    private(set) var text = ""
    /// The length of `text` in Unicode scalars.
    private(set) var length = 0
    private(set) var blocks: [StructureBlock] = []
    private(set) var headings: [HeadingMark] = []
    private(set) var pages: [PageMark] = []
    private var headingStack = HeadingStack()
    private var pendingPages: [Int] = []
    /// The text of the first heading appended, a fallback title.
    private(set) var firstHeading: String?

    /// Appends a block; paragraphs and list items are trimmed, code keeps inner whitespace.
    mutating func appendBlock(_ content: String, kind: BlockKind) {
        let body: String
        switch kind {
        case .code: body = Self.trimmingBlankLines(content)
        default: body = content.trimmed
        }
        guard !body.isEmpty else { return }
        if length > 0 {
            text += "\n\n"
            length += 2
        }
        let start = length
        text += body
        length += body.unicodeScalars.count
        for page in pendingPages { pages.append(PageMark(offset: start, page: page)) }
        pendingPages.removeAll()
        blocks.append(StructureBlock(start: start, end: length, kind: kind))
    }

    /// Appends a heading block and makes it the innermost entry of the heading path.
    mutating func appendHeading(_ content: String, level: Int) {
        let title = content.collapsingWhitespace
        guard !title.isEmpty else { return }
        let level = max(1, min(level, 9))
        let path = headingStack.push(level: level, text: title)
        appendBlock(title, kind: .heading(level: level))
        if let block = blocks.last {
            headings.append(HeadingMark(offset: block.start, path: path))
        }
        if firstHeading == nil { firstHeading = title }
    }

    /// Marks that page `page` (1-based) starts with the next block appended.
    mutating func startPage(_ page: Int) {
        pendingPages.append(page)
    }

    /// The finished document.
    mutating func build(format: DocumentFormat, title: String?) -> ParsedDocument {
        for page in pendingPages { pages.append(PageMark(offset: length, page: page)) }
        pendingPages.removeAll()
        return ParsedDocument(
            format: format, title: title, text: text, blocks: blocks, pages: pages, headings: headings)
    }

    /// Drops leading and trailing blank lines and trailing whitespace, keeping indentation.
    static func trimmingBlankLines(_ content: String) -> String {
        let scalars = Array(TextDecoding.normalizingNewlines(content).unicodeScalars)
        guard var end = scalars.lastIndex(where: { !ScalarClass.isWhitespace($0) }) else { return "" }
        end += 1
        // Start at the beginning of the first line holding a non-whitespace scalar.
        var start = scalars.firstIndex(where: { !ScalarClass.isWhitespace($0) }) ?? 0
        while start > 0 && scalars[start - 1] != "\n" { start -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
