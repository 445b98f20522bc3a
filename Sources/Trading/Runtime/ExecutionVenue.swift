import Foundation

/// Where a trading session's orders go and where its market data comes from: the event-driven backtester, the
/// in-process TWS simulator, or a TWS / IB Gateway (paper or live).
///
/// A venue never decides whether an order may be sent: ``TradingSession`` checks it with the ``RiskManager`` and
/// journals it first. Venues are driven from one thread (the session's); `cancelAll` and `submit` may also be
/// called by the session's emergency watchdog while that thread is busy, so implementations are thread-safe.
public protocol ExecutionVenue: AnyObject, Sendable {
    /// A short name for logs: `backtest`, `sim`, `paper 127.0.0.1:7497`.
    var name: String { get }
    /// The venue's clock: the current bar's decision time in a backtest, the simulator's clock, or the wall clock.
    var now: Date { get }
    /// Connects and subscribes to bars (and quotes) of `symbols`.
    func start(symbols: [String]) throws
    /// Sends an order; returns the broker's order id.
    func submit(_ intent: OrderIntent) throws -> String
    /// Asks the broker to cancel an order.
    func cancel(clientOrderID: String) throws
    /// Asks the broker to cancel every open order of this session.
    func cancelAll() throws
    /// Waits up to `timeout` seconds for events and returns those available (possibly none).
    func nextEvents(timeout: TimeInterval) -> [VenueEvent]
    /// The broker's open orders, for reconciliation after a restart.
    func brokerOpenOrders() throws -> [BrokerOpenOrder]
    /// The broker's positions, for reconciliation after a restart.
    func brokerPositions() throws -> [PositionState]
    /// The broker's executions of the day, for reconciliation after a restart.
    func brokerExecutions() throws -> [Fill]
    /// Bars before the session starts, oldest first, so indicators and models have history.
    func history(symbol: String, bars: Int) throws -> [MarketBar]
    /// The account's cash at the broker, when the venue can tell (TWS `TotalCashValue`); `nil` otherwise.
    func brokerCash() throws -> Double?
    /// Disconnects.
    func stop()
}

extension ExecutionVenue {
    /// No history: a backtest replays every bar of its data as events, so there is nothing before the first one.
    public func history(symbol: String, bars: Int) throws -> [MarketBar] { [] }
    /// No broker cash figure: the session keeps its `startingCash` (backtests).
    public func brokerCash() throws -> Double? { nil }
}
