/// One named series of y values, with optional x values or epoch-second times.
public struct ChartSeries: Sendable {
    /// Name shown in the legend.
    public var name: String
    /// The y values; NaN marks a gap.
    public var values: [Double]
    /// The x values (numbers or epoch seconds as Double); nil means 0, 1, 2 …
    public var x: [Double]?
    /// True when `x` holds epoch seconds (the x axis then shows dates).
    public var xIsTime: Bool
    /// Colour override (CSS colour).
    public var color: String?
    /// Draw dashed.
    public var dashed: Bool

    /// A series drawn against its index.
    public init(name: String = "", values: [Double], color: String? = nil, dashed: Bool = false) {
        self.name = name
        self.values = values
        self.x = nil
        self.xIsTime = false
        self.color = color
        self.dashed = dashed
    }

    /// A series with numeric x values (`x.count` must equal `values.count`; extra entries are ignored).
    public init(name: String = "", x: [Double], values: [Double], color: String? = nil, dashed: Bool = false) {
        self.name = name
        let n = min(x.count, values.count)
        self.values = n == values.count ? values : Array(values.prefix(n))
        self.x = n == x.count ? x : Array(x.prefix(n))
        self.xIsTime = false
        self.color = color
        self.dashed = dashed
    }

    /// A time series: values at epoch-second times (UTC).
    public init(name: String = "", times: [Int64], values: [Double], color: String? = nil, dashed: Bool = false) {
        self.init(name: name, x: times.map(Double.init), values: values, color: color, dashed: dashed)
        self.xIsTime = true
    }

    /// Number of points.
    public var count: Int { values.count }

    /// The x value of point `i`.
    func xValue(_ i: Int) -> Double { x?[i] ?? Double(i) }

    /// True when the series has at least one finite value.
    var hasFiniteValue: Bool { values.contains { $0.isFinite } }

    /// Finite x extent over points whose y is finite.
    var xExtent: (Double, Double)? {
        guard let x else {
            guard let first = values.firstIndex(where: { $0.isFinite }),
                  let last = values.lastIndex(where: { $0.isFinite }) else { return nil }
            return (Double(first), Double(last))
        }
        var lo = Double.infinity, hi = -Double.infinity
        for i in 0..<min(x.count, values.count) where values[i].isFinite && x[i].isFinite {
            lo = min(lo, x[i])
            hi = max(hi, x[i])
        }
        return lo <= hi ? (lo, hi) : nil
    }
}

/// Combined x extent of several series.
func xExtent(_ series: [ChartSeries]) -> (Double, Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for s in series {
        if let e = s.xExtent {
            lo = min(lo, e.0)
            hi = max(hi, e.1)
        }
    }
    return lo <= hi ? (lo, hi) : nil
}

/// The x axis that suits these series: dates when every series is timed, numbers otherwise.
func xAxisKind(_ series: [ChartSeries], format: ValueFormat) -> XAxis {
    !series.isEmpty && series.allSatisfy({ $0.xIsTime }) ? .time : .numeric(format)
}
