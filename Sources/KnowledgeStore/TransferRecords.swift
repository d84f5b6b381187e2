import FootnoteCore

/// A document as another store holds it, to be written as it is (`footnote migrate`): its versions with their
/// canonical texts and coordinate maps, its current chunks with their vector links. Nothing is parsed,
/// chunked or embedded again, so every span, score and citation id stays what it was.
public struct DocumentImport: Sendable, Hashable {
    /// Where the document is now.
    public var path: String
    public var size: Int64
    /// Modification time, seconds since 1970.
    public var mtime: Double
    /// Groups allowed to see the document; empty means everyone.
    public var accessGroups: [String]
    /// Every version of the document, oldest first; the last one becomes current (its chunks are `chunks`).
    /// Each keeps its own path, content hash, text, marks and ingest time; `id`, `documentID` and
    /// `isCurrent` are the source's and are ignored.
    public var versions: [VersionRecord]
    /// The current version's chunks in reading order.
    public var chunks: [ImportedChunk]

    public init(path: String, size: Int64, mtime: Double, accessGroups: [String], versions: [VersionRecord], chunks: [ImportedChunk]) {
        self.path = path
        self.size = size
        self.mtime = mtime
        self.accessGroups = accessGroups
        self.versions = versions
        self.chunks = chunks
    }
}

/// A chunk to write as it is, with the embedder input hash of its vector (nil: not embedded yet, so the
/// chunk stays pending).
public struct ImportedChunk: Sendable, Hashable {
    public var draft: ChunkDraft
    public var embedHash: String?

    public init(draft: ChunkDraft, embedHash: String?) {
        self.draft = draft
        self.embedHash = embedHash
    }
}

/// Why a store refused an import, with the store and the bad value named.
public enum StoreTransferError: Error, CustomStringConvertible, Sendable {
    /// The destination already has a document at that path (an import never replaces one).
    case documentExists(path: String, location: String)
    /// A document to import came without any version.
    case noVersions(path: String)

    public var description: String {
        switch self {
        case let .documentExists(path, location):
            return "Cannot import '\(path)' into '\(location)': a document with that path is already there"
        case let .noVersions(path):
            return "Cannot import '\(path)': it has no version to make current"
        }
    }
}
