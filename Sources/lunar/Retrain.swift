import ArgumentParser
import Foundation
import LuaRuntime

/// `lunar retrain`: runs `daily_retrain.lua` (found like the stdlib) with the same arguments.
struct Retrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retrain, evaluate and (if better) promote a model per symbol of lunar.toml.",
        discussion: """
            Runs daily_retrain.lua (scripts/ in the source tree, share/lunar/scripts/ when installed). Per symbol: \
            refresh data, train a candidate, evaluate it and the deployed model on the same most recent \
            out-of-sample window (after costs), and promote it only if the [models] policy says so. Writes \
            state_dir/reports/retrain-<time>.{md,json}. See docs/retrain-and-deploy.md.

            Exit status: 0 every symbol ran (promoted or kept), 1 some symbol failed (the others were still \
            processed), 2 usage or configuration error.
            """)

    @Option(help: "The configuration file (default: $LUNAR_CONFIG, else lunar.toml).")
    var config: String?

    @Flag(help: "Train and evaluate, but register, promote and write nothing except the report on stdout.")
    var dryRun = false

    @Option(help: ArgumentHelp("Only the symbols whose index (sorted, from 0) mod n is i-1.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Only these symbols (comma-separated).", valueName: "A,B"))
    var symbols: String?

    @Option(help: ArgumentHelp("Run this script instead of the installed daily_retrain.lua.", valueName: "path"))
    var script: String?

    func validate() throws {
        if let shard { _ = try Self.parseShard(shard) }
        if let symbols, symbols.split(separator: ",").isEmpty { throw ValidationError("--symbols: no symbol given") }
    }

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard: expected i/n with 1 <= i <= n (e.g. 1/4), got '\(text)'")
        }
        return (i, n)
    }

    /// Where `daily_retrain.lua` is looked for: beside each stdlib candidate (`…/stdlib` → `…/scripts`).
    static func scriptCandidates() -> [String] {
        StdlibLoader.candidates().map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("scripts/daily_retrain.lua")
                .standardized.path
        }
    }

    func run() throws {
        let candidates = Self.scriptCandidates()
        guard let path = script ?? candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            FileHandle.standardError.write(Data("lunar: cannot find daily_retrain.lua; searched: \(candidates.joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        var arguments: [String] = []
        if let config { arguments += ["--config", config] }
        if dryRun { arguments.append("--dry-run") }
        if let shard { arguments += ["--shard", shard] }
        if let symbols { arguments += ["--symbols", symbols] }
        try Host.run(script: path, arguments: arguments, execute: [], libraries: [], interactive: false,
                     ignoreEnvironment: false, showedVersion: false)
    }
}
