import Testing

@testable import Charts

@Suite struct BarChartTests {
    @Test func oneRectPerCategoryAndSeries() throws {
        let chart = Chart.bar(categories: ["A", "B", "C"], series: [
            ChartSeries(name: "2023", values: [1, -2, 3]), ChartSeries(name: "2024", values: [2, 2, .nan]),
        ])
        let svg = try SVGInspector(chart.svg())
        #expect(svg.elements("rect", cssClass: "bar").count == 5)
        #expect(svg.texts("x") == ["A", "B", "C"])
        let ticks = yTicks(svg)
        #expect(ticks.min()! <= -2 && ticks.max()! >= 3)
    }
}
