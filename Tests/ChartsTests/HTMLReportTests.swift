import Foundation
import Testing

@testable import Charts

@Suite struct HTMLReportTests {
    @Test func sectionsMarkdownTablesAndChartsParse() throws {
        var report = HTMLReport(title: "Research <notes>", introduction: "An *intro*.")
        report.addSection("Findings")
        report.addMarkdown("Some **bold** text,  \nline two\n\n---\n\n- a\n- b")
        report.addTable(ReportTable(caption: "Numbers", keyValues: [("Sharpe", "1.20"), ("P&L", "3 < 4")]))
        report.addSection("Figures")
        report.addChart(Chart.line([1, 2, 3], name: "x"), caption: "A line")
        report.addPreformatted(TerminalChart.lines([[1, 2, 3]], columns: 30, rows: 4))
        let html = report.html()
        let doc = try SVGInspector(html)
        #expect(doc.elements("section").compactMap { attr($0, "id") } == ["findings", "figures"])
        #expect(doc.elements("h2").compactMap(\.stringValue) == ["Findings", "Figures"])
        #expect(doc.elements("strong").first?.stringValue == "bold")
        #expect(doc.elements("li").count >= 2)
        #expect(doc.elements("table").count == 1)
        #expect(doc.elements("svg").count == 1)
        #expect(doc.elements("figcaption").first?.stringValue == "A line")
        #expect(doc.elements("title").first?.stringValue == "Research <notes>")
        #expect(!html.contains("http://") || !html.contains("<script"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func monthlyReturnsGrid() {
        // month-end equity: Jan 2023 → 110, Feb → 99, Mar → 108.9, Jan 2024 → 130.68
        let day: Int64 = 86_400
        let t0 = CivilTime(year: 2023, month: 1, day: 2).epoch
        let times = [t0, t0 + 20 * day, CivilTime(year: 2023, month: 2, day: 27).epoch,
                     CivilTime(year: 2023, month: 3, day: 30).epoch, CivilTime(year: 2024, month: 1, day: 15).epoch]
        let equity = [100.0, 110, 99, 108.9, 130.68]
        let m = MonthlyReturns(times: times, equity: equity)
        #expect(m.years == [2023, 2024])
        #expect(abs(m.returns[0][0] - 0.10) < 1e-12)
        #expect(abs(m.returns[0][1] - -0.10) < 1e-12)
        #expect(abs(m.returns[0][2] - 0.10) < 1e-12)
        #expect(m.returns[0][3].isNaN)
        #expect(abs(m.returns[1][0] - 0.20) < 1e-12)
        #expect(abs(m.yearly[0] - 0.089) < 1e-12)
        let table = m.table()
        #expect(table.header.count == 14)
        #expect(table.rows[0][1].text == "10.0%")
        #expect(table.rows[0][2].text == "-10.0%")
    }

    @Test func tearsheetHasEverySection() throws {
        let n = 800
        let start = CivilTime(year: 2021, month: 3, day: 1).epoch
        let times = (0..<n).map { start + Int64($0) * 86_400 }
        let eq = randomWalk(n, seed: 31, start: 10_000)
        let bh = randomWalk(n, seed: 32, start: 10_000)
        let input = TearsheetInput(title: "SMA cross on SPY", times: times, equity: eq, benchmark: bh,
                                   tradePnL: [120, -40, 35, -80, 210, -15], tradeBars: [5, 3, 8, 2, 12, 1],
                                   costs: [("commission", 42.5), ("spread", 18), ("slippage", 7.25)],
                                   extraMetrics: [("Deflated Sharpe", "0.41")], notes: "Daily bars, IBKR costs.")
        let report = try HTMLReport.tearsheet(input)
        #expect(report.sections.map(\.id) == ["summary", "equity", "monthly-returns", "trades", "costs"])
        let doc = try SVGInspector(report.html())
        #expect(doc.elements("section").count == 5)
        #expect(doc.elements("svg").compactMap { attr($0, "data-chart") } == ["equity", "histogram"])
        let captions = doc.elements("caption").compactMap(\.stringValue)
        #expect(captions == ["Performance", "Details", "Monthly returns", "Trades", "Cost breakdown"])
        // monthly table: years 2021…2023 (800 days from March 2021)
        let monthly = doc.elements("table")[2]
        #expect((monthly.stringValue ?? "").contains("2021") && (monthly.stringValue ?? "").contains("2023"))
        #expect(doc.allText.contains("Total"))
    }

    @Test func tearsheetRejectsMismatchedLengths() {
        #expect(throws: ChartError.self) {
            try HTMLReport.tearsheet(TearsheetInput(times: [1, 2], equity: [1]))
        }
    }

    @Test func modelReportHasEverySection() throws {
        let curves = TrainingCurves(loss: [0.7, 0.6, 0.58], validationLoss: [0.7, 0.66, 0.67],
                                    accuracy: [0.5, 0.55, 0.57], validationAccuracy: [0.5, 0.53, 0.52])
        let report = HTMLReport.modelReport(ModelReportInput(
            title: "LSTM 32", history: curves, evaluation: classifierSample(3_000), threshold: 0.5,
            metrics: [("Units", "32")], notes: "Out-of-sample from 2023."))
        #expect(report.sections.map(\.id)
                == ["metrics", "training", "roc", "calibration", "confusion", "predictions"])
        let doc = try SVGInspector(report.html())
        #expect(doc.elements("svg").compactMap { attr($0, "data-chart") }
                == ["training", "roc", "calibration", "confusion", "prediction-distribution"])
        let text = doc.allText
        for metric in ["AUC", "Accuracy", "Brier score", "Base rate", "Best loss", "Units"] {
            #expect(text.contains(metric), "\(metric)")
        }
    }

    @Test func reportSaveFailsClearly() throws {
        let report = HTMLReport(title: "x")
        #expect(throws: ChartError.self) { try report.save(path: "/no/such/folder/report.html") }
    }
}
