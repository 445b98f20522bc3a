import Backtesting
import Foundation
import LuaRuntime
import MarketData

/// `lunar.backtest.walk_forward{…}` and its result.
enum WalkForwardBinding {
    final class Object {
        let result: WalkForwardResult
        let time: [Int64]
        let closes: [Double]
        init(_ result: WalkForwardResult, time: [Int64], closes: [Double]) {
            self.result = result
            self.time = time
            self.closes = closes
        }
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.WalkForwardResult", summary: "Out-of-sample results stitched across folds.")
        cls.methods = [
            LuaMethod("metrics", "metrics()", "Metrics of the stitched out-of-sample backtest.") { w, call in
                call.push(ResultBinding.metricsTable(w.result.outOfSample.metrics))
                return 1
            },
            LuaMethod("folds", "folds()", "Per fold: train/test bar ranges (1-based) and metrics.") { w, call in
                let rows: [LuaValue] = zip(w.result.folds, w.result.foldResults).map { fold, r in
                    var t: [LuaValue: LuaValue] = [:]
                    t[.string("train_first")] = .integer(Int64(fold.train.lowerBound + 1))
                    t[.string("train_last")] = .integer(Int64(fold.train.upperBound))
                    t[.string("test_first")] = .integer(Int64(fold.test.lowerBound + 1))
                    t[.string("test_last")] = .integer(Int64(fold.test.upperBound))
                    t[.string("metrics")] = ResultBinding.metricsTable(r.metrics)
                    return .table(t)
                }
                call.push(.array(rows))
                return 1
            },
            LuaMethod("equity", "equity()", "Out-of-sample equity (Series on the test bars).") { w, call in
                SeriesBinding.push(Series(name: "equity", time: w.result.barIndices.map { w.time[$0] },
                                          values: w.result.outOfSample.equity), call)
            },
            LuaMethod("trades", "trades()", "Out-of-sample trades (bars counted along the stitched curve).") { w, call in
                call.push(.array(w.result.outOfSample.trades.map(ResultBinding.tradeTable)))
                return 1
            },
            LuaMethod("report", "report(path [, {title=}])", "Writes the HTML tearsheet of the stitched out-of-sample backtest.") {
                w, call in
                let object = ResultObject(w.result.outOfSample, time: w.result.barIndices.map { w.time[$0] },
                                          closes: w.result.barIndices.map { w.closes[$0] })
                return try ReportBinding.backtestReport.body(object, call)
            },
            LuaMethod("result", "result()", "The stitched out-of-sample backtest as a BacktestResult.") { w, call in
                call.push(ResultObject(w.result.outOfSample, time: w.result.barIndices.map { w.time[$0] }),
                          as: ResultBinding.cls)
                return 1
            },
        ]
        cls.describe = { w in
            "WalkForwardResult: \(w.result.folds.count) folds, out of sample:\n" + w.result.outOfSample.description
        }
        return cls
    }()

    static var spec: LuaFunctionSpec { LuaFunctionSpec(
        "walk_forward",
        "walk_forward{bars=, train=, test=, step=test, gap=5, anchored=false, fit=function(train_bars), signal=function(model, bars), …}",
        "Walk-forward evaluation: fit on each training window, trade the next test window, stitch the results.",
        details: """
            Folds: train N bars, a gap (≥ the label horizon), test M bars, then move by step (≥ test).
            anchored=true grows the training window from the first bar instead of rolling it.
            fit(train_bars) returns anything (a model); signal(model, bars) gets the bars from the first bar through
            the fold's last test bar and returns a Series (target position; probabilities when threshold= is given)
            or {entries=, exits=}; its last M values are the test window's signals. Each fold starts flat with the
            previous fold's equity. Any run{} option (costs, size, fill, stops…) applies to every fold.
            """
    ) { call in
        let o = try call.options(1, function: "walk_forward")
        let (bars, barSeries) = try BacktestBinding.backtestBars(o)
        guard let train = try o.integer("train"), let test = try o.integer("test") else {
            throw LuaArgumentError(index: 1, message: "fields 'train' and 'test' (bar counts) are required")
        }
        let step = try o.integer("step", default: test)
        let gap = try o.integer("gap", default: 5)
        let anchored = try o.boolean("anchored", default: false)
        guard let signal = try o.function("signal") else {
            throw LuaArgumentError(index: 1, message: "field 'signal': function expected, got nil")
        }
        let fit = try o.function("fit")
        let threshold = try o.numberIfPresent("threshold")
        let allowShort = try o.boolean("allow_short", default: false)
        let config = try BacktestBinding.config(o)
        try o.finish()
        let folds = try WalkForward.folds(barCount: bars.count, train: train, test: test, step: step, gap: gap,
                                          anchored: anchored)
        let state = call.state
        let result = try WalkForward.run(bars: bars, folds: folds, config: config) { fold in
            try Interrupt.check()
            let base = state.top
            defer { state.top = base }
            // fit(train_bars) → model (kept on the stack for signal).
            if let fit {
                fit.push()
                _ = BarSeriesBinding.push(barSeries.slice(fold.train), call)
                try state.call(nargs: 1, nresults: 1)
            } else {
                state.push(.nil)
            }
            let model = state.top
            signal.push()
            LuaStateAccess.pushCopy(state, of: model)
            _ = BarSeriesBinding.push(barSeries.slice(0..<fold.test.upperBound), call)
            try state.call(nargs: 2, nresults: 1)
            return try BacktestBinding.signals(fromTopOf: state, count: fold.test.count, threshold: threshold,
                                               allowShort: allowShort, what: "signal() of fold \(fold.index + 1)")
        }
        call.push(Object(result, time: barSeries.time, closes: barSeries.close), as: cls)
        return 1
    } }
}

/// `lunar.backtest.sweep{…}` and its result.
enum SweepBinding {
    final class Object {
        let result: SweepResult
        let parameters: [LuaValue]
        init(_ result: SweepResult, parameters: [LuaValue]) {
            self.result = result
            self.parameters = parameters
        }
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.SweepResult", summary: "A parameter sweep with overfitting statistics.")
        cls.methods = [
            LuaMethod("best", "best()", "The best combination: params, metrics.") { s, call in
                call.push(row(s, s.result.bestIndex))
                return 1
            },
            LuaMethod("results", "results()", "Every combination: {params=, metrics=}.") { s, call in
                call.push(.array(s.parameters.indices.map { row(s, $0) }))
                return 1
            },
            LuaMethod("deflated_sharpe", "deflated_sharpe()",
                      "Deflated Sharpe ratio of the best combination (Bailey & López de Prado 2014): probability, sharpe, benchmark, trials.") {
                s, call in
                guard let d = s.result.deflatedSharpe else { call.pushNil(); return 1 }
                call.push(.table([.string("probability"): .number(d.deflatedSharpe), .string("sharpe"): .number(d.sharpe),
                                  .string("benchmark"): .number(d.benchmark), .string("trials"): .integer(Int64(d.trials))]))
                return 1
            },
            LuaMethod("pbo", "pbo()", "Probability of backtest overfitting by CSCV (Bailey et al. 2015), or nil.") { s, call in
                if let p = s.result.overfitting?.pbo { call.push(p) } else { call.pushNil() }
                return 1
            },
        ]
        cls.describe = { s in
            let best = s.result.metrics[s.result.bestIndex]
            var lines = ["SweepResult: \(s.parameters.count) combinations on \(s.result.threads) threads; best by \(s.result.objective): \(s.parameters[s.result.bestIndex])"]
            lines.append(String(format: "  return %.2f%%  sharpe %.3f  trades %d", best.returnPct, best.sharpe, best.trades))
            if let d = s.result.deflatedSharpe { lines.append(String(format: "  deflated Sharpe probability %.3f (%d trials)", d.deflatedSharpe, d.trials)) }
            if let p = s.result.overfitting?.pbo { lines.append(String(format: "  probability of backtest overfitting %.3f", p)) }
            return lines.joined(separator: "\n")
        }
        return cls
    }()

    static func row(_ s: Object, _ i: Int) -> LuaValue {
        .table([.string("params"): s.parameters[i], .string("metrics"): ResultBinding.metricsTable(s.result.metrics[i])])
    }

    static var spec: LuaFunctionSpec { LuaFunctionSpec(
        "sweep", "sweep{bars=, grid={fast={5,6,…}, slow={20,…}}, signal=function(params, bars), objective='sharpe', …}",
        "Backtests every combination of the grid in parallel; reports the best, its deflated Sharpe and the PBO.",
        details: """
            signal(params, bars) returns a Series (target; probabilities with threshold=) or {entries=, exits=}, or
            nil to skip the combination. Signals are computed in Lua first, then the backtests run on all cores
            (LUNAR_THREADS caps them). blocks= sets the CSCV blocks (even, default 16). Any run{} option applies.
            """
    ) { call in
        let o = try call.options(1, function: "sweep")
        let (bars, barSeries) = try BacktestBinding.backtestBars(o)
        guard case .table(let grid) = o.value("grid"), !grid.isEmpty else {
            throw LuaArgumentError(index: 1, message: "field 'grid': a table {name = {values…}} expected")
        }
        guard let signal = try o.function("signal") else {
            throw LuaArgumentError(index: 1, message: "field 'signal': function expected, got nil")
        }
        let objective = try o.string("objective", default: "sharpe")
        let blocks = try o.integer("blocks", default: 16)
        let threads = try o.integer("threads")
        let threshold = try o.numberIfPresent("threshold")
        let allowShort = try o.boolean("allow_short", default: false)
        let config = try BacktestBinding.config(o)
        try o.finish()
        // Cartesian product of the grid, keys sorted for a stable order.
        let keys = grid.keys.compactMap { k -> String? in if case .string(let s) = k { return s } else { return nil } }.sorted()
        var combos: [[LuaValue: LuaValue]] = [[:]]
        for key in keys {
            let values: [LuaValue]
            switch grid[.string(key)]! {
            case .array(let a): values = a
            case let v: values = [v]
            }
            combos = combos.flatMap { c in values.map { v in var c = c; c[.string(key)] = v; return c } }
        }
        let state = call.state
        let barsObject = Shared(barSeries)
        var signals: [Signals] = []
        var kept: [LuaValue] = []
        for combo in combos {
            try Interrupt.check()
            let base = state.top
            defer { state.top = base }
            signal.push()
            state.push(.table(combo))
            call.push(barsObject, as: BarSeriesBinding.cls)
            try state.call(nargs: 2, nresults: 1)
            if state.type(at: -1) == .nil { continue }
            signals.append(try BacktestBinding.signals(fromTopOf: state, count: bars.count, threshold: threshold,
                                                       allowShort: allowShort, what: "signal(\(LuaValue.table(combo)))"))
            kept.append(.table(combo))
        }
        let result = try ParameterSweep.run(bars: bars, signals: signals, config: config, objective: objective,
                                            blocks: blocks, threads: threads)
        call.push(Object(result, parameters: kept), as: cls)
        return 1
    } }
}
