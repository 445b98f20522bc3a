/// One side of an order book: price levels with their sizes.
public struct DepthLevels: Sendable {
    /// Bid levels as (price, size), any order.
    public var bids: [(price: Double, size: Double)]
    /// Ask levels as (price, size), any order.
    public var asks: [(price: Double, size: Double)]

    /// A book snapshot from its levels.
    public init(bids: [(price: Double, size: Double)], asks: [(price: Double, size: Double)]) {
        self.bids = bids.filter { $0.price.isFinite && $0.size.isFinite && $0.size > 0 }
        self.asks = asks.filter { $0.price.isFinite && $0.size.isFinite && $0.size > 0 }
    }

    /// Cumulative bid depth from the best (highest) bid downwards: (price, cumulative size), prices decreasing.
    public var cumulativeBids: [(price: Double, size: Double)] {
        var total = 0.0
        return bids.sorted { $0.price > $1.price }.map { total += $0.size; return ($0.price, total) }
    }

    /// Cumulative ask depth from the best (lowest) ask upwards: (price, cumulative size), prices increasing.
    public var cumulativeAsks: [(price: Double, size: Double)] {
        var total = 0.0
        return asks.sorted { $0.price < $1.price }.map { total += $0.size; return ($0.price, total) }
    }

    /// Midpoint of best bid and best ask (nil when a side is empty).
    public var mid: Double? {
        guard let b = bids.map(\.price).max(), let a = asks.map(\.price).min() else { return nil }
        return (a + b) / 2
    }
}

/// Cumulative depth as step areas: bids green to the left, asks red to the right.
struct DepthChartBody: ChartBody {
    var levels: DepthLevels
    var kind: String { "depth" }

    var hasData: Bool { !levels.bids.isEmpty || !levels.asks.isEmpty }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let bids = levels.cumulativeBids, asks = levels.cumulativeAsks
        let prices = bids.map(\.price) + asks.map(\.price)
        let maxDepth = max(bids.last?.size ?? 0, asks.last?.size ?? 0)
        let frame = PlotFrame.make(
            area: rect, xDomain: (prices.min()!, prices.max()!), xAxis: .numeric(.price), yDomain: (0, maxDepth),
            yFormat: .compact, xLabel: options.xLabel ?? "price", yLabel: options.yLabel ?? "cumulative size")
        frame.drawAxes(&w, xLabel: options.xLabel ?? "price", yLabel: options.yLabel ?? "cumulative size")
        func steps(_ side: [(price: Double, size: Double)]) -> ([Double], [Double]) {
            var xs: [Double] = [], ys: [Double] = []
            var previous = 0.0
            for level in side {
                xs.append(level.price)
                ys.append(previous)
                xs.append(level.price)
                ys.append(level.size)
                previous = level.size
            }
            return (xs, ys)
        }
        for (side, color, name) in [(bids, Palette.up, "bids"), (asks, Palette.down, "asks")] where !side.isEmpty {
            let (xs, ys) = steps(side)
            let (px, py) = frame.pixels(xs: xs, ys: ys)
            w.path(xs: px, ys: py, stroke: color, width: 1.5, fill: color, fillOpacity: 0.25, cssClass: "depth",
                   seriesName: name, closeTo: frame.y(0))
        }
        if let mid = levels.mid {
            let x = frame.x(mid)
            w.line(x1: x, y1: frame.rect.y, x2: x, y2: frame.rect.maxY, stroke: Palette.muted, width: 1,
                   cssClass: "mid", dash: "3 3")
            w.text("mid \(formatValue(mid, .price))", x: x + 4, y: frame.rect.y + 12, cssClass: "annotation",
                   fill: Palette.text)
        }
        drawLegend(&w, items: [LegendItem(name: "bids (\(bids.count) levels)", color: Palette.up, glyph: .box),
                               LegendItem(name: "asks (\(asks.count) levels)", color: Palette.down, glyph: .box)],
                   in: frame.rect, corner: 1)
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let depth = levels.cumulativeBids.reversed().map(\.size) + levels.cumulativeAsks.map(\.size)
        let first = levels.cumulativeBids.last.map { formatValue($0.price, .price) } ?? ""
        let last = levels.cumulativeAsks.last.map { formatValue($0.price, .price) } ?? ""
        return TerminalChart.bars(depth, columns: columns, rows: rows, format: .compact, xLabels: (first, last))
    }
}

extension Chart {
    /// Order-book depth: cumulative bid and ask sizes against price, with the mid price marked.
    public static func depth(_ levels: DepthLevels, options: ChartOptions = ChartOptions()) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "Order book depth" }
        return Chart(body: DepthChartBody(levels: levels), options: options)
    }
}
