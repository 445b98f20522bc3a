import Foundation
import LuaBindings
import LuaRuntime
import XCTest

/// `lunar.models`: the registry from Lua, the policy, load_deployed, config and auc.
final class ModelsBindingTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-models-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testRegisterDecidePromoteRollbackAndLoadDeployed() throws {
        let state = try makeHost()
        let r = try state.execute("""
            local root = "\(dir.path)/models"
            local reg = lunar.models.open(root, {margin = 0.1, min_trades = 2, min_auc = 0.5})
            local bars = lunar.data.synthetic{bars = 200, seed = 3}
            local a = lunar.nn.lstm{units = {4}, dense = {}, sequence = 10, seed = 1}
            local b = lunar.nn.lstm{units = {4}, dense = {}, sequence = 10, seed = 2}
            a:fit(bars, {epochs = 1, verbose = false}); b:fit(bars, {epochs = 1, verbose = false})
            a:save("\(dir.path)/a.safetensors"); b:save("\(dir.path)/b.safetensors")
            local va = reg:register("\(dir.path)/a.safetensors", "AAPL", {sharpe = 1.0, trades = 5})
            assert(va.status == "candidate" and va.metrics.sharpe == 1.0 and va.path:find("/models/AAPL/", 1, true))
            assert(reg:deployed("AAPL") == nil)
            reg:promote("AAPL", va.version, "first")
            local vb = reg:register("\(dir.path)/b.safetensors", "AAPL", {sharpe = 2.0})
            reg:promote("AAPL", vb.version)
            local d1 = reg:deployed("AAPL").version
            local back = reg:rollback("AAPL")
            local m, info = lunar.models.load_deployed(root, "AAPL")
            local same = m:predict(bars) == a:predict(bars)
            local sane = {sharpe = 1.2, trades = 3, max_drawdown_pct = -5, auc = 0.55}
            local better = reg:decide(sane, {sharpe = 1.0})
            local worse = reg:decide(sane, {sharpe = 1.15})
            local nan = reg:decide({sharpe = 0/0, trades = 3, max_drawdown_pct = -5, auc = 0.55})
            local statuses = {}
            for _, v in ipairs(reg:list("AAPL")) do statuses[#statuses + 1] = v.status end
            return d1 == vb.version, back.version == va.version, info.version == va.version, same,
                   better.promote, better.reason, worse.promote, worse.reason, nan.promote, nan.reason,
                   table.concat(statuses, ","), #reg:history("AAPL"), reg:symbols()[1], reg:policy().margin
            """)
        XCTAssertEqual(r, [.boolean(true), .boolean(true), .boolean(true), .boolean(true),
                           .boolean(true), .string("better"), .boolean(false), .string("not_better"),
                           .boolean(false), .string("non_finite_metric"),
                           .string("deployed,retired"), .integer(3), .string("AAPL"), .number(0.1)])
    }

    func testACorruptFileIsRefusedWithAMessage() throws {
        let state = try makeHost()
        try Data("garbage".utf8).write(to: dir.appendingPathComponent("bad.safetensors"))
        let message = try errorMessage(state, """
            lunar.models.open("\(dir.path)/models"):register("\(dir.path)/bad.safetensors", "AAPL", {})
            """)
        XCTAssertTrue(message.contains("refused model file \(dir.path)/bad.safetensors"), message)
        let nothing = try errorMessage(state, "lunar.models.load_deployed('\(dir.path)/models', 'MSFT')")
        XCTAssertTrue(nothing.contains("MSFT: no model is deployed"), nothing)
        let symbol = try errorMessage(state, "lunar.models.open('\(dir.path)/models'):list('../x')")
        XCTAssertTrue(symbol.contains("invalid symbol"), symbol)
    }

    func testConfigAndAUC() throws {
        let path = dir.appendingPathComponent("lunar.toml")
        try """
            [symbols]
            universe = ["AAPL", "MSFT"]
            [models]
            promote_margin = 0.2
            [retrain]
            units = [8]
            """.write(to: path, atomically: true, encoding: .utf8)
        let state = try makeHost()
        let r = try state.execute("""
            local c = lunar.models.config("\(path.path)")
            return c.symbols.universe[2], c.models.promote_margin, c.models.registry, c.retrain.units[1],
                   c.retrain.test_bars, c.data.source, c.state_dir,
                   lunar.models.auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), lunar.models.auc({0.5, 0/0}, {1, 0})
            """)
        XCTAssertEqual(r[0], .string("MSFT"))
        XCTAssertEqual(r[1], .number(0.2))
        XCTAssertEqual(r[2], .string(dir.appendingPathComponent("models").path))
        XCTAssertEqual(r[3], .integer(8))
        XCTAssertEqual(r[4], .integer(250))
        XCTAssertEqual(r[5], .string("csv"))
        XCTAssertEqual(r[6], .string(dir.appendingPathComponent("state").path))
        XCTAssertEqual(r[7], .number(0.75))  // scikit-learn's roc_auc_score example
        if case .number(let x) = r[8] { XCTAssertTrue(x.isNaN) } else { XCTFail("\(r[8])") }
        let bad = dir.appendingPathComponent("bad.toml")
        try "[models]\nmin_auc = 3\n".write(to: bad, atomically: true, encoding: .utf8)
        let message = try errorMessage(state, "lunar.models.config('\(bad.path)')")
        XCTAssertTrue(message.contains("models.min_auc: expected a number between 0 and 1 (e.g. 0.5), got 3"), message)
    }
}
