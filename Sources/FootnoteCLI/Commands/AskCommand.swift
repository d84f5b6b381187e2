import ArgumentParser
import Foundation
import Footnote
import FootnoteCore

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the index, every sentence cited to the exact span that supports it.",
        discussion: """
            Routes the question (knowledge, calculator, small talk, fn: citation lookup), retrieves passages, \
            and abstains when the retrieval evidence is below the gate threshold — before any model call. \
            With no model configured the answer is extractive: sentences quoted from the top passages. \
            With a model (--model-url/--model, FOOTNOTE_LLM_URL/FOOTNOTE_LLM_MODEL, or ~/.config/footnote/llm.json) \
            the draft is verified: out-of-range citations are never shown, unsupported sentences are flagged \
            (--strict drops them), and each citation resolves to the smallest supporting span.

            Examples:
              footnote ask "how does the write-ahead log work"
              footnote ask "what is 15% of 80"
              footnote ask "when was the checkpoint added?" --model-url http://127.0.0.1:18091/v1 --model qwen-0.5b --strict
              footnote ask "compare WAL and rollback journals" --fast-model qwen-0.5b --deep-model qwen-7b --explain --json
            """)

    @OptionGroup var options: IndexOptions
    @OptionGroup var models: LanguageModelOptions
    @OptionGroup(title: "Evidence gate") var gateOptions: GateOptions
    @OptionGroup(title: "Extractive answers (no model)") var extractiveOptions: ExtractiveOptions

    @Argument(help: "The question.")
    var question: String

    @Option(name: [.short, .long], help: "Passages offered as sources (default 5).")
    var limit = 5

    @Option(name: .long, help: "Only documents whose path matches this glob (repeatable).")
    var path: [String] = []

    @Option(name: .long, help: "lexical, semantic or hybrid retrieval (default hybrid when the index has vectors).")
    var mode: String?


    @Option(name: .long, help: "Prompt budget in tokens (default 1500).")
    var tokenBudget = 1500

    @Flag(name: .long, help: "Drop sentences that no cited span supports.")
    var strict = false

    @Flag(name: .long, help: "Show every decision: route, retrieval scores, gate, verification per sentence.")
    var explain = false

    func validate() throws {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the question is empty") }
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be 1…50, got \(limit)") }
        guard tokenBudget >= 200 else { throw ValidationError("--token-budget must be at least 200, got \(tokenBudget)") }
        if let mode, SearchMode(rawValue: mode) == nil { throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'") }
    }

    func run() async throws {
        let knowledgeBase = try options.openKnowledgeBase(command: "ask")
        let (fast, deep) = try models.models()
        let extractive = extractiveOptions.answerer()
        let streaming = !options.json && Terminal.stdoutIsTTY && (fast != nil || deep != nil) && !models.reader
        let filter = StreamFilter()
        let searchMode: SearchMode? = mode.flatMap { SearchMode(rawValue: $0) }
        let onToken: (@Sendable (String) -> Void)? = streaming ? { @Sendable piece in filter.show(piece) } : nil
        var request = AskRequest(
            question: question, sourceLimit: limit, filter: SearchFilter(pathGlobs: path), mode: searchMode,
            strict: strict, extractive: extractive, promptTokenBudget: tokenBudget, fastModel: fast, deepModel: deep, onToken: onToken)
        request.reader = models.sentenceReader
        try gateOptions.apply(to: &request)
        let answer = try await knowledgeBase.ask(request)
        if streaming { filter.end() }
        if options.json {
            try Terminal.printJSON(AskOutput(answer: answer, text: answer.text, explain: explain))
            return
        }
        AnswerPrinter(answer: answer, explain: explain).print()
    }
}

/// Shows a streaming draft without its (not yet verified) citation markers.
final class StreamFilter: @unchecked Sendable {
    // Guarded by `lock`: pieces arrive on the HTTP transfer's thread.
    private let lock = NSLock()
    private var filter = CitationMarkerFilter()
    private var started = false

    func show(_ piece: String) {
        lock.withLock {
            if !started {
                FileHandle.standardOutput.write(Data(Terminal.dim("draft (unverified): ").utf8))
                started = true
            }
            FileHandle.standardOutput.write(Data(Terminal.dim(filter.feed(piece)).utf8))
        }
    }

    func end() {
        lock.withLock {
            guard started else { return }
            FileHandle.standardOutput.write(Data((Terminal.dim(filter.finish()) + "\n\n").utf8))
        }
    }
}

/// The JSON shape of `footnote ask --json`: the whole `GroundedAnswer` plus the rendered text.
struct AskOutput: Encodable {
    let answer: GroundedAnswer
    let text: String
    let explain: Bool

    func encode(to encoder: Encoder) throws {
        try answer.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(text, forKey: Key("text"))
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
