@testable import Footnote
import FootnoteEvaluation
import FootnoteCore
import Foundation
import Grounding
import Testing
import TestSupport

/// `calibrate --self` over the real documents of `corpora/`: questions made from the index, their
/// unanswerable twins, a fit stored in the index, and `ask` answering behind it.
@Suite("Self-calibration of the evidence gate (calibrate --self over corpora/)", .serialized)
struct SelfCalibrationTests {
    static let shared: Result<KnowledgeBaseFixture, Error> = Result {
        let fixture = try KnowledgeBaseFixture()
        _ = try fixture.knowledgeBase.add([RepositoryPaths.corpora.path])
        return fixture
    }

    func calibrate(questions: Int = 60, seed: UInt64 = 1) async throws -> SelfCalibration {
        var calibrator = SelfCalibrator()
        calibrator.questionCount = questions
        calibrator.seed = seed
        return try await calibrator.calibrate(try Self.shared.get().knowledgeBase)
    }

    @Test("the questions come from the passages, the twins score lower, and the fit keeps within the cap")
    func fit() async throws {
        let result = try await calibrate()
        // Questions whose own passage retrieval does not find are left out, with their twins.
        let unretrieved = try #require(result.unretrieved["lexical"])
        #expect(result.fit.answerable + unretrieved == 60 && result.fit.unanswerable == result.fit.answerable)
        #expect(result.fit.answerable >= 30)
        #expect(result.fit.generator == "templates" && result.fit.modes == ["lexical"])
        #expect(result.templates.values.reduce(0, +) == 60)
        let point = try #require(result.points.first)
        print(String(format: "corpora/ self-fit: threshold %.3f, twins %.3f, originals %.3f; held out %.3f / %.3f; %@", point.threshold,
                     point.abstentionRecall, point.falseAbstentionRate, point.heldOutAbstentionRecall, point.heldOutFalseAbstentionRate,
                     result.templates.description))
        #expect(point.falseAbstentionRate <= 0.05)
        // Hiding the passage that answers must be visible to the gate: more than a fifth of the twins abstained on.
        #expect(point.abstentionRecall >= 0.2)
        #expect(result.fit.gate.threshold == point.threshold)
        // Deterministic: the same index and seed give the same questions and fit; another seed other questions.
        let again = try await calibrate()
        #expect(again.examples == result.examples && again.points == result.points)
        #expect(try await calibrate(seed: 7).examples != result.examples)
    }

    @Test("ask answers behind the stored fit and says so; a gate given with the request wins; forget restores the shipped gate")
    func storedFit() async throws {
        let knowledgeBase = try Self.shared.get().knowledgeBase
        var result = try await calibrate(questions: 30)
        // A threshold no shipped gate has, to tell which one decided.
        result.fit.gate.threshold = 0.123
        try knowledgeBase.storeGateFit(result.fit)
        defer { try? knowledgeBase.storeGateFit(nil) }
        #expect(try knowledgeBase.storedGateFit() == result.fit)
        let question = "When does the automatic checkpoint run?"
        let behindFit = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .lexical)).gate)
        #expect(behindFit.threshold == 0.123)
        #expect(behindFit.origin?.contains("calibrate --self") == true)
        let given = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .lexical, gate: .default)).gate)
        #expect(given.threshold == EvidenceGate.default.threshold)
        #expect(given.origin == "the gate given with the request")
        try knowledgeBase.storeGateFit(nil)
        let shipped = try #require(try await knowledgeBase.ask(AskRequest(question: question, mode: .lexical)).gate)
        #expect(shipped.threshold == EvidenceGate.default.threshold && shipped.origin == "the shipped gate")
    }

    @Test("a stored fit that cannot be read is reported and the shipped gate answers")
    func unreadableFit() async throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("notes.md", "# Checkpoints\n\nThe checkpoint runs when the write-ahead log reaches one thousand pages.\n")
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        try fixture.knowledgeBase.store.setSetting("evidence_gate", "{\"gate\": 3}")
        #expect(throws: FootnoteError.self) { try fixture.knowledgeBase.storedGateFit() }
        let answer = try await fixture.knowledgeBase.ask(AskRequest(question: "When does the checkpoint run?", mode: .lexical))
        #expect(answer.gate?.origin == "the shipped gate")
        #expect(answer.warnings.contains { $0.contains("evidence gate stored in the index") })
    }

    @Test("an index with too little text to question says so")
    func tooSmall() async throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("note.md", "# Note\n\nShort.\n")
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        await #expect { try await SelfCalibrator().calibrate(fixture.knowledgeBase) } throws: { "\($0)".contains("questions could be made") }
    }
}
