/// Calendar-month returns of an equity curve: a years × 12 grid plus each year's total (UTC months).
public struct MonthlyReturns: Sendable {
    /// The calendar years covered, increasing.
    public var years: [Int]
    /// `returns[y][m]`: return of month m+1 of `years[y]`; NaN where the curve has no data.
    public var returns: [[Double]]
    /// Compounded return of each year (over the months with data).
    public var yearly: [Double]

    /// Computes month returns from equity values at epoch-second times (sorted ascending).
    ///
    /// A month's return is its last equity over the previous month's last equity, minus one; the first month
    /// is measured from the first equity value. Non-finite or non-positive equity values are skipped. O(n).
    public init(times: [Int64], equity: [Double]) {
        var monthEnds: [(key: Int, value: Double)] = []
        var first: Double? = nil
        for (t, v) in zip(times, equity) where v.isFinite && v > 0 {
            if first == nil { first = v }
            let c = CivilTime(epoch: t)
            let key = c.year * 12 + (c.month - 1)
            if let last = monthEnds.last, last.key == key {
                monthEnds[monthEnds.count - 1].value = v
            } else {
                monthEnds.append((key, v))
            }
        }
        guard let start = first, let firstKey = monthEnds.first?.key, let lastKey = monthEnds.last?.key else {
            years = []
            returns = []
            yearly = []
            return
        }
        let y0 = firstKey / 12, y1 = lastKey / 12
        years = Array(y0...y1)
        var grid = [[Double]](repeating: [Double](repeating: .nan, count: 12), count: y1 - y0 + 1)
        var previous = start
        for m in monthEnds {
            grid[m.key / 12 - y0][m.key % 12] = m.value / previous - 1
            previous = m.value
        }
        returns = grid
        yearly = grid.map { row in
            let finite = row.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(1) { $0 * (1 + $1) } - 1
        }
    }

    /// The grid as a report table (Year, Jan … Dec, Year total), cells tinted by sign and size.
    public func table(caption: String? = "Monthly returns") -> ReportTable {
        let scale = max(0.01, returns.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0.01)
        func cell(_ r: Double) -> ReportTable.Cell {
            r.isFinite ? ReportTable.Cell(formatPlain(r * 100, decimals: 1) + "%", tone: r / scale) : ReportTable.Cell("")
        }
        let rows = years.indices.map { y in
            [ReportTable.Cell(String(years[y]))] + returns[y].map(cell) + [cell(yearly[y])]
        }
        return ReportTable(caption: caption, header: ["Year"] + monthNames + ["Year"], rows: rows)
    }
}
