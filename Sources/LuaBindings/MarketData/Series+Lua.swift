import Foundation
import LuaRuntime
import MarketData

/// `lunar.Series`: a Float64 column on a time index, as userdata with vectorized methods. Arithmetic operators
/// work with numbers and aligned series; comparisons are methods (`:gt(x)`, …) returning boolean series, since Lua
/// turns the results of `<`, `<=` and `==` metamethods into plain booleans.
enum SeriesBinding {
    typealias Object = Shared<Series>

    nonisolated(unsafe) static let cls: LuaClass<Object> = makeClass()

    /// Pushes `series` as a new userdata.
    static func push(_ series: Series, _ call: LuaCall) -> Int32 {
        call.push(Object(series), as: cls)
        return 1
    }

    /// The series at argument `i`.
    static func series(_ call: LuaCall, _ i: Int32) throws -> Series { try call.object(i, of: cls).value }

    /// True if argument `i` is a Series.
    static func isSeries(_ call: LuaCall, _ i: Int32) -> Bool { (try? call.object(i, of: cls)) != nil }

    private static func method(_ name: String, _ signature: String, _ summary: String,
                               _ body: @escaping (Series, LuaCall) throws -> Series) -> LuaMethod<Object> {
        LuaMethod(name, signature, summary) { object, call in push(try body(object.value, call), call) }
    }

    /// A number or an aligned Series at argument `i`, for comparisons and masks.
    private static func operand(_ call: LuaCall, _ i: Int32) throws -> Either {
        if call.type(i) == .number { return .number(try call.number(i)) }
        if let s = try? series(call, i) { return .series(s) }
        throw LuaArgumentError(index: i, expected: "number or lunar.Series")
    }

    private enum Either {
        case number(Double)
        case series(Series)
    }

    private static func arithmetic(_ op: SeriesOperator) -> LuaFunction {
        { call in
            switch (try operand(call, 1), try operand(call, 2)) {
            case (.series(let a), .series(let b)): return push(try a.combine(b, op), call)
            case (.series(let a), .number(let x)): return push(a.combine(x, op), call)
            case (.number(let x), .series(let b)): return push(b.combine(scalar: x, op), call)
            case (.number, .number): throw LuaScriptError("arithmetic on two numbers reached lunar.Series")
            }
        }
    }

    private static func comparison(_ name: String, _ cmp: SeriesComparison, _ word: String) -> LuaMethod<Object> {
        method(name, "\(name)(x)", "Boolean series: value \(word) x (a number or an aligned Series).") { s, call in
            switch try operand(call, 2) {
            case .number(let x): return s.compare(x, cmp)
            case .series(let other): return try s.compare(other, cmp)
            }
        }
    }

    private static func makeClass() -> LuaClass<Object> {
        var cls = LuaClass<Object>(
            "lunar.Series", summary: "A column of numbers on a time index (NaN where missing); vectorized methods.")
        cls.methods = [
            comparison("gt", .gt, ">"), comparison("ge", .ge, "≥"), comparison("lt", .lt, "<"),
            comparison("le", .le, "≤"), comparison("eq", .eq, "="), comparison("ne", .ne, "≠"),
            method("cross_above", "cross_above(x)", "True where the series crosses above x (number or Series).") {
                s, call in
                switch try operand(call, 2) {
                case .number(let x): return s.crossAbove(x)
                case .series(let o): return try s.crossAbove(o)
                }
            },
            method("cross_below", "cross_below(x)", "True where the series crosses below x (number or Series).") {
                s, call in
                switch try operand(call, 2) {
                case .number(let x): return s.crossBelow(x)
                case .series(let o): return try s.crossBelow(o)
                }
            },
            method("and_", "and_(b)", "Logical and of two boolean series.") { s, call in try s.and(series(call, 2)) },
            method("or_", "or_(b)", "Logical or of two boolean series.") { s, call in try s.or(series(call, 2)) },
            method("not_", "not_()", "Logical not of a boolean series.") { s, _ in s.not() },
            method("shift", "shift(n=1)", "Values moved n bars later (NaN shifted in); negative n looks ahead.") {
                s, call in s.shift(try call.integer(2, default: 1))
            },
            method("diff", "diff(n=1)", "x[t] - x[t-n].") { s, call in s.diff(try call.integer(2, default: 1)) },
            method("pct_change", "pct_change(n=1)", "x[t] / x[t-n] - 1.") { s, call in
                s.pctChange(try call.integer(2, default: 1))
            },
            method("cumsum", "cumsum()", "Running sum (NaN skipped).") { s, _ in s.cumsum() },
            method("fillna", "fillna(value)", "NaN replaced by value.") { s, call in s.fillna(try call.number(2)) },
            method("ffill", "ffill()", "NaN replaced by the last valid value.") { s, _ in s.ffill() },
            method("where", "where(mask, other=nan)", "Values where mask is true, else other (number or Series).") {
                s, call in
                let mask = try series(call, 2)
                if call.isNoneOrNil(3) { return try s.where(mask) }
                switch try operand(call, 3) {
                case .number(let x): return try s.where(mask, other: x)
                case .series(let o): return try s.where(mask, other: o)
                }
            },
            method("ewm", "ewm(span) or ewm{span=|alpha=|com=}", "Exponentially weighted mean (adjust=false).") {
                s, call in
                if call.type(2) == .number { return try s.ewm(span: try call.number(2)) }
                let o = try call.options(2, function: "ewm")
                let span = try o.numberIfPresent("span"), alpha = try o.numberIfPresent("alpha")
                let com = try o.numberIfPresent("com")
                try o.finish()
                return try s.ewm(span: span, alpha: alpha, com: com)
            },
            method("abs", "abs()", "Absolute values.") { s, _ in s.abs() },
            method("log", "log()", "Natural logarithm.") { s, _ in s.log() },
            method("exp", "exp()", "Exponential.") { s, _ in s.exp() },
            method("sqrt", "sqrt()", "Square root.") { s, _ in s.sqrt() },
            method("clip", "clip(lower, upper)", "Values limited to [lower, upper] (nil: unbounded).") { s, call in
                s.clip(lower: try call.number(2, default: -.infinity), upper: try call.number(3, default: .infinity))
            },
            method("head", "head(n=5)", "The first n values.") { s, call in s.head(try call.integer(2, default: 5)) },
            method("tail", "tail(n=5)", "The last n values.") { s, call in s.tail(try call.integer(2, default: 5)) },
            method("slice", "slice(i, j=-1)", "Values i..j (1-based, inclusive; negative counts from the end).") {
                s, call in
                let i = try call.position(2, count: s.count), j = try call.position(3, count: s.count, default: -1)
                return s.slice(i..<(j + 1))
            },
            method("between", "between(t0, t1)", "Values with t0 ≤ time ≤ t1 (dates, date-times or epoch seconds).")
            { s, call in s.slice(from: try call.time(2, optional: true), to: try call.time(3, optional: true)) },
            method("rename", "rename(name)", "The same values under another name.") { s, call in
                var copy = s
                copy.name = try call.string(2)
                return copy
            },
            LuaMethod("rolling", "rolling(n)", "A rolling window of n bars: :mean() :std() :sum() :min() :max() …") {
                object, call in
                let n = try call.integer(2)
                do {
                    call.push(Shared(try object.value.rolling(n)), as: RollingBinding.cls)
                } catch {
                    throw LuaArgumentError(index: 2, message: "\(error)")
                }
                return 1
            },
            LuaMethod("describe", "describe()", "count, mean, std, min, p25, median, p75, max, nan.") { object, call in
                let d = object.value.describe()
                call.push(.table([
                    .string("count"): .integer(Int64(d.count)), .string("mean"): .number(d.mean),
                    .string("std"): .number(d.std), .string("min"): .number(d.min), .string("p25"): .number(d.p25),
                    .string("median"): .number(d.median), .string("p75"): .number(d.p75),
                    .string("max"): .number(d.max), .string("nan"): .integer(Int64(d.nanCount)),
                ]))
                return 1
            },
            LuaMethod("sum", "sum()", "Sum of the non-NaN values.") { object, call in
                call.push(object.value.sum())
                return 1
            },
            LuaMethod("mean", "mean()", "Mean of the non-NaN values.") { object, call in
                call.push(object.value.mean())
                return 1
            },
            LuaMethod("totable", "totable()", "The values as a Lua array (for small data).") { object, call in
                call.push(.array(object.value.values.map { .number($0) }))
                return 1
            },
            LuaMethod("time", "time(i)", "Epoch seconds of value i (1-based).") { object, call in
                let s = object.value
                let i = try call.position(2, count: s.count)
                guard s.time.indices.contains(i) else { call.pushNil(); return 1 }
                call.push(Int(s.time[i]))
                return 1
            },
        ]
        cls.properties = [
            "name": { object, call in
                call.push(object.value.name)
                return 1
            },
        ]
        cls.length = { $0.value.count }
        cls.element = { object, i, call in
            let s = object.value
            let k = i < 0 ? s.count + i : i - 1
            if s.values.indices.contains(k) { call.push(s.values[k]) } else { call.pushNil() }
            return 1
        }
        cls.describe = { describe($0.value) }
        cls.metamethods = [
            "__add": arithmetic(.add), "__sub": arithmetic(.subtract), "__mul": arithmetic(.multiply),
            "__div": arithmetic(.divide), "__pow": arithmetic(.power), "__mod": arithmetic(.modulo),
            "__unm": { call in push(-(try series(call, 1)), call) },
        ]
        return cls
    }

    /// The `__tostring` summary: name, length, time span, head, tail and statistics.
    static func describe(_ s: Series) -> String {
        var lines: [String] = []
        let span = s.time.isEmpty ? "" : ", \(formatTime(s.time.first!)) … \(formatTime(s.time.last!))"
        lines.append("Series\(s.name.isEmpty ? "" : " '\(s.name)'") (\(s.count) values\(s.isBoolean ? ", boolean" : "")\(span))")
        if s.count > 0 {
            let n = min(5, s.count)
            let head = s.values.prefix(n).map(shortNumber).joined(separator: ", ")
            let tail = s.values.suffix(n).map(shortNumber).joined(separator: ", ")
            lines.append(s.count <= 10
                ? "  [" + s.values.map(shortNumber).joined(separator: ", ") + "]"
                : "  [\(head), …, \(tail)]")
            let d = s.describe()
            lines.append("  mean \(shortNumber(d.mean))  std \(shortNumber(d.std))  min \(shortNumber(d.min))  max \(shortNumber(d.max))  nan \(d.nanCount)")
        }
        return lines.joined(separator: "\n")
    }

    static func formatTime(_ t: Int64) -> String {
        t % 86_400 == 0 ? TimeParsing.formatDate(t) : TimeParsing.formatDateTime(t, separator: " ")
    }
}

/// `lunar.Rolling`: a window over a series, from `series:rolling(n)`.
enum RollingBinding {
    nonisolated(unsafe) static let cls: LuaClass<Shared<Rolling>> = {
        var cls = LuaClass<Shared<Rolling>>("lunar.Rolling", summary: "A rolling window over a Series.")
        func m(_ name: String, _ summary: String, _ body: @escaping (Rolling, LuaCall) throws -> Series)
            -> LuaMethod<Shared<Rolling>>
        {
            LuaMethod(name, "\(name)()", summary) { r, call in SeriesBinding.push(try body(r.value, call), call) }
        }
        cls.methods = [
            m("mean", "Rolling mean.") { r, _ in r.mean() },
            m("sum", "Rolling sum.") { r, _ in r.sum() },
            m("std", "Rolling standard deviation (ddof=1; :std(0) for population).") { r, call in
                r.std(ddof: try call.integer(2, default: 1))
            },
            m("var", "Rolling variance (ddof=1).") { r, call in r.variance(ddof: try call.integer(2, default: 1)) },
            m("min", "Rolling minimum.") { r, _ in r.min() },
            m("max", "Rolling maximum.") { r, _ in r.max() },
            m("zscore", "(x - rolling mean) / rolling std.") { r, _ in r.zscore() },
            m("rank", "Rank of the last value in its window (1..n; :rank(true) for a fraction).") { r, call in
                r.rank(pct: call.boolean(2))
            },
        ]
        cls.describe = { "Rolling(\($0.value.window)) over \(SeriesBinding.describe($0.value.series).split(separator: "\n")[0])" }
        return cls
    }()
}
