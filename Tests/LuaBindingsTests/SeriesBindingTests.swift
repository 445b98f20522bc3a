import Foundation
import LuaRuntime
import XCTest

final class SeriesBindingTests: XCTestCase {
    func testArithmeticComparisonsAndTransforms() throws {
        let state = try makeHost()
        try state.execute("a = lunar.data.series({1, 2, 3, 4}); b = lunar.data.series({4, 3, 2, 1})")
        XCTAssertEqual(try numbers(state, "return (a + b * 2 - 1):totable()"), [8, 7, 6, 5])
        XCTAssertEqual(try numbers(state, "return (10 / a):totable()"), [10, 5, 10.0 / 3, 2.5])
        XCTAssertEqual(try numbers(state, "return (-a ^ 2):totable()"), [-1, -4, -9, -16])
        XCTAssertEqual(try numbers(state, "return a:gt(2):totable()"), [0, 0, 1, 1])
        XCTAssertEqual(try numbers(state, "return a:ge(b):and_(a:lt(4)):totable()"), [0, 0, 1, 0])
        XCTAssertEqual(try numbers(state, "return a:eq(2):or_(a:eq(4)):not_():totable()"), [1, 0, 1, 0])
        XCTAssertEqual(try numbers(state, "return a:cross_above(b):totable()"), [0, 0, 1, 0])
        let shifted = try numbers(state, "return a:shift():totable()")
        XCTAssertTrue(shifted[0].isNaN)
        XCTAssertEqual(Array(shifted[1...]), [1, 2, 3])
        XCTAssertEqual(try numbers(state, "return a:diff():fillna(0):totable()"), [0, 1, 1, 1])
        XCTAssertEqual(try numbers(state, "return a:cumsum():totable()"), [1, 3, 6, 10])
        XCTAssertEqual(try numbers(state, "return a:rolling(2):sum():fillna(-1):totable()"), [-1, 3, 5, 7])
        XCTAssertEqual(try numbers(state, "return a:where(a:gt(2), 0):totable()"), [0, 0, 3, 4])
        XCTAssertEqual(try state.execute("return #a, a[1], a[-1], a[5]"), [.integer(4), .number(1), .number(4), .nil])
        XCTAssertEqual(try state.execute("local d = a:describe() return d.count, d.mean, d.max"),
                       [.integer(4), .number(2.5), .number(4)])
        XCTAssertEqual(try numbers(state, "return a:slice(2, 3):totable()"), [2, 3])
    }

    func testMisalignedSeriesAreAnError() throws {
        let state = try makeHost()
        try state.execute("a = lunar.data.series({1, 2, 3}); b = lunar.data.series({1, 2})")
        XCTAssertTrue(try errorMessage(state, "return a + b").contains("series are not aligned (lengths 3 and 2"))
        XCTAssertEqual(try errorMessage(state, "return a:gt('x')"),
                       "t:1: bad argument #1 to 'gt' (number or lunar.Series expected, got string)")
    }

    func testBarsColumnsRowsAndSummaries() throws {
        let state = try makeHost()
        try state.execute("bars = lunar.data.synthetic{bars = 300, seed = 3}")
        XCTAssertEqual(try state.execute("return #bars, #bars.close, bars.close.name"),
                       [.integer(300), .integer(300), .string("close")])
        let row = try state.execute("local r = bars[1] return r.date, r.close == bars.close[1]")
        XCTAssertEqual(row, [.string("2020-01-01"), .boolean(true)])
        let text = try state.execute("return tostring(bars)")
        XCTAssertTrue("\(text)".contains("BarSeries: 300 bars, daily"), "\(text)")
        guard case .string(let s) = try state.execute("return tostring(bars.close)").first else { return XCTFail() }
        XCTAssertTrue(s.hasPrefix("Series 'close' (300 values"), s)
        // Same seed → same bars; another seed → other bars.
        XCTAssertEqual(try state.execute("return lunar.data.synthetic{bars=50, seed=9}.close[50] == lunar.data.synthetic{bars=50, seed=9}.close[50]"), [.boolean(true)])
        XCTAssertEqual(try state.execute("return lunar.data.synthetic{bars=50, seed=9}.close[50] == lunar.data.synthetic{bars=50, seed=10}.close[50]"), [.boolean(false)])
        XCTAssertTrue(try errorMessage(state, "lunar.data.synthetic{bras = 5}").contains("unknown option 'bras' (did you mean 'bars'?)"))
    }

    func testCSVErrorsNameFileLineAndColumn() throws {
        let state = try makeHost()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        try "Date,Open,High,Low,Close,Volume\n2020-01-01,1,2,0.5,1.5,100\n2020-01-02,1,x,0.5,1.5,100\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let message = try errorMessage(state, "lunar.data.csv('\(path)')")
        XCTAssertTrue(message.contains("\(path):3:"), message)
        let r = try state.execute("local b, rep = lunar.data.csv('\(path)', {skip_bad = true}) return #b, rep.skipped")
        XCTAssertEqual(r, [.integer(1), .integer(1)])
    }

    func testYahooFromASavedResponse() throws {
        let state = try makeHost()
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MarketDataTests/Fixtures/yahoo_AAPL_5y_1d.json").path
        XCTAssertEqual(try state.execute("local b = lunar.data.yahoo('AAPL', {period='5y', response='\(path)'}) return #b, b[1].date, b[3].close"),
                       [.integer(3), .string("2024-03-07"), .number(172.75)])
        XCTAssertTrue(try errorMessage(state, "lunar.data.yahoo('AAPL', {period='1y', interval='5m'})")
            .contains("bad argument #2 to 'yahoo' (yahoo: Yahoo serves at most 60 days of 5m bars"))
    }

    func testObjectsAreReleased() throws {
        let state = try makeHost()
        try state.execute("for i = 1, 200 do local b = lunar.data.synthetic{bars = 100, seed = i}; local x = b.close + 1 end")
        state.collectGarbage()
        XCTAssertEqual(state.liveReferenceCount, 0)
    }
}
