import Dispatch
import Foundation

/// The outcome of a parameter sweep: metrics per combination, the best one, and how much to trust it.
public struct SweepResult: Sendable {
    /// Metrics of each combination, in input order.
    public var metrics: [BacktestMetrics]
    /// The metric key maximized to pick the best combination.
    public var objective: String
    /// Index of the best combination.
    public var bestIndex: Int
    /// Deflated Sharpe ratio of the best combination against all trials (nil if undefined).
    public var deflatedSharpe: DeflatedSharpe.Result?
    /// Probability of backtest overfitting by CSCV on the period returns (nil with too few returns).
    public var overfitting: OverfittingProbability.Result?
    /// Worker threads used.
    public var threads: Int
}

/// Parameter sweeps run in parallel on all cores (capped by the `LUNAR_THREADS` environment variable).
public enum ParameterSweep {
    /// Environment variable that caps the number of worker threads.
    public static let threadsEnvironmentVariable = "LUNAR_THREADS"

    /// Threads to use: the active processor count, capped by `LUNAR_THREADS` and by `requested`, at least 1.
    public static func threadCount(requested: Int? = nil) -> Int {
        var n = ProcessInfo.processInfo.activeProcessorCount
        if let value = ProcessInfo.processInfo.environment[threadsEnvironmentVariable], let cap = Int(value), cap > 0 {
            n = min(n, cap)
        }
        if let requested, requested > 0 { n = min(n, requested) }
        return max(1, n)
    }

    /// `body(i)` for i in 0..<count on `threads` workers (`DispatchQueue.concurrentPerform`), results in order.
    /// The first error thrown (by index) is rethrown after all workers finish.
    public static func parallelMap<T: Sendable>(
        count: Int, threads: Int? = nil, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = min(threadCount(requested: threads), count)
        let slots = ResultSlots<T>(count: count)
        defer { slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                do { slots.store(.success(try body(i)), at: i) } catch { slots.store(.failure(error), at: i) }
                i += workers
            }
        }
        return try slots.collect()
    }

    /// Runs one backtest per combination, `signals(i)` giving combination i's signals (called on worker threads),
    /// and picks the combination maximizing `objective` (a metrics key, e.g. "sharpe").
    ///
    /// - Parameter blocks: CSCV blocks for the probability of backtest overfitting (even, ≤ 24).
    public static func run(
        bars: BacktestBars, count: Int, config: BacktestConfig, objective: String = "sharpe", blocks: Int = 16,
        threads: Int? = nil, signals: @Sendable (Int) throws -> Signals
    ) throws -> SweepResult {
        guard BacktestMetrics.keys.contains(objective) else {
            throw BacktestError.unknownOption(
                name: objective, suggestion: OptionNames.nearest(to: objective, in: BacktestMetrics.keys),
                valid: BacktestMetrics.keys)
        }
        guard count > 0 else {
            throw BacktestError.invalidParameter(name: "combinations", value: "0", reason: "the grid is empty")
        }
        struct Outcome: Sendable {
            var metrics: BacktestMetrics
            var moments: DeflatedSharpe.Moments
            var blocks: [OverfittingProbability.BlockStats]
        }
        let workers = threadCount(requested: threads)
        let context = StatisticsContext(bars: bars)
        var config = config
        if config.periodsPerYear == nil { config.periodsPerYear = context.periodsPerYear }
        let runConfig = config
        let outcomes = try parallelMap(count: count, threads: workers) { i -> Outcome in
            if let cancel = runConfig.shouldCancel, cancel() { throw BacktestError.cancelled }
            let simulation = try Backtest.simulate(bars: bars, signals: try signals(i), config: runConfig)
            let (metrics, returns) = Statistics.compute(
                simulation: simulation, bars: bars, context: context, riskFreeRate: runConfig.riskFreeRate,
                periodsPerYearOverride: runConfig.periodsPerYear)
            return Outcome(
                metrics: metrics, moments: DeflatedSharpe.Moments(returns),
                blocks: returns.count >= blocks ? OverfittingProbability.blockStats(returns, blocks: blocks) : [])
        }
        let metrics = outcomes.map(\.metrics)
        let scores = metrics.map { $0.value(forKey: objective) ?? .nan }
        var best = 0
        for i in 1..<count where scores[i] > scores[best] || (scores[best].isNaN && !scores[i].isNaN) { best = i }
        let overfitting: OverfittingProbability.Result?
        if count >= 2, outcomes.allSatisfy({ $0.blocks.count == blocks }) {
            overfitting = try? OverfittingProbability.cscv(blockStats: outcomes.map(\.blocks))
        } else {
            overfitting = nil
        }
        return SweepResult(
            metrics: metrics, objective: objective, bestIndex: best,
            deflatedSharpe: DeflatedSharpe.of(index: best, among: outcomes.map(\.moments)), overfitting: overfitting,
            threads: min(workers, count))
    }

    /// Runs one backtest per precomputed signal set (e.g. computed by Lua, which cannot run in parallel).
    public static func run(
        bars: BacktestBars, signals: [Signals], config: BacktestConfig, objective: String = "sharpe",
        blocks: Int = 16, threads: Int? = nil
    ) throws -> SweepResult {
        try run(bars: bars, count: signals.count, config: config, objective: objective, blocks: blocks,
                threads: threads) { signals[$0] }
    }

    /// The SMA-cross grid `fast × slow` (combinations with fast ≥ slow are skipped); each distinct window's mean is
    /// computed once. Returns the (fast, slow) pair of each combination with the sweep.
    public static func smaCross(
        bars: BacktestBars, fast: [Int], slow: [Int], config: BacktestConfig, objective: String = "sharpe",
        threads: Int? = nil
    ) throws -> (parameters: [SMACrossParameters], result: SweepResult) {
        var grid: [SMACrossParameters] = []
        for f in fast { for s in slow where f < s { grid.append(SMACrossParameters(fast: f, slow: s)) } }
        let windows = Array(Set(grid.flatMap { [$0.fast, $0.slow] })).sorted()
        let means = try parallelMap(count: windows.count, threads: threads) { i in
            SMACross.rollingMean(bars.close, window: windows[i])
        }
        let meanOf = Dictionary(uniqueKeysWithValues: zip(windows, means))
        let points = grid
        let result = try run(bars: bars, count: points.count, config: config, objective: objective, threads: threads) {
            i in
            SMACross.signals(fastMean: meanOf[points[i].fast]!, slowMean: meanOf[points[i].slow]!)
        }
        return (points, result)
    }
}

/// One point of an SMA-cross grid.
public struct SMACrossParameters: Sendable, Equatable, Hashable {
    /// Fast window.
    public var fast: Int
    /// Slow window.
    public var slow: Int

    /// Creates a grid point.
    public init(fast: Int, slow: Int) {
        self.fast = fast
        self.slow = slow
    }
}

/// Write-once result slots shared by the workers of `parallelMap` (each index is written by one worker only).
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<T, any Error>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    func store(_ value: Result<T, any Error>, at index: Int) { slots[index] = value }

    func collect() throws -> [T] {
        try (0..<count).map { try slots[$0]!.get() }
    }

    func deallocate() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
}
