import Foundation

/// Resource limits a parser enforces on untrusted input.
public struct ParsingLimits: Sendable, Hashable, Codable {
    /// Files larger than this many bytes are refused before parsing.
    public var maxFileBytes: Int
    /// The most bytes a ZIP-based document (DOCX, ODT, EPUB) may inflate to, over all the
    /// entries read; a zip bomb is refused as soon as extraction passes it.
    public var maxDecompressedBytes: Int
    /// How long an external extractor (`pdftotext`) may run before it is stopped.
    public var externalToolTimeout: TimeInterval

    /// Defaults: 50 MiB per file, 200 MiB decompressed, 120 s per external tool run.
    public init(
        maxFileBytes: Int = 50 * 1024 * 1024,
        maxDecompressedBytes: Int = 200 * 1024 * 1024,
        externalToolTimeout: TimeInterval = 120
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.externalToolTimeout = externalToolTimeout
    }
}
