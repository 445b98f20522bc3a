import XCTest

@testable import NeuralNet

final class LossTests: XCTestCase {
    func testStableFormEqualsDefinition() {
        for z: Float in [-30, -5, -0.3, 0, 0.7, 4, 30] {
            for y: Float in [0, 1] {
                let p = 1 / (1 + Foundation.exp(-Double(z)))
                let naive = -(Double(y) * Foundation.log(p) + (1 - Double(y)) * Foundation.log(1 - p))
                let stable = BinaryCrossEntropy.loss(logit: z, label: y)
                XCTAssertTrue(stable.isFinite)
                if abs(z) <= 10 { XCTAssertEqual(stable, naive, accuracy: 1e-9 * max(1, naive)) }
            }
        }
        // far in the tails the naive form overflows, the stable one is ≈ |z|
        XCTAssertEqual(BinaryCrossEntropy.loss(logit: 100, label: 0), 100, accuracy: 1e-9)
        XCTAssertEqual(BinaryCrossEntropy.loss(logit: -100, label: 1), 100, accuracy: 1e-9)
    }

    func testGradientIsSigmoidMinusLabelOverBatch() {
        let logits: [Float] = [0.3, -1.2, 2.0], labels: [Float] = [1, 0, 0]
        let probs = logits.map { Float(1 / (1 + Foundation.exp(-Double($0)))) }
        let weights: [Float] = [1, 2, 0.5]
        var grad = [Float](repeating: 0, count: 3)
        let sum = BinaryCrossEntropy.lossAndGradient(logits: logits, probabilities: probs, labels: labels,
                                                     weights: weights, count: 3, divisor: 4, gradient: &grad)
        for k in 0..<3 {
            XCTAssertEqual(grad[k], weights[k] * (probs[k] - labels[k]) / 4, accuracy: 1e-7)
            // finite difference of the weighted loss / 4
            let h: Float = 1e-3
            let d = (BinaryCrossEntropy.loss(logit: logits[k] + h, label: labels[k])
                - BinaryCrossEntropy.loss(logit: logits[k] - h, label: labels[k])) / Double(2 * h)
            XCTAssertEqual(Double(grad[k]), Double(weights[k]) * d / 4, accuracy: 1e-4)
        }
        let expected = (0..<3).reduce(0.0) { $0 + Double(weights[$1]) * BinaryCrossEntropy.loss(logit: logits[$1], label: labels[$1]) }
        XCTAssertEqual(sum, expected, accuracy: 1e-9)
    }

    func testKerasClippingForProbabilities() {
        XCTAssertEqual(BinaryCrossEntropy.loss(probability: 0, label: 1), -Foundation.log(1e-7), accuracy: 1e-9)
        XCTAssertEqual(BinaryCrossEntropy.loss(probability: 0.25, label: 0), -Foundation.log(0.75), accuracy: 1e-12)
    }
}
