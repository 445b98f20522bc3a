/// Inference through a stack of LSTM layers one time step at a time, every layer per step (a wavefront).
///
/// Training keeps every step's gates for backpropagation (T · B · 4u floats per layer, ≈ 2 MB for 32 windows of
/// the prototype's first layer), which streams through the core's L2 cache and pushes the weights out of it.
/// Inference needs none of that: here each layer keeps only the current step's gates, cell and output
/// (B × 4u and B × u), so weights and buffers stay in L1/L2 and the per-step GEMMs run from cache.
///
/// For windows of one series one bar apart (``predict_series``, validation), the first layer's input projection
/// x·W is the same for a bar in every window that contains it: it is computed once per bar (B + T − 1 rows instead
/// of B · T) and step t of window b reads bar b + t, so the batch's projections at step t are contiguous rows
/// t ..< t + B; the per-step GEMM of that layer is only the recurrence h·U (≈ 15 % fewer multiply-adds for the
/// prototype model).
///
/// Applies when the network is LSTM layers (all but the last returning sequences) with dropouts between them,
/// followed by layers on the last state; ``plan(for:)`` returns nil otherwise and callers use `forward`.
struct StackedInference {
    /// The LSTM layers of the stack, in order.
    let stack: [LSTMLayer]
    /// Index of the first layer after the stack (the head, run on the last state).
    let headStart: Int

    static func plan(for network: LSTMNetwork) -> StackedInference? {
        var stack: [LSTMLayer] = []
        var headStart = 0
        for (k, layer) in network.layers.enumerated() {
            switch layer {
            case .lstm(let l):
                guard stack.last?.returnSequences ?? true else { return nil }
                stack.append(l)
                if !l.returnSequences { headStart = k + 1 }
            case .dropout:
                continue
            case .dense:
                guard let last = stack.last, !last.returnSequences else { return nil }
            }
            if headStart > 0 { break }
        }
        guard headStart > 0 else { return nil }
        for layer in network.layers[headStart...] { if case .lstm = layer { return nil } }
        return StackedInference(stack: stack, headStart: headStart)
    }

    /// Per-worker buffers for batches of up to `batch` windows.
    final class Workspace: @unchecked Sendable {
        struct Layer {
            let z: Buffer, c: Buffer, tanhC: Buffer, h: Buffer
            /// Row b: [input | h_t−1] of window b (width in + u).
            let xh: Buffer
        }
        let layers: [Layer]
        /// First layer's input projection of consecutive bars, (batch + steps − 1) × 4u.
        let projection: Buffer
        /// Outputs of the head's dense layers, by layer index.
        let dense: [Int: DenseLayer.Workspace]
        let capacity: Int

        init(plan: StackedInference, network: LSTMNetwork, batch: Int) {
            capacity = batch
            layers = plan.stack.map { l in
                Layer(z: Buffer(batch * 4 * l.units), c: Buffer(batch * l.units), tanhC: Buffer(batch * l.units),
                      h: Buffer(batch * l.units), xh: Buffer(batch * (l.inputSize + l.units)))
            }
            projection = Buffer((batch + network.config.sequenceLength - 1) * 4 * plan.stack[0].units)
            var dense: [Int: DenseLayer.Workspace] = [:]
            for (k, layer) in network.layers.enumerated() where k >= plan.headStart {
                if case .dense(let d) = layer { dense[k] = DenseLayer.Workspace(units: d.units, batch: batch) }
            }
            self.dense = dense
        }
    }

    /// Where the windows come from.
    enum Source {
        /// Time-major T·B × F block (gathered windows).
        case gathered(UnsafePointer<Float>)
        /// Rows b ..< b + T of a row-major series are window b.
        case consecutive(UnsafePointer<Float>)
    }

    /// z (b × n) = A (b × k, leading dimension lda) · W (k × n) + beta · z: a GEMM, or a GEMV for one window.
    @inline(__always)
    private func product(b: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, w: UnsafePointer<Float>,
                         beta: Float, z: UnsafeMutablePointer<Float>) {
        if b == 1 {
            BLAS.gemv(trans: true, m: k, n: n, a: w, lda: n, x: a, beta: beta, y: z)
        } else {
            BLAS.gemm(m: b, n: n, k: k, a: a, lda: lda, b: w, ldb: n, beta: beta, c: z, ldc: n)
        }
    }

    /// Outputs (B × network output width) of `batch` windows.
    func forward(_ network: LSTMNetwork, _ ws: Workspace, source: Source, batch b: Int)
        -> UnsafeMutablePointer<Float>
    {
        BLAS.ensureConfigured()
        precondition(b <= ws.capacity)
        let w = UnsafePointer(network.weights.pointer)
        let steps = network.config.sequenceLength
        for s in ws.layers { s.c.pointer.update(repeating: 0, count: s.c.count) }
        if case .consecutive(let rows) = source {
            // projection rows x·W + bias (the bias rows first, then the GEMM adds to them)
            let first = stack[0], g4 = 4 * first.units, p = ws.projection.pointer
            for r in 0..<(b + steps - 1) { (p + r * g4).update(from: w + first.bias, count: g4) }
            BLAS.gemm(m: b + steps - 1, n: g4, k: first.inputSize, a: rows, lda: first.inputSize,
                      b: w + first.kernel, ldb: g4, beta: 1, c: p, ldc: g4)
        }
        for t in 0..<steps {
            for (i, l) in stack.enumerated() {
                let s = ws.layers[i], u = l.units, g4 = 4 * u, width = l.inputSize + u
                let z = s.z.pointer, xh = s.xh.pointer
                let next: (pointer: UnsafeMutablePointer<Float>, stride: Int)? =
                    i + 1 < stack.count ? (ws.layers[i + 1].xh.pointer, stack[i + 1].inputSize + stack[i + 1].units)
                                        : nil
                if i == 0, case .consecutive = source {
                    // z = h_t−1 · U (h_−1 = 0), and the gate kernel adds the projections of bars t ..< t + B
                    // (x·W + bias) as a per-row bias
                    if t > 0 {
                        product(b: b, n: g4, k: u, a: s.h.pointer, lda: u, w: w + l.recurrent, beta: 0, z: z)
                    } else {
                        z.update(repeating: 0, count: b * g4)
                    }
                    // h_t feeds the next layer's [input | h] rows directly; this layer's recurrence reads s.h
                    LSTMCell.forward(z: z, bias: ws.projection.pointer + t * g4, cPrev: s.c.pointer, c: s.c.pointer,
                                     tanhC: s.tanhC.pointer, h: s.h.pointer, batch: b, units: u,
                                     copyH: next?.pointer, copyStride: next?.stride ?? 0, inference: true,
                                     biasStride: g4)
                    continue
                }
                if i == 0, case .gathered(let x) = source {
                    for r in 0..<b {
                        (xh + r * width).update(from: x + (t * b + r) * l.inputSize, count: l.inputSize)
                    }
                }
                // z = [input_t | h_t−1] · [W; U]; at t = 0 only the input part (h_−1 = 0)
                product(b: b, n: g4, k: t == 0 ? l.inputSize : width, a: xh, lda: width, w: w + l.kernel, beta: 0,
                        z: z)
                LSTMCell.forward(z: z, bias: w + l.bias, cPrev: s.c.pointer, c: s.c.pointer, tanhC: s.tanhC.pointer,
                                 h: s.h.pointer, batch: b, units: u, copyH: xh + l.inputSize, copyStride: width,
                                 inference: true)
                if let next {
                    for r in 0..<b { (next.pointer + r * next.stride).update(from: s.h.pointer + r * u, count: u) }
                }
            }
        }
        // the head on the last state; dropout is the identity in inference
        var input = ws.layers.last!.h.pointer
        for k in headStart..<network.layers.count {
            if case .dense(let d) = network.layers[k] {
                d.forward(w, x: input, batch: b, ws: ws.dense[k]!)
                input = ws.dense[k]!.out.pointer
            }
        }
        return input
    }
}
