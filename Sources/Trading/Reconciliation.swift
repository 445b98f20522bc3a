import Foundation

/// How reconciliation treats orders that were journaled but provably never sent.
public struct ReconciliationPolicy: Sendable, Equatable {
    /// An unsent intent younger than this is sent now (with its original key); an older one expires.
    public var resubmitUnsentWithin: TimeInterval

    /// Creates a policy; by default unsent intents up to 60 s old are sent.
    public init(resubmitUnsentWithin: TimeInterval = 60) { self.resubmitUnsentWithin = resubmitUnsentWithin }
}

/// One step that brings the journal and the broker back into agreement after a restart.
public enum ReconciliationAction: Sendable, Equatable, CustomStringConvertible {
    /// Journaled as intended and never sent, still fresh: send it now under the same key (no duplicate possible,
    /// the broker has never seen it). Call ``Journal/markSubmitting(_:brokerOrderID:now:)`` first, as usual.
    case submit(JournaledOrder)
    /// Journaled as intended, never sent, too old to send: marked expired, not sent.
    case expire(JournaledOrder)
    /// Sent and still open at the broker: keep tracking it; do not resend.
    case adopt(JournaledOrder, BrokerOpenOrder)
    /// An execution the journal missed while the process was down: record it.
    case recordFill(Fill)
    /// Sent, no longer open, and fully executed (counting missed executions).
    case markFilled(JournaledOrder)
    /// Sent, no longer open, partly or not executed: it was cancelled, rejected or expired at the broker. Not resent.
    case markClosedAtBroker(JournaledOrder, filledQuantity: Double)
    /// Marked `submitting` before the crash but unknown at the broker with no executions: it never arrived, or
    /// left no trace. Not resent (a duplicate is worse than a missed order); reported for a human.
    case markUnknownAtBroker(JournaledOrder)
    /// Open at the broker but not in the journal (placed by hand or by another client): left alone and reported.
    case foreignOrder(BrokerOpenOrder)
    /// The journal's position differs from the broker's after missed executions: the broker's is adopted.
    case positionMismatch(symbol: String, journaled: Double, broker: Double, brokerAverageCost: Double)

    /// One line for logs and the journal.
    public var description: String {
        switch self {
        case .submit(let o): return "submit unsent order \(o.intent.summary)"
        case .expire(let o): return "expire unsent order \(o.intent.summary)"
        case .adopt(let o, let b):
            return "adopt open order \(o.intent.summary) as broker order \(b.brokerOrderID) (\(b.status), filled "
                + "\(formatQuantity(b.filledQuantity)))"
        case .recordFill(let f):
            return "record missed execution \(f.executionID): \(f.side.rawValue) \(formatQuantity(f.quantity)) "
                + "\(f.symbol) @ \(formatPrice(f.price)) for \(f.clientOrderID)"
        case .markFilled(let o): return "mark filled \(o.intent.summary)"
        case .markClosedAtBroker(let o, let filled):
            return "mark closed at broker \(o.intent.summary) (filled \(formatQuantity(filled)) of "
                + "\(formatQuantity(o.intent.quantity)))"
        case .markUnknownAtBroker(let o): return "unknown at broker, not resent: \(o.intent.summary)"
        case .foreignOrder(let b):
            return "foreign open order \(b.brokerOrderID) \(b.side.rawValue) \(formatQuantity(b.quantity)) \(b.symbol) "
                + "(orderRef \(b.clientOrderID ?? "none")): left alone"
        case .positionMismatch(let symbol, let journaled, let broker, _):
            return "position \(symbol): journal \(formatQuantity(journaled)), broker \(formatQuantity(broker)); "
                + "adopting the broker's"
        }
    }
}

/// The result of ``Journal/reconcile(brokerOpenOrders:brokerPositions:brokerExecutions:policy:now:)``.
///
/// Apply the journal side with ``Journal/apply(_:now:)``, then send ``ordersToSubmit`` and keep tracking
/// ``adoptedOrders``; nothing else goes to the broker.
public struct ReconciliationPlan: Sendable, Equatable {
    /// Every step, missed executions first.
    public let actions: [ReconciliationAction]

    /// Creates a plan.
    public init(actions: [ReconciliationAction]) { self.actions = actions }

    /// Intents to send now (never sent before the crash).
    public var ordersToSubmit: [OrderIntent] {
        actions.compactMap { if case .submit(let order) = $0 { return order.intent } else { return nil } }
    }

    /// Orders still live at the broker, to track as open orders.
    public var adoptedOrders: [OpenOrderState] {
        actions.compactMap {
            guard case .adopt(let order, let broker) = $0 else { return nil }
            return OpenOrderState(clientOrderID: order.clientOrderID, symbol: order.intent.symbol,
                                  side: order.intent.side,
                                  remainingQuantity: max(0, broker.quantity - broker.filledQuantity),
                                  limitPrice: order.intent.limitPrice)
        }
    }

    /// Whether the journal and the broker already agree and nothing is to be sent.
    public var isClean: Bool {
        actions.allSatisfy { if case .adopt = $0 { return true } else { return false } }
    }

    /// One line per action (or `journal and broker agree`).
    public var summary: String {
        actions.isEmpty ? "journal and broker agree" : actions.map(\.description).joined(separator: "\n")
    }
}

/// Decides the reconciliation steps from the journal's unfinished orders and the broker's state. Pure.
enum Reconciler {
    static func plan(
        unfinished: [JournaledOrder], terminalIDs: [String: JournaledOrder], knownExecutionIDs: Set<String>,
        journalPositions: [String: PositionState], brokerOpenOrders: [BrokerOpenOrder],
        brokerPositions: [PositionState], brokerExecutions: [Fill], policy: ReconciliationPolicy, now: Date
    ) -> ReconciliationPlan {
        var actions: [ReconciliationAction] = []
        var positions = journalPositions
        var missedByOrder: [String: Double] = [:]
        var seen = knownExecutionIDs
        for fill in brokerExecutions.sorted(by: { $0.time < $1.time }) where !seen.contains(fill.executionID) {
            seen.insert(fill.executionID)
            actions.append(.recordFill(fill))
            missedByOrder[fill.clientOrderID, default: 0] += fill.quantity
            positions[fill.symbol, default: PositionState(symbol: fill.symbol, quantity: 0)]
                .apply(signedQuantity: fill.signedQuantity, price: fill.price)
        }

        func brokerMatch(_ order: JournaledOrder) -> BrokerOpenOrder? {
            brokerOpenOrders.first { $0.clientOrderID == order.clientOrderID }
                ?? order.brokerOrderID.flatMap { id in brokerOpenOrders.first { $0.brokerOrderID == id } }
        }

        var matchedBrokerIDs: Set<String> = []
        for order in unfinished.sorted(by: { $0.intent.time < $1.intent.time }) {
            let missed = missedByOrder[order.clientOrderID] ?? 0
            if let open = brokerMatch(order) {
                matchedBrokerIDs.insert(open.brokerOrderID)
                actions.append(.adopt(order, open))
                continue
            }
            if order.status == .intended, missed == 0 {
                let age = now.timeIntervalSince(order.intent.time)
                actions.append(age <= policy.resubmitUnsentWithin ? .submit(order) : .expire(order))
                continue
            }
            let filled = order.filledQuantity + missed
            if filled >= order.intent.quantity - 1e-9 {
                actions.append(.markFilled(order))
            } else if filled == 0, order.status == .submitting || order.status == .intended {
                actions.append(.markUnknownAtBroker(order))
            } else {
                actions.append(.markClosedAtBroker(order, filledQuantity: filled))
            }
        }

        for open in brokerOpenOrders where !matchedBrokerIDs.contains(open.brokerOrderID) {
            if let id = open.clientOrderID, let order = terminalIDs[id],
               order.status == .expired || order.status == .unknownAtBroker {
                // Written off at an earlier restart, yet live at the broker: track it again.
                actions.append(.adopt(order, open))
            } else {
                actions.append(.foreignOrder(open))
            }
        }

        var broker: [String: Double] = [:]
        var brokerCost: [String: Double] = [:]
        for position in brokerPositions {
            broker[position.symbol, default: 0] += position.quantity
            brokerCost[position.symbol] = position.averageCost
        }
        for symbol in Set(broker.keys).union(positions.keys).sorted() {
            let journaled = positions[symbol]?.quantity ?? 0
            let actual = broker[symbol] ?? 0
            if abs(journaled - actual) > 1e-9 {
                actions.append(.positionMismatch(symbol: symbol, journaled: journaled, broker: actual,
                                                 brokerAverageCost: brokerCost[symbol] ?? 0))
            }
        }
        return ReconciliationPlan(actions: actions)
    }
}
