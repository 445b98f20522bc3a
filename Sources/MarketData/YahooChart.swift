import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Bars from Yahoo Finance's chart API (`/v8/finance/chart/SYMBOL?range=…&interval=…`), as the prototype used it:
/// 60 days of 5-minute bars, 2 years of 1-hour bars, 5 years of daily bars.
///
/// ``request(symbol:period:interval:)`` builds the URL, ``parse(_:)`` turns a response into bars (nulls and
/// missing bars dropped, times in UTC epoch seconds; daily bars placed at midnight UTC of the exchange's trading
/// day), and ``fetch(symbol:period:interval:timeout:)`` does both over the network.
public enum YahooChart {
    /// Intervals the API accepts, with the longest period it serves for each (in days).
    public static let maximumDays: [String: Int] = [
        "1m": 7, "2m": 60, "5m": 60, "15m": 60, "30m": 60, "60m": 730, "90m": 60, "1h": 730,
        "1d": 36_500, "5d": 36_500, "1wk": 36_500, "1mo": 36_500, "3mo": 36_500,
    ]

    /// Periods the API accepts.
    public static let periods = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"]

    /// Builds the request URL; throws when the period or interval is unknown or the combination is not served.
    public static func request(symbol: String, period: String, interval: String) throws(YahooError) -> URL {
        guard !symbol.isEmpty, symbol.allSatisfy({ $0.isLetter || $0.isNumber || "^.-=".contains($0) }) else {
            throw .badRequest("'\(symbol)' is not a ticker symbol")
        }
        let days = try periodDays(period)
        guard let limit = maximumDays[interval] else {
            throw .badRequest("interval '\(interval)' is not one of \(maximumDays.keys.sorted().joined(separator: ", "))")
        }
        if days > limit {
            throw .badRequest("Yahoo serves \(interval) bars for at most \(limit) days; '\(period)' is longer (e.g. use 60d of 5m, 2y of 1h, 5y of 1d)")
        }
        let escaped = symbol.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? symbol
        var components = URLComponents(string: "https://query1.finance.yahoo.com/v8/finance/chart/\(escaped)")!
        components.queryItems = [
            URLQueryItem(name: "range", value: period), URLQueryItem(name: "interval", value: interval),
            URLQueryItem(name: "includePrePost", value: "false"), URLQueryItem(name: "events", value: "div,splits"),
        ]
        return components.url!
    }

    /// Days covered by a period such as `60d`, `2y`, `5y`, `ytd`.
    static func periodDays(_ period: String) throws(YahooError) -> Int {
        switch period {
        case "max": return 36_500
        case "ytd": return 366
        default: break
        }
        let digits = period.prefix { $0.isNumber }
        guard let n = Int(digits), n > 0 else {
            throw .badRequest("period '\(period)' is not like 60d, 3mo, 2y, ytd or max")
        }
        switch period.dropFirst(digits.count) {
        case "d": return n
        case "wk": return 7 * n
        case "mo": return 31 * n
        case "y": return 365 * n
        default: throw .badRequest("period '\(period)' is not like 60d, 3mo, 2y, ytd or max")
        }
    }

    /// Parses a chart API response. `adjust` scales OHLC by adjclose/close when the response carries it.
    public static func parse(_ data: Data, adjust: Bool = false) throws(YahooError) -> BarSeries {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw .badResponse("not JSON: \(error.localizedDescription)")
        }
        guard let chart = (root as? [String: Any])?["chart"] as? [String: Any] else {
            throw .badResponse("no 'chart' object")
        }
        if let error = chart["error"] as? [String: Any] {
            throw .api(code: error["code"] as? String ?? "?", description: error["description"] as? String ?? "")
        }
        guard let result = (chart["result"] as? [Any])?.first as? [String: Any] else {
            throw .badResponse("no 'chart.result[0]'")
        }
        let meta = result["meta"] as? [String: Any] ?? [:]
        let granularity = meta["dataGranularity"] as? String ?? ""
        let daily = ["1d", "5d", "1wk", "1mo", "3mo"].contains(granularity)
        let offset = Int64((meta["gmtoffset"] as? NSNumber)?.intValue ?? 0)
        let stamps = (result["timestamp"] as? [Any] ?? []).map { ($0 as? NSNumber)?.int64Value }
        guard let quote = ((result["indicators"] as? [String: Any])?["quote"] as? [Any])?.first as? [String: Any] else {
            if stamps.isEmpty { return try! BarSeries(time: [], open: [], high: [], low: [], close: []) }
            throw .badResponse("no 'indicators.quote[0]'")
        }
        func column(_ name: String, in object: [String: Any]) -> [Double?] {
            (object[name] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
        }
        let o = column("open", in: quote), h = column("high", in: quote), l = column("low", in: quote)
        let c = column("close", in: quote), v = column("volume", in: quote)
        let adj = ((result["indicators"] as? [String: Any])?["adjclose"] as? [Any])?.first
            .flatMap { $0 as? [String: Any] }.map { column("adjclose", in: $0) }
        var time: [Int64] = [], open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
        var volume: [Double] = []
        for i in stamps.indices {
            // Yahoo sends null for bars without trades (halts, the forming bar): drop them.
            guard let t = stamps[i], let oi = value(o, i), let hi = value(h, i), let li = value(l, i),
                let ci = value(c, i), [oi, hi, li, ci].allSatisfy({ $0.isFinite && $0 > 0 })
            else { continue }
            var scale = 1.0
            if adjust, let adj, let a = value(adj, i) { scale = a / ci }
            // Daily bars: the exchange's calendar day, at midnight UTC, so dates read as the market's dates.
            let stamp = daily ? ((t + offset) / 86_400) * 86_400 : t
            if let last = time.last, stamp <= last { continue }
            time.append(stamp)
            open.append(oi * scale)
            high.append(hi * scale)
            low.append(li * scale)
            close.append(ci * scale)
            volume.append(value(v, i) ?? 0)
        }
        return try! BarSeries(time: time, open: open, high: high, low: low, close: close, volume: volume)
    }

    /// Fetches and parses bars (network). Errors say what failed: the request, the HTTP status or the response.
    public static func fetch(symbol: String, period: String, interval: String, adjust: Bool = false,
                             timeout: TimeInterval = 30) throws(YahooError) -> BarSeries {
        let url = try request(symbol: symbol, period: period, interval: interval)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("Mozilla/5.0 (lunar)", forHTTPHeaderField: "User-Agent")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data, (response as? HTTPURLResponse)?.statusCode, error)
            done.signal()
        }.resume()
        done.wait()
        let (data, status, error) = box.get()
        if let error { throw .network("\(url.host ?? "yahoo"): \(error.localizedDescription)") }
        guard let data else { throw .network("no data from \(url.host ?? "yahoo")") }
        if let status, status != 200 {
            if let bars = try? parse(data, adjust: adjust) { return bars }  // the API's own error, if any, is clearer
            throw .network("HTTP \(status) for \(symbol)")
        }
        return try parse(data, adjust: adjust)
    }
}

/// Holds a response across the completion handler's thread.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data?, Int?, Error?) = (nil, nil, nil)
    func set(_ d: Data?, _ s: Int?, _ e: Error?) { lock.withLock { value = (d, s, e) } }
    func get() -> (Data?, Int?, Error?) { lock.withLock { value } }
}

/// Element `i` of a column with nulls, nil when null or missing.
private func value(_ column: [Double?], _ i: Int) -> Double? { i < column.count ? column[i] : nil }

/// Why Yahoo bars could not be had.
public enum YahooError: Error, Equatable, CustomStringConvertible {
    /// The symbol, period or interval is not valid.
    case badRequest(String)
    /// The API answered with an error object (e.g. `Not Found`, "No data found, symbol may be delisted").
    case api(code: String, description: String)
    /// The response is not the chart format.
    case badResponse(String)
    /// The network request failed.
    case network(String)

    public var description: String {
        switch self {
        case .badRequest(let s): return "yahoo: \(s)"
        case .api(let code, let d): return "yahoo: \(code): \(d)"
        case .badResponse(let s): return "yahoo: unexpected response (\(s))"
        case .network(let s): return "yahoo: network error: \(s)"
        }
    }
}
