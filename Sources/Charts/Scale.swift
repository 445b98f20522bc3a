/// A linear map from a data interval (the domain) onto a pixel interval (the range).
struct LinearScale: Sendable {
    var domainLow: Double
    var domainHigh: Double
    var rangeLow: Double
    var rangeHigh: Double

    /// Builds the scale; a degenerate or non-finite domain is widened so that the map stays defined.
    init(domain: (Double, Double), range: (Double, Double)) {
        var lo = domain.0, hi = domain.1
        if !lo.isFinite || !hi.isFinite {
            lo = 0
            hi = 1
        }
        if lo > hi { swap(&lo, &hi) }
        if hi - lo <= abs(hi) * 1e-12 || hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        domainLow = lo
        domainHigh = hi
        rangeLow = range.0
        rangeHigh = range.1
    }

    /// Pixel position of the data value `v`.
    @inline(__always)
    func callAsFunction(_ v: Double) -> Double {
        rangeLow + (v - domainLow) * (rangeHigh - rangeLow) / (domainHigh - domainLow)
    }

    /// Data value at the pixel position `p`.
    func invert(_ p: Double) -> Double {
        domainLow + (p - rangeLow) * (domainHigh - domainLow) / (rangeHigh - rangeLow)
    }

    /// Maps a whole array at once (NaN stays NaN).
    func map(_ values: [Double]) -> [Double] {
        let k = (rangeHigh - rangeLow) / (domainHigh - domainLow)
        let a = rangeLow - domainLow * k
        return values.map { a + $0 * k }
    }
}

/// Finite minimum and maximum of several arrays; nil when there is no finite value. O(total count).
func finiteExtent(_ arrays: [[Double]]) -> (Double, Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for a in arrays {
        a.withUnsafeBufferPointer { p in
            for v in p where v.isFinite {
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
        }
    }
    return lo <= hi ? (lo, hi) : nil
}
