import Foundation
import XCTest

@testable import Trading

final class LunarConfigTests: XCTestCase {
    private let base = URL(fileURLWithPath: "/tmp/lunar-config-test")

    private func problems(_ text: String) -> [String] {
        do {
            _ = try LunarConfig.parse(text, file: "lunar.toml", baseDirectory: base)
            XCTFail("expected the configuration to be refused")
            return []
        } catch let error as LunarConfigError {
            return error.problems.map(\.description)
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func testEmptyConfigGivesDefaults() throws {
        let config = try LunarConfig.parse("", baseDirectory: base)
        XCTAssertEqual(config.stateDirectory.path, "/tmp/lunar-config-test/state")
        XCTAssertEqual(config.connection, ConnectionConfig(host: "127.0.0.1", port: 7497, clientID: 1))
        XCTAssertFalse(config.live.enabled)
        XCTAssertNil(config.risk.maxOrderQuantity)
        XCTAssertTrue(config.risk.flattenOnHalt)
        XCTAssertEqual(config.timeZone.identifier, "America/New_York")
        XCTAssertEqual(config.journalURL.lastPathComponent, "journal.sqlite")
    }

    func testExampleFileParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try LunarConfig.load(path: root.appendingPathComponent("lunar.toml.example").path)
        XCTAssertEqual(config.risk.maxPosition, 1000)
        XCTAssertEqual(config.risk.maxPosition(for: "AAPL"), 300)
        XCTAssertEqual(config.risk.maxPosition(for: "MSFT"), 1000)
        XCTAssertEqual(config.risk.maxOrderQuantity, 500)
        XCTAssertEqual(config.risk.maxOrderNotional, 50000)
        XCTAssertEqual(config.risk.maxOrdersPerMinute, 20)
        XCTAssertEqual(config.risk.dailyLossLimit, 2500)
        XCTAssertEqual(try XCTUnwrap(config.risk.priceCollar), 0.05, accuracy: 1e-12)
        XCTAssertEqual(config.risk.tradingHours?.description, "09:30-16:00 America/New_York")
        XCTAssertEqual(config.risk.allowedSymbols, ["AAPL", "MSFT", "SPY"])
        XCTAssertEqual(config.symbols.universe, ["AAPL", "MSFT", "SPY"])
        XCTAssertEqual(config.models.registry.lastPathComponent, "models")
        XCTAssertEqual(config.data.source, .csv)
        XCTAssertEqual(config.data.historyDays, 730)
    }

    func testEveryProblemIsReportedWithKeyAndExpectedValue() {
        let text = """
            state_dir = 3
            [connection]
            port = 70000
            client_id = "one"
            [live]
            enabled = "yes"
            [risk]
            max_order_qty = "ten"
            max_position = -5
            max_notional = 0
            price_collar_pct = 250
            trading_hours = "9.30 to 4"
            [data]
            source = "bloomberg"
            """
        XCTAssertEqual(problems(text), [
            "state_dir: expected a directory path, got 3",
            "connection.port: expected a TCP port (1-65535), got 70000",
            "connection.client_id: expected a non-negative integer, got \"one\"",
            "live.enabled: expected true or false, got \"yes\"",
            "risk.max_position: expected a positive integer, got -5",
            "risk.max_order_qty: expected a positive integer, got \"ten\"",
            "risk.max_notional: expected a positive number, got 0",
            "risk.price_collar_pct: expected a percentage between 0 and 100 (e.g. 5 for 5%), got 250",
            "risk.trading_hours: expected \"HH:MM-HH:MM\" such as \"09:30-16:00\", got \"9.30 to 4\"",
            "data.source: expected one of \"csv\", \"yahoo\", \"tws\", got \"bloomberg\"",
        ])
    }

    func testUnknownKeysSuggestTheClosestKnownKey() {
        let text = """
            stat_dir = "x"
            [risk]
            max_ordr_qty = 10
            daily_los_limit = 100
            [conection]
            host = "h"
            """
        XCTAssertEqual(problems(text), [
            "risk.daily_los_limit: unknown key; did you mean \"risk.daily_loss_limit\"?",
            "risk.max_ordr_qty: unknown key; did you mean \"risk.max_order_qty\"?",
            "conection: unknown key; did you mean \"connection\"?",
            "stat_dir: unknown key; did you mean \"state_dir\"?",
        ])
    }

    func testLiveRequiresTheCoreLimits() {
        let text = """
            [live]
            enabled = true
            [risk]
            max_position = 100
            """
        XCTAssertEqual(problems(text), [
            "risk.max_order_qty: expected a positive number: required when live.enabled = true",
            "risk.max_notional: expected a positive number: required when live.enabled = true",
            "risk.daily_loss_limit: expected a positive number: required when live.enabled = true",
        ])
    }

    func testSymbolOverridesMustBeInTheUniverse() {
        let text = """
            [symbols]
            universe = ["AAPL", 5]
            [symbols.TSLA]
            max_position = 10
            max_postion_notional = 5
            """
        XCTAssertEqual(problems(text), [
            "symbols.universe[1]: expected a non-empty string, got 5",
            "symbols.TSLA.max_postion_notional: unknown key; did you mean \"symbols.TSLA.max_position_notional\"?",
            "symbols.TSLA: expected a symbol listed in symbols.universe (AAPL), got \"TSLA\"",
        ])
    }

    func testSyntaxErrorNamesLineAndColumn() {
        let lines = problems("[risk]\nmax_order_qty = = 3\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("line 2, column"), lines[0])
    }

    func testErrorDescriptionIsOneLinePerProblemWithTheFile() {
        do {
            _ = try LunarConfig.parse("[risk]\nmax_order_qty = \"ten\"\nmax_orders_per_minute = 1.5\n",
                                      file: "conf/lunar.toml", baseDirectory: base)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual("\(error)", """
                conf/lunar.toml: risk.max_order_qty: expected a positive integer, got "ten"
                conf/lunar.toml: risk.max_orders_per_minute: expected a positive integer, got 1.5
                """)
        }
    }

    func testMissingFileIsOneActionableProblem() {
        XCTAssertThrowsError(try LunarConfig.load(path: "/nonexistent/lunar.toml")) { error in
            XCTAssertTrue("\(error)".contains("copy lunar.toml.example"), "\(error)")
        }
    }

    func testRelativePathsResolveAgainstTheConfigDirectory() throws {
        let config = try LunarConfig.parse("state_dir = \"run/state\"\n[models]\nregistry = \"/abs/models\"\n",
                                           baseDirectory: base)
        XCTAssertEqual(config.stateDirectory.path, "/tmp/lunar-config-test/run/state")
        XCTAssertEqual(config.models.registry.path, "/abs/models")
    }

    func testLiveModeAndLivePortsNeedTheOptIn() throws {
        let paper = try LunarConfig.parse("", baseDirectory: base)
        XCTAssertThrowsError(try paper.checkAllowed(mode: .live))
        XCTAssertNoThrow(try paper.checkAllowed(mode: .paper))
        let livePort = try LunarConfig.parse("[connection]\nport = 7496\n", baseDirectory: base)
        XCTAssertThrowsError(try livePort.checkAllowed(mode: .paper)) { error in
            XCTAssertTrue("\(error)".contains("connection.port 7496"), "\(error)")
        }
        XCTAssertNoThrow(try livePort.checkAllowed(mode: .sim))
        let optedIn = try LunarConfig.parse("""
            [live]
            enabled = true
            [risk]
            max_position = 1
            max_order_qty = 1
            max_notional = 1
            daily_loss_limit = 1
            """, baseDirectory: base)
        XCTAssertNoThrow(try optedIn.checkAllowed(mode: .live))
    }
}
