import Backtesting
import Charts
import Foundation
import LuaRuntime
import MarketData
import NeuralNet

/// `result:report(path)` and `model:report(path, bars)`: self-contained HTML reports (inline SVG, no network).
enum ReportBinding {
    /// The backtest tearsheet: equity vs buy-and-hold, drawdown, monthly returns, trade statistics, costs.
    static var backtestReport: LuaMethod<ResultObject> { LuaMethod<ResultObject>(
        "report", "report(path [, {title=}])", "Writes an HTML tearsheet: equity vs buy-and-hold, drawdown, monthly returns, trades, costs."
    ) { r, call in
        let path = try call.string(2)
        let o = try call.options(3, function: "report")
        let title = try o.string("title", default: "Backtest tearsheet")
        try o.finish()
        let equity = r.result.equity
        let times = r.time.count == equity.count ? r.time : r.result.time
        let benchmark = r.closes.count == equity.count && (r.closes.first ?? 0) > 0
            ? r.closes.map { $0 / r.closes[0] * (equity.first ?? 0) } : nil
        let c = r.result.costs
        let input = TearsheetInput(
            title: title, times: times, equity: equity, benchmark: benchmark,
            tradePnL: r.result.trades.map(\.pnl), tradeBars: r.result.trades.map(\.barsHeld),
            costs: [("gross PnL", c.gross), ("commissions", c.commissions), ("fees", c.fees), ("spread", c.spread),
                    ("slippage", c.slippage), ("net PnL", c.net)],
            extraMetrics: r.result.metrics.entries.map { ($0.key, String(format: "%.4g", $0.value)) })
        try HTMLReport.tearsheet(input).save(path: path)
        return 0
    } }

    /// The model report: training curves, ROC, calibration, confusion matrix, prediction distribution, metrics.
    static var modelReport: LuaMethod<LSTMModel> { LuaMethod<LSTMModel>(
        "report", "report(path, bars_or_frame [, {title=, threshold=0.5}])",
        "Writes an HTML model report evaluated on the given (preferably unseen) bars."
    ) { m, call in
        let path = try call.string(2)
        let (features, bars) = try NeuralNetBinding.features(call, 3, names: m.featureNames)
        let o = try call.options(4, function: "report")
        let title = try o.string("title", default: "Model report")
        let threshold = try o.number("threshold", default: 0.5)
        let labels = try NeuralNetBinding.labels(call, bars: bars, horizon: m.metadata.windowing.horizon, options: o)
        try o.finish()
        let p = try m.predictSeries(features: features)
        let keep = (0..<p.count).filter { !p[$0].isNaN && !labels[$0].isNaN }
        let evaluation = ROCInput(probabilities: keep.map { Double(p[$0]) }, labels: keep.map { labels[$0] > 0.5 })
        let report = try m.evaluate(features: features, labels: labels, threshold: threshold)
        var curves: TrainingCurves?
        if let h = m.metadata.history {
            curves = TrainingCurves(loss: h.epochs.map(\.loss), validationLoss: h.epochs.map { $0.valLoss ?? .nan },
                                    accuracy: h.epochs.map(\.accuracy), validationAccuracy: h.epochs.map { $0.valAccuracy ?? .nan },
                                    validationAUC: h.epochs.map { $0.valAUC ?? .nan })
        }
        let metrics: [(String, String)] = [
            ("windows", "\(report.count)"), ("accuracy", String(format: "%.4f", report.accuracy)),
            ("base rate (majority class)", String(format: "%.4f", report.baseRate)), ("AUC", String(format: "%.4f", report.auc)),
            ("log-loss", String(format: "%.4f", report.logLoss)), ("Brier", String(format: "%.4f", report.brier)),
            ("precision", String(format: "%.4f", report.precision)), ("recall", String(format: "%.4f", report.recall)),
            ("F1", String(format: "%.4f", report.f1)), ("parameters", "\(m.parameterCount)"),
        ]
        try HTMLReport.modelReport(ModelReportInput(title: title, history: curves, evaluation: evaluation,
                                                    threshold: threshold, metrics: metrics)).save(path: path)
        return 0
    } }
}
