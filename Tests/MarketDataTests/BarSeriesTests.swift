import Foundation
import XCTest
@testable import MarketData

final class BarSeriesTests: XCTestCase {
    func testSyntheticIsDeterministicAndConsistent() {
        for interval: Int64 in [86_400, 300, 60] {
            let a = SyntheticMarket.generate(.init(bars: 3000, seed: 123, interval: interval))
            let b = SyntheticMarket.generate(.init(bars: 3000, seed: 123, interval: interval))
            let c = SyntheticMarket.generate(.init(bars: 3000, seed: 124, interval: interval))
            XCTAssertEqual(a, b)
            XCTAssertNotEqual(a.close, c.close)
            XCTAssertEqual(a.count, 3000)
            for i in 0..<a.count {
                XCTAssertLessThanOrEqual(a.low[i], min(a.open[i], a.close[i]))
                XCTAssertGreaterThanOrEqual(a.high[i], max(a.open[i], a.close[i]))
                XCTAssertGreaterThan(a.volume[i], 0)
                XCTAssertGreaterThan(a.low[i], 0)
                if i > 0 { XCTAssertGreaterThan(a.time[i], a.time[i - 1]) }
                // Weekdays only.
                XCTAssertLessThan((floorDiv(a.time[i], 86_400) + 3) % 7, 5)
            }
            XCTAssertEqual(a.interval, interval)
        }
        let intraday = SyntheticMarket.generate(.init(bars: 390 * 20, seed: 1, interval: 60))
        // U-shaped volume: the first and last half hours trade more than midday on average.
        var edge = 0.0
        var mid = 0.0
        for i in 0..<intraday.count {
            let slot = i % 390
            if slot < 30 || slot >= 360 { edge += intraday.volume[i] } else if slot >= 165 && slot < 225 {
                mid += intraday.volume[i]
            }
        }
        XCTAssertGreaterThan(edge / 60, 1.5 * mid / 60)
    }

    func testSyntheticHasVolatilityRegimes() {
        let b = SyntheticMarket.generate(.init(bars: 5000, seed: 2))
        var absRet: [Double] = []
        for i in 1..<b.count { absRet.append(abs(log(b.close[i] / b.close[i - 1]))) }
        // Rolling 60-bar mean absolute return varies by well over 2x across regimes.
        var means: [Double] = []
        for s in stride(from: 0, to: absRet.count - 60, by: 60) { means.append(absRet[s..<(s + 60)].reduce(0, +) / 60) }
        XCTAssertGreaterThan(means.max()! / means.min()!, 2.5)
    }

    func testResampleAggregatesOHLCVWithinSessions() throws {
        // Two days of 1-minute bars 09:30-15:59.
        let b = SyntheticMarket.generate(.init(bars: 780, seed: 4, interval: 60))
        let five = try b.resample("5m")
        XCTAssertEqual(five.count, 156)
        XCTAssertEqual(TimeParsing.formatDateTime(five.time[0]), "2020-01-01T09:30:00")
        XCTAssertEqual(TimeParsing.formatDateTime(five.time[1]), "2020-01-01T09:35:00")
        for k in 0..<five.count {
            let r = (k * 5)..<(k * 5 + 5)
            XCTAssertEqual(five.open[k], b.open[r.lowerBound])
            XCTAssertEqual(five.close[k], b.close[r.upperBound - 1])
            XCTAssertEqual(five.high[k], b.high[r].max())
            XCTAssertEqual(five.low[k], b.low[r].min())
            XCTAssertEqual(five.volume[k], b.volume[r].reduce(0, +))
        }
        // 1h from the session open: 6 full hours and a 30-minute bar per day, never spanning days.
        let hour = try five.resample("1h")
        XCTAssertEqual(hour.count, 14)
        XCTAssertEqual(TimeParsing.formatDateTime(hour.time[6]), "2020-01-01T15:30:00")
        XCTAssertEqual(TimeParsing.formatDateTime(hour.time[7]), "2020-01-02T09:30:00")
        let direct = try b.resample("1h")
        XCTAssertEqual(hour, direct)
        let day = try hour.resample("1d")
        XCTAssertEqual(day.count, 2)
        XCTAssertTrue(day.isDaily)
        XCTAssertEqual(day.open[0], b.open[0])
        XCTAssertEqual(day.close[1], b.close[779])
        XCTAssertEqual(day.high[0], b.high[0..<390].max())
        XCTAssertEqual(day.volume[1], b.volume[390...].reduce(0, +), accuracy: 1e-6)
        // Midnight-anchored hours start at 09:00.
        let clock = try b.resample("1h", anchor: .midnight)
        XCTAssertEqual(TimeParsing.formatDateTime(clock.time[0]), "2020-01-01T09:00:00")
        XCTAssertThrowsError(try day.resample("5m"))
        XCTAssertThrowsError(try b.resample("soon"))
    }

    func testResampleRealMinuteFile() throws {
        let path = TestPaths.sharedData.appendingPathComponent("SP500_1min_2019-11.csv").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no shared data") }
        let b = try CSVReader.read(path: path).bars
        let d = try b.resample("1d")
        XCTAssertEqual(d.count, 4)
        XCTAssertEqual(d.open[0], b.open[0])
        XCTAssertEqual(d.time.map(TimeParsing.formatDate), ["2019-11-05", "2019-11-06", "2019-11-07", "2019-11-08"])
    }

    func testSlicingHeadTailAndColumns() throws {
        let b = SyntheticMarket.generate(.init(bars: 10, seed: 1))
        XCTAssertEqual(b.head(3).count, 3)
        XCTAssertEqual(b.tail(3).close, Array(b.close[7...]))
        XCTAssertEqual(b.slice(2..<5).open, Array(b.open[2..<5]))
        XCTAssertEqual(b.slice(from: b.time[3], to: b.time[5]).count, 3)
        XCTAssertEqual(b.head(100).count, 10)
        XCTAssertEqual(b.series("Close")?.values, b.close)
        XCTAssertNil(b.series("nope"))
        var c = b
        try c.setColumn("signal", Array(repeating: 1, count: 10))
        XCTAssertEqual(c.columnNames.last, "signal")
        XCTAssertThrowsError(try c.setColumn("bad", [1]))
        XCTAssertThrowsError(try BarSeries(time: [1, 2], open: [1], high: [1, 2], low: [1, 2], close: [1, 2]))
    }

    func testJoinOnTime() throws {
        let a = try BarSeries(time: [1, 2, 3], open: [1, 2, 3], high: [1, 2, 3], low: [1, 2, 3], close: [1, 2, 3])
        let b = try BarSeries(time: [2, 3, 4], open: [5, 6, 7], high: [5, 6, 7], low: [5, 6, 7], close: [5, 6, 7])
        let j = a.join(b, prefix: "spy_")
        XCTAssertEqual(j.time, [1, 2, 3])
        XCTAssertTrue(j.values("spy_close")![0].isNaN)
        XCTAssertEqual(Array(j.values("spy_close")![1...]), [5, 6])
        XCTAssertEqual(a.join(b, prefix: "x_", how: .inner).time, [2, 3])
        XCTAssertEqual(a.join(b, prefix: "x_", how: .outer).time, [1, 2, 3, 4])
    }
}

final class MemoryPolicyTests: XCTestCase {
    func testRetainFreedMemoryIsAvailableOnLinux() {
        #if os(Linux)
            XCTAssertTrue(MemoryPolicy.retainFreedMemory())
        #endif
    }
}
