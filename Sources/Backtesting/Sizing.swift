import Foundation

/// How many shares an entry buys or sells short. Sizes are computed at the fill, from the cash at that moment
/// and data known at the decision bar; whole shares unless `BacktestConfig.wholeShares` is false.
public enum Sizing: Sendable, Equatable {
    /// All available cash, costs included (backtesting.py's default `size`: ⌊cash·(1−2⁻⁵²) / (price + cost)⌋).
    case allCash
    /// A fixed number of shares.
    case fixedShares(Double)
    /// A fixed fraction of equity (0.5 = half the equity), costs included.
    case fixedFraction(Double)
    /// Fractional Kelly from the win probability and payoff ratio, capped.
    case kelly(KellySizing)
    /// Volatility targeting: fraction = target / realized annualized volatility, capped.
    case volatilityTarget(VolatilityTargetSizing)

    /// Checks the parameters' ranges.
    func validate() throws {
        func bad(_ name: String, _ value: Double, _ reason: String) -> BacktestError {
            .invalidParameter(name: name, value: "\(value)", reason: reason)
        }
        switch self {
        case .allCash: break
        case let .fixedShares(n): if !(n > 0) || !n.isFinite { throw bad("size", n, "shares must be > 0") }
        case let .fixedFraction(f): if !(f > 0) || !f.isFinite { throw bad("size", f, "fraction must be > 0") }
        case let .kelly(k):
            if !(k.payoffRatio > 0) { throw bad("payoff_ratio", k.payoffRatio, "must be > 0") }
            if !(k.fraction > 0) { throw bad("kelly_fraction", k.fraction, "must be > 0") }
            if !(k.cap > 0) { throw bad("kelly_cap", k.cap, "must be > 0") }
            if let p = k.winProbability, !(p >= 0 && p <= 1) { throw bad("win_probability", p, "must be in [0, 1]") }
        case let .volatilityTarget(v):
            if !(v.annualVolatility > 0) { throw bad("target_volatility", v.annualVolatility, "must be > 0") }
            if v.lookback < 2 { throw bad("vol_lookback", Double(v.lookback), "must be ≥ 2 bars") }
            if !(v.maxFraction > 0) { throw bad("max_fraction", v.maxFraction, "must be > 0") }
        }
    }
}

/// Kelly sizing: `f* = p − (1 − p) / b`, traded at `fraction × f*` of equity, at most `cap`, never below 0.
public struct KellySizing: Sendable, Equatable {
    /// Average win / average loss (b), estimated on the training window (see `estimatePayoffRatio`).
    public var payoffRatio: Double
    /// Multiplier of the full Kelly fraction (0.5 = half Kelly).
    public var fraction: Double
    /// Largest fraction of equity ever staked.
    public var cap: Double
    /// Fixed win probability; nil takes the model's probability at the decision bar (for shorts, 1 − p).
    public var winProbability: Double?

    /// Creates a Kelly sizing rule.
    public init(payoffRatio: Double, fraction: Double = 0.5, cap: Double = 0.25, winProbability: Double? = nil) {
        self.payoffRatio = payoffRatio
        self.fraction = fraction
        self.cap = cap
        self.winProbability = winProbability
    }

    /// The fraction of equity to stake for win probability `p` (0 when the edge is not positive).
    public func stake(winProbability p: Double) -> Double {
        guard p.isFinite else { return 0 }
        let full = p - (1 - p) / payoffRatio
        return min(cap, max(0, fraction * full))
    }

    /// Payoff ratio b = mean of positive returns / |mean of negative returns| (e.g. training-window trades or
    /// label-horizon returns); nil when either side is empty.
    public static func estimatePayoffRatio(returns: [Double]) -> Double? {
        var win = 0.0, winCount = 0, loss = 0.0, lossCount = 0
        for r in returns where r.isFinite {
            if r > 0 { win += r; winCount += 1 } else if r < 0 { loss += r; lossCount += 1 }
        }
        guard winCount > 0, lossCount > 0 else { return nil }
        return (win / Double(winCount)) / abs(loss / Double(lossCount))
    }
}

/// Volatility targeting: stake `min(maxFraction, annualVolatility / σ̂)` of equity, where σ̂ is the standard
/// deviation (ddof 1) of the last `lookback` close-to-close returns up to the decision bar, annualized with the
/// backtest's periods per year.
public struct VolatilityTargetSizing: Sendable, Equatable {
    /// Target annualized volatility (0.15 = 15%).
    public var annualVolatility: Double
    /// Number of returns in the estimate.
    public var lookback: Int
    /// Largest fraction of equity (1 = no leverage).
    public var maxFraction: Double

    /// Creates a volatility-targeting rule.
    public init(annualVolatility: Double, lookback: Int = 20, maxFraction: Double = 1) {
        self.annualVolatility = annualVolatility
        self.lookback = lookback
        self.maxFraction = maxFraction
    }

    /// The fraction of equity to stake at decision bar `bar`, or nil before enough history exists.
    func stake(close: UnsafeBufferPointer<Double>, bar: Int, periodsPerYear: Double) -> Double? {
        guard bar >= lookback else { return nil }
        var sum = 0.0, sumSq = 0.0, count = 0.0
        for j in (bar - lookback + 1)...bar {
            let r = close[j] / close[j - 1] - 1
            guard r.isFinite else { continue }
            sum += r
            sumSq += r * r
            count += 1
        }
        guard count >= 2 else { return nil }
        let variance = (sumSq - sum * sum / count) / (count - 1)
        let sigma = (max(variance, 0) * periodsPerYear).squareRoot()
        guard sigma > 0 else { return maxFraction }
        return min(maxFraction, annualVolatility / sigma)
    }
}

/// Python's float floor division `a // b` (CPython `float_floor_div`), so share counts match backtesting.py.
@inline(__always)
func pythonFloorDivide(_ a: Double, _ b: Double) -> Double {
    let mod = fmod(a, b)
    var div = (a - mod) / b
    if mod != 0, (b < 0) != (mod < 0) { div -= 1 }
    if div == 0 { return (a / b).sign == .minus ? -0.0 : 0.0 }
    var floorDiv = div.rounded(.down)
    if div - floorDiv > 0.5 { floorDiv += 1 }
    return floorDiv
}
