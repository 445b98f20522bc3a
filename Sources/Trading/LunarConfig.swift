import Foundation
import TOMLKit

/// The validated contents of `lunar.toml`.
///
/// Load it with ``load(path:)`` or ``parse(_:file:baseDirectory:)``. Validation collects every problem — wrong types,
/// out-of-range values, unknown keys (with a did-you-mean), limits that live trading requires — and throws them
/// together as one ``LunarConfigError``, one line per problem, so nothing starts on a half-valid configuration.
/// Relative paths (`state_dir`, `models.registry`, `data.dir`) are resolved against the directory of the file.
public struct LunarConfig: Sendable {
    /// The default file name, looked up in the current directory.
    public static let defaultFileName = "lunar.toml"

    /// The directory relative paths are resolved against.
    public var baseDirectory: URL
    /// `state_dir` (default `./state`): the journal, the `KILL` file and run state.
    public var stateDirectory: URL
    /// `time_zone` (default `America/New_York`): the exchange zone of trading hours and trading days.
    public var timeZone: TimeZone
    /// `[connection]`.
    public var connection: ConnectionConfig
    /// `[live]`.
    public var live: LiveConfig
    /// `[risk]` and the per-symbol limits of `[symbols.SYMBOL]`.
    public var risk: RiskLimits
    /// `[symbols]`.
    public var symbols: SymbolsConfig
    /// `[models]`.
    public var models: ModelsConfig
    /// `[data]`.
    public var data: DataConfig
    /// `[retrain]`.
    public var retrain: RetrainConfig = RetrainConfig()

    /// The journal's database file inside the state directory.
    public var journalURL: URL { stateDirectory.appendingPathComponent("journal.sqlite") }

    /// The configuration used when there is no file: paper port, no live trading, no risk limits.
    public static func defaults(baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        -> LunarConfig {
        // An empty document always validates; the fallback is unreachable.
        guard let config = try? parse("", file: "(defaults)", baseDirectory: baseDirectory) else {
            preconditionFailure("the empty configuration must validate")
        }
        return config
    }

    /// Reads and validates a configuration file.
    ///
    /// - Throws: ``LunarConfigError`` listing every problem (an unreadable file is one problem).
    public static func load(path: String) throws -> LunarConfig {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw LunarConfigError(file: path, problems: [
                ConfigProblem(key: "", message: "cannot read the file (\(error.localizedDescription)); "
                    + "copy lunar.toml.example to \(path) and edit it"),
            ])
        }
        return try parse(text, file: path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses and validates configuration text.
    ///
    /// - Parameters:
    ///   - text: The TOML document.
    ///   - file: The name used in error messages.
    ///   - baseDirectory: What relative paths are resolved against.
    /// - Throws: ``LunarConfigError`` listing every problem.
    public static func parse(_ text: String, file: String = defaultFileName, baseDirectory: URL) throws -> LunarConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            throw LunarConfigError(file: file, problems: [
                ConfigProblem(key: "", message: "line \(at.line), column \(at.column): \(error.description)"),
            ])
        } catch {
            throw LunarConfigError(file: file, problems: [ConfigProblem(key: "", message: "\(error)")])
        }

        let problems = ConfigProblems()
        let top = ConfigReader(table: root, path: "", problems: problems)
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path)
                : baseDirectory.appendingPathComponent(path).standardizedFileURL
        }

        let stateDir = top.nonEmptyString("state_dir", default: "./state", expected: "a directory path") ?? "./state"
        let zoneName = top.nonEmptyString("time_zone", default: "America/New_York",
                                          expected: "an IANA time zone such as \"America/New_York\"")
        var timeZone = TimeZone(identifier: "America/New_York") ?? .current
        if let zoneName {
            if let zone = TimeZone(identifier: zoneName) {
                timeZone = zone
            } else {
                problems.add("time_zone",
                             "expected an IANA time zone such as \"America/New_York\", got \"\(zoneName)\"")
            }
        }

        let conn = top.subtable("connection")
        let connection = ConnectionConfig(
            host: conn.nonEmptyString("host", default: "127.0.0.1", expected: "a host name or address")
                ?? "127.0.0.1",
            port: conn.integer("port", default: 7497, in: 1...65535, expected: "a TCP port (1-65535)") ?? 7497,
            clientID: conn.integer("client_id", default: 1, in: 0...Int(Int32.max),
                                   expected: "a non-negative integer") ?? 1)
        conn.finish()

        let liveReader = top.subtable("live")
        let live = LiveConfig(enabled: liveReader.bool("enabled", default: false))
        liveReader.finish()

        let sym = top.subtable("symbols")
        let universe = sym.stringArray("universe", expected: "an array of symbols such as [\"AAPL\", \"MSFT\"]") ?? []
        let symbols = SymbolsConfig(
            universe: universe,
            exchange: sym.nonEmptyString("exchange", default: "SMART", expected: "an exchange such as \"SMART\"")
                ?? "SMART",
            currency: sym.nonEmptyString("currency", default: "USD", expected: "a currency code such as \"USD\"")
                ?? "USD")
        var symbolLimits: [String: SymbolLimits] = [:]
        for name in (sym.table?.keys ?? []).sorted() where sym.table?[name]?.type == .table {
            sym.accept(name)
            let override = ConfigReader(table: sym.table?[name]?.table, path: "symbols.\(name)", problems: problems)
            symbolLimits[name] = SymbolLimits(
                maxPosition: override.positiveInteger("max_position").map(Double.init),
                maxPositionNotional: override.number("max_position_notional"))
            override.finish()
            if !universe.isEmpty, !universe.contains(name) {
                problems.add("symbols.\(name)", "expected a symbol listed in symbols.universe "
                    + "(\(universe.joined(separator: ", "))), got \"\(name)\"")
            }
        }
        sym.finish()

        let r = top.subtable("risk")
        let maxPosition = r.positiveInteger("max_position").map(Double.init)
        let maxPositionNotional = r.number("max_position_notional")
        let maxOrderQty = r.positiveInteger("max_order_qty").map(Double.init)
        let maxNotional = r.number("max_notional")
        let maxGross = r.number("max_gross_exposure")
        let maxPerMinute = r.positiveInteger("max_orders_per_minute")
        let dailyLoss = r.number("daily_loss_limit", expected: "a positive amount (the loss that halts trading)")
        let collar = r.number("price_collar_pct", expected: "a percentage between 0 and 100 (e.g. 5 for 5%)",
                              valid: { $0 > 0 && $0 <= 100 })
        var hours: TradingHours?
        if let text = r.string("trading_hours", default: nil, expected: "\"HH:MM-HH:MM\" such as \"09:30-16:00\"") {
            hours = TradingHours(parsing: text, timeZone: timeZone)
            if hours == nil {
                problems.add("risk.trading_hours", "expected \"HH:MM-HH:MM\" such as \"09:30-16:00\", got \"\(text)\"")
            }
        }
        if let days = r.stringArray("trading_days", expected: "an array of weekdays such as [\"mon\", \"tue\"]") {
            let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            var set: Set<Int> = []
            for day in days {
                if let i = names.firstIndex(of: String(day.lowercased().prefix(3))) {
                    set.insert(i + 1)
                } else {
                    problems.add("risk.trading_days", "expected weekdays among \(names.joined(separator: ", ")), "
                        + "got \"\(day)\"")
                }
            }
            if let h = hours {
                hours = TradingHours(openMinute: h.openMinute, closeMinute: h.closeMinute, timeZone: h.timeZone,
                                     weekdays: set)
            } else {
                problems.add("risk.trading_days", "expected risk.trading_hours to be set as well")
            }
        }
        let flatten = r.bool("flatten_on_halt", default: true)
        r.finish()

        if live.enabled {
            let required: [(String, Any?)] = [
                ("max_position", maxPosition), ("max_order_qty", maxOrderQty), ("max_notional", maxNotional),
                ("daily_loss_limit", dailyLoss),
            ]
            for (name, value) in required where value == nil && root["risk"]?.table?[name] == nil {
                problems.add("risk.\(name)", "expected a positive number: required when live.enabled = true")
            }
        }

        let m = top.subtable("models")
        let registry = m.nonEmptyString("registry", default: "models", expected: "a directory path") ?? "models"
        let margin = m.number("promote_margin", expected: "a number >= 0", valid: { $0 >= 0 && $0.isFinite }) ?? 0
        let metricsExpected = "one of " + ModelsConfig.promotableMetrics.map { "\"\($0)\"" }.joined(separator: ", ")
        var promoteMetric = "sharpe"
        if let name = m.string("promote_metric", default: nil, expected: metricsExpected) {
            if ModelsConfig.promotableMetrics.contains(name) {
                promoteMetric = name
            } else {
                problems.add("models.promote_metric", "expected \(metricsExpected), got \"\(name)\"")
            }
        }
        let minTrades = m.integer("min_trades", default: 5, in: 0...1_000_000, expected: "an integer >= 0") ?? 5
        let maxDrawdown = m.number("max_drawdown_pct", expected: "a percentage between 0 and 100 (e.g. 30)",
                                   valid: { $0 > 0 && $0 <= 100 }) ?? 30
        let minAUC = m.number("min_auc", expected: "a number between 0 and 1 (e.g. 0.5)",
                              valid: { $0 >= 0 && $0 <= 1 }) ?? 0.5
        m.finish()

        let rt = top.subtable("retrain")
        var retrain = RetrainConfig()
        let kindExpected = "one of " + RetrainModelKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if let name = rt.string("model", default: nil, expected: kindExpected) {
            if let kind = RetrainModelKind(rawValue: name) {
                retrain.model = kind
            } else {
                problems.add("retrain.model", "expected \(kindExpected), got \"\(name)\"")
            }
        }
        retrain.ensembleSize = rt.integer("ensemble_size", default: retrain.ensembleSize, in: 1...64,
                                          expected: "an integer between 1 and 64") ?? retrain.ensembleSize
        retrain.epochs = rt.integer("epochs", default: retrain.epochs, in: 1...100_000, expected: "a positive integer")
            ?? retrain.epochs
        retrain.patience = rt.integer("patience", default: retrain.patience, in: 0...100_000,
                                      expected: "an integer >= 0") ?? retrain.patience
        func layers(_ key: String, allowEmpty: Bool) -> [Int]? {
            let expected = "an array of positive layer sizes such as [64, 32]"
            guard let value = rt.table?[key] else { return nil }
            rt.accept(key)
            guard let array = value.array else {
                problems.add("retrain.\(key)", "expected \(expected), got \(ConfigReader.describe(value))")
                return nil
            }
            let sizes = array.map { $0.int ?? 0 }
            if sizes.contains(where: { $0 < 1 }) || (!allowEmpty && sizes.isEmpty) {
                problems.add("retrain.\(key)", "expected \(expected), got \(ConfigReader.describe(value))")
                return nil
            }
            return sizes
        }
        retrain.units = layers("units", allowEmpty: false) ?? retrain.units
        retrain.dense = layers("dense", allowEmpty: true) ?? retrain.dense
        retrain.sequence = rt.integer("sequence", default: retrain.sequence, in: 1...10_000,
                                      expected: "a positive number of bars") ?? retrain.sequence
        retrain.horizon = rt.integer("horizon", default: retrain.horizon, in: 1...10_000,
                                     expected: "a positive number of bars") ?? retrain.horizon
        retrain.testBars = rt.integer("test_bars", default: retrain.testBars, in: 10...10_000_000,
                                      expected: "a number of bars >= 10") ?? retrain.testBars
        retrain.trainBars = rt.integer("train_bars", default: retrain.trainBars, in: 0...100_000_000,
                                       expected: "a number of bars >= 0 (0 = all)") ?? retrain.trainBars
        retrain.threshold = rt.number("threshold", expected: "a number between 0 and 1 (e.g. 0.04)",
                                      valid: { $0 >= 0 && $0 < 1 }) ?? retrain.threshold
        retrain.seed = rt.integer("seed", default: retrain.seed, in: 0...Int.max, expected: "an integer >= 0")
            ?? retrain.seed
        rt.finish()

        let d = top.subtable("data")
        var source = DataSource.csv
        let sourceExpected = "one of " + DataSource.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if let name = d.string("source", default: nil, expected: sourceExpected) {
            if let parsed = DataSource(rawValue: name) {
                source = parsed
            } else {
                problems.add("data.source", "expected \(sourceExpected), got \"\(name)\"")
            }
        }
        let dataDir = d.nonEmptyString("dir", default: "data", expected: "a directory path") ?? "data"
        let barSize = d.nonEmptyString("bar_size", default: "1 day", expected: "a bar size such as \"1 day\"")
            ?? "1 day"
        let historyDays = d.integer("history_days", default: 365, in: 1...36500,
                                    expected: "a positive number of days") ?? 365
        d.finish()
        top.finish()

        if !problems.list.isEmpty { throw LunarConfigError(file: file, problems: problems.list) }

        let limits = RiskLimits(
            maxPosition: maxPosition, maxPositionNotional: maxPositionNotional, maxOrderQuantity: maxOrderQty,
            maxOrderNotional: maxNotional, maxGrossExposure: maxGross, maxOrdersPerMinute: maxPerMinute,
            dailyLossLimit: dailyLoss, priceCollar: collar.map { $0 / 100 }, tradingHours: hours,
            flattenOnHalt: flatten, allowedSymbols: universe.isEmpty ? nil : Set(universe),
            symbolLimits: symbolLimits, timeZone: timeZone)
        return LunarConfig(
            baseDirectory: baseDirectory, stateDirectory: resolve(stateDir), timeZone: timeZone,
            connection: connection, live: live, risk: limits, symbols: symbols,
            models: ModelsConfig(registry: resolve(registry), promoteMargin: margin, promoteMetric: promoteMetric,
                                 minTrades: minTrades, maxDrawdownPct: maxDrawdown, minAUC: minAUC),
            data: DataConfig(source: source, directory: resolve(dataDir), barSize: barSize, historyDays: historyDays),
            retrain: retrain)
    }
}
