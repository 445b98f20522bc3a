import Testing

@testable import Charts

@Suite struct DepthChartTests {
    @Test func cumulativeSidesAndMid() throws {
        let levels = DepthLevels(bids: [(99.9, 5), (100.0, 2), (99.8, 10)], asks: [(100.2, 4), (100.1, 1)])
        #expect(levels.cumulativeBids.map(\.size) == [2, 7, 17])
        #expect(levels.cumulativeAsks.map(\.size) == [1, 5])
        #expect(abs(levels.mid! - 100.05) < 1e-9)
        let svg = try SVGInspector(Chart.depth(levels).svg())
        #expect(svg.pathPoints(cssClass: "depth", series: "bids") == 6 + 2)  // 2 per level + closing to baseline
        #expect(svg.pathPoints(cssClass: "depth", series: "asks") == 4 + 2)
        #expect(svg.texts("annotation").first?.hasPrefix("mid 100.05") == true)
        #expect(yTicks(svg).max()! >= 17)
    }
}
