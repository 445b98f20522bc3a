import Foundation
import XCTest
@testable import MarketData

final class CSVReaderTests: XCTestCase {
    func sharedFile(_ name: String) throws -> String {
        let p = TestPaths.sharedData.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: p) else { throw XCTSkip("\(p) not present") }
        return p
    }

    func testDailyFileWithAdjClose() throws {
        let path = try sharedFile("AAPL_daily_2004_2018.csv")
        let (bars, report) = try CSVReader.read(path: path)
        XCTAssertEqual(bars.count, 3379)
        XCTAssertFalse(report.adjusted)
        XCTAssertEqual(bars.time[0], TimeParsing.parse("2004-08-19"))
        XCTAssertEqual(bars.open[0], 2.250714)
        XCTAssertEqual(bars.close[1], 2.2)
        XCTAssertEqual(bars.volume[0], 97_230_000)
        XCTAssertTrue(bars.isDaily)
        XCTAssertEqual(bars.interval, 86_400)
        XCTAssertEqual(bars.extraNames, [])
        // Kept as an extra column on request.
        let kept = try CSVReader.read(path: path, options: CSVOptions(keepExtraColumns: true)).bars
        XCTAssertEqual(kept.extraNames, ["Adj Close"])
        XCTAssertEqual(kept.values("adj close")?[0], 1.966391)
    }

    func testAdjustScalesOHLCByAdjCloseOverClose() throws {
        let path = try sharedFile("SPY_daily_2008_2017.csv")
        let raw = try CSVReader.read(path: path).bars
        let (adj, report) = try CSVReader.read(path: path, options: CSVOptions(adjust: true))
        XCTAssertTrue(report.adjusted)
        XCTAssertEqual(adj.close[0], 118.624741)
        let f = 118.624741 / 146.210007
        XCTAssertEqual(adj.open[0], raw.open[0] * f, accuracy: 1e-12)
        XCTAssertEqual(adj.high[0], raw.high[0] * f, accuracy: 1e-12)
        XCTAssertEqual(adj.volume, raw.volume)
    }

    func testIntradayHeaderOrderIsCaseInsensitive() throws {
        let path = try sharedFile("SP500_1min_2019-11.csv")
        let bars = try CSVReader.read(path: path).bars
        XCTAssertEqual(bars.count, 1563)
        // Date,Open,Close,High,Low,Volume: 3080.8,3080.49,3081.47,3080.3
        XCTAssertEqual(bars.open[0], 3080.8)
        XCTAssertEqual(bars.close[0], 3080.49)
        XCTAssertEqual(bars.high[0], 3081.47)
        XCTAssertEqual(bars.low[0], 3080.3)
        XCTAssertEqual(TimeParsing.formatDateTime(bars.time[0]), "2019-11-05T09:30:00")
        XCTAssertEqual(bars.interval, 60)
        XCTAssertFalse(bars.isDaily)
    }

    func testTimeFormats() throws {
        let d = TimeParsing.daysFromCivil(2020, 3, 7) * 86_400
        XCTAssertEqual(TimeParsing.parse("2020-03-07"), d)
        XCTAssertEqual(TimeParsing.parse("2020-03-07 09:30:15"), d + 9 * 3600 + 30 * 60 + 15)
        XCTAssertEqual(TimeParsing.parse("2020-03-07T09:30:15"), d + 9 * 3600 + 30 * 60 + 15)
        XCTAssertEqual(TimeParsing.parse("2020-03-07T09:30:15Z"), d + 9 * 3600 + 30 * 60 + 15)
        XCTAssertEqual(TimeParsing.parse("2020-03-07T09:30:15-05:00"), d + 14 * 3600 + 30 * 60 + 15)
        XCTAssertEqual(TimeParsing.parse("3/7/2020 9:30"), d + 9 * 3600 + 30 * 60)
        XCTAssertEqual(TimeParsing.parse("3/7/2020"), d)
        XCTAssertEqual(TimeParsing.parse(String(d)), d)
        XCTAssertEqual(TimeParsing.parse(String(d * 1000 + 123)), d)
        XCTAssertNil(TimeParsing.parse("2020-13-07"))
        XCTAssertNil(TimeParsing.parse("yesterday"))
        XCTAssertEqual(TimeParsing.formatDate(d), "2020-03-07")
        XCTAssertEqual(TimeParsing.formatDateTime(d + 59), "2020-03-07T00:00:59")
        for days in stride(from: Int64(-800_000), to: 800_000, by: 997) {
            let (y, m, dd) = TimeParsing.civilFromDays(days)
            XCTAssertEqual(TimeParsing.daysFromCivil(y, m, dd), days)
        }
    }

    func testMalformedRowNamesFileLineColumn() {
        let text = "Date,Open,High,Low,Close,Volume\n2020-01-01,1,2,0.5,1.5,100\n2020-01-02,1,2x,0.5,1.5,100\n"
        XCTAssertThrowsError(try CSVReader.parse(text: text, file: "bars.csv")) { e in
            let err = e as! CSVError
            XCTAssertEqual(err.kind, .badField)
            XCTAssertEqual(err.line, 3)
            XCTAssertEqual(err.column, 3)
            XCTAssertEqual(err.description, "bars.csv:3:3: expected a number in column 'High', found '2x'")
        }
        let short = "Date,Open,High,Low,Close,Volume\n\n2020-01-01,1,2,0.5\n"
        XCTAssertThrowsError(try CSVReader.parse(text: short, file: "s.csv")) { e in
            let err = e as! CSVError
            XCTAssertEqual(err.kind, .missingField)
            XCTAssertEqual(err.line, 3)
            XCTAssertTrue(err.description.hasPrefix("s.csv:3:5: expected 6 fields"), err.description)
        }
        let badTime = "Date,Open,High,Low,Close\nnot-a-date,1,2,0.5,1.5\n"
        XCTAssertThrowsError(try CSVReader.parse(text: badTime, file: "t.csv")) { e in
            XCTAssertTrue((e as! CSVError).description.hasPrefix("t.csv:2:1: expected a date/time"))
        }
        XCTAssertThrowsError(try CSVReader.parse(text: "Date,Open,High,Close\n", file: "h.csv")) { e in
            XCTAssertEqual((e as! CSVError).kind, .missingColumn)
            XCTAssertTrue((e as! CSVError).description.contains("missing Low"))
        }
    }

    func testSkipBadRowsReportsCount() throws {
        let text = """
            date,open,high,low,close,volume
            2020-01-01,1,2,0.5,1.5,100
            2020-01-02,oops,2,0.5,1.5,100
            2020-01-03,1,2,0.5,1.5
            2020-01-04,1,2,0.5,1.5,100
            """
        let (bars, report) = try CSVReader.parse(text: text, options: CSVOptions(skipBadRows: true))
        XCTAssertEqual(bars.count, 2)
        XCTAssertEqual(report.skippedRows, 2)
        XCTAssertEqual(report.errors.map(\.line), [3, 4])
    }

    func testUnsortedAndDuplicateTimestamps() throws {
        let text = """
            date,open,high,low,close,volume
            2020-01-02,2,2,2,2,1
            2020-01-01,1,1,1,1,1
            2020-01-03,3,3,3,3,1
            2020-01-03,4,4,4,4,1
            """
        XCTAssertThrowsError(try CSVReader.parse(text: text, file: "u.csv")) { e in
            let err = e as! CSVError
            XCTAssertEqual(err.kind, .unsorted)
            XCTAssertEqual(err.line, 3)
        }
        let sorted = try CSVReader.parse(text: text, options: CSVOptions(order: .sort))
        XCTAssertEqual(sorted.bars.close, [1, 2, 3, 4])
        XCTAssertTrue(sorted.report.sorted)
        let dedup = try CSVReader.parse(text: text, options: CSVOptions(order: .sortAndDeduplicate))
        XCTAssertEqual(dedup.bars.close, [1, 2, 4])
        XCTAssertEqual(dedup.report.duplicatesDropped, 1)
        let dupOnly = "date,open,high,low,close\n2020-01-01,1,1,1,1\n2020-01-01,1,1,1,1\n"
        XCTAssertThrowsError(try CSVReader.parse(text: dupOnly)) { e in
            XCTAssertEqual((e as! CSVError).kind, .duplicate)
        }
    }

    func testQuotedFieldsCRLFAndMissingValues() throws {
        let text = "\u{FEFF}\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Volume\"\r\n"
            + "\"2020-01-01\",1.5,2,1,null,\r\n2020-01-02, 1 ,2,1,1.25,NaN\r\n"
        let bars = try CSVReader.parse(text: text).bars
        XCTAssertEqual(bars.count, 2)
        XCTAssertTrue(bars.close[0].isNaN)
        XCTAssertTrue(bars.volume[0].isNaN)
        XCTAssertEqual(bars.open[1], 1)
        XCTAssertEqual(bars.close[1], 1.25)
    }

    func testNumberParsingIsExact() {
        var rng = SystemRandomNumberGenerator()
        var samples = ["0", "-0.0", "1e10", "1.7976931348623157e308", "5e-324", "0.1", "123456789012345678",
                       "3.14159265358979323846", "-2.5E-3", "+7", ".5", "100.", "0.000001234567890123"]
        for _ in 0..<20_000 {
            let bits = rng.next() & 0x7FEF_FFFF_FFFF_FFFF
            let d = Double(bitPattern: bits)
            samples.append(d.description)
            samples.append(String(format: "%.4f", Double(rng.next() % 10_000_000) / 1000))
            samples.append(String(Double(rng.next() % 1_000_000) / 100))
        }
        for s in samples {
            var s = s
            let got = s.withUTF8 { parseNumber($0.baseAddress!, $0.count) }
            XCTAssertEqual(got?.bitPattern, Double(s)?.bitPattern, s)
        }
        for bad in ["abc", "1.2.3", "0x10", "1e", "--1", "1,5"] {
            var s = bad
            XCTAssertNil(s.withUTF8 { parseNumber($0.baseAddress!, $0.count) }, bad)
        }
    }

    func testWriteReadRoundTrip() throws {
        let bars = SyntheticMarket.generate(.init(bars: 300, seed: 7, interval: 300))
        let path = TestPaths.temp("roundtrip.csv")
        try bars.writeCSV(to: path)
        let back = try CSVReader.read(path: path).bars
        XCTAssertEqual(back, bars)
        let daily = SyntheticMarket.generate(.init(bars: 50, seed: 7))
        XCTAssertTrue(daily.csvString().split(separator: "\n")[1].hasPrefix("2020-01-01,"))
        XCTAssertEqual(try CSVReader.parse(text: daily.csvString()).bars, daily)
    }

    /// 1,000,000 rows must load in ≤ 1 s in release builds (checked only in optimized builds).
    func testMillionRowLoadSpeed() throws {
        let bars = SyntheticMarket.generate(.init(bars: 1_000_000, seed: 3, interval: 60))
        let path = TestPaths.temp("million.csv")
        try bars.writeCSV(to: path, timeStyle: .spaceDateTime)
        let start = Date()
        let back = try CSVReader.read(path: path).bars
        let elapsed = Date().timeIntervalSince(start)
        print("CSV load of 1,000,000 rows: \(String(format: "%.3f", elapsed)) s")
        XCTAssertEqual(back.count, 1_000_000)
        XCTAssertEqual(back.close, bars.close)
        #if !DEBUG
            XCTAssertLessThanOrEqual(elapsed, 1.0)
        #endif
        try? FileManager.default.removeItem(atPath: path)
    }
}
