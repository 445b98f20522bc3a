import Foundation
import REPL
import XCTest
import _TestSupport

/// The REPL driven through a pseudo-terminal, as a person would use it.
final class REPLTerminalTests: XCTestCase {
    var historyDir: URL!

    func startREPL(_ arguments: [String] = []) throws -> PseudoTerminalProcess {
        historyDir = try LunarBinary.temporaryDirectory()
        var env = ProcessInfo.processInfo.environment
        env["LUNAR_HISTORY"] = historyDir.appendingPathComponent("history").path
        env["TERM"] = "xterm"
        let p = try PseudoTerminalProcess(path: LunarBinary.path, arguments: arguments, environment: env)
        XCTAssertTrue(p.waitFor("lunar> "), p.output)
        return p
    }

    /// Types a line and waits for the next prompt after it; returns the output produced by the line.
    func type(_ p: PseudoTerminalProcess, _ line: String, expect prompt: String = "lunar> ") -> String {
        let mark = p.output.endIndex
        p.send(line + "\r")
        XCTAssertTrue(p.waitFor(prompt, after: p.output.index(mark, offsetBy: 0)), "no prompt after \(line): \(p.output)")
        return String(p.output[mark...])
    }

    func testSessionTranscript() throws {
        let p = try startREPL()
        XCTAssertTrue(type(p, "1+1").contains("\r\n2\r\n"))
        XCTAssertTrue(type(p, "function sq(x)", expect: "   >> ").contains(">> "))
        _ = type(p, "  return x * x", expect: "   >> ")
        _ = type(p, "end")
        let values = type(p, "sq(7), {b = 2, a = {1, 2}}, 'text'")
        XCTAssertTrue(values.contains("49\r\n{a = {1, 2}, b = 2}\r\ntext\r\n"), values)
        XCTAssertFalse(type(p, "sq(8);").contains("64"))
        let err = type(p, "error('oops')")
        XCTAssertTrue(err.contains("stdin:1: oops") && err.contains("stack traceback:"), err)
        XCTAssertTrue(type(p, "sq(3)").contains("9"))
        p.send("\u{4}")
        XCTAssertEqual(p.waitForExit(), 0)
        let history = try String(contentsOf: historyDir.appendingPathComponent("history"), encoding: .utf8)
        XCTAssertTrue(history.contains("sq(7)"), history)
        XCTAssertTrue(history.contains("function\\040sq(x)\\012"), "multi-line chunk is one entry: \(history)")
    }

    func testCtrlCInterruptsRunningCodeAndStateSurvives() throws {
        let p = try startREPL()
        _ = type(p, "keep = 41")
        let mark = p.output.endIndex
        p.send("while true do end\r")
        Thread.sleep(forTimeInterval: 0.5)
        p.send("\u{3}")
        XCTAssertTrue(p.waitFor("interrupted!", after: mark), p.output)
        XCTAssertTrue(p.waitFor("lunar> ", after: mark))
        XCTAssertTrue(type(p, "1+1").contains("\r\n2\r\n"), p.output)
        XCTAssertTrue(type(p, "keep + 1").contains("42"))
        // Ctrl-C at the prompt drops the line being typed.
        let typed = p.output.endIndex
        p.send("this is not lua")
        XCTAssertTrue(p.waitFor("not lua", after: typed))
        p.send("\u{3}")
        XCTAssertTrue(p.waitFor("lunar> ", after: typed), p.output)
        XCTAssertTrue(type(p, "2+2").contains("\r\n4\r\n"), p.output)
        XCTAssertFalse(p.output.contains("near 'is'"), p.output)
        p.send("\u{4}")
        XCTAssertEqual(p.waitForExit(), 0)
    }

    func testTabCompletion() throws {
        let p = try startREPL()
        let mark = p.output.endIndex
        p.send("string.for\t")
        XCTAssertTrue(p.waitFor("mat(", after: mark), p.output)  // libedit redraws: "string.for" + "mat("
        p.send("'%d', 5)\r")
        XCTAssertTrue(p.waitFor("\r\n5\r\nlunar> ", after: mark), p.output)
        p.send("\u{4}")
        XCTAssertEqual(p.waitForExit(), 0)
    }

    func testInteractiveAfterScriptAndHelp() throws {
        let dir = try LunarBinary.temporaryDirectory()
        let script = dir.appendingPathComponent("setup.lua").path
        try "prepared = 'from script'\nprint('script ran')".write(toFile: script, atomically: true, encoding: .utf8)
        let p = try startREPL(["-i", script])
        XCTAssertTrue(p.output.contains("script ran"), p.output)
        XCTAssertTrue(type(p, "prepared").contains("from script"))
        let overview = type(p, "help()")
        XCTAssertTrue(overview.contains("lunar.core"), overview)
        let doc = type(p, "help(lunar.core.docs)")
        XCTAssertTrue(doc.contains("lunar.core.docs([prefix])"), doc)
        XCTAssertTrue(type(p, "who()").contains("prepared"), p.output)
        p.send("\u{4}")
        XCTAssertEqual(p.waitForExit(), 0)
    }

    func testHugeOutputDoesNotHangTheREPL() throws {
        let p = try startREPL()
        let out = type(p, "string.rep('x', 10000000)")
        XCTAssertTrue(out.contains("more bytes"), String(out.suffix(200)))
        let t = type(p, "local t = {} for i = 1, 1000000 do t[i] = i end return t")
        XCTAssertTrue(t.contains("more)"), String(t.suffix(200)))
        XCTAssertTrue(type(p, "#_LAST").contains("1000000"))
        p.send("\u{4}")
        XCTAssertEqual(p.waitForExit(), 0)
    }
}
