import Foundation

/// Where and how to reach an OpenAI-compatible Chat Completions server (llama.cpp, Ollama, vLLM, OpenAI).
public struct ChatEndpoint: Sendable, Hashable {
    /// The API base, e.g. `http://127.0.0.1:18091/v1` or `https://api.openai.com/v1`; a bare host gets `/v1`.
    public var baseURL: URL
    public var model: String
    /// Sent as `Authorization: Bearer …` when set.
    public var apiKey: String?
    /// Seconds without any byte from the server before a request fails.
    public var timeout: Double
    /// Retries after a connection failure, a timeout or HTTP 429/5xx (not after streaming began).
    public var maxRetries: Int
    /// First backoff delay in seconds; doubles after each retry.
    public var initialBackoff: Double

    public init(baseURL: URL, model: String, apiKey: String? = nil, timeout: Double = 120, maxRetries: Int = 2, initialBackoff: Double = 0.5) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
    }

    /// Parses a base URL string; throws for anything that is not http(s).
    public init(baseURLString: String, model: String, apiKey: String? = nil, timeout: Double = 120, maxRetries: Int = 2) throws {
        guard let url = URL(string: baseURLString.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw LanguageModelError.invalidConfiguration("'\(baseURLString)' is not an http(s) URL (e.g. http://127.0.0.1:18091/v1)")
        }
        guard !model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LanguageModelError.invalidConfiguration("the model name is empty (pass --model or set FOOTNOTE_LLM_MODEL)")
        }
        self.init(baseURL: url, model: model, apiKey: apiKey, timeout: timeout, maxRetries: maxRetries)
    }

    /// The API root: the base URL, with `/v1` added when it has no path.
    public var apiRoot: URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/chat/completions") { text.removeLast("/chat/completions".count) }
        if baseURL.path.isEmpty || baseURL.path == "/" { text += "/v1" }
        return URL(string: text) ?? baseURL
    }

    /// `…/chat/completions`.
    public var chatCompletionsURL: URL { apiRoot.appendingPathComponent("chat/completions") }
}
