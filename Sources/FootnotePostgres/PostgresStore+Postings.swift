import Foundation
import FootnoteSQLite
import KnowledgeStore

extension PostgresStore {
    /// The index's tokenizer (SQLite's unicode61 + Snowball, run outside FTS5), shared by every store in the
    /// process: the PostgreSQL postings hold exactly the terms and positions the SQLite index holds.
    static func fullTextAnalyzer() throws -> FullTextAnalyzer {
        if let analyzer = sharedAnalyzer { return analyzer }
        throw PostgresError.failed(operation: "create the full-text analyzer", message: "SQLite's FTS5 tokenizer could not be loaded", sqlState: nil, sql: nil)
    }

    private static let sharedAnalyzer: FullTextAnalyzer? = try? FullTextAnalyzer()

    /// Writes the postings of one chunk's four full-text columns (title, heading, body, CJK bigrams) and its
    /// length (tokens over the four; in `chunks` and in the narrow `chunk_lengths`), in the caller's transaction:
    /// the statistics BM25 reads change together with the chunk rows.
    func writePostings(chunkID: Int64, columns: [String], on connection: PostgresConnection) throws {
        let analyzer = try Self.fullTextAnalyzer()
        var positions: [PostingKey: [Int]] = [:]
        var length = 0
        for (column, text) in columns.enumerated() {
            let tokens = analyzer.tokens(text)
            length += tokens.count
            for token in tokens { positions[PostingKey(term: token.term, column: column), default: []].append(token.position) }
        }
        let keys = positions.keys.sorted { ($0.term, $0.column) < ($1.term, $1.column) }
        // One round trip per chunk: its length in `chunks` and `chunk_lengths`, and its postings.
        try connection.run("""
            WITH chunk AS (UPDATE chunks SET fts_length = $1 WHERE id = $2 RETURNING id, document_id),
                 length AS (INSERT INTO chunk_lengths(chunk_id, document_id, length) SELECT id, document_id, $1 FROM chunk
                            ON CONFLICT (chunk_id) DO UPDATE SET length = EXCLUDED.length)
            INSERT INTO postings(term, chunk_id, col, positions, tf, document_id, length)
            SELECT u.term, $2, u.col, u.positions::integer[], cardinality(u.positions::integer[]), chunk.document_id, $1
            FROM unnest($3::text[], $4::smallint[], $5::text[]) AS u(term, col, positions) CROSS JOIN chunk
            """, [
                .int(Int64(length)), .int(chunkID), .textArray(keys.map(\.term)), .intArray(keys.map { Int64($0.column) }),
                .textArray(keys.map { "{" + (positions[$0] ?? []).map(String.init).joined(separator: ",") + "}" }),
            ])
    }
}

private struct PostingKey: Hashable {
    var term: String
    var column: Int
}
