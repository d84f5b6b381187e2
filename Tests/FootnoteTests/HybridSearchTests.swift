import Embeddings
import Footnote
import FootnoteCore
import Foundation
import SearchIndex
import Testing
import TestSupport

/// Hybrid retrieval with the real all-MiniLM-L6-v2 encoder (fetched by `make test`).
@Suite("Semantic and hybrid search with the real model", .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)))
struct HybridSearchTests {
    static func fixture(_ configure: (inout FootnoteConfiguration) -> Void = { _ in }) throws -> KnowledgeBaseFixture {
        try KnowledgeBaseFixture { configuration in
            configuration.modelDirectory = ModelLocation.miniLM
            configure(&configuration)
        }
    }

    static func knowledgeBase(_ fixture: KnowledgeBaseFixture) throws -> KnowledgeBase {
        try KnowledgeBase.open(fixture.knowledgeBase.configuration)
    }

    @Test("A paraphrase with no shared words is found semantically; hybrid explains both lists")
    func paraphrase() throws {
        let fixture = try Self.fixture()
        try fixture.write("cats.md", "# Pets\n\nFelines sleep for most of the day and hunt at dusk.")
        try fixture.write("db.md", "# Storage\n\nThe write-ahead log lets readers continue while a writer commits.")
        try fixture.write("cooking.md", "# Kitchen\n\nSimmer the tomatoes with garlic for twenty minutes.")
        let knowledgeBase = try Self.knowledgeBase(fixture)
        let report = try knowledgeBase.add([fixture.files.path])
        #expect(report.chunksEmbedded == 3)
        #expect(try knowledgeBase.effectiveMode(nil) == .hybrid)

        let lexical = try knowledgeBase.search(SearchRequest(query: "how long do cats nap", mode: .lexical))
        #expect(lexical.isEmpty)
        let semantic = try knowledgeBase.search(SearchRequest(query: "how long do cats nap", limit: 3, mode: .semantic))
        #expect(semantic.first?.path.hasSuffix("cats.md") == true)
        let hybrid = try knowledgeBase.search(SearchRequest(query: "concurrent readers during a commit", limit: 3, explain: true))
        let top = try #require(hybrid.first)
        #expect(top.path.hasSuffix("db.md"))
        #expect(top.explanation?.semanticRank == 1)
        #expect(top.explanation?.lexicalRank == 1)
        #expect(top.explanation?.notes.first?.contains("score fusion") == true)
    }

    @Test("Unchanged chunks are never embedded again; a model switch is refused until reembed")
    func noReembedding() throws {
        let fixture = try Self.fixture()
        let file = try fixture.write("notes.md", "# A\n\nFirst section stays the same.\n\n# B\n\nSecond section will change.")
        let knowledgeBase = try Self.knowledgeBase(fixture)
        let first = try knowledgeBase.add([fixture.files.path])
        #expect(first.chunksEmbedded > 0)
        let again = try knowledgeBase.add([fixture.files.path])
        #expect(again.chunksEmbedded == 0 && again.unchanged == 1)
        try "# A\n\nFirst section stays the same.\n\n# B\n\nSecond section was edited.".write(to: file, atomically: true, encoding: .utf8)
        let edited = try knowledgeBase.add([fixture.files.path])
        #expect(edited.updated == 1)
        #expect(edited.vectorsReused + edited.chunksEmbedded == (try knowledgeBase.store.chunks(documentID: 1).count))
        #expect(try knowledgeBase.store.pendingChunkCount() == 0)

        try knowledgeBase.store.dropVectors()
        try knowledgeBase.store.claimEmbedder(EmbedderIdentity(name: "other-model", dimension: 384, checksum: "0000"))
        #expect(throws: SearchIndexError.self) { try knowledgeBase.embedPending() }
        #expect(throws: (any Error).self) { try knowledgeBase.search(SearchRequest(query: "section", mode: .semantic)) }
        let switched = try knowledgeBase.reembed()
        #expect(switched.embedded > 0)
        #expect(try knowledgeBase.store.embedder() == knowledgeBase.embedder?.identity)
    }

    @Test("Hybrid search applies filters before top-k")
    func filteredHybrid() throws {
        let fixture = try Self.fixture()
        for number in 0..<12 {
            let folder = number % 2 == 0 ? "even" : "odd"
            try fixture.write("\(folder)/doc\(number).md", "# Note \(number)\n\nCheckpoint number \(number) copies pages back to the database.")
        }
        let knowledgeBase = try Self.knowledgeBase(fixture)
        _ = try knowledgeBase.add([fixture.files.path])
        for mode in [SearchMode.semantic, .hybrid] {
            let hits = try knowledgeBase.search(SearchRequest(query: "checkpoint copies pages", limit: 5,
                                                              filter: SearchFilter(pathGlobs: ["odd/*"]), mode: mode))
            #expect(hits.count == 5)
            #expect(hits.allSatisfy { $0.path.contains("/odd/") })
        }
    }

    @Test("An index embedded in float32 is searched with a bfloat16 encoder, and the report names the precision",
          .enabled(if: EncoderPrecision.bfloat16Available, "this CPU has no AVX512_BF16"))
    func precisionsShareAnIndex() throws {
        let fixture = try Self.fixture { $0.encoderPrecision = .float32 }
        try fixture.write("cats.md", "# Pets\n\nFelines sleep for most of the day and hunt at dusk.")
        try fixture.write("db.md", "# Storage\n\nThe write-ahead log lets readers continue while a writer commits.")
        var configuration = fixture.knowledgeBase.configuration
        configuration.embedWhileIngesting = false
        let float32 = try KnowledgeBase.open(configuration)
        _ = try float32.add([fixture.files.path])
        let report = try float32.embedPending()
        #expect(report.embedded == 2 && report.precision == "float32")
        let exact = try float32.search(SearchRequest(query: "how long do cats nap", limit: 2, mode: .semantic))

        configuration.encoderPrecision = .bfloat16
        let bfloat16 = try KnowledgeBase.open(configuration)
        let approximate = try bfloat16.search(SearchRequest(query: "how long do cats nap", limit: 2, mode: .semantic))
        #expect(approximate.map(\.path) == exact.map(\.path))
        for (a, b) in zip(approximate, exact) { #expect(abs(a.score - b.score) < 1e-3, "\(a.path): \(a.score) vs \(b.score)") }
        #expect(try bfloat16.embedPending().precision == "bfloat16")
    }
}
