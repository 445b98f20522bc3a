import Foundation
import Indicators
import LuaRuntime
import XCTest

final class TABindingTests: XCTestCase {
    func loadFixtureBars(_ state: LuaState) throws {
        let path = sharedDirectory.appendingPathComponent("fixtures/indicators/synthetic500_inputs.csv").path
        try state.execute("bars = lunar.data.csv('\(path)')")
    }

    /// The Lua surface returns TA-Lib's numbers: fixture columns computed by TA-Lib, called as a user would.
    func testIndicatorsFromLuaMatchTALibFixtures() throws {
        let state = try makeHost()
        try loadFixtureBars(state)
        let expected = try readFixture("synthetic500_indicators.csv")
        let calls: [(String, String)] = [
            ("sma_20", "lunar.ta.sma(bars.close, 20)"), ("ema_10", "lunar.ta.ema(bars.close, 10)"),
            ("wma_10", "lunar.ta.wma(bars.close, 10)"), ("rsi_14", "lunar.ta.rsi(bars.close, 14)"),
            ("atr_14", "lunar.ta.atr(bars, 14)"), ("natr_14", "lunar.ta.natr(bars)"), ("trange", "lunar.ta.trange(bars)"),
            ("macd", "lunar.ta.macd(bars.close)"), ("macd_signal", "select(2, lunar.ta.macd(bars.close, 12, 26, 9))"),
            ("macd_hist", "select(3, lunar.ta.macd(bars.close))"),
            ("bb_upper", "lunar.ta.bbands(bars.close, 20, 2, 2)"), ("bb_lower", "select(3, lunar.ta.bbands(bars.close, 20))"),
            ("stddev_20", "lunar.ta.stddev(bars.close, 20)"),
            ("stoch_slowk", "lunar.ta.stoch(bars, 14, 3, 0, 3, 0)"), ("stoch_slowd", "select(2, lunar.ta.stoch(bars, 14))"),
            ("adx_14", "lunar.ta.adx(bars)"), ("cci_14", "lunar.ta.cci(bars)"), ("willr_14", "lunar.ta.willr(bars)"),
            ("mfi_14", "lunar.ta.mfi(bars)"), ("obv", "lunar.ta.obv(bars)"), ("roc_10", "lunar.ta.roc(bars.close, 10)"),
            ("mom_10", "lunar.ta.mom(bars)"),
        ]
        for (column, code) in calls {
            let got = try numbers(state, "return (\(code)):totable()")
            assertClose(got, expected[column]!, column)
        }
    }

    func testEveryCatalogIndicatorIsBoundAndDocumented() throws {
        let state = try makeHost()
        try loadFixtureBars(state)
        for spec in IndicatorSpec.all {
            let name = spec.name.lowercased()
            let first = spec.inputs == [.real] ? "bars.close" : "bars"
            let r = try state.execute("return select('#', lunar.ta.\(name)(\(first)))")
            XCTAssertEqual(r, [.integer(Int64(spec.outputs.count))], name)
            let doc = state.documentation.records["lunar.ta.\(name)"]
            XCTAssertNotNil(doc, name)
            XCTAssertTrue(doc?.details.contains("Lookback") ?? false, name)
        }
        XCTAssertTrue(try state.execute("return lunar.core.doc(lunar.ta.rsi)").first.map { "\($0)" }?.contains("rsi(series, timeperiod=14)") ?? false)
    }

    func testArgumentErrorsNameFunctionArgumentAndType() throws {
        let state = try makeHost()
        try loadFixtureBars(state)
        XCTAssertEqual(try errorMessage(state, "lunar.ta.sma(bars.close, 'ten')"),
                       "t:1: bad argument #2 to 'sma' (number (timeperiod) expected, got string)")
        XCTAssertEqual(try errorMessage(state, "lunar.ta.rsi(nil)"),
                       "t:1: bad argument #1 to 'rsi' (lunar.Series expected, got nil)")
        XCTAssertEqual(try errorMessage(state, "lunar.ta.atr(bars.close)"),
                       "t:1: bad argument #1 to 'atr' (lunar.BarSeries expected, got lunar.Series)")
        XCTAssertTrue(try errorMessage(state, "lunar.ta.rsi(bars.close, 0)").hasPrefix("t:1: bad argument #2 to 'rsi' (RSI: parameter timeperiod = 0 is out of range"))
        XCTAssertTrue(try errorMessage(state, "lunar.ta.sma(bars.close, 2.5)").contains("must be an integer"))
    }

    func testSeed19FrameAndCSV() throws {
        let state = try makeHost()
        try loadFixtureBars(state)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-feat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("f.csv").path
        try state.execute("f = lunar.ta.features(bars, 'seed19'); f:write_csv('\(out)')")
        let names = try state.execute("return f:names()")
        guard case .array(let list) = names.first else { return XCTFail() }
        XCTAssertEqual(list.count, 19)
        XCTAssertEqual(list.first, .string("returns"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("time,returns,log_returns,"), String(lines[0]))
        XCTAssertTrue(lines[1].hasPrefix("2020-01-01,,"), "daily time as YYYY-MM-DD and NaN as empty: \(lines[1])")
        let expected = try readFixture("synthetic500_features.csv")
        for name in ["rsi_14", "bb_position", "volatility_20", "volume_ratio"] {
            assertClose(try numbers(state, "return f.\(name):totable()"), expected[name]!, name)
        }
    }

    func testFeatureSetsWrittenInLua() throws {
        let state = try makeHost()
        try loadFixtureBars(state)
        try state.execute("""
            lunar.ta.register_features("spread", function(b)
              return { hl = (b.high - b.low) / b.close, ret = b.close:pct_change(), order = {"ret", "hl"} }
            end)
            g = lunar.ta.features(bars, "spread")
            """)
        XCTAssertEqual(try state.execute("return g:names()"), [.array([.string("ret"), .string("hl")])])
        let hl = try numbers(state, "return g.hl:totable()")
        let h = try numbers(state, "return bars.high:totable()"), l = try numbers(state, "return bars.low:totable()")
        let c = try numbers(state, "return bars.close:totable()")
        assertClose(hl, (0..<c.count).map { (h[$0] - l[$0]) / c[$0] }, "hl")
        XCTAssertTrue(try errorMessage(state, "lunar.ta.features(bars, 'nope')").contains("unknown feature set 'nope'"))
    }
}
