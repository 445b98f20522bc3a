import Foundation
import XCTest

@testable import Trading

final class TradingHoursTests: XCTestCase {
    private let newYork = TimeZone(identifier: "America/New_York")!

    /// 2024-03-13 (a Wednesday) at `hh:mm` New York time (EDT, UTC-4).
    private func wednesday(_ hour: Int, _ minute: Int) -> Date {
        Date(timeIntervalSince1970: 1_710_302_400 + Double(hour * 3600 + minute * 60))
    }

    func testRegularSession() throws {
        let hours = try XCTUnwrap(TradingHours(parsing: "09:30-16:00", timeZone: newYork))
        XCTAssertEqual(tradingDay(of: wednesday(0, 0), in: newYork), "2024-03-13")
        XCTAssertFalse(hours.contains(wednesday(9, 29)))
        XCTAssertTrue(hours.contains(wednesday(9, 30)))
        XCTAssertTrue(hours.contains(wednesday(15, 59)))
        XCTAssertFalse(hours.contains(wednesday(16, 0)))
        // Saturday 2024-03-16 at noon.
        XCTAssertFalse(hours.contains(wednesday(12, 0).addingTimeInterval(3 * 86400)))
    }

    func testOvernightSession() throws {
        let hours = try XCTUnwrap(TradingHours(parsing: "18:00-17:00", timeZone: newYork))
        XCTAssertTrue(hours.contains(wednesday(18, 30)))
        XCTAssertTrue(hours.contains(wednesday(3, 0)))
        XCTAssertFalse(hours.contains(wednesday(17, 30)))
    }

    func testMalformedWindows() {
        for text in ["9:30", "09:30-", "25:00-26:00", "09:60-10:00", "10:00-10:00", "a-b"] {
            XCTAssertNil(TradingHours(parsing: text, timeZone: newYork), text)
        }
    }
}
