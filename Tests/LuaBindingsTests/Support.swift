import Foundation
import LuaBindings
import LuaRuntime
import XCTest

/// The shared data folder beside the repository (`../shared`).
let sharedDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

/// Reads a fixture CSV (header + rows; empty cell = NaN) into named columns.
func readFixture(_ name: String) throws -> [String: [Double]] {
    let text = try String(contentsOf: sharedDirectory.appendingPathComponent("fixtures/indicators/\(name)"), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    var columns = [String: [Double]]()
    for line in lines {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        for (k, cell) in cells.enumerated() { columns[header[k], default: []].append(Double(cell) ?? .nan) }
    }
    return columns
}

/// A host state with the full stdlib and bindings.
func makeHost() throws -> LuaState { try LunarHost.makeState() }

/// Runs code and returns the numbers of the array it returns.
func numbers(_ state: LuaState, _ code: String) throws -> [Double] {
    guard case .array(let items) = try state.execute(code).first ?? .nil else {
        XCTFail("no array from \(code)")
        return []
    }
    return items.map {
        switch $0 {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        default: return .nan
        }
    }
}

/// The message of the error `code` raises.
func errorMessage(_ state: LuaState, _ code: String) throws -> String {
    let r = try state.execute("local ok, e = pcall(function() \(code) end) return ok, e", name: "=t")
    guard r.first == .boolean(false), case .string(let m) = r.last else { return "no error: \(r)" }
    return m
}

/// Same values, NaN where NaN, within 1e-12 absolute or 1e-9 relative.
func assertClose(_ a: [Double], _ b: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, what, file: file, line: line)
    for i in 0..<min(a.count, b.count) {
        if a[i].isNaN || b[i].isNaN {
            if a[i].isNaN != b[i].isNaN { XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])", file: file, line: line); return }
            continue
        }
        let d = abs(a[i] - b[i])
        if d > 1e-12 && d > 1e-9 * abs(b[i]) {
            XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])", file: file, line: line)
            return
        }
    }
}
