import Testing

@testable import Charts

@Suite struct ScatterChartTests {
    @Test func onePointPerPairSkippingNaN() throws {
        let x: [Double] = [1, 2, 3, .nan, 5], y: [Double] = [10, 20, 15, 1, 30]
        let svg = try SVGInspector(Chart.scatter(x, y, name: "xy").svg())
        #expect(svg.elements("circle", cssClass: "point").count == 4)
        let ticks = yTicks(svg)
        #expect(ticks.min()! <= 10 && ticks.max()! >= 30)
    }

    @Test func largeSamplesAreThinnedKeepingExtremes() throws {
        let n = 100_000
        let x = (0..<n).map(Double.init)
        var y = randomWalk(n, seed: 5)
        y[77_777] = 9_999
        let body = ScatterChartBody(x: x, y: y, name: "")
        let kept = body.keptIndices(maxPoints: 5_000)
        #expect(kept.count <= 5_000)
        #expect(kept.contains(77_777) && kept.contains(0) && kept.contains(n - 1))
        let svg = try SVGInspector(Chart.scatter(x, y).svg())
        #expect(svg.elements("circle", cssClass: "point").count <= 5_000)
    }
}
