import XCTest

@testable import NeuralNet

final class DropoutTests: XCTestCase {
    func testGradientWithFixedMask() throws {
        let config = ModelConfig(sequenceLength: 4, featureCount: 3, layers: [
            .lstm(.init(name: "l1", units: 8, returnSequences: true)),
            .dropout(.init(name: "d1", rate: 0.3)),
            .lstm(.init(name: "l2", units: 4, returnSequences: false)),
            .dropout(.init(name: "d2", rate: 0.5)),
            .dense(.init(name: "o", units: 2, activation: .linear)),
        ])
        _ = try GradientCheck.run(config, batch: 3)
    }

    func testInvertedScalingAndIdentityAtInference() {
        let layer = DropoutLayer(name: "d", rate: 0.25)
        let ws = DropoutLayer.Workspace(count: 100_000)
        let x = [Float](repeating: 2, count: 100_000)
        var rng = SeededGenerator(seed: 9)
        x.withUnsafeBufferPointer { layer.forward(x: $0.baseAddress!, count: x.count, ws: ws, rng: &rng) }
        let out = ws.out.array
        let zeros = out.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / Double(out.count), 0.25, accuracy: 0.01)
        XCTAssertTrue(out.allSatisfy { $0 == 0 || abs($0 - 2 / 0.75) < 1e-6 })
        let mean = out.reduce(0.0) { $0 + Double($1) } / Double(out.count)
        XCTAssertEqual(mean, 2, accuracy: 0.02)
    }

    func testDropoutIsIdentityWhenNotTraining() throws {
        let withDrop = ModelConfig.prototype(sequenceLength: 5, featureCount: 3, dropout: 0.5)
        let noDrop = ModelConfig.prototype(sequenceLength: 5, featureCount: 3, dropout: 0)
        let a = try LSTMNetwork(config: withDrop, seed: 1), b = try LSTMNetwork(config: noDrop, seed: 1)
        XCTAssertEqual(a.parameters, b.parameters)
        let wa = a.makeWorkspace(batch: 2, training: false), wb = b.makeWorkspace(batch: 2, training: false)
        for i in 0..<(5 * 2 * 3) {
            wa.x.pointer[i] = Float(i) * 0.01
            wb.x.pointer[i] = Float(i) * 0.01
        }
        var r1 = SeededGenerator(seed: 1), r2 = SeededGenerator(seed: 2)
        let oa = a.forward(wa, batch: 2, training: false, rng: &r1)
        let ob = b.forward(wb, batch: 2, training: false, rng: &r2)
        XCTAssertEqual(oa[0], ob[0])
        XCTAssertEqual(oa[1], ob[1])
    }
}
