import CNeuralKernels

/// Latest-window prediction of several networks (an ensemble's members) on two threads.
///
/// One network's latest window runs on one core (≈ 70 µs for the prototype: 60 dependent steps whose recurrent
/// GEMVs read the weights from L2), so members pair up, one per thread; when their count is odd the last member
/// runs on both threads at once through ``SplitWindowPredictor``. Three members take about 1.9× one member's
/// time instead of 3× (`lunar bench lstm`). With one thread the members run one after another.
///
/// Not thread-safe: one caller at a time.
final class EnsembleWindowPredictor {
    let networks: [LSTMNetwork]
    private let predictors: [WindowPredictor]
    private let split: SplitWindowPredictor?

    init(networks: [LSTMNetwork]) {
        self.networks = networks
        predictors = networks.map { WindowPredictor(network: $0) }
        split = networks.count % 2 == 1 ? SplitWindowPredictor(network: networks[networks.count - 1]) : nil
    }

    /// Each network's first output for its scaled window (L × F row-major, one per network).
    func predict(windows: [[Float]], threads: Int) throws -> [Float] {
        precondition(windows.count == networks.count)
        for (net, window) in zip(networks, windows)
        where window.count != net.config.sequenceLength * net.config.featureCount {
            throw NeuralNetError.shapeMismatch(
                expected: "one window of (\(net.config.sequenceLength), \(net.config.featureCount))",
                got: "\(window.count) values")
        }
        let n = networks.count
        if threads < 2 || n == 1 {
            return try zip(predictors, windows).map { try $0.predict(window: $1) }
        }
        var out = [Float](repeating: .nan, count: n)
        let split = self.split, paired = split == nil ? n : n - 1
        try windows[n - 1].withUnsafeBufferPointer { last in
            split?.begin(window: last.baseAddress!)
            try out.withUnsafeMutableBufferPointer { buffer in
                let box = UncheckedBox(buffer.baseAddress!)
                var failure: Error?
                let failureBox = UncheckedBox(UnsafeMutablePointer(&failure))
                Parallel.forEach(2, threads: 2) { worker in
                    var i = worker
                    while i < paired {
                        do { box.value[i] = try self.predictors[i].predict(window: windows[i]) } catch {
                            failureBox.value.pointee = error
                        }
                        i += 2
                    }
                    split?.work(worker: worker)
                }
                if let failure { throw failure }
            }
        }
        if let split { out[n - 1] = split.output }
        return out
    }
}

/// One network's latest window computed by two threads together: the first LSTM layer's units are split in two
/// halves, and at every step each thread computes one half's gates (its four column blocks of the kernels: 32 KB of
/// recurrent kernel for the prototype, the size of a core's L1) and writes its half of h_t; both halves of h_t are
/// needed before step t + 1. The rest of the network (the other layers on the first layer's output) runs on the
/// thread that finishes the last step.
///
/// Steps are claimed, not assigned: a thread takes its own half first, then the other half if its partner has not
/// claimed it, so one thread alone (when the pool runs the two workers one after the other) still finishes.
final class SplitWindowPredictor: @unchecked Sendable {
    let network: LSTMNetwork
    private let layer: LSTMLayer
    private let half: Int
    private let steps: Int
    /// Per half: its columns of the kernel (in × 4·half) and recurrent kernel (u × 4·half), copied at every
    /// prediction (the weights may have changed; ≈ 1 µs, and the copy brings them into that core's cache), the input
    /// projection with bias (T × 4·half), gates (4·half), cell and tanh(c) (half).
    private let kernels: [Buffer], recurrents: [Buffer]
    private let projection: [Buffer], gates: [Buffer], cells: [Buffer], tanhC: [Buffer]
    /// The first layer's output h_t for every step (T × u).
    private let outputs: Buffer
    /// The other layers run on a regular batch-of-one workspace.
    private let rest: LSTMNetwork.Workspace
    /// Claim flags (2 per step) and finished halves (1 per step), shared by the two threads (raw memory: only the
    /// C atomics touch them while the workers run).
    private let flags: UnsafeMutablePointer<Int32>
    private let done: UnsafeMutablePointer<Int32>
    private var window: UnsafePointer<Float>?
    private(set) var output: Float = .nan

    /// Nil when the first layer is not an LSTM or has fewer than 16 units (nothing to gain from splitting).
    init?(network: LSTMNetwork) {
        guard case .lstm(let first) = network.layers.first, first.units >= 16, first.units % 2 == 0,
              !network.outputIsSequence
        else { return nil }
        self.network = network
        layer = first
        half = first.units / 2
        steps = network.config.sequenceLength
        kernels = (0..<2).map { _ in Buffer(first.inputSize * 2 * first.units) }
        recurrents = (0..<2).map { _ in Buffer(first.units * 2 * first.units) }
        projection = (0..<2).map { _ in Buffer(network.config.sequenceLength * 4 * first.units / 2) }
        gates = (0..<2).map { _ in Buffer(4 * first.units / 2) }
        cells = (0..<2).map { _ in Buffer(first.units / 2) }
        tanhC = (0..<2).map { _ in Buffer(first.units / 2) }
        outputs = Buffer(network.config.sequenceLength * first.units)
        rest = network.makeWorkspace(batch: 1, training: false)
        flags = .allocate(capacity: 2 * network.config.sequenceLength)
        done = .allocate(capacity: network.config.sequenceLength)
    }

    deinit {
        flags.deallocate()
        done.deallocate()
    }

    /// Prepares a prediction of `window` (L × F row-major, kept alive by the caller until both workers return).
    func begin(window: UnsafePointer<Float>) {
        self.window = window
        output = .nan
        flags.update(repeating: 0, count: 2 * steps)
        done.update(repeating: 0, count: steps)
    }

    /// The work of worker 0 or 1; returns when the worker has nothing left to claim.
    func work(worker: Int) {
        BLAS.ensureConfigured()
        for t in 0..<steps {
            if t > 0 { lunar_task_wait(done + t - 1, 2) }
            // own half first, then the partner's if still unclaimed
            for k in 0..<2 {
                let part = k == 0 ? worker : 1 - worker
                guard lunar_task_claim(flags + 2 * t + part) != 0 else { continue }
                step(t, half: part)
                if lunar_task_done(done + t) == 2 && t == steps - 1 { finish() }
            }
        }
    }

    /// Half `k`'s gates, cell and h at step t.
    private func step(_ t: Int, half k: Int) {
        let w = UnsafePointer(network.weights.pointer)
        let u = layer.units, h = half, g4 = 4 * u, h4 = 4 * h, z = gates[k].pointer, p = projection[k].pointer
        if t == 0 {
            // this half's columns g·u + k·h ..< g·u + (k + 1)·h of each gate g, side by side (the gate kernel's layout
            // for h units)
            let wk = kernels[k].pointer, uk = recurrents[k].pointer
            for r in 0..<layer.inputSize {
                for g in 0..<4 { (wk + r * h4 + g * h).update(from: w + layer.kernel + r * g4 + g * u + k * h, count: h) }
            }
            for r in 0..<u {
                for g in 0..<4 {
                    (uk + r * h4 + g * h).update(from: w + layer.recurrent + r * g4 + g * u + k * h, count: h)
                }
            }
            // x·W + bias for every step
            for g in 0..<4 { (p + g * h).update(from: w + layer.bias + g * u + k * h, count: h) }
            for r in 1..<steps { (p + r * h4).update(from: p, count: h4) }
            BLAS.gemm(m: steps, n: h4, k: layer.inputSize, a: window!, lda: layer.inputSize, b: wk, ldb: h4, beta: 1,
                      c: p, ldc: h4)
            cells[k].pointer.update(repeating: 0, count: h)
            z.update(repeating: 0, count: h4)
        } else {
            BLAS.gemv(trans: true, m: u, n: h4, a: recurrents[k].pointer, lda: h4,
                      x: outputs.pointer + (t - 1) * u, beta: 0, y: z)
        }
        LSTMCell.forward(z: z, bias: p + t * h4, cPrev: cells[k].pointer, c: cells[k].pointer,
                         tanhC: tanhC[k].pointer, h: outputs.pointer + t * u + k * h, batch: 1, units: h,
                         inference: true)
    }

    /// The layers after the first, on its output.
    private func finish() {
        let u = layer.units
        let input = layer.returnSequences ? outputs.pointer : outputs.pointer + (steps - 1) * u
        var rng = SeededGenerator(seed: 0)
        output = network.forward(rest, batch: 1, training: false, rng: &rng, from: 1, input: input)[0]
    }
}
