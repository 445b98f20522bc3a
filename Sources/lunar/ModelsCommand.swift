import ArgumentParser
import Foundation
import Trading

/// `lunar models list|rollback`: the versioned model registry of lunar.toml's `[models] registry`.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List model versions, or roll a symbol back to an earlier one.",
        subcommands: [List.self, Rollback.self])

    /// Loads the configuration; a bad file is a usage error (exit 2).
    static func loadConfig(_ path: String?) throws -> LunarConfig {
        let file = path ?? ProcessInfo.processInfo.environment["LUNAR_CONFIG"] ?? LunarConfig.defaultFileName
        do { return try LunarConfig.load(path: file) } catch {
            FileHandle.standardError.write(Data("lunar: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    static func fail(_ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("lunar: \(error)\n".utf8))
        return ExitCode(1)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every version of SYMBOL (or of every symbol), oldest first; * marks the deployed one.")

        @Option(help: "The configuration file (default: $LUNAR_CONFIG, else lunar.toml).")
        var config: String?

        @Argument(help: "The symbol (default: every symbol in the registry).")
        var symbol: String?

        func run() throws {
            let registry = ModelRegistry(config: try ModelsCommand.loadConfig(config))
            let symbols = symbol.map { [$0] } ?? registry.symbols()
            if symbols.isEmpty { print("no models in \(registry.root.path)") }
            do {
                for s in symbols {
                    let versions = try registry.versions(symbol: s)
                    print("\(s): \(versions.count) version\(versions.count == 1 ? "" : "s")"
                        + (versions.isEmpty ? "" : ", deployed \(try registry.deployed(symbol: s)?.version ?? "none")"))
                    for v in versions {
                        func m(_ k: String, _ f: String) -> String { v.metrics[k].map { String(format: f, $0) } ?? "-" }
                        print(String(format: "  %@ %@  %-9@ sharpe %@  return %@%%  maxdd %@%%  trades %@  auc %@%@",
                                     v.status == .deployed ? "*" : " ", v.version, v.status.rawValue,
                                     m("sharpe", "%.3f"), m("return_pct", "%.2f"), m("max_drawdown_pct", "%.2f"),
                                     m("trades", "%.0f"), m("auc", "%.3f"), v.note.map { "  (\($0))" } ?? ""))
                    }
                }
            } catch { throw ModelsCommand.fail(error) }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy an earlier version of SYMBOL: --to VERSION, or the one deployed before the current.",
            discussion: "The version's file is loaded (checksum) before it is deployed; the change is journaled.")

        @Argument(help: "The symbol.")
        var symbol: String

        @Option(help: "The version to deploy (see `lunar models list SYMBOL`).")
        var to: String?

        @Option(help: "The configuration file (default: $LUNAR_CONFIG, else lunar.toml).")
        var config: String?

        func run() throws {
            let cfg = try ModelsCommand.loadConfig(config)
            do {
                let journal = try Journal(config: cfg)
                defer { journal.close() }
                let registry = ModelRegistry(config: cfg, journal: journal)
                let before = try registry.deployed(symbol: symbol)?.version
                let now = try registry.rollback(symbol: symbol, to: to, reason: "lunar models rollback")
                print("\(symbol): deployed \(now.version) (was \(before ?? "none"))")
            } catch { throw ModelsCommand.fail(error) }
        }
    }
}
