import Foundation
import FootnoteCore
import KnowledgeStore

/// The HNSW index over the stored vectors (pgvector), and the approximate search that reads it.
///
/// Small stores are scanned exactly: every allowed vector is scored in the server (`vectorSearch`). Above
/// `vectorIndexAbove` chunks with vectors, the nearest vectors come from the HNSW index instead, and the
/// corpus's mean cosine (the floor hybrid fusion scales the semantic leg from) from a fixed sample of
/// chunks. The size and the recall at the shipped setting are measured in the README ("Vectors on PostgreSQL").
extension PostgresStore {
    /// The store URL's parameter that sets `vectorIndexAbove` (`?vector_index_above=N`).
    public static let vectorIndexParameter = "vector_index_above"
    /// Chunks with vectors above which vector search reads the index: where the exact scan has become slower
    /// than the index read and the sampled mean together (measured: README, "Vectors on PostgreSQL").
    public static let defaultVectorIndexAbove = 20_000
    /// The index's name; it indexes `vector::vector(D)` (the column has no dimension of its own, the index
    /// needs one) with cosine distance, pgvector's defaults m = 16, ef_construction = 64.
    static let vectorIndexName = "embeddings_hnsw"
    /// Candidates the HNSW scan keeps (`hnsw.ef_search`): at least this many, and `searchBreadthFactor` times
    /// what is asked for (at ef_search = the depth asked for, 100, recall@100 was 0.967 on scifact).
    static let minimumSearchBreadth = 100
    static let searchBreadthFactor = 2
    /// Chunks the mean cosine is estimated from, on average, above `vectorIndexAbove`; a sample that keeps
    /// fewer than `minimumBackgroundSample` after the filter (a narrow filter) is replaced by the exact mean.
    static let backgroundSample = 4_000
    static let minimumBackgroundSample = 400

    /// Creates the HNSW index for vectors of `dimension`, if it does not exist (in the caller's transaction).
    static func createVectorIndex(dimension: Int, on connection: PostgresConnection) throws {
        try connection.execute("""
            CREATE INDEX IF NOT EXISTS \(vectorIndexName) ON embeddings USING hnsw ((vector::vector(\(dimension))) vector_cosine_ops)
            """)
    }

    /// Whether this search reads the index: no lexical restriction (a restricted search scores its few allowed
    /// chunks exactly), more than `vectorIndexAbove` chunks (the planner's estimate, 0 until the table is first
    /// analysed; a threshold of 0 means always), and the index exists.
    func usesVectorIndex(restricted: Bool, on connection: PostgresConnection) throws -> (uses: Bool, chunks: Double) {
        guard !restricted else { return (false, 0) }
        let row = try connection.query("""
            SELECT greatest(coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass('chunks')), 0), 0)::float8,
                   to_regclass('\(Self.vectorIndexName)') IS NOT NULL
            """).first
        let chunks = try row?.double(0) ?? 0
        let indexed = try row?.bool(1) ?? false
        return (indexed && (vectorIndexAbove == 0 || chunks > Double(vectorIndexAbove)), chunks)
    }

    /// The `limit` nearest allowed chunks by the HNSW index: the nearest distinct vectors first, then their
    /// chunks that pass `filter`. When the filter leaves fewer than `limit`, the index is read four times
    /// deeper, until it has given every vector (then the result is what there is).
    func approximateMatches(
        _ literal: String, dimension: Int, filter: SearchFilter, limit: Int, on connection: PostgresConnection
    ) throws -> [SemanticMatch] {
        guard limit > 0 else { return [] }
        var depth = max(limit * Self.searchBreadthFactor, Self.minimumSearchBreadth)
        try connection.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
        while true {
            _ = try connection.query("SELECT set_config('hnsw.ef_search', $1, true)", [.text(String(min(depth, 1_000)))])
            var values: [PostgresValue] = [.text(literal), .int(Int64(depth)), .int(Int64(limit))]
            let filterSQL = Self.filterClause(filter, startingAt: values.count + 1)
            values += filterSQL.values
            let rows = try connection.query("""
                WITH nearest AS MATERIALIZED (
                    SELECT e.input_hash, e.vector::vector(\(dimension)) <=> $1::vector(\(dimension)) AS distance
                    FROM embeddings e ORDER BY 2 LIMIT $2
                )
                SELECT c.id, coalesce(nullif(1 - n.distance, 'NaN'::float8), 0) AS score, (SELECT count(*) FROM nearest)
                FROM nearest n JOIN chunks c ON c.embed_hash = n.input_hash JOIN documents d ON d.id = c.document_id
                WHERE true\(filterSQL.sql)
                ORDER BY score DESC, c.id LIMIT $3
                """, values)
            let found = try rows.first?.int(2) ?? 0
            if rows.count >= limit || found < depth {
                return try rows.map { SemanticMatch(chunkID: try $0.int64(0), score: try $0.double(1)) }
            }
            depth *= 4
        }
    }

    /// The mean cosine to `literal` over the chunks passing `filter`, estimated from a fixed sample of about
    /// `backgroundSample` chunks (the same pages each time, so one query scores the same twice); the exact mean
    /// when the filter keeps too few of the sample.
    func sampledBackground(
        _ literal: String, filter: SearchFilter, chunks: Double, on connection: PostgresConnection
    ) throws -> Double {
        let percent = min(100, 100 * Double(Self.backgroundSample) / max(chunks, 1))
        var values: [PostgresValue] = [.text(literal)]
        let filterSQL = Self.filterClause(filter, startingAt: values.count + 1)
        values += filterSQL.values
        func mean(_ sample: String) throws -> (mean: Double, count: Int) {
            let row = try connection.query("""
                SELECT coalesce(avg(coalesce(nullif(1 - (e.vector <=> $1::vector), 'NaN'::float8), 0)), 0), count(*)
                FROM chunks c \(sample) JOIN documents d ON d.id = c.document_id JOIN embeddings e ON e.input_hash = c.embed_hash
                WHERE true\(filterSQL.sql)
                """, values).first
            return (try row?.double(0) ?? 0, try row?.int(1) ?? 0)
        }
        let sampled = try mean(String(format: "TABLESAMPLE SYSTEM (%.6f) REPEATABLE (1)", percent))
        if sampled.count >= Self.minimumBackgroundSample { return sampled.mean }
        return try mean("").mean
    }
}
