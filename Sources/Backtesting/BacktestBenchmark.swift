import Foundation

/// Workloads for `lunar bench backtest`: synthetic bars, the SMA-cross simulation and the 100-combination sweep.
public enum BacktestBenchmark {
    /// One timed workload.
    public struct Timing: Sendable {
        /// What was timed.
        public var name: String
        /// Bars per run.
        public var bars: Int
        /// Best wall-clock time of the repetitions, in seconds.
        public var seconds: Double
        /// Median wall-clock time of the repetitions, in seconds.
        public var medianSeconds: Double
        /// Best time per bar in nanoseconds (per bar and combination for sweeps).
        public var nanosecondsPerBar: Double
        /// Closed trades in the (last) run, as a sanity check.
        public var trades: Int
    }

    /// A deterministic geometric random walk with OHLC, one bar per calendar day from 2000-01-01.
    public static func syntheticBars(count: Int, seed: UInt64 = 1) throws -> BacktestBars {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        var time = [Int64](repeating: 0, count: count), open = [Double](repeating: 0, count: count)
        var high = open, low = open, close = open
        var price = 100.0
        for i in 0..<count {
            let o = price * (1 + 0.002 * (uniform() - 0.5))
            let c = o * (1 + 0.03 * (uniform() - 0.5))
            time[i] = 946_684_800 + Int64(i) * 86_400
            open[i] = o
            close[i] = c
            high[i] = max(o, c) * (1 + 0.005 * uniform())
            low[i] = min(o, c) * (1 - 0.005 * uniform())
            price = c
        }
        return try BacktestBars(time: time, open: open, high: high, low: low, close: close)
    }

    /// Times `body` `repetitions` times; returns (best, median) seconds.
    static func time(repetitions: Int, _ body: () throws -> Void) rethrows -> (Double, Double) {
        var samples: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        samples.sort()
        return (samples[0], samples[samples.count / 2])
    }

    /// The SMA `fast`/`slow` cross simulation on `bars` with backtesting.py's assumptions (commission 0.2%):
    /// signals are computed once outside the timing; the engine's `simulate` (no metrics) is timed.
    public static func smaCrossSimulation(bars: BacktestBars, fast: Int = 10, slow: Int = 20, repetitions: Int = 5)
        throws -> Timing
    {
        let signals = SMACross.signals(close: bars.close, fast: fast, slow: slow)
        var config = BacktestConfig.backtestingPy(commission: 0.002)
        config.warmupBars = slow - 1
        var trades = 0
        let (best, median) = try time(repetitions: repetitions) {
            trades = try Backtest.simulate(bars: bars, signals: signals, config: config).trades.count
        }
        return Timing(
            name: "sma_cross_simulation", bars: bars.count, seconds: best, medianSeconds: median,
            nanosecondsPerBar: best / Double(bars.count) * 1e9, trades: trades)
    }

    /// The same, including the signal computation (two rolling means and two crossover passes) and the metrics.
    public static func smaCrossEndToEnd(bars: BacktestBars, fast: Int = 10, slow: Int = 20, repetitions: Int = 5)
        throws -> Timing
    {
        var config = BacktestConfig.backtestingPy(commission: 0.002)
        config.warmupBars = slow - 1
        var trades = 0
        let (best, median) = try time(repetitions: repetitions) {
            let signals = SMACross.signals(close: bars.close, fast: fast, slow: slow)
            trades = try Backtest.run(bars: bars, signals: signals, config: config).trades.count
        }
        return Timing(
            name: "sma_cross_signals_simulation_metrics", bars: bars.count, seconds: best, medianSeconds: median,
            nanosecondsPerBar: best / Double(bars.count) * 1e9, trades: trades)
    }

    /// The sweep fast 5…14 × slow 20…29 (100 combinations) with metrics, DSR and PBO for each run.
    public static func smaCrossSweep(
        bars: BacktestBars, fast: [Int] = Array(5...14), slow: [Int] = Array(20...29), threads: Int? = nil,
        repetitions: Int = 3
    ) throws -> (timing: Timing, result: SweepResult) {
        let config = BacktestConfig.backtestingPy(commission: 0.002)
        var last: SweepResult?
        var combinations = 0
        let (best, median) = try time(repetitions: repetitions) {
            let sweep = try ParameterSweep.smaCross(bars: bars, fast: fast, slow: slow, config: config, threads: threads)
            combinations = sweep.parameters.count
            last = sweep.result
        }
        let result = last!
        return (
            Timing(
                name: "sma_cross_sweep_\(combinations)", bars: bars.count, seconds: best, medianSeconds: median,
                nanosecondsPerBar: best / Double(bars.count * max(combinations, 1)) * 1e9,
                trades: result.metrics[result.bestIndex].trades),
            result
        )
    }
}
