import ArgumentParser
import Foundation
import FootnoteCore
import Footnote
import FootnoteEvaluation

struct EvalQACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-qa",
        abstract: "Measure grounded answers on a QA set: answer recall, citation precision/recall, abstention, stage latency.",
        discussion: """
            DATASET_DIR holds corpus.jsonl (BEIR format) and qa.jsonl (question, \
            answers, gold_corpus_ids, answerable). With --documents, qa.jsonl is \
            asked over those files and folders instead, indexed as `footnote add` \
            indexes them, and gold_corpus_ids name files by the end of their path. \
            The corpus is indexed (cached under ~/.cache/footnote/eval), every \
            question goes through `ask` (extractive unless a model is configured), \
            and the answers are scored.

            Examples:
              footnote eval-qa ../shared/datasets/xquad-dev --json
              footnote eval-qa eval/sqlite-qa --documents corpora --mode hybrid
              footnote eval-qa eval/sqlite-qa --documents corpora --mode hybrid --self-calibrate
            """)

    @OptionGroup var options: IndexOptions
    @OptionGroup var models: LanguageModelOptions
    @OptionGroup(title: "Evidence gate") var gateOptions: GateOptions
    @OptionGroup(title: "Extractive answers") var extractiveOptions: ExtractiveOptions

    @Argument(help: "A QA set folder (corpus.jsonl + qa.jsonl, or qa.jsonl with --documents).")
    var dataset: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Files and folders to ask the questions over instead of corpus.jsonl.", valueName: "path"))
    var documents: [String] = []

    @Option(name: .long, help: "lexical, semantic or hybrid retrieval (default lexical).")
    var mode = "lexical"

    @Option(name: .long, help: "Only the first N questions.")
    var maxQuestions: Int?

    @Option(name: [.short, .long], help: "Passages offered as sources to each answer (as ask --limit; default 5).")
    var limit = 5

    @Flag(name: .long, help: "Drop unsupported sentences (as ask --strict).")
    var strict = false

    @Flag(name: .long, help: "Fit the gate to the corpus's index first, without reading the labels (as `calibrate --self`), and answer behind it.")
    var selfCalibrate = false

    @Option(name: .long, help: "With --self-calibrate: how many questions to make (default 200).")
    var selfQuestions = 200

    @Flag(name: .long, help: "With --self-calibrate: fit the gate's weights too, not only its thresholds.")
    var selfFitWeights = false

    @Flag(name: .long, help: "With --self-calibrate and a model: write the questions by templates, not by the model.")
    var selfTemplates = false

    @Option(name: .long, help: "Write every question's answer and scoring to this JSON-lines file.")
    var dumpAnswers: String?

    @Option(name: .long, help: "Most sentences in an extractive answer (default \(ExtractiveAnswerer.default.maxSentences)).")
    var sentences: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Weight of the question/sentence cosine when the extractive answer picks its sentence (default \(ExtractiveAnswerer.default.similarityWeight); 0 ranks by terms only).",
        valueName: "weight"))
    var sentenceSimilarity: Double?

    func run() async throws {
        guard let searchMode = SearchMode(rawValue: mode) else { throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'") }
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be 1…50, got \(limit)") }
        var data = try QADataset(directory: URL(fileURLWithPath: dataset), documentPaths: documents.map { URL(fileURLWithPath: $0) })
        if let maxQuestions { data.questions = Array(data.questions.prefix(max(1, maxQuestions))) }
        let configuration = try options.configuration()
        if searchMode != .lexical, !configuration.embeds {
            throw ValidationError("--mode \(mode) needs an embedder: run `make model`, or pass --model-dir or --embed-url")
        }
        let (fast, deep) = try models.models()
        let gate = try gateOptions.evidenceGate()
        var extractive = extractiveOptions.answerer()
        if let sentences { extractive.maxSentences = max(1, sentences) }
        if let sentenceSimilarity { extractive.similarityWeight = max(0, sentenceSimilarity) }
        var template = AskRequest(question: "", sourceLimit: limit, mode: searchMode, strict: strict, gate: gate, extractive: extractive,
                                  fastModel: fast, deepModel: deep)
        template.reader = models.sentenceReader
        var evaluator = QAEvaluator(configuration: configuration, template: template)
        evaluator.answerDump = dumpAnswers.map { URL(fileURLWithPath: $0) }
        if selfCalibrate {
            var calibrator = SelfCalibrator()
            calibrator.start = gate
            calibrator.questionCount = selfQuestions
            calibrator.fitWeights = selfFitWeights
            calibrator.model = selfTemplates ? nil : fast ?? deep
            evaluator.selfCalibrator = calibrator
        }
        evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        if Terminal.stderrIsTTY, !options.json {
            evaluator.progress = { done, total in FileHandle.standardError.write(Data("\r\(done)/\(total) questions".utf8)) }
        }
        let result = try await evaluator.evaluate(data)
        if Terminal.stderrIsTTY, !options.json { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        if let fit = result.selfFit { print("gate: " + fit.fit.summary) }
        print("\(result.dataset): \(result.questions) questions (\(result.answerable) answerable, \(result.unanswerable) unanswerable), \(result.answerer) answers, \(result.mode) retrieval, gate threshold \(result.gateThreshold)")
        print(String(format: "answer_recall %.4f (%.4f counting abstentions as misses)  citation_precision %.4f  citation_recall %.4f",
                     result.answerRecall, result.answerRecallAll, result.citationPrecision, result.citationRecall))
        print(String(format: "abstention_recall %.4f  false_abstention_rate %.4f", result.abstentionRecall, result.falseAbstentionRate))
        let kinds = result.abstentionRecallByKind.sorted { $0.key < $1.key }.map { String(format: "%@ %.4f", $0.key, $0.value) }
        print("abstention recall by kind: " + kinds.joined(separator: ", "))
        print(String(format: "citation precision incl. unanswerable %.4f; citations into a gold passage %.4f; %d citations shown, %.1f words per quote (p90 %.0f)",
                     result.citationPrecisionAll, result.passageCitationPrecision, result.shownCitations, result.meanQuoteWords, result.p90QuoteWords))
        for stage in ["route", "retrieve", "gate", "generate", "verify"] {
            guard let latency = result.latency[stage] else { continue }
            print(String(format: "latency %-8@ p50 %8.2f ms  p95 %8.2f ms", stage, latency.p50, latency.p95))
        }
    }
}
