import Foundation

/// Adam's hyper-parameters; the defaults are Keras's (lr 1e-3, β1 0.9, β2 0.999, ε 1e-7).
public struct AdamConfig: Codable, Sendable, Equatable {
    /// Step size.
    public var learningRate: Float = 1e-3
    /// Decay of the first-moment average.
    public var beta1: Float = 0.9
    /// Decay of the second-moment average.
    public var beta2: Float = 0.999
    /// Added to √v to avoid division by zero.
    public var epsilon: Float = 1e-7

    /// Keras's defaults, or the given values.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
}

/// Gradient clipping applied before each optimiser step.
public enum GradientClipping: Codable, Sendable, Equatable {
    /// Scale all gradients together so their global L2 norm is at most the value (Keras `global_clipnorm`).
    case globalNorm(Float)
    /// Scale each tensor's gradient so its L2 norm is at most the value (Keras `clipnorm`).
    case norm(Float)
    /// Clamp every gradient element to ±value (Keras `clipvalue`).
    case value(Float)
}

/// The Adam optimiser with Keras 3's update: α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ); m += (g − m)(1 − β1);
/// v += (g² − v)(1 − β2); w −= α·m / (√v + ε).
final class AdamOptimizer: @unchecked Sendable {
    var config: AdamConfig
    private(set) var step = 0
    let m: Buffer
    let v: Buffer

    init(parameterCount: Int, config: AdamConfig) {
        self.config = config
        m = Buffer(parameterCount)
        v = Buffer(parameterCount)
    }

    /// One update of `weights` from `gradients` (both `m.count` floats).
    func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>) {
        step += 1
        let t = Double(step)
        let b1 = Double(config.beta1), b2 = Double(config.beta2)
        let alpha = Float(Double(config.learningRate) * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t)))
        let c1 = 1 - config.beta1, c2 = 1 - config.beta2, eps = config.epsilon
        let mp = m.pointer, vp = v.pointer, n = m.count
        typealias V = VectorMath.V
        var i = 0
        while i + 8 <= n {
            let g = VectorMath.load(gradients + i)
            var mv = VectorMath.load(mp + i), vv = VectorMath.load(vp + i)
            mv += (g - mv) * c1
            vv += (g * g - vv) * c2
            VectorMath.store(mv, mp + i)
            VectorMath.store(vv, vp + i)
            VectorMath.store(VectorMath.load(weights + i) - (mv * alpha) / (vv.squareRoot() + eps), weights + i)
            i += 8
        }
        while i < n {
            let g = gradients[i]
            mp[i] += (g - mp[i]) * c1
            vp[i] += (g * g - vp[i]) * c2
            weights[i] -= (mp[i] * alpha) / (vp[i].squareRoot() + eps)
            i += 1
        }
    }

    /// Applies `clipping` to `gradients` in place; `tensors` gives the per-tensor ranges for `.norm`.
    static func clip(_ gradients: UnsafeMutablePointer<Float>, count: Int, clipping: GradientClipping,
                     tensors: [TensorSpec]) {
        func norm(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Double {
            var s = 0.0
            for i in 0..<n { s += Double(p[i]) * Double(p[i]) }
            return s.squareRoot()
        }
        func scale(_ p: UnsafeMutablePointer<Float>, _ n: Int, _ f: Float) {
            for i in 0..<n { p[i] *= f }
        }
        switch clipping {
        case .globalNorm(let limit):
            let total = norm(gradients, count)
            if total > Double(limit) { scale(gradients, count, Float(Double(limit) / total)) }
        case .norm(let limit):
            for t in tensors {
                let p = gradients + t.offset
                let total = norm(p, t.count)
                if total > Double(limit) { scale(p, t.count, Float(Double(limit) / total)) }
            }
        case .value(let limit):
            for i in 0..<count { gradients[i] = min(max(gradients[i], -limit), limit) }
        }
    }
}
