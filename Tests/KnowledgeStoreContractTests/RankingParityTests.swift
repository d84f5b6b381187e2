import FootnoteCore
import Foundation
import KnowledgeStore
import Testing

/// Every store ranks exactly as the SQLite index: the same corpus and query give the same passages in the same
/// order with the same BM25 scores (within 1e-6), whatever the query's shape, the field weights, the filter
/// or the caller's access groups.
@Suite("Storage contract: BM25 identical to the SQLite index")
struct RankingParityTests {
    static let vocabulary = [
        "replication", "replicas", "replicate", "checkpoint", "checkpoints", "checkpointing", "vacuum", "autovacuum",
        "index", "indexes", "indexing", "table", "tables", "virtual", "query", "queries", "planner", "write-ahead",
        "log", "logging", "standby", "primary", "lag", "slot", "slots", "tuple", "tuples", "dead", "storage", "page",
        "pages", "buffer", "cache", "lock", "locks", "transaction", "isolation", "snapshot", "café", "naïve", "e-mail",
        "the", "of", "and", "a", "in", "is", "to", "C++", "x86_64", "データベース", "数据库", "复制",
    ]

    /// A deterministic corpus: documents of one to four paragraphs drawn from a skewed vocabulary, with
    /// titles, formats and, for some, access groups.
    static func corpus() -> [(path: String, paragraphs: [String], title: String?, groups: [String], format: DocumentFormat)] {
        var generator = SplitMix64(seed: 19)
        var documents: [(String, [String], String?, [String], DocumentFormat)] = []
        for number in 0..<60 {
            let paragraphs = (0..<(1 + Int(generator.next() % 4))).map { _ in
                (0..<(4 + Int(generator.next() % 30))).map { _ in
                    // Squaring skews the draw towards the first words (a Zipf-like frequency).
                    let u = Double(generator.next() % 10_000) / 10_000
                    return vocabulary[Int(u * u * Double(vocabulary.count))]
                }.joined(separator: " ")
            }
            let title = number % 3 == 0 ? nil : vocabulary[Int(generator.next() % UInt64(vocabulary.count))].capitalized
            let groups = number % 7 == 0 ? ["staff"] : (number % 11 == 0 ? ["ops", "staff"] : [])
            let format: DocumentFormat = number % 2 == 0 ? .markdown : .text
            documents.append(("/\(number % 4 == 0 ? "ops" : "docs")/doc\(number).\(format == .markdown ? "md" : "txt")", paragraphs, title, groups, format))
        }
        return documents
    }

    static let queries = [
        "replication", "replication replication lag", "checkpointing pages", "\"write-ahead log\"", "\"virtual table\" planner",
        "replic*", "vacuum -autovacuum", "the of and", "café naive", "C++ x86_64", "データベース", "复制 数据库", "e-mail lock",
        "\"dead tuples\" -vacuum", "index indexes indexing snapshot isolation transaction", "zebra", "slot* primary standby",
    ]

    @Test("Same passages, order and scores as SQLite for every query shape, weight, filter and access scope",
          arguments: StoreBackend.all.filter { $0.name != StoreBackend.sqlite.name })
    func identicalToSQLite(_ backend: StoreBackend) throws {
        let reference = try ContractStore(.sqlite)
        let other = try ContractStore(backend)
        for document in Self.corpus() {
            try reference.add(document.path, document.paragraphs, title: document.title, groups: document.groups, format: document.format)
            try other.add(document.path, document.paragraphs, title: document.title, groups: document.groups, format: document.format)
        }
        let filters = [SearchFilter(), SearchFilter(pathGlobs: ["/ops/*"]), SearchFilter(formats: [.markdown]),
                       SearchFilter(accessGroups: []), SearchFilter(accessGroups: ["ops"])]
        let weightings = [FieldWeights.default, FieldWeights(title: 1, heading: 1, body: 1, cjk: 1, document: 0)]
        var compared = 0
        for query in Self.queries.map(LexicalQuery.init) {
            for filter in filters {
                #expect(try other.store.matchCount(query, filter: filter) == (try reference.store.matchCount(query, filter: filter)),
                        "match count of \(query.matchExpression ?? "nothing") with \(filter)")
                for weights in weightings {
                    let expected = try Self.ranked(reference, query, filter, weights)
                    let actual = try Self.ranked(other, query, filter, weights)
                    #expect(actual.map(\.passage) == expected.map(\.passage), "order of \(query.matchExpression ?? "nothing") with \(filter)")
                    for (a, e) in zip(actual, expected) where a.passage == e.passage {
                        #expect(abs(a.score - e.score) <= 1e-6, "score of \(a.passage) for \(query.matchExpression ?? "") with \(filter): \(a.score) vs \(e.score)")
                    }
                    compared += expected.count
                }
            }
        }
        #expect(compared > 500, "the corpus must give the queries something to rank (\(compared) passages compared)")
    }

    /// The top 50 as (path #ordinal, score).
    static func ranked(_ fixture: ContractStore, _ query: LexicalQuery, _ filter: SearchFilter, _ weights: FieldWeights)
        throws -> [(passage: String, score: Double)] {
        let matches = try fixture.store.lexicalSearch(query, filter: filter, limit: 50, weights: weights, snippets: false)
        let hits = try fixture.store.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil)
        return zip(hits, matches).map { ("\($0.path)@\($0.start)", $1.score) }
    }
}
