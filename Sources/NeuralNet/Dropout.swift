/// Inverted dropout: in training, zeroes each activation with probability `rate` and scales the rest by
/// 1 / (1 − rate); at inference it is the identity (Keras `Dropout`).
struct DropoutLayer: Sendable {
    let name: String
    let rate: Float

    /// Per-shard buffers: the mask (0 or 1/(1−rate)) and the output.
    final class Workspace: @unchecked Sendable {
        let mask: Buffer, out: Buffer
        init(count: Int) {
            mask = Buffer(count)
            out = Buffer(count)
        }
    }

    /// Draws a fresh mask and applies it: out = x · mask.
    func forward(x: UnsafePointer<Float>, count: Int, ws: Workspace, rng: inout SeededGenerator) {
        let keep = 1 / (1 - rate), mask = ws.mask.pointer, out = ws.out.pointer
        var k = 0
        while k < count {
            let bits = rng.next()
            mask[k] = Float(bits >> 40) * (1.0 / 16_777_216.0) >= rate ? keep : 0
            if k + 1 < count {
                mask[k + 1] = Float((bits >> 8) & 0xff_ffff) * (1.0 / 16_777_216.0) >= rate ? keep : 0
            }
            k += 2
        }
        for i in 0..<count { out[i] = x[i] * mask[i] }
    }

    /// dx = dOut · mask.
    func backward(dOut: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, count: Int, ws: Workspace) {
        let mask = ws.mask.pointer
        for i in 0..<count { dx[i] = dOut[i] * mask[i] }
    }
}
