import CNeuralKernels

/// Inverted dropout: in training, zeroes each activation with probability `rate` and scales the rest by
/// 1 / (1 − rate); at inference it is the identity (Keras `Dropout`).
struct DropoutLayer: Sendable {
    let name: String
    let rate: Float

    /// Per-shard buffers: the mask (0 or 1/(1−rate)) and the output.
    final class Workspace: @unchecked Sendable {
        let mask: Buffer, out: Buffer
        private var wordBuffer: UnsafeMutablePointer<UInt64>
        private var wordCapacity: Int
        init(count: Int) {
            mask = Buffer(count)
            out = Buffer(count)
            wordCapacity = (count + 1) / 2
            wordBuffer = .allocate(capacity: max(1, wordCapacity))
        }
        deinit { wordBuffer.deallocate() }
        /// Scratch for the random words of one mask.
        func words(count: Int) -> UnsafeMutablePointer<UInt64> {
            if count > wordCapacity {
                wordBuffer.deallocate()
                wordBuffer = .allocate(capacity: count)
                wordCapacity = count
            }
            return wordBuffer
        }
    }

    /// Draws a fresh mask and applies it: out = x · mask.
    ///
    /// Each 64-bit draw gives two 24-bit uniforms u (bits 40–63, then bits 8–31); an element is kept when
    /// u · 2⁻²⁴ ≥ rate, compared exactly as the integer u ≥ ⌈rate · 2²⁴⌉.
    func forward(x: UnsafePointer<Float>, count: Int, ws: Workspace, rng: inout SeededGenerator) {
        let keep = 1 / (1 - rate), mask = ws.mask.pointer, out = ws.out.pointer
        let threshold = UInt32((Double(rate) * 16_777_216).rounded(.up))
        let words = ws.words(count: (count + 1) / 2)
        for i in 0..<((count + 1) / 2) { words[i] = rng.next() }
        lunar_dropout_apply(words, count, threshold, keep, x, mask, out)
    }

    /// dx = dOut · mask.
    func backward(dOut: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, count: Int, ws: Workspace) {
        let mask = ws.mask.pointer
        for i in 0..<count { dx[i] = dOut[i] * mask[i] }
    }
}
