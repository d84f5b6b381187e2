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
    /// length (tokens over the four), in the caller's transaction: the statistics BM25 reads change together
    /// with the chunk rows.
    func writePostings(chunkID: Int64, columns: [String], on connection: PostgresConnection) throws {
        let analyzer = try Self.fullTextAnalyzer()
        var positions: [PostingKey: [Int]] = [:]
        var length = 0
        for (column, text) in columns.enumerated() {
            let tokens = analyzer.tokens(text)
            length += tokens.count
            for token in tokens { positions[PostingKey(term: token.term, column: column), default: []].append(token.position) }
        }
        try connection.run("UPDATE chunks SET fts_length = $1 WHERE id = $2", [.int(Int64(length)), .int(chunkID)])
        guard !positions.isEmpty else { return }
        let keys = positions.keys.sorted { ($0.term, $0.column) < ($1.term, $1.column) }
        try connection.run("""
            INSERT INTO postings(term, chunk_id, col, positions)
            SELECT u.term, $1, u.col, u.positions::integer[]
            FROM unnest($2::text[], $3::smallint[], $4::text[]) AS u(term, col, positions)
            """, [
                .int(chunkID), .textArray(keys.map(\.term)), .intArray(keys.map { Int64($0.column) }),
                .textArray(keys.map { "{" + (positions[$0] ?? []).map(String.init).joined(separator: ",") + "}" }),
            ])
    }
}

private struct PostingKey: Hashable {
    var term: String
    var column: Int
}
