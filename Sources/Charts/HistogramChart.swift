/// Equal-width bin counts of a sample (NaN and infinities ignored).
public struct Histogram: Sendable, Equatable {
    /// Bin edges, `counts.count + 1` of them, increasing.
    public var edges: [Double]
    /// Number of values in each bin (the last bin includes its right edge).
    public var counts: [Int]
    /// Number of finite values counted.
    public var total: Int { counts.reduce(0, +) }

    /// Counts `values` into `bins` equal bins over `range` (default: the finite min…max). O(n).
    public init(values: [Double], bins: Int = 30, range: (Double, Double)? = nil) {
        let bins = max(1, bins)
        var lo: Double, hi: Double
        if let range {
            (lo, hi) = range
        } else if let e = finiteExtent([values]) {
            (lo, hi) = e
        } else {
            edges = []
            counts = []
            return
        }
        if !(hi > lo) {
            lo -= 0.5
            hi += 0.5
        }
        edges = (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
        var c = [Int](repeating: 0, count: bins)
        let scale = Double(bins) / (hi - lo)
        for v in values where v.isFinite && v >= lo && v <= hi {
            c[min(bins - 1, Int((v - lo) * scale))] += 1
        }
        counts = c
    }
}

/// Histogram bars of one or more samples over shared bins (overlaid, semi-transparent when several).
struct HistogramBody: ChartBody {
    var samples: [ChartSeries]
    var bins: Int
    var range: (Double, Double)?
    var density: Bool = false
    var kind: String { "histogram" }

    var hasData: Bool { samples.contains { $0.hasFiniteValue } }

    func histograms() -> [Histogram] {
        let r = range ?? finiteExtent(samples.map(\.values)) ?? (0, 1)
        return samples.map { Histogram(values: $0.values, bins: bins, range: r) }
    }

    func heights(_ h: Histogram) -> [Double] {
        guard density, h.total > 0, h.edges.count > 1 else { return h.counts.map(Double.init) }
        let width = h.edges[1] - h.edges[0]
        return h.counts.map { Double($0) / (Double(h.total) * width) }
    }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let hs = histograms()
        guard let edges = hs.first(where: { !$0.edges.isEmpty })?.edges else { return }
        let top = hs.map { heights($0).max() ?? 0 }.max() ?? 1
        let frame = PlotFrame.make(
            area: rect, xDomain: (edges.first!, edges.last!), xAxis: .numeric(options.xFormat),
            yDomain: (0, options.yMax ?? max(top, 1e-12)), yFormat: density ? .number : options.yFormat,
            xLabel: options.xLabel, yLabel: options.yLabel ?? (density ? "density" : "count"))
        frame.drawAxes(&w, xLabel: options.xLabel, yLabel: options.yLabel ?? (density ? "density" : "count"),
                       xGrid: false)
        let several = hs.count > 1
        for (i, h) in hs.enumerated() where !h.edges.isEmpty {
            let color = samples[i].color ?? options.color(i)
            w.raw("<g class=\"histogram\" data-series=\"")
            w.escaped(samples[i].name)
            w.raw("\">")
            for (b, v) in heights(h).enumerated() {
                let x0 = frame.x(h.edges[b]), x1 = frame.x(h.edges[b + 1])
                let y0 = frame.y(v), y1 = frame.y(0)
                w.rect(x: x0 + 0.5, y: y0, width: x1 - x0 - 1, height: y1 - y0, fill: color, cssClass: "bar",
                       opacity: several ? 0.5 : 0.85,
                       tooltip: "\(formatValue(h.edges[b], .number))…\(formatValue(h.edges[b + 1], .number)): \(h.counts[b])")
            }
            w.raw("</g>")
        }
        if options.showLegend && (several || !samples[0].name.isEmpty) {
            drawLegend(&w, items: samples.enumerated().map {
                LegendItem(name: $0.element.name, color: $0.element.color ?? options.color($0.offset), glyph: .box)
            }, in: frame.rect, corner: 1)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let h = histograms()[0]
        guard let first = h.edges.first, let last = h.edges.last else { return "(no data)" }
        return TerminalChart.bars(h.counts.map(Double.init), columns: columns, rows: rows,
                                  xLabels: (formatValue(first, .number), formatValue(last, .number)))
    }
}

extension Chart {
    /// A histogram of `values` in `bins` equal bins (NaN ignored).
    public static func histogram(
        _ values: [Double], bins: Int = 30, name: String = "", options: ChartOptions = ChartOptions()
    ) -> Chart {
        Chart(body: HistogramBody(samples: [ChartSeries(name: name, values: values)], bins: max(1, bins)),
              options: options)
    }

    /// Overlaid histograms of several samples over shared bins; `density` scales each to unit area.
    public static func histogram(
        _ samples: [ChartSeries], bins: Int = 30, range: (Double, Double)? = nil, density: Bool = false,
        options: ChartOptions = ChartOptions()
    ) -> Chart {
        Chart(body: HistogramBody(samples: samples, bins: max(1, bins), range: range, density: density),
              options: options)
    }
}
