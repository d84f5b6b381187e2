import ArgumentParser
import FootnoteCore
import FootnoteEvaluation
import Foundation

/// `footnote bench embed`: native encoder throughput (chunks/s) per chunk length, and the linear layers'
/// GFLOP/s as a fraction of single-core sgemm measured in the same run (`EmbeddingBenchmark.run`).
struct BenchEmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Native embedding throughput per chunk length, and GFLOP/s against single-core sgemm.",
        discussion: """
            Encodes --chunks real passages of exactly N WordPiece tokens (specials included) cut from a BEIR corpus, \
            after a warm-up. scripts/bench-embed.sh runs the Python reference beside it. With --json, one JSON \
            object per line (one line per token length and precision).

            Example:
              footnote bench embed --tokens 256,128 --chunks 200 --workers 2 --precision float32,bfloat16
            """)

    @Option(name: .long, help: "Embedding model folder (default: $FOOTNOTE_MODEL_DIR or ~/.cache/footnote/models/all-MiniLM-L6-v2).")
    var modelDir: String?

    @Option(name: .long, help: "BEIR corpus.jsonl to cut chunks from (default: $FOOTNOTE_SHARED or ../shared, datasets/scifact/corpus.jsonl).")
    var corpus: String?

    @Option(name: .long, help: "Comma-separated chunk lengths in tokens.")
    var tokens = "256,128"

    @Option(name: .long, help: "Chunks encoded per token length.")
    var chunks = 100

    @Option(name: .long, help: "Encoder worker threads, one BLAS thread each.")
    var workers = 2

    @Option(name: .long, help: "Most equal-length sequences per forward pass.")
    var batch = 16

    @Option(name: .long, help: "Comma-separated linear-layer precisions to run: auto, float32, bfloat16 (bfloat16 needs AVX512_BF16).")
    var precision = "auto"

    @Flag(name: .long, help: "Print one JSON object per token length and precision on stdout.")
    var json = false

    /// The token lengths asked for, in order.
    func tokenLengths() throws -> [Int] {
        let parts = tokens.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let lengths = parts.compactMap(Int.init)
        guard !lengths.isEmpty, lengths.count == parts.count, lengths.allSatisfy({ $0 >= 3 }) else {
            throw ValidationError("--tokens '\(tokens)' must be comma-separated numbers of at least 3, e.g. 256,128.")
        }
        return lengths
    }

    /// The precisions asked for, in order.
    func precisions() throws -> [EncoderPrecision] {
        let parts = precision.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap(EncoderPrecision.init(rawValue:))
        guard !values.isEmpty, values.count == parts.count else {
            throw ValidationError("--precision '\(precision)' must be comma-separated values of auto, float32, bfloat16.")
        }
        return values
    }

    /// --model-dir, then $FOOTNOTE_MODEL_DIR, then where `make model` puts the default model.
    func modelDirectory() -> URL {
        if let modelDir { return URL(fileURLWithPath: modelDir) }
        if let path = ProcessInfo.processInfo.environment["FOOTNOTE_MODEL_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return IndexOptions.defaultModelDirectory
    }

    /// --corpus, else SciFact under $FOOTNOTE_SHARED or ../shared.
    func corpusFile() throws -> URL {
        if let corpus { return URL(fileURLWithPath: corpus) }
        let shared = ProcessInfo.processInfo.environment["FOOTNOTE_SHARED"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared"
        let url = URL(fileURLWithPath: shared).appendingPathComponent("datasets/scifact/corpus.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("No corpus at '\(url.path)': pass --corpus PATH (a BEIR corpus.jsonl) or set FOOTNOTE_SHARED.")
        }
        return url
    }

    func validate() throws {
        _ = try tokenLengths()
        _ = try precisions()
        guard chunks >= 1, workers >= 1, batch >= 1 else {
            throw ValidationError("--chunks, --workers and --batch must be at least 1.")
        }
    }

    func run() throws {
        let model = modelDirectory()
        let corpus = try corpusFile()
        for length in try tokenLengths() {
            for precision in try precisions() {
                let result = try EmbeddingBenchmark.run(
                    modelDirectory: model, corpus: corpus, chunks: chunks, tokens: length,
                    workers: workers, maxBatchSequences: batch, precision: precision)
                print(json ? result.jsonLine : Self.describe(result))
            }
        }
    }

    /// Two lines for people: throughput, then how close the arithmetic comes to sgemm.
    static func describe(_ r: EmbeddingBenchmark.Result) -> String {
        String(format: "%d tokens, %@: %d chunks in %.2f s = %.1f chunks/s (%d workers, batch %d; %.1f chunks per CPU-second)\n",
               r.tokens, r.precision, r.chunks, r.seconds, r.chunksPerSecond, r.workers, r.maxBatchSequences, r.chunksPerCPUSecond)
            + String(format: "  %.2f GFLOP/chunk, %.1f GFLOP/s per worker (%.0f%% of sgemm); linear layers %.1f GFLOP/s = %.0f%% "
                + "of single-core sgemm %.1f GFLOP/s, %.0f%% of CPU time",
                r.gflopPerChunk, r.gflopsPerWorker, r.modelFractionOfSgemm * 100, r.linearGflopsPerWorker,
                r.linearFractionOfSgemm * 100, r.sgemmGflopsSingleCore, r.linearShareOfTime * 100)
    }
}
