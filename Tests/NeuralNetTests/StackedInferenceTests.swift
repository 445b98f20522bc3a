import XCTest

@testable import NeuralNet

/// Batch inference through ``StackedInference`` (wavefront over the layers, shared input projection for
/// consecutive windows, inference gate kernel) against the training-path forward of each window alone.
final class StackedInferenceTests: XCTestCase {
    private func rows(_ n: Int, _ f: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(n * f)).map { _ in rng.nextUnitFloat() * 2 - 0.5 }
    }

    /// Each window through `forward` with a batch-of-one workspace (exact kernels, no sharing).
    private func reference(_ net: LSTMNetwork, _ data: WindowDataset) -> [Float] {
        let ws = net.makeWorkspace(batch: 1, training: false)
        let windows = data.materialized(), size = data.sequenceLength * data.featureCount
        var rng = SeededGenerator(seed: 0)
        return (0..<data.count).map { k in
            windows.withUnsafeBufferPointer { net.loadWindows(ws, from: $0.baseAddress! + k * size, batch: 1) }
            return net.forward(ws, batch: 1, training: false, rng: &rng)[0]
        }
    }

    private func check(_ config: ModelConfig, windows: Int = 150, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let net = try LSTMNetwork(config: config, seed: 4)
        XCTAssertNotNil(StackedInference.plan(for: net), file: file, line: line)
        let l = config.sequenceLength, f = config.featureCount, n = windows + l - 1
        let values = rows(n, f, seed: 9)
        // consecutive windows (a series): shared projections; 150 = 4 full chunks of 32 and a partial one
        let series = try WindowDataset(rows: values, featureCount: f, sequenceLength: l, endRows: Array((l - 1)..<n),
                                       labels: [Float](repeating: 0, count: windows))
        // the same windows out of order: gathered
        var order = Array((l - 1)..<n)
        var rng = SeededGenerator(seed: 5)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let shuffled = try WindowDataset(rows: values, featureCount: f, sequenceLength: l, endRows: order,
                                         labels: [Float](repeating: 0, count: windows))
        let want = reference(net, series)
        for threads in [1, 2] {
            let got = BatchInference(network: net).predict(series, threads: threads)
            for k in 0..<windows {
                XCTAssertEqual(got[k], want[k], accuracy: 2e-6, "consecutive window \(k)", file: file, line: line)
            }
            let gotShuffled = BatchInference(network: net).predict(shuffled, threads: threads)
            for k in 0..<windows {
                XCTAssertEqual(gotShuffled[k], want[order[k] - (l - 1)], accuracy: 2e-6, "gathered window \(k)",
                               file: file, line: line)
            }
        }
    }

    func testPrototypeMatchesPerWindowForward() throws {
        try check(.prototype())
    }

    func testOtherStacksMatchPerWindowForward() throws {
        // one LSTM layer; three layers of odd sizes (the 8-lane and tail kernels); no dense head
        try check(.prototype(sequenceLength: 12, featureCount: 5, lstmUnits: [24], denseUnits: [8]))
        try check(.prototype(sequenceLength: 9, featureCount: 7, lstmUnits: [40, 13, 8], denseUnits: [4]))
        try check(ModelConfig(sequenceLength: 10, featureCount: 3, layers: [
            .lstm(LSTMLayerConfig(name: "a", units: 16, returnSequences: true)),
            .dropout(DropoutLayerConfig(name: "d", rate: 0.3)),
            .lstm(LSTMLayerConfig(name: "b", units: 1, returnSequences: false)),
        ]))
    }

    func testSequenceOutputHasNoPlan() throws {
        let config = ModelConfig(sequenceLength: 10, featureCount: 3, layers: [
            .lstm(LSTMLayerConfig(name: "a", units: 16, returnSequences: true)),
        ])
        XCTAssertNil(StackedInference.plan(for: try LSTMNetwork(config: config, seed: 1)))
    }
}
