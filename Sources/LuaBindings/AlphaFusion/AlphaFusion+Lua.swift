import AlphaFusion
import Foundation
import LuaRuntime
import MarketData

/// `lunar.alpha`: alpha signals in [−1, 1], signal ↔ probability converters, fusion rules and learned (logistic)
/// fusion weights. Every function returns `lunar.Series` on its input's time index; the formulas are in the help of
/// each function, in `AlphaFusion`'s doc comments and in docs/alpha-fusion.md.
enum AlphaBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.alpha",
            summary: "Alpha signals in [-1, 1], probability converters, fusion rules and learned fusion weights.",
            functions: signals + converters + rules + [fitLogistic],
            classes: [AnyLuaClass(SeriesBinding.cls), AnyLuaClass(LogisticBinding.cls)])
    }

    // MARK: Signals

    static var signals: [LuaFunctionSpec] { [
        LuaFunctionSpec(
            "momentum", "momentum(bars_or_series, {period=20, volatility=period})",
            "Momentum: tanh of the n-bar log return over its noise (σ of 1-bar log returns · √n).",
            details: """
                R[t] = ln(C[t]/C[t−n]); σ[t] = sample std of the last w one-bar log returns (w = volatility, ≥ 2);
                s[t] = tanh(R[t] / (σ[t]·√n)); σ = 0 gives 0 (no move) or ±1. NaN for the first max(n, w) bars.
                Causal: reads closes t−max(n, w) … t. Bars use their close.
                Example: lunar.alpha.momentum(bars, {period = 20})
                """
        ) { call in
            let x = try priceSeries(call, 1)
            let o = try call.options(2, function: "momentum")
            let period = try o.integer("period", default: 20)
            let volatility = try o.integer("volatility")
            try o.finish()
            return try push(call, options: 2) { try Alpha.momentum(x, period: period, volatilityPeriod: volatility) }
        },
        LuaFunctionSpec(
            "rsi_reversion", "rsi_reversion(bars_or_series, {period=14})",
            "RSI mean reversion: (50 − RSI) / 50 with TA-Lib's RSI (oversold → positive).",
            details: "RSI 30 → 0.4, RSI 70 → −0.4. NaN for the RSI lookback (period bars). Causal (Wilder smoothing)."
        ) { call in
            let x = try priceSeries(call, 1)
            let o = try call.options(2, function: "rsi_reversion")
            let period = try o.integer("period", default: 14)
            try o.finish()
            return try push(call, options: 2) { try Alpha.rsiReversion(x, period: period) }
        },
        LuaFunctionSpec(
            "breakout", "breakout(bars_or_series, {period=20, mode='position'})",
            "Breakout: the close in the Donchian channel, in [−1, 1] ('position') or ±1 on new n-bar extremes ('break').",
            details: """
                position: H, L = highest high and lowest low of the last n bars (including t);
                  s = 2·(C − L)/(H − L) − 1 (0 when H = L). NaN for the first n − 1 bars.
                break: +1 when C[t] > the highest high of bars t−n … t−1, −1 when below their lowest low, else 0.
                  NaN for the first n bars. A Series stands for high = low = close.
                """
        ) { call in
            let o = try call.options(2, function: "breakout")
            let period = try o.integer("period", default: 20)
            let modeName = try o.string("mode", default: "position")
            guard let mode = BreakoutMode(rawValue: modeName) else {
                throw LuaArgumentError(index: 2, message: "field 'mode': 'position' or 'break' expected, got '\(modeName)'")
            }
            try o.finish()
            if let bars = try? BarSeriesBinding.bars(call, 1) {
                return try push(call, options: 2) { try Alpha.breakout(bars, period: period, mode: mode) }
            }
            let x = try priceSeries(call, 1)
            return try push(call, options: 2) { try Alpha.breakout(x, period: period, mode: mode) }
        },
        LuaFunctionSpec(
            "volume", "volume(bars, {period=20})",
            "Volume surprise signed by the bar's direction: tanh(z · sign(C[t] − C[t−1])).",
            details: """
                z = (V[t] − mean)/std of the previous n volumes (bar t excluded); a zero std gives 0 or ±1.
                NaN for the first n bars.
                """
        ) { call in
            guard let bars = try? BarSeriesBinding.bars(call, 1) else {
                throw LuaArgumentError(index: 1, expected: BarSeriesBinding.cls.name)
            }
            let o = try call.options(2, function: "volume")
            let period = try o.integer("period", default: 20)
            try o.finish()
            return try push(call, options: 2) { try Alpha.volumeSurprise(bars, period: period) }
        },
        LuaFunctionSpec(
            "imbalance", "imbalance(series, {scale=1, squash='clip'})",
            "Order-book imbalance as a signal: clip(k·x) or tanh(k·x) (e.g. lunar.book features' imbalance_5).",
            details: "Pointwise; NaN stays NaN. squash = 'clip' or 'tanh'; scale = k > 0."
        ) { call in
            let x = try series(call, 1)
            let o = try call.options(2, function: "imbalance")
            let scale = try o.number("scale", default: 1)
            let name = try o.string("squash", default: "clip")
            guard let squash = ImbalanceSquash(rawValue: name) else {
                throw LuaArgumentError(index: 2, message: "field 'squash': 'clip' or 'tanh' expected, got '\(name)'")
            }
            try o.finish()
            return try push(call, options: 2) { try Alpha.imbalance(x, scale: scale, squash: squash) }
        },
    ] }

    // MARK: Converters

    static var converters: [LuaFunctionSpec] { [
        LuaFunctionSpec(
            "to_probability", "to_probability(signal, {method='linear', k=1})",
            "A signal in [−1, 1] as a probability: (s + 1)/2, or 1/(1 + e^(−k·s)) with method='logistic'.",
            details: "Inverse: to_signal with the same method and k. NaN stays NaN."
        ) { call in
            let s = try series(call, 1)
            let mapping = try self.mapping(call, 2, function: "to_probability")
            return try push(call, options: 2) { try Alpha.toProbability(s, mapping: mapping) }
        },
        LuaFunctionSpec(
            "to_signal", "to_signal(probability, {method='linear', k=1})",
            "A probability as a signal in [−1, 1]: 2p − 1, or clip(ln(p/(1 − p))/k) with method='logistic'.",
            details: "Inverse of to_probability with the same method and k. NaN stays NaN."
        ) { call in
            let p = try series(call, 1)
            let mapping = try self.mapping(call, 2, function: "to_signal")
            return try push(call, options: 2) { try Alpha.toSignal(p, mapping: mapping) }
        },
    ] }

    // MARK: Fusion rules

    static var rules: [LuaFunctionSpec] { [
        LuaFunctionSpec(
            "weighted", "weighted({{signal, weight}, …} [, {missing='skip'}])",
            "Weighted average Σ w·s / Σ|w| of signals (a bare Series in the list has weight 1).",
            details: """
                missing = 'skip' (average the signals present at each bar, weights renormalised; NaN if none),
                          'propagate' (NaN if any signal is NaN) or 'zero' (a NaN counts as 0 with its weight).
                Example: lunar.alpha.weighted{{mom, 0.5}, {rev, 0.3}, {brk, 0.2}}
                """
        ) { call in
            let inputs = try weightedInputs(call, 1)
            let o = try call.options(2, function: "weighted")
            let name = try o.string("missing", default: "skip")
            guard let missing = MissingValuePolicy(rawValue: name) else {
                throw LuaArgumentError(index: 2, message: "field 'missing': 'skip', 'propagate' or 'zero' expected, got '\(name)'")
            }
            try o.finish()
            return try push(call, options: 1) { try Alpha.weightedAverage(inputs, missing: missing) }
        },
        LuaFunctionSpec(
            "gate", "gate(probability, alpha, {p=0.55, q=0.2, short=true})",
            "Agreement gate: +1 when P > p and alpha > q, −1 when P < 1 − p and alpha < −q, else 0.",
            details: """
                A target position (use as lunar.backtest.run{target = …}); NaN inputs keep the gate closed (0).
                p ∈ [0.5, 1], q ∈ [0, 1]; short = false never gives −1.
                """
        ) { call in
            let p = try series(call, 1)
            let a = try series(call, 2)
            let o = try call.options(3, function: "gate")
            let pt = try o.number("p", default: 0.55), q = try o.number("q", default: 0.2)
            let short = try o.boolean("short", default: true)
            try o.finish()
            return try push(call, options: 3) {
                try Alpha.gate(probability: p, alpha: a, probabilityThreshold: pt, alphaThreshold: q, allowShort: short)
            }
        },
        LuaFunctionSpec(
            "confidence_weighted", "confidence_weighted(probability, confidence)",
            "The model's signal scaled by its confidence: (2P − 1) · clamp(c, 0, 1); c is a Series or a number.",
            details: "c can be lunar.alpha.agreement(members, {center = 0.5}) of an ensemble's probabilities."
        ) { call in
            let p = try series(call, 1)
            if call.type(2) == .number {
                return SeriesBinding.push(Alpha.confidenceWeighted(probability: p, confidence: try call.number(2)), call)
            }
            guard let c = try? SeriesBinding.series(call, 2) else {
                throw LuaArgumentError(index: 2, expected: "number or lunar.Series")
            }
            return try push(call, options: 2) { try Alpha.confidenceWeighted(probability: p, confidence: c) }
        },
        LuaFunctionSpec(
            "agreement", "agreement({series, …} [, {center=0}])",
            "Ensemble agreement |Σ sign(x − center)| / m over the members present: 1 all agree, 0 split.",
            details: "Use center = 0.5 for probabilities, 0 for signals. NaN members are left out; NaN if none is present."
        ) { call in
            let members = try seriesArray(call, 1)
            let o = try call.options(2, function: "agreement")
            let center = try o.number("center", default: 0)
            try o.finish()
            return try push(call, options: 2) { try Alpha.agreement(members, center: center) }
        },
    ] }

    // MARK: Learned weights

    static var fitLogistic: LuaFunctionSpec {
        LuaFunctionSpec(
            "fit_logistic", "fit_logistic(features, labels, {train_end=, train_start=1, l2=1e-3, purge=0})",
            "Learned fusion weights: L2 logistic regression (Newton/IRLS) fitted on bars train_start…train_end only.",
            details: """
                features: a list of Series {s1, s2, …} or a table {name = Series, …}; labels: a Series of 0/1
                (NaN rows are dropped, as are rows with a NaN feature). train_end is required (1-based, inclusive).
                Minimises (1/N)·Σ logloss + (l2/2)·‖w‖² (intercept not penalised) = scikit-learn's
                LogisticRegression with C = 1/(l2·N). purge = h drops the last h training rows, for labels that look
                h bars ahead (e.g. 1 for "next close is higher"), so no label reads past train_end.
                Returns a model: model:predict(features) → probability Series for every bar; model.weights (list, or
                table by name), model.intercept, model.names, model.l2, model.rows (N), model.train_start,
                model.train_end (after purging), model.iterations.
                """
        ) { call in
            let (names, features) = try featureColumns(call, 1)
            let labels = try series(call, 2)
            let o = try call.options(3, function: "fit_logistic")
            guard let trainEnd = try o.integer("train_end") else {
                throw LuaArgumentError(index: 3, message: "field 'train_end': the last training bar (integer) is required")
            }
            let trainStart = try o.integer("train_start", default: 1)
            let l2 = try o.number("l2", default: 1e-3)
            let purge = try o.integer("purge", default: 0)
            try o.finish()
            guard trainStart >= 1, trainEnd >= trainStart, trainEnd <= labels.count else {
                throw LuaArgumentError(index: 3, message: "training bars \(trainStart)…\(trainEnd) are not within 1…\(labels.count)")
            }
            let model = try alphaCall(options: 3) {
                try LogisticRegression.fit(features: features, labels: labels, trainingRange: (trainStart - 1)..<trainEnd,
                                           l2: l2, purge: purge)
            }
            call.push(LogisticBinding.Object(model, names: names), as: LogisticBinding.cls)
            return 1
        }
    }

    // MARK: Argument helpers

    /// A Series at argument `i`.
    static func series(_ call: LuaCall, _ i: Int32) throws -> Series {
        guard let s = try? SeriesBinding.series(call, i) else { throw LuaArgumentError(index: i, expected: SeriesBinding.cls.name) }
        return s
    }

    /// A price Series at argument `i`: a Series, or bars (their close).
    static func priceSeries(_ call: LuaCall, _ i: Int32) throws -> Series {
        if let s = try? SeriesBinding.series(call, i) { return s }
        if let b = try? BarSeriesBinding.bars(call, i) { return Series(name: "close", time: b.time, values: b.close) }
        throw LuaArgumentError(index: i, expected: "lunar.BarSeries or lunar.Series")
    }

    /// The `{method=, k=}` options of the converters.
    static func mapping(_ call: LuaCall, _ i: Int32, function: String) throws -> ProbabilityMapping {
        let o = try call.options(i, function: function)
        let method = try o.string("method", default: "linear")
        let k = try o.number("k", default: 1)
        try o.finish()
        switch method {
        case "linear": return .linear
        case "logistic": return .logistic(steepness: k)
        default: throw LuaArgumentError(index: i, message: "field 'method': 'linear' or 'logistic' expected, got '\(method)'")
        }
    }

    /// The Series at `t[k]` (raw) of the table at stack index `table`, or nil.
    private static func seriesElement(_ state: LuaState, table: Int32, _ k: Int) -> Series? {
        LuaStateAccess.pushIndex(state, table: table, k)
        defer { state.pop() }
        return state.object(at: -1, of: SeriesBinding.cls)?.value
    }

    /// A non-empty list of Series at argument `i`.
    static func seriesArray(_ call: LuaCall, _ i: Int32) throws -> [Series] {
        let t = try call.table(i)
        guard t.count > 0 else { throw LuaArgumentError(index: i, message: "a non-empty list of lunar.Series expected") }
        return try (1...t.count).map { k in
            guard let s = seriesElement(call.state, table: t.index, k) else {
                throw LuaArgumentError(index: i, message: "element \(k): lunar.Series expected, got \(elementType(call, t.index, k))")
            }
            return s
        }
    }

    /// `{{series, weight}, …}` (or bare Series, weight 1) at argument `i`.
    static func weightedInputs(_ call: LuaCall, _ i: Int32) throws -> [(signal: Series, weight: Double)] {
        let t = try call.table(i)
        guard t.count > 0 else {
            throw LuaArgumentError(index: i, message: "a non-empty list of {signal, weight} pairs expected")
        }
        let state = call.state
        return try (1...t.count).map { k in
            if let s = seriesElement(state, table: t.index, k) { return (s, 1) }
            LuaStateAccess.pushIndex(state, table: t.index, k)
            defer { state.pop() }
            let pair = state.top
            guard state.type(at: pair) == .table, let s = seriesElement(state, table: pair, 1) else {
                throw LuaArgumentError(index: i, message: "element \(k): {lunar.Series, weight} expected")
            }
            LuaStateAccess.pushIndex(state, table: pair, 2)
            defer { state.pop() }
            switch state.value(at: -1) {
            case .number(let w): return (s, w)
            case .integer(let w): return (s, Double(w))
            default:
                throw LuaArgumentError(index: i, message: "element \(k): weight (number) expected, got \(state.type(at: -1).name)")
            }
        }
    }

    /// Feature columns at argument `i`: a list of Series (names nil) or a table name → Series (sorted names).
    static func featureColumns(_ call: LuaCall, _ i: Int32) throws -> (names: [String]?, columns: [Series]) {
        let t = try call.table(i)
        if t.count > 0 { return (nil, try seriesArray(call, i)) }
        let names = t.stringKeys().sorted()
        guard !names.isEmpty else {
            throw LuaArgumentError(index: i, message: "a list of lunar.Series or a table {name = lunar.Series} expected, got an empty table")
        }
        return (names, try names.map { name in
            call.state.pushField(at: t.index, name)
            defer { call.state.pop() }
            guard let s = call.state.object(at: -1, of: SeriesBinding.cls)?.value else {
                throw LuaArgumentError(index: i, message: "field '\(name)': lunar.Series expected, got \(call.state.type(at: -1).name)")
            }
            return s
        })
    }

    private static func elementType(_ call: LuaCall, _ table: Int32, _ k: Int) -> String {
        LuaStateAccess.pushIndex(call.state, table: table, k)
        defer { call.state.pop() }
        return call.state.metatableName(at: -1) ?? call.state.type(at: -1).name
    }

    /// Runs core work; a bad parameter becomes an argument error on the options argument, anything else a
    /// positioned error.
    static func alphaCall<T>(options: Int32, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as AlphaError {
            if case let .invalidParameter(_, name, value, requirement) = error {
                let v = shortNumber(value)
                let isField = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                throw LuaArgumentError(index: options, message: isField
                    ? "field '\(name)': must be \(requirement), got \(v)" : "\(name) = \(v) must be \(requirement)")
            }
            throw LuaScriptError(error.description)
        }
    }

    /// Pushes the Series `body` computes.
    static func push(_ call: LuaCall, options: Int32, _ body: () throws -> Series) throws -> Int32 {
        SeriesBinding.push(try alphaCall(options: options, body), call)
    }
}

/// `lunar.LogisticModel`: fitted fusion weights from `lunar.alpha.fit_logistic`.
enum LogisticBinding {
    final class Object {
        let model: LogisticRegression
        /// Feature names when fitted on a named table, nil for a list.
        let names: [String]?
        init(_ model: LogisticRegression, names: [String]?) {
            self.model = model
            self.names = names
        }
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.LogisticModel",
                                   summary: "Logistic fusion weights fitted on a training range; :predict(features).")
        cls.methods = [
            LuaMethod("predict", "predict(features)",
                      "Probability σ(b + w·x[t]) for every bar (NaN where a feature is NaN); features as when fitted.") {
                m, call in
                let (names, columns) = try AlphaBinding.featureColumns(call, 2)
                let ordered: [Series]
                if let expected = m.names {
                    guard let names else {
                        throw LuaArgumentError(index: 2, message: "the model was fitted on named features (\(expected.joined(separator: ", "))); pass a table {name = Series}")
                    }
                    ordered = try expected.map { name in
                        guard let k = names.firstIndex(of: name) else {
                            throw LuaArgumentError(index: 2, message: "field '\(name)': lunar.Series expected, got nil")
                        }
                        return columns[k]
                    }
                } else {
                    guard names == nil else {
                        throw LuaArgumentError(index: 2, message: "the model was fitted on a list of \(m.model.weights.count) Series; pass a list")
                    }
                    ordered = columns
                }
                return try AlphaBinding.push(call, options: 2) { try m.model.predict(features: ordered) }
            },
        ]
        cls.properties = [
            "weights": { m, call in
                if let names = m.names {
                    call.push(.table(Dictionary(uniqueKeysWithValues: zip(names, m.model.weights).map { (.string($0), .number($1)) })))
                } else {
                    call.push(.array(m.model.weights.map { .number($0) }))
                }
                return 1
            },
            "intercept": { m, call in call.push(m.model.intercept); return 1 },
            "names": { m, call in
                if let names = m.names { call.push(.array(names.map { .string($0) })) } else { call.pushNil() }
                return 1
            },
            "l2": { m, call in call.push(m.model.l2); return 1 },
            "rows": { m, call in call.push(m.model.rowsUsed); return 1 },
            "train_start": { m, call in call.push(m.model.trainingRange.lowerBound + 1); return 1 },
            "train_end": { m, call in call.push(m.model.trainingRange.upperBound); return 1 },
            "iterations": { m, call in call.push(m.model.iterations); return 1 },
        ]
        cls.describe = { m in
            let labels = m.names ?? (1...max(1, m.model.weights.count)).map { "x\($0)" }
            let terms = zip(labels, m.model.weights).map { "\(shortNumber($1))·\($0)" }.joined(separator: " + ")
            return "LogisticModel: p = σ(\(shortNumber(m.model.intercept)) + \(terms)), trained on bars \(m.model.trainingRange.lowerBound + 1)…\(m.model.trainingRange.upperBound) (\(m.model.rowsUsed) rows, l2 \(shortNumber(m.model.l2)))"
        }
        cls.hasCloseMethod = false
        return cls
    }()
}
