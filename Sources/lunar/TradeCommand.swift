import ArgumentParser
import Foundation
import LuaBindings
import LuaRuntime
import REPL
import Trading

/// `lunar trade STRATEGY.lua --mode backtest|sim|paper|live`: runs one strategy file through the trading runtime.
struct Trade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a strategy in backtest, sim, paper or live mode, with the risk limits of lunar.toml.",
        discussion: """
            Modes:
              backtest  bars from --data or [data] dir; next-bar-open fills, costs on
              sim       an in-process TWS simulator over the same data, one bar per step
              paper     the TWS, IB Gateway or `lunar sim` at [connection] (paper ports)
              live      real money: refused unless [live] enabled = true
            Every order passes the risk manager and, in sim/paper/live, the journal first.
            Exit status: 0 done, 1 strategy or set-up error, 2 usage or config error,
            3 emergency stop (lunar halt, SIGUSR1, state_dir/KILL).
            """)

    @Argument(help: "The strategy file (returns a table of callbacks; see docs/trading-runtime.md).")
    var strategy: String

    @Option(help: "backtest, sim, paper or live.")
    var mode: String = "backtest"

    @Option(help: "The configuration (default: LUNAR_CONFIG, else ./lunar.toml when present, else defaults).")
    var config: String?

    @Option(help: "FILE.csv, SYMBOL=FILE.csv (repeatable) or 'synthetic'.")
    var data: [String] = []

    @Option(help: "Symbols, comma-separated (default: the strategy's, the data's, or [symbols] universe).")
    var symbols: String?

    @Option(name: .customLong("bar-size"), help: "Bar size, e.g. '1 min' (sim/paper/live; default [data] bar_size).")
    var barSize: String?

    @Option(help: "Starting cash.")
    var cash: Double?

    @Option(name: .customLong("max-bars"), help: "Stop after this many bars.")
    var maxBars: Int?

    @Option(help: "Bars of history to load before the first event (sim/paper/live).")
    var warmup: Int?

    @Option(name: .customLong("spread-bps"), help: "Backtest half-spread in basis points (default 1).")
    var spreadBps: Double?

    @Option(help: "Paper/live: end after this many seconds without any event.")
    var timeout: Double?

    @Flag(name: .customLong("flatten-on-error"), help: "Also flatten positions when the strategy fails.")
    var flattenOnError = false

    func validate() throws {
        guard TradingMode(rawValue: mode) != nil else {
            throw ValidationError("--mode must be backtest, sim, paper or live (got '\(mode)')")
        }
        guard FileManager.default.fileExists(atPath: strategy) else {
            throw ValidationError("no strategy file '\(strategy)'")
        }
    }

    func run() throws {
        // The config is checked before anything starts: every problem at once, exit 2.
        do {
            try TradeBindingSupport.config(path: config).checkAllowed(mode: TradingMode(rawValue: mode)!)
        } catch {
            FileHandle.standardError.write(Data("lunar trade: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var fields = ["mode = \(lua(mode))"]
        if let config { fields.append("config = \(lua(config))") }
        if data == ["synthetic"] {
            fields.append("data = 'synthetic'")
        } else if !data.isEmpty {
            var entries: [String] = []
            for d in data {
                if let eq = d.firstIndex(of: "=") {
                    entries.append("[ \(lua(String(d[..<eq]).uppercased())) ] = \(lua(String(d[d.index(after: eq)...])))")
                } else {
                    entries.append("[ \(lua(symbolOf(file: d))) ] = \(lua(d))")
                }
            }
            fields.append("data = {\(entries.joined(separator: ", "))}")
        }
        if let symbols {
            let list = symbols.split(separator: ",").map { lua(String($0).trimmingCharacters(in: .whitespaces)) }
            fields.append("symbols = {\(list.joined(separator: ", "))}")
        }
        if let barSize { fields.append("bar_size = \(lua(barSize))") }
        if let cash { fields.append("cash = \(cash)") }
        if let maxBars { fields.append("max_bars = \(maxBars)") }
        if let warmup { fields.append("warmup = \(warmup)") }
        if let spreadBps { fields.append("spread_bps = \(spreadBps)") }
        if let timeout { fields.append("timeout = \(timeout)") }
        if flattenOnError { fields.append("flatten_on_error = true") }
        let code = """
            local strategy = require("lunar.strategy")
            local summary = strategy.run(\(lua(strategy)), {\(fields.joined(separator: ", "))})
            strategy.print_summary(summary)
            LUNAR_TRADE_EXIT = summary.exit_status
            """
        let state: LuaState
        do {
            state = try LunarHost.makeState()
        } catch {
            FileHandle.standardError.write(Data("lunar: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let runner = ScriptRunner(state: state)
        runner.setArgTable(interpreterArguments: [CommandLine.arguments[0]], script: strategy, scriptArguments: [])
        guard runner.runString(code, name: "=lunar trade") else { throw ExitCode(1) }
        switch state.global("LUNAR_TRADE_EXIT") {
        case .integer(let status) where status != 0: throw ExitCode(Int32(status))
        case .number(let status) where status != 0: throw ExitCode(Int32(status))
        default: return
        }
    }
}

/// A Lua string literal in long brackets (no escaping needed).
func lua(_ s: String) -> String {
    var level = ""
    while s.contains("]\(level)]") { level += "=" }
    return "[\(level)[\(s)]\(level)]"
}

/// `lunar halt`: the emergency stop from outside the running strategy.
struct Halt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Emergency stop: every running strategy cancels its orders, flattens within 1 s and exits with 3.",
        discussion: """
            Writes the KILL file in the config's state_dir; running sessions poll it every 50 ms. The file stays until
            `lunar halt --clear`, so a restarted strategy stops again instead of trading. (kill -USR1 PID does the same
            for one process.)
            """)

    @Option(help: "The configuration (default: LUNAR_CONFIG, else ./lunar.toml, else defaults).")
    var config: String?

    @Option(help: "Why, for the journal.")
    var reason: String = "lunar halt"

    @Flag(help: "Remove the KILL file so strategies may start again.")
    var clear = false

    func run() throws {
        let loaded: LunarConfig
        do { loaded = try TradeBindingSupport.config(path: config) } catch {
            FileHandle.standardError.write(Data("lunar halt: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let url = loaded.stateDirectory.appendingPathComponent(EmergencyStop.killFileName)
        if clear {
            try EmergencyStop.clearHalt(stateDirectory: loaded.stateDirectory)
            print("cleared \(url.path)")
        } else {
            try EmergencyStop.requestHalt(stateDirectory: loaded.stateDirectory, reason: reason)
            print("halt requested: \(url.path)")
        }
    }
}

/// `lunar journal [--day D]`: a day's orders, fills, risk events and PnL from the journal.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Print a trading day's activity and PnL from state_dir/journal.sqlite.")

    @Option(help: "The configuration (default: LUNAR_CONFIG, else ./lunar.toml, else defaults).")
    var config: String?

    @Option(help: "The trading day, YYYY-MM-DD (default: today in the config's time zone).")
    var day: String?

    @Option(help: "Another journal file (e.g. state/journal-sim.sqlite).")
    var file: String?

    func run() throws {
        let loaded: LunarConfig
        do { loaded = try TradeBindingSupport.config(path: config) } catch {
            FileHandle.standardError.write(Data("lunar journal: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let day, day.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            FileHandle.standardError.write(Data("lunar journal: --day must be YYYY-MM-DD (got '\(day)')\n".utf8))
            throw ExitCode(2)
        }
        let url = file.map { URL(fileURLWithPath: $0) } ?? loaded.journalURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            FileHandle.standardError.write(Data("lunar journal: no journal at \(url.path) (nothing traded yet?)\n".utf8))
            throw ExitCode(1)
        }
        let journal = try Journal(url: url, timeZone: loaded.timeZone)
        defer { journal.close() }
        print(try journal.daySummary(day: day), terminator: "")
    }
}
