import Foundation
import NeuralNet
import XCTest

@testable import Trading

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL of a process that is registering or promoting: the deployed version stays intact and loadable, and the
/// next writer cleans up and carries on.
final class ModelRegistryCrashTests: XCTestCase {
    private var helperPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ModelRegistryCrashHelper").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("ModelRegistryCrashHelper").path
    }

    private var dir: URL!
    override func setUpWithError() throws { dir = try RegistryFixtures.directory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Starts the helper and reads its lines until `until` says stop; returns the process and the lines.
    private func runHelper(mode: String, until stop: ([String]) -> Bool) throws -> (Process, [String]) {
        let helper = helperPath
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw XCTSkip("ModelRegistryCrashHelper is not built next to the tests (\(helper))")
        }
        let model = try RegistryFixtures.model(in: dir)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [dir.appendingPathComponent("models").path, model.path, mode]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var lines: [String] = []
        var buffer = Data()
        let deadline = Date().addingTimeInterval(60)
        while !stop(lines), Date() < deadline {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (process, lines)
    }

    private func assertDeployedIntact(_ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let registry = ModelRegistry(root: dir.appendingPathComponent("models"))
        let deployed = try XCTUnwrap(registry.deployed(symbol: "AAPL"), file: file, line: line)
        XCTAssertEqual(deployed.version, expected, file: file, line: line)
        XCTAssertNoThrow(try LSTMModel.load(from: deployed.url.path), file: file, line: line)
        // The next writer removes the leftovers, takes the (released) lock and works.
        let v = try registry.register(candidateAt: try RegistryFixtures.model(in: dir, name: "next.safetensors", seed: 9),
                                      symbol: "AAPL", createdAt: Date(timeIntervalSince1970: 1_900_000_000))
        try registry.promote(symbol: "AAPL", version: v.version)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("models/AAPL").path)
        XCTAssertFalse(names.contains { $0.contains(".tmp-") }, "\(names)", file: file, line: line)
        XCTAssertEqual(try registry.deployed(symbol: "AAPL")?.version, v.version, file: file, line: line)
    }

    func testKilledAtEveryStepOfRegisterAndPromoteLeavesTheDeployedVersion() throws {
        for mode in ["pause-register:candidateCopied", "pause-register:candidateStored", "pause-register:registryWritten",
                     "pause-promote:registryWritten"] {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("models"))
            let (process, lines) = try runHelper(mode: mode) { $0.contains { $0.hasPrefix("paused") } }
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, mode)
            XCTAssertTrue(lines.contains { $0.hasPrefix("paused") }, "\(mode): \(lines)")
            let deployed = try XCTUnwrap(lines.first { $0.hasPrefix("deployed ") }?.split(separator: " ").last.map(String.init), mode)
            try assertDeployedIntact(deployed)
        }
    }

    func testKilledAtARandomMomentWhileLoopingLeavesAReadableRegistry() throws {
        let (process, lines) = try runHelper(mode: "loop") { $0.count >= 15 }
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(lines.count, 15)
        let registry = ModelRegistry(root: dir.appendingPathComponent("models"))
        let deployed = try XCTUnwrap(registry.deployed(symbol: "AAPL"))
        // The deployed version is the last one reported promoted, or the one promoted right after it.
        let last = try XCTUnwrap(lines.last?.split(separator: " ").last.map(String.init))
        XCTAssertGreaterThanOrEqual(deployed.version, last)
        try assertDeployedIntact(deployed.version)
    }
}
