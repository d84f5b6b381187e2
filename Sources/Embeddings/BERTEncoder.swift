import Foundation
import FootnoteCore

/// Tuning and model-wrapping options for `BERTEncoder`.
public struct BERTEncoderOptions: Sendable, Hashable, Codable {
    /// Worker threads, each running one single-threaded BLAS forward pass at a time.
    public var workers: Int
    /// Sequences of equal length encoded together in one forward pass (1 = one at a time).
    public var maxBatchSequences: Int
    /// Upper bound on tokens per forward pass (also bounds each worker's scratch memory).
    /// Measured here: batching equal-length sequences up to 512 rows gains ~0% at 256 tokens,
    /// 5–10% at 128 and ~20% at 64; larger batches were no better at 256.
    public var maxBatchTokens: Int
    /// Overrides `sentence_bert_config.json`'s max_seq_length.
    public var maxSequenceLength: Int?
    /// Override the model's query/document prefixes (for e5/bge-style models).
    public var queryPrefix: String?
    public var documentPrefix: String?
    /// Overrides the identity name (default: the model folder's name).
    public var name: String?
    /// Arithmetic of the linear layers (default: bfloat16 where the CPU has AVX512_BF16).
    public var precision: EncoderPrecision

    public init(workers: Int = 2, maxBatchSequences: Int = 16, maxBatchTokens: Int = 512,
                maxSequenceLength: Int? = nil, queryPrefix: String? = nil, documentPrefix: String? = nil,
                name: String? = nil, precision: EncoderPrecision = .automatic) {
        self.workers = workers
        self.maxBatchSequences = maxBatchSequences
        self.maxBatchTokens = maxBatchTokens
        self.maxSequenceLength = maxSequenceLength
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
        self.name = name
        self.precision = precision
    }
}

/// A native sentence-embedding model: a BERT encoder (such as all-MiniLM-L6-v2) in a
/// sentence-transformers folder, run on CPU with OpenBLAS on a bounded set of worker threads.
///
/// Inputs are tokenised, sorted by length and grouped into batches of equal length (no padding is
/// ever computed); each worker runs one batch at a time with a single BLAS thread.
public final class BERTEncoder: TextEmbedder, @unchecked Sendable {
    // Sendable: all stored properties are immutable after init; the pool serialises its own state.

    public let identity: EmbedderIdentity
    public let tokenizer: WordPieceTokenizer
    public let configuration: BERTConfiguration
    public let sentenceConfiguration: SentenceEmbeddingConfiguration
    public let options: BERTEncoderOptions
    /// The linear-layer arithmetic in use: `.float32` or `.bfloat16` (options.precision resolved on this CPU).
    public let precision: EncoderPrecision

    private let weights: BERTWeights
    private let pool: EncoderWorkerPool

    /// Loads the model in `modelDirectory` and starts `workers` threads.
    public convenience init(modelDirectory: URL, workers: Int = 2) throws {
        try self.init(modelDirectory: modelDirectory, options: BERTEncoderOptions(workers: workers))
    }

    /// Loads the model in `modelDirectory` with explicit options.
    public convenience init(modelDirectory: URL, options: BERTEncoderOptions) throws {
        try self.init(modelDirectory: modelDirectory, options: options, statistics: nil)
    }

    /// Loads the model; `statistics`, when given, collects linear-layer timings (benchmark).
    init(modelDirectory: URL, options: BERTEncoderOptions, statistics: EncoderStatistics?) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EmbeddingsError.modelNotFound(directory: modelDirectory.path, missingFile: "(the folder itself)")
        }
        let weightsURL = try ModelFiles.require("model.safetensors", in: modelDirectory)
        let vocabURL = try ModelFiles.require("vocab.txt", in: modelDirectory)
        let configURL = try ModelFiles.require("config.json", in: modelDirectory)

        let config = try BERTConfiguration.load(from: configURL)
        var sentence = try SentenceEmbeddingConfiguration.load(from: modelDirectory)
        if let n = options.maxSequenceLength { sentence.maxSequenceLength = n }
        if let p = options.queryPrefix { sentence.queryPrefix = p }
        if let p = options.documentPrefix { sentence.documentPrefix = p }
        guard sentence.maxSequenceLength >= 2, sentence.maxSequenceLength <= config.maxPositionEmbeddings else {
            throw EmbeddingsError.unsupportedModel(
                reason: "max sequence length \(sentence.maxSequenceLength) is outside 2...\(config.maxPositionEmbeddings)")
        }
        guard options.workers >= 1, options.maxBatchSequences >= 1, options.maxBatchTokens >= 1 else {
            throw EmbeddingsError.invalidRequest(reason: "workers, maxBatchSequences and maxBatchTokens must be at least 1")
        }

        let tokenizer = try WordPieceTokenizer(vocabularyURL: vocabURL, lowercase: Self.lowercase(in: modelDirectory))
        guard tokenizer.vocabulary.values.allSatisfy({ $0 < config.vocabSize }) else {
            throw EmbeddingsError.unsupportedModel(reason: "vocab.txt has ids beyond vocab_size \(config.vocabSize)")
        }
        let precision = try options.precision.resolved()
        let weights = try BERTWeights(file: SafeTensorsFile(url: weightsURL), config: config)
        let checksum = try ModelChecksum.weightsSHA256(modelDirectory: modelDirectory, weights: weightsURL)

        self.identity = EmbedderIdentity(
            name: options.name ?? modelDirectory.standardizedFileURL.lastPathComponent,
            dimension: config.hiddenSize,
            checksum: String(checksum.prefix(16)))
        self.tokenizer = tokenizer
        self.configuration = config
        self.sentenceConfiguration = sentence
        self.options = options
        self.precision = precision
        self.weights = weights
        // One BLAS thread per worker: parallelism comes from independent workers.
        BLAS.setThreadCount(1)
        self.pool = EncoderWorkerPool(weights: weights, packed: precision == .bfloat16 ? PackedBF16Weights(weights) : nil,
                                      workers: options.workers, statistics: statistics)
    }

    deinit {
        pool.shutDown()
    }

    /// `tokenizer_config.json`'s do_lower_case (default true, as for uncased BERT).
    private static func lowercase(in directory: URL) -> Bool {
        struct TokenizerConfig: Decodable { var do_lower_case: Bool? }
        let url = directory.appendingPathComponent("tokenizer_config.json")
        guard let data = try? Data(contentsOf: url),
              let config = try? JSONDecoder().decode(TokenizerConfig.self, from: data) else { return true }
        return config.do_lower_case ?? true
    }

    /// Token ids the encoder feeds the model for `text` ([CLS] … [SEP], truncated to max_seq_length).
    public func tokenIDs(_ text: String, role: EmbeddingRole = .document) -> [Int] {
        tokenizer.encode(prefixed(text, role: role), maxLength: sentenceConfiguration.maxSequenceLength)
    }

    private func prefixed(_ text: String, role: EmbeddingRole) -> String {
        let prefix = role == .query ? sentenceConfiguration.queryPrefix : sentenceConfiguration.documentPrefix
        return prefix.isEmpty ? text : prefix + text
    }

    /// One L2-normalised vector per text, in input order (asynchronous: the work runs on the
    /// encoder's threads; tokenisation runs on a Dispatch queue).
    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        if texts.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                let sequences = texts.map { self.tokenIDs($0, role: role) }
                self.run(sequences) { result in continuation.resume(with: result) }
            }
        }
    }

    /// Chunks are budgeted in the WordPiece tokens this model reads.
    public var tokenCounter: (any TokenCounter)? { tokenizer }

    public var arithmetic: String? { precision.rawValue }

    /// The encoder runs on its own worker threads: a synchronous caller waits for them, never for a task.
    public func embedImmediately(_ texts: [String], role: EmbeddingRole) throws -> [[Float]]? {
        try embedSync(texts, role: role)
    }

    /// Like `embed(_:role:)`, blocking the calling thread until the encoder's workers finish (they are not
    /// Swift concurrency threads, so a wait from a task only holds that task's thread).
    public func embedSync(_ texts: [String], role: EmbeddingRole = .document) throws -> [[Float]] {
        try embedSync(tokenIDs: texts.map { tokenIDs($0, role: role) })
    }

    /// Encodes already tokenised sequences ([CLS] … [SEP], each at most max_seq_length ids).
    public func embedSync(tokenIDs sequences: [[Int]]) throws -> [[Float]] {
        if sequences.isEmpty { return [] }
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        run(sequences) { result in
            box.result = result
            semaphore.signal()
        }
        semaphore.wait()
        guard let result = box.result else { throw EmbeddingsError.invalidRequest(reason: "the encoder stopped") }
        return try result.get()
    }

    /// Splits the work into equal-length batches, longest first, and calls `completion` once.
    private func run(_ sequences: [[Int]], completion: @escaping @Sendable (Result<[[Float]], Error>) -> Void) {
        for (n, s) in sequences.enumerated() {
            guard !s.isEmpty, s.count <= configuration.maxPositionEmbeddings,
                  s.allSatisfy({ $0 >= 0 && $0 < configuration.vocabSize }) else {
                completion(.failure(EmbeddingsError.invalidRequest(
                    reason: "sequence \(n) has \(s.count) ids or an id outside 0..<\(configuration.vocabSize)")))
                return
            }
        }
        let batches = Self.batches(lengths: sequences.map(\.count), maxSequences: options.maxBatchSequences,
                                   maxTokens: options.maxBatchTokens)
        let dimension = configuration.hiddenSize
        let output = EmbeddingOutput(rows: sequences.count, dimension: dimension, jobs: batches.count) { output in
            completion(.success(output.vectors()))
        }
        let pooling = sentenceConfiguration.pooling, normalize = sentenceConfiguration.normalize
        let jobs: [EncoderWorkerPool.Job] = batches.map { indices in
            let batch = indices.map { sequences[$0] }
            return { workspace in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: batch.count * dimension)
                defer { scratch.deallocate() }
                workspace.encode(batch, pooling: pooling, normalize: normalize, output: scratch)
                for (k, row) in indices.enumerated() {
                    (output.storage + row * dimension).update(from: scratch + k * dimension, count: dimension)
                }
                output.jobFinished()
            }
        }
        if !pool.submit(jobs) {
            completion(.failure(EmbeddingsError.invalidRequest(reason: "the encoder has been shut down")))
        }
    }

    /// Input indices grouped into batches of equal length, longest lengths first.
    static func batches(lengths: [Int], maxSequences: Int, maxTokens: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var batches: [[Int]] = []
        var current: [Int] = []
        for index in order {
            if let first = current.first,
               lengths[first] != lengths[index] || current.count >= maxSequences
                || (current.count + 1) * lengths[index] > maxTokens {
                batches.append(current)
                current = []
            }
            current.append(index)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}

/// Hands a result from a worker thread to a thread blocked on a semaphore.
private final class ResultBox: @unchecked Sendable {
    // Sendable: written once before `signal()`, read after `wait()` (the semaphore orders them).
    var result: Result<[[Float]], Error>?
}
