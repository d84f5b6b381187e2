@testable import Footnote
@testable import FootnoteEvaluation
import Testing

@Suite("Calibration: the threshold is chosen exactly from the scores")
struct ThresholdChoiceTests {
    let calibrator = GateCalibrator(evaluator: QAEvaluator(configuration: FootnoteConfiguration()))

    /// 20 answerable questions scoring 0.50, 0.52, … and unanswerable ones at `unanswerable`.
    func scored(unanswerable: [Double]) -> [(Double, Bool)] {
        (0..<20).map { (0.5 + Double($0) * 0.02, true) } + unanswerable.map { ($0, false) }
    }

    @Test("the highest abstention within the cap, at the lowest threshold (to 0.001) that reaches it")
    func exact() {
        // 5% of 20: one answerable question (0.50) may fall below; the second (0.52) may not.
        let point = calibrator.choose(scored(unanswerable: [0.1, 0.3, 0.4567, 0.515, 0.53, 0.9]))
        #expect(point.threshold == 0.516)
        #expect(abs(point.abstentionRecall - 4.0 / 6) < 1e-12)
        #expect(point.falseAbstentionRate == 0.05)
        // A 0.01 sweep would stop at 0.51 and miss the question at 0.515.
        #expect(GateCalibrator.point(scored(unanswerable: [0.1, 0.3, 0.4567, 0.515, 0.53, 0.9]), threshold: 0.51).abstentionRecall < point.abstentionRecall)
    }

    @Test("a threshold never reaches an answerable score beyond the cap, even on the grid's edge")
    func cap() {
        var strict = calibrator
        strict.maxFalseAbstention = 0
        let point = strict.choose(scored(unanswerable: [0.2, 0.499, 0.5, 0.7]))
        #expect(point.threshold == 0.5)
        #expect(point.falseAbstentionRate == 0)
        #expect(abs(point.abstentionRecall - 0.5) < 1e-12)
        // Nothing to catch below the first answerable score: threshold 0.
        #expect(strict.choose(scored(unanswerable: [0.8])).threshold == 0)
        // No answerable questions: every unanswerable one is caught.
        #expect(strict.choose([(0.3, false), (0.95, false)]).abstentionRecall == 1)
    }
}
