import Foundation
import XCTest
import _TestSupport

/// Every notebook and the quickstart run to completion with the real binary, so they don't rot.
final class NotebookTests: XCTestCase {
    func testEveryNotebookRuns() throws {
        let dir = LunarBinary.repositoryRoot.appendingPathComponent("notebooks")
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".lua") }
        XCTAssertFalse(notebooks.isEmpty)
        for name in notebooks.sorted() {
            let r = try LunarBinary.run([dir.appendingPathComponent(name).path], timeout: 600)
            XCTAssertEqual(r.status, 0, "\(name) failed:\n\(r.stderr)")
        }
    }

    func testQuickstartRuns() throws {
        let script = LunarBinary.repositoryRoot.appendingPathComponent("scripts/quickstart.lua").path
        let r = try LunarBinary.run([script, "--small"], timeout: 600)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(" passed, 0 failed"), r.stdout)
    }
}
