import LuaBindings
import LuaRuntime
import REPL
import XCTest

final class CompleterTests: XCTestCase {
    var state: LuaState!
    var completer: Completer!

    override func setUpWithError() throws {
        state = try LunarHost.makeState()
        completer = Completer(state: state)
    }

    func testGlobalsAndFields() {
        XCTAssertEqual(completer.candidates(line: "string.for", word: "string.for", start: 0), ["string.format("])
        XCTAssertTrue(completer.candidates(line: "pri", word: "pri", start: 0).contains("print("))
        XCTAssertTrue(completer.candidates(line: "x = ma", word: "ma", start: 4).contains("math."))
        XCTAssertTrue(completer.candidates(line: "whi", word: "whi", start: 0).contains("while"))
    }

    func testLunarModulesAreOfferedBeforeTheyLoad() {
        let names = completer.candidates(line: "lunar.", word: "lunar.", start: 0)
        XCTAssertTrue(names.contains("lunar.core."), "\(names)")
        XCTAssertTrue(names.contains("lunar.help("), "\(names)")
        XCTAssertFalse(names.contains { $0.hasPrefix("lunar._") }, "private names hidden: \(names)")
        // Documented functions of a module that is not loaded yet complete from its help records.
        state.preload(LuaModule(name: "lunar.extra", summary: "Not loaded yet.", functions: [
            LuaFunctionSpec("alpha", "alpha(x)", "A function.") { _ in 0 },
        ]))
        XCTAssertTrue(completer.candidates(line: "lunar.", word: "lunar.", start: 0).contains("lunar.extra."))
        XCTAssertEqual(completer.candidates(line: "lunar.extra.al", word: "lunar.extra.al", start: 0),
                       ["lunar.extra.alpha("])
        XCTAssertEqual(try state.execute("return rawget(lunar, 'extra')"), [.nil], "completion loaded nothing")
    }

    func testMethodsThroughMetatables() throws {
        try state.execute("""
            local Account = {}; Account.__index = Account
            function Account:deposit(x) end
            function Account:withdraw(x) end
            acct = setmetatable({}, Account)
            f = io.stdout
            """)
        XCTAssertEqual(completer.candidates(line: "acct:de", word: "acct:de", start: 0), ["acct:deposit("])
        XCTAssertEqual(completer.candidates(line: "acct:", word: "acct:", start: 0).count, 2)
        XCTAssertTrue(completer.candidates(line: "f:wr", word: "f:wr", start: 0).contains("f:write("))
    }

    func testModuleNamesAfterRequire() {
        let names = completer.candidates(line: "require \"lunar.", word: "lunar.", start: 9)
        XCTAssertTrue(names.contains("lunar.core"), "\(names)")
        XCTAssertTrue(names.contains("lunar.pretty"), "\(names)")
        XCTAssertEqual(completer.candidates(line: "require('lunar.pre", word: "lunar.pre", start: 9), ["lunar.pretty"])
    }

    func testLibeditReceivesCommonPrefixFirst() {
        completer.install()
        XCTAssertEqual(completer.libeditMatches(line: "x = string.for"), ["string.format("])
        let m = completer.libeditMatches(line: "string.re")
        XCTAssertEqual(m, ["string.re", "string.rep(", "string.reverse("])  // common prefix first
        XCTAssertEqual(completer.libeditMatches(line: "nosuchthing."), [])
    }

    func testCompletionRunsNoLuaCode() throws {
        try state.execute("""
            trap = setmetatable({}, {__index = function() error('ran a metamethod') end})
            """)
        XCTAssertEqual(completer.candidates(line: "trap.x", word: "trap.x", start: 0), [])
    }
}
