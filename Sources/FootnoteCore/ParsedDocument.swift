/// Offsets in Footnote are counted in Unicode scalars (code points) of the canonical text,
/// the same unit as Python's `str` indexing and SQLite's `substr()` on text.
public typealias TextOffset = Int

/// The kind of a structural block in a parsed document; the chunker prefers to cut between blocks.
public enum BlockKind: Sendable, Hashable, Codable {
    case heading(level: Int)
    case paragraph
    case listItem
    /// A code block: kept whole when it fits the chunk budget.
    case code
    /// One table row: never split when it fits the chunk budget.
    case tableRow
}

/// A structural block: a half-open range of the canonical text and what it is.
public struct StructureBlock: Sendable, Hashable, Codable {
    public var start: TextOffset
    public var end: TextOffset
    public var kind: BlockKind

    public init(start: TextOffset, end: TextOffset, kind: BlockKind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

/// A page starts at `offset` of the canonical text (pages are 1-based).
public struct PageMark: Sendable, Hashable, Codable {
    public var offset: TextOffset
    public var page: Int

    public init(offset: TextOffset, page: Int) {
        self.offset = offset
        self.page = page
    }
}

/// From `offset` on, the text sits under `path` (outermost heading first).
public struct HeadingMark: Sendable, Hashable, Codable {
    public var offset: TextOffset
    public var path: [String]

    public init(offset: TextOffset, path: [String]) {
        self.offset = offset
        self.path = path
    }
}

/// One document version as a parser produced it: a canonical text and its coordinate map.
public struct ParsedDocument: Sendable, Hashable, Codable {
    public var format: DocumentFormat
    public var title: String?
    /// The canonical text: every chunk, hit and citation is a span of it.
    public var text: String
    /// Structural blocks in text order; may be empty (the chunker then falls back to paragraphs).
    public var blocks: [StructureBlock]
    /// Page starts in text order; empty for formats without pages.
    public var pages: [PageMark]
    /// Heading-path changes in text order.
    public var headings: [HeadingMark]
    /// What the parser could not keep (e.g. text after a point where the HTML parser stopped):
    /// the document is indexed, and `add` reports each line as a warning.
    public var warnings: [String] = []

    public init(
        format: DocumentFormat,
        title: String?,
        text: String,
        blocks: [StructureBlock] = [],
        pages: [PageMark] = [],
        headings: [HeadingMark] = []
    ) {
        self.format = format
        self.title = title
        self.text = text
        self.blocks = blocks
        self.pages = pages
        self.headings = headings
    }
}
