import Foundation

// Records of the catalogue (documents, chunks, versions, counts): the shared vocabulary every store returns
// and every front end shows. Plain values; the SQLite index (and any other store) fills them.

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

    public init(id: Int64, path: String, format: DocumentFormat, title: String?, size: Int64, mtime: Double, versionID: Int64, contentHash: String, ingestedAt: Double, chunkCount: Int, accessGroups: [String]) {
        self.id = id
        self.path = path
        self.format = format
        self.title = title
        self.size = size
        self.mtime = mtime
        self.versionID = versionID
        self.contentHash = contentHash
        self.ingestedAt = ingestedAt
        self.chunkCount = chunkCount
        self.accessGroups = accessGroups
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

    public init(id: Int64, documentID: Int64, ordinal: Int, span: SourceSpan, text: String, textHash: String, tokenCount: Int) {
        self.id = id
        self.documentID = documentID
        self.ordinal = ordinal
        self.span = span
        self.text = text
        self.textHash = textHash
        self.tokenCount = tokenCount
    }
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

    public init(id: Int64, documentID: Int64?, isCurrent: Bool, path: String, format: DocumentFormat, title: String?, contentHash: String, canonicalText: String, pages: [PageMark], headings: [HeadingMark], ingestedAt: Double) {
        self.id = id
        self.documentID = documentID
        self.isCurrent = isCurrent
        self.path = path
        self.format = format
        self.title = title
        self.contentHash = contentHash
        self.canonicalText = canonicalText
        self.pages = pages
        self.headings = headings
        self.ingestedAt = ingestedAt
    }
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

    public init(documents: Int, versions: Int, chunks: Int, documentsByFormat: [String: Int], chunksByFormat: [String: Int], fileBytes: Int64, embeddedChunks: Int, embedder: String?) {
        self.documents = documents
        self.versions = versions
        self.chunks = chunks
        self.documentsByFormat = documentsByFormat
        self.chunksByFormat = chunksByFormat
        self.fileBytes = fileBytes
        self.embeddedChunks = embeddedChunks
        self.embedder = embedder
    }
}
