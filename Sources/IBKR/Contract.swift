/// An instrument as the TWS API names it (the 12-field contract block of §4.1).
public struct Contract: Sendable, Hashable, Codable {
    /// IB's contract id; 0 when not known yet.
    public var conId: Int
    /// Ticker symbol, e.g. `AAPL`.
    public var symbol: String
    /// Security type: `STK`, `OPT`, `FUT`, `CASH`, `IND`, …
    public var secType: String
    /// Expiry (`YYYYMMDD`) or contract month for derivatives; empty for stocks.
    public var lastTradeDateOrContractMonth: String
    /// Option strike; 0 when not applicable.
    public var strike: Double
    /// Option right (`C`/`P`); empty when not applicable.
    public var right: String
    /// Contract multiplier; empty for stocks.
    public var multiplier: String
    /// Routing destination, `SMART` for smart routing.
    public var exchange: String
    /// Primary listing exchange, e.g. `NASDAQ`; disambiguates `SMART` stocks.
    public var primaryExchange: String
    /// Currency, e.g. `USD`.
    public var currency: String
    /// The exchange's local symbol.
    public var localSymbol: String
    /// Trading class, e.g. `NMS`.
    public var tradingClass: String

    /// Creates a contract; every field has the "unset" default.
    public init(conId: Int = 0, symbol: String = "", secType: String = "STK", lastTradeDateOrContractMonth: String = "",
                strike: Double = 0, right: String = "", multiplier: String = "", exchange: String = "SMART",
                primaryExchange: String = "", currency: String = "USD", localSymbol: String = "",
                tradingClass: String = "") {
        self.conId = conId
        self.symbol = symbol
        self.secType = secType
        self.lastTradeDateOrContractMonth = lastTradeDateOrContractMonth
        self.strike = strike
        self.right = right
        self.multiplier = multiplier
        self.exchange = exchange
        self.primaryExchange = primaryExchange
        self.currency = currency
        self.localSymbol = localSymbol
        self.tradingClass = tradingClass
    }

    /// A smart-routed stock, e.g. `Contract.stock("AAPL")`.
    public static func stock(_ symbol: String, exchange: String = "SMART", currency: String = "USD",
                             primaryExchange: String = "") -> Contract {
        Contract(symbol: symbol, secType: "STK", exchange: exchange, primaryExchange: primaryExchange,
                 currency: currency)
    }
}

extension Contract {
    /// Writes the 12-field client block (§4.1).
    func encodeRequestBlock(_ w: inout TWSFieldWriter) {
        w.add(conId)
        w.add(symbol)
        w.add(secType)
        w.add(lastTradeDateOrContractMonth)
        w.add(strike)
        w.add(right)
        w.add(multiplier)
        w.add(exchange)
        w.add(primaryExchange)
        w.add(currency)
        w.add(localSymbol)
        w.add(tradingClass)
    }

    /// Reads the 12-field client block (§4.1).
    static func decodeRequestBlock(_ r: inout TWSFieldReader) throws(TWSDecodeError) -> Contract {
        var c = Contract()
        c.conId = try r.readInt()
        c.symbol = try r.readString()
        c.secType = try r.readString()
        c.lastTradeDateOrContractMonth = try r.readString()
        c.strike = try r.readDouble()
        c.right = try r.readString()
        c.multiplier = try r.readString()
        c.exchange = try r.readString()
        c.primaryExchange = try r.readString()
        c.currency = try r.readString()
        c.localSymbol = try r.readString()
        c.tradingClass = try r.readString()
        return c
    }

    /// Writes the 11-field server block; `primaryExchange` replaces `exchange` for updatePortfolio (§4.2).
    func encodeServerBlock(_ w: inout TWSFieldWriter, primaryInsteadOfExchange: Bool = false) {
        w.add(conId)
        w.add(symbol)
        w.add(secType)
        w.add(lastTradeDateOrContractMonth)
        w.add(strike)
        w.add(right)
        w.add(multiplier)
        w.add(primaryInsteadOfExchange ? primaryExchange : exchange)
        w.add(currency)
        w.add(localSymbol)
        w.add(tradingClass)
    }

    /// Reads the 11-field server block (§4.2).
    static func decodeServerBlock(_ r: inout TWSFieldReader, primaryInsteadOfExchange: Bool = false)
        throws(TWSDecodeError) -> Contract
    {
        var c = Contract()
        c.conId = try r.readInt()
        c.symbol = try r.readString()
        c.secType = try r.readString()
        c.lastTradeDateOrContractMonth = try r.readString()
        c.strike = try r.readDouble()
        c.right = try r.readString()
        c.multiplier = try r.readString()
        if primaryInsteadOfExchange {
            c.primaryExchange = try r.readString()
            c.exchange = ""
        } else {
            c.exchange = try r.readString()
        }
        c.currency = try r.readString()
        c.localSymbol = try r.readString()
        c.tradingClass = try r.readString()
        return c
    }
}
