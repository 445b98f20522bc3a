import Foundation
import XCTest
import _TestSupport

/// Every notebook and the quickstart run to completion with the real binary, so they don't rot.
final class NotebookTests: XCTestCase {
    func testEveryNotebookRuns() throws {
        let dir = LunarBinary.repositoryRoot.appendingPathComponent("notebooks")
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".lua") }
        XCTAssertFalse(notebooks.isEmpty)
        XCTAssertGreaterThanOrEqual(notebooks.count, 4, "the tour and three research notebooks")
        let out = try LunarBinary.temporaryDirectory()
        for name in notebooks.sorted() {
            let html = out.appendingPathComponent(name + ".html").path
            let r = try LunarBinary.run(["notebook", "run", dir.appendingPathComponent(name).path, "-o", html], timeout: 600)
            XCTAssertEqual(r.status, 0, "\(name) failed:\n\(r.stderr)")
            let page = try String(contentsOfFile: html, encoding: .utf8)
            XCTAssertFalse(page.contains("<strong>Error:</strong>"), name)
            if name.hasPrefix("0") && name != "00_host_tour.lua" {
                XCTAssertTrue(page.contains("<svg"), "\(name) shows charts inline")
            }
        }
    }

    func testQuickstartRuns() throws {
        let script = LunarBinary.repositoryRoot.appendingPathComponent("scripts/quickstart.lua").path
        let reports = try LunarBinary.temporaryDirectory()
        let r = try LunarBinary.run([script, "--small"], environment: ["LUNAR_REPORT_DIR": reports.path], timeout: 600)
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("quickstart-backtest.html").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("quickstart-model.html").path))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(" passed, 0 failed"), r.stdout)
    }

    func testNotebookRunWritesHTMLAndIpynb() throws {
        let dir = try LunarBinary.temporaryDirectory()
        let notebook = LunarBinary.repositoryRoot.appendingPathComponent("notebooks/00_host_tour.lua").path
        let html = dir.appendingPathComponent("tour.html").path, ipynb = dir.appendingPathComponent("tour.ipynb").path
        let r = try LunarBinary.run(["notebook", "run", notebook, "-o", html, "--ipynb", ipynb])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("<h1>Notebook 00: a tour of the Lunar host</h1>") || page.contains("a tour of the Lunar host"), page)
        XCTAssertTrue(page.contains("caught:"), "printed output is captured")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ipynb))) as! [String: Any]
        XCTAssertEqual(json["nbformat"] as? Int, 4)
        let cells = json["cells"] as! [[String: Any]]
        XCTAssertEqual(cells.filter { $0["cell_type"] as? String == "code" }.count, 4)
        XCTAssertTrue(cells.allSatisfy { $0["id"] != nil })
    }

    func testFailingCellIsNamedAndStopsTheRun() throws {
        let dir = try LunarBinary.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.lua").path
        try "-- %%\nx = 1\n-- %%\nlocal y = nil\nprint(y.z)\n-- %%\nprint('never')\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try LunarBinary.run(["notebook", "run", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("cell 2, line 2"), r.stderr)
        let page = try String(contentsOfFile: dir.appendingPathComponent("bad.html").path, encoding: .utf8)
        XCTAssertTrue(page.contains("cell 2, line 2"))
        XCTAssertFalse(page.contains("<pre>never"), "the run stopped at the failing cell")
        let kept = try LunarBinary.run(["notebook", "run", path, "--keep-going"])
        XCTAssertEqual(kept.status, 1)
        XCTAssertTrue(try String(contentsOfFile: dir.appendingPathComponent("bad.html").path, encoding: .utf8).contains("never"))
    }
}
