/// On-balance volume (TA-Lib `OBV`): starts at the first volume, then adds or subtracts volume as the close moves.
public enum OBV {
    /// Index of the first valid output.
    public static func lookback() -> Int { 0 }

    /// Writes OBV into `output` (same count as the inputs).
    public static func compute(
        close: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(volume.count == n && output.count >= n)
        guard n > 0 else { return }
        kernel(close.baseAddress!, volume.baseAddress!, n, output.baseAddress!)
    }

    /// Writes all `n` slots.
    static func kernel(
        _ c: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ n: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        guard n > 0 else { return }
        var obv = v[0]
        var prev = c[0]
        for i in 0..<n {
            let x = c[i]
            if x > prev { obv += v[i] } else if x < prev { obv -= v[i] }
            out[i] = obv
            prev = x
        }
    }
}

extension TA {
    /// On-balance volume (TA-Lib `OBV`).
    public static func obv(close: [Double], volume: [Double]) throws(IndicatorError) -> [Double] {
        try checkLengths("OBV", [close, volume])
        return run([close, volume], outputs: 1) { x, n, o in OBV.kernel(x[0], x[1], n, o[0]) }[0]
    }
}
