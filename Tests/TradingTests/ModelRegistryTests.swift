import Foundation
import NeuralNet
import XCTest

@testable import Trading

/// Tiny real model files for the registry tests.
enum RegistryFixtures {
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-registry-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An untrained but complete single-model file (seeded, so two seeds give two different files).
    static func model(in dir: URL, name: String = "candidate.safetensors", seed: UInt64 = 1) throws -> URL {
        let model = try LSTMModel(config: .prototype(sequenceLength: 6, featureCount: 3, lstmUnits: [4], denseUnits: [2]),
                                  windowing: WindowingSpec(sequenceLength: 6, horizon: 1), seed: seed)
        let url = dir.appendingPathComponent(name)
        try model.save(to: url.path)
        return url
    }

    /// A copy of `url` with its last `bytes` bytes cut off.
    static func truncated(_ url: URL, by bytes: Int, in dir: URL) throws -> URL {
        let data = try Data(contentsOf: url)
        let out = dir.appendingPathComponent("truncated.safetensors")
        try data.prefix(data.count - bytes).write(to: out)
        return out
    }

    /// A copy of `url` with one byte of the weights flipped (the checksum no longer matches).
    static func flipped(_ url: URL, in dir: URL) throws -> URL {
        var data = try Data(contentsOf: url)
        data[data.count - 5] ^= 0xFF
        let out = dir.appendingPathComponent("flipped.safetensors")
        try data.write(to: out)
        return out
    }
}

final class ModelRegistryTests: XCTestCase {
    private var dir: URL!
    private var registry: ModelRegistry!
    private let t0 = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 …

    override func setUpWithError() throws {
        dir = try RegistryFixtures.directory()
        registry = ModelRegistry(root: dir.appendingPathComponent("models"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testRegisterStoresAVerifiedCopyUnderATimestampVersion() throws {
        let source = try RegistryFixtures.model(in: dir)
        let v = try registry.register(candidateAt: source, symbol: "AAPL", metrics: ["sharpe": 1.2, "trades": 9],
                                      createdAt: t0)
        XCTAssertEqual(v.version, ModelRegistry.versionName(for: t0))
        XCTAssertTrue(v.version.range(of: #"^\d{8}-\d{6}$"#, options: .regularExpression) != nil, v.version)
        XCTAssertEqual(v.url.path, dir.appendingPathComponent("models/AAPL/\(v.version).safetensors").path)
        XCTAssertEqual(v.status, .candidate)
        XCTAssertEqual(v.format, "lunar.lstm")
        XCTAssertEqual(try Data(contentsOf: v.url), try Data(contentsOf: source))
        XCTAssertTrue(FileManager.default.fileExists(atPath: source.path), "the candidate is copied, not moved")
        XCTAssertNil(try registry.deployed(symbol: "AAPL"), "registering deploys nothing")
        XCTAssertEqual(try registry.versions(symbol: "AAPL").map(\.version), [v.version])
        XCTAssertEqual(try registry.versions(symbol: "AAPL")[0].metrics, ["sharpe": 1.2, "trades": 9])
        XCTAssertEqual(registry.symbols(), ["AAPL"])
    }

    func testVersionsAreUniqueAndSortableEvenAtTheSameSecond() throws {
        let source = try RegistryFixtures.model(in: dir)
        let names = try (0..<3).map { _ in try registry.register(candidateAt: source, symbol: "SPY", createdAt: t0).version }
        XCTAssertEqual(Set(names).count, 3)
        XCTAssertEqual(names, names.sorted())
        XCTAssertEqual(try registry.versions(symbol: "SPY").map(\.version), names)
    }

    func testPromoteAndRollbackKeepAHistory() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 1), symbol: "AAPL",
                                      metrics: ["sharpe": 1], createdAt: t0)
        let b = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 2), symbol: "AAPL",
                                      metrics: ["sharpe": 2], createdAt: t0.addingTimeInterval(86_400))
        try registry.promote(symbol: "AAPL", version: a.version, reason: "first")
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
        try registry.promote(symbol: "AAPL", version: b.version, reason: "better")
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, b.version)
        XCTAssertEqual(try registry.versions(symbol: "AAPL").map(\.status), [.retired, .deployed])

        let back = try registry.rollback(symbol: "AAPL")
        XCTAssertEqual(back.version, a.version)
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
        XCTAssertEqual(try registry.versions(symbol: "AAPL").map(\.status), [.deployed, .retired])
        // Rolling forward again by name.
        try registry.rollback(symbol: "AAPL", to: b.version)
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, b.version)
        XCTAssertEqual(try registry.history(symbol: "AAPL").map(\.action), ["promoted", "promoted", "rolled_back", "rolled_back"])
        XCTAssertEqual(try registry.history(symbol: "AAPL").map(\.previous), [nil, a.version, b.version, a.version])

        XCTAssertThrowsError(try registry.rollback(symbol: "AAPL", to: "19990101-000000")) {
            XCTAssertEqual($0 as? ModelRegistryError, .unknownVersion(symbol: "AAPL", version: "19990101-000000"))
        }
        XCTAssertThrowsError(try registry.rollback(symbol: "MSFT")) {
            XCTAssertEqual($0 as? ModelRegistryError, .nothingDeployed(symbol: "MSFT"))
        }
    }

    func testRollbackWithoutAnEarlierVersionIsRefused() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir), symbol: "AAPL", createdAt: t0)
        try registry.promote(symbol: "AAPL", version: a.version)
        XCTAssertThrowsError(try registry.rollback(symbol: "AAPL")) {
            XCTAssertEqual($0 as? ModelRegistryError, .noPreviousVersion(symbol: "AAPL"))
        }
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
    }

    func testRejectKeepsTheFileAndTheDeployment() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir), symbol: "AAPL", createdAt: t0)
        try registry.promote(symbol: "AAPL", version: a.version)
        let b = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 3), symbol: "AAPL",
                                      createdAt: t0.addingTimeInterval(60))
        let rejected = try registry.reject(symbol: "AAPL", version: b.version, reason: "not better")
        XCTAssertEqual(rejected.status, .rejected)
        XCTAssertEqual(rejected.note, "not better")
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
        XCTAssertTrue(FileManager.default.fileExists(atPath: b.url.path))
    }

    func testCorruptOrTruncatedCandidatesAreRefusedAndTheDeployedModelIsUnchanged() throws {
        let good = try RegistryFixtures.model(in: dir)
        let deployed = try registry.register(candidateAt: good, symbol: "AAPL", createdAt: t0)
        try registry.promote(symbol: "AAPL", version: deployed.version)
        let registryBefore = try Data(contentsOf: try registry.registryURL(symbol: "AAPL"))

        let garbage = dir.appendingPathComponent("garbage.safetensors")
        try Data("not a model".utf8).write(to: garbage)
        let empty = dir.appendingPathComponent("empty.safetensors")
        try Data().write(to: empty)
        for bad in [try RegistryFixtures.truncated(good, by: 17, in: dir), try RegistryFixtures.flipped(good, in: dir),
                    garbage, empty, dir.appendingPathComponent("missing.safetensors")] {
            XCTAssertThrowsError(try registry.register(candidateAt: bad, symbol: "AAPL", createdAt: t0.addingTimeInterval(60)),
                                 bad.lastPathComponent) { error in
                guard case ModelRegistryError.invalidModel(let path, _)? = error as? ModelRegistryError else {
                    return XCTFail("\(bad.lastPathComponent): \(error)")
                }
                XCTAssertEqual(path, bad.path)
            }
        }
        XCTAssertEqual(try Data(contentsOf: try registry.registryURL(symbol: "AAPL")), registryBefore)
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, deployed.version)
        XCTAssertEqual(try registry.versions(symbol: "AAPL").count, 1)
        // No stray files: only the deployed model, registry.json and the lock.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("models/AAPL").path).sorted()
        XCTAssertEqual(names, [".lock", "\(deployed.version).safetensors", "registry.json"])
        XCTAssertNoThrow(try LSTMModel.load(from: try XCTUnwrap(registry.deployed(symbol: "AAPL")).url.path))
    }

    func testAStoredFileThatWasDamagedCannotBePromotedOrRolledBackTo() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 1), symbol: "AAPL", createdAt: t0)
        try registry.promote(symbol: "AAPL", version: a.version)
        let b = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 2), symbol: "AAPL",
                                      createdAt: t0.addingTimeInterval(60))
        // Someone damages b on disk after registration.
        let data = try Data(contentsOf: b.url)
        try data.prefix(data.count / 2).write(to: b.url)
        XCTAssertThrowsError(try registry.promote(symbol: "AAPL", version: b.version)) {
            guard case ModelRegistryError.invalidModel? = $0 as? ModelRegistryError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
    }

    func testLeftoverTemporaryFilesAreIgnoredByReadersAndRemovedByTheNextWriter() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir), symbol: "AAPL", createdAt: t0)
        try registry.promote(symbol: "AAPL", version: a.version)
        let folder = dir.appendingPathComponent("models/AAPL")
        // What a writer killed mid-way leaves: a half-written registry.json and a half-copied model.
        try Data("{\"format\": \"lunar.model-reg".utf8).write(to: folder.appendingPathComponent(".registry.json.tmp-999-1"))
        try Data(repeating: 7, count: 100).write(to: folder.appendingPathComponent(".20270101-000000.safetensors.tmp-999-2"))
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
        XCTAssertEqual(try registry.versions(symbol: "AAPL").count, 1)

        _ = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 5), symbol: "AAPL",
                                  createdAt: t0.addingTimeInterval(60))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertFalse(names.contains { $0.contains(".tmp-") }, "\(names)")
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, a.version)
    }

    func testRegistryJSONIsReplacedAtomicallyAndReadable() throws {
        let a = try registry.register(candidateAt: try RegistryFixtures.model(in: dir), symbol: "AAPL",
                                      metrics: ["sharpe": .nan, "trades": 3], createdAt: t0)
        try registry.promote(symbol: "AAPL", version: a.version)
        let json = try String(contentsOf: try registry.registryURL(symbol: "AAPL"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"deployed\" : \"\(a.version)\""), json)
        XCTAssertTrue(json.contains("\"lunar.model-registry\""), json)
        XCTAssertTrue(try registry.deployed(symbol: "AAPL")!.metrics["sharpe"]!.isNaN)
        // A registry.json damaged by hand is reported, not silently treated as empty.
        try Data("{".utf8).write(to: try registry.registryURL(symbol: "AAPL"))
        XCTAssertThrowsError(try registry.deployed(symbol: "AAPL")) {
            guard case ModelRegistryError.corruptRegistry? = $0 as? ModelRegistryError else { return XCTFail("\($0)") }
        }
    }

    func testInvalidSymbolsCannotEscapeTheRegistry() throws {
        let source = try RegistryFixtures.model(in: dir)
        for bad in ["", "..", "../x", "a/b", ".hidden", "A B"] {
            XCTAssertThrowsError(try registry.register(candidateAt: source, symbol: bad)) {
                XCTAssertEqual($0 as? ModelRegistryError, .invalidSymbol(bad))
            }
        }
        XCTAssertTrue(ModelRegistry.isValidSymbol("BRK.B"))
        XCTAssertTrue(ModelRegistry.isValidSymbol("ES-FUT_2026"))
    }

    func testAWriterWaitsForTheLockAndTimesOut() throws {
        let source = try RegistryFixtures.model(in: dir)
        _ = try registry.register(candidateAt: source, symbol: "AAPL", createdAt: t0)
        let held = try FileLock(path: dir.appendingPathComponent("models/AAPL/.lock").path)
        registry.lockTimeout = 0.2
        let start = Date()
        XCTAssertThrowsError(try registry.register(candidateAt: source, symbol: "AAPL", createdAt: t0)) {
            guard case ModelRegistryError.locked? = $0 as? ModelRegistryError else { return XCTFail("\($0)") }
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.2)
        // Another symbol is not blocked.
        XCTAssertNoThrow(try registry.register(candidateAt: source, symbol: "MSFT", createdAt: t0))
        held.unlock()
        XCTAssertNoThrow(try registry.register(candidateAt: source, symbol: "AAPL", createdAt: t0))
        XCTAssertEqual(try registry.versions(symbol: "AAPL").count, 2)
    }

    func testConcurrentWritersSerialiseAndLoseNothing() throws {
        let source = try RegistryFixtures.model(in: dir)
        let root = registry.root
        let t0 = self.t0
        let errors = NSLock()
        nonisolated(unsafe) var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            do {
                // A registry object per writer, as separate processes would have.
                let r = ModelRegistry(root: root)
                let v = try r.register(candidateAt: source, symbol: "AAPL", metrics: ["k": Double(k)], createdAt: t0)
                try r.promote(symbol: "AAPL", version: v.version)
            } catch {
                errors.withLock { failures.append("\(error)") }
            }
        }
        XCTAssertEqual(failures, [])
        let versions = try registry.versions(symbol: "AAPL")
        XCTAssertEqual(versions.count, 8)
        XCTAssertEqual(Set(versions.map(\.version)).count, 8)
        XCTAssertEqual(versions.filter { $0.status == .deployed }.count, 1)
        XCTAssertEqual(try registry.history(symbol: "AAPL").count, 8)
    }

    func testEventsAreJournaled() throws {
        let journal = try Journal(url: dir.appendingPathComponent("state/journal.sqlite"))
        let r = ModelRegistry(root: registry.root, journal: journal)
        let a = try r.register(candidateAt: try RegistryFixtures.model(in: dir), symbol: "AAPL", metrics: ["sharpe": 1],
                               createdAt: t0)
        try r.promote(symbol: "AAPL", version: a.version)
        let b = try r.register(candidateAt: try RegistryFixtures.model(in: dir, seed: 2), symbol: "AAPL", createdAt: t0)
        try r.reject(symbol: "AAPL", version: b.version, reason: "worse")
        let rows = try journal.withDatabase { try $0.query("SELECT version, action, metrics FROM model_versions ORDER BY id") }
        XCTAssertEqual(rows.map { $0["action"]?.string }, ["registered", "promoted", "registered", "rejected"])
        XCTAssertEqual(rows[1]["version"]?.string, a.version)
        XCTAssertTrue(rows[1]["metrics"]?.string?.contains("sharpe") ?? false)
    }
}
