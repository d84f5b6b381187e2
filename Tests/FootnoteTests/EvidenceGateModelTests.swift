import Footnote
import FootnoteCore
import Foundation
import Grounding
import Testing
import TestSupport

@Suite("evidence gate with the real model", .serialized,
       .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)))
struct EvidenceGateModelTests {
    @Test("hybrid ask embeds the top passages' sentences: the best sentence cosine enters the gate; lexical ask does not embed")
    func sentenceCosine() async throws {
        let fixture = try AskFixture(modelDirectory: ModelLocation.miniLM)
        defer { withExtendedLifetime(fixture) {} }  // its folder holds the index
        let knowledgeBase = fixture.knowledgeBase
        let embedder = try #require(knowledgeBase.embedder)

        let question = "When do checkpoints run automatically?"
        let answered = try await knowledgeBase.ask(AskRequest(question: question, mode: .hybrid))
        let gate = try #require(answered.gate)
        let similarity = try #require(gate.features.sentenceSimilarity)
        #expect(answered.kind == .extractive)
        #expect(gate.threshold == EvidenceGate.default.denseThreshold)
        #expect(gate.formula.contains("sentence_cosine"))
        // Hybrid retrieval fused by score: the best passage's lead over the runner-up enters the score.
        let margin = try #require(gate.features.retrievalMargin)
        #expect(margin > 0 && margin <= 1)
        #expect(gate.formula.contains("retrieval_margin"))
        // The feature is the best sentence's cosine: at least that of the sentence holding the answer.
        let vectors = try await embedder.embed([question, "Checkpoints run automatically when the WAL reaches 1000 pages."], role: .document)
        let direct = Double(zip(vectors[0], vectors[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        #expect(similarity >= direct - 1e-4)
        #expect(similarity > 0.5)

        let offTopic = try await knowledgeBase.ask(AskRequest(question: "Who painted the Mona Lisa?", mode: .hybrid))
        #expect(offTopic.kind == .abstained)
        #expect(try #require(offTopic.gate?.features.sentenceSimilarity) < similarity - 0.2)

        // The cosine weights were fitted with this model; with another one the gate keeps to the word evidence.
        #expect(embedder.identity.checksum == EvidenceGate.default.similarityModel)
        var otherModel = EvidenceGate.default
        otherModel.similarityModel = "0000000000000000"
        let other = try await knowledgeBase.ask(AskRequest(question: question, mode: .hybrid, gate: otherModel))
        #expect(other.gate?.features.sentenceSimilarity == nil)
        #expect(other.gate?.threshold == EvidenceGate.default.threshold)
        #expect(other.kind == .extractive)

        let lexical = try await knowledgeBase.ask(AskRequest(question: question, mode: .lexical))
        #expect(lexical.gate?.features.sentenceSimilarity == nil)
        #expect(lexical.gate?.features.retrievalMargin == nil)
        // Semantic-only retrieval has no fused scores: no margin, the word evidence keeps its share.
        let semantic = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .semantic)).gate)
        #expect(semantic.features.retrievalMargin == nil && semantic.features.sentenceSimilarity != nil)
        #expect(!semantic.formula.contains("retrieval_margin"))
        #expect(lexical.gate?.threshold == EvidenceGate.default.threshold)
    }

    @Test("a name the knowledge base never mentions lowers the hybrid score by namePenalty, and an abstention says which")
    func missingName() async throws {
        let fixture = try AskFixture(modelDirectory: ModelLocation.miniLM)
        defer { withExtendedLifetime(fixture) {} }  // its folder holds the index
        let knowledgeBase = fixture.knowledgeBase
        let question = "When do checkpoints run automatically in Postgres?"
        let penalised = try await knowledgeBase.ask(AskRequest(question: question, mode: .hybrid))
        let gate = try #require(penalised.gate)
        #expect(gate.features.missingNames == ["postgres"])
        var lenient = EvidenceGate.default
        lenient.namePenalty = 0
        let plain = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .hybrid, gate: lenient)).gate)
        #expect(abs(plain.score - gate.score - EvidenceGate.default.namePenalty) < 1e-9, "\(plain.score) vs \(gate.score)")
        #expect(gate.formula.contains("no passage names postgres"))
        var strict = EvidenceGate.default
        strict.namePenalty = 1
        let abstained = try await knowledgeBase.ask(AskRequest(question: question, mode: .hybrid, gate: strict))
        #expect(abstained.kind == .abstained)
        #expect(abstained.sentences.first?.text == "The knowledge base does not answer this. Nothing in it mentions “Postgres”.")
        // The names the documents hold are not missing; word evidence alone takes no penalty.
        #expect(try #require(try await knowledgeBase.ask(AskRequest(question: "When do checkpoints run in WAL mode?", mode: .hybrid)).gate)
            .features.missingNames.isEmpty)
        let lexical = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .lexical, gate: strict)).gate)
        #expect(lexical.features.missingNames == ["postgres"])
        #expect(!lexical.formula.contains("no passage names"))
    }
}
