import MarketData

/// A per-column scaler fitted on training rows only and applied unchanged later.
public struct Scaler: Sendable, Equatable, Codable {
    /// The scaling rule.
    public enum Kind: String, Sendable, Codable {
        /// `(x − min) / (max − min)` into [0, 1] (0 where max = min).
        case minMax
        /// `(x − mean) / std` (population std; 0 where std = 0).
        case standard
    }

    /// The scaling rule.
    public let kind: Kind
    /// Column names the scaler was fitted on.
    public let names: [String]
    /// Per column: min or mean.
    public let offset: [Double]
    /// Per column: range or std.
    public let scale: [Double]

    /// Fits on the given rows of `frame` (NaN values ignored).
    public init(kind: Kind, frame: Frame, rows: [Int]) {
        var off: [Double] = []
        var sc: [Double] = []
        for col in frame.columns {
            let vals = rows.map { col[$0] }.filter { !$0.isNaN }
            switch kind {
            case .minMax:
                let lo = vals.min() ?? 0
                let hi = vals.max() ?? 0
                off.append(lo)
                sc.append(hi - lo)
            case .standard:
                let m = vals.isEmpty ? 0 : vals.reduce(0, +) / Double(vals.count)
                let v = vals.isEmpty ? 0 : vals.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(vals.count)
                off.append(m)
                sc.append(v.squareRoot())
            }
        }
        self.kind = kind
        self.names = frame.names
        self.offset = off
        self.scale = sc
    }

    /// The frame with each column scaled; throws when its columns differ from the fitted ones.
    public func transform(_ frame: Frame) throws(FeatureError) -> Frame {
        guard frame.names == names else {
            throw .invalidArgument("scaler was fitted on columns \(names), got \(frame.names)")
        }
        var out = Frame(time: frame.time, isDaily: frame.isDaily)
        for (j, col) in frame.columns.enumerated() {
            let o = offset[j]
            let s = scale[j]
            try! out.set(names[j], col.map { s == 0 ? ($0.isNaN ? .nan : 0) : ($0 - o) / s })
        }
        return out
    }
}
