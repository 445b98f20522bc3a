import Foundation
import Indicators
import LuaRuntime
import MarketData

/// `lunar.ta`: every indicator of the catalog under its lowercase TA-Lib name, driven by its `IndicatorSpec`
/// (the same record gives the argument checks, the defaults and the help text), plus feature sets.
///
/// Single-input indicators take a Series (or bars: their close); the others take the BarSeries. Parameters follow
/// positionally in TA-Lib's order with TA-Lib's defaults; multi-output indicators return several Series.
enum TABinding {
    static var module: LuaModule {
        var functions = IndicatorSpec.all.map(function(for:))
        functions += [
            LuaFunctionSpec(
                "features", "features(bars, set='seed19')",
                "A feature set as a Frame (names() lists the columns; write_csv(path) saves it).",
                details: """
                    Built-in sets: \(FeatureSet.builtIn.map(\.name).joined(separator: ", ")). Sets registered with
                    lunar.ta.register_features(name, fn) run fn(bars), which returns {name = Series, ...} in the
                    order given by its optional field `order` (array of names), else sorted by name.
                    """
            ) { call in
                let bars = try BarSeriesBinding.bars(call, 1)
                let name = try call.string(2, default: "seed19")
                if let set = FeatureSet.named(name) { return FrameBinding.push(set.compute(bars), call) }
                return try customFeatures(name: name, bars: bars, call: call)
            },
            LuaFunctionSpec(
                "register_features", "register_features(name, fn)",
                "Registers a feature set written in Lua: fn(bars) returns {name = Series, ..., order = {names}}."
            ) { call in
                let name = try call.string(1)
                guard FeatureSet.named(name) == nil else {
                    throw LuaArgumentError(index: 1, message: "'\(name)' is a built-in feature set")
                }
                customSets(call.state)[name] = try call.function(2)
                return 0
            },
            LuaFunctionSpec("lookback", "lookback(name, params...)", "Index of the first valid value (TA-Lib lookback).")
            { call in
                let name = try call.string(1)
                guard let spec = IndicatorSpec.named(name) else {
                    throw LuaArgumentError(index: 1, message: "unknown indicator '\(name)'")
                }
                var given: [Double?] = []
                if call.count >= 2 { for i in 2...call.count { given.append(call.isNoneOrNil(i) ? nil : try call.number(i)) } }
                call.push(spec.lookback(try spec.resolve(given)))
                return 1
            },
            LuaFunctionSpec("list", "list()", "Names of all indicators, by group.") { call in
                var groups: [String: [LuaValue]] = [:]
                for spec in IndicatorSpec.all { groups[spec.group, default: []].append(.string(spec.name.lowercased())) }
                call.push(.table(Dictionary(uniqueKeysWithValues: groups.map { (.string($0.key), .array($0.value)) })))
                return 1
            },
        ]
        return LuaModule(
            name: "lunar.ta", summary: "Technical indicators (TA-Lib names, parameters and lookbacks) and feature sets.",
            functions: functions,
            classes: [AnyLuaClass(SeriesBinding.cls), AnyLuaClass(BarSeriesBinding.cls), AnyLuaClass(FrameBinding.cls)])
    }

    /// The Lua function for one indicator.
    static func function(for spec: IndicatorSpec) -> LuaFunctionSpec {
        let name = spec.name.lowercased()
        let single = spec.inputs == [.real]
        let firstArgument = single ? "series" : "bars"
        let params = spec.parameters.map { "\($0.name)=\(number($0.defaultValue))" }
        let signature = "\(name)(\(([firstArgument] + params).joined(separator: ", ")))"
        var details = [String]()
        details.append("Input: " + (single ? "a Series (or bars: their close)" : "bars (" + spec.inputs.map(\.rawValue).joined(separator: ", ") + ")"))
        for p in spec.parameters {
            details.append("  \(p.name): \(p.summary) (\(p.kind.rawValue), default \(number(p.defaultValue)), \(number(p.range.lowerBound))…\(number(p.range.upperBound)))")
        }
        details.append("Returns: " + spec.outputs.joined(separator: ", ") + " (Series; NaN before the lookback)")
        let defaults = spec.parameters.map(\.defaultValue)
        details.append("Lookback with the defaults: \(spec.lookback(defaults)). Group: \(spec.group).")
        return LuaFunctionSpec(name, signature, spec.summary, details: details.joined(separator: "\n")) { call in
            let (inputs, time) = try columns(for: spec, call: call, single: single)
            var given: [Double?] = []
            let nparams = Int(call.count) - 1
            if nparams > spec.parameters.count {
                throw LuaArgumentError(index: Int32(spec.parameters.count + 2),
                                       message: "\(name) takes at most \(spec.parameters.count) parameters")
            }
            if nparams > 0 {
                for k in 0..<nparams {
                    let i = Int32(k + 2)
                    if call.isNoneOrNil(i) { given.append(nil); continue }
                    guard call.type(i) == .number else {
                        throw LuaArgumentError(index: i, expected: "number (\(spec.parameters[k].name))")
                    }
                    given.append(try call.number(i))
                }
            }
            let outputs: [[Double]]
            do {
                outputs = try spec.run(inputs, given)
            } catch let error as IndicatorError {
                // Name the argument: a parameter problem is argument k+2.
                if case .parameterOutOfRange(_, let p, _, _) = error, let k = spec.parameters.firstIndex(where: { $0.name == p }) {
                    throw LuaArgumentError(index: Int32(k + 2), message: error.description)
                }
                if case .parameterNotInteger(_, let p, _) = error, let k = spec.parameters.firstIndex(where: { $0.name == p }) {
                    throw LuaArgumentError(index: Int32(k + 2), message: error.description)
                }
                throw LuaScriptError(error.description)
            }
            for (k, values) in outputs.enumerated() {
                let outName = outputs.count == 1 ? name : spec.outputs[k].lowercased()
                _ = SeriesBinding.push(Series(name: outName, time: time, values: values), call)
            }
            return Int32(outputs.count)
        }
    }

    private static func columns(for spec: IndicatorSpec, call: LuaCall, single: Bool) throws -> ([[Double]], [Int64]) {
        if single {
            if let s = try? SeriesBinding.series(call, 1) { return ([s.values], s.time) }
            if let b = try? BarSeriesBinding.bars(call, 1) { return ([b.close], b.time) }
            throw LuaArgumentError(index: 1, expected: "lunar.Series")
        }
        let bars: BarSeries
        do { bars = try BarSeriesBinding.bars(call, 1) } catch {
            throw LuaArgumentError(index: 1, expected: "lunar.BarSeries")
        }
        return (spec.inputs.map { bars.values($0.rawValue)! }, bars.time)
    }

    private static func number(_ v: Double) -> String {
        if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
        if Swift.abs(v) > 1e30 { return v < 0 ? "-inf" : "inf" }
        return String(v)
    }

    // MARK: Feature sets written in Lua

    private static func customSets(_ state: LuaState) -> Registry { Registry(state: state) }

    /// Per-state storage of the registered Lua feature functions.
    struct Registry {
        let state: LuaState
        subscript(name: String) -> LuaRef? {
            get { state.userInfo["lunar.ta.features.\(name)"] as? LuaRef }
            nonmutating set { state.userInfo["lunar.ta.features.\(name)"] = newValue }
        }
    }

    private static func customFeatures(name: String, bars: BarSeries, call: LuaCall) throws -> Int32 {
        guard let fn = customSets(call.state)[name] else {
            let known = FeatureSet.builtIn.map(\.name) + call.state.userInfo.keys
                .filter { $0.hasPrefix("lunar.ta.features.") }.map { String($0.dropFirst(18)) }
            throw LuaArgumentError(index: 2, message: "unknown feature set '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        // Call fn(bars) from Swift, protected; it returns a table of Series.
        let state = call.state
        let frame: Frame = try {
            let base = state.top
            defer { state.top = base }
            fn.push()
            _ = BarSeriesBinding.push(bars, call)
            try state.call(nargs: 1, nresults: 1)
            guard state.type(at: -1) == .table else {
                throw LuaScriptError("feature set '\(name)' must return a table of Series, got \(state.type(at: -1).name)")
            }
            var frame = Frame(time: bars.time, isDaily: bars.isDaily)
            let table = state.top
            var names = state.stringArrayField(at: table, "order") ?? []
            if names.isEmpty { names = state.stringKeys(at: table).filter { $0 != "order" }.sorted() }
            for column in names {
                state.pushField(at: table, column)
                defer { state.pop() }
                guard let object: Shared<Series> = state.object(at: -1, of: SeriesBinding.cls) else {
                    throw LuaScriptError("feature set '\(name)': column '\(column)' is not a Series")
                }
                do { try frame.set(column, object.value.values) } catch {
                    throw LuaScriptError("feature set '\(name)': column '\(column)': \(error)")
                }
            }
            return frame
        }()
        return FrameBinding.push(frame, call)
    }
}
