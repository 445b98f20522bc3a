/// One compiled layer of a network.
enum CompiledLayer: Sendable {
    case lstm(LSTMLayer)
    case dense(DenseLayer)
    case dropout(DropoutLayer)
}

/// Name, shape and place of one weight tensor in the flat parameter vector.
public struct TensorSpec: Sendable, Equatable, Codable {
    /// Tensor name, `layer/kernel`, `layer/recurrent_kernel` or `layer/bias`.
    public var name: String
    /// Shape, row-major (Keras layout).
    public var shape: [Int]
    /// Offset of the first element in the flat parameter vector.
    public var offset: Int
    /// Elements in the tensor.
    public var count: Int { shape.reduce(1, *) }
}

/// A sequential LSTM network with its float32 weights: the raw model, without feature scaling.
///
/// Weights live in one flat vector (layer order; per LSTM: kernel, recurrent kernel, bias; per Dense: kernel,
/// bias) so optimiser steps, gradient sums and best-weight snapshots are single loops.
public final class LSTMNetwork: @unchecked Sendable {
    /// The architecture.
    public let config: ModelConfig
    /// Number of weights and biases.
    public let parameterCount: Int
    /// Every weight tensor in storage order.
    public let tensors: [TensorSpec]
    let layers: [CompiledLayer]
    let shapes: [LayerShapes]
    let weights: Buffer

    /// A network with Keras's initialisation drawn from `seed`.
    public init(config: ModelConfig, seed: UInt64 = 0) throws {
        self.config = config
        shapes = try LayerShapes.resolve(config)
        var layers: [CompiledLayer] = []
        var tensors: [TensorSpec] = []
        var offset = 0
        for (layer, shape) in zip(config.layers, shapes) {
            switch layer {
            case .lstm(let c):
                let l = LSTMLayer(name: c.name, inputSize: shape.inputWidth, units: c.units,
                                  returnSequences: c.returnSequences, offset: offset)
                tensors.append(TensorSpec(name: "\(c.name)/kernel", shape: [l.inputSize, 4 * l.units],
                                          offset: l.kernel))
                tensors.append(TensorSpec(name: "\(c.name)/recurrent_kernel", shape: [l.units, 4 * l.units],
                                          offset: l.recurrent))
                tensors.append(TensorSpec(name: "\(c.name)/bias", shape: [4 * l.units], offset: l.bias))
                layers.append(.lstm(l))
                offset += l.parameterCount
            case .dense(let c):
                let d = DenseLayer(name: c.name, inputSize: shape.inputWidth, units: c.units,
                                   activation: c.activation, offset: offset)
                tensors.append(TensorSpec(name: "\(c.name)/kernel", shape: [d.inputSize, d.units], offset: d.kernel))
                tensors.append(TensorSpec(name: "\(c.name)/bias", shape: [d.units], offset: d.bias))
                layers.append(.dense(d))
                offset += d.parameterCount
            case .dropout(let c):
                layers.append(.dropout(DropoutLayer(name: c.name, rate: c.rate)))
            }
        }
        self.layers = layers
        self.tensors = tensors
        parameterCount = offset
        weights = Buffer(offset)
        reinitialize(seed: seed)
    }

    /// Draws fresh Keras-style initial weights from `seed`.
    public func reinitialize(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for layer in layers {
            switch layer {
            case .lstm(let l): l.initialize(weights.pointer, rng: &rng)
            case .dense(let d): d.initialize(weights.pointer, rng: &rng)
            case .dropout: break
            }
        }
    }

    /// Output features per window (the last layer's width).
    public var outputWidth: Int { shapes.last?.outputWidth ?? 0 }

    /// Whether the network outputs a sequence (its last layer is an LSTM returning sequences, or dropout after one).
    public var outputIsSequence: Bool { shapes.last?.outputIsSequence ?? false }

    /// A copy of all weights in storage order.
    public var parameters: [Float] {
        get { weights.array }
    }

    /// Replaces all weights; `values.count` must equal `parameterCount`.
    public func setParameters(_ values: [Float]) throws {
        guard values.count == parameterCount else {
            throw NeuralNetError.shapeMismatch(expected: "\(parameterCount) parameters", got: "\(values.count)")
        }
        values.withUnsafeBufferPointer { weights.pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A copy of one weight tensor's values (row-major), or nil if no tensor has that name.
    public func tensorValues(_ name: String) -> [Float]? {
        guard let spec = tensors.first(where: { $0.name == name }) else { return nil }
        return Array(UnsafeBufferPointer(start: weights.pointer + spec.offset, count: spec.count))
    }

    /// Overwrites one weight tensor; throws if the name is unknown or the count differs.
    public func setTensorValues(_ name: String, _ values: [Float]) throws {
        guard let spec = tensors.first(where: { $0.name == name }) else {
            throw NeuralNetError.invalidArgument(
                "no tensor named '\(name)'; the model has \(tensors.map(\.name).joined(separator: ", "))")
        }
        guard values.count == spec.count else {
            throw NeuralNetError.shapeMismatch(expected: "\(name) \(spec.shape)", got: "\(values.count) values")
        }
        values.withUnsafeBufferPointer { (weights.pointer + spec.offset).update(from: $0.baseAddress!, count: spec.count) }
    }

    // MARK: Workspaces

    /// Buffers of one forward/backward stream for batches of up to `batch` windows.
    final class Workspace: @unchecked Sendable {
        let capacity: Int
        let steps: Int
        let training: Bool
        let x: Buffer
        let lstm: [LSTMLayer.Workspace?]
        let dense: [DenseLayer.Workspace?]
        let dropout: [DropoutLayer.Workspace?]
        /// Gradient w.r.t. the input of layer k (k ≥ 1).
        let dInputs: [Buffer?]
        var inputs: [UnsafeMutablePointer<Float>]
        var dropoutActive: [Bool]
        var output: UnsafeMutablePointer<Float>

        init(network: LSTMNetwork, batch: Int, training: Bool) {
            capacity = batch
            steps = network.config.sequenceLength
            self.training = training
            let t = steps
            x = Buffer(t * batch * network.config.featureCount)
            var lstm: [LSTMLayer.Workspace?] = [], dense: [DenseLayer.Workspace?] = []
            var dropout: [DropoutLayer.Workspace?] = [], dIn: [Buffer?] = []
            for (k, (layer, shape)) in zip(network.layers, network.shapes).enumerated() {
                let rows = shape.outputIsSequence ? t * batch : batch
                lstm.append(nil)
                dense.append(nil)
                dropout.append(nil)
                switch layer {
                case .lstm(let l):
                    lstm[k] = LSTMLayer.Workspace(inputSize: l.inputSize, units: l.units, batch: batch, steps: t,
                                                   training: training)
                case .dense(let d): dense[k] = DenseLayer.Workspace(units: d.units, batch: batch)
                case .dropout: dropout[k] = training ? DropoutLayer.Workspace(count: rows * shape.outputWidth) : nil
                }
                let inRows = shape.inputIsSequence ? t * batch : batch
                dIn.append(training && k > 0 ? Buffer(inRows * shape.inputWidth) : nil)
            }
            self.lstm = lstm
            self.dense = dense
            self.dropout = dropout
            dInputs = dIn
            inputs = Array(repeating: x.pointer, count: network.layers.count)
            dropoutActive = Array(repeating: false, count: network.layers.count)
            output = x.pointer
        }
    }

    func makeWorkspace(batch: Int, training: Bool) -> Workspace {
        Workspace(network: self, batch: batch, training: training)
    }

    // MARK: Forward and backward

    /// Runs the network on `ws.x` (T·B × F, time-major) and returns the output pointer (B × out, or T·B × out
    /// time-major for sequence outputs). With `training`, dropout draws masks from `rng`.
    @discardableResult
    ///
    /// With `start` > 0, runs layers start… on `input` (the output of layer start − 1) instead of `ws.x`; with
    /// `end`, stops before layer `end` (and returns layer end − 1's output).
    func forward(
        _ ws: Workspace, batch: Int, training: Bool, rng: inout SeededGenerator, from start: Int = 0,
        input first: UnsafeMutablePointer<Float>? = nil, to end: Int? = nil
    ) -> UnsafeMutablePointer<Float> {
        BLAS.ensureConfigured()
        precondition(batch <= ws.capacity && (!training || ws.training))
        let w = UnsafePointer(weights.pointer)
        let t = ws.steps
        var input = first ?? ws.x.pointer
        for (k, layer) in layers.enumerated() where k >= start && k < (end ?? layers.count) {
            ws.inputs[k] = input
            switch layer {
            case .lstm(let l):
                l.forward(w, x: input, batch: batch, steps: t, ws: ws.lstm[k]!)
                input = l.output(ws.lstm[k]!, batch: batch, steps: t)
            case .dense(let d):
                d.forward(w, x: input, batch: batch, ws: ws.dense[k]!)
                input = ws.dense[k]!.out.pointer
            case .dropout(let d):
                let active = training && d.rate > 0
                ws.dropoutActive[k] = active
                if active {
                    let shape = shapes[k]
                    let count = (shape.outputIsSequence ? t * batch : batch) * shape.outputWidth
                    d.forward(x: input, count: count, ws: ws.dropout[k]!, rng: &rng)
                    input = ws.dropout[k]!.out.pointer
                }
            }
        }
        ws.output = input
        return input
    }

    /// Output of layer k after `forward` (the pointer `forward` passed on to layer k + 1).
    func layerOutput(_ ws: Workspace, layer k: Int, batch: Int) -> UnsafeMutablePointer<Float> {
        switch layers[k] {
        case .lstm(let l): return l.output(ws.lstm[k]!, batch: batch, steps: ws.steps)
        case .dense: return ws.dense[k]!.out.pointer
        case .dropout:
            if ws.dropoutActive[k] { return ws.dropout[k]!.out.pointer }
            return k == 0 ? ws.x.pointer : layerOutput(ws, layer: k - 1, batch: batch)
        }
    }

    /// Pre-activations of the last layer after `forward` (the logits when it is Dense(…, sigmoid)).
    func lastPreActivation(_ ws: Workspace) -> UnsafeMutablePointer<Float>? {
        guard let k = layers.indices.last, case .dense = layers[k] else { return nil }
        return ws.dense[k]!.pre.pointer
    }

    /// Backpropagates `dOutput` (shaped like the output; w.r.t. the last layer's pre-activation when
    /// `wrtPreActivation`) and writes every parameter gradient into `gradients` (parameterCount floats), plus the
    /// input gradient (T·B × F, time-major) into `dInput` when given.
    func backward(
        _ ws: Workspace, batch: Int, dOutput: UnsafePointer<Float>, wrtPreActivation: Bool,
        gradients: UnsafeMutablePointer<Float>, dInput: UnsafeMutablePointer<Float>? = nil
    ) {
        let w = UnsafePointer(weights.pointer)
        let t = ws.steps
        var dOut = dOutput
        for k in stride(from: layers.count - 1, through: 0, by: -1) {
            let dIn: UnsafeMutablePointer<Float>? = k == 0 ? dInput : ws.dInputs[k]!.pointer
            switch layers[k] {
            case .lstm(let l):
                l.backward(w, g: gradients, x: ws.inputs[k], dOut: dOut, dx: dIn, batch: batch, steps: t,
                           ws: ws.lstm[k]!)
            case .dense(let d):
                d.backward(w, g: gradients, x: ws.inputs[k], dOut: dOut,
                           wrtPreActivation: wrtPreActivation && k == layers.count - 1, dx: dIn, batch: batch,
                           ws: ws.dense[k]!)
            case .dropout(let d):
                let shape = shapes[k]
                let count = (shape.outputIsSequence ? t * batch : batch) * shape.outputWidth
                if let dIn {
                    if ws.dropoutActive[k] {
                        d.backward(dOut: dOut, dx: dIn, count: count, ws: ws.dropout[k]!)
                    } else {
                        dIn.update(from: dOut, count: count)
                    }
                }
            }
            guard let dIn else { break }
            dOut = UnsafePointer(dIn)
        }
    }

    /// Copies windows (batch-major, each T × F row-major) into the workspace's time-major input.
    func loadWindows(_ ws: Workspace, from source: UnsafePointer<Float>, batch: Int) {
        let t = ws.steps, f = config.featureCount
        let x = ws.x.pointer
        for b in 0..<batch {
            let src = source + b * t * f
            for s in 0..<t {
                (x + (s * batch + b) * f).update(from: src + s * f, count: f)
            }
        }
    }
}
