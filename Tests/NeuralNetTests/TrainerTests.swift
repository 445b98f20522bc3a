import XCTest

@testable import NeuralNet

final class TrainerTests: XCTestCase {
    /// Oracle: Keras 3 `fit` (Adam lr 0.01, BCE, batch 8, 2 epochs, no shuffling) from the same initial weights.
    func testTwoEpochsMatchKeras() throws {
        let initial = try LSTMModel.load(from: Fixture.path("train_ref/initial.safetensors"))
        let final = try LSTMModel.load(from: Fixture.path("train_ref/final.safetensors"))
        let x = try Fixture.tensor("train_ref/inputs.npy"), y = try Fixture.tensor("train_ref/labels.npy")
        let data = try WindowDataset(windows: x.values, count: 24, sequenceLength: 7, featureCount: 3, labels: y.values)
        for shards in [1, 2, 3] {
            let net = try LSTMNetwork(config: initial.config)
            try net.setParameters(initial.network.parameters)
            var options = TrainingOptions()
            options.epochs = 2
            options.batchSize = 8
            options.shuffle = false
            options.shards = shards
            options.optimizer.learningRate = 0.01
            options.earlyStoppingPatience = nil
            let h = try Trainer.fit(net, train: data, validation: nil, options: options)
            let expectedLoss = (try Fixture.json("train_ref/history.json"))["loss"] as! [Double]
            XCTAssertEqual(h.epochs.map(\.loss), expectedLoss, accuracy: 1e-5)
            let got = net.parameters, want = final.network.parameters
            var worst: Float = 0
            for i in got.indices { worst = max(worst, abs(got[i] - want[i])) }
            XCTAssertLessThan(worst, 2e-5, "largest weight difference from Keras with \(shards) shards")
        }
    }

    /// Oracle: Keras 3 `fit` from the same weights on 21 windows with batch 8 (batches 8, 8, 5: the last is partial
    /// and Keras averages its loss over its own 5 windows) and validation on 20 windows (batches 8, 8, 4; Keras's
    /// `val_loss` is the batch-size-weighted mean, i.e. the mean over all 20).
    func testPartialLastBatchAndValidationLossMatchKeras() throws {
        let initial = try LSTMModel.load(from: Fixture.path("train_ref/initial.safetensors"))
        let final = try LSTMModel.load(from: Fixture.path("train_ref/final_partial.safetensors"))
        let x = try Fixture.tensor("train_ref/inputs.npy"), y = try Fixture.tensor("train_ref/labels.npy")
        let w = 7 * 3
        let train = try WindowDataset(windows: Array(x.values[0..<(21 * w)]), count: 21, sequenceLength: 7,
                                      featureCount: 3, labels: Array(y.values[0..<21]))
        let validation = try WindowDataset(windows: Array(x.values[(4 * w)..<(24 * w)]), count: 20, sequenceLength: 7,
                                           featureCount: 3, labels: Array(y.values[4..<24]))
        let expected = try Fixture.json("train_ref/history_partial.json")
        for shards in [1, 2, 3] {
            let net = try LSTMNetwork(config: initial.config)
            try net.setParameters(initial.network.parameters)
            var options = TrainingOptions()
            options.epochs = 2
            options.batchSize = 8
            options.shuffle = false
            options.shards = shards
            options.optimizer.learningRate = 0.01
            options.earlyStoppingPatience = nil
            options.restoreBestWeights = false
            let h = try Trainer.fit(net, train: train, validation: validation, options: options)
            XCTAssertEqual(h.epochs.map(\.loss), expected["loss"] as! [Double], accuracy: 1e-5)
            XCTAssertEqual(h.epochs.map { $0.valLoss ?? .nan }, expected["val_loss"] as! [Double], accuracy: 1e-5)
            let got = net.parameters, want = final.network.parameters
            var worst: Float = 0
            for i in got.indices { worst = max(worst, abs(got[i] - want[i])) }
            XCTAssertLessThan(worst, 2e-5, "largest weight difference from Keras with \(shards) shards")
        }
    }

    private func smallProblem(bars: Int = 450, seed: UInt64 = 3) throws -> PreparedData {
        let (features, labels) = LSTMBenchmark.syntheticFeatures(bars: bars, seed: seed, featureCount: 4)
        return try Windowing.prepare(features: features, labels: labels, spec: WindowingSpec(sequenceLength: 12))
    }

    private let smallConfig = ModelConfig.prototype(sequenceLength: 12, featureCount: 4, lstmUnits: [8, 4],
                                                    denseUnits: [4], dropout: 0.2)

    func testSameSeedSameWeightsWhateverTheThreads() throws {
        let data = try smallProblem()
        var results: [[Float]] = []
        for threads in [1, 2, 1] {
            let net = try LSTMNetwork(config: smallConfig, seed: 5)
            var options = TrainingOptions()
            options.epochs = 2
            options.threads = threads
            options.seed = 9
            _ = try Trainer.fit(net, train: data.train, validation: data.validation, options: options)
            results.append(net.parameters)
        }
        XCTAssertEqual(results[0], results[1])
        XCTAssertEqual(results[0], results[2])
        let other = try LSTMNetwork(config: smallConfig, seed: 5)
        var options = TrainingOptions()
        options.epochs = 2
        options.seed = 10
        _ = try Trainer.fit(other, train: data.train, validation: data.validation, options: options)
        XCTAssertNotEqual(other.parameters, results[0])
    }

    func testHistoryAndEarlyStoppingRestoresBest() throws {
        let data = try smallProblem()
        let net = try LSTMNetwork(config: smallConfig, seed: 1)
        var options = TrainingOptions()
        options.epochs = 30
        options.earlyStoppingPatience = 2
        options.optimizer.learningRate = 0.05  // overfits fast, so validation loss turns up
        var epochEvents = 0, batchEvents = 0
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options, progress: {
            switch $0 {
            case .epoch: epochEvents += 1
            case .batch: batchEvents += 1
            }
        })
        XCTAssertEqual(epochEvents, h.epochs.count)
        XCTAssertEqual(batchEvents, h.epochs.count * ((data.train.count + 31) / 32))
        for e in h.epochs {
            XCTAssertNotNil(e.valLoss)
            XCTAssertNotNil(e.valAUC)
            XCTAssertGreaterThan(e.seconds, 0)
        }
        let best = try XCTUnwrap(h.bestEpoch)
        XCTAssertEqual(h.epochs[best - 1].valLoss, h.valLoss.min())
        if h.stopReason == .earlyStopping {
            XCTAssertEqual(h.epochs.count, best + 2)
            XCTAssertTrue(h.restoredBestWeights)
            // the restored weights give the best epoch's validation loss
            let p = BatchInference(network: net).predict(data.validation, threads: 1)
            XCTAssertEqual(Metrics.logLoss(probabilities: p, labels: data.validation.labels),
                           h.epochs[best - 1].valLoss!, accuracy: 1e-9)
        }
    }

    /// Without restoreBestWeights the last epoch's weights stay (Keras without EarlyStopping).
    func testWithoutRestoreTheLastEpochsWeightsStay() throws {
        let data = try smallProblem()
        let net = try LSTMNetwork(config: smallConfig, seed: 1)
        var options = TrainingOptions()
        options.epochs = 30
        options.earlyStoppingPatience = nil
        options.restoreBestWeights = false
        options.optimizer.learningRate = 0.05  // overfits fast: the best epoch is not the last
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options)
        XCTAssertFalse(h.restoredBestWeights)
        XCTAssertNotEqual(h.bestEpoch, h.epochs.count, "the test needs a best epoch before the last")
        let p = BatchInference(network: net).predict(data.validation, threads: 1)
        XCTAssertEqual(Metrics.logLoss(probabilities: p, labels: data.validation.labels),
                       h.epochs.last!.valLoss!, accuracy: 1e-9)
    }

    func testCancellationAfterABatchKeepsBestWeights() throws {
        let data = try smallProblem()
        let net = try LSTMNetwork(config: smallConfig, seed: 1)
        var options = TrainingOptions()
        options.epochs = 10
        options.restoreBestWeights = false  // Ctrl-C keeps the best weights regardless
        let batchesPerEpoch = (data.train.count + 31) / 32
        var calls = 0
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options,
                                shouldStop: { calls += 1; return calls == batchesPerEpoch * 2 + 3 })
        XCTAssertEqual(h.stopReason, .cancelled)
        XCTAssertEqual(h.epochs.count, 2)
        XCTAssertEqual(calls, batchesPerEpoch * 2 + 3)
        XCTAssertTrue(h.restoredBestWeights)
        let p = BatchInference(network: net).predict(data.validation, threads: 1)
        XCTAssertEqual(Metrics.logLoss(probabilities: p, labels: data.validation.labels),
                       h.valLoss.min()!, accuracy: 1e-9)
    }

    func testClassWeightsAndReduceOnPlateau() throws {
        let data = try smallProblem()
        XCTAssertEqual(ClassWeights.balanced.resolve(labels: [1, 0, 0, 0]).0, 4 / 6, accuracy: 1e-6)
        XCTAssertEqual(ClassWeights.balanced.resolve(labels: [1, 0, 0, 0]).1, 2, accuracy: 1e-6)
        let net = try LSTMNetwork(config: smallConfig, seed: 1)
        var options = TrainingOptions()
        options.epochs = 6
        options.earlyStoppingPatience = nil
        options.classWeights = .explicit(negative: 1, positive: 3)
        options.optimizer.learningRate = 0.05
        options.reduceLROnPlateau = ReduceLROnPlateau(factor: 0.5, patience: 1)
        options.clipping = .globalNorm(1)
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options)
        XCTAssertEqual(h.epochs.first?.learningRate ?? 0, 0.05, accuracy: 1e-9)
        // every epoch without improvement halves the rate (patience 1)
        for k in 1..<h.epochs.count {
            let improved = h.epochs[k - 1].valLoss! <= (h.epochs[0..<(k - 1)].map { $0.valLoss! }.min() ?? .infinity)
            let expected = improved ? h.epochs[k - 1].learningRate : h.epochs[k - 1].learningRate * 0.5
            XCTAssertEqual(h.epochs[k].learningRate, expected, accuracy: 1e-9, "epoch \(k + 1)")
        }
        // weighting positives ×3 pushes predictions up
        let p = BatchInference(network: net).predict(data.validation, threads: 1)
        XCTAssertGreaterThan(p.reduce(0, +) / Float(p.count), 0.5)
    }

    func testRefusesNonClassifierAndBadLabels() throws {
        let reg = ModelConfig(sequenceLength: 3, featureCount: 1, layers: [
            .lstm(.init(name: "l", units: 2, returnSequences: false)),
            .dense(.init(name: "o", units: 1, activation: .linear)),
        ])
        let data = try WindowDataset(windows: [0, 1, 2], count: 1, sequenceLength: 3, featureCount: 1, labels: [1])
        XCTAssertThrowsError(try Trainer.fit(try LSTMNetwork(config: reg), train: data, validation: nil))
        let bad = try WindowDataset(windows: [0, 1, 2], count: 1, sequenceLength: 3, featureCount: 1, labels: [0.5])
        let ok = ModelConfig.prototype(sequenceLength: 3, featureCount: 1)
        XCTAssertThrowsError(try Trainer.fit(try LSTMNetwork(config: ok), train: bad, validation: nil))
    }
}
