import Foundation
import XCTest
import _TestSupport

/// `lunar retrain` and `lunar models` on the built binary, with a temporary lunar.toml, synthetic CSV data and
/// tiny models (a few seconds per run in debug builds).
final class RetrainTests: XCTestCase {
    private var dir: URL!

    override func tearDownWithError() throws { if let dir { try? FileManager.default.removeItem(at: dir) } }

    /// A project folder: data/<SYM>.csv (synthetic, 600 bars each), lunar.toml with tiny training settings.
    private func project(symbols: [String], extraModels: String = "") throws -> String {
        dir = try LunarBinary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let list = symbols.map { "\"\($0)\"" }.joined(separator: ", ")
        let gen = try LunarBinary.run(["-e", """
            for i, s in ipairs{\(list)} do
              lunar.data.synthetic{bars = 600, seed = i}:write_csv("\(dir.path)/data/" .. s .. ".csv")
            end
            """])
        XCTAssertEqual(gen.status, 0, gen.stderr)
        let config = dir.appendingPathComponent("lunar.toml")
        try """
            state_dir = "state"
            [symbols]
            universe = [\(list)]
            [models]
            registry = "models"
            min_trades = 1
            min_auc = 0.0
            max_drawdown_pct = 100
            \(extraModels)
            [data]
            source = "csv"
            dir = "data"
            [retrain]
            epochs = 1
            patience = 1
            units = [4]
            dense = []
            sequence = 10
            test_bars = 120
            threshold = 0
            """.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    private func retrain(_ config: String, _ extra: [String] = [], hook: String? = nil) throws -> LunarBinary.Result {
        try LunarBinary.run(["retrain", "--config", config] + extra,
                            environment: ["LUNAR_RETRAIN_TEST_CANDIDATE": hook ?? ""], timeout: 300)
    }

    private func registryJSON(_ symbol: String) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("models/\(symbol)/registry.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func deployed(_ symbol: String) throws -> String? { try registryJSON(symbol)["deployed"] as? String }

    private func reports() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("state/reports").path)) ?? []).sorted()
    }

    /// The newest JSON report's results by symbol. Runs within one second are `retrain-STAMP.json`,
    /// `retrain-STAMP-2.json`, …, so order by stamp, then by that counter (plain name order puts `-2` first).
    private func lastResults() throws -> [String: [String: Any]] {
        func key(_ name: String) -> (String, Int) {
            let base = String(name.dropLast(5))  // ".json"
            // The stamp ends in six digits (HHmmss); a counter has fewer.
            if let dash = base.lastIndex(of: "-"), base[base.index(after: dash)...].count < 6,
               let k = Int(base[base.index(after: dash)...]) {
                return (String(base[..<dash]), k)
            }
            return (base, 1)
        }
        let name = try XCTUnwrap(reports().filter { $0.hasSuffix(".json") }.max { key($0) < key($1) })
        let data = try Data(contentsOf: dir.appendingPathComponent("state/reports/\(name)"))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try XCTUnwrap(report["results"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: results.map { ($0["symbol"] as! String, $0) })
    }

    private func decisionReason(_ r: [String: Any]?) -> String? { (r?["decision"] as? [String: Any])?["reason"] as? String }

    private func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = dir!
        for case let path as String in FileManager.default.enumerator(atPath: root.path)! {
            let url = root.appendingPathComponent(path)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    func testDeploysThenRefusesWorseAndCorruptCandidatesAndDryRunChangesNothing() throws {
        let config = try project(symbols: ["AAA", "BBB"])

        // A dry run before anything is deployed writes nothing.
        let before = try snapshot()
        let dry = try retrain(config, ["--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("| AAA | would_promote |"), dry.stdout)
        XCTAssertEqual(try snapshot(), before, "--dry-run changed files")

        // First run: nothing deployed, sane candidates are promoted.
        let first = try retrain(config)
        XCTAssertEqual(first.status, 0, first.stderr)
        let v1 = try XCTUnwrap(deployed("AAA"))
        XCTAssertNotNil(try deployed("BBB"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("models/AAA/\(v1).safetensors").path))
        XCTAssertTrue(v1.range(of: #"^\d{8}-\d{6}$"#, options: .regularExpression) != nil, v1)
        XCTAssertEqual(decisionReason(try lastResults()["AAA"]), "no_deployed_model")
        XCTAssertEqual(try lastResults()["AAA"]?["status"] as? String, "promoted")
        XCTAssertEqual(reports().filter { $0.hasSuffix(".md") }.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("state/journal.sqlite").path))

        // A degenerate candidate (no trades) is refused; the deployed model stays.
        let worse = try retrain(config, hook: "constant")
        XCTAssertEqual(worse.status, 0, worse.stderr)
        XCTAssertEqual(try deployed("AAA"), v1)
        let refused = try lastResults()
        XCTAssertEqual(refused["AAA"]?["status"] as? String, "kept")
        XCTAssertEqual(decisionReason(refused["AAA"]), "non_finite_metric")
        XCTAssertEqual((try registryJSON("AAA")["versions"] as? [[String: Any]])?.map { $0["status"] as? String },
                       ["deployed", "rejected"])

        // The same data and seed give the same model: a tie is not "better by more than the margin".
        let tie = try retrain(config, ["--symbols", "BBB"])
        XCTAssertEqual(tie.status, 0, tie.stderr)
        XCTAssertEqual(decisionReason(try lastResults()["BBB"]), "not_better")

        // A corrupt candidate file never replaces the deployed model; the other symbol is still processed; exit 1.
        let corrupt = try retrain(config, hook: "corrupt:AAA")
        XCTAssertEqual(corrupt.status, 1, corrupt.stderr)
        XCTAssertTrue(corrupt.stderr.contains("AAA: failed"), corrupt.stderr)
        XCTAssertTrue(corrupt.stderr.contains("truncated"), corrupt.stderr)
        let afterCorrupt = try lastResults()
        XCTAssertEqual(afterCorrupt["AAA"]?["status"] as? String, "failed")
        XCTAssertEqual(afterCorrupt["BBB"]?["status"] as? String, "kept")
        XCTAssertEqual(try deployed("AAA"), v1)
        let load = try LunarBinary.run(["-e", """
            local m, v = lunar.models.load_deployed("\(dir.path)/models", "AAA")
            print(v.version, v.status, #m:predict_series(lunar.data.csv("\(dir.path)/data/AAA.csv")))
            """])
        XCTAssertEqual(load.status, 0, load.stderr)
        XCTAssertEqual(load.stdout, "\(v1)\tdeployed\t600\n")

        // A dry run after deployment changes nothing either.
        let settled = try snapshot()
        let dry2 = try retrain(config, ["--dry-run"])
        XCTAssertEqual(dry2.status, 0, dry2.stderr)
        XCTAssertTrue(dry2.stdout.contains("| AAA | would_keep |") || dry2.stdout.contains("| AAA | would_promote |"), dry2.stdout)
        XCTAssertEqual(try snapshot(), settled, "--dry-run changed files")

        // lunar models list | rollback.
        let list = try LunarBinary.run(["models", "list", "--config", config, "AAA"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("* \(v1)  deployed"), list.stdout)
        XCTAssertTrue(list.stdout.contains("rejected"), list.stdout)
        let noPrevious = try LunarBinary.run(["models", "rollback", "AAA", "--config", config])
        XCTAssertEqual(noPrevious.status, 1)
        XCTAssertTrue(noPrevious.stderr.contains("no version was deployed before the current one"), noPrevious.stderr)
        let versions = try XCTUnwrap(registryJSON("AAA")["versions"] as? [[String: Any]]).compactMap { $0["version"] as? String }
        let other = try XCTUnwrap(versions.first { $0 != v1 })
        let to = try LunarBinary.run(["models", "rollback", "AAA", "--to", other, "--config", config])
        XCTAssertEqual(to.status, 0, to.stderr)
        XCTAssertEqual(to.stdout, "AAA: deployed \(other) (was \(v1))\n")
        let back = try LunarBinary.run(["models", "rollback", "AAA", "--config", config])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(try deployed("AAA"), v1)
        let all = try LunarBinary.run(["models", "list", "--config", config])
        XCTAssertTrue(all.stdout.contains("AAA: ") && all.stdout.contains("BBB: "), all.stdout)
    }

    /// On data a model can learn (a noisy 16-bar cycle), a deployed weak model (trained on unrelated bars) is
    /// replaced by a properly trained candidate, and a weak candidate does not replace a strong deployed model.
    func testBetterCandidateIsPromotedAndWorseOneRefused() throws {
        dir = try LunarBinary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let gen = try LunarBinary.run(["-e", """
            local f = io.open("\(dir.path)/data/SIN.csv", "w")
            f:write("Date,Open,High,Low,Close,Volume\\n")
            local seed, prev = 12345, 100
            local function noise() seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5 end
            for i = 1, 1500 do
              local p = 100 * math.exp(0.04 * math.sin(2 * math.pi * i / 16)) * (1 + 0.002 * noise())
              f:write(string.format("%s,%.4f,%.4f,%.4f,%.4f,100000\\n", os.date("!%Y-%m-%d", 1262304000 + i * 86400),
                prev, math.max(prev, p) * 1.001, math.min(prev, p) * 0.999, p))
              prev = p
            end
            f:close()
            """])
        XCTAssertEqual(gen.status, 0, gen.stderr)
        let config = dir.appendingPathComponent("lunar.toml")
        try """
            state_dir = "state"
            [symbols]
            universe = ["SIN"]
            [models]
            registry = "models"
            min_trades = 1
            min_auc = 0.0
            max_drawdown_pct = 100
            [data]
            source = "csv"
            dir = "data"
            [retrain]
            epochs = 3
            patience = 3
            units = [8]
            dense = []
            sequence = 16
            test_bars = 300
            threshold = 0
            """.write(to: config, atomically: true, encoding: .utf8)

        let weak = try retrain(config.path, hook: "noise")
        XCTAssertEqual(weak.status, 0, weak.stderr)
        let v1 = try XCTUnwrap(deployed("SIN"))
        let first = try XCTUnwrap(lastResults()["SIN"])
        let weakSharpe = try XCTUnwrap((first["candidate"] as? [String: Any])?["sharpe"] as? Double)

        let strong = try retrain(config.path)
        XCTAssertEqual(strong.status, 0, strong.stderr)
        let promoted = try XCTUnwrap(lastResults()["SIN"])
        XCTAssertEqual(promoted["status"] as? String, "promoted", "\(promoted)")
        let strongSharpe = try XCTUnwrap((promoted["candidate"] as? [String: Any])?["sharpe"] as? Double)
        let deployedSharpe = try XCTUnwrap((promoted["deployed"] as? [String: Any])?["sharpe"] as? Double)
        XCTAssertEqual(deployedSharpe, weakSharpe, accuracy: 1e-9, "the deployed model is scored on the same window")
        XCTAssertGreaterThan(strongSharpe, weakSharpe + 1)
        let v2 = try XCTUnwrap(deployed("SIN"))
        XCTAssertNotEqual(v2, v1)

        let worse = try retrain(config.path, hook: "noise")
        XCTAssertEqual(worse.status, 0, worse.stderr)
        XCTAssertEqual(try lastResults()["SIN"]?["status"] as? String, "kept")
        XCTAssertEqual(decisionReason(try lastResults()["SIN"]), "not_better")
        XCTAssertEqual(try deployed("SIN"), v2)
    }

    func testShardsPartitionTheSymbols() throws {
        let symbols = ["AAA", "BBB", "CCC", "DDD", "EEE"]
        let config = try project(symbols: symbols)
        var seen: [String: [String]] = [:]
        for shard in ["1/2", "2/2"] {
            let r = try retrain(config, ["--dry-run", "--shard", shard])
            XCTAssertEqual(r.status, 0, r.stderr)
            seen[shard] = symbols.filter { r.stdout.contains("| \($0) | would_") }
        }
        XCTAssertEqual(seen["1/2"], ["AAA", "CCC", "EEE"])
        XCTAssertEqual(seen["2/2"], ["BBB", "DDD"])
        // --symbols narrows the list before sharding.
        let r = try retrain(config, ["--dry-run", "--symbols", "EEE,BBB", "--shard", "2/2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("| EEE |") && !r.stdout.contains("| BBB |"), r.stdout)
    }

    func testTheScriptIsFoundBesideTheStdlibLikeAnInstall() throws {
        dir = try LunarBinary.temporaryDirectory()
        // LUNAR_PATH=<prefix>/share/lunar/stdlib → <prefix>/share/lunar/scripts/daily_retrain.lua comes first.
        let scripts = dir.appendingPathComponent("share/lunar/scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try "print('installed copy', ...)".write(to: scripts.appendingPathComponent("daily_retrain.lua"), atomically: true,
                                                 encoding: .utf8)
        let r = try LunarBinary.run(["retrain", "--dry-run", "--shard", "2/3", "--symbols", "A,B"],
                                    environment: ["LUNAR_PATH": dir.appendingPathComponent("share/lunar/stdlib").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "installed copy\t--dry-run\t--shard\t2/3\t--symbols\tA,B\n")
    }

    func testUsageAndConfigurationErrorsExitTwoAndDataErrorsExitOne() throws {
        let config = try project(symbols: ["AAA", "BBB"], extraModels: "")
        for args in [["--shard", "3/2"], ["--shard", "0/2"], ["--shard", "x"]] {
            let r = try retrain(config, args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--shard"), r.stderr)
        }
        let unknown = try retrain(config, ["--symbols", "ZZZ"])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("ZZZ is not in symbols.universe"), unknown.stderr)

        let bad = dir.appendingPathComponent("bad.toml")
        try "[models]\npromote_margin = -1\n[retrain]\nepoch = 3\n".write(to: bad, atomically: true, encoding: .utf8)
        let invalid = try retrain(bad.path)
        XCTAssertEqual(invalid.status, 2, invalid.stderr)
        XCTAssertTrue(invalid.stderr.contains("models.promote_margin: expected a number >= 0, got -1"), invalid.stderr)
        XCTAssertTrue(invalid.stderr.contains("retrain.epoch: unknown key"), invalid.stderr)
        let missing = try retrain(dir.appendingPathComponent("nope.toml").path)
        XCTAssertEqual(missing.status, 2, missing.stderr)

        // A symbol whose data is missing fails (exit 1); the other one still runs.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("data/AAA.csv"))
        let partial = try retrain(config)
        XCTAssertEqual(partial.status, 1, partial.stderr)
        XCTAssertTrue(partial.stdout.contains("| AAA | failed |"), partial.stdout)
        XCTAssertTrue(partial.stdout.contains("| BBB | promoted |"), partial.stdout)
    }
}
