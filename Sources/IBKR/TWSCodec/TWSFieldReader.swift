import Foundation

/// A decoding failure inside one TWS message: which message, which field, and why.
public struct TWSDecodeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message id being decoded (`-1` when not known yet).
    public var messageId: Int
    /// The zero-based index of the failing field within the payload (the id is field 0).
    public var fieldIndex: Int
    /// What went wrong, in words.
    public var reason: String

    /// Creates a decoding error.
    public init(messageId: Int, fieldIndex: Int, reason: String) {
        self.messageId = messageId
        self.fieldIndex = fieldIndex
        self.reason = reason
    }

    /// A one-line description suitable for a log.
    public var description: String { "TWS message \(messageId), field \(fieldIndex): \(reason)" }
}

/// A forward-only cursor over the NUL-terminated fields of one frame payload.
///
/// The reader never copies the payload; numeric fields are parsed straight from the bytes. It must not outlive
/// the buffer it reads (use it inside `withUnsafeBytes`).
public struct TWSFieldReader {
    let base: UnsafePointer<UInt8>?
    let count: Int
    var offset: Int = 0
    /// The index of the next field to be read (0 is the message id).
    public private(set) var fieldIndex: Int = 0
    /// The id of the message being read, for error messages.
    public var messageId: Int = -1

    /// Creates a reader over `buffer`, which holds one frame payload (without the length prefix).
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.count = buffer.count
    }

    /// True when every field has been consumed.
    public var isAtEnd: Bool { offset >= count }

    /// Number of fields left (O(n) in the remaining bytes).
    public var remainingFieldCount: Int {
        guard let base, offset < count else { return 0 }
        var n = 0
        var i = offset
        while i < count {
            if base[i] == 0 { n += 1 }
            i += 1
        }
        if base[count - 1] != 0 { n += 1 }
        return n
    }

    func error(_ reason: String) -> TWSDecodeError {
        TWSDecodeError(messageId: messageId, fieldIndex: fieldIndex, reason: reason)
    }

    /// Returns the bytes of the next field (start offset and length) and advances past its NUL.
    @inline(__always)
    mutating func nextField() throws(TWSDecodeError) -> (start: Int, length: Int) {
        guard let base, offset < count else {
            throw TWSDecodeError(messageId: messageId, fieldIndex: fieldIndex, reason: "missing field")
        }
        let start = offset
        var i = offset
        while i < count && base[i] != 0 { i += 1 }
        offset = i + 1
        fieldIndex += 1
        return (start, i - start)
    }

    /// Skips `n` fields.
    public mutating func skip(_ n: Int = 1) throws(TWSDecodeError) {
        for _ in 0..<n { _ = try nextField() }
    }

    /// Reads a string field, decoding `\uXXXX` escapes.
    public mutating func readString() throws(TWSDecodeError) -> String {
        let (start, length) = try nextField()
        guard let base, length > 0 else { return "" }
        let bytes = UnsafeBufferPointer(start: base + start, count: length)
        let raw = String(decoding: bytes, as: UTF8.self)
        if bytes.contains(UInt8(ascii: "\\")) { return TWSText.unescape(raw) }
        return raw
    }

    /// Reads an integer; an empty field reads as 0. Text where a number belongs throws.
    public mutating func readInt() throws(TWSDecodeError) -> Int {
        try readOptionalInt() ?? 0
    }

    /// Reads an integer; empty and the int/long "unset" sentinels read as `nil`.
    public mutating func readOptionalInt() throws(TWSDecodeError) -> Int? {
        let (start, length) = try nextField()
        guard let base, length > 0 else { return nil }
        var i = start
        let end = start + length
        var negative = false
        if base[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if base[i] == UInt8(ascii: "+") {
            i += 1
        }
        guard i < end else { throw error("expected an integer") }
        var value = 0
        while i < end {
            let d = Int(base[i]) &- 48
            guard d >= 0 && d <= 9 else {
                // Lenient: "3.0" for an integer field.
                if base[i] == UInt8(ascii: "."), (i + 1..<end).allSatisfy({ base[$0] == UInt8(ascii: "0") }) { break }
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
                throw error("expected an integer, got '\(text)'")
            }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1 && !o2 else { throw error("integer out of range") }
            value = a
            i += 1
        }
        if negative { value = -value }
        if value == Int(Int32.max) || value == Int.max { return nil }
        return value
    }

    /// Reads a double; an empty field reads as 0.
    public mutating func readDouble() throws(TWSDecodeError) -> Double {
        try readOptionalDouble() ?? 0
    }

    /// Reads a double; empty, `1.7976931348623157E308` and infinities read as `nil`.
    public mutating func readOptionalDouble() throws(TWSDecodeError) -> Double? {
        let (start, length) = try nextField()
        guard let base, length > 0 else { return nil }
        if let v = TWSNumber.fastDouble(base + start, length) {
            return v
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
        guard let v = TWSNumber.slowDouble(text) else { throw error("expected a number, got '\(text)'") }
        if v.isInfinite || v >= 1.7976931348623157E308 { return nil }
        return v
    }

    /// Reads a decimal quantity; an empty field reads as 0.
    public mutating func readDecimal() throws(TWSDecodeError) -> Decimal {
        try readOptionalDecimal() ?? 0
    }

    /// Reads a decimal quantity; empty and the unset sentinels read as `nil`.
    public mutating func readOptionalDecimal() throws(TWSDecodeError) -> Decimal? {
        let (start, length) = try nextField()
        guard let base, length > 0 else { return nil }
        if let v = TWSNumber.fastDecimal(base + start, length) { return v }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
        if let d = TWSNumber.slowDouble(text), d.isInfinite || d >= 1.7976931348623157E308 || d == Double(Int.max) {
            return nil
        }
        let posix = Locale(identifier: "en_US_POSIX")
        guard TWSNumber.slowDouble(text) != nil, let v = Decimal(string: text, locale: posix) else {
            throw error("expected a decimal, got '\(text)'")
        }
        return v
    }

    /// Reads a boolean (`1`/`0`, leniently `true`/`false`); empty reads as false.
    public mutating func readBool() throws(TWSDecodeError) -> Bool {
        let (start, length) = try nextField()
        guard let base, length > 0 else { return false }
        if length == 1 {
            switch base[start] {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            default: break
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            if let i = Int(text) { return i != 0 }
            throw error("expected a boolean, got '\(text)'")
        }
    }
}

/// Number parsing helpers shared by the reader.
public enum TWSNumber {
    static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Parses `[-]digits[.digits]` with at most 15 significant digits exactly (Clinger's fast path).
    static func fastDouble(_ p: UnsafePointer<UInt8>, _ length: Int) -> Double? {
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa = 0
        var digits = 0
        var fraction = 0
        var seenDot = false
        var any = false
        while i < length {
            let c = p[i]
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else {
                let d = Int(c) &- 48
                guard d >= 0 && d <= 9 else { return nil }
                any = true
                if mantissa != 0 || d != 0 { digits += 1 }
                if digits > 15 { return nil }
                mantissa = mantissa &* 10 &+ d
                if seenDot { fraction += 1 }
            }
            i += 1
        }
        guard any, fraction <= 22 else { return nil }
        var v = Double(mantissa)
        if fraction > 0 { v /= powersOfTen[fraction] }
        return negative ? -v : v
    }

    /// Parses a decimal quantity of at most 18 digits without going through `Decimal(string:)`.
    static func fastDecimal(_ p: UnsafePointer<UInt8>, _ length: Int) -> Decimal? {
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenDot = false
        var any = false
        while i < length {
            let c = p[i]
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else {
                let d = UInt64(c) &- 48
                guard d <= 9 else { return nil }
                any = true
                digits += 1
                if digits > 18 { return nil }
                mantissa = mantissa &* 10 &+ d
                if seenDot { fraction += 1 }
            }
            i += 1
        }
        guard any else { return nil }
        if fraction == 0 {
            return negative ? -Decimal(mantissa) : Decimal(mantissa)
        }
        // Drop trailing zeros of the fraction so "10.0" == 10.
        while fraction > 0 && mantissa % 10 == 0 {
            mantissa /= 10
            fraction -= 1
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: -fraction, significand: Decimal(mantissa))
    }

    /// True when `text` only has characters a number may have.
    static func isNumeric(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        }
    }

    /// Parses the general forms (`1e-05`, `1.7976931348623157E308`, `Infinity`); rejects NaN and hex.
    static func slowDouble(_ text: String) -> Double? {
        switch text {
        case "Infinity", "Infinite", "inf": return .infinity
        case "-Infinity", "-Infinite", "-inf": return -.infinity
        default: break
        }
        guard isNumeric(text), let v = Double(text), !v.isNaN else { return nil }
        return v
    }
}

/// Text escaping rules of the TWS wire (`\uXXXX` for non-ASCII, no control characters).
public enum TWSText {
    /// Decodes `\uXXXX` escapes.
    public static func unescape(_ s: String) -> String {
        guard s.contains("\\u") else { return s }
        var out = String.UnicodeScalarView()
        var scalars = Array(s.unicodeScalars)[...]
        while let c = scalars.first {
            if c == "\\", scalars.count >= 6, scalars.dropFirst().first == "u" {
                let hex = String(String.UnicodeScalarView(scalars.dropFirst(2).prefix(4)))
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                    scalars = scalars.dropFirst(6)
                    continue
                }
            }
            out.append(c)
            scalars = scalars.dropFirst()
        }
        return String(out)
    }

    /// Encodes a string for the wire: printable ASCII as is, other characters as `\uXXXX`, control
    /// characters (including NUL, which would break framing) dropped.
    public static func escape(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v >= 0x20 && v < 0x7F {
                out.append(UInt8(v))
            } else if v >= 0x80 {
                var units: [UInt16] = []
                units.append(contentsOf: String(scalar).utf16)
                for u in units {
                    let hex = String(u, radix: 16)
                    out.append(contentsOf: Array("\\u".utf8) + Array(String(repeating: "0", count: 4 - hex.count).utf8)
                        + Array(hex.utf8))
                }
            }
        }
        return out
    }
}
