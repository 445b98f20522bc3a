import XCTest

@testable import NeuralNet

final class EnsembleTests: XCTestCase {
    func testCombineClosedForm() {
        let e = LSTMEnsemble.combine([0.6, 0.8, 0.4, 0.6])
        XCTAssertEqual(e.probability, 0.6, accuracy: 1e-7)
        // population std of (0, .2, −.2, 0) = √(0.08/4)
        XCTAssertEqual(e.confidence, Float(1 - 2 * (0.02).squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(e.agreement, 0.75)
    }

    func testParallelFitEqualsSequentialAndSavesAsOneUnit() throws {
        let (features, labels) = LSTMBenchmark.syntheticFeatures(bars: 400, seed: 4, featureCount: 3)
        func make() throws -> LSTMEnsemble {
            try LSTMEnsemble(configs: [
                .prototype(sequenceLength: 10, featureCount: 3, lstmUnits: [6, 4], denseUnits: [4], dropout: 0.2),
                .prototype(sequenceLength: 10, featureCount: 3, lstmUnits: [8, 4], denseUnits: [4], dropout: 0.3),
                .prototype(sequenceLength: 10, featureCount: 3, lstmUnits: [6, 3], denseUnits: [4], dropout: 0.25),
            ], seeds: [1, 2, 3])
        }
        var options = TrainingOptions()
        options.epochs = 2
        let parallel = try make(), sequential = try make()
        let hp = try parallel.fit(features: features, labels: labels, options: options, threads: 3)
        _ = try sequential.fit(features: features, labels: labels, options: options, threads: 1)
        XCTAssertEqual(hp.count, 3)
        for k in 0..<3 {
            XCTAssertEqual(parallel.members[k].network.parameters, sequential.members[k].network.parameters)
        }
        let p = try parallel.predictWithConfidence(features: features)
        XCTAssertEqual(p.members.count, 3)
        XCTAssertEqual(p.probability, p.members.reduce(0, +) / 3, accuracy: 1e-6)
        XCTAssertTrue(p.confidence > 0 && p.confidence <= 1)
        let path = Fixture.temporaryPath("ensemble.safetensors")
        try parallel.save(to: path)
        let back = try LSTMEnsemble.load(from: path)
        XCTAssertEqual(try back.predictWithConfidence(features: features), p)
        XCTAssertThrowsError(try LSTMModel.load(from: path))  // an ensemble is not a single model
        let series = try back.predictSeriesWithConfidence(features: features)
        XCTAssertEqual(series.last?.probability ?? 0, p.probability, accuracy: 1e-6)
    }

    func testStandardVariants() throws {
        let e = try LSTMEnsemble.standard(n: 4, sequenceLength: 20, featureCount: 5)
        XCTAssertEqual(e.members.map { $0.config.layers.compactMap { if case .lstm(let l) = $0 { l.units } else { nil } } },
                       [[64, 32], [128, 64], [96, 48], [64, 32]])
        XCTAssertNotEqual(e.members[0].network.parameters, e.members[3].network.parameters)  // other seed
    }
}
