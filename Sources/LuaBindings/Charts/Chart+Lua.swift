import Charts
import Foundation
import LuaRuntime
import MarketData

/// `lunar.plot`: charts as standalone SVG (`:save(path)`) and as terminal charts (`:show()`).
enum PlotBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.plot",
            summary: "Charts: SVG files (:save) and Unicode terminal charts (:show); 1M points downsampled with extremes kept.",
            functions: [
                LuaFunctionSpec("line", "line(series_or_list, {title=, ylabel=, format='number'|'price'|'percent'})",
                                "Line chart of one Series or a list of Series (time axis when they have times).") { call in
                    let o = try call.options(2, function: "line")
                    let options = try chartOptions(o)
                    try o.finish()
                    return push(.line(try seriesList(call, 1), options: options), call)
                },
                LuaFunctionSpec("candles", "candles(bars, {title=, volume=true})", "Candlesticks with a volume pane.") { call in
                    let bars = try BarSeriesBinding.bars(call, 1)
                    let o = try call.options(2, function: "candles")
                    let volume = try o.boolean("volume", default: true)
                    let options = try chartOptions(o)
                    try o.finish()
                    let candles = (0..<bars.count).map {
                        Candle(time: bars.time[$0], open: bars.open[$0], high: bars.high[$0], low: bars.low[$0],
                               close: bars.close[$0], volume: bars.volume[$0])
                    }
                    return push(.candlesticks(candles, volume: volume, options: options), call)
                },
                LuaFunctionSpec("hist", "hist(series, {bins=30, title=})", "Histogram of a Series.") { call in
                    let s = try SeriesBinding.series(call, 1)
                    let o = try call.options(2, function: "hist")
                    let bins = try o.integer("bins", default: 30)
                    let options = try chartOptions(o)
                    try o.finish()
                    return push(.histogram(s.values, bins: bins, name: s.name, options: options), call)
                },
                LuaFunctionSpec("scatter", "scatter(x, y, {title=})", "Scatter plot of two aligned Series.") { call in
                    let x = try SeriesBinding.series(call, 1), y = try SeriesBinding.series(call, 2)
                    let o = try call.options(3, function: "scatter")
                    let options = try chartOptions(o)
                    try o.finish()
                    return push(.scatter(x.values, y.values, name: y.name, options: options), call)
                },
                LuaFunctionSpec("equity", "equity(result, {title=})", "Equity vs buy-and-hold with the drawdown pane, from a backtest result.") {
                    call in
                    guard let r = call.state.object(at: 1, of: ResultBinding.cls) else {
                        throw LuaArgumentError(index: 1, expected: "lunar.BacktestResult")
                    }
                    let o = try call.options(2, function: "equity")
                    let options = try chartOptions(o, defaultTitle: "Equity")
                    try o.finish()
                    let equity = r.result.equity
                    let times = r.time.count == equity.count ? r.time : nil
                    // Buy and hold with the same starting cash, from the backtest's closes.
                    let closes = r.closes
                    let benchmark = closes.count == equity.count && (closes.first ?? 0) > 0
                        ? closes.map { $0 / closes[0] * (equity.first ?? 0) } : nil
                    return push(.equity(equity, times: times, benchmark: benchmark, options: options), call)
                },
                LuaFunctionSpec("roc", "roc(probabilities, labels)", "ROC curve with its AUC (probabilities and 0/1 labels as Series).") {
                    call in
                    let p = try SeriesBinding.series(call, 1).values, y = try SeriesBinding.series(call, 2).values
                    guard p.count == y.count else {
                        throw LuaArgumentError(index: 2, message: "labels have \(y.count) values for \(p.count) probabilities")
                    }
                    let keep = (0..<p.count).filter { !p[$0].isNaN && !y[$0].isNaN }
                    return push(.roc(probabilities: keep.map { p[$0] }, labels: keep.map { y[$0] }), call)
                },
                LuaFunctionSpec("training", "training(history)", "Training curves (loss, accuracy, AUC; train vs validation) from model:fit's history.") {
                    call in
                    _ = try call.table(1)
                    func column(_ key: String) throws -> [Double] {
                        guard case .table(let t) = call.value(1), case .array(let a)? = t[.string(key)] else { return [] }
                        return a.map { if case .number(let d) = $0 { return d } else if case .integer(let i) = $0 { return Double(i) } else { return .nan } }
                    }
                    let curves = TrainingCurves(loss: try column("loss"), validationLoss: try column("val_loss"),
                                                accuracy: try column("accuracy"), validationAccuracy: try column("val_accuracy"),
                                                validationAUC: try column("val_auc"))
                    return push(.training(curves), call)
                },
            ],
            classes: [AnyLuaClass(cls)])
    }

    static func chartOptions(_ o: LuaOptions, defaultTitle: String = "") throws -> ChartOptions {
        var options = ChartOptions(title: try o.string("title", default: defaultTitle))
        options.width = try o.integer("width", default: options.width)
        options.height = try o.integer("height", default: options.height)
        options.xLabel = try o.stringIfPresent("xlabel")
        options.yLabel = try o.stringIfPresent("ylabel")
        switch try o.string("format", default: "number") {
        case "number": options.yFormat = .number
        case "price": options.yFormat = .price
        case "percent": options.yFormat = .percent
        case "compact": options.yFormat = .compact
        case let other: throw LuaArgumentError(index: 2, message: "field 'format': 'number', 'price', 'percent' or 'compact' expected, got '\(other)'")
        }
        return options
    }

    /// One Series or a Lua list of Series at argument `i`.
    static func seriesList(_ call: LuaCall, _ i: Int32) throws -> [ChartSeries] {
        func chartSeries(_ s: Series) -> ChartSeries {
            s.time.count == s.count ? ChartSeries(name: s.name, times: s.time, values: s.values) : ChartSeries(name: s.name, values: s.values)
        }
        if let s = try? SeriesBinding.series(call, i) { return [chartSeries(s)] }
        let t = try call.table(i)
        var out: [ChartSeries] = []
        for k in 1...max(1, t.count) where t.count > 0 {
            LuaStateAccess.pushIndex(call.state, table: t.index, k)
            defer { call.state.pop() }
            guard let s: Shared<Series> = call.state.object(at: -1, of: SeriesBinding.cls) else {
                throw LuaArgumentError(index: i, message: "element \(k): lunar.Series expected")
            }
            out.append(chartSeries(s.value))
        }
        return out
    }

    nonisolated(unsafe) static let cls: LuaClass<Shared<Chart>> = {
        var cls = LuaClass<Shared<Chart>>("lunar.Chart", summary: "A chart: :save(path) writes SVG, :show() draws it in the terminal.")
        cls.methods = [
            LuaMethod("save", "save(path)", "Writes the chart as a standalone SVG file.") { c, call in
                try c.value.save(path: try call.string(2))
                return 0
            },
            LuaMethod("show", "show([columns, rows])", "Prints a Unicode chart sized to the terminal (inline SVG in a notebook).") { c, call in
                if NotebookRunner.capture(c.value, in: call.state) { return 0 }
                if isatty(STDOUT_FILENO) == 0 && !call.state.userInfo.keys.contains("plot.force_terminal") {
                    // Not a terminal (a pipe, a log): write the chart to a file and say where.
                    let path = FileManager.default.temporaryDirectory
                        .appendingPathComponent("lunar-\(c.value.kind)-\(UUID().uuidString.prefix(8)).svg").path
                    try c.value.save(path: path)
                    print("(chart written to \(path))")
                    return 0
                }
                let columns = try call.integer(2, default: terminalColumns())
                let rows = try call.integer(3, default: 16)
                print(c.value.terminalString(columns: columns, rows: rows))
                return 0
            },
            LuaMethod("svg", "svg()", "The SVG text.") { c, call in
                call.push(c.value.svg())
                return 1
            },
        ]
        cls.describe = { "Chart(\($0.value.kind))" }
        cls.hasCloseMethod = false
        return cls
    }()

    static func push(_ chart: Chart, _ call: LuaCall) -> Int32 {
        call.push(Shared(chart), as: cls)
        return 1
    }
}

/// The terminal's width in columns (TIOCGWINSZ), else $COLUMNS, else 80.
func terminalColumns() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
}
