import XCTest

@testable import Backtesting

/// CSCV probability of backtest overfitting: hand-checked cases and an independent brute-force implementation.
final class OverfittingProbabilityTests: XCTestCase {
    /// N = 2, S = 2: each strategy wins its in-sample half and loses out of sample → PBO = 1, λ = ln(1/2).
    func testWinnerAlwaysLosesOutOfSample() throws {
        let returns = [[0.01, 0.03, -0.01, -0.03], [-0.01, -0.02, 0.02, 0.01]]
        let result = try OverfittingProbability.cscv(returns: returns, blocks: 2)
        XCTAssertEqual(result.combinations, 2)
        XCTAssertEqual(result.pbo, 1)
        for l in result.logits { XCTAssertEqual(l, log(0.5), accuracy: 1e-15) }
    }

    /// A strategy better in every block: the in-sample winner is the out-of-sample winner → PBO = 0, λ = ln 2.
    func testDominantStrategyIsNotOverfit() throws {
        let returns = [[0.02, 0.03, 0.025, 0.035], [0.01, -0.01, 0.0, -0.02]]
        let result = try OverfittingProbability.cscv(returns: returns, blocks: 2)
        XCTAssertEqual(result.pbo, 0)
        for l in result.logits { XCTAssertEqual(l, log(2), accuracy: 1e-15) }
    }

    /// Brute force: for every half of the blocks, Sharpe ratios from the raw returns, argmax, rank, logit.
    private func bruteForce(_ returns: [[Double]], blocks s: Int) -> [Double] {
        let t = returns[0].count, n = returns.count
        func sharpe(_ x: [Double]) -> Double {
            let m = x.reduce(0, +) / Double(x.count)
            let v = x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)
            return m / v.squareRoot()
        }
        var logits: [Double] = []
        func visit(_ start: Int, _ chosen: [Int]) {
            if chosen.count == s / 2 {
                let rows = { (inside: Bool) in
                    (0..<s).filter { chosen.contains($0) == inside }.flatMap { b in (b * t / s)..<((b + 1) * t / s) }
                }
                let inRows = rows(true), outRows = rows(false)
                let isPerf = returns.map { r in sharpe(inRows.map { r[$0] }) }
                let oosPerf = returns.map { r in sharpe(outRows.map { r[$0] }) }
                let best = isPerf.indices.max { isPerf[$0] < isPerf[$1] }!
                let rank = Double(oosPerf.filter { $0 < oosPerf[best] }.count + 1)
                let omega = rank / Double(n + 1)
                logits.append(log(omega / (1 - omega)))
                return
            }
            guard start < s else { return }
            for b in start..<s { visit(b + 1, chosen + [b]) }
        }
        visit(0, [])
        return logits
    }

    func testMatchesBruteForce() throws {
        var rng = SplitMix64(seed: 5)
        let returns = (0..<5).map { k in (0..<120).map { _ in 0.001 * Double(k) + 0.01 * rng.normal() } }
        let result = try OverfittingProbability.cscv(returns: returns, blocks: 6)
        let expected = bruteForce(returns, blocks: 6)
        XCTAssertEqual(result.combinations, 20)  // C(6, 3)
        XCTAssertEqual(result.logits.sorted(), expected.sorted())
        XCTAssertEqual(result.pbo, Double(expected.filter { $0 <= 0 }.count) / 20)
    }

    func testNoiseIsAboutAHalfAndSkillIsNearZero() throws {
        var rng = SplitMix64(seed: 17)
        let noise = (0..<20).map { _ in (0..<1600).map { _ in 0.01 * rng.normal() } }
        let noisy = try OverfittingProbability.cscv(returns: noise, blocks: 16)
        XCTAssertEqual(noisy.combinations, 12_870)
        XCTAssertGreaterThan(noisy.pbo, 0.2)
        XCTAssertLessThan(noisy.pbo, 0.8)
        var skilled = noise
        skilled[3] = skilled[3].map { $0 + 0.004 }
        XCTAssertLessThan(try OverfittingProbability.cscv(returns: skilled, blocks: 16).pbo, 0.05)
    }

    func testRejectsBadShapes() {
        XCTAssertThrowsError(try OverfittingProbability.cscv(returns: [[1, 2, 3, 4]], blocks: 2))
        XCTAssertThrowsError(try OverfittingProbability.cscv(returns: [[1, 2, 3], [1, 2, 3]], blocks: 3))
        XCTAssertThrowsError(try OverfittingProbability.cscv(returns: [[1, 2], [1, 2]], blocks: 4))
    }
}
