import COpenBLAS

/// The only door to OpenBLAS in this module: row-major single-precision GEMM and thread control.
enum BLAS {
    /// C = alpha · A · op(B) + beta · C with row-major A [m, k] (leading dimension lda), B either
    /// [k, n] (`transposeB` false) or stored [n, k] and used transposed (weights as stored [out, in]).
    @inline(__always)
    static func gemm(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Sets OpenBLAS's own thread count (process-wide). The encoder runs one BLAS thread per worker.
    static func setThreadCount(_ n: Int) {
        openblas_set_num_threads(Int32(n))
    }

    /// OpenBLAS's current thread count.
    static var threadCount: Int { Int(openblas_get_num_threads()) }
}
