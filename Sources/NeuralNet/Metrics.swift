import Foundation

/// Counts of a binary confusion matrix at a threshold (predicted positive when p > threshold, in float32).
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// Positives predicted positive.
    public var truePositives: Int
    /// Negatives predicted positive.
    public var falsePositives: Int
    /// Negatives predicted negative.
    public var trueNegatives: Int
    /// Positives predicted negative.
    public var falseNegatives: Int

    enum CodingKeys: String, CodingKey {
        case truePositives = "tp"
        case falsePositives = "fp"
        case trueNegatives = "tn"
        case falseNegatives = "fn"
    }
}

/// One bin of a calibration table: predictions in (lower, upper] (the first bin includes 0).
public struct CalibrationBin: Codable, Sendable, Equatable {
    /// Lower edge of the bin.
    public var lower: Double
    /// Upper edge of the bin.
    public var upper: Double
    /// Samples in the bin.
    public var count: Int
    /// Mean predicted probability in the bin.
    public var meanPredicted: Double
    /// Share of positives in the bin.
    public var observedRate: Double

    enum CodingKeys: String, CodingKey {
        case lower, upper, count
        case meanPredicted = "mean_predicted"
        case observedRate = "observed_rate"
    }
}

/// Honest evaluation of binary probabilities: skill measures always shown next to the base rate.
public struct ClassificationReport: Codable, Sendable, Equatable {
    /// Samples evaluated.
    public var count: Int
    /// Share of positive labels.
    public var positiveRate: Double
    /// Share of the majority class: the accuracy of always predicting it.
    public var baseRate: Double
    /// Share of correct predictions at `threshold`.
    public var accuracy: Double
    /// Area under the ROC curve (exact, ties counted half); NaN when only one class is present.
    public var auc: Double
    /// Mean binary cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7], as Keras).
    public var logLoss: Double
    /// Mean squared error of the probabilities.
    public var brier: Double
    /// Decision threshold for accuracy, precision, recall, F1 and the confusion matrix.
    public var threshold: Double
    /// TP / (TP + FP); 0 when nothing is predicted positive.
    public var precision: Double
    /// TP / (TP + FN); 0 when there are no positives.
    public var recall: Double
    /// Harmonic mean of precision and recall; 0 when both are 0.
    public var f1: Double
    /// Confusion matrix at `threshold`.
    public var confusion: ConfusionMatrix
    /// Calibration table over equal-width bins (empty bins left out, as scikit-learn's `calibration_curve`).
    public var calibration: [CalibrationBin]

    enum CodingKeys: String, CodingKey {
        case count, accuracy, auc, brier, threshold, precision, recall, f1, confusion, calibration
        case positiveRate = "positive_rate"
        case baseRate = "base_rate"
        case logLoss = "log_loss"
    }

    /// A short text: accuracy always next to the base rate, then AUC, log-loss and Brier.
    public var summary: String {
        String(format: "accuracy %.4f (base rate %.4f) · AUC %.4f · log-loss %.4f · Brier %.4f · n %d",
               accuracy, baseRate, auc, logLoss, brier, count)
    }
}

/// Binary-classification metrics, each a closed form over probabilities and 0/1 labels.
public enum Metrics {
    /// Share of samples with (p > threshold) == (label == 1).
    public static func accuracy(probabilities p: [Float], labels y: [Float], threshold: Double = 0.5) -> Double {
        guard !p.isEmpty else { return .nan }
        var correct = 0
        let t = Float(threshold)  // compared in float32, like NumPy on float32 probabilities
        for k in p.indices where (p[k] > t) == (y[k] > 0.5) { correct += 1 }
        return Double(correct) / Double(p.count)
    }

    /// ROC AUC by the rank-sum (Mann–Whitney) formula with average ranks for ties; NaN with a single class.
    public static func auc(probabilities p: [Float], labels y: [Float]) -> Double {
        let n = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var rankSumPositive = 0.0
        var positives = 0
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && p[order[j + 1]] == p[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where y[order[k]] > 0.5 {
                rankSumPositive += averageRank
                positives += 1
            }
            i = j + 1
        }
        let negatives = n - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let p0 = Double(positives)
        return (rankSumPositive - p0 * (p0 + 1) / 2) / (p0 * Double(negatives))
    }

    /// Mean binary cross-entropy with Keras's clipping.
    public static func logLoss(probabilities p: [Float], labels y: [Float]) -> Double {
        guard !p.isEmpty else { return .nan }
        var s = 0.0
        for k in p.indices { s += BinaryCrossEntropy.loss(probability: Double(p[k]), label: Double(y[k])) }
        return s / Double(p.count)
    }

    /// Mean of (p − y)².
    public static func brier(probabilities p: [Float], labels y: [Float]) -> Double {
        guard !p.isEmpty else { return .nan }
        var s = 0.0
        for k in p.indices { s += (Double(p[k]) - Double(y[k])) * (Double(p[k]) - Double(y[k])) }
        return s / Double(p.count)
    }

    /// Confusion matrix with predicted positive when p > threshold.
    public static func confusion(probabilities p: [Float], labels y: [Float], threshold: Double = 0.5)
        -> ConfusionMatrix
    {
        var m = ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)
        for k in p.indices {
            let predicted = p[k] > Float(threshold), actual = y[k] > 0.5
            switch (predicted, actual) {
            case (true, true): m.truePositives += 1
            case (true, false): m.falsePositives += 1
            case (false, false): m.trueNegatives += 1
            case (false, true): m.falseNegatives += 1
            }
        }
        return m
    }

    /// Calibration over `bins` equal-width bins of [0, 1]; a prediction on an inner edge belongs to the lower bin
    /// (numpy `searchsorted`, as scikit-learn's `calibration_curve(strategy="uniform")`).
    public static func calibration(probabilities p: [Float], labels y: [Float], bins: Int = 10) -> [CalibrationBin] {
        var count = [Int](repeating: 0, count: bins), sumP = [Double](repeating: 0, count: bins)
        var sumY = [Double](repeating: 0, count: bins)
        for k in p.indices {
            let v = Double(p[k])
            var bin = 0
            while bin < bins - 1 && Double(bin + 1) / Double(bins) < v { bin += 1 }
            count[bin] += 1
            sumP[bin] += v
            sumY[bin] += Double(y[k])
        }
        return (0..<bins).compactMap { b in
            guard count[b] > 0 else { return nil }
            return CalibrationBin(lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins),
                                  count: count[b], meanPredicted: sumP[b] / Double(count[b]),
                                  observedRate: sumY[b] / Double(count[b]))
        }
    }

    /// Every metric at once.
    public static func report(probabilities p: [Float], labels y: [Float], threshold: Double = 0.5,
                              calibrationBins: Int = 10) throws -> ClassificationReport
    {
        guard p.count == y.count else {
            throw NeuralNetError.shapeMismatch(expected: "\(p.count) labels", got: "\(y.count)")
        }
        guard !p.isEmpty else { throw NeuralNetError.invalidArgument("no samples to evaluate") }
        let positives = y.filter { $0 > 0.5 }.count
        let positiveRate = Double(positives) / Double(y.count)
        let m = confusion(probabilities: p, labels: y, threshold: threshold)
        let tp = Double(m.truePositives)
        let precision = m.truePositives + m.falsePositives == 0 ? 0 : tp / Double(m.truePositives + m.falsePositives)
        let recall = m.truePositives + m.falseNegatives == 0 ? 0 : tp / Double(m.truePositives + m.falseNegatives)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return ClassificationReport(
            count: p.count, positiveRate: positiveRate, baseRate: max(positiveRate, 1 - positiveRate),
            accuracy: Double(m.truePositives + m.trueNegatives) / Double(p.count),
            auc: auc(probabilities: p, labels: y), logLoss: logLoss(probabilities: p, labels: y),
            brier: brier(probabilities: p, labels: y), threshold: threshold, precision: precision, recall: recall,
            f1: f1, confusion: m, calibration: calibration(probabilities: p, labels: y, bins: calibrationBins))
    }
}
