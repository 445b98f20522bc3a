import Foundation

/// How resampling buckets are aligned.
public enum ResampleAnchor: Sendable {
    /// Buckets start at each day's first bar (the session open), e.g. 09:30, 10:30, … for one hour.
    case sessionOpen
    /// Buckets start at multiples of the interval since midnight, e.g. 09:00, 10:00, ….
    case midnight
}

extension BarSeries {
    /// Aggregates bars into buckets of `seconds` (first open, max high, min low, last close, summed volume).
    ///
    /// Buckets never span two calendar days, so sessions stay separate; a bucket is labelled by its start time.
    /// `seconds >= 86_400` gives one bar per calendar day labelled at midnight. Extra columns take their last value.
    public func resample(seconds: Int64, anchor: ResampleAnchor = .sessionOpen) throws(BarSeriesError) -> BarSeries {
        guard seconds > 0 else { throw .invalidInterval("resampling interval must be positive, got \(seconds)") }
        if let iv = interval, seconds < iv {
            throw .invalidInterval("cannot resample \(iv)-second bars to a finer \(seconds)-second interval")
        }
        var t: [Int64] = []
        var o: [Double] = []
        var h: [Double] = []
        var l: [Double] = []
        var c: [Double] = []
        var v: [Double] = []
        var ex = [[Double]](repeating: [], count: extraColumns.count)
        var dayStart = Int64.min
        var sessionOrigin: Int64 = 0
        var currentKey = Int64.min
        for i in 0..<count {
            let ti = time[i]
            let day = floorDiv(ti, 86_400) * 86_400
            let key: Int64
            if seconds >= 86_400 {
                key = day
            } else {
                if day != dayStart {
                    dayStart = day
                    sessionOrigin = anchor == .sessionOpen ? ti : day
                }
                key = sessionOrigin + floorDiv(ti - sessionOrigin, seconds) * seconds
            }
            if key != currentKey {
                currentKey = key
                t.append(key)
                o.append(open[i])
                h.append(high[i])
                l.append(low[i])
                c.append(close[i])
                v.append(volume[i])
                for j in ex.indices { ex[j].append(extraColumns[j][i]) }
            } else {
                let k = t.count - 1
                if high[i] > h[k] || h[k].isNaN { h[k] = high[i] }
                if low[i] < l[k] || l[k].isNaN { l[k] = low[i] }
                c[k] = close[i]
                v[k] = v[k].isNaN ? volume[i] : (volume[i].isNaN ? v[k] : v[k] + volume[i])
                for j in ex.indices { ex[j][k] = extraColumns[j][i] }
            }
        }
        return BarSeries(unchecked: t, o, h, l, c, v, extraNames: extraNames, extraColumns: ex)
    }

    /// Aggregates to an interval given as text: `5m`, `15m`, `1h`, `4h`, `1d` (also `min`, `s`).
    public func resample(_ rule: String, anchor: ResampleAnchor = .sessionOpen) throws(BarSeriesError) -> BarSeries {
        guard let s = parseIntervalSeconds(rule) else {
            throw .invalidInterval("'\(rule)' is not an interval such as 5m, 1h or 1d")
        }
        return try resample(seconds: s, anchor: anchor)
    }
}

/// Parses `30s`, `5m`, `5min`, `1h`, `1d` into seconds.
public func parseIntervalSeconds(_ rule: String) -> Int64? {
    let s = rule.lowercased().trimmingCharacters(in: .whitespaces)
    let digits = s.prefix { $0.isNumber }
    guard let n = Int64(digits), n > 0 else { return nil }
    switch s.dropFirst(digits.count) {
    case "s", "sec": return n
    case "m", "min", "t": return n * 60
    case "h", "hr": return n * 3600
    case "d", "day": return n * 86_400
    case "w", "wk": return n * 7 * 86_400
    default: return nil
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
