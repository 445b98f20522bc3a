/// Shared Wilder directional-movement engine behind PLUS_DM, MINUS_DM, PLUS_DI, MINUS_DI and DX.
enum DirectionalMovement {
    enum Output {
        case plusDM, minusDM, plusDI, minusDI, dx
    }

    /// One-bar directional movements from the change of high (`diffP`) and of low (`diffM`): TA-Lib's
    /// `diffP > 0 && diffP > diffM ? diffP : 0` (tested as `diffP - diffM > 0`) and its mirror for `diffM`.
    ///
    /// Both sides are selected at once with lane masks (a blend, no branches): which side moved more is a coin
    /// flip on real data, and mispredicted branches here stalled the Wilder smoothing that follows.
    @inline(__always)
    static func dm1(_ diffP: Double, _ diffM: Double) -> (plus: Double, minus: Double) {
        let a = SIMD2(diffP, diffM)
        let b = SIMD2(diffM, diffP)
        let keep = (a - b .> 0.0) .& (a .> 0.0)
        let r = SIMD2<Double>(repeating: 0.0).replacing(with: a, where: keep)
        return (r[0], r[1])
    }

    /// Index of the first valid output.
    static func lookback(_ output: Output, period: Int) -> Int {
        switch output {
        case .plusDM, .minusDM: return period > 1 ? period - 1 : 1
        case .plusDI, .minusDI: return period > 1 ? period : 1
        case .dx: return period
        }
    }

    /// Writes all `n` slots (`c` is unused for the DM outputs); inlined so `output` is a constant per caller.
    @inline(__always)
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>?, _ n: Int,
        period: Int, output: Output, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = lookback(output, period: period)
        fillNaN(out, lb, n)
        guard lb < n else { return }
        let isDM = output == .plusDM || output == .minusDM
        let wantPlus = output == .plusDM || output == .plusDI
        if period <= 1 && output != .dx {
            var prevHigh = h[0]
            var prevLow = l[0]
            var prevClose = c?[0] ?? 0
            var i = 1
            while i < n {
                let diffP = h[i] - prevHigh
                let diffM = prevLow - l[i]
                prevHigh = h[i]
                prevLow = l[i]
                let d = dm1(diffP, diffM)
                let dm = wantPlus ? d.plus : d.minus
                if isDM {
                    out[i] = dm
                } else {
                    if dm > 0 {
                        let tr = trueRange(prevHigh, prevLow, prevClose)
                        out[i] = taIsZero(tr) ? 0.0 : dm / tr
                    } else {
                        out[i] = 0.0
                    }
                    prevClose = c![i]
                }
                i += 1
            }
            return
        }
        let p = Double(period)
        var prevHigh = h[0]
        var prevLow = l[0]
        var prevClose = c?[0] ?? 0
        var plusDM = 0.0
        var minusDM = 0.0
        var tr = 0.0
        var today = 0
        for _ in 0..<(period - 1) {
            today += 1
            let diffP = h[today] - prevHigh
            prevHigh = h[today]
            let diffM = prevLow - l[today]
            prevLow = l[today]
            let d = dm1(diffP, diffM)
            plusDM += d.plus
            minusDM += d.minus
            if !isDM {
                tr += trueRange(prevHigh, prevLow, prevClose)
                prevClose = c![today]
            }
        }
        if isDM {
            out[today] = wantPlus ? plusDM : minusDM
        }
        var last = 0.0
        while today < n - 1 {
            today += 1
            let diffP = h[today] - prevHigh
            prevHigh = h[today]
            let diffM = prevLow - l[today]
            prevLow = l[today]
            let d = dm1(diffP, diffM)
            // Only the sides this output reads are smoothed (the others are dead).
            if output == .dx || wantPlus { plusDM = plusDM - plusDM / p + d.plus }
            if output == .dx || !wantPlus { minusDM = minusDM - minusDM / p + d.minus }
            if isDM {
                out[today] = wantPlus ? plusDM : minusDM
                continue
            }
            tr = tr - tr / p + trueRange(prevHigh, prevLow, prevClose)
            prevClose = c.unsafelyUnwrapped[today]
            switch output {
            case .plusDI:
                out[today] = tr > 0.0 ? 100.0 * (plusDM / tr) : 0.0
            case .minusDI:
                out[today] = tr > 0.0 ? 100.0 * (minusDM / tr) : 0.0
            default:
                if tr > 0.0 {
                    let minusDI = 100.0 * (minusDM / tr)
                    let plusDI = 100.0 * (plusDM / tr)
                    let sum = minusDI + plusDI
                    if !taIsZero(sum) { last = 100.0 * (abs(minusDI - plusDI) / sum) }
                }
                out[today] = last
            }
        }
    }
}
