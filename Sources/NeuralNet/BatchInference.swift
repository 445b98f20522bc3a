/// Forward passes over many windows, split into chunks that run on several threads (one workspace each).
///
/// Networks of stacked LSTMs with a head on the last state run through ``StackedInference`` (one step of every
/// layer at a time, only the current step's buffers, and for windows of one series each bar's input projection
/// once); other networks through `forward` on gathered windows. Chunks of 32 windows (measured on the 2-core EPYC:
/// 24–40 best, 16 and 64 ≈ 10 % slower). A window's result is the same whatever the thread count; whether its chunk
/// is consecutive (shared projection) or gathered changes only the last bits (summation order).
final class BatchInference: @unchecked Sendable {
    let network: LSTMNetwork
    let chunk: Int
    let plan: StackedInference?

    /// One worker's buffers.
    final class WorkerSpace: @unchecked Sendable {
        /// Gathered windows (T·B × F, time-major).
        let x: Buffer
        let stacked: StackedInference.Workspace?
        let regular: LSTMNetwork.Workspace?

        init(network: LSTMNetwork, plan: StackedInference?, chunk: Int) {
            x = Buffer(chunk * network.config.sequenceLength * network.config.featureCount)
            if let plan {
                stacked = StackedInference.Workspace(plan: plan, network: network, batch: chunk)
                regular = nil
            } else {
                stacked = nil
                regular = network.makeWorkspace(batch: chunk, training: false)
            }
        }
    }
    private var workspaces: [WorkerSpace] = []

    init(network: LSTMNetwork, chunk: Int = 32) {
        self.network = network
        self.chunk = chunk
        plan = StackedInference.plan(for: network)
    }

    private func workspaces(_ n: Int) -> [WorkerSpace] {
        while workspaces.count < n { workspaces.append(WorkerSpace(network: network, plan: plan, chunk: chunk)) }
        return Array(workspaces.prefix(n))
    }

    /// Probabilities (the network's first output) of every window of `data`.
    func predict(_ data: WindowDataset, threads: Int) -> [Float] {
        let n = data.count
        guard n > 0 else { return [] }
        let chunks = (n + chunk - 1) / chunk
        let width = min(max(1, threads), chunks)
        let wss = workspaces(width)
        var out = [Float](repeating: 0, count: n)
        let outWidth = network.outputWidth
        let indices = Array(0..<n)
        out.withUnsafeMutableBufferPointer { outBuffer in
            let outPtr = UncheckedBox(outBuffer.baseAddress!)
            indices.withUnsafeBufferPointer { idx in
                let idxBox = UncheckedBox(idx)
                Parallel.forEach(width, threads: width) { worker in
                    let ws = wss[worker]
                    var rng = SeededGenerator(seed: 0)
                    var c = worker
                    while c < chunks {
                        let start = c * self.chunk, b = min(self.chunk, n - start)
                        let y: UnsafeMutablePointer<Float>
                        if let plan = self.plan, let sws = ws.stacked {
                            if let first = data.consecutiveStart(start, count: b) {
                                // windows of one series, one bar apart: each bar's input projection is shared
                                y = data.rows.withUnsafeBufferPointer { rows in
                                    plan.forward(self.network, sws,
                                                 source: .consecutive(rows.baseAddress! + first * data.featureCount),
                                                 batch: b)
                                }
                            } else {
                                let slice = UnsafeBufferPointer(rebasing: idxBox.value[start..<(start + b)])
                                data.gather(slice, into: ws.x.pointer)
                                y = plan.forward(self.network, sws, source: .gathered(ws.x.pointer), batch: b)
                            }
                        } else {
                            let slice = UnsafeBufferPointer(rebasing: idxBox.value[start..<(start + b)])
                            let regular = ws.regular!
                            data.gather(slice, into: regular.x.pointer)
                            y = self.network.forward(regular, batch: b, training: false, rng: &rng)
                        }
                        for k in 0..<b { outPtr.value[start + k] = y[k * outWidth] }
                        c += width
                    }
                }
            }
        }
        return out
    }
}

extension LSTMNetwork {
    /// Probabilities (first output) of every window of `data`, computed on up to `threads` threads
    /// (default ``Parallel/maxThreads``). O(windows · L) work.
    public func predict(_ data: WindowDataset, threads: Int? = nil) throws -> [Float] {
        guard data.sequenceLength == config.sequenceLength, data.featureCount == config.featureCount else {
            throw NeuralNetError.shapeMismatch(expected: "windows of (\(config.sequenceLength), \(config.featureCount))",
                                               got: "(\(data.sequenceLength), \(data.featureCount))")
        }
        guard !outputIsSequence else {
            throw NeuralNetError.invalidConfig("predict needs a model whose last layer returns no sequence")
        }
        return BatchInference(network: self).predict(data, threads: threads ?? Parallel.maxThreads)
    }
}
