import Testing

@testable import Charts

@Suite struct EquityChartTests {
    @Test func drawdownIsRelativeToTheRunningPeak() {
        #expect(drawdown([100, 110, 99, 120, 60]) == [0, 0, 99.0 / 110 - 1, 0, -0.5])
    }

    @Test func equityBenchmarkAndDrawdownPanes() throws {
        let n = 300
        let times = (0..<n).map { 1_600_000_000 + Int64($0) * 86_400 }
        let eq = randomWalk(n, seed: 2, start: 10_000).map { max(1, $0) }
        let bh = randomWalk(n, seed: 4, start: 10_000)
        let svg = try SVGInspector(Chart.equity(eq, times: times, benchmark: bh).svg())
        #expect(svg.pathPoints(cssClass: "line", series: "strategy") == n)
        #expect(svg.pathPoints(cssClass: "line", series: "buy & hold") == n)
        #expect(svg.pathPoints(cssClass: "drawdown", series: "drawdown") == n)
        #expect(svg.elements("path", cssClass: "drawdown-area").count == 1)
        #expect(svg.texts("y").contains { $0.hasSuffix("%") })
        let legend = svg.texts("legend-item")
        #expect(legend.prefix(2) == ["strategy", "buy & hold"])
        let worst = drawdown(eq).min()!
        #expect(legend.last == "max drawdown \(formatValue(worst, .percent, step: 0.001))")
    }
}
