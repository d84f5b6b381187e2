import FootnoteCore
import Foundation
import KnowledgeStore
import Testing

/// How every store ranks: BM25 with filters before top-k, quoted phrases and exclusions enforced, ties by chunk id.
@Suite("Storage contract: lexical ranking")
struct RankingContractTests {
    static let corpus: [(path: String, paragraphs: [String], format: DocumentFormat)] = [
        ("/docs/a.md", ["postgres postgres replication"], .markdown),
        ("/docs/b.md", ["postgres replication slots"], .markdown),
        ("/docs/c.txt", ["virtual table modules in sqlite"], .text),
        ("/docs/d.txt", ["a table that is virtual, not stored"], .text),
        ("/other/e.txt", ["replication lag on a standby replication replica"], .text),
        ("/other/f.txt", ["the write-ahead log and checkpoint"], .text),
        ("/other/g.txt", ["the write-ahead log without checkpoints of any kind"], .text),
    ]

    static func filled(_ backend: StoreBackend) throws -> ContractStore {
        let fixture = try ContractStore(backend)
        for document in corpus { try fixture.add(document.path, document.paragraphs, format: document.format) }
        return fixture
    }

    @Test("Higher term frequency and rarer terms rank first; scores are positive and descending", arguments: StoreBackend.all)
    func bm25Order(_ backend: StoreBackend) throws {
        let fixture = try Self.filled(backend)
        #expect(try fixture.lexicalPaths("postgres") == ["/docs/a.md", "/docs/b.md"])
        #expect(try fixture.lexicalPaths("slots replication").first == "/docs/b.md")
        let matches = try fixture.store.lexicalSearch(LexicalQuery("replication"), limit: 10)
        #expect(matches.count == 3)
        #expect(matches.allSatisfy { $0.score > 0 })
        #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(try fixture.store.lexicalSearch(LexicalQuery("zebra"), limit: 10).isEmpty)
        #expect(try fixture.store.lexicalSearch(LexicalQuery("replication"), limit: 2).count == 2)
    }

    @Test("Filters apply before top-k: a path glob or a format finds a weak match the global top-1 would hide", arguments: StoreBackend.all)
    func filterBeforeTopK(_ backend: StoreBackend) throws {
        let fixture = try Self.filled(backend)
        #expect(try fixture.lexicalPaths("replication", limit: 1) != ["/docs/b.md"])
        #expect(try fixture.lexicalPaths("postgres replication", filter: SearchFilter(pathGlobs: ["/other/*"]), limit: 1) == ["/other/e.txt"])
        #expect(try fixture.lexicalPaths("table", filter: SearchFilter(formats: [.text])).sorted() == ["/docs/c.txt", "/docs/d.txt"])
        #expect(try fixture.lexicalPaths("postgres", filter: SearchFilter(formats: [.text])).isEmpty)
        #expect(try fixture.store.matchCount(LexicalQuery("replication"), filter: SearchFilter(pathGlobs: ["/docs/*"])) == 2)
    }

    @Test("Batched match counts equal one count per query, filters included; a query with nothing to match counts 0", arguments: StoreBackend.all)
    func matchCounts(_ backend: StoreBackend) throws {
        let fixture = try Self.filled(backend)
        let queries = ["\"replication\"", "\"virtual table\"", "", "\"write ahead\"", "zebra"].map(LexicalQuery.init)
        for filter in [SearchFilter(), SearchFilter(pathGlobs: ["/other/*"]), SearchFilter(accessGroups: [])] {
            let batch = try fixture.store.matchCounts(queries, filter: filter)
            #expect(batch == (try queries.map { try fixture.store.matchCount($0, filter: filter) }))
        }
        let counts = try fixture.store.matchCounts(queries, filter: SearchFilter())
        #expect(counts == [3, 1, 0, 2, 0], "\(counts)")
        #expect(try fixture.store.matchCounts([], filter: SearchFilter()).isEmpty)
    }

    @Test("A quoted phrase must hold and a -term must be absent, also when plain words are OR-ed beside them", arguments: StoreBackend.all)
    func phrasesAndExclusions(_ backend: StoreBackend) throws {
        let fixture = try Self.filled(backend)
        #expect(try fixture.lexicalPaths("\"virtual table\"") == ["/docs/c.txt"])
        #expect(try fixture.lexicalPaths("\"virtual table\" stored") == ["/docs/c.txt"])
        #expect(try fixture.store.matchCount(LexicalQuery("\"virtual table\"")) == 1)
        // Stemming: "checkpoints" matches "checkpoint", so both log documents carry the excluded term.
        #expect(try fixture.lexicalPaths("log -checkpoint").isEmpty)
        #expect(try fixture.lexicalPaths("log -kind") == ["/other/f.txt"])
    }

    @Test("Equal scores are ordered by ascending chunk id, with and without snippets", arguments: StoreBackend.all)
    func ties(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        for index in 0..<6 { try fixture.add("/copy\(index).txt", ["identical twin passages about vacuum"]) }
        let plain = try fixture.store.lexicalSearch(LexicalQuery("vacuum"), limit: 6)
        #expect(plain.map(\.chunkID) == plain.map(\.chunkID).sorted())
        let withSnippets = try fixture.store.lexicalSearch(LexicalQuery("vacuum"), filter: SearchFilter(), limit: 6, weights: .default, snippets: true)
        #expect(withSnippets.map(\.chunkID) == plain.map(\.chunkID))
        #expect(withSnippets.allSatisfy { $0.snippet?.contains("[vacuum]") == true })
    }

    @Test("Hits carry the path, text, spans, lines, heading path and a citation id that resolves to the same text", arguments: StoreBackend.all)
    func hits(_ backend: StoreBackend) throws {
        let fixture = try Self.filled(backend)
        let matches = try fixture.store.lexicalSearch(LexicalQuery("sqlite"), limit: 1)
        let hit = try #require(try fixture.store.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: LexicalQuery("sqlite")).first)
        #expect(hit.path == "/docs/c.txt")
        #expect(hit.text == "virtual table modules in sqlite")
        #expect(hit.headingPath == ["Part"] && hit.lineStart == 1)
        #expect(hit.snippet.contains("[sqlite]"))
        #expect(hit.score == matches[0].score)
        let citation = try #require(CitationID(hit.citation))
        let version = try #require(try fixture.store.versions(hashPrefix: citation.versionPrefix).first)
        let scalars = Array(version.canonicalText.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[citation.start..<citation.end])) == hit.text)
    }

    @Test("Every backend gives the SQLite store's BM25 scores (within 1e-6) and order on the same corpus", arguments: StoreBackend.all)
    func scoresMatchReference(_ backend: StoreBackend) throws {
        let reference = try Self.filled(.sqlite)
        let fixture = try Self.filled(backend)
        for query in ["replication", "postgres replication slots", "\"virtual table\" sqlite", "log -kind", "write-ahead log"] {
            let expected = try reference.store.lexicalSearch(LexicalQuery(query), limit: 10)
            let actual = try fixture.store.lexicalSearch(LexicalQuery(query), limit: 10)
            #expect(actual.count == expected.count, "\(query)")
            for (ours, theirs) in zip(actual, expected) {
                #expect(abs(ours.score - theirs.score) < 1e-6, "\(query): \(ours.score) vs \(theirs.score)")
            }
            let paths = { (store: ContractStore, matches: [LexicalMatch]) in
                try store.store.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).map(\.path)
            }
            #expect(try paths(fixture, actual) == paths(reference, expected), "\(query)")
        }
    }
}
