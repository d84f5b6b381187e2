import CKernels
import FootnoteCore
import Testing

/// The bfloat16 linear kernel against a double-precision sum of the same bfloat16-rounded products.
@Suite("bfloat16 linear kernel",
       .enabled(if: ck_bf16_supported() != 0, "this CPU has no AVX512_BF16: the bfloat16 kernel is never used here"))
struct BF16KernelTests {
    /// float32 → bfloat16 → float32, round to nearest even (the kernel's conversion).
    static func rounded(_ value: Float) -> Double {
        var bits = value.bitPattern
        bits = (bits &+ 0x7fff &+ ((bits >> 16) & 1)) & 0xffff_0000
        return Double(Float(bitPattern: bits))
    }

    struct Shape: Sendable, CustomTestStringConvertible {
        var rows, n, k: Int
        var testDescription: String { "rows \(rows), n \(n), k \(k)" }
    }

    // Tails in every direction: rows not a multiple of 8, n not a multiple of 16 or 48, odd k, k = 1;
    // more than 64 rows (two row blocks) and the model's long k = 1536. Kept small: the exact sums run
    // in a debug build.
    static let shapes = [Shape(rows: 1, n: 1, k: 1), Shape(rows: 7, n: 5, k: 3), Shape(rows: 9, n: 50, k: 33),
                         Shape(rows: 37, n: 100, k: 384), Shape(rows: 70, n: 97, k: 384), Shape(rows: 9, n: 100, k: 1536)]

    @Test("outputs equal the exact sum of bfloat16 products, assigning and accumulating", arguments: shapes)
    func matchesExactSum(_ shape: Shape) {
        var generator = SplitMix64(seed: UInt64(shape.rows * 7919 + shape.n * 31 + shape.k))
        let ldx = shape.k + 3, ldy = shape.n + 5  // leading dimensions wider than the matrices
        let x = (0..<(shape.rows * ldx)).map { _ in generator.nextFloat() * 4 - 2 }
        let w = (0..<(shape.n * shape.k)).map { _ in generator.nextFloat() - 0.5 }
        let initial = (0..<(shape.rows * ldy)).map { _ in generator.nextFloat() }
        var packed = [UInt16](repeating: 0xffff, count: ck_bf16_packed_weights_count(Int32(shape.n), Int32(shape.k)))
        ck_bf16_pack_weights(&packed, w, Int32(shape.n), Int32(shape.k))
        var scratch = [UInt16](repeating: 0xffff, count: ck_bf16_scratch_count(Int32(shape.rows), Int32(shape.k)))

        for accumulate in [false, true] {
            var y = initial
            ck_bf16_linear(&y, Int32(ldy), x, Int32(ldx), Int32(shape.rows), packed, Int32(shape.n), Int32(shape.k),
                           accumulate ? 1 : 0, &scratch)
            var worst = 0.0
            for r in 0..<shape.rows {
                for c in 0..<shape.n {
                    var exact = accumulate ? Double(initial[r * ldy + c]) : 0
                    var magnitude = abs(exact)
                    for j in 0..<shape.k {
                        let product = Self.rounded(x[r * ldx + j]) * Self.rounded(w[c * shape.k + j])
                        exact += product
                        magnitude += abs(product)
                    }
                    worst = max(worst, abs(Double(y[r * ldy + c]) - exact) / max(magnitude, 1e-30))
                }
                // Padding columns of y beyond n are never written.
                for c in shape.n..<ldy { #expect(y[r * ldy + c] == initial[r * ldy + c]) }
            }
            // float32 accumulation of k products: error relative to Σ|products| stays near k·2⁻²⁴.
            #expect(worst < 1e-5, "accumulate \(accumulate): worst relative error \(worst)")
        }
    }
}

extension SplitMix64 {
    /// Uniform in [0, 1).
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
