import Foundation
import XCTest

@testable import Trading

#if canImport(Glibc)
import Glibc
#endif

final class EmergencyStopTests: XCTestCase {
    private var stateDirectory: URL!

    override func setUpWithError() throws {
        stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lunar-estop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        EmergencyStop.resetSignalFlag()
    }

    override func tearDownWithError() throws {
        EmergencyStop.resetSignalFlag()
        try? FileManager.default.removeItem(at: stateDirectory)
    }

    private let longAccount = AccountState(
        positions: ["AAPL": PositionState(symbol: "AAPL", quantity: 50, averageCost: 100, marketPrice: 101),
                    "MSFT": PositionState(symbol: "MSFT", quantity: -20, averageCost: 400, marketPrice: 399)],
        referencePrices: ["AAPL": 101, "MSFT": 399])

    private func assertEmergencyHalt(_ decision: HaltDecision?, _ trigger: EmergencyStopTrigger,
                                     file: StaticString = #filePath, line: UInt = #line) {
        guard let decision else { return XCTFail("expected a halt decision", file: file, line: line) }
        XCTAssertEqual(decision.reason, .emergencyStop(trigger), file: file, line: line)
        XCTAssertTrue(decision.cancelOpenOrders, file: file, line: line)
        XCTAssertEqual(decision.exitStatus, 3, file: file, line: line)
        XCTAssertEqual(decision.flattenOrders.map { "\($0.side) \(formatQuantity($0.quantity)) \($0.symbol)" },
                       ["sell 50 AAPL", "buy 20 MSFT"], file: file, line: line)
    }

    func testKillFileTriggersTheEmergencyStop() throws {
        let stop = EmergencyStop(stateDirectory: stateDirectory)
        let manager = RiskManager(limits: RiskLimits(), emergencyStop: stop)
        XCTAssertNil(manager.poll(account: longAccount))
        try EmergencyStop.requestHalt(stateDirectory: stateDirectory)
        let started = Date()
        let decision = manager.poll(account: longAccount)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
        assertEmergencyHalt(decision, .killFile(path: stop.killFileURL.path))
        // Stopped for good: later orders are refused, and the decision is not repeated.
        XCTAssertNil(manager.poll(account: longAccount))
        let rejection = manager.check(OrderIntent(symbol: "AAPL", side: .buy, quantity: 1), account: longAccount)
            .rejection
        XCTAssertEqual(rejection?.rule, .emergencyStop)
        XCTAssertTrue(rejection?.message.hasPrefix("emergency_stop: trading stopped (emergency_stop: KILL file")
            ?? false)
        // Clearing the file does not restart a stopped manager; a new manager starts clean.
        try EmergencyStop.clearHalt(stateDirectory: stateDirectory)
        XCTAssertTrue(manager.isHalted())
        let fresh = RiskManager(limits: RiskLimits(), emergencyStop: EmergencyStop(stateDirectory: stateDirectory))
        XCTAssertNil(fresh.poll(account: longAccount))
    }

    func testKillFilePresentAtStartHaltsImmediately() throws {
        try EmergencyStop.requestHalt(stateDirectory: stateDirectory)
        let manager = RiskManager(limits: RiskLimits(), emergencyStop: EmergencyStop(stateDirectory: stateDirectory))
        let decision = manager.check(OrderIntent(symbol: "AAPL", side: .buy, quantity: 1), account: longAccount)
        guard case .halt(let halt, _) = decision else { return XCTFail("expected a halt, got \(decision)") }
        XCTAssertEqual(halt.exitStatus, 3)
    }

    func testSignalFlagTriggersTheEmergencyStop() {
        EmergencyStop.installSignalHandler()
        let manager = RiskManager(limits: RiskLimits(), emergencyStop: EmergencyStop(stateDirectory: stateDirectory))
        XCTAssertNil(manager.poll(account: longAccount))
        XCTAssertNil(EmergencyStop.receivedSignal)
        raise(SIGUSR1)
        XCTAssertEqual(EmergencyStop.receivedSignal, SIGUSR1)
        assertEmergencyHalt(manager.poll(account: longAccount), .signal(SIGUSR1))
    }

    func testExplicitHalt() {
        let manager = RiskManager(limits: RiskLimits(), emergencyStop: EmergencyStop(stateDirectory: stateDirectory))
        assertEmergencyHalt(manager.halt(reason: "lunar halt", account: longAccount),
                            .explicit(reason: "lunar halt"))
        let bare = RiskManager(limits: RiskLimits())
        assertEmergencyHalt(bare.halt(reason: "strategy error", account: longAccount),
                            .explicit(reason: "strategy error"))
    }
}
