import Foundation
import FootnoteCore
import Testing
import TestSupport
@testable import Embeddings

/// Compares the native encoder with sentence-transformers' reference outputs.
@Suite("BERTEncoder parity with sentence-transformers",
       .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)))
struct BERTEncoderParityTests {
    static let encoder: Result<BERTEncoder, any Error> = Result {
        try BERTEncoder(modelDirectory: ModelLocation.miniLM, options: BERTEncoderOptions(workers: 2, precision: .float32))
    }

    /// Every linear-layer precision this CPU runs: float32 always, bfloat16 with AVX512_BF16.
    static let precisions: [EncoderPrecision] = [.float32] + (EncoderPrecision.bfloat16Available ? [.bfloat16] : [])

    static let encoders: [EncoderPrecision: Result<BERTEncoder, any Error>] = Dictionary(uniqueKeysWithValues: precisions.map { precision in
        (precision, Result { try BERTEncoder(modelDirectory: ModelLocation.miniLM, options: BERTEncoderOptions(workers: 2, precision: precision)) })
    })

    static func encoder(_ precision: EncoderPrecision) throws -> BERTEncoder {
        try #require(encoders[precision]).get()
    }

    @Test("the parity fixture is present and holds 30 cases", .enabled(if: ParityCase.shouldRun, ParityCase.skipReason))
    func fixtureIsPresent() {
        #expect(ParityCase.all.count == 30, "expected 30 cases in \(ParityCase.fixtureURL?.path ?? "../shared/fixtures (not found)")")
    }

    @Test("token ids equal the reference and embeddings have cosine ≥ 0.9999, in every precision",
          .enabled(if: ParityCase.shouldRun, ParityCase.skipReason), arguments: ParityCase.all, precisions)
    func matchesReference(_ reference: ParityCase, precision: EncoderPrecision) throws {
        let encoder = try Self.encoder(precision)
        #expect(encoder.precision == precision)
        #expect(encoder.tokenIDs(reference.text) == reference.token_ids)
        let vector = try #require(try encoder.embedSync([reference.text]).first)
        #expect(vector.count == 384)
        let similarity = cosine(vector, reference.embedding)
        #expect(similarity >= 0.9999, "cosine \(similarity) for '\(reference.id)' in \(precision)")
    }

    @Test("a batch of all cases matches the reference, in input order, in every precision",
          .enabled(if: ParityCase.shouldRun, ParityCase.skipReason), arguments: precisions)
    func batchMatchesReference(precision: EncoderPrecision) throws {
        let encoder = try Self.encoder(precision)
        let vectors = try encoder.embedSync(ParityCase.all.map(\.text))
        #expect(vectors.count == ParityCase.all.count)
        var lowest = 1.0
        for (vector, reference) in zip(vectors, ParityCase.all) {
            let similarity = cosine(vector, reference.embedding)
            lowest = min(lowest, similarity)
            #expect(similarity >= 0.9999, "case '\(reference.id)' in \(precision)")
        }
        print("parity \(precision): lowest cosine \(lowest) over \(vectors.count) cases")
    }

    @Test("auto resolves to bfloat16 exactly when the CPU has AVX512_BF16")
    func automaticPrecision() throws {
        let expected: EncoderPrecision = EncoderPrecision.bfloat16Available ? .bfloat16 : .float32
        #expect(try EncoderPrecision.automatic.resolved() == expected)
        if !EncoderPrecision.bfloat16Available {
            let error = #expect(throws: EmbeddingsError.self) { try EncoderPrecision.bfloat16.resolved() }
            #expect("\(error.map { "\($0)" } ?? "")".contains("AVX512_BF16"))
        }
    }

    @Test("batched forward passes give the same vectors as one sequence at a time", arguments: precisions)
    func batchingDoesNotChangeResults(precision: EncoderPrecision) throws {
        let batched = try BERTEncoder(modelDirectory: ModelLocation.miniLM,
                                      options: BERTEncoderOptions(workers: 1, maxBatchSequences: 8, precision: precision))
        let texts = ["alpha beta gamma", "delta epsilon zeta", "eta theta iota", "a longer sentence here", "x"]
        let one = try Self.encoder(precision).embedSync(texts)
        let many = try batched.embedSync(texts)
        for (a, b) in zip(one, many) {
            #expect(cosine(a, b.map(Double.init)) > 0.999999)
        }
    }

    @Test("the async TextEmbedder API returns the synchronous results", .enabled(if: ParityCase.shouldRun, ParityCase.skipReason))
    func asyncMatchesSync() async throws {
        let encoder = try Self.encoder.get()
        let texts = ParityCase.all.prefix(6).map(\.text)
        let asyncVectors = try await encoder.embed(Array(texts), role: .document)
        let syncVectors = try encoder.embedSync(Array(texts))
        #expect(asyncVectors == syncVectors)
        #expect(try await encoder.embed([], role: .query).isEmpty)
    }

    @Test("vectors are unit length")
    func vectorsAreNormalised() throws {
        for vector in try Self.encoder.get().embedSync(["unit length please", ""]) {
            let norm = vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test("identity names the model, its dimension and the weights checksum")
    func identity() throws {
        let identity = try Self.encoder.get().identity
        #expect(identity.name == ModelLocation.miniLM.lastPathComponent)
        #expect(identity.dimension == 384)
        #expect(identity.checksum == "53aa51172d142c89")
    }

    @Test("query and document prefixes are prepended when configured")
    func prefixes() throws {
        let encoder = try BERTEncoder(modelDirectory: ModelLocation.miniLM,
                                      options: BERTEncoderOptions(workers: 1, queryPrefix: "query: ", documentPrefix: "passage: "))
        #expect(encoder.tokenIDs("x", role: .query) == encoder.tokenizer.encode("query: x", maxLength: 256))
        #expect(encoder.tokenIDs("x", role: .document) == encoder.tokenizer.encode("passage: x", maxLength: 256))
        let plain = try Self.encoder.get()
        #expect(plain.tokenIDs("x", role: .query) == plain.tokenIDs("x", role: .document))
    }
}

@Suite("BERTEncoder errors")
struct BERTEncoderErrorTests {
    @Test("a missing model names the fix")
    func missingModel() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: EmbeddingsError.self) {
            try BERTEncoder(modelDirectory: directory.url, workers: 1)
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("model.safetensors"))
        #expect(message.contains("scripts/fetch-model.sh"))
        #expect(message.contains("FOOTNOTE_MODEL_DIR"))
    }

    @Test("equal-length inputs are grouped, longest first, without exceeding the limits")
    func batching() {
        let batches = BERTEncoder.batches(lengths: [5, 7, 5, 5, 7, 3], maxSequences: 2, maxTokens: 100)
        #expect(batches == [[1, 4], [0, 2], [3], [5]])
        #expect(BERTEncoder.batches(lengths: [10, 10, 10], maxSequences: 8, maxTokens: 20) == [[0, 1], [2]])
        #expect(BERTEncoder.batches(lengths: [], maxSequences: 8, maxTokens: 20).isEmpty)
    }
}
