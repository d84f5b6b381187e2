import Foundation
import Footnote
import FootnoteCore
import Grounding
import KnowledgeStore

/// Latency of one pipeline stage over a run, in milliseconds.
public struct StageLatency: Sendable, Codable, Hashable {
    public var p50: Double
    public var p95: Double

    enum CodingKeys: String, CodingKey {
        case p50 = "p50_ms"
        case p95 = "p95_ms"
    }
}

/// Scores of one `footnote eval-qa` run; the JSON keys are the documented metric names.
public struct QAEvaluationResult: Sendable, Codable {
    public var dataset: String
    public var answerer: String
    public var mode: String
    public var questions: Int
    public var answerable: Int
    public var unanswerable: Int
    /// Share of answerable questions whose answer text contains a gold answer.
    public var answerRecall: Double
    /// Share of answerable questions answered (not abstained on) with a text that contains a gold answer:
    /// an abstention is a miss even when its message happens to quote the answer.
    public var answerRecallAll: Double
    /// Share of shown citations (answerable questions) whose cited span contains a gold answer.
    public var citationPrecision: Double
    /// Share of answerable questions with at least one shown citation whose span contains a gold answer.
    public var citationRecall: Double
    /// Share of unanswerable questions abstained on.
    public var abstentionRecall: Double
    /// Share of answerable questions abstained on.
    public var falseAbstentionRate: Double
    /// Citation precision counting every citation shown for an unanswerable question as wrong.
    public var citationPrecisionAll: Double
    /// Share of shown citations (answerable questions) that point into a gold passage.
    public var passageCitationPrecision: Double
    /// Abstention recall per kind of unanswerable question (e.g. article-absent, passage-absent).
    public var abstentionRecallByKind: [String: Double]
    public var shownCitations: Int
    /// Mean length in words of the shown citations' quotes (answerable questions): what precision costs in reading.
    public var meanQuoteWords: Double
    /// The 90th percentile of the same lengths.
    public var p90QuoteWords: Double
    public var gateThreshold: Double
    /// With `--self-calibrate`: the gate fitted to the corpus's index without labels, which answered.
    public var selfFit: SelfCalibration?
    /// p50/p95 per stage: route, retrieve, gate, generate, verify.
    public var latency: [String: StageLatency]

    enum CodingKeys: String, CodingKey {
        case dataset, answerer, mode, questions, answerable, unanswerable, latency
        case answerRecall = "answer_recall"
        case answerRecallAll = "answer_recall_all"
        case citationPrecision = "citation_precision"
        case citationRecall = "citation_recall"
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
        case citationPrecisionAll = "citation_precision_all"
        case passageCitationPrecision = "passage_citation_precision"
        case abstentionRecallByKind = "abstention_recall_by_kind"
        case shownCitations = "shown_citations"
        case meanQuoteWords = "mean_quote_words"
        case p90QuoteWords = "p90_quote_words"
        case gateThreshold = "gate_threshold"
        case selfFit = "self_fit"
    }
}

/// Indexes a QA set's corpus and asks every question through `KnowledgeBase.ask`.
public struct QAEvaluator: Sendable {
    public var configuration: FootnoteConfiguration
    /// Where corpus indexes are kept between runs (nil: a temporary index).
    public var cacheDirectory: URL?
    /// The template for every question (gate, answerer, models, strictness).
    public var template: AskRequest
    /// Called after each question (done, total).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// When set, each question's answer and its scoring are written here as JSON lines.
    public var answerDump: URL?
    /// When set, the gate is fitted to the corpus's index by `SelfCalibrator` (no labels read), stored in
    /// it, and every question is answered behind it; else the template's gate answers, whatever the index holds.
    public var selfCalibrator: SelfCalibrator?

    public init(configuration: FootnoteConfiguration, template: AskRequest = AskRequest(question: "")) {
        self.configuration = configuration
        self.template = template
    }

    /// Indexes the corpus (embedding it when the configuration names a model and `embed` is set).
    /// Uses `Evaluator.index`: the same chunker as any file, and a cached index when one matches.
    func index(_ dataset: QADataset, embed: Bool) throws -> Evaluator.IndexedCollection {
        var evaluator = Evaluator(configuration: configuration)
        evaluator.cacheDirectory = cacheDirectory
        if !dataset.documentPaths.isEmpty { return try evaluator.index(name: dataset.name, paths: dataset.documentPaths, embed: embed) }
        return try evaluator.index(name: "qa-" + dataset.name, documents: dataset.documents, embed: embed)
    }

    /// Asks every question and scores the answers.
    public func evaluate(_ dataset: QADataset) async throws -> QAEvaluationResult {
        try await evaluate(dataset, observe: nil)
    }

    /// `evaluate`, handing each question's answer (and the knowledge base that gave it) to `observe`.
    func evaluate(_ dataset: QADataset,
                  observe: ((QADataset.Question, GroundedAnswer, KnowledgeBase) async throws -> Void)?) async throws -> QAEvaluationResult {
        let indexed = try index(dataset, embed: template.mode != .lexical && configuration.embeds)
        let knowledgeBase = indexed.knowledgeBase
        var template = self.template
        var selfFit: SelfCalibration?
        if let selfCalibrator {
            let fit = try await selfCalibrator.calibrate(knowledgeBase)
            try knowledgeBase.storeGateFit(fit.fit)
            template.gate = fit.fit.gate
            template.gateSource = .index
            selfFit = fit
        } else {
            template.gateSource = .given
        }
        var documentOfCitation: [String: String] = [:]
        var shown = 0, correct = 0, inGold = 0, wrongUnanswerable = 0
        var quoteWords: [Double] = []
        var answerRecall = 0, answeredRecall = 0, citationRecall = 0, falseAbstentions = 0, abstentions = 0
        var kinds: [String: (total: Int, abstained: Int)] = [:]
        var stages: [String: [Double]] = [:]
        // Each answer is written as soon as it is scored, so a long run that is stopped keeps what it did.
        var dump: FileHandle?
        if let answerDump {
            guard FileManager.default.createFile(atPath: answerDump.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create the answer dump '\(answerDump.path)'"])
            }
            dump = try FileHandle(forWritingTo: answerDump)
        }
        defer { try? dump?.close() }
        for (number, question) in dataset.questions.enumerated() {
            var request = template
            request.question = question.question
            let answer = try await knowledgeBase.ask(request)
            try await observe?(question, answer, knowledgeBase)
            for (stage, value) in [("route", answer.timings.route), ("retrieve", answer.timings.retrieve), ("gate", answer.timings.gate),
                                   ("generate", answer.timings.generate), ("verify", answer.timings.verify)] {
                stages[stage, default: []].append(value)
            }
            let abstained = answer.kind == .abstained
            let citations = answer.shownCitations
            if question.answerable {
                if abstained { falseAbstentions += 1 }
                if QADataset.contains(answer.text, anyOf: question.answers) {
                    answerRecall += 1
                    if !abstained { answeredRecall += 1 }
                }
                var anyCorrect = false
                for citation in citations {
                    shown += 1
                    quoteWords.append(Double(citation.quote.split(whereSeparator: \.isWhitespace).count))
                    if QADataset.contains(citation.quote, anyOf: question.answers) {
                        correct += 1
                        anyCorrect = true
                    }
                    let document = try documentPath(of: citation.chunkCitation, in: indexed, cache: &documentOfCitation)
                    if QADataset.isGold(document, for: question) { inGold += 1 }
                }
                if anyCorrect { citationRecall += 1 }
            } else {
                if abstained { abstentions += 1 } else { wrongUnanswerable += citations.count }
                let kind = question.reason ?? "unanswerable"
                kinds[kind, default: (0, 0)].total += 1
                if abstained { kinds[kind, default: (0, 0)].abstained += 1 }
            }
            if let dump {
                let row: [String: Any] = [
                    "id": question.id, "question": question.question, "answerable": question.answerable, "kind": answer.kind.rawValue,
                    "answers": question.answers, "answer": answer.text, "gate": answer.gate?.score ?? -1,
                    "quotes": citations.map(\.quote), "correct": citations.map { QADataset.contains($0.quote, anyOf: question.answers) },
                    "reason": question.reason ?? NSNull(), "passages": answer.sources.map(\.hit.text),
                    "headings": answer.sources.map { [$0.hit.title ?? ""] + $0.hit.headingPath },
                    "features": try answer.gate.map { try JSONSerialization.jsonObject(with: JSONEncoder().encode($0.features)) } ?? NSNull(),
                    "draft": answer.draft ?? NSNull(), "warnings": answer.warnings,
                ]
                try dump.write(contentsOf: try JSONSerialization.data(withJSONObject: row) + Data([0x0A]))
            }
            progress?(number + 1, dataset.questions.count)
        }
        let answerable = dataset.questions.filter(\.answerable).count
        let unanswerable = dataset.questions.count - answerable
        func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        let mode = try knowledgeBase.effectiveMode(template.mode)
        return QAEvaluationResult(
            dataset: dataset.name,
            answerer: template.fastModel == nil && template.deepModel == nil ? "extractive" : template.reader != nil ? "model reader" : "model",
            mode: mode.rawValue, questions: dataset.questions.count, answerable: answerable, unanswerable: unanswerable,
            answerRecall: ratio(answerRecall, answerable), answerRecallAll: ratio(answeredRecall, answerable), citationPrecision: ratio(correct, shown),
            citationRecall: ratio(citationRecall, answerable), abstentionRecall: ratio(abstentions, unanswerable),
            falseAbstentionRate: ratio(falseAbstentions, answerable),
            citationPrecisionAll: ratio(correct, shown + wrongUnanswerable), passageCitationPrecision: ratio(inGold, shown),
            abstentionRecallByKind: kinds.mapValues { ratio($0.abstained, $0.total) }, shownCitations: shown,
            meanQuoteWords: quoteWords.isEmpty ? 0 : quoteWords.reduce(0, +) / Double(quoteWords.count),
            p90QuoteWords: quoteWords.isEmpty ? 0 : RetrievalMetrics.percentile(quoteWords, 0.9),
            gateThreshold: mode == .lexical ? template.gate.threshold : template.gate.denseThreshold, selfFit: selfFit,
            latency: stages.mapValues { StageLatency(p50: RetrievalMetrics.percentile($0, 0.5), p95: RetrievalMetrics.percentile($0, 0.95)) })
    }

    /// The path of the document a chunk citation belongs to (`/beir/<set>/<id>` for a corpus document).
    private func documentPath(of chunkCitation: String, in indexed: Evaluator.IndexedCollection, cache: inout [String: String]) throws -> String {
        if let known = cache[chunkCitation] { return known }
        let path = try indexed.knowledgeBase.cite(chunkCitation, contextLength: 0).path
        cache[chunkCitation] = path
        return path
    }
}
