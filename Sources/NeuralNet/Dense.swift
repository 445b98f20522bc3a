/// A fully connected layer y = act(x · W + b) with kernel (in, out) and bias (out), as Keras `Dense`.
struct DenseLayer: Sendable {
    let name: String
    let inputSize: Int
    let units: Int
    let activation: Activation
    let kernel: Int
    let bias: Int

    init(name: String, inputSize: Int, units: Int, activation: Activation, offset: Int) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
        kernel = offset
        bias = offset + inputSize * units
    }

    var parameterCount: Int { inputSize * units + units }

    /// Per-shard buffers: pre-activations, outputs and the gradient w.r.t. pre-activations.
    final class Workspace: @unchecked Sendable {
        let pre: Buffer, out: Buffer, dPre: Buffer
        init(units: Int, batch: Int) {
            pre = Buffer(batch * units)
            out = Buffer(batch * units)
            dPre = Buffer(batch * units)
        }
    }

    /// Computes pre = x·W + b and out = act(pre) for `batch` rows.
    func forward(_ w: UnsafePointer<Float>, x: UnsafePointer<Float>, batch: Int, ws: Workspace) {
        let n = units
        BLAS.gemm(m: batch, n: n, k: inputSize, a: x, lda: inputSize, b: w + kernel, ldb: n, beta: 0,
                  c: ws.pre.pointer, ldc: n)
        let pre = ws.pre.pointer, out = ws.out.pointer, b = w + bias
        for r in 0..<batch {
            for j in 0..<n { pre[r * n + j] += b[j] }
        }
        let count = batch * n
        switch activation {
        case .linear: out.update(from: pre, count: count)
        case .relu: for k in 0..<count { out[k] = max(pre[k], 0) }
        case .sigmoid: for k in 0..<count { out[k] = VectorMath.sigmoid(pre[k]) }
        case .tanh: for k in 0..<count { out[k] = VectorMath.tanh(pre[k]) }
        }
    }

    /// Backward from the gradient w.r.t. the outputs (or, when `wrtPreActivation`, w.r.t. pre-activations);
    /// writes the kernel and bias gradients in `g` and, when `dx` is given, the input gradient.
    func backward(
        _ w: UnsafePointer<Float>, g: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
        dOut: UnsafePointer<Float>, wrtPreActivation: Bool, dx: UnsafeMutablePointer<Float>?, batch: Int,
        ws: Workspace
    ) {
        let n = units, count = batch * n
        let dPre = ws.dPre.pointer, pre = ws.pre.pointer, out = ws.out.pointer
        if wrtPreActivation {
            dPre.update(from: dOut, count: count)
        } else {
            switch activation {
            case .linear: dPre.update(from: dOut, count: count)
            case .relu: for k in 0..<count { dPre[k] = pre[k] > 0 ? dOut[k] : 0 }
            case .sigmoid: for k in 0..<count { dPre[k] = dOut[k] * out[k] * (1 - out[k]) }
            case .tanh: for k in 0..<count { dPre[k] = dOut[k] * (1 - out[k] * out[k]) }
            }
        }
        BLAS.gemm(transA: true, m: inputSize, n: n, k: batch, a: x, lda: inputSize, b: dPre, ldb: n, beta: 0,
                  c: g + kernel, ldc: n)
        let gb = g + bias
        for j in 0..<n { gb[j] = 0 }
        for r in 0..<batch {
            for j in 0..<n { gb[j] += dPre[r * n + j] }
        }
        if let dx {
            BLAS.gemm(transB: true, m: batch, n: inputSize, k: n, a: dPre, lda: n, b: w + kernel, ldb: n, beta: 0,
                      c: dx, ldc: inputSize)
        }
    }

    /// Keras initialisation: glorot-uniform kernel, zero bias.
    func initialize(_ w: UnsafeMutablePointer<Float>, rng: inout SeededGenerator) {
        Initializers.glorotUniform(w + kernel, fanIn: inputSize, fanOut: units, rng: &rng)
        (w + bias).update(repeating: 0, count: units)
    }
}
