import Foundation
import Footnote
import FootnoteCore
import KnowledgeStore

/// The HNSW index against the exact scan on one PostgreSQL store (`footnote bench hybrid --store postgres://…`):
/// how many of the exact scan's nearest chunks the index finds, and what each costs.
public struct VectorIndexComparison: Sendable, Codable {
    /// Chunks asked for per query (the hybrid candidate depth).
    public var depth: Int
    public var queries: Int
    /// Mean share of the exact top 10 (top `depth`) that the index returns among its own top 10 (top `depth`).
    public var recallAt10: Double
    public var recallAtDepth: Double
    /// Mean absolute difference between the exact and the sampled mean cosine (the fusion's floor).
    public var backgroundError: Double
    /// Vector search alone (query vector given): exact scan and index read with the sampled mean.
    public var exactP50Milliseconds: Double
    public var exactP95Milliseconds: Double
    public var indexP50Milliseconds: Double
    public var indexP95Milliseconds: Double
}

extension Evaluator {
    /// Runs every query vector through `configuration`'s PostgreSQL store twice, once forced to the exact scan
    /// and once forced to the HNSW index (the URL's `vector_index_above`), at the hybrid candidate depth.
    func compareVectorIndex(_ configuration: FootnoteConfiguration, queryVectors: [[Float]]) throws -> VectorIndexComparison {
        func opened(indexAbove: Int) throws -> KnowledgeBase {
            var forced = configuration
            forced.storeURL = configuration.storeURL.map { $0 + ($0.contains("?") ? "&" : "?") + "vector_index_above=\(indexAbove)" }
            return try KnowledgeBase.open(forced)
        }
        let exact = try opened(indexAbove: Int.max)
        let indexed = try opened(indexAbove: 0)
        let depth = configuration.fusion.candidateDepth
        var recall10: [Double] = [], recallDepth: [Double] = [], backgroundError: [Double] = []
        var exactTimes: [Double] = [], indexTimes: [Double] = []
        for vector in queryVectors {
            var clock = Date()
            let truth = try exact.store.vectorSearch(vector, filter: SearchFilter(), constraints: nil, limit: depth, precision: .float32)
            exactTimes.append(Date().timeIntervalSince(clock) * 1000)
            clock = Date()
            let found = try indexed.store.vectorSearch(vector, filter: SearchFilter(), constraints: nil, limit: depth, precision: .float32)
            indexTimes.append(Date().timeIntervalSince(clock) * 1000)
            func recall(_ k: Int) -> Double {
                let expected = Set(truth.matches.prefix(k).map(\.chunkID))
                guard !expected.isEmpty else { return 1 }
                return Double(expected.intersection(found.matches.prefix(k).map(\.chunkID)).count) / Double(expected.count)
            }
            recall10.append(recall(10))
            recallDepth.append(recall(depth))
            backgroundError.append(abs(truth.background - found.background))
        }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        return VectorIndexComparison(
            depth: depth, queries: queryVectors.count, recallAt10: mean(recall10), recallAtDepth: mean(recallDepth),
            backgroundError: mean(backgroundError),
            exactP50Milliseconds: RetrievalMetrics.percentile(exactTimes, 0.5), exactP95Milliseconds: RetrievalMetrics.percentile(exactTimes, 0.95),
            indexP50Milliseconds: RetrievalMetrics.percentile(indexTimes, 0.5), indexP95Milliseconds: RetrievalMetrics.percentile(indexTimes, 0.95))
    }
}
