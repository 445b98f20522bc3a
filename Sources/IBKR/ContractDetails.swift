import Foundation

/// A tag/value pair as used in several TWS messages (secIdList, algo parameters).
public struct TagValue: Sendable, Hashable, Codable {
    /// The tag, e.g. `ISIN`.
    public var tag: String
    /// The value.
    public var value: String

    /// Creates a pair.
    public init(_ tag: String, _ value: String) {
        self.tag = tag
        self.value = value
    }
}

/// Everything `contractDetails` (§9.2) says about one instrument.
public struct ContractDetails: Sendable, Hashable {
    /// The fully qualified contract (conId, primary exchange, trading class filled in).
    public var contract: Contract
    /// Market name, e.g. `NMS`.
    public var marketName: String = ""
    /// Minimum price increment.
    public var minTick: Double = 0.01
    /// Comma-separated order types the contract accepts.
    public var orderTypes: String = ""
    /// Comma-separated exchanges the contract trades on.
    public var validExchanges: String = ""
    /// Price magnifier.
    public var priceMagnifier: Int = 1
    /// The underlying's conId for derivatives, 0 otherwise.
    public var underConId: Int = 0
    /// Long name, e.g. `APPLE INC`.
    public var longName: String = ""
    /// Contract month for derivatives.
    public var contractMonth: String = ""
    /// Industry classification.
    public var industry: String = ""
    /// Category classification.
    public var category: String = ""
    /// Sub-category classification.
    public var subcategory: String = ""
    /// Time zone of the trading hours, e.g. `US/Eastern`.
    public var timeZoneId: String = ""
    /// Trading hours (`20250106:0400-20250106:2000;…`).
    public var tradingHours: String = ""
    /// Regular-session hours in the same format.
    public var liquidHours: String = ""
    /// Economic value rule.
    public var evRule: String = ""
    /// Economic value multiplier.
    public var evMultiplier: Double? = nil
    /// Security ids (ISIN, CUSIP, …).
    public var secIdList: [TagValue] = []
    /// Aggregation group.
    public var aggGroup: Int = 1
    /// Underlying symbol.
    public var underSymbol: String = ""
    /// Underlying security type.
    public var underSecType: String = ""
    /// Comma-separated market rule ids, one per valid exchange.
    public var marketRuleIds: String = ""
    /// Real expiration date for derivatives.
    public var realExpirationDate: String = ""
    /// Stock type: `COMMON`, `ETF`, …
    public var stockType: String = ""
    /// Minimum order size.
    public var minSize: Decimal? = nil
    /// Order size increment.
    public var sizeIncrement: Decimal? = nil
    /// Suggested order size increment.
    public var suggestedSizeIncrement: Decimal? = nil

    /// Creates details for `contract` with defaults for everything else.
    public init(contract: Contract) {
        self.contract = contract
    }
}
