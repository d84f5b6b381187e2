import Foundation
import FootnoteCore
import Grounding
import LanguageModels

/// One labelled claim/passage pair for fitting the citation verifier.
public struct VerifierPair: Sendable, Hashable {
    /// "restated" (question restated with its gold answer, against the gold passage: supported),
    /// "other-passage" (the same claim against the most similar other passage of the article: not
    /// supported) or "wrong-answer" (the question restated with another question's answer that the
    /// gold passage does not contain: not supported).
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
    }

    /// The verifier with these thresholds.
    public func verifier(maxWindow: Int) -> CitationVerifier {
        CitationVerifier(overlapThreshold: overlapThreshold, weakOverlapThreshold: weakOverlapThreshold, similarityThreshold: similarityThreshold,
                         maxWindow: maxWindow, novelCoverageThreshold: novelCoverageThreshold)
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
    /// Two folds by article: fit on one half of the articles, measure on the other.
    public var heldOutPrecision: Double
    public var heldOutRecall: Double
    /// Share of each kind of pair that the chosen setting judges "supports".
    public var supportRateByKind: [String: Double] = [:]
    /// The same for the defaults.
    public var defaultSupportRateByKind: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case dataset, pairs, defaults, chosen
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

    /// The labelled pairs of `dataset` (answerable questions with a gold passage only).
    public static func pairs(_ dataset: QADataset) -> [VerifierPair] {
        let byID = Dictionary(dataset.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byGroup = Dictionary(grouping: dataset.questions.filter(\.answerable), by: \.group)
        var pairs: [VerifierPair] = []
        for question in dataset.questions where question.answerable {
            guard let answer = question.answers.first, let goldID = question.goldDocumentIDs.first,
                  let gold = byID[goldID] else { continue }
            let claim = restated(question.question, answer: answer)
            pairs.append(VerifierPair(kind: "restated", question: question.question, claim: claim, passage: gold.text, supported: true, group: question.group))
            // The article's other passage sharing the most claim terms (a hard negative), when it
            // does not contain the answer.
            if let other = mostSimilarOtherPassage(to: claim, question: question, gold: gold, in: dataset) {
                pairs.append(VerifierPair(kind: "other-passage", question: question.question, claim: claim, passage: other.text, supported: false, group: question.group))
            }
            // Another question's answer from the same article, absent from this gold passage.
            let wrong = (byGroup[question.group] ?? []).filter { $0.id != question.id }.compactMap(\.answers.first)
                .first { !QADataset.contains(gold.text, anyOf: [$0]) && QADataset.normalise($0) != QADataset.normalise(answer) }
            if let wrong {
                pairs.append(VerifierPair(kind: "wrong-answer", question: question.question, claim: restated(question.question, answer: wrong),
                                          passage: gold.text, supported: false, group: question.group))
            }
        }
        return pairs
    }

    /// The passage of the same article, other than the gold one and without the answer, that shares
    /// the most content terms with `claim` (ties: the smaller id).
    static func mostSimilarOtherPassage(
        to claim: String, question: QADataset.Question, gold: BEIRCollection.Document, in dataset: QADataset
    ) -> BEIRCollection.Document? {
        let claimTerms = Set(TextUnits.contentTerms(claim))
        let others = dataset.documents.filter { document in
            document.id != gold.id && document.title == gold.title && !QADataset.contains(document.text, anyOf: question.answers)
        }
        return others.max { first, second in
            (claimTerms.intersection(TextUnits.contentTerms(first.text)).count, second.id)
                < (claimTerms.intersection(TextUnits.contentTerms(second.text)).count, first.id)
        }
    }

    /// Pairs from the model's own answers: each chosen question is answered from its gold passage alone.
    func modelPairs(_ dataset: QADataset, model: any LanguageModel) async throws -> [VerifierPair] {
        let byID = Dictionary(dataset.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let answerable = dataset.questions.filter { $0.answerable && !$0.answers.isEmpty && $0.goldDocumentIDs.first.flatMap { byID[$0] } != nil }
        let stride = max(1, answerable.count / max(1, modelQuestions))
        let chosen = Swift.stride(from: 0, to: answerable.count, by: stride).prefix(modelQuestions).map { answerable[$0] }
        var pairs: [VerifierPair] = []
        for (number, question) in chosen.enumerated() {
            guard let goldID = question.goldDocumentIDs.first, let gold = byID[goldID] else { continue }
            let completion = try await model.complete(ChatRequest(messages: [
                ChatMessage(role: "system", content: "Answer the question in one complete sentence, using only the passage."),
                ChatMessage(role: "user", content: "Passage: \(gold.text)\n\nQuestion: \(question.question)"),
            ], maxTokens: 80), onToken: nil)
            progress?(number + 1, chosen.count)
            let scalars = Array(completion.text.unicodeScalars)
            guard let first = TextUnits.sentenceRanges(scalars).first else { continue }
            let sentence = String(String.UnicodeScalarView(scalars[first]))
            guard QADataset.contains(sentence, anyOf: question.answers) else { continue }
            pairs.append(VerifierPair(kind: "model", question: question.question, claim: sentence, passage: gold.text, supported: true, group: question.group))
            if let other = Self.mostSimilarOtherPassage(to: sentence, question: question, gold: gold, in: dataset) {
                pairs.append(VerifierPair(kind: "model-other-passage", question: question.question, claim: sentence, passage: other.text,
                                          supported: false, group: question.group))
            }
        }
        return pairs
    }

    /// "How many points did the Panthers defense surrender?" + "308" →
    /// "points did the Panthers defense surrender 308": the question without its wh-word, then the answer.
    static func restated(_ question: String, answer: String) -> String {
        var words = question.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        let whWords: Set<String> = ["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much"]
        while let first = words.first, whWords.contains(first.lowercased().trimmingCharacters(in: .punctuationCharacters)) {
            words.removeFirst()
        }
        let body = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "?!. "))
        return body + " " + answer + "."
    }

    /// Scores every pair with the verifier, sweeps its thresholds and cross-validates by article.
    public func calibrate(_ dataset: QADataset) async throws -> VerifierCalibration {
        let indexed = try evaluator.index(dataset, embed: evaluator.configuration.modelDirectory != nil)
        let knowledgeBase = indexed.knowledgeBase
        let verifier = CitationVerifier.default
        var pairs = Self.pairs(dataset)
        if let model { pairs += try await modelPairs(dataset, model: model) }
        var measured: [(pair: VerifierPair, overlap: Double, numbersAgree: Bool, novel: Double, span: String)] = []
        let passages = try knowledgeBase.index.chunkCount()
        for pair in pairs {
            // As `ask` weighs a sentence's terms: IDF over the index's passages.
            let weights = try knowledgeBase.idfWeights([pair.claim], filter: .init(), passageCount: passages)
            guard let span = verifier.bestSpan(for: pair.claim, in: pair.passage, weights: weights,
                                               questionTerms: Set(TextUnits.contentTerms(pair.question))) else { continue }
            measured.append((pair, span.overlap, span.numbersAgree, span.novelCoverage, span.text))
        }
        var similarities: [Double?] = Array(repeating: nil, count: measured.count)
        if let similarity = knowledgeBase.similarityFunction() {
            let scores = try await similarity(measured.map { ($0.pair.claim, $0.span) })
            similarities = scores.map { Optional($0) }
        }
        let samples = zip(measured, similarities).map { item, similarity in
            Sample(overlap: item.overlap, numbersAgree: item.numbersAgree, novelCoverage: item.novel, similarity: similarity,
                   supported: item.pair.supported, group: item.pair.group, kind: item.pair.kind)
        }
        let grid = Self.grid(withSimilarity: similarities.contains { $0 != nil })
        let chosen = choose(grid.map { Self.point($0, samples) })
        let heldOut = ArticleFolds.heldOut(samples, group: \.group) { train in
            choose(grid.map { Self.point($0, train) }).verifier(maxWindow: verifier.maxWindow)
        }
        func rates(_ setting: CitationVerifier) -> [String: Double] {
            Dictionary(grouping: samples, by: \.kind).mapValues { kind in
                Double(kind.filter { setting.supports(overlap: $0.overlap, similarity: $0.similarity, numbersAgree: $0.numbersAgree,
                                                      novelCoverage: $0.novelCoverage) }.count) / Double(max(1, kind.count))
            }
        }
        let chosenSetting = chosen.verifier(maxWindow: verifier.maxWindow)
        let judged = heldOut.filter { $0.1.supports(overlap: $0.0.overlap, similarity: $0.0.similarity, numbersAgree: $0.0.numbersAgree, novelCoverage: $0.0.novelCoverage) }
        var result = VerifierCalibration(
            dataset: dataset.name, pairs: samples.count, supportedPairs: samples.filter(\.supported).count,
            withSimilarity: similarities.contains { $0 != nil }, minPrecision: minPrecision,
            defaults: Self.point(verifier, samples), chosen: chosen,
            heldOutPrecision: Double(judged.filter { $0.0.supported }.count) / Double(max(1, judged.count)),
            heldOutRecall: Double(judged.filter { $0.0.supported }.count) / Double(max(1, heldOut.filter { $0.0.supported }.count)))
        result.supportRateByKind = rates(chosenSetting)
        result.defaultSupportRateByKind = rates(verifier)
        return result
    }

    struct Sample {
        var overlap: Double
        var numbersAgree: Bool
        var novelCoverage: Double
        var similarity: Double?
        var supported: Bool
        var group: String
        var kind: String
    }

    /// Overlap thresholds 0.30…0.90; with similarity, weak overlap 0.10…strong and similarity
    /// 0.30…0.90; novel-term coverage 0, 0.25, 0.5, 0.75 or 1.
    static func grid(withSimilarity: Bool) -> [CitationVerifier] {
        let steps = stride(from: 0.3, through: 0.9001, by: 0.05).map { ($0 * 100).rounded() / 100 }
        var settings: [CitationVerifier] = []
        for novel in [0, 0.25, 0.5, 0.75, 1.0] {
            for strong in steps {
                settings.append(CitationVerifier(overlapThreshold: strong, weakOverlapThreshold: strong, similarityThreshold: 1.01,
                                                 maxWindow: 3, novelCoverageThreshold: novel))
                guard withSimilarity else { continue }
                for weak in stride(from: 0.1, to: strong, by: 0.05).map({ ($0 * 100).rounded() / 100 }) {
                    for similarity in steps {
                        settings.append(CitationVerifier(overlapThreshold: strong, weakOverlapThreshold: weak,
                                                         similarityThreshold: similarity, maxWindow: 3, novelCoverageThreshold: novel))
                    }
                }
            }
        }
        return settings
    }

    static func point(_ verifier: CitationVerifier, _ samples: [Sample]) -> VerifierPoint {
        let judged = samples.filter { verifier.supports(overlap: $0.overlap, similarity: $0.similarity, numbersAgree: $0.numbersAgree, novelCoverage: $0.novelCoverage) }
        let correct = judged.filter(\.supported).count
        return VerifierPoint(
            overlapThreshold: verifier.overlapThreshold, weakOverlapThreshold: verifier.weakOverlapThreshold,
            similarityThreshold: verifier.similarityThreshold, novelCoverageThreshold: verifier.novelCoverageThreshold,
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
