import Foundation

/// One OHLCV bar of one symbol as the strategy runtime sees it, whatever the venue (CSV, simulator, TWS).
public struct MarketBar: Sendable, Equatable {
    /// The instrument's symbol.
    public var symbol: String
    /// Bar start.
    public var time: Date
    /// Bar length in seconds (86 400 for daily bars).
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
    public var volume: Double

    /// Creates a bar.
    public init(symbol: String, time: Date, seconds: Int, open: Double, high: Double, low: Double, close: Double,
                volume: Double) {
        self.symbol = symbol
        self.time = time
        self.seconds = seconds
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// When the bar is complete and a strategy may act on it: its end for intraday bars; for daily bars one minute
    /// before the 16:00 close in `timeZone` (orders decided on a daily bar then fill at the next open).
    public func decisionTime(in timeZone: TimeZone) -> Date {
        guard seconds >= 86_400 else { return time.addingTimeInterval(TimeInterval(seconds)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: time)
        var close = DateComponents()
        close.year = day.year
        close.month = day.month
        close.day = day.day
        close.hour = 15
        close.minute = 59
        return calendar.date(from: close) ?? time
    }
}

/// Bar sizes the runtime understands, in TWS spelling (`"5 secs"`, `"1 min"`, `"15 mins"`, `"1 hour"`, `"1 day"`).
public enum BarSize {
    /// The bar length in seconds, or `nil` for an unknown spelling.
    public static func seconds(_ text: String) -> Int? {
        let parts = text.lowercased().split(separator: " ")
        guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return nil }
        switch parts[1] {
        case "sec", "secs": return n
        case "min", "mins": return n * 60
        case "hour", "hours": return n * 3600
        case "day", "days": return n * 86_400
        default: return nil
        }
    }
}
