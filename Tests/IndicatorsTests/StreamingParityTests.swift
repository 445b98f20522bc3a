import MarketData
import XCTest
@testable import Indicators

/// Streaming updaters must reproduce the batch functions bit for bit.
final class StreamingParityTests: XCTestCase {
    func inputs() throws -> [BarSeries] {
        var sets = [SyntheticMarket.generate(.init(bars: 3000, seed: 21, interval: 60))]
        for name in ["edge160", "walk200", "tiny150"] {
            sets.append(try CSVReader.read(path: Fixture.local.appendingPathComponent("\(name)_inputs.csv").path).bars)
        }
        return sets
    }

    func same(_ a: [Double], _ b: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, label, file: file, line: line)
        for i in 0..<min(a.count, b.count) where !(a[i].isNaN && b[i].isNaN) && a[i].bitPattern != b[i].bitPattern {
            XCTFail("\(label): index \(i): stream \(a[i]) vs batch \(b[i])", file: file, line: line)
            return
        }
    }

    func testStreamsMatchBatch() throws {
        for b in try inputs() {
            let c = b.close
            for p in [1, 2, 5, 14, 30] {
                var sma = try SMAStream(timePeriod: p)
                same(c.map { sma.update($0) }, try TA.sma(c, timePeriod: p), "SMA \(p)")
                var ema = try EMAStream(timePeriod: p)
                same(c.map { ema.update($0) }, try TA.ema(c, timePeriod: p), "EMA \(p)")
                var atr = try ATRStream(timePeriod: p)
                same((0..<b.count).map { atr.update(high: b.high[$0], low: b.low[$0], close: c[$0]) },
                     try TA.atr(high: b.high, low: b.low, close: c, timePeriod: p), "ATR \(p)")
                if p >= 2 {
                    var rsi = try RSIStream(timePeriod: p)
                    same(c.map { rsi.update($0) }, try TA.rsi(c, timePeriod: p), "RSI \(p)")
                    for (up, dn) in [(2.0, 2.0), (1.5, 2.5)] {
                        var bb = try BBANDSStream(timePeriod: p, nbDevUp: up, nbDevDn: dn)
                        let s = c.map { bb.update($0) }
                        let ref = try TA.bbands(c, timePeriod: p, nbDevUp: up, nbDevDn: dn)
                        same(s.map(\.upper), ref[0], "BBANDS upper \(p)")
                        same(s.map(\.middle), ref[1], "BBANDS middle \(p)")
                        same(s.map(\.lower), ref[2], "BBANDS lower \(p)")
                    }
                }
            }
            for (f, s, g) in [(12, 26, 9), (5, 13, 4), (26, 12, 1), (3, 3, 3)] {
                var m = try MACDStream(fastPeriod: f, slowPeriod: s, signalPeriod: g)
                let out = c.map { m.update($0) }
                let ref = try TA.macd(c, fastPeriod: f, slowPeriod: s, signalPeriod: g)
                same(out.map(\.macd), ref[0], "MACD \(f),\(s),\(g)")
                same(out.map(\.signal), ref[1], "MACD signal")
                same(out.map(\.hist), ref[2], "MACD hist")
            }
        }
    }
}
