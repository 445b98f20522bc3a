/// TA-Lib's moving-average selector (`matype`) used by BBANDS, STOCH, STOCHF and STOCHRSI.
public enum MAType: Int, Sendable, CaseIterable {
    case sma = 0, ema = 1, wma = 2, dema = 3, tema = 4, kama = 6

    /// Parses a TA-Lib `matype` integer, throwing for the types that are not implemented (TRIMA, MAMA, T3).
    public static func from(_ value: Int, indicator: String) throws(IndicatorError) -> MAType {
        guard let t = MAType(rawValue: value) else { throw .unsupportedMAType(indicator: indicator, value: value) }
        return t
    }

    /// Index of the first valid output of this average with `period`.
    public func lookback(_ period: Int) -> Int {
        if period == 1 { return 0 }
        switch self {
        case .sma: return SMA.lookback(timePeriod: period)
        case .ema: return EMA.lookback(timePeriod: period)
        case .wma: return WMA.lookback(timePeriod: period)
        case .dema: return DEMA.lookback(timePeriod: period)
        case .tema: return TEMA.lookback(timePeriod: period)
        case .kama: return KAMA.lookback(timePeriod: period)
        }
    }

    /// Writes `out[max(start, lookback)..<n]` (TA-Lib `TA_MA`; a period of 1 copies the input).
    func kernel(_ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>) {
        if period == 1 {
            let s = Swift.max(start, 0)
            if s < n { (out + s).update(from: x + s, count: n - s) }
            return
        }
        switch self {
        case .sma: SMA.kernel(x, n, period: period, start: start, out)
        case .ema: EMA.kernel(x, n, period: period, k: EMA.k(period), start: start, out)
        case .wma: WMA.kernel(x, n, period: period, start: start, out)
        case .dema: DEMA.kernel(x, n, period: period, start: start, out)
        case .tema: TEMA.kernel(x, n, period: period, start: start, out)
        case .kama: KAMA.kernel(x, n, period: period, start: start, out)
        }
    }
}
