import CKernels
import FootnoteCore

extension EncoderPrecision {
    /// Whether this CPU runs the bfloat16 kernel.
    public static var bfloat16Available: Bool { ck_bf16_supported() != 0 }

    /// The precision actually used on this CPU: `.float32` or `.bfloat16`.
    /// Throws when bfloat16 is demanded on a CPU without AVX512_BF16.
    public func resolved() throws -> EncoderPrecision {
        switch self {
        case .automatic: return Self.bfloat16Available ? .bfloat16 : .float32
        case .float32: return .float32
        case .bfloat16:
            guard Self.bfloat16Available else {
                throw EmbeddingsError.unsupportedModel(
                    reason: "encoder precision bfloat16 needs a CPU with AVX512_BF16; use float32 or auto")
            }
            return .bfloat16
        }
    }
}

/// The linear-layer weights of every layer converted to packed bfloat16 panels (ck_bf16_pack_weights).
final class PackedBF16Weights: @unchecked Sendable {
    // Sendable: written once in init, read-only afterwards, freed in deinit.

    struct Layer {
        var qkv: UnsafePointer<UInt16>               // [3H, H]
        var attentionOutput: UnsafePointer<UInt16>   // [H, H]
        var intermediate: UnsafePointer<UInt16>      // [I, H]
        var output: UnsafePointer<UInt16>            // [H, I]
    }

    let layers: [Layer]
    private let buffers: [UnsafeMutableBufferPointer<UInt16>]

    init(_ weights: BERTWeights) {
        let h = weights.config.hiddenSize, i = weights.config.intermediateSize
        var buffers: [UnsafeMutableBufferPointer<UInt16>] = []
        func pack(_ w: UnsafePointer<Float>, n: Int, k: Int) -> UnsafePointer<UInt16> {
            let buffer = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: max(1, ck_bf16_packed_weights_count(Int32(n), Int32(k))))
            ck_bf16_pack_weights(buffer.baseAddress, w, Int32(n), Int32(k))
            buffers.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }
        layers = weights.layers.map { layer in
            Layer(qkv: pack(layer.qkv, n: 3 * h, k: h),
                  attentionOutput: pack(layer.attentionOutput, n: h, k: h),
                  intermediate: pack(layer.intermediate, n: i, k: h),
                  output: pack(layer.output, n: h, k: i))
        }
        self.buffers = buffers
    }

    deinit {
        buffers.forEach { $0.deallocate() }
    }
}
