import XCTest
@testable import BookAnalytics

/// Oracle: the published CRC-32/ISO-HDLC check value and a bit-by-bit implementation.
final class CRC32Tests: XCTestCase {
    func testCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    func testSlicingAgreesWithBitwiseOnAllLengthsAndChaining() {
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            }
            return ~c
        }
        var bytes: [UInt8] = []
        for n in 0..<100 {
            XCTAssertEqual(CRC32.checksum(bytes), bitwise(bytes), "length \(n)")
            bytes.append(UInt8(truncatingIfNeeded: n &* 37 &+ 11))
        }
        bytes.withUnsafeBytes { p in
            let whole = CRC32.checksum(p.baseAddress!, count: p.count)
            let first = CRC32.checksum(p.baseAddress!, count: 33)
            XCTAssertEqual(CRC32.checksum(p.baseAddress! + 33, count: p.count - 33, continuing: first), whole)
        }
    }
}
