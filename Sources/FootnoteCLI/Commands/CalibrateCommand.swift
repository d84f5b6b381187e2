import ArgumentParser
import Foundation
import Footnote
import FootnoteEvaluation

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the evidence gate's abstention threshold on a QA set, or on the index itself (--self); or the citation verifier's thresholds.",
        discussion: """
            With --self (no DATASET_DIR): fits the gate to the index it is pointed at, without labels. It \
            samples passages (seeded by --seed, at most a fair share from one document) and writes a question \
            each one answers: by the configured language model (--model-url …), else by templates (a \
            definition "X is Y" → "What is X?", a default, what a setting does, a value, the section). Each \
            question is asked twice: over the whole index (answerable) and with its passage and the passages \
            that repeat it hidden from retrieval (its unanswerable twin). The thresholds (with vectors, the \
            lexical and the hybrid one; with --fit-weights, the weights too) with the highest abstention on \
            the twins and at most --max-false-abstention on the originals are stored in the index: `ask`, \
            `serve` and `mcp` answer behind them from then on unless a gate file or --threshold is given, and \
            `ask --explain` says which gate decided. --dry-run prints the fit without storing it; --forget \
            removes a stored fit. Run it again after the documents change much.

            For every question of DATASET_DIR (corpus.jsonl + qa.jsonl), retrieves and scores the evidence; \
            sweeps the threshold and prints abstention_recall (unanswerable questions abstained on) and \
            false_abstention_rate (answerable ones abstained on). The chosen threshold has the highest \
            abstention recall with false abstention at most --max-false-abstention; a two-fold \
            cross-validation by article reports held-out rates. Deterministic. With --fit-weights, the \
            gate's feature weights (passage vs. sentence coverage, top passage cosine, best sentence \
            cosine and its floor) are fitted on a grid as well, and the held-out rates refit them on each \
            fold. The cosine terms apply to the model the gate was fitted with (all-MiniLM-L6-v2); with \
            another embedding model the gate uses the word evidence only. --write-gate saves the fitted \
            gate as JSON for `ask`, `eval-qa`, `serve` and `mcp` (--gate FILE or $FOOTNOTE_GATE); --gate \
            starts from a saved gate, so fitting lexical then hybrid fills in both thresholds. With \
            --documents, the questions of DATASET_DIR/qa.jsonl are asked over those files and folders (your \
            own documents) instead of corpus.jsonl; folds then group questions by their `title`.

            With --verifier: builds labelled claim/passage pairs from the answerable questions (each \
            question restated with its gold answer against its gold passage: supported; against the \
            article's most similar other passage, and restated with another question's answer: not \
            supported), measures them with the citation verifier and sweeps its overlap and similarity \
            thresholds; the chosen setting has the highest recall with precision at least --min-precision.

            Examples:
              footnote calibrate ../shared/datasets/xquad-dev --json
              footnote calibrate ../shared/datasets/xquad-dev --mode hybrid --fit-weights
              footnote calibrate ../shared/datasets/xquad-dev --write-gate gate.json
              footnote calibrate ../shared/datasets/xquad-dev --mode hybrid --gate gate.json --write-gate gate.json
              footnote calibrate eval/sqlite-qa --documents corpora --mode hybrid
              footnote calibrate ../shared/datasets/xquad-dev --verifier
              footnote calibrate --self --index .footnote/index.sqlite
              footnote calibrate --self --model-url http://127.0.0.1:18091/v1 --model qwen-0.5b
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A QA set folder (corpus.jsonl + qa.jsonl, or qa.jsonl with --documents); none with --self.")
    var dataset: String?

    @Flag(name: .customLong("self"), help: "Fit the gate to the index without labels, from questions made from its passages, and store it there.")
    var selfFit = false

    @Option(name: .long, help: "With --self: how many questions to make (default 200).")
    var questions = 200

    @Option(name: .long, help: "With --self: the seed of the passage sample (default 1).")
    var seed = 1

    @Flag(name: .long, help: "With --self: print the fit, store nothing.")
    var dryRun = false

    @Flag(name: .long, help: "With --self: remove the gate stored in the index (ask goes back to the shipped gate).")
    var forget = false

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Files and folders to ask the questions over instead of corpus.jsonl (not with --verifier).", valueName: "path"))
    var documents: [String] = []

    @Option(name: .long, help: "lexical, semantic or hybrid retrieval (default lexical).")
    var mode = "lexical"

    @Option(name: .long, help: "Largest false-abstention rate allowed (default 0.05).")
    var maxFalseAbstention = 0.05

    @Flag(name: .long, help: "Also fit the gate's feature weights on a grid (default: keep the starting gate's weights).")
    var fitWeights = false

    @Option(name: .long, help: ArgumentHelp("Start from this gate file (default: $FOOTNOTE_GATE, else the shipped gate).", valueName: "file"))
    var gate: String?

    @Option(name: .long, help: ArgumentHelp("Write the fitted gate (weights and the chosen threshold) to this JSON file.", valueName: "file"))
    var writeGate: String?

    @Option(name: .long, help: "Write every question's evidence features to this JSON-lines file (with --self: the questions made, their twins and scores).")
    var dumpFeatures: String?

    @OptionGroup(title: "With --verifier: a language model whose answers join the pairs; with --self: the model that writes the questions") var language: LanguageModelOptions

    @Option(name: .long, help: "With --verifier and a model: how many questions the model answers (default 150).")
    var modelQuestions = 150

    @Flag(name: .long, help: "Fit the citation verifier's thresholds instead of the gate's.")
    var verifier = false

    @Option(name: .long, help: "With --verifier: smallest precision allowed (default 0.95).")
    var minPrecision = 0.95

    func validate() throws {
        if selfFit {
            guard dataset == nil, documents.isEmpty, !verifier else { throw ValidationError("--self takes no DATASET_DIR, --documents or --verifier") }
            guard (10...5000).contains(questions) else { throw ValidationError("--questions must be 10…5000, got \(questions)") }
        } else {
            guard dataset != nil else { throw ValidationError("name a QA set folder (DATASET_DIR), or pass --self to fit the gate to the index") }
            guard !dryRun, !forget else { throw ValidationError("--dry-run and --forget go with --self") }
        }
    }

    func run() async throws {
        if selfFit { return try await runSelf() }
        guard let dataset else { throw ValidationError("name a QA set folder (DATASET_DIR)") }
        if verifier { return try await runVerifier(dataset) }
        guard let searchMode = SearchMode(rawValue: mode) else { throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'") }
        guard (0...1).contains(maxFalseAbstention) else { throw ValidationError("--max-false-abstention must be 0…1") }
        let data = try QADataset(directory: URL(fileURLWithPath: dataset), documentPaths: documents.map { URL(fileURLWithPath: $0) })
        let start = try GateOptions.evidenceGate(file: gate)
        var evaluator = QAEvaluator(configuration: try options.configuration(), template: AskRequest(question: "", mode: searchMode, gate: start))
        evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        var calibrator = GateCalibrator(evaluator: evaluator)
        calibrator.maxFalseAbstention = maxFalseAbstention
        calibrator.featureDump = dumpFeatures.map { URL(fileURLWithPath: $0) }
        calibrator.fitWeights = fitWeights
        let result = try await calibrator.calibrate(data)
        if let writeGate {
            do {
                try result.gate.write(to: URL(fileURLWithPath: writeGate))
            } catch let error as FootnoteError {
                throw ValidationError(error.description)
            }
        }
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        print("threshold  abstention_recall  false_abstention_rate")
        for point in result.curve {
            let mark = abs(point.threshold - result.threshold) < 1e-9 ? "  ← chosen" : ""
            print(String(format: "%9.3f  %17.4f  %21.4f%@", point.threshold, point.abstentionRecall, point.falseAbstentionRate, mark))
        }
        print(String(format: "chosen threshold %.3f (%@ retrieval): abstention_recall %.4f, false_abstention_rate %.4f (cap %.2f)",
                     result.threshold, result.mode, result.abstentionRecall, result.falseAbstentionRate, result.maxFalseAbstention))
        let gate = result.gate
        let cosines = result.mode == "lexical" ? " (no vectors: no cosine terms)"
            : String(format: "; top_cosine %.2f, sentence_cosine %.2f (floor %.2f), retrieval_margin %.2f, name penalty %.2f",
                     gate.semanticWeight, gate.similarityWeight, gate.similarityFloor, gate.marginWeight, gate.namePenalty)
        print(String(format: "weights%@: passage %.3f, sentence %.3f (lexical part)%@",
                     result.fittedWeights ? " (fitted)" : "", gate.passageWeight / max(1e-9, gate.passageWeight + gate.sentenceWeight),
                     gate.sentenceWeight / max(1e-9, gate.passageWeight + gate.sentenceWeight), cosines))
        print(String(format: "two-fold by article, held out: abstention_recall %.4f, false_abstention_rate %.4f",
                     result.heldOutAbstentionRecall, result.heldOutFalseAbstentionRate))
        if let writeGate { print("gate written to \(writeGate) (use it with --gate \(writeGate) or FOOTNOTE_GATE)") }
    }

    private func runVerifier(_ dataset: String) async throws {
        guard documents.isEmpty else { throw ValidationError("--verifier needs corpus.jsonl with gold passages; --documents is not supported there") }
        guard (0...1).contains(minPrecision) else { throw ValidationError("--min-precision must be 0…1, got \(minPrecision)") }
        let data = try QADataset(directory: URL(fileURLWithPath: dataset))
        var evaluator = QAEvaluator(configuration: try options.configuration())
        evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        var calibrator = VerifierCalibrator(evaluator: evaluator)
        calibrator.minPrecision = minPrecision
        calibrator.model = try language.models().fast
        calibrator.modelQuestions = max(1, modelQuestions)
        if Terminal.stderrIsTTY, !options.json {
            calibrator.progress = { done, total in FileHandle.standardError.write(Data("\r\(done)/\(total) model answers".utf8)) }
        }
        let result = try await calibrator.calibrate(data)
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        func describe(_ point: VerifierPoint) -> String {
            let rule = point.weakOverlapThreshold < point.overlapThreshold
                ? String(format: "overlap ≥ %.2f, or overlap ≥ %.2f and similarity ≥ %.2f", point.overlapThreshold,
                         point.weakOverlapThreshold, point.similarityThreshold)
                : String(format: "overlap ≥ %.2f", point.overlapThreshold)
            let novel = point.novelCoverageThreshold > 0 ? String(format: "; new terms covered ≥ %.2f", point.novelCoverageThreshold) : ""
            let context = point.contextCoverageThreshold > 0 ? String(format: "; question terms covered ≥ %.2f", point.contextCoverageThreshold) : ""
            return String(format: "%@%@%@: precision %.4f, recall %.4f", rule, novel, context, point.precision, point.recall)
        }
        print("\(result.pairs) pairs (\(result.supportedPairs) supported) from \(result.dataset)\(result.withSimilarity ? ", with embedding similarity" : ", no model: overlap only")")
        print("defaults  " + describe(result.defaults))
        print(String(format: "chosen    %@ (precision ≥ %.2f)", describe(result.chosen), result.minPrecision))
        if let overlapOnly = result.chosenOverlapOnly { print("without similarity (any embedder)  " + describe(overlapOnly)) }
        if let precision = result.heldOutOverlapOnlyPrecision, let recall = result.heldOutOverlapOnlyRecall {
            print(String(format: "  held out by article: precision %.4f, recall %.4f", precision, recall))
        }
        print(String(format: "two-fold by article, held out: precision %.4f, recall %.4f", result.heldOutPrecision, result.heldOutRecall))
        print("judged \"supports\" by kind (defaults → chosen):")
        for kind in result.supportRateByKind.keys.sorted() {
            let label = kind.padding(toLength: max(20, kind.count), withPad: " ", startingAt: 0)
            print("  " + label + String(format: " %.3f → %.3f", result.defaultSupportRateByKind[kind] ?? 0, result.supportRateByKind[kind] ?? 0))
        }
    }

    private func runSelf() async throws {
        guard (0...1).contains(maxFalseAbstention) else { throw ValidationError("--max-false-abstention must be 0…1") }
        let knowledgeBase = try options.openKnowledgeBase(command: "calibrate --self")
        if forget {
            try knowledgeBase.storeGateFit(nil)
            print("removed the gate stored in \(knowledgeBase.configuration.storeDescription): ask answers behind the shipped gate (or --gate)")
            return
        }
        var calibrator = SelfCalibrator()
        calibrator.start = try GateOptions.evidenceGate(file: gate)
        calibrator.questionCount = questions
        calibrator.seed = UInt64(max(0, seed))
        calibrator.fitWeights = fitWeights
        calibrator.maxFalseAbstention = maxFalseAbstention
        calibrator.model = try language.models().fast
        calibrator.questionDump = dumpFeatures.map { URL(fileURLWithPath: $0) }
        if Terminal.stderrIsTTY, !options.json {
            calibrator.progress = { done, total in FileHandle.standardError.write(Data("\r\(done)/\(total) questions asked".utf8)) }
        }
        let result = try await calibrator.calibrate(knowledgeBase)
        if Terminal.stderrIsTTY, !options.json { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        if !dryRun { try knowledgeBase.storeGateFit(result.fit) }
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        let templates = result.templates.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("\(result.templates.values.reduce(0, +)) questions made from \(result.fit.passages) passages (\(templates)); each asked with its passage and with it hidden (its unanswerable twin)")
        for (mode, count) in result.unretrieved.sorted(by: { $0.key < $1.key }) where count > 0 {
            print("  \(mode): \(count) left out (their own passage not retrieved, or no sentence near their meaning)")
        }
        if result.skipped > 0 { print("\(result.skipped) passages skipped: \(result.firstProblem ?? "?")") }
        for example in result.examples.prefix(5) { print("  e.g. \(example)") }
        for point in result.points {
            print(String(format: "%@ threshold %.3f: twins abstained on %.4f, originals %.4f (cap %.2f); held out by document %.4f / %.4f",
                         point.mode, point.threshold, point.abstentionRecall, point.falseAbstentionRate, maxFalseAbstention,
                         point.heldOutAbstentionRecall, point.heldOutFalseAbstentionRate))
        }
        print(dryRun ? "not stored (--dry-run)" : "stored in \(knowledgeBase.configuration.storeDescription): ask, serve and mcp answer behind it unless --gate or --threshold is given")
    }
}
