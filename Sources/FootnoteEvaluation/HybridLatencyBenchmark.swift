import Foundation
import Footnote
import FootnoteCore
import KnowledgeStore

/// Query latency of hybrid search on a large index (`footnote bench hybrid`).
public struct HybridLatencyResult: Sendable, Codable {
    public var collection: String
    public var copies: Int
    /// Precision of the vector scan (float32, or int8 with float32 rescoring).
    public var vectorPrecision: String = "float32"
    public var chunks: Int
    public var buildSeconds: Double
    public var queries: Int
    /// Hybrid search end to end: query embedding, BM25, vector scan, fusion, hits with snippets.
    public var hybridP50Milliseconds: Double
    public var hybridP95Milliseconds: Double
    /// Query embedding alone.
    public var embedP50Milliseconds: Double
    /// BM25 ranking alone (ids only).
    public var lexicalP50Milliseconds: Double
    /// The exact vector scan alone (query vector given).
    public var vectorScanP50Milliseconds: Double
    /// Memory of the in-memory vector matrix, and of the whole process after the run.
    public var vectorBytes: Int
    public var residentSetBytes: Int
    /// The store the index lives in ("sqlite" or "postgres").
    public var store: String = "sqlite"
    /// Starting the large index from the embedded first copy: a file copy (SQLite) or `migrate` (PostgreSQL).
    public var seedSeconds: Double = 0
    /// Writing copies 2…N: chunks written (parsed text through the chunker, no embedding) and the time it took.
    public var chunksWritten: Int = 0
    public var writeSeconds: Double = 0
    /// Linking the written chunks to the first copy's vectors (`embedPending`: nothing is embedded again).
    public var linkSeconds: Double = 0
    /// On PostgreSQL: the HNSW index against the exact scan on this index (nil on SQLite).
    public var vectorIndex: VectorIndexComparison?
}

extension Evaluator {
    /// Builds an index of `copies` copies of `collection` (each copy under its own path prefix; vectors
    /// are reused by content, so only the first copy is ever embedded) and times every query in hybrid mode.
    public func benchmarkHybrid(_ collection: BEIRCollection, copies: Int, repeat repetitions: Int = 1) throws -> HybridLatencyResult {
        let started = Date()
        let base = try index(collection, embed: true)
        let seeding = Date()
        let (knowledgeBase, dropStore) = try seedLargeIndex(from: base.knowledgeBase)
        defer { dropStore() }
        let seedSeconds = Date().timeIntervalSince(seeding)
        var chunksWritten = 0
        let writing = Date()
        for copy in 1..<max(copies, 1) {
            for document in collection.documents {
                let body = document.text.isEmpty ? document.title : document.text
                let parsed = ParsedDocument(format: .text, title: document.title.isEmpty ? nil : document.title, text: body)
                let chunks = knowledgeBase.chunker.chunk(parsed)
                guard !chunks.isEmpty else { continue }
                try knowledgeBase.store.writeVersion(DocumentVersionInput(
                    path: "/copy\(copy)/\(collection.name)/\(document.id)", size: Int64(body.utf8.count), mtime: 0,
                    contentHash: SHA256.hex("\(copy)\u{0}\(document.id)\u{0}\(body)"), document: parsed, chunks: chunks))
                chunksWritten += chunks.count
            }
        }
        let writeSeconds = Date().timeIntervalSince(writing)
        let linking = Date()
        _ = try knowledgeBase.embedPending()
        let linkSeconds = Date().timeIntervalSince(linking)
        let chunks = try knowledgeBase.store.statistics().chunks
        let buildSeconds = Date().timeIntervalSince(started)

        // Warm up: load the vector matrix and the encoder's first pass.
        _ = try knowledgeBase.search(SearchRequest(query: "warm up", limit: 10, mode: .hybrid))
        var hybrid: [Double] = []
        var embedding: [Double] = []
        var lexical: [Double] = []
        var scan: [Double] = []
        var queryVectors: [[Float]] = []
        for _ in 0..<max(1, repetitions) {
            for (_, text) in collection.queries {
                var clock = Date()
                _ = try knowledgeBase.search(SearchRequest(query: text, limit: 10, mode: .hybrid))
                hybrid.append(Date().timeIntervalSince(clock) * 1000)
                clock = Date()
                let vector = try knowledgeBase.embedBlocking([text], role: .query).first ?? []
                embedding.append(Date().timeIntervalSince(clock) * 1000)
                queryVectors.append(vector)
                clock = Date()
                _ = try knowledgeBase.store.vectorSearch(
                    vector, filter: SearchFilter(), constraints: nil, limit: configuration.fusion.candidateDepth, precision: configuration.vectorPrecision)
                scan.append(Date().timeIntervalSince(clock) * 1000)
                clock = Date()
                _ = try knowledgeBase.store.lexicalSearch(LexicalQuery(text), limit: configuration.fusion.candidateDepth)
                lexical.append(Date().timeIntervalSince(clock) * 1000)
            }
        }
        let vectorIndex = try configuration.storeURL == nil ? nil
            : compareVectorIndex(knowledgeBase.configuration, queryVectors: Array(queryVectors.prefix(collection.queries.count)))
        return HybridLatencyResult(
            collection: collection.name, copies: copies, vectorPrecision: configuration.vectorPrecision.rawValue, chunks: chunks, buildSeconds: buildSeconds, queries: hybrid.count,
            hybridP50Milliseconds: RetrievalMetrics.percentile(hybrid, 0.5),
            hybridP95Milliseconds: RetrievalMetrics.percentile(hybrid, 0.95),
            embedP50Milliseconds: RetrievalMetrics.percentile(embedding, 0.5),
            lexicalP50Milliseconds: RetrievalMetrics.percentile(lexical, 0.5),
            vectorScanP50Milliseconds: RetrievalMetrics.percentile(scan, 0.5),
            vectorBytes: knowledgeBase.store.residentVectorBytes(), residentSetBytes: Self.residentSetBytes(),
            store: configuration.storeURL == nil ? "sqlite" : "postgres", seedSeconds: seedSeconds,
            chunksWritten: chunksWritten, writeSeconds: writeSeconds, linkSeconds: linkSeconds, vectorIndex: vectorIndex)
    }

    /// A writable knowledge base holding `base`'s collection, embedded, for the copies to be added to: a copy
    /// of the index file in a temporary folder, or (with a PostgreSQL store) a fresh schema filled by `migrate`.
    /// The second value removes it.
    func seedLargeIndex(from base: KnowledgeBase) throws -> (KnowledgeBase, drop: () -> Void) {
        var configuration = configuration
        configuration.embedWhileIngesting = false
        if configuration.storeURL != nil {
            configuration.storeSchema = "footnote_bench_hybrid_" + UUID().uuidString.prefix(8).lowercased()
            _ = try KnowledgeBase.migrate(from: base.configuration, to: configuration)
            let knowledgeBase = try KnowledgeBase.open(configuration)
            return (knowledgeBase, { try? knowledgeBase.dropStoreSchema() })
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("footnote-bench-hybrid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configuration.indexPath = directory.appendingPathComponent("large.sqlite").path
        try base.copyIndexFile(to: configuration.indexPath)
        return (try KnowledgeBase.open(configuration), { try? FileManager.default.removeItem(at: directory) })
    }

    /// VmRSS of this process from /proc (0 where unavailable).
    static func residentSetBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
