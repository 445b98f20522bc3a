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
