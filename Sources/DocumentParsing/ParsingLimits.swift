import Foundation

/// Resource limits a parser enforces on untrusted input, while it parses (never after the fact):
/// a document over a limit fails with an error naming the limit and its value; the batch goes on.
public struct ParsingLimits: Sendable, Hashable, Codable {
    /// Files larger than this many bytes are refused before parsing.
    public var maxFileBytes: Int
    /// The most bytes a ZIP-based document (DOCX, ODT, EPUB) may inflate to, over all the
    /// entries read; a zip bomb is refused as soon as extraction passes it.
    public var maxDecompressedBytes: Int
    /// How long an external extractor (`pdftotext`) may run before it is stopped.
    public var externalToolTimeout: TimeInterval
    /// The most UTF-8 bytes of text one document may yield, over all its parts (PDF pages, EPUB
    /// chapters, DOCX footnotes): a small file that expands into more is refused while it expands.
    public var maxTextBytes: Int
    /// Text may also be at most this many times the file's size (and never less than
    /// `minTextAllowance`): real documents yield a few bytes of text per byte of file at most,
    /// while a 600 kB PDF whose pages share one compressed content stream yields 35 MB.
    public var maxExpansionRatio: Int
    /// The text any file may yield, whatever its size.
    public var minTextAllowance: Int
    /// The most bytes that XML entity references may expand to in one document. References are
    /// expanded by Footnote, once per use and counted, never by libxml2.
    public var maxEntityExpansionBytes: Int
    /// The most elements plus attributes in one XML part or HTML page, counted on the bytes before
    /// libxml2 builds a tree (a 300 kB DOCX of empty paragraphs would otherwise build 30 million nodes).
    public var maxMarkupNodes: Int
    /// The most pages a PDF may have (read with `pdfinfo` before extraction).
    public var maxPages: Int
    /// Elements nested deeper than this are kept flat under their ancestor at this depth: their text
    /// stays in the document, in order, and no recursion over the tree goes deeper.
    public var maxNestingDepth: Int

    /// The text a file of `fileBytes` bytes may yield, and how to say that limit.
    public func textLimit(fileBytes: Int) -> (bytes: Int, description: String) {
        let byRatio = max(minTextAllowance, maxExpansionRatio.multipliedReportingOverflow(by: fileBytes).partialValue)
        if byRatio < maxTextBytes {
            return (byRatio, "text per document: \(maxExpansionRatio) × the file's \(fileBytes) bytes")
        }
        return (maxTextBytes, "text per document")
    }

    /// Defaults: 50 MiB per file, 200 MiB decompressed, 120 s per external tool run, as much text
    /// as the largest file could hold (`maxFileBytes`) and at most 20 times the file's size (at
    /// least 4 MiB), 1 MiB of entity expansion, 2 million
    /// elements and attributes per part, 10,000 PDF pages, nesting kept to 256 levels.
    public init(
        maxFileBytes: Int = 50 * 1024 * 1024,
        maxDecompressedBytes: Int = 200 * 1024 * 1024,
        externalToolTimeout: TimeInterval = 120,
        maxTextBytes: Int? = nil,
        maxExpansionRatio: Int = 20,
        minTextAllowance: Int = 4 * 1024 * 1024,
        maxEntityExpansionBytes: Int = 1024 * 1024,
        maxMarkupNodes: Int = 2_000_000,
        maxPages: Int = 10_000,
        maxNestingDepth: Int = 256
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.externalToolTimeout = externalToolTimeout
        self.maxTextBytes = maxTextBytes ?? maxFileBytes
        self.maxExpansionRatio = maxExpansionRatio
        self.minTextAllowance = minTextAllowance
        self.maxEntityExpansionBytes = maxEntityExpansionBytes
        self.maxMarkupNodes = maxMarkupNodes
        self.maxPages = maxPages
        self.maxNestingDepth = max(8, maxNestingDepth)
    }
}
