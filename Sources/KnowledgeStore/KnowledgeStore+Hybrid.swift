import Foundation
import FootnoteCore

extension KnowledgeStore {
    /// The default hybrid search: BM25 on one GCD thread, the query embedding then the vector scan on another
    /// (never the concurrency pool), each leg `max(fusion.candidateDepth, limit)` deep, then fused.
    public func hybridSearch(
        _ query: LexicalQuery, vector: @escaping @Sendable () throws -> [Float]?, filter: SearchFilter, limit: Int,
        weights: FieldWeights, fusion: HybridFusion, precision: VectorPrecision
    ) throws -> [HybridFusion.Fused] {
        let depth = max(fusion.candidateDepth, limit)
        let semantic = ResultHandOff<VectorSearchResult>()
        let lexical = ResultHandOff<[LexicalMatch]>()
        DispatchQueue.concurrentPerform(iterations: 2) { leg in
            if leg == 0 {
                semantic.set(Result {
                    guard let embedding = try vector() else { return VectorSearchResult(matches: [], background: 0) }
                    return try self.vectorSearch(embedding, filter: filter, constraints: query, limit: depth, precision: precision)
                })
            } else {
                lexical.set(Result {
                    try self.lexicalSearch(query, filter: filter, limit: depth, weights: weights, snippets: false)
                })
            }
        }
        let lexicalMatches = try lexical.get()
        let semanticResult = try semantic.get()
        let fused = fusion.fuse(
            lexical: lexicalMatches.map { ($0.chunkID, $0.score) },
            semantic: semanticResult.matches.map { ($0.chunkID, $0.score) },
            semanticBackground: semanticResult.background)
        return Array(fused.prefix(limit))
    }
}
