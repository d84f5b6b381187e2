import Foundation
import FootnoteCore

/// A `TextEmbedder` backed by an OpenAI-compatible `POST /v1/embeddings` server (OpenAI, Ollama, vLLM,
/// llama.cpp's server): batches of at most `maxInputsPerRequest` texts, a bounded number of requests in
/// flight, timeouts, bounded retries with exponential backoff, vectors returned in input order and
/// L2-normalised. See the [API reference](https://platform.openai.com/docs/api-reference/embeddings/create).
public final class OpenAIEmbeddingsClient: TextEmbedder {
    /// The model name, the vector dimension and a checksum of "endpoint|model".
    public let identity: EmbedderIdentity
    public let configuration: OpenAIEmbeddingsConfiguration
    /// The URL requests are posted to (`configuration.endpoint`).
    public let endpoint: URL

    /// A client for a server whose vectors have `dimension` floats; sends nothing yet.
    /// Use `connect(_:)` to learn the dimension from the server instead.
    public init(configuration: OpenAIEmbeddingsConfiguration, dimension: Int) throws {
        try configuration.validate()
        guard dimension >= 1 else {
            throw EmbeddingsError.invalidRequest(reason: "the embedding dimension must be at least 1, got \(dimension)")
        }
        self.configuration = configuration
        endpoint = configuration.endpoint
        identity = EmbedderIdentity(
            name: configuration.model, dimension: dimension,
            checksum: Self.checksum(endpoint: endpoint, model: configuration.model))
    }

    /// A client for `configuration`; when `dimension` is nil, embeds one short probe text and takes
    /// the dimension from the server's answer (which also proves the URL, model and key work).
    public static func connect(_ configuration: OpenAIEmbeddingsConfiguration, dimension: Int? = nil) async throws
        -> OpenAIEmbeddingsClient {
        if let dimension { return try OpenAIEmbeddingsClient(configuration: configuration, dimension: dimension) }
        // A provisional client (dimension 1) sends the probe; its answer fixes the real dimension.
        let probe = try OpenAIEmbeddingsClient(configuration: configuration, dimension: 1)
        let vectors = try await probe.send(["dimension probe"])
        guard let first = vectors.first, !first.isEmpty else {
            throw probe.failure("returned an empty embedding for a probe text")
        }
        return try OpenAIEmbeddingsClient(configuration: configuration, dimension: first.count)
    }

    /// The identity checksum: the first 16 hex digits of SHA-256("endpoint|model"), so that two servers
    /// or two models never share an index by accident.
    public static func checksum(endpoint: URL, model: String) -> String {
        String(SHA256.hex("\(endpoint.absoluteString)|\(model)").prefix(16))
    }

    /// One L2-normalised vector of `identity.dimension` floats per text, in input order.
    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let prefix = (role == .query ? configuration.queryPrefix : configuration.documentPrefix) ?? ""
        // OpenAI rejects empty strings in "input"; a lone space embeds as "nothing" everywhere.
        let inputs = texts.map { text in text.isEmpty && prefix.isEmpty ? " " : prefix + text }
        let size = configuration.maxInputsPerRequest
        let batches = stride(from: 0, to: inputs.count, by: size).map { $0..<min($0 + size, inputs.count) }
        var vectors = [[Float]](repeating: [], count: inputs.count)
        try await withThrowingTaskGroup(of: (Range<Int>, [[Float]]).self) { group in
            var next = 0
            while next < min(configuration.maxConcurrentRequests, batches.count) {
                let range = batches[next]
                group.addTask { (range, try await self.embedBatch(Array(inputs[range]))) }
                next += 1
            }
            while let (range, batch) = try await group.next() {
                for (offset, vector) in batch.enumerated() { vectors[range.lowerBound + offset] = vector }
                if next < batches.count {
                    let range = batches[next]
                    group.addTask { (range, try await self.embedBatch(Array(inputs[range]))) }
                    next += 1
                }
            }
        }
        return vectors
    }

    /// Embeds one request's worth of texts: checks the dimension and L2-normalises.
    func embedBatch(_ inputs: [String]) async throws -> [[Float]] {
        let vectors = try await send(inputs)
        return try vectors.enumerated().map { position, vector in
            guard vector.count == identity.dimension else {
                throw failure("returned a vector of \(vector.count) floats for input \(position) where "
                    + "\(identity.dimension) were expected (did the model behind the URL change?)")
            }
            return try Self.normalized(vector, position: position, client: self)
        }
    }

    /// `vector / ‖vector‖`; a zero or non-finite vector is an error (it cannot be ranked by cosine).
    static func normalized(_ vector: [Float], position: Int, client: OpenAIEmbeddingsClient) throws -> [Float] {
        var sum: Double = 0
        for x in vector { sum += Double(x) * Double(x) }
        let norm = sum.squareRoot()
        guard norm.isFinite, norm > 0 else {
            throw client.failure("returned a zero or non-finite vector for input \(position)")
        }
        let scale = Float(1 / norm)
        return vector.map { $0 * scale }
    }
}
