import Foundation
import XCTest

@testable import Trading

final class RiskManagerTests: XCTestCase {
    private let newYork = TimeZone(identifier: "America/New_York")!
    /// 2024-03-13 (a Wednesday) 10:00 New York time.
    private let morning = Date(timeIntervalSince1970: 1_710_302_400 + 10 * 3600)

    private func order(_ side: OrderSide, _ qty: Double, _ symbol: String = "AAPL", type: OrderType = .market,
                       limit: Double? = nil, id: String? = nil) -> OrderIntent {
        OrderIntent(clientOrderID: id, symbol: symbol, side: side, quantity: qty, type: type, limitPrice: limit,
                    time: morning)
    }

    private func account(_ positions: [(String, Double, Double)] = [], prices: [String: Double] = ["AAPL": 100],
                         open: [OpenOrderState] = [], realized: Double = 0) -> AccountState {
        var book: [String: PositionState] = [:]
        for (symbol, qty, cost) in positions {
            book[symbol] = PositionState(symbol: symbol, quantity: qty, averageCost: cost, marketPrice: prices[symbol])
        }
        return AccountState(positions: book, openOrders: open, realizedPnLToday: realized, referencePrices: prices)
    }

    private func rejection(_ manager: RiskManager, _ intent: OrderIntent, _ state: AccountState,
                           at time: Date? = nil) -> String? {
        manager.check(intent, account: state, now: time ?? morning).rejection?.message
    }

    func testMaxOrderQuantity() {
        let manager = RiskManager(limits: RiskLimits(maxOrderQuantity: 1000, timeZone: newYork))
        XCTAssertEqual(rejection(manager, order(.buy, 1500), account()), "max_order_qty: 1500 shares > limit 1000")
        let decision = manager.check(order(.sell, 1500), account: account(), now: morning)
        XCTAssertEqual(decision.rejection?.rule, .maxOrderQuantity)
        XCTAssertEqual(decision.rejection?.value, 1500)
        XCTAssertEqual(decision.rejection?.limit, 1000)
        XCTAssertNil(rejection(manager, order(.buy, 1000), account()))
    }

    func testMaxOrderNotionalUsesLimitElseReferencePrice() {
        let manager = RiskManager(limits: RiskLimits(maxOrderNotional: 50_000, timeZone: newYork))
        XCTAssertEqual(rejection(manager, order(.buy, 600, type: .limit, limit: 90), account()),
                       "max_notional: 600 × 90.00 = 54000.00 > limit 50000.00")
        XCTAssertEqual(rejection(manager, order(.sell, 501), account()),
                       "max_notional: 501 × 100.00 = 50100.00 > limit 50000.00")
        XCTAssertNil(rejection(manager, order(.buy, 500), account()))
        XCTAssertEqual(rejection(manager, order(.buy, 1, "MSFT"), account()),
                       "no_reference_price: no reference price for MSFT to value a market order against the "
                           + "notional limits")
    }

    func testMaxPositionCountsOpenOrdersAndAllowsReducing() {
        let manager = RiskManager(limits: RiskLimits(maxPosition: 1000, timeZone: newYork))
        let open = [OpenOrderState(clientOrderID: "o1", symbol: "AAPL", side: .buy, remainingQuantity: 100)]
        XCTAssertEqual(rejection(manager, order(.buy, 200), account([("AAPL", 800, 100)], open: open)),
                       "max_position: AAPL would reach 1100 shares (position 800, open orders 100, order buy 200) "
                           + "> limit 1000")
        XCTAssertNil(rejection(manager, order(.buy, 100), account([("AAPL", 800, 100)], open: open)))
        // Short side: -900 - 200 = -1100.
        let short = manager.check(order(.sell, 200), account: account([("AAPL", -900, 100)]), now: morning)
        XCTAssertEqual(short.rejection?.value, 1100)
        // Over the limit already (limits were tightened): reducing is allowed, adding is not.
        XCTAssertNil(rejection(manager, order(.sell, 100), account([("AAPL", 1200, 100)])))
        XCTAssertNotNil(rejection(manager, order(.buy, 1), account([("AAPL", 1200, 100)])))
    }

    func testPerSymbolPositionOverride() {
        let limits = RiskLimits(maxPosition: 1000, symbolLimits: ["AAPL": SymbolLimits(maxPosition: 300)],
                                timeZone: newYork)
        let manager = RiskManager(limits: limits)
        XCTAssertEqual(manager.check(order(.buy, 301), account: account(), now: morning).rejection?.limit, 300)
        XCTAssertNil(rejection(manager, order(.buy, 301, "MSFT"), account(prices: ["MSFT": 10])))
    }

    func testMaxPositionNotional() {
        let manager = RiskManager(limits: RiskLimits(maxPositionNotional: 60_000, timeZone: newYork))
        XCTAssertEqual(rejection(manager, order(.buy, 200), account([("AAPL", 500, 90)])),
                       "max_position_notional: AAPL would reach 700 shares × 100.00 = 70000.00 > limit 60000.00")
        XCTAssertNil(rejection(manager, order(.buy, 100), account([("AAPL", 500, 90)])))
    }

    func testMaxGrossExposure() {
        let manager = RiskManager(limits: RiskLimits(maxGrossExposure: 150_000, timeZone: newYork))
        let prices = ["AAPL": 100.0, "MSFT": 400]
        // Now: |800| × 100 + |-200| × 400 = 160,000 (already over); buying 100 AAPL → 170,000.
        let state = account([("AAPL", 800, 100), ("MSFT", -200, 400)], prices: prices)
        XCTAssertEqual(rejection(manager, order(.buy, 100), state),
                       "max_gross_exposure: gross exposure would reach 170000.00 (now 160000.00) > limit 150000.00")
        // Selling 100 AAPL reduces gross to 150,000: allowed.
        XCTAssertNil(rejection(manager, order(.sell, 100), state))
        // Flat account: 1,600 × 100 = 160,000 > 150,000.
        let flat = manager.check(order(.buy, 1600), account: account(prices: prices), now: morning)
        XCTAssertEqual(flat.rejection?.value, 160_000)
    }

    func testPriceCollarForLimitOrders() {
        let manager = RiskManager(limits: RiskLimits(priceCollar: 0.05, timeZone: newYork))
        XCTAssertEqual(rejection(manager, order(.buy, 10, type: .limit, limit: 106), account()),
                       "price_collar_pct: limit 106.00 is 6.0% from reference 100.00 > limit 5.0%")
        XCTAssertEqual(manager.check(order(.sell, 10, type: .limit, limit: 90), account: account(), now: morning)
            .rejection?.rule, .priceCollar)
        XCTAssertNil(rejection(manager, order(.buy, 10, type: .limit, limit: 95), account()))
        XCTAssertNil(rejection(manager, order(.buy, 10), account()), "market orders have no limit price to collar")
        XCTAssertEqual(manager.check(order(.buy, 10, "MSFT", type: .limit, limit: 10), account: account(), now: morning)
            .rejection?.rule, .noReferencePrice)
    }

    func testTradingHours() throws {
        let hours = try XCTUnwrap(TradingHours(parsing: "09:30-16:00", timeZone: newYork))
        let manager = RiskManager(limits: RiskLimits(tradingHours: hours, timeZone: newYork))
        let evening = morning.addingTimeInterval(7 * 3600 + 5 * 60)
        XCTAssertEqual(rejection(manager, order(.buy, 1), account(), at: evening),
                       "trading_hours: 17:05 America/New_York is outside 09:30-16:00 America/New_York")
        XCTAssertNil(rejection(manager, order(.buy, 1), account()))
    }

    func testOrdersPerMinuteSlidingWindow() {
        let manager = RiskManager(limits: RiskLimits(maxOrdersPerMinute: 3, timeZone: newYork))
        let t0 = morning
        for offset in [0.0, 10, 20] {
            XCTAssertNil(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(offset)))
        }
        XCTAssertEqual(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(30)),
                       "max_orders_per_minute: 4 orders in 60 s > limit 3")
        XCTAssertNotNil(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(59.9)))
        // Rejected orders do not count; at t0 + 60 the first order has left the window.
        XCTAssertEqual(manager.ordersInLastMinute(now: t0.addingTimeInterval(59.9)), 3)
        XCTAssertNil(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(60)))
        XCTAssertNotNil(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(61)))
        XCTAssertNil(rejection(manager, order(.buy, 1), account(), at: t0.addingTimeInterval(70.5)))
    }

    func testDuplicateClientOrderIDsAreRefused() {
        let manager = RiskManager(limits: RiskLimits(timeZone: newYork), knownOrderIDs: ["from-journal"])
        XCTAssertNil(rejection(manager, order(.buy, 1, id: "a"), account()))
        XCTAssertEqual(rejection(manager, order(.buy, 1, id: "a"), account()),
                       "duplicate_order: client order id a was already submitted")
        let replayed = manager.check(order(.buy, 1, id: "from-journal"), account: account(), now: morning)
        XCTAssertEqual(replayed.rejection?.rule, .duplicateOrder)
        let open = [OpenOrderState(clientOrderID: "at-broker", symbol: "AAPL", side: .buy, remainingQuantity: 1)]
        XCTAssertEqual(manager.check(order(.buy, 1, id: "at-broker"), account: account(open: open), now: morning)
            .rejection?.rule, .duplicateOrder)
        manager.registerOrderIDs(["adopted"])
        XCTAssertNotNil(rejection(manager, order(.buy, 1, id: "adopted"), account()))
    }

    func testMalformedOrdersAndSymbolsOutsideTheUniverse() {
        let manager = RiskManager(limits: RiskLimits(allowedSymbols: ["AAPL"], timeZone: newYork))
        XCTAssertEqual(manager.check(order(.buy, 0), account: account(), now: morning).rejection?.rule, .invalidOrder)
        XCTAssertEqual(rejection(manager, order(.buy, 5, type: .limit), account()),
                       "invalid_order: limit order without a positive limit price")
        XCTAssertEqual(rejection(manager, order(.buy, 5, "TSLA"), account()),
                       "symbol_not_allowed: TSLA is not in symbols.universe (AAPL)")
    }

    func testDailyLossLimitHaltsCancelsFlattensForTheDay() {
        let manager = RiskManager(limits: RiskLimits(dailyLossLimit: 5000, timeZone: newYork))
        // Realized -3,000 and 100 shares bought at 100 now marked at 80: unrealized -2,000; day PnL -5,000.
        let losing = account([("AAPL", 100, 100)], prices: ["AAPL": 80], realized: -3000)
        XCTAssertEqual(losing.dayPnL, -5000)
        let decision = manager.check(order(.buy, 1), account: losing, now: morning)
        guard case .halt(let halt, let rejection) = decision else {
            return XCTFail("expected a halt, got \(decision)")
        }
        XCTAssertEqual(halt.reason, .dailyLossLimit(dayPnL: -5000, limit: 5000))
        XCTAssertEqual(halt.reason.description, "daily_loss_limit: day PnL -5000.00 <= -5000.00")
        XCTAssertEqual(rejection.rule, .dailyLossLimit)
        XCTAssertTrue(halt.cancelOpenOrders)
        XCTAssertNil(halt.exitStatus)
        XCTAssertEqual(halt.tradingDay, "2024-03-13")
        XCTAssertEqual(halt.flattenOrders.map(\.summary).map { $0.components(separatedBy: " [")[0] },
                       ["SELL 100 AAPL MARKET"])
        // Halted for the rest of the day, even when PnL recovers; poll reports the halt only once.
        let recovered = account(prices: ["AAPL": 80])
        XCTAssertNil(manager.poll(account: losing, now: morning.addingTimeInterval(60)))
        XCTAssertEqual(manager.check(order(.buy, 1), account: recovered, now: morning.addingTimeInterval(60))
            .rejection?.message,
                       "halted: trading halted for 2024-03-13 (daily_loss_limit: day PnL -5000.00 <= -5000.00)")
        // The next trading day trades again.
        let tomorrow = morning.addingTimeInterval(86400)
        XCTAssertEqual(manager.currentState(now: tomorrow), .running)
        XCTAssertTrue(manager.check(order(.buy, 1), account: recovered, now: tomorrow).isAccepted)
    }

    func testDailyLossHaltWithoutFlattenAndNotBeforeTheLimit() {
        let manager = RiskManager(limits: RiskLimits(dailyLossLimit: 5000, flattenOnHalt: false, timeZone: newYork))
        XCTAssertNil(manager.poll(account: account([("AAPL", 100, 100)], prices: ["AAPL": 80], realized: -2999),
                                  now: morning))
        let halt = manager.poll(account: account([("AAPL", 100, 100)], prices: ["AAPL": 80], realized: -3001),
                                now: morning)
        XCTAssertEqual(halt?.flattenOrders, [])
        XCTAssertTrue(manager.isHalted(now: morning))
    }

    func testHaltJournaledEarlierTodaySurvivesARestart() {
        let reason = HaltReason.dailyLossLimit(dayPnL: -6000, limit: 5000)
        let manager = RiskManager(limits: RiskLimits(dailyLossLimit: 5000, timeZone: newYork),
                                  haltedToday: ("2024-03-13", reason))
        XCTAssertEqual(manager.check(order(.buy, 1), account: account(), now: morning).rejection?.rule, .halted)
    }

    func testLimitsCannotBeLoosenedByARunningManager() {
        // `limits` is a `let` of a struct whose stored properties are all `let`: no code path can change it.
        let manager = RiskManager(limits: RiskLimits(maxOrderQuantity: 10, timeZone: newYork))
        var copy = manager.limits
        copy = RiskLimits(maxOrderQuantity: 1_000_000)
        XCTAssertEqual(copy.maxOrderQuantity, 1_000_000)
        XCTAssertEqual(manager.limits.maxOrderQuantity, 10)
        XCTAssertNotNil(rejection(manager, order(.buy, 11), account()))
        let mirror = Mirror(reflecting: manager.limits)
        XCTAssertEqual(mirror.children.count, 13, "a new limit needs a test of its own")
    }
}
