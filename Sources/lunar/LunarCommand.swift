import ArgumentParser
import LuaBindings

/// `lunar`: the Lua 5.4 host for trading research.
struct LunarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lunar",
        abstract: "Lunar: Lua 5.4 for trading research, with Swift doing the heavy work.",
        discussion: """
            Keeps the habits of the `lua` interpreter:
              lunar                      start the REPL (Tab completes, help() documents, Ctrl-D exits)
              lunar FILE.lua [ARGS...]   run a script (ARGS in the global `arg` and in `...`)
              lunar run FILE.lua [ARGS]  the same, spelled out
              lunar -e CODE              run CODE;  -l MOD requires MOD;  -i enters the REPL afterwards
              lunar -                    run standard input (also when stdin is not a terminal)
              lunar sim [--port 7497]    a paper TWS simulator on loopback
              lunar notebook run NB.lua  run a notebook, write NB.html (--ipynb NB.ipynb)
              lunar trade S.lua --mode M run a strategy: backtest, sim, paper or live (lunar.toml limits)
              lunar halt / lunar journal emergency stop; a day's orders, fills and PnL
              lunar bench SUITE          measure (host, ta, backtest, book, lstm, tws; see BENCHMARKS.md)
              lunar retrain [--dry-run] [--shard i/n]   retrain, evaluate, promote models (lunar.toml)
              lunar models list|rollback  the versioned model registry
            Exit status: 0 success, 1 script error, 2 usage error.
            Environment: LUNAR_PATH (stdlib directory), LUNAR_INIT (code or @file run first),
            LUNAR_HISTORY (REPL history file, default ~/.lunar_history).
            """,
        version: LunarRegistry.version,
        subcommands: [Interpret.self, Run.self, Bench.self, Sim.self, NotebookCommand.self, Trade.self, Halt.self,
                      JournalCommand.self, Retrain.self, ModelsCommand.self],
        defaultSubcommand: Interpret.self
    )
}
