/// What produced a set of vectors: the index records it and refuses to mix vectors of two embedders.
public struct EmbedderIdentity: Sendable, Hashable, Codable {
    /// A model name such as "all-MiniLM-L6-v2".
    public var name: String
    public var dimension: Int
    /// A checksum of the weights (hex SHA-256 prefix) or of the remote endpoint and model name.
    public var checksum: String

    public init(name: String, dimension: Int, checksum: String) {
        self.name = name
        self.dimension = dimension
        self.checksum = checksum
    }
}

/// Whether a text is a search query or a passage; some models prefix the two differently.
public enum EmbeddingRole: String, Sendable, Hashable, Codable {
    case query
    case document
}

/// Turns texts into L2-normalised vectors. Two implementations: the native BERT encoder and a
/// client of an OpenAI-compatible `/v1/embeddings` server.
public protocol TextEmbedder: Sendable {
    var identity: EmbedderIdentity { get }
    /// One vector of `identity.dimension` floats per input text, in input order.
    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]]
    /// The model's own tokenizer, when it has one here: chunks are then budgeted in the tokens the model reads.
    var tokenCounter: (any TokenCounter)? { get }
    /// The arithmetic it computes in (e.g. "float32", "bfloat16"), for reports; nil when not known.
    var arithmetic: String? { get }
    /// `embed` computed on the calling thread's behalf without Swift concurrency (an encoder with its own
    /// threads), or nil when the embedder is only asynchronous (a remote server).
    func embedImmediately(_ texts: [String], role: EmbeddingRole) throws -> [[Float]]?
}

extension TextEmbedder {
    public var tokenCounter: (any TokenCounter)? { nil }
    public var arithmetic: String? { nil }
    public func embedImmediately(_ texts: [String], role: EmbeddingRole) throws -> [[Float]]? { nil }
}
