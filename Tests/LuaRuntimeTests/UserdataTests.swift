import Foundation
import LuaRuntime
import XCTest

final class UserdataTests: XCTestCase {
    override func setUp() {
        Probe.live = 0
        Probe.closed = 0
    }

    func testDeinitCounterReturnsToZeroAfterCollect() throws {
        let state = makeState()
        try state.execute("local t = {} for i = 1, 1000 do t[i] = probe.new(i) end held = t")
        XCTAssertEqual(Probe.live, 1000)
        try state.execute("held = nil")
        state.collectGarbage()
        XCTAssertEqual(Probe.live, 0)
    }

    func testCloseReleasesOnceAndGcDoesNotReleaseAgain() throws {
        let state = makeState()
        try state.execute("p = probe.new(5)")
        XCTAssertEqual(Probe.live, 1)
        XCTAssertEqual(try state.execute("p:close(); p:close(); return tostring(p)"), [.string("lunar.Probe (closed)")])
        XCTAssertEqual(Probe.live, 0)
        XCTAssertEqual(Probe.closed, 1)
        try state.execute("p = nil")
        state.collectGarbage()
        XCTAssertEqual(Probe.live, 0)  // would be negative on a double release
    }

    func testToBeClosedVariablesReleaseAtScopeEnd() throws {
        let state = makeState()
        try state.execute("""
            do
              local p <close> = probe.new(1)
              inside = #p
            end
            """)
        XCTAssertEqual(Probe.live, 0)
        XCTAssertEqual(state.global("inside"), .integer(1))
    }

    func testMethodsIndexAndToString() throws {
        let state = makeState()
        let r = try state.execute("""
            local p = probe.new(2)
            p:add(3)
            return p:get(), #p, p[3], p.double, tostring(p), p.nosuch
            """)
        XCTAssertEqual(r, [.number(5), .integer(5), .number(15), .number(10), .string("Probe(5.0)"), .nil])
    }

    func testStateCloseReleasesEverything() throws {
        do {
            let state = makeState()
            try state.execute("a = probe.new(1); b = probe.new(2)")
            XCTAssertEqual(Probe.live, 2)
        }
        XCTAssertEqual(Probe.live, 0)
    }
}
