import Foundation

/// Splits long historical requests into chunks TWS accepts and paces them (§10.1 step sizes, §14 pacing).
public enum HistoricalPlanner {
    /// Largest duration, in seconds ("S" requests) or trading days ("D" requests), one request may cover for a
    /// bar size; `nil` = no splitting needed.
    public static func chunkLimit(barSize: String) -> (value: Int, unit: String)? {
        switch barSize {
        case "1 secs": return (1800, "S")
        case "5 secs": return (3600, "S")
        case "10 secs", "15 secs": return (14_400, "S")
        case "30 secs": return (28_800, "S")
        case "1 min", "2 mins": return (1, "D")
        case "3 mins", "5 mins", "10 mins", "15 mins", "20 mins", "30 mins": return (5, "D")
        case "1 hour", "2 hours", "3 hours", "4 hours", "8 hours": return (21, "D")
        default: return nil
        }
    }

    /// Parses `"<n> <unit>"`.
    public static func parseDuration(_ s: String) -> (Int, String)? {
        let parts = s.split(separator: " ")
        guard parts.count == 2, let n = Int(parts[0]), n > 0, n <= 1_000_000,
            ["S", "D", "W", "M", "Y"].contains(String(parts[1]))
        else { return nil }
        return (n, String(parts[1]))
    }

    /// The total amount a duration asks for, in the chunk's unit (seconds for "S", trading days for "D").
    public static func amount(_ duration: (Int, String), in unit: String) -> Int {
        let (n, u) = duration
        if unit == "S" {
            switch u {
            case "S": return n
            case "D": return n * 86_400
            case "W": return n * 7 * 86_400
            case "M": return n * 31 * 86_400
            default: return n * 366 * 86_400
            }
        }
        switch u {
        case "S": return max(1, (n + 86_399) / 86_400)
        case "D": return n
        case "W": return 5 * n
        case "M": return 21 * n
        default: return 252 * n
        }
    }

    /// Durations of the successive chunks (newest first), or `[duration]` when one request suffices.
    public static func chunks(duration: String, barSize: String) -> [String]? {
        guard let d = parseDuration(duration) else { return nil }
        guard let (limit, unit) = chunkLimit(barSize: barSize) else { return [duration] }
        var total = amount(d, in: unit)
        if d.1 == unit && total <= limit { return [duration] }
        var out: [String] = []
        while total > 0 {
            let n = min(limit, total)
            out.append("\(n) \(unit)")
            total -= n
        }
        return out
    }
}

/// Client-side pacing of historical requests for bars of 30 seconds or less: at most 5 requests for the same
/// contract within 2 s, at most 60 requests within 10 minutes, and no identical request within 15 s.
final class HistoricalPacer: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(time: Double, key: String, contract: String)] = []

    /// Seconds to wait before sending a request (0 = now); records the request at its send time.
    func reserve(key: String, contract: String, smallBars: Bool, now: Double = Date().timeIntervalSince1970)
        -> Double
    {
        lock.lock()
        defer { lock.unlock() }
        log.removeAll { now - $0.time > 600 }
        guard smallBars else { return 0 }
        var at = now
        if let same = log.last(where: { $0.key == key }) { at = max(at, same.time + 15.05) }
        let recent = log.filter { $0.contract == contract }.map(\.time).sorted()
        if recent.count >= 5 { at = max(at, recent[recent.count - 5] + 2.05) }
        if log.count >= 60 { at = max(at, log.map(\.time).sorted()[log.count - 60] + 600.05) }
        log.append((at, key, contract))
        return at - now
    }
}
