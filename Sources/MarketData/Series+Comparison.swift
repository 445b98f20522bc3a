/// A comparison between values; NaN compares false (0) except for `ne`.
public enum SeriesComparison: Sendable {
    case gt, ge, lt, le, eq, ne

    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .gt: return a > b
        case .ge: return a >= b
        case .lt: return a < b
        case .le: return a <= b
        case .eq: return a == b
        case .ne: return a != b
        }
    }
}

extension Series {
    /// Boolean series `self cmp x` (1 or 0).
    public func compare(_ x: Double, _ cmp: SeriesComparison) -> Series {
        with(values: map { cmp.apply($0, x) ? 1 : 0 }, isBoolean: true)
    }

    /// Boolean series `self cmp other` on aligned series.
    public func compare(_ other: Series, _ cmp: SeriesComparison) throws(SeriesError) -> Series {
        try checkAligned(other)
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count where cmp.apply(values[i], other.values[i]) { out[i] = 1 }
        return with(values: out, isBoolean: true)
    }

    /// `self > x`.
    public func gt(_ x: Double) -> Series { compare(x, .gt) }
    /// `self >= x`.
    public func ge(_ x: Double) -> Series { compare(x, .ge) }
    /// `self < x`.
    public func lt(_ x: Double) -> Series { compare(x, .lt) }
    /// `self <= x`.
    public func le(_ x: Double) -> Series { compare(x, .le) }
    /// `self == x`.
    public func eq(_ x: Double) -> Series { compare(x, .eq) }
    /// `self != x`.
    public func ne(_ x: Double) -> Series { compare(x, .ne) }

    /// Truth of a value: nonzero and not NaN.
    @inline(__always)
    static func truth(_ v: Double) -> Bool { v != 0 && !v.isNaN }

    /// Logical and of two aligned series.
    public func and(_ other: Series) throws(SeriesError) -> Series {
        try checkAligned(other)
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count where Self.truth(values[i]) && Self.truth(other.values[i]) { out[i] = 1 }
        return with(values: out, isBoolean: true)
    }

    /// Logical or of two aligned series.
    public func or(_ other: Series) throws(SeriesError) -> Series {
        try checkAligned(other)
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count where Self.truth(values[i]) || Self.truth(other.values[i]) { out[i] = 1 }
        return with(values: out, isBoolean: true)
    }

    /// Logical not.
    public func not() -> Series { with(values: map { Self.truth($0) ? 0 : 1 }, isBoolean: true) }

    /// 1 where `self` crosses above `other`: `self[t] > other[t]` and `self[t-1] <= other[t-1]`.
    public func crossAbove(_ other: Series) throws(SeriesError) -> Series {
        try checkAligned(other)
        var out = [Double](repeating: 0, count: count)
        var i = 1
        while i < count {
            if values[i] > other.values[i] && values[i - 1] <= other.values[i - 1] { out[i] = 1 }
            i += 1
        }
        return with(values: out, isBoolean: true)
    }

    /// 1 where `self` crosses below `other`: `self[t] < other[t]` and `self[t-1] >= other[t-1]`.
    public func crossBelow(_ other: Series) throws(SeriesError) -> Series {
        try checkAligned(other)
        var out = [Double](repeating: 0, count: count)
        var i = 1
        while i < count {
            if values[i] < other.values[i] && values[i - 1] >= other.values[i - 1] { out[i] = 1 }
            i += 1
        }
        return with(values: out, isBoolean: true)
    }

    /// 1 where `self` crosses above the constant `level`.
    public func crossAbove(_ level: Double) -> Series {
        try! crossAbove(with(values: [Double](repeating: level, count: count)))
    }

    /// 1 where `self` crosses below the constant `level`.
    public func crossBelow(_ level: Double) -> Series {
        try! crossBelow(with(values: [Double](repeating: level, count: count)))
    }
}
