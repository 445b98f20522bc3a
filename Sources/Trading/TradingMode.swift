import Foundation

/// Where a strategy's orders go: `lunar trade STRATEGY.lua --mode backtest|sim|paper|live`.
public enum TradingMode: String, Sendable, CaseIterable {
    case backtest
    case sim
    case paper
    case live
}

/// Refusal to trade real money without the explicit `[live] enabled = true` opt-in.
public struct LiveTradingRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why, naming the key to change.
    public let description: String
}

extension LunarConfig {
    /// Checks that `mode` is allowed: live mode, and paper mode pointed at a live port, need `live.enabled = true`.
    ///
    /// - Throws: ``LiveTradingRefused`` naming the setting that refuses it.
    public func checkAllowed(mode: TradingMode) throws {
        guard !live.enabled else { return }
        if mode == .live {
            throw LiveTradingRefused(description: "--mode live refused: live.enabled is false; set [live] enabled = "
                + "true in the config to trade real money")
        }
        if mode == .paper, connection.isLivePort {
            throw LiveTradingRefused(description: "connection.port \(connection.port) is a live-trading port "
                + "(TWS 7496, Gateway 4001) but live.enabled is false; use a paper port (7497, 4002) or opt in "
                + "with [live] enabled = true")
        }
    }
}
