import Foundation

/// Something the client observed, delivered through `TWSClient.drain(timeout:)` / `poll()` on the caller's
/// thread (never on a network thread).
public enum TWSEvent: Sendable {
    /// Connected (or reconnected) and ready: server version, accounts, next order id.
    case connected(serverVersion: Int, accounts: [String], nextOrderId: Int)
    /// The connection dropped; the client will try to reconnect when `autoReconnect` is on.
    case connectionLost(reason: String)
    /// A reconnect attempt is scheduled.
    case reconnecting(attempt: Int, delay: Double)
    /// Reconnected; subscriptions were re-submitted.
    case reconnected(resubscribed: Int)
    /// Gave up reconnecting or disconnected by request.
    case disconnected(reason: String)
    /// TWS lost its connection to IB (1100); data is stale.
    case connectivityLost
    /// TWS reconnected to IB (1101 data lost → subscriptions re-submitted; 1102 data maintained).
    case connectivityRestored(dataLost: Bool)
    /// A level-1 price or size changed; `quote` holds every latest value of the subscription.
    case quote(reqId: Int, tickType: Int, quote: Quote)
    /// A `tickString` (e.g. last timestamp, RT volume).
    case tickString(reqId: Int, tickType: Int, value: String)
    /// A `tickGeneric` (e.g. shortable, halted).
    case tickGeneric(reqId: Int, tickType: Int, value: Double)
    /// A level-2 change (already applied to `TWSClient.depthBook(reqId)`).
    case depth(DepthUpdate)
    /// The depth book of a subscription was cleared (error 317 or resubscription).
    case depthReset(reqId: Int)
    /// A 5-second real-time bar.
    case realTimeBar(reqId: Int, RealTimeBar)
    /// A completed aggregate (1 min, 5 min, …) of real-time bars.
    case aggregatedBar(reqId: Int, RealTimeBar)
    /// An update of the forming bar of a keepUpToDate historical request.
    case historicalBarUpdate(reqId: Int, HistoricalBar)
    /// An order status change.
    case orderStatus(OrderStatus)
    /// An `openOrder` record.
    case openOrder(OpenOrder)
    /// An execution of one of this client's orders.
    case execution(Fill)
    /// A commission report, linked to its order when known.
    case commissionReport(orderId: Int?, CommissionReport)
    /// A position update.
    case position(Position)
    /// An account value update.
    case accountValue(AccountValue)
    /// A portfolio row update.
    case portfolio(PortfolioItem)
    /// A TWS error or notice (check `isWarning`), with its code and text.
    case error(TWSError)
}

/// A thread-safe FIFO of events with a blocking `drain(timeout:)`.
public final class TWSEventQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [TWSEvent] = []
    private var head = 0
    /// Events dropped because the queue was full.
    public private(set) var droppedCount = 0
    /// Maximum queued events; beyond it the oldest are dropped.
    public let capacity: Int

    /// Creates a queue holding at most `capacity` events.
    public init(capacity: Int = 1_000_000) { self.capacity = capacity }

    /// Appends an event and wakes a waiting drainer.
    public func push(_ e: TWSEvent) {
        condition.lock()
        if items.count - head >= capacity {
            head += 1
            droppedCount += 1
        }
        items.append(e)
        condition.signal()
        condition.unlock()
    }

    /// Number of queued events.
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head
    }

    /// Removes and returns the oldest event, or `nil` when empty (never blocks).
    public func poll() -> TWSEvent? {
        condition.lock()
        defer { condition.unlock() }
        return takeOne()
    }

    private func takeOne() -> TWSEvent? {
        guard head < items.count else { return nil }
        let e = items[head]
        head += 1
        compact()
        return e
    }

    private func compact() {
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }

    /// Waits up to `timeout` seconds for at least one event, then returns every queued event (at most `max`).
    public func drain(timeout: Double, max: Int = .max) -> [TWSEvent] {
        let deadline = Date(timeIntervalSinceNow: Swift.max(0, timeout))
        condition.lock()
        defer { condition.unlock() }
        while head >= items.count {
            if !condition.wait(until: deadline) { break }
        }
        let n = Swift.min(items.count - head, max)
        guard n > 0 else { return [] }
        let out = Array(items[head..<(head + n)])
        head += n
        compact()
        return out
    }
}
