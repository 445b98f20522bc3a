import BookAnalytics
import Foundation
import LuaRuntime
import MarketData

/// `lunar.book`: Level-2 order books from TWS depth operations, the 17 book features, recording and replay, and
/// synthetic depth.
enum BookBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.book",
            summary: "Level-2 order books (TWS depth operations), book17 features, recording/replay, synthetic depth.",
            functions: [
                LuaFunctionSpec(
                    "new", "new{depth=10, levels=5, window=20, impactQuantity=1000}",
                    "A new empty book keeping `depth` levels per side (1…50).",
                    details: "levels/window/impactQuantity configure the book17 features (window = rolling snapshots)."
                ) { call in
                    let o = try call.options(1, function: "new")
                    let depth = try o.integer("depth", default: 10)
                    var features = BookFeatureConfiguration()
                    for (name, _, _) in BookFeatureConfiguration.parameters {
                        if let v = try o.numberIfPresent(name) {
                            do { try features.set(name, to: v) } catch {
                                throw LuaArgumentError(index: 1, message: "field '\(name)': \(error)")
                            }
                        }
                    }
                    try o.finish()
                    let book: OrderBook
                    do { book = try OrderBook(depth: depth, features: features) } catch {
                        throw LuaArgumentError(index: 1, message: "\(error)")
                    }
                    // Each kind of bad operation is reported once on stderr, then only counted (book:rejections()).
                    book.rejectionLogger = { kind, update in
                        let text = "lunar.book: rejected \(update) (\(kind.explanation)); further \(kind) operations are only counted\n"
                        FileHandle.standardError.write(Data(text.utf8))
                    }
                    call.push(book, as: bookClass)
                    return 1
                },
                LuaFunctionSpec(
                    "synthetic", "synthetic{seed=1, depth=10, …}",
                    "A seeded order-flow generator (Poisson limit orders, cancels, market orders around a random-walk mid).",
                    details: "Parameters: " + SyntheticDepthConfiguration.parameters.map { "\($0.name) (\($0.summary), default \($0.defaultValue))" }
                        .joined(separator: "; ") + ". :next() returns one event table; :run(book, n) applies n events."
                ) { call in
                    let o = try call.options(1, function: "synthetic")
                    let seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: 1))
                    var configuration = SyntheticDepthConfiguration()
                    for (name, _, _) in SyntheticDepthConfiguration.parameters where o.isPresent(name) {
                        let value: BookParameterValue
                        switch o.value(name) {
                        case .integer(let i): value = .integer(i)
                        case .number(let d): value = .number(d)
                        case .string(let s): value = .string(s)
                        case .boolean(let b): value = .boolean(b)
                        case .array(let items): value = .strings(items.map { if case .string(let s) = $0 { return s } else { return "\($0)" } })
                        default: throw LuaArgumentError(index: 1, message: "field '\(name)': unsupported value")
                        }
                        do { try configuration.set(name, to: value) } catch {
                            throw LuaArgumentError(index: 1, message: "\(error)")
                        }
                    }
                    try o.finish()
                    do {
                        call.push(GeneratorObject(try SyntheticDepthGenerator(seed: seed, configuration: configuration)),
                                  as: generatorClass)
                    } catch { throw LuaArgumentError(index: 1, message: "\(error)") }
                    return 1
                },
                LuaFunctionSpec("record", "record(path [, {append=false}])",
                                "A recorder writing depth operations and L1 ticks to an append-only file (:depth{…}, :tick{…}, :close()).") {
                    call in
                    let path = try call.string(1)
                    let o = try call.options(2, function: "record")
                    let append = try o.boolean("append", default: false)
                    try o.finish()
                    let writer = try RecordingWriter(path: path, mode: append ? .append : .truncate)
                    call.push(writer, as: recorderClass)
                    return 1
                },
                LuaFunctionSpec(
                    "replay", "replay(path, fn_or_book [, {speed=0}])",
                    "Replays a recording: calls fn(event) for each event, or applies every depth event to a book.",
                    details: """
                        speed = 0 replays at full speed; speed = s paces events in real time scaled by s.
                        fn may return false to stop. Returns a summary {events=, issues={…}, stopped=}; a truncated or
                        damaged file stops at the last good record and the issue says where.
                        """
                ) { call in
                    let path = try call.string(1)
                    let o = try call.options(3, function: "replay")
                    let s = try o.number("speed", default: 0)
                    try o.finish()
                    let speed: ReplaySpeed = s > 0 ? .realTime(scale: s) : .fullSpeed
                    let summary: ReplaySummary
                    if let book = call.state.object(at: 2, of: bookClass) {
                        summary = try BookReplay.run(path: path, into: book, speed: speed) { _, _ in try Interrupt.check() }
                    } else {
                        let fn = try call.function(2)
                        let state = call.state
                        summary = try BookReplay.run(path: path, speed: speed) { event in
                            try Interrupt.check()
                            let r = try fn.call([eventTable(event)])
                            if r.first == .boolean(false) { throw ReplayStopped() }
                            _ = state
                        }
                    }
                    var t: [LuaValue: LuaValue] = [:]
                    t[.string("events")] = .integer(Int64(summary.events))
                    t[.string("stopped")] = .boolean(summary.stoppedEarly)
                    t[.string("issues")] = .array(summary.issues.map { .string("\($0)") })
                    call.push(.table(t))
                    return 1
                },
                LuaFunctionSpec("to_csv", "to_csv(recording, csv_path)", "Converts a recording to CSV.") { call in
                    try RecordingCSV.convert(recording: try call.string(1), to: try call.string(2))
                    return 0
                },
                LuaFunctionSpec(
                    "features_for", "features_for(bars, recording, {every_ms=100, depth=10, stream=nil})",
                    "The 17 book features for each bar, as of the bar's close (no lookahead), as a Frame.",
                    details: """
                        Replays the recording into a book, takes a feature snapshot every `every_ms` milliseconds, and
                        gives each bar the last snapshot at or before its close (bar time + interval). Combine with
                        lunar.ta.features(bars, 'seed19'):concat(...) for the 19 + 17 = 36 model features.
                        """
                ) { call in
                    let bars = try BarSeriesBinding.bars(call, 1)
                    let path = try call.string(2)
                    let o = try call.options(3, function: "features_for")
                    let everyMs = try o.number("every_ms", default: 100)
                    let depth = try o.integer("depth", default: 10)
                    let stream = try o.integer("stream").map { Int32($0) }
                    try o.finish()
                    guard everyMs > 0 else { throw LuaArgumentError(index: 3, message: "field 'every_ms': must be > 0") }
                    let book: OrderBook
                    do { book = try OrderBook(depth: depth) } catch { throw LuaArgumentError(index: 3, message: "\(error)") }
                    var sampler = try BookFeatureSampler(book: book, schedule: .interval(nanoseconds: Int64(everyMs * 1e6)),
                                                         stream: stream)
                    try BookReplay.run(path: path) { event in try sampler.apply(event) }
                    let step = bars.interval ?? 0
                    let closes = bars.time.map { $0 + step }
                    let columns = try sampler.series.columns(barCloseTimes: closes, unit: .seconds)
                    var frame = Frame(time: bars.time, isDaily: bars.isDaily)
                    for (name, values) in zip(BookFeatures.names, columns) { try frame.set(name, values) }
                    return FrameBinding.push(frame, call)
                },
                LuaFunctionSpec("names", "names()", "The 17 book feature names, in order.") { call in
                    call.push(.array(BookFeatures.names.map { .string($0) }))
                    return 1
                },
            ],
            classes: [AnyLuaClass(bookClass), AnyLuaClass(generatorClass), AnyLuaClass(recorderClass)])
    }

    // MARK: Events

    static func eventTable(_ event: BookEvent) -> LuaValue {
        var t: [LuaValue: LuaValue] = [.string("time"): .integer(event.timestamp), .string("stream"): .integer(Int64(event.stream))]
        switch event.payload {
        case .depth(let u):
            t[.string("kind")] = .string("depth")
            t[.string("position")] = .integer(Int64(u.position))
            t[.string("operation")] = .integer(Int64(u.operation))
            t[.string("side")] = .integer(Int64(u.side))
            t[.string("price")] = .number(u.price)
            t[.string("size")] = .number(u.size)
            if u.isL2 {
                t[.string("market_maker")] = .string("\(u.marketMaker)")
                t[.string("smart")] = .boolean(u.isSmartDepth)
            }
        case .tick(let tick):
            t[.string("kind")] = .string("tick")
            t[.string("tick_type")] = .integer(Int64(tick.tickType))
            t[.string("price")] = .number(tick.price)
            t[.string("size")] = .number(tick.size)
        case .clear: t[.string("kind")] = .string("clear")
        case .label(let s):
            t[.string("kind")] = .string("label")
            t[.string("text")] = .string(s)
        }
        return .table(t)
    }

    /// A depth update from an options table with TWS codes or names.
    static func depthUpdate(_ o: LuaOptions) throws -> (position: Int, operation: LuaValue, side: LuaValue, price: Double, size: Double) {
        let position = try o.integer("position", default: 0)
        let operation = o.value("operation"), side = o.value("side")
        let price = try o.number("price", default: .nan), size = try o.number("size", default: 0)
        return (position, operation, side, price, size)
    }

    // MARK: Classes

    nonisolated(unsafe) static let bookClass: LuaClass<OrderBook> = {
        var cls = LuaClass<OrderBook>("lunar.OrderBook", summary: "A Level-2 book: price levels per side, best first.")
        cls.methods = [
            LuaMethod("apply", "apply{position=, operation=, side=, price=, size=}",
                      "Applies a TWS depth operation (codes or names); returns true, or false and the reason (counted).") {
                book, call in
                let o = try call.options(2, function: "apply")
                let u = try depthUpdate(o)
                let marketMaker = try o.stringIfPresent("market_maker")
                let smart = try o.boolean("smart", default: false)
                try o.finish()
                var rejection: BookRejection?
                switch (u.operation, u.side) {
                case (.integer(let op), .integer(let sd)):
                    rejection = marketMaker.map {
                        book.applyL2(position: u.position, marketMaker: $0, operation: Int(op), side: Int(sd), price: u.price,
                                     size: u.size, isSmartDepth: smart)
                    } ?? book.apply(position: u.position, operation: Int(op), side: Int(sd), price: u.price, size: u.size)
                case (.string(let op), .string(let sd)):
                    rejection = book.apply(position: u.position, operation: op, side: sd, price: u.price, size: u.size)
                case (.string(let op), .integer(let sd)):
                    rejection = book.apply(position: u.position, operation: op, side: sd == 0 ? "ask" : sd == 1 ? "bid" : "?\(sd)",
                                           price: u.price, size: u.size)
                case (.integer(let op), .string(let sd)):
                    let name = [0: "insert", 1: "update", 2: "delete"][Int(op)] ?? "?\(op)"
                    rejection = book.apply(position: u.position, operation: name, side: sd, price: u.price, size: u.size)
                default:
                    throw LuaArgumentError(index: 2, message: "fields 'operation' and 'side': a TWS code or a name expected")
                }
                if let rejection {
                    call.push(false)
                    call.push(rejection.description)
                    return 2
                }
                call.push(true)
                return 1
            },
            LuaMethod("bid", "bid(i=1)", "Price and size of bid level i (1 = best), or nil.") { book, call in
                level(book.bid(try call.integer(2, default: 1) - 1), call)
            },
            LuaMethod("ask", "ask(i=1)", "Price and size of ask level i (1 = best), or nil.") { book, call in
                level(book.ask(try call.integer(2, default: 1) - 1), call)
            },
            LuaMethod("features", "features()", "The 17 book features (one snapshot for the rolling ones), keyed by name.") {
                book, call in
                let f = book.computeFeatures()
                var t: [LuaValue: LuaValue] = [:]
                for (i, name) in BookFeatures.names.enumerated() { t[.string(name)] = .number(f[i]) }
                call.push(.table(t))
                return 1
            },
            LuaMethod("mid", "mid()", "Mid price, or nil when a side is empty.") { book, call in
                let m = book.midPrice
                if m.isNaN { call.pushNil() } else { call.push(m) }
                return 1
            },
            LuaMethod("spread", "spread()", "Best ask − best bid, or nil.") { book, call in
                let s = book.spread
                if s.isNaN { call.pushNil() } else { call.push(s) }
                return 1
            },
            LuaMethod("state", "state()", "'empty', 'one-sided', 'normal', 'locked' or 'crossed'.") { book, call in
                call.push("\(book.state)")
                return 1
            },
            LuaMethod("rejections", "rejections()", "Counts of operations that could not be applied, by kind, and total.") {
                book, call in
                var t: [LuaValue: LuaValue] = [.string("total"): .integer(Int64(book.rejections.total))]
                for (name, count) in book.rejections.all { t[.string(name)] = .integer(Int64(count)) }
                call.push(.table(t))
                return 1
            },
            LuaMethod("clear", "clear()", "Empties both sides.") { book, _ in
                book.clear()
                return 0
            },
        ]
        cls.length = { $0.bidCount + $0.askCount }
        cls.describe = { $0.description }
        cls.hasCloseMethod = false
        return cls
    }()

    static func level(_ l: BookLevel?, _ call: LuaCall) -> Int32 {
        guard let l else { call.pushNil(); return 1 }
        call.push(l.price)
        call.push(l.size)
        return 2
    }

    final class GeneratorObject {
        var generator: SyntheticDepthGenerator
        init(_ g: SyntheticDepthGenerator) { generator = g }
    }

    nonisolated(unsafe) static let generatorClass: LuaClass<GeneratorObject> = {
        var cls = LuaClass<GeneratorObject>("lunar.SyntheticDepth", summary: "Seeded synthetic order flow as TWS depth events.")
        cls.methods = [
            LuaMethod("next", "next()", "The next event as a table {time=, kind=, position=, operation=, side=, price=, size=}.") {
                g, call in
                call.push(eventTable(g.generator.nextEvent()))
                return 1
            },
            LuaMethod("run", "run(book, n)", "Applies the next n events to a book; returns the number of rejected ones.") {
                g, call in
                guard let book = call.state.object(at: 2, of: bookClass) else {
                    throw LuaArgumentError(index: 2, expected: "lunar.OrderBook")
                }
                let n = try call.integer(3)
                var rejected = 0
                for k in 0..<max(0, n) {
                    if k & 0xFFFF == 0 { try Interrupt.check() }
                    if book.apply(g.generator.nextEvent()) != nil { rejected += 1 }
                }
                call.push(rejected)
                return 1
            },
            LuaMethod("record", "record(path, n)", "Writes the next n events to a recording; returns the count.") { g, call in
                let writer = try RecordingWriter(path: try call.string(2), mode: .truncate)
                let n = try call.integer(3)
                for k in 0..<max(0, n) {
                    if k & 0xFFFF == 0 { try Interrupt.check() }
                    try writer.append(g.generator.nextEvent())
                }
                try writer.close()
                call.push(writer.eventCount)
                return 1
            },
            LuaMethod("fair_price", "fair_price()", "The generator's current fair (mid) price.") { g, call in
                call.push(g.generator.fairPrice)
                return 1
            },
        ]
        cls.describe = { "SyntheticDepth(seed \($0.generator.seed), fair price \(String(format: "%.4f", $0.generator.fairPrice)))" }
        cls.hasCloseMethod = false
        return cls
    }()

    nonisolated(unsafe) static let recorderClass: LuaClass<RecordingWriter> = {
        var cls = LuaClass<RecordingWriter>("lunar.BookRecorder", summary: "Writes depth operations and L1 ticks to a recording.")
        cls.methods = [
            LuaMethod("depth", "depth{position=, operation=, side=, price=, size=, time=now}", "Records one depth operation (TWS codes).") {
                w, call in
                let o = try call.options(2, function: "depth")
                let u = try depthUpdate(o)
                let time = try o.integer("time") .map(Int64.init) ?? MonotonicClock.wallNanoseconds()
                try o.finish()
                guard case .integer(let op) = u.operation, case .integer(let side) = u.side else {
                    throw LuaArgumentError(index: 2, message: "fields 'operation' and 'side': TWS codes expected")
                }
                try w.append(DepthUpdate(position: u.position, operation: Int(op), side: Int(side), price: u.price, size: u.size),
                             timestamp: time)
                return 0
            },
            LuaMethod("tick", "tick{tick_type=, price=, size=, time=now}", "Records one L1 tick.") { w, call in
                let o = try call.options(2, function: "tick")
                let tickType = Int32(try o.integer("tick_type", default: 0))
                let price = try o.number("price", default: .nan), size = try o.number("size", default: 0)
                let time = try o.integer("time").map(Int64.init) ?? MonotonicClock.wallNanoseconds()
                try o.finish()
                try w.append(L1Tick.price(tickType: tickType, price: price, size: size), timestamp: time)
                return 0
            },
            LuaMethod("flush", "flush()", "Does nothing: recorded events are in the file (the OS page cache) at once.") { w, _ in
                try w.flush()
                return 0
            },
            LuaMethod("count", "count()", "Events recorded so far.") { w, call in
                call.push(w.eventCount)
                return 1
            },
        ]
        cls.onClose = { try? $0.close() }
        cls.describe = { "BookRecorder(\($0.path), \($0.eventCount) events)" }
        return cls
    }()
}
