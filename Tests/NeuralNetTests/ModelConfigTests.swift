import XCTest

@testable import NeuralNet

final class ModelConfigTests: XCTestCase {
    func testPrototypeHas35521Parameters() throws {
        let config = ModelConfig.prototype()
        XCTAssertEqual(config.parameterCount, 35_521)
        XCTAssertEqual(try LSTMNetwork(config: config).parameterCount, 35_521)
        XCTAssertEqual(config.layers.map(\.className),
                       ["LSTM", "Dropout", "LSTM", "Dropout", "Dense", "Dropout", "Dense", "Dense"])
        XCTAssertTrue(config.isBinaryClassifier)
    }

    func testSizesAreConfigurable() throws {
        let c = ModelConfig.prototype(sequenceLength: 30, featureCount: 5, lstmUnits: [16, 8, 4], denseUnits: [6],
                                      dropout: 0.3)
        // 4u(in+u+1) per LSTM, in·out + out per Dense
        let expected = 4 * 16 * (5 + 16 + 1) + 4 * 8 * (16 + 8 + 1) + 4 * 4 * (8 + 4 + 1) + (4 * 6 + 6) + (6 + 1)
        XCTAssertEqual(c.parameterCount, expected)
        XCTAssertEqual(try LSTMModel(config: c).summary().contains("Total params: \(expected.formatted())"), true)
    }

    func testConfigJSONRoundTrip() throws {
        let c = ModelConfig.prototype(lstmUnits: [128, 64], dropout: 0.25)
        let text = try c.jsonString()
        XCTAssertTrue(text.contains("\"class_name\":\"LSTM\""))
        XCTAssertTrue(text.contains("\"return_sequences\":true"))
        XCTAssertEqual(try ModelConfig.fromJSON(text), c)
    }

    func testInvalidStacksAreRefusedWithTheLayerName() {
        let bad = ModelConfig(sequenceLength: 5, featureCount: 2, layers: [
            .lstm(.init(name: "a", units: 4, returnSequences: true)),
            .dense(.init(name: "d", units: 1, activation: .sigmoid)),
        ])
        XCTAssertThrowsError(try bad.validate()) { error in
            XCTAssertTrue("\(error)".contains("Dense 'd' gets a sequence"), "\(error)")
        }
        let dup = ModelConfig(sequenceLength: 5, featureCount: 2, layers: [
            .lstm(.init(name: "a", units: 4, returnSequences: false)),
            .dense(.init(name: "a", units: 1, activation: .sigmoid)),
        ])
        XCTAssertThrowsError(try dup.validate())
    }
}
