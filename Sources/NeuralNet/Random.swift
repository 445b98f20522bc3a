/// A small, fast, seedable random generator (xoshiro256**), so training is reproducible on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from `seed` through SplitMix64.
    public init(seed: UInt64) {
        var sm = seed
        func next() -> UInt64 {
            sm &+= 0x9e37_79b9_7f4a_7c15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = next()
        s1 = next()
        s2 = next()
        s3 = next()
    }

    /// Derives an independent stream from a seed and a list of integers (epoch, batch, shard, …).
    public init(seed: UInt64, stream: Int...) {
        var h = seed ^ 0x6a09_e667_f3bc_c908
        for s in stream {
            h = (h ^ UInt64(bitPattern: Int64(s))) &* 0x1000_0000_01b3 &+ 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
        }
        self.init(seed: h)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal Double (Box–Muller).
    public mutating func nextNormal() -> Double {
        var u1 = nextUnitDouble()
        while u1 <= 0 { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}

import Foundation
