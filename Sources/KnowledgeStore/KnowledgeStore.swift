import FootnoteCore

/// Where a knowledge base keeps its documents, versions, chunks, vectors and settings, and how it ranks them.
///
/// The SQLite index (`SearchIndex`) implements it today; a second backend implements the same contract,
/// which `KnowledgeStoreContractTests` checks once for every implementation. Everything the facade reads or
/// writes goes through these requirements, so a store is interchangeable behind `KnowledgeBase`.
///
/// Rules every implementation keeps (the contract tests hold them):
/// - Filters and access groups are applied *before* top-k, in lexical and vector search alike.
/// - A version is written whole or not at all; a removed document leaves no chunk, vector link or text behind.
/// - Scores are BM25 (higher is better) and cosine; ties are broken by ascending chunk id.
/// - `accessGroups: nil` means no restriction; `[]` means a caller in no group (sees only unrestricted documents).
public protocol KnowledgeStore: AnyObject, Sendable {
    /// Where the store lives (a file path or a URL without credentials), for messages.
    var location: String { get }

    // MARK: Writing

    /// Writes a new current version of the document at `input.path` (creating the document when new).
    func writeVersion(_ input: DocumentVersionInput) throws -> Int64
    /// Like `writeVersion`, but writes nothing when the current version already has the same content hash.
    func writeVersionUnlessCurrent(_ input: DocumentVersionInput) throws -> VersionWriteOutcome
    /// Replaces the groups allowed to see a document (empty: everyone).
    func setAccessGroups(documentID: Int64, groups: [String]) throws
    /// Records a new size and modification time for an unchanged document.
    func touchDocument(id: Int64, size: Int64, mtime: Double) throws
    /// Moves a document to a new path; false when another document already has that path.
    func renameDocument(id: Int64, to newPath: String, size: Int64, mtime: Double) throws -> Bool
    /// Removes a document with all its versions, chunks and access groups.
    func removeDocument(id: Int64) throws
    /// Remembers a folder that `sync` rescans.
    func addRoot(_ path: String) throws
    /// The remembered folders, sorted.
    func roots() throws -> [String]

    // MARK: Reading

    /// Current documents, optionally under a path prefix, visible to `accessGroups`.
    func documents(under prefix: String?, accessGroups: [String]?) throws -> [DocumentRecord]
    func document(path: String, accessGroups: [String]?) throws -> DocumentRecord?
    func document(id: Int64, accessGroups: [String]?) throws -> DocumentRecord?
    /// The current chunks of a document, in order.
    func chunks(documentID: Int64) throws -> [ChunkRecord]
    /// Versions whose content hash starts with `prefix` (how a citation id is resolved).
    func versions(hashPrefix prefix: String) throws -> [VersionRecord]
    /// Current chunks visible to `accessGroups`.
    func chunkCount(accessGroups: [String]?) throws -> Int
    func statistics() throws -> IndexStatistics
    /// The path of the document of every current chunk.
    func chunkDocumentPaths() throws -> [Int64: String]
    /// Names of the applied schema migrations, oldest first.
    func appliedMigrations() throws -> [String]
    /// The store's own integrity check plus Footnote's invariants (every chunk belongs to its document's
    /// current version and has its full-text entry; no document without a current version); empty when all is well.
    func consistencyProblems() throws -> [String]

    // MARK: Settings

    func setting(_ key: String) throws -> String?
    /// Stores `value` under `key`; nil removes it.
    func setSetting(_ key: String, _ value: String?) throws

    // MARK: Vectors

    /// The embedder whose vectors the store holds, if any.
    func embedder() throws -> EmbedderIdentity?
    /// Records `identity` as the store's embedder; fails when vectors of another embedder are stored.
    func claimEmbedder(_ identity: EmbedderIdentity) throws
    /// Forgets every vector and the embedder.
    func dropVectors() throws
    /// Current chunks without a vector, at most `limit`.
    func pendingChunks(limit: Int) throws -> [PendingChunk]
    func pendingChunkCount() throws -> Int
    /// Which of `hashes` (embedder input hashes) already have a stored vector.
    func storedVectorHashes(among hashes: [String]) throws -> Set<String>
    /// Stores vectors by input hash and links chunks to them.
    func storeVectors(_ vectors: [(inputHash: String, vector: [Float])], links: [(chunkID: Int64, inputHash: String)]) throws
    /// Deletes vectors no chunk links to; returns how many.
    @discardableResult func collectUnusedVectors() throws -> Int
    func hasVectors() throws -> Bool
    /// Memory the store holds in this process for vector search, in bytes (0 when vectors stay in the server).
    func residentVectorBytes() -> Int

    // MARK: Transfer (`footnote migrate`: a whole knowledge base moved to another store as it is)

    /// Versions with an id above `afterID`, by ascending id, at most `limit`: those of document `documentID`
    /// (its older ones and its current one), or with `documentID: nil` those no document owns any more (of
    /// removed documents). Paged so that a long history never sits in memory at once.
    func versions(documentID: Int64?, afterID: Int64, limit: Int) throws -> [VersionRecord]
    /// The embedder input hash each current chunk of the document is linked to, by chunk id (chunks
    /// without a vector are absent).
    func embedHashes(documentID: Int64) throws -> [Int64: String]
    /// The stored vectors of `hashes`, exactly as stored (float32), by input hash; hashes without one are absent.
    func vectors(inputHashes hashes: [String]) throws -> [String: [Float]]
    /// Every setting, by key.
    func settings() throws -> [String: String]
    /// Writes a document as another store held it, in one transaction: its versions in order (the last one
    /// current, every one keeping its hash, text, marks and ingest time), the current chunks with their
    /// full-text entries and vector links, and its access groups. Fails (`StoreTransferError`), writing
    /// nothing, when a document already has the path. Vectors are stored with `storeVectors` (links: none).
    @discardableResult func importDocument(_ document: DocumentImport) throws -> Int64
    /// Writes versions of removed documents as they are, owned by no document (their citations resolve).
    func importDetachedVersions(_ versions: [VersionRecord]) throws

    // MARK: Ranking

    /// The top `limit` chunks for `query` by BM25 among chunks passing `filter`.
    func lexicalSearch(_ query: LexicalQuery, filter: SearchFilter, limit: Int, weights: FieldWeights, snippets: Bool) throws
        -> [LexicalMatch]
    /// How many chunks passing `filter` match `query` (document frequency of a phrase).
    func matchCount(_ query: LexicalQuery, filter: SearchFilter) throws -> Int
    /// `matchCount` of each query, in order, read in one snapshot (the evidence gate's document frequencies).
    func matchCounts(_ queries: [LexicalQuery], filter: SearchFilter) throws -> [Int]
    /// The `limit` chunks most similar to `vector` among those passing `filter` whose text satisfies
    /// `constraints` (its quoted phrases present, excluded terms absent), with the filtered corpus's mean cosine.
    func vectorSearch(_ vector: [Float], filter: SearchFilter, constraints: LexicalQuery?, limit: Int, precision: VectorPrecision)
        throws -> VectorSearchResult
    /// Both legs at once and fused with `fusion` (each leg `fusion.candidateDepth` deep, at least `limit`):
    /// the ranked list of a hybrid query, best first, at most `limit` long. `vector` gives the query's
    /// embedding (nil: no vector leg); it is a function so that embedding the query overlaps the BM25 leg. The
    /// default runs `lexicalSearch` beside `vector` + `vectorSearch` and fuses them (`HybridFusion.fuse`); a
    /// store that can rank both in one round trip implements it itself.
    func hybridSearch(_ query: LexicalQuery, vector: @escaping @Sendable () throws -> [Float]?, filter: SearchFilter, limit: Int,
                      weights: FieldWeights, fusion: HybridFusion, precision: VectorPrecision) throws -> [HybridFusion.Fused]
    /// Turns ranked chunk ids into hits with text, provenance and a snippet (computed for `query`
    /// unless `knownSnippets` has one).
    func hits(for scored: [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)], query: LexicalQuery?,
              knownSnippets: [Int64: String]) throws -> [SearchHit]

    // MARK: Health

    /// Whether the store answers, and how its read store (a replica serving searches, if any) does. Never
    /// throws: a failure is reported in the value. The default reads the applied migrations and reports kind
    /// `other`; a store that knows its kind, or has more than one server, implements it itself.
    func health() -> StoreHealth
}

extension KnowledgeStore {
    public func documents() throws -> [DocumentRecord] { try documents(under: nil, accessGroups: nil) }
    public func documents(accessGroups: [String]?) throws -> [DocumentRecord] { try documents(under: nil, accessGroups: accessGroups) }
    public func document(path: String) throws -> DocumentRecord? { try document(path: path, accessGroups: nil) }
    public func document(id: Int64) throws -> DocumentRecord? { try document(id: id, accessGroups: nil) }
    public func chunkCount() throws -> Int { try chunkCount(accessGroups: nil) }
    public func matchCount(_ query: LexicalQuery) throws -> Int { try matchCount(query, filter: SearchFilter()) }

    /// One `matchCount` per query; a store that can count several in one round trip implements it itself.
    public func matchCounts(_ queries: [LexicalQuery], filter: SearchFilter) throws -> [Int] {
        try queries.map { try matchCount($0, filter: filter) }
    }

    public func lexicalSearch(
        _ query: LexicalQuery, filter: SearchFilter = SearchFilter(), limit: Int, weights: FieldWeights = .default
    ) throws -> [LexicalMatch] {
        try lexicalSearch(query, filter: filter, limit: limit, weights: weights, snippets: false)
    }
    public func vectorSearch(_ vector: [Float], filter: SearchFilter = SearchFilter(), limit: Int) throws -> VectorSearchResult {
        try vectorSearch(vector, filter: filter, constraints: nil, limit: limit, precision: .float32)
    }
    public func hits(for scored: [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)], query: LexicalQuery?) throws -> [SearchHit] {
        try hits(for: scored, query: query, knownSnippets: [:])
    }

    public func health() -> StoreHealth {
        do {
            _ = try appliedMigrations()
            return StoreHealth(kind: .other, location: location, answers: true)
        } catch {
            return StoreHealth(kind: .other, location: location, answers: false, error: "\(error)")
        }
    }
}
