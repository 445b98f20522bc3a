import XCTest
@testable import MarketData

final class SeriesTests: XCTestCase {
    let nan = Double.nan

    func s(_ v: [Double]) -> Series { Series(name: "x", time: (0..<v.count).map { Int64($0) * 60 }, values: v) }

    func assertSame(_ a: [Double], _ b: [Double], accuracy: Double = 0, file: StaticString = #filePath,
                    line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) {
            if x.isNaN || y.isNaN {
                XCTAssertTrue(x.isNaN && y.isNaN, "\(a) vs \(b)", file: file, line: line)
            } else {
                XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line)
            }
        }
    }

    func testArithmeticWithScalarsAndSeries() throws {
        let a = s([1, 2, nan, 4])
        let b = s([2, 2, 2, 0])
        assertSame((a + b).values, [3, 4, nan, 4])
        assertSame((a - 1).values, [0, 1, nan, 3])
        assertSame((2 * a).values, [2, 4, nan, 8])
        assertSame((a / b).values, [0.5, 1, nan, .infinity])
        assertSame((-a).values, [-1, -2, nan, -4])
        assertSame(a.pow(2).values, [1, 4, nan, 16])
        assertSame((10 - a).values, [9, 8, nan, 6])
        XCTAssertThrowsError(try a.combine(s([1, 2]), .add)) { e in
            XCTAssertEqual(e as? SeriesError, .notAligned(leftCount: 4, rightCount: 2))
        }
    }

    func testComparisonsAndCrosses() throws {
        let a = s([1, 3, nan, 5, 2])
        XCTAssertEqual(a.gt(2).values, [0, 1, 0, 1, 0])
        XCTAssertTrue(a.gt(2).isBoolean)
        XCTAssertEqual(a.le(2).values, [1, 0, 0, 0, 1])
        XCTAssertEqual(a.ne(3).values, [1, 0, 1, 1, 1])
        XCTAssertEqual(try a.gt(1).and(a.lt(5)).values, [0, 1, 0, 0, 1])
        XCTAssertEqual(try a.gt(4).or(a.lt(2)).values, [1, 0, 0, 1, 0])
        XCTAssertEqual(a.gt(2).not().values, [1, 0, 1, 0, 1])
        let fast = s([1, 2, 3, 2, 1, 3])
        let slow = s([2, 2, 2, 2, 2, 2])
        XCTAssertEqual(try fast.crossAbove(slow).values, [0, 0, 1, 0, 0, 1])
        XCTAssertEqual(try fast.crossBelow(slow).values, [0, 0, 0, 0, 1, 0])
        XCTAssertEqual(fast.crossAbove(2.5).values, [0, 0, 1, 0, 0, 1])
    }

    func testShiftDiffPctChangeCumsumFillnaWhere() throws {
        let a = s([1, 2, 4, nan, 8])
        assertSame(a.shift(1).values, [nan, 1, 2, 4, nan])
        assertSame(a.shift(-2).values, [4, nan, 8, nan, nan])
        assertSame(a.diff().values, [nan, 1, 2, nan, nan])
        assertSame(a.pctChange().values, [nan, 1, 1, nan, nan])
        assertSame(a.cumsum().values, [1, 3, 7, nan, 15])
        assertSame(a.fillna(0).values, [1, 2, 4, 0, 8])
        assertSame(a.ffill().values, [1, 2, 4, 4, 8])
        assertSame(try a.where(a.gt(1.5), other: -1).values, [-1, 2, 4, -1, 8])
        assertSame(try a.ewm(alpha: 0.5).values, [1, 1.5, 2.75, 2.75, 5.375])
        assertSame(try a.ewm(span: 3).values, [1, 1.5, 2.75, 2.75, 5.375])
    }

    func testRollingMatchesNaiveWindows() throws {
        var rng = Xoshiro256(seed: 9)
        var x = (0..<300).map { _ in 100 + rng.normal() * 5 }
        x[50] = .nan
        let a = s(x)
        let w = 7
        func naive(_ f: ([Double]) -> Double) -> [Double] {
            (0..<x.count).map { i in
                guard i >= w - 1 else { return .nan }
                let win = Array(x[(i - w + 1)...i])
                return win.contains(where: \.isNaN) ? .nan : f(win)
            }
        }
        let r = try a.rolling(w)
        assertSame(r.sum().values, naive { $0.reduce(0, +) }, accuracy: 1e-9)
        assertSame(r.mean().values, naive { $0.reduce(0, +) / Double(w) }, accuracy: 1e-9)
        let std = naive { v in
            let m = v.reduce(0, +) / Double(v.count)
            return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
        }
        assertSame(r.std().values, std, accuracy: 1e-9)
        assertSame(r.min().values, naive { $0.min()! })
        assertSame(r.max().values, naive { $0.max()! })
        assertSame(r.zscore().values, (0..<x.count).map { (x[$0] - r.mean().values[$0]) / std[$0] }, accuracy: 1e-9)
        assertSame(r.rank().values, naive { v in
            Double(v.filter { $0 < v.last! }.count) + Double(v.filter { $0 == v.last! }.count + 1) / 2
        })
        XCTAssertThrowsError(try a.rolling(0))
    }

    func testDescribe() {
        let d = s([4, 1, nan, 3, 2]).describe()
        XCTAssertEqual(d.count, 4)
        XCTAssertEqual(d.nanCount, 1)
        XCTAssertEqual(d.mean, 2.5)
        XCTAssertEqual(d.min, 1)
        XCTAssertEqual(d.max, 4)
        XCTAssertEqual(d.median, 2.5)
        XCTAssertEqual(d.p25, 1.75)
        XCTAssertEqual(d.std, (5.0 / 3).squareRoot(), accuracy: 1e-15)
    }

    func testSlicingAndAlignment() {
        let a = Series(name: "a", time: [10, 20, 30, 40], values: [1, 2, 3, 4])
        let b = Series(name: "b", time: [20, 30, 50], values: [7, 8, 9])
        XCTAssertEqual(a.slice(1..<3).values, [2, 3])
        XCTAssertEqual(a.slice(from: 15, to: 30).values, [2, 3])
        XCTAssertEqual(a.head(2).values, [1, 2])
        XCTAssertEqual(a.tail(1).values, [4])
        let (x, y) = Series.align(a, b)
        XCTAssertEqual(x.time, [20, 30])
        XCTAssertEqual(x.values, [2, 3])
        XCTAssertEqual(y.values, [7, 8])
        let (p, q) = Series.align(a, b, join: .outer)
        XCTAssertEqual(p.time, [10, 20, 30, 40, 50])
        assertSame(p.values, [1, 2, 3, 4, nan])
        assertSame(q.values, [nan, 7, 8, nan, 9])
        assertSame(b.reindex(a.time).values, [nan, 7, 8, nan])
    }
}

final class SeriesSummaryTests: XCTestCase {
    func testSummary() {
        let s = Series(name: "close", time: (0..<20).map { Int64($0) * 86_400 }, values: (0..<20).map(Double.init))
        let text = s.summary()
        let expected = "Series 'close' (20 values, 0 NaN)\n  head [0, 1, 2, 3, 4]\n  tail [15, 16, 17"
        XCTAssertTrue(text.hasPrefix(expected), text)
        XCTAssertTrue(text.contains("time 1970-01-01T00:00:00 … 1970-01-20T00:00:00"), text)
        XCTAssertTrue(s.gt(10).summary().contains("boolean"))
    }
}
