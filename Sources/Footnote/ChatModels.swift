import FootnoteCore
import LanguageModels

/// Language models the front ends can name without importing the client module.
public enum ChatModels {
    /// A model served by an OpenAI-compatible Chat Completions server (llama.cpp, vLLM, Ollama, OpenAI…) at
    /// `baseURL` (e.g. `http://127.0.0.1:18091/v1`). Throws when the URL is not http(s).
    public static func openAICompatible(baseURL: String, model: String, apiKey: String? = nil, timeout: Double = 120) throws
        -> any LanguageModel {
        OpenAICompatibleClient(endpoint: try ChatEndpoint(baseURLString: baseURL, model: model, apiKey: apiKey, timeout: timeout))
    }
}
