import Foundation

/// Why trading stopped.
public enum HaltReason: Sendable, Equatable, CustomStringConvertible {
    /// The day's realized + unrealized PnL reached `-limit`; trading resumes on the next trading day.
    case dailyLossLimit(dayPnL: Double, limit: Double)
    /// The emergency switch fired; the process should exit with status 3.
    case emergencyStop(EmergencyStopTrigger)

    /// The rule name used in journal risk events.
    public var rule: RiskRule {
        switch self {
        case .dailyLossLimit: return .dailyLossLimit
        case .emergencyStop: return .emergencyStop
        }
    }

    /// `daily_loss_limit: day PnL -5200.00 <= -5000.00` or `emergency_stop: KILL file …`.
    public var description: String {
        switch self {
        case .dailyLossLimit(let pnl, let limit):
            return "daily_loss_limit: day PnL \(formatPrice(pnl)) <= -\(formatPrice(limit))"
        case .emergencyStop(let trigger):
            return "emergency_stop: \(trigger)"
        }
    }
}

/// What the runtime must do, in order, when trading halts: cancel, flatten, journal, and maybe exit.
public struct HaltDecision: Sendable, Equatable {
    /// Why trading halted.
    public let reason: HaltReason
    /// When the halt was decided.
    public let time: Date
    /// The trading day the halt belongs to (`YYYY-MM-DD` in the limits' time zone).
    public let tradingDay: String
    /// Cancel every open order first (always true: a halted account keeps no live orders).
    public let cancelOpenOrders: Bool
    /// Market orders that close every position, computed from the account at decision time (empty when the
    /// configuration keeps positions on a daily-loss halt). Recompute with ``RiskManager/flattenOrders(for:now:)``
    /// after the cancels are confirmed if fills arrived meanwhile. These orders bypass the risk checks.
    public let flattenOrders: [OrderIntent]
    /// The process exit status to end with (3 for an emergency stop), or `nil` to stay up, halted for the day.
    public let exitStatus: Int32?

    /// Creates a decision.
    public init(reason: HaltReason, time: Date, tradingDay: String, cancelOpenOrders: Bool = true,
                flattenOrders: [OrderIntent], exitStatus: Int32?) {
        self.reason = reason
        self.time = time
        self.tradingDay = tradingDay
        self.cancelOpenOrders = cancelOpenOrders
        self.flattenOrders = flattenOrders
        self.exitStatus = exitStatus
    }
}

/// The outcome of checking one order.
public enum RiskDecision: Sendable, Equatable {
    /// The order may be journaled and sent.
    case accept
    /// The order is refused; log and journal the rejection.
    case reject(RiskRejection)
    /// The order is refused and trading has just halted; carry out the decision.
    case halt(HaltDecision, RiskRejection)

    /// Whether the order may be sent.
    public var isAccepted: Bool { self == .accept }

    /// The rejection, if the order was refused.
    public var rejection: RiskRejection? {
        switch self {
        case .accept: return nil
        case .reject(let rejection), .halt(_, let rejection): return rejection
        }
    }
}
