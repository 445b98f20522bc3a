import Foundation
import MarketData
import XCTest

/// Yahoo chart API: request building and parsing of recorded responses (no network in tests).
final class YahooChartTests: XCTestCase {
    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)"))
    }

    func testRequestURLAndLimits() throws {
        let url = try YahooChart.request(symbol: "AAPL", period: "60d", interval: "5m")
        XCTAssertEqual(url.absoluteString,
                       "https://query1.finance.yahoo.com/v8/finance/chart/AAPL?range=60d&interval=5m&includePrePost=false&events=div,splits")
        XCTAssertNoThrow(try YahooChart.request(symbol: "SPY", period: "2y", interval: "1h"))
        XCTAssertNoThrow(try YahooChart.request(symbol: "^GSPC", period: "5y", interval: "1d"))
        XCTAssertThrowsError(try YahooChart.request(symbol: "AAPL", period: "1y", interval: "5m")) {
            XCTAssertTrue("\($0)".contains("at most 60 days"), "\($0)")
        }
        XCTAssertThrowsError(try YahooChart.request(symbol: "AAPL", period: "5y", interval: "3m"))
        XCTAssertThrowsError(try YahooChart.request(symbol: "AAPL", period: "forever", interval: "1d"))
        XCTAssertThrowsError(try YahooChart.request(symbol: "AA PL", period: "1y", interval: "1d"))
    }

    func testDailyBarsLandOnTheExchangeDate() throws {
        let bars = try YahooChart.parse(try fixture("yahoo_AAPL_5d_1d.json"))
        XCTAssertEqual(bars.count, 5)
        XCTAssertEqual(bars.time.map { TimeParsing.formatDate($0) },
                       ["2023-11-13", "2023-11-14", "2023-11-15", "2023-11-16", "2023-11-17"])
        XCTAssertTrue(bars.isDaily)
        XCTAssertEqual(bars.close[0], 184.8000030517578)
        XCTAssertEqual(bars.volume[4], 50_922_700)
        let adjusted = try YahooChart.parse(try fixture("yahoo_AAPL_5d_1d.json"), adjust: true)
        XCTAssertEqual(adjusted.close[0], 183.8441925048828, accuracy: 1e-9)
        XCTAssertEqual(adjusted.open[0], 185.82000732421875 * 183.8441925048828 / 184.8000030517578, accuracy: 1e-9)
    }

    func testIntradayNullBarsAreDropped() throws {
        let bars = try YahooChart.parse(try fixture("yahoo_SPY_1d_5m.json"))
        XCTAssertEqual(bars.count, 5, "the null bar is dropped")
        XCTAssertEqual(bars.time.first, 1_700_231_400)  // 2023-11-17 14:30 UTC, 09:30 in New York
        XCTAssertEqual(bars.interval, 300)
        XCTAssertEqual(bars.volume[3], 0)
    }

    func testAPIErrorsAndBadResponses() throws {
        XCTAssertThrowsError(try YahooChart.parse(try fixture("yahoo_error.json"))) {
            XCTAssertEqual("\($0)", "yahoo: Not Found: No data found, symbol may be delisted")
        }
        XCTAssertThrowsError(try YahooChart.parse(Data("<html>".utf8))) {
            XCTAssertTrue("\($0)".hasPrefix("yahoo: unexpected response"), "\($0)")
        }
    }
}
