import Foundation
import FootnoteCore
import KnowledgeStore

extension PostgresStore {
    /// The `limit` chunks most similar to `vector` among those passing `filter` (and `constraints`' phrases
    /// and exclusions), by cosine, ties by ascending chunk id; with the mean cosine over every such chunk.
    ///
    /// Up to `vectorIndexAbove` chunks, an exact scan in the server: one statement computes
    /// `1 - (vector <=> query)` for each allowed chunk with a vector, its mean and its top-k, so the background
    /// and the matches come from one snapshot. Above it, the HNSW index (PostgresStore+VectorIndex.swift).
    /// `precision` is ignored: the scan runs in float32 in PostgreSQL, where an int8 pass would save no
    /// transfer or memory (the SQLite store quantises to shrink its in-process matrix); results are exactly
    /// the float32 ones, which the int8 path also promises after rescoring.
    public func vectorSearch(
        _ vector: [Float], filter: SearchFilter, constraints: LexicalQuery?, limit: Int, precision: VectorPrecision
    ) throws -> VectorSearchResult {
        // The search path: on the read store when there is one (PostgresStore+Replica.swift).
        try withReadConnection { connection in
            try connection.transaction(readOnlySnapshot: true) {
                guard let dimension = try Self.embedder(on: connection)?.dimension else {
                    return VectorSearchResult(matches: [], background: 0)
                }
                guard dimension == vector.count else {
                    throw PostgresError.embedderMismatch(
                        indexed: "vectors of dimension \(dimension)", requested: "a query vector of dimension \(vector.count)")
                }
                let literal = Self.vectorLiteral(vector)
                var values: [PostgresValue] = [.text(literal), .int(Int64(max(0, limit)))]
                let filterSQL = Self.filterClause(filter, startingAt: values.count + 1)
                values += filterSQL.values
                var restriction = ""
                var allowed: Set<Int64>?
                if let constraints, constraints.hasConstraints {
                    allowed = try constrainedChunkIDs(constraints, filter: filter, on: connection)
                }
                let plan = try usesVectorIndex(restricted: allowed != nil, on: connection)
                if plan.uses {
                    // A large store: the nearest from the HNSW index, the mean from a sample (PostgresStore+VectorIndex).
                    let matches = try approximateMatches(literal, dimension: dimension, filter: filter, limit: limit, on: connection)
                    let background = try sampledBackground(literal, filter: filter, chunks: plan.chunks, on: connection)
                    return VectorSearchResult(matches: matches, background: background)
                }
                if let allowed {
                    restriction = " AND c.id = ANY($\(values.count + 1)::bigint[])"
                    values.append(.intArray(allowed.sorted()))
                }
                // A zero vector has no cosine (pgvector returns NaN): it scores 0, as a dot product would.
                let rows = try connection.query("""
                    WITH scored AS MATERIALIZED (
                        SELECT c.id, coalesce(nullif(1 - (e.vector <=> $1::vector), 'NaN'::float8), 0) AS score
                        FROM chunks c JOIN documents d ON d.id = c.document_id JOIN embeddings e ON e.input_hash = c.embed_hash
                        WHERE true\(filterSQL.sql)\(restriction)
                    )
                    SELECT top.id, top.score, background.mean
                    FROM (SELECT coalesce(avg(score), 0) AS mean FROM scored) background
                    LEFT JOIN LATERAL (SELECT id, score FROM scored ORDER BY score DESC, id LIMIT $2) top ON true
                    ORDER BY top.score DESC, top.id
                    """, values)
                let background = try rows.first?.double(2) ?? 0
                let matches = try rows.filter { !$0.isNull(0) }.map { SemanticMatch(chunkID: try $0.int64(0), score: try $0.double(1)) }
                return VectorSearchResult(matches: matches, background: background)
            }
        }
    }

    /// Turns ranked chunk ids into hits with text, provenance and a snippet, in the given order. The snippet
    /// is `knownSnippets`', else the window around `query`'s terms, else the passage's first ~40 words.
    public func hits(
        for scored: [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)], query: LexicalQuery?,
        knownSnippets: [Int64: String]
    ) throws -> [SearchHit] {
        guard !scored.isEmpty else { return [] }
        let rows = try withReadConnection { connection in
            try connection.query("""
                SELECT c.id, c.document_id, d.path, d.format, d.title, c.page_start, c.page_end, c.heading_path,
                       c.line_start, c.line_end, c.start_offset, c.end_offset, c.text, v.content_hash
                FROM chunks c JOIN documents d ON d.id = c.document_id JOIN document_versions v ON v.id = c.version_id
                WHERE c.id = ANY($1::bigint[])
                """, [.intArray(scored.map(\.chunkID))])
        }
        let hits = try rows.map { row -> SearchHit in
            let start = try row.int(10)
            let end = try row.int(11)
            return SearchHit(
                chunkID: try row.int64(0), documentID: try row.int64(1), path: try row.text(2),
                format: DocumentFormat(rawValue: try row.text(3)) ?? .text, title: row.optionalText(4),
                page: try row.optionalInt(5), pageEnd: try row.optionalInt(6),
                headingPath: Self.decodeHeadingPath(try row.text(7)),
                lineStart: try row.optionalInt(8), lineEnd: try row.optionalInt(9),
                start: start, end: end, text: try row.text(12), snippet: "", score: 0,
                citation: CitationID(versionHash: try row.text(13), start: start, end: end).description)
        }
        let byID = Dictionary(hits.map { ($0.chunkID, $0) }, uniquingKeysWith: { first, _ in first })
        let phrases = try query?.matchExpression.flatMap(MatchExpression.init).map(Self.analyze)
        return scored.compactMap { item in
            guard var hit = byID[item.chunkID] else { return nil }
            hit.score = item.score
            hit.explanation = item.explanation
            hit.snippet = knownSnippets[item.chunkID]
                ?? phrases.flatMap { Self.snippet(hit.text, phrases: $0) } ?? Self.leadingSnippet(hit.text)
            return hit
        }
    }

    /// The first ~40 words of a passage, for hits without a lexical snippet.
    static func leadingSnippet(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.prefix(40).joined(separator: " ") + (words.count > 40 ? " …" : "")
    }
}
