import BookAnalytics
import Foundation
import IBKR
import LuaRuntime
import MarketData
import Trading

/// `lunar.ib`: the TWS API client (paper by default; live trading refused unless explicitly enabled) and the TWS
/// simulator. Network events are queued by Swift and delivered to Lua callbacks only inside `conn:run(seconds)`,
/// on the Lua thread.
enum IBBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.ib",
            summary: "Interactive Brokers TWS API client and a TWS simulator speaking the same protocol on loopback.",
            functions: [connectSpec, simSpec],
            classes: [AnyLuaClass(ConnectionBinding.cls), AnyLuaClass(OrderBinding.cls), AnyLuaClass(SimulatorBinding.cls),
                      AnyLuaClass(BookBinding.bookClass)])
    }

    /// Whether `[live] enabled = true` in lunar.toml (LUNAR_CONFIG, else ./lunar.toml). A missing file means no.
    static func liveTradingEnabled() throws -> Bool {
        let path = ProcessInfo.processInfo.environment["LUNAR_CONFIG"] ?? "lunar.toml"
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return try LunarConfig.load(path: path).live.enabled
    }

    static var connectSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "connect", "connect{host='127.0.0.1', port=7497, client_id=1, timeout=5, allow_live=false}",
            "Connects to a TWS, IB Gateway or lunar simulator; returns a connection.",
            details: """
                Live trading (ports 7496/4001, or an account that is not a paper DU… account) is refused unless both
                allow_live=true is passed here and lunar.toml has [live] enabled = true. The client reconnects with
                backoff after a drop and resubscribes market data and depth.
                """
        ) { call in
            let o = try call.options(1, function: "connect")
            var configuration = TWSClient.Configuration(
                host: try o.string("host", default: "127.0.0.1"), port: try o.integer("port", default: 7497),
                clientId: try o.integer("client_id", default: 1))
            configuration.connectTimeout = try o.number("timeout", default: configuration.connectTimeout)
            configuration.requestTimeout = try o.number("request_timeout", default: configuration.requestTimeout)
            configuration.allowLive = try o.boolean("allow_live", default: false)
            try o.finish()
            configuration.liveTradingEnabled = try liveTradingEnabled()
            let client = TWSClient(configuration: configuration)
            try client.connect()
            call.push(ConnectionBinding.Object(client), as: ConnectionBinding.cls)
            return 1
        }
    }

    static var simSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "sim", "sim{port=0, data={AAPL='file.csv'}, speed=1, seed=42}",
            "Starts a TWS simulator inside the host (paper account DU…); :port(), :stop().",
            details: "port=0 picks a free port. data maps symbols to CSV files of bars; other symbols are synthetic."
        ) { call in
            let o = try call.options(1, function: "sim")
            var configuration = TWSSimulator.Configuration()
            configuration.port = try o.integer("port", default: 0)
            configuration.speed = try o.number("speed", default: 1)
            configuration.seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: 42))
            if case .table(let files) = o.value("data") {
                for (k, v) in files {
                    if case .string(let symbol) = k, case .string(let path) = v { configuration.dataFiles[symbol] = path }
                }
            }
            try o.finish()
            configuration.logger = .silent(label: "tws-sim")
            let simulator = try TWSSimulator(configuration: configuration)
            _ = try simulator.start()
            call.push(simulator, as: SimulatorBinding.cls)
            return 1
        }
    }
}

/// `lunar.TWSSimulator`.
enum SimulatorBinding {
    nonisolated(unsafe) static let cls: LuaClass<TWSSimulator> = {
        var cls = LuaClass<TWSSimulator>("lunar.TWSSimulator", summary: "A paper TWS on loopback.")
        cls.methods = [
            LuaMethod("port", "port()", "The port it listens on.") { s, call in
                call.push(s.port)
                return 1
            },
            LuaMethod("stop", "stop()", "Stops listening and drops connections.") { s, _ in
                s.stop()
                return 0
            },
            LuaMethod("drop_connections", "drop_connections()", "Fault injection: drops every client connection.") { s, _ in
                s.dropAllConnections()
                return 0
            },
        ]
        cls.onClose = { $0.stop() }
        cls.describe = { "TWSSimulator on 127.0.0.1:\($0.port)" }
        return cls
    }()
}

/// `lunar.TWSConnection`: a client plus the Lua callbacks of its subscriptions.
enum ConnectionBinding {
    final class Object {
        let client: TWSClient
        /// reqId → callback, and for depth the book it maintains.
        var callbacks: [Int: LuaRef] = [:]
        var books: [Int: OrderBook] = [:]
        var recorders: [Int: RecordingWriter] = [:]
        /// conn:on_error(fn): TWS errors and warnings as {code=, message=, id=, warning=}.
        var onError: LuaRef?
        init(_ client: TWSClient) { self.client = client }
        deinit { client.disconnect() }
    }

    static func contract(_ c: Object, _ call: LuaCall, _ i: Int32) throws -> Contract {
        try c.client.stock(try call.string(i))
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.TWSConnection", summary: "A connection to TWS or the simulator.")
        cls.methods = [
            LuaMethod("history", "history(symbol, {duration='1 D', bar='5 mins', what='TRADES', rth=true})",
                      "Historical bars as a BarSeries (long ranges are split to respect pacing).") { c, call in
                let contract = try contract(c, call, 2)
                let o = try call.options(3, function: "history")
                let duration = try o.string("duration", default: "1 D"), bar = try o.string("bar", default: "5 mins")
                let what = try o.string("what", default: "TRADES"), rth = try o.boolean("rth", default: true)
                try o.finish()
                let rows = try c.client.historicalBars(contract, duration: duration, barSize: bar, whatToShow: what, useRTH: rth)
                var time: [Int64] = [], open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
                var volume: [Double] = []
                for r in rows {
                    guard let t = r.epochSeconds else { continue }
                    time.append(Int64(t)); open.append(r.open); high.append(r.high); low.append(r.low); close.append(r.close)
                    volume.append(NSDecimalNumber(decimal: r.volume).doubleValue)
                }
                return BarSeriesBinding.push(try BarSeries(time: time, open: open, high: high, low: low, close: close, volume: volume), call)
            },
            LuaMethod("market_data", "market_data(symbol, fn)", "Streams quotes: fn{bid=, ask=, last=, bid_size=, ask_size=, …} in conn:run().") {
                c, call in
                let contract = try contract(c, call, 2)
                let fn = try call.function(3)
                let id = try c.client.subscribeMarketData(contract)
                c.callbacks[id] = fn
                call.push(id)
                return 1
            },
            LuaMethod("depth", "depth(symbol, rows, fn [, {record=path}])",
                      "Level-2 depth into a lunar.OrderBook (returned); fn(book) after each update; record= writes every operation to a recording.") {
                c, call in
                let contract = try contract(c, call, 2)
                let rows = try call.integer(3, default: 10)
                let fn = call.isNoneOrNil(4) ? nil : try call.function(4)
                let o = try call.options(5, function: "depth")
                let record = try o.stringIfPresent("record")
                try o.finish()
                let book: OrderBook
                do { book = try OrderBook(depth: rows) } catch { throw LuaArgumentError(index: 3, message: "\(error)") }
                let id = try c.client.subscribeDepth(contract, rows: rows)
                c.books[id] = book
                if let fn { c.callbacks[id] = fn }
                if let record { c.recorders[id] = try RecordingWriter(path: record, mode: .truncate) }
                call.push(book, as: BookBinding.bookClass)
                return 1
            },
            LuaMethod("realtime_bars", "realtime_bars(symbol, fn)", "5-second bars: fn{time=, open=, high=, low=, close=, volume=} in conn:run().") {
                c, call in
                let contract = try contract(c, call, 2)
                let fn = try call.function(3)
                let id = try c.client.subscribeRealTimeBars(contract)
                c.callbacks[id] = fn
                call.push(id)
                return 1
            },
            LuaMethod("order", "order{symbol=, action='BUY'|'SELL', qty=, type='MKT'|'LMT'|'STP'|'STP LMT', limit=, stop=, tif='DAY'}",
                      "Places an order; returns it (:status(), :fills(), :wait(seconds), :cancel()).") { c, call in
                let o = try call.options(2, function: "order")
                let symbol = try o.string("symbol", default: "")
                let actionText = try o.string("action", default: "").uppercased()
                let qty = try o.number("qty", default: 0)
                let type = try o.string("type", default: "MKT").uppercased()
                let limit = try o.numberIfPresent("limit"), stop = try o.numberIfPresent("stop")
                let tif = try o.string("tif", default: "DAY")
                try o.finish()
                guard !symbol.isEmpty else { throw LuaArgumentError(index: 2, message: "field 'symbol': a ticker expected") }
                guard actionText == "BUY" || actionText == "SELL" else {
                    throw LuaArgumentError(index: 2, message: "field 'action': 'BUY' or 'SELL' expected, got '\(actionText)'")
                }
                guard qty > 0, qty == qty.rounded() else { throw LuaArgumentError(index: 2, message: "field 'qty': a positive whole number of shares expected") }
                let action: OrderAction = actionText == "BUY" ? .buy : .sell
                let quantity = Decimal(qty)
                var order: Order
                switch type {
                case "MKT": order = .market(action, quantity)
                case "LMT":
                    guard let limit else { throw LuaArgumentError(index: 2, message: "field 'limit': a price is needed for LMT") }
                    order = .limit(action, quantity, price: limit)
                case "STP":
                    guard let stop else { throw LuaArgumentError(index: 2, message: "field 'stop': a price is needed for STP") }
                    order = .stop(action, quantity, stopPrice: stop)
                case "STP LMT":
                    guard let stop, let limit else { throw LuaArgumentError(index: 2, message: "fields 'stop' and 'limit' are needed for STP LMT") }
                    order = .stopLimit(action, quantity, stopPrice: stop, limitPrice: limit)
                default:
                    throw LuaArgumentError(index: 2, message: "field 'type': 'MKT', 'LMT', 'STP' or 'STP LMT' expected, got '\(type)'")
                }
                order.tif = tif
                let id = try c.client.placeOrder(order, contract: try c.client.stock(symbol))
                call.push(OrderBinding.Object(client: c.client, id: id), as: OrderBinding.cls)
                return 1
            },
            LuaMethod("positions", "positions()", "Positions: {symbol=, qty=, avg_cost=}.") { c, call in
                let rows: [LuaValue] = try c.client.positions().map { p in
                    .table([.string("symbol"): .string(p.contract.symbol), .string("qty"): .number(NSDecimalNumber(decimal: p.quantity).doubleValue),
                            .string("avg_cost"): .number(p.avgCost), .string("account"): .string(p.account)])
                }
                call.push(.array(rows))
                return 1
            },
            LuaMethod("account", "account()", "Account values by key (NetLiquidation, TotalCashValue, …).") { c, call in
                var t: [LuaValue: LuaValue] = [:]
                for v in try c.client.accountValues() {
                    t[.string(v.key)] = Double(v.value).map { LuaValue.number($0) } ?? .string(v.value)
                }
                call.push(.table(t))
                return 1
            },
            LuaMethod("on_error", "on_error(fn)", "Calls fn{code=, message=, id=, warning=} for each TWS error or warning during conn:run().") {
                c, call in
                c.onError = try call.function(2)
                return 0
            },
            LuaMethod("time", "time()", "The server's current time (epoch seconds).") { c, call in
                call.push(try c.client.currentTime())
                return 1
            },
            LuaMethod("run", "run(seconds)", "Processes events for `seconds`, calling the subscriptions' functions (Ctrl-C stops).") {
                c, call in
                let deadline = Date().addingTimeInterval(try call.number(2))
                var delivered = 0
                while true {
                    try Interrupt.check()
                    let remaining = deadline.timeIntervalSinceNow
                    if remaining <= 0 { break }
                    for event in c.client.drain(timeout: min(remaining, 0.05)) {
                        try dispatch(event, c)
                        delivered += 1
                    }
                }
                call.push(delivered)
                return 1
            },
            LuaMethod("close", "close()", "Disconnects (also when the connection is collected or goes out of a <close> scope).") { c, _ in
                c.client.disconnect()
                for w in c.recorders.values { try? w.close() }
                c.recorders.removeAll()
                return 0
            },
        ]
        cls.hasCloseMethod = false
        cls.onClose = { c in
            c.client.disconnect()
            for w in c.recorders.values { try? w.close() }
        }
        cls.describe = { c in "TWSConnection \(c.client.configuration.host):\(c.client.configuration.port) (\(c.client.state), server \(c.client.serverVersion), accounts \(c.client.accounts.joined(separator: ",")))" }
        return cls
    }()

    /// Delivers one event to its Lua callback (on the Lua thread, protected).
    static func dispatch(_ event: TWSEvent, _ c: Object) throws {
        switch event {
        case .quote(let id, _, let q):
            guard let fn = c.callbacks[id] else { return }
            var t: [LuaValue: LuaValue] = [:]
            func num(_ d: Decimal?) -> LuaValue { d.map { .number(NSDecimalNumber(decimal: $0).doubleValue) } ?? .nil }
            t[.string("bid")] = q.bid.map { .number($0) } ?? .nil
            t[.string("ask")] = q.ask.map { .number($0) } ?? .nil
            t[.string("last")] = q.last.map { .number($0) } ?? .nil
            t[.string("bid_size")] = num(q.bidSize)
            t[.string("ask_size")] = num(q.askSize)
            t[.string("last_size")] = num(q.lastSize)
            t[.string("volume")] = num(q.volume)
            try fn.call([.table(t)])
        case .depth(let u):
            guard let book = c.books[u.reqId] else { return }
            let size = NSDecimalNumber(decimal: u.size).doubleValue
            if u.isL2 {
                _ = book.applyL2(position: u.position, marketMaker: u.marketMaker, operation: u.operation.rawValue,
                                 side: u.side.rawValue, price: u.price, size: size, isSmartDepth: u.isSmartDepth)
            } else {
                _ = book.apply(position: u.position, operation: u.operation.rawValue, side: u.side.rawValue, price: u.price, size: size)
            }
            if let w = c.recorders[u.reqId] {
                try w.append(BookAnalytics.DepthUpdate(position: u.position, operation: u.operation.rawValue,
                                                       side: u.side.rawValue, price: u.price, size: size),
                             timestamp: MonotonicClock.wallNanoseconds())
            }
            if let fn = c.callbacks[u.reqId] {
                let state = LuaState.owner(of: fn.stateL)
                let base = state.top
                defer { state.top = base }
                fn.push()
                state.push(book, as: BookBinding.bookClass)
                try state.call(nargs: 1, nresults: 0)
            }
        case .depthReset(let id):
            c.books[id]?.clear()
        case .error(let e):
            guard let fn = c.onError else { return }
            var t: [LuaValue: LuaValue] = [.string("code"): .integer(Int64(e.code)), .string("message"): .string(e.message),
                                           .string("warning"): .boolean(e.isWarning)]
            t[.string("id")] = .integer(Int64(e.id))
            try fn.call([.table(t)])
        case .realTimeBar(let id, let bar), .aggregatedBar(let id, let bar):
            guard let fn = c.callbacks[id] else { return }
            try fn.call([.table([
                .string("time"): .integer(Int64(bar.time)), .string("seconds"): .integer(Int64(bar.seconds)),
                .string("open"): .number(bar.open), .string("high"): .number(bar.high), .string("low"): .number(bar.low),
                .string("close"): .number(bar.close), .string("volume"): .number(NSDecimalNumber(decimal: bar.volume).doubleValue),
            ])])
        default:
            break
        }
    }
}

/// `lunar.TWSOrder`.
enum OrderBinding {
    final class Object {
        let client: TWSClient
        let id: Int
        init(client: TWSClient, id: Int) {
            self.client = client
            self.id = id
        }
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.TWSOrder", summary: "An order placed through TWS.")
        cls.methods = [
            LuaMethod("status", "status()", "TWS status: 'Submitted', 'Filled', 'Cancelled', …") { o, call in
                call.push(o.client.order(o.id)?.status ?? "PendingSubmit")
                return 1
            },
            LuaMethod("fills", "fills()", "Fills: {qty=, price=, commission=, time=, exec_id=}.") { o, call in
                let fills: [LuaValue] = (o.client.order(o.id)?.fills ?? []).map { f in
                    .table([.string("qty"): .number(NSDecimalNumber(decimal: f.execution.shares).doubleValue),
                            .string("price"): .number(f.execution.price),
                            .string("commission"): f.commission.map { .number($0.commission) } ?? .nil,
                            .string("time"): .string(f.execution.time), .string("exec_id"): .string(f.execution.execId)])
                }
                call.push(.array(fills))
                return 1
            },
            LuaMethod("wait", "wait(seconds)", "Waits for a final status (or the timeout); returns the status.") { o, call in
                call.push(try o.client.waitForOrder(o.id, timeout: try call.number(2, default: 10)))
                return 1
            },
            LuaMethod("cancel", "cancel()", "Requests cancellation.") { o, _ in
                try o.client.cancelOrder(o.id)
                return 0
            },
            LuaMethod("error", "error()", "The last TWS error about this order as code, message (nil if none).") { o, call in
                guard let e = o.client.order(o.id)?.lastError else { call.pushNil(); return 1 }
                call.push(e.code)
                call.push(e.message)
                return 2
            },
            LuaMethod("id", "id()", "The TWS order id.") { o, call in
                call.push(o.id)
                return 1
            },
        ]
        cls.describe = { o in "TWSOrder \(o.id): \(o.client.order(o.id)?.status ?? "PendingSubmit")" }
        cls.hasCloseMethod = false
        return cls
    }()
}
