/// Price bars the backtester runs over: parallel arrays, one element per bar, oldest first.
///
/// Times are epoch seconds. Exchange-local wall-clock times (as in the data files) should be given as if they
/// were UTC, so that calendar days group the way pandas groups a naive index. A bar with a NaN in open, high,
/// low or close is skipped by the engine and counted in the result.
public struct BacktestBars: Sendable {
    /// Bar times in epoch seconds, strictly increasing.
    public let time: [Int64]
    /// Opening prices.
    public let open: [Double]
    /// Highest prices.
    public let high: [Double]
    /// Lowest prices.
    public let low: [Double]
    /// Closing prices.
    public let close: [Double]
    /// Traded volumes (not used by the engine; carried for slicing and for callers).
    public let volume: [Double]
    /// Best bid per bar, for a half-spread taken from quotes (optional).
    public let bid: [Double]?
    /// Best ask per bar, for a half-spread taken from quotes (optional).
    public let ask: [Double]?
    /// Number of bars with a NaN in open, high, low or close.
    public let nanBarCount: Int

    /// The number of bars.
    public var count: Int { close.count }

    /// Checks and stores the bars. Complexity: O(n).
    ///
    /// - Throws: `BacktestError.lengthMismatch` naming the column and both lengths, `.nonPositivePrice`,
    ///   `.timesNotIncreasing` or `.noBars`.
    public init(
        time: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]? = nil,
        bid: [Double]? = nil, ask: [Double]? = nil
    ) throws {
        let n = close.count
        guard n > 0 else { throw BacktestError.noBars }
        let columns: [(String, Int)] = [
            ("time", time.count), ("open", open.count), ("high", high.count), ("low", low.count),
            ("volume", volume?.count ?? n), ("bid", bid?.count ?? n), ("ask", ask?.count ?? n),
        ]
        for (name, count) in columns where count != n {
            throw BacktestError.lengthMismatch(name: name, count: count, expected: n)
        }
        var nanBars = 0
        for i in 0..<n {
            if i > 0, time[i] <= time[i - 1] {
                throw BacktestError.timesNotIncreasing(bar: i, previous: time[i - 1], time: time[i])
            }
            let prices = (open[i], high[i], low[i], close[i])
            if prices.0.isNaN || prices.1.isNaN || prices.2.isNaN || prices.3.isNaN {
                nanBars += 1
                continue
            }
            for (name, value) in [("open", prices.0), ("high", prices.1), ("low", prices.2), ("close", prices.3)]
            where !(value > 0) || value.isInfinite {
                throw BacktestError.nonPositivePrice(field: name, bar: i, value: value)
            }
        }
        for (name, quotes) in [("bid", bid), ("ask", ask)] {
            guard let quotes else { continue }
            for (i, value) in quotes.enumerated() where !value.isNaN && !(value > 0) {
                throw BacktestError.nonPositivePrice(field: name, bar: i, value: value)
            }
        }
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume ?? [Double](repeating: 0, count: n)
        self.bid = bid
        self.ask = ask
        self.nanBarCount = nanBars
    }

    /// The bars in `range`, re-checked (cheap: the values were valid already). Complexity: O(range.count).
    public func slice(_ range: Range<Int>) throws -> BacktestBars {
        try BacktestBars(
            time: Array(time[range]), open: Array(open[range]), high: Array(high[range]), low: Array(low[range]),
            close: Array(close[range]), volume: Array(volume[range]), bid: bid.map { Array($0[range]) },
            ask: ask.map { Array($0[range]) })
    }

    /// Checks that a series given with its own times lines up with the bars (`name` is used in the error).
    public func checkAligned(name: String, times: [Int64]) throws {
        guard times.count == count else {
            throw BacktestError.lengthMismatch(name: name, count: times.count, expected: count)
        }
        for i in 0..<count where times[i] != time[i] {
            throw BacktestError.timeMismatch(name: name, index: i, time: times[i], barTime: time[i])
        }
    }
}
