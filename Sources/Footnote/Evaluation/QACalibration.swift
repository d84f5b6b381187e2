import Foundation
import FootnoteCore
import Grounding

/// One point of the abstention curve.
public struct AbstentionPoint: Sendable, Codable, Hashable {
    public var threshold: Double
    /// Share of unanswerable questions abstained on.
    public var abstentionRecall: Double
    /// Share of answerable questions abstained on.
    public var falseAbstentionRate: Double

    enum CodingKeys: String, CodingKey {
        case threshold
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
    }
}

/// The result of fitting the evidence gate's threshold on a QA set.
public struct GateCalibration: Sendable, Codable {
    public var dataset: String
    public var mode: String
    /// The largest false-abstention rate allowed when choosing the threshold.
    public var maxFalseAbstention: Double
    /// The chosen threshold: highest abstention recall with false abstention ≤ the cap (fitted on all questions).
    public var threshold: Double
    public var abstentionRecall: Double
    public var falseAbstentionRate: Double
    /// Two-fold cross-validation by article: fit on one half of the articles, measure on the other.
    public var heldOutAbstentionRecall: Double
    public var heldOutFalseAbstentionRate: Double
    public var curve: [AbstentionPoint]

    enum CodingKeys: String, CodingKey {
        case dataset, mode, threshold, curve
        case maxFalseAbstention = "max_false_abstention"
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
        case heldOutAbstentionRecall = "held_out_abstention_recall"
        case heldOutFalseAbstentionRate = "held_out_false_abstention_rate"
    }
}

/// Fits the evidence gate's threshold on a QA set: retrieves for every question, scores the
/// evidence, and sweeps the threshold. Deterministic: the same index and gate give the same curve.
public struct GateCalibrator: Sendable {
    public var evaluator: QAEvaluator
    public var maxFalseAbstention: Double = 0.05
    /// Threshold steps of the printed curve.
    public var step: Double = 0.02
    /// When set, every question's features are written here as JSON lines (for analysis).
    public var featureDump: URL?

    public init(evaluator: QAEvaluator) {
        self.evaluator = evaluator
    }

    /// Scores every question's evidence, then fits and cross-validates the threshold.
    public func calibrate(_ dataset: QADataset) throws -> GateCalibration {
        let template = evaluator.template
        let indexed = try evaluator.index(dataset, embed: template.mode != .lexical && evaluator.configuration.modelDirectory != nil)
        let knowledgeBase = indexed.knowledgeBase
        let passages = try knowledgeBase.index.chunkCount()
        var samples: [(score: Double, answerable: Bool, group: String)] = []
        var dump = Data()
        for question in dataset.questions {
            let hits = try knowledgeBase.search(SearchRequest(
                query: question.question, limit: max(template.sourceLimit, template.gate.depth), mode: template.mode, explain: true))
            let features = template.gate.features(
                question: question.question, hits: hits,
                documentFrequency: try knowledgeBase.documentFrequencies(question.question, filter: .init()), passageCount: passages)
            samples.append((template.gate.score(features), question.answerable, question.group))
            if featureDump != nil {
                let row: [String: Any] = [
                    "id": question.id, "answerable": question.answerable, "kind": question.reason ?? "", "group": question.group,
                    "passage": features.passageCoverage, "window": features.windowCoverage, "sentence": features.sentenceCoverage,
                    "bm25": features.topLexicalScore ?? 0, "cosine": features.topSemanticScore ?? -1,
                    "missing_idf": features.missingTerm.flatMap { features.terms[$0] } ?? 0,
                    "max_idf": features.terms.values.max() ?? 0, "terms": features.terms.count,
                ]
                dump.append(try JSONSerialization.data(withJSONObject: row))
                dump.append(0x0A)
            }
        }
        if let featureDump { try dump.write(to: featureDump) }
        let thresholds = stride(from: 0.0, through: 1.0 + 1e-9, by: step).map { ($0 * 1000).rounded() / 1000 }
        let curve = thresholds.map { Self.point(samples, threshold: $0) }
        let best = choose(curve)
        // Two folds by article: each question judged with the threshold fitted on the other articles.
        let heldOut = ArticleFolds.heldOut(samples, group: \.group) { train in
            choose(thresholds.map { Self.point(train, threshold: $0) }).threshold
        }.map { (score: $0.0.score, answerable: $0.0.answerable, threshold: $0.1) }
        let unanswerable = heldOut.filter { !$0.answerable }
        let answerable = heldOut.filter(\.answerable)
        return GateCalibration(
            dataset: dataset.name, mode: try knowledgeBase.effectiveMode(template.mode).rawValue, maxFalseAbstention: maxFalseAbstention,
            threshold: best.threshold, abstentionRecall: best.abstentionRecall, falseAbstentionRate: best.falseAbstentionRate,
            heldOutAbstentionRecall: Double(unanswerable.filter { $0.score < $0.threshold }.count) / Double(max(1, unanswerable.count)),
            heldOutFalseAbstentionRate: Double(answerable.filter { $0.score < $0.threshold }.count) / Double(max(1, answerable.count)),
            curve: curve)
    }

    /// The point with the highest abstention recall whose false abstention is within the cap.
    func choose(_ curve: [AbstentionPoint]) -> AbstentionPoint {
        let allowed = curve.filter { $0.falseAbstentionRate <= maxFalseAbstention + 1e-12 }
        return allowed.max { ($0.abstentionRecall, -$0.threshold) < ($1.abstentionRecall, -$1.threshold) } ?? curve[0]
    }

    static func point(_ samples: [(score: Double, answerable: Bool, group: String)], threshold: Double) -> AbstentionPoint {
        let unanswerable = samples.filter { !$0.answerable }
        let answerable = samples.filter(\.answerable)
        return AbstentionPoint(
            threshold: threshold,
            abstentionRecall: Double(unanswerable.filter { $0.score < threshold }.count) / Double(max(1, unanswerable.count)),
            falseAbstentionRate: Double(answerable.filter { $0.score < threshold }.count) / Double(max(1, answerable.count)))
    }
}
