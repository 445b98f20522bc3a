import Foundation
import LuaRuntime
import MarketData

/// `lunar.data`: loading and generating bars.
enum DataBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.data",
            summary: "Bars from CSV files or the seeded synthetic market; Series from Lua tables.",
            functions: [
                LuaFunctionSpec(
                    "csv", "csv(path [, {adjust=false, keep_extra=false, skip_bad=false, order='error'}])",
                    "Loads bars from a CSV file; returns bars and a report.",
                    details: """
                        Columns are found by header name, case-insensitively (Date/Time, Open, High, Low, Close,
                        Volume, Adj Close). Times: YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, M/D/YYYY H:MM, epoch s or ms.
                          adjust      scale OHLC by Adj Close / Close
                          keep_extra  keep other numeric columns (bars.<name>)
                          skip_bad    skip malformed rows (counted in report.skipped) instead of failing
                          order       'error' (default) | 'sort' | 'dedupe' for unsorted or repeated times
                        A malformed row fails with file:line:column and what was expected.
                        Example: local bars, report = lunar.data.csv("AAPL.csv", {adjust = true})
                        """
                ) { call in
                    let path = try call.string(1)
                    let o = try call.options(2, function: "csv")
                    var options = CSVOptions()
                    options.adjust = try o.boolean("adjust", default: false)
                    options.keepExtraColumns = try o.boolean("keep_extra", default: false)
                    options.skipBadRows = try o.boolean("skip_bad", default: false)
                    switch try o.string("order", default: "error") {
                    case "error": options.order = .error
                    case "sort": options.order = .sort
                    case "dedupe": options.order = .sortAndDeduplicate
                    case let other:
                        throw LuaArgumentError(index: 2, message: "field 'order': 'error', 'sort' or 'dedupe' expected, got '\(other)'")
                    }
                    options.timeColumn = try o.stringIfPresent("time_column")
                    try o.finish()
                    let (bars, report) = try CSVReader.read(path: path, options: options)
                    _ = BarSeriesBinding.push(bars, call)
                    var summary: [LuaValue: LuaValue] = [:]
                    summary[.string("rows")] = .integer(Int64(bars.count))
                    summary[.string("skipped")] = .integer(Int64(report.skippedRows))
                    summary[.string("sorted")] = .boolean(report.sorted)
                    summary[.string("duplicates_dropped")] = .integer(Int64(report.duplicatesDropped))
                    summary[.string("adjusted")] = .boolean(report.adjusted)
                    let errors: [LuaValue] = report.errors.prefix(20).map { LuaValue.string($0.description) }
                    summary[.string("errors")] = .array(errors)
                    call.push(.table(summary))
                    return 2
                },
                LuaFunctionSpec(
                    "synthetic", "synthetic{bars=1000, seed=42, interval='1d', start_price=100, volatility=0.15}",
                    "Deterministic synthetic market: volatility regimes, weak autocorrelated drift, volume seasonality.",
                    details: "The same seed gives the same bars. interval: '1d', '1h', '5m', '1m' or seconds."
                ) { call in
                    let o = try call.options(1, function: "synthetic")
                    var config = SyntheticMarket.Config()
                    config.bars = try o.integer("bars", default: config.bars)
                    config.seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: Int(config.seed)))
                    if let text = try o.stringIfPresent("interval") {
                        guard let s = SyntheticMarket.interval(text) else {
                            throw LuaArgumentError(index: 1, message: "field 'interval': '\(text)' is not an interval such as 1d, 1h or 5m")
                        }
                        config.interval = s
                    }
                    config.startPrice = try o.number("start_price", default: config.startPrice)
                    config.annualVolatility = try o.number("volatility", default: config.annualVolatility)
                    config.driftStrength = try o.number("drift", default: config.driftStrength)
                    if let start = try o.stringIfPresent("start") {
                        guard let t = TimeParsing.parse(start) else {
                            throw LuaArgumentError(index: 1, message: "field 'start': cannot read '\(start)' as a date")
                        }
                        config.startTime = t
                    }
                    try o.finish()
                    guard config.bars > 0 else { throw LuaArgumentError(index: 1, message: "field 'bars': must be positive") }
                    return BarSeriesBinding.push(SyntheticMarket.generate(config), call)
                },
                LuaFunctionSpec(
                    "yahoo", "yahoo(symbol, {period='5y', interval='1d', adjust=false, response=nil})",
                    "Bars from Yahoo Finance's chart API (needs the network, unless response= names a saved file).",
                    details: """
                        Periods: 1d 5d 1mo 3mo 6mo 1y 2y 5y 10y ytd max, or Nd. Yahoo serves 5m bars for 60 days,
                        1h bars for 2 years, daily bars for decades (the prototype used 60d/5m, 2y/1h, 5y/1d).
                        Times are the exchange's wall-clock time (as in the CSV files); daily bars sit at midnight
                        of their trading day.
                        response = path of a saved chart API response to parse instead of fetching.
                        """
                ) { call in
                    let symbol = try call.string(1)
                    let o = try call.options(2, function: "yahoo")
                    let period = try o.string("period", default: "5y")
                    let interval = try o.string("interval", default: "1d")
                    let adjust = try o.boolean("adjust", default: false)
                    let response = try o.stringIfPresent("response")
                    try o.finish()
                    do {
                        _ = try YahooFinance.request(symbol: symbol, period: period, interval: interval)
                    } catch {
                        throw LuaArgumentError(index: 2, message: "\(error)")
                    }
                    if let response {
                        guard let data = FileManager.default.contents(atPath: response) else {
                            throw LuaScriptError("yahoo: cannot read \(response)")
                        }
                        return BarSeriesBinding.push(try YahooFinance.parse(data, adjust: adjust), call)
                    }
                    let bars = try waitFor {
                        try await YahooFinance.fetch(symbol: symbol, period: period, interval: interval, adjust: adjust)
                    }
                    return BarSeriesBinding.push(bars, call)
                },
                LuaFunctionSpec("series", "series(values [, name])", "A Series from a Lua array of numbers (no time index).") {
                    call in
                    let values = try call.table(1).numbers()
                    return SeriesBinding.push(Series(name: try call.string(2, default: ""), values: values), call)
                },
            ],
            classes: [AnyLuaClass(BarSeriesBinding.cls), AnyLuaClass(SeriesBinding.cls), AnyLuaClass(FrameBinding.cls),
                      AnyLuaClass(RollingBinding.cls)]
        )
    }
}

/// Runs async work to completion from the Lua thread (which must not return to Lua before the result is ready).
/// Ctrl-C cancels the task.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    while done.wait(timeout: .now() + 0.05) == .timedOut {
        if Interrupt.isRequested {
            task.cancel()
            throw LuaInterrupted()
        }
    }
    return try outcome.result!.get()
}

/// The result of async work, handed from the task to the waiting Lua thread (the semaphore orders the accesses).
private final class AsyncOutcome<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
