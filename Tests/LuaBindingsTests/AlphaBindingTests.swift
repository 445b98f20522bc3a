import Foundation
import LuaRuntime
import XCTest

/// `lunar.alpha` and `lunar.fusion` from Lua: the Lua-level suite (stdlib/tests/alpha_test.lua), exact argument
/// errors and help records.
final class AlphaBindingTests: XCTestCase {
    func testLuaLevelAlphaSuitePasses() throws {
        let state = try makeHost()
        let r = try state.execute("return lunar.test('alpha_test')")
        XCTAssertEqual(r.count, 2)
        XCTAssertEqual(r.last, .integer(0), "failures in stdlib/tests/alpha_test.lua (see stderr)")
        guard case .integer(let passed) = r.first else { return XCTFail("\(r)") }
        XCTAssertGreaterThanOrEqual(passed, 12)
    }

    func testArgumentErrorsNameFunctionArgumentAndType() throws {
        let state = try makeHost()
        try state.execute("bars = lunar.data.synthetic{bars = 100}")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.momentum(42)"),
                       "t:1: bad argument #1 to 'momentum' (lunar.BarSeries or lunar.Series expected, got number)")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.breakout(bars, {period = 'x'})"),
                       "t:1: bad argument #2 to 'breakout' (field 'period': integer expected, got string)")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.breakout(bars, {mode = 'up'})"),
                       "t:1: bad argument #2 to 'breakout' (field 'mode': 'position' or 'break' expected, got 'up')")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.imbalance(bars)"),
                       "t:1: bad argument #1 to 'imbalance' (lunar.Series expected, got lunar.BarSeries)")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.agreement({bars.close, 3})"),
                       "t:1: bad argument #1 to 'agreement' (element 2: lunar.Series expected, got number)")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.to_signal(bars.close, {method = 'probit'})"),
                       "t:1: bad argument #2 to 'to_signal' (field 'method': 'linear' or 'logistic' expected, got 'probit')")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.fit_logistic({bars.close}, bars.close:gt(0), {train_end = 500})"),
                       "t:1: bad argument #3 to 'fit_logistic' (training bars 1…500 are not within 1…100)")
        XCTAssertEqual(try errorMessage(state, "lunar.alpha.fit_logistic({bars.close}, bars.close, {train_end = 50})"),
                       "t:1: labels must be 0, 1 or NaN; label 1 is \(try closeOfFirstBar(state))")
        XCTAssertEqual(try errorMessage(state, """
            local m = lunar.alpha.fit_logistic({x = bars.close / 100}, bars.close:diff():gt(0), {train_end = 80})
            m:predict({bars.close})
            """), "t:2: bad argument #1 to 'predict' (the model was fitted on named features (x); pass a table {name = Series})")
    }

    private func closeOfFirstBar(_ state: LuaState) throws -> String {
        guard case .number(let c) = try state.execute("return bars.close[1]").first else { return "?" }
        return "\(c)"
    }

    func testEveryFunctionAndTheModelAreDocumented() throws {
        let state = try makeHost()
        try state.execute("local _ = lunar.alpha")
        let names = ["momentum", "rsi_reversion", "breakout", "volume", "imbalance", "to_probability", "to_signal",
                     "weighted", "gate", "confidence_weighted", "agreement", "fit_logistic"]
        for name in names {
            let record = try XCTUnwrap(state.documentation.records["lunar.alpha.\(name)"], name)
            XCTAssertTrue(record.signature.hasPrefix("\(name)("), name)
            XCTAssertFalse(record.summary.isEmpty, name)
            XCTAssertFalse(record.details.isEmpty, name)
        }
        XCTAssertNotNil(state.documentation.records["lunar.LogisticModel:predict"])
        XCTAssertNotNil(state.documentation.records["lunar.LogisticModel"])
    }
}
