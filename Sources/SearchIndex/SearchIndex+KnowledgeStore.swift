import FootnoteCore
import KnowledgeStore
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
}
