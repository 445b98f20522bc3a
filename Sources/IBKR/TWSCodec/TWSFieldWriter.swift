import Foundation

/// Builds one frame payload field by field (every field NUL-terminated, §1.2 of the spec).
public struct TWSFieldWriter: Sendable {
    /// The payload bytes written so far (without the 4-byte length prefix).
    public private(set) var payload: [UInt8] = []

    /// Creates an empty writer.
    public init() { payload.reserveCapacity(64) }

    /// Appends a raw ASCII field without escaping (numbers and known tokens).
    @inline(__always)
    mutating func raw(_ s: String) {
        payload.append(contentsOf: s.utf8)
        payload.append(0)
    }

    /// Appends a string field, escaping non-ASCII characters and removing control characters.
    public mutating func add(_ s: String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            payload.append(contentsOf: s.utf8)
        } else {
            payload.append(contentsOf: TWSText.escape(s))
        }
        payload.append(0)
    }

    /// Appends an integer field.
    public mutating func add(_ i: Int) { raw(String(i)) }

    /// Appends an optional integer; `nil` is written as the empty "unset" field.
    public mutating func add(_ i: Int?) {
        if let i { add(i) } else { raw("") }
    }

    /// Appends a double in the shortest round-tripping decimal form.
    public mutating func add(_ d: Double) {
        if d.isNaN || d.isInfinite {
            raw("")
        } else if d == d.rounded(), abs(d) < 1e15 {
            raw(String(Int(d)) + ".0")
        } else {
            raw("\(d)")
        }
    }

    /// Appends an optional double; `nil` is written as the empty "unset" field.
    public mutating func add(_ d: Double?) {
        if let d { add(d) } else { raw("") }
    }

    /// Appends a decimal quantity (`10`, `0.5`).
    public mutating func add(_ d: Decimal) { raw(TWSFieldWriter.format(d)) }

    /// Appends an optional decimal; `nil` is written empty.
    public mutating func add(_ d: Decimal?) {
        if let d { add(d) } else { raw("") }
    }

    /// Appends a boolean as `1` / `0`.
    public mutating func add(_ b: Bool) { raw(b ? "1" : "0") }

    /// Formats a decimal in plain notation (no exponent, `.` separator).
    public static func format(_ d: Decimal) -> String {
        var d = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &d, 0, .plain)
        if rounded == d, let i = Int(exactly: NSDecimalNumber(decimal: d).int64Value), Decimal(i) == d {
            return String(i)
        }
        return d.description
    }

    /// The whole frame: 4-byte big-endian length followed by the payload.
    public var frame: [UInt8] { TWSFraming.frame(payload) }
}
