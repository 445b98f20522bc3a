/// A confusion matrix: rows are actual classes, columns predicted; cells shaded by row share.
struct ConfusionMatrixBody: ChartBody {
    var labels: [String]
    var matrix: [[Int]]
    var kind: String { "confusion" }

    var hasData: Bool { matrix.contains { $0.contains { $0 > 0 } } }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let n = labels.count
        let total = matrix.flatMap { $0 }.reduce(0, +)
        let size = min(rect.width - 180, rect.height - 70)
        let cell = size / Double(max(1, n))
        let x0 = rect.x + (rect.width - size) / 2 + 30, y0 = rect.y + 14
        w.text("predicted", x: x0 + size / 2, y: y0 + size + 38, anchor: "middle", cssClass: "axis-label x-title", size: 12,
               fill: Palette.text)
        w.text("actual", x: x0 - 70, y: y0 + size / 2, anchor: "middle", cssClass: "axis-label y-title", size: 12,
               fill: Palette.text, rotate: -90)
        for r in 0..<n {
            let rowTotal = matrix[r].reduce(0, +)
            w.text(labels[r], x: x0 - 8, y: y0 + (Double(r) + 0.5) * cell + 4, anchor: "end", cssClass: "tick y",
                   fill: Palette.muted)
            for c in 0..<n {
                let v = c < matrix[r].count ? matrix[r][c] : 0
                let share = rowTotal > 0 ? Double(v) / Double(rowTotal) : 0
                let fill = ColorScale.blues(share)
                let x = x0 + Double(c) * cell, y = y0 + Double(r) * cell
                w.rect(x: x, y: y, width: cell - 2, height: cell - 2, fill: fill, cssClass: "cell",
                       tooltip: "actual \(labels[r]), predicted \(labels[c]): \(v)")
                let pct = total > 0 ? formatPlain(Double(v) / Double(total) * 100, decimals: 1) + "% of all" : ""
                w.text("\(v)", x: x + cell / 2 - 1, y: y + cell / 2 - 2, anchor: "middle", cssClass: "cell-count",
                       size: min(22, max(9, cell / 5)), weight: "600", fill: ColorScale.textColor(on: fill))
                w.text(pct, x: x + cell / 2 - 1, y: y + cell / 2 + 14, anchor: "middle", cssClass: "cell-share",
                       size: 10, fill: ColorScale.textColor(on: fill))
            }
        }
        for c in 0..<n {
            w.text(labels[c], x: x0 + (Double(c) + 0.5) * cell, y: y0 + size + 14, anchor: "middle",
                   cssClass: "tick x", fill: Palette.muted)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let width = max(8, (labels.map(\.count) + matrix.flatMap { $0 }.map { String($0).count }).max() ?? 8) + 2
        func cell(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var out = [cell("actual\\pred") + labels.map(cell).joined()]
        for (r, row) in matrix.enumerated() { out.append(cell(labels[r]) + row.map { cell(String($0)) }.joined()) }
        return out.map { String($0.prefix(columns)) }.joined(separator: "\n")
    }
}

extension Chart {
    /// A 2 × 2 confusion matrix of a binary classifier (rows actual, columns predicted).
    public static func confusion(
        _ counts: ConfusionCounts, labels: [String] = ["down (0)", "up (1)"], options: ChartOptions = ChartOptions()
    ) -> Chart {
        let matrix = [[counts.trueNegatives, counts.falsePositives], [counts.falseNegatives, counts.truePositives]]
        return confusion(matrix: matrix, labels: Array((labels + ["0", "1"]).prefix(2)), options: options)
    }

    /// An n × n confusion matrix `matrix[actual][predicted]` with class labels.
    public static func confusion(matrix: [[Int]], labels: [String], options: ChartOptions = ChartOptions()) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "Confusion matrix" }
        let n = min(labels.count, matrix.count)
        let m = matrix.prefix(n).map { Array($0.prefix(n)) }
        return Chart(body: ConfusionMatrixBody(labels: Array(labels.prefix(n)), matrix: m), options: options)
    }
}
