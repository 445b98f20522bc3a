import XCTest
@testable import Indicators
import MarketData

final class SlidingExtremesTests: XCTestCase {
    func testMatchesNaiveWindows() {
        var rng = Xoshiro256(seed: 1)
        for n in [1, 2, 3, 7, 50, 333] {
            // Coarse values so ties are common.
            let hi = (0..<n).map { _ in (rng.uniform() * 20).rounded() }
            let lo = hi.map { $0 - (rng.uniform() * 5).rounded() }
            for w in 1...min(n, 40) {
                var mx = [Double](repeating: .nan, count: n)
                var mn = [Double](repeating: .nan, count: n)
                hi.withUnsafeBufferPointer { h in
                    lo.withUnsafeBufferPointer { l in
                        mx.withUnsafeMutableBufferPointer { a in
                            mn.withUnsafeMutableBufferPointer { b in
                                SlidingExtremes.run(h.baseAddress!, l.baseAddress!, n, window: w, a.baseAddress!,
                                                    b.baseAddress!)
                            }
                        }
                    }
                }
                for i in (w - 1)..<n {
                    XCTAssertEqual(mx[i], hi[(i - w + 1)...i].max(), "n=\(n) w=\(w) i=\(i)")
                    XCTAssertEqual(mn[i], lo[(i - w + 1)...i].min(), "n=\(n) w=\(w) i=\(i)")
                }
            }
        }
    }
}

/// MAX and MIN follow TA-Lib's block algorithm bit for bit, also where NaNs, ties and signed zeros make the
/// block structure visible (fixture from scripts/gen_extremes_nan_fixture.py).
final class ExtremesTALibTests: XCTestCase {
    func testMaxMinMatchTALibWithNaNAndSignedZeros() throws {
        let t = try Fixture.load(Fixture.local.appendingPathComponent("extremes_nan.csv"))
        let x = t["x"]
        var checked = 0
        for (k, header) in t.headers.enumerated() where header != "x" {
            let p = Int(header.split(separator: "=")[1].prefix { $0.isNumber })!
            let got = header.hasPrefix("MAX") ? try TA.max(x, timePeriod: p) : try TA.min(x, timePeriod: p)
            let want = t.columns[k]
            for i in 0..<x.count where !(got[i].isNaN && want[i].isNaN) && got[i].bitPattern != want[i].bitPattern {
                XCTFail("\(header) index \(i): got \(got[i]), TA-Lib \(want[i])")
                break
            }
            checked += 1
        }
        XCTAssertEqual(checked, 14)
    }

    /// Without NaNs the result is the plain window extreme, for every period and length.
    func testMaxMinEqualNaiveWindows() throws {
        var rng = Xoshiro256(seed: 7)
        for n in [1, 2, 3, 7, 50, 333] {
            let x = (0..<n).map { _ in (rng.uniform() * 20).rounded() }
            for p in 2...41 {
                let mx = try TA.max(x, timePeriod: p)
                let mn = try TA.min(x, timePeriod: p)
                for i in 0..<n {
                    if i < p - 1 {
                        XCTAssertTrue(mx[i].isNaN && mn[i].isNaN)
                    } else {
                        XCTAssertEqual(mx[i], x[(i - p + 1)...i].max(), "n=\(n) p=\(p) i=\(i)")
                        XCTAssertEqual(mn[i], x[(i - p + 1)...i].min(), "n=\(n) p=\(p) i=\(i)")
                    }
                }
            }
        }
    }
}
