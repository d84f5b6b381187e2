import FootnoteCore
import Foundation
@testable import FootnotePostgres
import KnowledgeStore
import Testing

/// What the PostgreSQL store does beyond the shared contract: concurrent writers, hits without a lexical
/// match, prefixes and statistics, against the server at FOOTNOTE_PG_URL.
@Suite("PostgreSQL store", .enabled(if: StoreBackend.postgresURL != nil, "FOOTNOTE_PG_URL is not set"))
struct PostgresStoreTests {
    @Test("Writers of one new path on separate connections make one document and four versions, never a second document")
    func concurrentWritersOfOnePath() throws {
        let fixture = try ContractStore(.postgres)
        let store = fixture.store
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            _ = try? store.writeVersionUnlessCurrent(ContractStore.input("/same.txt", ["version \(index)"]))
        }
        let documents = try store.documents()
        #expect(documents.count == 1)
        #expect(try store.statistics().versions == 4)
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test("Hits keep the order given, carry spans and a citation that resolves, and a leading snippet without a lexical one")
    func hitsWithoutLexicalSnippets() throws {
        let fixture = try ContractStore(.postgres)
        let long = (1...50).map { "word\($0)" }.joined(separator: " ")
        let id = try fixture.add("/docs/long.txt", ["short passage", long], title: "Long")
        let chunks = try fixture.store.chunks(documentID: id)
        let hits = try fixture.store.hits(
            for: [(chunks[1].id, 0.5, nil), (999_999, 0.4, nil), (chunks[0].id, 0.25, nil)], query: nil,
            knownSnippets: [chunks[0].id: "known"])
        #expect(hits.map(\.chunkID) == [chunks[1].id, chunks[0].id])
        #expect(hits.map(\.score) == [0.5, 0.25])
        #expect(hits[0].snippet == (1...40).map { "word\($0)" }.joined(separator: " ") + " …")
        #expect(hits[1].snippet == "known")
        #expect(hits[0].headingPath == ["Part"] && hits[0].lineStart == 3 && hits[0].title == "Long")
        let citation = try #require(CitationID(hits[0].citation))
        let version = try #require(try fixture.store.versions(hashPrefix: citation.versionPrefix).first)
        let scalars = Array(version.canonicalText.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[citation.start..<citation.end])) == long)
    }

    @Test("Documents under a folder prefix, bytewise path order, and hash prefixes with LIKE's wildcards taken literally")
    func prefixes() throws {
        let fixture = try ContractStore(.postgres)
        for path in ["/a/b.txt", "/a/B.txt", "/a/b/c.txt", "/ab.txt", "/a_x.txt"] { try fixture.add(path, ["text of \(path)"]) }
        #expect(try fixture.store.documents(under: "/a", accessGroups: nil).map(\.path) == ["/a/B.txt", "/a/b.txt", "/a/b/c.txt"])
        #expect(try fixture.store.documents(under: "/a/b.txt", accessGroups: nil).map(\.path) == ["/a/b.txt"])
        #expect(try fixture.store.versions(hashPrefix: "_").isEmpty)
        #expect(try fixture.store.versions(hashPrefix: "%").isEmpty)
        #expect(try fixture.store.versions(hashPrefix: "").count == 5)
    }

    @Test("Statistics count formats and vectors and measure the schema's tables")
    func statistics() throws {
        let fixture = try ContractStore(.postgres)
        try fixture.add("/a.md", ["one", "two"], format: .markdown)
        try fixture.add("/b.txt", ["three"])
        try fixture.store.claimEmbedder(EmbedderIdentity(name: "e", dimension: 2, checksum: "c"))
        let pending = try fixture.store.pendingChunks(limit: 1)
        try fixture.store.storeVectors([("h", [0.6, 0.8])], links: pending.map { ($0.chunkID, "h") })
        #expect(throws: PostgresError.self) { try fixture.store.storeVectors([("bad", [1, 0, 0])], links: []) }
        let statistics = try fixture.store.statistics()
        #expect(statistics.documentsByFormat == ["markdown": 1, "text": 1])
        #expect(statistics.chunksByFormat == ["markdown": 2, "text": 1])
        #expect(statistics.embeddedChunks == 1 && statistics.embedder == "e")
        #expect(statistics.fileBytes > 0)
        #expect(throws: PostgresError.self) { try fixture.store.vectorSearch([1, 0, 0], limit: 1) }
    }
}
