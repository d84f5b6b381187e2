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
        return try Self.fuseLegs(limit: limit, fusion: fusion, lexical: {
            try self.lexicalSearch(query, filter: filter, limit: depth, weights: weights, snippets: false)
        }, semantic: {
            guard let embedding = try vector() else { return VectorSearchResult(matches: [], background: 0) }
            return try self.vectorSearch(embedding, filter: filter, constraints: query, limit: depth, precision: precision)
        })
    }

    /// Runs the two legs side by side (two GCD threads) and fuses their lists with `fusion`, best first, at
    /// most `limit` long: the part of a hybrid search every store shares.
    public static func fuseLegs(
        limit: Int, fusion: HybridFusion, lexical: @escaping @Sendable () throws -> [LexicalMatch],
        semantic: @escaping @Sendable () throws -> VectorSearchResult
    ) throws -> [HybridFusion.Fused] {
        let semanticResult = ResultHandOff<VectorSearchResult>()
        let lexicalResult = ResultHandOff<[LexicalMatch]>()
        DispatchQueue.concurrentPerform(iterations: 2) { leg in
            if leg == 0 {
                semanticResult.set(Result { try semantic() })
            } else {
                lexicalResult.set(Result { try lexical() })
            }
        }
        let lexicalMatches = try lexicalResult.get()
        let semanticMatches = try semanticResult.get()
        let fused = fusion.fuse(
            lexical: lexicalMatches.map { ($0.chunkID, $0.score) },
            semantic: semanticMatches.matches.map { ($0.chunkID, $0.score) },
            semanticBackground: semanticMatches.background)
        return Array(fused.prefix(limit))
    }
}
