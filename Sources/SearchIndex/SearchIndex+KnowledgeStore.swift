import FootnoteCore
import KnowledgeStore

/// The SQLite index is the embedded `KnowledgeStore`.
extension SearchIndex: KnowledgeStore {
    public var location: String { path }

    public func vectorSearch(
        _ vector: [Float], filter: SearchFilter, constraints: LexicalQuery?, limit: Int, precision: VectorPrecision
    ) throws -> VectorSearchResult {
        let prepared = try prepareVectorScan(filter: filter, constraints: constraints, precision: precision)
        let scan = try semanticScan(vector, prepared: prepared, limit: limit)
        return VectorSearchResult(matches: scan.matches, background: scan.background)
    }

    /// The protocol's hybrid search, with the vector matrix and the filter's rows read *before* the legs start:
    /// the float32 scan then needs no connection, so it runs while BM25 holds it instead of waiting for it.
    public func hybridSearch(
        _ query: LexicalQuery, vector: @escaping @Sendable () throws -> [Float]?, filter: SearchFilter, limit: Int,
        weights: FieldWeights, fusion: HybridFusion, precision: VectorPrecision
    ) throws -> [HybridFusion.Fused] {
        let depth = max(fusion.candidateDepth, limit)
        let prepared = try prepareVectorScan(filter: filter, constraints: query, precision: precision)
        return try Self.fuseLegs(limit: limit, fusion: fusion, lexical: {
            try self.lexicalSearch(query, filter: filter, limit: depth, weights: weights, snippets: false)
        }, semantic: {
            guard let embedding = try vector() else { return VectorSearchResult(matches: [], background: 0) }
            let scan = try self.semanticScan(embedding, prepared: prepared, limit: depth)
            return VectorSearchResult(matches: scan.matches, background: scan.background)
        })
    }
}
