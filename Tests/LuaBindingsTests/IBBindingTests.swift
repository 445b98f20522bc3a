import Foundation
import LuaRuntime
import XCTest

/// lunar.ib against the simulator started inside the host, over loopback.
final class IBBindingTests: XCTestCase {
    func testSessionAgainstTheSimulator() throws {
        let state = try makeHost()
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("ib-\(UUID().uuidString).lbook").path
        try state.execute("""
            sim = lunar.ib.sim{port = 0, speed = 60}
            conn = lunar.ib.connect{port = sim:port(), client_id = 3}
            bars = conn:history("AAPL", {duration = "1 D", bar = "5 mins"})
            quotes, rt = 0, 0
            conn:market_data("AAPL", function(q) quotes = quotes + 1; last_quote = q end)
            book = conn:depth("AAPL", 5, function(b) depth_calls = (depth_calls or 0) + 1 end, {record = '\(recording)'})
            conn:realtime_bars("AAPL", function(b) rt = rt + 1 end)
            conn:run(1.5)
            order = conn:order{symbol = "AAPL", action = "BUY", qty = 10, type = "MKT"}
            status = order:wait(5)
            fills = order:fills()
            lmt = conn:order{symbol = "AAPL", action = "BUY", qty = 5, type = "LMT", limit = 1.0}
            conn:run(0.2)
            lmt:cancel()
            cancelled = lmt:wait(5)
            positions = conn:positions()
            account = conn:account()
            conn:close()
            """)
        XCTAssertEqual(try state.execute("return #bars > 50, quotes > 0, last_quote.bid < last_quote.ask, depth_calls > 0, rt > 0"),
                       [.boolean(true), .boolean(true), .boolean(true), .boolean(true), .boolean(true)])
        XCTAssertEqual(try state.execute("return book:bid(1) ~= nil, book:ask(5) ~= nil"), [.boolean(true), .boolean(true)])
        XCTAssertEqual(try state.execute("return status, #fills, fills[1].qty, fills[1].commission"),
                       [.string("Filled"), .integer(1), .number(10), .number(1)])
        XCTAssertEqual(try state.execute("return cancelled, positions[1].symbol, positions[1].qty, account.NetLiquidation > 0"),
                       [.string("Cancelled"), .string("AAPL"), .number(10), .boolean(true)])
        // The depth subscription was recorded in one call and replays into an identical book.
        XCTAssertEqual(try state.execute("local s = lunar.book.replay('\(recording)', function() end) return s.events > 0"),
                       [.boolean(true)])
        try state.execute("sim:stop()")
    }

    func testTWSErrorsReachLuaWithCodeAndText() throws {
        let state = try makeHost()
        try state.execute("""
            sim = lunar.ib.sim{port = 0, speed = 60}
            conn = lunar.ib.connect{port = sim:port(), client_id = 4}
            codes = {}
            conn:on_error(function(e) codes[#codes + 1] = e.code end)
            ok, err = pcall(conn.history, conn, "NOSUCHSYM", {duration = "1 D", bar = "5 mins"})
            conn:run(0.3)
            conn:close()
            sim:stop()
            """)
        XCTAssertEqual(try state.execute("return ok"), [.boolean(false)])
        guard case .string(let message) = try state.execute("return err").first else { return XCTFail() }
        XCTAssertTrue(message.contains("TWS error 200"), message)
        XCTAssertEqual(try state.execute("for _, c in ipairs(codes) do if c == 200 then return true end end return false"),
                       [.boolean(true)])
    }

    func testLiveTradingIsRefused() throws {
        let state = try makeHost()
        for port in [7496, 4001] {
            let message = try errorMessage(state, "lunar.ib.connect{port = \(port)}")
            XCTAssertTrue(message.contains("live trading"), message)
            XCTAssertTrue(message.contains("[live] enabled = true"), message)
        }
        let message = try errorMessage(state, "lunar.ib.connect{port = 7496, allow_live = true}")
        XCTAssertTrue(message.contains("live trading"), "allow_live alone is not enough: \(message)")
    }
}
