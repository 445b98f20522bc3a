import Foundation
import MarketData
#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

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
        columns(open: open, high: high, low: low, close: close, volume: volume, fused: true)
    }

    /// The columns from the single fused pass (`fused`) or from one kernel call per indicator (the reference).
    static func columns(
        open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double], fused: Bool
    ) -> [[Double]] {
        let n = close.count
        precondition(open.count == n && high.count == n && low.count == n && volume.count == n)
        return open.withUnsafeBufferPointer { o in
            high.withUnsafeBufferPointer { h in
                low.withUnsafeBufferPointer { l in
                    close.withUnsafeBufferPointer { c in
                        volume.withUnsafeBufferPointer { v in
                            TA.makeOutputs(19, n) { out in
                                let f = fused ? fusedKernel : kernel
                                f(o.baseAddress, h.baseAddress, l.baseAddress, c.baseAddress, v.baseAddress, n, out)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes the 19 columns into caller-provided buffers (each at least as long as the inputs), for benchmarks
    /// and callers that reuse memory; bit-identical to `columns`.
    public static func compute(
        open: UnsafeBufferPointer<Double>, high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>,
        close: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>,
        into outputs: [UnsafeMutableBufferPointer<Double>]
    ) {
        let n = close.count
        precondition(open.count == n && high.count == n && low.count == n && volume.count == n)
        precondition(outputs.count == 19 && outputs.allSatisfy { $0.count >= n }, "need 19 outputs of length \(n)")
        guard n > 0 else { return }
        fusedKernel(open.baseAddress, high.baseAddress, low.baseAddress, close.baseAddress, volume.baseAddress, n,
                    outputs.map { $0.baseAddress! })
    }

    /// Writes all 19 columns (`out[j]` has `n` slots) with one kernel call per indicator.
    static func kernel(
        _ o: UnsafePointer<Double>?, _ h: UnsafePointer<Double>?, _ l: UnsafePointer<Double>?,
        _ c: UnsafePointer<Double>?, _ v: UnsafePointer<Double>?, _ n: Int, _ out: [UnsafeMutablePointer<Double>]
    ) {
        guard n > 0, let o, let h, let l, let c, let v else { return }
        let ret = out[0], logRet = out[1], hl = out[2], co = out[3]
        let sma5 = out[4], sma10 = out[5], sma20 = out[6], ema5 = out[7], ema10 = out[8], ema20 = out[9]
        let vol20 = out[10], atr = out[11], vratio = out[12], vpt = out[13], rsi = out[14]
        let macd = out[15], signal = out[16], hist = out[17], bb = out[18]
        // Warm-up prefixes are NaN; every later slot is written below.
        let warmUp = [1, 1, 0, 0, 4, 9, 19, 4, 9, 19, 20, 14, 19, 19, 14, 33, 33, 33, 19]
        for (j, col) in out.enumerated() { fillNaN(col, warmUp[j], n) }

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

    /// Bars from which the two column groups run on two threads (below, one after the other on the caller's).
    static let parallelThreshold = 100_000

    /// Writes all 19 columns with every recurrence in the same operation order as the standalone kernels (so the
    /// result is bit-identical to `kernel`), as two independent column groups: the price/volume group (returns,
    /// log returns, ranges, volatility, volume ratio and trend) and the trend group (moving averages, ATR, RSI,
    /// MACD, Bollinger position). Each group makes one blocked pass over the bars; on long inputs the two run
    /// concurrently (they share no written memory).
    static func fusedKernel(
        _ o: UnsafePointer<Double>?, _ h: UnsafePointer<Double>?, _ l: UnsafePointer<Double>?,
        _ c: UnsafePointer<Double>?, _ v: UnsafePointer<Double>?, _ n: Int, _ out: [UnsafeMutablePointer<Double>]
    ) {
        guard n > 0, let o, let h, let l, let c, let v else { return }
        let bars = Bars(o: o, h: h, l: l, c: c, v: v, n: n)
        let cols = Columns(out)
        if n >= parallelThreshold {
            DispatchQueue.concurrentPerform(iterations: 2) { group in
                if group == 0 { priceVolumeGroup(bars, cols) } else { trendGroup(bars, cols) }
            }
        } else {
            priceVolumeGroup(bars, cols)
            trendGroup(bars, cols)
        }
    }

    /// Input columns (read-only, shared by both groups).
    struct Bars: @unchecked Sendable {
        let o: UnsafePointer<Double>, h: UnsafePointer<Double>, l: UnsafePointer<Double>
        let c: UnsafePointer<Double>, v: UnsafePointer<Double>
        let n: Int
    }

    /// The 19 output columns in spec order (each group writes only its own).
    struct Columns: @unchecked Sendable {
        let ret, logRet, hl, co, sma5, sma10, sma20, ema5, ema10, ema20: UnsafeMutablePointer<Double>
        let vol20, atr, vratio, vpt, rsi, macd, signal, hist, bb: UnsafeMutablePointer<Double>

        init(_ out: [UnsafeMutablePointer<Double>]) {
            precondition(out.count == 19)
            ret = out[0]; logRet = out[1]; hl = out[2]; co = out[3]
            sma5 = out[4]; sma10 = out[5]; sma20 = out[6]; ema5 = out[7]; ema10 = out[8]; ema20 = out[9]
            vol20 = out[10]; atr = out[11]; vratio = out[12]; vpt = out[13]; rsi = out[14]
            macd = out[15]; signal = out[16]; hist = out[17]; bb = out[18]
        }
    }

    /// Bars per block of the steady-state passes: the recurrences store raw values in block-sized scratch columns
    /// and the divisions by the close run in separate explicit-SIMD loops.
    static let block = 128

    /// Returns, log returns, high-low and close-open ratios, 20-bar volatility of returns, volume ratio and
    /// volume-price trend (it reads the returns it writes).
    static func priceVolumeGroup(_ b: Bars, _ out: Columns) {
        let o = b.o, h = b.h, l = b.l, c = b.c, v = b.v, n = b.n
        let ret = out.ret, logRet = out.logRet, hl = out.hl, co = out.co
        let vol20 = out.vol20, vratio = out.vratio, vpt = out.vpt
        fillNaN(ret, 1, n)
        fillNaN(logRet, 1, n)
        fillNaN(vol20, 20, n)
        fillNaN(vratio, 19, n)
        fillNaN(vpt, 19, n)
        var sv20 = 0.0
        var volState: ShiftedVariance? = nil
        let y = UnsafePointer(ret) + 1  // returns from index 1, the input of the volatility variance

        hl[0] = (h[0] - l[0]) / c[0]
        co[0] = (c[0] - o[0]) / o[0]
        var t = 0
        let warmEnd = Swift.min(n, 34)
        while t < warmEnd {
            let ct = c[t]
            if t > 0 {
                let r = ct / c[t - 1]
                ret[t] = r - 1
                logRet[t] = Foundation.log(r)
                hl[t] = (h[t] - l[t]) / ct
                co[t] = (ct - o[t]) / o[t]
            }
            sv20 += v[t]
            if t >= 19 {
                let vm = sv20 / 20
                let vr = vm == 0 ? Double.nan : v[t] / vm
                vratio[t] = vr
                vpt[t] = ret[t] * vr
                sv20 -= v[t - 19]
            }
            if t >= 20 {
                if t == 20 { volState = ShiftedVariance(y, start: 19, period: 20) }
                let variance = volState!.step(y, t - 1)
                vol20[t] = (variance * 20 / 19).squareRoot()
            }
            t += 1
        }
        guard t < n, var volS = volState else { return }
        let block = Self.block
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * block)
        defer { scratch.deallocate() }
        let sR = scratch, sSV = scratch + block
        while t < n {
            let t0 = t
            let m = Swift.min(block, n - t0)
            let m4 = m & ~3
            let cB = c + t0, oB = o + t0, hB = h + t0, lB = l + t0, vB = v + t0
            let cPrev = cB - 1
            let retB = ret + t0, hlB = hl + t0, coB = co + t0, logB = logRet + t0
            var k = 0
            while k < m4 {
                let ct = load4(cB + k)
                let r = ct / load4(cPrev + k)
                store4(r, sR + k)
                store4(r - 1, retB + k)
                store4((load4(hB + k) - load4(lB + k)) / ct, hlB + k)
                let ok = load4(oB + k)
                store4((ct - ok) / ok, coB + k)
                k += 4
            }
            while k < m {
                let ct = cB[k]
                let r = ct / cPrev[k]
                sR[k] = r
                retB[k] = r - 1
                hlB[k] = (hB[k] - lB[k]) / ct
                coB[k] = (ct - oB[k]) / oB[k]
                k += 1
            }
            for k in 0..<m { logB[k] = Foundation.log(sR[k]) }
            let v19 = v + (t0 - 19)
            let volB = vol20 + t0
            for k in 0..<m {
                sv20 += vB[k]
                sSV[k] = sv20
                sv20 -= v19[k]
                volB[k] = volS.step(y, t0 &+ k &- 1)
            }
            let vrB = vratio + t0, vptB = vpt + t0
            k = 0
            while k < m4 {
                let vm = load4(sSV + k) / 20
                var vr = load4(vB + k) / vm
                vr.replace(with: .nan, where: vm .== 0)
                store4(vr, vrB + k)
                store4(load4(retB + k) * vr, vptB + k)
                store4(sqrt4(load4(volB + k) * 20 / 19), volB + k)
                k += 4
            }
            while k < m {
                let vm = sSV[k] / 20
                let vr = vm == 0 ? Double.nan : vB[k] / vm
                vrB[k] = vr
                vptB[k] = retB[k] * vr
                volB[k] = (volB[k] * 20 / 19).squareRoot()
                k += 1
            }
            t += m
        }
    }

    /// SMA and EMA 5/10/20, ATR(14) and RSI(14), MACD(12, 26, 9) relative to the close, and the Bollinger position.
    static func trendGroup(_ b: Bars, _ out: Columns) {
        let h = b.h, l = b.l, c = b.c, n = b.n
        let sma5 = out.sma5, sma10 = out.sma10, sma20 = out.sma20, ema5 = out.ema5, ema10 = out.ema10
        let ema20 = out.ema20, atr = out.atr, rsi = out.rsi, macd = out.macd, signal = out.signal
        let hist = out.hist, bb = out.bb
        for (col, warmUp) in [(sma5, 4), (sma10, 9), (sma20, 19), (ema5, 4), (ema10, 9), (ema20, 19), (atr, 14),
                              (rsi, 14), (macd, 33), (signal, 33), (hist, 33), (bb, 19)] {
            fillNaN(col, warmUp, n)
        }
        let k5 = EMA.k(5), k10 = EMA.k(10), k20 = EMA.k(20), k12 = EMA.k(12), k26 = EMA.k(26), k9 = EMA.k(9)
        let atrBeta = 13.0 / 14.0
        let atrAlpha = 1.0 - atrBeta
        let inv14 = 1.0 / 14.0
        // Running state.
        var s5 = 0.0, s10 = 0.0, s20 = 0.0
        var e5 = 0.0, e10 = 0.0, e20 = 0.0
        var trSum = 0.0, atrV = 0.0
        var gain = 0.0, loss = 0.0
        var fast = 0.0, slow = 0.0, sig = 0.0, sigSum = 0.0
        var bbState: ShiftedVariance? = nil

        var t = 0
        // Warm-up bars: every indicator starts at its own lookback.
        let warmEnd = Swift.min(n, 34)
        while t < warmEnd {
            let ct = c[t]
            // SMA 5/10/20 of the close (TA-Lib's running-sum order).
            s5 += ct
            s10 += ct
            s20 += ct
            if t >= 4 {
                let m = s5 / 5
                sma5[t] = m / ct - 1
                if t == 4 { e5 = s5 / 5.0 } else { e5 = e5.addingProduct(ct - e5, k5) }
                ema5[t] = e5 / ct - 1
                s5 -= c[t - 4]
            }
            if t >= 9 {
                sma10[t] = (s10 / 10) / ct - 1
                if t == 9 { e10 = s10 / 10.0 } else { e10 = e10.addingProduct(ct - e10, k10) }
                ema10[t] = e10 / ct - 1
                s10 -= c[t - 9]
            }
            if t >= 19 {
                let mid20 = s20 / 20
                sma20[t] = mid20 / ct - 1
                if t == 19 { e20 = s20 / 20.0 } else { e20 = e20.addingProduct(ct - e20, k20) }
                ema20[t] = e20 / ct - 1
                s20 -= c[t - 19]
                // Bollinger position.
                if t == 19 { bbState = ShiftedVariance(c, start: 19, period: 20) }
                let variance = bbState!.step(c, t)
                let sd = variance != 0 ? variance.squareRoot() : 0
                let d = sd * 2.0
                let upper = mid20 + d
                let lower = mid20 - d
                bb[t] = upper == lower ? 0.5 : (ct - lower) / (upper - lower)
            }
            // ATR(14) and RSI(14).
            if t >= 1 {
                let tr = trueRange(h[t], l[t], c[t - 1])
                let d = ct - c[t - 1]
                let dn = d < 0 ? d : 0.0
                let up = d < 0 ? 0.0 : d
                if t <= 14 {
                    trSum += tr
                    loss -= dn
                    gain += up
                    if t == 14 {
                        atrV = trSum / 14.0
                        loss *= inv14
                        gain *= inv14
                    }
                } else {
                    atrV = (atrAlpha * tr).addingProduct(atrBeta, atrV)
                    loss *= 13.0
                    gain *= 13.0
                    loss -= dn
                    gain += up
                    loss *= inv14
                    gain *= inv14
                }
                if t >= 14 {
                    atr[t] = atrV / ct
                    let tot = gain + loss
                    rsi[t] = (tot != 0 ? 100.0 * (gain / tot) : 0.0) / 100
                }
            }
            // MACD(12, 26, 9): both EMAs start at bar 25, the signal at bar 33.
            if t >= 25 {
                if t == 25 {
                    var sf = 0.0
                    for j in 14...25 { sf += c[j] }
                    fast = sf / 12.0
                    var ss = 0.0
                    for j in 0...25 { ss += c[j] }
                    slow = ss / 26.0
                } else {
                    slow = slow.addingProduct(ct - slow, k26)
                    fast = fast.addingProduct(ct - fast, k12)
                }
                let line = fast - slow
                if t < 33 {
                    sigSum += line
                } else {
                    if t == 33 {
                        sigSum += line
                        sig = sigSum / 9.0
                    } else {
                        sig = sig.addingProduct(line - sig, k9)
                    }
                    macd[t] = line / ct
                    signal[t] = sig / ct
                    hist[t] = (line - sig) / ct
                }
            }
            t += 1
        }
        guard t < n, var bbS = bbState else { return }
        // Steady state, in blocks: every value goes through the same operations as above (bit-identical).
        let block = Self.block
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 12 * block)
        defer { scratch.deallocate() }
        let sS5 = scratch, sS10 = scratch + block, sS20 = scratch + 2 * block
        let sE5 = scratch + 3 * block, sE10 = scratch + 4 * block, sE20 = scratch + 5 * block
        let sATR = scratch + 6 * block, sLine = scratch + 7 * block, sSig = scratch + 8 * block
        let sGain = scratch + 9 * block, sTot = scratch + 10 * block, sBBVar = scratch + 11 * block
        while t < n {
            let t0 = t
            let m = Swift.min(block, n - t0)
            let m4 = m & ~3
            let cB = c + t0, hB = h + t0, lB = l + t0
            let cPrev = cB - 1
            // Recurrences (scalar).
            let c4 = c + (t0 - 4), c9 = c + (t0 - 9), c19 = c + (t0 - 19)
            for k in 0..<m {
                let ct = cB[k]
                let cp = cPrev[k]
                s5 += ct
                s10 += ct
                s20 += ct
                sS5[k] = s5
                sS10[k] = s10
                sS20[k] = s20
                s5 -= c4[k]
                s10 -= c9[k]
                s20 -= c19[k]
                e5 = e5.addingProduct(ct - e5, k5)
                e10 = e10.addingProduct(ct - e10, k10)
                e20 = e20.addingProduct(ct - e20, k20)
                sE5[k] = e5
                sE10[k] = e10
                sE20[k] = e20
                let tr = trueRange(hB[k], lB[k], cp)
                atrV = (atrAlpha * tr).addingProduct(atrBeta, atrV)
                sATR[k] = atrV
                let d = ct - cp
                loss *= 13.0
                gain *= 13.0
                loss += d < 0 ? -d : 0.0  // = loss - d; keeps the select off the chain (see RSI.kernel)
                gain += d < 0 ? 0.0 : d
                loss *= inv14
                gain *= inv14
                sGain[k] = gain
                sTot[k] = gain + loss
                slow = slow.addingProduct(ct - slow, k26)
                fast = fast.addingProduct(ct - fast, k12)
                let line = fast - slow
                sig = sig.addingProduct(line - sig, k9)
                sLine[k] = line
                sSig[k] = sig
                sBBVar[k] = bbS.step(c, t0 &+ k)
            }
            // Normalizations, four bars per instruction (explicit SIMD; lane-wise IEEE operations).
            let sma5B = sma5 + t0, sma10B = sma10 + t0, sma20B = sma20 + t0
            let ema5B = ema5 + t0, ema10B = ema10 + t0, ema20B = ema20 + t0
            let atrB = atr + t0, macdB = macd + t0, signalB = signal + t0, histB = hist + t0
            let rsiB = rsi + t0, bbB = bb + t0
            var k = 0
            while k < m4 {
                let ct = load4(cB + k)
                store4((load4(sS5 + k) / 5) / ct - 1, sma5B + k)
                store4((load4(sS10 + k) / 10) / ct - 1, sma10B + k)
                let mid = load4(sS20 + k) / 20
                store4(mid / ct - 1, sma20B + k)
                store4(load4(sE5 + k) / ct - 1, ema5B + k)
                store4(load4(sE10 + k) / ct - 1, ema10B + k)
                store4(load4(sE20 + k) / ct - 1, ema20B + k)
                store4(load4(sATR + k) / ct, atrB + k)
                let line = load4(sLine + k)
                let sg = load4(sSig + k)
                store4(line / ct, macdB + k)
                store4(sg / ct, signalB + k)
                store4((line - sg) / ct, histB + k)
                let tot = load4(sTot + k)
                var rs = (100.0 * (load4(sGain + k) / tot)) / 100
                rs.replace(with: 0.0 / 100, where: tot .== 0)
                store4(rs, rsiB + k)
                let bd = sqrt4(load4(sBBVar + k)) * 2.0
                let upper = mid + bd
                let lower = mid - bd
                var pos = (ct - lower) / (upper - lower)
                pos.replace(with: 0.5, where: upper .== lower)
                store4(pos, bbB + k)
                k += 4
            }
            while k < m {
                let ct = cB[k]
                sma5B[k] = (sS5[k] / 5) / ct - 1
                sma10B[k] = (sS10[k] / 10) / ct - 1
                let mid = sS20[k] / 20
                sma20B[k] = mid / ct - 1
                ema5B[k] = sE5[k] / ct - 1
                ema10B[k] = sE10[k] / ct - 1
                ema20B[k] = sE20[k] / ct - 1
                atrB[k] = sATR[k] / ct
                let line = sLine[k]
                let sg = sSig[k]
                macdB[k] = line / ct
                signalB[k] = sg / ct
                histB[k] = (line - sg) / ct
                let tot = sTot[k]
                rsiB[k] = (tot != 0 ? 100.0 * (sGain[k] / tot) : 0.0) / 100
                let bd = sBBVar[k].squareRoot() * 2.0
                let upper = mid + bd
                let lower = mid - bd
                bbB[k] = upper == lower ? 0.5 : (ct - lower) / (upper - lower)
                k += 1
            }
            t += m
        }
    }
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func load4(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}

/// Lane-wise IEEE square root (correctly rounded, like `Double.squareRoot()`), as one `vsqrtpd` on x86-64: the
/// generic SIMD `squareRoot()` is scalarized into four libm calls guarded for errno.
@inline(__always)
private func sqrt4(_ x: SIMD4<Double>) -> SIMD4<Double> {
    #if arch(x86_64)
        _mm256_sqrt_pd(x)
    #else
        x.squareRoot()
    #endif
}
