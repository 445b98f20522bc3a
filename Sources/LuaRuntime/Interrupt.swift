import CLuaShims

/// Ctrl-C handling shared by Lua code and long Swift loops.
///
/// While Lua code runs, SIGINT sets a flag and a hook that raises `interrupted!` at the next Lua instruction (as
/// lua.c does) and stays armed so `pcall` cannot swallow it. Long Swift work polls ``check()`` between units of
/// work (a batch, a bar, a sweep point) and throws ``LuaInterrupted``; the host turns that into the same error.
public enum Interrupt {
    /// True once Ctrl-C was pressed and until the host clears it back at the prompt.
    @inline(__always)
    public static var isRequested: Bool { lunar_interrupt_requested() != 0 }

    /// Throws ``LuaInterrupted`` when Ctrl-C was pressed. Cheap enough to call once per inner iteration.
    @inline(__always)
    public static func check() throws {
        if lunar_interrupt_requested() != 0 { throw LuaInterrupted() }
    }

    /// Requests an interrupt as if Ctrl-C had been pressed (tests, time-outs).
    public static func request() { lunar_interrupt_request() }

    /// Clears a pending interrupt and removes the hook.
    public static func clear() { lunar_interrupt_clear() }
}
