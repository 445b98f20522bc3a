import Foundation
import LuaBindings
import LuaRuntime
import Trading
import XCTest

/// The strategy runtime through Lua (`lunar.strategy` over `lunar.trade`): the same strategy in the backtester and
/// the stepped simulator, risk rules, the daily loss halt, strategy errors, and the live opt-in.
final class TradingRuntimeTests: XCTestCase {
    var directory: URL!
    var spx: String { sharedDirectory.appendingPathComponent("data/SP500_1min_2019-11.csv").path }
    var smaCross: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/strategies/sma_cross.lua").path
    }

    override func setUpWithError() throws {
        guard FileManager.default.fileExists(atPath: spx) else { throw XCTSkip("../shared/data is missing") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-trade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Writes a lunar.toml with `state_dir` in the test's directory and the given extra sections.
    func config(_ body: String = "") throws -> String {
        let path = directory.appendingPathComponent("lunar.toml").path
        try ("state_dir = \"state\"\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func strategyFile(_ code: String) throws -> String {
        let path = directory.appendingPathComponent("strategy-\(UUID().uuidString.prefix(6)).lua").path
        try code.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ state: LuaState, _ code: String) throws -> [LuaValue] { try state.execute(code, name: "=test") }

    func number(_ v: LuaValue?) -> Double {
        switch v {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        default: return .nan
        }
    }

    // MARK: Parity

    /// The same strategy file and data in the backtester and in the stepped TWS simulator: identical orders (ids,
    /// sides, sizes, times). Prices differ only by the simulator's quoted half-spread (a cent), and commissions by the
    /// SEC and FINRA fees the backtest's IBKR model charges on sells and the simulator does not — the documented
    /// difference between the two fill models.
    func testBacktestAndSimulatorTradeIdentically() throws {
        let state = try makeHost()
        let cfg = try config("[symbols]\nuniverse = [\"SPX\"]\n")
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local data = {SPX = \(lua(spx))}
            local common = {config = \(lua(cfg)), data = data, max_bars = 300, quiet = true}
            local a = strategy.run(\(lua(smaCross)), setmetatable({mode = "backtest", spread_bps = 0}, {__index = common}))
            local b = strategy.run(\(lua(smaCross)), setmetatable({mode = "sim", bar_size = "1 min"}, {__index = common}))
            local rows = {}
            for i = 1, math.max(#a.fills, #b.fills) do
              local x, y = a.fills[i] or {}, b.fills[i] or {}
              rows[i] = {x.id, y.id, x.side, y.side, x.qty, y.qty, x.time, y.time, x.price, y.price,
                         x.commission, y.commission}
            end
            return #a.fills, #b.fills, rows
            """)
        let (na, nb) = (number(r[0]), number(r[1]))
        XCTAssertEqual(na, nb)
        XCTAssertGreaterThanOrEqual(na, 10, "the strategy should trade on 300 one-minute bars")
        guard case .array(let rows) = r[2] else { return XCTFail("no rows") }
        for case .array(let row) in rows {
            XCTAssertEqual(row[0], row[1], "order ids")
            XCTAssertEqual(row[2], row[3], "sides")
            XCTAssertEqual(number(row[4]), number(row[5]), "quantities")
            XCTAssertEqual(number(row[6]), number(row[7]), "fill times")
            XCTAssertEqual(number(row[8]), number(row[9]), accuracy: 0.015, "price: within the simulator's half-spread")
            let fees = number(row[10]) - number(row[11])
            if case .string("sell") = row[2] {
                XCTAssertEqual(fees, 0.0000206 * 100 * number(row[8]) + 0.02, accuracy: 0.03, "SEC + FINRA on sells")
            } else {
                XCTAssertEqual(fees, 0, accuracy: 1e-9, "buys pay the same $1 minimum")
            }
        }
    }

    // MARK: Research honesty

    /// An order decided on bar t fills at bar t+1's open (zero costs), never on the bar that produced it; and
    /// changing bars after t changes nothing decided up to t.
    func testFillsFollowTheSignalAndFutureBarsDoNotChangeThePast() throws {
        let state = try makeHost()
        let cfg = try config("[symbols]\nuniverse = [\"SPX\"]\n")
        // A copy of the data whose bars after row 150 are scrambled.
        let text = try String(contentsOfFile: spx, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        for i in 152..<min(lines.count, 400) {
            var f = lines[i].split(separator: ",").map(String.init)
            for k in 1...4 { f[k] = String((Double(f[k]) ?? 0) * (i % 2 == 0 ? 1.01 : 0.99)) }
            lines[i] = f.joined(separator: ",")
        }
        let changed = directory.appendingPathComponent("SPX_changed.csv").path
        try lines.joined(separator: "\n").write(toFile: changed, atomically: true, encoding: .utf8)
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local function go(file)
              local bars = {}
              local s = strategy.run({
                name = "every5",
                on_bar = function(ctx, bar)
                  bars[#bars + 1] = bar
                  if #bars % 5 == 0 then ctx:target_position("SPX", (#bars // 5) % 2 == 1 and 10 or 0) end
                end,
              }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = file}, max_bars = 300, costs = "zero",
                  spread_bps = 0, quiet = true})
              return s, bars
            end
            local a, bars = go(\(lua(spx)))
            local b = go(\(lua(changed)))
            -- every fill is at the open of the bar after the one that decided it
            local bad = 0
            for i, f in ipairs(a.fills) do
              local decided = i * 5
              if f.time ~= bars[decided + 1].time or f.price ~= bars[decided + 1].open then bad = bad + 1 end
            end
            local same = 0
            for i, f in ipairs(a.fills) do
              local g = b.fills[i]
              if f.time < bars[150].time and g and g.id == f.id and g.price == f.price and g.qty == f.qty then
                same = same + 1
              end
            end
            local before = 0
            for _, f in ipairs(a.fills) do if f.time < bars[150].time then before = before + 1 end end
            return #a.fills, bad, same, before
            """)
        XCTAssertEqual(number(r[0]), 59, "300 bars / 5 → 59 decisions that have a next bar")
        XCTAssertEqual(number(r[1]), 0, "fills not at the next bar's open")
        XCTAssertEqual(number(r[2]), number(r[3]), "fills before the change must not move")
        XCTAssertGreaterThan(number(r[3]), 20)
    }

    // MARK: Risk

    func testRiskRejectionNamesRuleAndNumbers() throws {
        let state = try makeHost()
        let cfg = try config("[risk]\nmax_order_qty = 50\n")
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local got = {}
            local s = strategy.run({
              on_bar = function(ctx, bar)
                local id, reason, rule = ctx:buy("SPX", 100)
                got = {id = id, reason = reason, rule = rule}
                ctx:stop()
              end,
            }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = \(lua(spx))}, max_bars = 5, quiet = true})
            return got.id, got.reason, got.rule, #s.rejections, #s.fills
            """)
        XCTAssertEqual(r[0], .nil)
        guard case .string(let reason) = r[1] else { return XCTFail("no reason") }
        XCTAssertTrue(reason.contains("100") && reason.contains("50"), reason)
        XCTAssertEqual(r[2], .string("max_order_qty"))
        XCTAssertEqual(number(r[3]), 1)
        XCTAssertEqual(number(r[4]), 0)
    }

    /// A loss beyond daily_loss_limit halts: open orders cancelled, the position flattened, further orders refused
    /// for the rest of the day, and the next trading day runs again. The halt is journaled.
    func testDailyLossLimitHaltsFlattensAndRefusesOrdersForTheDay() throws {
        let state = try makeHost()
        let cfg = try config("[risk]\ndaily_loss_limit = 300\nflatten_on_halt = true\n")
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local halts, refused_after, accepted_next_day, day0 = 0, 0, 0, nil
            local s = strategy.run({
              on_bar = function(ctx, bar)
                local day = os.date("!%Y-%m-%d", math.floor(bar.time - 5 * 3600))
                day0 = day0 or day
                if ctx:position("SPX") == 0 and #ctx:open_orders() == 0 then
                  local id, _, rule = ctx:buy("SPX", 100)
                  if not id and rule == "halted" then refused_after = refused_after + 1 end
                  if id and day ~= day0 then accepted_next_day = accepted_next_day + 1; ctx:stop() end
                end
              end,
              on_halt = function(ctx, ev) halts = halts + 1 end,
            }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = \(lua(spx))}, max_bars = 800, costs = "zero",
                spread_bps = 0, quiet = true, journal = true})
            local flatten = 0
            for _, f in ipairs(s.fills) do if f.id:match("^flatten%-") then flatten = flatten + 1 end end
            return halts, refused_after, accepted_next_day, flatten, #s.halts, s.halts[1]
            """)
        XCTAssertEqual(number(r[0]), 1, "one halt")
        XCTAssertGreaterThan(number(r[1]), 0, "orders refused after the halt")
        XCTAssertEqual(number(r[2]), 1, "trading resumes the next day")
        XCTAssertEqual(number(r[3]), 1, "the position was flattened")
        guard case .string(let text) = r[5] else { return XCTFail("no halt text") }
        XCTAssertTrue(text.contains("daily_loss_limit") && text.contains("-300"), text)
        let journal = directory.appendingPathComponent("state/journal-backtest.sqlite")
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal.path))
    }

    /// A strategy error halts safely: traceback reported, open orders cancelled, no more orders, exit status 1.
    func testStrategyErrorCancelsOpenOrdersAndStops() throws {
        let state = try makeHost()
        let cfg = try config()
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local n, statuses = 0, {}
            local s = strategy.run({
              on_bar = function(ctx, bar)
                n = n + 1
                if n == 1 then ctx:buy("SPX", 10, {limit = bar.close * 0.5}) end
                if n == 3 then local t = nil; return t.boom end
              end,
              on_order = function(ctx, ev) statuses[#statuses + 1] = ev.status end,
            }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = \(lua(spx))}, max_bars = 50, quiet = true})
            return s.exit_status, s.error, n, #s.fills, #s.halts, s.open_orders, statuses[#statuses]
            """)
        XCTAssertEqual(number(r[0]), 1)
        guard case .string(let error) = r[1] else { return XCTFail("no error") }
        XCTAssertTrue(error.contains("on_bar") && error.contains("attempt to index") && error.contains("stack traceback"), error)
        XCTAssertEqual(number(r[2]), 3, "no callback after the error")
        XCTAssertEqual(number(r[3]), 0)
        XCTAssertEqual(number(r[4]), 1, "the error is a halt")
        XCTAssertEqual(number(r[5]), 0, "the working limit order was cancelled")
    }

    func testLiveModeAndLivePortsAreRefusedWithoutOptIn() throws {
        let state = try makeHost()
        let plain = try config()
        let live = try errorMessage(state, "require('lunar.trade').session{mode='live', config=\(lua(plain))}")
        XCTAssertTrue(live.contains("live.enabled"), live)
        let port = try config("[connection]\nport = 7496\n")
        let paper = try errorMessage(state, "require('lunar.trade').session{mode='paper', config=\(lua(port))}")
        XCTAssertTrue(paper.contains("7496") && paper.contains("live"), paper)
    }

    func testSessionLimitsAreReadOnlyCopies() throws {
        let state = try makeHost()
        let cfg = try config("[risk]\nmax_order_qty = 50\n")
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local got
            strategy.run({
              on_bar = function(ctx, bar)
                ctx:limits().max_order_qty = 1e9
                ctx.session:config().risk.max_order_qty = 1e9
                local id, _, rule = ctx:buy("SPX", 100)
                got = rule
                ctx:stop()
              end,
            }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = \(lua(spx))}, max_bars = 5, quiet = true})
            return got
            """)
        XCTAssertEqual(r.first, .string("max_order_qty"))
    }

    /// A broker rejection reaches the strategy with the TWS code and reason and is journaled with them.
    func testBrokerRejectionIsReportedAndJournaledWithTheTWSCode() throws {
        let state = try makeHost()
        let cfg = try config()
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local got = {}
            local s = strategy.run({
              on_bar = function(ctx, bar)
                if not ctx.state.sent then ctx.state.sent = true; ctx:buy("NOSUCHSYM", 10) end
              end,
              on_order = function(ctx, ev) if ev.type == "rejected" then got = ev end end,
            }, {mode = "sim", config = \(lua(cfg)), data = "synthetic", symbols = {"AAPL"}, bar_size = "1 min",
                max_bars = 4, quiet = true})
            return got.code, got.reason, got.rule, s.broker_rejections
            """)
        XCTAssertEqual(number(r[0]), 200)
        guard case .string(let reason) = r[1] else { return XCTFail("no reason") }
        XCTAssertTrue(reason.contains("No security definition"), reason)
        XCTAssertEqual(r[2], .string("broker"))
        XCTAssertEqual(number(r[3]), 1)
        let journal = try Journal(url: directory.appendingPathComponent("state/journal-sim.sqlite"))
        defer { journal.close() }
        let order = try journal.orders().first { $0.intent.symbol == "NOSUCHSYM" }
        XCTAssertEqual(order?.status, .rejected)
        let text = try journal.daySummary(day: order.map { tradingDay(of: $0.intent.time, in: TimeZone(identifier: "America/New_York")!) })
        XCTAssertTrue(text.contains("200"), text)
    }

    /// A bracket: the entry fills, then a take-profit limit and a stop-loss stop work; when one fills the other is
    /// cancelled, leaving the position flat and no order working.
    func testBracketExitsOnceAndCancelsTheOtherLeg() throws {
        let state = try makeHost()
        let cfg = try config()
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local fills, cancelled = {}, 0
            local s = strategy.run({
              on_bar = function(ctx, bar)
                if not ctx.state.sent then
                  ctx.state.sent = true
                  ctx:bracket("SPX", "buy", 10, {take_profit = bar.close + 1.0, stop_loss = bar.close - 1.0})
                end
                if ctx.state.sent and ctx:position("SPX") == 0 and #fills >= 2 and #ctx:open_orders() == 0 then
                  ctx:stop()
                end
              end,
              on_fill = function(ctx, f) fills[#fills + 1] = f end,
              on_order = function(ctx, ev) if ev.status == "cancelled" then cancelled = cancelled + 1 end end,
            }, {mode = "backtest", config = \(lua(cfg)), data = {SPX = \(lua(spx))}, max_bars = 400, costs = "zero",
                spread_bps = 0, quiet = true})
            local entry, exit = fills[1], fills[2]
            return #fills, entry.side, exit.side, exit.price - entry.price, cancelled, s.open_orders, s.positions.SPX
            """)
        XCTAssertEqual(number(r[0]), 2, "entry and one exit")
        XCTAssertEqual(r[1], .string("buy"))
        XCTAssertEqual(r[2], .string("sell"))
        let move = number(r[3])
        XCTAssertTrue(abs(abs(move) - 1.0) < 0.75, "exit about one point from the entry: \(move)")
        XCTAssertEqual(number(r[4]), 1, "the other leg was cancelled")
        XCTAssertEqual(number(r[5]), 0)
        XCTAssertEqual(r[6], .nil, "flat")
    }

    /// Sim, paper and live sessions take their starting cash from the broker (TWS `TotalCashValue`).
    func testSessionCashComesFromTheBroker() throws {
        let state = try makeHost()
        let cfg = try config()
        let r = try run(state, """
            local strategy = require("lunar.strategy")
            local seen
            local s = strategy.run({ on_bar = function(ctx) seen = seen or ctx:cash() end },
              {mode = "sim", config = \(lua(cfg)), data = "synthetic", symbols = {"AAPL"}, bar_size = "1 min",
               max_bars = 3, cash = 250000, quiet = true})
            return seen, s.equity
            """)
        XCTAssertEqual(number(r[0]), 250_000)
        XCTAssertEqual(number(r[1]), 250_000)
    }

    func lua(_ s: String) -> String { "[==[\(s)]==]" }
}
