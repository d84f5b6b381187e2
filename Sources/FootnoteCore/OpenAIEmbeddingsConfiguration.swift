import Foundation

/// Where and how to reach an OpenAI-compatible embeddings endpoint
/// ([`POST /v1/embeddings`](https://platform.openai.com/docs/api-reference/embeddings/create)):
/// OpenAI, Ollama, vLLM, llama.cpp's server, text-embeddings-inference and the like.
public struct OpenAIEmbeddingsConfiguration: Sendable, Hashable {
    /// The server's base URL (`http://127.0.0.1:11434/v1`, `https://api.openai.com/v1`), or the full
    /// endpoint URL ending in `/embeddings`; see `endpoint`.
    public var url: URL
    /// The model name the server knows, sent as `"model"` (for example "nomic-embed-text").
    public var model: String
    /// Sent as `Authorization: Bearer <apiKey>` when set.
    public var apiKey: String?
    /// Most texts sent in one request; larger inputs are split into several requests.
    public var maxInputsPerRequest: Int
    /// Requests in flight at once for one `embed` call.
    public var maxConcurrentRequests: Int
    /// Seconds one request may wait for the server before it counts as timed out.
    public var timeout: TimeInterval
    /// Further attempts after a 408, 429 or 5xx answer, a timeout or a lost connection (0: none).
    public var maxRetries: Int
    /// Wait before the first retry; it doubles with every further retry, up to `maxBackoff`.
    public var initialBackoff: TimeInterval
    /// Longest wait between two attempts (a server's `Retry-After` is honoured up to this).
    public var maxBackoff: TimeInterval
    /// Text put before every query (for models trained with one, e.g. "search_query: ").
    public var queryPrefix: String?
    /// Text put before every passage (e.g. "search_document: ").
    public var documentPrefix: String?

    public init(
        url: URL, model: String, apiKey: String? = nil,
        maxInputsPerRequest: Int = 64, maxConcurrentRequests: Int = 2, timeout: TimeInterval = 60,
        maxRetries: Int = 4, initialBackoff: TimeInterval = 0.5, maxBackoff: TimeInterval = 8,
        queryPrefix: String? = nil, documentPrefix: String? = nil
    ) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.maxInputsPerRequest = maxInputsPerRequest
        self.maxConcurrentRequests = maxConcurrentRequests
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
    }

    /// The URL requests are posted to: `url` itself when its path ends in `/embeddings`,
    /// `url` + `/embeddings` when it ends in `/v1` (the OpenAI SDKs' base-URL convention),
    /// otherwise `url` + `/v1/embeddings` (a bare `http://host:port`).
    public var endpoint: URL {
        let path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        if path.hasSuffix("/embeddings") { return url }
        let suffix = path.hasSuffix("/v1") ? "embeddings" : "v1/embeddings"
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.appendingPathComponent(suffix)
        }
        components.path = path + "/" + suffix
        return components.url ?? url.appendingPathComponent(suffix)
    }
}
