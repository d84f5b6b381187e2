import FootnoteCore

/// A document as the index knows it, with its current version.
public struct DocumentRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var path: String
    public var format: DocumentFormat
    public var title: String?
    public var size: Int64
    /// Modification time, seconds since 1970.
    public var mtime: Double
    public var versionID: Int64
    public var contentHash: String
    /// When the current version was ingested, seconds since 1970.
    public var ingestedAt: Double
    public var chunkCount: Int
    /// Groups allowed to see the document; empty means everyone.
    public var accessGroups: [String]
}

/// One version of a document to write: everything the parser and chunker produced.
public struct DocumentVersionInput: Sendable {
    public var path: String
    public var size: Int64
    public var mtime: Double
    public var contentHash: String
    public var document: ParsedDocument
    public var chunks: [ChunkDraft]
    /// Groups allowed to see the document; empty means everyone.
    public var accessGroups: [String]

    public init(
        path: String, size: Int64, mtime: Double, contentHash: String, document: ParsedDocument, chunks: [ChunkDraft],
        accessGroups: [String] = []
    ) {
        self.accessGroups = accessGroups
        self.path = path
        self.size = size
        self.mtime = mtime
        self.contentHash = contentHash
        self.document = document
        self.chunks = chunks
    }
}

/// A stored chunk of a current document version.
public struct ChunkRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var documentID: Int64
    public var ordinal: Int
    public var span: SourceSpan
    public var text: String
    public var textHash: String
    public var tokenCount: Int
}

/// A stored document version, looked up for citations.
public struct VersionRecord: Sendable, Hashable, Codable {
    public var id: Int64
    /// The document it belongs to; nil when the document was removed from the index.
    public var documentID: Int64?
    /// Whether this is the document's current version.
    public var isCurrent: Bool
    public var path: String
    public var format: DocumentFormat
    public var title: String?
    public var contentHash: String
    public var canonicalText: String
    public var pages: [PageMark]
    public var headings: [HeadingMark]
    public var ingestedAt: Double
}

/// Counts for `footnote stats`.
public struct IndexStatistics: Sendable, Hashable, Codable {
    public var documents: Int
    public var versions: Int
    public var chunks: Int
    public var documentsByFormat: [String: Int]
    public var chunksByFormat: [String: Int]
    public var fileBytes: Int64
    public var embeddedChunks: Int
    public var embedder: String?
}
