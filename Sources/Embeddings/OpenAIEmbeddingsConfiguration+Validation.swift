import FootnoteCore
import Foundation

extension OpenAIEmbeddingsConfiguration {
    /// Checks the values a client cannot work with, naming the bad one.
    func validate() throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw EmbeddingsError.invalidRequest(
                reason: "the embeddings URL '\(url.absoluteString)' is not an http(s) URL such as http://127.0.0.1:11434/v1")
        }
        guard !model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw EmbeddingsError.invalidRequest(reason: "no model name given for the embeddings server '\(url.absoluteString)'")
        }
        guard maxInputsPerRequest >= 1, maxConcurrentRequests >= 1, maxRetries >= 0 else {
            throw EmbeddingsError.invalidRequest(
                reason: "maxInputsPerRequest and maxConcurrentRequests must be at least 1 and maxRetries at least 0")
        }
        guard timeout > 0, initialBackoff >= 0, maxBackoff >= initialBackoff else {
            throw EmbeddingsError.invalidRequest(reason: "timeout must be positive and 0 ≤ initialBackoff ≤ maxBackoff")
        }
    }
}
