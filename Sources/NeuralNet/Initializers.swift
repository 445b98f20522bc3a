import Foundation

/// Keras's weight initialisers: glorot-uniform kernels, orthogonal recurrent kernels.
enum Initializers {
    /// Fills `count` values uniformly in ±sqrt(6 / (fanIn + fanOut)) (Keras `glorot_uniform`).
    static func glorotUniform(
        _ p: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, rng: inout SeededGenerator
    ) {
        let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
        for i in 0..<(fanIn * fanOut) {
            p[i] = Float((rng.nextUnitDouble() * 2 - 1) * limit)
        }
    }

    /// Fills a rows×cols row-major matrix with orthonormal rows or columns (Keras `Orthogonal`, gain 1).
    ///
    /// As Keras: a normal matrix of shape (max, min) is QR-decomposed, Q's columns are signed by diag(R) (which
    /// Gram–Schmidt makes positive), and Q is transposed when rows < cols.
    static func orthogonal(_ p: UnsafeMutablePointer<Float>, rows: Int, cols: Int, rng: inout SeededGenerator) {
        let tall = max(rows, cols)
        let narrow = min(rows, cols)
        // a: tall × narrow, column-major for convenient column operations
        var a = [Double](repeating: 0, count: tall * narrow)
        for r in 0..<tall {
            for c in 0..<narrow { a[c * tall + r] = rng.nextNormal() }
        }
        // modified Gram–Schmidt, twice for numerical orthogonality
        for c in 0..<narrow {
            for _ in 0..<2 {
                for prev in 0..<c {
                    var dot = 0.0
                    for r in 0..<tall { dot += a[prev * tall + r] * a[c * tall + r] }
                    for r in 0..<tall { a[c * tall + r] -= dot * a[prev * tall + r] }
                }
            }
            var norm = 0.0
            for r in 0..<tall { norm += a[c * tall + r] * a[c * tall + r] }
            norm = norm.squareRoot()
            for r in 0..<tall { a[c * tall + r] /= norm }
        }
        // q is tall × narrow; if rows >= cols the result is q, else q transposed
        for r in 0..<rows {
            for c in 0..<cols {
                let value = rows >= cols ? a[c * tall + r] : a[r * tall + c]
                p[r * cols + c] = Float(value)
            }
        }
    }
}
