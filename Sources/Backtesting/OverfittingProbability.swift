import Foundation

/// Probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV; Bailey, Borwein,
/// López de Prado & Zhu, "The Probability of Backtest Overfitting", 2015).
///
/// The T × N matrix of returns (N strategies) is cut into S row blocks. For each of the C(S, S/2) ways of
/// choosing half the blocks as in-sample, the strategy with the best in-sample performance (Sharpe ratio,
/// mean / std) is ranked out of sample; ω = rank / (N + 1) (rank 1 = worst, ties averaged) and
/// λ = ln(ω / (1 − ω)). PBO is the share of splits with λ ≤ 0: the in-sample winner did no better than the
/// median out of sample.
public enum OverfittingProbability {
    /// The outcome of CSCV.
    public struct Result: Sendable, Equatable {
        /// Probability of backtest overfitting.
        public var pbo: Double
        /// λ for each split, in combination order.
        public var logits: [Double]
        /// Number of splits, C(S, S/2).
        public var combinations: Int
        /// Number of blocks S.
        public var blocks: Int
        /// Number of strategies N.
        public var strategies: Int
    }

    /// Sums of one block of one strategy's returns.
    public struct BlockStats: Sendable, Equatable {
        /// Returns in the block.
        public var count: Double = 0
        /// Sum of returns.
        public var sum: Double = 0
        /// Sum of squared returns.
        public var sumOfSquares: Double = 0

        /// Creates empty sums.
        public init() {}
    }

    /// Block sums of `returns` cut into `blocks` nearly equal consecutive blocks (sizes differ by at most one).
    public static func blockStats(_ returns: [Double], blocks: Int) -> [BlockStats] {
        var out = [BlockStats](repeating: BlockStats(), count: blocks)
        let t = returns.count
        returns.withUnsafeBufferPointer { r in
            for b in 0..<blocks {
                var count = 0.0, sum = 0.0, squares = 0.0
                for i in (b * t / blocks)..<((b + 1) * t / blocks) {
                    let x = r[i]
                    if x.isFinite {
                        count += 1
                        sum += x
                        squares += x * x
                    }
                }
                out[b].count = count
                out[b].sum = sum
                out[b].sumOfSquares = squares
            }
        }
        return out
    }

    /// CSCV on a returns matrix given as one array per strategy (all of the same length T ≥ S).
    public static func cscv(returns: [[Double]], blocks: Int = 16) throws -> Result {
        guard let t = returns.first?.count, returns.allSatisfy({ $0.count == t }) else {
            throw BacktestError.invalidParameter(
                name: "returns", value: "\(returns.map(\.count))", reason: "give N ≥ 2 series of equal length")
        }
        guard t >= blocks else {
            throw BacktestError.invalidParameter(
                name: "blocks", value: "\(blocks)", reason: "there are only \(t) returns; use fewer blocks")
        }
        return try cscv(blockStats: returns.map { blockStats($0, blocks: blocks) })
    }

    /// CSCV from precomputed block sums (one array of S blocks per strategy), as sweeps produce them.
    public static func cscv(blockStats: [[BlockStats]]) throws -> Result {
        let n = blockStats.count
        guard n >= 2 else {
            throw BacktestError.invalidParameter(name: "strategies", value: "\(n)", reason: "CSCV needs ≥ 2 strategies")
        }
        let s = blockStats[0].count
        guard s >= 2, s % 2 == 0, blockStats.allSatisfy({ $0.count == s }) else {
            throw BacktestError.invalidParameter(
                name: "blocks", value: "\(s)", reason: "the number of blocks must be even and ≥ 2")
        }
        guard s <= 24 else {
            throw BacktestError.invalidParameter(
                name: "blocks", value: "\(s)", reason: "at most 24 blocks (C(24, 12) = 2,704,156 splits)")
        }
        let totals = blockStats.map { blocks in
            blocks.reduce(into: BlockStats()) {
                $0.count += $1.count
                $0.sum += $1.sum
                $0.sumOfSquares += $1.sumOfSquares
            }
        }
        var logits: [Double] = []
        var inSample = [Double](repeating: 0, count: n)
        var outOfSample = [Double](repeating: 0, count: n)
        func sharpe(_ c: Double, _ sum: Double, _ sq: Double) -> Double {
            guard c > 1 else { return 0 }
            let mean = sum / c
            let variance = (sq - sum * sum / c) / (c - 1)
            if variance <= 0 { return mean > 0 ? .infinity : (mean < 0 ? -.infinity : 0) }
            return mean / variance.squareRoot()
        }
        // Enumerate subsets of size s/2 as bit masks.
        let half = s / 2
        var mask = (1 << half) - 1
        let limit = 1 << s
        while mask < limit {
            for k in 0..<n {
                var ci = 0.0, si = 0.0, qi = 0.0
                for b in 0..<s where mask & (1 << b) != 0 {
                    let st = blockStats[k][b]
                    ci += st.count
                    si += st.sum
                    qi += st.sumOfSquares
                }
                let total = totals[k]
                inSample[k] = sharpe(ci, si, qi)
                outOfSample[k] = sharpe(total.count - ci, total.sum - si, total.sumOfSquares - qi)
            }
            var best = 0
            for k in 1..<n where inSample[k] > inSample[best] { best = k }
            var below = 0.0, equal = 0.0
            for k in 0..<n {
                if outOfSample[k] < outOfSample[best] { below += 1 } else if outOfSample[k] == outOfSample[best] { equal += 1 }
            }
            let rank = below + (equal + 1) / 2  // average rank among ties, 1-based
            let omega = rank / Double(n + 1)
            logits.append(log(omega / (1 - omega)))
            // Next subset with the same number of bits (Gosper's hack).
            let c = mask & -mask
            let r = mask + c
            mask = (((r ^ mask) >> 2) / c) | r
        }
        let overfit = logits.filter { $0 <= 0 }.count
        return Result(
            pbo: Double(overfit) / Double(logits.count), logits: logits, combinations: logits.count, blocks: s,
            strategies: n)
    }
}
