/// One chat message.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// "system", "user" or "assistant".
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A chat completion request, independent of any server.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    public var maxTokens: Int
    public var temperature: Double
    public var stop: [String]
    /// A JSON schema (as JSON text) the reply must follow, sent as OpenAI's `response_format`
    /// (`json_schema`), which llama.cpp's server enforces with a grammar. nil: free text.
    public var responseSchema: String?

    public init(messages: [ChatMessage], maxTokens: Int = 256, temperature: Double = 0, stop: [String] = [], responseSchema: String? = nil) {
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stop = stop
        self.responseSchema = responseSchema
    }
}

/// What a model answered.
public struct ChatCompletion: Sendable, Hashable, Codable {
    public var text: String
    /// The model name the server reported.
    public var model: String
    /// "stop", "length", … as the server reported it.
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?

    public init(text: String, model: String, finishReason: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.text = text
        self.model = model
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// A chat language model. `onToken`, when given, receives text pieces as they are generated (streaming).
public protocol LanguageModel: Sendable {
    /// The model's name, as requests send it.
    var modelName: String { get }
    /// Completes `request`; streams pieces to `onToken` when it is not nil.
    func complete(_ request: ChatRequest, onToken: (@Sendable (String) -> Void)?) async throws -> ChatCompletion
}
