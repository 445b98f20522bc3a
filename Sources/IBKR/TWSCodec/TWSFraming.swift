/// Framing of the TWS socket protocol: `uint32 BE length | payload` (§1.2 of the spec).
public enum TWSFraming {
    /// The largest payload a receiver accepts (the official client's limit, 16 MiB − 1).
    public static let maxPayloadLength = 0xFF_FFFF

    /// Prefixes `payload` with its 4-byte big-endian length.
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 4)
        appendLength(payload.count, to: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// Appends a 4-byte big-endian length.
    public static func appendLength(_ n: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: n >> 24))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n))
    }

    /// What the splitter found at the start of a byte buffer.
    public enum Cut: Equatable, Sendable {
        /// A whole frame: payload at `payloadOffset` of `payloadLength` bytes; `consumed` bytes in total.
        case frame(payloadOffset: Int, payloadLength: Int, consumed: Int)
        /// More bytes are needed.
        case needMoreData
        /// The declared length is above `maxPayloadLength`: close the connection.
        case oversized(declaredLength: Int)
    }

    /// Looks at the start of `bytes` for one complete frame.
    public static func cut(_ bytes: UnsafeRawBufferPointer) -> Cut {
        guard bytes.count >= 4 else { return .needMoreData }
        let n = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        if n > maxPayloadLength { return .oversized(declaredLength: n) }
        guard bytes.count >= 4 + n else { return .needMoreData }
        return .frame(payloadOffset: 4, payloadLength: n, consumed: 4 + n)
    }

    /// Splits a payload into its fields as strings (for logs and tests; decoders use `TWSFieldReader`).
    public static func fields(_ payload: [UInt8]) -> [String] {
        var parts = payload.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if payload.last == 0 { parts.removeLast() }
        return parts
    }

    /// Builds a payload from string fields (tests and fixtures).
    public static func payload(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for f in fields {
            out.append(contentsOf: f.utf8)
            out.append(0)
        }
        return out
    }
}
