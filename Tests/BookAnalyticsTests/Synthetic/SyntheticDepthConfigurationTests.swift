import XCTest
@testable import BookAnalytics

/// Oracle: the documented parameter names and defaults; a configuration set field by field.
final class SyntheticDepthConfigurationTests: XCTestCase {
    func testEveryListedParameterCanBeSetByName() throws {
        var c = SyntheticDepthConfiguration()
        try c.set("depth", to: .number(20))
        try c.set("tickSize", to: .number(0.05))
        try c.set("style", to: .string("endOnly"))
        try c.set("emitTrades", to: .boolean(false))
        try c.set("marketMakers", to: .strings(["ARCA", "NSDQ"]))
        try c.set("stream", to: .number(4))
        XCTAssertEqual(c.depth, 20)
        XCTAssertEqual(c.tickSize, 0.05)
        XCTAssertEqual(c.style, .endOnly)
        XCTAssertFalse(c.emitTrades)
        XCTAssertEqual(c.marketMakers, ["ARCA", "NSDQ"])
        XCTAssertEqual(c.stream, 4)
        try c.set("startTimestamp", to: .integer(1_700_000_000_123_456_789))
        XCTAssertEqual(c.startTimestamp, 1_700_000_000_123_456_789)
        var all = SyntheticDepthConfiguration()
        for p in SyntheticDepthConfiguration.parameters {
            let value: BookParameterValue
            switch p.name {
            case "style": value = .string(p.defaultValue)
            case "emitTrades": value = .boolean(true)
            case "marketMakers": value = .strings([])
            case "startTimestamp": value = .integer(Int64(p.defaultValue)!)
            default: value = .number(Double(p.defaultValue)!)
            }
            XCTAssertNoThrow(try all.set(p.name, to: value), p.name)
        }
        XCTAssertEqual(all, SyntheticDepthConfiguration(), "the listed defaults are the real defaults")
    }

    func testMistakesGetActionableErrors() {
        var c = SyntheticDepthConfiguration()
        XCTAssertThrowsError(try c.set("dept", to: .number(3))) {
            XCTAssertEqual($0 as? SyntheticDepthError, .unknownParameter(name: "dept", suggestion: "depth"))
            XCTAssertTrue("\($0)".contains("did you mean depth?"))
        }
        XCTAssertThrowsError(try c.set("zzzzzzzz", to: .number(3))) { XCTAssertTrue("\($0)".contains("known:")) }
        XCTAssertThrowsError(try c.set("depth", to: .number(2.5)))
        XCTAssertThrowsError(try c.set("depth", to: .string("10")))
        XCTAssertThrowsError(try c.set("style", to: .string("sideways")))
    }

    func testFeatureParametersByName() throws {
        var f = BookFeatureConfiguration()
        try f.set("window", to: 50)
        try f.set("impactQuantity", to: 250)
        try f.set("levels", to: 3)
        XCTAssertEqual(f, BookFeatureConfiguration(levels: 3, impactQuantity: 250, window: 50))
        XCTAssertThrowsError(try f.set("windw", to: 5)) { XCTAssertTrue("\($0)".contains("did you mean window?")) }
        XCTAssertThrowsError(try f.set("window", to: 2.5))
        XCTAssertEqual(BookFeatureConfiguration.parameters.map(\.defaultValue), ["5", "1000", "20"])
    }
}
