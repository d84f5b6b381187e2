import Foundation
import FootnoteCore
import FootnotePostgres
import KnowledgeStore

/// What `KnowledgeBase.migrate` moved, and how long it took.
public struct MigrationSummary: Sendable, Hashable, Codable {
    /// The source and destination stores, for messages (URLs without their password).
    public var source: String
    public var destination: String
    public var documents = 0
    /// Every version written: current ones, older ones and those of removed documents.
    public var versions = 0
    /// Current chunks written.
    public var chunks = 0
    /// Distinct vectors written (chunks with the same embedder input share one).
    public var vectors = 0
    public var settings = 0
    public var roots = 0
    public var seconds: Double = 0

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }
}

extension KnowledgeBase {
    /// Documents read, vectors fetched and written per round (a round's documents are imported one by one).
    static let migrationBatchSize = 32
    /// Versions read per page of a document's history, or of removed documents' versions.
    static let migrationVersionPage = 64

    /// Moves a whole knowledge base from the store `source` names to the empty store `destination` names,
    /// without parsing or embedding anything: every document with all its versions, current chunks with their
    /// exact spans and vector links, access groups, roots, settings (the fitted gate), the embedder and its
    /// vectors. Afterwards the destination lists the same documents and gives the same passages, scores and
    /// citation ids. Documents are written in the order of their chunks in the source, so ties between equal
    /// scores break the same way. `progress(done, total)` is called every `progressEvery` documents and at the end.
    ///
    /// Writers should be stopped meanwhile. Each document is written atomically, but a failure midway leaves
    /// the destination partly filled: the error says so, and how to drop it.
    public static func migrate(
        from source: FootnoteConfiguration, to destination: FootnoteConfiguration, progressEvery: Int = 100,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> MigrationSummary {
        let started = Date()
        var readOnly = source
        readOnly.createsIndex = false
        do {
            try requireIndexIfNeeded(readOnly)
        } catch FootnoteError.indexNotFound(let path, _) {
            throw FootnoteError.indexNotFound(path: path, command: "migrate from '\(path)'")
        }
        let from = try openStore(readOnly)
        let to = try openStore(destination)
        guard Self.identity(of: from) != Self.identity(of: to) else {
            throw FootnoteError.unsupported(operation: "migrate '\(from.location)' into itself", reason: "--from and --to name the same store")
        }
        // A mistyped schema opens as a new, empty store: moving nothing would look like success.
        let sourceStatistics = try from.statistics()
        guard sourceStatistics.documents > 0 || sourceStatistics.versions > 0 else {
            throw FootnoteError.unsupported(operation: "migrate from '\(from.location)'",
                                            reason: "it holds no documents (is the file, URL or schema right?)")
        }
        try requireEmpty(to)
        var migration = StoreMigration(from: from, to: to, summary: MigrationSummary(source: from.location, destination: to.location))
        do {
            try migration.run(progressEvery: max(1, progressEvery), progress: progress)
        } catch {
            throw FootnoteError.unsupported(
                operation: "migrate '\(from.location)' to '\(to.location)'",
                reason: "\(error). Stopped after \(migration.summary.documents) of \(migration.total) documents; '\(to.location)' "
                    + "now holds part of the knowledge base: \(dropAdvice(to)), then run migrate again")
        }
        migration.summary.seconds = Date().timeIntervalSince(started)
        return migration.summary
    }

    /// A store's identity for the same-store check: a file's resolved path, or the location (URL and schema).
    private static func identity(of store: any KnowledgeStore) -> String {
        guard store is PostgresStore else { return URL(fileURLWithPath: store.location).standardizedFileURL.resolvingSymlinksInPath().path }
        return store.location
    }

    /// Refuses a destination that holds any document or version: a migration never merges two knowledge bases.
    private static func requireEmpty(_ store: any KnowledgeStore) throws {
        let statistics = try store.statistics()
        guard statistics.documents == 0, statistics.versions == 0 else {
            throw FootnoteError.unsupported(
                operation: "migrate into '\(store.location)'",
                reason: "it is not empty (\(statistics.documents) documents, \(statistics.versions) versions); "
                    + "migrate writes only into an empty store: name a new one, or \(dropAdvice(store)) first")
        }
    }

    /// How to empty a destination: delete the file, or drop the schema.
    private static func dropAdvice(_ store: any KnowledgeStore) -> String {
        guard let postgres = store as? PostgresStore else { return "delete the file '\(store.location)'" }
        guard let schema = postgres.schema else { return "drop its tables (or migrate into a new ?schema=NAME)" }
        return "drop it with DROP SCHEMA \"\(schema)\" CASCADE"
    }
}

/// One migration's state: what was read from `from`, written to `to`, and counted so far.
struct StoreMigration {
    let from: any KnowledgeStore
    let to: any KnowledgeStore
    var summary: MigrationSummary
    /// Documents in the source (known once the listing was read).
    var total = 0
    /// Input hashes whose vector the destination already has.
    private var movedVectors = Set<String>()

    init(from: any KnowledgeStore, to: any KnowledgeStore, summary: MigrationSummary) {
        self.from = from
        self.to = to
        self.summary = summary
    }

    mutating func run(progressEvery: Int, progress: (@Sendable (Int, Int) -> Void)?) throws {
        // The embedder first: the destination checks every vector against its dimension.
        if let embedder = try from.embedder() { try to.claimEmbedder(embedder) }
        for (key, value) in try from.settings().sorted(by: { $0.key < $1.key }) {
            try to.setSetting(key, value)
            summary.settings += 1
        }
        for root in try from.roots() {
            try to.addRoot(root)
            summary.roots += 1
        }
        let documents = try orderedDocuments()
        total = documents.count
        for start in stride(from: 0, to: documents.count, by: KnowledgeBase.migrationBatchSize) {
            let batch = documents[start..<min(start + KnowledgeBase.migrationBatchSize, documents.count)]
            for document in try importsWithVectors(Array(batch)) {
                try to.importDocument(document)
                summary.documents += 1
                summary.versions += document.versions.count
                summary.chunks += document.chunks.count
                if summary.documents % progressEvery == 0 { progress?(summary.documents, total) }
            }
        }
        try moveDetachedVersions()
        if summary.documents % progressEvery != 0 { progress?(summary.documents, total) }
        try verifyCounts()
    }

    /// The source's documents in the order of their first chunk: chunk ids then keep their relative order
    /// in the destination, and equal scores (ranked by ascending chunk id) break ties the same way.
    private func orderedDocuments() throws -> [DocumentRecord] {
        var firstChunk: [String: Int64] = [:]
        for (chunkID, path) in try from.chunkDocumentPaths() { firstChunk[path] = min(firstChunk[path] ?? .max, chunkID) }
        return try from.documents().sorted { (firstChunk[$0.path] ?? .max, $0.path) < (firstChunk[$1.path] ?? .max, $1.path) }
    }

    /// The batch's documents as imports, after their not yet moved vectors were written to the destination
    /// (so that no imported chunk links to a vector that is not there). A link whose vector the source lacks
    /// is dropped: that chunk becomes pending instead of pointing nowhere.
    private mutating func importsWithVectors(_ documents: [DocumentRecord]) throws -> [DocumentImport] {
        var imports = try documents.map(documentImport)
        let wanted = Array(Set(imports.flatMap { $0.chunks.compactMap(\.embedHash) }).subtracting(movedVectors)).sorted()
        let vectors = try from.vectors(inputHashes: wanted)
        if !vectors.isEmpty {
            try to.storeVectors(vectors.sorted { $0.key < $1.key }.map { (inputHash: $0.key, vector: $0.value) }, links: [])
            movedVectors.formUnion(vectors.keys)
            summary.vectors += vectors.count
        }
        for index in imports.indices {
            for chunk in imports[index].chunks.indices {
                if let hash = imports[index].chunks[chunk].embedHash, !movedVectors.contains(hash) {
                    imports[index].chunks[chunk].embedHash = nil
                }
            }
        }
        return imports
    }

    /// One source document with its whole history (current version last) and its current chunks.
    private func documentImport(_ document: DocumentRecord) throws -> DocumentImport {
        var versions: [VersionRecord] = []
        var after: Int64 = 0
        while true {
            let page = try from.versions(documentID: document.id, afterID: after, limit: KnowledgeBase.migrationVersionPage)
            versions += page
            guard let last = page.last, page.count == KnowledgeBase.migrationVersionPage else { break }
            after = last.id
        }
        guard let current = versions.first(where: { $0.id == document.versionID }) else {
            throw FootnoteError.unsupported(operation: "read '\(document.path)' from '\(from.location)'",
                                            reason: "its current version \(document.versionID) is missing")
        }
        let hashes = try from.embedHashes(documentID: document.id)
        let chunks = try from.chunks(documentID: document.id).map { chunk in
            ImportedChunk(draft: ChunkDraft(ordinal: chunk.ordinal, span: chunk.span, text: chunk.text, tokenCount: chunk.tokenCount),
                          embedHash: hashes[chunk.id])
        }
        return DocumentImport(
            path: document.path, size: document.size, mtime: document.mtime, accessGroups: document.accessGroups,
            versions: versions.filter { $0.id != current.id } + [current], chunks: chunks)
    }

    /// Versions of removed documents, a page at a time.
    private mutating func moveDetachedVersions() throws {
        var after: Int64 = 0
        while true {
            let page = try from.versions(documentID: nil, afterID: after, limit: KnowledgeBase.migrationVersionPage)
            try to.importDetachedVersions(page)
            summary.versions += page.count
            guard let last = page.last, page.count == KnowledgeBase.migrationVersionPage else { break }
            after = last.id
        }
    }

    /// The destination counts what the source counts (a writer on the source meanwhile would show here).
    private func verifyCounts() throws {
        let source = try from.statistics()
        let destination = try to.statistics()
        let pairs = [("documents", source.documents, destination.documents), ("versions", source.versions, destination.versions),
                     ("chunks", source.chunks, destination.chunks)]
        if let (name, expected, found) = pairs.first(where: { $0.1 != $0.2 }) {
            throw FootnoteError.unsupported(
                operation: "verify the copy in '\(to.location)'",
                reason: "it holds \(found) \(name), the source \(expected) (was the source written to meanwhile?)")
        }
    }
}

extension KnowledgeBase {
    /// Drops the PostgreSQL schema this knowledge base lives in, with everything in it (throwaway stores of
    /// benchmarks). Refused for a SQLite file, and for a PostgreSQL store without a schema of its own.
    public func dropStoreSchema() throws {
        guard let postgres = store as? PostgresStore else {
            throw FootnoteError.unsupported(operation: "drop the store at \(store.location)", reason: "it is not a PostgreSQL schema")
        }
        try postgres.dropSchema()
    }
}
