import XCTest

@testable import Backtesting

/// Deflated Sharpe ratio against the paper's worked example and closed forms.
final class DeflatedSharpeTests: XCTestCase {
    func testNormalDistribution() {
        XCTAssertEqual(NormalDistribution.cdf(1.96), 0.9750021048517796, accuracy: 1e-15)
        XCTAssertEqual(NormalDistribution.cdf(0), 0.5)
        XCTAssertEqual(NormalDistribution.quantile(0.975), 1.9599639845400536, accuracy: 1e-13)
        XCTAssertEqual(NormalDistribution.quantile(1e-10), -6.361340902404056, accuracy: 1e-11)
        XCTAssertEqual(NormalDistribution.quantile(0.5), 0, accuracy: 1e-15)
        for p in stride(from: 0.001, to: 1, by: 0.0237) {
            XCTAssertEqual(NormalDistribution.cdf(NormalDistribution.quantile(p)), p, accuracy: 1e-14)
        }
    }

    /// Bailey & López de Prado (2014), section "A numerical example": N = 100 trials, annualized SR 2.5 with
    /// variance 0.5 across trials, T = 1250 daily returns, skewness −3, kurtosis 10 → SR₀ ≈ 0.1132 (daily),
    /// DSR ≈ 0.9004.
    func testPaperExample() {
        let sharpe = 2.5 / 250.0.squareRoot()
        let variance = 0.5 / 250
        let benchmark = DeflatedSharpe.expectedMaxSharpe(trials: 100, sharpeVariance: variance)
        XCTAssertEqual(benchmark, 0.1132, accuracy: 5e-5)
        XCTAssertEqual(benchmark, 0.11317200186513214, accuracy: 1e-12)  // closed form evaluated in Python
        let dsr = DeflatedSharpe.deflatedSharpe(
            sharpe: sharpe, trials: 100, sharpeVariance: variance, observations: 1250, skewness: -3, kurtosis: 10)
        XCTAssertEqual(dsr, 0.9004, accuracy: 5e-4)
        XCTAssertEqual(dsr, 0.9003968344493904, accuracy: 1e-12)
    }

    /// One trial: DSR is the PSR against 0; with normal returns PSR = Φ(SR √(T−1) / √(1 + SR²/2)).
    func testSingleTrialIsPSRAgainstZero() {
        let sr = 0.1, t = 500
        let expected = NormalDistribution.cdf(sr * Double(t - 1).squareRoot() / (1 + sr * sr / 2).squareRoot())
        XCTAssertEqual(
            DeflatedSharpe.deflatedSharpe(
                sharpe: sr, trials: 1, sharpeVariance: 0.3, observations: t, skewness: 0, kurtosis: 3),
            expected, accuracy: 1e-15)
    }

    func testMoments() {
        let m = DeflatedSharpe.Moments([1, 2, 3, 4, 10])
        XCTAssertEqual(m.mean, 4)
        XCTAssertEqual(m.standardDeviation, (50.0 / 4).squareRoot(), accuracy: 1e-12)  // Σd² = 9+4+1+0+36
        let m3: Double = (-27 - 8 - 1 + 0 + 216) / 5
        let m4: Double = (81 + 16 + 1 + 0 + 1296) / 5
        XCTAssertEqual(m.skewness, m3 / pow(10, 1.5), accuracy: 1e-12)  // m₂ = 50 / 5 = 10
        XCTAssertEqual(m.kurtosis, m4 / 100, accuracy: 1e-12)
        XCTAssertEqual(m.sharpe, 4 / (12.5).squareRoot(), accuracy: 1e-12)
    }

    func testOfBestPicksHighestSharpe() throws {
        let a = DeflatedSharpe.Moments([0.01, 0.02, -0.01, 0.015])
        let b = DeflatedSharpe.Moments([0.03, 0.02, 0.01, 0.025])
        let result = try XCTUnwrap(DeflatedSharpe.ofBest([a, b]))
        XCTAssertEqual(result.sharpe, b.sharpe)
        XCTAssertEqual(result.trials, 2)
        XCTAssertEqual(result.sharpeVariance, pow(a.sharpe - b.sharpe, 2) / 2, accuracy: 1e-12)
    }
}
