import Foundation
import XCTest
@testable import BookAnalytics

/// Oracles: the published SplitMix64 sequence for seed 1234567 (reference C code, also on Rosetta Code);
/// Foundation's `log`; sample moments of the derived distributions.
final class SplitMix64Tests: XCTestCase {
    func testReferenceSequence() {
        var g = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() }, [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
    }

    func testDeterministicLogMatchesLibm() {
        var g = SplitMix64(seed: 1)
        for _ in 0..<100_000 {
            let x = Double(sign: .plus, exponent: Int(g.next() % 200) - 100, significand: 1 + g.nextUnit())
            let expected = Foundation.log(x)
            XCTAssertLessThanOrEqual(abs(DeterministicMath.log(x) - expected), 4e-16 * max(1, abs(expected)), "\(x)")
        }
        XCTAssertEqual(DeterministicMath.log(1), 0)
        XCTAssertTrue(DeterministicMath.log(-1).isNaN)
        XCTAssertEqual(DeterministicMath.log(0), -.infinity)
        XCTAssertEqual(DeterministicMath.log(.infinity), .infinity)
    }

    func testDistributionsHaveTheirMeans() {
        var g = SplitMix64(seed: 7)
        let n = 200_000
        var unit = 0.0, exponential = 0.0, geometric = 0.0, gauss = 0.0, gauss2 = 0.0
        for _ in 0..<n {
            let u = g.nextUnit()
            XCTAssertTrue(u >= 0 && u < 1)
            unit += u
            exponential += g.nextExponential(rate: 4)
            geometric += Double(g.nextGeometric(mean: 2.5))
            let z = g.nextGaussian()
            gauss += z
            gauss2 += z * z
        }
        let m = Double(n)
        XCTAssertEqual(unit / m, 0.5, accuracy: 0.005)
        XCTAssertEqual(exponential / m, 0.25, accuracy: 0.005)
        XCTAssertEqual(geometric / m, 2.5, accuracy: 0.05)
        XCTAssertEqual(gauss / m, 0, accuracy: 0.01)
        XCTAssertEqual(gauss2 / m, 1, accuracy: 0.02)
        XCTAssertEqual(g.nextGeometric(mean: 0), 0)
    }
}
