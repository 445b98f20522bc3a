import Foundation

/// Position limits for one symbol that override the account-wide ones.
public struct SymbolLimits: Sendable, Equatable {
    /// Maximum absolute position in shares.
    public let maxPosition: Double?
    /// Maximum absolute position value.
    public let maxPositionNotional: Double?

    /// Creates per-symbol limits.
    public init(maxPosition: Double? = nil, maxPositionNotional: Double? = nil) {
        self.maxPosition = maxPosition
        self.maxPositionNotional = maxPositionNotional
    }
}

/// The risk limits of one running manager; immutable, so a running strategy can never loosen them.
///
/// `nil` means "not enforced". A new manager built from a new configuration is the only way to change a limit.
public struct RiskLimits: Sendable, Equatable {
    /// Maximum absolute position per symbol, in shares (`risk.max_position`).
    public let maxPosition: Double?
    /// Maximum absolute position value per symbol (`risk.max_position_notional`).
    public let maxPositionNotional: Double?
    /// Maximum shares in one order (`risk.max_order_qty`).
    public let maxOrderQuantity: Double?
    /// Maximum value of one order (`risk.max_notional`).
    public let maxOrderNotional: Double?
    /// Maximum sum of absolute position values over all symbols (`risk.max_gross_exposure`).
    public let maxGrossExposure: Double?
    /// Maximum orders accepted in any 60-second window (`risk.max_orders_per_minute`).
    public let maxOrdersPerMinute: Int?
    /// The day's loss (realized + unrealized, a positive amount) at which trading halts (`risk.daily_loss_limit`).
    public let dailyLossLimit: Double?
    /// Maximum distance of a limit price from the reference price, as a fraction (`risk.price_collar_pct` / 100).
    public let priceCollar: Double?
    /// When orders may be sent (`risk.trading_hours` in `time_zone`).
    public let tradingHours: TradingHours?
    /// Whether a daily-loss halt also closes all positions (`risk.flatten_on_halt`); an emergency stop always does.
    public let flattenOnHalt: Bool
    /// The symbols that may be traded (`symbols.universe`); `nil` allows any.
    public let allowedSymbols: Set<String>?
    /// Per-symbol overrides of the position limits (`[symbols.SYMBOL]` tables).
    public let symbolLimits: [String: SymbolLimits]
    /// The time zone of the trading day that the daily loss limit resets on.
    public let timeZone: TimeZone

    /// Creates limits; every limit defaults to "not enforced".
    public init(
        maxPosition: Double? = nil, maxPositionNotional: Double? = nil, maxOrderQuantity: Double? = nil,
        maxOrderNotional: Double? = nil, maxGrossExposure: Double? = nil, maxOrdersPerMinute: Int? = nil,
        dailyLossLimit: Double? = nil, priceCollar: Double? = nil, tradingHours: TradingHours? = nil,
        flattenOnHalt: Bool = true, allowedSymbols: Set<String>? = nil, symbolLimits: [String: SymbolLimits] = [:],
        timeZone: TimeZone = TimeZone(identifier: "America/New_York") ?? .current
    ) {
        self.maxPosition = maxPosition
        self.maxPositionNotional = maxPositionNotional
        self.maxOrderQuantity = maxOrderQuantity
        self.maxOrderNotional = maxOrderNotional
        self.maxGrossExposure = maxGrossExposure
        self.maxOrdersPerMinute = maxOrdersPerMinute
        self.dailyLossLimit = dailyLossLimit
        self.priceCollar = priceCollar
        self.tradingHours = tradingHours
        self.flattenOnHalt = flattenOnHalt
        self.allowedSymbols = allowedSymbols
        self.symbolLimits = symbolLimits
        self.timeZone = timeZone
    }

    /// The share limit for `symbol`: its override, else the account-wide one.
    public func maxPosition(for symbol: String) -> Double? { symbolLimits[symbol]?.maxPosition ?? maxPosition }

    /// The position-value limit for `symbol`: its override, else the account-wide one.
    public func maxPositionNotional(for symbol: String) -> Double? {
        symbolLimits[symbol]?.maxPositionNotional ?? maxPositionNotional
    }

    /// One line per enforced limit, for logs and the journal.
    public var summary: String {
        var lines: [String] = []
        func add(_ name: String, _ value: String?) { if let value { lines.append("\(name) = \(value)") } }
        add("max_position", maxPosition.map(formatQuantity))
        add("max_position_notional", maxPositionNotional.map(formatPrice))
        add("max_order_qty", maxOrderQuantity.map(formatQuantity))
        add("max_notional", maxOrderNotional.map(formatPrice))
        add("max_gross_exposure", maxGrossExposure.map(formatPrice))
        add("max_orders_per_minute", maxOrdersPerMinute.map(String.init))
        add("daily_loss_limit", dailyLossLimit.map(formatPrice))
        add("price_collar_pct", priceCollar.map { formatPercent($0) })
        add("trading_hours", tradingHours?.description)
        add("flatten_on_halt", String(flattenOnHalt))
        for (symbol, limit) in symbolLimits.sorted(by: { $0.key < $1.key }) {
            add("\(symbol).max_position", limit.maxPosition.map(formatQuantity))
            add("\(symbol).max_position_notional", limit.maxPositionNotional.map(formatPrice))
        }
        return lines.joined(separator: "\n")
    }
}
