import Foundation
import LuaRuntime
import XCTest

final class BacktestBindingTests: XCTestCase {
    func oracle(_ name: String) throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BacktestingTests/Fixtures/\(name)")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// The key oracle through the Lua surface: SMA 10/20 cross on AAPL, commission 0.2%, backtesting.py's
    /// assumptions; same trades and every metric in the fixture made by backtesting.py 0.6.6.
    func testSMACrossFromLuaMatchesBacktestingPy() throws {
        let state = try makeHost()
        let csv = sharedDirectory.appendingPathComponent("data/AAPL_daily_2004_2018.csv").path
        try state.execute("""
            bars = lunar.data.csv('\(csv)')
            local fast, slow = lunar.ta.sma(bars.close, 10), lunar.ta.sma(bars.close, 20)
            result = lunar.backtest.run{bars = bars, entries = fast:cross_above(slow), exits = fast:cross_below(slow),
                                        commission = 0.002, size = "all", warmup = 19}
            m = result:metrics()
            trades = result:trades()
            """)
        let expected = try oracle("aapl_sma_cross_expected.json")
        let wantTrades = expected["trades"] as! [[String: Any]]
        XCTAssertEqual(try state.execute("return #trades"), [.integer(Int64(wantTrades.count))])
        for (i, want) in wantTrades.enumerated() {
            let got = try state.execute("local t = trades[\(i + 1)] return t.entry_bar, t.exit_bar, t.size, t.entry_price, t.pnl")
            XCTAssertEqual(got[0], .integer(Int64(want["entry_bar"] as! Int + 1)), "trade \(i) entry (1-based)")
            XCTAssertEqual(got[1], .integer(Int64(want["exit_bar"] as! Int + 1)), "trade \(i) exit")
            XCTAssertEqual(got[2], .number(Double(want["size"] as! Int)), "trade \(i) size")
            guard case .number(let pnl) = got[4] else { return XCTFail() }
            XCTAssertEqual(pnl, want["pnl"] as! Double, accuracy: 1e-9 * abs(want["pnl"] as! Double), "trade \(i) pnl")
        }
        let metrics = expected["metrics"] as! [String: Any]
        for key in ["return_pct", "equity_final", "win_rate_pct", "max_drawdown_pct", "sharpe", "sortino", "calmar",
                    "exposure_pct", "profit_factor", "avg_trade_pct", "expectancy_pct", "sqn", "commissions",
                    "buy_hold_return_pct"] {
            let want = (metrics[key] as! NSNumber).doubleValue
            guard case .number(let got) = try state.execute("return m.\(key)").first else { return XCTFail(key) }
            XCTAssertEqual(got, want, accuracy: 1e-9 * abs(want), key)
        }
        XCTAssertEqual(try state.execute("return m.trades"), [.integer(Int64((metrics["trades"] as! NSNumber).intValue))])
    }

    func testCostsAreOnByDefaultAndCommissionAloneIsOnlyCommission() throws {
        let state = try makeHost()
        try state.execute("""
            bars = lunar.data.synthetic{bars = 600, seed = 5}
            local f, s = lunar.ta.sma(bars.close, 10), lunar.ta.sma(bars.close, 30)
            entries, exits = f:cross_above(s), f:cross_below(s)
            default = lunar.backtest.run{bars = bars, entries = entries, exits = exits}:costs()
            pct = lunar.backtest.run{bars = bars, entries = entries, exits = exits, commission = 0.001}:costs()
            none = lunar.backtest.run{bars = bars, entries = entries, exits = exits, costs = "zero"}:costs()
            """)
        let r = try state.execute("return default.commissions > 0, default.fees > 0, pct.commissions > 0, pct.fees, pct.spread, pct.slippage, none.commissions")
        XCTAssertEqual(r, [.boolean(true), .boolean(true), .boolean(true), .number(0), .number(0), .number(0), .number(0)])
    }

    func testChangingFutureBarsNeverChangesThePast() throws {
        let state = try makeHost()
        try state.execute("""
            local function equity_of(bars)
              local f, s = lunar.ta.ema(bars.close, 8), lunar.ta.sma(bars.close, 21)
              local r = lunar.backtest.run{bars = bars, entries = f:cross_above(s), exits = f:cross_below(s),
                                           stop_loss = 0.05}
              return r:equity():totable()
            end
            local bars = lunar.data.synthetic{bars = 400, seed = 11}
            a = equity_of(bars)
            -- The same bars up to 300, then a different market.
            local other = lunar.data.synthetic{bars = 400, seed = 99}
            local mask = {}
            for i = 1, 400 do mask[i] = i <= 300 and 1 or 0 end
            local keep = lunar.data.series(mask)
            local mixed = bars
            for _, col in ipairs{"open", "high", "low", "close", "volume"} do
              mixed = mixed:with_column(col, bars[col]:where(keep, other[col]))
            end
            b = equity_of(mixed)
            """)
        // bars 1..300 identical → equity identical up to bar 300 (a fill at bar 301 uses bar 301's open only).
        let same = try state.execute("for i = 1, 300 do if a[i] ~= b[i] then return i end end return 0")
        XCTAssertEqual(same, [.integer(0)])
        XCTAssertEqual(try state.execute("for i = 301, 400 do if a[i] ~= b[i] then return true end end return false"), [.boolean(true)])
    }

    func testBadOptionsAreClearErrors() throws {
        let state = try makeHost()
        try state.execute("bars = lunar.data.synthetic{bars = 100}; e = bars.close:gt(100)")
        XCTAssertTrue(try errorMessage(state, "lunar.backtest.run{bars = bars, entries = e, comission = 0.01}")
            .contains("unknown option 'comission' (did you mean 'commission'?)"))
        XCTAssertTrue(try errorMessage(state, "lunar.backtest.run{bars = bars, entries = e, cash = -5}").contains("cash"))
        XCTAssertTrue(try errorMessage(state, "lunar.backtest.run{bars = bars, entries = lunar.data.series({1, 0})}")
            .contains("entries"))
        XCTAssertTrue(try errorMessage(state, "lunar.backtest.run{bars = bars}").contains("give the signals"))
        XCTAssertTrue(try errorMessage(state, "lunar.backtest.run{bars = bars, entries = e, fill = 'open'}")
            .contains("field 'fill': one of 'next_open', 'close' expected"))
    }

    func testSweepAndWalkForward() throws {
        let state = try makeHost()
        try state.execute("""
            bars = lunar.data.synthetic{bars = 1500, seed = 4}
            sw = lunar.backtest.sweep{bars = bars, grid = {fast = {5, 10}, slow = {20, 30, 40}}, commission = 0.001,
              signal = function(p, b)
                local f, s = lunar.ta.sma(b.close, p.fast), lunar.ta.sma(b.close, p.slow)
                return {entries = f:cross_above(s), exits = f:cross_below(s)}
              end}
            best = sw:best()
            wf = lunar.backtest.walk_forward{bars = bars, train = 500, test = 200, gap = 5, commission = 0.001,
              fit = function(train) return 20 end,
              signal = function(n, b) return lunar.ta.sma(b.close, 5):gt(lunar.ta.sma(b.close, n)) end}
            """)
        XCTAssertEqual(try state.execute("return #sw:results(), type(best.params.fast), sw:pbo() ~= nil"),
                       [.integer(6), .string("number"), .boolean(true)])
        XCTAssertEqual(try state.execute("local d = sw:deflated_sharpe() return d.trials"), [.integer(6)])
        XCTAssertEqual(try state.execute("return #wf:folds(), #wf:equity()"), [.integer(4), .integer(800)])
    }
}
