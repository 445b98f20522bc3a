/// Downsampling that keeps the look of a line: M4 (first, min, max, last of each bucket).
///
/// A line drawn through the M4 points of `w` buckets is pixel-identical to the full line on a `w`-pixel-wide
/// plot (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014), and every
/// bucket's extremes survive, so the global minimum and maximum are always kept.
public enum Downsample {
    /// Marks a gap (a bucket with no finite value) in the index list returned by `m4Indices`.
    public static let gap = -1

    /// Indices of the points M4 keeps, in increasing order, at most `maxPoints` (≥ 4) of them.
    ///
    /// NaN and infinite values are skipped; a bucket holding only NaN yields one `gap` entry so a line
    /// drawn through the result still breaks there. Series already short enough come back whole. O(n).
    public static func m4Indices(_ y: [Double], maxPoints: Int) -> [Int] {
        let n = y.count
        let limit = max(4, maxPoints)
        if n <= limit {
            return y.indices.map { y[$0].isFinite ? $0 : gap }
        }
        let buckets = limit / 4
        var out: [Int] = []
        out.reserveCapacity(buckets * 4)
        y.withUnsafeBufferPointer { p in
            for b in 0..<buckets {
                let start = b * n / buckets
                let end = (b + 1) * n / buckets
                var first = -1, last = -1, minI = -1, maxI = -1
                var minV = Double.infinity, maxV = -Double.infinity
                for i in start..<end {
                    let v = p[i]
                    if !v.isFinite { continue }
                    if first < 0 { first = i }
                    last = i
                    if v < minV { minV = v; minI = i }
                    if v > maxV { maxV = v; maxI = i }
                }
                if first < 0 {
                    if out.last != gap { out.append(gap) }
                    continue
                }
                // the four indices in order, without duplicates
                let a = first
                var bb = min(minI, maxI), c = max(minI, maxI), d = last
                if bb == a { bb = -2 }
                if c == a || c == bb { c = -2 }
                if d == a || d == bb || d == c { d = -2 }
                for i in [a, bb, c, d] where i >= 0 { out.append(i) }
            }
        }
        return out
    }

    /// The M4 points of a series with x coordinates (`x` nil → the index), gaps as NaN.
    public static func m4(x: [Double]?, y: [Double], maxPoints: Int) -> (x: [Double], y: [Double]) {
        let idx = m4Indices(y, maxPoints: maxPoints)
        var xs = [Double](), ys = [Double]()
        xs.reserveCapacity(idx.count)
        ys.reserveCapacity(idx.count)
        for i in idx {
            if i == gap {
                xs.append(.nan)
                ys.append(.nan)
            } else {
                xs.append(x.map { i < $0.count ? $0[i] : .nan } ?? Double(i))
                ys.append(y[i])
            }
        }
        return (xs, ys)
    }

    /// Min/max envelope per bucket (for terminal charts): for each of `buckets` columns the finite min and max,
    /// NaN where a column has no data.
    static func envelope(_ y: [Double], buckets: Int) -> (min: [Double], max: [Double]) {
        let n = y.count
        var lo = [Double](repeating: .nan, count: buckets)
        var hi = [Double](repeating: .nan, count: buckets)
        guard n > 0, buckets > 0 else { return (lo, hi) }
        for b in 0..<buckets {
            let start = n >= buckets ? b * n / buckets : b * n / buckets
            var end = n >= buckets ? (b + 1) * n / buckets : start + 1
            end = min(max(end, start + 1), n)
            var mn = Double.infinity, mx = -Double.infinity
            for i in start..<end where y[i].isFinite {
                mn = min(mn, y[i])
                mx = max(mx, y[i])
            }
            if mn <= mx {
                lo[b] = mn
                hi[b] = mx
            }
        }
        return (lo, hi)
    }
}
