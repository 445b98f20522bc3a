import XCTest

@testable import NeuralNet

final class SafeTensorsTests: XCTestCase {
    func testRoundTripAndLayout() throws {
        let tensors = [NamedTensor(name: "a/kernel", shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
                       NamedTensor(name: "b", shape: [1], values: [-0.5])]
        let data = try SafeTensors.encode(tensors, metadata: ["k": "v"])
        // 8-byte little-endian header size, header padded to 8 bytes
        let size = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(size % 8, 0)
        XCTAssertEqual(data.count, 8 + size + 7 * 4)
        let (back, meta) = try SafeTensors.decode(data)
        XCTAssertEqual(back, tensors)
        XCTAssertEqual(meta, ["k": "v"])
    }

    func testModelSaveLoadRoundTrip() throws {
        let model = try LSTMModel(config: .prototype(sequenceLength: 8, featureCount: 3, lstmUnits: [6, 4],
                                                     denseUnits: [3]), featureNames: ["x", "y", "z"], seed: 4)
        let path = Fixture.temporaryPath("roundtrip.safetensors")
        try model.save(to: path)
        let back = try LSTMModel.load(from: path)
        XCTAssertEqual(back.network.parameters, model.network.parameters)
        XCTAssertEqual(back.metadata, model.metadata)
        // no temporary file is left behind
        let dir = (path as NSString).deletingLastPathComponent
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir).contains { $0.contains(".tmp-") })
    }

    func testCorruptionAndTruncationAreRefused() throws {
        let model = try LSTMModel(config: .prototype(sequenceLength: 5, featureCount: 2, lstmUnits: [4],
                                                     denseUnits: [2]), seed: 1)
        let path = Fixture.temporaryPath("corrupt.safetensors")
        try model.save(to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // flip one byte of the last weight
        bytes[bytes.count - 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LSTMModel.load(from: path)) { error in
            guard case .corruptFile(_, let message) = error as? NeuralNetError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("checksum"), message)
        }
        bytes[bytes.count - 2] ^= 0x40
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LSTMModel.load(from: path)) { error in
            guard case .corruptFile(_, let message) = error as? NeuralNetError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("truncated"), message)
        }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LSTMModel.load(from: path))
        XCTAssertThrowsError(try LSTMModel.load(from: Fixture.temporaryPath("missing.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("no such file"))
        }
    }

    func testWrongFeatureSetOrWidthNamesBothShapes() throws {
        let model = try LSTMModel.load(from: Fixture.path("tiny/tiny.safetensors"))
        XCTAssertThrowsError(try LSTMModel.load(from: Fixture.path("tiny/tiny.safetensors"),
                                                featureNames: ["a", "b"])) { error in
            XCTAssertEqual(error as? NeuralNetError, .featureMismatch(expected: ["a", "b", "c"], got: ["a", "b"]))
        }
        let wide = Tensor(zeros: [2, 7, 4])
        XCTAssertThrowsError(try model.forward(wide)) { error in
            XCTAssertTrue("\(error)".contains("(N, 7, 3)") && "\(error)".contains("(2, 7, 4)"), "\(error)")
        }
        let features = try FeatureMatrix(rowCount: 10, columns: ["a", "b", "c", "d"], values: [Float](repeating: 0, count: 40))
        XCTAssertThrowsError(try model.predictSeries(features: features)) { error in
            XCTAssertTrue("\(error)".contains("3 features") && "\(error)".contains("got 4 features"), "\(error)")
        }
    }
}
