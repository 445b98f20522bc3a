extension Series {
    /// Values moved `periods` later (positive lags, negative leads); vacated slots are NaN.
    public func shift(_ periods: Int = 1) -> Series {
        let n = count
        var out = [Double](repeating: .nan, count: n)
        if periods >= 0 {
            if periods < n { for i in periods..<n { out[i] = values[i - periods] } }
        } else {
            let k = -periods
            if k < n { for i in 0..<(n - k) { out[i] = values[i + k] } }
        }
        return with(values: out)
    }

    /// `self[t] - self[t - periods]`.
    public func diff(_ periods: Int = 1) -> Series {
        let s = shift(periods)
        return with(values: zip(values, s.values).map { $0 - $1 })
    }

    /// `self[t] / self[t - periods] - 1`.
    public func pctChange(_ periods: Int = 1) -> Series {
        let s = shift(periods)
        return with(values: zip(values, s.values).map { $0 / $1 - 1 })
    }

    /// Running sum; NaN values are skipped (stay NaN in the output) like pandas.
    public func cumsum() -> Series {
        var acc = 0.0
        return with(values: values.map { v in
            if v.isNaN { return .nan }
            acc += v
            return acc
        })
    }

    /// NaN replaced by `value`.
    public func fillna(_ value: Double) -> Series {
        with(values: map { $0.isNaN ? value : $0 }, isBoolean: isBoolean)
    }

    /// NaN replaced by the last earlier number (leading NaNs stay).
    public func ffill() -> Series {
        var last = Double.nan
        return with(values: values.map { v in
            if v.isNaN { return last }
            last = v
            return v
        }, isBoolean: isBoolean)
    }

    /// Keeps values where `mask` is true, else `other` (pandas `where`).
    public func `where`(_ mask: Series, other: Double = .nan) throws(SeriesError) -> Series {
        try checkAligned(mask)
        var out = values
        for i in 0..<count where !Self.truth(mask.values[i]) { out[i] = other }
        return with(values: out)
    }

    /// Keeps values where `mask` is true, else the aligned value of `other`.
    public func `where`(_ mask: Series, other: Series) throws(SeriesError) -> Series {
        try checkAligned(mask)
        try checkAligned(other)
        var out = values
        for i in 0..<count where !Self.truth(mask.values[i]) { out[i] = other.values[i] }
        return with(values: out)
    }

    /// Exponentially weighted mean, `adjust = false`: `y = alpha·x + (1 − alpha)·y[t−1]`, NaN skipped.
    ///
    /// Give one of `span` (alpha = 2/(span+1)), `alpha`, or `com` (alpha = 1/(1+com)).
    public func ewm(span: Double? = nil, alpha: Double? = nil, com: Double? = nil) throws(SeriesError) -> Series {
        let a: Double
        if let span { a = 2 / (span + 1) } else if let alpha { a = alpha } else if let com { a = 1 / (1 + com) } else {
            throw .invalidArgument("ewm needs span, alpha or com")
        }
        guard a > 0 && a <= 1 else { throw .invalidArgument("ewm alpha must be in (0, 1], got \(a)") }
        var y = Double.nan
        return with(values: values.map { x in
            if x.isNaN { return y }
            y = y.isNaN ? x : a * x + (1 - a) * y
            return y
        })
    }
}
