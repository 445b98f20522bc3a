import Foundation
import LuaRuntime
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class PlotBindingTests: XCTestCase {
    func testChartsFromLuaAreValidSVG() throws {
        let state = try makeHost()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try state.execute("""
            bars = lunar.data.synthetic{bars = 300, seed = 2}
            local f, s = lunar.ta.sma(bars.close, 10), lunar.ta.sma(bars.close, 30)
            result = lunar.backtest.run{bars = bars, entries = f:cross_above(s), exits = f:cross_below(s)}
            lunar.plot.line({bars.close, s}, {title = "close"}):save('\(dir.path)/line.svg')
            lunar.plot.equity(result):save('\(dir.path)/equity.svg')
            lunar.plot.candles(bars:tail(50)):save('\(dir.path)/candles.svg')
            lunar.plot.hist(bars.close:pct_change()):save('\(dir.path)/hist.svg')
            lunar.plot.training({loss = {0.7, 0.69}, val_loss = {0.71, 0.7}, val_auc = {0.5, 0.52}}):save('\(dir.path)/training.svg')
            """)
        for name in ["line", "equity", "candles", "hist", "training"] {
            let data = try Data(contentsOf: dir.appendingPathComponent("\(name).svg"))
            XCTAssertNoThrow(try XMLDocument(data: data), name)
        }
        let line = try String(contentsOf: dir.appendingPathComponent("line.svg"), encoding: .utf8)
        XCTAssertTrue(line.contains("close"), "title in the SVG")
        XCTAssertTrue(try errorMessage(state, "lunar.plot.line(bars.close):save('/nonexistent/x/y.svg')").contains("cannot write"))
        XCTAssertTrue(try errorMessage(state, "lunar.plot.hist(42)").contains("bad argument #1 to 'hist'"))
    }

    func testReportsHaveEverySection() throws {
        let state = try makeHost()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try state.execute("""
            bars = lunar.data.synthetic{bars = 400, seed = 2}
            local f, s = lunar.ta.sma(bars.close, 10), lunar.ta.sma(bars.close, 30)
            lunar.backtest.run{bars = bars, entries = f:cross_above(s), exits = f:cross_below(s)}:report('\(dir.path)/tear.html')
            local m = lunar.nn.lstm{units = {4}, dense = {2}, sequence = 10}
            m:fit(bars, {epochs = 1, verbose = false})
            m:report('\(dir.path)/model.html', lunar.data.synthetic{bars = 200, seed = 9})
            """)
        let tear = try String(contentsOfFile: dir.appendingPathComponent("tear.html").path, encoding: .utf8)
        for section in ["Equity and drawdown", "Monthly returns", "Trade statistics", "Costs"] {
            XCTAssertTrue(tear.contains(section), section)
        }
        XCTAssertFalse(tear.contains("http://") && tear.contains("<script"), "self-contained")
        let model = try String(contentsOfFile: dir.appendingPathComponent("model.html").path, encoding: .utf8)
        for section in ["Training curves", "ROC curve", "Calibration", "Confusion matrix", "Prediction distribution", "base rate"] {
            XCTAssertTrue(model.contains(section), section)
        }
    }
}
