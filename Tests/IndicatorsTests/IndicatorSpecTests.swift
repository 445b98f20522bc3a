import MarketData
import XCTest
@testable import Indicators

final class IndicatorSpecTests: XCTestCase {
    let required = ["SMA", "EMA", "WMA", "DEMA", "TEMA", "KAMA", "RSI", "MACD", "BBANDS", "ATR", "NATR", "TRANGE",
                    "STDDEV", "VAR", "STOCH", "STOCHRSI", "ADX", "PLUS_DI", "MINUS_DI", "CCI", "WILLR", "MFI", "OBV",
                    "ROC", "MOM", "AROON", "SAR"]

    func testCatalogCoversTheRequiredIndicators() {
        for name in required {
            XCTAssertNotNil(IndicatorSpec.named(name), name)
            XCTAssertNotNil(IndicatorSpec.named(name.lowercased()), name)
        }
        XCTAssertEqual(Set(IndicatorSpec.all.map(\.name)).count, IndicatorSpec.all.count)
        for spec in IndicatorSpec.all {
            XCTAssertFalse(spec.summary.isEmpty)
            XCTAssertFalse(spec.outputs.isEmpty)
            XCTAssertFalse(spec.inputs.isEmpty)
        }
    }

    func testDefaultsOrderAndLookbacks() throws {
        let macd = try XCTUnwrap(IndicatorSpec.named("macd"))
        XCTAssertEqual(macd.parameters.map(\.name), ["fastperiod", "slowperiod", "signalperiod"])
        XCTAssertEqual(try macd.resolve([]), [12, 26, 9])
        XCTAssertEqual(macd.lookback(try macd.resolve([])), 33)
        XCTAssertEqual(macd.outputs, ["macd", "macdsignal", "macdhist"])
        let stoch = try XCTUnwrap(IndicatorSpec.named("STOCH"))
        XCTAssertEqual(try stoch.resolve([14]), [14, 3, 0, 3, 0])
        XCTAssertEqual(stoch.lookback(try stoch.resolve([14])), 17)
        XCTAssertEqual(stoch.inputs, [.high, .low, .close])
        let aroon = try XCTUnwrap(IndicatorSpec.named("aroon"))
        XCTAssertEqual(aroon.outputs, ["aroondown", "aroonup"])
        XCTAssertEqual(IndicatorSpec.named("ADX").map { $0.lookback(try! $0.resolve([])) }, 27)
        XCTAssertEqual(IndicatorSpec.named("OBV")?.inputs, [.close, .volume])
    }

    func testArgumentErrorsAreClear() throws {
        let rsi = try XCTUnwrap(IndicatorSpec.named("RSI"))
        XCTAssertThrowsError(try rsi.run([[1, 2, 3]], [1])) { e in
            XCTAssertEqual("\(e)", "RSI: parameter timeperiod = 1 is out of range; expected 2...100000")
        }
        XCTAssertThrowsError(try rsi.run([[1, 2, 3]], [2.5])) { e in
            XCTAssertEqual(
                e as? IndicatorError, .parameterNotInteger(indicator: "RSI", parameter: "timeperiod", value: 2.5))
        }
        XCTAssertThrowsError(try rsi.run([[1, 2], [1, 2]])) { e in
            XCTAssertEqual("\(e)", "RSI: expected 1 input columns, got 2")
        }
        let atr = try XCTUnwrap(IndicatorSpec.named("ATR"))
        XCTAssertThrowsError(try atr.run([[1, 2], [1], [1, 2]])) { e in
            XCTAssertEqual("\(e)", "ATR: input columns must have the same length, got 2, 1, 2")
        }
        XCTAssertThrowsError(try TA.bbands([1, 2, 3], timePeriod: 2, maType: 7)) { e in
            XCTAssertTrue("\(e)".contains("matype 7 is not supported"))
        }
        XCTAssertThrowsError(try rsi.run([[1]], [14, 3]))
    }

    /// NaN, infinite and zero prices propagate NaN (or TA-Lib's 0 guards) and never crash.
    func testBadValuesNeverCrash() throws {
        var b = SyntheticMarket.generate(.init(bars: 300, seed: 3))
        var c = b.close
        c[100] = .nan
        c[150] = .infinity
        c[200] = 0
        c[201] = 0
        try b.setColumn("close", c)
        var lowCol = b.low
        lowCol[120] = .nan
        try b.setColumn("low", lowCol)
        for spec in IndicatorSpec.all {
            let cols = spec.inputs.map { b.values($0 == .real ? "close" : $0.rawValue)! }
            let out = try spec.run(cols)
            XCTAssertEqual(out.count, spec.outputs.count)
            XCTAssertTrue(out.allSatisfy { $0.count == 300 })
        }
        // Empty and short inputs.
        for spec in IndicatorSpec.all {
            for n in [0, 1, 3] {
                let cols = spec.inputs.map { _ in [Double](repeating: 1, count: n) }
                let out = try spec.run(cols)
                XCTAssertTrue(out.allSatisfy { $0.count == n && $0.allSatisfy(\.isNaN) || n > 0 }, spec.name)
            }
        }
        _ = Seed19.compute(b)
        // Leading NaNs are skipped like the TA-Lib Python wrapper: SMA(3) of [nan, nan, 1, 2, 3, 4].
        let s = try TA.sma([.nan, .nan, 1, 2, 3, 4], timePeriod: 3)
        XCTAssertTrue(s[0].isNaN && s[3].isNaN)
        XCTAssertEqual(Array(s[4...]), [2, 3])
    }
}
