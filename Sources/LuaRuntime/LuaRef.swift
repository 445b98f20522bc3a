import CLua
import CLuaShims

/// A Swift-held reference to a Lua value (a callback, a table), kept alive in the registry.
///
/// Release may happen anywhere, including inside a Lua finalizer when the owner is a Swift object boxed as
/// userdata; so `deinit` only queues the `luaL_unref`, which the state runs at its next safe point.
public final class LuaRef {
    weak var state: LuaState?
    let ref: Int32

    init(state: LuaState, ref: Int32) {
        self.state = state
        self.ref = ref
        state.liveReferenceCount += 1
    }

    deinit {
        guard let state else { return }
        state.liveReferenceCount -= 1
        state.pendingUnrefs.append(ref)
    }

    /// The raw main thread of the owning state (to find the `LuaState` from a callback context).
    public var stateL: OpaquePointer { state!.mainThread }

    /// Pushes the referenced value.
    public func push() {
        guard let state else { return }
        lua_rawgeti(state.L, LUA_REGISTRYINDEX, lua_Integer(ref))
    }

    /// Calls the referenced function with copied arguments and returns copies of its results.
    /// Lua errors come back as ``LuaError/runtime(message:traceback:)``.
    @discardableResult
    public func call(_ arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        guard let state else { throw LuaError.runtime(message: "Lua state is closed", traceback: "") }
        let base = state.top
        push()
        for a in arguments { state.push(a) }
        try state.call(nargs: Int32(arguments.count))
        defer { state.top = base }
        return (base + 1..<state.top + 1).map { state.value(at: $0) }
    }
}
