import XCTest

@testable import NeuralNet

/// Latest-window prediction of several networks at once (pairs on two threads, an odd last member split across
/// both) against each network's own ``WindowPredictor``.
final class EnsembleWindowPredictorTests: XCTestCase {
    private func windows(_ nets: [LSTMNetwork], seed: UInt64) -> [[Float]] {
        var rng = SeededGenerator(seed: seed)
        return nets.map { net in
            (0..<(net.config.sequenceLength * net.config.featureCount)).map { _ in rng.nextUnitFloat() * 1.5 - 0.25 }
        }
    }

    func testMembersMatchTheirOwnPrediction() throws {
        // sizes as lunar.nn.ensemble's variants, an odd-sized half (the 8-lane and tail kernels), a layer too small to split
        let configs: [ModelConfig] = [
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [64, 32]),
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [128, 64]),
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [26]),  // split into halves of 13 (3 members)
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [96, 48]),
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [8, 8]),
        ]
        let nets = try configs.enumerated().map { try LSTMNetwork(config: $1, seed: UInt64($0 + 3)) }
        for count in 1...5 {
            let members = Array(nets.prefix(count)), input = windows(members, seed: UInt64(count))
            let want = try zip(members, input).map { try WindowPredictor(network: $0).predict(window: $1) }
            let predictor = EnsembleWindowPredictor(networks: members)
            for threads in [1, 2, 2] {  // twice on two threads: the same predictor reused
                let got = try predictor.predict(windows: input, threads: threads)
                for k in 0..<count {
                    XCTAssertEqual(got[k], want[k], accuracy: 2e-6, "member \(k) of \(count), \(threads) threads")
                }
            }
        }
    }

    func testSplitPredictorFinishesAloneAndFollowsNewWeights() throws {
        let net = try LSTMNetwork(config: .prototype(sequenceLength: 30, featureCount: 4), seed: 8)
        let split = try XCTUnwrap(SplitWindowPredictor(network: net))
        var window = windows([net], seed: 2)[0]
        func alone() -> Float {
            window.withUnsafeBufferPointer { w in
                split.begin(window: w.baseAddress!)
                split.work(worker: 1)  // the partner never comes: worker 1 claims every half itself
                split.work(worker: 0)  // arrives late: nothing left, returns
                split.finish()
            }
            return split.output
        }
        func together() -> Float {
            window.withUnsafeBufferPointer { w in
                split.begin(window: w.baseAddress!)
                Parallel.forEach(2, threads: 2) { split.work(worker: $0) }
                split.finish()
            }
            return split.output
        }
        let reference = try WindowPredictor(network: net).predict(window: window)
        XCTAssertEqual(alone(), reference, accuracy: 2e-6)
        XCTAssertEqual(together(), reference, accuracy: 2e-6)
        // the weights are read at every prediction, not copied once
        var params = net.parameters
        for k in params.indices { params[k] *= 0.5 }
        try net.setParameters(params)
        window[0] += 1
        let changed = try WindowPredictor(network: net).predict(window: window)
        XCTAssertNotEqual(changed, reference)
        XCTAssertEqual(together(), changed, accuracy: 2e-6)
    }

    func testNoSplitForSmallOrSequenceNetworks() throws {
        XCTAssertNil(SplitWindowPredictor(network: try LSTMNetwork(
            config: .prototype(sequenceLength: 10, featureCount: 3, lstmUnits: [8, 8]), seed: 1)))
        XCTAssertNil(SplitWindowPredictor(network: try LSTMNetwork(config: ModelConfig(
            sequenceLength: 10, featureCount: 3,
            layers: [.lstm(LSTMLayerConfig(name: "a", units: 32, returnSequences: true))]), seed: 1)))
    }
}
