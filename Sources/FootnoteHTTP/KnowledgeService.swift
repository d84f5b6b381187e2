import Foundation
import Footnote
import FootnoteCore
import Logging

/// What the HTTP routes call: every operation takes the calling `Principal` and applies its access
/// groups inside the engine (before top-k), so routes only translate requests and responses.
public final class KnowledgeService: Sendable {
    /// The writer and reader connections.
    public let pool: ConnectionPool
    /// Where uploads are stored (resolved, existing).
    public let uploadsDirectory: URL
    let metrics: ServiceMetrics
    /// Models for `ask`; none gives extractive answers.
    let askModels: AskModels
    let askLimiter: AskLimiter

    /// Wraps a pool; creates the uploads folder and takes back the files of an upload that a crash
    /// interrupted (see `UploadBatch.recover`). At most `concurrentAsks` answers are computed at once (default:
    /// `ServiceConfiguration.defaultConcurrentAsks`; `KnowledgeBase.ask` does its blocking reads off the concurrency pool).
    public init(pool: ConnectionPool, uploadsDirectory: URL, askModels: AskModels = .extractive,
                concurrentAsks: Int = ServiceConfiguration.defaultConcurrentAsks,
                metrics: ServiceMetrics = ServiceMetrics()) throws {
        try FileManager.default.createDirectory(at: uploadsDirectory, withIntermediateDirectories: true)
        self.pool = pool
        self.uploadsDirectory = uploadsDirectory.resolvingSymlinksInPath()
        UploadBatch.recover(uploads: self.uploadsDirectory, knowledgeBase: pool.writer)
        self.metrics = metrics
        self.askModels = askModels
        askLimiter = AskLimiter(limit: concurrentAsks)
    }

    /// Opens the index named by `configuration` (loading the model when configured) with `readers` reader connections.
    public static func open(_ configuration: FootnoteConfiguration, service: ServiceConfiguration, askModels: AskModels = .extractive)
        throws -> KnowledgeService {
        let writer = try KnowledgeBase.open(configuration)
        let pool = try ConnectionPool(writer: writer, readerCount: service.readers, readTimeout: service.requestTimeoutSeconds,
                                      writeTimeout: service.uploadTimeoutSeconds)
        return try KnowledgeService(pool: pool, uploadsDirectory: service.uploadsDirectory, askModels: askModels,
                                    concurrentAsks: service.concurrentAsks)
    }

    /// Ranked passages the caller may see; access groups, path and format filters apply before top-k.
    func search(_ request: SearchRequest, principal: Principal) async throws -> SearchResponse {
        var request = request
        request.filter.accessGroups = principal.groups
        let scoped = request
        return try await pool.read { knowledgeBase in
            let mode = try knowledgeBase.effectiveMode(scoped.mode)
            return SearchResponse(query: scoped.query, mode: mode.rawValue, hits: try knowledgeBase.search(scoped))
        }
    }

    /// The exact cited text with context, when the cited document is visible to the caller.
    func cite(_ id: String, contextLength: Int, principal: Principal) async throws -> CitationView {
        try await pool.read { try $0.cite(id, contextLength: contextLength, accessGroups: principal.groups) }
    }

    /// Documents visible to the caller, sorted by path, optionally under a folder, paged.
    func documents(under prefix: String?, limit: Int, offset: Int, principal: Principal) async throws -> DocumentListResponse {
        try await pool.read { knowledgeBase in
            let all = try knowledgeBase.documents(under: prefix, accessGroups: principal.groups)
            let page = all.dropFirst(offset).prefix(limit)
            return DocumentListResponse(documents: page.map(DocumentSummary.init), total: all.count)
        }
    }

    /// One visible document with its chunks; not found when the caller may not see it.
    func document(id: Int64, principal: Principal) async throws -> DocumentDetail {
        try await pool.read { knowledgeBase in
            guard let record = try knowledgeBase.document(id: id, accessGroups: principal.groups) else {
                throw ServiceError.notFound("No document with id \(id)")
            }
            let chunks = try knowledgeBase.chunks(documentID: id, accessGroups: principal.groups)
            return DocumentDetail(document: DocumentSummary(record),
                                  chunks: chunks.map { ChunkSummary($0, contentHash: record.contentHash) })
        }
    }

    /// Whole-index counts for the owner; counts over visible documents for everyone else.
    func statistics(principal: Principal) async throws -> StatsResponse {
        try await pool.read { try $0.statistics(accessGroups: principal.groups) }
    }

    /// Whether the index answers (it fails when it does not); the number of applied migrations; the store's
    /// kind, location and, with a read store, the replica's reachability and lag (`degraded` when it fails).
    func health() async throws -> HealthResponse {
        try await pool.read { knowledgeBase in
            let migrations = try knowledgeBase.appliedMigrationCount()
            let store = knowledgeBase.storeHealth()
            return HealthResponse(status: store.status == .degraded ? "degraded" : "ok", migrations: migrations,
                                  store: StoreHealthBody(store))
        }
    }

    /// Index gauges for /metrics: documents, chunks, file size.
    func indexGauges() async throws -> IndexStatistics {
        try await pool.read { try $0.statistics() }
    }
}
