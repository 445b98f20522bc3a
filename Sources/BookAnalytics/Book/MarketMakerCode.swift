/// A market maker or venue code from `updateMktDepthL2` (e.g. `NSDQ`, `ARCA`), stored inline in 16 bytes.
///
/// TWS sends short codes (MPIDs of four letters, venue names such as `ISLAND`). Keeping them inline makes depth
/// rows plain values: no allocation, no reference counting on the hot path. Codes longer than 16 UTF-8 bytes or
/// containing a NUL byte cannot be represented; `init?(_:)` returns `nil` for them.
public struct MarketMakerCode: Sendable, Hashable, CustomStringConvertible {
    /// The maximum length of a code in UTF-8 bytes.
    public static let maximumLength = 16

    /// The empty code, used for rows that have no market maker (message 12, snapshots).
    public static let none = MarketMakerCode(low: 0, high: 0)

    @usableFromInline var low: UInt64
    @usableFromInline var high: UInt64

    @usableFromInline init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Creates a code from a string of at most 16 UTF-8 bytes without NUL; `nil` otherwise.
    public init?(_ string: String) {
        var bytes = (UInt64(0), UInt64(0))
        var count = 0
        for byte in string.utf8 {
            if byte == 0 || count == Self.maximumLength { return nil }
            if count < 8 {
                bytes.0 |= UInt64(byte) << (8 * UInt64(count))
            } else {
                bytes.1 |= UInt64(byte) << (8 * UInt64(count - 8))
            }
            count += 1
        }
        self.init(low: bytes.0, high: bytes.1)
    }

    /// Creates a code from raw UTF-8 bytes (at most 16, no NUL); `nil` otherwise.
    public init?<C: Collection>(utf8 bytes: C) where C.Element == UInt8 {
        guard bytes.count <= Self.maximumLength else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            if byte == 0 { return nil }
            if i < 8 { low |= UInt64(byte) << (8 * UInt64(i)) } else { high |= UInt64(byte) << (8 * UInt64(i - 8)) }
        }
        self.init(low: low, high: high)
    }

    /// Whether this is the empty code.
    public var isNone: Bool { low == 0 && high == 0 }

    /// The number of UTF-8 bytes in the code.
    public var utf8Count: Int {
        if high != 0 { return 16 - high.leadingZeroBitCount / 8 }
        return 8 - low.leadingZeroBitCount / 8
    }

    /// The code's UTF-8 bytes.
    public var utf8: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(utf8Count)
        for i in 0..<utf8Count {
            let word = i < 8 ? low : high
            result.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i % 8))))
        }
        return result
    }

    /// The code as a string (`""` for `.none`).
    public var description: String { String(decoding: utf8, as: UTF8.self) }
}
