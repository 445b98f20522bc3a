import Foundation
import LuaRuntime
import MarketData

/// `lunar.BarSeries`: columnar OHLCV bars. Columns are Series (`bars.close`, `bars.volume`, extra columns by name);
/// `bars[i]` is one bar as a table.
enum BarSeriesBinding {
    typealias Object = Shared<BarSeries>

    nonisolated(unsafe) static let cls: LuaClass<Object> = makeClass()

    static func push(_ bars: BarSeries, _ call: LuaCall) -> Int32 {
        call.push(Object(bars), as: cls)
        return 1
    }

    static func bars(_ call: LuaCall, _ i: Int32) throws -> BarSeries { try call.object(i, of: cls).value }

    private static func method(_ name: String, _ signature: String, _ summary: String,
                               _ body: @escaping (BarSeries, LuaCall) throws -> BarSeries) -> LuaMethod<Object> {
        LuaMethod(name, signature, summary) { object, call in push(try body(object.value, call), call) }
    }

    private static func makeClass() -> LuaClass<Object> {
        var cls = LuaClass<Object>("lunar.BarSeries", summary: "OHLCV bars in columns; bars.close etc. are Series.")
        cls.hasCloseMethod = false  // bars.close is the close column
        cls.methods = [
            LuaMethod("write_csv", "write_csv(path)", "Writes time,open,high,low,close,volume[,extras] as CSV.") {
                object, call in
                try object.value.writeCSV(to: try call.string(2))
                return 0
            },
            method("head", "head(n=5)", "The first n bars.") { b, call in b.head(try call.integer(2, default: 5)) },
            method("tail", "tail(n=5)", "The last n bars.") { b, call in b.tail(try call.integer(2, default: 5)) },
            method("slice", "slice(i, j=-1)", "Bars i..j (1-based, inclusive; negative counts from the end).") {
                b, call in
                let i = try call.position(2, count: b.count), j = try call.position(3, count: b.count, default: -1)
                return b.slice(max(0, i)..<max(max(0, i), min(b.count, j + 1)))
            },
            method("between", "between(t0, t1)", "Bars with t0 ≤ time ≤ t1 (dates, date-times or epoch seconds).") {
                b, call in b.slice(from: try call.time(2, optional: true), to: try call.time(3, optional: true))
            },
            method("resample", "resample(rule)", "Aggregates to a coarser interval: '5m', '1h', '1d' (OHLCV rules).") {
                b, call in
                do { return try b.resample(try call.string(2)) } catch { throw LuaArgumentError(index: 2, message: "\(error)") }
            },
            LuaMethod("columns", "columns()", "Column names.") { object, call in
                call.push(.array(object.value.columnNames.map { .string($0) }))
                return 1
            },
            LuaMethod("column", "column(name)", "A column as a Series (nil if absent).") { object, call in
                guard let s = object.value.series(try call.string(2)) else { call.pushNil(); return 1 }
                return SeriesBinding.push(s, call)
            },
            LuaMethod("with_column", "with_column(name, series)", "A copy with a column added or replaced.") {
                object, call in
                var copy = object.value
                let s = try SeriesBinding.series(call, 3)
                do { try copy.setColumn(try call.string(2), s.values) } catch {
                    throw LuaArgumentError(index: 3, message: "\(error)")
                }
                return push(copy, call)
            },
            LuaMethod("interval", "interval()", "The usual spacing between bars in seconds.") { object, call in
                if let iv = object.value.interval { call.push(Int(iv)) } else { call.pushNil() }
                return 1
            },
            LuaMethod("time", "time(i)", "Epoch seconds of bar i (1-based).") { object, call in
                let b = object.value
                let i = try call.position(2, count: b.count)
                if b.time.indices.contains(i) { call.push(Int(b.time[i])) } else { call.pushNil() }
                return 1
            },
        ]
        cls.dynamicProperty = { object, key, call in
            guard let s = object.value.series(key) else { return nil }
            return SeriesBinding.push(s, call)
        }
        cls.length = { $0.value.count }
        cls.element = { object, i, call in
            let b = object.value
            let k = i < 0 ? b.count + i : i - 1
            guard b.time.indices.contains(k) else { call.pushNil(); return 1 }
            var row: [LuaValue: LuaValue] = [
                .string("time"): .integer(b.time[k]), .string("date"): .string(SeriesBinding.formatTime(b.time[k])),
            ]
            for name in b.columnNames { row[.string(name)] = .number(b.values(name)![k]) }
            call.push(.table(row))
            return 1
        }
        cls.describe = { describe($0.value) }
        return cls
    }

    static func describe(_ b: BarSeries) -> String {
        guard b.count > 0 else { return "BarSeries (empty)" }
        let interval = b.interval.map { iv -> String in
            switch iv {
            case 86_400: return "daily"
            case let s where s % 3600 == 0: return "\(s / 3600)h"
            case let s where s % 60 == 0: return "\(s / 60)m"
            default: return "\(iv)s"
            }
        } ?? "1 bar"
        var lines = ["BarSeries: \(b.count) bars, \(interval), \(SeriesBinding.formatTime(b.time.first!)) … \(SeriesBinding.formatTime(b.time.last!))"]
        lines.append("  columns: " + b.columnNames.joined(separator: ", "))
        let last = b.count - 1
        lines.append("  last: open \(shortNumber(b.open[last]))  high \(shortNumber(b.high[last]))  low \(shortNumber(b.low[last]))  close \(shortNumber(b.close[last]))  volume \(shortNumber(b.volume[last]))")
        return lines.joined(separator: "\n")
    }
}

/// `lunar.Frame`: named feature columns on a time index (`lunar.ta.features`).
enum FrameBinding {
    typealias Object = Shared<Frame>

    nonisolated(unsafe) static let cls: LuaClass<Object> = makeClass()

    static func push(_ frame: Frame, _ call: LuaCall) -> Int32 {
        call.push(Object(frame), as: cls)
        return 1
    }

    private static func makeClass() -> LuaClass<Object> {
        var cls = LuaClass<Object>("lunar.Frame", summary: "Named columns (features) on a time index.")
        cls.methods = [
            LuaMethod("names", "names()", "Column names in order.") { object, call in
                call.push(.array(object.value.names.map { .string($0) }))
                return 1
            },
            LuaMethod("write_csv", "write_csv(path)", "CSV: ISO time column, then the columns; NaN as empty cell.") {
                object, call in
                try object.value.writeCSV(to: try call.string(2))
                return 0
            },
            LuaMethod("column", "column(name)", "A column as a Series (nil if absent).") { object, call in
                guard let s = object.value.series(try call.string(2)) else { call.pushNil(); return 1 }
                return SeriesBinding.push(s, call)
            },
            LuaMethod("complete_rows", "complete_rows()", "Number of rows without NaN.") { object, call in
                call.push(object.value.completeRows().count)
                return 1
            },
            LuaMethod("drop_nan", "drop_nan()", "Only the rows without NaN.") { object, call in
                push(object.value.dropNaN(), call)
            },
            LuaMethod("concat", "concat(other)", "A frame with the columns of both (same rows, e.g. seed19 + book17).") {
                object, call in
                let other = try call.object(2, of: FrameBinding.cls).value
                var frame = object.value
                guard other.time == frame.time else {
                    throw LuaArgumentError(index: 2, message: "frames have different rows (\(frame.rowCount) and \(other.rowCount), or different times)")
                }
                for name in other.names {
                    guard !frame.names.contains(name) else {
                        throw LuaArgumentError(index: 2, message: "both frames have a column '\(name)'")
                    }
                    try frame.set(name, other[name]!)
                }
                return push(frame, call)
            },
        ]
        cls.dynamicProperty = { object, key, call in
            guard let s = object.value.series(key) else { return nil }
            return SeriesBinding.push(s, call)
        }
        cls.length = { $0.value.rowCount }
        cls.describe = { object in
            let f = object.value
            let span = f.time.isEmpty ? "" : ", \(SeriesBinding.formatTime(f.time.first!)) … \(SeriesBinding.formatTime(f.time.last!))"
            return "Frame: \(f.rowCount) rows × \(f.names.count) columns\(span) (\(f.completeRows().count) complete)\n  "
                + f.names.joined(separator: ", ")
        }
        return cls
    }
}
