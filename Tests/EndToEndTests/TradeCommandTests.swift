import Foundation
import IBKR
import Trading
import XCTest
import _TestSupport

/// `lunar trade`, `lunar halt` and `lunar journal` as a user runs them: against a separately started `lunar sim`
/// (paper mode), with real processes, SIGKILL and the KILL file.
final class TradeCommandTests: XCTestCase {
    var directory: URL!
    var processes: [Process] = []

    override func setUpWithError() throws { directory = try LunarBinary.temporaryDirectory() }

    override func tearDown() {
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL) }
        for p in processes { p.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A running `lunar` child whose stdout lines are collected as they arrive.
    final class Child: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var buffer = ""
        var output: String { lock.withLock { buffer } }

        init(_ arguments: [String], directory: URL) throws {
            process.executableURL = URL(fileURLWithPath: LunarBinary.path)
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle(forWritingAtPath: directory.appendingPathComponent("stderr-\(UUID().uuidString.prefix(4)).log").path)
                ?? FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            out.fileHandleForReading.readabilityHandler = { [weak self] h in
                let data = h.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.buffer += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        /// Waits until `predicate(output)` holds; false on timeout.
        func wait(timeout: TimeInterval, until predicate: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if predicate(output) { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return predicate(output)
        }

        func count(_ word: String) -> Int { output.components(separatedBy: word).count - 1 }
    }

    func start(_ arguments: [String]) throws -> Child {
        let child = try Child(arguments, directory: directory)
        processes.append(child.process)
        return child
    }

    /// Starts `lunar sim` on a free port at `speed`; returns the port.
    func startSimulator(speed: Double) throws -> Int {
        let sim = try start(["sim", "--port", "0", "--speed", String(speed)])
        XCTAssertTrue(sim.wait(timeout: 10) { $0.contains("listening on") }, "lunar sim did not start")
        guard let port = sim.output.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else {
            XCTFail("lunar sim printed no port: \(sim.output)")
            throw CocoaError(.featureUnsupported)
        }
        return port
    }

    func writeConfig(port: Int, extra: String = "") throws -> String {
        let path = directory.appendingPathComponent("lunar.toml").path
        try """
            state_dir = "state"
            [connection]
            port = \(port)
            client_id = 7
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func writeStrategy(_ code: String) throws -> String {
        let path = directory.appendingPathComponent("strategy.lua").path
        try code.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A client of the simulator for checking the broker's side.
    func brokerClient(port: Int) throws -> TWSClient {
        var configuration = TWSClient.Configuration(host: "127.0.0.1", port: port, clientId: 99)
        configuration.logger = .silent(label: "test")
        let client = TWSClient(configuration: configuration)
        try client.connect()
        return client
    }

    func brokerPosition(_ client: TWSClient, _ symbol: String) throws -> Double {
        try client.positions().filter { $0.contract.symbol == symbol }
            .reduce(0) { $0 + NSDecimalNumber(decimal: $1.quantity).doubleValue }
    }

    // MARK: Emergency stop

    /// `lunar halt` (the KILL file) while a paper strategy holds a position: orders cancelled, the position
    /// flattened at the broker, the stop journaled, exit status 3 — within a second.
    func testHaltFlattensWithinOneSecondAndExitsThree() throws {
        try checkEmergencyStop { config, _ in
            let halt = try LunarBinary.run(["halt", "--config", config])
            XCTAssertEqual(halt.status, 0, halt.stderr)
        }
    }

    /// SIGUSR1 to the running strategy does the same as `lunar halt`.
    func testSIGUSR1FlattensWithinOneSecondAndExitsThree() throws {
        try checkEmergencyStop(restartStopsAgain: false) { _, pid in kill(pid, SIGUSR1) }
    }

    func checkEmergencyStop(restartStopsAgain: Bool = true, trigger: (String, pid_t) throws -> Void) throws {
        let port = try startSimulator(speed: 20)
        let config = try writeConfig(port: port)
        let strategy = try writeStrategy("""
            return {
              on_bar = function(ctx, bar)
                if ctx:position("AAPL") == 0 and #ctx:open_orders() == 0 and not ctx.state.bought then
                  ctx.state.bought = true
                  ctx:buy("AAPL", 100)
                  ctx:buy("AAPL", 10, {limit = bar.close * 0.8})  -- stays working
                end
              end,
              on_fill = function(ctx, fill) print("FILLED " .. fill.qty); io.stdout:flush() end,
            }
            """)
        let trader = try start(["trade", strategy, "--mode", "paper", "--config", config, "--bar-size", "5 secs",
                                "--symbols", "AAPL"])
        XCTAssertTrue(trader.wait(timeout: 20) { $0.contains("FILLED 100") }, "no fill: \(trader.output)")
        let t0 = Date()
        try trigger(config, trader.process.processIdentifier)
        trader.process.waitUntilExit()
        let elapsed = Date().timeIntervalSince(t0)
        XCTAssertEqual(trader.process.terminationStatus, 3)
        XCTAssertLessThan(elapsed, 1.0, "cancel + flatten + exit took \(elapsed) s")
        let client = try brokerClient(port: port)
        defer { client.disconnect() }
        XCTAssertEqual(try brokerPosition(client, "AAPL"), 0, "the broker's position is flat")
        XCTAssertTrue(try client.allOpenOrders().isEmpty, "no order left working")
        let journal = try Journal(url: directory.appendingPathComponent("state/journal.sqlite"))
        defer { journal.close() }
        let summary = try journal.daySummary()
        XCTAssertTrue(summary.contains("emergency_stop") && summary.contains("flat"), summary)
        guard restartStopsAgain else { return }
        // A restart while the KILL file exists stops again at once, without trading.
        let again = try LunarBinary.run(["trade", strategy, "--mode", "paper", "--config", config, "--bar-size",
                                         "5 secs", "--symbols", "AAPL"], timeout: 20)
        XCTAssertEqual(again.status, 3, again.stderr)
        XCTAssertFalse(again.stdout.contains("FILLED"), again.stdout)
        XCTAssertEqual(try LunarBinary.run(["halt", "--clear", "--config", config]).status, 0)
    }

    // MARK: Crash safety

    /// kill -9 in the middle of a paper session, then a restart: every order reached the broker once (one broker
    /// order per idempotency key), nothing journaled is left in flight, and the journal's position equals the
    /// broker's.
    func testKill9MidSessionThenRestartHasNoDuplicatesAndMatchesTheBroker() throws {
        let port = try startSimulator(speed: 20)
        let config = try writeConfig(port: port)
        let marker = directory.appendingPathComponent("crashed").path
        // On its 4th order the first run kills itself (SIGKILL) right after the order was sent: the fill happens
        // while the process is dead, and the restart must find it at the broker instead of sending it again.
        let strategy = try writeStrategy("""
            local function pid()
              local f = io.open("/proc/self/stat"); local s = f:read("l"); f:close()
              return s:match("^(%d+)")
            end
            return {
              on_bar = function(ctx, bar)
                local target = ctx:position("AAPL") > 0 and 0 or 100
                if #ctx:open_orders() == 0 and ctx:target_position("AAPL", target) then
                  ctx.state.orders = (ctx.state.orders or 0) + 1
                  print("ORDER"); io.stdout:flush()
                  if ctx.state.orders == 4 and not io.open("\(marker)") then
                    io.open("\(marker)", "w"):close()
                    os.execute("kill -9 " .. pid())
                  end
                end
              end,
              on_fill = function(ctx, fill) print("FILL"); io.stdout:flush() end,
            }
            """)
        let args = ["trade", strategy, "--mode", "paper", "--config", config, "--bar-size", "5 secs",
                    "--symbols", "AAPL"]
        let first = try start(args)
        first.process.waitUntilExit()
        XCTAssertEqual(first.process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(first.process.terminationStatus, SIGKILL)
        XCTAssertEqual(first.count("ORDER"), 4, first.output)
        let second = try LunarBinary.run(args + ["--max-bars", "6"], timeout: 60)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("record missed execution") || second.stderr.contains("mark filled"),
                      "the restart should find the order sent just before the crash: \(second.stderr)")
        XCTAssertGreaterThan(second.stdout.components(separatedBy: "FILL").count - 1, 0, "the restart trades")

        let client = try brokerClient(port: port)
        defer { client.disconnect() }
        Thread.sleep(forTimeInterval: 0.3)
        let executions = try client.executions()
        var brokerOrders: [String: Set<Int>] = [:]
        for e in executions { brokerOrders[e.execution.orderRef, default: []].insert(e.execution.orderId) }
        XCTAssertFalse(brokerOrders.isEmpty)
        for (ref, ids) in brokerOrders {
            XCTAssertEqual(ids.count, 1, "idempotency key \(ref) reached the broker as \(ids.count) orders")
        }
        let journal = try Journal(url: directory.appendingPathComponent("state/journal.sqlite"))
        defer { journal.close() }
        let orders = try journal.orders()
        XCTAssertEqual(Set(orders.map(\.clientOrderID)).count, orders.count)
        let inFlight = try journal.unfinishedOrders()
        XCTAssertTrue(inFlight.allSatisfy { $0.status == .submitted }, "orders left in flight: \(inFlight)")
        for ref in brokerOrders.keys {
            XCTAssertNotNil(try journal.order(ref), "broker order \(ref) is unknown to the journal")
        }
        let journaled = try journal.positions()["AAPL"]?.quantity ?? 0
        XCTAssertEqual(journaled, try brokerPosition(client, "AAPL"), "journal position = broker position")
        // The journal's day report names the activity.
        let day = tradingDay(of: Date(), in: TimeZone(identifier: "America/New_York")!)
        let report = try LunarBinary.run(["journal", "--config", config, "--day", day])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.stdout.contains("AAPL"), report.stdout)
    }

    // MARK: Demo

    /// scripts/paper_trade.lua: trains (no registry model), trades through the simulator, shows a risk rejection.
    func testPaperTradeDemoRunsASessionAndReportsRiskEvents() throws {
        let script = LunarBinary.repositoryRoot.appendingPathComponent("scripts/paper_trade.lua").path
        let r = try LunarBinary.run(["run", script, "--bars", "90", "--state", directory.path], timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("training a small LSTM"), r.stderr)
        XCTAssertTrue(r.stdout.contains("rejected by max_order_qty"), r.stdout)
        XCTAssertTrue(r.stdout.contains("realized PnL after costs"), r.stdout)
        XCTAssertTrue(r.stderr.contains("90 bars: mean LSTM probability"), r.stderr)
    }

    // MARK: Refusals

    func testLiveModeAndLivePortRefusedBeforeAnythingStarts() throws {
        let strategy = try writeStrategy("return {}")
        let config = try writeConfig(port: 7497)
        let live = try LunarBinary.run(["trade", strategy, "--mode", "live", "--config", config])
        XCTAssertEqual(live.status, 2)
        XCTAssertTrue(live.stderr.contains("live.enabled"), live.stderr)
        let livePort = try writeConfig(port: 4001)
        let paper = try LunarBinary.run(["trade", strategy, "--mode", "paper", "--config", livePort])
        XCTAssertEqual(paper.status, 2)
        XCTAssertTrue(paper.stderr.contains("4001"), paper.stderr)
    }

    func testInvalidConfigNamesEveryProblemAndStartsNothing() throws {
        let strategy = try writeStrategy("print('STARTED') return {}")
        let path = directory.appendingPathComponent("bad.toml").path
        try """
            [risk]
            max_order_qty = -5
            daily_loss_limt = 100
            [connection]
            port = "x"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try LunarBinary.run(["trade", strategy, "--config", path])
        XCTAssertEqual(r.status, 2)
        for key in ["risk.max_order_qty", "daily_loss_limt", "connection.port"] {
            XCTAssertTrue(r.stderr.contains(key), "\(key) missing from: \(r.stderr)")
        }
        XCTAssertFalse(r.stdout.contains("STARTED"))
    }
}
