import Foundation

/// The weights of a BERT encoder, read from a memory-mapped safetensors file.
///
/// F32 tensors point straight into the mapping (linear weights stay [out, in] as stored); other
/// float types are converted once into owned buffers. Immutable after init.
final class BERTWeights: @unchecked Sendable {
    // Sendable: every pointer is read-only after init; the mapping and the owned buffers are
    // released in deinit only, when no worker can use them any more.

    /// One transformer layer's tensors.
    struct Layer {
        var qkv: UnsafePointer<Float>                         // [3H, H]: query, key, value rows
        var qkvBias: UnsafePointer<Float>                     // [3H]: query, key, value biases
        var attentionOutput: UnsafePointer<Float>             // [H, H]
        var attentionOutputBias: UnsafePointer<Float>
        var attentionNormGamma, attentionNormBeta: UnsafePointer<Float>
        var intermediate: UnsafePointer<Float>                // [I, H]
        var intermediateBias: UnsafePointer<Float>            // [I]
        var output: UnsafePointer<Float>                      // [H, I]
        var outputBias: UnsafePointer<Float>
        var outputNormGamma, outputNormBeta: UnsafePointer<Float>
    }

    let config: BERTConfiguration
    let wordEmbeddings: UnsafePointer<Float>                  // [vocab, H]
    let positionEmbeddings: UnsafePointer<Float>              // [maxPositions, H]
    let tokenTypeEmbeddings: UnsafePointer<Float>             // [types, H]; row 0 is used
    let embeddingNormGamma, embeddingNormBeta: UnsafePointer<Float>
    let layers: [Layer]

    private let file: SafeTensorsFile
    private var owned: [UnsafeMutableBufferPointer<Float>] = []

    init(file: SafeTensorsFile, config: BERTConfiguration) throws {
        self.file = file
        self.config = config
        let h = config.hiddenSize, i = config.intermediateSize
        // Both "bert.embeddings…" and "embeddings…" key styles occur in the wild.
        let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""

        var owned: [UnsafeMutableBufferPointer<Float>] = []
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            let full = prefix + name
            guard let info = file.tensors[full] else {
                throw EmbeddingsError.invalidTensor(name: full, reason: "missing from '\(file.url.path)'")
            }
            guard info.shape == shape else {
                throw EmbeddingsError.invalidTensor(name: full, reason: "shape \(info.shape), expected \(shape) from config.json")
            }
            if let mapped = try file.mappedFloats(full) { return UnsafePointer(mapped) }
            let values = try file.floats(full)
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            owned.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }
        func concatenated(_ parts: [UnsafePointer<Float>], each n: Int) -> UnsafePointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: n * parts.count)
            for (k, part) in parts.enumerated() {
                (buffer.baseAddress! + k * n).initialize(from: part, count: n)
            }
            owned.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }

        do {
            wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [config.vocabSize, h])
            positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])
            tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])
            embeddingNormGamma = try tensor("embeddings.LayerNorm.weight", [h])
            embeddingNormBeta = try tensor("embeddings.LayerNorm.bias", [h])
            var layers: [Layer] = []
            for n in 0..<config.numHiddenLayers {
                let p = "encoder.layer.\(n)."
                let qb = try tensor(p + "attention.self.query.bias", [h])
                let kb = try tensor(p + "attention.self.key.bias", [h])
                let vb = try tensor(p + "attention.self.value.bias", [h])
                // Q, K and V weights stacked into one [3H, H] matrix (a copy, not a transpose):
                // one GEMM with N = 3H packs the activations once instead of three times.
                let qw = try tensor(p + "attention.self.query.weight", [h, h])
                let kw = try tensor(p + "attention.self.key.weight", [h, h])
                let vw = try tensor(p + "attention.self.value.weight", [h, h])
                layers.append(Layer(
                    qkv: concatenated([qw, kw, vw], each: h * h),
                    qkvBias: concatenated([qb, kb, vb], each: h),
                    attentionOutput: try tensor(p + "attention.output.dense.weight", [h, h]),
                    attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                    attentionNormGamma: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBeta: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                    intermediate: try tensor(p + "intermediate.dense.weight", [i, h]),
                    intermediateBias: try tensor(p + "intermediate.dense.bias", [i]),
                    output: try tensor(p + "output.dense.weight", [h, i]),
                    outputBias: try tensor(p + "output.dense.bias", [h]),
                    outputNormGamma: try tensor(p + "output.LayerNorm.weight", [h]),
                    outputNormBeta: try tensor(p + "output.LayerNorm.bias", [h])))
            }
            self.layers = layers
        } catch {
            owned.forEach { $0.deallocate() }
            throw error
        }
        self.owned = owned
    }

    deinit {
        owned.forEach { $0.deallocate() }
    }
}
