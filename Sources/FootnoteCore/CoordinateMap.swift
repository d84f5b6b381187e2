/// Answers "where is this span?" for a document version: pages, heading path and lines of any
/// `[start, end)` scalar span of its canonical text.
public struct CoordinateMap: Sendable {
    private let pages: [PageMark]
    private let headings: [HeadingMark]
    private let pageOffsets: [TextOffset]
    private let headingOffsets: [TextOffset]
    /// Scalar offsets at which each line starts (line 1 starts at 0); empty when lines are not reported.
    private let lineStarts: [TextOffset]

    public init(text: String, format: DocumentFormat, pages: [PageMark], headings: [HeadingMark]) {
        self.pages = pages
        self.headings = headings
        pageOffsets = pages.map(\.offset)
        headingOffsets = headings.map(\.offset)
        var starts: [TextOffset] = []
        if format.hasSourceLines {
            starts.append(0)
            var offset = 0
            for scalar in text.unicodeScalars {
                offset += 1
                if scalar == "\n" { starts.append(offset) }
            }
        }
        lineStarts = starts
    }

    public init(_ document: ParsedDocument) {
        self.init(text: document.text, format: document.format, pages: document.pages, headings: document.headings)
    }

    /// The coordinates of `[start, end)`.
    public func span(start: TextOffset, end: TextOffset) -> SourceSpan {
        let last = max(start, end - 1)
        return SourceSpan(
            start: start, end: end,
            pageStart: page(at: start), pageEnd: page(at: last),
            headingPath: headingPath(at: start),
            lineStart: line(at: start), lineEnd: line(at: last))
    }

    /// The 1-based page holding `offset`, or nil for formats without pages.
    public func page(at offset: TextOffset) -> Int? {
        guard let index = Self.lastIndex(in: pageOffsets, notAfter: offset) else { return pages.first?.page }
        return pages[index].page
    }

    /// The heading path in effect at `offset`.
    public func headingPath(at offset: TextOffset) -> [String] {
        guard let index = Self.lastIndex(in: headingOffsets, notAfter: offset) else { return [] }
        return headings[index].path
    }

    /// The 1-based line holding `offset`, or nil when lines are not reported for the format.
    public func line(at offset: TextOffset) -> Int? {
        guard let index = Self.lastIndex(in: lineStarts, notAfter: offset) else { return nil }
        return index + 1
    }

    /// Binary search: the last index whose value is <= `offset`.
    private static func lastIndex(in sorted: [TextOffset], notAfter offset: TextOffset) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
