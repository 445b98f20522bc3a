import XCTest

/// Asserts `a` and `b` are both NaN, or equal within `relative` tolerance (absolute near zero).
func assertClose(
    _ a: Double, _ b: Double, relative: Double = 1e-9, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    if a.isNaN || b.isNaN {
        XCTAssertTrue(a.isNaN && b.isNaN, "\(a) vs \(b) \(message())", file: file, line: line)
        return
    }
    let tolerance = relative * max(1, abs(a), abs(b))
    XCTAssertLessThanOrEqual(abs(a - b), tolerance, "\(a) vs \(b) \(message())", file: file, line: line)
}

/// Whether `a` and `b` are both NaN or equal within `relative` tolerance.
func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= relative * max(1, abs(a), abs(b))
}
