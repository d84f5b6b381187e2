import Foundation

/// The JSON bodies of `POST /v1/embeddings`, as OpenAI documents them and the compatible servers
/// (Ollama, vLLM, llama.cpp, text-embeddings-inference) answer.
enum OpenAIEmbeddingsWire {
    /// `{"model": …, "input": [...], "encoding_format": "float"}`.
    struct Request: Encodable {
        var model: String
        var input: [String]
        // Asked for explicitly: some servers default to base64 when the client is an OpenAI SDK.
        var encoding_format = "float"
    }

    /// `{"data": [{"index": i, "embedding": [...]}, ...], "model": …}`.
    struct Response: Decodable {
        struct Item: Decodable {
            var index: Int?
            var embedding: [Float]
        }
        var data: [Item]
    }

    /// The server's own words from an error body: OpenAI, Ollama and llama.cpp send
    /// `{"error": {"message": …}}`, vLLM `{"message": …}`, some `{"error": "…"}` or FastAPI's
    /// `{"detail": …}`; anything else is quoted as text (shortened).
    static func serverMessage(from body: Data) -> String {
        struct Nested: Decodable { var message: String? }
        struct Envelope: Decodable {
            var error: Nested?
            var message: String?
            var detail: String?
        }
        struct FlatError: Decodable { var error: String }
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(Envelope.self, from: body),
           let message = envelope.error?.message ?? envelope.message ?? envelope.detail {
            return message
        }
        if let flat = try? decoder.decode(FlatError.self, from: body) { return flat.error }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "(empty body)" }
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
