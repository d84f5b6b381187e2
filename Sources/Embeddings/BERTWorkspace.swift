import Foundation
import CKernels

/// One worker's scratch memory and the BERT forward pass over a batch of equally long sequences.
///
/// Sequences in a batch have the same length, so no padding is ever computed and the attention
/// mask is all ones: every row is a real token. Not thread-safe: each worker thread owns one.
final class BERTWorkspace {
    private let weights: BERTWeights
    /// bfloat16 copies of the linear weights; nil: linear layers run in float32 (sgemm).
    private let packed: PackedBF16Weights?
    private var capacityRows = 0
    private var capacityLength = 0
    private var hidden: UnsafeMutablePointer<Float>?        // [rows, H]
    private var qkv: UnsafeMutablePointer<Float>?           // [rows, 3H]
    private var context: UnsafeMutablePointer<Float>?       // [rows, H]
    private var intermediate: UnsafeMutablePointer<Float>?  // [rows, I]
    private var scores: UnsafeMutablePointer<Float>?        // [L, L]
    private var tokenIDs: [Int32] = []
    private var bf16Scratch: UnsafeMutablePointer<UInt16>?  // activations as bfloat16 panels

    /// Where to add the thread CPU time and FLOPs of linear-layer GEMMs (benchmark only; nil: not timed).
    private let statistics: EncoderStatistics?
    private var linearSeconds = 0.0
    private var linearFlops = 0.0

    init(weights: BERTWeights, packed: PackedBF16Weights? = nil, statistics: EncoderStatistics? = nil) {
        self.weights = weights
        self.packed = packed
        self.statistics = statistics
    }

    deinit {
        for p in [hidden, qkv, context, intermediate, scores] { p?.deallocate() }
        bf16Scratch?.deallocate()
    }

    private func reserve(rows: Int, length: Int) {
        let c = weights.config
        if rows > capacityRows {
            for p in [hidden, qkv, context, intermediate] { p?.deallocate() }
            hidden = .allocate(capacity: rows * c.hiddenSize)
            qkv = .allocate(capacity: rows * 3 * c.hiddenSize)
            context = .allocate(capacity: rows * c.hiddenSize)
            intermediate = .allocate(capacity: rows * c.intermediateSize)
            if packed != nil {
                bf16Scratch?.deallocate()
                let widest = Int32(max(c.hiddenSize, c.intermediateSize))
                bf16Scratch = .allocate(capacity: ck_bf16_scratch_count(Int32(rows), widest))
            }
            capacityRows = rows
        }
        if length > capacityLength {
            scores?.deallocate()
            scores = .allocate(capacity: length * length)
            capacityLength = length
        }
    }

    /// Encodes `sequences` (all the same length, at most max_position_embeddings, ids below the
    /// vocabulary size) and writes one pooled vector of H floats per sequence to `output`.
    func encode(_ sequences: [[Int]], pooling: PoolingMode, normalize: Bool, output: UnsafeMutablePointer<Float>) {
        guard let length = sequences.first?.count, length > 0 else { return }
        precondition(sequences.allSatisfy { $0.count == length }, "a batch holds sequences of one length")
        let c = weights.config
        let h = c.hiddenSize, inter = c.intermediateSize
        let heads = c.numAttentionHeads, headSize = h / heads
        let rows = sequences.count * length
        reserve(rows: rows, length: length)
        guard let x = hidden, let qkv, let ctx = context, let mid = intermediate, let scores else { return }

        tokenIDs.removeAll(keepingCapacity: true)
        for s in sequences { for id in s { tokenIDs.append(Int32(truncatingIfNeeded: id)) } }
        tokenIDs.withUnsafeBufferPointer { ids in
            for s in 0..<sequences.count {
                ck_embed_layernorm(
                    x + s * length * h, ids.baseAddress! + s * length, Int32(length),
                    weights.wordEmbeddings, weights.positionEmbeddings, weights.tokenTypeEmbeddings,
                    weights.embeddingNormGamma, weights.embeddingNormBeta, Int32(h), c.layerNormEps)
            }
        }

        let scale = 1 / Float(headSize).squareRoot()
        for (index, layer) in weights.layers.enumerated() {
            let bf16 = packed?.layers[index]
            // Q, K, V side by side in one [rows, 3H] matrix.
            linear(rows: rows, out: 3 * h, in: h, x, h, layer.qkv, bf16?.qkv, qkv, 3 * h)
            ck_add_bias(qkv, layer.qkvBias, Int32(rows), Int32(3 * h), Int32(3 * h))

            for s in 0..<sequences.count {
                let base = qkv + s * length * 3 * h
                for head in 0..<heads {
                    let q = base + head * headSize
                    let k = base + h + head * headSize
                    let v = base + 2 * h + head * headSize
                    BLAS.gemm(m: length, n: length, k: headSize, alpha: scale,
                              a: q, lda: 3 * h, b: k, ldb: 3 * h, transposeB: true, c: scores, ldc: length)
                    ck_softmax_rows(scores, Int32(length), Int32(length), Int32(length))
                    BLAS.gemm(m: length, n: headSize, k: length,
                              a: scores, lda: length, b: v, ldb: 3 * h, transposeB: false,
                              c: ctx + s * length * h + head * headSize, ldc: h)
                }
            }

            // x = LayerNorm(x + ctx·Woᵀ + bo): the GEMM accumulates into the residual.
            linear(rows: rows, out: h, in: h, ctx, h, layer.attentionOutput, bf16?.attentionOutput, x, h, accumulate: true)
            ck_bias_layernorm(x, layer.attentionOutputBias, layer.attentionNormGamma, layer.attentionNormBeta,
                              Int32(rows), Int32(h), Int32(h), c.layerNormEps)
            // x = LayerNorm(x + GELU(x·W1ᵀ + b1)·W2ᵀ + b2)
            linear(rows: rows, out: inter, in: h, x, h, layer.intermediate, bf16?.intermediate, mid, inter)
            ck_bias_gelu(mid, layer.intermediateBias, Int32(rows), Int32(inter), Int32(inter))
            linear(rows: rows, out: h, in: inter, mid, inter, layer.output, bf16?.output, x, h, accumulate: true)
            ck_bias_layernorm(x, layer.outputBias, layer.outputNormGamma, layer.outputNormBeta,
                              Int32(rows), Int32(h), Int32(h), c.layerNormEps)
        }

        if let statistics {
            statistics.add(seconds: linearSeconds, flops: linearFlops)
            linearSeconds = 0
            linearFlops = 0
        }

        for s in 0..<sequences.count {
            let out = output + s * h
            let seq = x + s * length * h
            switch pooling {
            case .mean:
                ck_mean_pool(out, seq, Int32(length), Int32(h), Int32(h), normalize ? 1 : 0)
            case .cls:
                out.update(from: seq, count: h)
                if normalize { ck_l2_normalize(out, Int32(h)) }
            }
        }
    }

    /// y[rows, out] (= or +=) x[rows, in] · Wᵀ with W stored [out, in]; in bfloat16 when the
    /// packed copy of W is given, else float32 sgemm.
    @inline(__always)
    private func linear(rows: Int, out: Int, in k: Int,
                        _ x: UnsafePointer<Float>, _ ldx: Int, _ w: UnsafePointer<Float>, _ w16: UnsafePointer<UInt16>?,
                        _ y: UnsafeMutablePointer<Float>, _ ldy: Int, accumulate: Bool = false) {
        let start = statistics == nil ? 0 : MonotonicClock.threadCPU()
        if let w16, let bf16Scratch {
            ck_bf16_linear(y, Int32(ldy), x, Int32(ldx), Int32(rows), w16, Int32(out), Int32(k),
                           accumulate ? 1 : 0, bf16Scratch)
        } else {
            BLAS.gemm(m: rows, n: out, k: k, a: x, lda: ldx, b: w, ldb: k, transposeB: true,
                      beta: accumulate ? 1 : 0, c: y, ldc: ldy)
        }
        if statistics != nil {
            linearSeconds += MonotonicClock.threadCPU() - start
            linearFlops += 2 * Double(rows * out * k)
        }
    }
}

/// Seconds from a monotonic clock, and CPU seconds of the calling thread.
enum MonotonicClock {
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// CPU time of the calling thread: unlike wall time, it does not count time the thread waits
    /// for a core, so rates stay meaningful while other processes load the machine.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
