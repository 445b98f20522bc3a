import Foundation

/// Binary cross-entropy, computed from logits so it never takes the log of 0 (log-sum-exp form).
public enum BinaryCrossEntropy {
    /// −[y·log σ(z) + (1 − y)·log(1 − σ(z))] = max(z, 0) − z·y + log(1 + e^−|z|).
    @inline(__always)
    public static func loss(logit z: Float, label y: Float) -> Double {
        let zd = Double(z), yd = Double(y)
        return max(zd, 0) - zd * yd + log1p(exp(-abs(zd)))
    }

    /// Loss of a probability p against label y, with p clipped to [1e-7, 1 − 1e-7] as Keras does.
    public static func loss(probability p: Double, label y: Double) -> Double {
        let q = min(max(p, 1e-7), 1 - 1e-7)
        return -(y * log(q) + (1 - y) * log(1 - q))
    }

    /// Weighted loss sum over `count` samples and the gradient w.r.t. each logit, scaled by 1 / `divisor`
    /// (the full batch size, as Keras's "sum over batch size" reduction): d = w · (σ(z) − y) / divisor.
    static func lossAndGradient(
        logits: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, labels: UnsafePointer<Float>,
        weights: UnsafePointer<Float>?, count: Int, divisor: Int, gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        var sum = 0.0
        let scale = 1 / Float(divisor)
        for k in 0..<count {
            let w = weights?[k] ?? 1
            sum += Double(w) * loss(logit: logits[k], label: labels[k])
            gradient[k] = w * (probabilities[k] - labels[k]) * scale
        }
        return sum
    }
}
