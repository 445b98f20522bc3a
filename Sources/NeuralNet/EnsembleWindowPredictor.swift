import CNeuralKernels

/// Latest-window prediction of several networks (an ensemble's members) on two threads.
///
/// One network's latest window runs on one core (≈ 70–80 µs for the prototype: 60 dependent steps whose recurrent
/// GEMVs read the weights from L2), so members pair up, one per thread. When their count is odd the last member
/// runs on both threads at once through ``SplitWindowPredictor``, whose first layer is split by units while the
/// rest of it (the "tail": the other layers, ≈ a quarter of the work) runs on one thread. So that the other thread
/// is not idle then, worker 1 defers the tail of its last member: it runs that member's first layer, joins the
/// split member early (claiming its steps alone until worker 0 arrives), and the two tails run side by side at the
/// end. Three members take ≈ 1.6–1.8× one member's time instead of 3× (`lunar bench lstm`). With one thread the
/// members run one after another; results do not depend on the schedule.
///
/// Not thread-safe: one caller at a time.
final class EnsembleWindowPredictor {
    let networks: [LSTMNetwork]
    /// One batch-of-one workspace per member.
    private let workspaces: [LSTMNetwork.Workspace]
    private let split: SplitWindowPredictor?
    /// Tail claims (0: the split member's, 1: the deferred member's) and "deferred first layer done".
    private let flags: UnsafeMutablePointer<Int32>

    init(networks: [LSTMNetwork]) {
        self.networks = networks
        workspaces = networks.map { $0.makeWorkspace(batch: 1, training: false) }
        split = networks.count % 2 == 1 ? SplitWindowPredictor(network: networks[networks.count - 1]) : nil
        flags = .allocate(capacity: 3)
        flags.initialize(repeating: 0, count: 3)
    }

    deinit { flags.deallocate() }

    /// Layers start..<end of member i (from its window when start is 0, else from the previous layer's output kept
    /// in its workspace); returns the output of layer end − 1.
    @discardableResult
    private func run(_ i: Int, window: [Float], layers range: Range<Int>) -> UnsafeMutablePointer<Float> {
        let net = networks[i], ws = workspaces[i]
        var rng = SeededGenerator(seed: 0)
        if range.lowerBound == 0 {
            window.withUnsafeBufferPointer { net.loadWindows(ws, from: $0.baseAddress!, batch: 1) }
            return net.forward(ws, batch: 1, training: false, rng: &rng, to: range.upperBound)
        }
        let k = range.lowerBound - 1
        guard case .lstm(let l) = net.layers[k] else { preconditionFailure("a deferred tail starts after an LSTM") }
        return net.forward(ws, batch: 1, training: false, rng: &rng, from: range.lowerBound,
                           input: l.output(ws.lstm[k]!, batch: 1, steps: ws.steps), to: range.upperBound)
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
            return (0..<n).map { run($0, window: windows[$0], layers: 0..<networks[$0].layers.count)[0] }
        }
        var out = [Float](repeating: .nan, count: n)
        let split = self.split, paired = split == nil ? n : n - 1
        // worker 1's last member (the highest odd index below `paired`) has its tail deferred, if its first layer
        // is an LSTM returning sequences (the tail then starts from that layer's output)
        var deferred: Int? = nil
        if split != nil, paired >= 2 {
            let d = paired % 2 == 0 ? paired - 1 : paired - 2
            if case .lstm = networks[d].layers[0], networks[d].layers.count > 1 { deferred = d }
        }
        flags.update(repeating: 0, count: 3)
        windows[n - 1].withUnsafeBufferPointer { last in
            split?.begin(window: last.baseAddress!)
            out.withUnsafeMutableBufferPointer { buffer in
                let box = UncheckedBox(buffer.baseAddress!)
                Parallel.forEach(2, threads: 2) { worker in
                    var i = worker
                    while i < paired {
                        if i == deferred {
                            self.run(i, window: windows[i], layers: 0..<1)
                            lunar_task_done(self.flags + 2)  // its tail may now be taken by either worker
                        } else {
                            box.value[i] = self.run(i, window: windows[i], layers: 0..<self.networks[i].layers.count)[0]
                        }
                        i += 2
                    }
                    guard let split else { return }
                    split.work(worker: worker)
                    // the tails, worker 0 preferring the split member's and worker 1 its own deferred one
                    for k in 0..<2 {
                        let task = k == 0 ? worker : 1 - worker
                        if task == 1 {
                            guard let d = deferred, lunar_atomic_load(self.flags + 2) != 0,
                                  lunar_task_claim(self.flags + 1) != 0 else { continue }
                            box.value[d] = self.run(d, window: windows[d], layers: 1..<self.networks[d].layers.count)[0]
                        } else if lunar_task_claim(self.flags) != 0 {
                            split.finish()
                        }
                    }
                }
            }
        }
        if let split { out[n - 1] = split.output }
        return out
    }
}

/// One network's latest window computed by two threads together: the first LSTM layer's units are split in two
/// halves, and at every step each thread computes one half's gates (its four column blocks of the kernels: 32 KB of
/// recurrent kernel for the prototype, the size of a core's L1) and writes its half of h_t; both halves of h_t are
/// needed before step t + 1. The rest of the network (the other layers on the first layer's output) is `finish()`,
/// run by one thread after `work`.
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
                lunar_task_done(done + t)
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

    /// The layers after the first, on its output, once both halves of the last step are done (call after `work`).
    func finish() {
        lunar_task_wait(done + steps - 1, 2)
        let u = layer.units
        let input = layer.returnSequences ? outputs.pointer : outputs.pointer + (steps - 1) * u
        var rng = SeededGenerator(seed: 0)
        output = network.forward(rest, batch: 1, training: false, rng: &rng, from: 1, input: input)[0]
    }
}
