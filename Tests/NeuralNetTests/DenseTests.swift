import XCTest

@testable import NeuralNet

final class DenseTests: XCTestCase {
    func testGradientEveryActivation() throws {
        for act in Activation.allCases {
            let config = ModelConfig(sequenceLength: 3, featureCount: 2, layers: [
                .lstm(.init(name: "l", units: 5, returnSequences: false)),
                .dense(.init(name: "d1", units: 7, activation: act)),
                .dense(.init(name: "d2", units: 3, activation: act)),
            ])
            // relu: a smaller step, so central differences rarely straddle the kink at 0
            let r = try GradientCheck.run(config, batch: 4, seed: 7, step: act == .relu ? 2e-3 : 1e-2)
            print("dense \(act): worst parameter \(r.worstParameter), input \(r.worstInput) \(r.worstDetail)")
        }
    }

    func testForwardIsAffineThenActivation() throws {
        let config = ModelConfig(sequenceLength: 1, featureCount: 2, layers: [
            .lstm(.init(name: "l", units: 2, returnSequences: false)),
            .dense(.init(name: "d", units: 2, activation: .relu)),
        ])
        let net = try LSTMNetwork(config: config)
        try net.setTensorValues("d/kernel", [1, -1, 2, 0.5])
        try net.setTensorValues("d/bias", [0.1, -0.2])
        let ws = net.makeWorkspace(batch: 1, training: false)
        var rng = SeededGenerator(seed: 0)
        ws.x.pointer[0] = 0.3
        ws.x.pointer[1] = -0.7
        net.forward(ws, batch: 1, training: false, rng: &rng)
        let h = ws.inputs[1]
        let z0 = h[0] * 1 + h[1] * 2 + 0.1, z1 = h[0] * -1 + h[1] * 0.5 - 0.2
        XCTAssertEqual(ws.output[0], max(z0, 0), accuracy: 1e-6)
        XCTAssertEqual(ws.output[1], max(z1, 0), accuracy: 1e-6)
    }
}
