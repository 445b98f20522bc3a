import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Yahoo Finance chart API: request building, response parsing and (optionally) fetching.
///
/// Times are converted to the exchange's wall-clock time (like the CSV files, stored as if UTC); daily and coarser
/// bars are labelled at midnight of their trading day.
public enum YahooFinance {
    /// Accepted `period` values (Yahoo's `range`).
    public static let periods = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"]
    /// Accepted `interval` values.
    public static let intervals = ["1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h", "1d", "5d", "1wk", "1mo", "3mo"]

    /// The chart request for `symbol` over `period` in bars of `interval` (e.g. `60d`/`5m`, `2y`/`1h`, `5y`/`1d`).
    public static func request(symbol: String, period: String = "1y", interval: String = "1d") throws(YahooError)
        -> URL
    {
        let sym = symbol.trimmingCharacters(in: .whitespaces)
        guard !sym.isEmpty, sym.allSatisfy({ $0.isLetter || $0.isNumber || "^.-=".contains($0) }) else {
            throw .invalidArgument("symbol '\(symbol)' is not a ticker such as AAPL, ^GSPC or EURUSD=X")
        }
        let days = periodDays(period)
        guard days != nil || periods.contains(period) else {
            throw .invalidArgument("period '\(period)' is not one of \(periods.joined(separator: ", ")) or Nd")
        }
        guard intervals.contains(interval) else {
            throw .invalidArgument("interval '\(interval)' is not one of \(intervals.joined(separator: ", "))")
        }
        // Yahoo's limits on intraday history.
        if let d = days ?? fixedDays[period] {
            let limit = interval == "1m" ? 8 : (["2m", "5m", "15m", "30m", "90m"].contains(interval) ? 60 : 730)
            if !["1d", "5d", "1wk", "1mo", "3mo"].contains(interval) && d > limit {
                throw .invalidArgument("Yahoo serves at most \(limit) days of \(interval) bars; got period \(period)")
            }
        }
        let escaped = sym.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? sym
        var c = URLComponents(string: "https://query1.finance.yahoo.com/v8/finance/chart/\(escaped)")!
        c.queryItems = [
            URLQueryItem(name: "range", value: period), URLQueryItem(name: "interval", value: interval),
            URLQueryItem(name: "includePrePost", value: "false"), URLQueryItem(name: "events", value: "div,split"),
        ]
        return c.url!
    }

    static let fixedDays = ["1d": 1, "5d": 5, "1mo": 31, "3mo": 92, "6mo": 183, "1y": 366, "2y": 730, "5y": 1827,
                            "10y": 3653]

    /// `60d` → 60.
    static func periodDays(_ p: String) -> Int? {
        guard p.hasSuffix("d"), let n = Int(p.dropLast()), n > 0 else { return nil }
        return n
    }

    /// Parses a chart response; bars whose close is null are dropped (Yahoo's missing bars).
    public static func parse(_ data: Data, adjust: Bool = false) throws(YahooError) -> BarSeries {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw .badResponse("response is not JSON: \(error.localizedDescription)")
        }
        guard let chart = (root as? [String: Any])?["chart"] as? [String: Any] else {
            throw .badResponse("no 'chart' object in the response")
        }
        if let err = chart["error"] as? [String: Any] {
            let code = err["code"] as? String ?? "error"
            let desc = err["description"] as? String ?? ""
            throw .api("\(code): \(desc)")
        }
        guard let result = (chart["result"] as? [Any])?.first as? [String: Any] else {
            throw .badResponse("empty 'chart.result'")
        }
        let meta = result["meta"] as? [String: Any] ?? [:]
        let stamps = (result["timestamp"] as? [Any] ?? []).map { ($0 as? NSNumber)?.int64Value }
        guard let quote = ((result["indicators"] as? [String: Any])?["quote"] as? [Any])?.first as? [String: Any]
        else {
            if stamps.isEmpty { return try! BarSeries(time: [], open: [], high: [], low: [], close: []) }
            throw .badResponse("no 'indicators.quote' in the result")
        }
        func column(_ name: String, _ obj: [String: Any]) -> [Double] {
            let raw = obj[name] as? [Any] ?? []
            return (0..<stamps.count).map { i in i < raw.count ? ((raw[i] as? NSNumber)?.doubleValue ?? .nan) : .nan }
        }
        let o = column("open", quote), h = column("high", quote), l = column("low", quote)
        let c = column("close", quote), v = column("volume", quote)
        let adj = ((result["indicators"] as? [String: Any])?["adjclose"] as? [Any])?.first as? [String: Any]
        let a = adj.map { column("adjclose", $0) }
        let tzName = meta["exchangeTimezoneName"] as? String
        let tz = tzName.flatMap { TimeZone(identifier: $0) }
        let fallbackOffset = (meta["gmtoffset"] as? NSNumber)?.intValue ?? 0
        let granularity = meta["dataGranularity"] as? String ?? ""
        let daily = ["1d", "5d", "1wk", "1mo", "3mo"].contains(granularity)
        var t: [Int64] = [], oo: [Double] = [], hh: [Double] = [], ll: [Double] = [], cc: [Double] = []
        var vv: [Double] = []
        for i in 0..<stamps.count {
            guard let s = stamps[i], !c[i].isNaN else { continue }
            let offset = tz.map { $0.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s))) }
                ?? fallbackOffset
            var local = s + Int64(offset)
            if daily { local = floorDiv(local, 86_400) * 86_400 }
            if let last = t.last, local <= last { continue }  // Yahoo sometimes repeats the live bar
            var f = 1.0
            if adjust, let a, !a[i].isNaN, c[i] != 0 { f = a[i] / c[i] }
            t.append(local)
            oo.append(o[i] * f)
            hh.append(h[i] * f)
            ll.append(l[i] * f)
            cc.append(c[i] * f)
            vv.append(v[i])
        }
        return try! BarSeries(time: t, open: oo, high: hh, low: ll, close: cc, volume: vv)
    }

    /// Downloads and parses a chart (needs network access; tests use `parse` on a recorded response).
    public static func fetch(symbol: String, period: String = "1y", interval: String = "1d", adjust: Bool = false)
        async throws -> BarSeries
    {
        let url = try request(symbol: symbol, period: period, interval: interval)
        var req = URLRequest(url: url)
        req.setValue("Mozilla/5.0 (lunar)", forHTTPHeaderField: "User-Agent")
        let (data, response) = try await URLSession.shared.data(for: req)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            // Yahoo puts its reason in the body's chart.error.
            if let reason = apiError(data) { throw YahooError.api("HTTP \(http.statusCode) for \(symbol): \(reason)") }
            throw YahooError.http(status: http.statusCode, url: url.absoluteString)
        }
        return try parse(data, adjust: adjust)
    }
}

extension YahooFinance {
    /// Yahoo's error message in a response body, if any.
    static func apiError(_ data: Data) -> String? {
        do {
            _ = try parse(data)
            return nil
        } catch {
            if case let .api(msg) = error { return msg }
            return nil
        }
    }
}

/// An error from the Yahoo Finance loader.
public enum YahooError: Error, Equatable, CustomStringConvertible {
    /// A symbol, period or interval that Yahoo would not accept.
    case invalidArgument(String)
    /// A non-200 HTTP status.
    case http(status: Int, url: String)
    /// Yahoo's own error (e.g. an unknown symbol).
    case api(String)
    /// A response that is not a chart.
    case badResponse(String)

    public var description: String {
        switch self {
        case let .invalidArgument(s): return "yahoo: \(s)"
        case let .http(status, url): return "yahoo: HTTP \(status) from \(url)"
        case let .api(s): return "yahoo: \(s)"
        case let .badResponse(s): return "yahoo: unexpected response: \(s)"
        }
    }
}
