/// The 17 order-book features (`book17` in `features.md`) of one snapshot, in the spec's order.
///
/// A feature whose inputs are missing (an empty side, a zero denominator, a rolling window not yet full) is NaN.
public struct BookFeatures: Sendable, Hashable {
    /// The feature names exactly as the spec spells them, in order (`imbalance_1` … `mid_return_bps`).
    public static let names: [String] = [
        "imbalance_1", "imbalance_5", "spread_bps", "bid_volume_5", "ask_volume_5", "microprice_offset_bps",
        "vwap_mid_offset_bps", "bid_pressure", "ask_pressure", "buy_impact_bps", "sell_impact_bps",
        "bid_depth_slope", "ask_depth_slope", "imbalance_momentum", "spread_volatility", "imbalance_mean",
        "mid_return_bps",
    ]

    /// The number of features, 17.
    public static let count = 17

    /// 1. `(bsz_1 - asz_1) / (bsz_1 + asz_1)`.
    public var imbalance1: Double = .nan
    /// 2. Size imbalance over the top 5 levels.
    public var imbalance5: Double = .nan
    /// 3. `(ask_1 - bid_1) / mid · 10⁴`.
    public var spreadBps: Double = .nan
    /// 4. `Σ_{i≤5} bsz_i`.
    public var bidVolume5: Double = .nan
    /// 5. `Σ_{i≤5} asz_i`.
    public var askVolume5: Double = .nan
    /// 6. `(microprice - mid) / mid · 10⁴`.
    public var micropriceOffsetBps: Double = .nan
    /// 7. `(vwap_mid_5 - mid) / mid · 10⁴`.
    public var vwapMidOffsetBps: Double = .nan
    /// 8. `B / (B + A)`, depth weighted by 1/level over 5 levels.
    public var bidPressure: Double = .nan
    /// 9. `1 - bid_pressure`.
    public var askPressure: Double = .nan
    /// 10. Cost in bps of buying Q by walking the asks.
    public var buyImpactBps: Double = .nan
    /// 11. Cost in bps of selling Q by walking the bids.
    public var sellImpactBps: Double = .nan
    /// 12. Least-squares slope of cumulative bid size against distance from mid in bps.
    public var bidDepthSlope: Double = .nan
    /// 13. Least-squares slope of cumulative ask size against distance from mid in bps.
    public var askDepthSlope: Double = .nan
    /// 14. `imbalance_5[now] - mean(imbalance_5 over the window)`.
    public var imbalanceMomentum: Double = .nan
    /// 15. Sample standard deviation of `spread_bps` over the window.
    public var spreadVolatility: Double = .nan
    /// 16. Mean of `imbalance_1` over the window.
    public var imbalanceMean: Double = .nan
    /// 17. `(mid[now] / mid[oldest in window] - 1) · 10⁴`.
    public var midReturnBps: Double = .nan

    /// All features NaN.
    public init() {}

    /// Creates features from 17 values in the spec's order.
    ///
    /// - Precondition: `values.count == 17`.
    public init(values: [Double]) {
        precondition(values.count == Self.count, "BookFeatures needs \(Self.count) values, got \(values.count)")
        for (i, v) in values.enumerated() { self[i] = v }
    }

    /// The feature at `index` (0-based, in the spec's order).
    ///
    /// - Precondition: `0 <= index < 17`.
    public subscript(index: Int) -> Double {
        get {
            switch index {
            case 0: return imbalance1
            case 1: return imbalance5
            case 2: return spreadBps
            case 3: return bidVolume5
            case 4: return askVolume5
            case 5: return micropriceOffsetBps
            case 6: return vwapMidOffsetBps
            case 7: return bidPressure
            case 8: return askPressure
            case 9: return buyImpactBps
            case 10: return sellImpactBps
            case 11: return bidDepthSlope
            case 12: return askDepthSlope
            case 13: return imbalanceMomentum
            case 14: return spreadVolatility
            case 15: return imbalanceMean
            case 16: return midReturnBps
            default: preconditionFailure("book feature index \(index) outside 0..<\(Self.count)")
            }
        }
        set {
            switch index {
            case 0: imbalance1 = newValue
            case 1: imbalance5 = newValue
            case 2: spreadBps = newValue
            case 3: bidVolume5 = newValue
            case 4: askVolume5 = newValue
            case 5: micropriceOffsetBps = newValue
            case 6: vwapMidOffsetBps = newValue
            case 7: bidPressure = newValue
            case 8: askPressure = newValue
            case 9: buyImpactBps = newValue
            case 10: sellImpactBps = newValue
            case 11: bidDepthSlope = newValue
            case 12: askDepthSlope = newValue
            case 13: imbalanceMomentum = newValue
            case 14: spreadVolatility = newValue
            case 15: imbalanceMean = newValue
            case 16: midReturnBps = newValue
            default: preconditionFailure("book feature index \(index) outside 0..<\(Self.count)")
            }
        }
    }

    /// The feature named `name` (as in `names`), or `nil` for an unknown name.
    public subscript(name: String) -> Double? {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        return self[index]
    }

    /// The 17 values in the spec's order. Allocates.
    public var values: [Double] { (0..<Self.count).map { self[$0] } }

    /// Whether no feature is NaN (a row a feature matrix keeps).
    public var isComplete: Bool { (0..<Self.count).allSatisfy { !self[$0].isNaN } }

    /// Compares bit patterns, so that NaN equals NaN (useful for tests and deduplication).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        (0..<count).allSatisfy { lhs[$0].bitPattern == rhs[$0].bitPattern || (lhs[$0].isNaN && rhs[$0].isNaN) }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        for i in 0..<Self.count { hasher.combine(self[i].isNaN ? Double.nan.bitPattern : self[i].bitPattern) }
    }
}

extension BookFeatures: CustomStringConvertible {
    /// `name=value` lines in the spec's order.
    public var description: String {
        (0..<Self.count).map { "\(Self.names[$0])=\(self[$0])" }.joined(separator: "\n")
    }
}
