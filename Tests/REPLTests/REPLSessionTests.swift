import LuaBindings
import LuaRuntime
import REPL
import XCTest

/// Feeds scripted lines and records prompts and history.
final class ScriptedReader: LineReader {
    var lines: [LineReadResult]
    var prompts: [String] = []
    var history: [String] = []
    init(_ lines: [LineReadResult]) { self.lines = lines }
    func readLine(prompt: String) -> LineReadResult {
        prompts.append(prompt)
        return lines.isEmpty ? .endOfInput : lines.removeFirst()
    }
    func addHistory(_ entry: String) { history.append(entry) }
}

final class REPLSessionTests: XCTestCase {
    func testMultiLineChunksContinueAndAreOneHistoryEntry() throws {
        let state = try LunarHost.makeState()
        let reader = ScriptedReader([
            .line("function twice(x)"), .line("  return 2 * x"), .line("end"),
            .line("y = twice(21);"), .line("s = [[a"), .line("b]]"),
        ])
        var errors = ""
        REPLSession(state: state, reader: reader, errorOutput: { errors += $0 }).run()
        XCTAssertEqual(reader.prompts, [
            REPLSession.prompt, REPLSession.continuationPrompt, REPLSession.continuationPrompt,
            REPLSession.prompt, REPLSession.prompt, REPLSession.continuationPrompt, REPLSession.prompt,
        ])
        XCTAssertEqual(reader.history, ["function twice(x)\n  return 2 * x\nend", "y = twice(21);", "s = [[a\nb]]"])
        XCTAssertEqual(state.global("y"), .integer(42))
        XCTAssertEqual(state.global("s"), .string("a\nb"))
        XCTAssertEqual(errors, "")
    }

    func testErrorsAreReportedAndTheSessionGoesOn() throws {
        let state = try LunarHost.makeState()
        let reader = ScriptedReader([.line("error('boom')"), .line("x = = 1"), .line("ok = true")])
        var errors = ""
        REPLSession(state: state, reader: reader, errorOutput: { errors += $0 }).run()
        XCTAssertTrue(errors.contains("stdin:1: boom\nstack traceback:"), errors)
        XCTAssertTrue(errors.contains("stdin:1: unexpected symbol near '='"), errors)
        XCTAssertEqual(state.global("ok"), .boolean(true))
    }

    func testInterruptAtPromptDropsThePartialChunk() throws {
        let state = try LunarHost.makeState()
        let reader = ScriptedReader([.line("function f("), .interrupted, .line("z = 3")])
        REPLSession(state: state, reader: reader, errorOutput: { _ in }).run()
        XCTAssertEqual(state.global("z"), .integer(3))
        XCTAssertEqual(reader.history, ["z = 3"])
    }

    func testLastResultIsKept() throws {
        let state = try LunarHost.makeState()
        let session = REPLSession(state: state, reader: ScriptedReader([]), errorOutput: { _ in })
        XCTAssertEqual(session.evaluate("40 + 2;"), .done)
        XCTAssertEqual(state.global("_LAST"), .integer(42))
        XCTAssertEqual(session.evaluate("for i = 1, 3 do"), .incomplete)
    }
}
