import Footnote
import FootnoteEvaluation
import Foundation
import FootnoteCore
import Grounding
import Testing
import TestSupport

@Suite("Grounded QA on xquad-dev (extractive answers, gate calibration)", .enabled(if: RepositoryPaths.dataset("xquad-dev") != nil, "../shared/datasets/xquad-dev is not present"))
struct QAEvaluationTests {
    func xquad() throws -> QADataset {
        try QADataset(directory: try #require(RepositoryPaths.dataset("xquad-dev")))
    }

    @Test("eval-qa reports the documented metrics at the measured levels; JSON keys are exact")
    func evaluate() async throws {
        let dataset = try xquad()
        #expect(dataset.questions.count == 626)
        let result = try await QAEvaluator(configuration: FootnoteConfiguration(), template: AskRequest(question: "", mode: .lexical)).evaluate(dataset)
        print(String(format: "xquad-dev extractive: answer_recall %.4f citation_precision %.4f citation_recall %.4f abstention_recall %.4f false_abstention_rate %.4f",
                     result.answerRecall, result.citationPrecision, result.citationRecall, result.abstentionRecall, result.falseAbstentionRate))
        // Floors a little under the values measured here (0.90 / 0.94 / 0.77 / 0.041; `footnote eval-qa`, whose chunks are
        // counted in WordPiece tokens, gives 0.90 / 0.94 / 0.78 / 0.041): regressions fail, noise does not.
        #expect(result.answerRecall >= 0.86)
        #expect(result.citationPrecision >= 0.91)
        // Precision is not bought with ever longer quotes (measured 71.6 words; passages average 120).
        #expect(result.meanQuoteWords <= 76)
        #expect(result.passageCitationPrecision >= 0.92)
        // Lexical abstention measured 0.765 at 0.041 since the gate counts words with the index's Snowball
        // analyzer (0.80 at 0.051 with the light stemmer, whose rules were written on these questions; on
        // postgres-qa and eval/sqlite-qa, which they were not written on, lexical abstention moved by one
        // question or none).
        #expect(result.abstentionRecall >= 0.74)
        #expect(result.falseAbstentionRate <= 0.06)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        for key in ["answer_recall", "citation_precision", "citation_recall", "abstention_recall", "false_abstention_rate"] {
            #expect(json[key] is Double, "missing \(key)")
        }
        let latency = try #require(json["latency"] as? [String: [String: Double]])
        #expect(Set(latency.keys) == ["route", "retrieve", "gate", "generate", "verify"])
        #expect(latency["retrieve"]?["p95_ms"] != nil)

        // One sentence per quote (no widening, no next sentence): shorter quotes, lower precision (measured 0.72 / 0.76 / 31.6 words).
        var single = AskRequest(question: "", mode: .lexical)
        single.extractive.spanMargin = 0
        single.extractive.nextSentence = false
        let narrow = try await QAEvaluator(configuration: FootnoteConfiguration(), template: single).evaluate(dataset)
        #expect(narrow.citationPrecision >= 0.72 && narrow.citationPrecision < result.citationPrecision)
        #expect(narrow.meanQuoteWords <= 35 && narrow.meanQuoteWords < result.meanQuoteWords)
    }

    @Test("calibration is reproducible and its chosen threshold keeps false abstention under the cap")
    func calibration() async throws {
        let dataset = try xquad()
        var calibrator = GateCalibrator(evaluator: QAEvaluator(configuration: FootnoteConfiguration(), template: AskRequest(question: "", mode: .lexical)))
        let first = try await calibrator.calibrate(dataset)
        let measuredAgain = try await calibrator.samples(dataset)
        let second = calibrator.calibrate(measuredAgain)
        calibrator.fitWeights = true
        let fitted = calibrator.calibrate(measuredAgain)
        #expect(fitted.fittedWeights && !first.fittedWeights)
        // The grid holds the shipped weights, so fitting never does worse in-sample.
        #expect(fitted.abstentionRecall >= first.abstentionRecall)
        #expect(fitted.falseAbstentionRate <= 0.05)
        #expect(first.curve == second.curve)
        #expect(first.falseAbstentionRate <= 0.05)
        #expect(abs(first.threshold - EvidenceGate.default.threshold) < 0.021, "the shipped default should be the fitted threshold")
        // The curve is monotone: a higher threshold never abstains less.
        for (a, b) in zip(first.curve, first.curve.dropFirst()) {
            #expect(b.abstentionRecall >= a.abstentionRecall && b.falseAbstentionRate >= a.falseAbstentionRate)
        }
    }

    /// One pass over the questions both scores the hybrid answers and measures the gate's features (the
    /// answers' own), so the calibration below costs no second retrieval.
    @Test("hybrid extractive answers meet the 0.95 citation precision target; the shipped dense threshold is what calibration fits; missing names and the retrieval margin lift abstention",
          .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)))
    func hybrid() async throws {
        let dataset = try xquad()
        let configuration = FootnoteConfiguration(modelDirectory: ModelLocation.miniLM)
        let calibrator = GateCalibrator(evaluator: QAEvaluator(configuration: configuration, template: AskRequest(question: "", mode: .hybrid)))
        let (result, samples) = try await calibrator.evaluateAndSample(dataset)
        print(String(format: "xquad-dev extractive (hybrid): answer_recall %.4f citation_precision %.4f (%d citations) passage %.4f words %.1f abstention %.4f at %.4f",
                     result.answerRecall, result.citationPrecision, result.shownCitations, result.passageCitationPrecision,
                     result.meanQuoteWords, result.abstentionRecall, result.falseAbstentionRate))
        // Measured 0.954 (375 of 393), 0.908, 65.5 words, 0.906 at 0.048 (`footnote eval-qa … --mode hybrid` gives the
        // same; 0.957, 0.913, 66.5 words, 0.906 at 0.046 before the answerer counted words with the index's analyzer).
        #expect(result.citationPrecision >= 0.95)
        #expect(result.answerRecall >= 0.89)
        #expect(result.meanQuoteWords <= 70)
        #expect(result.abstentionRecall >= 0.90 && result.falseAbstentionRate <= 0.05)

        #expect(samples.count == dataset.questions.count)
        func calibrate(_ change: (inout EvidenceGate) -> Void = { _ in }) -> GateCalibration {
            var gate = EvidenceGate.default
            change(&gate)
            return calibrator.calibrate(samples, gate: gate)
        }
        let shipped = calibrate()
        print(String(format: "hybrid gate (shipped weights): abstention_recall %.4f false %.4f at %.3f; held out %.4f / %.4f",
                     shipped.abstentionRecall, shipped.falseAbstentionRate, shipped.threshold,
                     shipped.heldOutAbstentionRecall, shipped.heldOutFalseAbstentionRate))
        #expect(abs(shipped.threshold - EvidenceGate.default.denseThreshold) < 0.0015, "the shipped dense threshold should be the fitted one")
        #expect(shipped.falseAbstentionRate <= 0.05)
        // The gate fitted on these questions decides as the answers did: their abstentions are the gate's.
        #expect(abs(shipped.abstentionRecall - result.abstentionRecall) < 0.01)
        // Measured 0.906 at 0.048 (0.906 at 0.046 before the gate counted words with the index's analyzer, 0.911
        // at 0.048 before Snowball, Lucene's IDF and the document side; 0.897 without the retrieval margin, 0.883
        // without the name penalty, 0.79 before the sentence cosine joined the score then); held out by article
        // 0.887 at 0.051: the two-fold estimate of a 5% cap lands a question (of 413) above it (0.044 before the
        // one analyzer), so the held-out bound allows half a point more than the cap.
        #expect(shipped.abstentionRecall >= 0.90)
        #expect(shipped.heldOutAbstentionRecall >= 0.86 && shipped.heldOutFalseAbstentionRate <= 0.055)

        // Each signal lifts abstention at the same false-abstention cap: names the knowledge base never
        // mentions, and how far the best passage stands out from the runner-up.
        let withoutNames = calibrate { $0.namePenalty = 0 }
        let withoutMargin = calibrate { $0.marginWeight = 0 }
        print(String(format: "hybrid gate without the name penalty: %.4f at %.3f; without the retrieval margin: %.4f at %.3f",
                     withoutNames.abstentionRecall, withoutNames.threshold, withoutMargin.abstentionRecall, withoutMargin.threshold))
        #expect(withoutNames.falseAbstentionRate <= 0.05 && withoutMargin.falseAbstentionRate <= 0.05)
        #expect(shipped.abstentionRecall >= withoutNames.abstentionRecall + 0.015)
        #expect(shipped.abstentionRecall >= withoutMargin.abstentionRecall + 0.009)
    }

    @Test("verifier calibration: labelled pairs, a setting that meets the precision floor, and shipped defaults that hold on the pairs")
    func verifierCalibration() async throws {
        let dataset = try xquad()
        let pairs = VerifierCalibrator.pairs(dataset)
        #expect(pairs.filter { $0.kind == "restated" }.count == 413)
        #expect(pairs.filter(\.supported).allSatisfy { $0.kind == "restated" })
        #expect(pairs.filter { $0.kind == "other-passage" }.count > 300)
        #expect(pairs.filter { $0.kind == "wrong-answer" }.count > 300)
        #expect(pairs.filter { $0.kind == "misplaced-answer" }.count > 300)
        let first = try #require(pairs.first)
        #expect(first.claim == "points did the Panthers defense surrender 308.")

        let result = try await VerifierCalibrator(evaluator: QAEvaluator(configuration: FootnoteConfiguration())).calibrate(dataset)
        print(String(format: "verifier (overlap only): defaults precision %.4f recall %.4f; chosen precision %.4f recall %.4f",
                     result.defaults.precision, result.defaults.recall, result.chosen.precision, result.chosen.recall))
        #expect(!result.withSimilarity)
        #expect(result.chosen.precision >= 0.95)
        #expect((result.chosenOverlapOnly?.precision ?? 0) >= 0.95)
        // The shipped defaults (fitted with 99 real model answers among the pairs, which this run
        // lacks: precision 0.952 there) still hold here: a wrong or misplaced answer restating the
        // question is rejected, a right one accepted. Measured: precision 0.940, recall 0.760.
        #expect(result.defaults.precision >= 0.92)
        #expect(result.defaults.recall >= 0.74)
        #expect((result.defaultSupportRateByKind["wrong-answer"] ?? 1) <= 0.05)
        // Measured 0.049 (the previous setting accepted 0.38 of them).
        #expect((result.defaultSupportRateByKind["misplaced-answer"] ?? 1) <= 0.06)
    }
}
