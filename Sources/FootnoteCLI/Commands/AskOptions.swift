import ArgumentParser
import Foundation
import Footnote
import FootnoteCore

/// Language-model options of `ask` and `eval-qa`: flags > FOOTNOTE_LLM_* environment > config file
/// (`--llm-config`, $FOOTNOTE_LLM_CONFIG or ~/.config/footnote/llm.json) > none (extractive answers).
struct LanguageModelOptions: ParsableArguments {
    @Option(name: .long, help: "OpenAI-compatible base URL, e.g. http://127.0.0.1:18091/v1 (default: $FOOTNOTE_LLM_URL or the config file).")
    var modelURL: String?

    @Option(name: .long, help: "Model name for every question (default: $FOOTNOTE_LLM_MODEL or the config file).")
    var model: String?

    @Option(name: .long, help: "Model for short factual questions (default: $FOOTNOTE_LLM_FAST_MODEL, else --model).")
    var fastModel: String?

    @Option(name: .long, help: "Model for multi-part or reasoning questions (default: $FOOTNOTE_LLM_DEEP_MODEL, else --model).")
    var deepModel: String?

    @Option(name: .long, help: "JSON config file with url, model, api_key, fast_model, deep_model, timeout.")
    var llmConfig: String?

    @Option(name: .long, help: "Seconds without a byte from the model server before giving up (default 120).")
    var modelTimeout: Double?

    @Flag(name: .long, help: "Never call a model: answer extractively even when one is configured.")
    var extractive = false

    @Flag(name: .long, help: ArgumentHelp(
        "With a model: let it read instead of write. It names, as JSON, which of the best candidate sentences answers, and that sentence is quoted word for word with its citation."))
    var reader = false

    @Option(name: .long, help: ArgumentHelp("With --reader: how many candidate sentences the model chooses among (default \(SentenceReader().candidateCount)).", valueName: "n"))
    var readerSentences: Int?

    func validate() throws {
        if let readerSentences, !(2...40).contains(readerSentences) { throw ValidationError("--reader-sentences must be 2…40, got \(readerSentences)") }
        if readerSentences != nil, !reader { throw ValidationError("--reader-sentences needs --reader") }
    }

    /// The sentence reader when `--reader` was given.
    var sentenceReader: SentenceReader? {
        reader ? SentenceReader(candidateCount: readerSentences ?? SentenceReader().candidateCount) : nil
    }

    /// The default config file location.
    static var defaultConfigPath: String {
        FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/footnote/llm.json").path
    }

    private struct ConfigFile: Decodable {
        var url: String?
        var model: String?
        var api_key: String?
        var fast_model: String?
        var deep_model: String?
        var timeout: Double?
    }

    private func configFile(_ environment: [String: String]) throws -> ConfigFile? {
        let explicit = llmConfig ?? environment["FOOTNOTE_LLM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? Self.defaultConfigPath
        guard FileManager.default.fileExists(atPath: path) else {
            if let explicit { throw ValidationError("the language-model config file '\(explicit)' does not exist") }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path), let config = try? JSONDecoder().decode(ConfigFile.self, from: data) else {
            throw ValidationError("cannot read '\(path)': expected JSON like {\"url\": \"http://127.0.0.1:18091/v1\", \"model\": \"qwen-0.5b\"}")
        }
        return config
    }

    /// The fast and deep models, or (nil, nil) for extractive answers.
    func models() throws -> (fast: (any LanguageModel)?, deep: (any LanguageModel)?) {
        if extractive, reader { throw ValidationError("--reader needs a model and --extractive forbids one: drop one of them") }
        guard !extractive else { return (nil, nil) }
        let environment = ProcessInfo.processInfo.environment
        func env(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let config = try configFile(environment)
        let base = model ?? env("FOOTNOTE_LLM_MODEL") ?? config?.model
        let fast = fastModel ?? env("FOOTNOTE_LLM_FAST_MODEL") ?? config?.fast_model ?? base
        let deep = deepModel ?? env("FOOTNOTE_LLM_DEEP_MODEL") ?? config?.deep_model ?? base
        var url = modelURL ?? env("FOOTNOTE_LLM_URL") ?? config?.url
        guard fast != nil || deep != nil else {
            if reader { throw ValidationError("--reader needs a model: pass --model (or set FOOTNOTE_LLM_MODEL)") }
            if url != nil { throw ValidationError("a model URL is set but no model name: pass --model (or set FOOTNOTE_LLM_MODEL)") }
            return (nil, nil)
        }
        if url == nil { url = "http://127.0.0.1:18091/v1" }
        let key = env("FOOTNOTE_LLM_API_KEY") ?? config?.api_key
        let timeout = modelTimeout ?? config?.timeout ?? 120
        func client(_ name: String?) throws -> (any LanguageModel)? {
            guard let name, let url else { return nil }
            do {
                return try ChatModels.openAICompatible(baseURL: url, model: name, apiKey: key, timeout: timeout)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        return (try client(fast), try client(deep))
    }
}
