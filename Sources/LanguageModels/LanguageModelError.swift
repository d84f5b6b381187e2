/// Errors of language-model clients, naming the server, the operation and what to do.
public enum LanguageModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The base URL or model name cannot be used.
    case invalidConfiguration(String)
    /// No connection to the server (refused, DNS, TLS) after every retry.
    case unreachable(url: String, reason: String)
    /// The server did not answer within the timeout.
    case timedOut(url: String, seconds: Double)
    /// The server answered with an HTTP error status.
    case httpStatus(url: String, status: Int, body: String)
    /// The server answered 200 but not with a chat completion.
    case invalidResponse(url: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(reason):
            return "Invalid language-model configuration: \(reason)"
        case let .unreachable(url, reason):
            return "Cannot reach the language model at '\(url)' (\(reason)). Start a local one with `make llm`, or point --model-url / FOOTNOTE_LLM_URL at an OpenAI-compatible server."
        case let .timedOut(url, seconds):
            return "The language model at '\(url)' did not answer within \(Int(seconds)) s (raise the timeout, or use a smaller model)."
        case let .httpStatus(url, status, body):
            let hint = status == 401 || status == 403 ? " (check FOOTNOTE_LLM_API_KEY)" : status == 404 ? " (check the base URL and the model name)" : ""
            return "The language model at '\(url)' answered HTTP \(status)\(hint): \(body.prefix(300))"
        case let .invalidResponse(url, reason):
            return "The language model at '\(url)' sent something that is not a chat completion: \(reason)"
        }
    }
}
