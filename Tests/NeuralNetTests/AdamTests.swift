import XCTest

@testable import NeuralNet

final class AdamTests: XCTestCase {
    /// Oracle: Keras 3's update written out in Double for three steps.
    func testThreeStepsMatchClosedForm() {
        let adam = AdamOptimizer(parameterCount: 10, config: AdamConfig())
        var w: [Float] = (0..<10).map { Float($0) * 0.1 - 0.4 }
        let grads: [[Float]] = (0..<3).map { s in (0..<10).map { Float(sin(Double($0 + s * 10))) } }
        var wd = w.map(Double.init), m = [Double](repeating: 0, count: 10), v = m
        for (t, g) in grads.enumerated() {
            w.withUnsafeMutableBufferPointer { adam.update(weights: $0.baseAddress!, gradients: g) }
            let step = Double(t + 1)
            let alpha = 1e-3 * (1 - pow(0.999, step)).squareRoot() / (1 - pow(0.9, step))
            for i in 0..<10 {
                m[i] += (Double(g[i]) - m[i]) * 0.1
                v[i] += (Double(g[i]) * Double(g[i]) - v[i]) * 0.001
                wd[i] -= alpha * m[i] / (v[i].squareRoot() + 1e-7)
            }
        }
        for i in 0..<10 { XCTAssertEqual(Double(w[i]), wd[i], accuracy: 1e-6) }
        XCTAssertEqual(AdamConfig(), AdamConfig(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
    }

    func testClipping() {
        var g: [Float] = [3, 4, 0, 12]  // tensors [0..<2] and [2..<4]
        let tensors = [TensorSpec(name: "a", shape: [2], offset: 0), TensorSpec(name: "b", shape: [2], offset: 2)]
        g.withUnsafeMutableBufferPointer {
            AdamOptimizer.clip($0.baseAddress!, count: 4, clipping: .globalNorm(6.5), tensors: tensors)
        }
        XCTAssertEqual(g.map { Double($0) }, [1.5, 2, 0, 6].map { $0 }, accuracy: 1e-6)
        var h: [Float] = [3, 4, 0, 12]
        h.withUnsafeMutableBufferPointer {
            AdamOptimizer.clip($0.baseAddress!, count: 4, clipping: .norm(5), tensors: tensors)
        }
        XCTAssertEqual(h.map { Double($0) }, [3, 4, 0, 5], accuracy: 1e-6)
        var c: [Float] = [3, -4, 0.5, 12]
        c.withUnsafeMutableBufferPointer {
            AdamOptimizer.clip($0.baseAddress!, count: 4, clipping: .value(1), tensors: tensors)
        }
        XCTAssertEqual(c, [1, -1, 0.5, 1])
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
