/// The arithmetic of the encoder's linear layers (attention scores, softmax, GELU, layer norm and
/// pooling are always float32).
///
/// - `float32`: OpenBLAS `cblas_sgemm`, the weights as stored.
/// - `bfloat16`: inputs and weights rounded to bfloat16, products accumulated in float32
///   (AVX512_BF16 `vdpbf16ps`): twice the multiply rate of float32 on the same core. Measured on
///   all-MiniLM-L6-v2: cosine ≥ 0.9999 against the float32 reference on every parity case, and the
///   same retrieval quality (README, "Encoder precision"). Vectors of both precisions can share an
///   index: they differ by less than the parity tolerance.
/// - `automatic`: bfloat16 when the CPU has AVX512_BF16, else float32.
public enum EncoderPrecision: String, Sendable, Hashable, Codable, CaseIterable {
    case automatic = "auto"
    case float32
    case bfloat16
}
