import XCTest

@testable import NeuralNet

final class LSTMModelTests: XCTestCase {
    private func small() throws -> (LSTMModel, FeatureMatrix, [Float]) {
        let (features, labels) = LSTMBenchmark.syntheticFeatures(bars: 500, seed: 2, featureCount: 4)
        let model = try LSTMModel(config: .prototype(sequenceLength: 12, featureCount: 4, lstmUnits: [8, 4],
                                                     denseUnits: [4]), seed: 3)
        return (model, features, labels)
    }

    func testFitEvaluatePredictSaveLoad() throws {
        let (model, features, labels) = try small()
        var options = TrainingOptions()
        options.epochs = 2
        let h = try model.fit(features: features, labels: labels, options: options)
        XCTAssertEqual(h.epochs.count, 2)
        XCTAssertEqual(model.featureNames, features.columns)
        let meta = model.metadata
        XCTAssertNotNil(meta.scaler)
        XCTAssertEqual(meta.training?.firstRow, 33)
        XCTAssertEqual(meta.training?.bars, 500)
        let metrics = try XCTUnwrap(meta.metrics)
        XCTAssertEqual(metrics.count, meta.training?.validationWindows)
        let report = try model.evaluate(features: features, labels: labels)
        XCTAssertGreaterThanOrEqual(report.baseRate, 0.5)
        let series = try model.predictSeries(features: features)
        XCTAssertEqual(series.count, 500)
        XCTAssertTrue(series[0..<(33 + 11)].allSatisfy(\.isNaN))
        XCTAssertTrue(series[(33 + 11)...].allSatisfy { $0 > 0 && $0 < 1 })
        let latest = try model.predictLatest(features: features)
        XCTAssertEqual(latest, series[499], accuracy: 1e-6)
        let path = Fixture.temporaryPath("fitted.safetensors")
        try model.save(to: path)
        let back = try LSTMModel.load(from: path, featureNames: features.columns)
        XCTAssertEqual(back.metadata, model.metadata)
        XCTAssertEqual(try back.predictSeries(features: features).suffix(10), series.suffix(10))
        XCTAssertTrue(model.summary().contains("lstm1 (LSTM)"))
    }

    func testStreamingEqualsBatchForward() throws {
        let (model, features, labels) = try small()
        var options = TrainingOptions()
        options.epochs = 1
        _ = try model.fit(features: features, labels: labels, options: options)
        let series = try model.predictSeries(features: features)
        // window mode: identical to predict_series at every bar
        let windowed = try model.stream(mode: .window)
        // stateful mode from the start of a window equals the batch forward of that window
        let stateful = try model.stream(mode: .stateful)
        let f = 4
        for r in 0..<features.rowCount {
            let row = Array(features.values[(r * f)..<((r + 1) * f)])
            let p = try windowed.push(row)
            if series[r].isNaN { XCTAssertTrue(p.isNaN) } else { XCTAssertEqual(p, series[r], accuracy: 1e-6) }
        }
        let end = 200
        for r in (end - 11)...end {
            let p = try stateful.push(Array(features.values[(r * f)..<((r + 1) * f)]))
            if r == end { XCTAssertEqual(p, series[end], accuracy: 1e-6) } else { XCTAssertTrue(p.isNaN) }
        }
        // on raw network inputs: the streaming predictor's output at every step equals the batch forward of the
        // prefix (an LSTM returning sequences gives every prefix at once)
        let seqConfig = ModelConfig(sequenceLength: 9, featureCount: 3, layers: [
            .lstm(.init(name: "a", units: 10, returnSequences: true)),
            .lstm(.init(name: "b", units: 6, returnSequences: true)),
        ])
        let seqNet = try LSTMNetwork(config: seqConfig, seed: 5)
        let lastConfig = ModelConfig(sequenceLength: 9, featureCount: 3, layers: [
            .lstm(.init(name: "a", units: 10, returnSequences: true)),
            .lstm(.init(name: "b", units: 6, returnSequences: false)),
        ])
        let lastNet = try LSTMNetwork(config: lastConfig, seed: 5)
        XCTAssertEqual(seqNet.parameters, lastNet.parameters)
        let x = try Tensor(shape: [1, 9, 3], values: (0..<27).map { Float(sin(Double($0))) })
        let all = try LSTMModel(network: seqNet, metadata: ModelMetadata(
            architecture: seqConfig, featureNames: ["a", "b", "c"], scaler: nil, windowing: .init(sequenceLength: 9)))
            .forward(x)
        let stream = try StreamingPredictor(network: lastNet)
        for t in 0..<9 {
            let out = try stream.pushOutputs(Array(x.values[(t * 3)..<(t * 3 + 3)]))
            for j in 0..<6 { XCTAssertEqual(out[j], all.values[t * 6 + j], accuracy: 1e-6) }
        }
    }

    func testPredictLatestNeedsAFullWindow() throws {
        let (model, features, labels) = try small()
        var options = TrainingOptions()
        options.epochs = 1
        _ = try model.fit(features: features, labels: labels, options: options)
        let short = try FeatureMatrix(rowCount: 40, columns: features.columns, values: Array(features.values[0..<160]))
        XCTAssertThrowsError(try model.predictLatest(features: short)) { error in
            XCTAssertTrue("\(error)".contains("at least 45 bars"), "\(error)")
        }
        XCTAssertThrowsError(try LSTMModel(config: .prototype(sequenceLength: 12, featureCount: 4))
            .predictLatest(features: features)) { error in
            guard case .notFitted = error as? NeuralNetError else { return XCTFail("\(error)") }
        }
    }
}
