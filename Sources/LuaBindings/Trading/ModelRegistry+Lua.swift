import Foundation
import LuaRuntime
import MarketData
import NeuralNet
import Trading

/// `lunar.models`: the versioned model registry (`models/<symbol>/<version>.safetensors` + `registry.json`), the
/// promotion policy, `load_deployed` for the live runner, and a read-only view of `lunar.toml`.
enum ModelsBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.models",
            summary: "Versioned model registry: register, decide, promote, rollback; load the deployed model; read lunar.toml.",
            functions: [openSpec, loadDeployedSpec, configSpec, aucSpec, writeAtomicSpec],
            classes: [AnyLuaClass(cls)])
    }

    /// A registry with its promotion policy.
    final class Object {
        let registry: ModelRegistry
        let policy: PromotionPolicy
        init(registry: ModelRegistry, policy: PromotionPolicy) {
            self.registry = registry
            self.policy = policy
        }
    }

    static func journal(_ path: String?, timeZone: String?) throws -> Journal? {
        guard let path else { return nil }
        let zone = timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "America/New_York") ?? .current
        return try Journal(url: URL(fileURLWithPath: path), timeZone: zone)
    }

    static var openSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "open", "open(registry_path [, {journal=, time_zone=, metric='sharpe', margin=0, min_trades=5, max_drawdown_pct=30, min_auc=0.5, lock_timeout=60}])",
            "Opens a model registry folder (created on the first write); the options set the promotion policy.",
            details: """
                journal = path of a journal.sqlite: registrations, promotions, rejections and rollbacks are recorded
                  there too (time_zone = the trading-day zone, default America/New_York).
                The policy (see registry:decide) defaults to lunar.toml's defaults; pass the [models] values of
                  lunar.models.config(path).models to use a configuration's.
                Methods: list, symbols, deployed, history, register, decide, promote, reject, rollback.
                """
        ) { call in
            let path = try call.string(1)
            let o = try call.options(2, function: "open")
            let policy = PromotionPolicy(
                metric: try o.string("metric", default: "sharpe"), margin: try o.number("margin", default: 0),
                minTrades: try o.integer("min_trades", default: 5),
                maxDrawdownPct: try o.number("max_drawdown_pct", default: 30),
                minAUC: try o.number("min_auc", default: 0.5))
            let journalPath = try o.stringIfPresent("journal")
            let zone = try o.stringIfPresent("time_zone")
            let timeout = try o.number("lock_timeout", default: 60)
            try o.finish()
            let registry = ModelRegistry(root: URL(fileURLWithPath: path), journal: try journal(journalPath, timeZone: zone))
            registry.lockTimeout = timeout
            call.push(Object(registry: registry, policy: policy), as: cls)
            return 1
        }
    }

    static var loadDeployedSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "load_deployed", "load_deployed(registry_path, symbol [, {journal=, time_zone=}])",
            "The deployed model of a symbol (lunar.LSTM or lunar.LSTMEnsemble, checksum verified) and its version table.",
            details: """
                For the live runner at the start of the day. Raises when nothing is deployed or the file does not
                load. With journal=, records a 'loaded' model-version event.
                """
        ) { call in
            let path = try call.string(1)
            let symbol = try call.string(2)
            let o = try call.options(3, function: "load_deployed")
            let journalPath = try o.stringIfPresent("journal")
            let zone = try o.stringIfPresent("time_zone")
            try o.finish()
            let registry = ModelRegistry(root: URL(fileURLWithPath: path))
            guard let version = try registry.deployed(symbol: symbol) else {
                throw ModelRegistryError.nothingDeployed(symbol: symbol)
            }
            do {
                if version.format == "lunar.lstm-ensemble" {
                    call.push(try LSTMEnsemble.load(from: version.url.path), as: EnsembleBinding.cls)
                } else {
                    call.push(try LSTMModel.load(from: version.url.path), as: NeuralNetBinding.modelClass)
                }
            } catch let error as NeuralNetError {
                throw ModelRegistryError.invalidModel(path: version.url.path, message: error.description)
            }
            call.push(table(version))
            if let journal = try journal(journalPath, timeZone: zone) {
                try journal.recordModelVersion(symbol: symbol, version: version.version, path: version.url.path,
                                               action: "loaded")
                journal.close()
            }
            return 2
        }
    }

    static var aucSpec: LuaFunctionSpec {
        LuaFunctionSpec("auc", "auc(probabilities, labels)",
                        "ROC AUC (rank-sum, ties averaged) of probabilities against 0/1 labels (Series or arrays); pairs with a NaN are skipped.") {
            call in
            let p = try numbers(call, 1), y = try numbers(call, 2)
            guard p.count == y.count else {
                throw LuaArgumentError(index: 2, message: "\(y.count) labels for \(p.count) probabilities")
            }
            var pp: [Float] = [], yy: [Float] = []
            for k in p.indices where !p[k].isNaN && !y[k].isNaN {
                pp.append(Float(p[k]))
                yy.append(Float(y[k]))
            }
            call.push(pp.isEmpty ? .nan : Metrics.auc(probabilities: pp, labels: yy))
            return 1
        }
    }

    static var writeAtomicSpec: LuaFunctionSpec {
        LuaFunctionSpec("write_atomic", "write_atomic(path, text)",
                        "Writes a file crash-safely (temporary file, fsync, rename), creating its folders; for reports and caches.") {
            call in
            let path = try call.string(1), text = try call.string(2)
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try SafeTensors.writeAtomically(Data(text.utf8), to: url.path)
            return 0
        }
    }

    static func numbers(_ call: LuaCall, _ i: Int32) throws -> [Double] {
        if let s = call.state.object(at: i, of: SeriesBinding.cls) { return s.value.values }
        return try call.table(i).numbers()
    }

    // MARK: Configuration

    static var configSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "config", "config([path])",
            "lunar.toml, validated, as a plain table (a copy: changing it changes nothing). Default path: $LUNAR_CONFIG, else lunar.toml.",
            details: """
                Keys: file, base_dir, state_dir, time_zone, connection{host, port, client_id}, live{enabled},
                symbols{universe, exchange, currency}, models{registry, promote_margin, promote_metric, min_trades,
                max_drawdown_pct, min_auc}, data{source, dir, bar_size, history_days}, retrain{model, ensemble_size,
                epochs, patience, units, dense, sequence, horizon, test_bars, train_bars, threshold, seed}.
                Paths are absolute. An invalid file raises every problem, one per line. Risk limits are not exposed.
                """
        ) { call in
            let path = call.isNoneOrNil(1)
                ? (ProcessInfo.processInfo.environment["LUNAR_CONFIG"] ?? LunarConfig.defaultFileName)
                : try call.string(1)
            let config: LunarConfig
            do { config = try LunarConfig.load(path: path) } catch let error as LunarConfigError {
                throw LuaScriptError(error.description)
            }
            call.push(configTable(config, file: path))
            return 1
        }
    }

    static func configTable(_ c: LunarConfig, file: String) -> LuaValue {
        func s(_ v: String) -> LuaValue { .string(v) }
        func i(_ v: Int) -> LuaValue { .integer(Int64(v)) }
        func ints(_ v: [Int]) -> LuaValue { .array(v.map(i)) }
        return .table([
            s("file"): s(file), s("base_dir"): s(c.baseDirectory.path), s("state_dir"): s(c.stateDirectory.path),
            s("time_zone"): s(c.timeZone.identifier),
            s("connection"): .table([s("host"): s(c.connection.host), s("port"): i(c.connection.port),
                                     s("client_id"): i(c.connection.clientID)]),
            s("live"): .table([s("enabled"): .boolean(c.live.enabled)]),
            s("symbols"): .table([s("universe"): .array(c.symbols.universe.map(s)), s("exchange"): s(c.symbols.exchange),
                                  s("currency"): s(c.symbols.currency)]),
            s("models"): .table([
                s("registry"): s(c.models.registry.path), s("promote_margin"): .number(c.models.promoteMargin),
                s("promote_metric"): s(c.models.promoteMetric), s("min_trades"): i(c.models.minTrades),
                s("max_drawdown_pct"): .number(c.models.maxDrawdownPct), s("min_auc"): .number(c.models.minAUC),
            ]),
            s("data"): .table([s("source"): s(c.data.source.rawValue), s("dir"): s(c.data.directory.path),
                               s("bar_size"): s(c.data.barSize), s("history_days"): i(c.data.historyDays)]),
            s("retrain"): .table([
                s("model"): s(c.retrain.model.rawValue), s("ensemble_size"): i(c.retrain.ensembleSize),
                s("epochs"): i(c.retrain.epochs), s("patience"): i(c.retrain.patience), s("units"): ints(c.retrain.units),
                s("dense"): ints(c.retrain.dense), s("sequence"): i(c.retrain.sequence), s("horizon"): i(c.retrain.horizon),
                s("test_bars"): i(c.retrain.testBars), s("train_bars"): i(c.retrain.trainBars),
                s("threshold"): .number(c.retrain.threshold), s("seed"): i(c.retrain.seed),
            ]),
        ])
    }

    // MARK: Tables

    nonisolated(unsafe) static let iso = ISO8601DateFormatter()

    static func table(_ v: ModelVersion) -> LuaValue {
        var t: [LuaValue: LuaValue] = [
            .string("symbol"): .string(v.symbol), .string("version"): .string(v.version), .string("path"): .string(v.url.path),
            .string("status"): .string(v.status.rawValue), .string("format"): .string(v.format),
            .string("created_at"): .string(iso.string(from: v.createdAt)), .string("metrics"): metricsTable(v.metrics),
        ]
        if let note = v.note { t[.string("note")] = .string(note) }
        return .table(t)
    }

    static func metricsTable(_ m: [String: Double]) -> LuaValue {
        .table(Dictionary(uniqueKeysWithValues: m.map { (LuaValue.string($0.key), LuaValue.number($0.value)) }))
    }

    /// A table of string keys and numbers (metrics) from argument `i`; nil when absent and `optional`.
    static func metrics(_ call: LuaCall, _ i: Int32, optional: Bool) throws -> [String: Double]? {
        if optional && call.isNoneOrNil(i) { return nil }
        guard call.type(i) == .table else {
            throw LuaArgumentError(index: i, message: "table of metrics expected, got \(call.type(i).name)")
        }
        var out: [String: Double] = [:]
        switch call.value(i) {
        case .table(let t):
            for (k, v) in t {
                guard case .string(let key) = k else {
                    throw LuaArgumentError(index: i, message: "metric names must be strings, got \(k)")
                }
                switch v {
                case .number(let d): out[key] = d
                case .integer(let n): out[key] = Double(n)
                default: continue  // non-numeric entries (notes, nested tables) are ignored
                }
            }
        case .array(let a) where a.isEmpty: break
        default: throw LuaArgumentError(index: i, message: "a table {name = number, …} of metrics expected")
        }
        return out
    }

    static func decisionTable(_ d: PromotionDecision) -> LuaValue {
        var t: [LuaValue: LuaValue] = [
            .string("promote"): .boolean(d.promote), .string("reason"): .string(d.reason.rawValue),
            .string("message"): .string(d.message),
        ]
        if let x = d.improvement { t[.string("improvement")] = .number(x) }
        return .table(t)
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.ModelRegistry", summary: "A versioned model registry with a promotion policy.")
        cls.methods = [
            LuaMethod("list", "list(symbol)", "Every version of a symbol, oldest first: {version, path, status, metrics, created_at, format, note}.") {
                r, call in
                call.push(.array(try r.registry.versions(symbol: try call.string(2)).map(table)))
                return 1
            },
            LuaMethod("symbols", "symbols()", "Symbols that have a registry, sorted.") { r, call in
                call.push(.array(r.registry.symbols().map { .string($0) }))
                return 1
            },
            LuaMethod("deployed", "deployed(symbol)", "The deployed version {version, path, metrics, …}, or nil.") { r, call in
                if let v = try r.registry.deployed(symbol: try call.string(2)) { call.push(table(v)) } else { call.pushNil() }
                return 1
            },
            LuaMethod("history", "history(symbol)", "Promotions and rollbacks, oldest first: {action, version, previous, at, reason}.") {
                r, call in
                call.push(.array(try r.registry.history(symbol: try call.string(2)).map { e in
                    var t: [LuaValue: LuaValue] = [.string("action"): .string(e.action), .string("version"): .string(e.version),
                                                   .string("at"): .string(iso.string(from: e.at))]
                    if let p = e.previous { t[.string("previous")] = .string(p) }
                    if let reason = e.reason { t[.string("reason")] = .string(reason) }
                    return .table(t)
                }))
                return 1
            },
            LuaMethod("register", "register(path, symbol, metrics [, {note=}])",
                      "Copies a model file into the registry after loading it (checksum); returns the new version table. A corrupt or truncated file raises and changes nothing.") {
                r, call in
                let path = try call.string(2), symbol = try call.string(3)
                let m = try metrics(call, 4, optional: true) ?? [:]
                let o = try call.options(5, function: "register")
                let note = try o.stringIfPresent("note")
                try o.finish()
                call.push(table(try r.registry.register(candidateAt: URL(fileURLWithPath: path), symbol: symbol, metrics: m, note: note)))
                return 1
            },
            LuaMethod("decide", "decide(candidate_metrics [, deployed_metrics])",
                      "The policy's decision: {promote=bool, reason=code, message=, improvement=}.") { r, call in
                let c = try metrics(call, 2, optional: false) ?? [:]
                call.push(decisionTable(r.policy.decide(candidate: c, deployed: try metrics(call, 3, optional: true))))
                return 1
            },
            LuaMethod("policy", "policy()", "The promotion policy: {metric, margin, min_trades, max_drawdown_pct, min_auc}.") { r, call in
                let p = r.policy
                call.push(.table([.string("metric"): .string(p.metric), .string("margin"): .number(p.margin),
                                  .string("min_trades"): .integer(Int64(p.minTrades)),
                                  .string("max_drawdown_pct"): .number(p.maxDrawdownPct), .string("min_auc"): .number(p.minAUC)]))
                return 1
            },
            LuaMethod("promote", "promote(symbol, version [, reason])", "Deploys a registered version (loaded first); returns its table.") {
                r, call in
                let symbol = try call.string(2), version = try call.string(3)
                let reason = call.isNoneOrNil(4) ? nil : try call.string(4)
                call.push(table(try r.registry.promote(symbol: symbol, version: version, reason: reason)))
                return 1
            },
            LuaMethod("reject", "reject(symbol, version, reason)", "Marks a registered candidate as refused (file kept).") { r, call in
                call.push(table(try r.registry.reject(symbol: try call.string(2), version: try call.string(3),
                                                      reason: try call.string(4))))
                return 1
            },
            LuaMethod("rollback", "rollback(symbol [, version])",
                      "Deploys version, or the one deployed before the current; returns its table.") { r, call in
                let symbol = try call.string(2)
                let version = call.isNoneOrNil(3) ? nil : try call.string(3)
                call.push(table(try r.registry.rollback(symbol: symbol, to: version)))
                return 1
            },
        ]
        cls.properties = ["root": { r, call in call.push(r.registry.root.path); return 1 }]
        cls.describe = { "ModelRegistry(\($0.registry.root.path), \($0.registry.symbols().count) symbols)" }
        return cls
    }()
}
