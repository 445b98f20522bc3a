import XCTest

@testable import NeuralNet

final class LSTMTests: XCTestCase {
    func testGradientReturnSequences() throws {
        let config = ModelConfig(sequenceLength: 5, featureCount: 3, layers: [
            .lstm(.init(name: "l1", units: 8, returnSequences: true)),
        ])
        let r = try GradientCheck.run(config, batch: 3)
        XCTAssertGreaterThan(r.checked, 100)
    }

    func testGradientLastStateOddUnits() throws {
        // 11 units exercises the scalar tail of the vector kernels
        let config = ModelConfig(sequenceLength: 6, featureCount: 4, layers: [
            .lstm(.init(name: "l1", units: 11, returnSequences: false)),
        ])
        _ = try GradientCheck.run(config, batch: 2)
    }

    func testGradientStacked() throws {
        let config = ModelConfig(sequenceLength: 5, featureCount: 3, layers: [
            .lstm(.init(name: "l1", units: 16, returnSequences: true)),
            .lstm(.init(name: "l2", units: 8, returnSequences: false)),
        ])
        _ = try GradientCheck.run(config, batch: 4)
    }

    func testForwardMatchesScalarReference() throws {
        // independent scalar Double implementation of Keras's equations
        let config = ModelConfig(sequenceLength: 4, featureCount: 3, layers: [
            .lstm(.init(name: "l1", units: 9, returnSequences: true)),
        ])
        let net = try LSTMNetwork(config: config, seed: 3)
        let batch = 2
        let ws = net.makeWorkspace(batch: batch, training: false)
        var rng = SeededGenerator(seed: 5)
        let x = (0..<(4 * batch * 3)).map { _ in Float(rng.nextNormal()) }
        for i in x.indices { ws.x.pointer[i] = x[i] }
        var dr = SeededGenerator(seed: 0)
        let out = net.forward(ws, batch: batch, training: false, rng: &dr)
        let W = net.tensorValues("l1/kernel")!, U = net.tensorValues("l1/recurrent_kernel")!
        let bias = net.tensorValues("l1/bias")!
        let u = 9
        func sig(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        for b in 0..<batch {
            var h = [Double](repeating: 0, count: u), c = [Double](repeating: 0, count: u)
            for t in 0..<4 {
                var z = (0..<(4 * u)).map { Double(bias[$0]) }
                for j in 0..<(4 * u) {
                    for f in 0..<3 { z[j] += Double(x[(t * batch + b) * 3 + f]) * Double(W[f * 4 * u + j]) }
                    for k in 0..<u { z[j] += h[k] * Double(U[k * 4 * u + j]) }
                }
                for j in 0..<u {
                    let i = sig(z[j]), f = sig(z[u + j]), g = Foundation.tanh(z[2 * u + j]), o = sig(z[3 * u + j])
                    c[j] = f * c[j] + i * g
                    h[j] = o * Foundation.tanh(c[j])
                }
                for j in 0..<u {
                    XCTAssertEqual(Double(out[(t * batch + b) * u + j]), h[j], accuracy: 2e-6)
                }
            }
        }
    }

    func testKerasInitialisation() throws {
        let config = ModelConfig(sequenceLength: 5, featureCount: 7, layers: [
            .lstm(.init(name: "l1", units: 16, returnSequences: false)),
        ])
        let net = try LSTMNetwork(config: config, seed: 11)
        let u = 16
        let bias = net.tensorValues("l1/bias")!
        XCTAssertEqual(Array(bias[0..<u]), Array(repeating: 0, count: u))
        XCTAssertEqual(Array(bias[u..<(2 * u)]), Array(repeating: 1, count: u))
        XCTAssertEqual(Array(bias[(2 * u)...]), Array(repeating: 0, count: 2 * u))
        let limit = Float((6.0 / Double(7 + 4 * u)).squareRoot())
        XCTAssertTrue(net.tensorValues("l1/kernel")!.allSatisfy { abs($0) <= limit })
        // recurrent kernel (u, 4u): orthonormal rows, U·Uᵀ = I
        let U = net.tensorValues("l1/recurrent_kernel")!
        for a in 0..<u {
            for b in 0..<u {
                var dot = 0.0
                for j in 0..<(4 * u) { dot += Double(U[a * 4 * u + j]) * Double(U[b * 4 * u + j]) }
                XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-5)
            }
        }
    }
}
