import Foundation
import Footnote
import FootnoteCore
import Grounding
import LanguageModels

/// One labelled claim/passage pair for fitting the citation verifier.
public struct VerifierPair: Sendable, Hashable {
    /// "restated" (question restated with its gold answer, against the gold passage: supported),
    /// "other-passage" (the same claim against the most similar other passage of the article: not
    /// supported), "wrong-answer" (the question restated with another question's answer that the
    /// gold passage does not contain: not supported) or "misplaced-answer" (restated with another
    /// question's answer, against the passage that holds that answer: not supported).
    ///
    /// With a language model: "model" (the model's one-sentence answer from the gold passage alone,
    /// when it contains a gold answer, against that passage: supported) and "model-other-passage"
    /// (the same sentence against the article's most similar other passage: not supported).
    public var kind: String
    public var question: String
    public var claim: String
    public var passage: String
    public var supported: Bool
    public var group: String
}

/// Precision and recall of one verifier setting over labelled pairs.
public struct VerifierPoint: Sendable, Codable, Hashable {
    public var overlapThreshold: Double
    public var weakOverlapThreshold: Double
    public var similarityThreshold: Double
    public var novelCoverageThreshold: Double
    public var contextCoverageThreshold: Double
    /// Share of pairs judged "supports" that are supported.
    public var precision: Double
    /// Share of supported pairs judged "supports".
    public var recall: Double

    enum CodingKeys: String, CodingKey {
        case precision, recall
        case overlapThreshold = "overlap_threshold"
        case weakOverlapThreshold = "weak_overlap_threshold"
        case similarityThreshold = "similarity_threshold"
        case novelCoverageThreshold = "novel_coverage_threshold"
        case contextCoverageThreshold = "context_coverage_threshold"
    }

    /// The verifier with these thresholds.
    public func verifier(maxWindow: Int) -> CitationVerifier {
        CitationVerifier(overlapThreshold: overlapThreshold, weakOverlapThreshold: weakOverlapThreshold, similarityThreshold: similarityThreshold,
                         maxWindow: maxWindow, novelCoverageThreshold: novelCoverageThreshold, contextCoverageThreshold: contextCoverageThreshold)
    }
}

/// The result of `footnote calibrate --verifier`.
public struct VerifierCalibration: Sendable, Codable {
    public var dataset: String
    public var pairs: Int
    public var supportedPairs: Int
    /// Whether embedding similarity was available (a model is configured).
    public var withSimilarity: Bool
    public var minPrecision: Double
    /// The verifier's built-in defaults, measured on the same pairs.
    public var defaults: VerifierPoint
    /// The highest-recall setting with precision ≥ `minPrecision` (fitted on all pairs).
    public var chosen: VerifierPoint
    /// The same among settings that do not use similarity (weak overlap = strong): they hold with any
    /// embedding model, or none, since cosines of other models lie on other scales.
    public var chosenOverlapOnly: VerifierPoint?
    /// Held-out precision and recall of that fit (two folds by article).
    public var heldOutOverlapOnlyPrecision: Double?
    public var heldOutOverlapOnlyRecall: Double?
    /// Two folds by article: fit on one half of the articles, measure on the other.
    public var heldOutPrecision: Double
    public var heldOutRecall: Double
    /// Share of each kind of pair that the chosen setting judges "supports".
    public var supportRateByKind: [String: Double] = [:]
    /// The same for the defaults.
    public var defaultSupportRateByKind: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case dataset, pairs, defaults, chosen
        case chosenOverlapOnly = "chosen_overlap_only"
        case heldOutOverlapOnlyPrecision = "held_out_overlap_only_precision"
        case heldOutOverlapOnlyRecall = "held_out_overlap_only_recall"
        case supportedPairs = "supported_pairs"
        case withSimilarity = "with_similarity"
        case minPrecision = "min_precision"
        case heldOutPrecision = "held_out_precision"
        case heldOutRecall = "held_out_recall"
        case supportRateByKind = "support_rate_by_kind"
        case defaultSupportRateByKind = "default_support_rate_by_kind"
    }
}

/// Fits the citation verifier's thresholds on a QA set. Each answerable question gives a claim —
/// its content words restated with the gold answer, the way an answer sentence restates a question —
/// checked against its gold passage (supported), against the article's most similar other passage
/// (not supported), and restated with a wrong answer from the same article (not supported).
/// Overlap, number agreement and similarity come from the verifier itself (`bestSpan`, IDF weights
/// from the index, cosine from the configured model); the sweep then picks thresholds. Deterministic.
public struct VerifierCalibrator: Sendable {
    public var evaluator: QAEvaluator
    public var minPrecision: Double = 0.95
    /// When set, real answer sentences written by this model are added to the pairs: paraphrases
    /// that the restated questions lack.
    public var model: (any LanguageModel)?
    /// How many answerable questions (spread evenly over the set) the model answers.
    public var modelQuestions = 150
    /// Called after each model answer (done, total).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(evaluator: QAEvaluator) {
        self.evaluator = evaluator
    }

    /// Scores every pair with the verifier, sweeps its thresholds and cross-validates by article.
    public func calibrate(_ dataset: QADataset) async throws -> VerifierCalibration {
        let indexed = try evaluator.index(dataset, embed: evaluator.configuration.embeds)
        let knowledgeBase = indexed.knowledgeBase
        let verifier = CitationVerifier.default
        var pairs = Self.pairs(dataset)
        if let model { pairs += try await modelPairs(dataset, model: model) }
        var measured: [(pair: VerifierPair, span: SupportingSpan)] = []
        let passages = try knowledgeBase.store.chunkCount()
        for pair in pairs {
            // As `ask` weighs a sentence's terms: IDF over the index's passages.
            let weights = try knowledgeBase.idfWeights([pair.claim], filter: .init(), passageCount: passages)
            guard let span = verifier.bestSpan(for: pair.claim, in: pair.passage, weights: weights,
                                               questionTerms: Set(TextUnits.contentTerms(pair.question))) else { continue }
            measured.append((pair, span))
        }
        var similarities: [Double?] = Array(repeating: nil, count: measured.count)
        if let similarity = knowledgeBase.similarityFunction() {
            let scores = try await similarity(measured.map { ($0.pair.claim, $0.span.text) })
            similarities = scores.map { Optional($0) }
        }
        let samples = zip(measured, similarities).map { item, similarity in
            Sample(overlap: item.span.overlap, numbersAgree: item.span.numbersAgree, novelCoverage: item.span.novelCoverage,
                   contextCoverage: item.span.contextCoverage, similarity: similarity, supported: item.pair.supported,
                   group: item.pair.group, kind: item.pair.kind)
        }
        let grid = Self.grid(withSimilarity: similarities.contains { $0 != nil })
        let chosen = choose(grid.map { Self.point($0, samples) })
        let heldOut = ArticleFolds.heldOut(samples, group: \.group) { train in
            choose(grid.map { Self.point($0, train) }).verifier(maxWindow: verifier.maxWindow)
        }
        func rates(_ setting: CitationVerifier) -> [String: Double] {
            Dictionary(grouping: samples, by: \.kind).mapValues { kind in
                Double(kind.filter { $0.judged(by: setting) }.count) / Double(max(1, kind.count))
            }
        }
        let overlapOnlyGrid = grid.filter { $0.weakOverlapThreshold >= $0.overlapThreshold }
        let heldOutOverlapOnly = ArticleFolds.heldOut(samples, group: \.group) { train in
            choose(overlapOnlyGrid.map { Self.point($0, train) }).verifier(maxWindow: verifier.maxWindow)
        }
        let chosenSetting = chosen.verifier(maxWindow: verifier.maxWindow)
        let judged = heldOut.filter { $0.0.judged(by: $0.1) }
        var result = VerifierCalibration(
            dataset: dataset.name, pairs: samples.count, supportedPairs: samples.filter(\.supported).count,
            withSimilarity: similarities.contains { $0 != nil }, minPrecision: minPrecision,
            defaults: Self.point(verifier, samples), chosen: chosen,
            heldOutPrecision: Double(judged.filter { $0.0.supported }.count) / Double(max(1, judged.count)),
            heldOutRecall: Double(judged.filter { $0.0.supported }.count) / Double(max(1, heldOut.filter { $0.0.supported }.count)))
        result.chosenOverlapOnly = choose(overlapOnlyGrid.map { Self.point($0, samples) })
        let judgedOverlapOnly = heldOutOverlapOnly.filter { $0.0.judged(by: $0.1) }
        result.heldOutOverlapOnlyPrecision = Double(judgedOverlapOnly.filter { $0.0.supported }.count) / Double(max(1, judgedOverlapOnly.count))
        result.heldOutOverlapOnlyRecall = Double(judgedOverlapOnly.filter { $0.0.supported }.count)
            / Double(max(1, heldOutOverlapOnly.filter { $0.0.supported }.count))
        result.supportRateByKind = rates(chosenSetting)
        result.defaultSupportRateByKind = rates(verifier)
        return result
    }

    struct Sample {
        var overlap: Double
        var numbersAgree: Bool
        var novelCoverage: Double
        var contextCoverage: Double
        var similarity: Double?
        var supported: Bool
        var group: String
        var kind: String

        /// Whether `verifier` judges this pair "supports".
        func judged(by verifier: CitationVerifier) -> Bool {
            verifier.supports(overlap: overlap, similarity: similarity, numbersAgree: numbersAgree, novelCoverage: novelCoverage,
                              contextCoverage: contextCoverage)
        }
    }

    /// Overlap thresholds 0.30…0.90; with similarity, weak overlap 0.10…strong and similarity
    /// 0.30…0.90; novel-term coverage 0, 0.25, 0.5, 0.75 or 1; question-term coverage 0, 0.2, 0.3, 0.4 or 0.5.
    static func grid(withSimilarity: Bool) -> [CitationVerifier] {
        let steps = stride(from: 0.3, through: 0.9001, by: 0.05).map { ($0 * 100).rounded() / 100 }
        var settings: [CitationVerifier] = []
        for context in [0, 0.2, 0.3, 0.4, 0.5] {
            for novel in [0, 0.25, 0.5, 0.75, 1.0] {
                for strong in steps {
                    settings.append(CitationVerifier(overlapThreshold: strong, weakOverlapThreshold: strong, similarityThreshold: 1.01,
                                                     maxWindow: 3, novelCoverageThreshold: novel, contextCoverageThreshold: context))
                    guard withSimilarity else { continue }
                    for weak in stride(from: 0.1, to: strong, by: 0.05).map({ ($0 * 100).rounded() / 100 }) {
                        for similarity in steps {
                            settings.append(CitationVerifier(overlapThreshold: strong, weakOverlapThreshold: weak, similarityThreshold: similarity,
                                                             maxWindow: 3, novelCoverageThreshold: novel, contextCoverageThreshold: context))
                        }
                    }
                }
            }
        }
        return settings
    }

    static func point(_ verifier: CitationVerifier, _ samples: [Sample]) -> VerifierPoint {
        let judged = samples.filter { $0.judged(by: verifier) }
        let correct = judged.filter(\.supported).count
        return VerifierPoint(
            overlapThreshold: verifier.overlapThreshold, weakOverlapThreshold: verifier.weakOverlapThreshold,
            similarityThreshold: verifier.similarityThreshold, novelCoverageThreshold: verifier.novelCoverageThreshold,
            contextCoverageThreshold: verifier.contextCoverageThreshold,
            precision: Double(correct) / Double(max(1, judged.count)),
            recall: Double(correct) / Double(max(1, samples.filter(\.supported).count)))
    }

    /// The highest recall with precision ≥ `minPrecision`; ties go to the stricter setting.
    func choose(_ points: [VerifierPoint]) -> VerifierPoint {
        let allowed = points.filter { $0.precision >= minPrecision - 1e-12 }
        let pool = allowed.isEmpty ? points : allowed
        func key(_ point: VerifierPoint) -> (Double, Double, Double, Double) {
            allowed.isEmpty ? (point.precision, point.recall, point.overlapThreshold, point.similarityThreshold)
                : (point.recall, point.precision, point.overlapThreshold, point.similarityThreshold)
        }
        return pool.max { key($0) < key($1) } ?? points[0]
    }
}
