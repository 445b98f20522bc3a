import Foundation

/// A deterministic seeded market simulator: volatility regimes, weak autocorrelated drift, intraday volume
/// seasonality. The same configuration always gives the same bars on every platform.
public struct SyntheticMarket: Sendable {
    /// Generator settings.
    public struct Config: Sendable {
        /// Number of bars.
        public var bars: Int = 1000
        /// Random seed.
        public var seed: UInt64 = 42
        /// Bar length in seconds: 86_400 for daily bars (weekdays only), or an intraday length such as 60 or
        /// 300 (09:30–16:00 sessions on weekdays).
        public var interval: Int64 = 86_400
        /// First price.
        public var startPrice: Double = 100
        /// First calendar day (epoch seconds at midnight); bars start on or after it.
        public var startTime: Int64 = 1_577_836_800  // 2020-01-01
        /// Annualized volatility of the calm regime; the others scale it by 1.8 and 3.2.
        public var annualVolatility: Double = 0.15
        /// Strength of the autocorrelated drift, as a fraction of per-bar volatility.
        public var driftStrength: Double = 0.08
        /// Prices are rounded to this many decimals.
        public var decimals: Int = 4

        /// Default configuration.
        public init() {}

        /// A configuration with the common settings.
        public init(bars: Int, seed: UInt64 = 42, interval: Int64 = 86_400) {
            self.bars = bars
            self.seed = seed
            self.interval = interval
        }
    }

    /// Parses an interval such as `1d`, `1h`, `5m`, `1m` (see `parseIntervalSeconds`).
    public static func interval(_ text: String) -> Int64? { parseIntervalSeconds(text) }

    /// Generates bars.
    public static func generate(_ config: Config) -> BarSeries {
        var rng = Xoshiro256(seed: config.seed)
        let n = Swift.max(0, config.bars)
        let daily = config.interval >= 86_400
        let sessionOpen: Int64 = 9 * 3600 + 30 * 60
        let sessionLength: Int64 = 390 * 60
        let barsPerSession = daily ? 1 : Int(Swift.max(1, sessionLength / config.interval))
        let barsPerYear = 252.0 * Double(barsPerSession)
        let baseVol = config.annualVolatility / barsPerYear.squareRoot()
        let regimeVol = [1.0, 1.8, 3.2]
        // Regime switching: expected stay ~ 120 / 60 / 25 days.
        let stayPerDay = [1 - 1.0 / 120, 1 - 1.0 / 60, 1 - 1.0 / 25]
        var regime = 0
        var drift = 0.0
        var price = config.startPrice
        var time = [Int64]()
        var o = [Double]()
        var h = [Double]()
        var l = [Double]()
        var c = [Double]()
        var v = [Double]()
        time.reserveCapacity(n)
        o.reserveCapacity(n)
        h.reserveCapacity(n)
        l.reserveCapacity(n)
        c.reserveCapacity(n)
        v.reserveCapacity(n)
        var day = floorDiv(config.startTime, 86_400)
        var slot = 0
        let scale = Foundation.pow(10.0, Double(config.decimals))
        func round(_ x: Double) -> Double { (x * scale).rounded() / scale }
        while time.count < n {
            // Weekdays only (1970-01-01 was a Thursday).
            let weekday = (day + 3) % 7  // 0 = Monday
            if weekday >= 5 {
                day += 1
                continue
            }
            if slot == 0 {
                // Regime transition once per day.
                if rng.uniform() > stayPerDay[regime] {
                    regime = (regime + 1 + Int(rng.next() % 2)) % 3
                }
            }
            let sigma = baseVol * regimeVol[regime]
            // Drift: AR(1), weakly persistent, a small fraction of sigma.
            drift = 0.97 * drift + 0.03 * rng.normal() * 4
            let mu = config.driftStrength * sigma * drift
            let t = daily ? day * 86_400 : day * 86_400 + sessionOpen + Int64(slot) * config.interval
            let gap = slot == 0 && !daily ? rng.normal() * sigma * 1.5 : rng.normal() * sigma * 0.1
            let open = price * Foundation.exp(gap)
            let r = mu + sigma * rng.normal()
            let close = open * Foundation.exp(r)
            let wick = sigma * 0.6
            let hi = Swift.max(open, close) * Foundation.exp(Swift.abs(rng.normal()) * wick)
            let lo = Swift.min(open, close) * Foundation.exp(-Swift.abs(rng.normal()) * wick)
            // Volume: log-normal, higher with volatility, U-shaped across the session.
            var season = 1.0
            if !daily {
                let x = (Double(slot) + 0.5) / Double(barsPerSession)
                season = 0.6 + 2.2 * (x - 0.5) * (x - 0.5) * 4 / 2
            }
            let baseVolume = daily ? 2_000_000.0 : 2_000_000.0 / Double(barsPerSession)
            let vol = (baseVolume * season * (0.7 + 0.3 * regimeVol[regime]) * Foundation.exp(0.35 * rng.normal()))
                .rounded()
            let oo = round(open)
            let cc = round(close)
            o.append(oo)
            c.append(cc)
            h.append(Swift.max(round(hi), oo, cc))
            l.append(Swift.min(round(lo), oo, cc))
            v.append(Swift.max(1, vol))
            time.append(t)
            price = close
            slot += 1
            if slot >= barsPerSession {
                slot = 0
                day += 1
            }
        }
        return BarSeries(unchecked: time, o, h, l, c, v)
    }
}

/// xoshiro256** seeded through SplitMix64; deterministic across platforms.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    var s: (UInt64, UInt64, UInt64, UInt64)
    var spare: Double? = nil

    /// Seeds the four state words from SplitMix64(seed).
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal via Box–Muller (the second variate is kept for the next call).
    public mutating func normal() -> Double {
        if let z = spare {
            spare = nil
            return z
        }
        var u1 = uniform()
        while u1 <= 0 { u1 = uniform() }
        let u2 = uniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spare = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }
}
