import CFootnoteRank
import FootnoteCore
import Foundation
@testable import SearchIndex
import Testing

@Suite("footnote_bm25 ranks exactly like FTS5's bm25()")
struct RankingFunctionTests {
    /// Paragraphs of different lengths and term mixes, so length normalisation and IDF both matter.
    static func fill(_ fixture: IndexFixture, documents: Int, offset: Int = 0) throws {
        let words = ["wal", "checkpoint", "page", "reader", "writer", "lock", "journal", "vacuum", "index", "query"]
        for number in offset..<(offset + documents) {
            let paragraphs = (0..<3).map { part in
                (0...(number * 7 + part * 3) % 23).map { words[($0 * (number + 1) + part) % words.count] }.joined(separator: " ")
            }
            try fixture.add(path: "/docs/\(number).txt", title: number.isMultiple(of: 3) ? "Checkpoint guide \(number)" : nil,
                            text: paragraphs.joined(separator: "\n\n"))
        }
    }

    /// (rowid, score) from the built-in bm25() with the default weights, best first.
    static func builtIn(_ index: SearchIndex, _ query: LexicalQuery, limit: Int) throws -> [(Int64, Double)] {
        let weights = FieldWeights.default
        return try index.locked {
            try index.database.query("""
                SELECT rowid, bm25(chunks_fts, \(weights.title), \(weights.heading), \(weights.body), \(weights.cjk)) AS s
                FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY s, rowid LIMIT ?
                """, [.text(query.matchExpression ?? ""), .int(Int64(limit))]) { ($0.int64(0), -$0.double(1)) }
        }
    }

    static func expectSameRanking(_ index: SearchIndex, _ text: String) throws {
        let query = LexicalQuery(text)
        let ours = try index.lexicalSearch(query, limit: 1000)
        let reference = try builtIn(index, query, limit: 1000)
        #expect(ours.count == reference.count, "\(text): \(ours.count) vs \(reference.count) matches")
        let referenceScores = Dictionary(reference.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        for match in ours {
            let expected = try #require(referenceScores[match.chunkID], "\(text): row \(match.chunkID) missing from bm25()")
            #expect(abs(match.score - expected) < 1e-9, "\(text): row \(match.chunkID) scored \(match.score), bm25() \(expected)")
        }
        #expect(zip(ours, ours.dropFirst()).allSatisfy { $0.score >= $1.score }, "\(text): not sorted by score")
        // The snippet path ranks through FTS5's `ORDER BY rank`: same rows, same scores.
        let withSnippets = try index.lexicalSearch(query, limit: 1000, snippets: true)
        #expect(withSnippets.count == ours.count)
        for match in withSnippets {
            #expect(abs(match.score - (referenceScores[match.chunkID] ?? .nan)) < 1e-9, "\(text): snippet path scored row \(match.chunkID) \(match.score)")
            #expect(match.snippet?.isEmpty == false, "\(text): row \(match.chunkID) has no snippet")
        }
    }

    @Test("Same scores as bm25() on every matching row, before and after the index changes")
    func sameScores() throws {
        let fixture = try IndexFixture()
        try Self.fill(fixture, documents: 60)
        #expect(fixture.index.rank != nil, "footnote_bm25 was not registered")
        for query in ["checkpoint", "wal reader writer", "vacuum OR journal", "\"page reader\"", "lock -index", "quer*"] {
            try Self.expectSameRanking(fixture.index, query)
        }
        let loaded = fixture.index.cachedRowLengths()
        #expect(loaded == 180, "row lengths cached: \(loaded)")

        // New and replaced documents change lengths, the average and the IDF: the cache follows.
        try Self.fill(fixture, documents: 20, offset: 60)
        try fixture.add(path: "/docs/0.txt", text: "checkpoint checkpoint checkpoint wal")
        for query in ["checkpoint", "wal reader writer", "journal vacuum index query page"] {
            try Self.expectSameRanking(fixture.index, query)
        }
        #expect(fixture.index.cachedRowLengths() == 238)
    }

    @Test("A stale or missing length cache falls back to FTS5's own lookup")
    func missingCache() throws {
        let fixture = try IndexFixture()
        try Self.fill(fixture, documents: 10)
        try Self.expectSameRanking(fixture.index, "checkpoint wal")
        // Drop the cache but keep the generation: every row must take the fallback path.
        let rank = try #require(fixture.index.rank)
        fixture.index.locked { footnote_rank_clear_lengths(rank) }
        #expect(fixture.index.cachedRowLengths() == 0)
        try Self.expectSameRanking(fixture.index, "checkpoint wal")
    }

    @Test("matchCount counts matching passages without ranking, filters included")
    func counts() throws {
        let fixture = try IndexFixture()
        try fixture.add(path: "/a/one.txt", text: "alpha beta\n\nalpha gamma")
        try fixture.add(path: "/b/two.txt", text: "alpha delta")
        #expect(try fixture.index.matchCount(LexicalQuery("alpha")) == 3)
        #expect(try fixture.index.matchCount(LexicalQuery("alpha"), filter: SearchFilter(pathGlobs: ["/b/*"])) == 1)
        #expect(try fixture.index.matchCount(LexicalQuery("zeta")) == 0)
    }
}
