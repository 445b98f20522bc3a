import Foundation

/// A tradable instrument of the simulator: its contract details and the price path behind it.
public struct SimInstrument: Sendable {
    /// Contract details sent for `reqContractDetails`.
    public var details: ContractDetails
    /// The price history.
    public var path: any PricePath

    /// The qualified contract.
    public var contract: Contract { details.contract }

    /// Creates an instrument.
    public init(details: ContractDetails, path: any PricePath) {
        self.details = details
        self.path = path
    }

    /// Builds details for a US stock.
    public static func stockDetails(symbol: String, conId: Int, primary: String, longName: String,
                                    industry: String = "", category: String = "", stockType: String = "COMMON")
        -> ContractDetails
    {
        let tradingClass = primary == "NASDAQ" ? "NMS" : symbol
        var d = ContractDetails(contract: Contract(conId: conId, symbol: symbol, secType: "STK", exchange: "SMART",
                                                   primaryExchange: primary, currency: "USD", localSymbol: symbol,
                                                   tradingClass: tradingClass))
        d.marketName = tradingClass
        d.minTick = 0.01
        d.orderTypes = "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,DAY,DEACT,GAT,GTC,GTD,GTT,IOC,LIT,"
            + "LMT,MIT,MKT,MOC,MTL,OCA,OPG,PEGMID,REL,SNAPMID,STP,STPLMT,TRAIL,WHATIF"
        d.validExchanges = "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,PSX"
        d.priceMagnifier = 1
        d.longName = longName
        d.industry = industry
        d.category = category
        d.subcategory = category
        d.timeZoneId = "US/Eastern"
        d.tradingHours = "0400-2000"
        d.liquidHours = "0930-1600"
        d.secIdList = [TagValue("ISIN", "US\(String(format: "%09d", conId % 1_000_000_000))0")]
        d.aggGroup = 1
        d.marketRuleIds = Array(repeating: "26", count: 16).joined(separator: ",")
        d.stockType = stockType
        d.minSize = Decimal(string: "0.0001")
        d.sizeIncrement = Decimal(string: "0.0001")
        d.suggestedSizeIncrement = 100
        return d
    }

    /// The default universe: common US stocks and ETFs with synthetic prices.
    public static func defaultUniverse(seed: UInt64) -> [SimInstrument] {
        let table: [(String, Int, String, String, Double, String, String, String)] = [
            ("AAPL", 265_598, "NASDAQ", "APPLE INC", 190, "Technology", "Computers", "COMMON"),
            ("MSFT", 272_093, "NASDAQ", "MICROSOFT CORP", 410, "Technology", "Software", "COMMON"),
            ("AMZN", 3_691_937, "NASDAQ", "AMAZON.COM INC", 180, "Communications", "Internet", "COMMON"),
            ("GOOGL", 208_813_719, "NASDAQ", "ALPHABET INC-CL A", 170, "Communications", "Internet", "COMMON"),
            ("META", 107_113_386, "NASDAQ", "META PLATFORMS INC-CLASS A", 500, "Communications", "Internet",
             "COMMON"),
            ("NVDA", 4_815_747, "NASDAQ", "NVIDIA CORP", 120, "Technology", "Semiconductors", "COMMON"),
            ("TSLA", 76_792_991, "NASDAQ", "TESLA INC", 250, "Consumer, Cyclical", "Auto Manufacturers", "COMMON"),
            ("IBM", 8_314, "NYSE", "INTL BUSINESS MACHINES CORP", 220, "Technology", "Computers", "COMMON"),
            ("SPY", 756_733, "ARCA", "SPDR S&P 500 ETF TRUST", 560, "Funds", "Equity Fund", "ETF"),
            ("QQQ", 320_227_571, "NASDAQ", "INVESCO QQQ TRUST SERIES 1", 480, "Funds", "Equity Fund", "ETF"),
        ]
        return table.map { sym, conId, primary, name, price, industry, category, type in
            SimInstrument(details: stockDetails(symbol: sym, conId: conId, primary: primary, longName: name,
                                                industry: industry, category: category, stockType: type),
                          path: SyntheticPricePath(symbol: sym, basePrice: price, seed: seed))
        }
    }
}

/// IBKR-like fixed-rate commissions for US stocks: $0.005 per share, at least $1.00 per order, at most 1 % of
/// the trade value.
public struct CommissionModel: Sendable, Hashable {
    /// Rate per share.
    public var perShare: Double = 0.005
    /// Minimum per order.
    public var minimum: Double = 1.0
    /// Maximum as a fraction of trade value.
    public var maximumFraction: Double = 0.01

    /// Creates the default fixed-rate model.
    public init() {}

    /// Commission for an order that has filled `shares` for `value` dollars in total so far.
    public func commission(shares: Double, value: Double) -> Double {
        guard shares > 0 else { return 0 }
        let raw = max(shares * perShare, minimum)
        return (min(raw, value * maximumFraction) * 100).rounded() / 100
    }
}
