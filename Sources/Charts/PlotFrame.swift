/// The kind of x axis of a cartesian plot.
enum XAxis: Sendable {
    /// Numbers, labelled in the given format.
    case numeric(ValueFormat)
    /// Epoch seconds, labelled with calendar dates and times (UTC).
    case time
    /// Categories at 0, 1, 2 … labelled with these names.
    case categories([String])
}

/// A cartesian plot area with its scales and ticks; draws grid, axes and labels.
struct PlotFrame {
    var rect: Rect
    var x: LinearScale
    var y: LinearScale
    var xTicks: [Tick]
    var yTicks: [Tick]

    /// Lays out a plot inside `area`, leaving room for tick labels and axis titles.
    ///
    /// `niceY` widens the y domain to whole tick steps; `xDomain` is used as given (plus `xPad` on each side).
    static func make(
        area: Rect, xDomain: (Double, Double), xAxis: XAxis, yDomain: (Double, Double), yFormat: ValueFormat,
        niceY: Bool = true, xLabel: String? = nil, yLabel: String? = nil, showXTickLabels: Bool = true,
        leftMargin: Double? = nil, xPad: Double = 0
    ) -> PlotFrame {
        let yTarget = max(2, Int(area.height / 55))
        let nt = NiceTicks.ticks(lo: yDomain.0, hi: yDomain.1, target: yTarget, extend: niceY)
        let yTicks = nt.values.filter { $0 >= nt.lo - nt.step * 1e-9 && $0 <= nt.hi + nt.step * 1e-9 }
            .map { Tick(value: $0, label: formatValue($0, yFormat, step: nt.step)) }
        let longest = yTicks.map { $0.label.count }.max() ?? 4
        let left = leftMargin ?? (Double(longest) * 6.6 + 14 + (yLabel == nil ? 0 : 18))
        let bottom = (showXTickLabels ? 22.0 : 6.0) + (xLabel == nil ? 0 : 16)
        let rect = Rect(x: area.x + left, y: area.y + 6, width: max(10, area.width - left - 20),
                        height: max(10, area.height - 6 - bottom))
        var lo = xDomain.0 - xPad, hi = xDomain.1 + xPad
        if !(hi > lo) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        let xs = LinearScale(domain: (lo, hi), range: (rect.x, rect.maxX))
        let ys = LinearScale(domain: (nt.lo, nt.hi), range: (rect.maxY, rect.y))
        let xTarget = max(2, Int(rect.width / 110))
        var xTicks: [Tick]
        switch xAxis {
        case .time:
            xTicks = TimeTicks.ticks(lo: xs.domainLow, hi: xs.domainHigh, target: xTarget)
        case let .numeric(format):
            let t = NiceTicks.ticks(lo: xs.domainLow, hi: xs.domainHigh, target: xTarget, extend: false)
            xTicks = t.values.filter { $0 >= xs.domainLow - 1e-9 * t.step && $0 <= xs.domainHigh + 1e-9 * t.step }
                .map { Tick(value: $0, label: formatValue($0, format, step: t.step)) }
        case let .categories(names):
            let longestName = Double(names.map { $0.count }.max() ?? 1) * 6.5 + 8
            let fit = max(1, Int(rect.width / max(longestName, 1)))
            let every = max(1, Int((Double(names.count) / Double(fit)).rounded(.up)))
            xTicks = names.enumerated().filter { $0.offset % every == 0 }
                .map { Tick(value: Double($0.offset), label: $0.element) }
        }
        return PlotFrame(rect: rect, x: xs, y: ys, xTicks: xTicks, yTicks: yTicks)
    }

    /// Draws the plot background, grid lines, axes, tick labels and axis titles.
    func drawAxes(_ w: inout SVGWriter, xLabel: String? = nil, yLabel: String? = nil, showXTickLabels: Bool = true,
                  xGrid: Bool = true) {
        w.rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height, fill: "#ffffff", cssClass: "plot-area",
               stroke: Palette.grid)
        w.raw("<g class=\"y-axis\">")
        for t in yTicks {
            let py = y(t.value)
            w.line(x1: rect.x, y1: py, x2: rect.maxX, y2: py, stroke: Palette.grid, width: 1, cssClass: "grid")
            w.text(t.label, x: rect.x - 6, y: py + 3.5, anchor: "end", cssClass: "tick y", fill: Palette.muted)
        }
        w.raw("</g><g class=\"x-axis\">")
        for t in xTicks {
            let px = x(t.value)
            if xGrid {
                w.line(x1: px, y1: rect.y, x2: px, y2: rect.maxY, stroke: Palette.grid, width: 1, cssClass: "grid")
            }
            w.line(x1: px, y1: rect.maxY, x2: px, y2: rect.maxY + 4, stroke: Palette.axis, width: 1)
            if showXTickLabels {
                w.text(t.label, x: px, y: rect.maxY + 16, anchor: "middle", cssClass: "tick x", fill: Palette.muted)
            }
        }
        w.raw("</g>")
        w.line(x1: rect.x, y1: rect.maxY, x2: rect.maxX, y2: rect.maxY, stroke: Palette.axis, width: 1,
               cssClass: "axis")
        w.line(x1: rect.x, y1: rect.y, x2: rect.x, y2: rect.maxY, stroke: Palette.axis, width: 1, cssClass: "axis")
        if let xLabel, !xLabel.isEmpty {
            w.text(xLabel, x: rect.x + rect.width / 2, y: rect.maxY + (showXTickLabels ? 34 : 18), anchor: "middle",
                   cssClass: "axis-label x-title", size: 12, fill: Palette.text)
        }
        if let yLabel, !yLabel.isEmpty {
            let lx = rect.x - 6 - Double(yTicks.map { $0.label.count }.max() ?? 4) * 6.6 - 10
            w.text(yLabel, x: lx, y: rect.y + rect.height / 2, anchor: "middle", cssClass: "axis-label y-title", size: 12,
                   fill: Palette.text, rotate: -90)
        }
    }

    /// Pixel coordinates of a series, with values outside a fixed y range clamped to the plot edge.
    func pixels(xs: [Double], ys: [Double]) -> ([Double], [Double]) {
        let px = x.map(xs)
        var py = y.map(ys)
        let top = rect.y - 1, bottom = rect.maxY + 1
        for i in py.indices where py[i].isFinite {
            if py[i] < top { py[i] = top } else if py[i] > bottom { py[i] = bottom }
        }
        return (px, py)
    }
}

/// A legend entry: name, colour and glyph.
struct LegendItem {
    enum Glyph { case line, box, dot, dashed }
    var name: String
    var color: String
    var glyph: Glyph = .line
}

/// Draws a legend box in a corner of `rect`.
func drawLegend(_ w: inout SVGWriter, items: [LegendItem], in rect: Rect, corner: Int = 0) {
    guard !items.isEmpty else { return }
    let width = Double(items.map { $0.name.count }.max() ?? 4) * 6.4 + 36
    let height = Double(items.count) * 16 + 8
    // corner: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left
    let x0 = corner == 1 || corner == 2 ? rect.maxX - width - 8 : rect.x + 8
    let y0 = corner >= 2 ? rect.maxY - height - 8 : rect.y + 8
    w.raw("<g class=\"legend\">")
    w.rect(x: x0, y: y0, width: width, height: height, fill: "#ffffff", stroke: "#cccccc", opacity: 0.85)
    for (i, item) in items.enumerated() {
        let cy = y0 + 12 + Double(i) * 16
        switch item.glyph {
        case .line: w.line(x1: x0 + 6, y1: cy, x2: x0 + 24, y2: cy, stroke: item.color, width: 2.5)
        case .dashed: w.line(x1: x0 + 6, y1: cy, x2: x0 + 24, y2: cy, stroke: item.color, width: 2, dash: "4 3")
        case .box: w.rect(x: x0 + 8, y: cy - 5, width: 12, height: 10, fill: item.color)
        case .dot: w.circle(cx: x0 + 15, cy: cy, r: 4, fill: item.color)
        }
        w.text(item.name, x: x0 + 30, y: cy + 4, cssClass: "legend-item", fill: Palette.text)
    }
    w.raw("</g>")
}
