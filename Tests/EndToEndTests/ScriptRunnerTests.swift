import Foundation
import XCTest
import _TestSupport

final class ScriptRunnerTests: XCTestCase {
    func write(_ code: String, name: String = "script.lua") throws -> String {
        let dir = try LunarBinary.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try code.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testScriptGetsArgTableAndVarargs() throws {
        let path = try write("print(arg[0], #arg, arg[1], arg[2], select('#', ...), ...)")
        let r = try LunarBinary.run([path, "a", "--b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "\(path)\t2\ta\t--b\t2\ta\t--b\n")
        let r2 = try LunarBinary.run(["run", path, "x"])
        XCTAssertEqual(r2.stdout, "\(path)\t1\tx\tnil\t1\tx\n")
    }

    func testScriptErrorExitsOneWithPositionAndTraceback() throws {
        let path = try write("local function f()\n  error('bad thing')\nend\nf()\n")
        let r = try LunarBinary.run([path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("lunar: \(path):2: bad thing\nstack traceback:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("in local 'f'") || r.stderr.contains("in function 'f'"), r.stderr)
    }

    func testSyntaxErrorShowsFileAndLine() throws {
        let path = try write("x = 1\ny = = 2\n")
        let r = try LunarBinary.run([path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "lunar: \(path):2: unexpected symbol near '='\n")
    }

    func testMissingScriptIsOneLineAndExitOne() throws {
        let r = try LunarBinary.run(["/nonexistent/nope.lua"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot open /nonexistent/nope.lua"), r.stderr)
    }

    func testUsageErrorExitsTwo() throws {
        let r = try LunarBinary.run(["--no-such-option"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unrecognized option '--no-such-option'"), r.stderr)
        XCTAssertEqual(try LunarBinary.run(["bench", "nosuchsuite"]).status, 2)
    }

    func testExecuteLibraryAndVersion() throws {
        let r = try LunarBinary.run(["-l", "p=lunar.pretty", "-e", "print(p.format({b=1, a={2}}))"])
        XCTAssertEqual(r.stdout, "{a = {2}, b = 1}\n", r.stderr)
        let v = try LunarBinary.run(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.stdout.hasPrefix("0."), v.stdout)
        XCTAssertEqual(try LunarBinary.run(["-e", "print(lunar.version)"]).stdout, v.stdout)
        let h = try LunarBinary.run(["help"])
        XCTAssertEqual(h.status, 0)
        XCTAssertTrue(h.stdout.contains("lunar FILE.lua"), h.stdout)
    }

    func testStandardInputRunsAsOneChunk() throws {
        let r = try LunarBinary.run([], stdin: "local t = {}\nfor i = 1, 3 do t[i] = i * i end\nprint(table.concat(t, ','))\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "1,4,9\n")
        XCTAssertEqual(try LunarBinary.run(["-", "x"], stdin: "print(arg[1])").stdout, "x\n")
        let bad = try LunarBinary.run([], stdin: "error('from stdin')")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("lunar: stdin:1: from stdin"), bad.stderr)
    }

    func testShebangScriptsRunDirectly() throws {
        let path = try write("#!/usr/bin/env lunar\nprint('shebang ok', debug.getinfo(1, 'l').currentline)\n")
        let r = try LunarBinary.run([path])
        XCTAssertEqual(r.stdout, "shebang ok\t2\n", r.stderr)
    }

    func testLunarInitRunsFirstUnlessIgnored() throws {
        let env = ["LUNAR_INIT": "greeting = 'hi'"]
        XCTAssertEqual(try LunarBinary.run(["-e", "print(greeting)"], environment: env).stdout, "hi\n")
        XCTAssertEqual(try LunarBinary.run(["-E", "-e", "print(greeting)"], environment: env).stdout, "nil\n")
    }

    func testHugeOutputDoesNotHang() throws {
        let r = try LunarBinary.run(["-e", "for i = 1, 200000 do print(i) end"], timeout: 60)
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasSuffix("199999\n200000\n"))
    }

    func testScriptThatNeverEndsIsInterruptible() throws {
        let path = try write("while true do end")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LunarBinary.path)
        process.arguments = [path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(stderr.contains("interrupted!"), stderr)
    }

    func testLuaLevelTestsPass() throws {
        let r = try LunarBinary.run(["-e", "local p, f = lunar.test(); os.exit(f == 0 and p > 0 and 0 or 1)"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains(" passed, 0 failed"), r.stdout)
    }

    func testStdlibIsFoundThroughLunarPath() throws {
        let r = try LunarBinary.run(["-e", "print(1)"], environment: ["LUNAR_PATH": "/nonexistent"])
        XCTAssertEqual(r.status, 0, "falls back to the next candidate: \(r.stderr)")
        let dir = try LunarBinary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lunar"), withIntermediateDirectories: true)
        try "return { version = 'custom' }".write(to: dir.appendingPathComponent("lunar/init.lua"), atomically: true, encoding: .utf8)
        let c = try LunarBinary.run(["-e", "print(lunar.version)"], environment: ["LUNAR_PATH": dir.path])
        XCTAssertEqual(c.stdout, "custom\n", c.stderr)
    }
}
