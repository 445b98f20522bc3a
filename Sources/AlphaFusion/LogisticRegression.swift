import Foundation
import MarketData

/// L2-regularised logistic regression fitted by Newton's method (IRLS) on an explicit training range only: learned
/// fusion weights for alpha signals.
///
/// **Model.** For a feature row x (k values) the probability of label 1 is
///
///     P(y = 1 | x) = σ(b + wᵀx),   σ(z) = 1 / (1 + e^(−z))
///
/// **Objective.** Over the N usable training rows (rows i in the training range, minus the last `purge` rows,
/// whose features and label are all non-NaN):
///
///     L(b, w) = (1/N) · Σ_i [ log(1 + e^(η_i)) − y_i · η_i ]  +  (λ/2) · ‖w‖²,     η_i = b + wᵀx_i
///
/// The intercept b is not penalised. This is scikit-learn's `LogisticRegression(penalty="l2", C=C)` objective
/// `C · Σ loss + ½‖w‖²` divided by `C·N`, so the two have the same minimiser when **C = 1 / (λ · N)**.
///
/// **Solver.** Newton's method on θ = (b, w): gradient `g = (1/N) X̃ᵀ(μ − y) + λ·(0, w)`, Hessian
/// `H = (1/N) X̃ᵀ diag(μ(1 − μ)) X̃ + λ·diag(0, 1, …, 1)` (X̃ = [1, X]), step `Δ = H⁻¹g` by Cholesky, halved until
/// the objective decreases (Armijo), from θ = 0, until ‖g‖∞ ≤ `tolerance` or the step is below `tolerance` relative
/// to θ. Deterministic: the same data give the
/// same bits. O(iterations · N · k²).
///
/// **No lookahead.** Only rows in the training range are read when fitting, so features and labels after it
/// cannot change the weights. A label that looks h bars ahead (e.g. "the next close is higher") at row i uses bar
/// i + h: set `purge = h` to drop the last h rows of the range so no label reads past its end.
public struct LogisticRegression: Sendable, Equatable {
    /// Feature weights w, in the order of the feature columns.
    public var weights: [Double]
    /// Intercept b.
    public var intercept: Double
    /// The L2 strength λ.
    public var l2: Double
    /// The training range (0-based row positions) the fit was allowed to read, after purging.
    public var trainingRange: Range<Int>
    /// Number of rows used (N): rows of the range with no NaN.
    public var rowsUsed: Int
    /// Newton iterations taken.
    public var iterations: Int

    /// Creates a model from known coefficients.
    public init(weights: [Double], intercept: Double, l2: Double = 0, trainingRange: Range<Int> = 0..<0,
                rowsUsed: Int = 0, iterations: Int = 0)
    {
        self.weights = weights
        self.intercept = intercept
        self.l2 = l2
        self.trainingRange = trainingRange
        self.rowsUsed = rowsUsed
        self.iterations = iterations
    }

    /// Fits the model on rows `trainingRange` (0-based, minus the last `purge` rows) of column-major `features`.
    ///
    /// - Parameters:
    ///   - features: k columns of equal length n.
    ///   - labels: n values, each 0, 1 or NaN (a NaN label drops its row). Labels outside the range are not read.
    ///   - trainingRange: rows the fit may read; clamped to 0..<n.
    ///   - l2: λ > 0 (default 1e-3). A positive λ makes the objective strictly convex in w with a finite minimiser
    ///     even when the classes are separable (and, with both classes present, in b too).
    ///   - purge: rows dropped from the end of the range (≥ 0), for labels that look ahead.
    ///   - maxIterations: Newton iterations allowed (default 100).
    ///   - tolerance: stop when the largest gradient component is at most this, or the Newton step is at most this
    ///     relative to the coefficients (default 1e-10).
    /// - Throws: ``AlphaError`` for bad parameters, lengths, labels, too few rows, one class only, or no convergence.
    public static func fit(features: [[Double]], labels: [Double], trainingRange: Range<Int>, l2: Double = 1e-3,
                           purge: Int = 0, maxIterations: Int = 100, tolerance: Double = 1e-10)
        throws(AlphaError) -> LogisticRegression
    {
        let fn = "fit_logistic"
        guard !features.isEmpty else { throw .missingInput(function: fn, detail: "no feature columns") }
        let n = labels.count
        for (j, column) in features.enumerated() where column.count != n {
            throw .notAligned(function: fn, detail: "feature \(j + 1) has \(column.count) values, labels \(n)")
        }
        guard l2 > 0, l2.isFinite else {
            throw .invalidParameter(function: fn, name: "l2", value: l2, requirement: "positive and finite")
        }
        try Alpha.require(fn, "purge", purge, atLeast: 0)
        let lo = Swift.max(0, trainingRange.lowerBound)
        let hi = Swift.max(lo, Swift.min(n, trainingRange.upperBound) - purge)
        let k = features.count, d = k + 1

        // Usable rows of the (purged) range, as rows of X̃ = [1, x].
        var rows: [[Double]] = []
        var y: [Double] = []
        for i in lo..<hi {
            let label = labels[i]
            if label.isNaN { continue }
            guard label == 0 || label == 1 else { throw .invalidLabel(index: i, value: label) }
            var row = [1.0]
            row.reserveCapacity(d)
            for column in features { row.append(column[i]) }
            if row.contains(where: { !$0.isFinite }) { continue }
            rows.append(row)
            y.append(label)
        }
        let N = rows.count
        guard N >= 2 else {
            throw .insufficientTraining("\(fn): \(N) usable training rows in \(lo + 1)…\(hi) (rows with NaN are dropped)")
        }
        let positives = y.reduce(0, +)
        guard positives > 0 && positives < Double(N) else {
            throw .insufficientTraining("\(fn): every training label is \(Int(y[0])); both classes are needed")
        }

        let invN = 1 / Double(N)
        func objective(_ theta: [Double]) -> Double {
            var loss = 0.0
            for i in 0..<N {
                var eta = 0.0
                for j in 0..<d { eta += rows[i][j] * theta[j] }
                // log(1 + e^η) computed without overflow.
                loss += Swift.max(eta, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(eta))) - y[i] * eta
            }
            var penalty = 0.0
            for j in 1..<d { penalty += theta[j] * theta[j] }
            return loss * invN + 0.5 * l2 * penalty
        }

        var theta = [Double](repeating: 0, count: d)
        var current = objective(theta)
        var iterations = 0
        while true {
            // Gradient and Hessian at theta.
            var g = [Double](repeating: 0, count: d)
            var H = [Double](repeating: 0, count: d * d)
            for i in 0..<N {
                let row = rows[i]
                var eta = 0.0
                for j in 0..<d { eta += row[j] * theta[j] }
                let mu = sigmoid(eta)
                let r = mu - y[i], w = mu * (1 - mu)
                for a in 0..<d {
                    g[a] += r * row[a]
                    let wa = w * row[a]
                    for b in 0...a { H[a * d + b] += wa * row[b] }
                }
            }
            for a in 0..<d {
                g[a] *= invN
                for b in 0...a { H[a * d + b] *= invN }
            }
            for j in 1..<d {
                g[j] += l2 * theta[j]
                H[j * d + j] += l2
            }
            if g.map(Swift.abs).max()! <= tolerance { break }
            guard iterations < maxIterations else {
                throw .notConverged("\(fn): no convergence in \(maxIterations) Newton iterations (largest gradient \(g.map(Swift.abs).max()!)); try a larger l2 or rescale the features")
            }
            iterations += 1
            guard let step = choleskySolve(H, g, d) else {
                throw .notConverged("\(fn): the Hessian is singular (constant or collinear features?); increase l2")
            }
            // Backtracking (Armijo) line search.
            let slope = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
            var a = 1.0
            var next = theta, value = current
            while true {
                for j in 0..<d { next[j] = theta[j] - a * step[j] }
                value = objective(next)
                if value <= current - 1e-4 * a * slope || a < 1e-12 { break }
                a *= 0.5
            }
            if value > current {
                // No decrease even for a tiny step: numerically at the minimum.
                break
            }
            theta = next
            current = value
            let scale = Swift.max(1, theta.map(Swift.abs).max()!)
            if a * step.map(Swift.abs).max()! <= tolerance * scale { break }
        }
        return LogisticRegression(weights: Array(theta[1...]), intercept: theta[0], l2: l2, trainingRange: lo..<hi,
                                  rowsUsed: N, iterations: iterations)
    }

    /// Fits on series (features and labels on one time index); see ``fit(features:labels:trainingRange:l2:purge:maxIterations:tolerance:)``.
    public static func fit(features: [Series], labels: Series, trainingRange: Range<Int>, l2: Double = 1e-3,
                           purge: Int = 0) throws(AlphaError) -> LogisticRegression
    {
        for (j, f) in features.enumerated() { try Alpha.requireAligned("fit_logistic", labels, f, "feature \(j + 1)") }
        return try fit(features: features.map(\.values), labels: labels.values, trainingRange: trainingRange, l2: l2,
                       purge: purge)
    }

    /// The probability of label 1 for every row of column-major `features`: `σ(b + wᵀx[t])`, NaN where a feature
    /// is NaN. Row t reads features at t only. O(n · k).
    public func predict(features: [[Double]]) throws(AlphaError) -> [Double] {
        guard features.count == weights.count else {
            throw .missingInput(function: "predict", detail: "the model has \(weights.count) features, got \(features.count)")
        }
        let n = features.first?.count ?? 0
        for (j, column) in features.enumerated() where column.count != n {
            throw .notAligned(function: "predict", detail: "feature \(j + 1) has \(column.count) values, feature 1 \(n)")
        }
        var out = [Double](repeating: .nan, count: n)
        for t in 0..<n {
            var eta = intercept
            for j in 0..<weights.count { eta += weights[j] * features[j][t] }
            if !eta.isNaN { out[t] = Self.sigmoid(eta) }
        }
        return out
    }

    /// Probabilities on the features' time index; see ``predict(features:)-([[Double]])``.
    public func predict(features: [Series]) throws(AlphaError) -> Series {
        guard let first = features.first else {
            throw .missingInput(function: "predict", detail: "the model has \(weights.count) features, got 0")
        }
        for (j, f) in features.enumerated() { try Alpha.requireAligned("predict", first, f, "feature \(j + 1)") }
        return first.with(values: try predict(features: features.map(\.values)), name: "logistic")
    }

    /// σ(z), computed without overflow for large |z|.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + Foundation.exp(-z)) }
        let e = Foundation.exp(z)
        return e / (1 + e)
    }

    /// Solves `H x = g` for symmetric positive-definite H (lower triangle used, row-major d×d) by Cholesky; nil
    /// when H is not positive definite.
    static func choleskySolve(_ H: [Double], _ g: [Double], _ d: Int) -> [Double]? {
        var L = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = H[i * d + j]
                for k in 0..<j { s -= L[i * d + k] * L[j * d + k] }
                if i == j {
                    guard s.isFinite, s > 1e-14 * Swift.abs(H[i * d + i]), s > 0 else { return nil }
                    L[i * d + i] = s.squareRoot()
                } else {
                    L[i * d + j] = s / L[j * d + j]
                }
            }
        }
        var z = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var s = g[i]
            for k in 0..<i { s -= L[i * d + k] * z[k] }
            z[i] = s / L[i * d + i]
        }
        var x = [Double](repeating: 0, count: d)
        for i in stride(from: d - 1, through: 0, by: -1) {
            var s = z[i]
            for k in (i + 1)..<d { s -= L[k * d + i] * x[k] }
            x[i] = s / L[i * d + i]
        }
        return x
    }
}
