import XCTest

@testable import NeuralNet

/// Finite-difference gradient checks: analytic backward vs central differences of a scalar loss L = Σ rᵢ·outᵢ
/// (accumulated in Double), for every parameter (or a sample) and every input element.
enum GradientCheck {
    struct Result {
        var worstParameter: Double = 0
        var worstInput: Double = 0
        var checked = 0
        var worstDetail = ""
    }

    /// Relative error |a − n| / max(|a| + |n|, floor).
    static func relativeError(_ a: Double, _ n: Double, floor: Double = 2e-3) -> Double {
        abs(a - n) / max(abs(a) + abs(n), floor)
    }

    /// Checks `config` on a random batch; dropout masks are fixed by re-seeding before every forward.
    static func run(
        _ config: ModelConfig, batch: Int, seed: UInt64 = 1, training: Bool = true, step: Float = 1e-2,
        maxParameters: Int = 400, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Result {
        let net = try LSTMNetwork(config: config, seed: seed)
        // move biases away from zero so every term of the gradient is exercised
        var rng = SeededGenerator(seed: seed &+ 100)
        for t in net.tensors where t.name.hasSuffix("bias") {
            for i in 0..<t.count { net.weights.pointer[t.offset + i] += Float(rng.nextNormal() * 0.3) }
        }
        let ws = net.makeWorkspace(batch: batch, training: true)
        let inputCount = config.sequenceLength * batch * config.featureCount
        for i in 0..<inputCount { ws.x.pointer[i] = Float(rng.nextNormal()) }
        let outCount = (net.outputIsSequence ? config.sequenceLength * batch : batch) * net.outputWidth
        let r = (0..<outCount).map { _ in Float(rng.nextNormal()) }

        func loss() -> Double {
            var dropRNG = SeededGenerator(seed: 4242)
            let out = net.forward(ws, batch: batch, training: training, rng: &dropRNG)
            var s = 0.0
            for i in 0..<outCount { s += Double(r[i]) * Double(out[i]) }
            return s
        }
        _ = loss()
        let grads = Buffer(net.parameterCount)
        let dx = Buffer(inputCount)
        r.withUnsafeBufferPointer {
            net.backward(ws, batch: batch, dOutput: $0.baseAddress!, wrtPreActivation: false,
                         gradients: grads.pointer, dInput: dx.pointer)
        }
        var result = Result()
        let stride = max(1, net.parameterCount / maxParameters)
        var errors: [Double] = []
        // float32 forward passes leave ~1e-4 of noise in the central differences: errors are relative to the larger
        // of the two values and 1% of the largest gradient, so tiny gradients are compared in absolute terms
        var largest = 0.0
        for i in 0..<net.parameterCount { largest = max(largest, abs(Double(grads.pointer[i]))) }
        var largestInput = 0.0
        for i in 0..<inputCount { largestInput = max(largestInput, abs(Double(dx.pointer[i]))) }
        for i in Swift.stride(from: 0, to: net.parameterCount, by: stride) {
            let w0 = net.weights.pointer[i]
            net.weights.pointer[i] = w0 + step
            let lp = loss()
            net.weights.pointer[i] = w0 - step
            let lm = loss()
            net.weights.pointer[i] = w0
            let numeric = (lp - lm) / (2 * Double(step))
            let e = relativeError(Double(grads.pointer[i]), numeric, floor: max(2e-3, 1e-2 * largest))
            errors.append(e)
            if e > result.worstParameter {
                result.worstParameter = e
                result.worstDetail = "param \(i) analytic \(grads.pointer[i]) numeric \(numeric)"
            }
            result.checked += 1
        }
        for i in Swift.stride(from: 0, to: inputCount, by: max(1, inputCount / 200)) {
            let x0 = ws.x.pointer[i]
            ws.x.pointer[i] = x0 + step
            let lp = loss()
            ws.x.pointer[i] = x0 - step
            let lm = loss()
            ws.x.pointer[i] = x0
            let numeric = (lp - lm) / (2 * Double(step))
            let e = relativeError(Double(dx.pointer[i]), numeric, floor: max(2e-3, 1e-2 * largestInput))
            if e > result.worstInput { result.worstInput = e }
        }
        let sorted = errors.sorted()
        let median = sorted[sorted.count / 2]
        XCTAssertLessThan(median, 1e-3, "median relative parameter-gradient error", file: file, line: line)
        XCTAssertLessThan(result.worstParameter, 2e-2, "worst relative parameter-gradient error", file: file, line: line)
        XCTAssertLessThan(result.worstInput, 2e-2, "worst relative input-gradient error", file: file, line: line)
        return result
    }
}
