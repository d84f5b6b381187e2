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
}

extension Evaluator {
    /// Builds an index of `copies` copies of `collection` (each copy under its own path prefix; vectors
    /// are reused by content, so only the first copy is ever embedded) and times every query in hybrid mode.
    public func benchmarkHybrid(_ collection: BEIRCollection, copies: Int, repeat repetitions: Int = 1) throws -> HybridLatencyResult {
        let started = Date()
        let base = try index(collection, embed: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("footnote-bench-hybrid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = configuration
        configuration.indexPath = directory.appendingPathComponent("large.sqlite").path
        configuration.embedWhileIngesting = false
        try base.knowledgeBase.copyIndexFile(to: configuration.indexPath)
        let knowledgeBase = try KnowledgeBase.open(configuration)
        for copy in 1..<max(copies, 1) {
            for document in collection.documents {
                let body = document.text.isEmpty ? document.title : document.text
                let parsed = ParsedDocument(format: .text, title: document.title.isEmpty ? nil : document.title, text: body)
                let chunks = knowledgeBase.chunker.chunk(parsed)
                guard !chunks.isEmpty else { continue }
                try knowledgeBase.store.writeVersion(DocumentVersionInput(
                    path: "/copy\(copy)/\(collection.name)/\(document.id)", size: Int64(body.utf8.count), mtime: 0,
                    contentHash: SHA256.hex("\(copy)\u{0}\(document.id)\u{0}\(body)"), document: parsed, chunks: chunks))
            }
        }
        _ = try knowledgeBase.embedPending()
        let chunks = try knowledgeBase.store.statistics().chunks
        let buildSeconds = Date().timeIntervalSince(started)

        // Warm up: load the vector matrix and the encoder's first pass.
        _ = try knowledgeBase.search(SearchRequest(query: "warm up", limit: 10, mode: .hybrid))
        var hybrid: [Double] = []
        var embedding: [Double] = []
        var lexical: [Double] = []
        var scan: [Double] = []
        for _ in 0..<max(1, repetitions) {
            for (_, text) in collection.queries {
                var clock = Date()
                _ = try knowledgeBase.search(SearchRequest(query: text, limit: 10, mode: .hybrid))
                hybrid.append(Date().timeIntervalSince(clock) * 1000)
                clock = Date()
                let vector = try knowledgeBase.embedBlocking([text], role: .query).first ?? []
                embedding.append(Date().timeIntervalSince(clock) * 1000)
                clock = Date()
                _ = try knowledgeBase.store.vectorSearch(
                    vector, filter: SearchFilter(), constraints: nil, limit: configuration.fusion.candidateDepth, precision: configuration.vectorPrecision)
                scan.append(Date().timeIntervalSince(clock) * 1000)
                clock = Date()
                _ = try knowledgeBase.store.lexicalSearch(LexicalQuery(text), limit: configuration.fusion.candidateDepth)
                lexical.append(Date().timeIntervalSince(clock) * 1000)
            }
        }
        return HybridLatencyResult(
            collection: collection.name, copies: copies, vectorPrecision: configuration.vectorPrecision.rawValue, chunks: chunks, buildSeconds: buildSeconds, queries: hybrid.count,
            hybridP50Milliseconds: RetrievalMetrics.percentile(hybrid, 0.5),
            hybridP95Milliseconds: RetrievalMetrics.percentile(hybrid, 0.95),
            embedP50Milliseconds: RetrievalMetrics.percentile(embedding, 0.5),
            lexicalP50Milliseconds: RetrievalMetrics.percentile(lexical, 0.5),
            vectorScanP50Milliseconds: RetrievalMetrics.percentile(scan, 0.5),
            vectorBytes: knowledgeBase.store.residentVectorBytes(), residentSetBytes: Self.residentSetBytes())
    }

    /// VmRSS of this process from /proc (0 where unavailable).
    static func residentSetBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
