import Foundation
import FootnoteCore
import FootnoteSQLite
import KnowledgeStore

/// Lexical ranking on PostgreSQL: the query's postings are read in one snapshot and scored in Swift by
/// `PostingsRanking`, which computes `footnote_bm25` exactly as the SQLite index does (same analyzer, same
/// phrase instances, same statistics), so both stores give the same scores. Filters and access groups are in
/// the SQL that reads the candidates, so the top-k is the top-k of the filtered corpus.
extension PostgresStore {
    public func lexicalSearch(
        _ query: LexicalQuery, filter: SearchFilter, limit: Int, weights: FieldWeights, snippets: Bool
    ) throws -> [LexicalMatch] {
        guard limit > 0, let match = query.matchExpression, let expression = MatchExpression(match) else { return [] }
        let phrases = try Self.analyze(expression)
        return try readSnapshot { connection in
            // The corpus BM25 counts in: everything, or what a caller limited to groups may see.
            let scope = Self.scopeClause(filter.accessGroups, startingAt: 1)
            let (postings, holderLengths) = try postings(of: phrases, scope: scope, on: connection)
            let ranking = PostingsRanking(expression: expression, phrases: phrases, postings: postings)
            var candidates = try passing(filter, ranking.matchingChunks(), on: connection)
            if !query.matchEnforcesRequired, let required = query.requiredExpression {
                candidates = try satisfying(required, among: candidates, on: connection)
            }
            guard !candidates.isEmpty else { return [] }
            // Every candidate holds a phrase, so the postings brought every length the ranking needs.
            let lengths = holderLengths
            let documentLengths = try self.documentLengths(Array(Set(lengths.values.map(\.documentID))), on: connection)
            let corpus = try self.corpus(scope, on: connection)
            let scores = ranking.scores(
                for: candidates, lengths: lengths, documentLengths: documentLengths, corpus: corpus, weights: weights,
                phraseWeights: query.phraseWeights)
            let top = Self.best(candidates.map { (id: $0, score: scores[$0] ?? 0) }, limit: limit).map(\.id)
            let texts = snippets ? try chunkTexts(Array(top), on: connection) : [:]
            return top.map { id in
                LexicalMatch(chunkID: id, score: scores[id] ?? 0,
                             snippet: snippets ? Self.snippet(texts[id] ?? "", phrases: phrases) ?? Self.leadingSnippet(texts[id] ?? "") : nil)
            }
        }
    }

    /// The `limit` best of `scored`, by descending score, ties by ascending id (FTS5's order for equal ranks):
    /// a partial sort, since a query's candidates can be most of the corpus.
    static func best(_ scored: [(id: Int64, score: Double)], limit: Int) -> [(id: Int64, score: Double)] {
        func before(_ a: (id: Int64, score: Double), _ b: (id: Int64, score: Double)) -> Bool {
            a.score != b.score ? a.score > b.score : a.id < b.id
        }
        guard scored.count > limit * 4 else { return Array(scored.sorted(by: before).prefix(limit)) }
        // Keep a sorted window of the best `limit` seen; most candidates fail the comparison with its last.
        var window: [(id: Int64, score: Double)] = []
        window.reserveCapacity(limit + 1)
        for item in scored {
            if window.count == limit, let last = window.last, !before(item, last) { continue }
            var low = 0, high = window.count
            while low < high {
                let middle = (low + high) / 2
                if before(window[middle], item) { low = middle + 1 } else { high = middle }
            }
            window.insert(item, at: low)
            if window.count > limit { window.removeLast() }
        }
        return window
    }

    public func matchCount(_ query: LexicalQuery, filter: SearchFilter) throws -> Int {
        try matchCounts([query], filter: filter).first ?? 0
    }

    /// One count per query, from one read of all the queries' postings (the evidence gate asks for a count per
    /// question and answer word: one round trip each would be most of an answer's time).
    public func matchCounts(_ queries: [LexicalQuery], filter: SearchFilter) throws -> [Int] {
        let expressions = queries.map { $0.matchExpression.flatMap(MatchExpression.init) }
        guard expressions.contains(where: { $0 != nil }) else { return queries.map { _ in 0 } }
        let phrases = try expressions.map { try $0.map(Self.analyze) }
        return try readSnapshot { connection in
            let postings = try postings(of: phrases.compactMap { $0 }.flatMap { $0 }, scope: Self.filterClause(filter, startingAt: 1),
                                        on: connection).postings
            return zip(expressions, phrases).map { expression, phrases in
                guard let expression, let phrases else { return 0 }
                return PostingsRanking(expression: expression, phrases: phrases, postings: postings).matchingChunks().count
            }
        }
    }

    /// The chunks passing `filter` that hold every quoted phrase of `query` and none of its excluded terms
    /// (nil: the query constrains nothing), for the vector leg.
    func constrainedChunkIDs(_ query: LexicalQuery, filter: SearchFilter, on connection: PostgresConnection) throws -> Set<Int64>? {
        guard query.hasConstraints else { return nil }
        var allowed: Set<Int64>
        if let required = query.requiredExpression {
            allowed = Set(try matching(required, filter: filter, on: connection))
        } else {
            let (filterSQL, values) = Self.filterClause(filter, startingAt: 1)
            allowed = Set(try connection.query(
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE TRUE\(filterSQL)", values).map { try $0.int64(0) })
        }
        if let excluded = query.excludedExpression, !allowed.isEmpty {
            allowed.subtract(try matching(excluded, filter: filter, on: connection))
        }
        return allowed
    }

    // MARK: Reading what the ranking needs

    /// Runs `body` in a read-only transaction that sees one snapshot.
    func readSnapshot<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        // The search path: on the read store when there is one (PostgresStore+Replica.swift).
        try withReadConnection { connection in
            try connection.transaction(readOnlySnapshot: true) { try body(connection) }
        }
    }

    /// Each phrase's terms, as FTS5 tokenizes a query phrase.
    static func analyze(_ expression: MatchExpression) throws -> [PhraseTerms] {
        let analyzer = try fullTextAnalyzer()
        return expression.phrases.map { phrase in
            PhraseTerms(terms: analyzer.tokens(phrase.text, query: true, prefix: phrase.isPrefix).map(\.term), isPrefix: phrase.isPrefix)
        }
    }

    /// Chunks passing `filter` that match the MATCH expression `match`, ascending.
    func matching(_ match: String, filter: SearchFilter, on connection: PostgresConnection) throws -> [Int64] {
        guard let expression = MatchExpression(match) else { return [] }
        let phrases = try Self.analyze(expression)
        let restriction = Self.filterClause(filter, startingAt: 1)
        let ranking = PostingsRanking(
            expression: expression, phrases: phrases, postings: try postings(of: phrases, scope: restriction, on: connection).postings)
        return ranking.matchingChunks()
    }

    /// Which of `candidates` match `match` (no other condition).
    func satisfying(_ match: String, among candidates: [Int64], on connection: PostgresConnection) throws -> [Int64] {
        guard let expression = MatchExpression(match), !candidates.isEmpty else { return [] }
        let phrases = try Self.analyze(expression)
        let restriction = (sql: " AND p.chunk_id = ANY($1::bigint[])", values: [PostgresValue.intArray(candidates)])
        let ranking = PostingsRanking(
            expression: expression, phrases: phrases, postings: try postings(of: phrases, scope: restriction, on: connection).postings)
        return ranking.matchingChunks()
    }

    /// Every posting of the phrases' terms (and of the terms their prefixes begin) in chunks passing
    /// `scope` (conditions on `d`, the documents, starting with AND, numbered from $1), with each chunk's length
    /// and document. Term frequencies, documents and lengths come from the covering index
    /// `postings_term_covering` (an index-only scan: postings are written chunk by chunk, so reading them from
    /// the table is a random read per posting); positions, read from the table, only for the terms of phrases
    /// of several words.
    func postings(of phrases: [PhraseTerms], scope: (sql: String, values: [PostgresValue]), on connection: PostgresConnection)
        throws -> (postings: [TermPosting], lengths: [Int64: ChunkLength]) {
        var exact = Set<String>(), prefixes = Set<String>()
        var exactWithPositions = Set<String>(), prefixesWithPositions = Set<String>()
        for phrase in phrases {
            for (index, term) in phrase.terms.enumerated() {
                let isPrefix = phrase.isPrefix && index == phrase.terms.count - 1
                if isPrefix { prefixes.insert(term) } else { exact.insert(term) }
                if phrase.needsPositions {
                    if isPrefix { prefixesWithPositions.insert(term) } else { exactWithPositions.insert(term) }
                }
            }
        }
        guard !exact.isEmpty || !prefixes.isEmpty else { return ([], [:]) }
        let joins = scope.sql.isEmpty ? "" : " JOIN documents d ON d.id = p.document_id"
        var values = scope.values
        let terms = Self.termCondition(exact: exact, prefixes: prefixes, values: &values)
        var postings: [TermPosting] = []
        var lengths: [Int64: ChunkLength] = [:]
        // Rows come in term order (the covering index's), so a term's text is copied once, not once a row.
        var term = ""
        try connection.forEachRow("""
            SELECT p.term, p.chunk_id, p.col, p.tf, p.document_id, p.length FROM postings p\(joins)
            WHERE \(terms)\(scope.sql)
            """, values) { row in
            if !row.textEquals(0, term) { term = try row.text(0) }
            let chunk = try row.int64(1)
            postings.append(TermPosting(term: term, chunkID: chunk, column: try row.int(2), count: try row.int(3)))
            lengths[chunk] = ChunkLength(length: try row.int(5), documentID: try row.int64(4))
        }
        guard !exactWithPositions.isEmpty || !prefixesWithPositions.isEmpty else { return (postings, lengths) }
        var positionValues = scope.values
        let positional = Self.termCondition(exact: exactWithPositions, prefixes: prefixesWithPositions, values: &positionValues)
        var positions: [PostingLocation: [Int]] = [:]
        for row in try connection.query("""
            SELECT p.term, p.chunk_id, p.col, p.positions FROM postings p\(joins) WHERE \(positional)\(scope.sql)
            """, positionValues) {
            positions[PostingLocation(term: try row.text(0), chunkID: try row.int64(1), column: try row.int(2))] = Self.integers(inArray: try row.text(3))
        }
        for index in postings.indices {
            let posting = postings[index]
            if let found = positions[PostingLocation(term: posting.term, chunkID: posting.chunkID, column: posting.column)] {
                postings[index].positions = found
            }
        }
        return (postings, lengths)
    }

    /// `p.term` equal to one of `exact` or beginning with one of `prefixes`, its values appended to `values`.
    static func termCondition(exact: Set<String>, prefixes: Set<String>, values: inout [PostgresValue]) -> String {
        values.append(.textArray(exact.sorted()))
        var conditions = ["p.term = ANY($\(values.count)::text[])"]
        for prefix in prefixes.sorted() {
            values.append(.text(likePattern(prefix)))
            conditions.append("p.term LIKE $\(values.count)")
        }
        return "(" + conditions.joined(separator: " OR ") + ")"
    }

    /// `prefix` followed by anything, as a LIKE pattern (`\` escapes LIKE's own wildcards).
    static func likePattern(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// The integers of an array literal such as `{1,5,9}`.
    static func integers(inArray text: String) -> [Int] {
        text.split(whereSeparator: { $0 == "{" || $0 == "}" || $0 == "," }).compactMap { Int($0) }
    }

    /// The statistics' corpus for a caller in `groups` (nil: everything), as conditions on `d`.
    static func scopeClause(_ groups: [String]?, startingAt firstParameter: Int) -> (sql: String, values: [PostgresValue]) {
        guard let groups else { return ("", []) }
        return filterClause(SearchFilter(accessGroups: groups), startingAt: firstParameter)
    }

    /// The rows, tokens and documents of the corpus `scope` leaves visible.
    func corpus(_ scope: (sql: String, values: [PostgresValue]), on connection: PostgresConnection) throws -> BM25Corpus {
        let rows = try connection.query("""
            SELECT count(*), coalesce(sum(c.length), 0), count(DISTINCT c.document_id)
            FROM chunk_lengths c\(scope.sql.isEmpty ? "" : " JOIN documents d ON d.id = c.document_id") WHERE TRUE\(scope.sql)
            """, scope.values)
        guard let row = rows.first else { return BM25Corpus(rows: 0, tokens: 0, documents: 0) }
        return BM25Corpus(rows: try row.int(0), tokens: try row.int(1), documents: try row.int(2))
    }

    /// Which of `ids` pass `filter`, ascending.
    func passing(_ filter: SearchFilter, _ ids: [Int64], on connection: PostgresConnection) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        guard !filter.isEmpty else { return ids }
        let (filterSQL, values) = Self.filterClause(filter, startingAt: 2)
        return try connection.query("""
            SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.id = ANY($1::bigint[])\(filterSQL) ORDER BY c.id
            """, [.intArray(ids)] + values).map { try $0.int64(0) }
    }

    /// Each document's full-text length: the sum of its chunks'.
    func documentLengths(_ documentIDs: [Int64], on connection: PostgresConnection) throws -> [Int64: Int] {
        guard !documentIDs.isEmpty else { return [:] }
        var lengths: [Int64: Int] = [:]
        for row in try connection.query("""
            SELECT document_id, sum(length) FROM chunk_lengths WHERE document_id = ANY($1::bigint[]) GROUP BY document_id
            """, [.intArray(documentIDs)]) {
            lengths[try row.int64(0)] = try row.int(1)
        }
        return lengths
    }

    func chunkTexts(_ ids: [Int64], on connection: PostgresConnection) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var texts: [Int64: String] = [:]
        for row in try connection.query("SELECT id, text FROM chunks WHERE id = ANY($1::bigint[])", [.intArray(ids)]) {
            texts[try row.int64(0)] = try row.text(1)
        }
        return texts
    }
}

/// One posting's identity: a term in a column of a chunk.
private struct PostingLocation: Hashable {
    var term: String
    var chunkID: Int64
    var column: Int
}
