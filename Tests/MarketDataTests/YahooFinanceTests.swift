import Foundation
import XCTest
@testable import MarketData

/// Yahoo chart parsing on responses shipped with the tests (no network).
final class YahooFinanceTests: XCTestCase {
    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)"))
    }

    func testRequestURL() throws {
        let url = try YahooFinance.request(symbol: "AAPL", period: "60d", interval: "5m")
        XCTAssertEqual(url.absoluteString, "https://query1.finance.yahoo.com/v8/finance/chart/AAPL?range=60d"
            + "&interval=5m&includePrePost=false&events=div,split")
        XCTAssertTrue(try YahooFinance.request(symbol: "^GSPC", period: "2y", interval: "1h").absoluteString
            .contains("/chart/%5EGSPC?range=2y&interval=1h"))
        XCTAssertNoThrow(try YahooFinance.request(symbol: "SPY", period: "5y", interval: "1d"))
        XCTAssertThrowsError(try YahooFinance.request(symbol: "SPY", period: "1y", interval: "5m")) { e in
            XCTAssertEqual("\(e)", "yahoo: Yahoo serves at most 60 days of 5m bars; got period 1y")
        }
        XCTAssertThrowsError(try YahooFinance.request(symbol: "SPY", period: "1y", interval: "7m"))
        XCTAssertThrowsError(try YahooFinance.request(symbol: "a b", period: "1y", interval: "1d"))
    }

    func testIntradayResponseNullsDuplicatesAndTimeZone() throws {
        let bars = try YahooFinance.parse(try fixture("yahoo_AAPL_60d_5m.json"))
        // 8 stamps: one null bar dropped, one repeated live bar dropped.
        XCTAssertEqual(bars.count, 6)
        // Exchange wall-clock times across the DST change (EST on March 8, EDT on March 11).
        XCTAssertEqual(bars.time.map { TimeParsing.formatDateTime($0) }, [
            "2024-03-08T09:30:00", "2024-03-08T09:35:00", "2024-03-08T09:45:00",
            "2024-03-11T09:30:00", "2024-03-11T09:35:00", "2024-03-11T09:40:00",
        ])
        XCTAssertEqual(bars.close, [170.4, 170.8, 171.1, 171.0, 170.9, 170.6])
        XCTAssertEqual(bars.volume[0], 1_520_300)
        XCTAssertEqual(try bars.resample("1d").count, 2)
    }

    func testDailyResponseWithAdjustment() throws {
        let data = try fixture("yahoo_AAPL_5y_1d.json")
        let bars = try YahooFinance.parse(data)
        XCTAssertTrue(bars.isDaily)
        XCTAssertEqual(bars.time.map(TimeParsing.formatDate), ["2024-03-07", "2024-03-08", "2024-03-11"])
        let adj = try YahooFinance.parse(data, adjust: true)
        XCTAssertEqual(adj.close[0], 168.5, accuracy: 1e-12)
        XCTAssertEqual(adj.open[0], 169.15 * 168.5 / 169.0, accuracy: 1e-12)
    }

    func testErrorResponses() throws {
        XCTAssertThrowsError(try YahooFinance.parse(try fixture("yahoo_error.json"))) { e in
            XCTAssertEqual(e as? YahooError, .api("Not Found: No data found, symbol may be delisted"))
        }
        XCTAssertThrowsError(try YahooFinance.parse(Data("<html>".utf8))) { e in
            guard case .badResponse? = e as? YahooError else { return XCTFail("\(e)") }
        }
    }
}
