import Foundation
import Footnote
import FootnoteCore
import Grounding

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
    /// The gate whose scores the curve is for: its weights (fitted when asked) and the chosen threshold.
    public var gate: EvidenceGate
    /// True when the weights were fitted (`--fit-weights`), false when the given gate's weights were kept.
    public var fittedWeights: Bool

    enum CodingKeys: String, CodingKey {
        case dataset, mode, threshold, curve, gate
        case fittedWeights = "fitted_weights"
        case maxFalseAbstention = "max_false_abstention"
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
        case heldOutAbstentionRecall = "held_out_abstention_recall"
        case heldOutFalseAbstentionRate = "held_out_false_abstention_rate"
    }
}

/// Fits the evidence gate on a QA set: retrieves for every question, computes the evidence features,
/// and sweeps the threshold (and, with `fitWeights`, a grid of feature weights). Deterministic: the
/// same index and gate give the same curve.
public struct GateCalibrator: Sendable {
    public var evaluator: QAEvaluator
    public var maxFalseAbstention: Double = 0.05
    /// Threshold steps of the reported curve.
    public var step: Double = 0.01
    /// Thresholds are chosen among multiples of this.
    public var resolution: Double = 0.001
    /// Also fit the weights (passage vs. sentence coverage, top cosine, sentence cosine and its floor, name
    /// penalty, retrieval margin) on a grid.
    public var fitWeights = false
    /// When set, every question's features are written here as JSON lines (for analysis).
    public var featureDump: URL?

    public init(evaluator: QAEvaluator) {
        self.evaluator = evaluator
    }

    typealias Sample = (features: EvidenceFeatures, answerable: Bool, group: String)

    /// Every question's evidence features, measured once: a gate's weights and threshold can then be fitted
    /// (and variants of the gate compared) without retrieving again.
    public struct Samples: Sendable {
        public var dataset: String
        public var mode: String
        var items: [Sample]

        /// How many questions were measured.
        public var count: Int { items.count }
        /// Each question's features, in the set's order.
        public var features: [EvidenceFeatures] { items.map(\.features) }

        /// The abstention rates of `gate` deciding as it does in `ask` (its threshold for these features: the
        /// dense one when vectors were used).
        public func point(_ gate: EvidenceGate) -> AbstentionPoint {
            let decisions = items.map { (gate.decide($0.features), $0.answerable) }
            return AbstentionFit.point(decisions.map { ($0.0.score, $0.1) }, threshold: decisions.first?.0.threshold ?? gate.threshold)
        }
    }

    /// Computes every question's evidence features, then fits and cross-validates the gate.
    public func calibrate(_ dataset: QADataset) async throws -> GateCalibration {
        calibrate(try await samples(dataset))
    }

    /// The evidence features of every question of `dataset` under the template's retrieval settings (and the
    /// feature dump, when asked for).
    public func samples(_ dataset: QADataset) async throws -> Samples {
        let template = evaluator.template
        let indexed = try evaluator.index(dataset, embed: template.mode != .lexical && evaluator.configuration.embeds)
        let knowledgeBase = indexed.knowledgeBase
        let passages = try knowledgeBase.store.chunkCount()
        var samples: [Sample] = []
        var dump = Data()
        for question in dataset.questions {
            let features = try await Self.features(of: question.question, in: knowledgeBase, template: template, passages: passages)
            samples.append((features, question.answerable, question.group))
            if featureDump != nil {
                let row: [String: Any] = [
                    "id": question.id, "answerable": question.answerable, "kind": question.reason ?? "", "group": question.group,
                    "passage": features.passageCoverage, "window": features.windowCoverage, "sentence": features.sentenceCoverage,
                    "bm25": features.topLexicalScore ?? 0, "cosine": features.topSemanticScore ?? -1,
                    "sentence_cosine": features.sentenceSimilarity ?? -1,
                    "missing_idf": features.missingTerm.flatMap { features.terms[$0] } ?? 0,
                    "max_idf": features.terms.values.max() ?? 0, "terms": features.terms.count, "missing_names": features.missingNames,
                    "margin": features.retrievalMargin ?? -1,
                ]
                dump.append(try JSONSerialization.data(withJSONObject: row))
                dump.append(0x0A)
            }
        }
        if let featureDump { try dump.write(to: featureDump) }
        return Samples(dataset: dataset.name, mode: try knowledgeBase.effectiveMode(template.mode).rawValue, items: samples)
    }

    /// One question's evidence features under the template's retrieval settings, the sentence cosine measured
    /// whatever the gate's weight on it (so that variants weighing it can be fitted).
    static func features(of question: String, in knowledgeBase: KnowledgeBase, template: AskRequest, passages: Int) async throws -> EvidenceFeatures {
        let hits = try knowledgeBase.evidenceHits(SearchRequest(
            query: question, limit: max(template.sourceLimit, template.gate.depth), mode: template.mode, explain: true))
        var cosines = SentenceCosines(question: question)
        return try await knowledgeBase.evidence(
            question: question, hits: hits, mode: template.mode, gate: template.gate, filter: .init(), passageCount: passages,
            similarity: true, cosines: &cosines)
    }

    /// Asks every question as `QAEvaluator.evaluate` does and keeps the evidence features each answer's gate
    /// read: one pass scores the answers and feeds calibration (the features equal those `samples` measures;
    /// a question answered without the gate, or behind a gate that does not weigh the sentence cosine or is not
    /// the template's — a self-calibrated one — is measured again as `samples` would).
    public func evaluateAndSample(_ dataset: QADataset) async throws -> (result: QAEvaluationResult, samples: Samples) {
        var items: [Sample] = []
        let answersReadTemplateGate = evaluator.selfCalibrator == nil && evaluator.template.gate.similarityWeight > 0
        var passages: Int?  // counted once, when a question is first measured again
        let result = try await evaluator.evaluate(dataset) { question, answer, knowledgeBase in
            var features = answer.gate?.features
            if features == nil || !answersReadTemplateGate {
                let count = try passages ?? knowledgeBase.store.chunkCount()
                passages = count
                features = try await Self.features(of: question.question, in: knowledgeBase, template: evaluator.template, passages: count)
            }
            if let features { items.append((features, question.answerable, question.group)) }
        }
        return (result, Samples(dataset: dataset.name, mode: result.mode, items: items))
    }

    /// Fits and cross-validates `gate` (default: the template's) on measured samples.
    public func calibrate(_ measured: Samples, gate start: EvidenceGate? = nil) -> GateCalibration {
        let template = evaluator.template
        let samples = measured.items
        let start = start ?? template.gate
        let dense = samples.contains { $0.features.topSemanticScore != nil }
        let candidates = fitWeights ? AbstentionFit.weightGrid(start, dense: dense) : [start]
        let (gate, best) = fit(samples, candidates: candidates)
        // Two folds by article: each question judged with the gate fitted on the other articles.
        let heldOut = ArticleFolds.heldOut(samples, group: \.group) { train in
            let (trained, point) = fit(train, candidates: candidates)
            return (gate: trained, threshold: point.threshold)
        }.map { (score: $0.1.gate.score($0.0.features), answerable: $0.0.answerable, threshold: $0.1.threshold) }
        let unanswerable = heldOut.filter { !$0.answerable }
        let answerable = heldOut.filter(\.answerable)
        var chosen = gate
        if dense { chosen.denseThreshold = best.threshold } else { chosen.threshold = best.threshold }
        return GateCalibration(
            dataset: measured.dataset, mode: measured.mode, maxFalseAbstention: maxFalseAbstention,
            threshold: best.threshold, abstentionRecall: best.abstentionRecall, falseAbstentionRate: best.falseAbstentionRate,
            heldOutAbstentionRecall: Double(unanswerable.filter { $0.score < $0.threshold }.count) / Double(max(1, unanswerable.count)),
            heldOutFalseAbstentionRate: Double(answerable.filter { $0.score < $0.threshold }.count) / Double(max(1, answerable.count)),
            curve: curve(samples.map { (gate.score($0.features), $0.answerable) }, with: best), gate: chosen, fittedWeights: fitWeights)
    }

    /// The candidate gate and threshold with the highest abstention recall within the false-abstention cap.
    func fit(_ samples: [Sample], candidates: [EvidenceGate]) -> (EvidenceGate, AbstentionPoint) {
        AbstentionFit(maxFalseAbstention: maxFalseAbstention, resolution: resolution)
            .fit(samples.map { ($0.features, $0.answerable) }, candidates: candidates)
    }

    /// The threshold `AbstentionFit` chooses for (score, answerable) pairs.
    func choose(_ scored: [(Double, Bool)]) -> AbstentionPoint {
        AbstentionFit(maxFalseAbstention: maxFalseAbstention, resolution: resolution).choose(scored)
    }

    /// Abstention rates at every threshold step, for (score, answerable) pairs, with `chosen` in its place.
    func curve(_ scored: [(Double, Bool)], with chosen: AbstentionPoint? = nil) -> [AbstentionPoint] {
        var points = stride(from: 0.0, through: 1.0 + 1e-9, by: step).map { ($0 * 1000).rounded() / 1000 }
            .map { Self.point(scored, threshold: $0) }
        if let chosen, !points.contains(where: { abs($0.threshold - chosen.threshold) < 1e-9 }) {
            points.append(chosen)
            points.sort { $0.threshold < $1.threshold }
        }
        return points
    }

    static func point(_ scored: [(Double, Bool)], threshold: Double) -> AbstentionPoint {
        AbstentionFit.point(scored, threshold: threshold)
    }
}
