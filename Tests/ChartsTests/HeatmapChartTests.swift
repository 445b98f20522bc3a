import Testing

@testable import Charts

@Suite struct HeatmapChartTests {
    @Test func oneCellPerGridValue() throws {
        let fast = [5, 10, 20, 50], slow = [50, 100, 200]
        let grid = slow.map { s in fast.map { f in Double(s - f) / 100 - 0.5 } }
        let chart = Chart.heatmap(values: grid, xLabels: fast.map(String.init), yLabels: slow.map(String.init),
                                  options: ChartOptions(title: "Sharpe by fast/slow", xLabel: "fast", yLabel: "slow"))
        let svg = try SVGInspector(chart.svg())
        #expect(svg.elements("rect", cssClass: "cell").count == 12)
        #expect(svg.texts("x") == ["5", "10", "20", "50"])
        #expect(svg.texts("y") == ["50", "100", "200"])
        #expect(svg.texts("cell-value").count == 12)
        #expect(chart.terminalString(columns: 40, rows: 6).split(separator: "\n").count == 4)
    }
}
