import FootnoteCore
import Foundation
import FootnoteSQLite
@testable import SearchIndex
@testable import KnowledgeStore
import Testing

@Suite("footnote_bm25: BM25 with Lucene's IDF and query-term frequency, computed independently")
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

    /// Each test query with the FTS5 phrases it is made of, repeats included (a repeated word adds its term again).
    static let queries: [(text: String, phrases: [String])] = [
        ("checkpoint", ["\"checkpoint\""]),
        ("wal reader writer", ["\"wal\"", "\"reader\"", "\"writer\""]),
        ("vacuum OR journal", ["\"vacuum\"", "\"journal\""]),
        ("\"page reader\"", ["\"page reader\""]),
        ("lock -index", ["\"lock\""]),
        ("quer*", ["\"quer\"*"]),
        ("checkpoint wal Checkpoint checkpoints", ["\"checkpoint\"", "\"wal\"", "\"Checkpoint\"", "\"checkpoints\""]),
        ("journal vacuum index query page", ["\"journal\"", "\"vacuum\"", "\"index\"", "\"query\"", "\"page\""]),
    ]

    /// Scores computed from the table's text alone, without the ranking function: per phrase, the rows it
    /// matches (its document frequency) and its instances per column (counted from highlight() markers);
    /// row lengths are the columns' token counts; N and the average length cover every row.
    /// BM25 k1 1.2, b 0.75, IDF log(1 + (N - n + 0.5) / (n + 0.5)), column weights as lexicalSearch uses them.
    /// Plus `weights.document` times the same BM25 over documents: a document's frequency of a phrase sums
    /// its rows' body instances and takes the largest title and heading count of its rows; its length sums
    /// its rows' lengths; N counts documents.
    static func reference(_ index: SearchIndex, expression: String, phrases: [String], weights: FieldWeights = .default) throws -> [Int64: Double] {
        let columnWeights = [weights.title, weights.heading, weights.body, weights.cjk]
        func tokens(_ text: String) -> Int {
            text.unicodeScalars.split { !($0.properties.isAlphabetic || $0.properties.numericType != nil) }.count
        }
        return try index.locked {
            let lengths = try index.database.query("SELECT rowid, title, heading, body, cjk FROM chunks_fts") { row in
                (row.int64(0), (1...4).reduce(0) { $0 + tokens(row.text(Int32($1))) })
            }
            let rows = Double(lengths.count)
            let average = Double(lengths.reduce(0) { $0 + $1.1 }) / rows
            let lengthOf = Dictionary(uniqueKeysWithValues: lengths)
            let documentOf = Dictionary(uniqueKeysWithValues: try index.database.query("SELECT id, document_id FROM chunks") { ($0.int64(0), $0.int64(1)) })
            var documentLength: [Int64: Double] = [:]
            for (rowid, length) in lengths { documentLength[documentOf[rowid] ?? -1, default: 0] += Double(length) }
            let documents = Double(documentLength.count)
            let averageDocument = documentLength.values.reduce(0, +) / documents
            var documentScore: [Int64: Double] = [:]
            func bm25(_ idf: Double, _ frequency: Double, _ length: Double, _ average: Double) -> Double {
                idf * frequency * 2.2 / (frequency + 1.2 * (1 - 0.75 + 0.75 * length / average))
            }
            let matching = Set(try index.database.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(expression)]) { $0.int64(0) })
            var scores: [Int64: Double] = [:]
            for phrase in phrases {
                let marker = "\u{1}"
                let instances = try index.database.query("""
                    SELECT rowid, highlight(chunks_fts, 0, char(1), char(2)), highlight(chunks_fts, 1, char(1), char(2)),
                           highlight(chunks_fts, 2, char(1), char(2)), highlight(chunks_fts, 3, char(1), char(2))
                    FROM chunks_fts WHERE chunks_fts MATCH ?
                    """, [.text(phrase)]) { row in
                    (row.int64(0), (1...4).map { column in
                        columnWeights[column - 1] * Double(row.text(Int32(column)).components(separatedBy: marker).count - 1)
                    })
                }
                let hits = Double(instances.count)
                let idf = log(1 + (rows - hits + 0.5) / (hits + 0.5))
                // Per document: summed body and CJK, largest title and heading.
                var perDocument: [Int64: (sum: Double, title: Double, heading: Double)] = [:]
                for (rowid, columns) in instances {
                    let frequency = columns.reduce(0, +)
                    if matching.contains(rowid) {
                        scores[rowid, default: 0] += bm25(idf, frequency, Double(lengthOf[rowid] ?? 0), average)
                    }
                    var entry = perDocument[documentOf[rowid] ?? -1] ?? (0, 0, 0)
                    entry.sum += columns[2] + columns[3]
                    entry.title = max(entry.title, columns[0])
                    entry.heading = max(entry.heading, columns[1])
                    perDocument[documentOf[rowid] ?? -1] = entry
                }
                let documentIDF = log(1 + (documents - Double(perDocument.count) + 0.5) / (Double(perDocument.count) + 0.5))
                for (document, entry) in perDocument {
                    documentScore[document, default: 0] += bm25(documentIDF, entry.sum + entry.title + entry.heading,
                                                                documentLength[document] ?? 0, averageDocument)
                }
            }
            for rowid in scores.keys { scores[rowid, default: 0] += weights.document * (documentScore[documentOf[rowid] ?? -1] ?? 0) }
            return scores
        }
    }

    static func expectReferenceScores(_ index: SearchIndex, _ text: String, phrases: [String], weights: FieldWeights = .default) throws {
        let query = LexicalQuery(text)
        let expression = try #require(query.matchExpression)
        let ours = try index.lexicalSearch(query, limit: 1000)
        let referenceScores = try reference(index, expression: expression, phrases: phrases, weights: weights)
        #expect(ours.count == referenceScores.count, "\(text): \(ours.count) vs \(referenceScores.count) matches")
        for match in ours {
            let expected = try #require(referenceScores[match.chunkID], "\(text): row \(match.chunkID) does not match \(expression)")
            #expect(abs(match.score - expected) < 1e-9, "\(text): row \(match.chunkID) scored \(match.score), reference \(expected)")
        }
        #expect(zip(ours, ours.dropFirst()).allSatisfy { $0.score >= $1.score }, "\(text): not sorted by score")
        // The snippet path ranks through FTS5's `ORDER BY rank`: same rows, same scores.
        let withSnippets = try index.lexicalSearch(query, filter: SearchFilter(), limit: 1000, weights: .default, snippets: true)
        #expect(withSnippets.count == ours.count)
        for match in withSnippets {
            #expect(abs(match.score - (referenceScores[match.chunkID] ?? .nan)) < 1e-9, "\(text): snippet path scored row \(match.chunkID) \(match.score)")
            #expect(match.snippet?.isEmpty == false, "\(text): row \(match.chunkID) has no snippet")
        }
    }

    static func expectReferenceScores(_ index: SearchIndex, weights: FieldWeights = .default) throws {
        for (text, phrases) in queries { try expectReferenceScores(index, text, phrases: phrases, weights: weights) }
    }

    @Test("The reference scores on every matching row, before and after the index changes")
    func sameScores() throws {
        let fixture = try IndexFixture()
        try Self.fill(fixture, documents: 60)
        #expect(fixture.index.rank != nil, "footnote_bm25 was not registered")
        try Self.expectReferenceScores(fixture.index)
        let loaded = fixture.index.cachedRowLengths()
        #expect(loaded == 180, "row lengths cached: \(loaded)")

        // New and replaced documents change lengths, the average and the IDF: the cache follows.
        try Self.fill(fixture, documents: 20, offset: 60)
        try fixture.add(path: "/docs/0.txt", text: "checkpoint checkpoint checkpoint wal")
        try Self.expectReferenceScores(fixture.index)
        #expect(fixture.index.cachedRowLengths() == 238)
    }

    @Test("A query's statistics are computed once per search, snippets included, and follow a write")
    func statisticsCache() throws {
        let fixture = try IndexFixture()
        try Self.fill(fixture, documents: 12)
        let rank = try #require(fixture.index.rank)
        func computed() -> Int64 { fixture.index.locked { rank.computedQueries } }
        let query = LexicalQuery("checkpoint wal reader")
        let start = computed()
        // The snippet path goes through FTS5's sorter, which asks for the statistics twice.
        let first = try fixture.index.lexicalSearch(query, filter: SearchFilter(), limit: 10, weights: .default, snippets: true)
        #expect(computed() == start + 1)
        // Every search applies its caller's scope again, which starts a new epoch: nothing is carried over.
        _ = try fixture.index.lexicalSearch(query, limit: 10)
        #expect(computed() == start + 2)
        _ = try fixture.index.lexicalSearch(LexicalQuery("checkpoint wal"), filter: SearchFilter(), limit: 10, weights: .default, snippets: true)
        #expect(computed() == start + 3)
        // A write changes N, lengths and frequencies: computed again, and the scores follow.
        try fixture.add(path: "/docs/new.txt", text: "checkpoint checkpoint wal reader reader")
        let after = try fixture.index.lexicalSearch(query, filter: SearchFilter(), limit: 10, weights: .default, snippets: true)
        #expect(computed() == start + 4)
        #expect(after.map(\.score) != first.map(\.score))
        try Self.expectReferenceScores(fixture.index)
    }

    @Test("A stale or missing length cache falls back to FTS5's own lookup")
    func missingCache() throws {
        let fixture = try IndexFixture()
        try Self.fill(fixture, documents: 10)
        try Self.expectReferenceScores(fixture.index)
        // Drop the cache but keep the generation: every row must take the fallback path.
        let rank = try #require(fixture.index.rank)
        fixture.index.locked { rank.clearLengths() }
        #expect(fixture.index.cachedRowLengths() == 0)
        // Without the cache the rows are still scored exactly; the document side (which needs each row's
        // document) is left out.
        var passagesOnly = FieldWeights.default
        passagesOnly.document = 0
        try Self.expectReferenceScores(fixture.index, weights: passagesOnly)
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
