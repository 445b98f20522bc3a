import LuaRuntime

/// REPL-only conveniences. Scripts keep a clean global table; the REPL adds `help` and `who`.
public enum REPLSetup {
    /// Defines the globals `help` and `who` (aliases of `lunar.help` and `lunar.who`).
    public static func installHelpers(_ state: LuaState) {
        _ = try? state.execute("help = lunar.help; who = lunar.who", name: "=(repl)")
    }
}
