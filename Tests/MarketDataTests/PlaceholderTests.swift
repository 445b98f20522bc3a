import XCTest
@testable import MarketData

final class PlaceholderTests: XCTestCase {
    func testNothing() {}
}
