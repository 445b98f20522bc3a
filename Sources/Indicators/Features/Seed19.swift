import Foundation
import MarketData

/// The 19 `seed19` bar features of shared/spec/features.md, computed with the TA-Lib compatible kernels.
public enum Seed19 {
    /// Feature names in spec order.
    public static let names = [
        "returns", "log_returns", "high_low_pct", "close_open_pct", "sma_5", "sma_10", "sma_20", "ema_5", "ema_10",
        "ema_20", "volatility_20", "atr_14", "volume_ratio", "volume_price_trend", "rsi_14", "macd", "macd_signal",
        "macd_diff", "bb_position",
    ]

    /// Index of the first row where every feature is defined (the MACD signal's lookback).
    public static let firstCompleteRow = 33

    /// The features of `bars` as a frame (one row per bar, NaN during warm-up).
    public static func compute(_ bars: BarSeries) -> Frame {
        let cols = columns(open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume)
        var f = Frame(time: bars.time, isDaily: bars.isDaily)
        for (name, c) in zip(names, cols) { try! f.set(name, c) }
        return f
    }

    /// The 19 feature columns, in spec order, from raw OHLCV columns of equal length.
    public static func columns(
        open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]
    ) -> [[Double]] {
        let n = close.count
        precondition(open.count == n && high.count == n && low.count == n && volume.count == n)
        var result: [[Double]] = []
        result.reserveCapacity(19)
        withColumns(19, n) { out in
            open.withUnsafeBufferPointer { o in
                high.withUnsafeBufferPointer { h in
                    low.withUnsafeBufferPointer { l in
                        close.withUnsafeBufferPointer { c in
                            volume.withUnsafeBufferPointer { v in
                                kernel(o.baseAddress, h.baseAddress, l.baseAddress, c.baseAddress, v.baseAddress, n, out)
                            }
                        }
                    }
                }
            }
        } collect: { result.append($0) }
        return result
    }

    /// Allocates `k` uninitialized columns of length `n`, lets `body` fill them, hands each to `collect`.
    static func withColumns(
        _ k: Int, _ n: Int, _ body: ([UnsafeMutablePointer<Double>]) -> Void, collect: ([Double]) -> Void
    ) {
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, k * n))
        defer { storage.deallocate() }
        body((0..<k).map { storage + $0 * n })
        for j in 0..<k {
            collect([Double](UnsafeBufferPointer(start: storage + j * n, count: n)))
        }
    }

    /// Writes all 19 columns (`out[j]` has `n` slots).
    static func kernel(
        _ o: UnsafePointer<Double>?, _ h: UnsafePointer<Double>?, _ l: UnsafePointer<Double>?,
        _ c: UnsafePointer<Double>?, _ v: UnsafePointer<Double>?, _ n: Int, _ out: [UnsafeMutablePointer<Double>]
    ) {
        guard n > 0, let o, let h, let l, let c, let v else { return }
        let ret = out[0], logRet = out[1], hl = out[2], co = out[3]
        let sma5 = out[4], sma10 = out[5], sma20 = out[6], ema5 = out[7], ema10 = out[8], ema20 = out[9]
        let vol20 = out[10], atr = out[11], vratio = out[12], vpt = out[13], rsi = out[14]
        let macd = out[15], signal = out[16], hist = out[17], bb = out[18]
        for col in out { fillNaN(col, n, n) }

        // Price ratios.
        hl[0] = (h[0] - l[0]) / c[0]
        co[0] = (c[0] - o[0]) / o[0]
        var t = 1
        while t < n {
            let r = c[t] / c[t - 1]
            ret[t] = r - 1
            logRet[t] = Foundation.log(r)
            hl[t] = (h[t] - l[t]) / c[t]
            co[t] = (c[t] - o[t]) / o[t]
            t += 1
        }

        // Moving averages relative to the close.
        SMA.kernel(c, n, period: 5, start: 0, sma5)
        SMA.kernel(c, n, period: 10, start: 0, sma10)
        SMA.kernel(c, n, period: 20, start: 0, sma20)
        EMA.kernel(c, n, period: 5, k: EMA.k(5), start: 0, ema5)
        EMA.kernel(c, n, period: 10, k: EMA.k(10), start: 0, ema10)
        EMA.kernel(c, n, period: 20, k: EMA.k(20), start: 0, ema20)
        for col in [sma5, sma10, sma20, ema5, ema10, ema20] {
            t = 0
            while t < n {
                col[t] = col[t] / c[t] - 1
                t += 1
            }
        }

        // Sample volatility of returns: TA-Lib VAR from the first return on, times 20/19.
        if n > 1 {
            VAR.kernel(ret + 1, n - 1, period: 20, start: 0, vol20 + 1)
            t = 20
            while t < n {
                vol20[t] = (vol20[t] * 20 / 19).squareRoot()
                t += 1
            }
        }

        // ATR and RSI.
        ATR.kernel(h, l, c, n, period: 14, atr)
        RSI.kernel(c, n, period: 14, start: 0, rsi)
        t = 0
        while t < n {
            atr[t] = atr[t] / c[t]
            rsi[t] = rsi[t] / 100
            t += 1
        }

        // Volume ratio and volume-price trend.
        SMA.kernel(v, n, period: 20, start: 0, vratio)
        t = 0
        while t < n {
            let m = vratio[t]
            let vr = m == 0 ? Double.nan : v[t] / m
            vratio[t] = vr
            vpt[t] = ret[t] * vr
            t += 1
        }

        // MACD(12, 26, 9) relative to the close.
        MACD.kernel(c, n, fast: 12, slow: 26, signal: 9, macd, signal, hist)
        t = 0
        while t < n {
            let ct = c[t]
            macd[t] = macd[t] / ct
            signal[t] = signal[t] / ct
            hist[t] = hist[t] / ct
            t += 1
        }

        // Bollinger position: SMA(20) ± 2 population std; 0.5 where the bands coincide.
        if n >= 20 {
            let mid = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { mid.deallocate() }
            SMA.kernel(c, n, period: 20, start: 0, mid)
            VAR.kernel(c, n, period: 20, start: 0, bb, sqrtOutput: true)
            t = 19
            while t < n {
                let d = bb[t] * 2.0
                let m = mid[t]
                let upper = m + d
                let lower = m - d
                bb[t] = upper == lower ? 0.5 : (c[t] - lower) / (upper - lower)
                t += 1
            }
        }
    }
}
