/// One OHLCV bar.
public struct Candle: Sendable, Equatable {
    /// Bar start (epoch seconds, UTC).
    public var time: Int64
    /// Opening price.
    public var open: Double
    /// Highest price.
    public var high: Double
    /// Lowest price.
    public var low: Double
    /// Closing price.
    public var close: Double
    /// Traded volume (NaN or 0 when unknown).
    public var volume: Double

    /// A bar from its fields.
    public init(time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double = 0) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    var isFinite: Bool { open.isFinite && high.isFinite && low.isFinite && close.isFinite }

    /// Merges consecutive candles into at most `maxCount` bars (first open, max high, min low, last close,
    /// summed volume), so price extremes survive. O(n).
    public static func aggregate(_ candles: [Candle], maxCount: Int) -> [Candle] {
        let bars = candles.filter(\.isFinite)
        let maxCount = max(1, maxCount)
        guard bars.count > maxCount else { return bars }
        var out: [Candle] = []
        out.reserveCapacity(maxCount)
        for b in 0..<maxCount {
            let lo = b * bars.count / maxCount, hi = (b + 1) * bars.count / maxCount
            guard hi > lo else { continue }
            var c = bars[lo]
            for i in (lo + 1)..<hi {
                c.high = max(c.high, bars[i].high)
                c.low = min(c.low, bars[i].low)
                c.close = bars[i].close
                c.volume += bars[i].volume.isFinite ? bars[i].volume : 0
            }
            out.append(c)
        }
        return out
    }
}

/// X ticks for bars placed at their index, labelled with their dates (bars skip nights and weekends, so an
/// index axis has no gaps).
func indexTimeTicks(times: [Int64], width: Double) -> [Tick] {
    guard let first = times.first, let last = times.last else { return [] }
    let target = max(2, Int(width / 120))
    let step = max(1, Int(NiceTicks.step(span: Double(max(1, times.count - 1)), target: target).rounded(.up)))
    let intraday = last - first < 5 * 86_400
    return stride(from: 0, to: times.count, by: step).map {
        Tick(value: Double($0), label: formatDate(times[$0], withTime: intraday))
    }
}

/// Candlesticks with a volume pane underneath.
struct CandlestickBody: ChartBody {
    var candles: [Candle]
    var showVolume: Bool
    var kind: String { "candlestick" }

    var hasData: Bool { candles.contains(where: \.isFinite) }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let maxBars = max(10, Int(rect.width / 3))
        let bars = Candle.aggregate(candles, maxCount: maxBars)
        guard !bars.isEmpty else { return }
        let hasVolume = showVolume && bars.contains { $0.volume.isFinite && $0.volume > 0 }
        let priceHeight = hasVolume ? rect.height * 0.72 : rect.height
        let lo = bars.map(\.low).min()!, hi = bars.map(\.high).max()!
        let priceFormat = options.yFormat == .number ? ValueFormat.price : options.yFormat
        var top = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y, width: rect.width, height: priceHeight),
            xDomain: (0, Double(bars.count - 1)), xAxis: .numeric(.number), yDomain: (lo, hi), yFormat: priceFormat,
            yLabel: options.yLabel, showXTickLabels: !hasVolume, leftMargin: 78, xPad: 0.6)
        let ticks = indexTimeTicks(times: bars.map(\.time), width: top.rect.width)
        top.xTicks = ticks
        top.drawAxes(&w, yLabel: options.yLabel, showXTickLabels: !hasVolume)
        let slot = top.rect.width / Double(bars.count + 1)
        let bodyWidth = max(1, slot * 0.7)
        w.raw("<g class=\"candles\">")
        for (i, c) in bars.enumerated() {
            let cx = top.x(Double(i))
            let up = c.close >= c.open
            let color = up ? Palette.up : Palette.down
            w.line(x1: cx, y1: top.y(c.high), x2: cx, y2: top.y(c.low), stroke: color, width: 1, cssClass: "wick")
            let y0 = top.y(max(c.open, c.close)), y1 = top.y(min(c.open, c.close))
            w.rect(x: cx - bodyWidth / 2, y: y0, width: bodyWidth, height: max(1, y1 - y0), fill: color,
                   cssClass: "candle")
        }
        w.raw("</g>")
        guard hasVolume else { return }
        let maxVolume = bars.map { $0.volume.isFinite ? $0.volume : 0 }.max() ?? 1
        var bottom = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y + priceHeight, width: rect.width, height: rect.height - priceHeight),
            xDomain: (0, Double(bars.count - 1)), xAxis: .numeric(.number), yDomain: (0, maxVolume),
            yFormat: .compact, xLabel: options.xLabel, yLabel: "volume", leftMargin: 78, xPad: 0.6)
        bottom.xTicks = ticks
        bottom.drawAxes(&w, xLabel: options.xLabel, yLabel: "volume")
        w.raw("<g class=\"volumes\">")
        for (i, c) in bars.enumerated() where c.volume.isFinite && c.volume > 0 {
            let cx = bottom.x(Double(i))
            let py = bottom.y(c.volume)
            w.rect(x: cx - bodyWidth / 2, y: py, width: bodyWidth, height: bottom.rect.maxY - py,
                   fill: c.close >= c.open ? Palette.up : Palette.down, cssClass: "volume", opacity: 0.5)
        }
        w.raw("</g>")
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let s = ChartSeries(name: "close", times: candles.map(\.time), values: candles.map(\.close))
        return terminalLines([s], columns: columns, rows: rows, format: .price)
    }
}

extension Chart {
    /// Candlesticks (green up, red down) with a volume pane when volumes are given; more bars than the plot
    /// has room for are merged into wider bars (extremes kept).
    public static func candlesticks(_ candles: [Candle], volume: Bool = true, options: ChartOptions = ChartOptions())
        -> Chart
    {
        Chart(body: CandlestickBody(candles: candles, showVolume: volume), options: options)
    }
}
