import Foundation
import LuaRuntime
import XCTest

final class LuaStateTests: XCTestCase {
    func testValuesRoundTrip() throws {
        let state = LuaState()
        let values: [LuaValue] = [
            .nil, .boolean(true), .boolean(false), .integer(42), .integer(Int64.min), .number(1.5),
            .number(-0.0), .number(.infinity), .string(""), .string("héllo ∑ \u{1F600}"),
            .array([.integer(1), .string("two"), .array([.number(3.25)])]),
            .table([.string("a"): .integer(1), .string("nested"): .table([.string("b"): .boolean(false)])]),
        ]
        for v in values {
            state.push(v)
            XCTAssertEqual(state.value(at: -1), v)
            state.pop()
        }
        XCTAssertEqual(state.top, 0)
        // Through Lua code and back.
        state.setGlobal("x", .array([.integer(1), .number(2.5), .string("s")]))
        XCTAssertEqual(try state.execute("return x[1] + 1, x[2] * 2, x[3] .. '!', #x"),
                       [.integer(2), .number(5), .string("s!"), .integer(3)])
        XCTAssertEqual(try state.execute("return math.type(1), math.type(1.0)"),
                       [.string("integer"), .string("float")])
    }

    func testSyntaxErrorsSayWhetherInputIsIncomplete() {
        let state = LuaState()
        XCTAssertThrowsError(try state.load("function f(", name: "=stdin")) { error in
            guard case LuaError.syntax(let message, let incomplete) = error as! LuaError else { return XCTFail() }
            XCTAssertTrue(incomplete, message)
        }
        XCTAssertThrowsError(try state.load("x = = 1", name: "=stdin")) { error in
            guard case LuaError.syntax(let message, let incomplete) = error as! LuaError else { return XCTFail() }
            XCTAssertFalse(incomplete)
            XCTAssertTrue(message.hasPrefix("stdin:1:"), message)
        }
        XCTAssertThrowsError(try state.load("s = [[long", name: "=stdin")) { error in
            guard case LuaError.syntax(_, let incomplete) = error as! LuaError else { return XCTFail() }
            XCTAssertTrue(incomplete)
        }
    }

    func testRuntimeErrorsCarryMessageAndTraceback() {
        let state = LuaState()
        XCTAssertThrowsError(try state.execute("local function inner() error('deep') end inner()", name: "=t")) {
            guard case LuaError.runtime(let message, let traceback) = $0 as! LuaError else { return XCTFail() }
            XCTAssertEqual(message, "t:1: deep")
            XCTAssertTrue(traceback.contains("stack traceback:"), traceback)
            XCTAssertTrue(traceback.contains("in local 'inner'") || traceback.contains("inner"), traceback)
        }
        XCTAssertEqual(state.top, 0)
    }

    func testNonStringErrorObjectsAreDescribed() {
        let state = LuaState()
        XCTAssertThrowsError(try state.execute("error(setmetatable({}, {__tostring = function() return 'E!' end}))"))
        {
            XCTAssertEqual(($0 as! LuaError).message, "E!")
        }
        XCTAssertThrowsError(try state.execute("error({})")) {
            XCTAssertTrue(($0 as! LuaError).message.contains("table"), ($0 as! LuaError).message)
        }
    }
}
