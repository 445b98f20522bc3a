import Foundation
import XCTest
@testable import BookAnalytics

/// Oracle: a real SIGKILL. `BookRecorderKillHelper` (a test-only executable target) records a deterministic stream
/// and prints how many events it has appended after each batch; every event it reported before it was killed must
/// be in the file, intact and in order, and the reader may report at most one partial record (plus the zero padding
/// of the unclosed file).
final class RecorderKillTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// The helper next to the test bundle in the build directory.
    var helperPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        let name = "BookRecorderKillHelper"
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent(name).path
    }

    /// Starts the helper, waits until it reports at least `minimum` appended events, kills it with SIGKILL and
    /// returns the largest count it reported (including lines still in the pipe when it died).
    func recordUntilKilled(path: String, minimum: Int, batch: Int, chunk: Int) throws -> Int {
        let helper = helperPath
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw XCTSkip("\(helper) is not built (swift build builds it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [path, String(batch), String(chunk)]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        var reported = 0
        func consume(_ data: Data) {
            text += String(decoding: data, as: UTF8.self)
            // Only complete lines: a count is reported once its newline is out.
            while let newline = text.firstIndex(of: "\n") {
                if let n = Int(text[..<newline]) { reported = max(reported, n) }
                text.removeSubrange(...newline)
            }
        }
        let deadline = Date().addingTimeInterval(120)
        while reported < minimum {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty || Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                XCTFail("the helper stopped or stalled after reporting \(reported) events")
                return reported
            }
            consume(data)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        consume(out.fileHandleForReading.readDataToEndOfFile())
        return reported
    }

    func testEveryEventReportedBeforeASIGKILLIsInTheFile() throws {
        // Different sizes, batches and chunks move the kill around (inside a record, at a chunk boundary, …).
        for (round, (minimum, batch, chunk)) in [(20_000, 1, 1 << 16), (150_000, 100, 1 << 16),
                                                 (60_000, 7, 1 << 20)].enumerated() {
            let path = directory.path("kill\(round).lbook")
            let reported = try recordUntilKilled(path: path, minimum: minimum, batch: batch, chunk: chunk)
            XCTAssertGreaterThanOrEqual(reported, minimum)
            let (events, issues) = try RecordingReader.readAll(path: path)
            XCTAssertGreaterThanOrEqual(events.count, reported, "round \(round): events reported as appended are lost")
            var expected = try KillTestEvents()
            let intact = events.allSatisfy { $0 == expected.next() }
            XCTAssertTrue(intact, "round \(round): the events read differ from the events appended")
            // At most one partial record, then the zero padding of the unclosed file (none if the kill came exactly
            // at the end of a chunk).
            let partial = issues.filter { if case .zeroPadding = $0.reason { false } else { true } }
            XCTAssertLessThanOrEqual(partial.count, 1, "round \(round): \(issues)")
            if let last = issues.last {
                guard case .zeroPadding(let bytes) = last.reason else {
                    XCTFail("round \(round): expected zero padding last, got \(issues)")
                    continue
                }
                let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
                XCTAssertEqual(last.offset + bytes, Int64(size), "round \(round)")
                XCTAssertLessThan(bytes, Int64(chunk), "round \(round)")
                XCTAssertTrue(last.description.contains("the writer did not close it"), last.description)
            }
            if let p = partial.first { XCTAssertLessThan(p.offset, issues.last!.offset, "round \(round)") }
            // The same under .resynchronize: the killed writer's tail ends reading, nothing is skipped over.
            let resynced = try RecordingReader.readAll(path: path, policy: .resynchronize)
            XCTAssertEqual(resynced.events.count, events.count, "round \(round)")
            XCTAssertEqual(resynced.issues, issues, "round \(round)")

            // Appending after the kill cuts the padding and any partial record and continues after the last event.
            let writer = try RecordingWriter(path: path, mode: .append)
            XCTAssertEqual(writer.recoveredTail, issues.first, "round \(round)")
            var more: [BookEvent] = []
            for _ in 0..<1000 { more.append(expected.next()) }
            for e in more { try writer.append(e) }
            try writer.close()
            let after = try RecordingReader.readAll(path: path)
            XCTAssertEqual(after.issues, [], "round \(round)")
            XCTAssertEqual(after.events.count, events.count + more.count, "round \(round)")
            // (Boolean checks: a failure would otherwise print every event.)
            XCTAssertTrue(after.events.suffix(more.count).elementsEqual(more), "round \(round): appended events")
            XCTAssertTrue(after.events.prefix(events.count).elementsEqual(events), "round \(round): earlier events")
        }
    }
}

/// The helper's event stream. Keep in step with `KillTestEvents` in Tests/BookRecorderKillHelper/main.swift.
struct KillTestEvents {
    var generator: SyntheticDepthGenerator
    var index = 0

    init() throws {
        var configuration = SyntheticDepthConfiguration()
        configuration.marketMakers = ["ARCA", "NSDQ", "BATS", "EDGX"]
        generator = try SyntheticDepthGenerator(seed: 20_261_125, configuration: configuration)
    }

    mutating func next() -> BookEvent {
        defer { index += 1 }
        if index % 997 == 0 { return BookEvent(timestamp: Int64(index), stream: 1, payload: .label("batch \(index)")) }
        return generator.nextEvent()
    }
}
