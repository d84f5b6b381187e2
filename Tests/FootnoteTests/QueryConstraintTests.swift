import Footnote
import FootnoteCore
import Foundation
import Grounding
import Testing
import TestSupport

/// A deterministic embedder (vectors hashed from the text, L2-normalised) that counts its calls by role:
/// the model is not what these tests are about, so they run without model weights.
final class CountingEmbedder: TextEmbedder, @unchecked Sendable {
    // `calls` is written under `lock` from whatever thread embeds.
    private let lock = NSLock()
    private var calls: [EmbeddingRole: Int] = [:]
    let identity = EmbedderIdentity(name: "counting-hash", dimension: 8, checksum: "counting-hash-8")

    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        lock.withLock { calls[role, default: 0] += 1 }
        return texts.map { text in
            let raw = RemoteTestServer.vector(for: text, dimension: 8)
            let norm = max(raw.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
            return raw.map { $0 / norm }
        }
    }

    func count(_ role: EmbeddingRole) -> Int { lock.withLock { calls[role, default: 0] } }
}

@Suite("Quoted phrases and exclusions hold in every search mode")
struct QueryConstraintTests {
    static func knowledgeBase(_ embedder: CountingEmbedder) throws -> (KnowledgeBaseFixture, KnowledgeBase) {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("a.md", "Virtual table modules are loaded by the extension loader.")
        try fixture.write("b.md", "The table is virtual and fts3 based; a module registers it.")
        try fixture.write("c.md", "Transactions commit atomically through the journal.")
        try fixture.write("d.md", "A virtual table can also expose CSV files as a table, through fts5 or csv modules.")
        let knowledgeBase = try KnowledgeBase(configuration: fixture.knowledgeBase.configuration, embedder: embedder)
        let report = try knowledgeBase.add([fixture.files.path])
        #expect(report.added == 4 && report.chunksEmbedded == 4)
        return (fixture, knowledgeBase)
    }

    @Test("A quoted phrase is required and a -term excluded, lexical, semantic and hybrid alike", arguments: SearchMode.allCases)
    func constraints(mode: SearchMode) throws {
        let (_, knowledgeBase) = try Self.knowledgeBase(CountingEmbedder())
        func names(_ query: String) throws -> Set<String> {
            Set(try knowledgeBase.search(SearchRequest(query: query, limit: 10, mode: mode)).map { ($0.path as NSString).lastPathComponent })
        }
        // The semantic leg alone would return every chunk (hashed vectors have no notion of meaning).
        if mode == .semantic { #expect(try names("journal") == ["a.md", "b.md", "c.md", "d.md"]) }
        #expect(try names("\"virtual table\"") == ["a.md", "d.md"])
        #expect(try names("\"virtual table\" module transactions") == ["a.md", "d.md"])
        #expect(try names("\"virtual table\" -csv") == ["a.md"])
        // Plain words are not required of semantic hits, exclusions are: only c.md lacks "virtual".
        #expect(try names("table -virtual").isSubset(of: ["c.md"]))
        #expect(try names("table -virtual").isEmpty == (mode == .lexical))
        #expect(try !names("module -fts3").contains("b.md"))
        #expect(try names("module -fts3").isSuperset(of: ["a.md", "d.md"]))
    }

    @Test("ask embeds its question once in hybrid mode, for retrieval and the sentence cosines together")
    func oneQueryEmbedding() async throws {
        let embedder = CountingEmbedder()
        let (_, knowledgeBase) = try Self.knowledgeBase(embedder)
        var gate = EvidenceGate.default
        gate.similarityModel = nil  // measure sentence cosines with this embedder too
        let answer = try await knowledgeBase.ask(AskRequest(question: "What loads virtual table modules?", mode: .hybrid, gate: gate))
        #expect(answer.gate?.features.sentenceSimilarity != nil, "the gate measured sentence cosines")
        #expect(embedder.count(.query) == 1)
    }
}
