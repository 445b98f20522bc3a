/// Forward passes over many windows, split into chunks that run on several threads (one workspace each).
///
/// Chunks of 32 windows (measured: 32 and 48 beat 64 by ≈ 8 % on the 2-core EPYC; each window's result does not
/// depend on the chunk) keep a chunk's gate buffers (32 × 60 × 4u floats) in the core's L2 cache.
final class BatchInference: @unchecked Sendable {
    let network: LSTMNetwork
    let chunk: Int
    private var workspaces: [LSTMNetwork.Workspace] = []

    init(network: LSTMNetwork, chunk: Int = 32) {
        self.network = network
        self.chunk = chunk
    }

    private func workspaces(_ n: Int) -> [LSTMNetwork.Workspace] {
        while workspaces.count < n { workspaces.append(network.makeWorkspace(batch: chunk, training: false)) }
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
                        let slice = UnsafeBufferPointer(rebasing: idxBox.value[start..<(start + b)])
                        data.gather(slice, into: ws.x.pointer)
                        let y = self.network.forward(ws, batch: b, training: false, rng: &rng)
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
