import COpenBLAS

/// Thin row-major wrappers over OpenBLAS; the only file that calls `cblas_*`.
///
/// OpenBLAS is put in single-threaded mode once: the GEMMs of this module are small (tens of rows), run best on
/// one core, and the module parallelises itself across shards of a batch or members of an ensemble.
enum BLAS {
    private static let configured: Bool = {
        openblas_set_num_threads(1)
        // OpenBLAS started its worker threads when it loaded, and they spin (sched_yield) for ≈ 0.1 s before they
        // sleep: measured as a third busy thread on two cores. Single-threaded OpenBLAS never needs them.
        lunar_openblas_stop_threads()
        return true
    }()

    /// Makes sure OpenBLAS runs single-threaded (and its own worker threads are stopped); cheap after the first
    /// call.
    @inline(__always)
    static func ensureConfigured() {
        _ = configured
    }

    /// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major.
    @inline(__always)
    static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y[m or n] = alpha · op(A) · x + beta · y, A row-major m×n.
    @inline(__always)
    static func gemv(
        trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, trans ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), alpha, a, blasint(lda),
            x, 1, beta, y, 1)
    }

    /// The OpenBLAS core type in use (e.g. "Haswell"), for benchmark reports.
    static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
