import Foundation

/// Summary statistics of a series (NaN values ignored), like pandas `describe`.
public struct SeriesDescription: Sendable, Equatable {
    /// Number of non-NaN values.
    public var count: Int
    /// Mean.
    public var mean: Double
    /// Sample standard deviation (ddof 1).
    public var std: Double
    /// Minimum.
    public var min: Double
    /// 25th percentile (linear interpolation).
    public var p25: Double
    /// Median.
    public var median: Double
    /// 75th percentile.
    public var p75: Double
    /// Maximum.
    public var max: Double
    /// Number of NaN values.
    public var nanCount: Int
}

extension Series {
    /// Count, mean, std, min, quartiles and max of the non-NaN values.
    public func describe() -> SeriesDescription {
        let v = values.filter { !$0.isNaN }.sorted()
        let n = v.count
        guard n > 0 else {
            return SeriesDescription(
                count: 0, mean: .nan, std: .nan, min: .nan, p25: .nan, median: .nan, p75: .nan, max: .nan,
                nanCount: count)
        }
        var mean = 0.0
        for x in v { mean += x }
        mean /= Double(n)
        var ss = 0.0
        for x in v { ss += (x - mean) * (x - mean) }
        func q(_ p: Double) -> Double {
            let pos = p * Double(n - 1)
            let lo = Int(pos)
            let hi = Swift.min(lo + 1, n - 1)
            return v[lo] + (v[hi] - v[lo]) * (pos - Double(lo))
        }
        return SeriesDescription(
            count: n, mean: mean, std: n > 1 ? (ss / Double(n - 1)).squareRoot() : .nan, min: v[0], p25: q(0.25),
            median: q(0.5), p75: q(0.75), max: v[n - 1], nanCount: count - n)
    }

    /// Sum of the non-NaN values.
    public func sum() -> Double { values.reduce(0) { $1.isNaN ? $0 : $0 + $1 } }
    /// Mean of the non-NaN values.
    public func mean() -> Double { describe().mean }
}

extension Series {
    /// A short multi-line description: name, length, NaN count, the first and last values, and statistics.
    public func summary(items: Int = 5) -> String {
        func fmt(_ v: Double) -> String {
            if v.isNaN { return "nan" }
            return isBoolean ? (v != 0 ? "true" : "false") : String(format: "%.6g", v)
        }
        let d = describe()
        var s = "Series '\(name)' (\(count) values, \(d.nanCount) NaN\(isBoolean ? ", boolean" : ""))\n"
        if count <= 2 * items {
            s += "  [" + values.map(fmt).joined(separator: ", ") + "]\n"
        } else {
            s += "  head [" + values.prefix(items).map(fmt).joined(separator: ", ") + "]\n"
            s += "  tail [" + values.suffix(items).map(fmt).joined(separator: ", ") + "]\n"
        }
        if !time.isEmpty {
            s += "  time \(TimeParsing.formatDateTime(time[0])) … \(TimeParsing.formatDateTime(time[count - 1]))\n"
        }
        s += "  mean \(fmt(d.mean)) std \(fmt(d.std)) min \(fmt(d.min)) max \(fmt(d.max))"
        return s
    }
}
