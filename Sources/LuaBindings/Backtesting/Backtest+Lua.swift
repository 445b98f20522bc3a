import Backtesting
import Foundation
import LuaRuntime
import MarketData

/// `lunar.backtest`: the backtester. `run{…}` for one backtest, `walk_forward{…}` and `sweep{…}` for honest
/// evaluation, and constructors for cost models and sizing rules. Costs are on by default (IBKR fixed + SEC/FINRA
/// fees); `commission = 0.002` alone means a 0.2% commission and no other cost.
enum BacktestBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.backtest",
            summary: "Backtests with honest costs, sizing and metrics; walk-forward and parameter sweeps.",
            functions: [runSpec, WalkForwardBinding.spec, SweepBinding.spec] + CostBinding.constructors + SizingBinding.constructors,
            classes: [AnyLuaClass(ResultBinding.cls), AnyLuaClass(CostBinding.cls), AnyLuaClass(SizingBinding.cls),
                      AnyLuaClass(WalkForwardBinding.cls), AnyLuaClass(SweepBinding.cls)])
    }

    /// Options that configure a backtest (shared by run, walk_forward and sweep).
    static let configOptions = [
        "direction", "cash", "commission", "costs", "size", "fill", "stop_loss", "take_profit", "trailing_stop",
        "max_bars", "same_side_entry", "warmup", "close_at_end", "whole_shares", "max_leverage", "periods_per_year",
        "risk_free_rate",
    ]

    static var runSpec: LuaFunctionSpec { LuaFunctionSpec(
        "run", "run{bars=, entries=, exits=, cash=10000, commission=, costs=, size='all', fill='next_open', …}",
        "Runs one backtest; returns a result with :metrics(), :trades(), :open_trades(), :equity().",
        details: """
            Signals (one kind): entries=/exits= (boolean Series; short_entries=/short_exits= optional),
              target= (Series: sign = side, NaN = keep), or probabilities= with threshold= t
              (long when p > 0.5 + t/2; short when p < 0.5 − t/2 if allow_short=true; neutral='flat'|'hold').
            A decision at bar t fills at bar t+1's open (fill='next_open', the default) or, labelled, at bar t's
              close (fill='close'); a decision never sees bar t+1.
            Costs: with neither commission= nor costs=, IBKR fixed per-share commission + SEC fee + FINRA TAF.
              commission=0.002 alone: 0.2% of value per fill and no other cost. costs= takes a cost model
              (lunar.backtest.costs{…}, ibkr_fixed(), ibkr_tiered(), percent(c)).
            Size: 'all' (all cash, whole shares), a number < 1 (fraction of equity), ≥ 1 (shares), or a rule
              (lunar.backtest.kelly{…}, vol_target{…}).
            Exits: stop_loss=, take_profit=, trailing_stop= (fractions, e.g. 0.05) against intrabar high/low (a bar
              touching both counts the stop first), max_bars= (holding horizon).
            Other: direction='long'|'short'|'both', cash=, warmup=, close_at_end=, whole_shares=, max_leverage=,
              same_side_entry='reopen'|'ignore', periods_per_year=, risk_free_rate=.
            """
    ) { call in
        let o = try call.options(1, function: "run")
        let (bars, barSeries) = try backtestBars(o)
        let signals = try BacktestBinding.signals(o, bars: bars)
        let config = try BacktestBinding.config(o)
        try o.finish()
        let result = try Backtest.run(bars: bars, signals: signals, config: config)
        call.push(ResultObject(result, time: barSeries.time, closes: barSeries.close), as: ResultBinding.cls)
        return 1
    } }

    // MARK: Reading options

    static func backtestBars(_ o: LuaOptions) throws -> (BacktestBars, BarSeries) {
        guard let object = try o.object("bars", of: BarSeriesBinding.cls) else {
            throw LuaArgumentError(index: 1, message: "field 'bars': lunar.BarSeries expected, got nil")
        }
        return (try backtestBars(object.value), object.value)
    }

    static func backtestBars(_ b: BarSeries) throws -> BacktestBars {
        try BacktestBars(time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume,
                         bid: b.values("bid"), ask: b.values("ask"))
    }

    /// A Series option as values, checked against the bars' times.
    static func seriesOption(_ o: LuaOptions, _ key: String, bars: BacktestBars) throws -> [Double]? {
        guard let object = try o.object(key, of: SeriesBinding.cls) else { return nil }
        let s = object.value
        if !s.time.isEmpty { try bars.checkAligned(name: key, times: s.time) }
        return s.values
    }

    static func boolOption(_ o: LuaOptions, _ key: String, bars: BacktestBars) throws -> [Bool]? {
        try seriesOption(o, key, bars: bars).map { $0.map { !$0.isNaN && $0 != 0 } }
    }

    static func signals(_ o: LuaOptions, bars: BacktestBars) throws -> Signals {
        let kinds = ["entries", "target", "probabilities"].filter { o.isPresent($0) }
        guard kinds.count == 1 else {
            throw LuaArgumentError(index: 1, message: kinds.isEmpty
                ? "give the signals: entries= (and exits=), target= or probabilities="
                : "give one kind of signals, not \(kinds.joined(separator: " and "))")
        }
        if let entries = try boolOption(o, "entries", bars: bars) {
            let exits = try boolOption(o, "exits", bars: bars) ?? [Bool](repeating: false, count: entries.count)
            return .entriesExits(entries: entries, exits: exits,
                                 shortEntries: try boolOption(o, "short_entries", bars: bars),
                                 shortExits: try boolOption(o, "short_exits", bars: bars))
        }
        o.accept(["exits", "short_entries", "short_exits"])
        if let target = try seriesOption(o, "target", bars: bars) { return .targetPosition(target) }
        let p = try seriesOption(o, "probabilities", bars: bars)!
        let neutral = try o.string("neutral", default: "flat")
        guard let zone = Signals.NeutralZone(rawValue: neutral) else {
            throw LuaArgumentError(index: 1, message: "field 'neutral': 'flat' or 'hold' expected, got '\(neutral)'")
        }
        return .probabilities(p, threshold: try o.number("threshold", default: 0),
                              allowShort: try o.boolean("allow_short", default: false), neutral: zone)
    }

    static func config(_ o: LuaOptions) throws -> BacktestConfig {
        var c = BacktestConfig()
        c.cash = try o.number("cash", default: c.cash)
        if o.isPresent("commission") && o.isPresent("costs") {
            throw LuaArgumentError(index: 1, message: "give commission= or costs=, not both")
        }
        if o.isPresent("commission") {
            c.costs = .percent(try o.number("commission", default: 0))
        } else if o.type("costs") == .string {
            let name = try o.string("costs", default: "")
            guard let model = CostBinding.named[name] else {
                throw LuaArgumentError(index: 1, message: "field 'costs': one of \(CostBinding.named.keys.sorted().joined(separator: ", ")) or a cost model expected, got '\(name)'")
            }
            c.costs = model
        } else if let model = try o.object("costs", of: CostBinding.cls) {
            c.costs = model.value
        }
        switch o.type("size") {
        case .nil: o.accept(["size"])
        case .string:
            let s = try o.string("size", default: "all")
            guard s == "all" else { throw LuaArgumentError(index: 1, message: "field 'size': 'all', a number or a sizing rule expected, got '\(s)'") }
            c.sizing = .allCash
        case .number:
            let x = try o.number("size", default: 1)
            c.sizing = x < 1 ? .fixedFraction(x) : .fixedShares(x)
        default:
            if let rule = try o.object("size", of: SizingBinding.cls) { c.sizing = rule.value }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ d: T) throws -> T where T.RawValue == String {
            let text = try o.string(key, default: d.rawValue)
            guard let v = T(rawValue: text) else {
                let valid = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw LuaArgumentError(index: 1, message: "field '\(key)': one of \(valid) expected, got '\(text)'")
            }
            return v
        }
        c.fill = try choice("fill", c.fill)
        c.direction = try choice("direction", c.direction)
        c.sameSideEntry = try choice("same_side_entry", c.sameSideEntry)
        c.exits = ExitRules(stopLoss: try o.numberIfPresent("stop_loss"), takeProfit: try o.numberIfPresent("take_profit"),
                            trailingStop: try o.numberIfPresent("trailing_stop"), maxHoldingBars: try o.integer("max_bars"))
        c.warmupBars = try o.integer("warmup")
        c.closeAtEnd = try o.boolean("close_at_end", default: c.closeAtEnd)
        c.wholeShares = try o.boolean("whole_shares", default: c.wholeShares)
        c.maxLeverage = try o.number("max_leverage", default: c.maxLeverage)
        c.periodsPerYear = try o.numberIfPresent("periods_per_year")
        c.riskFreeRate = try o.number("risk_free_rate", default: c.riskFreeRate)
        c.shouldCancel = { Interrupt.isRequested }  // Ctrl-C stops long sweeps and walk-forward runs
        return c
    }

    /// Signals returned by a Lua function for `count` bars: a Series (target, or probabilities when `threshold` is
    /// set) or a table {entries=, exits=, …}; the last `count` values are used.
    static func signals(fromTopOf state: LuaState, count: Int, threshold: Double?, allowShort: Bool,
                        what: String) throws -> Signals {
        func tail(_ v: [Double]) throws -> [Double] {
            guard v.count >= count else {
                throw LuaScriptError("\(what) returned \(v.count) values for \(count) bars")
            }
            return Array(v.suffix(count))
        }
        if let s: Shared<Series> = state.object(at: -1, of: SeriesBinding.cls) {
            let v = try tail(s.value.values)
            if let threshold { return .probabilities(v, threshold: threshold, allowShort: allowShort) }
            return .targetPosition(v)
        }
        guard state.type(at: -1) == .table else {
            throw LuaScriptError("\(what) must return a Series or a table {entries=, exits=}, got \(state.type(at: -1).name)")
        }
        func flags(_ key: String) throws -> [Bool]? {
            state.pushField(at: -1, key)
            defer { state.pop() }
            if state.type(at: -1) == .nil { return nil }
            guard let s: Shared<Series> = state.object(at: -1, of: SeriesBinding.cls) else {
                throw LuaScriptError("\(what): field '\(key)' must be a Series")
            }
            return try tail(s.value.values).map { !$0.isNaN && $0 != 0 }
        }
        guard let entries = try flags("entries") else { throw LuaScriptError("\(what): no 'entries' in the table") }
        return .entriesExits(entries: entries, exits: try flags("exits") ?? [Bool](repeating: false, count: count),
                             shortEntries: try flags("short_entries"), shortExits: try flags("short_exits"))
    }
}

/// A finished backtest with the bars' time index (for Series results).
final class ResultObject {
    let result: BacktestResult
    let time: [Int64]
    /// The bars' closes (for buy-and-hold in charts and reports); empty when unknown.
    let closes: [Double]
    init(_ result: BacktestResult, time: [Int64], closes: [Double] = []) {
        self.result = result
        self.time = time
        self.closes = closes
    }
}

/// `lunar.BacktestResult`.
enum ResultBinding {
    nonisolated(unsafe) static let cls: LuaClass<ResultObject> = {
        var cls = LuaClass<ResultObject>("lunar.BacktestResult", summary: "A finished backtest.")
        cls.methods = [
            LuaMethod("metrics", "metrics()", "Every metric (backtesting.py keys: return_pct, sharpe, …).") { r, call in
                call.push(metricsTable(r.result.metrics))
                return 1
            },
            LuaMethod("trades", "trades()", "Closed trades: {entry_bar, exit_bar (1-based), prices, size, pnl, …}.") {
                r, call in
                call.push(.array(r.result.trades.map(tradeTable)))
                return 1
            },
            LuaMethod("open_trades", "open_trades()", "Positions still open at the end.") { r, call in
                call.push(.array(r.result.openTrades.map(tradeTable)))
                return 1
            },
            LuaMethod("equity", "equity()", "Equity per bar (Series).") { r, call in
                SeriesBinding.push(Series(name: "equity", time: r.time.count == r.result.equity.count ? r.time : r.result.time,
                                          values: r.result.equity), call)
            },
            LuaMethod("drawdown", "drawdown()", "Drawdown per bar as a negative fraction (Series).") { r, call in
                SeriesBinding.push(Series(name: "drawdown", time: r.time.count == r.result.equity.count ? r.time : r.result.time,
                                          values: r.result.drawdown), call)
            },
            LuaMethod("costs", "costs()", "PnL breakdown: gross, commissions, fees, spread, slippage, net.") { r, call in
                call.push(costsTable(r.result.costs))
                return 1
            },
        ]
        cls.methods.append(ReportBinding.backtestReport)
        cls.describe = { $0.result.description }
        return cls
    }()

    static func metricsTable(_ m: BacktestMetrics) -> LuaValue {
        var t: [LuaValue: LuaValue] = [:]
        for (k, v) in m.entries { t[.string(k)] = k == "trades" ? .integer(Int64(v)) : .number(v) }
        return .table(t)
    }

    static func costsTable(_ c: CostBreakdown) -> LuaValue {
        var t: [LuaValue: LuaValue] = [:]
        t[.string("gross")] = .number(c.gross)
        t[.string("commissions")] = .number(c.commissions)
        t[.string("fees")] = .number(c.fees)
        t[.string("spread")] = .number(c.spread)
        t[.string("slippage")] = .number(c.slippage)
        t[.string("net")] = .number(c.net)
        return .table(t)
    }

    static func tradeTable(_ trade: Trade) -> LuaValue {
        var t: [LuaValue: LuaValue] = [:]
        t[.string("side")] = .string(trade.side > 0 ? "long" : "short")
        t[.string("size")] = .number(trade.size)
        t[.string("entry_bar")] = .integer(Int64(trade.entryBar + 1))
        t[.string("exit_bar")] = .integer(Int64(trade.exitBar + 1))
        t[.string("entry_time")] = .integer(trade.entryTime)
        t[.string("exit_time")] = .integer(trade.exitTime)
        t[.string("entry_price")] = .number(trade.entryPrice)
        t[.string("exit_price")] = .number(trade.exitPrice)
        t[.string("pnl")] = .number(trade.pnl)
        t[.string("return_pct")] = .number(trade.returnPct)
        t[.string("commission")] = .number(trade.commission)
        t[.string("costs")] = costsTable(trade.costs)
        t[.string("bars_held")] = .integer(Int64(trade.barsHeld))
        t[.string("exit_reason")] = .string(trade.exitReason.rawValue)
        return .table(t)
    }
}
