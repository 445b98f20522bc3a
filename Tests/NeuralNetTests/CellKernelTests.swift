import XCTest

@testable import NeuralNet

/// The C gate kernels (AVX2 / AVX-512, CNeuralKernels) against the Swift kernels they replace.
final class CellKernelTests: XCTestCase {
    private func random(_ n: Int, _ rng: inout SeededGenerator, scale: Float = 3) -> [Float] {
        (0..<n).map { _ in Float(rng.nextNormal()) * scale }
    }

    func testNativeKernelsMatchSwift() throws {
        try XCTSkipIf(LSTMCell.nativeLanes == 0, "no AVX2+FMA: the Swift kernels are the only ones")
        var rng = SeededGenerator(seed: 11)
        // 64 and 32: the model's sizes (16-lane pairs); 24: 16 + 8; 8; 13 and 5: tails below 8 lanes
        for units in [64, 32, 24, 8, 13, 5] {
            for batch in [1, 3, 16] {
                let z = random(batch * 4 * units, &rng), bias = random(4 * units, &rng, scale: 1)
                let cPrev = random(batch * units, &rng, scale: 1)
                var zc = z, zs = z
                var cc = [Float](repeating: 0, count: batch * units), cs = cc, tc = cc, ts = cc, hc = cc, hs = cc
                LSTMCell.forward(z: &zc, bias: bias, cPrev: cPrev, c: &cc, tanhC: &tc, h: &hc, batch: batch, units: units)
                LSTMCell.forwardSwift(z: &zs, bias: bias, cPrev: cPrev, c: &cs, tanhC: &ts, h: &hs, batch: batch,
                                      units: units)
                // release builds use FMA in both (identical bits); debug Swift code has no FMA (≈ 1 ulp apart)
                for (a, b) in [(zc, zs), (cc, cs), (tc, ts), (hc, hs)] {
                    for k in a.indices { XCTAssertEqual(a[k], b[k], accuracy: 2e-6, "units \(units) batch \(batch)") }
                }
                let dh = random(batch * units, &rng, scale: 1), dc0 = random(batch * units, &rng, scale: 1)
                var dcC = dc0, dcS = dc0
                var dzC = [Float](repeating: 0, count: batch * 4 * units), dzS = dzC
                LSTMCell.backward(gates: zc, cPrev: cPrev, tanhC: tc, dh: dh, dc: &dcC, dZ: &dzC, batch: batch,
                                  units: units)
                LSTMCell.backwardSwift(gates: zc, cPrev: cPrev, tanhC: tc, dh: dh, dc: &dcS, dZ: &dzS, batch: batch,
                                       units: units)
                XCTAssertEqual(dcC, dcS, "units \(units)")
                XCTAssertEqual(dzC, dzS, "units \(units)")
            }
        }
    }

    func testNativeForwardAllowsCellInPlace() throws {
        // StreamingPredictor passes the same buffer as cPrev and c
        var rng = SeededGenerator(seed: 12)
        let units = 64, z = random(4 * units, &rng), bias = random(4 * units, &rng, scale: 1)
        let c0 = random(units, &rng, scale: 1)
        var z1 = z, z2 = z, c = c0, cOut = [Float](repeating: 0, count: units)
        var t1 = cOut, t2 = cOut, h1 = cOut, h2 = cOut
        c.withUnsafeMutableBufferPointer { p in
            LSTMCell.forward(z: &z1, bias: bias, cPrev: p.baseAddress!, c: p.baseAddress!, tanhC: &t1, h: &h1,
                             batch: 1, units: units)
        }
        LSTMCell.forward(z: &z2, bias: bias, cPrev: c0, c: &cOut, tanhC: &t2, h: &h2, batch: 1, units: units)
        XCTAssertEqual(c, cOut)
        XCTAssertEqual(h1, h2)
    }
}

/// The inference gate kernel (reciprocal estimate + Newton step, table exp, per-row bias) against a
/// double-precision oracle of the same formulas.
final class InferenceKernelTests: XCTestCase {
    private func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// c and h of one step computed in Double from the float inputs.
    private func oracle(z: [Float], bias: [Float], biasStride: Int, cPrev: [Float], batch: Int, units u: Int)
        -> (c: [Double], h: [Double])
    {
        var c = [Double](repeating: 0, count: batch * u), h = c
        for b in 0..<batch {
            for j in 0..<u {
                func pre(_ gate: Int) -> Double {
                    Double(z[b * 4 * u + gate * u + j]) + Double(bias[b * biasStride + gate * u + j])
                }
                let i = sigmoid(pre(0)), f = sigmoid(pre(1)), g = Foundation.tanh(pre(2)), o = sigmoid(pre(3))
                let cv = f * Double(cPrev[b * u + j]) + i * g
                c[b * u + j] = cv
                h[b * u + j] = o * Foundation.tanh(cv)
            }
        }
        return (c, h)
    }

    private func run(z: [Float], bias: [Float], biasStride: Int, cPrev: [Float], batch: Int, units: Int)
        -> (c: [Float], h: [Float], copy: [Float])
    {
        var zc = z
        var c = [Float](repeating: 0, count: batch * units), t = c, h = c
        var copy = [Float](repeating: -1, count: batch * (units + 3))
        copy.withUnsafeMutableBufferPointer { cp in
            LSTMCell.forward(z: &zc, bias: bias, cPrev: cPrev, c: &c, tanhC: &t, h: &h, batch: batch, units: units,
                             copyH: cp.baseAddress!, copyStride: units + 3, inference: true, biasStride: biasStride)
        }
        return (c, h, copy)
    }

    func testInferenceKernelMatchesDoubleOracle() {
        var rng = SeededGenerator(seed: 21)
        for units in [64, 32, 24, 8, 13, 5] {
            for batch in [1, 3, 16] {
                for biasStride in [0, 4 * units] {
                    // pre-activations up to ±30 reach the saturated ends of sigmoid and tanh
                    let z = (0..<(batch * 4 * units)).map { _ in Float(rng.nextNormal()) * 6 }
                    let bias = (0..<(biasStride == 0 ? 4 * units : batch * biasStride)).map { _ in
                        Float(rng.nextNormal())
                    }
                    let cPrev = (0..<(batch * units)).map { _ in Float(rng.nextNormal()) * 2 }
                    let got = run(z: z, bias: bias, biasStride: biasStride, cPrev: cPrev, batch: batch, units: units)
                    let want = oracle(z: z, bias: bias, biasStride: biasStride, cPrev: cPrev, batch: batch,
                                      units: units)
                    for k in 0..<(batch * units) {
                        XCTAssertEqual(Double(got.h[k]), want.h[k], accuracy: 4e-7, "h units \(units) batch \(batch)")
                        XCTAssertEqual(Double(got.c[k]), want.c[k], accuracy: 4e-7 * max(1, abs(want.c[k])),
                                       "c units \(units) batch \(batch)")
                        XCTAssertEqual(got.copy[(k / units) * (units + 3) + k % units], got.h[k])
                    }
                }
            }
        }
    }

    func testInferenceKernelSaturatesAndPropagatesNaN() {
        let u = 16
        // gate pre-activations: i = +∞, f = −∞, g = 1000 (tanh 1), o = −1000 → c = 1, h = 0
        var z = [Float](repeating: 0, count: 4 * u)
        for j in 0..<u { z[j] = .infinity; z[u + j] = -.infinity; z[2 * u + j] = 1000; z[3 * u + j] = -1000 }
        z[2 * u + 3] = .nan
        let out = run(z: z, bias: [Float](repeating: 0, count: 4 * u), biasStride: 0,
                      cPrev: [Float](repeating: 5, count: u), batch: 1, units: u)
        for j in 0..<u where j != 3 {
            XCTAssertEqual(out.c[j], 1, accuracy: 1e-7)
            XCTAssertEqual(out.h[j], 0, accuracy: 1e-7)
        }
        XCTAssertTrue(out.c[3].isNaN && out.h[3].isNaN, "a NaN pre-activation must not turn into a number")
    }
}
