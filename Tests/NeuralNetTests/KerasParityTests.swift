import XCTest

@testable import NeuralNet

/// Oracle: Keras 3 / TensorFlow outputs saved with the converted models (scripts/keras_to_safetensors.py).
final class KerasParityTests: XCTestCase {
    func testPrototypeMatchesKerasWithin1e5() throws {
        let model = try LSTMModel.load(from: Fixture.path("keras_prototype/model.safetensors"))
        XCTAssertEqual(model.parameterCount, 35_521)
        XCTAssertEqual(model.config, ModelConfig.prototype())
        XCTAssertEqual(model.featureNames.first, "returns")
        XCTAssertNotNil(model.metadata.scaler)
        let x = try Fixture.tensor("keras_prototype/test_inputs.npy")
        let expected = try Fixture.tensor("keras_prototype/test_outputs.npy")
        XCTAssertEqual(x.shape, [16, 60, 19])
        let y = try model.forward(x)
        XCTAssertEqual(y.shape, [16, 1])
        for k in 0..<16 { XCTAssertEqual(y.values[k], expected.values[k], accuracy: 1e-5, "sample \(k)") }
        // the batch-of-one path (GEMV recurrence) and the streaming path agree too
        let predictor = WindowPredictor(network: model.network)
        let stream = try StreamingPredictor(network: model.network)
        for k in [0, 7, 15] {
            let window = Array(x.values[(k * 60 * 19)..<((k + 1) * 60 * 19)])
            XCTAssertEqual(try predictor.predict(window: window), expected.values[k], accuracy: 1e-5)
            stream.reset()
            var p: Float = 0
            for t in 0..<60 { p = try stream.push(Array(window[(t * 19)..<((t + 1) * 19)])) }
            XCTAssertEqual(p, expected.values[k], accuracy: 1e-5)
        }
    }

    func testTinyModelWithTanhAndOddSizes() throws {
        let model = try LSTMModel.load(from: Fixture.path("tiny/tiny.safetensors"))
        XCTAssertEqual(model.featureNames, ["a", "b", "c"])
        XCTAssertEqual(model.metadata.windowing.horizon, 2)
        let x = try Fixture.tensor("tiny/inputs.npy"), expected = try Fixture.tensor("tiny/outputs.npy")
        let y = try model.forward(x)
        for k in 0..<10 { XCTAssertEqual(y.values[k], expected.values[k], accuracy: 1e-5) }
    }
}
