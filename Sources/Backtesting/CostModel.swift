/// Trading costs charged on fills only (entries and exits), never per bar held.
///
/// A fill of `shares` at mid price `m` on the buy side pays `m + halfSpread + slippage` per share, on the sell
/// side receives `m − halfSpread − slippage`; commission and regulatory fees are then taken from cash. The result
/// breaks PnL into gross (at mid prices), commissions, fees, spread and slippage.
public struct CostModel: Sendable, Equatable {
    /// Broker commission per order.
    public var commission: Commission
    /// SEC Section 31 fee per dollar of sale proceeds (sells and short sales only).
    public var secFeeRate: Double
    /// FINRA Trading Activity Fee per share sold.
    public var finraTAFPerShare: Double
    /// Cap of the FINRA TAF per order.
    public var finraTAFMaxPerOrder: Double
    /// Round each regulatory fee up to the cent, as brokers bill them.
    public var roundFeesUpToCent: Bool
    /// Half of the bid-ask spread paid on every fill.
    public var halfSpread: HalfSpread
    /// Slippage paid on every fill, beyond the half-spread.
    public var slippage: Slippage

    /// Creates a cost model; every part defaults to zero.
    public init(
        commission: Commission = .none, secFeeRate: Double = 0, finraTAFPerShare: Double = 0,
        finraTAFMaxPerOrder: Double = 0, roundFeesUpToCent: Bool = false, halfSpread: HalfSpread = .none,
        slippage: Slippage = .none
    ) {
        self.commission = commission
        self.secFeeRate = secFeeRate
        self.finraTAFPerShare = finraTAFPerShare
        self.finraTAFMaxPerOrder = finraTAFMaxPerOrder
        self.roundFeesUpToCent = roundFeesUpToCent
        self.halfSpread = halfSpread
        self.slippage = slippage
    }

    /// SEC Section 31 rate: $20.60 per million of sales (fee rate advisory for fiscal 2026, from 2026-04-04).
    public static let defaultSECFeeRate = 20.60e-6
    /// FINRA TAF for covered equity sales: $0.000195 per share (effective 2026-01-01).
    public static let defaultFINRATAFPerShare = 0.000195
    /// FINRA TAF cap per trade: $9.79 (effective 2026-01-01).
    public static let defaultFINRATAFMaxPerOrder = 9.79

    /// No costs at all.
    public static let zero = CostModel()

    /// A commission of `rate` × traded value on each leg and no other cost (backtesting.py's `commission=`).
    public static func percent(_ rate: Double) -> CostModel { CostModel(commission: .percent(rate)) }

    /// The default: IBKR Pro Fixed ($0.005/share, min $1, max 1% of value) plus SEC fee and FINRA TAF on sells.
    public static let ibkrFixed = CostModel(
        commission: .perShare(.ibkrFixed), secFeeRate: defaultSECFeeRate, finraTAFPerShare: defaultFINRATAFPerShare,
        finraTAFMaxPerOrder: defaultFINRATAFMaxPerOrder, roundFeesUpToCent: true)

    /// IBKR Pro Tiered (monthly-volume table, min $0.35, max 1%, clearing fee) plus SEC fee and FINRA TAF on sells.
    public static let ibkrTiered = CostModel(
        commission: .tiered(.ibkrTiered), secFeeRate: defaultSECFeeRate, finraTAFPerShare: defaultFINRATAFPerShare,
        finraTAFMaxPerOrder: defaultFINRATAFMaxPerOrder, roundFeesUpToCent: true)

    /// Commission for one order (`monthlySharesBefore` = shares traded earlier in the same calendar month).
    public func commission(shares: Double, price: Double, monthlySharesBefore: Double = 0) -> Double {
        commission.amount(shares: shares, price: price, monthlySharesBefore: monthlySharesBefore)
    }

    /// SEC fee plus FINRA TAF for one order; zero for buys.
    public func regulatoryFees(shares: Double, price: Double, isSell: Bool) -> Double {
        guard isSell, shares > 0 else { return 0 }
        var sec = secFeeRate * shares * price
        var taf = min(finraTAFPerShare * shares, finraTAFMaxPerOrder)
        if roundFeesUpToCent {
            sec = Self.roundUpToCent(sec)
            taf = Self.roundUpToCent(taf)
        }
        return sec + taf
    }

    /// Rounds a positive amount up to the next cent (exact cents stay as they are, within 1e-9).
    static func roundUpToCent(_ amount: Double) -> Double {
        guard amount > 0 else { return 0 }
        return (amount * 100 - 1e-9).rounded(.up) / 100
    }

    /// Whether the commission is a plain percentage and nothing else is charged (backtesting.py's model).
    var isPercentOnly: Bool {
        if case .percent = commission, secFeeRate == 0, finraTAFPerShare == 0, halfSpread == .none,
            slippage == .none
        {
            return true
        }
        return false
    }
}

/// A broker commission schedule.
public enum Commission: Sendable, Equatable {
    /// No commission.
    case none
    /// A fraction of the traded value per order (0.002 = 0.2%).
    case percent(Double)
    /// A rate per share with a minimum and maximum per order.
    case perShare(PerShareCommission)
    /// A per-share rate that falls with the monthly volume, with minimum, maximum and per-share add-ons.
    case tiered(TieredCommission)

    /// The commission for one order.
    public func amount(shares: Double, price: Double, monthlySharesBefore: Double = 0) -> Double {
        guard shares > 0 else { return 0 }
        switch self {
        case .none:
            return 0
        case let .percent(rate):
            return shares * price * rate
        case let .perShare(schedule):
            return schedule.amount(shares: shares, price: price)
        case let .tiered(schedule):
            return schedule.amount(shares: shares, price: price, monthlySharesBefore: monthlySharesBefore)
        }
    }
}

/// A per-share commission with a minimum and a maximum per order (IBKR Fixed style).
public struct PerShareCommission: Sendable, Equatable {
    /// Dollars per share.
    public var ratePerShare: Double
    /// Minimum per order in dollars.
    public var minimumPerOrder: Double
    /// Maximum per order as a fraction of the traded value (0.01 = 1%).
    public var maximumFractionOfValue: Double

    /// Creates a schedule.
    public init(ratePerShare: Double, minimumPerOrder: Double, maximumFractionOfValue: Double) {
        self.ratePerShare = ratePerShare
        self.minimumPerOrder = minimumPerOrder
        self.maximumFractionOfValue = maximumFractionOfValue
    }

    /// IBKR Pro Fixed for US stocks: $0.005 per share, minimum $1.00, maximum 1% of the trade value.
    public static let ibkrFixed = PerShareCommission(
        ratePerShare: 0.005, minimumPerOrder: 1.0, maximumFractionOfValue: 0.01)

    /// `min(max(rate × shares, minimum), maxFraction × value)`.
    public func amount(shares: Double, price: Double) -> Double {
        min(max(ratePerShare * shares, minimumPerOrder), maximumFractionOfValue * shares * price)
    }
}

/// A tiered per-share commission: the tier is chosen by the shares already traded this calendar month.
public struct TieredCommission: Sendable, Equatable {
    /// One row of the table: the rate applies while the month's volume before the order is ≤ `upToShares`.
    public struct Tier: Sendable, Equatable {
        /// Upper bound of monthly shares for this rate (`.infinity` for the last row).
        public var upToShares: Double
        /// Dollars per share.
        public var ratePerShare: Double

        /// Creates a row.
        public init(upToShares: Double, ratePerShare: Double) {
            self.upToShares = upToShares
            self.ratePerShare = ratePerShare
        }
    }

    /// Rows in increasing `upToShares`.
    public var tiers: [Tier]
    /// Minimum commission per order.
    public var minimumPerOrder: Double
    /// Maximum commission per order as a fraction of the traded value.
    public var maximumFractionOfValue: Double
    /// Clearing fee per share added on top (not subject to the minimum or maximum).
    public var clearingFeePerShare: Double
    /// Exchange fee per share added on top (0 by default: it depends on the venue and on adding or removing).
    public var exchangeFeePerShare: Double

    /// Creates a schedule.
    public init(
        tiers: [Tier], minimumPerOrder: Double, maximumFractionOfValue: Double, clearingFeePerShare: Double = 0,
        exchangeFeePerShare: Double = 0
    ) {
        self.tiers = tiers
        self.minimumPerOrder = minimumPerOrder
        self.maximumFractionOfValue = maximumFractionOfValue
        self.clearingFeePerShare = clearingFeePerShare
        self.exchangeFeePerShare = exchangeFeePerShare
    }

    /// IBKR Pro Tiered, US stocks: $0.0035 (≤ 300k shares/month), $0.002 (≤ 3M), $0.0015 (≤ 20M), $0.001 (≤ 100M),
    /// $0.0005 above; minimum $0.35, maximum 1% of value; NSCC/DTC clearing $0.0002 per share.
    public static let ibkrTiered = TieredCommission(
        tiers: [
            Tier(upToShares: 300_000, ratePerShare: 0.0035), Tier(upToShares: 3_000_000, ratePerShare: 0.002),
            Tier(upToShares: 20_000_000, ratePerShare: 0.0015), Tier(upToShares: 100_000_000, ratePerShare: 0.001),
            Tier(upToShares: .infinity, ratePerShare: 0.0005),
        ], minimumPerOrder: 0.35, maximumFractionOfValue: 0.01, clearingFeePerShare: 0.0002)

    /// The per-share rate for an order placed after `monthlySharesBefore` shares this month.
    public func rate(monthlySharesBefore: Double) -> Double {
        for tier in tiers where monthlySharesBefore < tier.upToShares { return tier.ratePerShare }
        return tiers.last?.ratePerShare ?? 0
    }

    /// Commission for one order: the tier rate with minimum and maximum, plus clearing and exchange fees.
    public func amount(shares: Double, price: Double, monthlySharesBefore: Double) -> Double {
        let base = min(
            max(rate(monthlySharesBefore: monthlySharesBefore) * shares, minimumPerOrder),
            maximumFractionOfValue * shares * price)
        return base + (clearingFeePerShare + exchangeFeePerShare) * shares
    }
}

/// Half of the bid-ask spread paid per share on each fill.
public enum HalfSpread: Sendable, Equatable {
    /// No spread.
    case none
    /// Half-spread in basis points of the mid price (2 = 0.02% per fill).
    case bps(Double)
    /// Half of `ask − bid` from the bars' quotes at the fill bar; `fallbackBps` where quotes are missing.
    case fromQuotes(fallbackBps: Double)
}

/// Slippage paid per share on each fill, in the adverse direction.
public enum Slippage: Sendable, Equatable {
    /// No slippage.
    case none
    /// Basis points of the mid price.
    case bps(Double)
    /// A fraction of the average true range (Wilder, `period` bars) known at the decision bar.
    case atrFraction(Double, period: Int)
}

/// A PnL breakdown: `net = gross − commissions − fees − spread − slippage`.
public struct CostBreakdown: Sendable, Equatable {
    /// PnL at mid prices, before any cost.
    public var gross: Double = 0
    /// Broker commissions.
    public var commissions: Double = 0
    /// Regulatory fees (SEC, FINRA TAF).
    public var fees: Double = 0
    /// Half-spreads paid.
    public var spread: Double = 0
    /// Slippage paid.
    public var slippage: Double = 0

    /// Creates an empty breakdown.
    public init() {}

    /// PnL after all costs.
    public var net: Double { gross - commissions - fees - spread - slippage }
    /// All costs together.
    public var totalCosts: Double { commissions + fees + spread + slippage }

    static func + (a: CostBreakdown, b: CostBreakdown) -> CostBreakdown {
        var s = CostBreakdown()
        s.gross = a.gross + b.gross
        s.commissions = a.commissions + b.commissions
        s.fees = a.fees + b.fees
        s.spread = a.spread + b.spread
        s.slippage = a.slippage + b.slippage
        return s
    }
}
