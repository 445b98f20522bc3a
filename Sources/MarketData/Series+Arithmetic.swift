import Foundation

/// A binary operation on two values.
public enum SeriesOperator: Sendable {
    case add, subtract, multiply, divide, power, modulo

    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return Foundation.pow(a, b)
        case .modulo: return a - b * (a / b).rounded(.down)
        }
    }
}

extension Series {
    /// Throws unless `other` has the same length and time index.
    public func checkAligned(_ other: Series) throws(SeriesError) {
        guard count == other.count, time.isEmpty || other.time.isEmpty || time == other.time else {
            throw .notAligned(leftCount: count, rightCount: other.count)
        }
    }

    /// Elementwise `self op other` on aligned series (NaN propagates).
    public func combine(_ other: Series, _ op: SeriesOperator) throws(SeriesError) -> Series {
        try checkAligned(other)
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { buf, c in
            values.withUnsafeBufferPointer { a in
                other.values.withUnsafeBufferPointer { b in
                    switch op {
                    case .add: for i in 0..<n { buf[i] = a[i] + b[i] }
                    case .subtract: for i in 0..<n { buf[i] = a[i] - b[i] }
                    case .multiply: for i in 0..<n { buf[i] = a[i] * b[i] }
                    case .divide: for i in 0..<n { buf[i] = a[i] / b[i] }
                    default: for i in 0..<n { buf[i] = op.apply(a[i], b[i]) }
                    }
                }
            }
            c = n
        }
        return Series(name: name, time: time.isEmpty ? other.time : time, values: out)
    }

    /// Elementwise `self op scalar`.
    public func combine(_ scalar: Double, _ op: SeriesOperator) -> Series {
        with(values: map { op.apply($0, scalar) })
    }

    /// Elementwise `scalar op self`.
    public func combine(scalar: Double, _ op: SeriesOperator) -> Series {
        with(values: map { op.apply(scalar, $0) })
    }

    /// Applies `f` to every value (a tight loop over the storage).
    @inline(__always)
    public func map(_ f: (Double) -> Double) -> [Double] {
        let n = count
        return [Double](unsafeUninitializedCapacity: n) { buf, c in
            values.withUnsafeBufferPointer { a in
                for i in 0..<n { buf[i] = f(a[i]) }
            }
            c = n
        }
    }

    /// Negated values.
    public static prefix func - (s: Series) -> Series { s.with(values: s.map { -$0 }) }

    /// Aligned sum (traps when not aligned; use `combine` to get an error instead).
    public static func + (a: Series, b: Series) -> Series { try! a.combine(b, .add) }
    /// Aligned difference (traps when not aligned).
    public static func - (a: Series, b: Series) -> Series { try! a.combine(b, .subtract) }
    /// Aligned product (traps when not aligned).
    public static func * (a: Series, b: Series) -> Series { try! a.combine(b, .multiply) }
    /// Aligned quotient (traps when not aligned).
    public static func / (a: Series, b: Series) -> Series { try! a.combine(b, .divide) }
    /// Adds a scalar.
    public static func + (a: Series, b: Double) -> Series { a.combine(b, .add) }
    /// Subtracts a scalar.
    public static func - (a: Series, b: Double) -> Series { a.combine(b, .subtract) }
    /// Multiplies by a scalar.
    public static func * (a: Series, b: Double) -> Series { a.combine(b, .multiply) }
    /// Divides by a scalar.
    public static func / (a: Series, b: Double) -> Series { a.combine(b, .divide) }
    /// Scalar plus series.
    public static func + (a: Double, b: Series) -> Series { b.combine(scalar: a, .add) }
    /// Scalar minus series.
    public static func - (a: Double, b: Series) -> Series { b.combine(scalar: a, .subtract) }
    /// Scalar times series.
    public static func * (a: Double, b: Series) -> Series { b.combine(scalar: a, .multiply) }
    /// Scalar over series.
    public static func / (a: Double, b: Series) -> Series { b.combine(scalar: a, .divide) }

    /// Elementwise absolute value.
    public func abs() -> Series { with(values: map { Swift.abs($0) }) }
    /// Elementwise natural logarithm.
    public func log() -> Series { with(values: map { Foundation.log($0) }) }
    /// Elementwise exponential.
    public func exp() -> Series { with(values: map { Foundation.exp($0) }) }
    /// Elementwise square root.
    public func sqrt() -> Series { with(values: map { $0.squareRoot() }) }
    /// Elementwise power.
    public func pow(_ e: Double) -> Series { combine(e, .power) }
    /// Elementwise clamp into `lower...upper` (NaN stays NaN).
    public func clip(lower: Double = -.infinity, upper: Double = .infinity) -> Series {
        with(values: map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lower), upper) })
    }
}
