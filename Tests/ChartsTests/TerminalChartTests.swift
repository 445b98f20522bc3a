import Foundation
import Testing

@testable import Charts

@Suite struct TerminalChartTests {
    @Test func brailleLineFitsTheSizeWithMinMaxLabels() {
        let values: [Double] = (0..<1_000).map { (i: Int) -> Double in Foundation.sin(Double(i) / 50) * 10 + 100 }
        let s = TerminalChart.lines([values], columns: 60, rows: 12)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.first!.trimmingCharacters(in: .whitespaces).hasPrefix(formatValue(values.max()!, .number)))
        #expect(lines.last!.trimmingCharacters(in: .whitespaces).hasPrefix(formatValue(values.min()!, .number)))
        #expect(s.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF })
    }

    @Test func equityShowsReturnAndDrawdown() {
        let eq = [100.0, 110, 90, 120, 130]
        let s = Chart.equity(eq, options: ChartOptions(title: "Equity")).terminalString(columns: 50, rows: 10)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 10)
        #expect(lines.first == "Equity")
        #expect(lines.last!.contains("return 30.0%"))
        #expect(lines.last!.contains("max drawdown -18.2%"))
    }

    @Test func histogramUsesBlocks() {
        let s = TerminalChart.histogram(randomWalk(10_000), bins: 30, columns: 50, rows: 8)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)
        #expect(s.contains("█"))
        #expect(lines.allSatisfy { $0.count <= 50 })
    }

    @Test func everyChartHasATerminalView() {
        let charts: [Chart] = [
            .line([1, 2, 3]), .histogram([1, 2, 2, 3]), .scatter([1, 2, 3], [3, 1, 2]),
            .candlesticks(makeCandles(30)), .bar(categories: ["a", "b"], values: [1, 2]),
            .roc(classifierSample(200)), .training(TrainingCurves(loss: [1, 0.5], validationLoss: [1.1, 0.7])),
            .depth(DepthLevels(bids: [(1, 1)], asks: [(2, 1)])),
        ]
        for chart in charts {
            let s = chart.terminalString(columns: 40, rows: 10)
            #expect(!s.isEmpty && !s.contains("no data"), "\(chart.kind)")
            #expect(s.split(separator: "\n", omittingEmptySubsequences: false).count <= 10, "\(chart.kind)")
        }
    }
}
