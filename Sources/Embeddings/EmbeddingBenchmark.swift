import FootnoteCore
import Foundation

/// Throughput of the native encoder on chunks of exactly `tokens` WordPiece ids, and how close its
/// linear layers come to OpenBLAS's single-core sgemm rate on the same shapes (measured in the
/// same run). Meant for `footnote bench embed` and `scripts/bench-embed.sh`.
public enum EmbeddingBenchmark {
    /// One measurement.
    public struct Result: Sendable, Hashable, Codable {
        /// Linear-layer arithmetic of this run: "float32" (sgemm) or "bfloat16".
        public var precision: String
        public var tokens: Int
        public var chunks: Int
        public var workers: Int
        public var maxBatchSequences: Int
        public var maxBatchTokens: Int
        /// Wall-clock seconds for `embedSync` over all chunks (tokenisation included).
        public var seconds: Double
        public var chunksPerSecond: Double
        /// Process CPU seconds (user + system) per chunk: robust against other load on the machine.
        public var cpuSecondsPerChunk: Double
        /// Chunks per CPU-second (1 / cpuSecondsPerChunk): one core's rate; × workers projects the
        /// throughput on otherwise idle cores.
        public var chunksPerCPUSecond: Double
        /// Model FLOPs per chunk (linear layers + attention), in GFLOP.
        public var gflopPerChunk: Double
        /// Whole-model GFLOP/s per worker (total FLOPs / wall time / workers).
        public var gflopsPerWorker: Double
        /// GFLOP/s inside the linear-layer GEMMs, per worker (FLOPs / thread CPU seconds in them).
        public var linearGflopsPerWorker: Double
        /// Single-thread cblas_sgemm GFLOP/s (thread CPU time) on this run's BERT linear shapes,
        /// measured alone just before the run.
        public var sgemmGflopsSingleCore: Double
        /// linearGflopsPerWorker / sgemmGflopsSingleCore (above 1 in bfloat16, which multiplies at twice the rate).
        public var linearFractionOfSgemm: Double
        /// gflopsPerWorker / sgemmGflopsSingleCore.
        public var modelFractionOfSgemm: Double
        /// Share of the process CPU time spent in linear-layer GEMMs.
        public var linearShareOfTime: Double

        /// One JSON line, keys in the style of `reference_embed.py`.
        public var jsonLine: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        }
    }

    /// Encodes `chunks` chunks of exactly `tokens` ids (specials included) cut from the BEIR-style
    /// JSONL `corpus` (fields "title" and "text"), after a short warm-up.
    public static func run(
        modelDirectory: URL, corpus: URL, chunks: Int, tokens: Int,
        workers: Int = 2, maxBatchSequences: Int = 16, maxBatchTokens: Int = 512,
        precision: EncoderPrecision = .automatic
    ) throws -> Result {
        let statistics = EncoderStatistics()
        let encoder = try BERTEncoder(
            modelDirectory: modelDirectory,
            options: BERTEncoderOptions(workers: workers, maxBatchSequences: maxBatchSequences, maxBatchTokens: maxBatchTokens,
                                        precision: precision),
            statistics: statistics)
        let texts = try chunkTexts(corpus: corpus, tokenizer: encoder.tokenizer, tokens: tokens, count: chunks)
        _ = try encoder.embedSync(Array(texts.prefix(max(2, workers) * 2)))  // warm-up: page in weights, grow scratch

        let sgemm = measureSGEMM(rows: tokens, hidden: encoder.configuration.hiddenSize,
                                 intermediate: encoder.configuration.intermediateSize)
        statistics.reset()
        let cpuStart = processCPUSeconds()
        let start = MonotonicClock.now()
        _ = try encoder.embedSync(texts)
        let seconds = MonotonicClock.now() - start
        let cpuSeconds = processCPUSeconds() - cpuStart
        let (linearSeconds, linearFlops) = statistics.snapshot()

        let c = encoder.configuration
        let l = Double(tokens), h = Double(c.hiddenSize), i = Double(c.intermediateSize)
        let perLayerLinear = 2 * l * (4 * h * h + 2 * h * i)
        let perLayerAttention = 4 * l * l * h
        let flopPerChunk = Double(c.numHiddenLayers) * (perLayerLinear + perLayerAttention)
        let totalFlop = flopPerChunk * Double(texts.count)
        let gflopsPerWorker = totalFlop / seconds / 1e9 / Double(workers)
        let linearRate = linearSeconds > 0 ? linearFlops / linearSeconds / 1e9 : 0
        return Result(
            precision: encoder.precision.rawValue, tokens: tokens, chunks: texts.count, workers: workers, maxBatchSequences: maxBatchSequences,
            maxBatchTokens: maxBatchTokens,
            seconds: seconds, chunksPerSecond: Double(texts.count) / seconds,
            cpuSecondsPerChunk: cpuSeconds / Double(texts.count),
            chunksPerCPUSecond: Double(texts.count) / cpuSeconds,
            gflopPerChunk: flopPerChunk / 1e9, gflopsPerWorker: gflopsPerWorker,
            linearGflopsPerWorker: linearRate, sgemmGflopsSingleCore: sgemm,
            linearFractionOfSgemm: linearRate / sgemm, modelFractionOfSgemm: gflopsPerWorker / sgemm,
            linearShareOfTime: linearSeconds / cpuSeconds)
    }

    /// User + system CPU seconds of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Single-thread sgemm GFLOP/s over the three linear shapes of one BERT layer at `rows` tokens
    /// (x·Wᵀ with W stored [out, in]), weighted as in the model (4 × H→H, H→I, I→H).
    public static func measureSGEMM(rows: Int, hidden: Int, intermediate: Int, minimumSeconds: Double = 0.5) -> Double {
        BLAS.setThreadCount(1)
        let shapes = [(hidden, hidden), (hidden, hidden), (hidden, hidden), (hidden, hidden),
                      (intermediate, hidden), (hidden, intermediate)]  // (out, in)
        let maxIn = max(hidden, intermediate)
        let x = UnsafeMutablePointer<Float>.allocate(capacity: rows * maxIn)
        let w = UnsafeMutablePointer<Float>.allocate(capacity: maxIn * maxIn)
        let y = UnsafeMutablePointer<Float>.allocate(capacity: rows * maxIn)
        defer { x.deallocate(); w.deallocate(); y.deallocate() }
        for k in 0..<(rows * maxIn) { x[k] = Float(k % 17) * 0.01 - 0.08 }
        for k in 0..<(maxIn * maxIn) { w[k] = Float(k % 13) * 0.01 - 0.06 }
        var flops = 0.0
        var round = 0
        let start = MonotonicClock.threadCPU()
        var elapsed = 0.0
        while elapsed < minimumSeconds || round < 3 {
            for (out, inp) in shapes {
                BLAS.gemm(m: rows, n: out, k: inp, a: x, lda: inp, b: w, ldb: inp, transposeB: true, c: y, ldc: out)
                flops += 2 * Double(rows * out * inp)
            }
            round += 1
            elapsed = MonotonicClock.threadCPU() - start
        }
        return flops / elapsed / 1e9
    }

    /// Real text cut into pieces of exactly `tokens - 2` WordPiece ids, decoded back to text and kept
    /// only when it re-tokenises to the same length (as `reference_embed.py` does).
    public static func chunkTexts(corpus: URL, tokenizer: WordPieceTokenizer, tokens: Int, count: Int) throws -> [String] {
        guard tokens >= 3, count >= 1 else {
            throw EmbeddingsError.invalidRequest(reason: "benchmark needs tokens ≥ 3 and chunks ≥ 1")
        }
        let content: String
        do {
            content = try String(contentsOf: corpus, encoding: .utf8)
        } catch {
            throw EmbeddingsError.invalidRequest(reason: "cannot read benchmark corpus '\(corpus.path)' (\(error.localizedDescription))")
        }
        var pieces = [String](repeating: "", count: tokenizer.vocabulary.count)
        for (piece, id) in tokenizer.vocabulary where id < pieces.count { pieces[id] = piece }
        struct Document: Decodable { var title: String?; var text: String? }
        let decoder = JSONDecoder()
        var out: [String] = []
        for line in content.split(separator: "\n") where out.count < count {
            guard let doc = try? decoder.decode(Document.self, from: Data(line.utf8)) else { continue }
            var ids = tokenizer.tokenize(Substring("\(doc.title ?? "") \(doc.text ?? "")"))[...]
            while ids.count >= tokens - 2, out.count < count {
                let window = ids.prefix(tokens - 2)
                ids = ids.dropFirst(tokens - 2)
                var text = ""
                for id in window {
                    let piece = pieces[id]
                    if piece.hasPrefix("##") { text += piece.dropFirst(2) } else { text += (text.isEmpty ? "" : " ") + piece }
                }
                if tokenizer.tokenize(Substring(text)).count == tokens - 2 { out.append(text) }
            }
        }
        guard out.count == count else {
            throw EmbeddingsError.invalidRequest(reason: "corpus '\(corpus.path)' yields only \(out.count) chunks of \(tokens) tokens")
        }
        return out
    }
}

/// Time and FLOPs spent in linear-layer GEMMs, summed over workers (benchmark instrumentation).
final class EncoderStatistics: @unchecked Sendable {
    // Sendable: both counters are guarded by `lock`.
    private let lock = NSLock()
    private var seconds = 0.0
    private var flops = 0.0

    func add(seconds: Double, flops: Double) {
        lock.lock()
        self.seconds += seconds
        self.flops += flops
        lock.unlock()
    }

    func reset() {
        lock.lock()
        seconds = 0
        flops = 0
        lock.unlock()
    }

    func snapshot() -> (seconds: Double, flops: Double) {
        lock.lock()
        defer { lock.unlock() }
        return (seconds, flops)
    }
}
