import Foundation

/// One OHLCV bar produced by a price path (simulator side).
public struct SimBar: Sendable, Hashable {
    /// Bar start, epoch seconds.
    public var time: Int
    /// Open.
    public var open: Double
    /// High.
    public var high: Double
    /// Low.
    public var low: Double
    /// Close.
    public var close: Double
    /// Volume in shares.
    public var volume: Int
}

/// A deterministic price history the simulator samples for ticks, depth and bars.
public protocol PricePath: Sendable {
    /// The price at epoch time `t` (seconds, fractional allowed).
    func price(at t: Double) -> Double
    /// Bars of `barSeconds` covering `[from, to)`, aligned to multiples of `barSeconds` (daily bars: to 00:00 ET).
    func bars(from: Int, to: Int, barSeconds: Int) -> [SimBar]
    /// The covered time range, or `nil` when the path is defined for every time.
    var range: ClosedRange<Int>? { get }
    /// Typical volume per second, for synthetic volumes.
    var volumePerSecond: Double { get }
}

extension PricePath {
    /// Builds a bar by sampling `price(at:)` (used when a path has no native bars at that resolution).
    func sampledBar(start: Int, seconds: Int, salt: UInt64) -> SimBar {
        let samples = min(max(seconds / 5, 2), 48)
        var o = 0.0, h = -Double.infinity, l = Double.infinity, c = 0.0
        for i in 0...samples {
            let t = Double(start) + Double(seconds) * Double(i) / Double(samples)
            let p = price(at: i == samples ? t - 0.001 : t)
            if i == 0 { o = p }
            h = max(h, p)
            l = min(l, p)
            c = p
        }
        let u = Double(SimRandom.mix(UInt64(bitPattern: Int64(start)) ^ salt) % 1000) / 1000.0
        let vol = Int(volumePerSecond * Double(seconds) * (0.5 + u))
        return SimBar(time: start, open: SimRandom.roundTick(o), high: SimRandom.roundTick(h),
                      low: SimRandom.roundTick(l), close: SimRandom.roundTick(c), volume: max(vol, 1))
    }

    /// Default: sampled bars aligned to `barSeconds`.
    func sampledBars(from: Int, to: Int, barSeconds: Int, salt: UInt64) -> [SimBar] {
        guard barSeconds > 0, to > from else { return [] }
        var t = from - ((from % barSeconds) + barSeconds) % barSeconds
        if t < from { t += barSeconds }
        var out: [SimBar] = []
        while t < to {
            out.append(sampledBar(start: t, seconds: barSeconds, salt: salt))
            t += barSeconds
        }
        return out
    }
}

/// Small deterministic random helpers (SplitMix64).
public enum SimRandom {
    /// Mixes a 64-bit value (SplitMix64 finaliser).
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [-1, 1] for a lattice point.
    static func unit(_ seed: UInt64, _ level: Int, _ index: Int64) -> Double {
        let h = mix(seed ^ mix(UInt64(level) &* 0x1234_5678_9ABC_DEF1 ^ UInt64(bitPattern: index)))
        return Double(h >> 11) / Double(1 << 53) * 2 - 1
    }

    /// Rounds to a cent.
    public static func roundTick(_ p: Double, tick: Double = 0.01) -> Double {
        let inverse = (1 / tick).rounded()
        return (p * inverse).rounded() / inverse
    }

    /// A stable hash of a string.
    public static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return h
    }
}

/// A synthetic price path: a sum of smooth value-noise layers at time scales from 5 seconds to a week, so the
/// price at any time is computable directly and every request sees the same history.
public struct SyntheticPricePath: PricePath {
    /// Level of the path (the price around which it wanders).
    public let basePrice: Double
    /// Seed (combined with the symbol).
    public let seed: UInt64
    /// Scales in seconds and their log-price amplitudes.
    static let layers: [(Double, Double)] = [
        (5, 0.0004), (60, 0.0012), (600, 0.003), (3600, 0.006), (86_400, 0.015), (604_800, 0.04),
    ]
    /// Typical volume per second.
    public let volumePerSecond: Double

    /// Creates a path for `symbol` around `basePrice`.
    public init(symbol: String, basePrice: Double, seed: UInt64 = 42, volumePerSecond: Double = 500) {
        self.basePrice = basePrice
        self.seed = SimRandom.hash(symbol) ^ seed
        self.volumePerSecond = volumePerSecond
    }

    /// Defined for every time.
    public var range: ClosedRange<Int>? { nil }

    /// The price at `t`.
    public func price(at t: Double) -> Double {
        var w = 0.0
        for (level, (scale, amp)) in SyntheticPricePath.layers.enumerated() {
            let x = t / scale
            let i = x.rounded(.down)
            let f = x - i
            let s = f * f * (3 - 2 * f)
            let a = SimRandom.unit(seed, level, Int64(i))
            let b = SimRandom.unit(seed, level, Int64(i) + 1)
            w += amp * (a + (b - a) * s)
        }
        return basePrice * exp(w)
    }

    /// Sampled bars.
    public func bars(from: Int, to: Int, barSeconds: Int) -> [SimBar] {
        sampledBars(from: from, to: to, barSeconds: barSeconds, salt: seed)
    }
}

/// A price path replaying bars from a CSV file (`Date,Open,High,Low,Close[,Adj Close],Volume`, columns found by
/// header name; dates `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` in US/Eastern).
public struct CSVPricePath: PricePath {
    /// Bar start times (epoch seconds).
    public let times: [Int]
    let open: [Double], high: [Double], low: [Double], close: [Double], volume: [Int]
    /// Native bar length in seconds (86 400 for daily files).
    public let barSeconds: Int
    /// Typical volume per second.
    public let volumePerSecond: Double

    /// A CSV loading problem with its file and line.
    public struct LoadError: Error, CustomStringConvertible {
        /// File path.
        public var file: String
        /// 1-based line number (0 for whole-file problems).
        public var line: Int
        /// What is wrong.
        public var reason: String
        /// `file:line: reason`.
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Loads a CSV file.
    public init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(file: path, line: 0, reason: "cannot read file")
        }
        var lines = text.split(whereSeparator: \.isNewline)
        guard !lines.isEmpty else { throw LoadError(file: path, line: 0, reason: "empty file") }
        let header = lines.removeFirst().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        func col(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw LoadError(file: path, line: 1, reason: "missing column '\(name)' (have \(header))")
            }
            return i
        }
        let (di, oi, hi, li, ci) = (try col("date"), try col("open"), try col("high"), try col("low"), try col("close"))
        let vi = header.firstIndex(of: "volume")
        var t: [Int] = [], o: [Double] = [], h: [Double] = [], l: [Double] = [], c: [Double] = [], v: [Int] = []
        for (n, line) in lines.enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard f.count == header.count else {
                throw LoadError(file: path, line: n + 2, reason: "expected \(header.count) columns, got \(f.count)")
            }
            let date = f[di].replacingOccurrences(of: "-", with: "")
            guard let epoch = TWSDate.parse(date.count == 8 ? date : date + " US/Eastern") else {
                throw LoadError(file: path, line: n + 2, reason: "bad date '\(f[di])'")
            }
            guard let ov = Double(f[oi]), let hv = Double(f[hi]), let lv = Double(f[li]), let cv = Double(f[ci]) else {
                throw LoadError(file: path, line: n + 2, reason: "bad price")
            }
            t.append(epoch)
            o.append(ov)
            h.append(hv)
            l.append(lv)
            c.append(cv)
            v.append(vi.flatMap { Int(Double(f[$0]) ?? 0) } ?? 0)
        }
        guard t.count >= 2 else { throw LoadError(file: path, line: 0, reason: "need at least 2 bars") }
        times = t
        open = o
        high = h
        low = l
        close = c
        volume = v
        var gaps = zip(t.dropFirst(), t).map { $0 - $1 }.filter { $0 > 0 }
        gaps.sort()
        let g = gaps.isEmpty ? 60 : gaps[gaps.count / 4]
        barSeconds = g >= 20 * 3600 ? 86_400 : g
        let totalVol = Double(v.reduce(0, +))
        volumePerSecond = totalVol / Double(t.count) / Double(barSeconds == 86_400 ? 23_400 : barSeconds)
    }

    /// First to last bar.
    public var range: ClosedRange<Int>? { times[0]...(times[times.count - 1] + barSeconds) }

    func index(at t: Double) -> Int {
        var lo = 0, hi = times.count - 1
        if t <= Double(times[0]) { return 0 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Double(times[mid]) <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Interpolates within the bar: open → extreme → other extreme → close.
    public func price(at t: Double) -> Double {
        let i = index(at: t)
        let span = barSeconds == 86_400 ? 23_400.0 : Double(barSeconds)
        let start = Double(times[i]) + (barSeconds == 86_400 ? 34_200 : 0)
        let f = min(max((t - start) / span, 0), 1)
        let up = close[i] >= open[i]
        let pts = [open[i], up ? low[i] : high[i], up ? high[i] : low[i], close[i]]
        let x = f * 3
        let k = min(Int(x), 2)
        return pts[k] + (pts[k + 1] - pts[k]) * (x - Double(k))
    }

    /// Native bars aggregated to `barSeconds`, or sampled when finer than the file.
    public func bars(from: Int, to: Int, barSeconds size: Int) -> [SimBar] {
        if size < barSeconds { return sampledBars(from: from, to: to, barSeconds: size, salt: 7) }
        var out: [SimBar] = []
        var i = index(at: Double(from))
        if times[i] < from { i += 1 }
        while i < times.count && times[i] < to {
            let bucket: Int
            if size >= 86_400 {
                bucket = TWSDate.parse(TWSDate.formatDay(times[i])) ?? times[i]
            } else {
                let etOffset = TimeZone(identifier: "America/New_York")!.secondsFromGMT(
                    for: Date(timeIntervalSince1970: TimeInterval(times[i])))
                let local = times[i] + etOffset
                bucket = local - ((local % size) + size) % size - etOffset
            }
            if var last = out.last, last.time == bucket {
                last.high = max(last.high, high[i])
                last.low = min(last.low, low[i])
                last.close = close[i]
                last.volume += volume[i]
                out[out.count - 1] = last
            } else {
                out.append(SimBar(time: bucket, open: open[i], high: high[i], low: low[i], close: close[i],
                                  volume: volume[i]))
            }
            i += 1
        }
        return out
    }
}
