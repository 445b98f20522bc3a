/// Compact Unicode charts for terminals: braille line charts (2 × 4 dots per cell) and block-element bars.
///
/// Every function returns exactly `rows` lines of at most `columns` characters (no trailing newline), with the
/// y minimum and maximum written at the left edge. Plain text only (no ANSI colours), so it can go to a file.
public enum TerminalChart {
    /// Braille line chart of one or more series (drawn over one another), min/max labels on the left and
    /// optional first/last x labels on a bottom line.
    public static func lines(
        _ series: [[Double]], columns: Int = 80, rows: Int = 20, format: ValueFormat = .number,
        xLabels: (first: String, last: String)? = nil
    ) -> String {
        let columns = max(12, columns), rows = max(3, rows)
        guard let (lo0, hi0) = finiteExtent(series) else { return "(no data)" }
        var lo = lo0, hi = hi0
        if hi == lo {
            lo -= lo == 0 ? 1 : abs(lo) * 0.01
            hi += hi == 0 ? 1 : abs(hi) * 0.01
        }
        let plotRows = xLabels == nil ? rows : rows - 1
        let maxLabel = formatValue(hi0, format), minLabel = formatValue(lo0, format)
        let gutter = max(maxLabel.count, minLabel.count)
        let plotCols = max(4, columns - gutter - 1)
        var canvas = BrailleCanvas(columns: plotCols, rows: plotRows)
        let dotW = plotCols * 2, dotH = plotRows * 4
        func dotY(_ v: Double) -> Int {
            let f = (v - lo) / (hi - lo)
            return min(dotH - 1, max(0, Int(((1 - f) * Double(dotH - 1)).rounded())))
        }
        for values in series {
            let env = Downsample.envelope(values, buckets: dotW)
            var prev: (Int, Int)? = nil  // previous column's (top, bottom) dot rows
            for c in 0..<dotW {
                guard env.min[c].isFinite else {
                    prev = nil
                    continue
                }
                var top = dotY(env.max[c]), bottom = dotY(env.min[c])
                if let (pt, pb) = prev {
                    if bottom < pt { bottom = pt }  // rising: reach down to the previous top
                    if top > pb { top = pb }  // falling: reach up to the previous bottom
                }
                for r in top...bottom { canvas.set(x: c, y: r) }
                prev = (dotY(env.max[c]), dotY(env.min[c]))
            }
        }
        var lines = canvas.lines()
        for i in lines.indices {
            let label = i == 0 ? maxLabel : (i == lines.count - 1 ? minLabel : "")
            lines[i] = pad(label, gutter) + (i == 0 || i == lines.count - 1 ? "┤" : "│") + lines[i]
        }
        if let (first, last) = xLabels {
            let space = max(1, plotCols - first.count - last.count)
            lines.append(String(repeating: " ", count: gutter + 1) + first + String(repeating: " ", count: space) + last)
        }
        return lines.map { String($0.prefix(columns)) }.joined(separator: "\n")
    }

    /// Vertical block-element bars (▁▂▃▄▅▆▇█, 8 levels per row) for non-negative heights, one per column
    /// group, the largest height labelled top-left; `xLabels` go on a bottom line.
    public static func bars(
        _ heights: [Double], columns: Int = 80, rows: Int = 20, format: ValueFormat = .number,
        xLabels: (first: String, last: String)? = nil
    ) -> String {
        let columns = max(12, columns), rows = max(3, rows)
        let finite = heights.map { $0.isFinite ? max(0, $0) : 0 }
        guard !finite.isEmpty, let top = finite.max(), top > 0 else { return "(no data)" }
        let plotRows = xLabels == nil ? rows : rows - 1
        let maxLabel = formatValue(top, format), zero = formatValue(0, format)
        let gutter = max(maxLabel.count, zero.count)
        let plotCols = max(4, columns - gutter - 1)
        // resample bars onto the available columns (each bar at least one column wide)
        let n = finite.count
        var colHeights = [Double](repeating: 0, count: min(plotCols, max(n, plotCols / max(1, plotCols / n))))
        let width = colHeights.count
        for c in 0..<width {
            let a = c * n / width, b = max(a + 1, (c + 1) * n / width)
            colHeights[c] = finite[a..<min(b, n)].max() ?? 0
        }
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var lines: [String] = []
        for r in 0..<plotRows {
            var line = ""
            let rowBase = Double(plotRows - 1 - r) * 8
            for h in colHeights {
                let eighths = (h / top * Double(plotRows * 8)).rounded()
                let level = Int(min(8, max(0, eighths - rowBase)))
                line.append(blocks[level])
            }
            let label = r == 0 ? maxLabel : (r == plotRows - 1 ? zero : "")
            lines.append(pad(label, gutter) + (r == 0 || r == plotRows - 1 ? "┤" : "│") + line)
        }
        if let (first, last) = xLabels {
            let space = max(1, width - first.count - last.count)
            lines.append(String(repeating: " ", count: gutter + 1) + first + String(repeating: " ", count: space) + last)
        }
        return lines.map { String($0.prefix(columns)) }.joined(separator: "\n")
    }

    /// Histogram of `values` (NaN ignored) as block bars, with the value range on the bottom line.
    public static func histogram(_ values: [Double], bins: Int? = nil, columns: Int = 80, rows: Int = 20) -> String {
        let h = Histogram(values: values, bins: bins ?? max(5, min(60, columns - 10)))
        guard h.total > 0 else { return "(no data)" }
        return bars(h.counts.map(Double.init), columns: columns, rows: rows, format: .number,
                    xLabels: (formatValue(h.edges.first ?? 0, .number), formatValue(h.edges.last ?? 0, .number)))
    }

    /// A grid of shades (" ░▒▓█") for a matrix, row labels on the left; NaN cells blank.
    static func shades(_ grid: [[Double]], rowLabels: [String], columns: Int, rows: Int) -> String {
        guard let (lo, hi) = finiteExtent(grid) else { return "(no data)" }
        let shades: [Character] = ["·", "░", "▒", "▓", "█"]
        let gutter = min(12, rowLabels.map { $0.count }.max() ?? 0)
        let cellW = max(1, (columns - gutter - 1) / max(1, grid.first?.count ?? 1))
        var out: [String] = []
        for (i, row) in grid.prefix(rows).enumerated() {
            var line = pad(i < rowLabels.count ? String(rowLabels[i].prefix(gutter)) : "", gutter) + "│"
            for v in row {
                let ch: Character = v.isFinite
                    ? shades[hi > lo ? min(4, Int((v - lo) / (hi - lo) * 4.999)) : 2] : " "
                line += String(repeating: ch, count: cellW)
            }
            out.append(String(line.prefix(columns)))
        }
        return out.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}

/// A character grid of braille cells, each holding 2 × 4 dots.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var cells: [UInt8]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = [UInt8](repeating: 0, count: columns * rows)
    }

    /// Sets the dot at (x, y), x in 0..<2·columns, y in 0..<4·rows (y grows downwards).
    mutating func set(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { return }
        // braille dot bits: column 0 rows 0-3 → 0x01 0x02 0x04 0x40, column 1 → 0x08 0x10 0x20 0x80
        let bitsLeft: [UInt8] = [0x01, 0x02, 0x04, 0x40]
        let bitsRight: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        let bit = x % 2 == 0 ? bitsLeft[y % 4] : bitsRight[y % 4]
        cells[(y / 4) * columns + x / 2] |= bit
    }

    /// The rows as strings (blank cells as U+2800 replaced by spaces).
    func lines() -> [String] {
        (0..<rows).map { r in
            var s = String.UnicodeScalarView()
            for c in 0..<columns {
                let bits = cells[r * columns + c]
                s.append(bits == 0 ? " " : Unicode.Scalar(0x2800 + UInt32(bits))!)
            }
            return String(s)
        }
    }
}
