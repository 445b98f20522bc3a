import Foundation
import Testing

@testable import Charts

@Suite struct ChartTests {
    @Test func saveWritesTheFileAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("line.svg").path
        try Chart.line([1, 2, 3]).save(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        _ = try SVGInspector(text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["line.svg"])
    }

    @Test func unwritablePathIsOneClearError() {
        let path = "/nonexistent-folder-\(UUID().uuidString)/chart.svg"
        #expect(throws: ChartError.self) { try Chart.line([1, 2, 3]).save(path: path) }
        do {
            try Chart.line([1, 2, 3]).save(path: path)
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("does not exist"))
        }
        #expect(throws: ChartError.self) { try Chart.line([1]).save(path: "/tmp") }
    }

    @Test func everyChartTypeSaysNoDataWhenEmpty() throws {
        let charts: [Chart] = [
            .line([Double]()), .area([ChartSeries(values: [.nan])]), .bar(categories: [], values: []),
            .histogram([Double.nan]), .scatter([], []), .candlesticks([]), .equity([]),
            .training(TrainingCurves(loss: [])), .roc(probabilities: [], labels: []),
            .calibration(ROCInput(probabilities: [], labels: [Bool]())),
            .confusion(ConfusionCounts(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)),
            .predictionDistribution(ROCInput(probabilities: [.nan], labels: [true])),
            .heatmap(values: [[.nan]], xLabels: ["a"], yLabels: ["b"]),
            .depth(DepthLevels(bids: [], asks: [])),
        ]
        for chart in charts {
            let svg = try SVGInspector(chart.svg())
            #expect(svg.texts("no-data") == ["no data"], "\(chart.kind)")
            #expect(chart.terminalString(columns: 40, rows: 10).contains("no data"), "\(chart.kind)")
        }
    }
}
