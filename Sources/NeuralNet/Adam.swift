import CNeuralKernels
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

    /// Constants of one step, from ``beginStep()``.
    struct Step {
        let alpha: Float, c1: Float, c2: Float, eps: Float
    }

    /// Advances the step counter and returns the step's constants (α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ)).
    func beginStep() -> Step {
        step += 1
        let t = Double(step)
        let b1 = Double(config.beta1), b2 = Double(config.beta2)
        let alpha = Float(Double(config.learningRate) * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t)))
        return Step(alpha: alpha, c1: 1 - config.beta1, c2: 1 - config.beta2, eps: config.epsilon)
    }

    /// Applies `step` to parameters lo..<hi with the gradient g[0] + g[1] + … (summed in that order). Each element
    /// is independent, so disjoint ranges may run on different threads and give the same bits as one call.
    func apply(_ step: Step, weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<UnsafePointer<Float>?>,
               count: Int, range: Range<Int>) {
        lunar_adam_update(weights, m.pointer, v.pointer, gradients, count, range.lowerBound, range.upperBound,
                          step.alpha, step.c1, step.c2, step.eps)
    }

    /// One update of `weights` from `gradients` (both `m.count` floats).
    func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>) {
        let s = beginStep()
        var g: UnsafePointer<Float>? = gradients
        withUnsafePointer(to: &g) { apply(s, weights: weights, gradients: $0, count: 1, range: 0..<m.count) }
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
