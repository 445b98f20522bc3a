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
