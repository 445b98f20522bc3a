/// Predicted probabilities with their true binary labels; pairs with a NaN probability are dropped.
public struct ROCInput: Sendable {
    /// Predicted probability of the positive class.
    public var probabilities: [Double]
    /// True labels (true = positive).
    public var labels: [Bool]

    /// Pairs probabilities with labels; the shorter length wins.
    public init(probabilities: [Double], labels: [Bool]) {
        let n = min(probabilities.count, labels.count)
        var p: [Double] = [], l: [Bool] = []
        p.reserveCapacity(n)
        l.reserveCapacity(n)
        for i in 0..<n where probabilities[i].isFinite {
            p.append(probabilities[i])
            l.append(labels[i])
        }
        self.probabilities = p
        self.labels = l
    }

    /// Labels given as numbers: > 0.5 is positive (so 0/1 and -1/1 both work).
    public init(probabilities: [Double], labels: [Double]) {
        self.init(probabilities: probabilities, labels: labels.map { $0 > 0.5 })
    }

    /// Number of positives and negatives.
    public var classCounts: (positives: Int, negatives: Int) {
        let pos = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        return (pos, labels.count - pos)
    }
}

/// A receiver operating characteristic curve and its area.
public struct ROCCurve: Sendable {
    /// False positive rates, from 0 to 1.
    public var falsePositiveRate: [Double]
    /// True positive rates, from 0 to 1.
    public var truePositiveRate: [Double]
    /// Score thresholds at each point (∞ first).
    public var thresholds: [Double]
    /// Area under the curve (trapezoids; ties count one half), NaN when one class is missing.
    public var auc: Double

    /// Computes the curve from scores and labels. O(n log n).
    public init(_ input: ROCInput) {
        let (pos, neg) = input.classCounts
        guard pos > 0, neg > 0 else {
            falsePositiveRate = []
            truePositiveRate = []
            thresholds = []
            auc = .nan
            return
        }
        let order = input.probabilities.indices.sorted { input.probabilities[$0] > input.probabilities[$1] }
        var fpr: [Double] = [0], tpr: [Double] = [0], th: [Double] = [.infinity]
        var tp = 0, fp = 0
        var i = 0
        while i < order.count {
            let score = input.probabilities[order[i]]
            while i < order.count && input.probabilities[order[i]] == score {
                if input.labels[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            fpr.append(Double(fp) / Double(neg))
            tpr.append(Double(tp) / Double(pos))
            th.append(score)
        }
        var area = 0.0
        for k in 1..<fpr.count { area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2 }
        falsePositiveRate = fpr
        truePositiveRate = tpr
        thresholds = th
        auc = area
    }
}

/// Reliability bins: mean predicted probability against observed frequency of positives.
public struct CalibrationBins: Sendable {
    /// Mean predicted probability in each non-empty bin.
    public var meanPredicted: [Double]
    /// Fraction of positives in each non-empty bin.
    public var observed: [Double]
    /// Number of predictions in each non-empty bin.
    public var counts: [Int]
    /// Lower edge of each non-empty bin.
    public var lowerEdges: [Double]
    /// Brier score (mean squared error of the probabilities).
    public var brier: Double
    /// Expected calibration error: count-weighted mean |observed − predicted|.
    public var expectedCalibrationError: Double

    /// Sorts predictions into `bins` equal-width bins over [0, 1]. O(n).
    public init(_ input: ROCInput, bins: Int = 10) {
        let bins = max(1, bins)
        var sumP = [Double](repeating: 0, count: bins), sumY = sumP
        var n = [Int](repeating: 0, count: bins)
        var brierSum = 0.0
        for (p, y) in zip(input.probabilities, input.labels) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            sumP[b] += p
            sumY[b] += y ? 1 : 0
            n[b] += 1
            brierSum += (p - (y ? 1 : 0)) * (p - (y ? 1 : 0))
        }
        var mp: [Double] = [], ob: [Double] = [], c: [Int] = [], e: [Double] = []
        var ece = 0.0
        for b in 0..<bins where n[b] > 0 {
            mp.append(sumP[b] / Double(n[b]))
            ob.append(sumY[b] / Double(n[b]))
            c.append(n[b])
            e.append(Double(b) / Double(bins))
            ece += Double(n[b]) * abs(ob.last! - mp.last!)
        }
        let total = input.probabilities.count
        meanPredicted = mp
        observed = ob
        counts = c
        lowerEdges = e
        brier = total > 0 ? brierSum / Double(total) : .nan
        expectedCalibrationError = total > 0 ? ece / Double(total) : .nan
    }
}

/// Counts of a binary classifier's outcomes at one threshold.
public struct ConfusionCounts: Sendable, Equatable {
    /// Predicted positive, actually positive.
    public var truePositives: Int
    /// Predicted positive, actually negative.
    public var falsePositives: Int
    /// Predicted negative, actually negative.
    public var trueNegatives: Int
    /// Predicted negative, actually positive.
    public var falseNegatives: Int

    /// Counts from their four values.
    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Counts predictions `probability >= threshold` against the labels.
    public init(_ input: ROCInput, threshold: Double = 0.5) {
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (p, y) in zip(input.probabilities, input.labels) {
            switch (p >= threshold, y) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, false): tn += 1
            case (false, true): fn += 1
            }
        }
        self.init(truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }

    /// All predictions.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    /// (TP + TN) / total.
    public var accuracy: Double { ratio(truePositives + trueNegatives, total) }
    /// TP / (TP + FP).
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// TP / (TP + FN).
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Harmonic mean of precision and recall.
    public var f1: Double {
        let p = precision, r = recall
        return p + r > 0 ? 2 * p * r / (p + r) : .nan
    }
    /// Fraction of actual positives (the base rate).
    public var baseRate: Double { ratio(truePositives + falseNegatives, total) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
}
