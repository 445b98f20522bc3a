/// Training labels per shared/spec/features.md.
public enum Labels {
    /// 1 where `close[t + horizon] > close[t]`, else 0; NaN for the last `horizon` bars (and where a close is NaN).
    public static func direction(close: [Double], horizon: Int = 5) -> [Double] {
        let n = close.count
        var out = [Double](repeating: .nan, count: n)
        guard horizon > 0 else { return out }
        var t = 0
        while t + horizon < n {
            let a = close[t]
            let b = close[t + horizon]
            if !a.isNaN && !b.isNaN { out[t] = b > a ? 1 : 0 }
            t += 1
        }
        return out
    }
}
