import Foundation

/// What ``PromotionPolicy/decide(candidate:deployed:)`` concluded, and why.
public struct PromotionDecision: Sendable, Equatable, CustomStringConvertible {
    /// The reason, as a code a script can branch on.
    public enum Reason: String, Sendable, Equatable {
        /// Promote: nothing is deployed and the candidate is sane.
        case noDeployedModel = "no_deployed_model"
        /// Promote: the deployed model has no finite score on this window and the candidate is sane.
        case deployedNotScored = "deployed_not_scored"
        /// Promote: better than the deployed model by more than the margin.
        case better
        /// Keep: not better than the deployed model by more than the margin.
        case notBetter = "not_better"
        /// Keep: a metric the policy needs is missing.
        case missingMetric = "missing_metric"
        /// Keep: a metric is NaN or infinite.
        case nonFiniteMetric = "non_finite_metric"
        /// Keep: fewer trades than `min_trades`.
        case tooFewTrades = "too_few_trades"
        /// Keep: drawdown deeper than `max_drawdown_pct`.
        case drawdownTooDeep = "drawdown_too_deep"
        /// Keep: AUC below `min_auc`.
        case aucTooLow = "auc_too_low"
    }

    /// Whether to deploy the candidate.
    public let promote: Bool
    /// Why.
    public let reason: Reason
    /// A sentence with the numbers, for reports and logs.
    public let message: String
    /// Candidate minus deployed on the policy's metric (nil when not compared).
    public let improvement: Double?

    public var description: String { (promote ? "promote: " : "keep: ") + message }
}

/// When a retrained candidate may replace the deployed model.
///
/// Sanity bounds come first and apply to the candidate alone: the policy's metric, `trades`, `max_drawdown_pct`
/// and `auc` must be present and finite; trades ≥ `minTrades`; |max drawdown| ≤ `maxDrawdownPct`;
/// AUC ≥ `minAUC`. A sane candidate replaces nothing-deployed at once; otherwise it must beat the deployed model's
/// metric, measured on the same out-of-sample window, by more than `margin`
/// (`candidate − deployed > margin`, so with margin 0 a tie keeps the deployed model).
public struct PromotionPolicy: Sendable, Equatable {
    /// The compared metric (higher is better), default `sharpe`.
    public var metric: String
    /// How much better the candidate must be (`models.promote_margin`).
    public var margin: Double
    /// Fewest out-of-sample trades (`models.min_trades`).
    public var minTrades: Int
    /// Deepest allowed drawdown in percent (`models.max_drawdown_pct`).
    public var maxDrawdownPct: Double
    /// Lowest allowed ROC AUC (`models.min_auc`).
    public var minAUC: Double

    /// Creates a policy; the defaults are those of `lunar.toml`.
    public init(metric: String = "sharpe", margin: Double = 0, minTrades: Int = 5, maxDrawdownPct: Double = 30,
                minAUC: Double = 0.5) {
        self.metric = metric
        self.margin = margin
        self.minTrades = minTrades
        self.maxDrawdownPct = maxDrawdownPct
        self.minAUC = minAUC
    }

    /// The policy of `[models]`.
    public init(config: ModelsConfig) {
        self.init(metric: config.promoteMetric, margin: config.promoteMargin, minTrades: config.minTrades,
                  maxDrawdownPct: config.maxDrawdownPct, minAUC: config.minAUC)
    }

    /// The sanity problem of a candidate's metrics, or nil when it is sane.
    public func sanityProblem(_ m: [String: Double]) -> PromotionDecision? {
        func keep(_ reason: PromotionDecision.Reason, _ message: String) -> PromotionDecision {
            PromotionDecision(promote: false, reason: reason, message: message, improvement: nil)
        }
        for key in [metric, "trades", "max_drawdown_pct", "auc"] {
            guard let v = m[key] else { return keep(.missingMetric, "the candidate has no '\(key)' metric") }
            guard v.isFinite else { return keep(.nonFiniteMetric, "the candidate's \(key) is \(v)") }
        }
        let trades = m["trades"]!, drawdown = abs(m["max_drawdown_pct"]!), auc = m["auc"]!
        if trades < Double(minTrades) {
            return keep(.tooFewTrades, "the candidate made \(Int(trades)) trades out of sample, fewer than min_trades = \(minTrades)")
        }
        if drawdown > maxDrawdownPct {
            return keep(.drawdownTooDeep, String(format: "the candidate's max drawdown %.2f%% exceeds max_drawdown_pct = %g", drawdown, maxDrawdownPct))
        }
        if auc < minAUC {
            return keep(.aucTooLow, String(format: "the candidate's AUC %.4f is below min_auc = %g", auc, minAUC))
        }
        return nil
    }

    /// Decides whether `candidate` replaces the model whose metrics on the same window are `deployed` (nil: none).
    public func decide(candidate: [String: Double], deployed: [String: Double]?) -> PromotionDecision {
        if let problem = sanityProblem(candidate) { return problem }
        let c = candidate[metric]!
        guard let deployed else {
            return PromotionDecision(promote: true, reason: .noDeployedModel,
                                     message: String(format: "no model deployed; the candidate is sane (%@ %.4f)", metric, c),
                                     improvement: nil)
        }
        guard let d = deployed[metric], d.isFinite else {
            return PromotionDecision(
                promote: true, reason: .deployedNotScored,
                message: "the deployed model has no finite \(metric) on this window (\(deployed[metric].map { "\($0)" } ?? "missing")); the candidate is sane",
                improvement: nil)
        }
        let improvement = c - d
        if improvement > margin {
            return PromotionDecision(
                promote: true, reason: .better,
                message: String(format: "%@ %.4f vs deployed %.4f: better by %.4f > margin %g", metric, c, d, improvement, margin),
                improvement: improvement)
        }
        return PromotionDecision(
            promote: false, reason: .notBetter,
            message: String(format: "%@ %.4f vs deployed %.4f: improvement %.4f is not above margin %g", metric, c, d, improvement, margin),
            improvement: improvement)
    }
}
