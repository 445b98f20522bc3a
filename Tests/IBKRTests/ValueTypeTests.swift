import Foundation
import XCTest

@testable import IBKR

/// Field reader numbers, dates, bar aggregation, depth book semantics, quotes, the event queue and commissions.
final class ValueTypeTests: XCTestCase {
    private func read<T>(_ field: String, _ body: (inout TWSFieldReader) throws -> T) rethrows -> T {
        let bytes = TWSFraming.payload([field])
        return try bytes.withUnsafeBytes { buf in
            var r = TWSFieldReader(buf)
            return try body(&r)
        }
    }

    func testNumberParsing() throws {
        XCTAssertEqual(try read("190.25") { try $0.readDouble() }, 190.25)
        XCTAssertEqual(try read("-0.5") { try $0.readDouble() }, -0.5)
        XCTAssertEqual(try read("1e-05") { try $0.readDouble() }, 1e-05)
        XCTAssertEqual(try read("0.1") { try $0.readDouble() }, 0.1)
        XCTAssertEqual(try read("123456789.123456") { try $0.readDouble() }, 123_456_789.123456)
        XCTAssertNil(try read("1.7976931348623157E308") { try $0.readOptionalDouble() })
        XCTAssertNil(try read("1.7976931348623157e+308") { try $0.readOptionalDouble() })
        XCTAssertNil(try read("Infinity") { try $0.readOptionalDouble() })
        XCTAssertNil(try read("") { try $0.readOptionalDouble() })
        XCTAssertNil(try read("2147483647") { try $0.readOptionalInt() })
        XCTAssertNil(try read("9223372036854775807") { try $0.readOptionalInt() })
        XCTAssertEqual(try read("3.0") { try $0.readInt() }, 3)
        XCTAssertEqual(try read("-1") { try $0.readInt() }, -1)
        XCTAssertThrowsError(try read("0x10") { try $0.readDouble() })
        XCTAssertThrowsError(try read("1.2.3") { try $0.readDecimal() })
        XCTAssertEqual(try read("10.0") { try $0.readDecimal() }, 10)
        XCTAssertEqual(try read("0.5") { try $0.readDecimal() }, Decimal(string: "0.5"))
        XCTAssertEqual(try read("1234567890123456789012") { try $0.readDecimal() },
                       Decimal(string: "1234567890123456789012"))
        XCTAssertEqual(try read("true") { try $0.readBool() }, true)
        XCTAssertEqual(try read("") { try $0.readBool() }, false)
        XCTAssertEqual(TWSFieldWriter.format(Decimal(string: "10.50")!), "10.5")
        XCTAssertEqual(TWSFieldWriter.format(100), "100")
    }

    func testTextEscaping() {
        XCTAssertEqual(TWSText.unescape("caf\\u00e9 \\u20ac"), "café €")
        XCTAssertEqual(String(decoding: TWSText.escape("café\u{0}x"), as: UTF8.self), "caf\\u00e9x")
        var w = TWSFieldWriter()
        w.add("a\u{0}b")
        XCTAssertEqual(w.payload, Array("ab".utf8) + [0])  // a NUL can never break framing
    }

    func testDates() {
        XCTAssertEqual(TWSDate.parse("20250106 09:30:00 US/Eastern"), 1_736_173_800)
        XCTAssertEqual(TWSDate.parse("20250106  09:30:00"), 1_736_173_800)
        XCTAssertEqual(TWSDate.parse("20250106-14:30:00"), 1_736_173_800)
        XCTAssertEqual(TWSDate.parse("1736173800"), 1_736_173_800)
        XCTAssertEqual(TWSDate.parse("20250106"), 1_736_139_600)  // midnight ET
        XCTAssertEqual(TWSDate.parse("20250706 09:30:00 US/Eastern"), 1_751_808_600)  // EDT
        XCTAssertNil(TWSDate.parse("yesterday"))
        XCTAssertNil(TWSDate.parse("20250101 9999999999999999:00:00"))
        XCTAssertNil(TWSDate.parse("20251301"))
        XCTAssertEqual(TWSDate.format(1_736_173_800), "20250106 09:30:00 US/Eastern")
        XCTAssertEqual(TWSDate.formatUTC(1_736_173_800), "20250106-14:30:00")
    }

    func testBarAggregatorBuildsMinuteBars() {
        var agg = BarAggregator(seconds: 60)
        var out: [RealTimeBar] = []
        for i in 0..<24 {
            let t = 1_736_173_800 + i * 5
            out += agg.add(RealTimeBar(time: t, open: Double(i), high: Double(i) + 1, low: Double(i) - 1,
                                       close: Double(i) + 0.5, volume: 10, wap: Decimal(i), count: 1))
        }
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(out[0].time, 1_736_173_800)
        XCTAssertEqual(out[0].open, 0)
        XCTAssertEqual(out[0].close, 11.5)
        XCTAssertEqual(out[0].high, 12)
        XCTAssertEqual(out[0].low, -1)
        XCTAssertEqual(out[0].volume, 120)
        XCTAssertEqual(out[0].wap, Decimal(string: "5.5"))
        XCTAssertEqual(out[1].time, 1_736_173_860)
        // A gap closes the partial bar when the next bucket starts.
        var gap = BarAggregator(seconds: 300)
        XCTAssertTrue(gap.add(RealTimeBar(time: 1_736_173_800, open: 1, high: 1, low: 1, close: 1)).isEmpty)
        let closed = gap.add(RealTimeBar(time: 1_736_174_400, open: 2, high: 2, low: 2, close: 2))
        XCTAssertEqual(closed.map(\.time), [1_736_173_800])
        XCTAssertEqual(gap.partial?.time, 1_736_174_400)
    }

    func testDepthBookSemantics() {
        var book = DepthBook()
        func u(_ p: Int, _ op: DepthOperation, _ side: BookSide, _ price: Double) -> DepthUpdate {
            DepthUpdate(reqId: 1, position: p, operation: op, side: side, price: price, size: 100)
        }
        book.apply(u(0, .insert, .bid, 10))
        book.apply(u(1, .insert, .bid, 9))
        book.apply(u(0, .insert, .bid, 10.5))  // insert shifts down
        XCTAssertEqual(book.bids.map(\.price), [10.5, 10, 9])
        book.apply(u(1, .update, .bid, 10.1))
        book.apply(u(0, .delete, .bid, 0))  // delete shifts up
        XCTAssertEqual(book.bids.map(\.price), [10.1, 9])
        book.apply(u(9, .delete, .ask, 0))  // out of range: ignored
        book.apply(u(5, .update, .ask, 11))
        XCTAssertEqual(book.asks.map(\.price), [11])
        book.clear()
        XCTAssertTrue(book.bids.isEmpty && book.asks.isEmpty)
    }

    func testQuoteApply() {
        var q = Quote()
        q.apply(TickPrice(reqId: 1, tickType: TickType.bid, price: 10, size: 100))
        q.apply(TickPrice(reqId: 1, tickType: TickType.delayedAsk, price: 10.1, size: 200))
        q.apply(TickSize(reqId: 1, tickType: TickType.volume, size: 5000))
        q.apply(TickPrice(reqId: 1, tickType: TickType.bid, price: -1, size: 0))
        XCTAssertNil(q.bid)
        XCTAssertEqual(q.ask, 10.1)
        XCTAssertEqual(q.askSize, 200)
        XCTAssertEqual(q.volume, 5000)
        XCTAssertEqual(TickType.sizeTick(forPriceTick: TickType.last), TickType.lastSize)
    }

    func testEventQueueDrainAndPoll() {
        let q = TWSEventQueue(capacity: 3)
        XCTAssertNil(q.poll())
        let start = Date()
        XCTAssertTrue(q.drain(timeout: 0.1).isEmpty)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.09)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { q.push(.connectivityLost) }
        XCTAssertEqual(q.drain(timeout: 2).count, 1)
        for _ in 0..<5 { q.push(.connectivityLost) }
        XCTAssertEqual(q.count, 3)
        XCTAssertEqual(q.droppedCount, 2)
        XCTAssertNotNil(q.poll())
        XCTAssertEqual(q.drain(timeout: 0).count, 2)
    }

    func testCommissionModel() {
        let m = CommissionModel()
        XCTAssertEqual(m.commission(shares: 100, value: 19_000), 1.0)  // minimum
        XCTAssertEqual(m.commission(shares: 1000, value: 190_000), 5.0)
        XCTAssertEqual(m.commission(shares: 100, value: 50), 0.5)  // capped at 1 % of value
        XCTAssertEqual(m.commission(shares: 0, value: 0), 0)
    }

    func testOrderHelpers() {
        XCTAssertNil(Order.market(.buy, 1).validationProblem())
        XCTAssertNotNil(Order.market(.buy, 0).validationProblem())
        XCTAssertNotNil(Order(action: .sell, totalQuantity: 1, orderType: .stopLimit, auxPrice: 1).validationProblem())
        let b = Order.bracket(.buy, 10, entry: 100, takeProfit: 110, stopLoss: 95)
        XCTAssertEqual([b.parent.transmit, b.takeProfit.transmit, b.stopLoss.transmit], [false, false, true])
        XCTAssertEqual(b.takeProfit.action, .sell)
        XCTAssertEqual(b.stopLoss.orderType, .stop)
        XCTAssertTrue(TWSError.timeout("x", seconds: 1).description.contains("timeout"))
    }
}
