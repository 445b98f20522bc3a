import XCTest
@testable import BookAnalytics

/// Oracle: the feature table of features.md (names and order copied from the spec).
final class BookFeaturesTests: XCTestCase {
    func testNamesAndOrderAreTheSpecs() {
        XCTAssertEqual(BookFeatures.names, [
            "imbalance_1", "imbalance_5", "spread_bps", "bid_volume_5", "ask_volume_5", "microprice_offset_bps",
            "vwap_mid_offset_bps", "bid_pressure", "ask_pressure", "buy_impact_bps", "sell_impact_bps",
            "bid_depth_slope", "ask_depth_slope", "imbalance_momentum", "spread_volatility", "imbalance_mean",
            "mid_return_bps",
        ])
        XCTAssertEqual(BookFeatures.count, 17)
    }

    func testIndexingAndNamesAgree() {
        let values = (0..<17).map { Double($0) * 1.5 }
        let f = BookFeatures(values: values)
        XCTAssertEqual(f.values, values)
        XCTAssertEqual(f["spread_bps"], 3)
        XCTAssertEqual(f["mid_return_bps"], 24)
        XCTAssertEqual(f.midReturnBps, 24)
        XCTAssertNil(f["nope"])
        XCTAssertTrue(f.isComplete)
        XCTAssertFalse(BookFeatures().isComplete)
        XCTAssertEqual(BookFeatures(), BookFeatures())
    }
}
