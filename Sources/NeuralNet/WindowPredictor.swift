/// Predicts single windows with a reusable batch-of-one workspace (the latest-window path).
///
/// Not thread-safe: use one predictor per thread.
public final class WindowPredictor {
    /// The network used.
    public let network: LSTMNetwork
    private let workspace: LSTMNetwork.Workspace

    /// A predictor for `network`.
    public init(network: LSTMNetwork) {
        self.network = network
        workspace = network.makeWorkspace(batch: 1, training: false)
    }

    /// The network's outputs for one scaled window (L × F row-major).
    public func predictOutputs(window: [Float]) throws -> [Float] {
        let l = network.config.sequenceLength, f = network.config.featureCount
        guard window.count == l * f else {
            throw NeuralNetError.shapeMismatch(expected: "one window of (\(l), \(f)) = \(l * f) values",
                                               got: "\(window.count) values")
        }
        window.withUnsafeBufferPointer { network.loadWindows(workspace, from: $0.baseAddress!, batch: 1) }
        var rng = SeededGenerator(seed: 0)
        let out = network.forward(workspace, batch: 1, training: false, rng: &rng)
        let n = network.outputIsSequence ? l * network.outputWidth : network.outputWidth
        return Array(UnsafeBufferPointer(start: out, count: n))
    }

    /// The probability (first output) for one scaled window (L × F row-major).
    public func predict(window: [Float]) throws -> Float {
        try predictOutputs(window: window)[0]
    }
}
