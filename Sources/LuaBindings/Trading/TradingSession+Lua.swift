import Backtesting
import Foundation
import IBKR
import LuaRuntime
import MarketData
import Trading

/// `lunar.trade`: a trading session (risk manager, journal, venue) for the strategy runner in
/// `stdlib/lunar/strategy.lua`. Events reach Lua only when the runner asks for them (`session:next()`); Swift never
/// calls into the strategy, so the strategy's callbacks all run on the Lua thread.
enum TradeBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.trade",
            summary: "Trading sessions: one strategy in backtest, simulator, paper or live, with risk limits and a journal.",
            functions: [sessionSpec, loadConfigSpec],
            classes: [AnyLuaClass(SessionBinding.cls)])
    }

    /// The config at `path`, else `LUNAR_CONFIG`, else `./lunar.toml` when it exists, else the defaults.
    static func loadConfig(_ path: String?) throws -> LunarConfig {
        if let path { return try LunarConfig.load(path: path) }
        if let env = ProcessInfo.processInfo.environment["LUNAR_CONFIG"] { return try LunarConfig.load(path: env) }
        if FileManager.default.fileExists(atPath: LunarConfig.defaultFileName) {
            return try LunarConfig.load(path: LunarConfig.defaultFileName)
        }
        return LunarConfig.defaults()
    }

    static var loadConfigSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "config", "config([path])",
            "Reads and validates lunar.toml (path, LUNAR_CONFIG, ./lunar.toml or defaults); returns a copy: lunar.models.config()'s keys plus risk.",
            details: "Every problem is reported at once, each naming its key and the expected value."
        ) { call in
            let path = call.isNoneOrNil(1) ? nil : try call.string(1)
            let config = try loadConfig(path)
            call.push(.table(SessionBinding.configTable(config, file: path ?? "")))
            return 1
        }
    }

    static var sessionSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "session",
            "session{mode='backtest', config=path, data=path|{SYM=path}|'synthetic', symbols={...}, bar_size='1 min', cash=100000, max_bars=n, strategy='name'}",
            "Creates a trading session: limits from lunar.toml, a journal, and the venue of the mode.",
            details: """
                mode: backtest (bars from data, fills by the bar model of docs/trading-runtime.md), sim (an in-process
                TWS simulator stepped bar by bar over the same data), paper or live (TWS / IB Gateway / lunar sim at
                [connection] host:port; live needs [live] enabled = true). Options: window (bars kept, 1000), warmup
                (history bars for sim/paper/live), spread_bps (backtest half-spread, 1), costs ('ibkr_fixed' or
                'zero'), journal (true for sim/paper/live), flatten_on_error (false), quiet (false).
                """
        ) { call in
            let o = try call.options(1, function: "session")
            let modeName = try o.string("mode", default: "backtest")
            guard let mode = TradingMode(rawValue: modeName) else {
                throw LuaArgumentError(index: 1, message: "mode must be backtest, sim, paper or live (got '\(modeName)')")
            }
            let config = try loadConfig(try o.stringIfPresent("config"))
            var options = TradingSession.Options()
            options.strategyName = try o.string("strategy", default: "strategy")
            options.startingCash = try o.number("cash", default: 100_000)
            options.windowBars = max(1, try o.integer("window", default: 1_000))
            options.warmupBars = max(0, try o.integer("warmup", default: 0))
            options.flattenOnError = try o.boolean("flatten_on_error", default: false)
            if try o.boolean("quiet", default: false) { options.log = { _ in } }
            let maxBars = try o.integer("max_bars")
            let spreadBps = try o.number("spread_bps", default: 1)
            let costsName = try o.string("costs", default: "ibkr_fixed")
            let seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: 42))
            let wantJournal = try o.boolean("journal", default: mode != .backtest)
            let depthRows = try o.integer("book_rows", default: 0)
            var dataFiles: [String: String] = [:]
            var synthetic = false
            switch o.value("data") {
            case .string(let s) where s == "synthetic": synthetic = true
            case .string(let path): dataFiles[symbolOf(file: path)] = path
            case .table(let t):
                for (k, v) in t {
                    guard case .string(let sym) = k, case .string(let path) = v else { continue }
                    dataFiles[sym.uppercased()] = path
                }
            case .nil: break
            default: throw LuaArgumentError(index: 1, message: "data must be a CSV path, {SYM=path} or 'synthetic'")
            }
            var symbols: [String] = []
            if case .array(let list) = o.value("symbols") {
                symbols = list.compactMap { if case .string(let s) = $0 { return s.uppercased() } else { return nil } }
            }
            if symbols.isEmpty { symbols = dataFiles.keys.sorted() }
            if symbols.isEmpty { symbols = config.symbols.universe }
            if symbols.isEmpty { symbols = ["SYN"] }
            if dataFiles.isEmpty && !synthetic && (mode == .backtest || mode == .sim) {
                for s in symbols {
                    let path = config.data.directory.appendingPathComponent("\(s).csv").path
                    if FileManager.default.fileExists(atPath: path) { dataFiles[s] = path } else { synthetic = true }
                }
            }
            let barSizeText = try o.string("bar_size", default: mode == .backtest ? "" : config.data.barSize)
            try o.finish()

            let tz = config.timeZone
            let session: TradingSession
            switch mode {
            case .backtest:
                var bars: [String: [MarketBar]] = [:]
                for s in symbols {
                    if let path = dataFiles[s] {
                        bars[s] = marketBars(try CSVReader.read(path: path).bars, symbol: s, timeZone: tz)
                    } else {
                        let interval = Int64(BarSize.seconds(barSizeText.isEmpty ? "1 day" : barSizeText) ?? 86_400)
                        var c = SyntheticMarket.Config(bars: maxBars ?? 500, seed: seed &+ SimRandom.hash(s),
                                                       interval: interval)
                        c.startTime = interval >= 86_400 ? 1_577_836_800 : 1_577_975_400  // 2020-01-02 09:30 local
                        bars[s] = marketBars(SyntheticMarket.generate(c), symbol: s, timeZone: tz)
                    }
                }
                var costs: CostModel = costsName == "zero" ? .zero : .ibkrFixed
                if spreadBps > 0 { costs.halfSpread = .bps(spreadBps) }
                let venue = BacktestVenue(bars: bars, costs: costs, timeZone: tz, maxBars: maxBars)
                let journal = wantJournal ? try Journal(url: try freshJournal(config, name: "journal-backtest.sqlite"))
                    : nil
                options.watchdog = false
                session = try TradingSession(config: config, mode: mode, venue: venue, journal: journal,
                                             options: options)
            case .sim:
                guard let barSeconds = BarSize.seconds(barSizeText), barSeconds >= 5, barSeconds % 5 == 0,
                      barSeconds <= 3600 else {
                    throw LuaArgumentError(index: 1, message: "sim mode needs bar_size between '5 secs' and '1 hour' "
                        + "(got '\(barSizeText)'); daily strategies run in backtest mode")
                }
                var simConfig = TWSSimulator.Configuration()
                simConfig.port = 0
                simConfig.steppedClock = true
                simConfig.seed = seed
                simConfig.startingCash = options.startingCash
                simConfig.logger = .silent(label: "tws-sim")
                var dataEnd: Double? = nil
                var start: Double? = nil
                for (s, path) in dataFiles where symbols.contains(s) {
                    simConfig.dataFiles[s] = path
                    let p = try CSVPricePath(path: path)
                    if let r = p.range {
                        start = min(start ?? .infinity, Double(r.lowerBound))
                        dataEnd = min(dataEnd ?? .infinity, Double(r.upperBound))
                    }
                }
                simConfig.startTime = start ?? lastWeekdayOpen(tz)
                let simulator = try TWSSimulator(configuration: simConfig)
                let port = try simulator.start()
                var clientConfig = TWSClient.Configuration(host: "127.0.0.1", port: port, clientId: config.connection.clientID)
                clientConfig.logger = .silent(label: "tws-client")
                let client = TWSClient(configuration: clientConfig)
                if dataEnd == nil, let maxBars { dataEnd = simConfig.startTime! + Double((maxBars + options.warmupBars + 1) * barSeconds) }
                let venue = TWSVenue(client: client, name: "sim", barSeconds: barSeconds,
                                     exchange: config.symbols.exchange, currency: config.symbols.currency,
                                     simulator: simulator, dataEnd: dataEnd, maxBars: maxBars)
                venue.depthRows = depthRows
                let journal = wantJournal ? try Journal(url: try freshJournal(config, name: "journal-sim.sqlite")) : nil
                session = try TradingSession(config: config, mode: mode, venue: venue, journal: journal,
                                             options: options)
            case .paper, .live:
                guard let barSeconds = BarSize.seconds(barSizeText), barSeconds % 5 == 0 else {
                    throw LuaArgumentError(index: 1, message: "bar_size '\(barSizeText)' is not a multiple of 5 seconds")
                }
                try config.checkAllowed(mode: mode)
                var clientConfig = TWSClient.Configuration(host: config.connection.host, port: config.connection.port,
                                                           clientId: config.connection.clientID)
                clientConfig.allowLive = mode == .live
                clientConfig.liveTradingEnabled = config.live.enabled
                clientConfig.logger = .standardError(label: "tws-client", minimumLevel: .warning)
                let client = TWSClient(configuration: clientConfig)
                let venue = TWSVenue(client: client, name: "\(mode.rawValue) \(config.connection.host):\(config.connection.port)",
                                     barSeconds: barSeconds, exchange: config.symbols.exchange,
                                     currency: config.symbols.currency, maxBars: maxBars)
                venue.depthRows = depthRows
                try FileManager.default.createDirectory(at: config.stateDirectory, withIntermediateDirectories: true)
                let journal = wantJournal ? try Journal(config: config) : nil
                session = try TradingSession(config: config, mode: mode, venue: venue, journal: journal,
                                             options: options)
            }
            call.push(SessionBinding.Object(session, symbols: symbols), as: SessionBinding.cls)
            return 1
        }
    }

    /// A journal file in the state directory, emptied first: a backtest or an in-process simulation starts with a
    /// fresh broker, so nothing from an earlier run may be reconciled against it.
    static func freshJournal(_ config: LunarConfig, name: String) throws -> URL {
        try FileManager.default.createDirectory(at: config.stateDirectory, withIntermediateDirectories: true)
        let url = config.stateDirectory.appendingPathComponent(name)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
        return url
    }

    /// The most recent weekday 09:30 in `tz` before now: where a synthetic simulation starts its clock.
    static func lastWeekdayOpen(_ tz: TimeZone) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        var day = calendar.startOfDay(for: Date().addingTimeInterval(-86_400))
        while [1, 7].contains(calendar.component(.weekday, from: day)) { day = day.addingTimeInterval(-86_400) }
        return day.addingTimeInterval(9.5 * 3600).timeIntervalSince1970
    }

    /// MarketData keeps exchange-local times as if they were UTC; the runtime works in real instants.
    static func marketBars(_ bars: BarSeries, symbol: String, timeZone: TimeZone) -> [MarketBar] {
        let n = bars.count
        guard n > 0 else { return [] }
        var gaps = zip(bars.time.dropFirst(), bars.time).map { $0 - $1 }.filter { $0 > 0 }
        gaps.sort()
        let g = gaps.isEmpty ? 86_400 : Int(gaps[gaps.count / 4])
        let seconds = g >= 20 * 3600 ? 86_400 : g
        var out: [MarketBar] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let naive = TimeInterval(bars.time[i])
            let offset = TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
            out.append(MarketBar(symbol: symbol, time: Date(timeIntervalSince1970: naive - offset), seconds: seconds,
                                 open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i],
                                 volume: bars.volume[i]))
        }
        return out
    }

    /// The inverse of ``marketBars(_:symbol:timeZone:)``, for the strategy's rolling window.
    static func barSeries(_ bars: [MarketBar], timeZone: TimeZone) -> BarSeries {
        let times = bars.map { b -> Int64 in
            Int64(b.time.timeIntervalSince1970) + Int64(timeZone.secondsFromGMT(for: b.time))
        }
        return (try? BarSeries(time: times, open: bars.map(\.open), high: bars.map(\.high), low: bars.map(\.low),
                               close: bars.map(\.close), volume: bars.map(\.volume)))
            ?? (try! BarSeries(time: [], open: [], high: [], low: [], close: []))
    }
}

/// `lunar.TradingSession`.
enum SessionBinding {
    final class Object {
        let session: TradingSession
        let symbols: [String]
        var started = false
        init(_ session: TradingSession, symbols: [String]) {
            self.session = session
            self.symbols = symbols
        }
    }

    /// The same view of lunar.toml as `lunar.models.config()`, plus the risk limits (read-only copies).
    static func configTable(_ c: LunarConfig, file: String = "") -> [LuaValue: LuaValue] {
        guard case .table(var t) = ModelsBinding.configTable(c, file: file) else { return [:] }
        var risk: [LuaValue: LuaValue] = [:]
        let r = c.risk
        func put(_ k: String, _ v: Double?) { if let v { risk[.string(k)] = .number(v) } }
        put("max_position", r.maxPosition)
        put("max_position_notional", r.maxPositionNotional)
        put("max_order_qty", r.maxOrderQuantity)
        put("max_notional", r.maxOrderNotional)
        put("max_gross_exposure", r.maxGrossExposure)
        put("max_orders_per_minute", r.maxOrdersPerMinute.map(Double.init))
        put("daily_loss_limit", r.dailyLossLimit)
        put("price_collar_pct", r.priceCollar.map { $0 * 100 })
        risk["flatten_on_halt"] = .boolean(r.flattenOnHalt)
        if let hours = r.tradingHours { risk["trading_hours"] = .string("\(hours)") }
        t["risk"] = .table(risk)
        return t
    }

    static func barTable(_ b: MarketBar) -> [LuaValue: LuaValue] {
        ["symbol": .string(b.symbol), "time": .number(b.time.timeIntervalSince1970), "open": .number(b.open),
         "high": .number(b.high), "low": .number(b.low), "close": .number(b.close), "volume": .number(b.volume),
         "seconds": .integer(Int64(b.seconds))]
    }

    static func fillTable(_ f: Trading.Fill) -> [LuaValue: LuaValue] {
        ["id": .string(f.clientOrderID), "execution_id": .string(f.executionID), "symbol": .string(f.symbol),
         "side": .string(f.side.rawValue), "qty": .number(f.quantity), "price": .number(f.price),
         "commission": .number(f.commission), "time": .number(f.time.timeIntervalSince1970)]
    }

    static func eventTable(_ e: TradingSession.Event) -> [LuaValue: LuaValue] {
        switch e {
        case .bar(let b):
            var t = barTable(b)
            t["type"] = .string("bar")
            return t
        case .quote(let s, let bid, let ask, let last):
            return ["type": .string("tick"), "symbol": .string(s), "bid": .number(bid), "ask": .number(ask),
                    "last": .number(last)]
        case .book(let s, let bids, let asks):
            func side(_ levels: [BookLevelQuote]) -> LuaValue {
                .array(levels.map { .table(["price": .number($0.price), "size": .number($0.size)]) })
            }
            return ["type": .string("book"), "symbol": .string(s), "bids": side(bids), "asks": side(asks)]
        case .fill(let f):
            var t = fillTable(f)
            t["type"] = .string("fill")
            return t
        case .status(let id, let status, let filled):
            return ["type": .string("status"), "id": .string(id), "status": .string(status.rawValue),
                    "filled": .number(filled)]
        case .rejected(let id, let rule, let code, let reason):
            var t: [LuaValue: LuaValue] = ["type": .string("rejected"), "id": .string(id), "rule": .string(rule),
                                           "reason": .string(reason)]
            if let code { t["code"] = .integer(Int64(code)) }
            return t
        case .halted(let reason, let status):
            var t: [LuaValue: LuaValue] = ["type": .string("halt"), "reason": .string(reason)]
            if let status { t["exit_status"] = .integer(Int64(status)) }
            return t
        case .notice(let text):
            return ["type": .string("notice"), "message": .string(text)]
        case .end:
            return ["type": .string("end")]
        }
    }

    static func intent(_ o: LuaOptions, session: TradingSession) throws -> OrderIntent {
        let symbol = try o.string("symbol", default: "").uppercased()
        guard !symbol.isEmpty else { throw LuaArgumentError(index: 2, message: "submit: symbol is required") }
        let sideName = try o.string("side", default: "")
        guard let side = OrderSide(rawValue: sideName) else {
            throw LuaArgumentError(index: 2, message: "submit: side must be 'buy' or 'sell' (got '\(sideName)')")
        }
        let qty = try o.number("qty", default: .nan)
        let typeName = try o.string("type", default: "market")
        guard let type = OrderType(rawValue: typeName) else {
            throw LuaArgumentError(index: 2, message: "submit: type must be market, limit, stop or stop_limit (got '\(typeName)')")
        }
        let limit = try o.numberIfPresent("limit")
        let stop = try o.numberIfPresent("stop")
        let id = try o.stringIfPresent("id") ?? session.nextOrderID(symbol: symbol)
        try o.finish()
        return OrderIntent(clientOrderID: id, symbol: symbol, side: side, quantity: qty, type: type, limitPrice: limit,
                           stopPrice: stop, time: session.now, strategy: session.options.strategyName)
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.TradingSession",
                                   summary: "A strategy's orders, positions and events through the risk manager and journal.")
        cls.methods = [
            LuaMethod("start", "start()", "Connects, reconciles with the broker, subscribes; returns report lines.") { o, call in
                guard !o.started else { call.push(.array([])); return 1 }
                o.started = true
                let lines = try o.session.start(symbols: o.symbols)
                call.push(.array(lines.map { .string($0) }))
                return 1
            },
            LuaMethod("next", "next([timeout=1])", "The next event table (type = bar, fill, status, rejected, halt, tick, book, notice, end), or nil on timeout.") { o, call in
                let timeout = try call.number(2, default: 1)
                try Interrupt.check()
                guard let event = o.session.nextEvent(timeout: timeout) else { call.pushNil(); return 1 }
                call.push(.table(eventTable(event)))
                return 1
            },
            LuaMethod("bars", "bars(symbol)", "The rolling window of bars of symbol as a BarSeries.") { o, call in
                let symbol = try call.string(2).uppercased()
                return BarSeriesBinding.push(TradeBinding.barSeries(o.session.window(symbol: symbol),
                                                                    timeZone: o.session.config.timeZone), call)
            },
            LuaMethod("submit", "submit{symbol=, side='buy'|'sell', qty=, type='market', limit=, stop=, id=}", "Risk-checks, journals and sends an order; returns its id, or nil and the rejection.") { o, call in
                let intent = try intent(try call.options(2, function: "submit"), session: o.session)
                switch o.session.submit(intent) {
                case .accepted(let id):
                    call.push(id)
                    return 1
                case .rejected(let r):
                    call.pushNil()
                    call.push(r.message)
                    call.push(r.rule.rawValue)
                    return 3
                case .failed(let text):
                    call.pushNil()
                    call.push(text)
                    call.push("venue")
                    return 3
                }
            },
            LuaMethod("order_id", "order_id(symbol)", "The next deterministic order id for symbol at the current event.") { o, call in
                call.push(o.session.nextOrderID(symbol: try call.string(2).uppercased()))
                return 1
            },
            LuaMethod("cancel", "cancel(id)", "Asks the broker to cancel an order.") { o, call in
                try o.session.cancel(try call.string(2))
                return 0
            },
            LuaMethod("cancel_all", "cancel_all()", "Asks the broker to cancel every open order of the session.") { o, _ in
                o.session.cancelAll(reason: "strategy")
                return 0
            },
            LuaMethod("position", "position(symbol)", "Signed shares and average cost of symbol (0, 0 when flat).") { o, call in
                let p = o.session.position(try call.string(2).uppercased())
                call.push(p?.quantity ?? 0)
                call.push(p?.averageCost ?? 0)
                return 2
            },
            LuaMethod("positions", "positions()", "{SYMBOL = {qty=, avg_cost=, market_price=}} of non-flat positions.") { o, call in
                var t: [LuaValue: LuaValue] = [:]
                for (s, p) in o.session.allPositions {
                    var row: [LuaValue: LuaValue] = ["qty": .number(p.quantity), "avg_cost": .number(p.averageCost)]
                    if let m = o.session.lastPrice(s) ?? p.marketPrice { row["market_price"] = .number(m) }
                    t[.string(s)] = .table(row)
                }
                call.push(.table(t))
                return 1
            },
            LuaMethod("open_orders", "open_orders()", "Working orders: {id=, symbol=, side=, remaining=, limit=}.") { o, call in
                call.push(.array(o.session.workingOrders.map { w in
                    var t: [LuaValue: LuaValue] = ["id": .string(w.clientOrderID), "symbol": .string(w.symbol),
                                                   "side": .string(w.side.rawValue), "remaining": .number(w.remainingQuantity)]
                    if let l = w.limitPrice { t["limit"] = .number(l) }
                    return .table(t)
                }))
                return 1
            },
            LuaMethod("cash", "cash()", "Cash.") { o, call in call.push(o.session.currentCash); return 1 },
            LuaMethod("equity", "equity()", "Cash plus positions at their last prices.") { o, call in call.push(o.session.equity); return 1 },
            LuaMethod("day_pnl", "day_pnl()", "Realized (after costs) plus unrealized PnL of the trading day.") { o, call in call.push(o.session.dayPnL); return 1 },
            LuaMethod("last_price", "last_price(symbol)", "The last price seen, or nil.") { o, call in
                if let p = o.session.lastPrice(try call.string(2).uppercased()) { call.push(p) } else { call.pushNil() }
                return 1
            },
            LuaMethod("now", "now()", "The session clock (epoch seconds): bar time in a backtest, simulator or wall clock.") { o, call in
                call.push(o.session.now.timeIntervalSince1970)
                return 1
            },
            LuaMethod("trading_day", "trading_day()", "The trading day (YYYY-MM-DD in the config's time zone) of the session clock.") { o, call in
                call.push(tradingDay(of: o.session.now, in: o.session.config.timeZone))
                return 1
            },
            LuaMethod("mode", "mode()", "backtest, sim, paper or live.") { o, call in call.push(o.session.mode.rawValue); return 1 },
            LuaMethod("symbols", "symbols()", "The session's symbols.") { o, call in
                call.push(.array(o.symbols.map { .string($0) }))
                return 1
            },
            LuaMethod("record_model", "record_model(symbol, version[, path])", "Journals the model version the strategy trades with.") { o, call in
                let path = call.isNoneOrNil(4) ? nil : try call.string(4)
                o.session.recordModelVersion(symbol: try call.string(2).uppercased(), version: try call.string(3), path: path)
                return 0
            },
            LuaMethod("halted", "halted()", "Whether orders are refused by a halt.") { o, call in call.push(o.session.isHalted); return 1 },
            LuaMethod("halt_error", "halt_error(message)", "Halts after a strategy error: journals it and cancels open orders.") { o, call in
                o.session.haltForStrategyError(try call.string(2))
                return 0
            },
            LuaMethod("config", "config()", "The session's configuration (read-only copy; limits cannot be changed).") { o, call in
                call.push(.table(configTable(o.session.config)))
                return 1
            },
            LuaMethod("summary", "summary()", "{fills=, rejections=, broker_rejections=, halts=, realized_pnl=, commissions=, equity=, positions=}.") { o, call in
                let s = o.session.summary
                var positions: [LuaValue: LuaValue] = [:]
                for (k, p) in s.positions { positions[.string(k)] = .number(p.quantity) }
                call.push(.table([
                    "fills": .array(s.fills.map { .table(fillTable($0)) }),
                    "rejections": .array(s.rejections.map { .table(["rule": .string($0.rule.rawValue),
                                                                     "message": .string($0.message)]) }),
                    "broker_rejections": .integer(Int64(s.brokerRejections)),
                    "halts": .array(s.halts.map { .string($0) }),
                    "realized_pnl": .number(s.realizedPnL), "commissions": .number(s.commissions),
                    "equity": .number(s.equity), "positions": .table(positions),
                    "open_orders": .integer(Int64(s.openOrders.count)),
                ]))
                return 1
            },
        ]
        cls.onClose = { $0.session.close() }
        cls.describe = { "TradingSession \($0.session.mode.rawValue) \($0.symbols.joined(separator: ","))" }
        return cls
    }()
}

/// `…/AAPL_daily_2004_2018.csv` → `AAPL`: the file name up to the first `_`, `-` or `.` (as `lunar sim --data`).
public func symbolOf(file path: String) -> String {
    let name = URL(fileURLWithPath: path).lastPathComponent
    return String(name.prefix { $0 != "_" && $0 != "-" && $0 != "." }).uppercased()
}

/// The config lookup of `lunar.trade`, for the CLI's `trade`, `halt` and `journal` commands.
public enum TradeBindingSupport {
    /// `path`, else `LUNAR_CONFIG`, else `./lunar.toml` when present, else the defaults.
    public static func config(path: String?) throws -> LunarConfig { try TradeBinding.loadConfig(path) }
}
