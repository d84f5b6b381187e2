import ArgumentParser
import Foundation
import Footnote
import Grounding

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the evidence gate's abstention threshold on a QA set and print the curve.",
        discussion: """
            For every question of DATASET_DIR (corpus.jsonl + qa.jsonl), retrieves and scores the evidence;
            sweeps the threshold and prints abstention_recall (unanswerable questions abstained on) and
            false_abstention_rate (answerable ones abstained on). The chosen threshold has the highest
            abstention recall with false abstention at most --max-false-abstention; a two-fold
            cross-validation by article reports held-out rates. Deterministic.

            Example:
              footnote calibrate ../shared/datasets/xquad-dev --json
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A QA set folder (corpus.jsonl + qa.jsonl).")
    var dataset: String

    @Option(name: .long, help: "lexical, semantic or hybrid retrieval (default lexical).")
    var mode = "lexical"

    @Option(name: .long, help: "Largest false-abstention rate allowed (default 0.05).")
    var maxFalseAbstention = 0.05

    @Option(name: .long, help: "Write every question's evidence features to this JSON-lines file.")
    var dumpFeatures: String?

    func run() throws {
        guard let searchMode = SearchMode(rawValue: mode) else { throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'") }
        guard (0...1).contains(maxFalseAbstention) else { throw ValidationError("--max-false-abstention must be 0…1") }
        let data = try QADataset(directory: URL(fileURLWithPath: dataset))
        var evaluator = QAEvaluator(configuration: options.configuration(), template: AskRequest(question: "", mode: searchMode))
        evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        var calibrator = GateCalibrator(evaluator: evaluator)
        calibrator.maxFalseAbstention = maxFalseAbstention
        calibrator.featureDump = dumpFeatures.map { URL(fileURLWithPath: $0) }
        let result = try calibrator.calibrate(data)
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        print("threshold  abstention_recall  false_abstention_rate")
        for point in result.curve {
            let mark = abs(point.threshold - result.threshold) < 1e-9 ? "  ← chosen" : ""
            print(String(format: "%9.2f  %17.4f  %21.4f%@", point.threshold, point.abstentionRecall, point.falseAbstentionRate, mark))
        }
        print(String(format: "chosen threshold %.2f (%@ retrieval): abstention_recall %.4f, false_abstention_rate %.4f (cap %.2f)",
                     result.threshold, result.mode, result.abstentionRecall, result.falseAbstentionRate, result.maxFalseAbstention))
        print(String(format: "two-fold by article, held out: abstention_recall %.4f, false_abstention_rate %.4f",
                     result.heldOutAbstentionRecall, result.heldOutFalseAbstentionRate))
    }
}
