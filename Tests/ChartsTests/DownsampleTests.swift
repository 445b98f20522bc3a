import Foundation
import Testing

@testable import Charts

@Suite struct DownsampleTests {
    @Test func millionPointsKeepExtremesWithinBudget() {
        var y = randomWalk(1_000_000, seed: 7)
        y[123_457] = 1e6  // a lone spike
        y[876_543] = -1e6
        let idx = Downsample.m4Indices(y, maxPoints: 5_000)
        #expect(idx.count <= 5_000)
        #expect(idx.count > 4_000)
        let kept = idx.map { y[$0] }
        #expect(kept.max() == y.max())
        #expect(kept.min() == y.min())
        #expect(idx.contains(0) && idx.contains(y.count - 1))
        #expect(zip(idx, idx.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func shortSeriesComeBackWhole() {
        let y: [Double] = [3, 1, .nan, 4]
        #expect(Downsample.m4Indices(y, maxPoints: 5_000) == [0, 1, Downsample.gap, 3])
    }

    @Test func allNaNBucketsBecomeGaps() {
        var y = [Double](repeating: 1, count: 10_000)
        for i in 4_000..<6_000 { y[i] = .nan }
        let (xs, ys) = Downsample.m4(x: nil, y: y, maxPoints: 400)
        #expect(ys.contains { $0.isNaN })
        #expect(xs.count == ys.count)
    }

    @Test func millionPointLineChartDrawsAtMost5000Points() throws {
        let n = 1_000_000
        var y = randomWalk(n, seed: 3)
        y[500_000] = 10_000
        let start: Int64 = 1_600_000_000
        let series = ChartSeries(name: "ticks", times: (0..<n).map { start + Int64($0) * 60 }, values: y)
        let clock = ContinuousClock()
        var svgText = ""
        let elapsed = clock.measure { svgText = Chart.line([series]).svg() }
        let svg = try SVGInspector(svgText)
        let points = svg.pathPoints(cssClass: "line", series: "ticks")
        #expect(points <= 5_000)
        #expect(points > 1_000)
        // the spike is on the axis: the top tick reaches it
        #expect(yTicks(svg).max()! >= 10_000)
        print("1M-point line chart rendered in \(elapsed) (debug build: the 100 ms budget applies to release)")
    }
}
