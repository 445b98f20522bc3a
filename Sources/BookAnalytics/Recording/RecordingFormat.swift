/// The on-disk layout of a Lunar book recording (`.lbook`), version 1. All integers little-endian.
///
/// ```text
/// header, 32 bytes:
///   0  magic        8 bytes  89 4C 42 4F 4F 4B 0D 0A  ("\x89LBOOK\r\n", as PNG: catches text-mode mangling)
///   8  version      UInt16   1
///  10  headerSize   UInt16   32
///  12  flags        UInt32   0
///  16  created      Int64    wall clock at creation, ns since the Unix epoch
///  24  reserved     UInt32   0
///  28  headerCRC    UInt32   CRC-32 of bytes 0..<28
/// records, back to back:
///   0  length       UInt32   payload length n (13...4109)
///   4  crc          UInt32   CRC-32 (IEEE) of the n payload bytes
///   8  payload      n bytes: type UInt8 | timestamp Int64 (ns since epoch) | stream Int32 | fields by type:
///     1 depth    (updateMktDepth)   position Int32 | operation Int8 | side Int8 | price Float64 | size Float64
///     2 depthL2  (updateMktDepthL2) the depth fields | isSmartDepth UInt8 | mmLength UInt8 | mm bytes (≤ 16)
///     3 tick     message UInt8 (0 tickPrice, 1 tickSize) | tickType Int32 | price Float64 | size Float64 |
///                attributes UInt8
///     4 clear    (no fields)
///     5 label    UTF-8 bytes (≤ 4096)
/// zero padding to the end of the file, only if the writer was killed before `close()` (a length is never 0)
/// ```
///
/// The writer stores records into a shared mapping of the file, grown in zero-filled chunks, and cuts the file to
/// length on `close()`. So a killed writer's file is whole records, at most one partially stored record, then zero
/// padding; the reader reports the partial record (length or checksum) and the padding (`.zeroPadding`) and stops.
/// Operation and side codes are stored saturated to Int8: any code outside -128...127 was invalid and stays so.
public enum RecordingFormat {
    /// The 8 magic bytes at offset 0.
    public static let magic: [UInt8] = [0x89, 0x4C, 0x42, 0x4F, 0x4F, 0x4B, 0x0D, 0x0A]
    /// The format version this code writes and the newest it reads.
    public static let version: UInt16 = 1
    /// Header size in bytes.
    public static let headerSize = 32
    /// Bytes before each payload (length + CRC).
    public static let recordPrefixSize = 8
    /// Bytes shared by all payloads (type, timestamp, stream).
    static let commonSize = 13
    /// The longest label in UTF-8 bytes.
    public static let maximumLabelLength = 4096
    /// The longest payload.
    public static let maximumPayloadLength = commonSize + maximumLabelLength
    /// The conventional file extension.
    public static let fileExtension = "lbook"

    enum RecordType: UInt8 {
        case depth = 1, depthL2 = 2, tick = 3, clear = 4, label = 5
    }

    static let depthSize = commonSize + 22
    static let tickSize = commonSize + 22

    /// Encodes the 32-byte header.
    static func header(created: Int64) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: headerSize)
        h.replaceSubrange(0..<8, with: magic)
        h.withUnsafeMutableBytes { p in
            p.storeBytes(of: version.littleEndian, toByteOffset: 8, as: UInt16.self)
            p.storeBytes(of: UInt16(headerSize).littleEndian, toByteOffset: 10, as: UInt16.self)
            p.storeBytes(of: created.littleEndian, toByteOffset: 16, as: Int64.self)
            let crc = CRC32.checksum(p.baseAddress!, count: 28)
            p.storeBytes(of: crc.littleEndian, toByteOffset: 28, as: UInt32.self)
        }
        return h
    }

    /// Decodes and checks a header; throws `RecordingError` naming what is wrong.
    static func parseHeader(_ bytes: [UInt8], path: String) throws -> RecordingHeader {
        guard bytes.count >= headerSize else {
            throw RecordingError.notARecording(path: path, reason: "header has \(bytes.count) of \(headerSize) bytes")
        }
        guard Array(bytes[0..<8]) == magic else {
            throw RecordingError.notARecording(path: path, reason: "wrong magic bytes")
        }
        return try bytes.withUnsafeBytes { p in
            let stored = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            guard CRC32.checksum(p.baseAddress!, count: 28) == stored else {
                throw RecordingError.notARecording(path: path, reason: "header checksum mismatch")
            }
            let version = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
            guard version >= 1 && version <= Self.version else {
                throw RecordingError.unsupportedVersion(path: path, found: version, supported: Self.version)
            }
            let size = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 10, as: UInt16.self))
            guard Int(size) == headerSize else {
                throw RecordingError.notARecording(path: path, reason: "header size \(size), expected \(headerSize)")
            }
            let created = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: Int64.self))
            return RecordingHeader(version: version, created: created)
        }
    }

    /// The payload length of `event`.
    @inline(__always)
    static func payloadLength(_ event: BookEvent) -> Int {
        switch event.payload {
        case .depth(let u): return u.isL2 ? depthSize + 2 + u.marketMaker.utf8Count : depthSize
        case .tick: return tickSize
        case .clear: return commonSize
        case .label(let s): return commonSize + s.utf8.count
        }
    }

    /// Writes the payload of `event` at `p` (which has room for `payloadLength(event)` bytes).
    @inline(__always)
    static func encodePayload(_ event: BookEvent, at p: UnsafeMutableRawPointer) {
        func common(_ type: RecordType) {
            p.storeBytes(of: type.rawValue, as: UInt8.self)
            p.storeBytes(of: event.timestamp.littleEndian, toByteOffset: 1, as: Int64.self)
            p.storeBytes(of: event.stream.littleEndian, toByteOffset: 9, as: Int32.self)
        }
        switch event.payload {
        case .depth(let u):
            common(u.isL2 ? .depthL2 : .depth)
            p.storeBytes(of: u.position.littleEndian, toByteOffset: 13, as: Int32.self)
            p.storeBytes(of: Int8(clamping: u.operation), toByteOffset: 17, as: Int8.self)
            p.storeBytes(of: Int8(clamping: u.side), toByteOffset: 18, as: Int8.self)
            p.storeBytes(of: u.price.bitPattern.littleEndian, toByteOffset: 19, as: UInt64.self)
            p.storeBytes(of: u.size.bitPattern.littleEndian, toByteOffset: 27, as: UInt64.self)
            if u.isL2 {
                let n = u.marketMaker.utf8Count
                p.storeBytes(of: u.isSmartDepth ? 1 : 0, toByteOffset: 35, as: UInt8.self)
                p.storeBytes(of: UInt8(n), toByteOffset: 36, as: UInt8.self)
                var low = u.marketMaker.low, high = u.marketMaker.high
                for i in 0..<n {
                    let byte: UInt8
                    if i < 8 {
                        byte = UInt8(truncatingIfNeeded: low)
                        low >>= 8
                    } else {
                        byte = UInt8(truncatingIfNeeded: high)
                        high >>= 8
                    }
                    p.storeBytes(of: byte, toByteOffset: 37 + i, as: UInt8.self)
                }
            }
        case .tick(let t):
            common(.tick)
            p.storeBytes(of: t.message.rawValue, toByteOffset: 13, as: UInt8.self)
            p.storeBytes(of: t.tickType.littleEndian, toByteOffset: 14, as: Int32.self)
            p.storeBytes(of: t.price.bitPattern.littleEndian, toByteOffset: 18, as: UInt64.self)
            p.storeBytes(of: t.size.bitPattern.littleEndian, toByteOffset: 26, as: UInt64.self)
            p.storeBytes(of: t.attributes, toByteOffset: 34, as: UInt8.self)
        case .clear:
            common(.clear)
        case .label(let s):
            common(.label)
            var i = 13
            for byte in s.utf8 {
                p.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
                i += 1
            }
        }
    }

    /// Decodes a payload of `length` bytes; `nil` if it is not a valid payload.
    @inline(__always)
    static func decodePayload(_ p: UnsafeRawPointer, length: Int) -> BookEvent? {
        guard length >= commonSize, let type = RecordType(rawValue: p.load(as: UInt8.self)) else { return nil }
        let timestamp = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 1, as: Int64.self))
        let stream = Int32(littleEndian: p.loadUnaligned(fromByteOffset: 9, as: Int32.self))
        func double(_ offset: Int) -> Double {
            Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }
        switch type {
        case .depth, .depthL2:
            guard length >= depthSize else { return nil }
            var u = DepthUpdate(
                position: Int(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 13, as: Int32.self))),
                operation: Int(p.load(fromByteOffset: 17, as: Int8.self)),
                side: Int(p.load(fromByteOffset: 18, as: Int8.self)),
                price: double(19), size: double(27))
            if type == .depthL2 {
                guard length >= depthSize + 2 else { return nil }
                let n = Int(p.load(fromByteOffset: 36, as: UInt8.self))
                guard n <= MarketMakerCode.maximumLength && length == depthSize + 2 + n else { return nil }
                var low: UInt64 = 0, high: UInt64 = 0
                for i in 0..<n {
                    let byte = UInt64(p.load(fromByteOffset: 37 + i, as: UInt8.self))
                    guard byte != 0 else { return nil }
                    if i < 8 { low |= byte << (8 * UInt64(i)) } else { high |= byte << (8 * UInt64(i - 8)) }
                }
                u.isL2 = true
                u.isSmartDepth = p.load(fromByteOffset: 35, as: UInt8.self) != 0
                u.marketMaker = MarketMakerCode(low: low, high: high)
            } else {
                guard length == depthSize else { return nil }
            }
            return BookEvent(timestamp: timestamp, stream: stream, payload: .depth(u))
        case .tick:
            guard length == tickSize,
                  let message = L1Tick.Message(rawValue: p.load(fromByteOffset: 13, as: UInt8.self))
            else { return nil }
            let tick = L1Tick(
                message: message, tickType: Int32(littleEndian: p.loadUnaligned(fromByteOffset: 14, as: Int32.self)),
                price: double(18), size: double(26), attributes: p.load(fromByteOffset: 34, as: UInt8.self))
            return BookEvent(timestamp: timestamp, stream: stream, payload: .tick(tick))
        case .clear:
            guard length == commonSize else { return nil }
            return BookEvent(timestamp: timestamp, stream: stream, payload: .clear)
        case .label:
            let bytes = UnsafeRawBufferPointer(start: p + commonSize, count: length - commonSize)
            // Invalid UTF-8 decodes with replacement characters, which changes the bytes.
            let label = String(decoding: bytes, as: UTF8.self)
            guard label.utf8.elementsEqual(bytes) else { return nil }
            return BookEvent(timestamp: timestamp, stream: stream, payload: .label(label))
        }
    }
}

/// The decoded header of a recording.
public struct RecordingHeader: Sendable, Hashable {
    /// The format version of the file.
    public var version: UInt16
    /// When the file was created, ns since the Unix epoch.
    public var created: Int64
}
