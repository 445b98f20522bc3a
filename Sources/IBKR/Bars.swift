import Foundation

/// One bar of `historicalData` / `historicalDataUpdate` (§10.2, §10.3).
public struct HistoricalBar: Sendable, Hashable {
    /// The bar's start as sent (`yyyyMMdd HH:mm:ss <tz>`, epoch seconds, or `yyyyMMdd`).
    public var date: String
    /// Open.
    public var open: Double
    /// High.
    public var high: Double
    /// Low.
    public var low: Double
    /// Close.
    public var close: Double
    /// Volume (−1 for non-TRADES data).
    public var volume: Decimal
    /// Volume-weighted average price.
    public var wap: Decimal
    /// Number of trades.
    public var barCount: Int

    /// Creates a bar.
    public init(date: String, open: Double, high: Double, low: Double, close: Double, volume: Decimal = 0,
                wap: Decimal = 0, barCount: Int = 0) {
        self.date = date
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.wap = wap
        self.barCount = barCount
    }

    /// The bar start in seconds since 1970 (UTC), parsed from `date`; `nil` when the date is not understood.
    public var epochSeconds: Int? { TWSDate.parse(date) }
}

/// A 5-second `realtimeBar` (§11) or an aggregate of them.
public struct RealTimeBar: Sendable, Hashable {
    /// Bar start, epoch seconds.
    public var time: Int
    /// Bar length in seconds (5 for TWS bars; 60, 300 … for aggregates).
    public var seconds: Int
    /// Open.
    public var open: Double
    /// High.
    public var high: Double
    /// Low.
    public var low: Double
    /// Close.
    public var close: Double
    /// Volume.
    public var volume: Decimal
    /// Volume-weighted average price.
    public var wap: Decimal
    /// Trade count.
    public var count: Int

    /// Creates a bar.
    public init(time: Int, seconds: Int = 5, open: Double, high: Double, low: Double, close: Double,
                volume: Decimal = 0, wap: Decimal = 0, count: Int = 0) {
        self.time = time
        self.seconds = seconds
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.wap = wap
        self.count = count
    }
}

/// Aggregates 5-second bars into longer bars (1 min, 5 min, …) aligned to multiples of `seconds`.
public struct BarAggregator: Sendable {
    /// Length of the output bars in seconds.
    public let seconds: Int
    private var current: RealTimeBar?
    private var wapNumerator: Decimal = 0

    /// Creates an aggregator for bars of `seconds` (a multiple of 5).
    public init(seconds: Int) {
        precondition(seconds > 0 && seconds % 5 == 0, "aggregate bar length must be a positive multiple of 5 s")
        self.seconds = seconds
    }

    /// Adds one bar; returns the bars completed by it (a bar is complete when its last 5-s slot arrived, or
    /// when a later bucket starts).
    public mutating func add(_ bar: RealTimeBar) -> [RealTimeBar] {
        var out: [RealTimeBar] = []
        let bucket = bar.time - ((bar.time % seconds) + seconds) % seconds
        if let c = current, c.time != bucket {
            if bar.time < c.time { return [] }  // out of order: drop
            out.append(finish(c))
            current = nil
        }
        if var c = current {
            c.high = max(c.high, bar.high)
            c.low = min(c.low, bar.low)
            c.close = bar.close
            c.volume += bar.volume
            c.count += bar.count
            current = c
        } else {
            current = RealTimeBar(time: bucket, seconds: seconds, open: bar.open, high: bar.high, low: bar.low,
                                  close: bar.close, volume: bar.volume, wap: 0, count: bar.count)
            wapNumerator = 0
        }
        wapNumerator += bar.wap * bar.volume
        if bar.time + bar.seconds >= bucket + seconds, let c = current {
            out.append(finish(c))
            current = nil
        }
        return out
    }

    private mutating func finish(_ c: RealTimeBar) -> RealTimeBar {
        var c = c
        c.wap = c.volume > 0 ? wapNumerator / c.volume : Decimal(c.close)
        wapNumerator = 0
        return c
    }

    /// The bar being formed, if any.
    public var partial: RealTimeBar? { current }
}

/// Date formats of the TWS wire.
public enum TWSDate {
    private static let utc = TimeZone(identifier: "UTC")!

    /// Parses `yyyyMMdd`, `yyyyMMdd HH:mm:ss [zone]`, `yyyyMMdd  HH:mm:ss`, `yyyyMMdd-HH:mm:ss` (UTC) and epoch
    /// seconds into epoch seconds. A missing zone is taken as US/Eastern.
    public static func parse(_ s: String) -> Int? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if t.count != 8, t.allSatisfy(\.isNumber), let v = Int(t) { return v }
        let digits = Array(t.utf8)
        guard digits.count >= 8, digits[0..<8].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        guard let y = Int(t.prefix(4)), let m = Int(t.dropFirst(4).prefix(2)), let d = Int(t.dropFirst(6).prefix(2))
        else { return nil }
        var zone = TimeZone(identifier: "America/New_York")!
        var hh = 0, mm = 0, ss = 0
        var rest = t.dropFirst(8)
        if rest.hasPrefix("-") {
            zone = utc
            rest = rest.dropFirst()
        }
        rest = rest.drop(while: { $0 == " " })
        if !rest.isEmpty {
            let parts = rest.split(separator: " ", maxSplits: 1)
            let hms = parts[0].split(separator: ":")
            guard hms.count == 3, let h = Int(hms[0]), let mi = Int(hms[1]), let se = Int(hms[2]),
                (0..<24).contains(h), (0..<60).contains(mi), (0...60).contains(se)
            else { return nil }
            hh = h
            mm = mi
            ss = se
            if parts.count > 1 {
                guard let z = zoneNamed(String(parts[1])) else { return nil }
                zone = z
            }
        } else {
            zone = TimeZone(identifier: "America/New_York")!
        }
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        guard let date = cal.date(from: DateComponents(year: y, month: m, day: d, hour: hh, minute: mm, second: ss))
        else { return nil }
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e15 else { return nil }
        return Int(seconds)
    }

    /// Resolves IB's zone names (`US/Eastern`, `EST`, `UTC`, …).
    public static func zoneNamed(_ name: String) -> TimeZone? {
        switch name {
        case "US/Eastern", "EST", "EDT", "EST5EDT", "America/New_York": return TimeZone(identifier: "America/New_York")
        case "US/Central", "CST", "CDT": return TimeZone(identifier: "America/Chicago")
        case "US/Pacific", "PST", "PDT": return TimeZone(identifier: "America/Los_Angeles")
        case "UTC", "GMT", "Etc/UTC": return utc
        default: return TimeZone(identifier: name) ?? TimeZone(abbreviation: name)
        }
    }

    /// Formats epoch seconds as `yyyyMMdd HH:mm:ss <zoneName>` in `zone`.
    public static func format(_ epoch: Int, zoneName: String = "US/Eastern") -> String {
        let zone = zoneNamed(zoneName) ?? utc
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                   from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        return String(format: "%04d%02d%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                      c.minute ?? 0, c.second ?? 0) + " " + zoneName
    }

    /// Formats epoch seconds as `yyyyMMdd` in US/Eastern (daily bars).
    public static func formatDay(_ epoch: Int) -> String {
        String(format(epoch).prefix(8))
    }

    /// Formats epoch seconds as `yyyyMMdd-HH:mm:ss` (UTC), the zone-free form a client should send.
    public static func formatUTC(_ epoch: Int) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = utc
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                   from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        return String(format: "%04d%02d%02d-%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                      c.minute ?? 0, c.second ?? 0)
    }
}
