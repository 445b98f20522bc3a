/// Cash, the open position and fills: the accounting half of the engine (backtesting.py's `_Broker`).
///
/// Cash follows backtesting.py's convention: entries do not move the position's value out of cash; a fill pays
/// only its commission and fees, and a close adds `signedSize × (exit − entry)`. Equity is therefore
/// `cash + (close × signedSize − signedSize × entryPrice)`, the same expression, in the same order, as
/// backtesting.py, so equity curves agree to the last bit under its assumptions.
struct Broker {
    let costs: CostModel
    let sizing: Sizing
    let wholeShares: Bool
    let maxLeverage: Double
    let periodsPerYear: Double
    let bars: BacktestBars
    /// Wilder ATR per bar when slippage is a fraction of ATR.
    let atr: [Double]?

    var cash: Double
    /// +1 long, −1 short, 0 flat.
    var side = 0
    var size = 0.0
    var signedSize = 0.0
    var sizeTimesEntry = 0.0
    var entryPrice = 0.0
    var entryMid = 0.0
    var entryBar = 0
    var entryLeg = CostBreakdown()
    /// Best price since entry (highest high for longs, lowest low for shorts) for the trailing stop.
    var bestPrice = 0.0

    var monthKey: Int64 = .min
    var monthShares = 0.0
    var trades: [Trade] = []
    var cancelledOrders = 0
    var tradedValue = 0.0

    init(config: BacktestConfig, bars: BacktestBars, periodsPerYear: Double) {
        self.costs = config.costs
        self.sizing = config.sizing
        self.wholeShares = config.wholeShares
        self.maxLeverage = config.maxLeverage
        self.periodsPerYear = periodsPerYear
        self.bars = bars
        self.cash = config.cash
        if case let .atrFraction(_, period) = config.costs.slippage {
            self.atr = Self.wilderATR(bars: bars, period: period)
        } else {
            self.atr = nil
        }
    }

    /// Equity marked at `price`.
    @inline(__always)
    func equity(markedAt price: Double) -> Double {
        cash + (price * signedSize - sizeTimesEntry)
    }

    /// Half-spread and slippage per share for a fill at `bar` decided at `decisionBar`.
    func adjustments(mid: Double, bar: Int, decisionBar: Int) -> (halfSpread: Double, slippage: Double) {
        var half = 0.0
        switch costs.halfSpread {
        case .none: break
        case let .bps(bps): half = mid * bps / 10_000
        case let .fromQuotes(fallbackBps):
            if let bid = bars.bid?[bar], let ask = bars.ask?[bar], bid.isFinite, ask.isFinite, ask >= bid {
                half = (ask - bid) / 2
            } else {
                half = mid * fallbackBps / 10_000
            }
        }
        var slip = 0.0
        switch costs.slippage {
        case .none: break
        case let .bps(bps): slip = mid * bps / 10_000
        case let .atrFraction(fraction, _):
            if let atr, decisionBar >= 0, atr[decisionBar].isFinite { slip = fraction * atr[decisionBar] }
        }
        return (half, slip)
    }

    /// Tracks the calendar month's traded shares for tiered commissions; returns the volume before this order.
    mutating func monthlySharesBefore(bar: Int, shares: Double) -> Double {
        guard case .tiered = costs.commission else { return 0 }
        let key = CalendarMath.monthKey(bars.time[bar])
        if key != monthKey {
            monthKey = key
            monthShares = 0
        }
        let before = monthShares
        monthShares += shares
        return before
    }

    /// Opens a position of `newSide` at `mid` on `bar`. Returns false (and counts it) when the order is cancelled.
    @discardableResult
    mutating func open(
        side newSide: Int, bar: Int, mid: Double, decisionBar: Int, scale: Double, probability: Double?
    ) -> Bool {
        precondition(side == 0, "open() with a position open")
        let adjust = adjustments(mid: mid, bar: bar, decisionBar: decisionBar)
        let perShare = adjust.halfSpread + adjust.slippage
        let price = newSide > 0 ? mid + perShare : mid - perShare
        let shares = sharesToTrade(side: newSide, price: price, decisionBar: decisionBar, scale: scale,
                                   probability: probability)
        guard price > 0, shares > 0, shares.isFinite else {
            cancelledOrders += 1
            return false
        }
        let monthBefore = monthlySharesBefore(bar: bar, shares: shares)
        let commission = costs.commission(shares: shares, price: price, monthlySharesBefore: monthBefore)
        let fees = costs.regulatoryFees(shares: shares, price: price, isSell: newSide < 0)
        side = newSide
        size = shares
        signedSize = Double(newSide) * shares
        entryPrice = price
        entryMid = mid
        entryBar = bar
        sizeTimesEntry = signedSize * price
        bestPrice = price
        entryLeg = CostBreakdown()
        entryLeg.commissions = commission
        entryLeg.fees = fees
        entryLeg.spread = shares * adjust.halfSpread
        entryLeg.slippage = shares * adjust.slippage
        cash -= commission + fees
        tradedValue += shares * price
        return true
    }

    /// Closes the open position at `mid` on `bar`.
    mutating func close(bar: Int, mid: Double, decisionBar: Int, reason: ExitReason) {
        guard side != 0 else { return }
        let adjust = adjustments(mid: mid, bar: bar, decisionBar: decisionBar)
        let perShare = adjust.halfSpread + adjust.slippage
        let price = side > 0 ? mid - perShare : mid + perShare
        let monthBefore = monthlySharesBefore(bar: bar, shares: size)
        let commission = costs.commission(shares: size, price: price, monthlySharesBefore: monthBefore)
        let fees = costs.regulatoryFees(shares: size, price: price, isSell: side > 0)
        let pl = signedSize * (price - entryPrice)
        cash += pl - (commission + fees)
        tradedValue += size * price
        let totalCharges = (commission + entryLeg.commissions) + (fees + entryLeg.fees)
        var leg = CostBreakdown()
        leg.gross = signedSize * (mid - entryMid)
        leg.commissions = commission + entryLeg.commissions
        leg.fees = fees + entryLeg.fees
        leg.spread = entryLeg.spread + size * adjust.halfSpread
        leg.slippage = entryLeg.slippage + size * adjust.slippage
        trades.append(
            Trade(
                side: side, size: size, entryBar: entryBar, exitBar: bar, entryTime: bars.time[entryBar],
                exitTime: bars.time[bar], entryPrice: entryPrice, exitPrice: price, pnl: pl - totalCharges,
                returnPct: Double(side) * (price / entryPrice - 1) - totalCharges / (size * entryPrice),
                costs: leg, exitReason: reason))
        side = 0
        size = 0
        signedSize = 0
        sizeTimesEntry = 0
    }

    /// The open position as a trade marked at `price` on `bar` (entry costs only).
    func openTrade(bar: Int, price: Double) -> Trade? {
        guard side != 0 else { return nil }
        var leg = entryLeg
        leg.gross = signedSize * (price - entryMid)
        let charges = entryLeg.commissions + entryLeg.fees
        return Trade(
            side: side, size: size, entryBar: entryBar, exitBar: bar, entryTime: bars.time[entryBar],
            exitTime: bars.time[bar], entryPrice: entryPrice, exitPrice: price,
            pnl: signedSize * (price - entryPrice) - charges,
            returnPct: Double(side) * (price / entryPrice - 1) - charges / (size * entryPrice), costs: leg,
            exitReason: .open)
    }

    // MARK: Sizing

    /// Shares for an entry at fill price `price`; 0 cancels the order.
    func sharesToTrade(side: Int, price: Double, decisionBar: Int, scale: Double, probability: Double?) -> Double {
        let equity = cash  // entries happen flat, so equity is cash
        guard equity > 0, scale > 0 else { return 0 }
        let budget: Double
        switch sizing {
        case .allCash:
            let s = 1 - 0x1p-52  // backtesting.py's default size
            if case let .percent(rate) = costs.commission, costs.isPercentOnly, wholeShares, scale == 1 {
                // backtesting.py: int((margin_available * leverage * |size|) // (p + commission(size, p) / |size|))
                let unitCost = price + ((s * price) * rate) / s
                let n = pythonFloorDivide((equity * maxLeverage) * s, unitCost)
                return n * unitCost > equity * maxLeverage ? 0 : max(n, 0)
            }
            budget = equity * maxLeverage * s * scale
        case let .fixedShares(n):
            let shares = wholeShares ? (n * scale).rounded(.down) : n * scale
            let cost = shares * price + orderCharges(side: side, shares: shares, price: price)
            return cost > equity * maxLeverage ? 0 : shares
        case let .fixedFraction(f):
            budget = equity * f * scale
        case let .kelly(kelly):
            let p = kelly.winProbability ?? probability.map { side > 0 ? $0 : 1 - $0 } ?? .nan
            budget = equity * kelly.stake(winProbability: p) * scale
        case let .volatilityTarget(target):
            let stake = bars.close.withUnsafeBufferPointer {
                target.stake(close: $0, bar: decisionBar, periodsPerYear: periodsPerYear)
            }
            budget = equity * (stake ?? 0) * scale
        }
        return shares(forBudget: min(budget, equity * maxLeverage), side: side, price: price)
    }

    /// Commission plus fees for an order (using the current month's volume, without recording it).
    func orderCharges(side: Int, shares: Double, price: Double) -> Double {
        costs.commission(shares: shares, price: price, monthlySharesBefore: monthShares)
            + costs.regulatoryFees(shares: shares, price: price, isSell: side < 0)
    }

    /// The most shares whose value plus charges fit in `budget`.
    func shares(forBudget budget: Double, side: Int, price: Double) -> Double {
        guard budget > 0 else { return 0 }
        var marginal = 0.0
        switch costs.commission {
        case .none: break
        case let .percent(rate): marginal = price * rate
        case let .perShare(schedule): marginal = min(schedule.ratePerShare, schedule.maximumFractionOfValue * price)
        case let .tiered(schedule):
            marginal = min(schedule.rate(monthlySharesBefore: monthShares), schedule.maximumFractionOfValue * price)
                + schedule.clearingFeePerShare + schedule.exchangeFeePerShare
        }
        if side < 0 { marginal += costs.secFeeRate * price + costs.finraTAFPerShare }
        let unit = price + marginal
        var n = budget / unit
        if wholeShares { n = n.rounded(.down) }
        var guardCount = 0
        while n > 0, guardCount < 64 {
            let excess = n * price + orderCharges(side: side, shares: n, price: price) - budget
            if excess <= 0 { break }
            let cut = excess / unit
            n -= wholeShares ? max(1, cut.rounded(.up)) : max(cut, n * 1e-12)
            guardCount += 1
        }
        return max(n, 0)
    }

    /// Wilder's average true range; before `period` bars, the mean true range so far. NaN bars carry the value.
    static func wilderATR(bars: BacktestBars, period: Int) -> [Double] {
        let n = bars.count
        var out = [Double](repeating: .nan, count: n)
        var previousClose = Double.nan
        var atr = Double.nan
        var seen = 0
        var sum = 0.0
        for i in 0..<n {
            let h = bars.high[i], l = bars.low[i], c = bars.close[i]
            if h.isNaN || l.isNaN || c.isNaN {
                out[i] = atr
                continue
            }
            var tr = h - l
            if previousClose.isFinite { tr = max(tr, abs(h - previousClose), abs(l - previousClose)) }
            previousClose = c
            seen += 1
            if seen <= period {
                sum += tr
                atr = sum / Double(seen)
            } else {
                atr = (atr * Double(period - 1) + tr) / Double(period)
            }
            out[i] = atr
        }
        return out
    }
}
