import FootnoteCore

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

/// A lexical match before it is turned into a hit.
public struct LexicalMatch: Sendable, Hashable {
    public var chunkID: Int64
    /// BM25 score, higher is better.
    public var score: Double
    /// The passage shortened around the matched terms, which are wrapped in `[` `]` (when asked for).
    public var snippet: String?

    public init(chunkID: Int64, score: Double, snippet: String? = nil) {
        self.chunkID = chunkID
        self.score = score
        self.snippet = snippet
    }
}

/// A vector match before it is turned into a hit.
public struct SemanticMatch: Sendable, Hashable {
    public var chunkID: Int64
    /// Cosine similarity (vectors are L2-normalised).
    public var score: Double

    public init(chunkID: Int64, score: Double) {
        self.chunkID = chunkID
        self.score = score
    }
}

/// The vector leg of a search: the best matches, and the mean cosine of the query over every chunk the
/// filter allows (the corpus background that calibrated score fusion measures similarity against).
public struct VectorSearchResult: Sendable, Hashable {
    public var matches: [SemanticMatch]
    public var background: Double

    public init(matches: [SemanticMatch], background: Double) {
        self.matches = matches
        self.background = background
    }
}

/// A chunk that has no vector yet, with what the embedder needs to build its input.
public struct PendingChunk: Sendable, Hashable {
    public var chunkID: Int64
    public var title: String?
    public var headingPath: [String]
    public var text: String

    public init(chunkID: Int64, title: String?, headingPath: [String], text: String) {
        self.chunkID = chunkID
        self.title = title
        self.headingPath = headingPath
        self.text = text
    }
}

/// What `writeVersionUnlessCurrent` did.
public enum VersionWriteOutcome: Sendable, Hashable {
    /// The path was new: a document was created with this version.
    case created(documentID: Int64)
    /// The document got this version as its new current version.
    case updated(documentID: Int64)
    /// The document's current version already had this content hash: nothing was written.
    case unchanged(documentID: Int64)

    /// The document written to (or found current).
    public var documentID: Int64 {
        switch self {
        case let .created(id), let .updated(id), let .unchanged(id): return id
        }
    }
}
