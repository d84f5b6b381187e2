import Foundation
import FootnoteCore
import HTTPTransport

/// A client of an OpenAI-compatible `POST /v1/chat/completions` (llama.cpp's server, Ollama, vLLM,
/// OpenAI): plain or streamed (server-sent events), with an idle timeout and retries with
/// exponential backoff on connection failures, timeouts and HTTP 429/5xx.
public struct OpenAICompatibleClient: LanguageModel {
    public let endpoint: ChatEndpoint

    public init(endpoint: ChatEndpoint) {
        self.endpoint = endpoint
    }

    /// The model name sent with every request.
    public var modelName: String { endpoint.model }

    /// Completes `request`, streaming pieces to `onToken` when given.
    public func complete(_ request: ChatRequest, onToken: (@Sendable (String) -> Void)?) async throws -> ChatCompletion {
        let body = try requestBody(request, stream: onToken != nil)
        var attempt = 0
        while true {
            let progress = StreamProgress()
            do {
                if let onToken {
                    return try await stream(body: body, progress: progress, onToken: onToken)
                }
                let (status, data) = try await HTTPTransfer.send(httpRequest(body: body), timeout: endpoint.timeout)
                try check(status: status, data: data)
                return try Self.decodeCompletion(data, url: endpoint.chatCompletionsURL.absoluteString, fallbackModel: endpoint.model)
            } catch let error as LanguageModelError {
                guard attempt < endpoint.maxRetries, !progress.started, Self.isRetryable(error) else { throw error }
            }
            let delay = endpoint.initialBackoff * pow(2, Double(attempt))
            attempt += 1
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
    }

    /// Whether another attempt may succeed.
    static func isRetryable(_ error: LanguageModelError) -> Bool {
        switch error {
        case .unreachable, .timedOut: return true
        case let .httpStatus(_, status, _): return status == 429 || status >= 500
        case .invalidConfiguration, .invalidResponse: return false
        }
    }

    private func check(status: Int, data: Data) throws {
        guard (200..<300).contains(status) else {
            throw LanguageModelError.httpStatus(
                url: endpoint.chatCompletionsURL.absoluteString, status: status, body: String(decoding: data.prefix(600), as: UTF8.self))
        }
    }

    func httpRequest(body: Data) -> HTTPRequest {
        var headers = [(name: "Content-Type", value: "application/json")]
        if let key = endpoint.apiKey, !key.isEmpty { headers.append((name: "Authorization", value: "Bearer \(key)")) }
        return HTTPRequest(url: endpoint.chatCompletionsURL, method: "POST", headers: headers, body: body)
    }

    func requestBody(_ request: ChatRequest, stream: Bool) throws -> Data {
        struct Body: Encodable {
            var model: String
            var messages: [ChatMessage]
            var max_tokens: Int
            var temperature: Double
            var stream: Bool
            var stop: [String]?
        }
        let body = try JSONEncoder().encode(Body(
            model: endpoint.model, messages: request.messages, max_tokens: request.maxTokens,
            temperature: request.temperature, stream: stream, stop: request.stop.isEmpty ? nil : request.stop))
        guard let schemaText = request.responseSchema else { return body }
        guard let schema = try? JSONSerialization.jsonObject(with: Data(schemaText.utf8)) as? [String: Any],
              var object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw LanguageModelError.invalidConfiguration("the response schema of a request to '\(endpoint.chatCompletionsURL)' is not a JSON object: \(schemaText.prefix(200))")
        }
        object["response_format"] = ["type": "json_schema", "json_schema": ["name": "reply", "strict": true, "schema": schema]]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    private func stream(body: Data, progress: StreamProgress, onToken: @escaping @Sendable (String) -> Void) async throws -> ChatCompletion {
        let url = endpoint.chatCompletionsURL.absoluteString
        let collector = StreamCollector(url: url, fallbackModel: endpoint.model, onToken: onToken, progress: progress)
        let (status, errorBody) = try await HTTPTransfer.stream(httpRequest(body: body), timeout: endpoint.timeout) { bytes in
            try collector.consume(bytes)
        }
        try check(status: status, data: errorBody)
        return try collector.finish()
    }

    /// Decodes a non-streamed `chat.completion` object.
    static func decodeCompletion(_ data: Data, url: String, fallbackModel: String) throws -> ChatCompletion {
        struct Response: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable { var content: String? }
                var message: Message?
                var finish_reason: String?
            }
            struct Usage: Decodable { var prompt_tokens: Int?; var completion_tokens: Int? }
            var model: String?
            var choices: [Choice]
            var usage: Usage?
        }
        guard let response = try? JSONDecoder().decode(Response.self, from: data) else {
            throw LanguageModelError.invalidResponse(url: url, reason: "cannot decode: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard let choice = response.choices.first else {
            throw LanguageModelError.invalidResponse(url: url, reason: "no choices in the response")
        }
        return ChatCompletion(
            text: choice.message?.content ?? "", model: response.model ?? fallbackModel, finishReason: choice.finish_reason,
            promptTokens: response.usage?.prompt_tokens, completionTokens: response.usage?.completion_tokens)
    }
}

/// Whether any streamed text has been delivered (then a retry would repeat it, so none is made).
final class StreamProgress: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    var started: Bool {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Turns SSE chunks of `chat.completion.chunk` objects into text pieces and a final completion.
final class StreamCollector: @unchecked Sendable {
    // Mutable state is touched only from the transfer's thread (one at a time), then read after completion.
    private var parser = ServerSentEventParser()
    private var text = ""
    private var model: String?
    private var finishReason: String?
    private var done = false
    private let url: String
    private let fallbackModel: String
    private let onToken: @Sendable (String) -> Void
    private let progress: StreamProgress

    init(url: String, fallbackModel: String, onToken: @escaping @Sendable (String) -> Void, progress: StreamProgress) {
        self.url = url
        self.fallbackModel = fallbackModel
        self.onToken = onToken
        self.progress = progress
    }

    private struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { var content: String? }
            var delta: Delta?
            var finish_reason: String?
        }
        var model: String?
        var choices: [Choice]?
    }

    func consume(_ bytes: Data) throws {
        for event in parser.feed(bytes) { try handle(event) }
    }

    private func handle(_ event: String) throws {
        let data = event.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            done = true
            return
        }
        guard let chunk = try? JSONDecoder().decode(Chunk.self, from: Data(data.utf8)) else {
            throw LanguageModelError.invalidResponse(url: url, reason: "a stream event is not a completion chunk: \(data.prefix(200))")
        }
        if let model = chunk.model { self.model = model }
        for choice in chunk.choices ?? [] {
            if let piece = choice.delta?.content, !piece.isEmpty {
                text += piece
                progress.started = true
                onToken(piece)
            }
            if let reason = choice.finish_reason { finishReason = reason }
        }
    }

    func finish() throws -> ChatCompletion {
        if let event = parser.finish() { try handle(event) }
        guard done || finishReason != nil || !text.isEmpty else {
            throw LanguageModelError.invalidResponse(url: url, reason: "the stream ended without any completion chunk")
        }
        return ChatCompletion(text: text, model: model ?? fallbackModel, finishReason: finishReason)
    }
}
