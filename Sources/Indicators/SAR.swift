/// Parabolic SAR (TA-Lib `SAR`): Wilder's stop-and-reverse, the first direction taken from the first −DM.
public enum SAR {
    /// Accepted range of `acceleration` and `maximum`.
    public static let factorRange = 0.0...3e37

    /// Index of the first valid output.
    public static func lookback(acceleration: Double = 0.02, maximum: Double = 0.2) -> Int { 1 }

    /// Writes the SAR of the bars into `output` (same count), NaN at index 0.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, acceleration: Double = 0.02,
        maximum: Double = 0.2, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = high.count
        precondition(low.count == n && output.count >= n)
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, n, acceleration: acceleration, maximum: maximum,
               output.baseAddress!)
    }

    /// Writes all `n` slots.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ n: Int, acceleration accIn: Double,
        maximum: Double, _ out: UnsafeMutablePointer<Double>
    ) {
        fillNaN(out, 1, n)
        guard n > 1 else { return }
        var acc = accIn
        var af = acc
        if af > maximum {
            acc = maximum
            af = maximum
        }
        // Initial direction: short when the first bar's minus DM is positive.
        let d = DirectionalMovement.dm1(h[1] - h[0], l[0] - l[1])
        var isLong = !(d.minus > 0)
        var today = 1
        var newHigh = h[0]
        var newLow = l[0]
        var ep: Double
        var sar: Double
        if isLong {
            ep = h[today]
            sar = newLow
        } else {
            ep = l[today]
            sar = newHigh
        }
        newLow = l[today]
        newHigh = h[today]
        while today < n {
            let prevLow = newLow
            let prevHigh = newHigh
            newLow = l[today]
            newHigh = h[today]
            if isLong {
                if newLow <= sar {
                    isLong = false
                    sar = ep
                    if sar < prevHigh { sar = prevHigh }
                    if sar < newHigh { sar = newHigh }
                    out[today] = sar
                    af = acc
                    ep = newLow
                    sar = sar.addingProduct(af, ep - sar)
                    if sar < prevHigh { sar = prevHigh }
                    if sar < newHigh { sar = newHigh }
                } else {
                    out[today] = sar
                    if newHigh > ep {
                        ep = newHigh
                        af += acc
                        if af > maximum { af = maximum }
                    }
                    sar = sar.addingProduct(af, ep - sar)
                    if sar > prevLow { sar = prevLow }
                    if sar > newLow { sar = newLow }
                }
            } else {
                if newHigh >= sar {
                    isLong = true
                    sar = ep
                    if sar > prevLow { sar = prevLow }
                    if sar > newLow { sar = newLow }
                    out[today] = sar
                    af = acc
                    ep = newHigh
                    sar = sar.addingProduct(af, ep - sar)
                    if sar > prevLow { sar = prevLow }
                    if sar > newLow { sar = newLow }
                } else {
                    out[today] = sar
                    if newLow < ep {
                        ep = newLow
                        af += acc
                        if af > maximum { af = maximum }
                    }
                    sar = sar.addingProduct(af, ep - sar)
                    if sar < prevHigh { sar = prevHigh }
                    if sar < newHigh { sar = newHigh }
                }
            }
            today += 1
        }
    }
}

extension TA {
    /// Parabolic SAR of the bars (TA-Lib `SAR`, defaults 0.02 and 0.2).
    public static func sar(high: [Double], low: [Double], acceleration: Double = 0.02, maximum: Double = 0.2)
        throws(IndicatorError) -> [Double]
    {
        try check("SAR", "acceleration", acceleration, SAR.factorRange)
        try check("SAR", "maximum", maximum, SAR.factorRange)
        try checkLengths("SAR", [high, low])
        return run([high, low], outputs: 1) { x, n, o in
            SAR.kernel(x[0], x[1], n, acceleration: acceleration, maximum: maximum, o[0])
        }[0]
    }
}
