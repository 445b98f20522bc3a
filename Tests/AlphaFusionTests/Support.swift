import Foundation
import MarketData
import XCTest

/// Synthetic bars for property tests.
func syntheticBars(_ n: Int = 300, seed: UInt64 = 7) -> BarSeries {
    SyntheticMarket.generate(SyntheticMarket.Config(bars: n, seed: seed))
}

/// A series without a time index.
func series(_ values: [Double]) -> Series { Series(values: values) }

/// Bars from columns (times 0, 86400, …).
func bars(high: [Double], low: [Double], close: [Double], volume: [Double]? = nil) throws -> BarSeries {
    try BarSeries(time: (0..<close.count).map { Int64($0) * 86_400 }, open: close, high: high, low: low, close: close,
                  volume: volume)
}

/// Same values, NaN where NaN, each within `tolerance` (absolute).
func assertValues(_ got: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ what: String = "",
                  file: StaticString = #filePath, line: UInt = #line)
{
    XCTAssertEqual(got.count, expected.count, "\(what): count", file: file, line: line)
    for i in 0..<min(got.count, expected.count) {
        if got[i].isNaN || expected[i].isNaN {
            XCTAssertEqual(got[i].isNaN, expected[i].isNaN, "\(what)[\(i)]: \(got[i]) vs \(expected[i])", file: file, line: line)
        } else {
            XCTAssertEqual(got[i], expected[i], accuracy: tolerance, "\(what)[\(i)]", file: file, line: line)
        }
    }
}

/// Identical bits (NaN equal to NaN) on positions `range`.
func assertIdentical(_ a: [Double], _ b: [Double], _ range: Range<Int>, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line)
{
    for i in range where a[i].bitPattern != b[i].bitPattern && !(a[i].isNaN && b[i].isNaN) {
        XCTFail("\(what): value \(i) changed from \(a[i]) to \(b[i])", file: file, line: line)
        return
    }
}
