import Foundation
import MarketData

/// How ``Alpha/imbalance(_:scale:squash:)`` maps a scaled imbalance into [−1, 1].
public enum ImbalanceSquash: String, Sendable, CaseIterable {
    /// `min(1, max(−1, x))`.
    case clip
    /// `tanh(x)`.
    case tanh
}

extension Alpha {
    /// Order-book imbalance as a signal: bid-heavy books are bullish.
    ///
    /// The input is an imbalance series such as `lunar.book`'s `imbalance_5 = (Σ bid size − Σ ask size) / Σ size`
    /// (already in [−1, 1]) or any other signed pressure measure. With scale k:
    ///
    ///     s[t] = clip(k · x[t])     (squash .clip, the default)
    ///     s[t] = tanh(k · x[t])     (squash .tanh)
    ///
    /// Pointwise, so causal as long as x[t] is (the book features are taken as of the bar's close). NaN stays NaN.
    /// O(count).
    ///
    /// - Parameters:
    ///   - imbalance: the raw imbalance.
    ///   - scale: k > 0 (default 1).
    ///   - squash: `.clip` or `.tanh`.
    public static func imbalance(_ imbalance: Series, scale: Double = 1, squash: ImbalanceSquash = .clip)
        throws(AlphaError) -> Series
    {
        guard scale > 0, scale.isFinite else {
            throw .invalidParameter(function: "imbalance", name: "scale", value: scale, requirement: "positive and finite")
        }
        let out = imbalance.values.map { x -> Double in
            switch squash {
            case .clip: return clip(scale * x)
            case .tanh: return Foundation.tanh(scale * x)
            }
        }
        return imbalance.with(values: out, name: "imbalance")
    }
}
