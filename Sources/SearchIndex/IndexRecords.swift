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



