import XCTest

@testable import Backtesting

/// Walk-forward windows and stitching, checked by hand.
final class WalkForwardTests: XCTestCase {
    func testRollingFolds() throws {
        let folds = try WalkForward.folds(barCount: 10, train: 4, test: 2)
        XCTAssertEqual(folds.map(\.train), [0..<4, 2..<6, 4..<8])
        XCTAssertEqual(folds.map(\.test), [4..<6, 6..<8, 8..<10])
    }

    func testGapAndStep() throws {
        let gapped = try WalkForward.folds(barCount: 10, train: 4, test: 2, gap: 1)
        XCTAssertEqual(gapped.map(\.train), [0..<4, 2..<6])
        XCTAssertEqual(gapped.map(\.test), [5..<7, 7..<9])
        let stepped = try WalkForward.folds(barCount: 12, train: 3, test: 2, step: 3)
        XCTAssertEqual(stepped.map(\.test), [3..<5, 6..<8, 9..<11])
    }

    func testAnchoredFolds() throws {
        let folds = try WalkForward.folds(barCount: 10, train: 4, test: 2, anchored: true)
        XCTAssertEqual(folds.map(\.train), [0..<4, 0..<6, 0..<8])
        XCTAssertEqual(folds.map(\.test), [4..<6, 6..<8, 8..<10])
    }

    func testTooFewBars() {
        XCTAssertThrowsError(try WalkForward.folds(barCount: 5, train: 4, test: 2)) { error in
            XCTAssertTrue("\(error)".contains("exceed the 5 bars"))
        }
        XCTAssertThrowsError(try WalkForward.folds(barCount: 50, train: 4, test: 0))
    }

    func testStitchChainsReturns() {
        XCTAssertEqual(WalkForward.stitch(equities: [[100, 110], [50, 45]], initialCash: 1000), [1000, 1100, 1100, 990])
    }

    /// Buy at each test window's first close and sell at its last close, no costs, fractional shares: the stitched
    /// final equity is cash × Π close[last] / close[first].
    func testRunStitchesOutOfSampleEquity() throws {
        let bars = TestData.randomWalk(count: 60, seed: 3)
        let folds = try WalkForward.folds(barCount: 60, train: 20, test: 10)
        var config = BacktestConfig()
        config.costs = .zero
        config.fill = .close
        config.wholeShares = false
        var trainRanges: [Range<Int>] = []
        let result = try WalkForward.run(bars: bars, folds: folds, config: config) { fold in
            trainRanges.append(fold.train)
            return .targetPosition([Double](repeating: 1, count: fold.test.count))
        }
        XCTAssertEqual(trainRanges, [0..<20, 10..<30, 20..<40, 30..<50])
        var expected = 10_000.0
        for fold in folds { expected *= bars.close[fold.test.upperBound - 1] / bars.close[fold.test.lowerBound] }
        XCTAssertEqual(result.outOfSample.equity.last!, expected, accuracy: 1e-9 * expected)
        XCTAssertEqual(result.outOfSample.equity.count, 40)
        XCTAssertEqual(result.outOfSample.trades.count, 4)
        XCTAssertEqual(result.foldResults.count, 4)
        XCTAssertEqual(result.outOfSample.trades.map(\.exitReason), Array(repeating: .endOfData, count: 4))
        XCTAssertEqual(result.foldResults[1].equity.first!, result.foldResults[0].equity.last!, accuracy: 1e-9)
    }

    func testOverlappingTestWindowsAreRejected() throws {
        let bars = TestData.randomWalk(count: 30, seed: 3)
        let folds = try WalkForward.folds(barCount: 30, train: 10, test: 5, step: 2)
        XCTAssertThrowsError(
            try WalkForward.run(bars: bars, folds: folds, config: BacktestConfig()) { _ in .targetPosition([]) })
    }
}
