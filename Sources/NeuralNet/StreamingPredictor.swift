/// Advances the network one bar at a time, keeping every LSTM layer's state (h, c) between calls.
///
/// After `reset()` and L pushes of a window's rows, the output equals the batch forward pass of that window.
/// Each push costs two GEMVs per LSTM layer and one per dense layer. Not thread-safe.
public final class StreamingPredictor {
    /// The network used.
    public let network: LSTMNetwork
    private struct LayerState {
        let h: Buffer, c: Buffer, tanhC: Buffer, z: Buffer
    }
    private var states: [LayerState?] = []
    private var denseOut: [Buffer?] = []
    /// Bars pushed since the last reset.
    public private(set) var steps = 0

    /// A predictor for `network`; its last layer must not return sequences.
    public init(network: LSTMNetwork) throws {
        guard !network.outputIsSequence else {
            throw NeuralNetError.invalidConfig("streaming needs a model whose last layer returns no sequence")
        }
        self.network = network
        for layer in network.layers {
            switch layer {
            case .lstm(let l):
                states.append(LayerState(h: Buffer(l.units), c: Buffer(l.units), tanhC: Buffer(l.units),
                                         z: Buffer(4 * l.units)))
                denseOut.append(nil)
            case .dense(let d):
                states.append(nil)
                denseOut.append(Buffer(d.units))
            case .dropout:
                states.append(nil)
                denseOut.append(nil)
            }
        }
    }

    /// Zeroes every state, as at the start of a window.
    public func reset() {
        for s in states { s?.h.zero(); s?.c.zero() }
        steps = 0
    }

    /// Pushes one scaled feature row (F values) and returns the network's outputs after it.
    public func pushOutputs(_ row: [Float]) throws -> [Float] {
        let f = network.config.featureCount
        guard row.count == f else {
            throw NeuralNetError.shapeMismatch(expected: "\(f) features per bar", got: "\(row.count)")
        }
        BLAS.ensureConfigured()
        let w = UnsafePointer(network.weights.pointer)
        return row.withUnsafeBufferPointer { rp in
            var input = rp.baseAddress!
            var width = f
            for (k, layer) in network.layers.enumerated() {
                switch layer {
                case .lstm(let l):
                    let s = states[k]!, g4 = 4 * l.units
                    BLAS.gemv(trans: true, m: width, n: g4, a: w + l.kernel, lda: g4, x: input, beta: 0,
                              y: s.z.pointer)
                    BLAS.gemv(trans: true, m: l.units, n: g4, a: w + l.recurrent, lda: g4, x: s.h.pointer, beta: 1,
                              y: s.z.pointer)
                    LSTMCell.forward(z: s.z.pointer, bias: w + l.bias, cPrev: s.c.pointer, c: s.c.pointer,
                                     tanhC: s.tanhC.pointer, h: s.h.pointer, batch: 1, units: l.units)
                    input = UnsafePointer(s.h.pointer)
                    width = l.units
                case .dense(let d):
                    let out = denseOut[k]!.pointer
                    BLAS.gemv(trans: true, m: width, n: d.units, a: w + d.kernel, lda: d.units, x: input, beta: 0,
                              y: out)
                    for j in 0..<d.units {
                        let z = out[j] + w[d.bias + j]
                        switch d.activation {
                        case .linear: out[j] = z
                        case .relu: out[j] = max(z, 0)
                        case .sigmoid: out[j] = VectorMath.sigmoid(z)
                        case .tanh: out[j] = VectorMath.tanh(z)
                        }
                    }
                    input = UnsafePointer(out)
                    width = d.units
                case .dropout:
                    break
                }
            }
            steps += 1
            return Array(UnsafeBufferPointer(start: input, count: width))
        }
    }

    /// Pushes one scaled feature row and returns the probability (first output).
    public func push(_ row: [Float]) throws -> Float {
        try pushOutputs(row)[0]
    }
}
