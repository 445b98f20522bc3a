import Foundation

/// The probabilistic and deflated Sharpe ratios (Bailey & López de Prado, "The Deflated Sharpe Ratio", 2014).
///
/// Sharpe ratios here are per period (not annualized): mean / standard deviation of the period returns. Kurtosis
/// is the plain (not excess) kurtosis, 3 for normal returns.
public enum DeflatedSharpe {
    /// The Euler–Mascheroni constant γ.
    public static let eulerGamma = 0.577_215_664_901_532_9

    /// Expected maximum Sharpe ratio of `trials` unskilled strategies whose Sharpe ratios have variance
    /// `sharpeVariance`: √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))). 0 for a single trial.
    public static func expectedMaxSharpe(trials: Int, sharpeVariance: Double) -> Double {
        guard trials > 1 else { return 0 }
        let n = Double(trials)
        return sharpeVariance.squareRoot()
            * ((1 - eulerGamma) * NormalDistribution.quantile(1 - 1 / n)
                + eulerGamma * NormalDistribution.quantile(1 - 1 / (n * M_E)))
    }

    /// PSR: the probability that the true Sharpe ratio exceeds `benchmark`, given `observations` returns with
    /// this skewness and kurtosis: Φ((SR − SR*) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²)).
    public static func probabilisticSharpe(
        sharpe: Double, benchmark: Double, observations: Int, skewness: Double, kurtosis: Double
    ) -> Double {
        let denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard observations > 1, denominator > 0 else { return .nan }
        return NormalDistribution.cdf(
            (sharpe - benchmark) * Double(observations - 1).squareRoot() / denominator.squareRoot())
    }

    /// DSR: the PSR of the best strategy against the expected maximum Sharpe ratio of `trials` trials.
    public static func deflatedSharpe(
        sharpe: Double, trials: Int, sharpeVariance: Double, observations: Int, skewness: Double, kurtosis: Double
    ) -> Double {
        probabilisticSharpe(
            sharpe: sharpe, benchmark: expectedMaxSharpe(trials: trials, sharpeVariance: sharpeVariance),
            observations: observations, skewness: skewness, kurtosis: kurtosis)
    }

    /// Moments of a return series for the formulas above.
    public struct Moments: Sendable, Equatable {
        /// Number of returns.
        public var count: Int
        /// Mean.
        public var mean: Double
        /// Standard deviation (ddof 1).
        public var standardDeviation: Double
        /// Skewness (population, γ₃ = m₃ / m₂^1.5).
        public var skewness: Double
        /// Kurtosis (population, not excess: γ₄ = m₄ / m₂²).
        public var kurtosis: Double
        /// Per-period Sharpe ratio: mean / standard deviation.
        public var sharpe: Double { standardDeviation > 0 ? mean / standardDeviation : .nan }

        /// Computes the moments of `returns` (non-finite values are skipped).
        public init(_ returns: [Double]) {
            var n = 0.0, sum = 0.0
            for r in returns where r.isFinite {
                n += 1
                sum += r
            }
            let mean = n > 0 ? sum / n : .nan
            var m2 = 0.0, m3 = 0.0, m4 = 0.0
            for r in returns where r.isFinite {
                let d = r - mean
                let d2 = d * d
                m2 += d2
                m3 += d2 * d
                m4 += d2 * d2
            }
            self.count = Int(n)
            self.mean = mean
            self.standardDeviation = n > 1 ? (m2 / (n - 1)).squareRoot() : .nan
            let pm2 = m2 / n
            self.skewness = pm2 > 0 ? (m3 / n) / pow(pm2, 1.5) : 0
            self.kurtosis = pm2 > 0 ? (m4 / n) / (pm2 * pm2) : 3
        }
    }

    /// The deflated Sharpe ratio of the best of several strategies.
    public struct Result: Sendable, Equatable {
        /// Per-period Sharpe ratio of the best strategy.
        public var sharpe: Double
        /// Expected maximum Sharpe ratio under the null (SR₀).
        public var benchmark: Double
        /// Probability that the best strategy's true Sharpe ratio exceeds SR₀.
        public var deflatedSharpe: Double
        /// Number of trials N.
        public var trials: Int
        /// Variance of the trials' per-period Sharpe ratios.
        public var sharpeVariance: Double
        /// Moments of the best strategy's returns.
        public var moments: Moments
    }

    /// DSR of the strategy with the highest per-period Sharpe ratio among `strategies` (one Moments per trial).
    public static func ofBest(_ strategies: [Moments]) -> Result? {
        let sharpes = strategies.map(\.sharpe)
        guard let best = sharpes.indices.filter({ sharpes[$0].isFinite }).max(by: { sharpes[$0] < sharpes[$1] })
        else { return nil }
        return of(index: best, among: strategies)
    }

    /// DSR of strategy `index` (chosen by any criterion) among all `strategies` tried.
    public static func of(index: Int, among strategies: [Moments]) -> Result? {
        let finite = strategies.map(\.sharpe).filter(\.isFinite)
        let m = strategies[index]
        guard m.sharpe.isFinite else { return nil }
        let variance = finite.count > 1 ? NumericSum.variance(finite, ddof: 1) : 0
        let benchmark = expectedMaxSharpe(trials: strategies.count, sharpeVariance: variance)
        return Result(
            sharpe: m.sharpe, benchmark: benchmark,
            deflatedSharpe: probabilisticSharpe(
                sharpe: m.sharpe, benchmark: benchmark, observations: m.count, skewness: m.skewness,
                kurtosis: m.kurtosis),
            trials: strategies.count, sharpeVariance: variance, moments: m)
    }
}
