/// Where a piece of text came from: an exact `[start, end)` span of a document version's
/// canonical text, with the coordinates a reader needs to find it in the source.
public struct SourceSpan: Sendable, Hashable, Codable {
    public var start: TextOffset
    public var end: TextOffset
    /// First and last page the span touches (paged formats only).
    public var pageStart: Int?
    public var pageEnd: Int?
    /// Heading path in effect at the span's start, outermost first.
    public var headingPath: [String]
    /// 1-based first and last line of the span (text formats only).
    public var lineStart: Int?
    public var lineEnd: Int?

    public init(
        start: TextOffset, end: TextOffset,
        pageStart: Int? = nil, pageEnd: Int? = nil,
        headingPath: [String] = [],
        lineStart: Int? = nil, lineEnd: Int? = nil
    ) {
        self.start = start
        self.end = end
        self.pageStart = pageStart
        self.pageEnd = pageEnd
        self.headingPath = headingPath
        self.lineStart = lineStart
        self.lineEnd = lineEnd
    }
}

/// A chunk as the chunker cut it: a span plus its text (equal to `canonical[start..<end]`).
public struct ChunkDraft: Sendable, Hashable, Codable {
    public var ordinal: Int
    public var span: SourceSpan
    public var text: String
    public var tokenCount: Int

    public init(ordinal: Int, span: SourceSpan, text: String, tokenCount: Int) {
        self.ordinal = ordinal
        self.span = span
        self.text = text
        self.tokenCount = tokenCount
    }
}

/// Counts model tokens in a text, so the chunker can budget chunks in tokens.
public protocol TokenCounter: Sendable {
    /// The number of tokens `text` becomes, without special tokens.
    func tokenCount(_ text: Substring) -> Int
}
