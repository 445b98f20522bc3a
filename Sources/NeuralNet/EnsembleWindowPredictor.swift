import CNeuralKernels

/// Latest-window prediction of several networks (an ensemble's members) on two threads.
///
/// One network's latest window is a chain of 60 dependent steps per layer on one core (≈ 70 µs for the prototype),
/// so an ensemble's members run side by side. Each member is two tasks: its first layer ("head", ≈ 70 % of the
/// work for the prototype) and the layers after it ("tail", from the first layer's output kept in the member's
/// workspace). The two workers claim heads in member order, then any tail whose head is done, so with 3 members
/// one worker runs two heads while the other runs the first two tails: ≈ 1.75× one member's time instead of 3×
/// (`lunar bench lstm`). Nothing waits step by step: a tail waits at most once, for its head, so the schedule does not
/// depend on how fast the two cores can hand cache lines to each other. With one thread the members run one after
/// another; results do not depend on the schedule.
///
/// Not thread-safe: one caller at a time.
final class EnsembleWindowPredictor {
    let networks: [LSTMNetwork]
    /// One batch-of-one workspace per member.
    private let workspaces: [LSTMNetwork.Workspace]
    /// Shared with the workers through the C atomics: [0] next head to claim, then per member a "head done" flag
    /// and a "tail claimed" flag.
    private let state: UnsafeMutablePointer<Int32>

    init(networks: [LSTMNetwork]) {
        self.networks = networks
        workspaces = networks.map { $0.makeWorkspace(batch: 1, training: false) }
        state = .allocate(capacity: 1 + 2 * networks.count)
        state.initialize(repeating: 0, count: 1 + 2 * networks.count)
    }

    deinit { state.deallocate() }

    /// Layers `range` of member i (from its window when the range starts at 0, else from the previous layer's
    /// output kept in its workspace); returns the output of the range's last layer.
    @discardableResult
    private func run(_ i: Int, window: [Float], layers range: Range<Int>) -> UnsafeMutablePointer<Float> {
        let net = networks[i], ws = workspaces[i]
        var rng = SeededGenerator(seed: 0)
        if range.lowerBound == 0 {
            window.withUnsafeBufferPointer { net.loadWindows(ws, from: $0.baseAddress!, batch: 1) }
            return net.forward(ws, batch: 1, training: false, rng: &rng, to: range.upperBound)
        }
        let k = range.lowerBound - 1
        return net.forward(ws, batch: 1, training: false, rng: &rng, from: range.lowerBound,
                           input: net.layerOutput(ws, layer: k, batch: 1), to: range.upperBound)
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
        let state = self.state
        state.update(repeating: 0, count: 1 + 2 * n)
        out.withUnsafeMutableBufferPointer { buffer in
            let box = UncheckedBox(buffer.baseAddress!)
            Parallel.forEach(2, threads: 2) { _ in
                // heads in member order
                while true {
                    let i = Int(lunar_task_done(state)) - 1  // claims head i
                    guard i < n else { break }
                    let layers = self.networks[i].layers.count
                    let y = self.run(i, window: windows[i], layers: 0..<1)
                    if layers == 1 { box.value[i] = y[0] }
                    lunar_task_done(state + 1 + 2 * i)
                }
                // then tails, each once its head is done (waiting only when every unclaimed tail's head is still
                // running on the other worker)
                for i in 0..<n where lunar_task_claim(state + 2 + 2 * i) != 0 {
                    lunar_task_wait(state + 1 + 2 * i, 1)
                    let layers = self.networks[i].layers.count
                    if layers > 1 { box.value[i] = self.run(i, window: windows[i], layers: 1..<layers)[0] }
                }
            }
        }
        return out
    }
}

