import Foundation
import Testing

@testable import Charts

@Suite struct LineChartTests {
    @Test func svgParsesAndCarriesEverySeries() throws {
        let a = ChartSeries(name: "fast", values: (0..<100).map { Double($0) })
        let b = ChartSeries(name: "slow", values: (0..<100).map { 200 - Double($0) })
        let chart = Chart.line([a, b], options: ChartOptions(title: "Two lines", xLabel: "bar", yLabel: "price"))
        let svg = try SVGInspector(chart.svg())
        #expect(svg.document.rootElement()?.name == "svg")
        #expect(svg.pathPoints(cssClass: "line", series: "fast") == 100)
        #expect(svg.pathPoints(cssClass: "line", series: "slow") == 100)
        #expect(svg.texts("chart-title") == ["Two lines"])
        #expect(svg.texts("legend-item") == ["fast", "slow"])
        // the y axis covers the data: ticks from ≤ 0 to ≥ 200
        let ticks = yTicks(svg)
        #expect(ticks.min()! <= 0 && ticks.max()! >= 200)
        #expect(svg.texts("axis-label").contains("price"))
    }

    @Test func timeSeriesGetsDateLabels() throws {
        let start = CivilTime(year: 2023, month: 1, day: 2).epoch
        let times = (0..<500).map { start + Int64($0) * 86_400 }
        let chart = Chart.line([ChartSeries(name: "close", times: times, values: randomWalk(500))])
        let svg = try SVGInspector(chart.svg())
        let labels = svg.texts("x")
        #expect(!labels.isEmpty)
        #expect(labels.contains { $0.contains("2023") || $0.contains("2024") })
        #expect(labels.contains { label in monthNames.contains { label.hasPrefix($0) } })
    }

    @Test func nanBreaksTheLineIntoPieces() throws {
        var v = (0..<50).map(Double.init)
        v[20] = .nan
        let svg = try SVGInspector(Chart.line(v).svg())
        let path = svg.elements("path", cssClass: "line")[0]
        let d = attr(path, "d") ?? ""
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(SVGInspector.pointCount(path) == 49)
    }

    @Test func emptyAndAllNaNSayNoData() throws {
        for chart in [Chart.line([Double]()), Chart.line([Double.nan, .nan]), Chart.line([ChartSeries]())] {
            let svg = try SVGInspector(chart.svg())
            #expect(svg.texts("no-data") == ["no data"])
            #expect(!chart.hasData)
            #expect(chart.terminalString(columns: 40, rows: 8).contains("no data"))
        }
    }

    @Test func areaFillsDownToZero() throws {
        let chart = Chart.area([ChartSeries(name: "exposure", values: [1, 3, 2, 5, 4])])
        let svg = try SVGInspector(chart.svg())
        #expect(svg.elements("path", cssClass: "area").count == 1)
        #expect(svg.pathPoints(cssClass: "line") == 5)
        #expect(yTicks(svg).min()! == 0)
        #expect(chart.kind == "area")
    }

    @Test func xmlSpecialCharactersInNamesAreEscaped() throws {
        let chart = Chart.line([ChartSeries(name: "a<b & \"c\"", values: [1, 2])],
                               options: ChartOptions(title: "P&L <test>"))
        let svg = try SVGInspector(chart.svg())
        #expect(svg.texts("chart-title") == ["P&L <test>"])
        #expect(svg.texts("legend-item") == ["a<b & \"c\""])
    }
}
