import XCTest

@testable import NeuralNet

/// Latest-window prediction of several networks at once (heads and tails of the members claimed by two workers)
/// against each network's own ``WindowPredictor``.
final class EnsembleWindowPredictorTests: XCTestCase {
    private func windows(_ nets: [LSTMNetwork], seed: UInt64) -> [[Float]] {
        var rng = SeededGenerator(seed: seed)
        return nets.map { net in
            (0..<(net.config.sequenceLength * net.config.featureCount)).map { _ in rng.nextUnitFloat() * 1.5 - 0.25 }
        }
    }

    func testMembersMatchTheirOwnPrediction() throws {
        // sizes as lunar.nn.ensemble's variants, a single LSTM layer with a dense head, a small stack
        let configs: [ModelConfig] = [
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [64, 32]),
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [128, 64]),
            .prototype(sequenceLength: 20, featureCount: 6, lstmUnits: [26]),
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

    func testSameResultsWhenTheWorkersRunOneAfterTheOther() throws {
        // inside another forEach the pool is busy: concurrentPerform may run the two workers in turn, and the first
        // then claims every head and every tail itself
        let nets = try (0..<3).map { try LSTMNetwork(config: .prototype(sequenceLength: 15, featureCount: 4), seed: UInt64($0)) }
        let input = windows(nets, seed: 9)
        let want = try zip(nets, input).map { try WindowPredictor(network: $0).predict(window: $1) }
        let predictor = EnsembleWindowPredictor(networks: nets)
        var result: Result<[Float], Error>?
        Parallel.forEach(1, threads: 1) { _ in
            Parallel.forEach(2, threads: 2) { k in
                if k == 0 { result = Result { try predictor.predict(windows: input, threads: 2) } }
            }
        }
        let got = try XCTUnwrap(result).get()
        XCTAssertEqual(got.count, 3)
        for k in 0..<3 { XCTAssertEqual(got[k], want[k], accuracy: 2e-6) }
    }

    func testFollowsNewWeights() throws {
        let nets = try (0..<3).map { try LSTMNetwork(config: .prototype(sequenceLength: 15, featureCount: 4), seed: UInt64($0)) }
        let input = windows(nets, seed: 4)
        let predictor = EnsembleWindowPredictor(networks: nets)
        let before = try predictor.predict(windows: input, threads: 2)
        var params = nets[2].parameters
        for k in params.indices { params[k] *= 0.5 }
        try nets[2].setParameters(params)
        let after = try predictor.predict(windows: input, threads: 2)
        XCTAssertEqual(after[2], try WindowPredictor(network: nets[2]).predict(window: input[2]), accuracy: 2e-6)
        XCTAssertNotEqual(after[2], before[2])
        XCTAssertEqual(after[0], before[0])
    }
}
