import Testing

@testable import Charts

func makeCandles(_ n: Int, start: Int64 = 1_704_067_200, step: Int64 = 86_400) -> [Candle] {
    let closes = randomWalk(n + 1, seed: 9)
    return (0..<n).map { i in
        let o = closes[i], c = closes[i + 1]
        return Candle(time: start + Int64(i) * step, open: o, high: max(o, c) + 0.5, low: min(o, c) - 0.5, close: c,
                      volume: Double(1_000 + (i * 37) % 500))
    }
}

@Suite struct CandlestickChartTests {
    @Test func oneBodyAndOneVolumeBarPerCandle() throws {
        let candles = makeCandles(60)
        let svg = try SVGInspector(Chart.candlesticks(candles, options: ChartOptions(title: "AAPL")).svg())
        #expect(svg.elements("rect", cssClass: "candle").count == 60)
        #expect(svg.elements("line", cssClass: "wick").count == 60)
        #expect(svg.elements("rect", cssClass: "volume").count == 60)
        let ticks = yTicks(svg).filter { $0 > 10 }  // price ticks (volume ticks are on the same class)
        #expect(ticks.min()! <= candles.map(\.low).min()!)
        #expect(svg.texts("x").allSatisfy { $0.hasPrefix("2024-") })
    }

    @Test func manyCandlesAreMergedKeepingExtremes() {
        let candles = makeCandles(20_000, step: 60)
        let merged = Candle.aggregate(candles, maxCount: 250)
        #expect(merged.count == 250)
        #expect(merged.map(\.high).max() == candles.map(\.high).max())
        #expect(merged.map(\.low).min() == candles.map(\.low).min())
        #expect(merged.map(\.volume).reduce(0, +) == candles.map(\.volume).reduce(0, +))
        #expect(merged.first?.open == candles.first?.open && merged.last?.close == candles.last?.close)
    }
}
