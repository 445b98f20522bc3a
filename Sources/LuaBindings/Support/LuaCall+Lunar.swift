import LuaRuntime
import MarketData

extension LuaCall {
    /// A time argument: epoch seconds (number) or a date/time string (`2019-11-05`, `2019-11-05 09:30:00`, …).
    func time(_ i: Int32) throws -> Int64 {
        switch type(i) {
        case .number: return Int64(try number(i))
        case .string:
            let text = try string(i)
            guard let t = TimeParsing.parse(text) else {
                throw LuaArgumentError(index: i, message: "cannot read '\(text)' as a time (use YYYY-MM-DD[ HH:MM:SS] or epoch seconds)")
            }
            return t
        default: throw LuaArgumentError(index: i, expected: "time (number or string)")
        }
    }

    /// An optional time argument.
    func time(_ i: Int32, optional: Bool) throws -> Int64? {
        isNoneOrNil(i) ? nil : try time(i)
    }

    /// A 1-based position argument converted to a 0-based index; negative counts from the end (-1 = last).
    func position(_ i: Int32, count: Int, default d: Int? = nil) throws -> Int {
        let p = d != nil && isNoneOrNil(i) ? d! : try integer(i)
        return p < 0 ? count + p : p - 1
    }
}

/// Formats a number for summaries: integers without decimals, others with up to 6 significant digits.
func shortNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.6g", v)
}
