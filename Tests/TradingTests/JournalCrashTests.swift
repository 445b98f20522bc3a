import Foundation
import XCTest

@testable import Trading

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of a process that is writing the journal: every order it reported as journaled survives, the file is
/// sound, and reconciliation sends none of the orders that may have reached the broker.
final class JournalCrashTests: XCTestCase {
    private var helperPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("TradingCrashHelper").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("TradingCrashHelper").path
    }

    func testKillMinus9WhileJournalingLosesNothingAndDuplicatesNothing() throws {
        let helper = helperPath
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw XCTSkip("TradingCrashHelper is not built next to the tests (\(helper))")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-kill9-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("journal.sqlite")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()

        // Read what the child reports as committed until 40 orders are journaled, then kill it mid-write.
        var reported: [String] = []
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        while reported.count < 40, Date() < deadline {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                reported.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        XCTAssertGreaterThanOrEqual(reported.count, 40, "the helper stopped early: \(reported.suffix(3))")

        let journal = try Journal(url: url)
        XCTAssertEqual(try journal.integrityCheck(), "ok")
        // Nothing lost: every order the child reported is there, at least as far along as reported.
        for line in reported {
            let parts = line.split(separator: " ").map(String.init)
            let order = try XCTUnwrap(journal.order(parts[1]), "lost \(parts[1])")
            if parts[0] == "submitting" {
                XCTAssertEqual(order.status, .submitting, line)
                XCTAssertEqual(order.brokerOrderID, parts[2], line)
            } else {
                XCTAssertEqual(order.status, .intended, line)
            }
        }

        // The broker got the first half of the submitted orders; the others never arrived.
        let submitted = reported.filter { $0.hasPrefix("submitting") }.map { $0.split(separator: " ").map(String.init) }
        let atBroker = submitted.prefix(submitted.count / 2).map {
            BrokerOpenOrder(clientOrderID: $0[1], brokerOrderID: $0[2], symbol: "AAPL", side: .buy, quantity: 1)
        }
        let plan = try journal.reconcile(brokerOpenOrders: Array(atBroker), brokerPositions: [],
                                         policy: ReconciliationPolicy(resubmitUnsentWithin: 3600))
        let toSubmit = Set(plan.ordersToSubmit.map(\.clientOrderID))
        // No duplicate: no order that was marked submitting (and so may be at the broker) is sent again.
        XCTAssertTrue(toSubmit.isDisjoint(with: submitted.map { $0[1] }))
        // Every order is decided exactly once.
        let unfinished = try journal.unfinishedOrders()
        XCTAssertEqual(plan.actions.count, unfinished.count, plan.summary)
        XCTAssertEqual(plan.adoptedOrders.count, atBroker.count)
        // Only intents are resubmitted: all of them, including one the child may have written just before dying.
        XCTAssertEqual(toSubmit, Set(unfinished.filter { $0.status == .intended }.map(\.clientOrderID)))
    }
}
