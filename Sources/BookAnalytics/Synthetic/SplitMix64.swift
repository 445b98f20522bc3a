/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator with the same output on every
/// platform. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The internal state; advancing it by the golden-ratio increment gives the next output.
    public var state: UInt64

    /// Creates a generator; equal seeds give equal streams.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in (0, 1], safe to take the logarithm of.
    @inline(__always)
    public mutating func nextOpenUnit() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// An exponential variate with the given rate (mean 1/rate).
    public mutating func nextExponential(rate: Double) -> Double {
        -DeterministicMath.log(nextOpenUnit()) / rate
    }

    /// A geometric variate on {0, 1, 2, …} with the given mean (0 if mean <= 0).
    public mutating func nextGeometric(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let p = 1 / (1 + mean)  // success probability
        let k = DeterministicMath.log(nextOpenUnit()) / DeterministicMath.log(1 - p)
        return k < 1e9 ? Int(k) : 1_000_000_000
    }

    /// A standard normal variate (Marsaglia's polar method).
    public mutating func nextGaussian() -> Double {
        while true {
            let u = 2 * nextUnit() - 1, v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * DeterministicMath.log(s) / s).squareRoot() }
        }
    }
}

/// Elementary functions built only from IEEE-754 +, -, ×, ÷ and square root, so that random variates are
/// bit-identical on every platform and libm.
public enum DeterministicMath {
    /// The natural logarithm of a positive finite `x` (relative error below 1e-15); NaN for x <= 0 or NaN,
    /// +∞ for +∞.
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var m = x.significand  // [1, 2) for normal numbers
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = s
        var k = 3.0
        for _ in 0..<12 {
            term *= s2
            sum += term / k
            k += 2
        }
        return 2 * sum + e * 0.6931471805599453
    }
}
