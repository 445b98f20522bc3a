import Foundation
import LuaRuntime
import XCTest

final class TrampolineTests: XCTestCase {
    func testSwiftErrorIsCaughtByPcallWithPosition() throws {
        let state = makeState()
        let r = try state.execute("""
            return pcall(function()
              return probe.fail()
            end)
            """, name: "=chunk")
        XCTAssertEqual(r, [.boolean(false), .string("chunk:2: something went wrong in Swift")])
    }

    func testArgumentErrorsReadLikeLuas() throws {
        let state = makeState()
        func message(_ code: String) throws -> String {
            let r = try state.execute("local ok, e = pcall(function() \(code) end) return e", name: "=c")
            guard case .string(let s) = r.first else { return "no error" }
            return s
        }
        XCTAssertEqual(try message("probe.sma(probe.new(1))"), "c:1: bad argument #2 to 'sma' (number expected, got no value)")
        XCTAssertEqual(try message("probe.sma(probe.new(1), nil)"), "c:1: bad argument #2 to 'sma' (number expected, got nil)")
        XCTAssertEqual(try message("probe.sma(3, 4)"), "c:1: bad argument #1 to 'sma' (lunar.Probe expected, got number)")
        XCTAssertEqual(try message("probe.period(1.5)"), "c:1: bad argument #1 to 'period' (number has no integer representation)")
        XCTAssertEqual(try message("local p = probe.new(1); p:add('x')"), "c:1: bad argument #1 to 'add' (number expected, got string)")
        XCTAssertEqual(try message("local p = probe.new(1); p.add(3, 1)"), "c:1: bad argument #1 to 'add' (lunar.Probe expected, got number)")
        XCTAssertEqual(try message("local p = probe.new(1); p.get({})"), "c:1: bad argument #1 to 'get' (lunar.Probe expected, got table)")
        XCTAssertEqual(try message("local p = probe.new(1); local get = p.get; p:close(); p:get()"), "c:1: calling 'get' on bad self (lunar.Probe is closed)")
        XCTAssertEqual(try message("probe.configure{untis = 3}"), "c:1: bad argument #1 to 'configure' (unknown option 'untis' (did you mean 'units'?))")
        XCTAssertEqual(try message("probe.configure{units = 'many'}"), "c:1: bad argument #1 to 'configure' (field 'units': integer expected, got string)")
        XCTAssertEqual(try state.execute("return probe.configure{dropout = 0.5}"), [.array([.integer(64), .number(0.5)])])
        XCTAssertEqual(try state.execute("return probe.period('7')"), [.integer(7)])
    }

    func testLuaErrorInCallbackReachesSwiftAsTypedError() throws {
        let state = makeState()
        try state.execute("function bad(x) local y = x.field.missing return y end")
        state.pushGlobalPath(["bad"])
        let ref = state.reference(-1)
        state.pop()
        XCTAssertThrowsError(try ref.call([.integer(1)])) { error in
            guard case LuaError.runtime(let message, let traceback) = error as! LuaError else { return XCTFail() }
            XCTAssertTrue(message.contains("attempt to index a number value"), message)
            XCTAssertTrue(traceback.contains("in function 'bad'"), traceback)
        }
        // And through a Swift function back into Lua's pcall: the original message survives.
        let r = try state.execute("return pcall(probe.invoke, function() error('from callback') end)", name: "=x")
        XCTAssertEqual(r, [.boolean(false), .string("x:1: from callback")])
        XCTAssertEqual(try state.execute("return probe.invoke(function(a, b) return a + b, 'ok' end, 2, 3)"),
                       [.integer(5), .string("ok")])
    }

    func testYieldAcrossSwiftCallIsAnErrorNotACrash() throws {
        let state = makeState()
        let r = try state.execute("""
            local co = coroutine.create(function()
              probe.invoke(function() coroutine.yield(1) end)
            end)
            return coroutine.resume(co)
            """)
        XCTAssertEqual(r.first, .boolean(false))
        guard case .string(let message) = r.last else { return XCTFail("\(r)") }
        XCTAssertTrue(message.contains("attempt to yield across a C-call boundary"), message)
        XCTAssertEqual(try state.execute("return 1 + 1"), [.integer(2)])
    }

    func testReferencesAreReleased() throws {
        let state = makeState()
        XCTAssertEqual(state.liveReferenceCount, 0)
        do {
            var refs: [LuaRef] = []
            for _ in 0..<10 {
                try state.load("return 1", name: "=r")
                refs.append(state.reference(-1))
                state.pop()
            }
            XCTAssertEqual(state.liveReferenceCount, 10)
        }
        XCTAssertEqual(state.liveReferenceCount, 0)
        _ = try state.execute("for i = 1, 100 do probe.invoke(function() end) end")
        XCTAssertEqual(state.liveReferenceCount, 0)
    }

    func testInterruptStopsLuaLoopsEvenUnderPcall() throws {
        let state = makeState()
        for code in ["while true do end", "while true do pcall(function() while true do end end) end"] {
            Interrupt.arm(state)
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { Interrupt.request() }
            XCTAssertThrowsError(try state.execute(code)) { error in
                XCTAssertTrue((error as! LuaError).message.contains("interrupted!"), "\(error)")
            }
            Interrupt.disarm()
            XCTAssertEqual(try state.execute("return 1 + 1"), [.integer(2)], "state intact after interrupt")
        }
    }

    func testInterruptStopsLongSwiftWork() throws {
        let state = makeState()
        Interrupt.arm(state)
        defer { Interrupt.disarm() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { Interrupt.request() }
        XCTAssertThrowsError(try state.execute("probe.spin()", name: "=s")) { error in
            XCTAssertEqual((error as! LuaError).message, "s:1: interrupted!")
        }
    }

    func testModulesAreDocumented() throws {
        let state = makeState()
        XCTAssertEqual(state.documentation.records["lunar.probe.new"]?.signature, "new(x)")
        XCTAssertEqual(state.documentation.records["lunar.Probe:add"]?.summary, "Adds x to the value.")
        try state.execute("f = probe.new")
        state.pushGlobalPath(["f"])
        XCTAssertEqual(state.documentation.name(ofValueAt: -1, state: state), "lunar.probe.new")
        state.pop()
    }
}
