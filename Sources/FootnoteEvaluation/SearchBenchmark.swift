import Foundation
import Footnote
import FootnoteCore
import KnowledgeStore

/// Timings of `footnote bench search`.
public struct SearchBenchmarkResult: Sendable, Codable {
    public var collection: String
    public var documents: Int
    public var chunks: Int
    public var indexingSeconds: Double
    public var queries: Int
    /// Ranking only (chunk ids by BM25), the same work as the reference's `SELECT id … LIMIT k`.
    public var rankP50Milliseconds: Double
    public var rankP95Milliseconds: Double
    /// The whole `footnote search` path: ranking plus hits with coordinates, snippets and citation ids.
    public var searchP50Milliseconds: Double
    public var searchP95Milliseconds: Double
}

/// Ingest throughput of `footnote bench ingest`.
public struct IngestBenchmarkResult: Sendable, Codable {
    public var files: Int
    public var megabytes: Double
    public var chunks: Int
    public var seconds: Double
    public var megabytesPerSecond: Double
    public var chunksPerSecond: Double
    public var failed: Int
}

extension Evaluator {
    /// Indexes `collection`, then times every query `repeat` times, fetching `k` results.
    public func benchmarkSearch(_ collection: BEIRCollection, k: Int = 100, repeat repetitions: Int = 3) throws -> SearchBenchmarkResult {
        let indexed = try index(collection)
        let knowledgeBase = indexed.knowledgeBase
        var rank: [Double] = []
        var full: [Double] = []
        // Ranking and full searches in separate passes: the ranking function keeps the last query's
        // statistics, and a full search right after the ranking of the same query would find them computed.
        for _ in 0..<max(1, repetitions) {
            for (_, text) in collection.queries {
                let started = Date()
                _ = try knowledgeBase.store.lexicalSearch(LexicalQuery(text), limit: k)
                rank.append(Date().timeIntervalSince(started) * 1000)
            }
            for (_, text) in collection.queries {
                let started = Date()
                _ = try knowledgeBase.search(SearchRequest(query: text, limit: k, mode: .lexical))
                full.append(Date().timeIntervalSince(started) * 1000)
            }
        }
        return SearchBenchmarkResult(
            collection: collection.name, documents: collection.documents.count, chunks: indexed.chunkCount,
            indexingSeconds: indexed.indexingSeconds, queries: rank.count,
            rankP50Milliseconds: RetrievalMetrics.percentile(rank, 0.5), rankP95Milliseconds: RetrievalMetrics.percentile(rank, 0.95),
            searchP50Milliseconds: RetrievalMetrics.percentile(full, 0.5), searchP95Milliseconds: RetrievalMetrics.percentile(full, 0.95))
    }

    /// Ingests `paths` into a fresh temporary index and reports throughput.
    public func benchmarkIngest(_ paths: [String]) throws -> IngestBenchmarkResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("footnote-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = configuration
        configuration.indexPath = directory.appendingPathComponent("bench.sqlite").path
        // Parsing, chunking and indexing only: embedding throughput is `footnote bench embed`'s job.
        configuration.embedWhileIngesting = false
        let report = try KnowledgeBase.open(configuration).add(paths)
        let megabytes = Double(report.bytesRead) / 1_000_000
        return IngestBenchmarkResult(
            files: report.added, megabytes: megabytes, chunks: report.chunksWritten, seconds: report.seconds,
            megabytesPerSecond: megabytes / max(report.seconds, 1e-9),
            chunksPerSecond: Double(report.chunksWritten) / max(report.seconds, 1e-9), failed: report.failed.count)
    }
}
