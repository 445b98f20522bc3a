import XCTest
@testable import IBKR
final class PlaceholderTests: XCTestCase { func testNothing() {} }
