import Testing

@testable import Charts

@Suite struct HistogramChartTests {
    @Test func binsCountEveryFiniteValue() {
        let h = Histogram(values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, .nan], bins: 5)
        #expect(h.total == 11)
        #expect(h.counts == [2, 2, 2, 2, 3])
        #expect(h.edges.first == 0 && h.edges.last == 10)
    }

    @Test func oneBarPerBin() throws {
        let values = randomWalk(5_000, seed: 11)
        let svg = try SVGInspector(Chart.histogram(values, bins: 25).svg())
        #expect(svg.elements("rect", cssClass: "bar").count == 25)
        #expect(svg.texts("axis-label").contains("count"))
    }

    @Test func overlaidDensities() throws {
        let chart = Chart.histogram([ChartSeries(name: "a", values: [0.1, 0.2, 0.2]),
                                     ChartSeries(name: "b", values: [0.7, 0.8])],
                                    bins: 10, range: (0, 1), density: true)
        let svg = try SVGInspector(chart.svg())
        #expect(svg.elements("g", cssClass: "histogram").count == 2)
        #expect(svg.texts("legend-item") == ["a", "b"])
    }
}
