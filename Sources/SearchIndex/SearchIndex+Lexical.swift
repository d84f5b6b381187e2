import Foundation
import FootnoteSQLite
import FootnoteCore
import KnowledgeStore

extension FieldWeights {
    /// The arguments of footnote_bm25 after the table name, for `query`: its phrase weights (those before
    /// its NOT part) and its MATCH expression, which keys the function's cache of the query's statistics.
    /// Both are SQL string literals (quotes doubled).
    func sqlArguments(for query: LexicalQuery) -> String {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return [title, heading, body, cjk, document].map { "\($0)" }.joined(separator: ", ")
            + ", " + literal(query.phraseWeights.map(String.init).joined(separator: " "))
            + ", " + literal(query.matchExpression ?? "")
    }
}

extension SearchIndex {
    /// The top `limit` chunks for `query` by BM25, among chunks that pass `filter` (the filter is part
    /// of the SQL WHERE clause, so the top-k of a filtered search is the top-k of the filtered corpus).
    ///
    /// Ranked by `footnote_bm25` (CFootnoteRank): the scores of FTS5's bm25() without its per-row
    /// `%_docsize` lookup, which is about four fifths of the time of a long OR query. For a caller
    /// limited to access groups, its statistics cover only the rows that caller may see.
    public func lexicalSearch(
        _ query: LexicalQuery, filter: SearchFilter, limit: Int, weights: FieldWeights, snippets: Bool
    ) throws -> [LexicalMatch] {
        guard let match = query.matchExpression else { return [] }
        let function = rank == nil ? "bm25" : "footnote_bm25"
        // bm25() (the fallback when footnote_bm25 could not be registered) takes column weights only.
        let columnWeights = rank == nil
            ? [weights.title, weights.heading, weights.body, weights.cjk].map { "\($0)" }.joined(separator: ", ")
            : weights.sqlArguments(for: query)
        var sql: String
        var values: [SQLValue] = [.text(match)]
        if snippets {
            // FTS5's `ORDER BY rank` sorts inside the virtual table, so snippet() runs only for the
            // rows returned (a snippet per row afterwards would re-run the MATCH once per row).
            sql = "SELECT rowid, -rank, \(Self.snippetSQL) FROM chunks_fts WHERE chunks_fts MATCH ? AND rank MATCH ?"
            values.append(.text("\(function)(\(columnWeights))"))
        } else {
            // Without snippets an ORDER BY on the function's value is about twice as fast as FTS5's
            // internal sorter on long OR queries.
            sql = "SELECT rowid, -\(function)(chunks_fts, \(columnWeights)) AS score FROM chunks_fts WHERE chunks_fts MATCH ?"
        }
        if !filter.isEmpty {
            let (filterSQL, filterValues) = Self.filterClause(filter)
            sql += " AND rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE 1\(filterSQL))"
            values += filterValues
        }
        if !query.matchEnforcesRequired, let required = query.requiredExpression {
            // Plain words are OR-ed with the phrases for ranking; a quoted phrase must hold all the same.
            sql += " AND rowid IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)"
            values.append(.text(required))
        }
        sql += snippets ? " ORDER BY rank LIMIT ?" : " ORDER BY score DESC, rowid LIMIT ?"
        values.append(.int(Int64(limit)))
        return try locked {
            // One read snapshot for the length cache and the query, so both see the same rows.
            try database.execute("SAVEPOINT lexical_search")
            defer { try? database.execute("RELEASE lexical_search") }
            try refreshRowLengths()
            try applyRankScope(filter.accessGroups)
            return try database.query(sql, values) {
                LexicalMatch(chunkID: $0.int64(0), score: $0.double(1), snippet: snippets ? $0.text(2) : nil)
            }
        }
    }

    /// How many chunks passing `filter` match `query` (no ranking).
    public func matchCount(_ query: LexicalQuery, filter: SearchFilter) throws -> Int {
        try matchCounts([query], filter: filter).first ?? 0
    }

    /// The counts of several queries with one statement, under one lock and in one read snapshot.
    public func matchCounts(_ queries: [LexicalQuery], filter: SearchFilter) throws -> [Int] {
        var sql = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
        var filterValues: [SQLValue] = []
        if !filter.isEmpty {
            let (filterSQL, values) = Self.filterClause(filter)
            sql += " AND rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE 1\(filterSQL))"
            filterValues = values
        }
        guard queries.contains(where: { $0.matchExpression != nil }) else { return queries.map { _ in 0 } }
        return try locked {
            try database.execute("SAVEPOINT match_counts")
            defer { try? database.execute("RELEASE match_counts") }
            let statement = try database.prepare(sql)
            return try queries.map { query in
                guard let match = query.matchExpression else { return 0 }
                try statement.bind([.text(match)] + filterValues)
                return try statement.step() ? statement.int(0) : 0
            }
        }
    }

    /// Reloads the ranking function's row lengths when the chunks changed since the last load.
    /// Caller holds the lock. A row missing from the cache falls back to FTS5's own lookup, so a
    /// failed load costs speed, never correctness.
    func refreshRowLengths() throws {
        guard let rank else { return }
        let generation = try vectorGeneration()
        guard generation != rankGeneration else { return }
        if rank.loadLengths(from: database, docsizeTable: "chunks_fts_docsize", rowsTable: "chunks") {
            rankGeneration = generation
        } else {
            rank.clearLengths()
            rankGeneration = -1
        }
    }

    /// Row lengths cached by the ranking function (for tests).
    public func cachedRowLengths() -> Int {
        locked { rank?.cachedRows ?? 0 }
    }

    /// Highlighted snippets of `ids` for `match`, one FTS5 seek per row. Caller holds the lock.
    func snippetsLocked(for ids: [Int64], match: String) throws -> [Int64: String] {
        var snippets: [Int64: String] = [:]
        let statement = try database.prepare("SELECT \(Self.snippetSQL) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?")
        for id in ids where snippets[id] == nil {
            try statement.bind([.text(match), .int(id)])
            if try statement.step() { snippets[id] = statement.text(0) }
        }
        return snippets
    }

    static let snippetSQL = "snippet(chunks_fts, 2, '[', ']', '…', 40)"

    /// SQL conditions (starting with AND) on `d` (documents) for a filter, and their values.
    static func filterClause(_ filter: SearchFilter) -> (String, [SQLValue]) {
        var sql = ""
        var values: [SQLValue] = []
        if !filter.pathGlobs.isEmpty {
            sql += " AND (" + filter.pathGlobs.map { _ in "d.path GLOB ?" }.joined(separator: " OR ") + ")"
            values += filter.pathGlobs.map { .text(anchoredGlob($0)) }
        }
        if !filter.formats.isEmpty {
            sql += " AND d.format IN (" + filter.formats.map { _ in "?" }.joined(separator: ", ") + ")"
            values += filter.formats.map { .text($0.rawValue) }
        }
        if let groups = filter.accessGroups {
            let (accessSQL, accessValues) = accessClause(groups)
            sql += " AND " + accessSQL
            values += accessValues
        }
        return (sql, values)
    }

    /// SQL condition on `d` (documents): visible to a caller in `groups`.
    static func accessClause(_ groups: [String]) -> (String, [SQLValue]) {
        let unrestricted = "NOT EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = d.id)"
        guard !groups.isEmpty else { return ("(\(unrestricted))", []) }
        let placeholders = groups.map { _ in "?" }.joined(separator: ", ")
        return ("(\(unrestricted) OR EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = d.id AND g.group_name IN (\(placeholders))))",
                groups.map { .text($0) })
    }

    /// Stored paths are absolute: a relative pattern such as `docs/*.md` matches at any depth.
    static func anchoredGlob(_ pattern: String) -> String {
        pattern.hasPrefix("/") || pattern.hasPrefix("*") ? pattern : "*/" + pattern
    }

    /// Turns chunk ids (with scores) into full hits, with a highlighted snippet from FTS5 when a
    /// query is given. Order is kept.
    public func hits(
        for scored: [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)], query: LexicalQuery?,
        knownSnippets: [Int64: String]
    ) throws -> [SearchHit] {
        guard !scored.isEmpty else { return [] }
        let ids = scored.map(\.chunkID)
        let placeholders = ids.map { _ in "?" }.joined(separator: ",")
        return try locked {
            var snippets = knownSnippets
            if let match = query?.matchExpression {
                // One lookup per missing hit: FTS5 seeks to the rowid instead of re-running the whole query.
                let missing = ids.filter { snippets[$0] == nil }
                snippets.merge(try snippetsLocked(for: missing, match: match)) { known, _ in known }
            }
            let rows = try database.query("""
                SELECT c.id, c.document_id, d.path, d.format, d.title, c.page_start, c.page_end, c.heading_path,
                       c.line_start, c.line_end, c.start, c.end, c.text, v.content_hash
                FROM chunks c JOIN documents d ON d.id = c.document_id JOIN document_versions v ON v.id = c.version_id
                WHERE c.id IN (\(placeholders))
                """, ids.map { .int($0) }) { row -> SearchHit in
                let text = row.text(12)
                let hash = row.text(13)
                return SearchHit(
                    chunkID: row.int64(0), documentID: row.int64(1), path: row.text(2),
                    format: DocumentFormat(rawValue: row.text(3)) ?? .text, title: row.optionalText(4),
                    page: row.optionalInt(5), pageEnd: row.optionalInt(6),
                    headingPath: Self.decodeHeadingPath(row.text(7)),
                    lineStart: row.optionalInt(8), lineEnd: row.optionalInt(9),
                    start: row.int(10), end: row.int(11), text: text, snippet: "", score: 0,
                    citation: CitationID(versionHash: hash, start: row.int(10), end: row.int(11)).description)
            }
            let byID = Dictionary(rows.map { ($0.chunkID, $0) }, uniquingKeysWith: { first, _ in first })
            return scored.compactMap { item in
                guard var hit = byID[item.chunkID] else { return nil }
                hit.score = item.score
                hit.explanation = item.explanation
                hit.snippet = snippets[item.chunkID] ?? Self.leadingSnippet(hit.text)
                return hit
            }
        }
    }

    /// The first ~40 words of a passage, for hits without a lexical match.
    static func leadingSnippet(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.prefix(40).joined(separator: " ") + (words.count > 40 ? " …" : "")
    }
}
